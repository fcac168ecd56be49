"""Sans-I/O retry policy: pure decisions, no sleeping and no sending.

:func:`decide` answers "retry this attempt, and after how long?" from the request, the
attempt count, the time spent so far and the response or error. The transports in
:mod:`kinbase._http.transport` only carry out what these functions decide.

Rules (see :class:`RetryPolicy` for the knobs):

- Errors raised before the request left (``ConnectError``, ``ConnectTimeout``,
  ``PoolTimeout``) are retried for every method: the server saw nothing.
- Errors after sending (``ReadError``, ``ReadTimeout``, ``WriteError``,
  ``RemoteProtocolError``...) are retried only for idempotent requests (:func:`is_idempotent`).
- 429 and 503 are retried for every method (the server refused; nothing was applied);
  502 and 504 only for idempotent requests; Kinto's 409 only when it carries ``Retry-After``
  (a transaction conflict that was rolled back).
- The delay is ``max(Retry-After, server Backoff, exponential backoff with jitter)``. It never
  exceeds ``backoff_max`` nor the time left in ``max_total_seconds``: when the server asks
  for a longer wait than either, the attempt is not retried and the reason says so.
"""

from __future__ import annotations

import math
import random
import time
from typing import Final, Literal

import attrs
import httpx

from kinbase._http.defaults import (
    DEFAULT_BACKOFF_BASE,
    DEFAULT_BACKOFF_MAX,
    DEFAULT_MAX_ATTEMPTS,
    DEFAULT_MAX_SERVER_WAIT,
    DEFAULT_MAX_TOTAL_SECONDS,
)
from kinbase._server_headers import parse_retry_after

__all__ = [
    "IDEMPOTENT_EXTENSION",
    "REPLAYED_EXTENSION",
    "Decision",
    "RetryPolicy",
    "decide",
    "initial_wait",
    "is_idempotent",
    "may_have_been_applied",
]

#: ``request.extensions[IDEMPOTENT_EXTENSION] = True`` marks a request (typically a POST
#: with an id or If-None-Match) as safe to resend after it may have reached the server;
#: ``False`` marks a normally idempotent request as unsafe.
IDEMPOTENT_EXTENSION: Final = "kinbase_idempotent"

#: Set (``True``) in ``response.extensions`` by the retry transport when an earlier attempt
#: of the request may have reached the server without its answer reaching the client (a
#: read error, a timeout after sending, a 502/504 from a gateway): the answer returned is
#: that of a resend, which may meet the first attempt's effect (a 412 on an ``If-Match``
#: write, a 404 on a delete).
REPLAYED_EXTENSION: Final = "kinbase_replayed"

_IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "PUT", "DELETE", "OPTIONS", "TRACE"})

# Raised before any byte of the request was written: safe to resend anything.
_NOT_SENT_ERRORS: tuple[type[Exception], ...] = (
    httpx.ConnectError,
    httpx.ConnectTimeout,
    httpx.PoolTimeout,
)
# Raised once the request may have reached the server: resend only idempotent requests.
_MAYBE_SENT_ERRORS: tuple[type[Exception], ...] = (
    httpx.ReadError,
    httpx.ReadTimeout,
    httpx.WriteError,
    httpx.WriteTimeout,
    httpx.RemoteProtocolError,
    httpx.CloseError,
)

ServerBackoffMode = Literal["wait", "fail", "ignore"]
JitterMode = Literal["full", "equal", "none"]


def _positive_int(_inst: object, attribute: attrs.Attribute[int], value: int) -> None:
    if value < 1:
        raise ValueError(f"{attribute.name} must be >= 1, got {value!r}")


def _non_negative(_inst: object, attribute: attrs.Attribute[float], value: float) -> None:
    if not value >= 0:  # also rejects NaN
        raise ValueError(f"{attribute.name} must be >= 0, got {value!r}")


@attrs.frozen
class RetryPolicy:
    """How hard a transport retries. Immutable; share one between clients freely.

    ``max_attempts`` counts the first try (1 disables retries). ``max_total_seconds`` bounds
    the whole call, waits included (``math.inf`` for no bound). The backoff before retry
    ``n`` (1-based) is ``min(backoff_max, backoff_base * 2 ** (n - 1))`` with ``jitter``
    applied: ``"full"`` draws uniformly in ``[0, b]``, ``"equal"`` in ``[b/2, b]``,
    ``"none"`` uses ``b``.
    """

    max_attempts: int = attrs.field(default=DEFAULT_MAX_ATTEMPTS, validator=_positive_int)
    max_total_seconds: float = attrs.field(
        default=DEFAULT_MAX_TOTAL_SECONDS, validator=_non_negative
    )
    backoff_base: float = attrs.field(default=DEFAULT_BACKOFF_BASE, validator=_non_negative)
    backoff_max: float = attrs.field(default=DEFAULT_BACKOFF_MAX, validator=_non_negative)
    jitter: JitterMode = attrs.field(
        default="full", validator=attrs.validators.in_(("full", "equal", "none"))
    )
    #: Statuses worth retrying at all.
    retry_statuses: frozenset[int] = attrs.field(
        default=frozenset({429, 502, 503, 504}), converter=frozenset
    )
    #: Among ``retry_statuses``, those that prove nothing was applied: retried for any method.
    retry_any_method_statuses: frozenset[int] = attrs.field(
        default=frozenset({429, 503}), converter=frozenset
    )
    #: Retry Kinto's 409 when it carries ``Retry-After`` (a rolled-back transaction conflict).
    retry_conflict_with_retry_after: bool = True
    #: What to do while a server ``Backoff: N`` is in force before a request: ``"wait"``
    #: until it has passed (failing with BackoffError if that is beyond
    #: ``max_total_seconds``), ``"fail"`` fast with BackoffError (like kinto-http), or
    #: ``"ignore"`` it. Between retries of one call, a backoff in force is always waited
    #: out (unless ``"ignore"``).
    on_server_backoff: ServerBackoffMode = attrs.field(
        default="wait", validator=attrs.validators.in_(("wait", "fail", "ignore"))
    )
    #: The longest wait a server can impose with ``Backoff`` or ``Retry-After`` (seconds):
    #: longer asks are capped to it (a ``Backoff: 1000000000`` would otherwise stop every
    #: call for 31 years). Finite, so that no header can make a client sleep forever.
    max_server_wait: float = attrs.field(default=DEFAULT_MAX_SERVER_WAIT)
    #: A fixed wait before each retry (seconds) that replaces the server's ``Retry-After``
    #: and the backoff: kinto-http's ``retry_after=`` (not recommended: the server knows
    #: when to come back). ``None``: the server's ``Retry-After``, else the backoff. A
    #: server ``Backoff`` in force is still waited out, and ``max_total_seconds`` still bounds
    #: the call.
    retry_after: float | None = attrs.field(default=None)

    @retry_after.validator
    def _check_retry_after(self, _attr: attrs.Attribute[float | None], value: object) -> None:
        if value is None:
            return
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not (value >= 0 and math.isfinite(value))
        ):
            raise ValueError(f"retry_after must be a finite number >= 0 or None, got {value!r}")

    @max_server_wait.validator
    def _check_max_server_wait(self, _attr: attrs.Attribute[float], value: float) -> None:
        if not (value >= 0 and math.isfinite(value)):
            raise ValueError(f"max_server_wait must be a finite number >= 0, got {value!r}")

    @classmethod
    def no_retries(cls) -> RetryPolicy:
        """A policy that sends once and never retries (server Backoff still honoured)."""
        return cls(max_attempts=1)

    def backoff(self, retry_number: int, rng: random.Random | None = None) -> float:
        """The jittered exponential backoff before retry ``retry_number`` (1-based)."""
        exponent = min(max(retry_number - 1, 0), 64)  # 2**64 is plenty; avoids overflow
        ceiling = min(self.backoff_max, self.backoff_base * (2.0**exponent))
        if self.jitter == "none":
            return ceiling
        draw = (rng or _RNG).random()
        if self.jitter == "full":
            return ceiling * draw
        return ceiling / 2 + (ceiling / 2) * draw


_RNG = random.Random()


@attrs.frozen
class Decision:
    """The answer of :func:`decide`.

    ``exhausted`` says which limit stopped a retry that was otherwise warranted:
    ``"attempts"`` (max_attempts), ``"time"`` (max_total_seconds or a server-mandated wait
    beyond ``backoff_max``), or ``None`` (retried, or not retryable at all).
    """

    retry: bool
    delay: float = 0.0
    reason: str = ""
    exhausted: Literal["attempts", "time"] | None = None


def is_idempotent(request: httpx.Request) -> bool:
    """Whether resending ``request`` after it may have reached the server is safe.

    GET, HEAD, PUT, DELETE, OPTIONS and TRACE are; POST and PATCH are not unless the request
    is marked with ``request.extensions["kinbase_idempotent"] = True``. The mark, when
    present, wins either way.
    """
    marked = request.extensions.get(IDEMPOTENT_EXTENSION)
    if marked is not None:
        return bool(marked)
    return request.method.upper() in _IDEMPOTENT_METHODS


def may_have_been_applied(
    response: httpx.Response | None = None, error: BaseException | None = None
) -> bool:
    """Whether a failed attempt (an ``error``, or a ``response`` the policy retries) may
    have been applied by the server: anything but an error raised before sending and a
    refusal (429, 503, a rolled-back 409)."""
    if error is not None:
        return not isinstance(error, _NOT_SENT_ERRORS)
    return response is not None and response.status_code in (502, 504)


def _stop(reason: str, exhausted: Literal["attempts", "time"] | None = None) -> Decision:
    return Decision(retry=False, delay=0.0, reason=reason, exhausted=exhausted)


def _classify_error(request: httpx.Request, error: BaseException) -> tuple[bool, str]:
    name = type(error).__name__
    if isinstance(error, _NOT_SENT_ERRORS):
        return True, f"{name} (request not sent)"
    if isinstance(error, _MAYBE_SENT_ERRORS):
        if is_idempotent(request):
            return True, f"{name} (idempotent {request.method})"
        return False, f"{name} after the {request.method} request may have been received"
    return False, f"{name} is not retryable"


def _classify_response(
    policy: RetryPolicy, request: httpx.Request, response: httpx.Response
) -> tuple[bool, str]:
    status = response.status_code
    if status == 409 and policy.retry_conflict_with_retry_after:
        if "retry-after" in response.headers:
            return True, "HTTP 409 with Retry-After"
        return False, "HTTP 409"
    if status not in policy.retry_statuses:
        return False, f"HTTP {status}"
    if status in policy.retry_any_method_statuses:
        return True, f"HTTP {status}"
    if is_idempotent(request):
        return True, f"HTTP {status} (idempotent {request.method})"
    return False, f"HTTP {status} on non-idempotent {request.method}"


def decide(
    policy: RetryPolicy,
    request: httpx.Request,
    attempt: int,
    elapsed: float,
    response: httpx.Response | None = None,
    error: BaseException | None = None,
    rng: random.Random | None = None,
    *,
    now: float | None = None,
    backoff_remaining: float = 0.0,
    attempt_seconds: float = 0.0,
) -> Decision:
    """Whether to retry after attempt number ``attempt`` (1-based) ended with ``response``
    or ``error``, ``elapsed`` seconds after the call started.

    ``now`` (Unix time, for HTTP-date ``Retry-After``; defaults to the clock) and
    ``backoff_remaining`` (seconds of server ``Backoff`` still in force) keep this pure.
    ``attempt_seconds``: how long the attempts took (the longest): a retry is not made
    when its wait would leave less than that of the budget, since the attempt would be
    cut by the budget and the answer in hand lost for a timeout.
    The returned delay satisfies ``0 <= delay <= max(policy.backoff_max,
    policy.retry_after)`` and
    ``elapsed + delay + attempt_seconds <= policy.max_total_seconds``.
    """
    if (response is None) == (error is None):
        raise TypeError("decide() needs exactly one of response= or error=")

    if error is not None:
        retryable, reason = _classify_error(request, error)
        server_wait = 0.0
    else:
        assert response is not None
        retryable, reason = _classify_response(policy, request, response)
        server_wait = 0.0
        if retryable:
            if now is None:
                now = time.time()
            retry_after = parse_retry_after(response.headers.get("retry-after"), now)
            if retry_after is not None and policy.retry_after is None:
                server_wait = min(retry_after, policy.max_server_wait)
    if not retryable:
        return _stop(reason)

    if attempt >= policy.max_attempts:
        return _stop(f"{reason}; {attempt} of {policy.max_attempts} attempts made", "attempts")

    if policy.on_server_backoff != "ignore" and backoff_remaining > server_wait:
        server_wait = backoff_remaining
    if server_wait > policy.backoff_max:
        return _stop(
            f"{reason}; server asked to wait {server_wait:.3g}s, "
            f"more than backoff_max={policy.backoff_max:g}s",
            "time",
        )
    if policy.retry_after is not None:
        # the caller's fixed wait, instead of the server's Retry-After and the backoff
        delay = max(server_wait, policy.retry_after)
    else:
        delay = min(max(server_wait, policy.backoff(attempt, rng)), policy.backoff_max)
    remaining = policy.max_total_seconds - elapsed
    if delay > remaining:
        return _stop(
            f"{reason}; waiting {delay:.3g}s would exceed "
            f"max_total_seconds={policy.max_total_seconds:g}s ({max(remaining, 0.0):.3g}s left)",
            "time",
        )
    if delay + attempt_seconds > remaining:
        return _stop(
            f"{reason}; waiting {delay:.3g}s would leave {remaining - delay:.3g}s of "
            f"max_total_seconds={policy.max_total_seconds:g}s, less than an attempt takes "
            f"({attempt_seconds:.3g}s)",
            "time",
        )
    return Decision(retry=True, delay=delay, reason=reason)


def initial_wait(
    policy: RetryPolicy, backoff_remaining: float, elapsed: float = 0.0
) -> tuple[float, str | None]:
    """What to do before sending while a server ``Backoff`` has ``backoff_remaining`` s left.

    Returns ``(seconds_to_wait, None)`` to proceed (after waiting, possibly 0) or
    ``(0.0, reason)`` when the policy says to fail with BackoffError.
    """
    if backoff_remaining <= 0 or policy.on_server_backoff == "ignore":
        return 0.0, None
    if policy.on_server_backoff == "fail":
        return 0.0, f"server asked clients to back off for {backoff_remaining:.3g}s more"
    if elapsed + backoff_remaining > policy.max_total_seconds:
        return 0.0, (
            f"server asked clients to back off for {backoff_remaining:.3g}s more, "
            f"beyond max_total_seconds={policy.max_total_seconds:g}s"
        )
    return backoff_remaining, None
