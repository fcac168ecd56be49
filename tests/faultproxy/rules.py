"""What the fault proxy injects (:class:`Fault`), when (:class:`Rule`), and what it counted.

A rule *matches* a request by method and path; among matching requests it *fires* on the
``nth`` one, on ``every`` nth one and/or with a ``probability`` drawn from its own
``random.Random(seed)`` (all conditions that are given must hold; none given: every match),
at most ``times`` times. The RNG is drawn once for every matching request, whether or not
another rule wins, so the n-th decision of a rule depends only on its seed: the same
sequence of requests gives the same faults. One fault per request: the first rule (in the
order they were added) that fires is applied.

:attr:`Fault.REFUSE` is a connection fault: it is decided when a connection is accepted
(counting connections, not requests), so it takes no ``method`` or ``path``.
"""

from __future__ import annotations

import enum
import random
import re
import threading
from dataclasses import KW_ONLY, dataclass, field


class Fault(enum.Enum):
    """A fault kind. Where it happens relative to the upstream is in each docstring."""

    REFUSE = "refuse"
    """Accept the connection and reset it at once (RST), before reading anything."""
    RESET_MID_REQUEST = "reset_mid_request"
    """Read the head and ``after_bytes`` of the body (default half), then reset. Not
    forwarded: the server never sees the request."""
    RESET_MID_RESPONSE = "reset_mid_response"
    """Forward; send ``after_bytes`` of the upstream response (default: the head and half
    the body), then reset."""
    DELAY_REQUEST = "delay_request"
    """Wait ``delay`` seconds, then forward normally."""
    DELAY_RESPONSE = "delay_response"
    """Forward, wait ``delay`` seconds after the upstream answered, then respond."""
    SERVICE_UNAVAILABLE = "service_unavailable"
    """Answer 503 with ``Retry-After`` (and ``body``) without forwarding."""
    TOO_MANY_REQUESTS = "too_many_requests"
    """Answer 429 with ``Retry-After`` (and ``body``) without forwarding."""
    RESPOND = "respond"
    """Answer ``status`` with ``body``/``content_type``/``retry_after`` without forwarding."""
    BACKOFF = "backoff"
    """Forward; set ``Backoff: <backoff>`` on the upstream response."""
    TRUNCATED_BODY = "truncated_body"
    """Forward; send the upstream head unchanged and ``after_bytes`` of the body (default
    half), then close (FIN)."""
    NON_JSON_BODY = "non_json_body"
    """Forward; replace the body with ``body`` (default: not JSON), same status and type."""
    WRONG_CONTENT_TYPE = "wrong_content_type"
    """Forward; replace the ``Content-Type`` with ``content_type`` (default text/html)."""
    ERROR_BODY_200 = "error_body_200"
    """Answer 200 with a JSON error body (``body`` or a Kinto-style 500 error) without
    forwarding."""
    HUGE_HEADERS = "huge_headers"
    """Forward; add ``header_bytes`` of extra headers (``X-Fault-Padding-N``, 4 KiB each)."""
    DROP_AFTER_COMMIT = "drop_after_commit"
    """Forward, read the whole upstream response (the server has committed), then close
    the client connection without sending any of it."""


#: Faults answered by the proxy itself: the upstream never sees the request.
NOT_FORWARDED = frozenset(
    {
        Fault.RESET_MID_REQUEST,
        Fault.SERVICE_UNAVAILABLE,
        Fault.TOO_MANY_REQUESTS,
        Fault.RESPOND,
        Fault.ERROR_BODY_200,
    }
)


@dataclass(frozen=True)
class Rule:
    """When to inject ``fault`` and with which parameters.

    Matching: ``method`` is a regex matched in full, case-insensitively (``"POST"``,
    ``"PUT|PATCH"``); ``path`` a regex searched in the request path without its query
    string (``r"/batch$"``). ``None`` matches anything.

    Firing among matching requests: ``nth`` (1-based, only that one), ``every`` (the
    every-th, 2·every-th, ...), ``probability`` (seeded by ``seed``); ``times`` caps how
    often the rule is applied.

    Parameters (each used by the faults named in :class:`Fault`): ``delay`` seconds;
    ``status``; ``retry_after`` seconds (``None``: no header; a ``str``: sent verbatim) and
    ``retry_after_date`` (send it as an HTTP date that many seconds ahead, rounded up);
    ``backoff`` seconds; ``after_bytes``; ``body``; ``content_type``; ``header_bytes``.
    """

    fault: Fault
    _: KW_ONLY
    method: str | None = None
    path: str | None = None
    nth: int | None = None
    every: int | None = None
    probability: float | None = None
    seed: int = 0
    times: int | None = None
    delay: float = 1.0
    status: int | None = None
    retry_after: float | str | None = 1
    retry_after_date: bool = False
    backoff: int = 10
    after_bytes: int | None = None
    body: bytes | None = None
    content_type: str | None = None
    header_bytes: int = 64 * 1024

    def __post_init__(self) -> None:
        if not isinstance(self.fault, Fault):
            raise TypeError(f"fault must be a Fault, not {self.fault!r}")
        if self.fault is Fault.REFUSE and (self.method is not None or self.path is not None):
            raise ValueError("REFUSE is decided per connection: it takes no method or path")
        if self.fault is Fault.RESPOND and (self.status is None or not 100 <= self.status < 600):
            raise ValueError("RESPOND needs a status between 100 and 599")
        for name in ("nth", "every"):
            value = getattr(self, name)
            if value is not None and value < 1:
                raise ValueError(f"{name} must be >= 1, not {value}")
        if self.times is not None and self.times < 0:
            raise ValueError(f"times must be >= 0, not {self.times}")
        if self.probability is not None and not 0.0 <= self.probability <= 1.0:
            raise ValueError(f"probability must be within [0, 1], not {self.probability}")
        if self.delay < 0 or self.header_bytes < 0 or (self.after_bytes or 0) < 0:
            raise ValueError("delay, header_bytes and after_bytes must not be negative")
        for pattern in (self.method, self.path):
            if pattern is not None:
                re.compile(pattern)


@dataclass
class RuleHandle:
    """A rule added to a proxy, with what it has seen: ``matched`` requests (or
    connections, for REFUSE) and ``fired`` (applied) faults. Read them any time."""

    rule: Rule
    _lock: threading.Lock = field(repr=False)
    _matched: int = 0
    _fired: int = 0
    _rng: random.Random = field(init=False, repr=False)
    _method: re.Pattern[str] | None = field(init=False, repr=False)
    _path: re.Pattern[str] | None = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._rng = random.Random(self.rule.seed)
        self._method = re.compile(self.rule.method, re.IGNORECASE) if self.rule.method else None
        self._path = re.compile(self.rule.path) if self.rule.path else None

    @property
    def matched(self) -> int:
        with self._lock:
            return self._matched

    @property
    def fired(self) -> int:
        with self._lock:
            return self._fired

    def matches(self, method: str, path: str) -> bool:
        if self._method is not None and not self._method.fullmatch(method):
            return False
        return self._path is None or self._path.search(path) is not None

    def decide(self) -> bool:
        """Count one matching request and say whether the rule wants to fire on it (the
        caller holds the lock and calls :meth:`apply` if it is the one applied)."""
        self._matched += 1
        rule = self.rule
        wanted = True
        if rule.nth is not None and self._matched != rule.nth:
            wanted = False
        if rule.every is not None and self._matched % rule.every != 0:
            wanted = False
        if rule.probability is not None and self._rng.random() >= rule.probability:
            wanted = False
        return wanted and (rule.times is None or self._fired < rule.times)

    def apply(self) -> None:
        self._fired += 1


@dataclass(frozen=True)
class Stats:
    """A snapshot of the proxy's counters.

    ``connections`` accepted, ``requests`` read (heads parsed), ``forwarded`` to the
    upstream, ``responded`` (complete responses sent to the client, faulty or not),
    ``upstream_errors`` (upstream unreachable or broken: answered 502 or closed),
    ``open_connections`` now and ``peak_connections`` (most client connections open at
    once: a client's pool bound shows here),
    ``faults`` per kind (REFUSE counts connections; others requests).
    """

    connections: int = 0
    requests: int = 0
    forwarded: int = 0
    responded: int = 0
    upstream_errors: int = 0
    open_connections: int = 0
    peak_connections: int = 0
    faults: dict[Fault, int] = field(default_factory=dict)

    @property
    def faulted(self) -> int:
        """Requests that had a fault (REFUSE excluded: it hits connections)."""
        return sum(n for kind, n in self.faults.items() if kind is not Fault.REFUSE)

    @property
    def fault_ratio(self) -> float:
        """``faulted / requests`` (0.0 before any request)."""
        return self.faulted / self.requests if self.requests else 0.0
