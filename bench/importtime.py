"""5. Import time: ``python -X importtime -c "<statement>"`` in fresh subprocesses.

The figure of one run is the sum of the cumulative times of the top-level imports that a
bare interpreter (``-c pass``) does not make, i.e. what the statement itself imports. Median
over ``runs`` subprocesses, after one warm-up run. Bytecode is compiled once into a
temporary ``PYTHONPYCACHEPREFIX`` (the repository and the venv stay untouched; ``make``
sets ``PYTHONDONTWRITEBYTECODE``, which would otherwise make every run compile everything,
as no installed package would).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from typing import Any

from bench.common import median, ratio

STATEMENTS = {
    "httpx": "import httpx",
    "kinbase": "import kinbase",
    "kinbase_storage_client": "import kinbase; kinbase.StorageClient",
    "kinbase_auth_client": "import kinbase; kinbase.AuthClient",
    "kinto_http": "import kinto_http",
}
_LINE = re.compile(r"^import time:\s+(\d+)\s+\|\s+(\d+)\s+\|( *)(\S+)")


def _top_level(stderr: str) -> dict[str, int]:
    out: dict[str, int] = {}
    for line in stderr.splitlines():
        match = _LINE.match(line)
        if match and len(match.group(3)) == 1:
            out[match.group(4)] = out.get(match.group(4), 0) + int(match.group(2))
    return out


def _run(statement: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-X", "importtime", "-c", statement],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=60,
    )


def run(*, runs: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="kinbase-bench-pyc-") as cache:
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["PYTHONPYCACHEPREFIX"] = cache
        bare = _run("pass", env).stderr
        baseline = set(_top_level(bare))
        bare_modules = sum(1 for line in bare.splitlines() if _LINE.match(line))
        result: dict[str, Any] = {"runs": runs, "measure": "python -X importtime, median"}
        for name, statement in STATEMENTS.items():
            warm = _run(statement, env)  # compiles the bytecode into the cache
            if warm.returncode != 0:
                last = (warm.stderr.strip().splitlines() or ["?"])[-1]
                result[name] = {"statement": statement, "n/a": last[:300]}
                continue
            samples = []
            for _ in range(runs):
                top = _top_level(_run(statement, env).stderr)
                samples.append(sum(us for mod, us in top.items() if mod not in baseline))
            full = _run(statement, env).stderr
            modules = sum(1 for line in full.splitlines() if _LINE.match(line)) - bare_modules
            result[name] = {
                "statement": statement,
                "ms": round(median(samples) / 1e3, 2),
                "ms_runs": [round(s / 1e3, 2) for s in samples],
                "modules": modules,
            }

    def ms(name: str) -> float | None:
        entry = result.get(name)
        return entry.get("ms") if isinstance(entry, dict) else None

    result["ratios"] = {
        "kinbase_vs_httpx": ratio(ms("kinbase"), ms("httpx")),
        "kinbase_storage_client_vs_httpx": ratio(ms("kinbase_storage_client"), ms("httpx")),
        "kinbase_auth_client_vs_httpx": ratio(ms("kinbase_auth_client"), ms("httpx")),
        "kinto_http_vs_httpx": ratio(ms("kinto_http"), ms("httpx")),
    }
    return result
