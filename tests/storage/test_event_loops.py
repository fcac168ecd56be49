"""An AsyncStorageClient outlives the event loop it was first used on (issue 14, item 4),
against the real Kinto: one client across successive ``asyncio.run()`` calls, a user's
own ``http_client=`` refused on another loop with the fix named, and kinto-http's async
forms (``await client.get_paginated_records()``, ``await client.get_endpoint(...)``).

The fixture-scope case (a client made by a module- or session-scoped async fixture and
used by tests on their own loops) is in ``test_loop_scoped_fixture.py``.
"""

from __future__ import annotations

import asyncio
import threading
from typing import Any

import httpx
import pytest
from kinbase.errors import InvalidInputError
from kinbase.storage import AsyncStorageClient, StorageClient

from tests.runner import no_resource_warnings
from tests.servers import KintoServer
from tests.storage.conftest import sign_up


def test_one_client_across_three_asyncio_runs(kinto: KintoServer) -> None:
    """Each run opens its connections on its own loop; those of the loops that ended are
    closed without them (no "Event loop is closed", no "unclosed transport" warning)."""
    with no_resource_warnings():
        client = AsyncStorageClient(
            kinto.url, auth=sign_up(kinto.url), bucket="b", collection="c", retry=0
        )

        async def first() -> None:
            await client.create_bucket(id="b")
            await client.create_collection(id="c")
            await client.create_record(data={"run": 1})

        async def later(run: int) -> list[int]:
            await client.create_record(data={"run": run})
            return sorted(record["run"] for record in await client.get_records())

        asyncio.run(first())
        assert asyncio.run(later(2)) == [1, 2]
        assert asyncio.run(later(3)) == [1, 2, 3]
        asyncio.run(client.aclose())


def test_a_run_that_ended_with_requests_in_flight_leaves_nothing_behind(
    kinto: KintoServer,
) -> None:
    """A loop closed while its connections were busy (asyncio.run cancels what is left):
    the next loop still gets a working client, and nothing leaks."""
    with no_resource_warnings():
        client = AsyncStorageClient(kinto.url, auth=sign_up(kinto.url), retry=0)

        async def busy() -> None:
            for _ in range(4):  # four connections, left in flight when the run ends
                asyncio.get_running_loop().create_task(client.server_info())
            await client.create_bucket(id="b")

        asyncio.run(busy())
        assert asyncio.run(client.get_bucket(id="b"))["data"]["id"] == "b"
        asyncio.run(client.aclose())


def test_a_users_http_client_is_refused_on_another_loop_with_the_fix(
    kinto: KintoServer,
) -> None:
    """kinbase never replaces a client it was given: on a second loop the request is
    refused before anything is sent, the message naming what to do."""
    user = sign_up(kinto.url)
    # no idle connection kept: the user's pool holds nothing of the first loop
    own = httpx.AsyncClient(limits=httpx.Limits(max_keepalive_connections=0))
    client = AsyncStorageClient(kinto.url, auth=user, http_client=own, retry=0)
    assert asyncio.run(client.create_bucket(id="b"))["data"]["id"] == "b"
    with pytest.raises(InvalidInputError) as raised:
        asyncio.run(client.get_bucket(id="b"))
    message = str(raised.value)
    assert "http_client=" in message and "another event loop (closed now)" in message
    assert "leave out http_client=" in message
    # within one loop, a client given is used as before
    own_again = httpx.AsyncClient(limits=httpx.Limits(max_keepalive_connections=0))
    other = AsyncStorageClient(kinto.url, auth=user, http_client=own_again, retry=0)

    async def one_loop() -> tuple[str, str]:
        first = (await other.get_bucket(id="b"))["data"]["id"]
        second = (await other.get_bucket(id="b"))["data"]["id"]
        await own_again.aclose()
        return first, second

    assert asyncio.run(one_loop()) == ("b", "b")


def test_a_users_client_without_a_pool_moves_between_loops(kinto: KintoServer) -> None:
    """Only httpx's connection pools are bound to a loop: a client over another transport
    (here one forwarding to a sync client) is used on any loop."""
    forward = httpx.Client(trust_env=False)

    async def handler(request: httpx.Request) -> httpx.Response:
        copy = httpx.Request(
            request.method, request.url, headers=request.headers, content=request.content
        )
        sent = forward.send(copy)
        return httpx.Response(sent.status_code, headers=sent.headers, content=sent.content)

    own = httpx.AsyncClient(transport=httpx.MockTransport(handler))
    client = AsyncStorageClient(kinto.url, auth=sign_up(kinto.url), http_client=own, retry=0)
    asyncio.run(client.create_bucket(id="b"))
    assert asyncio.run(client.get_bucket(id="b"))["data"]["id"] == "b"
    forward.close()


@pytest.fixture
def filled(kinto: KintoServer) -> tuple[str, tuple[str, str]]:
    """Twelve records in b/c: three pages with the test Kinto's ``paginate_by = 5``."""
    user = sign_up(kinto.url)
    with StorageClient(kinto.url, auth=user, bucket="b", collection="c", retry=0) as client:
        client.create_bucket(id="b")
        client.create_collection(id="c")
        with client.batch() as batch:
            for n in range(12):
                batch.create_record(data={"n": n})
    return kinto.url, user


def test_get_paginated_records_is_awaited_as_in_kinto_http(
    filled: tuple[str, tuple[str, str]],
) -> None:
    """kinto-http's async form, ``list(await client.get_paginated_records())``, and
    kinbase's ``async for``, page by page; both give the same pages."""
    url, user = filled

    async def main() -> tuple[list[Any], list[Any]]:
        async with AsyncStorageClient(url, auth=user, bucket="b", collection="c") as client:
            awaited = list(await client.get_paginated_records(_sort="n"))
            iterated = [page async for page in client.get_paginated_records(_sort="n")]
            return awaited, iterated

    awaited, iterated = asyncio.run(main())
    assert [[r["n"] for r in page["data"]] for page in awaited] == [
        [0, 1, 2, 3, 4],
        [5, 6, 7, 8, 9],
        [10, 11],
    ]
    assert iterated == awaited


def test_get_endpoint_is_awaited_as_in_kinto_http_and_stays_a_str(kinto: KintoServer) -> None:
    """kinto-http's ``AsyncClient.get_endpoint`` is a coroutine: ``await`` works; the
    answer is the same ``str`` when not awaited."""
    client = AsyncStorageClient(kinto.url, bucket="b", collection="c")

    async def main() -> tuple[str, str]:
        awaited = await client.get_endpoint("record", id="r1")
        plain = client.get_endpoint("record", id="r1")
        await client.aclose()
        return awaited, plain

    awaited, plain = asyncio.run(main())
    assert awaited == plain == "/buckets/b/collections/c/records/r1"
    assert type(awaited) is str and isinstance(plain, str)


def test_a_loop_running_in_another_thread_keeps_its_connection(kinto: KintoServer) -> None:
    """Two loops at once (one in a thread, one here) use one client: each sends on
    connections of its own, and the thread's loop keeps the connection it opened while
    the other loop comes and goes (nothing taken over, nothing dropped under it)."""
    ports: dict[int, list[int]] = {}

    async def record_port(response: httpx.Response) -> None:
        port = response.extensions["network_stream"].get_extra_info("client_addr")[1]
        ports.setdefault(id(asyncio.get_running_loop()), []).append(port)

    with no_resource_warnings():
        client = AsyncStorageClient(
            kinto.url, auth=sign_up(kinto.url), retry=0, event_hooks={"response": [record_port]}
        )
        background = asyncio.new_event_loop()
        thread = threading.Thread(target=background.run_forever, daemon=True)
        thread.start()

        def in_thread(awaitable: Any) -> Any:
            return asyncio.run_coroutine_threadsafe(awaitable, background).result(30)

        in_thread(client.create_bucket(id="b"))
        for _ in range(2):
            asyncio.run(client.get_bucket(id="b"))  # another loop, in this thread
            in_thread(client.get_bucket(id="b"))  # the thread's loop, meanwhile open
        thread_ports = ports[id(background)]
        assert len(set(thread_ports)) == 1 and len(thread_ports) == 3
        here = {port for loop, seen in ports.items() if loop != id(background) for port in seen}
        assert here and not here & set(thread_ports)
        asyncio.run(client.aclose())  # asks the thread's loop to close its pool there
        background.call_soon_threadsafe(background.stop)
        thread.join(10)
        background.run_until_complete(_finish_tasks())  # the close handed to it
        background.close()


async def _finish_tasks() -> None:
    """Wait for the running loop's other tasks to end."""
    others = asyncio.all_tasks() - {asyncio.current_task()}
    await asyncio.gather(*others)
