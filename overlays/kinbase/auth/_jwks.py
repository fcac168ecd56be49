"""The server's signing keys (``GET /.well-known/jwks.json``), cached as its
``Cache-Control`` says. Sans-I/O: the clients fetch, this module decides when and keeps
what they fetched.

- The key set is kept for ``max-age`` seconds (GoTrue sends ``public, max-age=600``;
  600 s when the header says nothing; ``no-store``/``no-cache`` keep it for one use);
  at most :data:`MAX_TTL`.
- A token whose ``kid`` the fresh set does not hold triggers one refetch (a key rotated
  in since), and then no other unknown-``kid`` refetch for :data:`REFETCH_INTERVAL`
  seconds: tokens with made-up ``kid`` values cannot make the client hammer the server.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable, Mapping
from typing import Any

import attrs

from kinbase.errors import InvalidJWTError

__all__ = ["DEFAULT_TTL", "MAX_TTL", "REFETCH_INTERVAL", "JWKSCache", "cache_ttl"]

DEFAULT_TTL = 600.0
MAX_TTL = 86_400.0
REFETCH_INTERVAL = 30.0
#: More keys than this in one set is not a JWKS we trust (and would be slow to parse).
MAX_KEYS = 64

_MAX_AGE = re.compile(r"(?:^|,)\s*max-age\s*=\s*\"?(\d+)\"?\s*(?:,|$)", re.IGNORECASE)
_NO_CACHE = re.compile(r"(?:^|,)\s*(no-store|no-cache)\s*(?:,|=|$)", re.IGNORECASE)


def cache_ttl(cache_control: str | None) -> float:
    """Seconds a key set answered with this ``Cache-Control`` may be reused."""
    if not cache_control:
        return DEFAULT_TTL
    if _NO_CACHE.search(cache_control):
        return 0.0
    match = _MAX_AGE.search(cache_control)
    if match is None:
        return DEFAULT_TTL
    return min(float(match.group(1)), MAX_TTL)


@attrs.define
class _Fetched:
    keys: dict[str, Any]
    fetched_at: float
    ttl: float


class JWKSCache:
    """The last key set fetched, by ``kid``; thread-safe, no I/O.

    The clients ask :meth:`key` first; on ``None`` they ask :meth:`should_fetch`, fetch
    when told to, and hand the answer to :meth:`store`.
    """

    def __init__(self, *, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._fetched: _Fetched | None = None
        self._last_refetch = float("-inf")
        self.fetches = 0

    def __repr__(self) -> str:
        held = len(self._fetched.keys) if self._fetched else 0
        return f"<JWKSCache {held} keys>"

    def _fresh(self, now: float) -> _Fetched | None:
        fetched = self._fetched
        if fetched is None or now - fetched.fetched_at >= fetched.ttl:
            return None
        return fetched

    def key(self, kid: str) -> Any:
        """The verification key (a ``jwt.PyJWK``) for ``kid`` from a fresh set, or None."""
        with self._lock:
            fetched = self._fresh(self._clock())
            return fetched.keys.get(kid) if fetched is not None else None

    def should_fetch(self, kid: str) -> bool:
        """Whether to fetch the key set now to find ``kid``: yes when there is no fresh
        set; for a ``kid`` the fresh set lacks, yes at most once per REFETCH_INTERVAL."""
        with self._lock:
            now = self._clock()
            fetched = self._fresh(now)
            if fetched is None:
                return True
            if kid in fetched.keys or now - self._last_refetch < REFETCH_INTERVAL:
                return False
            self._last_refetch = now
            return True

    def store(self, body: Any, cache_control: str | None) -> Mapping[str, Any]:
        """Keep a fetched key set (the parsed JSON body) and return its keys by ``kid``
        (usable for the verification that fetched them even when ``no-store`` says not to
        keep them). Entries that cannot verify (``oct`` keys, no ``kid``, unknown
        algorithms) are left out; a body that is not a key set raises InvalidJWTError."""
        from kinbase.auth._jose import jwk_from_dict

        entries = body.get("keys") if isinstance(body, Mapping) else None
        if not isinstance(entries, list):
            raise InvalidJWTError("the server's JWKS is not a JSON object with a 'keys' list")
        keys: dict[str, Any] = {}
        for entry in entries[:MAX_KEYS]:
            if not isinstance(entry, Mapping) or not isinstance(entry.get("kid"), str):
                continue
            key = jwk_from_dict(entry)
            if key is not None:
                keys[entry["kid"]] = key
        with self._lock:
            self.fetches += 1
            self._fetched = _Fetched(keys, self._clock(), cache_ttl(cache_control))
        return keys
