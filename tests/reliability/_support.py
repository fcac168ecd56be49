"""Helpers for the reliability tests: one test body for the sync and the async client,
direct (unproxied) checks of what Kinto holds, and leak counters."""

from __future__ import annotations

import asyncio
import inspect
import os
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any

import httpx
from kinbase._http.retry import RetryPolicy
from kinbase.storage import AsyncStorageClient, StorageClient

PASSWORD = "reliability-Pa55word-4242"
TIMEOUT = httpx.Timeout(30.0)

#: Retries for the fault scenarios: many quick attempts (faults are frequent, not long).
FAST_RETRY = RetryPolicy(
    max_attempts=10, backoff_base=0.02, backoff_max=1.0, max_total_seconds=30.0
)


class Runner:
    """Calls a storage client's methods; awaits them on ``loop`` when the client is async."""

    def __init__(self, client: Any, loop: asyncio.AbstractEventLoop | None) -> None:
        self.client = client
        self.loop = loop
        self.sent: list[httpx.Request] = []
        hooks = client._http.event_hooks
        if loop is None:
            hooks["request"] = [*hooks["request"], self.sent.append]
        else:

            async def record(request: httpx.Request) -> None:
                self.sent.append(request)

            hooks["request"] = [*hooks["request"], record]

    @property
    def is_async(self) -> bool:
        return self.loop is not None

    def run(self, value: Any) -> Any:
        if inspect.isawaitable(value):
            assert self.loop is not None
            return self.loop.run_until_complete(value)
        if hasattr(value, "__anext__"):
            assert self.loop is not None
            return self.loop.run_until_complete(_drain(value))
        if inspect.isgenerator(value):
            return list(value)
        return value

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self.client, name)
        if not callable(attr) or isinstance(attr, type):
            return attr

        def call(*args: Any, **kwargs: Any) -> Any:
            return self.run(attr(*args, **kwargs))

        return call

    def batch(self, **kwargs: Any) -> BatchRunner:
        return BatchRunner(self, self.client.batch(**kwargs))

    def close(self) -> None:
        self.run(self.client.close())


class BatchRunner:
    """``with runner.batch() as b:`` for ``with`` and ``async with`` alike; ``b.batch`` is
    the batch object (``results()``)."""

    def __init__(self, runner: Runner, batch: Any) -> None:
        self.runner = runner
        self.batch = batch

    def __enter__(self) -> Runner:
        entered = self.runner.run(
            self.batch.__aenter__() if self.runner.is_async else self.batch.__enter__()
        )
        inner = Runner.__new__(Runner)
        inner.client, inner.loop, inner.sent = entered, self.runner.loop, []
        return inner

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self.runner.is_async:
            self.runner.run(self.batch.__aexit__(exc_type, exc, tb))
        else:
            self.batch.__exit__(exc_type, exc, tb)


async def _drain(iterator: Any) -> list[Any]:
    return [item async for item in iterator]


def make_runner(
    mode: str, loop: asyncio.AbstractEventLoop | None, url: str, **options: Any
) -> Runner:
    cls = StorageClient if mode == "sync" else AsyncStorageClient
    return Runner(cls(url, **options), loop)


# --------------------------------------------------------------------------- the server side


def sign_up(kinto_url: str, name: str = "admin") -> tuple[str, str]:
    """An account on Kinto (directly, not through any proxy): ``(user, password)``."""
    response = httpx.put(
        f"{kinto_url}/accounts/{name}",
        json={"data": {"password": PASSWORD}},
        trust_env=False,
        timeout=TIMEOUT,
    )
    assert response.status_code == 201, response.text
    return name, PASSWORD


def setup_collection(
    kinto_url: str, auth: tuple[str, str], bucket: str = "b", coll: str = "c"
) -> None:
    with httpx.Client(trust_env=False, timeout=TIMEOUT, auth=auth) as http:
        for url in (
            f"{kinto_url}/buckets/{bucket}",
            f"{kinto_url}/buckets/{bucket}/collections/{coll}",
        ):
            response = http.put(url, headers={"If-None-Match": "*"})
            assert response.status_code in (201, 412), response.text


@dataclass
class Census:
    """What the server holds in one collection, read directly (every page)."""

    ids: list[str] = field(default_factory=list)
    numbers: list[int] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.ids)

    @property
    def duplicated(self) -> int:
        """Records beyond the first with the same ``n`` (a create applied twice), plus
        repeated ids (which Kinto cannot have, but we check rather than assume)."""
        by_n = Counter(self.numbers)
        by_id = Counter(self.ids)
        return sum(c - 1 for c in by_n.values() if c > 1) + sum(
            c - 1 for c in by_id.values() if c > 1
        )

    def missing(self, expected: range | set[int]) -> set[int]:
        return set(expected) - set(self.numbers)


class Bearer(httpx.Auth):
    def __init__(self, token: str) -> None:
        self.token = token

    def auth_flow(self, request: httpx.Request) -> Iterator[httpx.Request]:
        request.headers["Authorization"] = f"Bearer {self.token}"
        yield request


def census(
    kinto_url: str, auth: tuple[str, str] | httpx.Auth, bucket: str = "b", coll: str = "c"
) -> Census:
    result = Census()
    url: str | None = f"{kinto_url}/buckets/{bucket}/collections/{coll}/records?_fields=n"
    with httpx.Client(trust_env=False, timeout=TIMEOUT, auth=auth) as http:
        while url:
            response = http.get(url)
            assert response.status_code == 200, response.text
            for record in response.json()["data"]:
                result.ids.append(record["id"])
                result.numbers.append(record.get("n", -1))
            url = response.headers.get("Next-Page")
    return result


# --------------------------------------------------------------------------- leaks


def open_sockets() -> int:
    """Sockets this process has open (``/proc/self/fd`` entries that are sockets)."""
    count = 0
    for name in os.listdir("/proc/self/fd"):
        try:
            if os.readlink(f"/proc/self/fd/{name}").startswith("socket:"):
                count += 1
        except OSError:  # closed while listing (the listing's own fd, for one)
            continue
    return count


def rows(count: int) -> Iterator[dict[str, Any]]:
    for n in range(count):
        yield {"n": n, "title": f"record {n}"}
