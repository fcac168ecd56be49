from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.merge_patch_data import MergePatchData
    from ..models.merge_patch_permissions import MergePatchPermissions


T = TypeVar("T", bound="MergePatch")


@_attrs_define
class MergePatch:
    """`application/merge-patch+json` body (RFC 7396) for any resource: `data` is merged recursively, `null` deletes a key;
    in `permissions`, a list replaces that permission's principals and `null` removes it.

    """

    data: MergePatchData | Unset = UNSET
    permissions: MergePatchPermissions | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] | Unset = UNSET
        if not isinstance(self.data, Unset):
            data = self.data.to_dict()

        permissions: dict[str, Any] | Unset = UNSET
        if not isinstance(self.permissions, Unset):
            permissions = self.permissions.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if data is not UNSET:
            field_dict["data"] = data
        if permissions is not UNSET:
            field_dict["permissions"] = permissions

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.merge_patch_data import MergePatchData  # noqa: PLC0415
        from ..models.merge_patch_permissions import MergePatchPermissions  # noqa: PLC0415

        d = dict(src_dict)
        _data = d.pop("data", UNSET)
        data: MergePatchData | Unset
        if isinstance(_data, Unset):
            data = UNSET
        else:
            data = MergePatchData.from_dict(_data)

        _permissions = d.pop("permissions", UNSET)
        permissions: MergePatchPermissions | Unset
        if isinstance(_permissions, Unset):
            permissions = UNSET
        else:
            permissions = MergePatchPermissions.from_dict(_permissions)

        merge_patch = cls(
            data=data,
            permissions=permissions,
        )

        return merge_patch
