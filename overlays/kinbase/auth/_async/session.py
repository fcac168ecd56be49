"""The I/O of one session: its storage, the single-flight refresh and the httpx auth flow.

Written once, for asyncio; ``scripts/unasync.py`` writes the twin for threads. Both drive
one shared :class:`~kinbase.auth._session_state.SessionState`: whoever first needs a
refresh leads it and everyone else waits on the same future (an asyncio leader refreshes
in a task of its own, so cancelling the caller never abandons a refresh whose answer
would rotate the token). With a locking storage the leader holds the cross-process lock
and adopts a session another process stored meanwhile. See docs/auth.md.
"""

from __future__ import annotations

import concurrent.futures
import logging
import threading
from collections.abc import AsyncGenerator

import httpx

from kinbase._concurrency import (
    async_acquire,
    async_detach,
    async_finish,
    async_wait_future,
)
from kinbase._http.config import build_async_httpx_client
from kinbase.auth._async.tokens import AsyncTokenEndpoint
from kinbase.auth._session_state import MAX_REPLAYS, SessionState, is_rejected, plan_refresh
from kinbase.auth.types import AuthChangeEvent, Session
from kinbase.errors import (
    AuthSessionMissingError,
    InvalidSessionError,
    KinbaseError,
    SessionStorageError,
)
from kinbase.errors._storage import REFUSED_FRESH_TOKEN

__all__ = ["AsyncSessionDriver"]

logger = logging.getLogger("kinbase.auth")


def _unsaved_warning(exc: Exception) -> None:
    error = exc if isinstance(exc, KinbaseError) else SessionStorageError(type(exc).__name__)
    logger.warning(
        "the refreshed session could not be stored (%s: %s); it is kept in memory and "
        "the write is retried",
        type(error).__name__,
        error,
    )


class AsyncSessionDriver:
    """The I/O of one :class:`~kinbase.auth._session_state.SessionState`.

    ``tokens`` sends the refresh grant; without it one is built on first use from the
    state's configuration (and closed by :meth:`aclose`).
    """

    def __init__(self, state: SessionState, tokens: AsyncTokenEndpoint | None = None) -> None:
        self.state = state
        self._storage = state.async_storage_view
        self._tokens_given = tokens
        self._tokens_owned: AsyncTokenEndpoint | None = None
        self._build_lock = threading.Lock()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.state!r}>"

    def _tokens(self) -> AsyncTokenEndpoint:
        if self._tokens_given is not None:
            return self._tokens_given
        with self._build_lock:
            if self._tokens_owned is None:
                http = build_async_httpx_client(self.state.config)
                self._tokens_owned = AsyncTokenEndpoint(
                    http, idempotent_refresh=self.state.idempotent_refresh
                )
            return self._tokens_owned

    async def aclose(self) -> None:
        """Close the token endpoint this driver built (not one it was given)."""
        with self._build_lock:
            owned, self._tokens_owned = self._tokens_owned, None
        if owned is not None:
            await owned.aclose()

    # -- storage ------------------------------------------------------------------------------

    async def get_item(self, key: str) -> str | None:
        """The stored value of ``key`` (``None`` when absent)."""
        value: str | None = await self._storage.get_item(key)
        return value

    async def set_item(self, key: str, value: str) -> None:
        """Store ``value`` under ``key``."""
        await self._storage.set_item(key, value)

    async def remove_item(self, key: str) -> None:
        """Remove ``key`` from the storage."""
        await self._storage.remove_item(key)

    async def _read_stored(self) -> Session | None:
        return self.state.parse_stored(await self.get_item(self.state.storage_key))

    async def load(self) -> None:
        """Read the stored session once (later calls do nothing)."""
        if not self.state.loaded:
            self.state.install_loaded(await self._read_stored())

    async def save(self, session: Session, event: AuthChangeEvent | None) -> None:
        """Make ``session`` current, store it, then emit ``event``."""
        self.state.install(session)
        await self.set_item(self.state.storage_key, session.to_json())
        if event is not None:
            self.state.events.emit(event, session)

    async def clear(self) -> None:
        """Forget the session (memory and storage) and emit SIGNED_OUT."""
        self.state.install(None)
        await self.remove_item(self.state.storage_key)
        self.state.events.emit("SIGNED_OUT", None)

    # -- what callers use ---------------------------------------------------------------------

    async def _store_unsaved(self) -> bool:
        """Write a refreshed session whose write failed earlier (disk full...); whether the
        storage now holds the current session."""
        pending = self.state.unsaved
        if pending is None:
            return True
        try:
            await self.set_item(self.state.storage_key, pending.to_json())
        except Exception as exc:
            _unsaved_warning(exc)
            return False
        self.state.saved()
        return True

    async def get_session(self) -> Session | None:
        """The session, refreshed first if it expires within the margin (single flight)."""
        await self.load()
        await self._store_unsaved()
        session = self.state.current()
        if session is None or not self.state.expiring(session):
            return session
        return await self.refresh(session)

    async def require_session(self) -> Session:
        """:meth:`get_session`, raising :class:`~kinbase.errors.AuthSessionMissingError`
        when nobody is signed in."""
        session = await self.get_session()
        if session is None:
            raise AuthSessionMissingError()
        return session

    async def refresh_rejected(self, access_token: str) -> Session:
        """``access_token`` was refused: refresh unless someone already replaced it."""
        current = self.state.current()
        if current is None:
            raise AuthSessionMissingError()
        if current.access_token != access_token:
            return current
        return await self.refresh(current)

    async def refresh(self, stale: Session | None = None) -> Session:
        """Refresh now (single flight); ``stale`` is the session the caller saw expiring."""
        await self.load()
        future, leader, stale = self.state.join(stale)
        if leader:
            async_detach(self._lead, stale, future)
        return await async_wait_future(future)

    async def refresh_with(self, refresh_token: str) -> Session:
        """Spend a refresh token the caller supplied (``refresh_session(token)``,
        ``set_session`` with an expired access token); not single flight."""
        new = await self._tokens().refresh(refresh_token)
        await self.save(new, "TOKEN_REFRESHED")
        return new

    # -- the leader ---------------------------------------------------------------------------

    async def _lead(self, stale: Session, future: concurrent.futures.Future[Session]) -> None:
        try:
            new, cancelled = await self._do_refresh(stale)
        except BaseException as exc:
            self.state.finish(stale, future, None, exc)
            if not isinstance(exc, Exception):
                raise
        else:
            self.state.finish(stale, future, new, None)
            if cancelled is not None:  # the loop is ending: the rotation was kept first
                raise cancelled

    async def _lock(self) -> object:
        """The storage's cross-process lock, waited for at most ``state.lock_timeout``
        seconds (``LOCK_TIMEOUT``);
        a wait given up (timeout, cancellation, the loop ending) releases the lock as soon
        as the waiting thread gets it, so no process is left blocked."""
        storage, timeout = self.state.storage, self.state.lock_timeout
        if self.state.lock_is_awaited:
            # an async storage's lock (a Redis or PostgreSQL store's lease) waits in the
            # event loop and bounds its own wait (twice its lease's expiry)
            return await self._storage.acquire_lock()
        try:
            return await async_acquire(storage.acquire_lock, storage.release_lock, timeout)
        except TimeoutError:
            raise SessionStorageError(
                f"the session storage's refresh lock was not free within {timeout:g}s "
                f"({storage!r}): another process holds it"
            ) from None

    async def _unlock(self, handle: object) -> None:
        if self.state.lock_is_awaited:
            await self._storage.release_lock(handle)
        else:
            self.state.storage.release_lock(handle)

    async def _do_refresh(self, stale: Session) -> tuple[Session, BaseException | None]:
        """Refresh ``stale`` under the storage's lock and store the result; returns the new
        session and, when the task was cancelled during the exchange (an event loop
        ending), that cancellation: the rotation the server may have made is completed
        and stored first (:func:`~kinbase._concurrency.async_finish`), or the next
        refresh would spend a used token and sign the user out."""
        handle = await self._lock() if self.state.locking else None
        cancelled: BaseException | None = None
        try:
            token = stale.refresh_token
            # A session refreshed here but never stored is newer than the stored one.
            if handle is not None and await self._store_unsaved():
                stored = await self._read_stored()
                plan = plan_refresh(stale, stored, self.state.server_now(), self.state.margin)
                if isinstance(plan, Session):
                    return plan, None
                token = plan
            try:
                self.state.refresh_count += 1
                new, cancelled = await async_finish(self._tokens().refresh, token)
            except InvalidSessionError:
                stored = await self._read_stored()
                if stored is not None and stored.refresh_token == token:
                    await self.remove_item(self.state.storage_key)
                raise
            try:
                _, late = await async_finish(self.set_item, self.state.storage_key, new.to_json())
                cancelled = cancelled or late
            except Exception as exc:
                # The server rotated the token: dropping the new session would sign the
                # user out at the next refresh. Keep it in memory; the write is retried.
                self.state.unsaved = new
                _unsaved_warning(exc)
            else:
                self.state.saved()
            return new, cancelled
        finally:
            if handle is not None:
                await self._unlock(handle)

    # -- httpx.Auth -----------------------------------------------------------------------------

    async def auth_flow(
        self, request: httpx.Request
    ) -> AsyncGenerator[httpx.Request, httpx.Response]:
        """Send ``request`` with the access token (refreshed first when it expires within
        the margin); on a rejection refresh once and replay it (again, with the newer
        token, if another caller refreshed while it was under way)."""
        await request.aread()
        token = (await self.require_session()).access_token
        request.headers["Authorization"] = f"Bearer {token}"
        origin = f"{request.url.scheme}://{request.url.netloc.decode('ascii')}"
        response = yield request
        refreshed = False
        for _ in range(MAX_REPLAYS):
            if not is_rejected(response):
                self.state.refusing.discard(origin)
                return
            fresh = self.state.newer(token)
            if fresh is None:
                if refreshed or origin in self.state.refusing:
                    # Refused right after our own refresh: this server does not accept the
                    # auth server's tokens. The answer stands (marked, so that the error
                    # says why) and later rejections here spend no refresh token.
                    self.state.refusing.add(origin)
                    response.extensions[REFUSED_FRESH_TOKEN] = True
                    return
                fresh = await self.refresh_rejected(token)
                refreshed = True
            token = fresh.access_token
            request.headers["Authorization"] = f"Bearer {token}"
            response = yield request
