"""One test body for the sync and the async storage client.

``Runner`` wraps a ``StorageClient`` or an ``AsyncStorageClient``: its methods look
synchronous; for the async client they are awaited on the test's private event loop, and
async iterators are drained into lists. ``runner.requests`` records what was sent (an
httpx event hook). ``with runner.batch() as b`` drives both ``with`` and ``async with``.
The ``mode`` (sync/async) and ``loop`` fixtures are imported by the conftests that use them.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import inspect
import warnings
from collections.abc import Iterator
from types import TracebackType
from typing import Any

import httpx
import pytest

__all__ = ["BatchRunner", "Runner", "loop", "mode", "no_resource_warnings"]


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
        self.run(self.client.aclose() if self.is_async else self.client.close())


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
    try:
        yield event_loop
    finally:
        event_loop.run_until_complete(event_loop.shutdown_asyncgens())
        event_loop.close()


@contextlib.contextmanager
def no_resource_warnings() -> Iterator[None]:
    """Fail if anything opened inside the block is collected unclosed ("unclosed
    transport", "unclosed <socket...>": a connection pool dropped without closing)."""
    gc.collect()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ResourceWarning)
        yield
        gc.collect()
    leaked = [str(w.message) for w in caught if issubclass(w.category, ResourceWarning)]
    assert leaked == []
