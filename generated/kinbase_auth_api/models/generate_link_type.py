from typing import Literal

GenerateLinkType = Literal["email_change_current", "email_change_new", "invite", "magiclink", "recovery", "signup"]

GENERATE_LINK_TYPE_VALUES: set[GenerateLinkType] = {
    "email_change_current",
    "email_change_new",
    "invite",
    "magiclink",
    "recovery",
    "signup",
}


def check_generate_link_type(value: str) -> GenerateLinkType:
    if value in GENERATE_LINK_TYPE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {GENERATE_LINK_TYPE_VALUES!r}")
