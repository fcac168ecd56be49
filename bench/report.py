"""``latest.md`` (the tables, with ratios) and ``latest.png`` (the chart) from the results."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bench.cpu import OPS

CPU_CLIENTS = ("httpx", "kinto_http", "kinbase")


def _fmt(value: Any, digits: int = 3) -> str:
    if value is None:
        return "n/a"
    if isinstance(value, float):
        return f"{value:.{digits}g}" if abs(value) < 1000 else f"{value:,.0f}"
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_fmt(v)}" for k, v in value.items())
    return str(value)


def _met(entry: dict[str, Any]) -> str:
    met = entry.get("met")
    return "—" if met is None else ("met" if met else "**missed**")


def summary_table(result: dict[str, Any]) -> str:
    lines = [
        "| key | value | target | met | where / note |",
        "|---|---|---|---|---|",
    ]
    for key, entry in result["targets"].items():
        note = result["where"].get(key, "")
        if key in result["n/a"]:
            note = (note + "; " if note else "") + "n/a: " + result["n/a"][key]
        lines.append(
            f"| `{key}` | {_fmt(result.get(key))} | {entry['target']} | {_met(entry)} | {note} |"
        )
    return "\n".join(lines) + "\n"


def _cpu_tables(cpu: dict[str, Any]) -> list[str]:
    out: list[str] = []
    for backend, result in cpu.items():
        out += [
            f"### Client CPU per operation, {backend} backend",
            "",
            f"µs of client-process CPU per call (median of {result['runs']} runs of "
            f"{result['ops_per_run']} calls after {result['warmup_runs']} warm-up run; list page = "
            f"{result['list_page_size']} records). Wall ms in parentheses.",
            "",
            "| mode | operation | httpx | kinto-http | kinbase | kinbase / httpx | kinbase / kinto-http |",  # noqa: E501
            "|---|---|---|---|---|---|---|",
        ]
        for mode in ("sync", "async"):
            for op in OPS:
                row = result.get(mode, {}).get(op, {})
                cells = []
                for name in CPU_CLIENTS:
                    entry = row.get(name)
                    cells.append(
                        f"{entry['cpu_us']:.0f} ({entry['wall_ms']:.2f})" if entry else "n/a"
                    )
                ratios = row.get("ratios", {})
                out.append(
                    f"| {mode} | {op} | {' | '.join(cells)} | "
                    f"{_fmt(ratios.get('kinbase_vs_httpx'))} | "
                    f"{_fmt(ratios.get('kinbase_vs_kinto_http'))} |"
                )
            if result.get(mode, {}).get("n/a"):
                out.append(f"\n{mode} n/a: {result[mode]['n/a']}\n")
        out.append("")
    return out


def _latency_tables(latency: dict[str, Any]) -> list[str]:
    out = [
        "### Client CPU per sync call against a server answering after a delay (reported)",
        "",
        "The same small answers from `bench.cannedserver` (another process), after each "
        f"delay: µs of client CPU per call, median of {latency['runs']} interleaved runs of "
        f"{latency['ops_per_run']} calls. At 0 ms the clients' own costs; a client that waits "
        "pays more for the same work (see docs/performance.md).",
        "",
        "| delay | operation | httpx | kinto-http | kinbase | kinbase / httpx | kinbase / kinto-http |",  # noqa: E501
        "|---|---|---|---|---|---|---|",
    ]
    for delay, result in latency["delays"].items():
        for op, row in result.items():
            if op == "n/a":
                continue
            cells = [
                f"{row[name]['cpu_us']:.0f}" if isinstance(row.get(name), dict) else "n/a"
                for name in CPU_CLIENTS
            ]
            ratios = row.get("ratios", {})
            out.append(
                f"| {delay} | {op} | {' | '.join(cells)} | "
                f"{_fmt(ratios.get('kinbase_vs_httpx'))} | "
                f"{_fmt(ratios.get('kinbase_vs_kinto_http'))} |"
            )
    out.append("")
    return out


def _bulk_tables(bulk: dict[str, Any]) -> list[str]:
    out = ["### Bulk import (POST /batch)", ""]
    out += [
        "| backend | records per client | client | records/s | client CPU µs/record | vs kinto-http |",  # noqa: E501
        "|---|---|---|---|---|---|",
    ]
    for backend, result in bulk.items():
        base = (result.get("kinto_http") or {}).get("records_per_s")
        for name in ("kinto_http", "kinbase", "kinbase_async", "httpx", "httpx_concurrent"):
            entry = result.get(name)
            label = {
                "kinbase_async": f"kinbase async, concurrency={result['concurrency']}",
                "httpx_concurrent": f"httpx, {result['concurrency']} concurrent (server ceiling)",
            }.get(name, name)
            if not entry:
                why = result["n/a"].get(name, "")
                out.append(
                    f"| {backend} | {result['records_per_client']} | {label} | n/a | | {why} |"
                )
                continue
            rel = entry["records_per_s"] / base if base else None
            out.append(
                f"| {backend} | {result['records_per_client']} | {label} | "
                f"{entry['records_per_s']:.0f} | {entry['client_cpu_us_per_record']:.0f} | {_fmt(rel)} |"  # noqa: E501
            )
    out.append("")
    return out


def _stream_tables(stream: dict[str, Any]) -> list[str]:
    out = [
        "### Streaming every record of a collection",
        "",
        "Peak memory growth: tracemalloc (Python allocations) during one run.",
        "",
        "| backend | records | client | records/s | peak memory growth MB | memory vs kinto-http | throughput vs kinto-http |",  # noqa: E501
        "|---|---|---|---|---|---|---|",
    ]
    for backend, result in stream.items():
        base = result.get("kinto_http") or {}
        for name in ("kinto_http", "kinbase", "kinbase_async", "httpx"):
            entry = result.get(name)
            if not entry:
                out.append(
                    f"| {backend} | {result['records']} | {name} | n/a | | {result['n/a'].get(name, '')} | |"  # noqa: E501
                )
                continue
            mem = entry.get("peak_memory_growth_mb")
            mem_ratio = (
                mem / base["peak_memory_growth_mb"]
                if mem and base.get("peak_memory_growth_mb")
                else None
            )
            rate_ratio = (
                entry["records_per_s"] / base["records_per_s"]
                if base.get("records_per_s")
                else None
            )
            out.append(
                f"| {backend} | {result['records']} | {name} | {entry['records_per_s']:,} | "
                f"{_fmt(mem)} | {_fmt(mem_ratio)} | {_fmt(rate_ratio)} |"
            )
    out.append("")
    return out


def markdown(result: dict[str, Any]) -> str:
    m = result["machine"]
    v = result.get("versions", {})
    lines = [
        "# kinbase benchmarks",
        "",
        f"`{result['command']}` ({result['mode']} run, {result['elapsed_seconds']} s, "
        f"{result['generated_at']}).",
        "",
        f"Machine: {m['cores']} cores ({m['cores_usable']} usable), {m['cpu_model']}, "
        f"{m['memory_gib']} GiB; Python {m['python']} ({m['platform']}); load average "
        f"(1, 5, 15 min) at start {m['load_average_at_start']}, at end "
        f"{m.get('load_average_at_end')}.",
        "",
        "Versions: " + ", ".join(f"{k} {val}" for k, val in v.items() if val) + ".",
        "",
        *(
            [
                f"**Noise:** the load average exceeded the {m['cores']} cores during this run "
                "(other processes on the machine). Throughputs (records/s) are server-bound and "
                "moved by up to ±40% between full runs here; client CPU per call or per record "
                "is the stable comparison.",
                "",
            ]
            if max(m["load_average_at_start"][0], (m.get("load_average_at_end") or [0])[0])
            > (m["cores"] or 1)
            else []
        ),
        "Servers (real Kinto, memory and PostgreSQL backends; the auth test server) run in "
        "other processes on loopback; every figure compares clients measured in the same run "
        "against the same server and data. Benchmarks are not tests: nothing asserts timings.",
        "",
        "## The issue's figures",
        "",
        summary_table(result),
    ]
    details = result["details"]
    if "cpu" in details:
        lines += _cpu_tables(details["cpu"])
    if "latency" in details:
        lines += _latency_tables(details["latency"])
    if "bulk" in details:
        lines += _bulk_tables(details["bulk"])
    if "stream" in details:
        lines += _stream_tables(details["stream"])
    herd = details.get("herd")
    if herd and "n/a" not in herd:
        lines += [
            "### Refresh herd",
            "",
            f"{herd['tasks']} asyncio tasks need a token as it expires ({herd['runs']} runs): "
            f"{herd['refresh_calls_max']} refresh call(s) at most; every waiter released "
            f"{herd['release_ms']} ms after the herd started ({herd['after_refresh_ms']} ms "
            f"after the refresh answer was installed); one new token for all: "
            f"{herd['all_got_one_new_token']}.",
            "",
        ]
    made = details.get("create")
    if made and "ms" in made:
        lines += [
            f"### Creating a client (ms, median of {made['runs']} in a fresh process)",
            "",
            "| client | http:// | https:// |",
            "|---|---|---|",
        ]
        for name in ("kinbase_storage", "kinbase_async_storage", "kinbase_auth", "kinto_http"):
            lines.append(
                f"| {name} | {made['ms'].get(name + '_http')} | {made['ms'].get(name + '_https')} |"
            )
        lines.append("")
    tokens = details.get("claims")
    if tokens and "n/a" not in tokens:
        lines += [
            "### Token checks: local get_claims vs get_user",
            "",
            "| check | per second (one thread) |",
            "|---|---|",
            f"| `get_claims` ES256, key from the cached JWKS | {tokens['es256_local_per_s']} |",
            f"| `get_claims` HS256, client holds the JWT secret | {tokens['hs256_local_per_s']} |",
            f"| `get_user` (GET /user round trip, loopback) | {tokens['get_user_per_s']} |",
            "",
            f"Local verification: {tokens['local_vs_get_user']}x the round trips "
            f"(JWKS fetched {tokens['jwks_fetches']} time(s)).",
            "",
        ]
    imp = details.get("importtime")
    if imp:
        lines += [
            "### Import time (`python -X importtime`, medians of fresh subprocesses)",
            "",
            "| statement | ms | modules | vs `import httpx` |",
            "|---|---|---|---|",
        ]
        httpx_ms = (imp.get("httpx") or {}).get("ms")
        for entry in imp.values():
            if not isinstance(entry, dict) or "statement" not in entry:
                continue
            if "ms" not in entry:
                lines.append(f"| `{entry['statement']}` | n/a | | {entry.get('n/a', '')} |")
                continue
            rel = entry["ms"] / httpx_ms if httpx_ms else None
            lines.append(
                f"| `{entry['statement']}` | {entry['ms']} | {entry['modules']} | {_fmt(rel)} |"
            )
        lines.append("")
    gen = details.get("generate")
    if gen:
        lines += [
            "### `make generate` wall time by spec size",
            "",
            "| scale | operations | seconds | vs 1x |",
            "|---|---|---|---|",
        ]
        for label, secs in gen["seconds"].items():
            growth = gen.get("growth_vs_1x", {}).get(label)
            lines.append(
                f"| {label} | {gen['operations'][label]} | {_fmt(secs)} | {_fmt(growth)} |"
            )
        lines += ["", gen["measure"] + ".", ""]
    lines += [
        "## Reproduce",
        "",
        "```console",
        "$ make bench          # full run, writes bench/results/latest.{json,md,png}",
        "$ .venv/bin/python -m bench.run --smoke --out /tmp/bench   # seconds (run by make test)",
        "$ .venv/bin/python -m bench.profile   # pyinstrument profiles of the kinbase hot paths",
        "```",
        "",
        "Sizes used: see `sizes` in latest.json. Scaled down where this 2-core machine needs it: "
        "bulk import on PostgreSQL is 2,000 records per client (Kinto on PostgreSQL writes "
        "~40-80 records/s here); streaming 50,000 records runs on PostgreSQL only (seeded by SQL; "
        "Kinto's memory backend scans every permission on each write, so filling it with "
        "50,000 records takes minutes); the memory backend is emptied before each bulk-import "
        "round so every client writes into the same empty server.",
        "",
    ]
    return "\n".join(lines)


def chart(result: dict[str, Any], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    details = result["details"]
    fig, axes = plt.subplots(2, 2, figsize=(13, 9))
    colors = {"httpx": "#9e9e9e", "kinto_http": "#e07b39", "kinbase": "#2f6fb3",
              "kinbase_async": "#6aa2dc", "httpx_concurrent": "#c8c8c8"}  # fmt: skip

    ax = axes[0][0]
    cpu = details.get("cpu", {})
    backend = "memory" if "memory" in cpu else next(iter(cpu), None)
    if backend:
        labels = [
            f"{mode}\n{op.replace('_record', '').replace('_', ' ')}"
            for mode in ("sync", "async")
            for op in OPS
        ]
        width = 0.27
        for k, name in enumerate(CPU_CLIENTS):
            values = [
                (cpu[backend].get(mode, {}).get(op, {}).get(name) or {}).get("cpu_us", 0)
                for mode in ("sync", "async")
                for op in OPS
            ]
            ax.bar([i + (k - 1) * width for i in range(len(labels))], values, width,
                   label=name, color=colors[name])  # fmt: skip
        ax.set_xticks(range(len(labels)), labels, fontsize=8)
        ax.set_ylabel("client CPU µs per call")
        ax.set_title(f"Client CPU per operation ({backend} backend)")
        ax.legend(fontsize=8)

    ax = axes[0][1]
    bulk = details.get("bulk", {})
    names = ("kinto_http", "kinbase", "kinbase_async", "httpx", "httpx_concurrent")
    if bulk:
        width = 0.8 / max(len(bulk), 1)
        for b_index, (b_name, b_result) in enumerate(bulk.items()):
            base = (b_result.get("kinto_http") or {}).get("records_per_s") or 1
            values = [((b_result.get(n) or {}).get("records_per_s") or 0) / base for n in names]
            ax.bar([i + b_index * width for i in range(len(names))], values, width,
                   label=f"{b_name} ({b_result['records_per_client']} records)",
                   alpha=1.0 if b_index == 0 else 0.6)  # fmt: skip
        ax.axhline(1.0, color="k", lw=0.6, ls="--")
        ax.set_xticks([i + width * (len(bulk) - 1) / 2 for i in range(len(names))],
                      ["kinto-http", "kinbase", "kinbase\nasync", "httpx", "httpx\nconcurrent"],
                      fontsize=8)  # fmt: skip
        ax.set_ylabel("throughput / kinto-http")
        ax.set_title("Bulk import via POST /batch")
        ax.legend(fontsize=8)

    ax = axes[1][0]
    stream = details.get("stream", {})
    names = ("kinto_http", "kinbase", "kinbase_async", "httpx")
    if stream:
        width = 0.8 / max(len(stream), 1)
        for b_index, (b_name, b_result) in enumerate(stream.items()):
            values = [((b_result.get(n) or {}).get("peak_memory_growth_mb") or 0) for n in names]
            ax.bar([i + b_index * width for i in range(len(names))], values, width,
                   label=f"{b_name} ({b_result['records']} records)",
                   alpha=1.0 if b_index == 0 else 0.6)  # fmt: skip
        ax.set_xticks([i + width * (len(stream) - 1) / 2 for i in range(len(names))],
                      ["kinto-http\nget_records", "kinbase\niter_records", "kinbase async\niter_records", "httpx\npages"],  # noqa: E501
                      fontsize=8)  # fmt: skip
        ax.set_ylabel("peak memory growth, MB (tracemalloc)")
        ax.set_title("Streaming a collection: memory")
        ax.legend(fontsize=8)

    ax = axes[1][1]
    imp = details.get("importtime", {})
    statements = [n for n in ("httpx", "kinbase", "kinbase_storage_client", "kinbase_auth_client", "kinto_http")  # noqa: E501
                  if isinstance(imp.get(n), dict) and "ms" in imp[n]]  # fmt: skip
    if statements:
        ax.barh(range(len(statements)), [imp[n]["ms"] for n in statements],
                color=[colors.get(n.split("_storage")[0].split("_auth")[0], "#2f6fb3") for n in statements])  # fmt: skip  # noqa: E501
        ax.set_yticks(range(len(statements)), [imp[n]["statement"] for n in statements], fontsize=8)
        ax.invert_yaxis()
        ax.set_xlabel("import ms (median, -X importtime)")
        ax.set_title("Import time")
    m = result["machine"]
    fig.suptitle(
        f"kinbase vs kinto-http {result.get('versions', {}).get('kinto-http', '')} vs httpx — "
        f"{m['cores']} cores {m['cpu_model']}, Python {m['python']} ({result['mode']} run)",
        fontsize=11,
    )
    fig.tight_layout()
    fig.savefig(path, dpi=90)
    plt.close(fig)
