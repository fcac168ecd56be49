"""The session of one signed-in user, shared by every thread, task and API that uses it.

:class:`SessionManager` is the session's state (memory, storage, listeners, the
single-flight refresh; :class:`~kinbase.auth._session_state.SessionState`) with its two
drivers: :attr:`SessionManager.driver` for threads and :attr:`SessionManager.async_driver`
for asyncio tasks. The async driver is the one source; the sync one is generated from it.
:class:`SessionAuth` is the ``httpx.Auth`` both APIs use. docs/auth.md ("Sessions and
refresh") explains the refresh, cross-process locking and the one deadlock to avoid.
"""

from __future__ import annotations

import time
from collections.abc import AsyncGenerator, Callable, Generator
from typing import Any

import httpx

from kinbase._http.config import ClientConfig
from kinbase.auth._async.session import AsyncSessionDriver
from kinbase.auth._async.tokens import AsyncTokenEndpoint
from kinbase.auth._session_state import (
    DEFAULT_REFRESH_MARGIN,
    SessionState,
    is_rejected,
    plan_refresh,
)
from kinbase.auth._sync.session import SessionDriver
from kinbase.auth._sync.tokens import TokenEndpoint
from kinbase.auth.types import AuthStateCallback, Subscription

__all__ = ["DEFAULT_REFRESH_MARGIN", "SessionAuth", "SessionManager", "is_rejected", "plan_refresh"]


class SessionManager(SessionState):
    """One session shared by sync and async callers: its state plus a driver for each
    I/O mode (``driver`` for threads, ``async_driver`` for tasks).

    ``tokens``/``async_tokens`` send the refresh grant in each mode; a mode without one
    builds its own on first use from ``config`` (closed by :meth:`close`/:meth:`aclose`).
    """

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
        super().__init__(
            config=config,
            storage=storage,
            storage_key=storage_key,
            refresh_margin=refresh_margin,
            idempotent_refresh=idempotent_refresh,
            clock=clock,
        )
        #: The session's I/O for sync callers.
        self.driver = SessionDriver(self, tokens)
        #: The session's I/O for async callers.
        self.async_driver = AsyncSessionDriver(self, async_tokens)

    def subscribe(self, callback: AuthStateCallback) -> Subscription:
        """Add a listener; it gets INITIAL_SESSION first (at once if the stored session was
        read already or the storage is sync, else when the async client first reads it)."""
        if not self.is_async_storage:
            self.driver.load()
        subscription = self.events.subscribe(callback)
        self.add_listener(subscription)
        return subscription

    def close(self) -> None:
        """Close the sync token client this manager built (not one it was given)."""
        self.driver.close()

    async def aclose(self) -> None:
        """Close the token clients this manager built, sync and async."""
        self.driver.close()
        await self.async_driver.aclose()


class SessionAuth(httpx.Auth):
    """Bearer auth from a :class:`SessionManager`, for sync and async httpx clients alike:
    the access token (refreshed first when it expires within the margin) and, on a 401 (or
    GoTrue's 403 ``bad_jwt``), one refresh and a replay.

    Raises :class:`~kinbase.errors.AuthSessionMissingError` when nobody is signed in.
    """

    requires_request_body = True

    def __init__(self, manager: SessionManager) -> None:
        self.manager = manager

    def identity(self) -> str | None:
        """Who requests carry the token of, now: the signed-in user's id (None: signed
        out). Answers cached per caller (Kinto's ``server_info()``) are keyed by it."""
        session = self.manager.current()
        return None if session is None else str(session.user.id)

    def __repr__(self) -> str:
        return f"<SessionAuth {self.manager!r}>"

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        """Not used: httpx calls :meth:`sync_auth_flow` or :meth:`async_auth_flow`."""
        raise RuntimeError(
            "SessionAuth drives sync_auth_flow/async_auth_flow itself"
        )  # pragma: no cover

    def sync_auth_flow(
        self, request: httpx.Request
    ) -> Generator[httpx.Request, httpx.Response, None]:
        """The auth flow for sync httpx clients."""
        return self.manager.driver.auth_flow(request)

    def async_auth_flow(
        self, request: httpx.Request
    ) -> AsyncGenerator[httpx.Request, httpx.Response]:
        """The auth flow for async httpx clients."""
        return self.manager.async_driver.auth_flow(request)


def _unchanged(request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
    yield request


async def _async_unchanged(
    request: httpx.Request,
) -> AsyncGenerator[httpx.Request, httpx.Response]:
    yield request


class OptionalSessionAuth(SessionAuth):
    """:class:`SessionAuth` when someone is signed in, no ``Authorization`` otherwise (the
    auth of ``AuthClient.generated``: public endpoints work signed out, user endpoints get
    the session's token, refreshed as usual). A request that already carries an
    ``Authorization`` header (e.g. an admin call) is left alone."""

    def sync_auth_flow(
        self, request: httpx.Request
    ) -> Generator[httpx.Request, httpx.Response, None]:
        """The session's flow, or the request unchanged when nobody is signed in."""
        if "authorization" in request.headers or self.manager.current() is None:
            return _unchanged(request)
        return super().sync_auth_flow(request)

    def async_auth_flow(
        self, request: httpx.Request
    ) -> AsyncGenerator[httpx.Request, httpx.Response]:
        """The async twin of :meth:`sync_auth_flow`."""
        if "authorization" in request.headers or self.manager.current() is None:
            return _async_unchanged(request)
        return super().async_auth_flow(request)
