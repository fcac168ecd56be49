from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.gotrue_meta_security import GotrueMetaSecurity


T = TypeVar("T", bound="PasswordGrantRequest")


@_attrs_define
class PasswordGrantRequest:
    """Body of `grant_type=password`; email or phone, not both."""

    password: str
    email: str | Unset = UNSET
    phone: str | Unset = UNSET
    gotrue_meta_security: GotrueMetaSecurity | Unset = UNSET
    """ Captcha token, for servers with captcha protection on. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        password = self.password

        email = self.email

        phone = self.phone

        gotrue_meta_security: dict[str, Any] | Unset = UNSET
        if not isinstance(self.gotrue_meta_security, Unset):
            gotrue_meta_security = self.gotrue_meta_security.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "password": password,
            }
        )
        if email is not UNSET:
            field_dict["email"] = email
        if phone is not UNSET:
            field_dict["phone"] = phone
        if gotrue_meta_security is not UNSET:
            field_dict["gotrue_meta_security"] = gotrue_meta_security

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.gotrue_meta_security import GotrueMetaSecurity  # noqa: PLC0415

        d = dict(src_dict)
        password = d.pop("password")

        email = d.pop("email", UNSET)

        phone = d.pop("phone", UNSET)

        _gotrue_meta_security = d.pop("gotrue_meta_security", UNSET)
        gotrue_meta_security: GotrueMetaSecurity | Unset
        if isinstance(_gotrue_meta_security, Unset):
            gotrue_meta_security = UNSET
        else:
            gotrue_meta_security = GotrueMetaSecurity.from_dict(_gotrue_meta_security)

        password_grant_request = cls(
            password=password,
            email=email,
            phone=phone,
            gotrue_meta_security=gotrue_meta_security,
        )

        password_grant_request.additional_properties = d
        return password_grant_request

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
