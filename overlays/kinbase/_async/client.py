"""AsyncClient: one session for both APIs (``.auth`` GoTrue, ``.storage`` Kinto).

Written once, for asyncio (async source); scripts/unasync.py writes the sync twin.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self

import httpx

from kinbase._http.config import EventHooks, RetryTypes, TimeoutTypes, VerifyTypes
from kinbase._http.connections import ProxyTypes
from kinbase._http.defaults import DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_TIMEOUT
from kinbase._http.tls import CertTypes
from kinbase.auth._async.client import AsyncAuthClient
from kinbase.storage._async.client import AsyncStorageClient

if TYPE_CHECKING:
    from kinbase.auth.types import Session
    from kinbase.sessions._async.store import AsyncSessionStore

__all__ = ["AsyncClient", "AsyncUserClient"]


class AsyncUserClient:
    """One user's view of an :class:`AsyncClient`: ``auth`` holds that user's session,
    ``storage`` sends as that user; both use the parent's connections, retry and
    settings. Made by :meth:`AsyncClient.as_user` / :meth:`AsyncClient.for_session`,
    cheaply enough for one per web request; there is nothing to close."""

    __slots__ = ("auth", "storage")

    def __init__(self, auth: AsyncAuthClient, storage: AsyncStorageClient) -> None:
        self.auth = auth
        self.storage = storage

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.auth.session_manager!r}>"

    @property
    def session(self) -> Session | None:
        """The user's session as it is now (refreshed tokens included: write them back
        where the caller keeps them, or use :meth:`AsyncClient.for_session`)."""
        return self.auth.session_manager.current()


class AsyncClient:
    """``auth`` signs the user in; ``storage`` sends every request with that session's
    access token, refreshed ahead of expiry (and once on a 401) without the caller
    noticing.

    ``auth_options`` go to :class:`~kinbase.auth.AsyncAuthClient` (``storage=``,
    ``service_key=``, ``refresh_margin=``...); ``bucket``/``collection`` are the storage
    client's defaults. The transport options apply to both (each keeps its own connection
    pool): ``headers``, ``timeout``, ``retry``, ``verify``, ``cert``, ``limits``, ``http2``,
    ``proxy``, ``trust_env``, ``event_hooks``, ``http_client`` and ``max_response_bytes``
    (see the "How retries and sessions work" guide).

    A web backend serving many users keeps one client and takes a per-user view for
    each request: :meth:`as_user` (tokens the caller holds) or :meth:`for_session` (a
    web session in ``session_store``, a :mod:`kinbase.sessions` store).
    """

    def __init__(
        self,
        *,
        auth_url: str,
        storage_url: str,
        bucket: str | None = "default",
        collection: str | None = None,
        headers: Mapping[str, str] | None = None,
        timeout: TimeoutTypes = DEFAULT_TIMEOUT,
        retry: RetryTypes = None,
        verify: VerifyTypes = True,
        cert: CertTypes | None = None,
        limits: httpx.Limits | None = None,
        http2: bool = False,
        proxy: ProxyTypes | None = None,
        trust_env: bool = True,
        event_hooks: EventHooks | None = None,
        http_client: httpx.AsyncClient | None = None,
        max_response_bytes: int | None = DEFAULT_MAX_RESPONSE_BYTES,
        session_store: AsyncSessionStore | None = None,
        **auth_options: Any,
    ) -> None:
        #: Where :meth:`for_session` finds users' sessions (a kinbase.sessions store).
        self.session_store = session_store
        transport: dict[str, Any] = {
            "headers": headers,
            "timeout": timeout,
            "retry": retry,
            "verify": verify,
            "cert": cert,
            "limits": limits,
            "http2": http2,
            "proxy": proxy,
            "trust_env": trust_env,
            "event_hooks": event_hooks,
            "http_client": http_client,
            "max_response_bytes": max_response_bytes,
        }
        self.auth = AsyncAuthClient(auth_url, **transport, **auth_options)
        self.storage = AsyncStorageClient(
            storage_url, auth=self.auth, bucket=bucket, collection=collection, **transport
        )

    def __repr__(self) -> str:
        return f"<{type(self).__name__} auth={self.auth!r} storage={self.storage!r}>"

    def as_user(self, access_token: str, refresh_token: str) -> AsyncUserClient:
        """A view acting as the user whose tokens these are (from a cookie, a header),
        sharing this client's connections. Nothing is sent to make it. When its token
        is refreshed the new tokens are in ``view.session`` and a TOKEN_REFRESHED event
        (``view.auth.on_auth_state_change``): write them back; a refresh token handed in
        again after this client refreshed it gets the newer session, never a revoked
        one."""
        auth = self.auth.as_user(access_token, refresh_token)
        return AsyncUserClient(auth, self.storage.with_auth(auth.as_httpx_auth()))

    def for_session(self, key: str) -> AsyncUserClient:
        """A view acting as the user signed in to web session ``key`` of
        ``session_store``: the session is read on first use, refreshes are written back
        to the store and are single flight across every process sharing it."""
        if self.session_store is None:
            raise TypeError("for_session() needs a client made with session_store=")
        auth = self.auth.with_storage(self.session_store.auth_storage(key))
        return AsyncUserClient(auth, self.storage.with_auth(auth.as_httpx_auth()))

    async def aclose(self) -> None:
        """Close both clients' connections (the session stays in its storage)."""
        await self.storage.aclose()
        await self.auth.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()
