"""Bearer-token checks: user calls (access JWT + live session) and admin calls."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from . import jwt
from .config import ADMIN_ROLES
from .errors import ApiError, bad_request, forbidden, unauthorized
from .models import Session, User
from .store import Store
from .wire import Request

NO_AUTH = "This endpoint requires a valid Bearer token"


@dataclass
class Caller:
    user: User
    session: Session | None
    claims: dict[str, Any]


def claims_of(store: Store, req: Request) -> dict[str, Any]:
    token = req.bearer()
    if not token:
        raise unauthorized("no_authorization", NO_AUTH)
    try:
        return jwt.decode(
            token, store.config.jwt_secret, now=store.now(), keys=store.config.signing_keys
        )
    except jwt.JWTError as exc:
        raise forbidden(
            "bad_jwt", f"invalid JWT: unable to parse or verify signature, {exc}"
        ) from exc


def resolve(store: Store, claims: dict[str, Any]) -> Caller:
    """The user and session a verified access token names (caller holds the lock)."""
    sub = claims.get("sub")
    if not isinstance(sub, str) or not sub:
        raise forbidden("bad_jwt", "invalid claim: missing sub claim")
    try:
        uuid.UUID(sub)
    except ValueError as exc:
        raise bad_request("bad_jwt", "invalid claim: sub claim must be a UUID") from exc
    user = store.users.get(sub)
    if user is None or user.deleted_at is not None:
        raise forbidden("user_not_found", "User from sub claim in JWT does not exist")
    if user.is_banned(store.now()):
        raise forbidden("user_banned", "User is banned")
    session = None
    session_id = claims.get("session_id")
    if session_id:
        session = store.sessions.get(str(session_id))
        if session is None:
            raise forbidden(
                "session_not_found", "Session from session_id claim in JWT does not exist"
            )
    return Caller(user=user, session=session, claims=claims)


def require_user(store: Store, req: Request) -> Caller:
    claims = claims_of(store, req)
    with store.lock:
        return resolve(store, claims)


def require_admin(store: Store, req: Request) -> dict[str, Any]:
    claims = claims_of(store, req)
    if claims.get("role") not in ADMIN_ROLES:
        raise forbidden("not_admin", "User not allowed")
    return claims


def require_session(caller: Caller) -> Session:
    if caller.session is None:
        raise ApiError(401, "session_not_found", "A session is required for this call")
    return caller.session
