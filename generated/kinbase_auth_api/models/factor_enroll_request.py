from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.factor_type import FactorType, check_factor_type
from ..types import UNSET, Unset

T = TypeVar("T", bound="FactorEnrollRequest")


@_attrs_define
class FactorEnrollRequest:
    factor_type: FactorType
    friendly_name: str | Unset = UNSET
    issuer: str | Unset = UNSET
    """ TOTP issuer shown by authenticator apps (default the site URL host). """
    phone: str | Unset = UNSET
    """ E.164 number, for `phone` factors. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        factor_type: str = self.factor_type

        friendly_name = self.friendly_name

        issuer = self.issuer

        phone = self.phone

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "factor_type": factor_type,
            }
        )
        if friendly_name is not UNSET:
            field_dict["friendly_name"] = friendly_name
        if issuer is not UNSET:
            field_dict["issuer"] = issuer
        if phone is not UNSET:
            field_dict["phone"] = phone

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        factor_type = check_factor_type(d.pop("factor_type"))

        friendly_name = d.pop("friendly_name", UNSET)

        issuer = d.pop("issuer", UNSET)

        phone = d.pop("phone", UNSET)

        factor_enroll_request = cls(
            factor_type=factor_type,
            friendly_name=friendly_name,
            issuer=issuer,
            phone=phone,
        )

        factor_enroll_request.additional_properties = d
        return factor_enroll_request

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
