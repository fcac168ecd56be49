from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.group_data import GroupData
    from ..models.group_permissions import GroupPermissions


T = TypeVar("T", bound="GroupWrite")


@_attrs_define
class GroupWrite:
    """Request body writing a group."""

    data: GroupData | Unset = UNSET
    """ Fields of a group to write. `id` is optional (taken from the URL, generated on POST); a `last_modified` is
    kept only if it is an integer greater than the current one. Any other field is stored as is. """
    permissions: GroupPermissions | Unset = UNSET
    """ Permissions of a group: permission name -> principals. Only the permissions the caller may see are returned
    (`{}` for readers). Unknown permission names are refused (400). """

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
        from ..models.group_data import GroupData  # noqa: PLC0415
        from ..models.group_permissions import GroupPermissions  # noqa: PLC0415

        d = dict(src_dict)
        _data = d.pop("data", UNSET)
        data: GroupData | Unset
        if isinstance(_data, Unset):
            data = UNSET
        else:
            data = GroupData.from_dict(_data)

        _permissions = d.pop("permissions", UNSET)
        permissions: GroupPermissions | Unset
        if isinstance(_permissions, Unset):
            permissions = UNSET
        else:
            permissions = GroupPermissions.from_dict(_permissions)

        group_write = cls(
            data=data,
            permissions=permissions,
        )

        return group_write
