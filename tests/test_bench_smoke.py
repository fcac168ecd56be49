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
    "client_create_ms",
    "get_claims_local_per_s",
    "get_user_round_trips_per_s",
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
    names = ("cpu", "latency", "bulk", "stream", "herd", "claims", "importtime", "generate")
    for name in (*names, "create"):
        assert name in result["details"], name
    zero = result["details"]["latency"]["delays"]["0 ms"]
    assert set(zero["get_record"]) >= {"httpx", "kinto_http", "kinbase"}, zero
    table = (tmp_path / "latest.md").read_text()
    assert "against a server answering after a delay" in table
    assert all(f"`{key}`" in table for key in KEYS)
    assert (tmp_path / "latest.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_web_bench_smoke_writes_its_figures(tmp_path: Path) -> None:
    """bench.web (issue 16's figures) in smoke mode: files written, every figure present;
    the herd's refresh counts and errors are checked (not timings)."""
    proc = subprocess.run(
        [sys.executable, "-m", "bench.web", "--smoke", "--out", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    data = json.loads((tmp_path / "web.json").read_text())
    assert (tmp_path / "web.md").read_text().startswith("# kinbase in a web backend")
    for kind in ("redis", "postgresql"):
        for run in data[f"herd_{kind}"]:
            assert run["refreshes"] == 1 and run["errors"] == 0
            assert run["answered"] == run["requests"]
    users = data["users_one_pool"]
    assert users["errors"] == 0 and users["answered_as_themselves"] == users["users"]
    assert users["connections_open_at_most"] <= users["pool_limit"]
    for key in ("as_user", "as_user_first_sight", "for_session", "storage_with_auth"):
        assert data["view_cost"][f"{key}_us"] > 0 and data["view_cost"][f"{key}_median_us"] > 0


def test_a_partial_run_says_which_command_made_it() -> None:
    from bench.run import BENCHMARKS, run_label

    assert run_label(smoke=False, only=set(BENCHMARKS)) == ("full", "make bench")
    assert run_label(smoke=False, only={"latency", "cpu"}) == (
        "partial",
        "python -m bench.run --only cpu,latency",
    )
    assert run_label(smoke=True, only={"cpu"})[0] == "smoke"
