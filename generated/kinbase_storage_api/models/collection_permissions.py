from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="CollectionPermissions")


@_attrs_define
class CollectionPermissions:
    """Permissions of a collection: permission name -> principals. Only the permissions the caller may see are returned
    (`{}` for readers). Unknown permission names are refused (400).

    """

    read: list[str] | Unset = UNSET
    """ Principals granted `read`. """
    write: list[str] | Unset = UNSET
    """ Principals granted `write`. """
    recordcreate: list[str] | Unset = UNSET
    """ Principals granted `record:create`. """

    def to_dict(self) -> dict[str, Any]:
        read: list[str] | Unset = UNSET
        if not isinstance(self.read, Unset):
            read = self.read

        write: list[str] | Unset = UNSET
        if not isinstance(self.write, Unset):
            write = self.write

        recordcreate: list[str] | Unset = UNSET
        if not isinstance(self.recordcreate, Unset):
            recordcreate = self.recordcreate

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if read is not UNSET:
            field_dict["read"] = read
        if write is not UNSET:
            field_dict["write"] = write
        if recordcreate is not UNSET:
            field_dict["record:create"] = recordcreate

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        read = cast(list[str], d.pop("read", UNSET))

        write = cast(list[str], d.pop("write", UNSET))

        recordcreate = cast(list[str], d.pop("record:create", UNSET))

        collection_permissions = cls(
            read=read,
            write=write,
            recordcreate=recordcreate,
        )

        return collection_permissions
