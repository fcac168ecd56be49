"""Helpers for the reliability tests: one test body for the sync and the async client,
direct (unproxied) checks of what Kinto holds, and leak counters."""

from __future__ import annotations

import asyncio
import os
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx
from kinbase._http.retry import RetryPolicy
from kinbase.storage import AsyncStorageClient, StorageClient

from tests.runner import Runner

PASSWORD = "reliability-Pa55word-4242"
TIMEOUT = httpx.Timeout(30.0)

#: Retries for the fault scenarios: many quick attempts (faults are frequent, not long).
FAST_RETRY = RetryPolicy(
    max_attempts=10, backoff_base=0.02, backoff_max=1.0, max_total_seconds=30.0
)


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
