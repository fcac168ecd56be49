from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.generate_link_type import GenerateLinkType, check_generate_link_type
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.metadata import Metadata


T = TypeVar("T", bound="GenerateLinkRequest")


@_attrs_define
class GenerateLinkRequest:
    type_: GenerateLinkType
    email: str
    new_email: str | Unset = UNSET
    """ For the email_change types. """
    password: str | Unset = UNSET
    """ For `signup`. """
    data: Metadata | Unset = UNSET
    """ Free-form JSON object (user_metadata, app_metadata, identity_data, `data` of requests). """
    redirect_to: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        type_: str = self.type_

        email = self.email

        new_email = self.new_email

        password = self.password

        data: dict[str, Any] | Unset = UNSET
        if not isinstance(self.data, Unset):
            data = self.data.to_dict()

        redirect_to = self.redirect_to

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "type": type_,
                "email": email,
            }
        )
        if new_email is not UNSET:
            field_dict["new_email"] = new_email
        if password is not UNSET:
            field_dict["password"] = password
        if data is not UNSET:
            field_dict["data"] = data
        if redirect_to is not UNSET:
            field_dict["redirect_to"] = redirect_to

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.metadata import Metadata  # noqa: PLC0415

        d = dict(src_dict)
        type_ = check_generate_link_type(d.pop("type"))

        email = d.pop("email")

        new_email = d.pop("new_email", UNSET)

        password = d.pop("password", UNSET)

        _data = d.pop("data", UNSET)
        data: Metadata | Unset
        if isinstance(_data, Unset):
            data = UNSET
        else:
            data = Metadata.from_dict(_data)

        redirect_to = d.pop("redirect_to", UNSET)

        generate_link_request = cls(
            type_=type_,
            email=email,
            new_email=new_email,
            password=password,
            data=data,
            redirect_to=redirect_to,
        )

        generate_link_request.additional_properties = d
        return generate_link_request

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
