from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.factor import Factor
    from ..models.identity import Identity
    from ..models.metadata import Metadata


T = TypeVar("T", bound="GenerateLinkResponse")


@_attrs_define
class GenerateLinkResponse:
    """The user's fields, flattened, plus the link properties."""

    id: UUID
    aud: str
    role: str
    email: str
    phone: str
    app_metadata: Metadata | None
    """ Server-controlled metadata (`provider`, `providers`, ...). """
    user_metadata: Metadata | None
    """ User-controlled metadata (`data` at sign-up or update). """
    created_at: datetime.datetime
    updated_at: datetime.datetime
    action_link: str
    email_otp: str
    hashed_token: str
    verification_type: str
    redirect_to: str
    email_confirmed_at: datetime.datetime | None | Unset = UNSET
    phone_confirmed_at: datetime.datetime | None | Unset = UNSET
    confirmed_at: datetime.datetime | None | Unset = UNSET
    confirmation_sent_at: datetime.datetime | None | Unset = UNSET
    invited_at: datetime.datetime | None | Unset = UNSET
    recovery_sent_at: datetime.datetime | None | Unset = UNSET
    new_email: str | Unset = UNSET
    """ Pending new email address (email change awaiting confirmation). """
    email_change_sent_at: datetime.datetime | None | Unset = UNSET
    new_phone: str | Unset = UNSET
    """ Pending new phone number. """
    phone_change_sent_at: datetime.datetime | None | Unset = UNSET
    reauthentication_sent_at: datetime.datetime | None | Unset = UNSET
    last_sign_in_at: datetime.datetime | None | Unset = UNSET
    identities: list[Identity] | None | Unset = UNSET
    factors: list[Factor] | None | Unset = UNSET
    banned_until: datetime.datetime | None | Unset = UNSET
    deleted_at: datetime.datetime | None | Unset = UNSET
    is_anonymous: bool | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.metadata import Metadata  # noqa: PLC0415

        id = str(self.id)

        aud = self.aud

        role = self.role

        email = self.email

        phone = self.phone

        app_metadata: dict[str, Any] | None
        if isinstance(self.app_metadata, Metadata):
            app_metadata = self.app_metadata.to_dict()
        else:
            app_metadata = self.app_metadata

        user_metadata: dict[str, Any] | None
        if isinstance(self.user_metadata, Metadata):
            user_metadata = self.user_metadata.to_dict()
        else:
            user_metadata = self.user_metadata

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        action_link = self.action_link

        email_otp = self.email_otp

        hashed_token = self.hashed_token

        verification_type = self.verification_type

        redirect_to = self.redirect_to

        email_confirmed_at: None | str | Unset
        if isinstance(self.email_confirmed_at, Unset):
            email_confirmed_at = UNSET
        elif isinstance(self.email_confirmed_at, datetime.datetime):
            email_confirmed_at = self.email_confirmed_at.isoformat()
        else:
            email_confirmed_at = self.email_confirmed_at

        phone_confirmed_at: None | str | Unset
        if isinstance(self.phone_confirmed_at, Unset):
            phone_confirmed_at = UNSET
        elif isinstance(self.phone_confirmed_at, datetime.datetime):
            phone_confirmed_at = self.phone_confirmed_at.isoformat()
        else:
            phone_confirmed_at = self.phone_confirmed_at

        confirmed_at: None | str | Unset
        if isinstance(self.confirmed_at, Unset):
            confirmed_at = UNSET
        elif isinstance(self.confirmed_at, datetime.datetime):
            confirmed_at = self.confirmed_at.isoformat()
        else:
            confirmed_at = self.confirmed_at

        confirmation_sent_at: None | str | Unset
        if isinstance(self.confirmation_sent_at, Unset):
            confirmation_sent_at = UNSET
        elif isinstance(self.confirmation_sent_at, datetime.datetime):
            confirmation_sent_at = self.confirmation_sent_at.isoformat()
        else:
            confirmation_sent_at = self.confirmation_sent_at

        invited_at: None | str | Unset
        if isinstance(self.invited_at, Unset):
            invited_at = UNSET
        elif isinstance(self.invited_at, datetime.datetime):
            invited_at = self.invited_at.isoformat()
        else:
            invited_at = self.invited_at

        recovery_sent_at: None | str | Unset
        if isinstance(self.recovery_sent_at, Unset):
            recovery_sent_at = UNSET
        elif isinstance(self.recovery_sent_at, datetime.datetime):
            recovery_sent_at = self.recovery_sent_at.isoformat()
        else:
            recovery_sent_at = self.recovery_sent_at

        new_email = self.new_email

        email_change_sent_at: None | str | Unset
        if isinstance(self.email_change_sent_at, Unset):
            email_change_sent_at = UNSET
        elif isinstance(self.email_change_sent_at, datetime.datetime):
            email_change_sent_at = self.email_change_sent_at.isoformat()
        else:
            email_change_sent_at = self.email_change_sent_at

        new_phone = self.new_phone

        phone_change_sent_at: None | str | Unset
        if isinstance(self.phone_change_sent_at, Unset):
            phone_change_sent_at = UNSET
        elif isinstance(self.phone_change_sent_at, datetime.datetime):
            phone_change_sent_at = self.phone_change_sent_at.isoformat()
        else:
            phone_change_sent_at = self.phone_change_sent_at

        reauthentication_sent_at: None | str | Unset
        if isinstance(self.reauthentication_sent_at, Unset):
            reauthentication_sent_at = UNSET
        elif isinstance(self.reauthentication_sent_at, datetime.datetime):
            reauthentication_sent_at = self.reauthentication_sent_at.isoformat()
        else:
            reauthentication_sent_at = self.reauthentication_sent_at

        last_sign_in_at: None | str | Unset
        if isinstance(self.last_sign_in_at, Unset):
            last_sign_in_at = UNSET
        elif isinstance(self.last_sign_in_at, datetime.datetime):
            last_sign_in_at = self.last_sign_in_at.isoformat()
        else:
            last_sign_in_at = self.last_sign_in_at

        identities: list[dict[str, Any]] | None | Unset
        if isinstance(self.identities, Unset):
            identities = UNSET
        elif isinstance(self.identities, list):
            identities = []
            for identities_type_0_item_data in self.identities:
                identities_type_0_item = identities_type_0_item_data.to_dict()
                identities.append(identities_type_0_item)

        else:
            identities = self.identities

        factors: list[dict[str, Any]] | None | Unset
        if isinstance(self.factors, Unset):
            factors = UNSET
        elif isinstance(self.factors, list):
            factors = []
            for factors_type_0_item_data in self.factors:
                factors_type_0_item = factors_type_0_item_data.to_dict()
                factors.append(factors_type_0_item)

        else:
            factors = self.factors

        banned_until: None | str | Unset
        if isinstance(self.banned_until, Unset):
            banned_until = UNSET
        elif isinstance(self.banned_until, datetime.datetime):
            banned_until = self.banned_until.isoformat()
        else:
            banned_until = self.banned_until

        deleted_at: None | str | Unset
        if isinstance(self.deleted_at, Unset):
            deleted_at = UNSET
        elif isinstance(self.deleted_at, datetime.datetime):
            deleted_at = self.deleted_at.isoformat()
        else:
            deleted_at = self.deleted_at

        is_anonymous = self.is_anonymous

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "aud": aud,
                "role": role,
                "email": email,
                "phone": phone,
                "app_metadata": app_metadata,
                "user_metadata": user_metadata,
                "created_at": created_at,
                "updated_at": updated_at,
                "action_link": action_link,
                "email_otp": email_otp,
                "hashed_token": hashed_token,
                "verification_type": verification_type,
                "redirect_to": redirect_to,
            }
        )
        if email_confirmed_at is not UNSET:
            field_dict["email_confirmed_at"] = email_confirmed_at
        if phone_confirmed_at is not UNSET:
            field_dict["phone_confirmed_at"] = phone_confirmed_at
        if confirmed_at is not UNSET:
            field_dict["confirmed_at"] = confirmed_at
        if confirmation_sent_at is not UNSET:
            field_dict["confirmation_sent_at"] = confirmation_sent_at
        if invited_at is not UNSET:
            field_dict["invited_at"] = invited_at
        if recovery_sent_at is not UNSET:
            field_dict["recovery_sent_at"] = recovery_sent_at
        if new_email is not UNSET:
            field_dict["new_email"] = new_email
        if email_change_sent_at is not UNSET:
            field_dict["email_change_sent_at"] = email_change_sent_at
        if new_phone is not UNSET:
            field_dict["new_phone"] = new_phone
        if phone_change_sent_at is not UNSET:
            field_dict["phone_change_sent_at"] = phone_change_sent_at
        if reauthentication_sent_at is not UNSET:
            field_dict["reauthentication_sent_at"] = reauthentication_sent_at
        if last_sign_in_at is not UNSET:
            field_dict["last_sign_in_at"] = last_sign_in_at
        if identities is not UNSET:
            field_dict["identities"] = identities
        if factors is not UNSET:
            field_dict["factors"] = factors
        if banned_until is not UNSET:
            field_dict["banned_until"] = banned_until
        if deleted_at is not UNSET:
            field_dict["deleted_at"] = deleted_at
        if is_anonymous is not UNSET:
            field_dict["is_anonymous"] = is_anonymous

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.factor import Factor  # noqa: PLC0415
        from ..models.identity import Identity  # noqa: PLC0415
        from ..models.metadata import Metadata  # noqa: PLC0415

        d = dict(src_dict)
        id = UUID(d.pop("id"))

        aud = d.pop("aud")

        role = d.pop("role")

        email = d.pop("email")

        phone = d.pop("phone")

        def _parse_app_metadata(data: object) -> Metadata | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                app_metadata_type_0 = Metadata.from_dict(data)

                return app_metadata_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(Metadata | None, data)

        app_metadata = _parse_app_metadata(d.pop("app_metadata"))

        def _parse_user_metadata(data: object) -> Metadata | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                user_metadata_type_0 = Metadata.from_dict(data)

                return user_metadata_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(Metadata | None, data)

        user_metadata = _parse_user_metadata(d.pop("user_metadata"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        action_link = d.pop("action_link")

        email_otp = d.pop("email_otp")

        hashed_token = d.pop("hashed_token")

        verification_type = d.pop("verification_type")

        redirect_to = d.pop("redirect_to")

        def _parse_email_confirmed_at(data: object) -> datetime.datetime | None | Unset:
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

        email_confirmed_at = _parse_email_confirmed_at(d.pop("email_confirmed_at", UNSET))

        def _parse_phone_confirmed_at(data: object) -> datetime.datetime | None | Unset:
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

        phone_confirmed_at = _parse_phone_confirmed_at(d.pop("phone_confirmed_at", UNSET))

        def _parse_confirmed_at(data: object) -> datetime.datetime | None | Unset:
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

        confirmed_at = _parse_confirmed_at(d.pop("confirmed_at", UNSET))

        def _parse_confirmation_sent_at(data: object) -> datetime.datetime | None | Unset:
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

        confirmation_sent_at = _parse_confirmation_sent_at(d.pop("confirmation_sent_at", UNSET))

        def _parse_invited_at(data: object) -> datetime.datetime | None | Unset:
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

        invited_at = _parse_invited_at(d.pop("invited_at", UNSET))

        def _parse_recovery_sent_at(data: object) -> datetime.datetime | None | Unset:
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

        recovery_sent_at = _parse_recovery_sent_at(d.pop("recovery_sent_at", UNSET))

        new_email = d.pop("new_email", UNSET)

        def _parse_email_change_sent_at(data: object) -> datetime.datetime | None | Unset:
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

        email_change_sent_at = _parse_email_change_sent_at(d.pop("email_change_sent_at", UNSET))

        new_phone = d.pop("new_phone", UNSET)

        def _parse_phone_change_sent_at(data: object) -> datetime.datetime | None | Unset:
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

        phone_change_sent_at = _parse_phone_change_sent_at(d.pop("phone_change_sent_at", UNSET))

        def _parse_reauthentication_sent_at(data: object) -> datetime.datetime | None | Unset:
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

        reauthentication_sent_at = _parse_reauthentication_sent_at(d.pop("reauthentication_sent_at", UNSET))

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

        def _parse_identities(data: object) -> list[Identity] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                identities_type_0 = []
                _identities_type_0 = data
                for identities_type_0_item_data in _identities_type_0:
                    identities_type_0_item = Identity.from_dict(identities_type_0_item_data)

                    identities_type_0.append(identities_type_0_item)

                return identities_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[Identity] | None | Unset, data)

        identities = _parse_identities(d.pop("identities", UNSET))

        def _parse_factors(data: object) -> list[Factor] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                factors_type_0 = []
                _factors_type_0 = data
                for factors_type_0_item_data in _factors_type_0:
                    factors_type_0_item = Factor.from_dict(factors_type_0_item_data)

                    factors_type_0.append(factors_type_0_item)

                return factors_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[Factor] | None | Unset, data)

        factors = _parse_factors(d.pop("factors", UNSET))

        def _parse_banned_until(data: object) -> datetime.datetime | None | Unset:
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

        banned_until = _parse_banned_until(d.pop("banned_until", UNSET))

        def _parse_deleted_at(data: object) -> datetime.datetime | None | Unset:
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

        deleted_at = _parse_deleted_at(d.pop("deleted_at", UNSET))

        is_anonymous = d.pop("is_anonymous", UNSET)

        generate_link_response = cls(
            id=id,
            aud=aud,
            role=role,
            email=email,
            phone=phone,
            app_metadata=app_metadata,
            user_metadata=user_metadata,
            created_at=created_at,
            updated_at=updated_at,
            action_link=action_link,
            email_otp=email_otp,
            hashed_token=hashed_token,
            verification_type=verification_type,
            redirect_to=redirect_to,
            email_confirmed_at=email_confirmed_at,
            phone_confirmed_at=phone_confirmed_at,
            confirmed_at=confirmed_at,
            confirmation_sent_at=confirmation_sent_at,
            invited_at=invited_at,
            recovery_sent_at=recovery_sent_at,
            new_email=new_email,
            email_change_sent_at=email_change_sent_at,
            new_phone=new_phone,
            phone_change_sent_at=phone_change_sent_at,
            reauthentication_sent_at=reauthentication_sent_at,
            last_sign_in_at=last_sign_in_at,
            identities=identities,
            factors=factors,
            banned_until=banned_until,
            deleted_at=deleted_at,
            is_anonymous=is_anonymous,
        )

        generate_link_response.additional_properties = d
        return generate_link_response

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
