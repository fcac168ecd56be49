from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.gotrue_meta_security import GotrueMetaSecurity


T = TypeVar("T", bound="IdTokenGrantRequest")


@_attrs_define
class IdTokenGrantRequest:
    """Body of `grant_type=id_token` (sign in with a third-party OIDC ID token). Give `provider`, or `client_id` and
    `issuer`.

    """

    id_token: str
    access_token: str | Unset = UNSET
    """ The provider's access token, when the ID token has an `at_hash` claim. """
    nonce: str | Unset = UNSET
    provider: str | Unset = UNSET
    client_id: str | Unset = UNSET
    issuer: str | Unset = UNSET
    link_identity: bool | Unset = UNSET
    """ Link to the user of the bearer token sent with the request instead of signing in. """
    gotrue_meta_security: GotrueMetaSecurity | Unset = UNSET
    """ Captcha token, for servers with captcha protection on. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id_token = self.id_token

        access_token = self.access_token

        nonce = self.nonce

        provider = self.provider

        client_id = self.client_id

        issuer = self.issuer

        link_identity = self.link_identity

        gotrue_meta_security: dict[str, Any] | Unset = UNSET
        if not isinstance(self.gotrue_meta_security, Unset):
            gotrue_meta_security = self.gotrue_meta_security.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id_token": id_token,
            }
        )
        if access_token is not UNSET:
            field_dict["access_token"] = access_token
        if nonce is not UNSET:
            field_dict["nonce"] = nonce
        if provider is not UNSET:
            field_dict["provider"] = provider
        if client_id is not UNSET:
            field_dict["client_id"] = client_id
        if issuer is not UNSET:
            field_dict["issuer"] = issuer
        if link_identity is not UNSET:
            field_dict["link_identity"] = link_identity
        if gotrue_meta_security is not UNSET:
            field_dict["gotrue_meta_security"] = gotrue_meta_security

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.gotrue_meta_security import GotrueMetaSecurity  # noqa: PLC0415

        d = dict(src_dict)
        id_token = d.pop("id_token")

        access_token = d.pop("access_token", UNSET)

        nonce = d.pop("nonce", UNSET)

        provider = d.pop("provider", UNSET)

        client_id = d.pop("client_id", UNSET)

        issuer = d.pop("issuer", UNSET)

        link_identity = d.pop("link_identity", UNSET)

        _gotrue_meta_security = d.pop("gotrue_meta_security", UNSET)
        gotrue_meta_security: GotrueMetaSecurity | Unset
        if isinstance(_gotrue_meta_security, Unset):
            gotrue_meta_security = UNSET
        else:
            gotrue_meta_security = GotrueMetaSecurity.from_dict(_gotrue_meta_security)

        id_token_grant_request = cls(
            id_token=id_token,
            access_token=access_token,
            nonce=nonce,
            provider=provider,
            client_id=client_id,
            issuer=issuer,
            link_identity=link_identity,
            gotrue_meta_security=gotrue_meta_security,
        )

        id_token_grant_request.additional_properties = d
        return id_token_grant_request

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
