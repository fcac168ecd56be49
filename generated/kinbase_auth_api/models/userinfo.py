from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.metadata import Metadata


T = TypeVar("T", bound="Userinfo")


@_attrs_define
class Userinfo:
    """OIDC UserInfo claims; further claims are kept."""

    sub: str
    email: str | Unset = UNSET
    email_verified: bool | Unset = UNSET
    phone: str | Unset = UNSET
    phone_verified: bool | Unset = UNSET
    name: str | Unset = UNSET
    picture: str | Unset = UNSET
    preferred_username: str | Unset = UNSET
    updated_at: int | Unset = UNSET
    """ Unix seconds. """
    user_metadata: Metadata | Unset = UNSET
    """ Free-form JSON object (user_metadata, app_metadata, identity_data, `data` of requests). """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        sub = self.sub

        email = self.email

        email_verified = self.email_verified

        phone = self.phone

        phone_verified = self.phone_verified

        name = self.name

        picture = self.picture

        preferred_username = self.preferred_username

        updated_at = self.updated_at

        user_metadata: dict[str, Any] | Unset = UNSET
        if not isinstance(self.user_metadata, Unset):
            user_metadata = self.user_metadata.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "sub": sub,
            }
        )
        if email is not UNSET:
            field_dict["email"] = email
        if email_verified is not UNSET:
            field_dict["email_verified"] = email_verified
        if phone is not UNSET:
            field_dict["phone"] = phone
        if phone_verified is not UNSET:
            field_dict["phone_verified"] = phone_verified
        if name is not UNSET:
            field_dict["name"] = name
        if picture is not UNSET:
            field_dict["picture"] = picture
        if preferred_username is not UNSET:
            field_dict["preferred_username"] = preferred_username
        if updated_at is not UNSET:
            field_dict["updated_at"] = updated_at
        if user_metadata is not UNSET:
            field_dict["user_metadata"] = user_metadata

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.metadata import Metadata  # noqa: PLC0415

        d = dict(src_dict)
        sub = d.pop("sub")

        email = d.pop("email", UNSET)

        email_verified = d.pop("email_verified", UNSET)

        phone = d.pop("phone", UNSET)

        phone_verified = d.pop("phone_verified", UNSET)

        name = d.pop("name", UNSET)

        picture = d.pop("picture", UNSET)

        preferred_username = d.pop("preferred_username", UNSET)

        updated_at = d.pop("updated_at", UNSET)

        _user_metadata = d.pop("user_metadata", UNSET)
        user_metadata: Metadata | Unset
        if isinstance(_user_metadata, Unset):
            user_metadata = UNSET
        else:
            user_metadata = Metadata.from_dict(_user_metadata)

        userinfo = cls(
            sub=sub,
            email=email,
            email_verified=email_verified,
            phone=phone,
            phone_verified=phone_verified,
            name=name,
            picture=picture,
            preferred_username=preferred_username,
            updated_at=updated_at,
            user_metadata=user_metadata,
        )

        userinfo.additional_properties = d
        return userinfo

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
