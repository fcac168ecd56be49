from typing import Literal

ResponseBehavior = Literal["diff", "full", "light"]

RESPONSE_BEHAVIOR_VALUES: set[ResponseBehavior] = {
    "diff",
    "full",
    "light",
}


def check_response_behavior(value: str) -> ResponseBehavior:
    if value in RESPONSE_BEHAVIOR_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {RESPONSE_BEHAVIOR_VALUES!r}")
