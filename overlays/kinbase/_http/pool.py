"""The default inner transports: httpcore connection pools, each response read whole.

:class:`PoolTransport` / :class:`AsyncPoolTransport` do what ``httpx.HTTPTransport`` does
for kinbase's use (HTTP/1.1, TLS verification, client certificates via the SSL context,
connection limits, keep-alive), and read the response body before returning, inside the
retry loop of :mod:`kinbase._http.transport`: a connection lost in the middle of a body is
an error of that attempt, retried like any other, and the body is handed over as an
in-memory ``httpx.ByteStream`` with no second copy. The async pool connects through
:class:`~kinbase._http.asyncio_backend.AsyncioBackend`.

httpcore's errors become the httpx errors the retry policy classifies (``ConnectError``,
``ReadTimeout``...), exactly as httpx maps them.
"""

from __future__ import annotations

import contextlib
import ssl
from collections.abc import Iterator
from typing import Any

import httpcore
import httpx

from kinbase._http.asyncio_backend import AsyncioBackend

__all__ = ["AsyncPoolTransport", "PoolTransport"]

# httpcore error -> httpx error (the most specific class wins, as in httpx).
_ERRORS: dict[type[Exception], type[httpx.TransportError]] = {
    httpcore.TimeoutException: httpx.TimeoutException,
    httpcore.ConnectTimeout: httpx.ConnectTimeout,
    httpcore.ReadTimeout: httpx.ReadTimeout,
    httpcore.WriteTimeout: httpx.WriteTimeout,
    httpcore.PoolTimeout: httpx.PoolTimeout,
    httpcore.NetworkError: httpx.NetworkError,
    httpcore.ConnectError: httpx.ConnectError,
    httpcore.ReadError: httpx.ReadError,
    httpcore.WriteError: httpx.WriteError,
    httpcore.ProxyError: httpx.ProxyError,
    httpcore.UnsupportedProtocol: httpx.UnsupportedProtocol,
    httpcore.ProtocolError: httpx.ProtocolError,
    httpcore.LocalProtocolError: httpx.LocalProtocolError,
    httpcore.RemoteProtocolError: httpx.RemoteProtocolError,
}


@contextlib.contextmanager
def _httpx_errors() -> Iterator[None]:
    """httpcore's errors raised inside, as the httpx errors they stand for."""
    try:
        yield
    except Exception as exc:
        for cls in type(exc).__mro__:
            target = _ERRORS.get(cls)
            if target is not None:
                raise target(str(exc)) from exc
        raise


def _core_request(request: httpx.Request) -> httpcore.Request:
    url = request.url
    return httpcore.Request(
        method=request.method,
        url=httpcore.URL(
            scheme=url.raw_scheme, host=url.raw_host, port=url.port, target=url.raw_path
        ),
        headers=request.headers.raw,
        content=request.stream,
        extensions=request.extensions,
    )


def _response(core: httpcore.Response, body: bytes, request: httpx.Request) -> httpx.Response:
    return httpx.Response(
        core.status,
        headers=core.headers,
        stream=httpx.ByteStream(body),
        extensions=core.extensions,
        request=request,
    )


def _pool_options(verify: ssl.SSLContext | bool, limits: httpx.Limits) -> dict[str, Any]:
    context = verify if isinstance(verify, ssl.SSLContext) else httpx.create_ssl_context(verify)
    return {
        "ssl_context": context,
        "max_connections": limits.max_connections,
        "max_keepalive_connections": limits.max_keepalive_connections,
        "keepalive_expiry": limits.keepalive_expiry,
        "http1": True,
        "http2": False,
    }


class PoolTransport(httpx.BaseTransport):
    """A sync httpcore pool behind the httpx transport interface; bodies read whole."""

    def __init__(self, *, verify: ssl.SSLContext | bool, limits: httpx.Limits) -> None:
        self._pool = httpcore.ConnectionPool(**_pool_options(verify, limits))

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        with _httpx_errors():
            core = self._pool.handle_request(_core_request(request))
            try:
                body = b"".join(core.stream)  # type: ignore[arg-type]
            finally:
                core.close()
        return _response(core, body, request)

    def close(self) -> None:
        self._pool.close()


class AsyncPoolTransport(httpx.AsyncBaseTransport):
    """The async twin of :class:`PoolTransport`, on asyncio protocols (trio: httpcore's)."""

    def __init__(self, *, verify: ssl.SSLContext | bool, limits: httpx.Limits) -> None:
        self._pool = httpcore.AsyncConnectionPool(
            **_pool_options(verify, limits), network_backend=AsyncioBackend()
        )

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        with _httpx_errors():
            core = await self._pool.handle_async_request(_core_request(request))
            try:
                body = b"".join([part async for part in core.stream])  # type: ignore[union-attr]
            finally:
                await core.aclose()
        return _response(core, body, request)

    async def aclose(self) -> None:
        await self._pool.aclose()
