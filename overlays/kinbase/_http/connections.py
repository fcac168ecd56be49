"""The connection pools under kinbase's retry transport: httpx's own transports.

:class:`Connections` / :class:`AsyncConnections` own the ``httpx.HTTPTransport`` /
``httpx.AsyncHTTPTransport`` (one per proxy route, built on first use) that do the I/O of
a client and its clones. What they add to httpx:

- proxies: ``proxy=`` for every request, else (``trust_env``) ``HTTP_PROXY``,
  ``HTTPS_PROXY``, ``ALL_PROXY`` and ``NO_PROXY`` from the environment, as httpx does;
- nothing is built before the first request (a client costs no pool and no certificate
  loading until it sends; see :mod:`kinbase._http.tls`);
- a pool is never shared across ``fork()``: a child process drops the parent's pools
  (without closing them: their sockets are the parent's) and opens its own;
- an async pool belongs to the event loop that opened it: each running loop gets pools of
  its own (a new ``asyncio.run``, a test on another loop than its fixture's). The pools of
  a loop that is closed (or gone) are released the next time another loop sends, their
  sockets closed without that loop (no "unclosed transport" warning); the pools of a loop
  still open are left to it (it may be running in another thread, or run again);
- once closed, every request is refused with :class:`~kinbase.errors.ClientClosedError`.
"""

from __future__ import annotations

import asyncio
import os
import threading
import urllib.request
import weakref
from collections.abc import Hashable, Iterable
from typing import Any, Generic, TypeVar

import httpx

from kinbase._http.deadline import bound_to_deadline
from kinbase._http.defaults import DEFAULT_LIMITS
from kinbase._http.tls import CertTypes, VerifyTypes, ssl_context
from kinbase.errors import ClientClosedError, InvalidInputError

__all__ = ["AsyncConnections", "Connections", "ProxyTypes", "check_proxy"]

#: A proxy for every request: a URL (``"http://proxy:3128"``, with credentials if needed)
#: or an ``httpx.Proxy``.
ProxyTypes = str | httpx.URL | httpx.Proxy

_T = TypeVar("_T", httpx.HTTPTransport, httpx.AsyncHTTPTransport)

# Bumped in a child process after fork(): every pool opened before it is dropped.
_generation = 0


def _after_fork_in_child() -> None:
    global _generation
    _generation += 1


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork_in_child)


def check_proxy(proxy: object) -> httpx.Proxy | None:
    """An ``httpx.Proxy`` for a ``proxy=`` argument; a clear error for anything else."""
    if proxy is None or isinstance(proxy, httpx.Proxy):
        return proxy
    if not isinstance(proxy, str | httpx.URL):
        raise InvalidInputError(
            f"proxy must be a URL or an httpx.Proxy, not {type(proxy).__name__}"
        )
    url = httpx.URL(proxy)
    if url.scheme not in ("http", "https", "socks5", "socks5h") or not url.host:
        shown = url.copy_with(username=None, password=None) if url.host else "<not a URL>"
        raise InvalidInputError(
            f"proxy must be an http://, https:// or socks5:// URL with a host, got {shown}"
        )
    return httpx.Proxy(url)


def _environment_proxies() -> dict[str, str]:
    return {k: v for k, v in urllib.request.getproxies_environment().items() if v}


class _Routes(Generic[_T]):
    """Which transport serves a URL, and the transports built so far (sans-I/O)."""

    def __init__(
        self,
        *,
        verify: VerifyTypes,
        cert: CertTypes | None,
        limits: httpx.Limits | None,
        http2: bool,
        proxy: httpx.Proxy | None,
        trust_env: bool,
    ) -> None:
        self._verify = verify
        self._cert = cert
        self._trust_env = trust_env
        self._options: dict[str, Any] = {"limits": limits or DEFAULT_LIMITS, "http2": http2}
        self._proxy = proxy
        self._env = _environment_proxies() if (proxy is None and trust_env) else {}
        # (scope, route) -> transport; the scope is the event loop's key for async pools
        self._pools: dict[tuple[Hashable, str | None], _T] = {}
        self._generation = _generation
        self._lock = threading.Lock()
        self.closed = False

    def proxy_for(self, url: httpx.URL) -> str | None:
        """The proxy URL for a request to ``url`` (``None``: connect directly)."""
        if self._proxy is not None:
            return str(self._proxy.url)
        env = self._env
        if not env:
            return None
        chosen = env.get(url.scheme) or env.get("all")
        if chosen is None:
            return None
        if "no" in env and urllib.request.proxy_bypass_environment(  # type: ignore[attr-defined]
            url.host, env
        ):
            return None
        return chosen

    def build_options(self, route: str | None) -> dict[str, Any]:
        options = dict(self._options)
        options["verify"] = ssl_context(self._verify, self._cert, trust_env=self._trust_env)
        if route is not None:
            if self._proxy is not None:
                options["proxy"] = self._proxy
            else:
                options["proxy"] = httpx.Proxy(route)
        return options

    def get(self, route: str | None, scope: Hashable = None) -> _T | None:
        if self.closed:
            raise ClientClosedError("this client is closed: create a new one to send requests")
        if self._generation != _generation:  # forked since: the pools are the parent's
            self._pools = {}
            self._generation = _generation
        return self._pools.get((scope, route))

    def put(self, route: str | None, transport: _T, scope: Hashable = None) -> _T:
        with self._lock:
            existing = self._pools.setdefault((scope, route), transport)
        return existing

    def connection_count(self) -> int:
        """Connections open in these pools right now (diagnostics and tests)."""
        pools = [getattr(t, "_pool", None) for t in list(self._pools.values())]
        return sum(len(getattr(pool, "connections", ())) for pool in pools)

    def drop(self, scopes: Iterable[Hashable] | None = None) -> list[_T]:
        """Forget the pools of ``scopes`` (default: all of them); returns them."""
        with self._lock:
            if scopes is None:
                pools, self._pools = list(self._pools.values()), {}
                return pools
            wanted = set(scopes)
            dropped = [key for key in self._pools if key[0] in wanted]
            return [self._pools.pop(key) for key in dropped]


class Connections(httpx.BaseTransport):
    """The sync pools (``httpx.HTTPTransport``) of one client and its clones."""

    def __init__(
        self,
        *,
        verify: VerifyTypes = True,
        cert: CertTypes | None = None,
        limits: httpx.Limits | None = None,
        http2: bool = False,
        proxy: ProxyTypes | None = None,
        trust_env: bool = True,
    ) -> None:
        self._routes: _Routes[httpx.HTTPTransport] = _Routes(
            verify=verify,
            cert=cert,
            limits=limits,
            http2=http2,
            proxy=check_proxy(proxy),
            trust_env=trust_env,
        )

    def _transport(self, url: httpx.URL) -> httpx.HTTPTransport:
        routes = self._routes
        route = routes.proxy_for(url)
        transport = routes.get(route)
        if transport is None:
            options = routes.build_options(route)
            built = bound_to_deadline(
                httpx.HTTPTransport(**options), join_writes=not options["http2"]
            )
            transport = routes.put(route, built)
        return transport

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        return self._transport(request.url).handle_request(request)

    def connection_count(self) -> int:
        """Connections open in these pools right now (diagnostics and tests)."""
        return self._routes.connection_count()

    def close(self) -> None:
        self._routes.closed = True
        for transport in self._routes.drop():
            transport.close()


class AsyncConnections(httpx.AsyncBaseTransport):
    """The async pools (``httpx.AsyncHTTPTransport``): each event loop has its own.

    A pool's connections are the loop's (its sockets are registered with that loop), so a
    client used from a new loop opens new pools there instead of failing with "Event loop
    is closed". Pools of loops that are closed or gone are released, without their loop,
    the next time a new loop shows up and on :meth:`aclose`; pools of loops still open
    are never touched from another loop, except by :meth:`aclose`, which asks their loop
    to close them.
    """

    def __init__(
        self,
        *,
        verify: VerifyTypes = True,
        cert: CertTypes | None = None,
        limits: httpx.Limits | None = None,
        http2: bool = False,
        proxy: ProxyTypes | None = None,
        trust_env: bool = True,
    ) -> None:
        self._routes: _Routes[httpx.AsyncHTTPTransport] = _Routes(
            verify=verify,
            cert=cert,
            limits=limits,
            http2=http2,
            proxy=check_proxy(proxy),
            trust_env=trust_env,
        )
        # id(loop) -> the loop, weakly: the loops that opened pools here
        self._loops: dict[int, weakref.ref[asyncio.AbstractEventLoop]] = {}
        self._loops_lock = threading.Lock()

    def _scope(self) -> int | None:
        """The running loop's key (``None`` under another async library: trio has no
        loop to outlive)."""
        loop = _running_asyncio_loop()
        if loop is None:
            return None
        key = id(loop)
        known = self._loops.get(key)
        if known is None or known() is not loop:
            self._adopt(key, loop)
        return key

    def _adopt(self, key: int, loop: asyncio.AbstractEventLoop) -> None:
        """A loop sends here for the first time: release the pools of loops that ended
        (a closed loop, or a loop gone whose id this one now has)."""
        with self._loops_lock:
            ended = {
                other: ref()
                for other, ref in self._loops.items()
                if other == key or _loop_ended(ref())
            }
            for other in ended:
                del self._loops[other]
            self._loops[key] = weakref.ref(loop)
        for other, old in ended.items():
            _release(self._routes.drop([other]), old)

    def _transport(self, url: httpx.URL, scope: int | None) -> httpx.AsyncHTTPTransport:
        routes = self._routes
        route = routes.proxy_for(url)
        transport = routes.get(route, scope)
        if transport is None:
            options = routes.build_options(route)
            built = bound_to_deadline(
                httpx.AsyncHTTPTransport(**options), join_writes=not options["http2"]
            )
            transport = routes.put(route, built, scope)
        return transport

    def connection_count(self) -> int:
        """Connections open in these pools right now, every loop's (diagnostics, tests)."""
        return self._routes.connection_count()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        scope = self._scope()
        return await self._transport(request.url, scope).handle_async_request(request)

    async def aclose(self) -> None:
        self._routes.closed = True
        running = _running_asyncio_loop()
        with self._loops_lock:
            loops, self._loops = dict(self._loops), {}
        for key, ref in loops.items():
            loop = ref()
            pools = self._routes.drop([key])
            if loop is not None and loop is running:
                for transport in pools:
                    await transport.aclose()
            else:
                _release(pools, loop)
        for transport in self._routes.drop():  # no loop (trio)
            await transport.aclose()


def _loop_ended(loop: asyncio.AbstractEventLoop | None) -> bool:
    return loop is None or loop.is_closed()


def _release(pools: list[httpx.AsyncHTTPTransport], loop: asyncio.AbstractEventLoop | None) -> None:
    """Close pools of another loop than the running one, from here.

    A loop still open (running in another thread, or to be run again) closes them itself:
    their ``aclose`` is handed to it. A loop closed or gone cannot run anything: the
    sockets of its connections are closed here, directly (the asyncio transports over them
    are dead with their loop; left alone they would warn "unclosed transport" when
    collected)."""
    if not pools:
        return
    if loop is not None and not loop.is_closed():
        try:
            loop.call_soon_threadsafe(_close_on_loop, pools)
            return
        except RuntimeError:  # closed meanwhile
            pass
    for transport in pools:
        for connection in list(getattr(getattr(transport, "_pool", None), "_connections", ())):
            for socket_transport in _socket_transports(connection):
                _close_socket(socket_transport)


_CLOSING: set[asyncio.Task[None]] = set()


def _close_on_loop(pools: list[httpx.AsyncHTTPTransport]) -> None:
    """(Called on the pools' own loop.) Close them in tasks, kept referenced until done."""
    loop = asyncio.get_running_loop()
    for transport in pools:
        task = loop.create_task(transport.aclose())
        _CLOSING.add(task)
        task.add_done_callback(_CLOSING.discard)


# How httpcore and anyio reach the socket of a connection: httpcore's connection (a proxy's
# connection wraps another) -> its network stream -> anyio's stream (TLS wraps the socket
# stream) -> the asyncio transport. Private names of both libraries, looked up defensively:
# when one is missing, nothing is closed early and the sockets close when collected.
_LINKS = ("_connection", "_network_stream", "_stream", "transport_stream", "_transport")


def _socket_transports(root: object) -> Iterable[asyncio.BaseTransport]:
    found: list[asyncio.BaseTransport] = []
    todo: list[object] = [root]
    seen: set[int] = set()
    while todo and len(seen) < 32:
        item = todo.pop()
        if id(item) in seen:
            continue
        seen.add(id(item))
        if isinstance(item, asyncio.BaseTransport):
            found.append(item)
            continue
        todo.extend(child for name in _LINKS if (child := getattr(item, name, None)) is not None)
    return found


def _close_socket(transport: asyncio.BaseTransport) -> None:
    """Close the socket under an asyncio transport whose loop is closed: it cannot close
    itself (closing schedules a callback on its loop)."""
    sock = getattr(transport, "_sock", None)
    if sock is None:
        return
    try:
        sock.close()
    finally:
        transport._sock = None  # type: ignore[attr-defined]  # nothing left to warn about


def _running_asyncio_loop() -> asyncio.AbstractEventLoop | None:
    """The running asyncio loop; ``None`` under another async library (trio)."""
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None
