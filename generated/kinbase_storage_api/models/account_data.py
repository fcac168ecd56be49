from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="AccountData")


@_attrs_define
class AccountData:
    """Fields of a account to write. `id` is optional (taken from the URL, generated on POST); a `last_modified` is kept
    only if it is an integer greater than the current one. Any other field is stored as is.

    """

    id: str | Unset = UNSET
    """ The account id. """
    last_modified: int | Unset = UNSET
    password: str | Unset = UNSET
    """ Plain password when writing (required to create or replace); the bcrypt hash when read. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        last_modified = self.last_modified

        password = self.password

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if id is not UNSET:
            field_dict["id"] = id
        if last_modified is not UNSET:
            field_dict["last_modified"] = last_modified
        if password is not UNSET:
            field_dict["password"] = password

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id", UNSET)

        last_modified = d.pop("last_modified", UNSET)

        password = d.pop("password", UNSET)

        account_data = cls(
            id=id,
            last_modified=last_modified,
            password=password,
        )

        account_data.additional_properties = d
        return account_data

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
