"""Public value types of the auth client: sessions, users, responses, events.

Shaped as supabase_auth documents its types (``supabase_auth.types``): the same classes,
field names and field types (metadata as plain dicts, timestamps as aware datetimes, ids
as strings), built with attrs instead of pydantic; ``model_dump()`` and
``model_dump_json()`` work as pydantic's. The generated, fully typed models
(``kinbase_auth_api.models``) are one call away: ``user.to_model()``. Tokens and TOTP
secrets never appear in a ``repr``; a :class:`Session` round-trips through session
storage as the JSON GoTrue sent.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal, NotRequired, TypeAlias, TypedDict

import attrs

from kinbase.auth._jwt import decode_claims
from kinbase.auth._shape import Dumpable, WireModel
from kinbase.errors import InvalidInputError

if TYPE_CHECKING:
    from kinbase_auth_api.models.user import User as GeneratedUser

__all__ = [
    "AMREntry",
    "AdminUserAttributes",
    "AuthChangeEvent",
    "AuthMFAChallengeResponse",
    "AuthMFAEnrollResponse",
    "AuthMFAEnrollResponseTotp",
    "AuthMFAGetAuthenticatorAssuranceLevelResponse",
    "AuthMFAListFactorsResponse",
    "AuthMFAUnenrollResponse",
    "AuthMFAVerifyResponse",
    "AuthOtpResponse",
    "AuthResponse",
    "AuthStateCallback",
    "CaptchaOptions",
    "ClaimsResponse",
    "CodeExchangeParams",
    "EmailOtpType",
    "Factor",
    "GenerateLinkOptions",
    "GenerateLinkParams",
    "GenerateLinkProperties",
    "GenerateLinkResponse",
    "IdentitiesResponse",
    "InviteUserByEmailOptions",
    "MFAChallengeAndVerifyParams",
    "MFAChallengeParams",
    "MFAEnrollParams",
    "MFAEnrollPhoneParams",
    "MFAEnrollTOTPParams",
    "MFAUnenrollParams",
    "MFAVerifyParams",
    "MessageChannel",
    "MobileOtpType",
    "OAuthResponse",
    "ResendCredentials",
    "ResendEmailCredentials",
    "ResendEmailOptions",
    "ResendPhoneCredentials",
    "ResetPasswordForEmailOptions",
    "Session",
    "SignInAnonymouslyCredentials",
    "SignInAnonymouslyOptions",
    "SignInWithEmailAndPasswordCredentials",
    "SignInWithEmailOtpCredentials",
    "SignInWithIdTokenCredentials",
    "SignInWithOAuthCredentials",
    "SignInWithOAuthOptions",
    "SignInWithOtpOptions",
    "SignInWithPasswordCredentials",
    "SignInWithPasswordlessCredentials",
    "SignInWithPhoneAndPasswordCredentials",
    "SignInWithPhoneOtpCredentials",
    "SignUpOptions",
    "SignUpWithEmailAndPasswordCredentials",
    "SignUpWithPasswordCredentials",
    "SignUpWithPhoneAndPasswordCredentials",
    "Subscription",
    "UpdateUserOptions",
    "User",
    "UserAttributes",
    "UserIdentity",
    "UserList",
    "UserResponse",
    "VerifyEmailOtpParams",
    "VerifyMobileOtpParams",
    "VerifyOtpOptions",
    "VerifyOtpParams",
    "VerifyTokenHashParams",
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


_DT: dict[str, Any] = {"wire": "datetime"}
_DICT: dict[str, Any] = {"wire": "dict"}
#: ``extra``: what GoTrue sent that the class does not model (kept for ``to_dict``; not
#: compared, shown or dumped).
_EXTRA: dict[str, Any] = {"internal": True}


@attrs.define(kw_only=True)
class UserIdentity(WireModel):
    """One sign-in identity of a user (email, phone or an OAuth provider)."""

    id: str
    identity_id: str
    user_id: str
    identity_data: dict[str, Any] = attrs.field(factory=dict, metadata=_DICT)
    provider: str
    created_at: datetime.datetime = attrs.field(metadata=_DT)
    last_sign_in_at: datetime.datetime | None = attrs.field(default=None, metadata=_DT)
    updated_at: datetime.datetime | None = attrs.field(default=None, metadata=_DT)
    extra: dict[str, Any] = attrs.field(factory=dict, repr=False, eq=False, metadata=_EXTRA)


@attrs.define(kw_only=True)
class Factor(WireModel):
    """An MFA factor: ``factor_type`` ``totp`` or ``phone``, ``status`` ``verified`` or
    ``unverified``."""

    id: str
    friendly_name: str | None = None
    phone: str | None = None
    factor_type: str
    status: str
    created_at: datetime.datetime = attrs.field(metadata=_DT)
    updated_at: datetime.datetime = attrs.field(metadata=_DT)
    extra: dict[str, Any] = attrs.field(factory=dict, repr=False, eq=False, metadata=_EXTRA)


@attrs.define(kw_only=True)
class User(WireModel):
    """A user, as supabase_auth's ``User``: ``app_metadata``/``user_metadata`` are dicts,
    timestamps aware datetimes (``None`` when never set), ``email``/``phone`` ``None`` or
    the server's string (GoTrue sends ``""`` when unset). Fields GoTrue sends that
    supabase_auth does not model (``phone_change_sent_at``...) are in ``extra``."""

    id: str
    app_metadata: dict[str, Any] = attrs.field(metadata=_DICT)
    user_metadata: dict[str, Any] = attrs.field(metadata=_DICT)
    aud: str
    confirmation_sent_at: datetime.datetime | None = attrs.field(default=None, metadata=_DT)
    recovery_sent_at: datetime.datetime | None = attrs.field(default=None, metadata=_DT)
    email_change_sent_at: datetime.datetime | None = attrs.field(default=None, metadata=_DT)
    new_email: str | None = None
    new_phone: str | None = None
    invited_at: datetime.datetime | None = attrs.field(default=None, metadata=_DT)
    action_link: str | None = None
    email: str | None = None
    phone: str | None = None
    created_at: datetime.datetime = attrs.field(metadata=_DT)
    confirmed_at: datetime.datetime | None = attrs.field(default=None, metadata=_DT)
    email_confirmed_at: datetime.datetime | None = attrs.field(default=None, metadata=_DT)
    phone_confirmed_at: datetime.datetime | None = attrs.field(default=None, metadata=_DT)
    last_sign_in_at: datetime.datetime | None = attrs.field(default=None, metadata=_DT)
    role: str | None = None
    updated_at: datetime.datetime | None = attrs.field(default=None, metadata=_DT)
    identities: list[UserIdentity] | None = attrs.field(
        default=None, metadata={"wire": [UserIdentity]}
    )
    is_anonymous: bool = False
    is_sso_user: bool = False
    factors: list[Factor] | None = attrs.field(default=None, metadata={"wire": [Factor]})
    deleted_at: str | None = None
    banned_until: str | None = None
    extra: dict[str, Any] = attrs.field(factory=dict, repr=False, eq=False, metadata=_EXTRA)

    def to_model(self) -> GeneratedUser:
        """The generated, fully typed model of this user (``kinbase_auth_api.models.User``:
        UUIDs, ``UNSET`` for absent fields)."""
        from kinbase_auth_api.models.user import User as GeneratedUser

        return GeneratedUser.from_dict(self.to_dict())


def _user_to_dict(user: User) -> dict[str, Any]:
    return user.to_dict()


@attrs.frozen
class Session(Dumpable):
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
        """The session as compact JSON (what session storages keep)."""
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
        """A session read back from :meth:`to_json`'s JSON; raises
        :class:`~kinbase.errors.InvalidInputError` if it is not one."""
        try:
            data = json.loads(text)
        except ValueError:
            raise InvalidInputError("not a session: invalid JSON") from None
        if not isinstance(data, Mapping):
            raise InvalidInputError("not a session: not a JSON object")
        return cls.from_dict(data)

    def with_user(self, user: User) -> Session:
        """A copy of the session with ``user`` in place of its user."""
        return attrs.evolve(self, user=user)


@attrs.frozen
class AuthResponse(Dumpable):
    """What sign-in, sign-up, verify and refresh calls return (supabase_auth's shape).

    ``session`` is ``None`` when the server needs a confirmation first.
    ``pending_confirmation`` is the server's message when ``verify_otp`` confirmed one half
    of a secure email change (GoTrue's ``{"msg", "code"}``): the other address must confirm
    too; ``user`` and ``session`` are ``None`` then.
    """

    user: User | None = None
    session: Session | None = None
    pending_confirmation: str | None = None


@attrs.frozen
class UserResponse(Dumpable):
    """``get_user``, ``update_user`` and the admin calls that answer one user."""

    user: User


@attrs.frozen
class IdentitiesResponse(Dumpable):
    """``get_user_identities``: the signed-in user's identities."""

    identities: list[UserIdentity]


class ClaimsResponse(dict[str, Any]):
    """``get_claims``: a mapping, as supabase_auth's (a ``TypedDict``):
    ``resp["claims"]`` (the verified payload), ``resp["headers"]`` (the JOSE header:
    ``alg``, ``kid``, ``typ``) and ``resp["signature"]`` (bytes). The same three read as
    attributes too (``resp.claims["sub"]``)."""

    def __init__(
        self, *, claims: Mapping[str, Any], headers: Mapping[str, Any], signature: bytes
    ) -> None:
        super().__init__(claims=dict(claims), headers=dict(headers), signature=signature)

    @property
    def claims(self) -> dict[str, Any]:
        return self["claims"]  # type: ignore[no-any-return]

    @property
    def headers(self) -> dict[str, Any]:
        return self["headers"]  # type: ignore[no-any-return]

    @property
    def signature(self) -> bytes:
        return self["signature"]  # type: ignore[no-any-return]

    def __repr__(self) -> str:
        # The claims are the token's content, not a credential; the signature is left out.
        return f"ClaimsResponse(claims={self.claims!r}, headers={self.headers!r})"


@attrs.frozen
class OAuthResponse(Dumpable):
    """``sign_in_with_oauth``: where to send the user."""

    provider: str
    url: str


@attrs.frozen
class AuthOtpResponse(Dumpable):
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
class GenerateLinkProperties(Dumpable):
    action_link: str = attrs.field(repr=False)
    email_otp: str = attrs.field(repr=False)
    hashed_token: str = attrs.field(repr=False)
    redirect_to: str
    verification_type: str


@attrs.frozen
class GenerateLinkResponse(Dumpable):
    properties: GenerateLinkProperties
    user: User


@attrs.frozen
class AMREntry(Dumpable):
    """One authentication method reference of the access token (``amr`` claim)."""

    method: str
    timestamp: int


@attrs.frozen
class AuthMFAListFactorsResponse(Dumpable):
    """``mfa.list_factors``: ``all`` factors, and the verified ``totp`` and ``phone`` ones."""

    all: list[Factor]
    totp: list[Factor]
    phone: list[Factor]


@attrs.define(kw_only=True)
class AuthMFAEnrollResponseTotp(WireModel):
    """What an authenticator app needs: ``qr_code`` (a ``data:image/svg+xml`` URI to put
    in ``<img src>``), ``secret`` and ``uri`` (both hidden from ``repr``)."""

    qr_code: str = attrs.field(repr=False)
    secret: str = attrs.field(repr=False)
    uri: str = attrs.field(repr=False)
    extra: dict[str, Any] = attrs.field(factory=dict, repr=False, eq=False, metadata=_EXTRA)


@attrs.define(kw_only=True)
class AuthMFAEnrollResponse(WireModel):
    """``mfa.enroll``: the new, unverified factor (``type`` ``totp`` or ``phone``)."""

    id: str
    type: str
    friendly_name: str | None = None
    totp: AuthMFAEnrollResponseTotp | None = attrs.field(
        default=None, metadata={"wire": AuthMFAEnrollResponseTotp}
    )
    phone: str | None = None
    extra: dict[str, Any] = attrs.field(factory=dict, repr=False, eq=False, metadata=_EXTRA)


@attrs.define(kw_only=True)
class AuthMFAChallengeResponse(WireModel):
    """``mfa.challenge``: the challenge ``id`` to verify, its ``expires_at`` (Unix
    seconds) and ``factor_type`` (the wire's ``type``)."""

    id: str
    expires_at: int
    factor_type: str | None = attrs.field(default=None, metadata={"key": "type"})
    extra: dict[str, Any] = attrs.field(factory=dict, repr=False, eq=False, metadata=_EXTRA)


@attrs.define(kw_only=True)
class AuthMFAUnenrollResponse(WireModel):
    """``mfa.unenroll``: the ``id`` of the factor removed."""

    id: str
    extra: dict[str, Any] = attrs.field(factory=dict, repr=False, eq=False, metadata=_EXTRA)


#: ``mfa.verify`` / ``challenge_and_verify``: the new aal2 session. supabase_auth's
#: ``AuthMFAVerifyResponse`` has ``access_token``, ``token_type``, ``expires_in``,
#: ``refresh_token`` and ``user``; a :class:`Session` has all of them (and ``expires_at``).
AuthMFAVerifyResponse: TypeAlias = Session


@attrs.frozen
class AuthMFAGetAuthenticatorAssuranceLevelResponse(Dumpable):
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
        """Stop calling this subscription's callback (safe to call twice)."""
        self._unsubscribe()


# --------------------------------------------------------------------------- parameters
#
# The dicts the auth methods take, as supabase_auth types them (``TypedDict``s): a
# misspelt or unknown key, or a value of the wrong type, is a type error under mypy or
# pyright. At run time they are plain dicts (anything mapping-like is read the same way).

#: The ``type`` of an email one-time code or link.
EmailOtpType: TypeAlias = Literal[
    "signup", "invite", "magiclink", "recovery", "email_change", "email"
]
#: The ``type`` of an SMS one-time code.
MobileOtpType: TypeAlias = Literal["sms", "phone_change"]
#: How an SMS-like code is sent.
MessageChannel: TypeAlias = Literal["sms", "whatsapp"]


class SignUpOptions(TypedDict, total=False):
    """``options`` of :meth:`~kinbase.AuthClient.sign_up`."""

    data: Mapping[str, Any]
    email_redirect_to: str
    captcha_token: str
    channel: MessageChannel


class SignUpWithEmailAndPasswordCredentials(TypedDict):
    """``sign_up`` with an email address."""

    email: str
    password: str
    options: NotRequired[SignUpOptions]


class SignUpWithPhoneAndPasswordCredentials(TypedDict):
    """``sign_up`` with a phone number."""

    phone: str
    password: str
    options: NotRequired[SignUpOptions]


SignUpWithPasswordCredentials: TypeAlias = (
    SignUpWithEmailAndPasswordCredentials | SignUpWithPhoneAndPasswordCredentials
)


class CaptchaOptions(TypedDict, total=False):
    """``options`` holding only a captcha token."""

    captcha_token: str


class SignInWithEmailAndPasswordCredentials(TypedDict):
    """``sign_in_with_password`` with an email address."""

    email: str
    password: str
    options: NotRequired[CaptchaOptions]


class SignInWithPhoneAndPasswordCredentials(TypedDict):
    """``sign_in_with_password`` with a phone number."""

    phone: str
    password: str
    options: NotRequired[CaptchaOptions]


SignInWithPasswordCredentials: TypeAlias = (
    SignInWithEmailAndPasswordCredentials | SignInWithPhoneAndPasswordCredentials
)


class SignInAnonymouslyOptions(TypedDict, total=False):
    """``options`` of ``sign_in_anonymously``."""

    data: Mapping[str, Any]
    captcha_token: str


class SignInAnonymouslyCredentials(TypedDict, total=False):
    """``sign_in_anonymously``'s argument."""

    options: SignInAnonymouslyOptions


class SignInWithIdTokenCredentials(TypedDict):
    """``sign_in_with_id_token``: an OIDC ID token from ``provider``."""

    provider: str
    token: str
    access_token: NotRequired[str]
    nonce: NotRequired[str]
    client_id: NotRequired[str]
    issuer: NotRequired[str]
    options: NotRequired[CaptchaOptions]


class SignInWithOtpOptions(TypedDict, total=False):
    """``options`` of ``sign_in_with_otp``."""

    email_redirect_to: str
    should_create_user: bool
    data: Mapping[str, Any]
    captcha_token: str
    channel: MessageChannel


class SignInWithEmailOtpCredentials(TypedDict):
    """``sign_in_with_otp`` by email (a code or a magic link)."""

    email: str
    options: NotRequired[SignInWithOtpOptions]


class SignInWithPhoneOtpCredentials(TypedDict):
    """``sign_in_with_otp`` by SMS."""

    phone: str
    options: NotRequired[SignInWithOtpOptions]


SignInWithPasswordlessCredentials: TypeAlias = (
    SignInWithEmailOtpCredentials | SignInWithPhoneOtpCredentials
)


class SignInWithOAuthOptions(TypedDict, total=False):
    """``options`` of ``sign_in_with_oauth``."""

    redirect_to: str
    scopes: str
    query_params: Mapping[str, str]


class SignInWithOAuthCredentials(TypedDict):
    """``sign_in_with_oauth``'s argument."""

    provider: str
    options: NotRequired[SignInWithOAuthOptions]


class VerifyOtpOptions(TypedDict, total=False):
    """``options`` of ``verify_otp``."""

    redirect_to: str
    captcha_token: str


class VerifyEmailOtpParams(TypedDict):
    """``verify_otp`` of a code sent by email."""

    email: str
    token: str
    type: EmailOtpType
    options: NotRequired[VerifyOtpOptions]


class VerifyMobileOtpParams(TypedDict):
    """``verify_otp`` of a code sent by SMS."""

    phone: str
    token: str
    type: MobileOtpType
    options: NotRequired[VerifyOtpOptions]


class VerifyTokenHashParams(TypedDict):
    """``verify_otp`` of a link's token hash (it names the address itself)."""

    token_hash: str
    type: EmailOtpType
    options: NotRequired[VerifyOtpOptions]


VerifyOtpParams: TypeAlias = VerifyEmailOtpParams | VerifyMobileOtpParams | VerifyTokenHashParams


class ResendEmailOptions(TypedDict, total=False):
    """``options`` of an email ``resend``."""

    email_redirect_to: str
    captcha_token: str


class ResendEmailCredentials(TypedDict):
    """``resend`` of a signup or email-change email."""

    type: Literal["signup", "email_change"]
    email: str
    options: NotRequired[ResendEmailOptions]


class ResendPhoneCredentials(TypedDict):
    """``resend`` of an SMS code."""

    type: Literal["sms", "phone_change"]
    phone: str
    options: NotRequired[CaptchaOptions]


ResendCredentials: TypeAlias = ResendEmailCredentials | ResendPhoneCredentials


class ResetPasswordForEmailOptions(TypedDict, total=False):
    """``options`` of ``reset_password_for_email``."""

    redirect_to: str
    captcha_token: str


class CodeExchangeParams(TypedDict):
    """``exchange_code_for_session``: the code from the redirect; the verifier defaults
    to the one the session's storage kept."""

    auth_code: str
    code_verifier: NotRequired[str]
    redirect_to: NotRequired[str]


class UserAttributes(TypedDict, total=False):
    """``update_user``'s attributes (``nonce``: from ``reauthenticate``)."""

    email: str
    phone: str
    password: str
    current_password: str
    nonce: str
    data: Mapping[str, Any]
    channel: MessageChannel


class UpdateUserOptions(TypedDict, total=False):
    """``options`` of ``update_user``."""

    email_redirect_to: str


class MFAEnrollTOTPParams(TypedDict):
    """``mfa.enroll`` of an authenticator app."""

    factor_type: Literal["totp"]
    issuer: NotRequired[str]
    friendly_name: NotRequired[str]


class MFAEnrollPhoneParams(TypedDict):
    """``mfa.enroll`` of a phone."""

    factor_type: Literal["phone"]
    phone: str
    friendly_name: NotRequired[str]


MFAEnrollParams: TypeAlias = MFAEnrollTOTPParams | MFAEnrollPhoneParams


class MFAChallengeParams(TypedDict):
    """``mfa.challenge``'s argument."""

    factor_id: str
    channel: NotRequired[MessageChannel]


class MFAVerifyParams(TypedDict):
    """``mfa.verify``'s argument."""

    factor_id: str
    challenge_id: str
    code: str


class MFAChallengeAndVerifyParams(TypedDict):
    """``mfa.challenge_and_verify``'s argument."""

    factor_id: str
    code: str


class MFAUnenrollParams(TypedDict):
    """``mfa.unenroll``'s argument."""

    factor_id: str


class AdminUserAttributes(TypedDict, total=False):
    """``admin.create_user`` / ``admin.update_user_by_id``'s attributes."""

    email: str
    phone: str
    password: str
    password_hash: str
    email_confirm: bool
    phone_confirm: bool
    user_metadata: Mapping[str, Any]
    app_metadata: Mapping[str, Any]
    ban_duration: str
    role: str
    aud: str
    id: str


class GenerateLinkOptions(TypedDict, total=False):
    """``options`` of ``admin.generate_link``."""

    data: Mapping[str, Any]
    redirect_to: str


class GenerateLinkParams(TypedDict):
    """``admin.generate_link``'s argument (``password`` for ``signup``, ``new_email``
    for the email-change links)."""

    type: Literal[
        "signup",
        "invite",
        "magiclink",
        "recovery",
        "email_change_current",
        "email_change_new",
    ]
    email: str
    password: NotRequired[str]
    new_email: NotRequired[str]
    options: NotRequired[GenerateLinkOptions]


class InviteUserByEmailOptions(TypedDict, total=False):
    """``options`` of ``admin.invite_user_by_email``."""

    data: Mapping[str, Any]
    redirect_to: str
