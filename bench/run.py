"""``make bench``: kinbase against kinto-http.py and raw httpx, same servers, same run.

    python -m bench.run                 # full run (~8-10 min on 2 cores): bench/results/latest.*
    python -m bench.run --smoke --out DIR   # seconds; run by tests/test_bench_smoke.py
    python -m bench.run --only cpu,herd     # a subset (the other keys are reported as not run)

Writes ``latest.json`` (every figure, the machine, the sizes), ``latest.md`` (the table
with the ratios) and ``latest.png`` (the chart) into ``--out`` (default bench/results).
Servers (Kinto memory + PostgreSQL, the auth test server) run in their own processes on
loopback ports and are stopped at the end. Benchmarks are not tests: nothing here fails on
a slow figure; a side that cannot run is reported "n/a" with its reason.
"""

from __future__ import annotations

import argparse
import datetime
import json
import logging
import os
import platform
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # `python bench/run.py` as well as `python -m bench.run`
    sys.path.insert(0, str(ROOT))

from bench import (  # noqa: E402
    bulk,
    claims,
    cpu,
    create,
    generate,
    herd,
    importtime,
    latency,
    report,
    stream,
)
from bench.servers import reset, started  # noqa: E402

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
BENCHMARKS = (
    "cpu",
    "latency",
    "bulk",
    "stream",
    "herd",
    "claims",
    "importtime",
    "generate",
    "create",
)

# Sizes. The sizes where this 2-core machine allows them in ~10 minutes:
# - PostgreSQL Kinto writes ~40 records/s here (many queries per record), so its bulk
#   import is scaled down (2,000 records per client, in 8 rounds) and its streaming
#   collection (50,000 records) is filled by SQL in two seconds.
# - Kinto's memory backend slows down as it fills (see bench/servers.py): bulk import
#   empties it before each client's round; streaming 50,000 records runs on PostgreSQL
#   only (filling the memory backend with 50,000 records over HTTP takes ~8 minutes).
FULL: dict[str, Any] = {
    "backends": ("memory", "postgresql"),
    "cpu": {
        # 15 interleaved runs: the median of 7 moved by several percent between runs on
        # a 2-core machine running the servers too.
        "memory": {"ops": 80, "runs": 15, "warmup": 1},
        "postgresql": {"ops": 50, "runs": 15, "warmup": 1},
        "list_size": 100,
    },
    # Reported: sync CPU per call against bench.cannedserver answering after each delay.
    "latency": {"delays": (0.0, 0.002, 0.005, 0.010), "ops": 100, "runs": 11, "warmup": 1},
    "bulk": {
        "memory": {"records": 10000, "rounds": 8, "warmup": 1},
        "postgresql": {"records": 2000, "rounds": 8, "warmup": 1},
        "concurrency": 4,
    },
    "stream": {"backends": ("postgresql",), "records": 50000, "runs": 3, "warmup": 1},
    "herd": {"tasks": 500, "runs": 3, "lifetime": 4},
    "claims": {"ops": 1000, "runs": 5},
    "importtime": {"runs": 15},
    "generate": {"factors": (1, 2, 4), "base_paths": None, "warmup": True, "runs": 3},
    "create": {"runs": 200},
}
SMOKE: dict[str, Any] = {
    "backends": ("memory",),
    "cpu": {"memory": {"ops": 3, "runs": 1, "warmup": 0}, "list_size": 10},
    "latency": {"delays": (0.0,), "ops": 3, "runs": 1, "warmup": 0},
    "bulk": {"memory": {"records": 100, "rounds": 1, "warmup": 0}, "concurrency": 2},
    "stream": {"backends": ("memory",), "records": 300, "runs": 1, "warmup": 0},
    "herd": {"tasks": 50, "runs": 1, "lifetime": 2},
    "claims": {"ops": 20, "runs": 1},
    "importtime": {"runs": 1},
    "generate": {"factors": (1,), "base_paths": 2, "warmup": False},
    "create": {"runs": 5},
}


def _log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


def machine() -> dict[str, Any]:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory_gib = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory_gib = round(int(line.split()[1]) / 2**20, 1)
    except OSError:
        pass
    try:
        affinity = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        affinity = os.cpu_count()
    return {
        "cores": os.cpu_count(),
        "cores_usable": affinity,
        "cpu_model": model or platform.processor(),
        "memory_gib": memory_gib,
        "python": platform.python_version(),
        "python_implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
    }


def versions(kinto_url: str | None) -> dict[str, Any]:
    from importlib.metadata import version

    out: dict[str, Any] = {}
    for dist in ("kinbase", "httpx", "kinto-http", "requests"):
        try:
            out[dist] = version(dist)
        except Exception:
            out[dist] = None
    if kinto_url:
        import httpx

        try:
            out["kinto_server"] = (
                httpx.get(f"{kinto_url}/", timeout=10).json().get("project_version")
            )
        except Exception:
            out["kinto_server"] = None
    try:
        pg = subprocess.run(
            ["/usr/lib/postgresql/15/bin/postgres", "--version"],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        out["postgresql"] = pg.stdout.strip() or None
    except OSError:
        out["postgresql"] = None
    return out


def _conservative(values: dict[str, float | None], *, higher_is_worse: bool) -> float | None:
    present = [v for v in values.values() if v is not None]
    if not present:
        return None
    return max(present) if higher_is_worse else min(present)


def headline(details: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str], dict[str, str]]:
    """The issue's keys from the detailed results: the worst figure over backends (and, for
    CPU, over operations and sync/async), with where it comes from and why one is n/a."""
    keys: dict[str, Any] = dict.fromkeys(KEYS)
    where: dict[str, str] = {}
    missing: dict[str, str] = {}
    not_run = "not run (--only)"

    cpu_results = details.get("cpu")
    if cpu_results:
        # The targets: CPU vs raw httpx over both modes; vs kinto-http, sync only
        # (async against kinto-http is reported in the tables, not targeted).
        for key, ratio_key, modes in (
            ("cpu_ratio_vs_httpx", "kinbase_vs_httpx", ("sync", "async")),
            ("cpu_ratio_vs_kinto_http", "kinbase_vs_kinto_http", ("sync",)),
        ):
            keys[key], where[key] = cpu.worst(cpu_results, ratio_key, modes)
            if keys[key] is None:
                missing[key] = (
                    "; ".join(
                        f"{b} {m}: {r[m]['n/a'].get('kinbase', '?')}"
                        for b, r in cpu_results.items()
                        for m in ("sync", "async")
                        if r.get(m, {}).get("n/a")
                    )
                    or "no kinbase figure"
                )
    else:
        missing["cpu_ratio_vs_httpx"] = missing["cpu_ratio_vs_kinto_http"] = not_run

    bulk_results = details.get("bulk")
    for key, ratio_key, variant in (
        ("import_ratio_sync_vs_kinto_http", "kinbase_sync_vs_kinto_http", "kinbase"),
        ("import_ratio_async_vs_kinto_http", "kinbase_async_vs_kinto_http", "kinbase_async"),
    ):
        if not bulk_results:
            missing[key] = not_run
            continue
        per = {b: r["ratios"][ratio_key] for b, r in bulk_results.items()}
        keys[key] = _conservative(per, higher_is_worse=False)
        where[key] = ", ".join(f"{b} {v}" for b, v in per.items())
        if variant == "kinbase_async":
            ceilings = {
                b: r["ratios"]["server_ceiling_vs_kinto_http"] for b, r in bulk_results.items()
            }
            where[key] = ", ".join(
                f"{b} {v} (server ceiling {ceilings[b]})" for b, v in per.items()
            )
        reasons = {b: r["n/a"][variant] for b, r in bulk_results.items() if variant in r["n/a"]}
        if reasons:
            missing[key] = "; ".join(f"{b}: {why}" for b, why in reasons.items())

    stream_results = details.get("stream")
    for key, ratio_key, worse_high in (
        ("stream_memory_ratio_vs_kinto_http", "kinbase_memory_vs_kinto_http", True),
        ("stream_throughput_ratio_vs_kinto_http", "kinbase_throughput_vs_kinto_http", False),
    ):
        if not stream_results:
            missing[key] = not_run
            continue
        per = {b: r["ratios"][ratio_key] for b, r in stream_results.items()}
        keys[key] = _conservative(per, higher_is_worse=worse_high)
        where[key] = ", ".join(f"{b} {v}" for b, v in per.items())
        reasons = {
            b: r["n/a"]["kinbase"] for b, r in stream_results.items() if "kinbase" in r["n/a"]
        }
        if reasons:
            missing[key] = "; ".join(f"{b}: {why}" for b, why in reasons.items())

    herd_result = details.get("herd")
    if herd_result and "n/a" not in herd_result:
        keys["herd_refresh_calls"] = herd_result["refresh_calls_max"]
        keys["herd_release_ms"] = herd_result["release_ms"]
        where["herd_refresh_calls"] = (
            f"max over {herd_result['runs']} runs of {herd_result['tasks']} tasks"
        )
        where["herd_release_ms"] = f"median over {herd_result['runs']} runs"
    else:
        why = herd_result["n/a"] if herd_result else not_run
        missing["herd_refresh_calls"] = missing["herd_release_ms"] = why

    claims_result = details.get("claims")
    if claims_result and "n/a" not in claims_result:
        keys["get_claims_local_per_s"] = claims_result["es256_local_per_s"]
        keys["get_user_round_trips_per_s"] = claims_result["get_user_per_s"]
        where["get_claims_local_per_s"] = (
            f"ES256 via the cached JWKS, one thread (HS256 with the secret: "
            f"{claims_result['hs256_local_per_s']}/s); {claims_result['local_vs_get_user']}x "
            "get_user"
        )
        where["get_user_round_trips_per_s"] = "GET /user on loopback, one thread"
    else:
        why = claims_result["n/a"] if claims_result else not_run
        missing["get_claims_local_per_s"] = missing["get_user_round_trips_per_s"] = why

    import_result = details.get("importtime")
    if import_result:
        keys["import_ratio_vs_httpx"] = import_result["ratios"]["kinbase_vs_httpx"]
        where["import_ratio_vs_httpx"] = "import kinbase / import httpx (medians)"
        if keys["import_ratio_vs_httpx"] is None:
            missing["import_ratio_vs_httpx"] = str(import_result.get("kinbase", {}).get("n/a"))
    else:
        missing["import_ratio_vs_httpx"] = not_run

    gen = details.get("generate")
    if gen:
        keys["generate_seconds"] = gen["seconds"]
        where["generate_seconds"] = "operations " + ", ".join(
            f"{k}={v}" for k, v in gen["operations"].items()
        )
        if gen.get("n/a"):
            missing["generate_seconds"] = "; ".join(f"{k}: {v}" for k, v in gen["n/a"].items())
    else:
        missing["generate_seconds"] = not_run

    made = details.get("create")
    if made and "n/a" not in made:
        keys["client_create_ms"] = made["worst_kinbase_http_ms"]
        where["client_create_ms"] = "worst of storage, async storage, auth for http:// (medians)"
    else:
        missing["client_create_ms"] = made["n/a"] if made else not_run
    return keys, where, missing


def _async_import_met(_value: float, details: dict[str, Any]) -> bool:
    """ "At least 1.5x kinto-http's batch as far as the server allows": on each backend, the
    target is 1.5 or the server's ceiling (raw httpx sending the same chunks concurrently,
    as a ratio to kinto-http's sequential batch), whichever is lower."""
    results = details.get("bulk") or {}
    if not results:
        return False
    for result in results.values():
        value = result["ratios"]["kinbase_async_vs_kinto_http"]
        ceiling = result["ratios"]["server_ceiling_vs_kinto_http"]
        if value is None or ceiling is None or value < min(1.5, ceiling):
            return False
    return True


TARGETS: dict[str, tuple[str, Any]] = {
    "cpu_ratio_vs_httpx": ("<= 1.15", lambda v, _d: v <= 1.15),
    "cpu_ratio_vs_kinto_http": ("<= 0.8", lambda v, _d: v <= 0.8),
    "import_ratio_sync_vs_kinto_http": (">= 1.0", lambda v, _d: v >= 1.0),
    "import_ratio_async_vs_kinto_http": (
        ">= min(1.5, server ceiling) on each backend",
        _async_import_met,
    ),
    "stream_memory_ratio_vs_kinto_http": ("<= 0.2", lambda v, _d: v <= 0.2),
    "stream_throughput_ratio_vs_kinto_http": (">= 1.0", lambda v, _d: v >= 1.0),
    "herd_refresh_calls": ("== 1", lambda v, _d: v == 1),
    "herd_release_ms": ("(reported)", None),
    "import_ratio_vs_httpx": ("<= 1.3", lambda v, _d: v <= 1.3),
    "generate_seconds": ("(reported, growth with spec size)", None),
    "client_create_ms": ("<= 2", lambda v, _d: v <= 2),
    "get_claims_local_per_s": ("(reported)", None),
    "get_user_round_trips_per_s": ("(reported)", None),
}


def targets(keys: dict[str, Any], details: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for key, (text, check) in TARGETS.items():
        value = keys.get(key)
        met = None if (check is None or value is None) else bool(check(value, details))
        out[key] = {"target": text, "met": met}
    return out


def run_label(*, smoke: bool, only: set[str]) -> tuple[str, str]:
    """The run's mode and the command that makes it again: a subset says so (its file is
    not a full run's)."""
    if smoke:
        return "smoke", "python -m bench.run --smoke"
    if only >= set(BENCHMARKS):
        return "full", "make bench"
    return "partial", f"python -m bench.run --only {','.join(sorted(only))}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="kinbase benchmarks (make bench)")
    parser.add_argument("--smoke", action="store_true", help="tiny sizes, memory backend only")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results")
    parser.add_argument("--only", default=",".join(BENCHMARKS), help="comma-separated subset")
    parser.add_argument("--no-chart", action="store_true")
    args = parser.parse_args(argv)
    only = {name.strip() for name in args.only.split(",") if name.strip()}
    unknown = only - set(BENCHMARKS)
    if unknown:
        parser.error(f"unknown benchmarks: {', '.join(sorted(unknown))}")
    sizes = SMOKE if args.smoke else FULL
    # kinto-http logs every batch sub-response at WARNING; with no logging configured Python
    # would print 10,000 lines. Its messages are still formatted (that cost stays measured).
    logging.getLogger("kinto_http").setLevel(logging.ERROR)

    began = time.perf_counter()
    details: dict[str, Any] = {}
    info: dict[str, Any] = {"machine": machine()}
    need_kinto = bool(only & {"cpu", "bulk", "stream"})
    backends = sizes["backends"] if need_kinto else ()
    _log(f"{'smoke' if args.smoke else 'full'} run: {', '.join(sorted(only))}; backends {backends}")
    with started(backends, auth="herd" in only or "claims" in only) as servers:
        _log(f"servers up: { {k: round(v, 1) for k, v in servers.startups.items()} }")
        first = next(iter(servers.kintos.values()), None)
        info["versions"] = versions(first.url if first else None)
        if "cpu" in only:
            details["cpu"] = {}
            for backend, kinto in servers.kintos.items():
                _log(f"cpu per operation on {backend}")
                details["cpu"][backend] = cpu.run(
                    kinto.url, list_size=sizes["cpu"]["list_size"], **sizes["cpu"][backend]
                )
        if "bulk" in only or "stream" in only:
            details["bulk"], details["stream"] = {}, {}
            for backend, kinto in servers.kintos.items():
                if "bulk" in only:
                    _log(f"bulk import on {backend}")
                    url = kinto.url
                    details["bulk"][backend] = bulk.run(
                        url,
                        concurrency=sizes["bulk"]["concurrency"],
                        reset=(lambda url=url: reset(url)) if backend == "memory" else None,
                        **sizes["bulk"][backend],
                    )
                stream_sizes = dict(sizes["stream"])
                if "stream" in only and backend in stream_sizes.pop("backends"):
                    _log(f"streaming on {backend}")
                    # the imported collection, topped up to the streaming size
                    bulk.ensure_collection(kinto.url)
                    details["stream"][backend] = stream.run(kinto, bulk.COLLECTION, **stream_sizes)
            for name in ("bulk", "stream"):
                if not details[name]:
                    del details[name]
        if "herd" in only and servers.auth is not None:
            _log("refresh herd")
            details["herd"] = herd.run(servers.auth, **sizes["herd"])
        if "claims" in only and servers.auth is not None:
            _log("get_claims vs get_user")
            details["claims"] = claims.run(servers.auth, **sizes["claims"])
    _log("servers stopped")
    if "latency" in only:
        _log("cpu per call against a server answering after a delay")
        details["latency"] = latency.run(**sizes["latency"])
    if "importtime" in only:
        _log("import time")
        details["importtime"] = importtime.run(**sizes["importtime"])
    if "generate" in only:
        _log("make generate timing")
        details["generate"] = generate.run(**sizes["generate"])
    if "create" in only:
        _log("creating clients")
        details["create"] = create.run(**sizes["create"])

    info["machine"]["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    keys, where, missing = headline(details)
    mode, command = run_label(smoke=args.smoke, only=only)
    result: dict[str, Any] = {
        **keys,
        "targets": targets(keys, details),
        "where": where,
        "n/a": missing,
        "mode": mode,
        "command": command,
        "generated_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "elapsed_seconds": round(time.perf_counter() - began, 1),
        **info,
        "sizes": json.loads(json.dumps(sizes, default=list)),
        "details": details,
    }
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "latest.json").write_text(json.dumps(result, indent=2) + "\n")
    (args.out / "latest.md").write_text(report.markdown(result))
    if not args.no_chart:
        report.chart(result, args.out / "latest.png")
    _log(f"done in {result['elapsed_seconds']} s: {args.out}/latest.json, latest.md, latest.png")
    print(report.summary_table(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
