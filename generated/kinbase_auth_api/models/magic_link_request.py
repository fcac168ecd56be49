from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.code_challenge_method import (
    CodeChallengeMethod,
    check_code_challenge_method,
)
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.gotrue_meta_security import GotrueMetaSecurity
    from ..models.metadata import Metadata


T = TypeVar("T", bound="MagicLinkRequest")


@_attrs_define
class MagicLinkRequest:
    email: str
    data: Metadata | Unset = UNSET
    """ Free-form JSON object (user_metadata, app_metadata, identity_data, `data` of requests). """
    code_challenge: str | Unset = UNSET
    code_challenge_method: CodeChallengeMethod | Unset = UNSET
    """ PKCE code challenge method (case-insensitive on the server). """
    gotrue_meta_security: GotrueMetaSecurity | Unset = UNSET
    """ Captcha token, for servers with captcha protection on. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        email = self.email

        data: dict[str, Any] | Unset = UNSET
        if not isinstance(self.data, Unset):
            data = self.data.to_dict()

        code_challenge = self.code_challenge

        code_challenge_method: str | Unset = UNSET
        if not isinstance(self.code_challenge_method, Unset):
            code_challenge_method = self.code_challenge_method

        gotrue_meta_security: dict[str, Any] | Unset = UNSET
        if not isinstance(self.gotrue_meta_security, Unset):
            gotrue_meta_security = self.gotrue_meta_security.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "email": email,
            }
        )
        if data is not UNSET:
            field_dict["data"] = data
        if code_challenge is not UNSET:
            field_dict["code_challenge"] = code_challenge
        if code_challenge_method is not UNSET:
            field_dict["code_challenge_method"] = code_challenge_method
        if gotrue_meta_security is not UNSET:
            field_dict["gotrue_meta_security"] = gotrue_meta_security

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.gotrue_meta_security import GotrueMetaSecurity  # noqa: PLC0415
        from ..models.metadata import Metadata  # noqa: PLC0415

        d = dict(src_dict)
        email = d.pop("email")

        _data = d.pop("data", UNSET)
        data: Metadata | Unset
        if isinstance(_data, Unset):
            data = UNSET
        else:
            data = Metadata.from_dict(_data)

        code_challenge = d.pop("code_challenge", UNSET)

        _code_challenge_method = d.pop("code_challenge_method", UNSET)
        code_challenge_method: CodeChallengeMethod | Unset
        if isinstance(_code_challenge_method, Unset):
            code_challenge_method = UNSET
        else:
            code_challenge_method = check_code_challenge_method(_code_challenge_method)

        _gotrue_meta_security = d.pop("gotrue_meta_security", UNSET)
        gotrue_meta_security: GotrueMetaSecurity | Unset
        if isinstance(_gotrue_meta_security, Unset):
            gotrue_meta_security = UNSET
        else:
            gotrue_meta_security = GotrueMetaSecurity.from_dict(_gotrue_meta_security)

        magic_link_request = cls(
            email=email,
            data=data,
            code_challenge=code_challenge,
            code_challenge_method=code_challenge_method,
            gotrue_meta_security=gotrue_meta_security,
        )

        magic_link_request.additional_properties = d
        return magic_link_request

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
