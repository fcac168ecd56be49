from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.totp_enrollment import TotpEnrollment


T = TypeVar("T", bound="FactorEnrollResponse")


@_attrs_define
class FactorEnrollResponse:
    id: UUID
    type_: str
    """ `totp`, `phone` or `webauthn`. """
    friendly_name: str | Unset = UNSET
    totp: TotpEnrollment | Unset = UNSET
    phone: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        type_ = self.type_

        friendly_name = self.friendly_name

        totp: dict[str, Any] | Unset = UNSET
        if not isinstance(self.totp, Unset):
            totp = self.totp.to_dict()

        phone = self.phone

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "type": type_,
            }
        )
        if friendly_name is not UNSET:
            field_dict["friendly_name"] = friendly_name
        if totp is not UNSET:
            field_dict["totp"] = totp
        if phone is not UNSET:
            field_dict["phone"] = phone

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.totp_enrollment import TotpEnrollment  # noqa: PLC0415

        d = dict(src_dict)
        id = UUID(d.pop("id"))

        type_ = d.pop("type")

        friendly_name = d.pop("friendly_name", UNSET)

        _totp = d.pop("totp", UNSET)
        totp: TotpEnrollment | Unset
        if isinstance(_totp, Unset):
            totp = UNSET
        else:
            totp = TotpEnrollment.from_dict(_totp)

        phone = d.pop("phone", UNSET)

        factor_enroll_response = cls(
            id=id,
            type_=type_,
            friendly_name=friendly_name,
            totp=totp,
            phone=phone,
        )

        factor_enroll_response.additional_properties = d
        return factor_enroll_response

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
