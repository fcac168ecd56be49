from typing import Literal

FactorType = Literal["phone", "totp", "webauthn"]

FACTOR_TYPE_VALUES: set[FactorType] = {
    "phone",
    "totp",
    "webauthn",
}


def check_factor_type(value: str) -> FactorType:
    if value in FACTOR_TYPE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {FACTOR_TYPE_VALUES!r}")
