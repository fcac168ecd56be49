from typing import Literal

BatchMethod = Literal["DELETE", "GET", "HEAD", "PATCH", "POST", "PUT", "TRACE"]

BATCH_METHOD_VALUES: set[BatchMethod] = {
    "DELETE",
    "GET",
    "HEAD",
    "PATCH",
    "POST",
    "PUT",
    "TRACE",
}


def check_batch_method(value: str) -> BatchMethod:
    if value in BATCH_METHOD_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {BATCH_METHOD_VALUES!r}")
