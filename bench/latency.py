"""Client CPU per sync call against a server that answers after a fixed delay (reported).

The CPU a call costs the client is not fixed: on the benchmark machine (a 2-core VM) the
same code costs about twice as much after the process waited 5 ms for an answer as after
a wait of a few microseconds (caches and branch predictors go cold while it sleeps). The
waits of the real servers differ (Kinto's memory backend answers in ~2 ms, PostgreSQL in
~10 ms), which moves the ratios between clients. This section measures the three clients
against :mod:`bench.cannedserver` (another process, the same small answers every time)
at a few delays, so the effect is seen without any server work: the ratios at delay 0
are the clients' own costs, those at the longer delays what a waiting client pays.
"""

from __future__ import annotations

import subprocess
import sys
import time
from typing import Any

from bench import cpu

OPS = ("get_record", "update_record")


def _server(delay: float) -> tuple[subprocess.Popen[str], str]:
    process = subprocess.Popen(
        [sys.executable, "-m", "bench.cannedserver", str(delay)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    port = process.stdout.readline().strip()
    if not port.isdigit():
        process.kill()
        raise RuntimeError(f"bench.cannedserver did not start (printed {port!r})")
    return process, f"http://127.0.0.1:{port}/v1"


def run_delay(delay: float, *, ops: int, runs: int, warmup: int) -> dict[str, Any]:
    process, url = _server(delay)
    try:
        return cpu.run_sync(url, ops=ops, runs=runs, warmup=warmup, operations=OPS)
    finally:
        process.kill()
        process.wait(timeout=10)


def run(*, delays: tuple[float, ...], ops: int, runs: int, warmup: int) -> dict[str, Any]:
    started = time.perf_counter()
    by_delay = {
        f"{delay * 1000:g} ms": run_delay(delay, ops=ops, runs=runs, warmup=warmup)
        for delay in delays
    }
    return {
        "ops_per_run": ops,
        "runs": runs,
        "warmup_runs": warmup,
        "delays": by_delay,
        "seconds": round(time.perf_counter() - started, 1),
    }
