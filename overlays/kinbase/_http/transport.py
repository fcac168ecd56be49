"""Retrying httpx transports (sync and async) that carry out :mod:`kinbase._http.retry`.

One retry loop serves both: :meth:`_RetryEngine.flow` is a generator that yields commands
(:class:`_Send`, :class:`_Sleep`, :class:`_Close`) and receives what sending produced (a
response or the httpx error). It does no I/O. :class:`RetryTransport` and
:class:`AsyncRetryTransport` are thin drivers that execute each command with blocking or
awaitable calls, the way ``httpx.Auth.auth_flow`` serves both clients.

Put one in ``httpx.Client(transport=RetryTransport())`` (or the generated client's
``httpx_args={"transport": ...}``) and every request, generated or handwritten, gets the
same retries, server Backoff handling and Alert warnings.
"""

from __future__ import annotations

import asyncio
import io
import logging
import math
import random
import threading
import time
import warnings
from collections.abc import Awaitable, Callable, Generator
from typing import Any

import anyio
import attrs
import httpx

from kinbase._http.body import BodySize, BodyTooLarge
from kinbase._http.connections import AsyncConnections, Connections, ProxyTypes
from kinbase._http.deadline import DEADLINE
from kinbase._http.defaults import DEFAULT_MAX_RESPONSE_BYTES
from kinbase._http.delegate import closed_error
from kinbase._http.retry import (
    REPLAYED_EXTENSION,
    Decision,
    RetryPolicy,
    decide,
    initial_wait,
    may_have_been_applied,
)
from kinbase._http.tls import CertTypes, VerifyTypes, check_cert, check_verify
from kinbase._redact import redact_url
from kinbase._server_headers import alert_from_header, parse_backoff, server_signals
from kinbase.errors import (
    BackoffError,
    InvalidInputError,
    ResponseTooLargeError,
    RetryExhaustedError,
    RetryTimeoutError,
    ServerAlertWarning,
    TransportError,
)

__all__ = [
    "BODY_EXTENSION",
    "STREAM_EXTENSION",
    "AsyncRetryTransport",
    "RetryTransport",
    "adopt_body",
    "check_http2",
    "check_limit",
    "detached",
]

#: ``request.extensions[STREAM_EXTENSION] = True``: the transport retries the request as
#: usual (its head: connection errors, statuses) but hands the response back unread, for
#: the caller to stream (an attachment download written to a file as it arrives): the
#: ``max_response_bytes`` limit and the retries of a body cut short do not apply, the
#: caller bounds and checks what it reads.
STREAM_EXTENSION = "kinbase_stream"

#: ``response.extensions[BODY_EXTENSION]``: the body the retry transport read, when it
#: was sent without a ``Content-Encoding`` (the bytes are the content as they are), for
#: :func:`adopt_body`. The response's stream holds the same bytes for any other reader.
BODY_EXTENSION = "kinbase_body"

logger = logging.getLogger("kinbase.http")


def check_limit(value: object) -> int | None:
    """``max_response_bytes``: a positive int, or ``None`` for no limit."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise InvalidInputError(
            f"max_response_bytes must be a positive number of bytes or None, got {value!r}"
        )
    return value


@attrs.frozen
class _Send:
    request: httpx.Request
    #: When the call's budget ends (monotonic clock), ``None`` for no bound.
    deadline: float | None


@attrs.frozen
class _Sleep:
    seconds: float


@attrs.frozen
class _Close:
    response: httpx.Response


_Command = _Send | _Sleep | _Close
#: What a driver sends back into the flow after a command: the result of a _Send
#: (response or httpx transport error), None after _Sleep/_Close.
_Outcome = httpx.Response | httpx.TransportError | None
_Flow = Generator[_Command, _Outcome, httpx.Response]


class _ServerBackoff:
    """When the server's latest ``Backoff`` ends, on the monotonic clock (thread-safe)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._until = 0.0

    def remaining(self, now: float) -> float:
        if self._until <= now:  # the common case, without the lock (a float read is atomic)
            return 0.0
        with self._lock:
            return max(self._until - now, 0.0)

    def extend(self, until: float) -> None:
        with self._lock:
            self._until = max(self._until, until)


class _RetryEngine:
    """The retry loop, written once, as a generator of I/O commands."""

    def __init__(
        self,
        policy: RetryPolicy,
        clock: Callable[[], float],
        wall_clock: Callable[[], float],
        rng: random.Random | None,
        limit: int | None = DEFAULT_MAX_RESPONSE_BYTES,
    ) -> None:
        self.policy = policy
        self.clock = clock
        self.wall_clock = wall_clock
        self.rng = rng
        self.limit = limit
        self.backoff = _ServerBackoff()

    def flow(self, request: httpx.Request) -> _Flow:
        policy = self.policy
        start = self.clock()
        wait, failure = initial_wait(policy, self.backoff.remaining(start))
        if failure is not None:
            raise BackoffError(failure, seconds_remaining=self.backoff.remaining(self.clock()))
        if wait > 0:
            logger.debug(
                "waiting %.3fs before %s %s: server asked clients to back off",
                wait,
                request.method,
                redact_url(request.url),
            )
            yield _Sleep(wait)

        budget = policy.max_total_seconds
        deadline = start + budget if math.isfinite(budget) else None
        attempt = 0
        replayed = False  # an earlier attempt may have been applied, its answer lost
        retry_statuses = policy.retry_statuses
        longest = 0.0  # the longest attempt so far: a retry must leave room for one more
        while True:
            attempt += 1
            began = self.clock()
            if deadline is not None:
                _pool_wait_within(request, deadline - began)
            outcome = yield _Send(request, deadline)
            longest = max(longest, self.clock() - began)
            if isinstance(outcome, httpx.Response):
                self._observe(outcome)
                status = outcome.status_code
                if status not in retry_statuses and status != 409:
                    # What decide() answers for a status it never retries, without its cost.
                    if replayed:
                        outcome.extensions[REPLAYED_EXTENSION] = True
                    return outcome
                elapsed = self.clock() - start
                decision = self._decide(request, attempt, elapsed, longest, response=outcome)
                if not decision.retry:
                    if replayed:
                        outcome.extensions[REPLAYED_EXTENSION] = True
                    return outcome
                replayed = replayed or may_have_been_applied(response=outcome)
                yield _Close(outcome)
            elif isinstance(outcome, _TooLarge):
                raise _too_large(request, outcome, attempt, self.clock() - start)
            elif isinstance(outcome, httpx.TransportError):
                elapsed = self.clock() - start
                if (
                    deadline is not None
                    and isinstance(outcome, httpx.TimeoutException)
                    and self.clock() >= deadline
                ):
                    decision = Decision(
                        retry=False,
                        reason=f"the call's time budget (max_total_seconds={budget:g}s) "
                        f"ran out during attempt {attempt}",
                        exhausted="time",
                    )
                    raise _failure(request, outcome, decision, attempt, elapsed) from outcome
                decision = self._decide(request, attempt, elapsed, longest, error=outcome)
                replayed = replayed or may_have_been_applied(error=outcome)
                if not decision.retry:
                    raise _failure(request, outcome, decision, attempt, elapsed) from _cause(
                        outcome
                    )
            else:  # pragma: no cover - driver bug
                raise TypeError(f"_Send produced {type(outcome).__name__}")
            logger.debug(
                "retrying %s %s: attempt %d/%d failed (%s); next attempt in %.3fs",
                request.method,
                redact_url(request.url),
                attempt,
                policy.max_attempts,
                decision.reason,
                decision.delay,
            )
            if decision.delay > 0:
                yield _Sleep(decision.delay)

    def _decide(
        self,
        request: httpx.Request,
        attempt: int,
        elapsed: float,
        attempt_seconds: float,
        response: httpx.Response | None = None,
        error: httpx.TransportError | None = None,
    ) -> Decision:
        return decide(
            self.policy,
            request,
            attempt,
            elapsed,
            response=response,
            error=error,
            rng=self.rng,
            now=self.wall_clock(),
            backoff_remaining=self.backoff.remaining(self.clock()),
            attempt_seconds=attempt_seconds,
        )

    def _observe(self, response: httpx.Response) -> None:
        """Record the server's Backoff and surface its Alert."""
        backoff, alert_header = server_signals(response.headers)
        if backoff is None and alert_header is None:  # nearly every answer
            return
        seconds = parse_backoff(backoff)
        if seconds:
            cap = self.policy.max_server_wait
            if seconds > cap:
                logger.warning(
                    "server asked clients to back off for %.3gs; waiting at most "
                    "max_server_wait=%gs",
                    seconds,
                    cap,
                )
                seconds = cap
            self.backoff.extend(self.clock() + seconds)
        alert = alert_from_header(alert_header)
        if alert is not None:
            warnings.warn(ServerAlertWarning(alert), stacklevel=2)


def _pool_wait_within(request: httpx.Request, remaining: float) -> None:
    """Cap the wait for a free connection (httpx's ``pool`` timeout) at what is left of
    the call's budget; the pools cut connects, reads and writes themselves."""
    timeouts = request.extensions.get("timeout")
    if not isinstance(timeouts, dict):
        return
    pool = timeouts.get("pool")
    if pool is None or pool > remaining:
        request.extensions = {
            **request.extensions,
            "timeout": {**timeouts, "pool": max(remaining, 0.0)},
        }


def _cause(error: httpx.TransportError) -> httpx.TransportError:
    """The error to chain a failure to: h11's refusal of a request quotes the offending
    header value (a secret, often), so that one is replaced by a message without it."""
    if isinstance(error, httpx.LocalProtocolError):
        return httpx.LocalProtocolError(
            "the request could not be written: a header or the request line is not valid "
            "HTTP (value not shown)"
        )
    return error


def _failure(
    request: httpx.Request,
    error: httpx.TransportError,
    decision: Decision,
    attempts: int,
    elapsed: float,
) -> TransportError:
    # Only the exception's class name: httpx/h11 messages can quote header values.
    message = (
        f"{type(error).__name__} on {request.method} {redact_url(request.url)} "
        f"after {attempts} attempt{'s' if attempts != 1 else ''} in {elapsed:.2f}s: "
        f"{decision.reason}"
    )
    cls: type[TransportError]
    if decision.exhausted == "time":
        cls = RetryTimeoutError
    elif decision.exhausted == "attempts":
        cls = RetryExhaustedError
    else:
        cls = TransportError
    return cls(message, request=request, attempts=attempts, elapsed=elapsed)


def _too_large(
    request: httpx.Request, error: _TooLarge, attempts: int, elapsed: float
) -> ResponseTooLargeError:
    what = "inflates to more than" if error.decoded else "is larger than"
    message = (
        f"the answer to {request.method} {redact_url(request.url)} {what} "
        f"max_response_bytes={error.limit} bytes; it was not read further"
    )
    return ResponseTooLargeError(
        message, request=request, limit=error.limit, attempts=attempts, elapsed=elapsed
    )


def _buffered(response: httpx.Response, raw: bytes, identity: bool) -> httpx.Response:
    """``response`` with its (still encoded) body in memory, so that httpx reads it again
    normally (decoding, ``elapsed``) after the transport returns it. The transport's
    stream was read directly (never through the response), so only the stream changes.
    A body without ``Content-Encoding`` is also offered to :func:`adopt_body`."""
    response.stream = httpx.ByteStream(raw)
    if identity:
        response.extensions[BODY_EXTENSION] = raw
    return response


def adopt_body(response: httpx.Response) -> bool:
    """Make the body the retry transport read (:data:`BODY_EXTENSION`) the content of
    ``response``, a response sent with ``stream=True`` and not read yet; ``False`` (and
    nothing changed) when there is none: read the response as usual then.

    httpx would otherwise read the same bytes a second time, from memory, through its
    decoders and chunkers: 3-7 % of a small call's client CPU (docs/performance.md).
    ``_content`` is the attribute httpx's ``Response.read()`` fills (the same in every
    httpx version kinbase supports; tests/unit/test_transport.py checks it on each).
    Close the response after."""
    raw = response.extensions.pop(BODY_EXTENSION, None)
    if raw is None or response.is_stream_consumed or hasattr(response, "_content"):
        return False
    response._content = raw
    return True


_NO_STREAM = httpx.ByteStream(b"")


def detached(response: httpx.Response) -> httpx.Response:
    """``response``, freed by reference counting once dropped: httpx binds a response's
    stream to the response (``BoundSyncStream._response``), a reference cycle that keeps
    every response and its body alive until the next full garbage collection; several
    pages of a listing would then be in memory at once. Only a response that is read and
    closed is changed (its stream is never used again: ``content`` holds the body)."""
    if response.is_closed and hasattr(response, "_content"):
        response.stream = _NO_STREAM
    return response


class _BodyReader:
    """Reads one attempt's body inside the retry loop (sync and async share the checks).

    A connection reset or a truncated body after the head is an error of this attempt
    (retried per the policy), not one raised later by httpx where nothing retries it.
    The body is counted as it arrives (:class:`~kinbase._http.body.BodySize`): past
    ``limit`` (after decompression) the read stops and the call fails with
    ResponseTooLargeError; past the call's deadline it stops with a timeout.
    """

    def __init__(
        self, response: httpx.Response, limit: int | None, deadline: float | None, clock: Any
    ) -> None:
        encoding = response.headers.get("content-encoding")
        self.size = BodySize(limit, encoding)
        #: No Content-Encoding: the bytes read are the content (see adopt_body).
        self.identity = not encoding
        # One growing buffer: a list of chunks joined at the end would hold the body twice.
        # A body that came in one chunk (most answers) is kept as that chunk, uncopied.
        self._first: bytes | None = None
        self._buffer: io.BytesIO | None = None
        self._deadline = deadline
        self._clock = clock

    def add(self, chunk: bytes) -> None:
        self.size.feed(chunk)
        if self._buffer is not None:
            self._buffer.write(chunk)
        elif self._first is None:
            self._first = chunk
        else:
            self._buffer = io.BytesIO(self._first)
            self._buffer.seek(0, io.SEEK_END)
            self._buffer.write(chunk)
            self._first = None
        if self._deadline is not None and self._clock() >= self._deadline:
            raise httpx.ReadTimeout("the call's time budget (max_total_seconds) ran out")

    def body(self) -> bytes:
        """Everything read so far."""
        if self._buffer is not None:
            return self._buffer.getvalue()
        return self._first if self._first is not None else b""


class _TooLarge(httpx.TransportError):
    """An attempt's body passed max_response_bytes (handed to the engine as an outcome)."""

    def __init__(self, limit: int, decoded: bool) -> None:
        super().__init__(f"response body over {limit} bytes")
        self.limit = limit
        self.decoded = decoded


def _read_body(
    request: httpx.Request,
    response: httpx.Response,
    limit: int | None,
    deadline: float | None,
    clock: Any,
) -> httpx.Response:
    if request.extensions.get(STREAM_EXTENSION):
        return response
    stream = response.stream
    if response.is_stream_consumed or (isinstance(stream, httpx.ByteStream) and limit is None):
        return response
    if not isinstance(stream, httpx.SyncByteStream):  # pragma: no cover - transport bug
        raise TypeError(f"a sync transport answered with {type(stream).__name__}")
    reader = _BodyReader(response, limit, deadline, clock)
    try:
        # The transport's own stream (httpx errors already), without the response's
        # per-chunk bookkeeping: the response is read again, from memory, by httpx.
        for chunk in stream:
            reader.add(chunk)
    except BodyTooLarge as exc:
        raise _TooLarge(exc.limit, exc.decoded) from None
    finally:
        stream.close()
    return _buffered(response, reader.body(), reader.identity)


async def _aread_body(
    request: httpx.Request,
    response: httpx.Response,
    limit: int | None,
    deadline: float | None,
    clock: Any,
) -> httpx.Response:
    if request.extensions.get(STREAM_EXTENSION):
        return response
    stream = response.stream
    if response.is_stream_consumed or (isinstance(stream, httpx.ByteStream) and limit is None):
        return response
    if not isinstance(stream, httpx.AsyncByteStream):  # pragma: no cover - transport bug
        raise TypeError(f"an async transport answered with {type(stream).__name__}")
    reader = _BodyReader(response, limit, deadline, clock)
    try:
        async for chunk in stream:  # as in _read_body
            reader.add(chunk)
    except BodyTooLarge as exc:
        raise _TooLarge(exc.limit, exc.decoded) from None
    finally:
        await stream.aclose()
    return _buffered(response, reader.body(), reader.identity)


def _check_inner_options(transport: object, options: dict[str, Any]) -> None:
    given = sorted(name for name, value in options.items() if value is not None)
    if transport is not None and given:
        raise InvalidInputError(
            f"{', '.join(given)} configure the default connection pools; "
            "set them on the transport you pass instead"
        )


def _pool_options(
    verify: VerifyTypes | None,
    cert: CertTypes | None,
    limits: httpx.Limits | None,
    http2: bool | None,
    proxy: ProxyTypes | None,
    trust_env: bool | None,
) -> dict[str, Any]:
    if http2:
        check_http2()
    return {
        "verify": True if verify is None else check_verify(verify),
        "cert": check_cert(cert),
        "limits": limits,
        "http2": bool(http2),
        "proxy": proxy,
        "trust_env": True if trust_env is None else trust_env,
    }


def check_http2() -> None:
    """Refuse ``http2=True`` with a clear error when the ``h2`` package is missing."""
    import importlib.util

    if importlib.util.find_spec("h2") is None:
        raise InvalidInputError("http2=True needs the 'h2' package: pip install 'kinbase[http2]'")


class _EngineAccess:
    """What both drivers expose about their shared :class:`_RetryEngine`."""

    _engine: _RetryEngine

    @property
    def policy(self) -> RetryPolicy:
        return self._engine.policy

    def server_backoff_remaining(self) -> float:
        """Seconds left of the latest server ``Backoff`` (0 if none is in force)."""
        return self._engine.backoff.remaining(self._engine.clock())


class RetryTransport(_EngineAccess, httpx.BaseTransport):
    """A sync transport that retries ``transport`` (default: a :class:`PoolTransport`) per
    ``policy``, honours Kinto's ``Backoff`` and warns on ``Alert``.

    Retries that end on an exception raise :class:`~kinbase.errors.TransportError` (or its
    ``RetryExhaustedError`` / ``RetryTimeoutError`` subclasses) chained to the httpx error;
    retries that end on a status return that last response. Request bodies are read into
    memory once so they can be resent; response bodies are read inside the retry loop, so
    a connection lost in the middle of one is retried like any other. ``sleep``, ``clock``
    (monotonic), ``wall_clock`` (Unix time, for HTTP-date Retry-After) and ``rng`` (jitter)
    are injectable for tests.
    """

    def __init__(
        self,
        transport: httpx.BaseTransport | None = None,
        *,
        policy: RetryPolicy | None = None,
        max_response_bytes: int | None = DEFAULT_MAX_RESPONSE_BYTES,
        verify: VerifyTypes | None = None,
        cert: CertTypes | None = None,
        limits: httpx.Limits | None = None,
        http2: bool | None = None,
        proxy: ProxyTypes | None = None,
        trust_env: bool | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        wall_clock: Callable[[], float] = time.time,
        rng: random.Random | None = None,
    ) -> None:
        options = _pool_options(verify, cert, limits, http2, proxy, trust_env)
        if transport is None:
            transport = Connections(**options)
        else:
            _check_inner_options(
                transport,
                {
                    "verify": verify,
                    "cert": cert,
                    "limits": limits,
                    "http2": http2,
                    "proxy": proxy,
                    "trust_env": trust_env,
                },
            )
        self._transport = transport
        self._closed = False
        self._sleep = sleep
        self._engine = _RetryEngine(
            policy or RetryPolicy(), clock, wall_clock, rng, check_limit(max_response_bytes)
        )

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if self._closed:
            raise closed_error()
        request.read()  # a stream could be sent once only
        flow = self._engine.flow(request)
        outcome: _Outcome = None
        try:
            while True:
                try:
                    command = flow.send(outcome)
                except StopIteration as stop:
                    response: httpx.Response = stop.value
                    return response
                outcome = None
                if isinstance(command, _Send):
                    # The body is read here, inside the retry loop: a connection reset or
                    # a truncated body after the head is an error of this attempt, not one
                    # raised later by httpx where nothing retries it.
                    engine = self._engine
                    token = DEADLINE.set(command.deadline)
                    try:
                        response = self._transport.handle_request(command.request)
                        outcome = _read_body(
                            command.request,
                            response,
                            engine.limit,
                            command.deadline,
                            engine.clock,
                        )
                    except httpx.TransportError as exc:
                        outcome = exc
                    finally:
                        DEADLINE.reset(token)
                elif isinstance(command, _Sleep):
                    self._sleep(command.seconds)
                else:
                    command.response.close()
        finally:
            flow.close()

    def close(self) -> None:
        """Close the connections; every later request raises ClientClosedError."""
        self._closed = True
        self._transport.close()


class AsyncRetryTransport(_EngineAccess, httpx.AsyncBaseTransport):
    """The async twin of :class:`RetryTransport` (same engine); ``sleep`` defaults to
    ``asyncio.sleep`` (pass ``trio.sleep`` under trio)."""

    def __init__(
        self,
        transport: httpx.AsyncBaseTransport | None = None,
        *,
        policy: RetryPolicy | None = None,
        max_response_bytes: int | None = DEFAULT_MAX_RESPONSE_BYTES,
        verify: VerifyTypes | None = None,
        cert: CertTypes | None = None,
        limits: httpx.Limits | None = None,
        http2: bool | None = None,
        proxy: ProxyTypes | None = None,
        trust_env: bool | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        clock: Callable[[], float] = time.monotonic,
        wall_clock: Callable[[], float] = time.time,
        rng: random.Random | None = None,
    ) -> None:
        options = _pool_options(verify, cert, limits, http2, proxy, trust_env)
        if transport is None:
            transport = AsyncConnections(**options)
        else:
            _check_inner_options(
                transport,
                {
                    "verify": verify,
                    "cert": cert,
                    "limits": limits,
                    "http2": http2,
                    "proxy": proxy,
                    "trust_env": trust_env,
                },
            )
        self._transport = transport
        #: kinbase's own pools, whose reads and writes stop at the call's deadline
        self._bounded = isinstance(transport, AsyncConnections)
        self._closed = False
        self._sleep = sleep
        self._engine = _RetryEngine(
            policy or RetryPolicy(), clock, wall_clock, rng, check_limit(max_response_bytes)
        )

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if self._closed:
            raise closed_error()
        await request.aread()  # a stream could be sent once only
        flow = self._engine.flow(request)
        outcome: _Outcome = None
        try:
            while True:
                try:
                    command = flow.send(outcome)
                except StopIteration as stop:
                    response: httpx.Response = stop.value
                    return response
                outcome = None
                if isinstance(command, _Send):
                    # Read the body inside the retry loop (see RetryTransport).
                    outcome = await self._attempt(command)
                elif isinstance(command, _Sleep):
                    await self._sleep(command.seconds)
                else:
                    await command.response.aclose()
        finally:
            flow.close()

    async def _attempt(self, command: _Send) -> _Outcome:
        engine = self._engine
        request = command.request
        token = DEADLINE.set(command.deadline)
        try:
            if command.deadline is None or self._bounded:
                # kinbase's own pools cut each read and write at the deadline themselves
                # (kinbase._http.deadline), without a cancel scope around the attempt.
                response = await self._transport.handle_async_request(request)
                return await _aread_body(
                    request, response, engine.limit, command.deadline, engine.clock
                )
            # Another transport (http_client=, a mock): the whole attempt, head and body,
            # within what is left of the call's budget.
            remaining = max(command.deadline - engine.clock(), 0.0)
            try:
                if _running_asyncio():  # asyncio's own timeout: a third of anyio's CPU
                    async with asyncio.timeout(remaining):
                        return await self._send_and_read(command)
                with anyio.fail_after(remaining):  # trio
                    return await self._send_and_read(command)
            except TimeoutError:
                return httpx.ReadTimeout(
                    "the call's time budget (max_total_seconds) ran out", request=request
                )
        except httpx.TransportError as exc:
            return exc
        finally:
            DEADLINE.reset(token)

    async def _send_and_read(self, command: _Send) -> httpx.Response:
        engine = self._engine
        response = await self._transport.handle_async_request(command.request)
        return await _aread_body(
            command.request, response, engine.limit, command.deadline, engine.clock
        )

    async def aclose(self) -> None:
        """Close the connections; every later request raises ClientClosedError."""
        self._closed = True
        await self._transport.aclose()


def _running_asyncio() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True
