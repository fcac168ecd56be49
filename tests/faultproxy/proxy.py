"""The fault proxy: an HTTP/1.1 forwarder on loopback that injects faults by rule.

It runs an asyncio server in a background thread with its own event loop. Each client
connection is served request by request (keep-alive); each request is forwarded byte for
byte (raw framing, headers in order; only ``Host`` is rewritten) over a pooled keep-alive
upstream connection, and the whole upstream response is read before anything is sent back,
so a fault can cut, replace, delay or drop it at any byte. Every socket operation has a
timeout and ``stop()`` aborts every connection, cancels every task and joins the thread.
"""

from __future__ import annotations

import asyncio
import contextlib
import http
import json
import socket
import struct
import threading
from collections import Counter
from collections.abc import Coroutine
from dataclasses import dataclass
from types import TracebackType
from typing import Any, Literal, TypeVar
from urllib.parse import parse_qs, urlsplit

from .rules import NOT_FORWARDED, Fault, Rule, RuleHandle, Stats
from .wire import (
    Head,
    ProtocolError,
    Request,
    Response,
    http_date,
    keep_alive,
    parse_request,
    read_head,
    read_request_body,
    read_response,
    simple_response,
)

LOOPBACK = "127.0.0.1"
STREAM_LIMIT = 1024 * 1024  # longest head line / head we accept (hostile tests send big ones)
_PAUSE_DRAIN = 0.05  # let the client read a partial response before the reset
_T = TypeVar("_T")

#: Errors that end one connection quietly (the peer went away, timed out or spoke nonsense).
CONNECTION_ERRORS: tuple[type[BaseException], ...] = (
    OSError,  # ConnectionError included
    TimeoutError,
    asyncio.IncompleteReadError,
    asyncio.LimitOverrunError,
    ProtocolError,
)

_KINTO_ERRORS: dict[int, tuple[int, str]] = {
    429: (117, "Client has sent too many requests"),
    500: (999, "fault proxy: internal error"),
    503: (
        201,
        "Service temporary unavailable due to overloading or maintenance, please retry later.",
    ),
}


def _reason(status: int) -> str:
    try:
        return http.HTTPStatus(status).phrase
    except ValueError:
        return "Unknown"


def kinto_error_body(status: int, message: str | None = None) -> bytes:
    """A Kinto-style error payload (``code``, ``errno``, ``error``, ``message``)."""
    errno, default = _KINTO_ERRORS.get(status, (999, "fault proxy"))
    payload = {
        "code": status,
        "errno": errno,
        "error": _reason(status),
        "message": message or default,
    }
    return json.dumps(payload).encode()


def _reset(writer: asyncio.StreamWriter) -> None:
    """Close with a TCP RST (SO_LINGER 0), dropping whatever is unsent."""
    sock = writer.get_extra_info("socket")
    if sock is not None:
        with contextlib.suppress(OSError):
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    writer.transport.abort()


@dataclass
class _Upstream:
    reader: asyncio.StreamReader
    writer: asyncio.StreamWriter
    reused: bool


class _UpstreamPool:
    """Keep-alive connections to the upstream, at most ``limit`` at a time (Waitress
    accepts 100 connections and leaves the others waiting: the proxy queues instead)."""

    def __init__(self, host: str, port: int, limit: int, connect_timeout: float) -> None:
        self.host, self.port = host, port
        self.connect_timeout = connect_timeout
        self._slots = asyncio.Semaphore(limit)
        self._idle: list[tuple[asyncio.StreamReader, asyncio.StreamWriter]] = []
        self._open: set[asyncio.StreamWriter] = set()

    async def acquire(self, timeout: float) -> _Upstream:
        await asyncio.wait_for(self._slots.acquire(), timeout)
        try:
            while self._idle:
                reader, writer = self._idle.pop()
                if reader.at_eof() or writer.is_closing():
                    self._discard(writer)
                    continue
                return _Upstream(reader, writer, reused=True)
            reader, writer = await asyncio.wait_for(
                asyncio.open_connection(self.host, self.port, limit=STREAM_LIMIT),
                self.connect_timeout,
            )
        except BaseException:
            self._slots.release()
            raise
        self._open.add(writer)
        return _Upstream(reader, writer, reused=False)

    def release(self, conn: _Upstream, reusable: bool) -> None:
        if reusable and not conn.writer.is_closing() and not conn.reader.at_eof():
            self._idle.append((conn.reader, conn.writer))
        else:
            self._discard(conn.writer)
        self._slots.release()

    def _discard(self, writer: asyncio.StreamWriter) -> None:
        self._open.discard(writer)
        writer.transport.abort()

    def close(self) -> None:
        for writer in list(self._open):
            self._discard(writer)
        self._idle.clear()


class FaultProxy:
    """A fault-injecting HTTP/1.1 proxy in front of ``upstream`` (``http://host:port[/path]``).

    ``url`` keeps the upstream's path (``FaultProxy(kinto.url).url`` ends with ``/v1``);
    ``root_url`` is the bare origin. Use as a context manager or call ``start()``/``stop()``.
    Rules (:meth:`add`, :meth:`remove`, :meth:`clear`), :attr:`stats`, :meth:`pause` and
    :meth:`resume` may be called from any thread while it runs.

    ``preserve_host``: forward the client's ``Host`` (the proxy's address) instead of the
    upstream's, so that links the server builds from it (Kinto's ``Next-Page``, root
    ``url``) point back at the proxy. ``on_upstream_error``: when the upstream cannot be
    reached or breaks, answer ``502`` (a Kinto-style error) or ``close`` the client
    connection without a response.
    """

    def __init__(
        self,
        upstream: str,
        *,
        port: int = 0,
        preserve_host: bool = False,
        max_upstream_connections: int = 48,
        connect_timeout: float = 5.0,
        idle_timeout: float = 30.0,
        io_timeout: float = 30.0,
        upstream_timeout: float = 60.0,
        on_upstream_error: Literal["502", "close"] = "502",
    ) -> None:
        parts = urlsplit(upstream)
        if parts.scheme != "http" or not parts.hostname:
            raise ValueError(f"upstream must be an http:// URL, not {upstream!r}")
        if parts.hostname not in (LOOPBACK, "localhost", "::1"):
            raise ValueError(f"the fault proxy only forwards to loopback, not {parts.hostname}")
        self.upstream = upstream
        self.upstream_host = LOOPBACK if parts.hostname == "localhost" else parts.hostname
        self.upstream_port = parts.port or 80
        self._upstream_authority = parts.netloc
        self._path = parts.path.rstrip("/")
        self.preserve_host = preserve_host
        self.max_upstream_connections = max_upstream_connections
        self.connect_timeout = connect_timeout
        self.idle_timeout = idle_timeout
        self.io_timeout = io_timeout
        self.upstream_timeout = upstream_timeout
        self.on_upstream_error = on_upstream_error
        self.port = port

        self._lock = threading.Lock()
        self._rules: list[RuleHandle] = []
        self._counts: Counter[str] = Counter()
        self._routes: Counter[str] = Counter()
        self._faults: Counter[Fault] = Counter()
        self._open_connections = 0
        self._peak_connections = 0

        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._server: asyncio.Server | None = None
        self._pool: _UpstreamPool | None = None
        self._clients: set[asyncio.StreamWriter] = set()
        self._tasks: set[asyncio.Task[Any]] = set()

    def __repr__(self) -> str:
        state = "running" if self.running else "stopped"
        return f"<FaultProxy {self.root_url} -> {self.upstream} {state}>"

    # -- lifecycle --------------------------------------------------------------------

    @property
    def root_url(self) -> str:
        return f"http://{LOOPBACK}:{self.port}"

    @property
    def url(self) -> str:
        return self.root_url + self._path

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    @property
    def paused(self) -> bool:
        return self.running and self._server is None

    def __enter__(self) -> FaultProxy:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def start(self) -> None:
        if self._thread is not None:
            raise RuntimeError("the fault proxy is already started")
        loop = asyncio.new_event_loop()
        loop.set_exception_handler(self._exception_handler)
        self._loop = loop
        self._thread = threading.Thread(
            target=loop.run_forever, name=f"faultproxy->{self.upstream}", daemon=True
        )
        self._thread.start()
        try:
            self._call(self._start(), timeout=5.0)
        except BaseException:
            self.stop()
            raise

    def stop(self, timeout: float = 1.0) -> None:
        """Close the listener and every connection, cancel every task, join the thread."""
        loop, thread = self._loop, self._thread
        if loop is None or thread is None:
            return
        try:
            if thread.is_alive():
                with contextlib.suppress(TimeoutError, RuntimeError):
                    self._call(self._shutdown(timeout / 2), timeout=timeout)
                loop.call_soon_threadsafe(loop.stop)
                thread.join(timeout)
            if thread.is_alive():
                raise RuntimeError(f"the fault proxy thread did not stop in {timeout} s")
            loop.close()
        finally:
            self._loop = self._thread = None
            self._server = self._pool = None

    def pause(self, close_connections: bool = True) -> None:
        """Stop listening: new connections are refused (``httpx.ConnectError``). With
        ``close_connections``, open client connections are reset too (in-flight requests
        fail, pooled keep-alive connections die)."""
        self._call(self._pause(close_connections))

    def resume(self) -> None:
        """Listen again, on the same port."""
        self._call(self._listen())

    # -- rules and counters -----------------------------------------------------------

    def add(self, rule: Rule) -> RuleHandle:
        """Add a rule after the existing ones; the handle counts its matches and faults."""
        handle = RuleHandle(rule, self._lock)
        with self._lock:
            self._rules.append(handle)
        return handle

    def remove(self, handle: RuleHandle) -> None:
        with self._lock:
            self._rules = [h for h in self._rules if h is not handle]

    def clear(self) -> None:
        """Remove every rule (counters are kept: see :meth:`reset_stats`)."""
        with self._lock:
            self._rules = []

    @property
    def rules(self) -> list[RuleHandle]:
        with self._lock:
            return list(self._rules)

    @property
    def stats(self) -> Stats:
        with self._lock:
            return Stats(
                connections=self._counts["connections"],
                requests=self._counts["requests"],
                forwarded=self._counts["forwarded"],
                responded=self._counts["responded"],
                upstream_errors=self._counts["upstream_errors"],
                open_connections=self._open_connections,
                peak_connections=self._peak_connections,
                faults=dict(self._faults),
            )

    def route_counts(self) -> dict[str, int]:
        """Requests read per ``"METHOD /path"`` (with ``?grant_type=...`` when the query has
        one, as GoTrue's ``/token`` does), counted before anything is forwarded."""
        with self._lock:
            return dict(self._routes)

    def reset_stats(self) -> None:
        with self._lock:
            self._counts.clear()
            self._routes.clear()
            self._faults.clear()
            self._peak_connections = self._open_connections

    def _count_request(self, request: Request) -> None:
        route = f"{request.method} {request.path}"
        grant = parse_qs(urlsplit(request.target).query).get("grant_type")
        if grant:
            route += f"?grant_type={grant[0]}"
        with self._lock:
            self._counts["requests"] += 1
            self._routes[route] += 1

    def _count(self, name: str) -> None:
        with self._lock:
            self._counts[name] += 1

    def _decide(self, method: str | None, path: str | None) -> Rule | None:
        """Draw every matching rule (see :mod:`.rules`) and return the one applied."""
        connection = method is None
        with self._lock:
            chosen: Rule | None = None
            for handle in self._rules:
                if (handle.rule.fault is Fault.REFUSE) != connection:
                    continue
                if not connection and not handle.matches(method or "", path or ""):
                    continue
                if handle.decide() and chosen is None:
                    handle.apply()
                    chosen = handle.rule
            if chosen is not None:
                self._faults[chosen.fault] += 1
            return chosen

    # -- event loop side --------------------------------------------------------------

    def _call(self, coro: Coroutine[Any, Any, _T], timeout: float = 5.0) -> _T:
        if self._loop is None or not self.running:
            coro.close()
            raise RuntimeError("the fault proxy is not running")
        return asyncio.run_coroutine_threadsafe(coro, self._loop).result(timeout)

    def _exception_handler(self, loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
        if isinstance(context.get("exception"), CONNECTION_ERRORS):
            return
        loop.default_exception_handler(context)

    async def _start(self) -> None:
        self._pool = _UpstreamPool(
            self.upstream_host,
            self.upstream_port,
            self.max_upstream_connections,
            self.connect_timeout,
        )
        await self._listen()

    async def _listen(self) -> None:
        if self._server is not None:
            return
        self._server = await asyncio.start_server(
            self._serve,
            LOOPBACK,
            self.port,
            limit=STREAM_LIMIT,
            backlog=1024,
            reuse_address=True,
        )
        self.port = self._server.sockets[0].getsockname()[1]

    async def _pause(self, close_connections: bool) -> None:
        server, self._server = self._server, None
        if server is not None:
            server.close()
        if close_connections:
            for writer in list(self._clients):
                _reset(writer)

    async def _shutdown(self, timeout: float) -> None:
        await self._pause(close_connections=True)
        if self._pool is not None:
            self._pool.close()
        tasks = [task for task in self._tasks if task is not asyncio.current_task()]
        for task in tasks:
            task.cancel()
        if tasks:
            await asyncio.wait(tasks, timeout=timeout)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(asyncio.get_running_loop().shutdown_default_executor(), 0.2)
        for _ in range(3):  # run the connection_lost callbacks that close the sockets
            await asyncio.sleep(0)

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._tasks.add(task)
        self._clients.add(writer)
        with self._lock:
            self._counts["connections"] += 1
            self._open_connections += 1
            self._peak_connections = max(self._peak_connections, self._open_connections)
        try:
            if self._decide(None, None) is not None:  # REFUSE
                _reset(writer)
                return
            await self._serve_requests(reader, writer)
        except CONNECTION_ERRORS:
            pass
        except asyncio.CancelledError:
            # stop() or pause() cancelled us. End normally: on 3.11 the streams callback
            # calls task.exception() and would log a cancelled task as an error.
            pass
        finally:
            with self._lock:
                self._open_connections -= 1
            self._clients.discard(writer)
            writer.transport.abort()
            self._tasks.discard(task)

    async def _send(self, writer: asyncio.StreamWriter, data: bytes) -> None:
        writer.write(data)
        await asyncio.wait_for(writer.drain(), self.io_timeout)

    async def _close(self, writer: asyncio.StreamWriter) -> None:
        """Close cleanly (FIN) after what was written has been sent."""
        writer.close()
        with contextlib.suppress(*CONNECTION_ERRORS):
            await asyncio.wait_for(writer.wait_closed(), self.io_timeout)

    async def _serve_requests(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        while True:
            head = await read_head(reader, self.idle_timeout)
            if head is None:
                return
            request = parse_request(head)
            self._count_request(request)
            rule = self._decide(request.method, request.path)
            fault = rule.fault if rule is not None else None
            if "100-continue" in head.tokens("Expect"):
                head.remove("Expect")  # the body is read here before forwarding
                if fault is not Fault.RESET_MID_REQUEST:
                    await self._send(writer, b"HTTP/1.1 100 Continue\r\n\r\n")
            if rule is not None and fault is Fault.RESET_MID_REQUEST:
                await self._read_part_of_body(reader, head, rule.after_bytes)
                _reset(writer)
                return
            body = await read_request_body(reader, head, self.io_timeout)
            client_keeps = keep_alive(head)

            if rule is not None and rule.fault in NOT_FORWARDED:
                await self._send(writer, self._own_response(rule, close=not client_keeps))
                self._count("responded")
                if not client_keeps:
                    await self._close(writer)
                    return
                continue

            if rule is not None and fault is Fault.DELAY_REQUEST:
                await asyncio.sleep(rule.delay)
            response = await self._forward(request, body)
            if response is None:
                self._count("upstream_errors")
                if self.on_upstream_error == "close":
                    await self._close(writer)
                    return
                payload = kinto_error_body(502, "fault proxy: the upstream is unreachable")
                await self._send(writer, simple_response(502, "Bad Gateway", payload))
                continue
            if rule is not None and not await self._respond_with_fault(writer, rule, response):
                return  # the fault ended the connection
            if rule is None:
                await self._send(writer, response.encode())
            self._count("responded")
            if not client_keeps or not keep_alive(response.head) or response.until_close:
                await self._close(writer)
                return

    async def _read_part_of_body(
        self, reader: asyncio.StreamReader, head: Head, after_bytes: int | None
    ) -> None:
        length = head.content_length
        if after_bytes is None:
            after_bytes = 1 if head.chunked else (length or 0) // 2
        if length is not None and not head.chunked:
            after_bytes = min(after_bytes, length)
        if after_bytes:
            with contextlib.suppress(asyncio.IncompleteReadError):
                await asyncio.wait_for(reader.readexactly(after_bytes), self.io_timeout)

    def _own_response(self, rule: Rule, close: bool) -> bytes:
        status = {
            Fault.SERVICE_UNAVAILABLE: 503,
            Fault.TOO_MANY_REQUESTS: 429,
            Fault.ERROR_BODY_200: 200,
        }.get(rule.fault, rule.status or 500)
        extra: list[tuple[str, str]] = []
        if status != 200 and rule.retry_after is not None:
            if isinstance(rule.retry_after, str):
                value = rule.retry_after
            elif rule.retry_after_date:
                value = http_date(rule.retry_after)
            else:
                value = str(int(-(-rule.retry_after // 1)))  # whole seconds, rounded up
            extra.append(("Retry-After", value))
        body = rule.body
        if body is None and status == 200:
            body = kinto_error_body(500, "fault proxy: an error body in a 200 response")
        elif body is None:
            body = kinto_error_body(status)
        content_type = rule.content_type or "application/json"
        return simple_response(status, _reason(status), body, content_type, extra, close)

    async def _respond_with_fault(
        self, writer: asyncio.StreamWriter, rule: Rule, response: Response
    ) -> bool:
        """Send ``response`` altered by ``rule``; False if the connection was ended."""
        fault, head = rule.fault, response.head
        if fault is Fault.DELAY_RESPONSE:
            await asyncio.sleep(rule.delay)
        elif fault is Fault.DROP_AFTER_COMMIT:
            await self._close(writer)
            return False
        elif fault is Fault.RESET_MID_RESPONSE:
            data = response.encode()
            cut = rule.after_bytes
            if cut is None:
                cut = len(data) - len(response.body) // 2 if response.body else len(data) // 2
            await self._send(writer, data[: min(cut, len(data) - 1)])
            await asyncio.sleep(_PAUSE_DRAIN)
            _reset(writer)
            return False
        elif fault is Fault.TRUNCATED_BODY:
            cut = rule.after_bytes if rule.after_bytes is not None else len(response.body) // 2
            await self._send(writer, head.encode() + response.body[: min(cut, len(response.body))])
            await self._close(writer)
            return False
        elif fault is Fault.BACKOFF:
            head.put("Backoff", str(rule.backoff))
        elif fault is Fault.NON_JSON_BODY:
            self._replace_body(response, rule.body or b"<html><body>Not JSON</body></html>")
        elif fault is Fault.WRONG_CONTENT_TYPE:
            head.put("Content-Type", rule.content_type or "text/html; charset=utf-8")
        elif fault is Fault.HUGE_HEADERS:
            padding, index = rule.header_bytes, 0
            while padding > 0:
                size = min(4096, padding)
                head.headers.append((f"X-Fault-Padding-{index}", "a" * size))
                padding, index = padding - size, index + 1
        await self._send(writer, response.encode())
        return True

    @staticmethod
    def _replace_body(response: Response, body: bytes) -> None:
        response.head.remove("Transfer-Encoding")
        response.head.put("Content-Length", str(len(body)))
        response.body = body

    async def _forward(self, request: Request, body: bytes) -> Response | None:
        """Send the request upstream and read the whole response; ``None`` if the upstream
        is unreachable or broke. A request that meets a stale pooled connection (closed
        before any response byte) is sent once more on a new one."""
        assert self._pool is not None
        head = Head(request.head.start, list(request.head.headers))
        if not self.preserve_host:
            head.put("Host", self._upstream_authority)
        data = head.encode() + body
        counted = False
        for attempt in range(2):
            try:
                conn = await self._pool.acquire(self.upstream_timeout)
            except CONNECTION_ERRORS:
                return None
            reusable = False
            try:
                try:
                    await self._send(conn.writer, data)
                    if not counted:
                        self._count("forwarded")
                        counted = True
                    response = await read_response(
                        conn.reader, request.method, self.upstream_timeout
                    )
                except ConnectionError:
                    if conn.reused and attempt == 0:
                        continue
                    return None
                except CONNECTION_ERRORS:
                    return None
                if response is None:
                    if conn.reused and attempt == 0:
                        continue
                    return None
                reusable = keep_alive(response.head) and not response.until_close
                return response
            finally:
                self._pool.release(conn, reusable)
        return None
