from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.factor_verify_request_webauthn import FactorVerifyRequestWebauthn


T = TypeVar("T", bound="FactorVerifyRequest")


@_attrs_define
class FactorVerifyRequest:
    challenge_id: UUID
    code: str | Unset = UNSET
    """ The TOTP or SMS code. """
    webauthn: FactorVerifyRequestWebauthn | Unset = UNSET
    """ `{type, credential_response, rp_id, rp_origins}` for webauthn factors. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        challenge_id = str(self.challenge_id)

        code = self.code

        webauthn: dict[str, Any] | Unset = UNSET
        if not isinstance(self.webauthn, Unset):
            webauthn = self.webauthn.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "challenge_id": challenge_id,
            }
        )
        if code is not UNSET:
            field_dict["code"] = code
        if webauthn is not UNSET:
            field_dict["webauthn"] = webauthn

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.factor_verify_request_webauthn import FactorVerifyRequestWebauthn  # noqa: PLC0415

        d = dict(src_dict)
        challenge_id = UUID(d.pop("challenge_id"))

        code = d.pop("code", UNSET)

        _webauthn = d.pop("webauthn", UNSET)
        webauthn: FactorVerifyRequestWebauthn | Unset
        if isinstance(_webauthn, Unset):
            webauthn = UNSET
        else:
            webauthn = FactorVerifyRequestWebauthn.from_dict(_webauthn)

        factor_verify_request = cls(
            challenge_id=challenge_id,
            code=code,
            webauthn=webauthn,
        )

        factor_verify_request.additional_properties = d
        return factor_verify_request

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
