from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.code_challenge_method import (
    CodeChallengeMethod,
    check_code_challenge_method,
)
from ..models.message_channel import MessageChannel, check_message_channel
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.metadata import Metadata


T = TypeVar("T", bound="UserUpdateRequest")


@_attrs_define
class UserUpdateRequest:
    """Only the attributes present are changed."""

    email: str | Unset = UNSET
    phone: str | Unset = UNSET
    password: str | Unset = UNSET
    current_password: str | Unset = UNSET
    """ Needed with `password` when the server requires the current password. """
    nonce: str | Unset = UNSET
    """ The reauthentication OTP, when the server requires it for a password change. """
    data: Metadata | Unset = UNSET
    """ Free-form JSON object (user_metadata, app_metadata, identity_data, `data` of requests). """
    channel: MessageChannel | Unset = UNSET
    """ Delivery channel of phone OTPs (`whatsapp` only with Twilio providers). """
    code_challenge: str | Unset = UNSET
    code_challenge_method: CodeChallengeMethod | Unset = UNSET
    """ PKCE code challenge method (case-insensitive on the server). """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        email = self.email

        phone = self.phone

        password = self.password

        current_password = self.current_password

        nonce = self.nonce

        data: dict[str, Any] | Unset = UNSET
        if not isinstance(self.data, Unset):
            data = self.data.to_dict()

        channel: str | Unset = UNSET
        if not isinstance(self.channel, Unset):
            channel = self.channel

        code_challenge = self.code_challenge

        code_challenge_method: str | Unset = UNSET
        if not isinstance(self.code_challenge_method, Unset):
            code_challenge_method = self.code_challenge_method

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if email is not UNSET:
            field_dict["email"] = email
        if phone is not UNSET:
            field_dict["phone"] = phone
        if password is not UNSET:
            field_dict["password"] = password
        if current_password is not UNSET:
            field_dict["current_password"] = current_password
        if nonce is not UNSET:
            field_dict["nonce"] = nonce
        if data is not UNSET:
            field_dict["data"] = data
        if channel is not UNSET:
            field_dict["channel"] = channel
        if code_challenge is not UNSET:
            field_dict["code_challenge"] = code_challenge
        if code_challenge_method is not UNSET:
            field_dict["code_challenge_method"] = code_challenge_method

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.metadata import Metadata  # noqa: PLC0415

        d = dict(src_dict)
        email = d.pop("email", UNSET)

        phone = d.pop("phone", UNSET)

        password = d.pop("password", UNSET)

        current_password = d.pop("current_password", UNSET)

        nonce = d.pop("nonce", UNSET)

        _data = d.pop("data", UNSET)
        data: Metadata | Unset
        if isinstance(_data, Unset):
            data = UNSET
        else:
            data = Metadata.from_dict(_data)

        _channel = d.pop("channel", UNSET)
        channel: MessageChannel | Unset
        if isinstance(_channel, Unset):
            channel = UNSET
        else:
            channel = check_message_channel(_channel)

        code_challenge = d.pop("code_challenge", UNSET)

        _code_challenge_method = d.pop("code_challenge_method", UNSET)
        code_challenge_method: CodeChallengeMethod | Unset
        if isinstance(_code_challenge_method, Unset):
            code_challenge_method = UNSET
        else:
            code_challenge_method = check_code_challenge_method(_code_challenge_method)

        user_update_request = cls(
            email=email,
            phone=phone,
            password=password,
            current_password=current_password,
            nonce=nonce,
            data=data,
            channel=channel,
            code_challenge=code_challenge,
            code_challenge_method=code_challenge_method,
        )

        user_update_request.additional_properties = d
        return user_update_request

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
