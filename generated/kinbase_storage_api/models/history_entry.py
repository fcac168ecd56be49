from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.history_entry_action import HistoryEntryAction, check_history_entry_action
from ..models.history_entry_resource_name import (
    HistoryEntryResourceName,
    check_history_entry_resource_name,
)
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.history_entry_target import HistoryEntryTarget


T = TypeVar("T", bound="HistoryEntry")


@_attrs_define
class HistoryEntry:
    """One change in a bucket."""

    id: str
    last_modified: int
    uri: str
    """ Path of the changed object (without `/v1`). """
    action: HistoryEntryAction
    date: str
    """ ISO 8601 date of the change. """
    resource_name: HistoryEntryResourceName
    user_id: str
    """ Prefixed id of the author. """
    target: HistoryEntryTarget
    """ The object after the change: `{data, permissions}`. """
    bucket_id: str | Unset = UNSET
    collection_id: str | Unset = UNSET
    group_id: str | Unset = UNSET
    record_id: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        last_modified = self.last_modified

        uri = self.uri

        action: str = self.action

        date = self.date

        resource_name: str = self.resource_name

        user_id = self.user_id

        target = self.target.to_dict()

        bucket_id = self.bucket_id

        collection_id = self.collection_id

        group_id = self.group_id

        record_id = self.record_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "last_modified": last_modified,
                "uri": uri,
                "action": action,
                "date": date,
                "resource_name": resource_name,
                "user_id": user_id,
                "target": target,
            }
        )
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
        from ..models.history_entry_target import HistoryEntryTarget  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        last_modified = d.pop("last_modified")

        uri = d.pop("uri")

        action = check_history_entry_action(d.pop("action"))

        date = d.pop("date")

        resource_name = check_history_entry_resource_name(d.pop("resource_name"))

        user_id = d.pop("user_id")

        target = HistoryEntryTarget.from_dict(d.pop("target"))

        bucket_id = d.pop("bucket_id", UNSET)

        collection_id = d.pop("collection_id", UNSET)

        group_id = d.pop("group_id", UNSET)

        record_id = d.pop("record_id", UNSET)

        history_entry = cls(
            id=id,
            last_modified=last_modified,
            uri=uri,
            action=action,
            date=date,
            resource_name=resource_name,
            user_id=user_id,
            target=target,
            bucket_id=bucket_id,
            collection_id=collection_id,
            group_id=group_id,
            record_id=record_id,
        )

        history_entry.additional_properties = d
        return history_entry

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
