from typing import Literal

GrantType = Literal["id_token", "password", "pkce", "refresh_token"]

GRANT_TYPE_VALUES: set[GrantType] = {
    "id_token",
    "password",
    "pkce",
    "refresh_token",
}


def check_grant_type(value: str) -> GrantType:
    if value in GRANT_TYPE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {GRANT_TYPE_VALUES!r}")
