"""Per-IP token bucket (burst = limit, refilled at limit per window)."""

from __future__ import annotations

import threading


class RateLimiter:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._buckets: dict[str, tuple[float, float]] = {}  # ip -> (tokens, last time)

    def reset(self) -> None:
        with self._lock:
            self._buckets.clear()

    def allow(self, key: str, limit: int, window: float, now: float) -> bool:
        rate = limit / window if window > 0 else float("inf")
        with self._lock:
            tokens, last = self._buckets.get(key, (float(limit), now))
            tokens = min(float(limit), tokens + (now - last) * rate)
            if tokens < 1.0:
                self._buckets[key] = (tokens, now)
                return False
            self._buckets[key] = (tokens - 1.0, now)
            return True
