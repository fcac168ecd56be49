"""Fixtures for the session-store tests: a private redis-server and a private PostgreSQL
cluster (started once per test session, on free loopback ports), and ``make_store``:
one test body for the four stores (Redis / PostgreSQL x sync / async).

These tests run on the default (memory) Kinto backend too: their PostgreSQL cluster is
their own, not the ``postgres_cluster`` Kinto fixture.
"""

from __future__ import annotations

import asyncio
import inspect
import itertools
import os
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from tests.servers import PostgresCluster, RedisServer, redis_server_binary

STORES = ["redis-sync", "redis-async", "postgres-sync", "postgres-async"]
_databases = itertools.count(1)


@pytest.fixture(scope="session")
def redis_server() -> Iterator[RedisServer]:
    if redis_server_binary() is None:
        message = "redis-server is not installed (make setup installs it)"
        if os.environ.get("CI"):  # CI installs it: a missing one is a broken set-up, not a skip
            pytest.fail(message)
        pytest.skip(message)
    server = RedisServer()
    try:
        server.start()
        yield server
    finally:
        server.close()


@pytest.fixture(scope="session")
def store_cluster() -> Iterator[PostgresCluster]:
    cluster = PostgresCluster()
    try:
        cluster.start()
        yield cluster
    finally:
        cluster.close()


@pytest.fixture
def store_dsn(store_cluster: PostgresCluster) -> str:
    """A new empty database of the store cluster."""
    return store_cluster.create_database(f"sessions_{next(_databases)}")


class Driver:
    """Runs a sync or async store's calls the same way: ``d.run(store.load())``."""

    def __init__(self, loop: asyncio.AbstractEventLoop | None) -> None:
        self.loop = loop

    @property
    def is_async(self) -> bool:
        return self.loop is not None

    def run(self, value: Any) -> Any:
        if inspect.isawaitable(value):
            assert self.loop is not None
            return self.loop.run_until_complete(value)
        return value


def build_store(kind: str, redis_url: str | None, dsn: str | None, **options: Any) -> Any:
    from kinbase import sessions

    backend, mode = kind.split("-")
    prefix = "Async" if mode == "async" else ""
    if backend == "redis":
        cls = getattr(sessions, f"{prefix}RedisSessionStore")
        return cls(redis_url, prefix=options.pop("prefix", "t:"), **options)
    cls = getattr(sessions, f"{prefix}PostgresSessionStore")
    return cls(dsn, **options)


@pytest.fixture(params=STORES)
def store_kind(request: pytest.FixtureRequest) -> str:
    kind: str = request.param
    return kind


@pytest.fixture
def driver(store_kind: str) -> Iterator[Driver]:
    if store_kind.endswith("async"):
        loop = asyncio.new_event_loop()
        try:
            yield Driver(loop)
        finally:
            loop.close()
    else:
        yield Driver(None)


@pytest.fixture
def make_store(
    request: pytest.FixtureRequest, store_kind: str, driver: Driver
) -> Iterator[Callable[..., Any]]:
    """``make_store(**options)``: a store of this test's kind; all share one Redis prefix
    (per test) or one database, and are closed after the test."""
    made: list[Any] = []
    if store_kind.startswith("redis"):
        redis_url = request.getfixturevalue("redis_server").url
        dsn = None
        prefix = f"t{next(_databases)}:"
    else:
        redis_url, dsn, prefix = None, request.getfixturevalue("store_dsn"), ""

    def make(**options: Any) -> Any:
        if prefix:
            options.setdefault("prefix", prefix)
        store = build_store(store_kind, redis_url, dsn, **options)
        made.append(store)
        return store

    yield make
    for store in made:
        driver.run(store.aclose() if driver.is_async else store.close())
