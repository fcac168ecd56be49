"""7. Creating a client: ms per ``StorageClient(...)`` / ``AuthClient(...)`` (and async twins),
``http://`` and ``https://`` server URLs, in a fresh subprocess (nothing warm but the imports).

The figure is the median over ``runs`` constructions after one warm-up construction, then
closing the client (construction alone is timed). kinto-http's ``Client`` is measured the same
way for reference. No server is contacted: building a client sends nothing.
"""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

from bench.common import median

_CODE = r"""
import asyncio, json, sys, time
import kinbase, kinto_http
runs = int(sys.argv[1])
out = {}
def measure(name, build, close):
    build_first = build(); close(build_first)
    samples = []
    for _ in range(runs):
        began = time.perf_counter()
        client = build()
        samples.append((time.perf_counter() - began) * 1000)
        close(client)
    out[name] = samples
loop = asyncio.new_event_loop()
for scheme in ("http", "https"):
    url = f"{scheme}://kinto.example:8888/v1"
    measure(f"kinbase_storage_{scheme}", lambda: kinbase.StorageClient(url), lambda c: c.close())
    measure(f"kinbase_async_storage_{scheme}", lambda: kinbase.AsyncStorageClient(url),
            lambda c: loop.run_until_complete(c.aclose()))
    measure(f"kinbase_auth_{scheme}", lambda: kinbase.AuthClient(url.replace("/v1", "/auth")),
            lambda c: c.close())
    measure(f"kinto_http_{scheme}", lambda: kinto_http.Client(server_url=url), lambda c: None)
print(json.dumps(out))
"""


def run(*, runs: int) -> dict[str, Any]:
    proc = subprocess.run(
        [sys.executable, "-c", _CODE, str(runs)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if proc.returncode != 0:
        return {"n/a": proc.stderr.strip().splitlines()[-1] if proc.stderr else "failed"}
    samples = json.loads(proc.stdout)
    ms = {name: round(median(values), 3) for name, values in samples.items()}
    kinbase_http = [v for k, v in ms.items() if k.startswith("kinbase") and k.endswith("http")]
    return {"runs": runs, "ms": ms, "worst_kinbase_http_ms": max(kinbase_http)}
