"""1. Client CPU per operation: get_record, create_record, update_record, one list page.

For each operation, sync and async, every client runs ``ops`` calls per run; runs are
interleaved (the client order rotates each round) so drift in the machine or the server
hits all clients alike. The first ``warmup`` rounds are discarded. The figure is the median
over runs of (this process's CPU time during the run) / ops, i.e. user + system CPU of the
client process including every thread it uses (kinto-http's async thread pool, httpx's
connection handling), and nothing of the servers, which run in other processes.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from typing import Any

import httpx

from bench.clients import ASYNC, CLIENTS, SYNC
from bench.common import NotAvailable, describe_error, make_record, measure, median, ratio
from bench.servers import BUCKET, PASSWORD, USER

OPS = ("get_record", "create_record", "update_record", "list_page")
COLLECTION = "cpu"
CREATE_COLLECTION = "cpu-create"
LIST_COLLECTION = "cpu-list"
GET_ID = "cpu-get"
UPDATE_ID = "cpu-update"


def prepare(url: str, list_size: int) -> None:
    """The records every client reads and writes (same data for all)."""
    base = f"{url}/buckets/{BUCKET}/collections"
    with httpx.Client(auth=(USER, PASSWORD), timeout=60) as http:
        for name in (COLLECTION, CREATE_COLLECTION, LIST_COLLECTION):
            http.put(f"{base}/{name}", json={"data": {}}).raise_for_status()
        for rid in (GET_ID, UPDATE_ID):
            http.put(
                f"{base}/{COLLECTION}/records/{rid}", json={"data": make_record(0)}
            ).raise_for_status()
        for start in range(0, list_size, 25):
            requests = [
                {
                    "method": "PUT",
                    "path": f"/buckets/{BUCKET}/collections/{LIST_COLLECTION}/records/l{i}",
                    "body": {"data": make_record(i)},
                }
                for i in range(start, min(start + 25, list_size))
            ]
            http.post(f"{url}/batch", json={"requests": requests}).raise_for_status()


def _call(client: Any, op: str, i: int) -> Any:
    if op == "get_record":
        return client.get_record(COLLECTION, GET_ID)
    if op == "create_record":
        return client.create_record(CREATE_COLLECTION, make_record(i))
    if op == "update_record":
        return client.update_record(COLLECTION, UPDATE_ID, make_record(i))
    return client.list_page(LIST_COLLECTION)


def _summary(samples: dict[str, list[tuple[float, float]]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, runs in samples.items():
        out[name] = {
            "cpu_us": round(median([cpu for cpu, _ in runs]) * 1e6, 1),
            "wall_ms": round(median([wall for _, wall in runs]) * 1e3, 3),
            "cpu_us_runs": [round(cpu * 1e6, 1) for cpu, _ in runs],
        }
    return out


def _ratios(op_result: dict[str, Any]) -> dict[str, float | None]:
    def cpu(name: str) -> float | None:
        entry = op_result.get(name)
        return entry["cpu_us"] if isinstance(entry, dict) else None

    return {
        "kinbase_vs_httpx": ratio(cpu("kinbase"), cpu("httpx")),
        "kinbase_vs_kinto_http": ratio(cpu("kinbase"), cpu("kinto_http")),
        "kinto_http_vs_httpx": ratio(cpu("kinto_http"), cpu("httpx")),
    }


def _open(
    factories: dict[str, Callable[[str], Any]], url: str
) -> tuple[dict[str, Any], dict[str, str]]:
    clients: dict[str, Any] = {}
    missing: dict[str, str] = {}
    for name in CLIENTS:
        try:
            clients[name] = factories[name](url)
        except NotAvailable as exc:
            missing[name] = str(exc)
        except Exception as exc:
            missing[name] = describe_error(exc)
    return clients, missing


class _Rounds:
    """Interleaved rounds of one operation over the clients: the client order rotates each
    round, a client that fails is dropped (with why), warm-up rounds are not recorded."""

    def __init__(self, clients: dict[str, Any], runs: int, warmup: int) -> None:
        self.clients = clients
        self.runs = runs
        self.warmup = warmup
        self.samples: dict[str, list[tuple[float, float]]] = {name: [] for name in clients}
        self.failed: dict[str, str] = {}

    def turns(self) -> Iterator[tuple[int, str, Any]]:
        names = list(self.clients)
        for round_ in range(self.warmup + self.runs):
            shift = round_ % len(names)
            for name in names[shift:] + names[:shift]:
                if name not in self.failed:
                    yield round_, name, self.clients[name]

    def record(self, round_: int, name: str, span: Any, ops: int) -> None:
        if round_ >= self.warmup:
            self.samples[name].append((span.cpu / ops, span.wall / ops))

    def fail(self, name: str, exc: Exception) -> None:
        self.failed[name] = describe_error(exc)

    def result(self) -> dict[str, Any]:
        samples = {k: v for k, v in self.samples.items() if k not in self.failed}
        result = _summary(samples)
        result["ratios"] = _ratios(result)
        if self.failed:
            result["n/a"] = self.failed
        return result


def run_sync(
    url: str, *, ops: int, runs: int, warmup: int, operations: tuple[str, ...] = OPS
) -> dict[str, Any]:
    clients, missing = _open(SYNC, url)
    result: dict[str, Any] = {"n/a": missing}
    try:
        for op in operations:
            rounds = _Rounds(clients, runs, warmup)
            for round_, name, client in rounds.turns():
                try:
                    with measure() as span:
                        for i in range(ops):
                            _call(client, op, i)
                except Exception as exc:
                    rounds.fail(name, exc)
                    continue
                rounds.record(round_, name, span, ops)
            result[op] = rounds.result()
    finally:
        for client in clients.values():
            client.close()
    return result


def run_async(url: str, *, ops: int, runs: int, warmup: int) -> dict[str, Any]:
    async def main() -> dict[str, Any]:
        clients, missing = _open(ASYNC, url)
        result: dict[str, Any] = {"n/a": missing}
        try:
            for op in OPS:
                rounds = _Rounds(clients, runs, warmup)
                for round_, name, client in rounds.turns():
                    try:
                        with measure() as span:
                            for i in range(ops):
                                await _call(client, op, i)
                    except Exception as exc:
                        rounds.fail(name, exc)
                        continue
                    rounds.record(round_, name, span, ops)
                result[op] = rounds.result()
        finally:
            for client in clients.values():
                await client.close()
        return result

    return asyncio.run(main())


def run(url: str, *, ops: int, runs: int, warmup: int, list_size: int) -> dict[str, Any]:
    prepare(url, list_size)
    return {
        "ops_per_run": ops,
        "runs": runs,
        "warmup_runs": warmup,
        "list_page_size": list_size,
        "sync": run_sync(url, ops=ops, runs=runs, warmup=warmup),
        "async": run_async(url, ops=ops, runs=runs, warmup=warmup),
    }


def worst(
    results_by_backend: dict[str, Any], key: str, modes: tuple[str, ...] = ("sync", "async")
) -> tuple[float | None, str]:
    """The worst (highest) kinbase ratio over operations, ``modes`` and backends, and
    where."""
    worst_value: float | None = None
    where = ""
    for backend, result in results_by_backend.items():
        for mode in modes:
            for op in OPS:
                value = result.get(mode, {}).get(op, {}).get("ratios", {}).get(key)
                if value is not None and (worst_value is None or value > worst_value):
                    worst_value, where = value, f"{backend} {mode} {op}"
    return worst_value, where
