from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.metadata import Metadata


T = TypeVar("T", bound="Identity")


@_attrs_define
class Identity:
    """A link between the user and a provider. Note the historical naming - `id` is the provider's id for the user,
    `identity_id` the identity's own UUID.

    """

    id: str
    """ The user's id at the provider (for email, the user id). """
    user_id: UUID
    provider: str
    created_at: datetime.datetime
    updated_at: datetime.datetime
    identity_id: UUID | Unset = UNSET
    identity_data: Metadata | None | Unset = UNSET
    last_sign_in_at: datetime.datetime | None | Unset = UNSET
    email: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.metadata import Metadata  # noqa: PLC0415

        id = self.id

        user_id = str(self.user_id)

        provider = self.provider

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        identity_id: str | Unset = UNSET
        if not isinstance(self.identity_id, Unset):
            identity_id = str(self.identity_id)

        identity_data: dict[str, Any] | None | Unset
        if isinstance(self.identity_data, Unset):
            identity_data = UNSET
        elif isinstance(self.identity_data, Metadata):
            identity_data = self.identity_data.to_dict()
        else:
            identity_data = self.identity_data

        last_sign_in_at: None | str | Unset
        if isinstance(self.last_sign_in_at, Unset):
            last_sign_in_at = UNSET
        elif isinstance(self.last_sign_in_at, datetime.datetime):
            last_sign_in_at = self.last_sign_in_at.isoformat()
        else:
            last_sign_in_at = self.last_sign_in_at

        email = self.email

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "user_id": user_id,
                "provider": provider,
                "created_at": created_at,
                "updated_at": updated_at,
            }
        )
        if identity_id is not UNSET:
            field_dict["identity_id"] = identity_id
        if identity_data is not UNSET:
            field_dict["identity_data"] = identity_data
        if last_sign_in_at is not UNSET:
            field_dict["last_sign_in_at"] = last_sign_in_at
        if email is not UNSET:
            field_dict["email"] = email

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.metadata import Metadata  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        user_id = UUID(d.pop("user_id"))

        provider = d.pop("provider")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        _identity_id = d.pop("identity_id", UNSET)
        identity_id: UUID | Unset
        if isinstance(_identity_id, Unset):
            identity_id = UNSET
        else:
            identity_id = UUID(_identity_id)

        def _parse_identity_data(data: object) -> Metadata | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                identity_data_type_0 = Metadata.from_dict(data)

                return identity_data_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(Metadata | None | Unset, data)

        identity_data = _parse_identity_data(d.pop("identity_data", UNSET))

        def _parse_last_sign_in_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                componentsschemas_nullable_timestamp_type_0 = datetime.datetime.fromisoformat(data)

                return componentsschemas_nullable_timestamp_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        last_sign_in_at = _parse_last_sign_in_at(d.pop("last_sign_in_at", UNSET))

        email = d.pop("email", UNSET)

        identity = cls(
            id=id,
            user_id=user_id,
            provider=provider,
            created_at=created_at,
            updated_at=updated_at,
            identity_id=identity_id,
            identity_data=identity_data,
            last_sign_in_at=last_sign_in_at,
            email=email,
        )

        identity.additional_properties = d
        return identity

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
