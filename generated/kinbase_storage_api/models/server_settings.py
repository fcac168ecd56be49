from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ServerSettings")


@_attrs_define
class ServerSettings:
    """Public settings."""

    readonly: bool
    batch_max_requests: int
    """ Sub-requests allowed per batch. """
    explicit_permissions: bool | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        readonly = self.readonly

        batch_max_requests = self.batch_max_requests

        explicit_permissions = self.explicit_permissions

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "readonly": readonly,
                "batch_max_requests": batch_max_requests,
            }
        )
        if explicit_permissions is not UNSET:
            field_dict["explicit_permissions"] = explicit_permissions

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        readonly = d.pop("readonly")

        batch_max_requests = d.pop("batch_max_requests")

        explicit_permissions = d.pop("explicit_permissions", UNSET)

        server_settings = cls(
            readonly=readonly,
            batch_max_requests=batch_max_requests,
            explicit_permissions=explicit_permissions,
        )

        server_settings.additional_properties = d
        return server_settings

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
