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
- an async pool is bound to the event loop that opened it: used from another loop (a new
  ``asyncio.run``), it is dropped and reopened on the running loop;
- once closed, every request is refused with :class:`~kinbase.errors.ClientClosedError`.
"""

from __future__ import annotations

import os
import threading
import urllib.request
import weakref
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
        self._pools: dict[str | None, _T] = {}
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

    def get(self, route: str | None) -> _T | None:
        if self.closed:
            raise ClientClosedError("this client is closed: create a new one to send requests")
        if self._generation != _generation:  # forked since: the pools are the parent's
            self._pools = {}
            self._generation = _generation
        return self._pools.get(route)

    def put(self, route: str | None, transport: _T) -> _T:
        with self._lock:
            existing = self._pools.setdefault(route, transport)
        return existing

    def connection_count(self) -> int:
        """Connections open in these pools right now (diagnostics and tests)."""
        pools = [getattr(t, "_pool", None) for t in list(self._pools.values())]
        return sum(len(getattr(pool, "connections", ())) for pool in pools)

    def drop(self) -> list[_T]:
        with self._lock:
            pools, self._pools = list(self._pools.values()), {}
        return pools


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
            built = bound_to_deadline(httpx.HTTPTransport(**routes.build_options(route)))
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
    """The async pools (``httpx.AsyncHTTPTransport``), each bound to the loop that opened it."""

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
        self._loop: weakref.ref[Any] | None = None

    def _check_loop(self) -> None:
        loop = _running_asyncio_loop()
        if loop is None:
            return
        bound = self._loop() if self._loop is not None else None
        if bound is loop:
            return
        if bound is not None:
            # Opened on another loop (now closed, or not this one): its connections cannot
            # be used, nor closed, from here. Drop them; the other loop's sockets close
            # with it.
            self._routes.drop()
        self._loop = weakref.ref(loop)

    def _transport(self, url: httpx.URL) -> httpx.AsyncHTTPTransport:
        routes = self._routes
        route = routes.proxy_for(url)
        transport = routes.get(route)
        if transport is None:
            transport = routes.put(route, httpx.AsyncHTTPTransport(**routes.build_options(route)))
        return transport

    def connection_count(self) -> int:
        """Connections open in these pools right now (diagnostics and tests)."""
        return self._routes.connection_count()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self._check_loop()
        return await self._transport(request.url).handle_async_request(request)

    async def aclose(self) -> None:
        self._routes.closed = True
        bound = self._loop() if self._loop is not None else None
        pools = self._routes.drop()
        if bound is not None and bound is not _running_asyncio_loop():
            return  # opened on another loop: its connections went with it
        for transport in pools:
            await transport.aclose()


def _running_asyncio_loop() -> Any:
    """The running asyncio loop; ``None`` under another async library (trio)."""
    import asyncio

    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None
