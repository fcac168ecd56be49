"""The Redis and PostgreSQL session stores, sync and async, against real servers:
the lazy load/save model, item merges, expiry, leases (expiry, fencing) and redaction."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest
from kinbase.errors import InvalidInputError, SessionStorageError

from tests.runner import no_resource_warnings
from tests.sessions.conftest import Driver, build_store


def test_lazy_load_save_says_whether_it_wrote(make_store: Callable[..., Any], driver: Driver):
    store = make_store()
    session = store.get_session(None)
    assert session.key is None
    with pytest.raises(InvalidInputError, match="load"):
        session["user"]
    driver.run(session.load())
    assert dict(session) == {}
    assert driver.run(session.save()) is False  # nothing changed: nothing written
    session["user"] = {"id": 1}
    session["theme"] = "dark"
    assert driver.run(session.save()) is True
    key = session.key
    assert key is not None and len(key) >= 40
    assert driver.run(session.save()) is False
    session["theme"] = "dark"  # same value: not a change
    assert not session.modified

    other = make_store().get_session(key)
    assert not other.loaded
    driver.run(other.load())
    assert dict(other) == {"user": {"id": 1}, "theme": "dark"}
    # load() reads once: a later change elsewhere is not seen until reload()
    session["theme"] = "light"
    del session["user"]
    assert driver.run(session.save()) is True
    driver.run(other.load())
    assert other["theme"] == "dark"
    driver.run(other.reload())
    assert dict(other) == {"theme": "light"}


def test_unknown_or_malformed_key_gives_a_new_session(
    make_store: Callable[..., Any], driver: Driver
):
    store = make_store()
    for key in ("x" * 43, "short", "../../etc"):
        session = store.get_session(key)
        driver.run(session.load())
        assert dict(session) == {}
        session["n"] = 1
        assert driver.run(session.save()) is True
        assert session.key not in (None, key)


def test_concurrent_saves_of_different_items_keep_both(
    make_store: Callable[..., Any], driver: Driver
):
    store = make_store()
    first = store.get_session(None)
    driver.run(first.load())
    first["a"] = 1
    driver.run(first.save())
    second = make_store().get_session(first.key)
    driver.run(second.load())
    first["b"] = 2
    second["c"] = 3
    driver.run(first.save())
    driver.run(second.save())
    driver.run(second.reload())
    assert dict(second) == {"a": 1, "b": 2, "c": 3}


def test_delete_and_expiry(make_store: Callable[..., Any], driver: Driver):
    store = make_store(max_age=0.5)
    session = store.get_session(None)
    driver.run(session.load())
    session["n"] = 1
    driver.run(session.save())
    key = session.key
    assert driver.run(store.read(key)) == {"n": "1"}
    time.sleep(0.8)  # past max_age (not a timing assertion: waits for the expiry)
    assert driver.run(store.read(key)) is None
    cleared = driver.run(store.clear_expired())
    assert cleared == (0 if "Redis" in type(store).__name__ else 1)
    fresh = make_store()
    kept = fresh.get_session(None)
    driver.run(kept.load())
    kept["n"] = 2
    driver.run(kept.save())
    driver.run(kept.delete())
    assert kept.key is None
    assert driver.run(fresh.read(key)) is None


def test_non_json_values_are_refused_before_saving(make_store: Callable[..., Any], driver: Driver):
    session = make_store().get_session(None)
    driver.run(session.load())
    with pytest.raises(InvalidInputError, match="JSON"):
        session["bad"] = object()
    assert not session.modified


def test_lease_excludes_lapses_and_fences(make_store: Callable[..., Any], driver: Driver):
    one = make_store(lock_ttl=0.5)
    two = make_store(lock_ttl=0.5)
    session = one.get_session(None)
    driver.run(session.load())
    session["t"] = "old"
    driver.run(session.save())
    key = session.key

    first = driver.run(one.lock("refresh:" + key))
    assert driver.run(two._try_lock("refresh:" + key, 0.5)) is None  # held
    # The holder "dies" (never unlocks): the other gets it within the lease's expiry.
    second = driver.run(two.lock("refresh:" + key))
    assert second.fence > first.fence
    # The first holder's late write is fenced out; the current holder's goes through.
    assert driver.run(one.write_fenced(key, first, {"t": '"late"'})) is False
    assert driver.run(two.write_fenced(key, second, {"t": '"new"'})) is True
    assert driver.run(one.read(key)) == {"t": '"new"'}
    driver.run(two.unlock(second))
    third = driver.run(one.lock("refresh:" + key))
    assert third.fence > second.fence
    driver.run(one.unlock(first))  # a stale unlock does not free the current holder
    assert driver.run(two._try_lock("refresh:" + key, 0.5)) is None


def test_lease_bookkeeping_does_not_outlive_the_lease(
    request: pytest.FixtureRequest,
    store_kind: str,
    make_store: Callable[..., Any],
    driver: Driver,
):
    """One lock per session ever refreshed would grow without end: once its lease lapsed
    (or was released) nothing of a lock stays (Redis: by itself; PostgreSQL: after
    clear_expired), and fencing tokens still only grow."""
    store = make_store(lock_ttl=0.3)
    names = [f"refresh:{n:02d}" + "k" * 30 for n in range(6)]
    fences = []
    for n, name in enumerate(names):
        lease = driver.run(store.lock(name))
        fences.append(lease.fence)
        if n % 2:
            driver.run(store.unlock(lease))  # the others lapse on their own
    time.sleep(0.5)  # past lock_ttl (waits for the lapse; no timing assertion)
    driver.run(store.clear_expired())
    if store_kind.startswith("redis"):
        import redis

        with redis.Redis.from_url(request.getfixturevalue("redis_server").url) as raw:
            left = sorted(k.decode() for k in raw.keys(store.prefix + "*"))
        assert left == [store.prefix + "fence"]  # the store's one counter
    else:
        import psycopg

        with psycopg.connect(request.getfixturevalue("store_dsn")) as raw:
            (count,) = raw.execute("SELECT count(*) FROM kinbase_locks").fetchone() or (None,)
        assert count == 0
    again = driver.run(store.lock(names[0]))
    assert fences == sorted(fences) and again.fence > max(fences)


def test_waiting_for_a_held_lock_is_bounded(make_store: Callable[..., Any], driver: Driver):
    holder = make_store(lock_ttl=30)
    waiter = make_store(lock_ttl=30)
    driver.run(holder.lock("refresh:" + "k" * 30))
    with pytest.raises(SessionStorageError, match="still held") as caught:
        driver.run(waiter.lock("refresh:" + "k" * 30, timeout=0.3))
    assert "k" * 30 not in str(caught.value)


def test_secrets_stay_out_of_reprs_and_errors(
    store_kind: str, driver: Driver, make_store: Callable[..., Any]
):
    session = make_store().get_session(None)
    driver.run(session.load())
    session["token"] = "s3cret-value"
    driver.run(session.save())
    assert session.key not in repr(session) and "s3cret" not in repr(session)
    lease = driver.run(make_store().lock(f"refresh:{session.key}"))
    assert session.key not in repr(lease)
    # An unreachable store: a clear error naming the store, never its password.
    if store_kind.startswith("redis"):
        bad = build_store(store_kind, "redis://:hunter2pw@127.0.0.1:1/0", None)
    else:
        bad = build_store(store_kind, None, "postgresql://u:hunter2pw@127.0.0.1:1/db")
    try:
        assert "hunter2pw" not in repr(bad)
        with pytest.raises(SessionStorageError) as caught:
            driver.run(bad.read("k" * 43))
    finally:
        driver.run(bad.aclose() if driver.is_async else bad.close())
    assert "hunter2pw" not in str(caught.value)
    assert caught.value.__cause__ is None and caught.value.__suppress_context__


@pytest.mark.parametrize("store_kind", ["redis-sync", "redis-async"])
def test_closing_a_redis_store_made_from_a_url_closes_its_connections(
    store_kind: str, driver: Driver, redis_server: Any
):
    """The store builds its client over a pool of its own: closing the store closes the
    pool's connections (a client given a pool used to leave them open)."""
    with no_resource_warnings():
        store = build_store(store_kind, redis_server.url, None)
        session = store.get_session(None)
        driver.run(session.load())
        session["n"] = 1
        driver.run(session.save())
        driver.run(store.aclose() if driver.is_async else store.close())
        del store, session
