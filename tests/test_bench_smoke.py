"""`make bench` in smoke mode, so the benchmark code does not rot.

Benchmarks are not tests: nothing here looks at a timing. It runs the whole suite with tiny
sizes (its own servers, memory backend only) and checks that every file is written and
the JSON carries every key the issue names, with the machine described.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
KEYS = (
    "cpu_ratio_vs_httpx",
    "cpu_ratio_vs_kinto_http",
    "import_ratio_sync_vs_kinto_http",
    "import_ratio_async_vs_kinto_http",
    "stream_memory_ratio_vs_kinto_http",
    "stream_throughput_ratio_vs_kinto_http",
    "herd_refresh_calls",
    "herd_release_ms",
    "import_ratio_vs_httpx",
    "generate_seconds",
)


def test_bench_smoke_writes_every_key(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "bench.run", "--smoke", "--out", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=240,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
        check=False,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    result = json.loads((tmp_path / "latest.json").read_text())
    assert result["mode"] == "smoke"
    for key in KEYS:
        assert key in result, key
        assert key in result["targets"], key
        # a figure, or the reason why there is none
        assert result[key] is not None or key in result["n/a"], (key, result["n/a"])
    assert isinstance(result["generate_seconds"], dict)
    for field in ("cores", "cpu_model", "python"):
        assert result["machine"][field], field
    for name in ("cpu", "bulk", "stream", "herd", "importtime", "generate"):
        assert name in result["details"], name
    table = (tmp_path / "latest.md").read_text()
    assert all(f"`{key}`" in table for key in KEYS)
    assert (tmp_path / "latest.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
