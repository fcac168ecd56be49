"""Sessions, access tokens and the refresh-token state machine."""

from __future__ import annotations

import secrets
import time
from typing import Any

from . import jwt
from .errors import ApiError, bad_request
from .models import RefreshToken, Session, User, new_id
from .store import Store


class SessionService:
    def __init__(self, store: Store, issuer: str) -> None:
        self.store = store
        self.issuer = issuer

    # -- issuing -----------------------------------------------------------------

    def _new_refresh_token(self, session: Session, parent: str | None) -> RefreshToken:
        token = RefreshToken(
            token=secrets.token_urlsafe(16),
            session_id=session.id,
            user_id=session.user_id,
            parent=parent,
            created_at=self.store.now(),
        )
        self.store.refresh_tokens[token.token] = token
        session.current_token = token.token
        return token

    def create_session(self, user: User, method: str) -> Session:
        """Start a session for ``user`` (caller holds the store lock)."""
        now = self.store.now()
        session = Session(
            id=new_id(),
            user_id=user.id,
            created_at=now,
            current_token="",
            amr=[{"method": method, "timestamp": int(now)}],
        )
        self.store.sessions[session.id] = session
        self._new_refresh_token(session, None)
        user.last_sign_in_at = now
        user.updated_at = now
        for identity in user.identities:
            identity.last_sign_in_at = now
        return session

    def sign_in(
        self, user: User, method: str, weak_password: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        session = self.create_session(user, method)
        return self.response(user, session, weak_password=weak_password)

    def access_token(self, user: User, session: Session) -> tuple[str, int]:
        now = int(self.store.now())
        exp = now + int(self.store.config.access_token_lifetime)
        claims = {
            "iss": self.issuer,
            "sub": user.id,
            "aud": user.aud,
            "exp": exp,
            "iat": now,
            "email": user.email,
            "phone": user.phone,
            "app_metadata": user.app_metadata,
            "user_metadata": user.user_metadata,
            "role": user.role,
            "aal": session.aal,
            "amr": session.amr,
            "session_id": session.id,
            "is_anonymous": user.is_anonymous,
        }
        return (
            jwt.encode(claims, self.store.config.jwt_secret, keys=self.store.config.signing_keys),
            exp,
        )

    def response(
        self, user: User, session: Session, *, weak_password: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        token, exp = self.access_token(user, session)
        body: dict[str, Any] = {
            "access_token": token,
            "token_type": "bearer",
            "expires_in": int(self.store.config.access_token_lifetime),
            "expires_at": exp,
            "refresh_token": session.current_token,
            "user": user.to_json(),
        }
        if weak_password:
            body["weak_password"] = weak_password
        return body

    def upgrade(self, user: User, session: Session, method: str, factor_id: str) -> dict[str, Any]:
        """MFA verified: raise the session to aal2 and rotate its refresh token."""
        now = self.store.now()
        session.aal = "aal2"
        session.factor_id = factor_id
        session.amr.insert(0, {"method": method, "timestamp": int(now)})
        old = self.store.refresh_tokens.get(session.current_token)
        if old is not None:
            old.revoked = True
            old.revoked_at = now
        self._new_refresh_token(session, old.token if old else None)
        return self.response(user, session)

    # -- refresh -----------------------------------------------------------------

    def _dead_token_error(self, token: RefreshToken) -> ApiError:
        if token.revoked:
            return bad_request("refresh_token_already_used", "Invalid Refresh Token: Already Used")
        return bad_request("session_not_found", "Invalid Refresh Token: No Valid Session Found")

    def refresh(self, value: str) -> dict[str, Any]:
        store = self.store
        with store.lock:
            token = store.refresh_tokens.get(value)
            if token is None:
                raise bad_request(
                    "refresh_token_not_found", "Invalid Refresh Token: Refresh Token Not Found"
                )
            session = store.sessions.get(token.session_id)
            if session is None:
                raise self._dead_token_error(token)
        # Serialise refreshes of one session; give up after the conflict timeout.
        if not session.lock.acquire(timeout=store.config.refresh_conflict_timeout):
            raise ApiError(
                409,
                "conflict",
                "Too many concurrent token refresh requests on the same session or refresh token",
            )
        try:
            if store.config.refresh_delay > 0:
                time.sleep(store.config.refresh_delay)
            with store.lock:
                return self._refresh_locked(token, session)
        finally:
            session.lock.release()

    def _refresh_locked(self, token: RefreshToken, session: Session) -> dict[str, Any]:
        store = self.store
        config = store.config
        now = store.now()
        if store.sessions.get(session.id) is not session:
            raise self._dead_token_error(token)
        user = store.users.get(session.user_id)
        if user is None or user.deleted_at is not None:
            raise bad_request(
                "refresh_token_not_found", "Invalid Refresh Token: Refresh Token Not Found"
            )
        if user.is_banned(now):
            raise bad_request("user_banned", "Invalid Refresh Token: User Banned")
        if session.not_after is not None and now >= session.not_after:
            raise bad_request("session_expired", "Invalid Refresh Token: Session Expired")
        if token.revoked:
            reuse_until = (token.revoked_at or 0.0) + config.refresh_reuse_interval
            if now > reuse_until:
                if config.refresh_token_rotation:
                    store.revoke_family(session.id)
                raise bad_request(
                    "refresh_token_already_used", "Invalid Refresh Token: Already Used"
                )
            # Inside the reuse interval: answer with the session's current token.
        else:
            token.revoked = True
            token.revoked_at = now
            self._new_refresh_token(session, token.token)
        session.refreshed_at = now
        return self.response(user, session)
