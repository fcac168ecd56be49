from typing import Literal

VerifyType = Literal["email", "email_change", "invite", "magiclink", "phone_change", "recovery", "signup", "sms"]

VERIFY_TYPE_VALUES: set[VerifyType] = {
    "email",
    "email_change",
    "invite",
    "magiclink",
    "phone_change",
    "recovery",
    "signup",
    "sms",
}


def check_verify_type(value: str) -> VerifyType:
    if value in VERIFY_TYPE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {VERIFY_TYPE_VALUES!r}")
