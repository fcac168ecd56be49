"""The state of one signed-in session and every decision about it, without I/O.

:class:`SessionState` holds the current :class:`~kinbase.auth.types.Session`, its storage
and listeners, and the bookkeeping of the **single-flight** refresh (who leads, who
waits, what the outcome does to the session). The I/O is done by the drivers
(``kinbase.auth._async.session`` and its generated sync twin); docs/auth.md tells the
whole story.
"""

from __future__ import annotations

import concurrent.futures
import functools
import inspect
import logging
import threading
import time
from collections.abc import Callable
from typing import Any

import httpx

from kinbase._http.config import ClientConfig
from kinbase.auth._events import EventBus
from kinbase.auth._jwt import decode_claims
from kinbase.auth.types import Session, Subscription
from kinbase.errors import AuthSessionMissingError, InvalidInputError, InvalidSessionError

__all__ = [
    "DEFAULT_REFRESH_MARGIN",
    "LOCK_TIMEOUT",
    "MAX_REPLAYS",
    "MIN_CLOCK_SKEW",
    "MIN_REFRESH_INTERVAL",
    "SessionState",
    "effective_margin",
    "is_expiring",
    "is_rejected",
    "plan_refresh",
]

#: Default seconds before expiry at which a token is refreshed (capped at a quarter of
#: the token's lifetime, so short-lived tokens are not refreshed all the time).
DEFAULT_REFRESH_MARGIN = 10.0

#: Most seconds a refresh waits for the storage's cross-process lock (another process's
#: refresh holds it for one round trip, retries included).
LOCK_TIMEOUT = 60.0

#: Smallest clock difference (seconds) taken as skew: below it, whole-second expiry times
#: and the round trip make the estimate meaningless.
MIN_CLOCK_SKEW = 5.0

#: A session is refreshed by expiry (not by a rejection) no sooner than half its lifetime
#: after it was obtained, or this many seconds for a session without a lifetime: one whose
#: expiry looks past on a skewed clock (or that a server sent already expired) is not
#: refreshed on every request.
MIN_REFRESH_INTERVAL = 1.0

#: Most replays of one request after a rejection. A request refreshes the session at most
#: once; it may also be replayed with a token someone else refreshed meanwhile (a call
#: slowed by retries can outlive more than one token).
MAX_REPLAYS = 3


# --------------------------------------------------------------------------- pure decisions


def effective_margin(session: Session, margin: float) -> float:
    """``margin``, capped at a quarter of the token's lifetime."""
    lifetime = session.expires_in if session.expires_in > 0 else None
    return min(margin, lifetime / 4) if lifetime else margin


def is_expiring(session: Session, now: float, margin: float) -> bool:
    """Whether ``session`` expires within the (effective) margin at ``now``."""
    return session.expires_at - effective_margin(session, margin) <= now


def plan_refresh(
    stale: Session, stored: Session | None, now: float, margin: float
) -> Session | str:
    """Under the cross-process lock: the stored session to adopt, or the refresh token to
    spend. Another process's session is used only if it is the same user's."""
    if stored is None or stored.refresh_token == stale.refresh_token:
        return stale.refresh_token
    if stored.user.id != stale.user.id:
        return stale.refresh_token
    if not is_expiring(stored, now, margin):
        return stored
    return stored.refresh_token


def is_rejected(response: httpx.Response) -> bool:
    """The token was refused: GoTrue's 401/403 ``bad_jwt`` (expired JWT) or any other
    server's 401. GoTrue's other 401/403 codes (``insufficient_aal``, ``no_authorization``
    for anonymous users, ...) are about the user, not the token: a refresh would not help,
    so they are not replayed."""
    if response.status_code not in (401, 403):
        return False
    code = response.headers.get("x-sb-error-code")
    if code is not None:  # GoTrue names its refusals
        return str(code) == "bad_jwt"
    return response.status_code == 401


def _same_session(current: Session | None, stale: Session) -> bool:
    return current is not None and current.refresh_token == stale.refresh_token


# --------------------------------------------------------------------------- storage views


class _AwaitableStorage:
    """A sync storage seen by the async driver (its calls are quick and local)."""

    def __init__(self, storage: Any) -> None:
        self._storage = storage

    async def get_item(self, key: str) -> str | None:
        value: str | None = self._storage.get_item(key)
        return value

    async def set_item(self, key: str, value: str) -> None:
        self._storage.set_item(key, value)

    async def remove_item(self, key: str) -> None:
        self._storage.remove_item(key)


class _AsyncOnlyStorage:
    """An async storage seen by the sync driver: every use is refused, clearly."""

    def _refuse(self) -> InvalidInputError:
        return InvalidInputError(
            "this session uses an async storage: use it from the async client only"
        )

    def get_item(self, key: str) -> str | None:
        raise self._refuse()

    def set_item(self, key: str, value: str) -> None:
        raise self._refuse()

    def remove_item(self, key: str) -> None:
        raise self._refuse()

    def acquire_lock(self) -> object:
        raise self._refuse()

    def release_lock(self, handle: object) -> None:
        raise self._refuse()


def _has_lock(storage: Any, is_async: bool) -> bool:
    """Whether ``storage`` has a cross-process refresh lock in its own I/O mode
    (``acquire_lock``/``release_lock``: blocking for a sync storage, coroutines for an
    async one, such as a Redis or PostgreSQL store's ``auth_storage``)."""
    # attribute look-ups, not isinstance(storage, LockingSessionStorage): a runtime
    # Protocol check costs more than the rest of a per-request view
    acquire = getattr(storage, "acquire_lock", None)
    if not callable(acquire) or not callable(getattr(storage, "release_lock", None)):
        return False
    return inspect.iscoroutinefunction(acquire) == is_async


@functools.lru_cache(maxsize=4096)
def _issued_at(access_token: str) -> float | None:
    """The ``iat`` claim of ``access_token`` (None if unreadable). Remembered: a web
    backend installs the same user's token in a new view on every request, and reading
    the claims was most of what making a view cost."""
    try:
        issued = decode_claims(access_token).get("iat")
    except Exception:
        return None
    if not isinstance(issued, int | float) or isinstance(issued, bool):
        return None
    return float(issued)


# --------------------------------------------------------------------------- the state


class SessionState:
    """One session's state, storage, listeners and single-flight bookkeeping (no I/O).

    ``storage_view`` and ``async_storage_view`` are the storage as the sync and the async
    driver call it.
    """

    def __init__(
        self,
        *,
        config: ClientConfig,
        storage: Any,
        storage_key: str,
        refresh_margin: float = DEFAULT_REFRESH_MARGIN,
        idempotent_refresh: bool = False,
        clock: Callable[[], float] = time.time,
    ) -> None:
        if not refresh_margin >= 0:
            raise InvalidInputError(f"refresh_margin must be >= 0, got {refresh_margin!r}")
        self.storage = storage
        self.storage_key = storage_key
        self.margin = float(refresh_margin)
        self.events = EventBus()
        self.config = config
        self.idempotent_refresh = idempotent_refresh
        self.clock = clock
        self.is_async_storage = inspect.iscoroutinefunction(getattr(storage, "get_item", None))
        #: The storage holds a cross-process refresh lock (in its own I/O mode).
        self.locking = _has_lock(storage, self.is_async_storage)
        #: The lock is an async storage's own (its acquire/release are coroutines).
        self.lock_is_awaited = self.locking and self.is_async_storage
        self.storage_view: Any = _AsyncOnlyStorage() if self.is_async_storage else storage
        self.async_storage_view: Any = (
            storage if self.is_async_storage else _AwaitableStorage(storage)
        )
        self._lock = threading.Lock()
        self._session: Session | None = None
        self._loaded = False
        self._pending_initial: list[Subscription] = []
        self._inflight: concurrent.futures.Future[Session] | None = None
        #: Origins that refused a token fresh from the auth server (until they accept one).
        self.refusing: set[str] = set()
        #: Called with (stale, new) after each refresh this state led (per-user views
        #: record the refresh tokens they spent).
        self.on_refreshed: Callable[[Session, Session], None] | None = None
        self.refresh_count = 0  # refreshes sent for this session (for diagnostics)
        #: Most seconds a refresh waits for the cross-process lock.
        self.lock_timeout = LOCK_TIMEOUT
        #: Server clock minus this clock, in seconds, estimated from the last session the
        #: server issued (its ``expires_at - expires_in`` is the server's time of issue).
        self.skew = 0.0
        #: ``(refresh token, this clock's time)`` of the session the last refresh gave.
        self._obtained: tuple[str, float] | None = None
        #: A refreshed session the storage refused to write (disk full...): kept in
        #: memory, written again by the driver before it reads the storage.
        self.unsaved: Session | None = None

    def __repr__(self) -> str:
        session = self._session
        who = f"user {session.user.id}" if session is not None else "signed out"
        return f"<{type(self).__name__} {who} storage={self.storage!r}>"

    # -- the session in memory --------------------------------------------------------------

    def current(self) -> Session | None:
        """The session in memory, as is (no I/O, no refresh)."""
        with self._lock:
            return self._session

    @property
    def loaded(self) -> bool:
        """Whether the stored session was read already."""
        return self._loaded

    def install_loaded(self, stored: Session | None) -> None:
        """Adopt the session read from storage (once; a session set meanwhile wins) and
        send INITIAL_SESSION to the listeners that were waiting for it."""
        with self._lock:
            if self._loaded:
                return
            self._loaded = True
            if self._session is None:
                self._session = stored
            pending, self._pending_initial = self._pending_initial, []
            session = self._session
        for subscription in pending:
            EventBus.deliver(subscription, "INITIAL_SESSION", session)

    def install(self, session: Session | None) -> None:
        """Make ``session`` the current one (``None``: signed out); an unsaved refreshed
        session is superseded (the caller stores or removes the new state)."""
        with self._lock:
            self._session = session
            self._loaded = True
            self.unsaved = None
            if session is not None:
                self._note_skew(session)

    def _note_skew(self, session: Session) -> None:
        """The clock skew ``session``'s issue time tells: its access token's ``iat``
        (else ``expires_at - expires_in``) against this clock."""
        now = self.clock()
        issued = _issued_at(session.access_token)
        if issued is None:
            if session.expires_in <= 0 or session.expires_at <= 0:
                return
            issued = session.expires_at - session.expires_in
        # Whole seconds, rounded down: the issue time may be up to a second early; a
        # difference that small (or the round trip) is no skew.
        skew = float(issued) - now
        self.skew = skew + 1.0 if abs(skew) > MIN_CLOCK_SKEW else 0.0

    def server_now(self) -> float:
        """The time on the server's clock, as far as this client can tell."""
        return self.clock() + self.skew

    def _too_soon(self, session: Session, now: float) -> float:
        """Seconds left before ``session`` may be refreshed by expiry (0: it may)."""
        obtained = self._obtained
        if obtained is None or obtained[0] != session.refresh_token:
            return 0.0
        floor = session.expires_in / 2 if session.expires_in > 0 else MIN_REFRESH_INTERVAL
        return max(obtained[1] + floor - now, 0.0)

    def saved(self) -> None:
        """The current session is in the storage: nothing is left to write."""
        with self._lock:
            self.unsaved = None

    def add_listener(self, subscription: Subscription) -> None:
        """Send INITIAL_SESSION to a new listener now, or once the stored session is read."""
        with self._lock:
            loaded, session = self._loaded, self._session
            if not loaded:
                self._pending_initial.append(subscription)
        if loaded:
            EventBus.deliver(subscription, "INITIAL_SESSION", session)

    def expiring(self, session: Session) -> bool:
        """Whether ``session`` expires within the refresh margin now, on the server's clock
        (:attr:`skew`), and was not obtained too recently to be refreshed again."""
        now = self.clock()
        if self._too_soon(session, now) > 0:
            return False
        return is_expiring(session, now + self.skew, self.margin)

    def seconds_until_refresh(self) -> float | None:
        """Seconds until the current session is due for a refresh (``None``: signed out)."""
        session = self.current()
        if session is None:
            return None
        now = self.clock()
        due = session.expires_at - effective_margin(session, self.margin) - (now + self.skew)
        return max(due, self._too_soon(session, now), 0.0)

    def newer(self, token: str) -> Session | None:
        """The current session if its access token is not ``token`` (someone refreshed)."""
        current = self.current()
        if current is not None and current.access_token != token:
            return current
        return None

    # -- single flight ------------------------------------------------------------------------

    def join(
        self, stale: Session | None
    ) -> tuple[concurrent.futures.Future[Session], bool, Session]:
        """The future that will hold the refreshed session, whether the caller leads the
        refresh, and the session to refresh. A session replaced meanwhile is the answer."""
        with self._lock:
            current = self._session
            if current is None:
                raise AuthSessionMissingError()
            if stale is not None and not _same_session(current, stale):
                done: concurrent.futures.Future[Session] = concurrent.futures.Future()
                done.set_result(current)  # replaced meanwhile: that is the fresh one
                return done, False, current
            if self._inflight is not None:
                return self._inflight, False, current
            future: concurrent.futures.Future[Session] = concurrent.futures.Future()
            future.set_running_or_notify_cancel()  # waiters' cancellation cannot cancel it
            self._inflight = future
            return future, True, current

    def finish(
        self,
        stale: Session,
        future: concurrent.futures.Future[Session],
        new: Session | None,
        error: BaseException | None,
    ) -> None:
        """The leader's outcome: install it (a session gone signs out), wake the waiters,
        emit TOKEN_REFRESHED or SIGNED_OUT."""
        signed_out = isinstance(error, InvalidSessionError)
        with self._lock:
            self._inflight = None
            if _same_session(self._session, stale):
                if new is not None:
                    self._session = new
                    self._note_skew(new)
                    self._obtained = (new.refresh_token, self.clock())
                elif signed_out:
                    self._session = None
        if error is not None:
            future.set_exception(error)
            if signed_out:
                self.events.emit("SIGNED_OUT", None)
        else:
            assert new is not None
            future.set_result(new)
            if self.on_refreshed is not None:
                self.on_refreshed(stale, new)
            self.events.emit("TOKEN_REFRESHED", new)

    @staticmethod
    def parse_stored(raw: str | None) -> Session | None:
        """A stored session, or ``None`` when absent or unreadable (logged)."""
        if not raw:
            return None
        try:
            return Session.from_json(raw)
        except InvalidInputError:
            logging.getLogger("kinbase.auth").warning(
                "ignoring a stored session that cannot be read"
            )
            return None
