"""Issue 16's figures: kinbase in a web backend (run by ``make bench`` after bench.run).

    python -m bench.web                  # full: bench/results/web.json and web.md
    python -m bench.web --smoke --out DIR  # seconds; run by tests/test_bench_smoke.py

1. **Herd across processes**: 4 processes x 250 asyncio tasks share one user session kept
   in a Redis store, and again in a PostgreSQL store; its access token has expired; every
   task asks for the session and makes one request with it (``GET /user``). Reported per
   expiry: refreshes that reached the auth server, requests answered, errors.
2. **A lease holder killed mid-refresh** (Redis, then PostgreSQL): one process takes the
   refresh lease (5 s) and is killed while the auth server is still answering its refresh;
   2 processes x 50 tasks, waiting at the start line, go at the kill. Reported: seconds
   from the kill until every one of them is answered (the lease's expiry bounds it),
   errors (nobody signed out), refreshes they made.
3. **1,000 users through one pool**: one ``AsyncClient`` (storage pool limited to 20
   connections), one ``as_user`` view per user, all at once, each asking Kinto who it is
   (``server_info()``). Reported: connections opened and open at most at once, Python
   heap peak (tracemalloc) while serving, errors, users answered as themselves. The
   1,000 requests queue for 20 connections longer than the default 30 s call budget
   (``RetryPolicy.max_total_seconds``) on a busy 2-core machine, so the client is given
   180 s: an application sizing its pool this small for this many users would do the same.
4. **Cost of a user-bound view** (no I/O): microseconds (best and median of the rounds,
   as ``timeit`` reports) to make
   ``client.as_user(access, refresh)``, ``client.for_session(key)`` and
   ``storage.with_auth(auth)``.

Servers (auth test server, Kinto on its memory backend, redis-server, PostgreSQL) run in
their own processes on loopback ports and are stopped at the end. Not a test: nothing here
fails on a slow figure.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import tempfile
import time
import tracemalloc
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import attrs  # noqa: E402
import httpcore  # noqa: E402
import httpx  # noqa: E402

from bench.common import median  # noqa: E402
from tests.servers import AuthServer, KintoServer, PostgresCluster, RedisServer  # noqa: E402

PASSWORD = "web-bench-Passw0rd!"
ITEM = "supabase.auth.token"
REFRESH_KEY = "POST /token?grant_type=refresh_token"
FULL = {"processes": 4, "tasks": 250, "expiries": 2, "kills": 2, "users": 1000, "view_rounds": 9}
# the smoke run kills no holder: ~20 s of process starts and lease waits that
# tests/sessions/test_herd.py::test_a_lease_holder_killed_mid_refresh_blocks_nobody spends already
SMOKE = {"processes": 2, "tasks": 20, "expiries": 1, "kills": 0, "users": 30, "view_rounds": 2}


def _log(message: str) -> None:
    print(f"[bench.web {time.strftime('%H:%M:%S')}] {message}", flush=True)


def _stats(auth: AuthServer) -> dict[str, int]:
    answer = httpx.get(f"{auth.url}/_test/stats", timeout=10, trust_env=False).json()
    return dict(answer.get("requests", {}))


def _reset_stats(auth: AuthServer) -> None:
    httpx.delete(f"{auth.url}/_test/stats", timeout=10, trust_env=False)


# -- 1. herd across processes ------------------------------------------------------------


def _herd(kind: str, url: str, auth: AuthServer, processes: int, tasks: int) -> dict[str, Any]:
    from kinbase.auth import AuthClient, Session
    from kinbase.sessions import PostgresSessionStore, RedisSessionStore

    store: Any = (
        RedisSessionStore(url, prefix="herd:", lock_ttl=5)
        if kind == "redis"
        else PostgresSessionStore(url, lock_ttl=5)
    )
    try:
        key = store.write(None, {}, set())
        tokens = store.auth_storage(key)
        with AuthClient(auth.url, storage=tokens) as client:
            client.sign_up({"email": f"herd-{uuid.uuid4().hex}@example.com", "password": PASSWORD})
        stored = Session.from_json(tokens.get_item(ITEM))
        tokens.set_item(ITEM, attrs.evolve(stored, expires_at=int(time.time()) - 5).to_json())
        _reset_stats(auth)
        go = Path(tempfile.mkdtemp(prefix="kinbase-herd-")) / "go"
        workers = [_worker(kind, url, key, auth, tasks, go) for _ in range(processes)]
        began = time.perf_counter()
        go.touch()
        reports = []
        for worker in workers:
            out, err = worker.communicate(timeout=300)
            if worker.returncode != 0:
                raise RuntimeError(f"herd worker failed: {err[-2000:]}")
            reports.append(json.loads(out.strip().splitlines()[-1]))
        seconds = time.perf_counter() - began
        stats = _stats(auth)
        return {
            "refreshes": stats.get(REFRESH_KEY, 0),
            "requests": processes * tasks,
            "answered": sum(r["answered"] for r in reports),
            "errors": sum(len(r["errors"]) for r in reports),
            "distinct_tokens": len({t for r in reports for t in r["tokens"]}),
            "leases_granted": sum(r["leases"] for r in reports),
            "seconds": round(seconds, 2),
        }
    finally:
        store.close()


def _worker(kind: str, url: str, key: str, auth: AuthServer, tasks: int, go: Path) -> Any:
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
    }
    argv = [sys.executable, "-m", "tests.sessions._herd_worker", kind, url, key, auth.url]
    return subprocess.Popen(
        [*argv, str(tasks), str(go)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _configure(auth: AuthServer, **values: Any) -> None:
    httpx.post(f"{auth.url}/_test/config", json=values, timeout=10, trust_env=False)


def _killed_holder(kind: str, url: str, auth: AuthServer, lock_ttl: float) -> dict[str, Any]:
    from kinbase.auth import AuthClient, Session
    from kinbase.sessions import PostgresSessionStore, RedisSessionStore

    store: Any = (
        RedisSessionStore(url, prefix="herd:", lock_ttl=lock_ttl)
        if kind == "redis"
        else PostgresSessionStore(url, lock_ttl=lock_ttl)
    )
    holder = None
    others: list[Any] = []
    try:
        key = store.write(None, {}, set())
        tokens = store.auth_storage(key)
        with AuthClient(auth.url, storage=tokens) as client:
            client.sign_up({"email": f"kill-{uuid.uuid4().hex}@example.com", "password": PASSWORD})
        stored = Session.from_json(tokens.get_item(ITEM))
        tokens.set_item(ITEM, attrs.evolve(stored, expires_at=int(time.time()) - 5).to_json())
        # a slow refresh, and GoTrue's reuse interval: the refresh token the dead holder
        # spent is still honoured for whoever takes over
        _configure(auth, refresh_delay=2.0, refresh_reuse_interval=30)
        _reset_stats(auth)
        folder = Path(tempfile.mkdtemp(prefix="kinbase-kill-"))
        now, later = folder / "now", folder / "later"
        now.touch()
        others = [_worker(kind, url, key, auth, 50, later) for _ in range(2)]
        holder = _worker(kind, url, key, auth, 1, now)
        deadline = time.monotonic() + 60
        while _stats(auth).get(REFRESH_KEY, 0) == 0:  # the holder holds the lease, refreshing
            if time.monotonic() > deadline or holder.poll() is not None:
                raise RuntimeError("the lease holder never started its refresh")
            time.sleep(0.01)
        holder.kill()
        killed, killed_at = time.perf_counter(), time.time()
        later.touch()
        _configure(auth, refresh_delay=0.0)
        reports = []
        for worker in others:
            out, err = worker.communicate(timeout=120)
            if worker.returncode != 0:
                raise RuntimeError(f"worker failed: {err[-2000:]}")
            reports.append(json.loads(out.strip().splitlines()[-1]))
        seconds = time.perf_counter() - killed
        return {
            "lock_ttl": lock_ttl,
            "seconds_from_kill_to_first_answer": round(
                min(r["first_answer_at"] for r in reports) - killed_at, 2
            ),
            "seconds_from_kill_to_all_answered": round(
                max(r["last_answer_at"] for r in reports) - killed_at, 2
            ),
            "seconds_until_the_workers_exited": round(seconds, 2),
            "requests": 100,
            "answered": sum(r["answered"] for r in reports),
            "errors": sum(len(r["errors"]) for r in reports),
            "refreshes_by_the_others": sum(r["refreshes"] for r in reports),
        }
    finally:
        for process in [holder, *others]:
            if process is not None and process.poll() is None:
                process.kill()
                process.wait(10)
        _configure(auth, refresh_delay=0.0, refresh_reuse_interval=0)
        store.close()


# -- 3. many users through one pool ------------------------------------------------------


async def _users(auth: AuthServer, kinto: KintoServer, users: int) -> dict[str, Any]:
    import kinbase
    from kinbase.auth import MemorySessionStorage

    limits = httpx.Limits(max_connections=20, max_keepalive_connections=20)
    client = kinbase.AsyncClient(
        auth_url=auth.url,
        storage_url=kinto.url,
        limits=limits,
        timeout=180.0,  # the wait for a free connection counts in it
        retry=kinbase.RetryPolicy(max_total_seconds=180.0),  # so does the whole call
    )
    gate = asyncio.Semaphore(50)

    async def sign_up() -> Any:
        async with gate:
            scratch = client.auth.with_storage(MemorySessionStorage())
            email = f"user-{uuid.uuid4().hex}@example.com"
            return (await scratch.sign_up({"email": email, "password": PASSWORD})).session

    opened = peak = 0
    create = httpcore.AsyncConnectionPool.create_connection

    def counting(self: Any, *args: Any, **kwargs: Any) -> Any:
        nonlocal opened, peak
        opened += 1
        peak = max(peak, 1 + sum(1 for c in self.connections if not c.is_closed()))
        return create(self, *args, **kwargs)

    errors: list[str] = []

    async def serve(session: Any) -> bool:
        try:
            view = client.as_user(session.access_token, session.refresh_token)
            info = await view.storage.server_info()
            return bool(info["user"]["id"] == f"openid:{session.user.id}")
        except Exception as exc:
            errors.append(type(exc).__name__)
            return False

    try:
        sessions = await asyncio.gather(*(sign_up() for _ in range(users)))
        httpcore.AsyncConnectionPool.create_connection = counting  # type: ignore[method-assign]
        tracemalloc.start()
        began = time.perf_counter()
        try:
            answers = await asyncio.gather(*(serve(s) for s in sessions))
        finally:
            seconds = time.perf_counter() - began
            _, heap_peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            httpcore.AsyncConnectionPool.create_connection = create  # type: ignore[method-assign]
    finally:
        await client.aclose()
    return {
        "users": users,
        "answered_as_themselves": sum(answers),
        "errors": len(errors),
        "error_kinds": sorted(set(errors)),
        "pool_limit": 20,
        "call_budget_s": 180.0,
        "connections_opened": opened,
        "connections_open_at_most": peak,
        "heap_peak_mib": round(heap_peak / 2**20, 2),
        "heap_peak_kib_per_user": round(heap_peak / 1024 / users, 1),
        "seconds": round(seconds, 2),
    }


# -- 4. cost of a view -------------------------------------------------------------------


def _view_cost(auth: AuthServer, kinto: KintoServer, redis_url: str, rounds: int) -> dict[str, Any]:
    import kinbase
    from kinbase.sessions import AsyncRedisSessionStore

    store = AsyncRedisSessionStore(redis_url, prefix="views:")
    client = kinbase.AsyncClient(auth_url=auth.url, storage_url=kinto.url, session_store=store)
    with kinbase.AuthClient(auth.url) as signer:
        session = signer.sign_up(
            {"email": f"view-{uuid.uuid4().hex}@example.com", "password": PASSWORD}
        ).session
    assert session is not None
    key = "k" * 43
    per_round = 2000
    auth_obj = client.auth.as_httpx_auth()
    import jwt

    # first sight of a user's tokens (claims read, user built): distinct tokens each time
    fresh = [
        jwt.encode(
            {"sub": str(uuid.uuid4()), "aud": "authenticated", "role": "authenticated",
             "email": f"u{n}@example.com", "exp": int(time.time()) + 3600},
            "bench-signing-key-of-32-bytes-or-more",
        )
        for n in range(per_round * rounds + 1)
    ]  # fmt: skip
    unseen = iter(fresh)
    cases = {
        "as_user_us": lambda: client.as_user(session.access_token, session.refresh_token),
        "as_user_first_sight_us": lambda: client.as_user(next(unseen), "refresh"),
        "for_session_us": lambda: client.for_session(key),
        "storage_with_auth_us": lambda: client.storage.with_auth(auth_obj),
    }
    figures: dict[str, Any] = {}
    for name, make in cases.items():
        make()  # warm
        samples = []
        for _ in range(rounds):
            began = time.perf_counter()
            for _ in range(per_round):
                make()
            samples.append((time.perf_counter() - began) / per_round * 1e6)
        figures[name] = round(min(samples), 2)
        figures[name[: -len("_us")] + "_median_us"] = round(median(samples), 2)
    figures["samples"] = f"best and median of {rounds} rounds x {per_round} views"
    asyncio.run(client.aclose())
    return figures


# -- the run -----------------------------------------------------------------------------


def run(sizes: dict[str, int]) -> dict[str, Any]:
    results: dict[str, Any] = {"sizes": sizes}
    auth = AuthServer()
    redis = RedisServer()
    cluster = PostgresCluster()
    kinto = None
    try:
        auth.start()
        redis.start()
        cluster.start()
        kinto = KintoServer(auth_url=auth.url)
        kinto.start()
        dsn = cluster.create_database("web_bench")
        for kind, url in (("redis", redis.url), ("postgresql", dsn)):
            runs = []
            for n in range(sizes["expiries"]):
                _log(f"herd on {kind}: expiry {n + 1}")
                store_kind = "redis" if kind == "redis" else "postgres"
                runs.append(_herd(store_kind, url, auth, sizes["processes"], sizes["tasks"]))
            results[f"herd_{kind}"] = runs
        for kind, url in (("redis", redis.url), ("postgresql", dsn))[: sizes["kills"]]:
            _log(f"lease holder killed mid-refresh on {kind}")
            store_kind = "redis" if kind == "redis" else "postgres"
            results[f"killed_holder_{kind}"] = _killed_holder(store_kind, url, auth, 5.0)
        _log(f"{sizes['users']} users through one pool")
        results["users_one_pool"] = asyncio.run(_users(auth, kinto, sizes["users"]))
        _log("cost of a view")
        results["view_cost"] = _view_cost(auth, kinto, redis.url, sizes["view_rounds"])
    finally:
        if kinto is not None:
            kinto.close()
        cluster.close()
        redis.close()
        auth.close()
    return results


def markdown(results: dict[str, Any]) -> str:
    sizes = results["sizes"]
    lines = [
        "# kinbase in a web backend (issue 16)",
        "",
        f"`python -m bench.web` (run by `make bench`); {results.get('when', '')}.",
        "",
        f"## Herd: {sizes['processes']} processes x {sizes['tasks']} tasks, one expired session",
        "",
        "| store | expiry | refreshes | requests answered | errors | distinct tokens | seconds |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for kind in ("redis", "postgresql"):
        for n, run in enumerate(results.get(f"herd_{kind}", []), 1):
            lines.append(
                f"| {kind} | {n} | {run['refreshes']} | {run['answered']}/{run['requests']} "
                f"| {run['errors']} | {run['distinct_tokens']} | {run['seconds']} |"
            )
    lines += [
        "",
        "## A lease holder killed mid-refresh (2 processes x 50 tasks waiting behind it)",
        "",
        "The holder took its lease (it lapses after 5 s) and started its refresh before it was",
        "killed: the others wait at most until the lease lapses, then one of them refreshes",
        "(the dead holder's refresh token is still honoured within GoTrue's reuse interval).",
        "",
        "| store | lease (s) | seconds from the kill to the first answer | to the last "
        "| answered | errors | refreshes by the others |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for kind in ("redis", "postgresql"):
        run = results.get(f"killed_holder_{kind}")
        if run:
            lines.append(
                f"| {kind} | {run['lock_ttl']} | {run['seconds_from_kill_to_first_answer']} "
                f"| {run['seconds_from_kill_to_all_answered']} "
                f"| {run['answered']}/{run['requests']} | {run['errors']} "
                f"| {run['refreshes_by_the_others']} |"
            )
    users = results.get("users_one_pool", {})
    cost = results.get("view_cost", {})
    lines += [
        "",
        f"## {users.get('users')} users through one pool (limit {users.get('pool_limit')})",
        "",
        "| answered as themselves | errors | connections opened | open at most at once "
        "| heap peak (MiB) | per user (KiB) | seconds |",
        "| --- | --- | --- | --- | --- | --- | --- |",
        f"| {users.get('answered_as_themselves')} | {users.get('errors')} "
        f"| {users.get('connections_opened')} | {users.get('connections_open_at_most')} "
        f"| {users.get('heap_peak_mib')} | {users.get('heap_peak_kib_per_user')} "
        f"| {users.get('seconds')} |",
        "",
        f"(the client's call budget raised to {users.get('call_budget_s')} s: 1,000 requests "
        "queue for 20 connections)",
        "",
        "## Cost of a user-bound view (no I/O; target <= 50 us)",
        "",
        "| | client.as_user (tokens seen before) | client.as_user (first sight) "
        "| client.for_session | storage.with_auth |",
        "| --- | --- | --- | --- | --- |",
    ]
    for label, suffix in (("best", "_us"), ("median", "_median_us")):
        names = ("as_user", "as_user_first_sight", "for_session", "storage_with_auth")
        cells = " | ".join(f"{cost.get(name + suffix)} us" for name in names)
        lines.append(f"| {label} | {cells} |")
    lines += [
        "",
        f"({cost.get('samples')}; the machine's other load shows in the median.)",
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--smoke", action="store_true", help="tiny sizes, seconds")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results")
    args = parser.parse_args()
    results = run(SMOKE if args.smoke else FULL)
    results["when"] = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "web.json").write_text(json.dumps(results, indent=2) + "\n")
    (args.out / "web.md").write_text(markdown(results))
    print(markdown(results))


if __name__ == "__main__":
    main()
