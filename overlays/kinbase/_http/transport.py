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
import logging
import random
import ssl
import threading
import time
import warnings
from collections.abc import Awaitable, Callable, Generator
from typing import Any

import attrs
import httpx

from kinbase._http.pool import AsyncPoolTransport, PoolTransport
from kinbase._http.redact import redact_url
from kinbase._http.retry import (
    Decision,
    RetryPolicy,
    alert_from_header,
    decide,
    initial_wait,
    parse_backoff,
)
from kinbase.errors import (
    BackoffError,
    InvalidInputError,
    RetryExhaustedError,
    RetryTimeoutError,
    ServerAlertWarning,
    TransportError,
)

__all__ = ["AsyncRetryTransport", "CertTypes", "RetryTransport"]

logger = logging.getLogger("kinbase.http")

#: A client certificate: a PEM file, ``(cert, key)`` or ``(cert, key, password)``.
CertTypes = str | tuple[str, str] | tuple[str, str, str]


@attrs.frozen
class _Send:
    request: httpx.Request


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
    ) -> None:
        self.policy = policy
        self.clock = clock
        self.wall_clock = wall_clock
        self.rng = rng
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

        attempt = 0
        while True:
            attempt += 1
            outcome = yield _Send(request)
            elapsed = self.clock() - start
            if isinstance(outcome, httpx.Response):
                self._observe(outcome)
                decision = self._decide(request, attempt, elapsed, response=outcome)
                if not decision.retry:
                    return outcome
                yield _Close(outcome)
            elif isinstance(outcome, httpx.TransportError):
                decision = self._decide(request, attempt, elapsed, error=outcome)
                if not decision.retry:
                    raise _failure(request, outcome, decision, attempt, elapsed) from outcome
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
        )

    def _observe(self, response: httpx.Response) -> None:
        """Record the server's Backoff and surface its Alert."""
        seconds = parse_backoff(response.headers.get("backoff"))
        if seconds:
            self.backoff.extend(self.clock() + seconds)
        alert = alert_from_header(response.headers.get("alert"))
        if alert is not None:
            warnings.warn(ServerAlertWarning(alert), stacklevel=2)


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


def _buffered(request: httpx.Request, response: httpx.Response, raw: bytes) -> httpx.Response:
    """``response`` with its (still encoded) body in memory, so that httpx reads it again
    normally (decoding, ``elapsed``) after the transport returns it."""
    return httpx.Response(
        response.status_code,
        headers=response.headers,
        stream=httpx.ByteStream(raw),
        request=request,
        extensions=response.extensions,
    )


def _read_body(request: httpx.Request, response: httpx.Response) -> httpx.Response:
    """Read the body inside the retry loop: a connection reset or a truncated body after
    the head is an error of this attempt (retried per the policy), not one raised later by
    httpx where nothing retries it."""
    if response.is_stream_consumed or isinstance(response.stream, httpx.ByteStream):
        return response  # already in memory (the default PoolTransport reads it whole)
    try:
        raw = b"".join(response.iter_raw())
    finally:
        response.close()
    return _buffered(request, response, raw)


async def _aread_body(request: httpx.Request, response: httpx.Response) -> httpx.Response:
    if response.is_stream_consumed or isinstance(response.stream, httpx.ByteStream):
        return response
    try:
        raw = b"".join([part async for part in response.aiter_raw()])
    finally:
        await response.aclose()
    return _buffered(request, response, raw)


_DEFAULT_LIMITS = httpx.Limits(max_connections=100, max_keepalive_connections=20)


def _check_inner_options(transport: object, verify: object, cert: object, limits: object) -> None:
    if transport is not None and (verify is not None or cert is not None or limits is not None):
        raise InvalidInputError(
            "verify, cert and limits configure the default inner transport; "
            "set them on the transport you pass instead"
        )


def _inner_options(
    verify: ssl.SSLContext | bool | None, cert: CertTypes | None, limits: httpx.Limits | None
) -> dict[str, Any]:
    verify = True if verify is None else verify
    if cert is not None:
        # httpx 0.28 deprecates cert=; load the chain into a context of our own instead.
        if isinstance(verify, ssl.SSLContext):
            raise InvalidInputError("with verify=<SSLContext>, load cert into that context")
        verify = httpx.create_ssl_context(verify=verify)
        if isinstance(cert, str):
            verify.load_cert_chain(cert)
        else:
            verify.load_cert_chain(*cert)
    return {"verify": verify, "limits": limits or _DEFAULT_LIMITS}


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
        verify: ssl.SSLContext | bool | None = None,
        cert: CertTypes | None = None,
        limits: httpx.Limits | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        wall_clock: Callable[[], float] = time.time,
        rng: random.Random | None = None,
    ) -> None:
        _check_inner_options(transport, verify, cert, limits)
        if transport is None:
            transport = PoolTransport(**_inner_options(verify, cert, limits))
        self._transport = transport
        self._sleep = sleep
        self._engine = _RetryEngine(policy or RetryPolicy(), clock, wall_clock, rng)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
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
                    try:
                        response = self._transport.handle_request(command.request)
                        outcome = _read_body(command.request, response)
                    except httpx.TransportError as exc:
                        outcome = exc
                elif isinstance(command, _Sleep):
                    self._sleep(command.seconds)
                else:
                    command.response.close()
        finally:
            flow.close()

    def close(self) -> None:
        self._transport.close()


class AsyncRetryTransport(_EngineAccess, httpx.AsyncBaseTransport):
    """The async twin of :class:`RetryTransport` (same engine); ``sleep`` defaults to
    ``asyncio.sleep`` (pass ``trio.sleep`` under trio)."""

    def __init__(
        self,
        transport: httpx.AsyncBaseTransport | None = None,
        *,
        policy: RetryPolicy | None = None,
        verify: ssl.SSLContext | bool | None = None,
        cert: CertTypes | None = None,
        limits: httpx.Limits | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        clock: Callable[[], float] = time.monotonic,
        wall_clock: Callable[[], float] = time.time,
        rng: random.Random | None = None,
    ) -> None:
        _check_inner_options(transport, verify, cert, limits)
        if transport is None:
            transport = AsyncPoolTransport(**_inner_options(verify, cert, limits))
        self._transport = transport
        self._sleep = sleep
        self._engine = _RetryEngine(policy or RetryPolicy(), clock, wall_clock, rng)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
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
                    try:
                        response = await self._transport.handle_async_request(command.request)
                        outcome = await _aread_body(command.request, response)
                    except httpx.TransportError as exc:
                        outcome = exc
                elif isinstance(command, _Sleep):
                    await self._sleep(command.seconds)
                else:
                    await command.response.aclose()
        finally:
            flow.close()

    async def aclose(self) -> None:
        await self._transport.aclose()
