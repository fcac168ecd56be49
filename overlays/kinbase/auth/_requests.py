"""Sans-I/O: supabase_auth-style arguments -> generated request kwargs, responses -> types.

Every request is built by a generated ``_get_kwargs`` (so the overlay and direct users of
``kinbase_auth_api`` send the same requests); the clients only send them. Responses are
parsed here after the client has turned error statuses into exceptions.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

import httpx
from kinbase_auth_api.api.admin import (
    admin_create_user,
    admin_delete_user,
    admin_generate_link,
    admin_get_user,
    admin_list_users,
    admin_update_user,
    invite,
)
from kinbase_auth_api.api.discovery import jwks as jwks_api
from kinbase_auth_api.api.mfa import (
    factors_challenge,
    factors_enroll,
    factors_unenroll,
    factors_verify,
)
from kinbase_auth_api.api.otp import otp, recover, verify
from kinbase_auth_api.api.otp import resend as resend_api
from kinbase_auth_api.api.token import logout, token
from kinbase_auth_api.api.user import get_user, reauthenticate, signup, update_user
from kinbase_auth_api.models.admin_delete_user_request import AdminDeleteUserRequest
from kinbase_auth_api.models.admin_user_attributes import AdminUserAttributes
from kinbase_auth_api.models.factor_challenge_request import FactorChallengeRequest
from kinbase_auth_api.models.factor_enroll_request import FactorEnrollRequest
from kinbase_auth_api.models.factor_verify_request import FactorVerifyRequest
from kinbase_auth_api.models.generate_link_request import GenerateLinkRequest
from kinbase_auth_api.models.id_token_grant_request import IdTokenGrantRequest
from kinbase_auth_api.models.invite_request import InviteRequest
from kinbase_auth_api.models.otp_request import OtpRequest
from kinbase_auth_api.models.password_grant_request import PasswordGrantRequest
from kinbase_auth_api.models.pkce_grant_request import PkceGrantRequest
from kinbase_auth_api.models.recover_request import RecoverRequest
from kinbase_auth_api.models.refresh_token_grant_request import RefreshTokenGrantRequest
from kinbase_auth_api.models.resend_request import ResendRequest
from kinbase_auth_api.models.signup_request import SignupRequest
from kinbase_auth_api.models.user_update_request import UserUpdateRequest
from kinbase_auth_api.models.verify_request import VerifyRequest
from kinbase_auth_api.types import UNSET, Unset

from kinbase._http.retry import IDEMPOTENT_EXTENSION
from kinbase._json import to_jsonable
from kinbase.auth._pkce import challenge_for
from kinbase.auth.types import (
    AuthMFAChallengeResponse,
    AuthMFAEnrollResponse,
    AuthMFAUnenrollResponse,
    AuthOtpResponse,
    AuthResponse,
    GenerateLinkProperties,
    GenerateLinkResponse,
    Session,
    User,
    UserList,
)
from kinbase.errors import InvalidInputError, InvalidResponseError

__all__ = ["Kwargs", "SignOutScope"]

Kwargs = dict[str, Any]
SignOutScope = str
T = TypeVar("T")

_SCOPES = ("global", "local", "others")


# --------------------------------------------------------------------------- helpers


def _clean(data: Mapping[str, Any]) -> dict[str, Any]:
    """Top-level ``None`` values dropped (they mean "not given" in supabase_auth's dicts)."""
    cleaned = {key: value for key, value in data.items() if value is not None}
    security = cleaned.get("gotrue_meta_security")
    if isinstance(security, Mapping) and not any(v is not None for v in security.values()):
        cleaned.pop("gotrue_meta_security")
    return cast(dict[str, Any], to_jsonable(cleaned, path="body"))


def _model(cls: type[T], data: Mapping[str, Any], what: str) -> T:
    try:
        return cls.from_dict(_clean(data))  # type: ignore[attr-defined,no-any-return]
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        detail = exc.args[0] if isinstance(exc, KeyError) else type(exc).__name__
        raise InvalidInputError(f"{what}: missing or invalid field ({detail})") from None


def _opt(value: str | None) -> str | Unset:
    return UNSET if value is None else value


def _options(credentials: Mapping[str, Any]) -> Mapping[str, Any]:
    options = credentials.get("options") or {}
    if not isinstance(options, Mapping):
        raise InvalidInputError("options must be a mapping")
    return options


def _captcha(options: Mapping[str, Any]) -> dict[str, Any]:
    return {"captcha_token": options.get("captcha_token")}


def _uuid(value: str | UUID, what: str) -> UUID:
    if isinstance(value, UUID):
        return value
    try:
        return UUID(str(value))
    except ValueError:
        raise InvalidInputError(f"{what} must be a UUID, got {value!r}") from None


def pkce_params(verifier: str) -> dict[str, str]:
    return {"code_challenge": challenge_for(verifier), "code_challenge_method": "s256"}


def _pkce(body: dict[str, Any], verifier: str | None) -> dict[str, Any]:
    if verifier is not None:
        body.update(pkce_params(verifier))
    return body


def check_scope(scope: str) -> str:
    if scope not in _SCOPES:
        raise InvalidInputError(f"scope must be one of {', '.join(_SCOPES)}, got {scope!r}")
    return scope


# --------------------------------------------------------------------------- user API


def sign_up(credentials: Mapping[str, Any], verifier: str | None) -> Kwargs:
    email, phone = credentials.get("email"), credentials.get("phone")
    password = credentials.get("password")
    if not password or not (email or phone):
        raise InvalidInputError("sign_up needs an email or a phone, and a password")
    options = _options(credentials)
    body: dict[str, Any] = {
        "password": password,
        "data": options.get("data") or {},
        "gotrue_meta_security": _captcha(options),
    }
    if email:
        body["email"] = email
        body = _pkce(body, verifier)
    else:
        body["phone"] = phone
        body["channel"] = options.get("channel", "sms")
    return signup._get_kwargs(
        body=_model(SignupRequest, body, "sign_up"),
        redirect_to=_opt(options.get("email_redirect_to") if email else None),
    )


def sign_in_anonymously(credentials: Mapping[str, Any] | None) -> Kwargs:
    options = _options(credentials or {})
    body = {"data": options.get("data") or {}, "gotrue_meta_security": _captcha(options)}
    return signup._get_kwargs(body=_model(SignupRequest, body, "sign_in_anonymously"))


def sign_in_with_password(credentials: Mapping[str, Any]) -> Kwargs:
    email, phone = credentials.get("email"), credentials.get("phone")
    password = credentials.get("password")
    if not password or not (email or phone):
        raise InvalidInputError("sign_in_with_password needs an email or a phone, and a password")
    options = _options(credentials)
    body = {
        "email": email or None,
        "phone": None if email else phone,
        "password": password,
        "gotrue_meta_security": _captcha(options),
    }
    return token._get_kwargs(
        body=_model(PasswordGrantRequest, body, "sign_in_with_password"), grant_type="password"
    )


def sign_in_with_id_token(credentials: Mapping[str, Any]) -> Kwargs:
    if not credentials.get("provider") or not credentials.get("token"):
        raise InvalidInputError("sign_in_with_id_token needs a provider and a token")
    options = _options(credentials)
    body = {
        "provider": credentials["provider"],
        "id_token": credentials["token"],
        "access_token": credentials.get("access_token"),
        "nonce": credentials.get("nonce"),
        "client_id": credentials.get("client_id"),
        "issuer": credentials.get("issuer"),
        "gotrue_meta_security": _captcha(options),
    }
    return token._get_kwargs(
        body=_model(IdTokenGrantRequest, body, "sign_in_with_id_token"), grant_type="id_token"
    )


def refresh(refresh_token: str, *, idempotent: bool) -> Kwargs:
    kwargs = token._get_kwargs(
        body=RefreshTokenGrantRequest(refresh_token=refresh_token), grant_type="refresh_token"
    )
    if idempotent:
        kwargs["extensions"] = {IDEMPOTENT_EXTENSION: True}
    return kwargs


def exchange_code(auth_code: str, code_verifier: str) -> Kwargs:
    body = PkceGrantRequest(auth_code=auth_code, code_verifier=code_verifier)
    return token._get_kwargs(body=body, grant_type="pkce")


def sign_in_with_otp(credentials: Mapping[str, Any], verifier: str | None) -> Kwargs:
    email, phone = credentials.get("email"), credentials.get("phone")
    if not (email or phone):
        raise InvalidInputError("sign_in_with_otp needs an email or a phone")
    options = _options(credentials)
    body: dict[str, Any] = {
        "data": options.get("data"),
        "create_user": options.get("should_create_user", True),
        "gotrue_meta_security": _captcha(options),
    }
    if email:
        body["email"] = email
        body = _pkce(body, verifier)
    else:
        body["phone"] = phone
        body["channel"] = options.get("channel", "sms")
    return otp._get_kwargs(
        body=_model(OtpRequest, body, "sign_in_with_otp"),
        redirect_to=_opt(options.get("email_redirect_to") if email else None),
    )


def verify_otp(params: Mapping[str, Any]) -> Kwargs:
    if not params.get("type"):
        raise InvalidInputError("verify_otp needs a type")
    options = _options(params)
    body = {key: value for key, value in params.items() if key != "options"}
    if body.get("token_hash") and (body.get("email") or body.get("phone")):
        # GoTrue answers 400 validation_failed ("Only the token_hash and type should be
        # provided"): the hash already names the address
        raise InvalidInputError("verify_otp takes a token_hash without an email or a phone")
    # GoTrue reads redirect_to from the query string too, and refuses it in the body
    # next to a token_hash
    redirect = body.pop("redirect_to", None) or options.get("redirect_to")
    return verify._get_kwargs(
        body=_model(VerifyRequest, body, "verify_otp"), redirect_to=_opt(redirect)
    )


def resend(credentials: Mapping[str, Any]) -> Kwargs:
    email, phone = credentials.get("email"), credentials.get("phone")
    if not (email or phone) or not credentials.get("type"):
        raise InvalidInputError("resend needs a type and an email or a phone")
    options = _options(credentials)
    body = {
        "type": credentials["type"],
        "email": email or None,
        "phone": None if email else phone,
        "gotrue_meta_security": _captcha(options),
    }
    return resend_api._get_kwargs(
        body=_model(ResendRequest, body, "resend"),
        redirect_to=_opt(options.get("email_redirect_to") if email else None),
    )


def reset_password_for_email(
    email: str, options: Mapping[str, Any] | None, verifier: str | None
) -> Kwargs:
    if not email:
        raise InvalidInputError("reset_password_for_email needs an email")
    options = options or {}
    body = _pkce({"email": email, "gotrue_meta_security": _captcha(options)}, verifier)
    return recover._get_kwargs(
        body=_model(RecoverRequest, body, "reset_password_for_email"),
        redirect_to=_opt(options.get("redirect_to")),
    )


def jwks_request() -> Kwargs:
    return jwks_api._get_kwargs()


def parse_json(response: httpx.Response) -> Any:
    """The JSON body, or ``None`` when it is not JSON."""
    return _json(response)


def get_user_request() -> Kwargs:
    return get_user._get_kwargs()


def update_user_request(
    attributes: Mapping[str, Any], options: Mapping[str, Any] | None, verifier: str | None
) -> Kwargs:
    body = dict(attributes)
    if body.get("email") is not None:
        body = _pkce(body, verifier)
    return update_user._get_kwargs(
        body=_model(UserUpdateRequest, body, "update_user"),
        redirect_to=_opt((options or {}).get("email_redirect_to")),
    )


def reauthenticate_request() -> Kwargs:
    return reauthenticate._get_kwargs()


def logout_request(scope: str) -> Kwargs:
    return logout._get_kwargs(scope=check_scope(scope))  # type: ignore[arg-type]


# --------------------------------------------------------------------------- MFA


def enroll(params: Mapping[str, Any]) -> Kwargs:
    body = {
        "factor_type": params.get("factor_type"),
        "friendly_name": params.get("friendly_name"),
    }
    if params.get("factor_type") == "phone":
        body["phone"] = params.get("phone")
    else:
        body["issuer"] = params.get("issuer")
    return factors_enroll._get_kwargs(body=_model(FactorEnrollRequest, body, "mfa.enroll"))


def challenge(params: Mapping[str, Any]) -> Kwargs:
    factor_id = _uuid(params.get("factor_id", ""), "factor_id")
    body = {"channel": params.get("channel")}
    return factors_challenge._get_kwargs(
        factor_id, body=_model(FactorChallengeRequest, body, "mfa.challenge")
    )


def verify_factor(params: Mapping[str, Any]) -> Kwargs:
    factor_id = _uuid(params.get("factor_id", ""), "factor_id")
    body = {"challenge_id": params.get("challenge_id"), "code": params.get("code")}
    return factors_verify._get_kwargs(
        factor_id, body=_model(FactorVerifyRequest, body, "mfa.verify")
    )


def unenroll(params: Mapping[str, Any]) -> Kwargs:
    return factors_unenroll._get_kwargs(_uuid(params.get("factor_id", ""), "factor_id"))


# --------------------------------------------------------------------------- admin


def admin_create(attributes: Mapping[str, Any]) -> Kwargs:
    return admin_create_user._get_kwargs(
        body=_model(AdminUserAttributes, attributes, "admin.create_user")
    )


def admin_list(page: int | None, per_page: int | None, filter: str | None = None) -> Kwargs:
    for name, value in (("page", page), ("per_page", per_page)):
        if value is not None and (
            isinstance(value, bool) or not isinstance(value, int) or value < 1
        ):
            # GoTrue does not check them: per_page=0 fails there with a 500
            raise InvalidInputError(f"{name} must be an integer >= 1, not {value!r}")
    return admin_list_users._get_kwargs(
        page=UNSET if page is None else page,
        per_page=UNSET if per_page is None else per_page,
        filter_=_opt(filter),
    )


def admin_get(uid: str | UUID) -> Kwargs:
    return admin_get_user._get_kwargs(_uuid(uid, "uid"))


def admin_update(uid: str | UUID, attributes: Mapping[str, Any]) -> Kwargs:
    return admin_update_user._get_kwargs(
        _uuid(uid, "uid"), body=_model(AdminUserAttributes, attributes, "admin.update_user_by_id")
    )


def admin_delete(uid: str | UUID, should_soft_delete: bool) -> Kwargs:
    return admin_delete_user._get_kwargs(
        _uuid(uid, "id"), body=AdminDeleteUserRequest(should_soft_delete=should_soft_delete)
    )


def admin_generate_link_request(params: Mapping[str, Any]) -> Kwargs:
    options = _options(params)
    body = {
        "type": params.get("type"),
        "email": params.get("email"),
        "password": params.get("password"),
        "new_email": params.get("new_email"),
        "data": options.get("data"),
    }
    return admin_generate_link._get_kwargs(
        body=_model(GenerateLinkRequest, body, "admin.generate_link"),
        redirect_to=_opt(options.get("redirect_to")),
    )


def admin_invite(email: str, options: Mapping[str, Any] | None) -> Kwargs:
    options = options or {}
    body = {"email": email, "data": options.get("data")}
    return invite._get_kwargs(
        body=_model(InviteRequest, body, "admin.invite_user_by_email"),
        redirect_to=_opt(options.get("redirect_to")),
    )


# --------------------------------------------------------------------------- parsing


def _json(response: httpx.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        return None


#: What a malformed answer can raise while it is read into a model.
_MALFORMED = (InvalidInputError, KeyError, TypeError, ValueError, AttributeError)


def _detail(exc: BaseException) -> str:
    # A missing key's name, else only the exception's type: values may be secrets.
    if isinstance(exc, KeyError) and exc.args:
        return f"missing {exc.args[0]!r}"
    if isinstance(exc, InvalidInputError):
        return str(exc)
    return type(exc).__name__


def _parsed(response: httpx.Response, what: str, build: Callable[[Any], T]) -> T:
    """``build(json)`` of a success answer; anything malformed is the server's fault:
    :class:`~kinbase.errors.InvalidResponseError` (the request was sent)."""
    data = _json(response)
    try:
        return build(data)
    except _MALFORMED as exc:
        problem = f"{what} that cannot be read ({_detail(exc)})"
        raise InvalidResponseError.from_response(response, problem) from None


def _session_of(data: Any) -> Session:
    if not isinstance(data, Mapping):
        raise TypeError("not a JSON object")
    return Session.from_dict(data)


def _user_of(data: Any) -> User:
    if not isinstance(data, Mapping):
        raise TypeError("not a JSON object")
    return User.from_dict(data)


def parse_session(response: httpx.Response) -> Session:
    """The session of a token answer."""
    return _parsed(response, "a token response", _session_of)


def parse_user(response: httpx.Response) -> User:
    """The user of a user answer."""
    return _parsed(response, "a user response", _user_of)


def _auth_response_of(data: Any) -> AuthResponse | None:
    if isinstance(data, Mapping) and "access_token" in data:
        session = Session.from_dict(data)
        return AuthResponse(user=session.user, session=session)
    if isinstance(data, Mapping) and "id" in data:
        return AuthResponse(user=_user_of(data), session=None)
    return None


def parse_auth_response(response: httpx.Response) -> AuthResponse:
    """A session when the body is one (``access_token``), else just a user."""
    result = _parsed(response, "a sign-in response", _auth_response_of)
    if result is None:
        # Neither a session nor a user: not GoTrue's answer (a proxy's page, an error body
        # with a success status). Returning an empty response would pass for success.
        raise InvalidResponseError.from_response(response, "neither a session nor a user")
    return result


def parse_verify_response(response: httpx.Response, verify_type: object) -> AuthResponse:
    """A session; for the first of a secure email change's two confirmations, GoTrue's
    ``{"msg", "code": "200"}``: the second confirmation is pending."""
    data = _json(response)
    if (
        verify_type == "email_change"
        and isinstance(data, Mapping)
        and isinstance(data.get("msg"), str)
        and "access_token" not in data
        and "id" not in data
    ):
        return AuthResponse(pending_confirmation=data["msg"])
    return parse_auth_response(response)


def parse_otp_response(response: httpx.Response) -> AuthOtpResponse:
    """The ``message_id`` of an OTP answer (``None`` when the server sent none)."""
    data = _json(response)
    message_id = data.get("message_id") if isinstance(data, Mapping) else None
    return AuthOtpResponse(message_id=message_id if isinstance(message_id, str) else None)


#: supabase_auth hands users a URI for ``<img src>``; GoTrue sends the SVG markup itself.
QR_CODE_PREFIX = "data:image/svg+xml;utf-8,"


def parse_enroll(response: httpx.Response) -> AuthMFAEnrollResponse:
    """The new factor; ``totp.qr_code`` as a data URI (supabase_auth's); the TOTP secret,
    URI and QR code are hidden from reprs."""
    enrolled = _parsed(response, "an MFA enroll response", AuthMFAEnrollResponse.from_dict)
    if enrolled.totp is not None and not enrolled.totp.qr_code.startswith("data:"):
        enrolled.totp.qr_code = QR_CODE_PREFIX + enrolled.totp.qr_code
    return enrolled


def parse_challenge(response: httpx.Response) -> AuthMFAChallengeResponse:
    """An MFA challenge."""
    return _parsed(response, "an MFA challenge response", AuthMFAChallengeResponse.from_dict)


def parse_unenroll(response: httpx.Response) -> AuthMFAUnenrollResponse:
    """The id of a removed MFA factor."""
    return _parsed(response, "an MFA unenroll response", AuthMFAUnenrollResponse.from_dict)


_LINK = re.compile(r'<([^>]*)>\s*;\s*rel="?(\w+)"?')
_PAGE = re.compile(r"[?&]page=(\d+)")


def parse_user_list(response: httpx.Response) -> UserList:
    data = _json(response)
    if not isinstance(data, Mapping) or not isinstance(data.get("users"), list):
        raise InvalidResponseError.from_response(response, "a user list without users")
    users = _parsed(response, "a user list", lambda body: [_user_of(u) for u in body["users"]])
    pages: dict[str, int] = {}
    for url, rel in _LINK.findall(response.headers.get("link", "")):
        match = _PAGE.search(url)
        if match:
            pages[rel] = int(match.group(1))
    total_header = response.headers.get("x-total-count", "")
    aud = data.get("aud")
    return UserList(
        users,
        total=int(total_header) if total_header.strip().isdigit() else None,
        next_page=pages.get("next"),
        last_page=pages.get("last"),
        aud=aud if isinstance(aud, str) else None,
    )


def parse_generate_link(response: httpx.Response) -> GenerateLinkResponse:
    data = _json(response)
    if not isinstance(data, Mapping):
        raise InvalidResponseError.from_response(
            response, "a generate_link response that is not an object"
        )
    fields = ("action_link", "email_otp", "hashed_token", "redirect_to", "verification_type")
    properties = GenerateLinkProperties(**{name: str(data.get(name) or "") for name in fields})
    user_data = {key: value for key, value in data.items() if key not in fields}
    user = _parsed(response, "a generate_link response", lambda _: _user_of(user_data))
    return GenerateLinkResponse(properties=properties, user=user)
