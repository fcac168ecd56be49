"""POST /token: password, refresh_token, pkce and id_token grants."""

from __future__ import annotations

import hashlib
import hmac
import re
from typing import TYPE_CHECKING, Any

from .. import jwt
from ..errors import OAuthError, bad_request, validation
from ..mail import apply_verification
from ..models import User, check_password
from ..passwords import sign_in_warning
from ..store import check_email, normalize_email, normalize_phone
from ..wire import Request, Response, ok

if TYPE_CHECKING:
    from ..app import App

INVALID_LOGIN = "Invalid login credentials"
ID_TOKEN_PROVIDER = "test"


def token(app: App, req: Request) -> Response:
    grant = req.query.get("grant_type") or str(req.json().get("grant_type") or "")
    handler = GRANTS.get(grant)
    if handler is None:
        # Upstream answers an unknown grant with an ordinary 400 (not the OAuth shape).
        raise bad_request("invalid_credentials", "unsupported_grant_type")
    return handler(app, req)


def password_grant(app: App, req: Request) -> Response:
    email, phone = req.str_field("email"), req.str_field("phone")
    password = req.json().get("password")
    if email and phone:
        raise validation("Only an email address or phone number should be provided on login.")
    if not email and not phone:
        raise validation("missing email or phone")
    store = app.store
    with store.lock:
        user = store.user_by_email(email) if email else store.user_by_phone(phone)
        if (
            user is None
            or not isinstance(password, str)
            or not check_password(user.password_hash, password)
        ):
            raise bad_request("invalid_credentials", INVALID_LOGIN)
        if user.is_banned(store.now()):
            raise bad_request("user_banned", "User is banned")
        if email and not user.email_confirmed_at:
            raise bad_request("email_not_confirmed", "Email not confirmed")
        if phone and not user.phone_confirmed_at:
            raise bad_request("phone_not_confirmed", "Phone not confirmed")
        warning = sign_in_warning(app.config, password)
        return ok(app.sessions.sign_in(user, "password", weak_password=warning))


def refresh_grant(app: App, req: Request) -> Response:
    value = req.str_field("refresh_token")
    if not value:
        raise OAuthError("invalid_request", "refresh_token required")
    if not _readable_refresh_token(app, value):
        raise bad_request("validation_failed", "Refresh token is not valid")
    return ok(app.sessions.refresh(value))


_LEGACY_REFRESH_TOKEN = re.compile(r"[a-z0-9]{12}")
_OWN_REFRESH_TOKEN = re.compile(r"[A-Za-z0-9_-]{22}")  # secrets.token_urlsafe(16)


def _readable_refresh_token(app: App, value: str) -> bool:
    """GoTrue's first check: 12 characters [a-z0-9] (a v1 token, looked up next) or a v2
    token it can parse (here: this server's own format); anything else is refused with
    400 ``validation_failed`` before any lookup."""
    if len(value) == 12:
        return _LEGACY_REFRESH_TOKEN.fullmatch(value) is not None
    return _OWN_REFRESH_TOKEN.fullmatch(value) is not None


def pkce_grant(app: App, req: Request) -> Response:
    store = app.store
    with store.lock:
        flow = app.mailer.exchange(req.str_field("auth_code"), req.str_field("code_verifier"))
        user = store.users.get(flow.user_id)
        if user is None:
            raise bad_request("user_not_found", "User not found")
        method = apply_verification(store, user, flow.kind, flow.relates_to)
        return ok(app.sessions.sign_in(user, method))


def _id_token_claims(app: App, req: Request) -> dict[str, Any]:
    id_token, provider = req.str_field("id_token"), req.str_field("provider")
    if not id_token:
        raise OAuthError("invalid request", "id_token required")
    if not provider:
        raise OAuthError("invalid request", "provider or client_id and issuer required")
    if provider != ID_TOKEN_PROVIDER:
        raise validation(f'Custom OIDC provider "{provider}" not allowed')
    try:
        claims = jwt.decode(id_token, app.config.jwt_secret, now=app.store.now())
    except jwt.JWTError as exc:
        raise OAuthError("invalid request", "Bad ID token") from exc
    if not isinstance(claims.get("sub"), str) or not claims["sub"]:
        raise OAuthError("invalid request", "Missing sub claim in id_token")
    nonce, hashed = req.str_field("nonce"), claims.get("nonce")
    if bool(nonce) != (hashed is not None):
        raise OAuthError(
            "invalid request", "Passed nonce and nonce in id_token should either both exist or not."
        )
    if nonce and not hmac.compare_digest(
        hashlib.sha256(nonce.encode()).hexdigest().encode(), str(hashed).encode()
    ):
        raise OAuthError("invalid nonce", "Nonces mismatch")
    return claims


def _has_identity(user: User, sub: str) -> bool:
    return any(i.provider == ID_TOKEN_PROVIDER and i.provider_id == sub for i in user.identities)


def id_token_grant(app: App, req: Request) -> Response:
    claims = _id_token_claims(app, req)
    store = app.store
    sub = claims["sub"]
    email = normalize_email(str(claims.get("email") or ""))
    if email:
        email = check_email(email)
    with store.lock:
        user: User | None = next(
            (
                u
                for u in store.users.values()
                if any(
                    i.provider == ID_TOKEN_PROVIDER and i.provider_id == sub for i in u.identities
                )
            ),
            None,
        )
        if user is None:
            user = store.user_by_email(email) if email else None
        if user is None:
            if app.config.disable_signup:
                raise bad_request("signup_disabled", "Signups not allowed for this instance")
            user = store.new_user(email=email)
        data = {k: v for k, v in claims.items() if k not in ("aud", "exp", "iat", "iss", "nonce")}
        store.add_identity(user, ID_TOKEN_PROVIDER, sub, data)
        if email and claims.get("email_verified") in (True, "true"):
            store.confirm_email(user)
        if claims.get("phone"):
            user.phone = user.phone or normalize_phone(str(claims["phone"]))
        return ok(app.sessions.sign_in(user, "oauth"))


GRANTS = {
    "password": password_grant,
    "refresh_token": refresh_grant,
    "pkce": pkce_grant,
    "id_token": id_token_grant,
}
