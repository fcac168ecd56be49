"""2. Bulk import: N records created through ``POST /batch`` (chunks of the server's
``batch_max_requests``, 25 by default), every client into the same collection.

Variants (each one imports N records in all, split into ``rounds`` equal rounds that are
interleaved across variants, the order rotating each round; the figure is the median of
the rounds' throughputs, records per wall second):

- ``kinto_http``: ``with client.batch() as b: b.create_record(data=...)``
- ``kinbase``: ``with client.batch() as b: b.create_record(data=...)``
- ``kinbase_async``: ``async with client.batch(concurrency=C) as b: await b.create_record(...)``
  (one client and event loop for all rounds, as an application keeps its client: on
  PostgreSQL, where concurrent chunks into one collection conflict, the client learns it in
  the warm-up round and sends later batches into that collection one chunk at a time)
- ``httpx``: the same ``POST /batch`` bodies built by hand, one chunk after another
- ``httpx_concurrent``: the same, C chunks in flight at once: the server's ceiling for
  concurrent batches (what ``kinbase_async`` could reach at best); a chunk Kinto rolled
  back with 409 is resent after 10 ms, ignoring the server's ``Retry-After``

Every sub-request is what kinto-http sends for ``create_record(data=...)``: ``PUT`` of a new
UUID with ``If-None-Match: *``. The collection is then used by the streaming benchmark.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Callable
from typing import Any

import httpx

from bench.clients import TIMEOUT, kinbase_module
from bench.common import NotAvailable, describe_error, make_record, median, ratio
from bench.servers import BUCKET, PASSWORD, USER

COLLECTION = "import"
VARIANTS = ("kinto_http", "kinbase", "kinbase_async", "httpx", "httpx_concurrent")


def _path(collection: str) -> str:
    return f"/buckets/{BUCKET}/collections/{collection}/records"


class _Counter:
    def __init__(self) -> None:
        self.next = 0

    def take(self, n: int) -> range:
        start = self.next
        self.next += n
        return range(start, start + n)


def _chunks(indexes: range, size: int, collection: str) -> list[dict[str, Any]]:
    path = _path(collection)
    bodies = []
    items = list(indexes)
    for start in range(0, len(items), size):
        bodies.append(
            {
                "requests": [
                    {
                        "method": "PUT",
                        "path": f"{path}/{uuid.uuid4()}",
                        "headers": {"If-None-Match": "*"},
                        "body": {"data": make_record(i)},
                    }
                    for i in items[start : start + size]
                ]
            }
        )
    return bodies


MAX_ATTEMPTS = 20


def _vetoed(response: httpx.Response, *, resend: bool = False) -> bool:
    """True when Kinto rolled the chunk back because of a 409 (PostgreSQL: two transactions
    writing the same collection took the same timestamp; "please retry"). Any other
    failure raises."""
    response.raise_for_status()
    statuses = [sub["status"] for sub in response.json()["responses"]]
    if 409 in statuses:
        return True
    for sub in response.json()["responses"]:
        if sub["status"] >= 400 and not (resend and sub["status"] == 412):
            raise RuntimeError(f"batch sub-request failed: {sub['status']} {sub['body']}")
    return False


def _check(response: httpx.Response) -> None:
    if _vetoed(response):
        raise RuntimeError("batch chunk rolled back (409)")


class Importers:
    def __init__(self, url: str, concurrency: int, batch_size: int) -> None:
        self.url = url
        self.concurrency = concurrency
        self.batch_size = batch_size
        import kinto_http

        self.kinto_http = kinto_http.Client(
            server_url=url, auth=(USER, PASSWORD), bucket=BUCKET, timeout=TIMEOUT
        )
        self.http = httpx.Client(auth=(USER, PASSWORD), timeout=TIMEOUT)
        self.kinbase: Any = None
        self.kinbase_async: Any = None
        self.missing: dict[str, str] = {}
        self.resent = 0  # chunks httpx_concurrent had to send again after a 409 veto
        self._loop: asyncio.AbstractEventLoop | None = None
        self._async_client: Any = None
        try:
            kinbase = kinbase_module()
            self.kinbase = kinbase.StorageClient(
                url, auth=(USER, PASSWORD), bucket=BUCKET, timeout=TIMEOUT
            )
            self._kinbase = kinbase
        except NotAvailable as exc:
            self.missing["kinbase"] = self.missing["kinbase_async"] = str(exc)

    # each returns when the records are stored

    def run_kinto_http(self, indexes: range, collection: str) -> None:
        with self.kinto_http.batch(collection=collection) as batch:
            for i in indexes:
                batch.create_record(data=make_record(i))

    def run_kinbase(self, indexes: range, collection: str) -> None:
        with self.kinbase.batch(collection=collection) as batch:
            for i in indexes:
                batch.create_record(data=make_record(i))

    def run_kinbase_async(self, indexes: range, collection: str) -> None:
        # One event loop and one client for every round, as an application keeps its
        # client (connections, server settings and what it learned about the server).
        if self._loop is None:
            self._loop = asyncio.new_event_loop()
            self._async_client = self._kinbase.AsyncStorageClient(
                self.url, auth=(USER, PASSWORD), bucket=BUCKET, timeout=TIMEOUT
            )
        client = self._async_client

        async def main() -> None:
            await client.server_info()  # what a warm client has cached already
            began = time.perf_counter()
            async with client.batch(collection=collection, concurrency=self.concurrency) as b:
                for i in indexes:
                    await b.create_record(data=make_record(i))
            self._async_elapsed = time.perf_counter() - began

        self._loop.run_until_complete(main())

    def run_httpx(self, indexes: range, collection: str) -> None:
        for body in _chunks(indexes, self.batch_size, collection):
            _check(self.http.post(f"{self.url}/batch", json=body))

    def run_httpx_concurrent(self, indexes: range, collection: str) -> None:
        async def main() -> None:
            async with httpx.AsyncClient(auth=(USER, PASSWORD), timeout=TIMEOUT) as http:
                await http.get(f"{self.url}/")  # connect + authenticate first, like the others
                began = time.perf_counter()
                bodies = _chunks(indexes, self.batch_size, collection)
                semaphore = asyncio.Semaphore(self.concurrency)

                async def send(body: dict[str, Any]) -> None:
                    async with semaphore:
                        # a chunk vetoed by a 409: send it again; on a resend, a 412 on our
                        # own new id means that sub-request was committed the first time
                        for attempt in range(MAX_ATTEMPTS):
                            response = await http.post(f"{self.url}/batch", json=body)
                            if not _vetoed(response, resend=attempt > 0):
                                return
                            self.resent += 1
                            await asyncio.sleep(0.01)
                        raise RuntimeError(f"chunk still vetoed after {MAX_ATTEMPTS} attempts")

                await asyncio.gather(*(send(body) for body in bodies))
                self._async_elapsed = time.perf_counter() - began

        asyncio.run(main())

    def close(self) -> None:
        self.http.close()
        if self._loop is not None:
            self._loop.run_until_complete(self._async_client.aclose())
            self._loop.close()
        if self.kinbase is not None:
            self.kinbase.close()


def ensure_collection(url: str) -> dict[str, Any]:
    """Create the import collections (if needed); returns the server's settings."""
    with httpx.Client(auth=(USER, PASSWORD), timeout=60) as http:
        for name in (COLLECTION, f"{COLLECTION}-warmup"):
            response = http.put(f"{url}/buckets/{BUCKET}/collections/{name}", json={"data": {}})
            response.raise_for_status()
        settings: dict[str, Any] = http.get(f"{url}/").json()["settings"]
    return settings


def run(
    url: str,
    *,
    records: int,
    rounds: int,
    concurrency: int,
    warmup: int,
    reset: Callable[[], None] | None = None,
) -> dict[str, Any]:
    """``reset``: called before each client's round (empties the server: see servers.py)."""
    settings = ensure_collection(url)
    batch_size = int(settings.get("batch_max_requests", 25))
    importers = Importers(url, concurrency, batch_size)
    counter = _Counter()
    per_round = records // rounds
    samples: dict[str, list[tuple[float, float]]] = {name: [] for name in VARIANTS}
    failed: dict[str, str] = dict(importers.missing)
    try:
        for round_ in range(-warmup, rounds):
            names = list(VARIANTS)
            shift = round_ % len(names)
            names = names[shift:] + names[:shift]
            for name in names:
                if name in failed:
                    continue
                # warm-up rounds: a few chunks into another collection
                collection = COLLECTION if round_ >= 0 else f"{COLLECTION}-warmup"
                count = per_round if round_ >= 0 else batch_size * 2
                indexes = counter.take(count)
                importers._async_elapsed = None  # type: ignore[attr-defined]
                if reset is not None:
                    reset()
                    ensure_collection(url)
                try:
                    cpu0, wall0 = time.process_time(), time.perf_counter()
                    getattr(importers, f"run_{name}")(indexes, collection)
                    wall = time.perf_counter() - wall0
                    cpu = time.process_time() - cpu0
                except Exception as exc:
                    failed[name] = describe_error(exc)
                    time.sleep(2)  # let the server finish what the failed variant left in flight
                    continue
                # async variants: the time inside the event loop, not the loop's start-up
                wall = importers._async_elapsed or wall  # type: ignore[attr-defined]
                if round_ >= 0:
                    samples[name].append((count / wall, cpu / count))
    finally:
        importers.close()
    result: dict[str, Any] = {
        "records_per_client": per_round * rounds,
        "rounds": rounds,
        "batch_max_requests": batch_size,
        "concurrency": concurrency,
        "server_emptied_before_each_round": reset is not None,
        "httpx_concurrent_chunks_resent_after_409": importers.resent,
        "n/a": failed,
    }
    for name, runs in samples.items():
        if name in failed or not runs:
            result[name] = None
            continue
        result[name] = {
            "records_per_s": round(median([r for r, _ in runs]), 1),
            "client_cpu_us_per_record": round(median([c for _, c in runs]) * 1e6, 1),
            "records_per_s_runs": [round(r, 1) for r, _ in runs],
        }

    def rate(name: str) -> float | None:
        entry = result.get(name)
        return entry["records_per_s"] if entry else None

    result["ratios"] = {
        "kinbase_sync_vs_kinto_http": ratio(rate("kinbase"), rate("kinto_http")),
        "kinbase_async_vs_kinto_http": ratio(rate("kinbase_async"), rate("kinto_http")),
        "httpx_vs_kinto_http": ratio(rate("httpx"), rate("kinto_http")),
        "server_ceiling_vs_kinto_http": ratio(rate("httpx_concurrent"), rate("kinto_http")),
        "kinbase_async_vs_ceiling": ratio(rate("kinbase_async"), rate("httpx_concurrent")),
    }
    return result
