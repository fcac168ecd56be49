"""Distributed single flight: 4 processes x 250 tasks share one session in a Redis (and
again a PostgreSQL) store; its access token has expired; every task makes a request.
One refresh reaches the auth server, every request is answered. And a lease holder
killed in the middle of its refresh blocks the others no longer than the lease lasts."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import attrs
import pytest
from kinbase.auth import AuthClient, Session
from kinbase.sessions import PostgresSessionStore, RedisSessionStore

from tests.auth.conftest import PASSWORD, ServerTools, new_email
from tests.servers import AuthServer, RedisServer

REPO = Path(__file__).resolve().parents[2]
PROCESSES = 4
TASKS = 250
ITEM = "supabase.auth.token"


@pytest.fixture(params=["redis", "postgres"])
def shared_store(request: pytest.FixtureRequest) -> Any:
    """(kind, url, sync store) for a fresh Redis prefix or PostgreSQL database."""
    if request.param == "redis":
        server: RedisServer = request.getfixturevalue("redis_server")
        server.command("FLUSHALL")
        store: Any = RedisSessionStore(server.url, prefix="herd:", lock_ttl=5)
        url = server.url
    else:
        url = request.getfixturevalue("store_dsn")
        store = PostgresSessionStore(url, lock_ttl=5)
    yield request.param, url, store
    store.close()


def _signed_in_session(server: ServerTools, store: Any) -> tuple[str, Session]:
    """A web session holding a signed-in user's kinbase session, already expired."""
    key = store.write(None, {"app": '"notes"'}, set())
    with AuthClient(server.url, storage=store.auth_storage(key)) as client:
        session = client.sign_up({"email": new_email(), "password": PASSWORD}).session
        assert session is not None
    expired = attrs.evolve(session, expires_at=int(time.time()) - 5)
    store.auth_storage(key).set_item(ITEM, expired.to_json())
    return key, session


def _spawn(kind: str, url: str, key: str, auth_url: str, tasks: int, go: Path) -> Any:
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]),
    }
    argv = [sys.executable, "-m", "tests.sessions._herd_worker", kind, url, key, auth_url]
    return subprocess.Popen(
        [*argv, str(tasks), str(go)],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _report(worker: Any) -> dict[str, Any]:
    out, err = worker.communicate(timeout=120)
    assert worker.returncode == 0, err[-3000:]
    return dict(json.loads(out.strip().splitlines()[-1]))


def test_herd_of_processes_refreshes_once_per_expiry(
    auth: AuthServer, shared_store: Any, tmp_path: Path
) -> None:
    kind, url, store = shared_store
    server = ServerTools(auth)
    server.configure(refresh_delay=0.3)  # a slow refresh: the herd piles up behind it
    key, first = _signed_in_session(server, store)
    server.reset_stats()
    go = tmp_path / "go"
    workers = [_spawn(kind, url, key, server.url, TASKS, go) for _ in range(PROCESSES)]
    go.touch()
    reports = [_report(worker) for worker in workers]

    for report in reports:
        assert report["errors"] == []
        assert report["answered"] == TASKS
    assert sum(r["refreshes"] for r in reports) == 1
    assert server.refresh_calls() == 1
    assert server.stats().get("GET /user", 0) == PROCESSES * TASKS
    # everyone used the one new token, and the store holds it
    assert len({token for r in reports for token in r["tokens"]}) == 1
    stored = Session.from_json(store.auth_storage(key).get_item(ITEM))
    assert stored.refresh_token != first.refresh_token
    assert store.read(key)["app"] == '"notes"'  # the web session's other items are intact


def test_a_lease_holder_killed_mid_refresh_blocks_nobody(
    auth: AuthServer, shared_store: Any, tmp_path: Path
) -> None:
    kind, url, store = shared_store
    server = ServerTools(auth)
    server.configure(refresh_delay=2.0, refresh_reuse_interval=30)
    key, first = _signed_in_session(server, store)
    server.reset_stats()
    go = tmp_path / "go"
    go.touch()
    holder = _spawn(kind, url, key, server.url, 1, go)
    deadline = time.monotonic() + 30
    while server.refresh_calls() == 0:  # the holder took the lease and is refreshing
        assert time.monotonic() < deadline and holder.poll() is None
        time.sleep(0.02)
    holder.kill()
    holder.communicate(timeout=10)  # reaps it and closes its pipes
    others = [_spawn(kind, url, key, server.url, 50, go) for _ in range(2)]
    reports = [_report(worker) for worker in others]
    for report in reports:
        assert report["errors"] == []  # nobody signed out, nobody stuck past the lease
        assert report["answered"] == 50
    stored = Session.from_json(store.auth_storage(key).get_item(ITEM))
    assert stored.refresh_token != first.refresh_token
    assert sum(r["refreshes"] for r in reports) == 1  # one of the others took over
