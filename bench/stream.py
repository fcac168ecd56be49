"""3. Streaming N records out of one collection.

Pages: the server's ``paginate_by`` (10,000 here) for kinto-http and httpx; kinbase's
``iter_records`` asks for pages of ``ITER_PAGE_SIZE`` (5,000) unless given ``_limit``, which
is part of what is measured: its default, as a user gets it.

Clients, each consuming every record (count them, sum a field) and keeping none:

- ``kinto_http``: ``client.get_records()``: every page into one list, then iterate it
- ``kinbase``: ``for r in client.iter_records()``: one page in memory at a time
- ``kinbase_async``: ``async for r in client.iter_records()``
- ``httpx``: follow ``Next-Page`` by hand, ``.json()`` each page, iterate it

Throughput: records per wall second, median of ``runs`` interleaved runs after a warm-up.
Memory: **tracemalloc** peak of Python allocations during one run, minus what was allocated
before it (a separate run: tracemalloc slows allocation-heavy code several times, so
throughput runs are made without it). RSS is not used: the allocator keeps freed pages.
"""

from __future__ import annotations

import asyncio
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

import httpx

from bench.clients import TIMEOUT, kinbase_module
from bench.common import NotAvailable, describe_error, make_record, median, ratio
from bench.servers import BUCKET, PASSWORD, USER, Kinto

CLIENTS = ("kinto_http", "kinbase", "kinbase_async", "httpx")


def count(url: str, collection: str) -> int:
    with httpx.Client(auth=(USER, PASSWORD), timeout=TIMEOUT) as http:
        response = http.head(f"{url}/buckets/{BUCKET}/collections/{collection}/records")
        response.raise_for_status()
        return int(response.headers["Total-Records"])


def fill(kinto: Kinto, collection: str, total: int) -> int:
    """Top the collection up to ``total`` records; returns how many were added.

    PostgreSQL: one ``INSERT ... SELECT generate_series`` into Kinto's ``objects`` table
    (Kinto's own trigger sets the timestamps); memory: concurrent ``POST /batch``.
    """
    missing = total - count(kinto.url, collection)
    if missing <= 0:
        return 0
    if kinto.cluster is not None and kinto.dbname is not None:
        parent = f"/buckets/{BUCKET}/collections/{collection}"
        kinto.cluster.psql(
            "INSERT INTO objects (id, parent_id, resource_name, data, deleted) "
            f"SELECT 'seed-' || g, '{parent}', 'record', "
            "jsonb_build_object('title', 'record number ' || g, 'n', g, 'done', g % 2 = 0, "
            "'score', g * 0.25, 'tags', jsonb_build_array('bench', 't' || (g % 7))), false "
            f"FROM generate_series(1, {missing}) AS g",
            dbname=kinto.dbname,
        )
        return missing
    path = f"/buckets/{BUCKET}/collections/{collection}/records"

    async def main() -> None:
        async with httpx.AsyncClient(auth=(USER, PASSWORD), timeout=TIMEOUT) as http:
            semaphore = asyncio.Semaphore(4)

            async def send(start: int) -> None:
                body = {
                    "requests": [
                        {
                            "method": "PUT",
                            "path": f"{path}/seed-{i}",
                            "body": {"data": make_record(i)},
                        }
                        for i in range(start, min(start + 25, missing))
                    ]
                }
                async with semaphore:
                    (await http.post(f"{kinto.url}/batch", json=body)).raise_for_status()

            await asyncio.gather(*(send(start) for start in range(0, missing, 25)))

    asyncio.run(main())
    return missing


def _consume(records: Any) -> tuple[int, int]:
    n = total = 0
    for record in records:
        n += 1
        total += record["n"]
    return n, total


class Streamers:
    def __init__(self, url: str, collection: str) -> None:
        import kinto_http

        self.url = url
        self.collection = collection
        self.kinto_http = kinto_http.Client(
            server_url=url, auth=(USER, PASSWORD), bucket=BUCKET, timeout=TIMEOUT
        )
        self.http = httpx.Client(auth=(USER, PASSWORD), timeout=TIMEOUT)
        self.missing: dict[str, str] = {}
        self.kinbase: Any = None
        try:
            self._kinbase = kinbase_module()
            self.kinbase = self._kinbase.StorageClient(
                url, auth=(USER, PASSWORD), bucket=BUCKET, timeout=TIMEOUT
            )
            if not hasattr(self.kinbase, "iter_records"):
                raise NotAvailable("kinbase.StorageClient has no iter_records yet")
        except NotAvailable as exc:
            self.missing["kinbase"] = self.missing["kinbase_async"] = str(exc)

    def run_kinto_http(self) -> tuple[int, int]:
        return _consume(self.kinto_http.get_records(collection=self.collection))

    def run_kinbase(self) -> tuple[int, int]:
        return _consume(self.kinbase.iter_records(collection=self.collection))

    def run_kinbase_async(self) -> tuple[int, int]:
        async def main() -> tuple[int, int]:
            client = self._kinbase.AsyncStorageClient(
                self.url, auth=(USER, PASSWORD), bucket=BUCKET, timeout=TIMEOUT
            )
            async with client:
                n = total = 0
                async for record in client.iter_records(collection=self.collection):
                    n += 1
                    total += record["n"]
                return n, total

        return asyncio.run(main())

    def run_httpx(self) -> tuple[int, int]:
        n = total = 0
        url: str | None = f"{self.url}/buckets/{BUCKET}/collections/{self.collection}/records"
        while url:
            response = self.http.get(url)
            response.raise_for_status()
            page_n, page_total = _consume(response.json()["data"])
            n, total = n + page_n, total + page_total
            url = response.headers.get("Next-Page")
        return n, total

    def close(self) -> None:
        self.http.close()
        if self.kinbase is not None:
            self.kinbase.close()


def _peak_growth(job: Callable[[], tuple[int, int]]) -> tuple[int, tuple[int, int]]:
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        tracemalloc.reset_peak()
        outcome = job()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return peak - before, outcome


def run(kinto: Kinto, collection: str, *, records: int, runs: int, warmup: int) -> dict[str, Any]:
    began = time.perf_counter()
    added = fill(kinto, collection, records)
    fill_seconds = time.perf_counter() - began
    expected = count(kinto.url, collection)
    streamers = Streamers(kinto.url, collection)
    failed: dict[str, str] = dict(streamers.missing)
    rates: dict[str, list[float]] = {name: [] for name in CLIENTS}
    cpu_per_record: dict[str, list[float]] = {name: [] for name in CLIENTS}
    memory: dict[str, int] = {}
    try:
        for round_ in range(-warmup, runs + 1):
            names = list(CLIENTS)
            shift = round_ % len(names)
            names = names[shift:] + names[:shift]
            for name in names:
                if name in failed:
                    continue
                job = getattr(streamers, f"run_{name}")
                try:
                    if round_ == runs:  # the last round measures memory
                        memory[name], (n, _) = _peak_growth(job)
                    else:
                        cpu0, wall0 = time.process_time(), time.perf_counter()
                        n, _ = job()
                        wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
                        if round_ >= 0:
                            rates[name].append(n / wall)
                            cpu_per_record[name].append(cpu / n)
                    if n != expected:
                        raise RuntimeError(f"streamed {n} records, expected {expected}")
                except Exception as exc:
                    failed[name] = describe_error(exc)
    finally:
        streamers.close()
    result: dict[str, Any] = {
        "records": expected,
        "page_size": min(expected, 10000),
        "runs": runs,
        "memory_measure": "tracemalloc peak growth (Python allocations), one run per client",
        "seeded_records": added,
        "seed_seconds": round(fill_seconds, 2),
        "n/a": failed,
    }
    for name in CLIENTS:
        if name in failed or not rates[name]:
            result[name] = None
            continue
        result[name] = {
            "records_per_s": round(median(rates[name])),
            "client_cpu_us_per_record": round(median(cpu_per_record[name]) * 1e6, 2),
            "peak_memory_growth_mb": round(memory[name] / 2**20, 2) if name in memory else None,
            "records_per_s_runs": [round(r) for r in rates[name]],
        }

    def get(name: str, key: str) -> float | None:
        entry = result.get(name)
        return entry[key] if entry else None

    result["ratios"] = {
        "kinbase_memory_vs_kinto_http": ratio(
            get("kinbase", "peak_memory_growth_mb"), get("kinto_http", "peak_memory_growth_mb")
        ),
        "kinbase_throughput_vs_kinto_http": ratio(
            get("kinbase", "records_per_s"), get("kinto_http", "records_per_s")
        ),
        "kinbase_async_memory_vs_kinto_http": ratio(
            get("kinbase_async", "peak_memory_growth_mb"),
            get("kinto_http", "peak_memory_growth_mb"),
        ),
        "kinbase_async_throughput_vs_kinto_http": ratio(
            get("kinbase_async", "records_per_s"), get("kinto_http", "records_per_s")
        ),
        "httpx_memory_vs_kinto_http": ratio(
            get("httpx", "peak_memory_growth_mb"), get("kinto_http", "peak_memory_growth_mb")
        ),
    }
    return result
