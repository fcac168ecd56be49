"""OIDC discovery, JWKS and the userinfo endpoint (what Kinto's openid plugin calls)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..auth import claims_of, resolve
from ..errors import ApiError, OAuthError
from ..wire import Request, Response, ok

if TYPE_CHECKING:
    from ..app import App

CACHE = {"Cache-Control": "public, max-age=600"}


def openid_configuration(app: App, req: Request) -> Response:
    issuer = app.base_url
    return ok(
        {
            "issuer": issuer,
            "authorization_endpoint": f"{issuer}/authorize",
            "token_endpoint": f"{issuer}/token",
            "userinfo_endpoint": f"{issuer}/userinfo",
            "jwks_uri": f"{issuer}/.well-known/jwks.json",
            "response_types_supported": ["code"],
            "response_modes_supported": ["query"],
            "grant_types_supported": ["password", "refresh_token", "pkce", "id_token"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["HS256"],
            "token_endpoint_auth_methods_supported": ["none"],
            "code_challenge_methods_supported": ["S256", "plain"],
            "scopes_supported": ["openid", "email", "phone", "profile"],
            "claims_supported": [
                "sub",
                "aud",
                "iss",
                "exp",
                "iat",
                "email",
                "email_verified",
                "phone_number",
                "phone_number_verified",
                "role",
                "session_id",
            ],
        },
        headers=CACHE,
    )


def jwks(app: App, req: Request) -> Response:
    # HS256 keys are symmetric and never published (upstream skips octet keys too); the
    # public halves of configured asymmetric keys are (see ..keys).
    from .. import keys

    return ok({"keys": keys.public_jwks(keys.parse(app.config.signing_keys))}, headers=CACHE)


def userinfo(app: App, req: Request) -> Response:
    """401 (RFC 6750 style) for a missing, invalid, expired or logged-out token."""
    store = app.store
    try:
        claims = claims_of(store, req)
        if not claims.get("session_id"):
            raise ApiError(401, "session_not_found", "The token does not belong to a session")
        with store.lock:
            caller = resolve(store, claims)
            session = caller.session
            if session is None or (
                session.not_after is not None and store.now() >= session.not_after
            ):
                raise ApiError(401, "session_expired", "Session expired")
            user = caller.user
            body = {
                "sub": user.id,
                "email": user.email,
                "email_verified": user.email_confirmed_at is not None,
                "phone_number": user.phone,
                "phone_number_verified": user.phone_confirmed_at is not None,
                "role": user.role,
                "aal": session.aal,
                "session_id": session.id,
                "is_anonymous": user.is_anonymous,
                "app_metadata": user.app_metadata,
                "user_metadata": user.user_metadata,
                "updated_at": int(user.updated_at),
            }
    except ApiError as exc:
        error = "invalid_request" if exc.code == "no_authorization" else "invalid_token"
        challenge = f'Bearer error="{error}", error_description="{exc.message}"'
        raise OAuthError(
            error, exc.message, status=401, headers={"WWW-Authenticate": challenge}
        ) from exc
    return ok(body)
