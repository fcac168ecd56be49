from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.user import User
    from ..models.weak_password import WeakPassword


T = TypeVar("T", bound="Session")


@_attrs_define
class Session:
    """A token response. `expires_at` is in unix seconds."""

    access_token: str
    """ The access JWT. """
    token_type: str
    """ Always `bearer`. """
    expires_in: int
    """ Lifetime of the access token in seconds (default 3600). """
    expires_at: int
    """ Expiry of the access token, unix seconds. """
    refresh_token: str
    """ Single-use refresh token. """
    user: User
    """ A user. `email` and `phone` are `""` when not set. Optional timestamps are absent or
    null when never set.
     """
    weak_password: None | Unset | WeakPassword = UNSET
    """ Set by a password sign-in whose password no longer meets the policy; GoTrue sends
    `null` otherwise (the key is always present on password grants).
     """
    provider_token: str | Unset = UNSET
    """ The external provider's access token (OAuth sign-ins only). """
    provider_refresh_token: str | Unset = UNSET
    """ The external provider's refresh token (OAuth sign-ins only). """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.weak_password import WeakPassword  # noqa: PLC0415

        access_token = self.access_token

        token_type = self.token_type

        expires_in = self.expires_in

        expires_at = self.expires_at

        refresh_token = self.refresh_token

        user = self.user.to_dict()

        weak_password: dict[str, Any] | None | Unset
        if isinstance(self.weak_password, Unset):
            weak_password = UNSET
        elif isinstance(self.weak_password, WeakPassword):
            weak_password = self.weak_password.to_dict()
        else:
            weak_password = self.weak_password

        provider_token = self.provider_token

        provider_refresh_token = self.provider_refresh_token

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "access_token": access_token,
                "token_type": token_type,
                "expires_in": expires_in,
                "expires_at": expires_at,
                "refresh_token": refresh_token,
                "user": user,
            }
        )
        if weak_password is not UNSET:
            field_dict["weak_password"] = weak_password
        if provider_token is not UNSET:
            field_dict["provider_token"] = provider_token
        if provider_refresh_token is not UNSET:
            field_dict["provider_refresh_token"] = provider_refresh_token

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.user import User  # noqa: PLC0415
        from ..models.weak_password import WeakPassword  # noqa: PLC0415

        d = dict(src_dict)
        access_token = d.pop("access_token")

        token_type = d.pop("token_type")

        expires_in = d.pop("expires_in")

        expires_at = d.pop("expires_at")

        refresh_token = d.pop("refresh_token")

        user = User.from_dict(d.pop("user"))

        def _parse_weak_password(data: object) -> None | Unset | WeakPassword:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                weak_password_type_0 = WeakPassword.from_dict(data)

                return weak_password_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | WeakPassword, data)

        weak_password = _parse_weak_password(d.pop("weak_password", UNSET))

        provider_token = d.pop("provider_token", UNSET)

        provider_refresh_token = d.pop("provider_refresh_token", UNSET)

        session = cls(
            access_token=access_token,
            token_type=token_type,
            expires_in=expires_in,
            expires_at=expires_at,
            refresh_token=refresh_token,
            user=user,
            weak_password=weak_password,
            provider_token=provider_token,
            provider_refresh_token=provider_refresh_token,
        )

        session.additional_properties = d
        return session

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
