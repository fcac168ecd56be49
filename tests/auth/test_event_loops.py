"""AsyncAuthClient and the combined AsyncClient outlive the event loop they were first
used on (issue 14, item 4): one client across three ``asyncio.run()`` calls, against the
auth server (and the real Kinto for the combined client), and a combined client made by a
module-scoped fixture on its own loop, used by tests on theirs."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest
from kinbase.auth import AsyncAuthClient
from kinbase.client import AsyncClient

from tests.auth.conftest import PASSWORD, ServerTools, expired_on_the_server_only, new_email
from tests.runner import no_resource_warnings
from tests.servers import AnyAuthServer, KintoServer


def test_an_auth_client_across_three_asyncio_runs(server: ServerTools) -> None:
    """Sign up, sign in, refresh: each in its own run. The background refresher of
    ``auto_refresh_token`` ended with the first loop: the client starts one on each new
    loop it is used on."""
    email = new_email()
    with no_resource_warnings():
        client = AsyncAuthClient(server.url, retry=0, auto_refresh_token=True)

        async def sign_up() -> bool:
            await client.sign_up({"email": email, "password": PASSWORD})
            return client._refresher is not None and client._refresher.running

        async def sign_in() -> bool:
            await client.sign_in_with_password({"email": email, "password": PASSWORD})
            return client._refresher is not None and client._refresher.running

        async def refresh() -> tuple[str | None, bool]:
            before = client.session_manager.current()
            assert before is not None
            after = (await client.refresh_session()).session
            assert after is not None and after.refresh_token != before.refresh_token
            user = (await client.get_user()).user
            return user.email, client._refresher is not None and client._refresher.running

        assert asyncio.run(sign_up()) is True
        assert asyncio.run(sign_in()) is True
        assert asyncio.run(refresh()) == (email, True)
        asyncio.run(client.aclose())


def test_a_combined_client_across_three_asyncio_runs(
    server: ServerTools, kinto: KintoServer
) -> None:
    """The third run's storage request is refused (the token expired on the server): the
    session is refreshed on that loop, through the auth client's connections, and the
    request replayed."""
    server.configure(access_token_lifetime=1)
    with no_resource_warnings():
        client = AsyncClient(
            auth_url=server.url, storage_url=kinto.url, bucket="jobs", collection="items"
        )

        async def third() -> list[int]:
            await expired_on_the_server_only(client.auth.session_manager)
            server.reset_stats()
            await client.storage.create_collection(id="items")
            await client.storage.create_record(data={"n": 3})
            assert server.refresh_calls() == 1
            return [record["n"] for record in await client.storage.get_records()]

        asyncio.run(client.auth.sign_up({"email": new_email(), "password": PASSWORD}))
        asyncio.run(client.storage.create_bucket(id="jobs"))
        assert asyncio.run(third()) == [3]
        asyncio.run(client.aclose())


class Combined:
    def __init__(self, client: AsyncClient, loop: asyncio.AbstractEventLoop) -> None:
        self.client = client
        self.loop = loop


@pytest.fixture(scope="module")
def combined(auth_server: AnyAuthServer, kinto_server: KintoServer) -> Iterator[Combined]:
    """What ``@pytest_asyncio.fixture(scope="module", loop_scope="module")`` gives: a
    client signed in on the fixture's own loop, which stays open between the tests."""
    with no_resource_warnings():
        auth_server.reset()
        kinto_server.flush()
        loop = asyncio.new_event_loop()
        client = AsyncClient(
            auth_url=auth_server.url,
            storage_url=kinto_server.url,
            bucket="fixture",
            collection="c",
            auto_refresh_token=True,
        )
        loop.run_until_complete(client.auth.sign_up({"email": new_email(), "password": PASSWORD}))
        loop.run_until_complete(client.storage.create_bucket(id="fixture"))
        loop.run_until_complete(client.storage.create_collection(id="c"))
        yield Combined(client, loop)
        loop.run_until_complete(client.aclose())
        loop.run_until_complete(loop.shutdown_asyncgens())
        loop.close()


@pytest.mark.parametrize("n", [1, 2])
def test_tests_on_their_own_loops_use_a_module_scoped_client(combined: Combined, n: int) -> None:
    async def test_body() -> int:
        record = await combined.client.storage.create_record(data={"n": n})
        user = (await combined.client.auth.get_user()).user
        assert user.email is not None
        return int(record["data"]["n"])

    assert asyncio.run(test_body()) == n


def test_the_fixture_loop_still_works_after_other_loops(combined: Combined) -> None:
    """After a test's loop used the client, the fixture loop (as a teardown would) too."""
    created = asyncio.run(combined.client.storage.create_record(data={"n": 3}))
    records = combined.loop.run_until_complete(
        combined.client.storage.get_records(id=created["data"]["id"])
    )
    assert [record["n"] for record in records] == [3]
