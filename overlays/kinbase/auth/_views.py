"""Per-user views of one auth client, without I/O: a session from the tokens a caller
holds, and the memory of refresh tokens already spent.

A web backend rebuilding the user's session from the browser's tokens on every request
must not spend the same refresh token twice (GoTrue revokes the whole session on reuse
past its reuse interval). :class:`SpentTokens` remembers, per client, which refresh
tokens its views have spent and what they got: a view made from a spent refresh token
starts from the newer session instead. The refreshed tokens still go back to the caller
(``view.session``, the TOKEN_REFRESHED event), who should write them back.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from typing import Any, Final

from kinbase.auth._jwt import decode_claims
from kinbase.auth.types import Session
from kinbase.errors import InvalidInputError

__all__ = ["RecentSessions", "SpentTokens", "session_from_tokens"]

#: Spent refresh tokens one client remembers (oldest forgotten first).
SPENT_TOKENS_KEPT: Final = 10_000
#: Sessions made from tokens that one client keeps for the next request with the same
#: tokens (reading the claims and building the user is most of a view's cost).
RECENT_SESSIONS_KEPT: Final = 4096
_EPOCH: Final = "1970-01-01T00:00:00+00:00"


def session_from_tokens(access_token: str, refresh_token: str) -> Session:
    """A session made from tokens alone; the user comes from the access token's claims
    (read, not verified: the server checks the token on use; verify it with
    ``get_claims`` to trust what it says)."""
    if not isinstance(refresh_token, str) or not refresh_token:
        raise InvalidInputError("as_user() needs the refresh token too")
    claims = decode_claims(access_token)
    sub = claims.get("sub")
    if not isinstance(sub, str) or not sub:
        raise InvalidInputError("the access token has no subject (sub) claim")
    user: dict[str, Any] = {
        "id": sub,
        "aud": claims.get("aud") if isinstance(claims.get("aud"), str) else "",
        "role": claims.get("role") or "",
        "email": claims.get("email") or "",
        "phone": claims.get("phone") or "",
        "app_metadata": claims.get("app_metadata") or {},
        "user_metadata": claims.get("user_metadata") or {},
        "created_at": _EPOCH,
        "updated_at": _EPOCH,
    }
    return Session.from_dict(
        {"access_token": access_token, "refresh_token": refresh_token, "user": user}
    )


def _digest(token: str) -> bytes:
    return hashlib.sha256(token.encode("utf-8")).digest()


class SpentTokens:
    """Refresh token (by digest) -> the session its refresh gave (thread-safe, bounded)."""

    def __init__(self, kept: int = SPENT_TOKENS_KEPT) -> None:
        self._kept = kept
        self._sessions: OrderedDict[bytes, Session] = OrderedDict()
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"<SpentTokens {len(self._sessions)} remembered>"

    def record(self, stale: Session, new: Session) -> None:
        """``stale``'s refresh token was spent and gave ``new``."""
        with self._lock:
            self._sessions[_digest(stale.refresh_token)] = new
            self._sessions.move_to_end(_digest(stale.refresh_token))
            while len(self._sessions) > self._kept:
                self._sessions.popitem(last=False)

    def newest(self, session: Session) -> Session:
        """The newest session known to follow from ``session`` (itself if none)."""
        with self._lock:
            for _ in range(64):  # a chain of refreshes; bounded
                newer = self._sessions.get(_digest(session.refresh_token))
                if newer is None or newer.user.id != session.user.id:
                    return session
                session = newer
        return session


class RecentSessions:
    """(access token, refresh token) -> the session :func:`session_from_tokens` made from
    them, for the next request carrying the same tokens (thread-safe, bounded)."""

    def __init__(self, kept: int = RECENT_SESSIONS_KEPT) -> None:
        self._kept = kept
        self._sessions: OrderedDict[tuple[str, str], Session] = OrderedDict()
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"<RecentSessions {len(self._sessions)} kept>"

    def session(self, access_token: str, refresh_token: str) -> Session:
        key = (access_token, refresh_token)
        with self._lock:
            found = self._sessions.get(key)
            if found is not None:
                self._sessions.move_to_end(key)
                return found
        made = session_from_tokens(access_token, refresh_token)
        with self._lock:
            self._sessions[key] = made
            while len(self._sessions) > self._kept:
                self._sessions.popitem(last=False)
        return made
