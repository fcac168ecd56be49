"""A client made by a module-scoped async fixture, used by tests on other event loops
(issue 14, item 4), against the real Kinto.

What pytest-asyncio does with ``@pytest_asyncio.fixture(scope="module",
loop_scope="module")`` and tests of the default (function) loop scope, spelled out: the
fixture runs on a loop of its own that stays open, idle, between the tests; each test runs
on a new loop. The client must work on every one of them, leave the fixture loop's
connection to the fixture loop (never take it over from another loop), and close
everything at teardown without a warning.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from kinbase.storage import AsyncStorageClient

from tests.runner import no_resource_warnings
from tests.servers import KintoServer
from tests.storage.conftest import sign_up


class Shared:
    """The module's client, the loop of its fixture and, per loop, the local ports of the
    connections its responses came on."""

    def __init__(self, url: str, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop
        self.ports: dict[int, set[int]] = {}
        self.client = AsyncStorageClient(
            url,
            auth=sign_up(url),
            bucket="shared",
            collection="c",
            retry=0,
            event_hooks={"response": [self._record]},
        )

    async def _record(self, response: httpx.Response) -> None:
        stream = response.extensions.get("network_stream")
        if stream is not None:
            port = stream.get_extra_info("client_addr")[1]
            self.ports.setdefault(id(asyncio.get_running_loop()), set()).add(port)

    def on_fixture_loop(self, awaitable: Any) -> Any:
        return self.loop.run_until_complete(awaitable)


@pytest.fixture(scope="module")
def shared(kinto_server: KintoServer) -> Iterator[Shared]:
    with no_resource_warnings():
        kinto_server.flush()
        loop = asyncio.new_event_loop()
        shared = Shared(kinto_server.url, loop)
        shared.on_fixture_loop(shared.client.create_bucket(id="shared"))
        shared.on_fixture_loop(shared.client.create_collection(id="c"))
        yield shared
        shared.on_fixture_loop(shared.client.aclose())
        loop.run_until_complete(loop.shutdown_asyncgens())
        loop.close()


def test_a_test_on_its_own_loop_uses_the_fixtures_client(shared: Shared) -> None:
    async def test_body() -> list[int]:
        await shared.client.create_record(data={"n": 1})
        return [record["n"] for record in await shared.client.get_records()]

    assert asyncio.run(test_body()) == [1]


def test_another_test_on_another_loop_too(shared: Shared) -> None:
    loop = asyncio.new_event_loop()
    try:
        record = loop.run_until_complete(shared.client.create_record(data={"n": 2}))
        assert record["data"]["n"] == 2
    finally:
        loop.close()


def test_the_fixture_loop_keeps_its_own_connection(shared: Shared) -> None:
    """Back on the fixture loop (as a fixture's teardown would be) after another loop
    used the client: the connection the fixture loop opened at setup is still its own,
    neither dropped nor taken over by the other loop."""
    fixture_loop = id(shared.loop)
    before = set(shared.ports[fixture_loop])
    assert len(before) == 1

    async def test_body() -> tuple[str, set[int]]:
        created = await shared.client.create_record(data={"n": 3})
        return created["data"]["id"], shared.ports[id(asyncio.get_running_loop())]

    created, elsewhere = asyncio.run(test_body())
    assert elsewhere and not elsewhere & before  # a connection of the test's own loop
    records = shared.on_fixture_loop(shared.client.get_records(id=created))
    assert [record["n"] for record in records] == [3]
    assert shared.ports[fixture_loop] == before  # the same connection
