"""Small helpers every benchmark uses: statistics, timing, the record shape, "n/a"."""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any


class NotAvailable(Exception):
    """A benchmark side that cannot run (e.g. a kinbase API that does not exist yet).

    The benchmark reports ``None`` for its figures and this message as the reason.
    """


def median(values: list[float]) -> float:
    return float(statistics.median(values)) if values else float("nan")


def ratio(numerator: float | None, denominator: float | None) -> float | None:
    if numerator is None or denominator is None or denominator == 0:
        return None
    if numerator != numerator or denominator != denominator:  # NaN
        return None
    return round(numerator / denominator, 3)


def make_record(index: int) -> dict[str, Any]:
    """The record every client writes: a small, realistic object (~120 bytes of JSON)."""
    return {
        "title": f"record number {index}",
        "n": index,
        "done": index % 2 == 0,
        "score": index * 0.25,
        "tags": ["bench", f"t{index % 7}"],
    }


@dataclass
class Span:
    cpu: float = 0.0  # seconds of this process's CPU (all threads)
    wall: float = 0.0


@contextmanager
def measure() -> Iterator[Span]:
    """CPU time of this process (``time.process_time``: user + system, every thread) and
    wall time of the block. The garbage collector runs before, not during, the block."""
    gc.collect()
    span = Span()
    cpu0, wall0 = time.process_time(), time.perf_counter()
    try:
        yield span
    finally:
        span.cpu = time.process_time() - cpu0
        span.wall = time.perf_counter() - wall0


def describe_error(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {text}"[:300]
