"""One session for both APIs: ``kinbase.Client`` / ``AsyncClient`` against the real Kinto,
whose openid plugin trusts the auth test server."""

from __future__ import annotations

import time
from typing import Any

import pytest
from kinbase.client import AsyncClient, Client
from kinbase.errors import AuthSessionMissingError

from tests.auth.conftest import (
    PASSWORD,
    ServerTools,
    call,
    expired_on_the_server_only,
    new_email,
)
from tests.servers import KintoServer

pytestmark = pytest.mark.anyio

JOB_SECONDS = 5.0  # with 2-second tokens: at least two expiries in the middle of the job


@pytest.fixture
async def combined(mode: str, server: ServerTools, kinto: KintoServer) -> Any:
    cls = Client if mode == "sync" else AsyncClient
    client = cls(auth_url=server.url, storage_url=kinto.url, bucket="jobs", collection="items")
    yield client
    await call(client.aclose() if isinstance(client, AsyncClient) else client.close())


async def test_storage_requests_carry_the_auth_session(combined: Any) -> None:
    with pytest.raises(AuthSessionMissingError):
        await call(combined.storage.create_bucket(id="jobs"))
    session = (
        await call(combined.auth.sign_up({"email": new_email(), "password": PASSWORD}))
    ).session
    bucket = await call(combined.storage.create_bucket(id="jobs"))
    assert f"openid:{session.user.id}" in bucket["permissions"]["write"]


async def test_a_long_storage_job_outlives_its_tokens(combined: Any, server: ServerTools) -> None:
    server.configure(access_token_lifetime=2)
    first = (
        await call(combined.auth.sign_up({"email": new_email(), "password": PASSWORD}))
    ).session
    await call(combined.storage.create_bucket(id="jobs"))
    await call(combined.storage.create_collection(id="items"))
    server.reset_stats()
    created = 0
    deadline = time.monotonic() + JOB_SECONDS
    while time.monotonic() < deadline:
        await call(combined.storage.create_record(data={"n": created}))
        created += 1
        time.sleep(0.05)
    records = await call(combined.storage.get_records())
    assert len(records) == created
    current = await call(combined.auth.get_session())
    assert current.refresh_token != first.refresh_token
    assert server.refresh_calls() >= 2  # the job crossed at least two expiries


async def test_a_401_from_kinto_refreshes_once_and_replays(
    combined: Any, server: ServerTools
) -> None:
    server.configure(access_token_lifetime=1)
    await call(combined.auth.sign_up({"email": new_email(), "password": PASSWORD}))
    await call(combined.storage.create_bucket(id="jobs"))
    # Kinto's userinfo check now refuses the access token the client still believes valid
    await expired_on_the_server_only(combined.auth.session_manager)
    server.reset_stats()
    bucket = await call(combined.storage.get_bucket(id="jobs"))
    assert bucket["data"]["id"] == "jobs"
    assert server.refresh_calls() == 1
