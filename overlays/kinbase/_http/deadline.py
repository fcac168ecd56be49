"""The time budget of a call, enforced inside each read and write (sync pools).

httpx's timeouts bound each read: a server sending one byte every second never trips a
10 s read timeout, and can keep a call going as long as it likes. The retry transport
sets the call's deadline (``max_total_seconds`` after it started) in :data:`DEADLINE`
around each attempt; the sync pools' network streams cut every connect, read and write
short at that deadline (``httpcore.ReadTimeout`` and friends, which httpx raises as its own
timeouts). The async transport does the same with a cancel scope (``anyio.fail_after``)
around each attempt and needs nothing here.

:func:`bound_to_deadline` wraps the network backend of an ``httpx.HTTPTransport``'s
connection pool (httpcore's own backend stays the one doing the I/O).
"""

from __future__ import annotations

import contextvars
import time
import typing

import httpcore
import httpx

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


class _Stream:
    def __init__(self, stream: typing.Any) -> None:
        self._stream = stream

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        data: bytes = self._stream.read(max_bytes, _clamp(timeout, httpcore.ReadTimeout))
        return data

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._stream.write(buffer, _clamp(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._stream.close()

    def start_tls(
        self,
        ssl_context: typing.Any,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> _Stream:
        timeout = _clamp(timeout, httpcore.ConnectTimeout)
        return _Stream(self._stream.start_tls(ssl_context, server_hostname, timeout))

    def get_extra_info(self, info: str) -> typing.Any:
        return self._stream.get_extra_info(info)


def _options(**options: typing.Any) -> dict[str, typing.Any]:
    # socket_options is newer than httpcore 0.16: pass it only when there is one.
    return {name: value for name, value in options.items() if value is not None}


class _Backend:
    def __init__(self, backend: typing.Any) -> None:
        self._backend = backend

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: typing.Any = None,
    ) -> _Stream:
        timeout = _clamp(timeout, httpcore.ConnectTimeout)
        extra = _options(local_address=local_address, socket_options=socket_options)
        return _Stream(self._backend.connect_tcp(host, port, timeout, **extra))

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: typing.Any = None
    ) -> _Stream:
        timeout = _clamp(timeout, httpcore.ConnectTimeout)
        extra = _options(socket_options=socket_options)
        return _Stream(self._backend.connect_unix_socket(path, timeout, **extra))

    def sleep(self, seconds: float) -> None:
        self._backend.sleep(seconds)


def bound_to_deadline(transport: httpx.HTTPTransport) -> httpx.HTTPTransport:
    """``transport`` with its pool's reads, writes and connects cut at :data:`DEADLINE`.

    Relies on httpcore's ``ConnectionPool._network_backend`` (present in every httpcore
    that the supported httpx versions use); without it the transport is returned as is and
    the budget is checked between body chunks only.
    """
    pool = getattr(transport, "_pool", None)
    backend = getattr(pool, "_network_backend", None)
    if hasattr(backend, "connect_tcp") and not isinstance(backend, _Backend):
        pool._network_backend = _Backend(backend)  # type: ignore[union-attr]
    return transport
