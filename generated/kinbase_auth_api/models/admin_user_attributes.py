from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.metadata import Metadata


T = TypeVar("T", bound="AdminUserAttributes")


@_attrs_define
class AdminUserAttributes:
    """Attributes for creating or updating a user; absent attributes are left alone."""

    id: UUID | Unset = UNSET
    """ Id of the created user (UUID v4; creation only). """
    aud: str | Unset = UNSET
    role: str | Unset = UNSET
    email: str | Unset = UNSET
    phone: str | Unset = UNSET
    password: str | Unset = UNSET
    password_hash: str | Unset = UNSET
    """ A bcrypt, argon2 or Firebase scrypt hash, instead of `password`. """
    email_confirm: bool | Unset = UNSET
    phone_confirm: bool | Unset = UNSET
    user_metadata: Metadata | Unset = UNSET
    """ Free-form JSON object (user_metadata, app_metadata, identity_data, `data` of requests). """
    app_metadata: Metadata | Unset = UNSET
    """ Free-form JSON object (user_metadata, app_metadata, identity_data, `data` of requests). """
    ban_duration: str | Unset = UNSET
    """ A Go duration (`24h`), or `none` to lift a ban. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id: str | Unset = UNSET
        if not isinstance(self.id, Unset):
            id = str(self.id)

        aud = self.aud

        role = self.role

        email = self.email

        phone = self.phone

        password = self.password

        password_hash = self.password_hash

        email_confirm = self.email_confirm

        phone_confirm = self.phone_confirm

        user_metadata: dict[str, Any] | Unset = UNSET
        if not isinstance(self.user_metadata, Unset):
            user_metadata = self.user_metadata.to_dict()

        app_metadata: dict[str, Any] | Unset = UNSET
        if not isinstance(self.app_metadata, Unset):
            app_metadata = self.app_metadata.to_dict()

        ban_duration = self.ban_duration

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if id is not UNSET:
            field_dict["id"] = id
        if aud is not UNSET:
            field_dict["aud"] = aud
        if role is not UNSET:
            field_dict["role"] = role
        if email is not UNSET:
            field_dict["email"] = email
        if phone is not UNSET:
            field_dict["phone"] = phone
        if password is not UNSET:
            field_dict["password"] = password
        if password_hash is not UNSET:
            field_dict["password_hash"] = password_hash
        if email_confirm is not UNSET:
            field_dict["email_confirm"] = email_confirm
        if phone_confirm is not UNSET:
            field_dict["phone_confirm"] = phone_confirm
        if user_metadata is not UNSET:
            field_dict["user_metadata"] = user_metadata
        if app_metadata is not UNSET:
            field_dict["app_metadata"] = app_metadata
        if ban_duration is not UNSET:
            field_dict["ban_duration"] = ban_duration

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.metadata import Metadata  # noqa: PLC0415

        d = dict(src_dict)
        _id = d.pop("id", UNSET)
        id: UUID | Unset
        if isinstance(_id, Unset):
            id = UNSET
        else:
            id = UUID(_id)

        aud = d.pop("aud", UNSET)

        role = d.pop("role", UNSET)

        email = d.pop("email", UNSET)

        phone = d.pop("phone", UNSET)

        password = d.pop("password", UNSET)

        password_hash = d.pop("password_hash", UNSET)

        email_confirm = d.pop("email_confirm", UNSET)

        phone_confirm = d.pop("phone_confirm", UNSET)

        _user_metadata = d.pop("user_metadata", UNSET)
        user_metadata: Metadata | Unset
        if isinstance(_user_metadata, Unset):
            user_metadata = UNSET
        else:
            user_metadata = Metadata.from_dict(_user_metadata)

        _app_metadata = d.pop("app_metadata", UNSET)
        app_metadata: Metadata | Unset
        if isinstance(_app_metadata, Unset):
            app_metadata = UNSET
        else:
            app_metadata = Metadata.from_dict(_app_metadata)

        ban_duration = d.pop("ban_duration", UNSET)

        admin_user_attributes = cls(
            id=id,
            aud=aud,
            role=role,
            email=email,
            phone=phone,
            password=password,
            password_hash=password_hash,
            email_confirm=email_confirm,
            phone_confirm=phone_confirm,
            user_metadata=user_metadata,
            app_metadata=app_metadata,
            ban_duration=ban_duration,
        )

        admin_user_attributes.additional_properties = d
        return admin_user_attributes

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
