from typing import Literal

ResendType = Literal["email_change", "phone_change", "signup", "sms"]

RESEND_TYPE_VALUES: set[ResendType] = {
    "email_change",
    "phone_change",
    "signup",
    "sms",
}


def check_resend_type(value: str) -> ResendType:
    if value in RESEND_TYPE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {RESEND_TYPE_VALUES!r}")
