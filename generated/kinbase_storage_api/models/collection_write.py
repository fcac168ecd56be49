from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.collection_data import CollectionData
    from ..models.collection_permissions import CollectionPermissions


T = TypeVar("T", bound="CollectionWrite")


@_attrs_define
class CollectionWrite:
    """Request body writing a collection."""

    data: CollectionData | Unset = UNSET
    """ Fields of a collection to write. `id` is optional (taken from the URL, generated on POST); a `last_modified`
    is kept only if it is an integer greater than the current one. Any other field is stored as is. """
    permissions: CollectionPermissions | Unset = UNSET
    """ Permissions of a collection: permission name -> principals. Only the permissions the caller may see are
    returned (`{}` for readers). Unknown permission names are refused (400). """

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
        from ..models.collection_data import CollectionData  # noqa: PLC0415
        from ..models.collection_permissions import CollectionPermissions  # noqa: PLC0415

        d = dict(src_dict)
        _data = d.pop("data", UNSET)
        data: CollectionData | Unset
        if isinstance(_data, Unset):
            data = UNSET
        else:
            data = CollectionData.from_dict(_data)

        _permissions = d.pop("permissions", UNSET)
        permissions: CollectionPermissions | Unset
        if isinstance(_permissions, Unset):
            permissions = UNSET
        else:
            permissions = CollectionPermissions.from_dict(_permissions)

        collection_write = cls(
            data=data,
            permissions=permissions,
        )

        return collection_write
