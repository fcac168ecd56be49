from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="Factor")


@_attrs_define
class Factor:
    """An MFA factor. `factor_type` is `totp`, `phone` or `webauthn`; `status` is `unverified` or `verified` (more may be
    added).

    """

    id: UUID
    factor_type: str
    status: str
    created_at: datetime.datetime
    updated_at: datetime.datetime
    friendly_name: str | Unset = UNSET
    phone: str | Unset = UNSET
    last_challenged_at: datetime.datetime | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        factor_type = self.factor_type

        status = self.status

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        friendly_name = self.friendly_name

        phone = self.phone

        last_challenged_at: None | str | Unset
        if isinstance(self.last_challenged_at, Unset):
            last_challenged_at = UNSET
        elif isinstance(self.last_challenged_at, datetime.datetime):
            last_challenged_at = self.last_challenged_at.isoformat()
        else:
            last_challenged_at = self.last_challenged_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "factor_type": factor_type,
                "status": status,
                "created_at": created_at,
                "updated_at": updated_at,
            }
        )
        if friendly_name is not UNSET:
            field_dict["friendly_name"] = friendly_name
        if phone is not UNSET:
            field_dict["phone"] = phone
        if last_challenged_at is not UNSET:
            field_dict["last_challenged_at"] = last_challenged_at

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = UUID(d.pop("id"))

        factor_type = d.pop("factor_type")

        status = d.pop("status")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        friendly_name = d.pop("friendly_name", UNSET)

        phone = d.pop("phone", UNSET)

        def _parse_last_challenged_at(data: object) -> datetime.datetime | None | Unset:
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

        last_challenged_at = _parse_last_challenged_at(d.pop("last_challenged_at", UNSET))

        factor = cls(
            id=id,
            factor_type=factor_type,
            status=status,
            created_at=created_at,
            updated_at=updated_at,
            friendly_name=friendly_name,
            phone=phone,
            last_challenged_at=last_challenged_at,
        )

        factor.additional_properties = d
        return factor

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
