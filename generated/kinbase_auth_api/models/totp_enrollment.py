from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="TotpEnrollment")


@_attrs_define
class TotpEnrollment:
    qr_code: str | Unset = UNSET
    """ The QR code as raw SVG markup (`<?xml ...><svg ...>`), not a data URI; kinbase, like supabase_auth, hands
    users `data:image/svg+xml;utf-8,<svg>` for an `<img src>`. """
    secret: str | Unset = UNSET
    uri: str | Unset = UNSET
    """ otpauth:// URI. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        qr_code = self.qr_code

        secret = self.secret

        uri = self.uri

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if qr_code is not UNSET:
            field_dict["qr_code"] = qr_code
        if secret is not UNSET:
            field_dict["secret"] = secret
        if uri is not UNSET:
            field_dict["uri"] = uri

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        qr_code = d.pop("qr_code", UNSET)

        secret = d.pop("secret", UNSET)

        uri = d.pop("uri", UNSET)

        totp_enrollment = cls(
            qr_code=qr_code,
            secret=secret,
            uri=uri,
        )

        totp_enrollment.additional_properties = d
        return totp_enrollment

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
