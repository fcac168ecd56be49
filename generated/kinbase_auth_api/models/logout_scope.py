from typing import Literal

LogoutScope = Literal["global", "local", "others"]

LOGOUT_SCOPE_VALUES: set[LogoutScope] = {
    "global",
    "local",
    "others",
}


def check_logout_scope(value: str) -> LogoutScope:
    if value in LOGOUT_SCOPE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {LOGOUT_SCOPE_VALUES!r}")
