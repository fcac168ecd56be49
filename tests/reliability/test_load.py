"""Load: 200 asyncio tasks on one AsyncStorageClient and 16 threads on one StorageClient, at
the same time, for a bounded time. Only server answers may fail calls; each client's pool
stays within its limit; afterwards no socket, thread or task is left behind (counted)."""

from __future__ import annotations

import asyncio
import gc
import threading
import time
from collections import Counter
from typing import Any

import attrs
import httpx
import pytest
from kinbase.errors import APIError
from kinbase.storage import AsyncStorageClient, StorageClient

from tests.faultproxy.fixtures import FaultProxyFactory
from tests.servers import KintoServer

from ._support import FAST_RETRY, census, open_sockets, setup_collection, sign_up
from .conftest import Figures

pytestmark = pytest.mark.faults

TASKS = 200
THREADS = 16
SECONDS = 3.0
ASYNC_POOL = 24
SYNC_POOL = 8


class Tally:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.ops = 0
        self.created: set[str] = set()
        self.deleted: set[str] = set()
        self.server_errors: list[APIError] = []
        self.other_errors: list[BaseException] = []

    def ok(self, n: int) -> None:
        with self.lock:
            self.ops += n

    def failed(self, exc: BaseException) -> None:
        with self.lock:
            if isinstance(exc, APIError):
                self.server_errors.append(exc)
            else:
                self.other_errors.append(exc)


async def _async_worker(
    client: AsyncStorageClient, worker: int, deadline: float, tally: Tally
) -> None:
    n = 0
    while time.monotonic() < deadline:
        n += 1
        try:
            record = await client.create_record(id=f"a{worker}-{n}", data={"w": worker, "n": n})
            data = record["data"]
            tally.created.add(data["id"])
            await client.get_record(id=data["id"])
            await client.patch_record(
                id=data["id"], data={"seen": True}, if_match=data["last_modified"]
            )
            await client.get_records(_limit=5)
            await client.delete_record(id=data["id"])
            tally.deleted.add(data["id"])
            tally.ok(5)
        except Exception as exc:
            tally.failed(exc)


def _sync_worker(client: StorageClient, worker: int, deadline: float, tally: Tally) -> None:
    n = 0
    while time.monotonic() < deadline:
        n += 1
        try:
            record = client.create_record(id=f"s{worker}-{n}", data={"w": worker, "n": n})
            data = record["data"]
            tally.created.add(data["id"])
            client.update_record(id=data["id"], data={**data, "seen": True})
            for _ in client.iter_records(_limit=5):
                break
            client.delete_record(id=data["id"])
            tally.deleted.add(data["id"])
            tally.ok(4)
        except Exception as exc:
            tally.failed(exc)


class PoolWatch(threading.Thread):
    """Samples how many connections each client's httpcore pool holds (every 2 ms)."""

    def __init__(self, *clients: Any) -> None:
        super().__init__(name="pool-watch", daemon=True)
        # client -> its RetryTransport -> its Connections (the httpx transports' pools)
        self.pools = [client._http._transport._transport for client in clients]
        self.peaks = [0] * len(clients)
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.wait(0.002):
            for index, pool in enumerate(self.pools):
                self.peaks[index] = max(self.peaks[index], pool.connection_count())


def test_200_tasks_and_16_threads_on_one_client_each(
    kinto: KintoServer, fault_proxy: FaultProxyFactory, figures: Figures
) -> None:
    auth = sign_up(kinto.url)
    setup_collection(kinto.url, auth)
    gc.collect()
    sockets_before = open_sockets()
    threads_before = set(threading.enumerate())

    # One proxy per client: its peak of open client connections is that client's pool.
    async_proxy = fault_proxy(kinto.url, max_upstream_connections=24)
    sync_proxy = fault_proxy(kinto.url, max_upstream_connections=12)
    # backoff_max 4 s: Kinto on PostgreSQL answers transaction conflicts with 409 and
    # Retry-After: 3, to be honoured rather than given up on.
    retry = attrs.evolve(FAST_RETRY, backoff_max=4.0)
    options: dict[str, Any] = {"auth": auth, "bucket": "b", "collection": "c", "retry": retry}
    aclient = AsyncStorageClient(
        async_proxy.url, limits=httpx.Limits(max_connections=ASYNC_POOL), **options
    )
    sclient = StorageClient(
        sync_proxy.url, limits=httpx.Limits(max_connections=SYNC_POOL), **options
    )
    tally = Tally()
    watch = PoolWatch(aclient, sclient)
    watch.start()
    loop = asyncio.new_event_loop()
    leftover_tasks: set[asyncio.Task[Any]] = set()
    started = time.monotonic()
    deadline = started + SECONDS
    try:
        threads = [
            threading.Thread(
                target=_sync_worker, args=(sclient, w, deadline, tally), name=f"load-{w}"
            )
            for w in range(THREADS)
        ]
        for thread in threads:
            thread.start()

        async def run_tasks() -> None:
            async with asyncio.timeout(SECONDS + 60):
                await asyncio.gather(
                    *(_async_worker(aclient, w, deadline, tally) for w in range(TASKS))
                )
            await aclient.aclose()
            current = asyncio.current_task()
            leftover_tasks.update(t for t in asyncio.all_tasks() if t is not current)

        loop.run_until_complete(run_tasks())
        for thread in threads:
            thread.join(60)
        assert not any(thread.is_alive() for thread in threads)
        sclient.close()
    finally:
        loop.run_until_complete(loop.shutdown_asyncgens())
        loop.close()
    elapsed = time.monotonic() - started
    watch.done.set()
    watch.join(5)
    pools = tuple(watch.peaks)
    peaks = (async_proxy.stats.peak_connections, sync_proxy.stats.peak_connections)
    requests = async_proxy.stats.requests + sync_proxy.stats.requests
    async_proxy.stop()
    sync_proxy.stop()
    gc.collect()
    sockets_after = open_sockets()
    threads_after = set(threading.enumerate()) - threads_before
    figures.record(
        "load",
        tasks=TASKS,
        threads=THREADS,
        seconds=round(elapsed, 1),
        operations=tally.ops,
        requests=requests,
        server_errors=dict(
            Counter(f"{type(e).__name__} {e.status_code}" for e in tally.server_errors)
        ),
        other_errors=len(tally.other_errors),
        peak_pool={"async": pools[0], "sync": pools[1]},
        peak_connections_at_proxy={"async": peaks[0], "sync": peaks[1]},
        pool_limits={"async": ASYNC_POOL, "sync": SYNC_POOL},
        leaked_sockets=sockets_after - sockets_before,
        leaked_threads=len(threads_after),
        leaked_tasks=len(leftover_tasks),
    )
    assert tally.other_errors == [], tally.other_errors[:3]
    assert tally.ops > TASKS  # every worker got work done
    # The pools never held more connections than their limit; the proxies saw as many
    # (one more at most: a connection the client closed, not yet seen closed there).
    assert 1 <= pools[0] <= ASYNC_POOL and 1 <= pools[1] <= SYNC_POOL, pools
    assert peaks[0] <= ASYNC_POOL + 1 and peaks[1] <= SYNC_POOL + 1, peaks
    assert elapsed < SECONDS + 30  # bounded: workers stop at the deadline
    assert leftover_tasks == set()
    assert threads_after == set(), threads_after
    assert sockets_after <= sockets_before, (sockets_before, sockets_after)
    # The server holds exactly what the clients said they created and did not delete.
    assert set(census(kinto.url, auth).ids) == tally.created - tally.deleted
