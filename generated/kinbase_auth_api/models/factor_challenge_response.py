from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.factor_challenge_response_webauthn import (
        FactorChallengeResponseWebauthn,
    )


T = TypeVar("T", bound="FactorChallengeResponse")


@_attrs_define
class FactorChallengeResponse:
    id: UUID
    """ The challenge id, to pass to verify. """
    type_: str
    expires_at: int | Unset = UNSET
    """ Expiry of the challenge, unix seconds. """
    webauthn: FactorChallengeResponseWebauthn | Unset = UNSET
    """ `{type: create|request, credential_options}` for webauthn factors. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        type_ = self.type_

        expires_at = self.expires_at

        webauthn: dict[str, Any] | Unset = UNSET
        if not isinstance(self.webauthn, Unset):
            webauthn = self.webauthn.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "type": type_,
            }
        )
        if expires_at is not UNSET:
            field_dict["expires_at"] = expires_at
        if webauthn is not UNSET:
            field_dict["webauthn"] = webauthn

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.factor_challenge_response_webauthn import (
            FactorChallengeResponseWebauthn,  # noqa: PLC0415
        )

        d = dict(src_dict)
        id = UUID(d.pop("id"))

        type_ = d.pop("type")

        expires_at = d.pop("expires_at", UNSET)

        _webauthn = d.pop("webauthn", UNSET)
        webauthn: FactorChallengeResponseWebauthn | Unset
        if isinstance(_webauthn, Unset):
            webauthn = UNSET
        else:
            webauthn = FactorChallengeResponseWebauthn.from_dict(_webauthn)

        factor_challenge_response = cls(
            id=id,
            type_=type_,
            expires_at=expires_at,
            webauthn=webauthn,
        )

        factor_challenge_response.additional_properties = d
        return factor_challenge_response

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
