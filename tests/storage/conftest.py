"""Fixtures running each storage test body with the sync AND the async client.

``kb`` is a :class:`Runner` around a ``StorageClient`` or an ``AsyncStorageClient`` (the
``mode`` parameter): its methods look synchronous; for the async client they are awaited on
a private event loop, and async iterators are drained into lists. ``kb.stream(name, ...)``
returns the raw iterator adapter for streaming tests; ``with kb.batch() as b`` drives both
``with`` and ``async with``.
"""

from __future__ import annotations

import asyncio
import inspect
import uuid
from collections.abc import Callable, Iterator
from types import TracebackType
from typing import Any

import httpx
import pytest
from kinbase.storage import AsyncStorageClient, StorageClient

from tests.servers import KintoServer

PASSWORD = "s3cret-pass-phrase"


class Runner:
    """Calls a client's methods; awaits them (on ``loop``) when the client is async."""

    def __init__(self, client: Any, loop: asyncio.AbstractEventLoop | None) -> None:
        self.client = client
        self.loop = loop
        self.requests: list[httpx.Request] = []
        hooks = client._http.event_hooks
        if loop is None:
            hooks["request"] = [*hooks["request"], self.requests.append]
        else:

            async def record(request: httpx.Request) -> None:
                self.requests.append(request)

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

    def stream(self, name: str, *args: Any, **kwargs: Any) -> Iterator[Any]:
        """A blocking iterator over ``client.<name>(...)`` (sync or async iterator)."""
        iterator = getattr(self.client, name)(*args, **kwargs)
        if self.loop is None:
            yield from iterator
            return
        while True:
            try:
                yield self.loop.run_until_complete(iterator.__anext__())
            except StopAsyncIteration:
                return

    def batch(self, **kwargs: Any) -> BatchRunner:
        return BatchRunner(self, self.client.batch(**kwargs))

    def clone(self, **kwargs: Any) -> Runner:
        return Runner(self.client.clone(**kwargs), self.loop)

    def close(self) -> None:
        self.run(self.client.close())


class BatchRunner:
    def __init__(self, runner: Runner, batch: Any) -> None:
        self.runner = runner
        self.batch = batch

    def __enter__(self) -> Runner:
        entered = self.runner.run(
            self.batch.__aenter__() if self.runner.is_async else self.batch.__enter__()
        )
        inner = Runner.__new__(Runner)
        inner.client, inner.loop, inner.requests = entered, self.runner.loop, []
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


@pytest.fixture(params=["sync", "async"])
def mode(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def loop(mode: str) -> Iterator[asyncio.AbstractEventLoop | None]:
    if mode == "sync":
        yield None
        return
    event_loop = asyncio.new_event_loop()
    yield event_loop
    event_loop.close()


def sign_up(server_url: str, name: str | None = None) -> tuple[str, str]:
    """Create an account on the server; return ``(user, password)``."""
    name = name or f"user-{uuid.uuid4().hex[:8]}"
    response = httpx.put(
        f"{server_url}/accounts/{name}",
        json={"data": {"password": PASSWORD}},
        trust_env=False,
    )
    assert response.status_code == 201, response.text
    return name, PASSWORD


MakeClient = Callable[..., Runner]


@pytest.fixture
def make_client(mode: str, loop: asyncio.AbstractEventLoop | None) -> Iterator[MakeClient]:
    """``make_client(server_url, **options)``: a Runner around a new sync or async client."""
    runners: list[Runner] = []

    def make(server_url: str, **options: Any) -> Runner:
        options.setdefault("retry", 0)
        cls = StorageClient if mode == "sync" else AsyncStorageClient
        runner = Runner(cls(server_url, **options), loop)
        runners.append(runner)
        return runner

    yield make
    for runner in runners:
        runner.close()


@pytest.fixture
def credentials(kinto: KintoServer) -> tuple[str, str]:
    return sign_up(kinto.url, "alice")


@pytest.fixture
def kb(kinto: KintoServer, make_client: MakeClient, credentials: tuple[str, str]) -> Runner:
    """A client signed in as ``alice`` with default bucket ``b`` and collection ``c``."""
    return make_client(kinto.url, auth=credentials, bucket="b", collection="c")


@pytest.fixture
def kbc(kb: Runner) -> Runner:
    """``kb`` with bucket ``b`` and collection ``c`` created."""
    kb.create_bucket(id="b")
    kb.create_collection(id="c")
    return kb
