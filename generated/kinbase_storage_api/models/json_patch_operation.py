from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.json_patch_operation_op import (
    JsonPatchOperationOp,
    check_json_patch_operation_op,
)
from ..types import UNSET, Unset

T = TypeVar("T", bound="JsonPatchOperation")


@_attrs_define
class JsonPatchOperation:
    """One RFC 6902 operation. `path` and `from` start with `/data/` or `/permissions/`."""

    op: JsonPatchOperationOp
    path: str
    from_: str | Unset = UNSET
    value: Any | Unset = UNSET
    """ Any JSON value (for add, replace, test). """

    def to_dict(self) -> dict[str, Any]:
        op: str = self.op

        path = self.path

        from_ = self.from_

        value = self.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "op": op,
                "path": path,
            }
        )
        if from_ is not UNSET:
            field_dict["from"] = from_
        if value is not UNSET:
            field_dict["value"] = value

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        op = check_json_patch_operation_op(d.pop("op"))

        path = d.pop("path")

        from_ = d.pop("from", UNSET)

        value = d.pop("value", UNSET)

        json_patch_operation = cls(
            op=op,
            path=path,
            from_=from_,
            value=value,
        )

        return json_patch_operation
