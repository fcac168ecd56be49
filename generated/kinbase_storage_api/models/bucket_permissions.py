from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="BucketPermissions")


@_attrs_define
class BucketPermissions:
    """Permissions of a bucket: permission name -> principals. Only the permissions the caller may see are returned (`{}`
    for readers). Unknown permission names are refused (400).

    """

    read: list[str] | Unset = UNSET
    """ Principals granted `read`. """
    write: list[str] | Unset = UNSET
    """ Principals granted `write`. """
    collectioncreate: list[str] | Unset = UNSET
    """ Principals granted `collection:create`. """
    groupcreate: list[str] | Unset = UNSET
    """ Principals granted `group:create`. """

    def to_dict(self) -> dict[str, Any]:
        read: list[str] | Unset = UNSET
        if not isinstance(self.read, Unset):
            read = self.read

        write: list[str] | Unset = UNSET
        if not isinstance(self.write, Unset):
            write = self.write

        collectioncreate: list[str] | Unset = UNSET
        if not isinstance(self.collectioncreate, Unset):
            collectioncreate = self.collectioncreate

        groupcreate: list[str] | Unset = UNSET
        if not isinstance(self.groupcreate, Unset):
            groupcreate = self.groupcreate

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if read is not UNSET:
            field_dict["read"] = read
        if write is not UNSET:
            field_dict["write"] = write
        if collectioncreate is not UNSET:
            field_dict["collection:create"] = collectioncreate
        if groupcreate is not UNSET:
            field_dict["group:create"] = groupcreate

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        read = cast(list[str], d.pop("read", UNSET))

        write = cast(list[str], d.pop("write", UNSET))

        collectioncreate = cast(list[str], d.pop("collection:create", UNSET))

        groupcreate = cast(list[str], d.pop("group:create", UNSET))

        bucket_permissions = cls(
            read=read,
            write=write,
            collectioncreate=collectioncreate,
            groupcreate=groupcreate,
        )

        return bucket_permissions
