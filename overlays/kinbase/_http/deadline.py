"""The time budget of a call, enforced inside each read and write of kinbase's own pools.

httpx's timeouts bound each read: a server sending one byte every second never trips a
10 s read timeout, and can keep a call going as long as it likes. The retry transport
sets the call's deadline (``max_total_seconds`` after it started) in :data:`DEADLINE`
around each attempt; the pools' network streams cut every connect, read and write short
at that deadline (``httpcore.ReadTimeout`` and friends, which httpx raises as its own
timeouts). Each call hands the clamped timeout to httpcore's own stream or backend, so no
cancel scope is needed around an attempt.

:func:`bound_to_deadline` wraps the network backend of an ``httpx.HTTPTransport``'s or
``httpx.AsyncHTTPTransport``'s connection pool (httpcore's own backend stays the one doing
the I/O). Its streams also send an HTTP/1.1 request's head and small body in one write
(:mod:`kinbase._http.coalesce`).
"""

from __future__ import annotations

import contextvars
import inspect
import time
import typing

import httpcore
import httpx

from kinbase._http.coalesce import HeadJoiner

__all__ = ["DEADLINE", "bound_to_deadline"]

#: The monotonic time at which the current call's budget ends (``None``: no bound).
DEADLINE: contextvars.ContextVar[float | None] = contextvars.ContextVar(
    "kinbase_deadline", default=None
)


def _clamp(timeout: float | None, error: type[Exception]) -> float | None:
    deadline = DEADLINE.get()
    if deadline is None:
        return timeout
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise error("the call's time budget (max_total_seconds) ran out")
    return remaining if timeout is None or remaining < timeout else timeout


# Duck-typed wrappers (httpcore calls these methods only): httpcore 0.16, used by httpx
# 0.23, keeps its backend base classes in httpcore.backends.base, later ones export them.
# The sync and async streams differ only in awaiting; what to write is HeadJoiner's call.


def _wrap_stream(result: typing.Any, join: bool) -> typing.Any:
    """A stream wrapped, or (async) an awaitable of the stream wrapped."""
    if inspect.isawaitable(result):
        return _await_stream(result, join)
    return _Stream(result, join)


async def _await_stream(result: typing.Awaitable[typing.Any], join: bool) -> _AsyncStream:
    return _AsyncStream(await result, join)


class _Stream:
    def __init__(self, stream: typing.Any, join: bool) -> None:
        self._stream = stream
        self._join = join
        self._joiner = HeadJoiner(join)

    def read(self, max_bytes: int, timeout: float | None = None) -> typing.Any:
        held = self._joiner.flush()
        if held:
            self._stream.write(held, _clamp(self._joiner.timeout, httpcore.WriteTimeout))
        return self._stream.read(max_bytes, _clamp(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        for data in self._joiner.writes(buffer, timeout):
            self._stream.write(data, _clamp(timeout, httpcore.WriteTimeout))

    def start_tls(
        self,
        ssl_context: typing.Any,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> typing.Any:
        # Nothing is held here: httpcore starts TLS right after connecting, or after
        # reading a proxy's answer to CONNECT.
        timeout = _clamp(timeout, httpcore.ConnectTimeout)
        return _wrap_stream(
            self._stream.start_tls(ssl_context, server_hostname, timeout), self._join
        )

    # Called on every request (get_extra_info: "is this idle connection readable?") or on
    # every close: delegated by name, not through __getattr__ (a failed lookup each time).
    def get_extra_info(self, info: str) -> typing.Any:
        return self._stream.get_extra_info(info)

    def close(self) -> typing.Any:
        return self._stream.close()

    def aclose(self) -> typing.Any:
        return self._stream.aclose()

    def __getattr__(self, name: str) -> typing.Any:  # anything else httpcore may add
        return getattr(self._stream, name)


class _AsyncStream(_Stream):
    async def read(self, max_bytes: int, timeout: float | None = None) -> typing.Any:
        held = self._joiner.flush()
        if held:
            await self._stream.write(held, _clamp(self._joiner.timeout, httpcore.WriteTimeout))
        return await self._stream.read(max_bytes, _clamp(timeout, httpcore.ReadTimeout))

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:  # type: ignore[override]
        for data in self._joiner.writes(buffer, timeout):
            await self._stream.write(data, _clamp(timeout, httpcore.WriteTimeout))


def _options(**options: typing.Any) -> dict[str, typing.Any]:
    # socket_options is newer than httpcore 0.16: pass it only when there is one.
    return {name: value for name, value in options.items() if value is not None}


class _Backend:
    def __init__(self, backend: typing.Any, join: bool) -> None:
        self._backend = backend
        self._join = join

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: typing.Any = None,
    ) -> typing.Any:
        timeout = _clamp(timeout, httpcore.ConnectTimeout)
        extra = _options(local_address=local_address, socket_options=socket_options)
        return _wrap_stream(self._backend.connect_tcp(host, port, timeout, **extra), self._join)

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: typing.Any = None
    ) -> typing.Any:
        timeout = _clamp(timeout, httpcore.ConnectTimeout)
        extra = _options(socket_options=socket_options)
        return _wrap_stream(self._backend.connect_unix_socket(path, timeout, **extra), self._join)

    def __getattr__(self, name: str) -> typing.Any:  # sleep
        return getattr(self._backend, name)


_T = typing.TypeVar("_T", httpx.HTTPTransport, httpx.AsyncHTTPTransport)


def bound_to_deadline(transport: _T, *, join_writes: bool = False) -> _T:
    """``transport`` with its pool's reads, writes and connects cut at :data:`DEADLINE`;
    ``join_writes`` (HTTP/1.1 pools only) sends a request's head and small body in one
    write (:class:`~kinbase._http.coalesce.HeadJoiner`).

    Relies on httpcore's ``ConnectionPool._network_backend`` (present in every httpcore
    that the supported httpx versions use); without it the transport is returned as is and
    the budget is checked between body chunks only.
    """
    pool = getattr(transport, "_pool", None)
    backend = getattr(pool, "_network_backend", None)
    if hasattr(backend, "connect_tcp") and not isinstance(backend, _Backend):
        pool._network_backend = _Backend(backend, join_writes)  # type: ignore[union-attr]
    return transport
