"""The session of one signed-in user, shared by every thread, task and API that uses it.

:class:`SessionManager` holds the current :class:`~kinbase.auth.types.Session`, its
storage and its listeners, and refreshes it **single flight**: whoever first needs a
refresh (a thread or an asyncio task) becomes the leader and sends the one
``POST /token?grant_type=refresh_token``; everyone else waits on the same
``concurrent.futures.Future`` (threads block on it, tasks ``await asyncio.wrap_future``)
and gets the same new session, or the same exception.

- The leader refreshes with its own I/O mode: a thread with the sync httpx client, a task
  with the async one (whichever the manager lacks is built on first use from the same
  configuration). An async leader runs the refresh in a task of its own, so cancelling
  the caller never abandons a refresh whose answer would rotate the token.
- With a :class:`~kinbase.auth.storage.LockingSessionStorage` (``FileSessionStorage``)
  the leader holds the cross-process lock, re-reads the stored session and adopts it when
  another process refreshed meanwhile (same user, newer refresh token, not expiring);
  otherwise it refreshes with the newest refresh token and writes the result before
  releasing the lock.
- A refresh the server refuses because the session is gone (``InvalidSessionError``:
  refresh token not found / already used, session not found / expired, user banned)
  clears the session and emits SIGNED_OUT. Network errors, 5xx, 409 and 429 keep the
  session (the transport already retried what it safely could) and only fail the call.

:class:`SessionAuth` is the ``httpx.Auth`` both APIs use: it injects the access token
(refreshing first when it expires within the margin) and, on a 401 (or GoTrue's 403
``bad_jwt``), refreshes once and replays the request (again, with the newer token, if
another caller refreshed while the request was under way).

Deadlock note: a sync call that needs a refresh, made from the thread that runs the event
loop while an async task of that loop leads a refresh, would wait forever; don't call the
sync API from inside a running event loop.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import inspect
import logging
import threading
import time
from collections.abc import AsyncGenerator, Callable, Generator
from typing import Any

import httpx

from kinbase._http.config import ClientConfig, build_async_httpx_client, build_httpx_client
from kinbase.auth._async.tokens import AsyncTokenEndpoint
from kinbase.auth._events import EventBus
from kinbase.auth._sync.tokens import TokenEndpoint
from kinbase.auth.storage import LockingSessionStorage
from kinbase.auth.types import AuthChangeEvent, AuthStateCallback, Session, Subscription
from kinbase.errors import AuthSessionMissingError, InvalidInputError, InvalidSessionError

__all__ = ["SessionAuth", "SessionManager", "is_rejected", "plan_refresh"]

logger = logging.getLogger("kinbase.auth")

#: Default seconds before expiry at which a token is refreshed (capped at a quarter of
#: the token's lifetime, so short-lived tokens are not refreshed all the time).
DEFAULT_REFRESH_MARGIN = 10.0


# --------------------------------------------------------------------------- pure decisions


def effective_margin(session: Session, margin: float) -> float:
    lifetime = session.expires_in if session.expires_in > 0 else None
    return min(margin, lifetime / 4) if lifetime else margin


def is_expiring(session: Session, now: float, margin: float) -> bool:
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
    """The token was refused: 401 anywhere, or GoTrue's 403 ``bad_jwt`` (expired JWT)."""
    if response.status_code == 401:
        return True
    return response.status_code == 403 and response.headers.get("x-sb-error-code") == "bad_jwt"


def _same_session(current: Session | None, stale: Session) -> bool:
    return current is not None and current.refresh_token == stale.refresh_token


# --------------------------------------------------------------------------- the manager


class SessionManager:
    """One session: state, storage, listeners and the single-flight refresh (see module)."""

    def __init__(
        self,
        *,
        config: ClientConfig,
        storage: Any,
        storage_key: str,
        refresh_margin: float = DEFAULT_REFRESH_MARGIN,
        idempotent_refresh: bool = False,
        tokens: TokenEndpoint | None = None,
        async_tokens: AsyncTokenEndpoint | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        if not refresh_margin >= 0:
            raise InvalidInputError(f"refresh_margin must be >= 0, got {refresh_margin!r}")
        self.storage = storage
        self.storage_key = storage_key
        self.margin = float(refresh_margin)
        self.events = EventBus()
        self._config = config
        self._idempotent = idempotent_refresh
        self._tokens = tokens
        self._async_tokens = async_tokens
        self._owned: list[TokenEndpoint | AsyncTokenEndpoint] = []
        self._clock = clock
        self._async_storage = inspect.iscoroutinefunction(getattr(storage, "get_item", None))
        self._locking = isinstance(storage, LockingSessionStorage) and not self._async_storage
        self._lock = threading.Lock()
        self._session: Session | None = None
        self._loaded = False
        self._pending_initial: list[Subscription] = []
        self._inflight: concurrent.futures.Future[Session] | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        self.refresh_count = 0  # refreshes this manager sent (for diagnostics)

    def __repr__(self) -> str:
        session = self._session
        who = f"user {session.user.id}" if session is not None else "signed out"
        return f"<SessionManager {who} storage={self.storage!r}>"

    # -- endpoints for each I/O mode ------------------------------------------------------

    def _sync_tokens(self) -> TokenEndpoint:
        with self._lock:
            if self._tokens is None:
                http = build_httpx_client(self._config)
                self._tokens = TokenEndpoint(http, idempotent_refresh=self._idempotent)
                self._owned.append(self._tokens)
            return self._tokens

    def _async_tokens_endpoint(self) -> AsyncTokenEndpoint:
        with self._lock:
            if self._async_tokens is None:
                http = build_async_httpx_client(self._config)
                self._async_tokens = AsyncTokenEndpoint(http, idempotent_refresh=self._idempotent)
                self._owned.append(self._async_tokens)
            return self._async_tokens

    def close(self) -> None:
        """Close the clients this manager built for the other I/O mode (sync ones only)."""
        for endpoint in list(self._owned):
            if isinstance(endpoint, TokenEndpoint):
                endpoint.close()
                self._owned.remove(endpoint)

    async def aclose(self) -> None:
        self.close()
        for endpoint in list(self._owned):
            if isinstance(endpoint, AsyncTokenEndpoint):
                await endpoint.aclose()
                self._owned.remove(endpoint)

    # -- storage I/O ----------------------------------------------------------------------

    def _check_sync_storage(self) -> None:
        if self._async_storage:
            raise InvalidInputError(
                "this session uses an async storage: use it from the async client only"
            )

    def get_item(self, key: str) -> str | None:
        self._check_sync_storage()
        value: str | None = self.storage.get_item(key)
        return value

    def set_item(self, key: str, value: str) -> None:
        self._check_sync_storage()
        self.storage.set_item(key, value)

    def remove_item(self, key: str) -> None:
        self._check_sync_storage()
        self.storage.remove_item(key)

    async def async_get_item(self, key: str) -> str | None:
        if self._async_storage:
            value: str | None = await self.storage.get_item(key)
            return value
        return self.get_item(key)

    async def async_set_item(self, key: str, value: str) -> None:
        if self._async_storage:
            await self.storage.set_item(key, value)
        else:
            self.set_item(key, value)

    async def async_remove_item(self, key: str) -> None:
        if self._async_storage:
            await self.storage.remove_item(key)
        else:
            self.remove_item(key)

    @staticmethod
    def _parse_stored(raw: str | None) -> Session | None:
        if not raw:
            return None
        try:
            return Session.from_json(raw)
        except InvalidInputError:
            logger.warning("ignoring a stored session that cannot be read")
            return None

    def _read_stored(self) -> Session | None:
        return self._parse_stored(self.get_item(self.storage_key))

    async def _async_read_stored(self) -> Session | None:
        return self._parse_stored(await self.async_get_item(self.storage_key))

    # -- state ----------------------------------------------------------------------------

    def current(self) -> Session | None:
        """The session in memory, as is (no I/O, no refresh)."""
        with self._lock:
            return self._session

    def _install_loaded(self, stored: Session | None) -> None:
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

    def load(self) -> None:
        """Read the stored session once (later calls do nothing)."""
        if not self._loaded:
            self._install_loaded(self._read_stored())

    async def async_load(self) -> None:
        if not self._loaded:
            self._install_loaded(await self._async_read_stored())

    def subscribe(self, callback: AuthStateCallback) -> Subscription:
        """Add a listener; it gets INITIAL_SESSION first (at once if the stored session was
        read already or the storage is sync, else when the async client first reads it)."""
        if not self._async_storage:
            self.load()
        subscription = self.events.subscribe(callback)
        with self._lock:
            loaded, session = self._loaded, self._session
            if not loaded:
                self._pending_initial.append(subscription)
        if loaded:
            EventBus.deliver(subscription, "INITIAL_SESSION", session)
        return subscription

    def _install(self, session: Session | None) -> None:
        with self._lock:
            self._session = session
            self._loaded = True

    def save(self, session: Session, event: AuthChangeEvent | None) -> None:
        """Make ``session`` current, store it, then emit ``event``."""
        self._install(session)
        self.set_item(self.storage_key, session.to_json())
        if event is not None:
            self.events.emit(event, session)

    async def async_save(self, session: Session, event: AuthChangeEvent | None) -> None:
        self._install(session)
        await self.async_set_item(self.storage_key, session.to_json())
        if event is not None:
            self.events.emit(event, session)

    def clear(self) -> None:
        """Forget the session (memory and storage) and emit SIGNED_OUT."""
        self._install(None)
        self.remove_item(self.storage_key)
        self.events.emit("SIGNED_OUT", None)

    async def async_clear(self) -> None:
        self._install(None)
        await self.async_remove_item(self.storage_key)
        self.events.emit("SIGNED_OUT", None)

    def expiring(self, session: Session) -> bool:
        return is_expiring(session, self._clock(), self.margin)

    def seconds_until_refresh(self) -> float | None:
        session = self.current()
        if session is None:
            return None
        due = session.expires_at - effective_margin(session, self.margin) - self._clock()
        return max(due, 0.0)

    # -- what callers use -------------------------------------------------------------------

    def get_session(self) -> Session | None:
        """The session, refreshed first if it expires within the margin (single flight)."""
        self.load()
        session = self.current()
        if session is None or not self.expiring(session):
            return session
        return self.refresh(session)

    async def async_get_session(self) -> Session | None:
        await self.async_load()
        session = self.current()
        if session is None or not self.expiring(session):
            return session
        return await self.async_refresh(session)

    def require_session(self) -> Session:
        session = self.get_session()
        if session is None:
            raise AuthSessionMissingError()
        return session

    async def async_require_session(self) -> Session:
        session = await self.async_get_session()
        if session is None:
            raise AuthSessionMissingError()
        return session

    def refresh_rejected(self, access_token: str) -> Session:
        """``access_token`` was refused: refresh unless someone already replaced it."""
        current = self.current()
        if current is None:
            raise AuthSessionMissingError()
        if current.access_token != access_token:
            return current
        return self.refresh(current)

    async def async_refresh_rejected(self, access_token: str) -> Session:
        current = self.current()
        if current is None:
            raise AuthSessionMissingError()
        if current.access_token != access_token:
            return current
        return await self.async_refresh(current)

    # -- single flight ------------------------------------------------------------------------

    def _join(
        self, stale: Session | None
    ) -> tuple[concurrent.futures.Future[Session], bool, Session]:
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

    def refresh(self, stale: Session | None = None) -> Session:
        """Refresh now (single flight); ``stale`` is the session the caller saw expiring."""
        self.load()
        future, leader, stale = self._join(stale)
        if leader:
            self._lead(stale, future)
        return future.result()

    async def async_refresh(self, stale: Session | None = None) -> Session:
        await self.async_load()
        future, leader, stale = self._join(stale)
        if leader:
            task = asyncio.get_running_loop().create_task(self._async_lead(stale, future))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
        return await asyncio.wrap_future(future)

    def _finish(
        self,
        stale: Session,
        future: concurrent.futures.Future[Session],
        new: Session | None,
        error: BaseException | None,
    ) -> None:
        signed_out = isinstance(error, InvalidSessionError)
        with self._lock:
            self._inflight = None
            if _same_session(self._session, stale):
                if new is not None:
                    self._session = new
                elif signed_out:
                    self._session = None
        if error is not None:
            future.set_exception(error)
            if signed_out:
                self.events.emit("SIGNED_OUT", None)
        else:
            assert new is not None
            future.set_result(new)
            self.events.emit("TOKEN_REFRESHED", new)

    def _lead(self, stale: Session, future: concurrent.futures.Future[Session]) -> None:
        try:
            new = self._do_refresh(stale)
        except BaseException as exc:
            self._finish(stale, future, None, exc)
        else:
            self._finish(stale, future, new, None)

    async def _async_lead(self, stale: Session, future: concurrent.futures.Future[Session]) -> None:
        try:
            new = await self._async_do_refresh(stale)
        except BaseException as exc:
            self._finish(stale, future, None, exc)
            if not isinstance(exc, Exception):
                raise
        else:
            self._finish(stale, future, new, None)

    def _do_refresh(self, stale: Session) -> Session:
        handle = self.storage.acquire_lock() if self._locking else None
        try:
            token = stale.refresh_token
            if handle is not None:
                plan = plan_refresh(stale, self._read_stored(), self._clock(), self.margin)
                if isinstance(plan, Session):
                    return plan
                token = plan
            try:
                self.refresh_count += 1
                new = self._sync_tokens().refresh(token)
            except InvalidSessionError:
                self._forget_stored(self._read_stored(), token)
                raise
            self.set_item(self.storage_key, new.to_json())
            return new
        finally:
            if handle is not None:
                self.storage.release_lock(handle)

    async def _async_do_refresh(self, stale: Session) -> Session:
        handle = await asyncio.to_thread(self.storage.acquire_lock) if self._locking else None
        try:
            token = stale.refresh_token
            if handle is not None:
                plan = plan_refresh(stale, self._read_stored(), self._clock(), self.margin)
                if isinstance(plan, Session):
                    return plan
                token = plan
            try:
                self.refresh_count += 1
                new = await self._async_tokens_endpoint().refresh(token)
            except InvalidSessionError:
                stored = await self._async_read_stored()
                if stored is not None and stored.refresh_token == token:
                    await self.async_remove_item(self.storage_key)
                raise
            await self.async_set_item(self.storage_key, new.to_json())
            return new
        finally:
            if handle is not None:
                self.storage.release_lock(handle)

    def _forget_stored(self, stored: Session | None, token: str) -> None:
        if stored is not None and stored.refresh_token == token:
            self.remove_item(self.storage_key)

    # -- replacing the session with another refresh token -------------------------------------

    def refresh_with(self, refresh_token: str) -> Session:
        """Spend a refresh token the caller supplied (``refresh_session(token)``,
        ``set_session`` with an expired access token); not single flight."""
        new = self._sync_tokens().refresh(refresh_token)
        self.save(new, "TOKEN_REFRESHED")
        return new

    async def async_refresh_with(self, refresh_token: str) -> Session:
        new = await self._async_tokens_endpoint().refresh(refresh_token)
        await self.async_save(new, "TOKEN_REFRESHED")
        return new


# --------------------------------------------------------------------------- httpx.Auth


#: Most replays of one request after a rejection. A request refreshes the session at most
#: once; it may also be replayed with a token someone else refreshed meanwhile (a call
#: slowed by retries can outlive more than one token).
_MAX_REPLAYS = 3


def _newer(manager: SessionManager, token: str) -> Session | None:
    """The current session if its access token is not ``token`` (someone refreshed)."""
    current = manager.current()
    if current is not None and current.access_token != token:
        return current
    return None


class SessionAuth(httpx.Auth):
    """Bearer auth from a :class:`SessionManager`, for sync and async httpx clients alike.

    Raises :class:`~kinbase.errors.AuthSessionMissingError` when nobody is signed in.
    """

    requires_request_body = True

    def __init__(self, manager: SessionManager) -> None:
        self.manager = manager

    def __repr__(self) -> str:
        return f"<SessionAuth {self.manager!r}>"

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        raise RuntimeError(
            "SessionAuth drives sync_auth_flow/async_auth_flow itself"
        )  # pragma: no cover

    def sync_auth_flow(
        self, request: httpx.Request
    ) -> Generator[httpx.Request, httpx.Response, None]:
        request.read()
        token = self.manager.require_session().access_token
        request.headers["Authorization"] = f"Bearer {token}"
        response = yield request
        refreshed = False
        for _ in range(_MAX_REPLAYS):
            if not is_rejected(response):
                return
            fresh = _newer(self.manager, token)
            if fresh is None:
                if refreshed:
                    return  # refused again right after our own refresh: the answer stands
                fresh = self.manager.refresh_rejected(token)
                refreshed = True
            token = fresh.access_token
            request.headers["Authorization"] = f"Bearer {token}"
            response = yield request

    async def async_auth_flow(
        self, request: httpx.Request
    ) -> AsyncGenerator[httpx.Request, httpx.Response]:
        await request.aread()
        token = (await self.manager.async_require_session()).access_token
        request.headers["Authorization"] = f"Bearer {token}"
        response = yield request
        refreshed = False
        for _ in range(_MAX_REPLAYS):
            if not is_rejected(response):
                return
            fresh = _newer(self.manager, token)
            if fresh is None:
                if refreshed:
                    return
                fresh = await self.manager.async_refresh_rejected(token)
                refreshed = True
            token = fresh.access_token
            request.headers["Authorization"] = f"Bearer {token}"
            response = yield request
