from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="PermissionEntry")


@_attrs_define
class PermissionEntry:
    """An object the caller has permissions on. Entries have no `last_modified`; the ids of the object and its parents are
    given.

    """

    uri: str
    """ Object path (without `/v1`); `/` for root. """
    resource_name: str
    """ `root`, `bucket`, `group`, `collection`, `record`, `account`... """
    permissions: list[str]
    """ Permissions held, inherited ones included (e.g. `read:attributes`, `collection:create`). """
    id: str | Unset = UNSET
    bucket_id: str | Unset = UNSET
    collection_id: str | Unset = UNSET
    group_id: str | Unset = UNSET
    record_id: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        uri = self.uri

        resource_name = self.resource_name

        permissions = self.permissions

        id = self.id

        bucket_id = self.bucket_id

        collection_id = self.collection_id

        group_id = self.group_id

        record_id = self.record_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "uri": uri,
                "resource_name": resource_name,
                "permissions": permissions,
            }
        )
        if id is not UNSET:
            field_dict["id"] = id
        if bucket_id is not UNSET:
            field_dict["bucket_id"] = bucket_id
        if collection_id is not UNSET:
            field_dict["collection_id"] = collection_id
        if group_id is not UNSET:
            field_dict["group_id"] = group_id
        if record_id is not UNSET:
            field_dict["record_id"] = record_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        uri = d.pop("uri")

        resource_name = d.pop("resource_name")

        permissions = cast(list[str], d.pop("permissions"))

        id = d.pop("id", UNSET)

        bucket_id = d.pop("bucket_id", UNSET)

        collection_id = d.pop("collection_id", UNSET)

        group_id = d.pop("group_id", UNSET)

        record_id = d.pop("record_id", UNSET)

        permission_entry = cls(
            uri=uri,
            resource_name=resource_name,
            permissions=permissions,
            id=id,
            bucket_id=bucket_id,
            collection_id=collection_id,
            group_id=group_id,
            record_id=record_id,
        )

        permission_entry.additional_properties = d
        return permission_entry

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
