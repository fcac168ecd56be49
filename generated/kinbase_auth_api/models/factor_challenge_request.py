from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.message_channel import MessageChannel, check_message_channel
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.factor_challenge_request_webauthn import FactorChallengeRequestWebauthn


T = TypeVar("T", bound="FactorChallengeRequest")


@_attrs_define
class FactorChallengeRequest:
    channel: MessageChannel | Unset = UNSET
    """ Delivery channel of phone OTPs (`whatsapp` only with Twilio providers). """
    webauthn: FactorChallengeRequestWebauthn | Unset = UNSET
    """ WebAuthn parameters (`rp_id`, `rp_origins`), for webauthn factors. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        channel: str | Unset = UNSET
        if not isinstance(self.channel, Unset):
            channel = self.channel

        webauthn: dict[str, Any] | Unset = UNSET
        if not isinstance(self.webauthn, Unset):
            webauthn = self.webauthn.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if channel is not UNSET:
            field_dict["channel"] = channel
        if webauthn is not UNSET:
            field_dict["webauthn"] = webauthn

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.factor_challenge_request_webauthn import (
            FactorChallengeRequestWebauthn,  # noqa: PLC0415
        )

        d = dict(src_dict)
        _channel = d.pop("channel", UNSET)
        channel: MessageChannel | Unset
        if isinstance(_channel, Unset):
            channel = UNSET
        else:
            channel = check_message_channel(_channel)

        _webauthn = d.pop("webauthn", UNSET)
        webauthn: FactorChallengeRequestWebauthn | Unset
        if isinstance(_webauthn, Unset):
            webauthn = UNSET
        else:
            webauthn = FactorChallengeRequestWebauthn.from_dict(_webauthn)

        factor_challenge_request = cls(
            channel=channel,
            webauthn=webauthn,
        )

        factor_challenge_request.additional_properties = d
        return factor_challenge_request

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
