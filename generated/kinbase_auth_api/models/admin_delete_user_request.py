from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="AdminDeleteUserRequest")


@_attrs_define
class AdminDeleteUserRequest:
    should_soft_delete: bool | Unset = UNSET
    """ Soft-delete (keep the row, obfuscate its data) instead of removing it. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        should_soft_delete = self.should_soft_delete

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if should_soft_delete is not UNSET:
            field_dict["should_soft_delete"] = should_soft_delete

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        should_soft_delete = d.pop("should_soft_delete", UNSET)

        admin_delete_user_request = cls(
            should_soft_delete=should_soft_delete,
        )

        admin_delete_user_request.additional_properties = d
        return admin_delete_user_request

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
