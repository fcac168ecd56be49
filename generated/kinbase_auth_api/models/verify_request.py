from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.verify_type import VerifyType, check_verify_type
from ..types import UNSET, Unset

T = TypeVar("T", bound="VerifyRequest")


@_attrs_define
class VerifyRequest:
    """`type` with either `token` and `email`/`phone`, or `token_hash` alone."""

    type_: VerifyType
    """ `email`, `signup`, `invite`, `magiclink`, `recovery`, `email_change` (with email); `sms`, `phone_change`
    (with phone). """
    token: str | Unset = UNSET
    token_hash: str | Unset = UNSET
    email: str | Unset = UNSET
    phone: str | Unset = UNSET
    redirect_to: str | Unset = UNSET
    """ Accepted with `token` only; with `token_hash` GoTrue refuses it here (send the `redirect_to` query
    parameter). """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        type_: str = self.type_

        token = self.token

        token_hash = self.token_hash

        email = self.email

        phone = self.phone

        redirect_to = self.redirect_to

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "type": type_,
            }
        )
        if token is not UNSET:
            field_dict["token"] = token
        if token_hash is not UNSET:
            field_dict["token_hash"] = token_hash
        if email is not UNSET:
            field_dict["email"] = email
        if phone is not UNSET:
            field_dict["phone"] = phone
        if redirect_to is not UNSET:
            field_dict["redirect_to"] = redirect_to

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        type_ = check_verify_type(d.pop("type"))

        token = d.pop("token", UNSET)

        token_hash = d.pop("token_hash", UNSET)

        email = d.pop("email", UNSET)

        phone = d.pop("phone", UNSET)

        redirect_to = d.pop("redirect_to", UNSET)

        verify_request = cls(
            type_=type_,
            token=token,
            token_hash=token_hash,
            email=email,
            phone=phone,
            redirect_to=redirect_to,
        )

        verify_request.additional_properties = d
        return verify_request

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
