"""Public value types of the auth client: sessions, responses, events.

The user record is the generated :class:`kinbase_auth_api.models.User` (typed, attrs). A
:class:`Session` is kinbase's own type (not the generated one) so that its ``repr`` never
shows a token, and so that it round-trips through session storage as plain JSON.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Literal, TypeAlias

import attrs
from kinbase_auth_api.models.factor import Factor
from kinbase_auth_api.models.user import User

from kinbase.auth._jwt import decode_claims
from kinbase.errors import InvalidInputError

__all__ = [
    "AMREntry",
    "AuthChangeEvent",
    "AuthMFAGetAuthenticatorAssuranceLevelResponse",
    "AuthMFAListFactorsResponse",
    "AuthOtpResponse",
    "AuthResponse",
    "AuthStateCallback",
    "ClaimsResponse",
    "Factor",
    "GenerateLinkProperties",
    "GenerateLinkResponse",
    "OAuthResponse",
    "Session",
    "Subscription",
    "User",
    "UserList",
    "UserResponse",
]

#: The events :meth:`AuthClient.on_auth_state_change` callbacks receive.
AuthChangeEvent: TypeAlias = Literal[
    "INITIAL_SESSION",
    "SIGNED_IN",
    "SIGNED_OUT",
    "TOKEN_REFRESHED",
    "USER_UPDATED",
    "PASSWORD_RECOVERY",
    "MFA_CHALLENGE_VERIFIED",
]
AUTH_CHANGE_EVENTS: frozenset[str] = frozenset(AuthChangeEvent.__args__)  # type: ignore[attr-defined]


def _user_to_dict(user: User) -> dict[str, Any]:
    return user.to_dict()


@attrs.frozen
class Session:
    """A signed-in session. Tokens are hidden from ``repr``.

    ``expires_at`` is the access token's expiry in Unix seconds (from the server, or the
    JWT's ``exp``).
    """

    access_token: str = attrs.field(repr=False)
    refresh_token: str = attrs.field(repr=False)
    expires_at: int
    expires_in: int
    user: User
    token_type: str = "bearer"
    provider_token: str | None = attrs.field(default=None, repr=False)
    provider_refresh_token: str | None = attrs.field(default=None, repr=False)
    weak_password: Mapping[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-able dict (the shape GoTrue's token endpoint answers)."""
        data: dict[str, Any] = {
            "access_token": self.access_token,
            "refresh_token": self.refresh_token,
            "expires_at": self.expires_at,
            "expires_in": self.expires_in,
            "token_type": self.token_type,
            "user": _user_to_dict(self.user),
        }
        if self.provider_token is not None:
            data["provider_token"] = self.provider_token
        if self.provider_refresh_token is not None:
            data["provider_refresh_token"] = self.provider_refresh_token
        return data

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), separators=(",", ":"))

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Session:
        """From a token response or a stored session; raises InvalidInputError if malformed."""
        try:
            access_token = data["access_token"]
            refresh_token = data["refresh_token"]
            expires_in = int(data.get("expires_in") or 0)
            expires_at = data.get("expires_at")
            if expires_at is None:
                expires_at = int(decode_claims(access_token).get("exp", 0))
            user = User.from_dict(data["user"])
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise InvalidInputError(f"not a session: {type(exc).__name__}") from None
        if not isinstance(access_token, str) or not isinstance(refresh_token, str):
            raise InvalidInputError("not a session: tokens must be strings")
        weak = data.get("weak_password")
        return cls(
            access_token=access_token,
            refresh_token=refresh_token,
            expires_at=int(expires_at),
            expires_in=expires_in,
            user=user,
            token_type=str(data.get("token_type") or "bearer"),
            provider_token=data.get("provider_token"),
            provider_refresh_token=data.get("provider_refresh_token"),
            weak_password=weak if isinstance(weak, Mapping) else None,
        )

    @classmethod
    def from_json(cls, text: str | bytes) -> Session:
        try:
            data = json.loads(text)
        except ValueError:
            raise InvalidInputError("not a session: invalid JSON") from None
        if not isinstance(data, Mapping):
            raise InvalidInputError("not a session: not a JSON object")
        return cls.from_dict(data)

    def with_user(self, user: User) -> Session:
        return attrs.evolve(self, user=user)


@attrs.frozen
class AuthResponse:
    """What sign-in, sign-up, verify and refresh calls return (supabase_auth's shape).

    ``session`` is ``None`` when the server needs a confirmation first.
    """

    user: User | None = None
    session: Session | None = None


@attrs.frozen
class UserResponse:
    user: User


@attrs.frozen
class ClaimsResponse:
    """``get_claims``: the access token's claims (the server accepted the token)."""

    claims: dict[str, Any]


@attrs.frozen
class OAuthResponse:
    """``sign_in_with_oauth``: where to send the user."""

    provider: str
    url: str


@attrs.frozen
class AuthOtpResponse:
    """``sign_in_with_otp`` / ``resend``: no session yet, maybe a message id."""

    user: None = None
    session: None = None
    message_id: str | None = None


class UserList(list[User]):
    """One page of :meth:`AuthAdminAPI.list_users`: a list of users, plus the pagination
    headers GoTrue sends (supabase_auth drops them): ``total`` (``X-Total-Count``),
    ``next_page`` and ``last_page`` (from ``Link``), ``aud``."""

    total: int | None
    next_page: int | None
    last_page: int | None
    aud: str | None

    def __init__(
        self,
        users: Sequence[User] = (),
        *,
        total: int | None = None,
        next_page: int | None = None,
        last_page: int | None = None,
        aud: str | None = None,
    ) -> None:
        super().__init__(users)
        self.total = total
        self.next_page = next_page
        self.last_page = last_page
        self.aud = aud

    def __repr__(self) -> str:
        return (
            f"UserList({len(self)} users, total={self.total}, next_page={self.next_page}, "
            f"last_page={self.last_page})"
        )


@attrs.frozen
class GenerateLinkProperties:
    action_link: str = attrs.field(repr=False)
    email_otp: str = attrs.field(repr=False)
    hashed_token: str = attrs.field(repr=False)
    redirect_to: str
    verification_type: str


@attrs.frozen
class GenerateLinkResponse:
    properties: GenerateLinkProperties
    user: User


@attrs.frozen
class AMREntry:
    """One authentication method reference of the access token (``amr`` claim)."""

    method: str
    timestamp: int


@attrs.frozen
class AuthMFAListFactorsResponse:
    all: list[Factor]
    totp: list[Factor]
    phone: list[Factor]


@attrs.frozen
class AuthMFAGetAuthenticatorAssuranceLevelResponse:
    current_level: str | None
    next_level: str | None
    current_authentication_methods: list[AMREntry]


AuthStateCallback: TypeAlias = Callable[[AuthChangeEvent, Session | None], None]


@attrs.define(eq=False)
class Subscription:
    """Returned by ``on_auth_state_change``; call :meth:`unsubscribe` to stop the callback."""

    id: str
    callback: AuthStateCallback = attrs.field(repr=False)
    _unsubscribe: Callable[[], None] = attrs.field(repr=False, alias="unsubscribe")

    def unsubscribe(self) -> None:
        self._unsubscribe()
