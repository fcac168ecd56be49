"""Session handling: single-flight refresh (threads + tasks), 401 replay, failures,
restore after expiry, background refresh, isolation."""

from __future__ import annotations

import asyncio
import threading
import time
from typing import Any

import httpx
import pytest
from kinbase._concurrency import Worker
from kinbase.auth import AsyncAuthClient, AuthClient, FileSessionStorage, Session
from kinbase.errors import (
    AuthSessionMissingError,
    SessionExpiredError,
    TransportError,
)

from tests.auth.conftest import (
    PASSWORD,
    ServerTools,
    call,
    expired_on_the_server_only,
    new_email,
    wait_past,
)

pytestmark = pytest.mark.anyio

HERD_TASKS = 200
HERD_THREADS = 16


async def test_herd_of_tasks_and_threads_refreshes_once_per_expiry(
    server: ServerTools, jwt_secret: str
) -> None:
    # Each wave (216 requests) must end before the fresh token expires, which a loaded
    # machine might not manage in 2 s (expires_at is whole seconds); the real GoTrue checks
    # every request against PostgreSQL (a wave took over 4 s on 2 busy cores): 10 s there.
    lifetime = 4 if server.kind == "double" else 10
    server.configure(access_token_lifetime=lifetime, refresh_delay=0.3)
    client = AsyncAuthClient(server.url, refresh_margin=0)
    try:
        session = (await client.sign_up({"email": new_email(), "password": PASSWORD})).session
        assert session is not None
        auth = client.as_httpx_auth()
        refreshed: list[Session | None] = []
        client.on_auth_state_change(
            lambda e, s: refreshed.append(s) if e == "TOKEN_REFRESHED" else None
        )
        per_expiry: list[int] = []
        async with httpx.AsyncClient(base_url=server.url, auth=auth) as async_http:
            with httpx.Client(base_url=server.url, auth=auth) as sync_http:
                for _ in range(2):
                    current = client.session_manager.current()
                    assert current is not None
                    wait_past(current.expires_at)
                    server.reset_stats()
                    barrier = threading.Barrier(HERD_THREADS + 1)
                    statuses: list[int] = []

                    def in_thread(
                        barrier: threading.Barrier = barrier, statuses: list[int] = statuses
                    ) -> None:
                        barrier.wait()
                        statuses.append(sync_http.get("/user").status_code)

                    threads = [threading.Thread(target=in_thread) for _ in range(HERD_THREADS)]
                    for thread in threads:
                        thread.start()
                    barrier.wait()
                    responses = await asyncio.gather(
                        *(async_http.get("/user") for _ in range(HERD_TASKS))
                    )
                    for thread in threads:
                        thread.join()
                    assert [r.status_code for r in responses] == [200] * HERD_TASKS
                    assert statuses == [200] * HERD_THREADS
                    stats = server.stats()
                    per_expiry.append(stats.get("POST /token?grant_type=refresh_token", 0))
                    assert stats["GET /user"] == HERD_TASKS + HERD_THREADS  # no replays
        assert per_expiry == [1, 1], per_expiry
        assert len(refreshed) == 2
        print(f"herd: /token refresh calls per expiry = {per_expiry}")
    finally:
        await client.aclose()


async def test_a_failed_refresh_gives_every_waiter_the_same_error_and_signs_out_once(
    server: ServerTools,
) -> None:
    server.configure(access_token_lifetime=2, refresh_delay=0.2)
    client = AsyncAuthClient(server.url, refresh_margin=0)
    try:
        session = (await client.sign_up({"email": new_email(), "password": PASSWORD})).session
        assert session is not None
        events: list[str] = []
        client.on_auth_state_change(lambda e, s: events.append(e))
        server.expire_session(user_id=str(session.user.id))
        wait_past(session.expires_at)
        server.reset_stats()
        results = await asyncio.gather(
            *(client.get_user() for _ in range(50)), return_exceptions=True
        )
        assert all(isinstance(r, SessionExpiredError) for r in results), results
        assert server.refresh_calls() == 1
        assert events == ["INITIAL_SESSION", "SIGNED_OUT"]
        assert await client.get_session() is None
    finally:
        await client.aclose()


def test_sync_threads_share_one_refresh_and_one_error(server: ServerTools) -> None:
    server.configure(access_token_lifetime=2, refresh_delay=0.2)
    with AuthClient(server.url, refresh_margin=0) as client:
        session = client.sign_up({"email": new_email(), "password": PASSWORD}).session
        assert session is not None
        wait_past(session.expires_at)
        server.reset_stats()
        outcomes: list[object] = []
        barrier = threading.Barrier(16)

        def worker() -> None:
            barrier.wait()
            try:
                outcomes.append(client.get_user())
            except Exception as exc:
                outcomes.append(exc)

        threads = [threading.Thread(target=worker) for _ in range(16)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert all(not isinstance(o, Exception) for o in outcomes), outcomes
        assert server.refresh_calls() == 1


async def test_a_rejected_token_is_refreshed_once_and_the_request_replayed(
    make_client: Any, server: ServerTools
) -> None:
    server.configure(access_token_lifetime=1)
    client = make_client(refresh_margin=0)
    await call(client.sign_up({"email": new_email(), "password": PASSWORD}))
    await expired_on_the_server_only(client.session_manager)
    server.reset_stats()
    user = await call(client.get_user())
    assert user is not None
    stats = server.stats()
    assert stats["POST /token?grant_type=refresh_token"] == 1
    assert stats["GET /user"] == 2  # refused once (403 bad_jwt), replayed once


async def test_network_errors_never_sign_out(
    mode: str, server: ServerTools, make_client: Any
) -> None:
    source = make_client()
    session = (await call(source.sign_up({"email": new_email(), "password": PASSWORD}))).session
    cls = AuthClient if mode == "sync" else AsyncAuthClient
    dead = cls("http://127.0.0.1:9", retry=0)  # nothing listens on the discard port
    try:
        events: list[str] = []
        dead.on_auth_state_change(lambda e, s: events.append(e))
        expired = Session.from_dict({**session.to_dict(), "expires_at": int(time.time()) - 5})
        dead.session_manager.driver.save(expired, None)
        with pytest.raises(TransportError):
            await call(dead.get_session())
        assert dead.session_manager.current() == expired
        assert events == ["INITIAL_SESSION"]
    finally:
        await call(dead.aclose() if mode == "async" else dead.close())


async def test_restoring_an_expired_stored_session_refreshes_it(
    make_client: Any, server: ServerTools, tmp_path: Any
) -> None:
    server.configure(access_token_lifetime=1)
    path = tmp_path / "session.json"
    first = make_client(storage=FileSessionStorage(path))
    session = (await call(first.sign_up({"email": new_email(), "password": PASSWORD}))).session
    await call(first.aclose() if isinstance(first, AsyncAuthClient) else first.close())
    wait_past(session.expires_at)  # "restart" after the access token expired

    restarted = make_client(storage=FileSessionStorage(path))
    events: list[tuple[str, Session | None]] = []
    restarted.on_auth_state_change(lambda e, s: events.append((e, s)))
    restored = await call(restarted.initialize())
    assert restored is not None and restored.user.id == session.user.id
    assert restored.refresh_token != session.refresh_token
    assert [e for e, _ in events] == ["INITIAL_SESSION", "TOKEN_REFRESHED"]
    assert events[0][1] is not None
    assert FileSessionStorage(path).get_item("supabase.auth.token") == restored.to_json()
    assert (await call(restarted.get_user())).user.id == session.user.id


async def test_background_refresher_refreshes_and_stops_with_the_client(
    make_client: Any, server: ServerTools
) -> None:
    server.configure(access_token_lifetime=2)
    client = make_client(auto_refresh_token=True, refresh_margin=1)
    session = (await call(client.sign_up({"email": new_email(), "password": PASSWORD}))).session
    refresher = client._refresher
    assert refresher is not None and refresher.running
    deadline = time.monotonic() + 10
    while client.session_manager.current().refresh_token == session.refresh_token:
        assert time.monotonic() < deadline, "no background refresh"
        await asyncio.sleep(0.1)
    await call(client.aclose() if isinstance(client, AsyncAuthClient) else client.close())
    deadline = time.monotonic() + 5
    while refresher.running:
        assert time.monotonic() < deadline, "refresher still running after close"
        await asyncio.sleep(0.05)
    if isinstance(refresher._worker, Worker):  # the sync refresher's thread never blocks exit
        assert refresher._worker._thread.daemon


async def test_clients_from_different_stored_sessions_share_nothing(
    make_client: Any, tmp_path: Any
) -> None:
    one = make_client(storage=FileSessionStorage(tmp_path / "one.json"), headers={"X-App": "1"})
    two = make_client(storage=FileSessionStorage(tmp_path / "two.json"), headers={"X-App": "2"})
    s1 = (await call(one.sign_up({"email": new_email(), "password": PASSWORD}))).session
    s2 = (await call(two.sign_up({"email": new_email(), "password": PASSWORD}))).session
    assert one.session_manager is not two.session_manager
    assert one._http is not two._http and one._http.headers["X-App"] == "1"
    assert two._http.headers["X-App"] == "2"
    assert one.as_httpx_auth() is not two.as_httpx_auth()
    await call(one.sign_out())
    assert await call(one.get_session()) is None
    assert (await call(two.get_session())).access_token == s2.access_token
    assert (await call(two.get_user())).user.id == s2.user.id != s1.user.id


async def test_no_session_raises_session_missing_through_httpx_auth(client: Any) -> None:
    with pytest.raises(AuthSessionMissingError):
        httpx.Client(auth=client.as_httpx_auth()).get(client.url + "/user")
