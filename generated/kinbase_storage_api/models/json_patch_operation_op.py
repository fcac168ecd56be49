from typing import Literal

JsonPatchOperationOp = Literal["add", "copy", "move", "remove", "replace", "test"]

JSON_PATCH_OPERATION_OP_VALUES: set[JsonPatchOperationOp] = {
    "add",
    "copy",
    "move",
    "remove",
    "replace",
    "test",
}


def check_json_patch_operation_op(value: str) -> JsonPatchOperationOp:
    if value in JSON_PATCH_OPERATION_OP_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {JSON_PATCH_OPERATION_OP_VALUES!r}")
