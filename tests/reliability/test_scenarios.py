"""The six fault scenarios of issue 5, each with the sync and the async client, against the
real Kinto (and the auth test server) behind the fault proxy."""

from __future__ import annotations

import asyncio
import functools
import itertools
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import attrs
import httpx
import pytest
from kinbase._http.retry import RetryPolicy
from kinbase.client import AsyncClient, Client
from kinbase.errors import (
    BackendUnavailableError,
    BatchError,
    KinbaseError,
    OutcomeUnknownError,
    PreconditionFailedError,
    RetryTimeoutError,
)

from tests.faultproxy import Fault, FaultProxy, Rule
from tests.faultproxy.fixtures import FaultProxyFactory
from tests.servers import AnyAuthServer, KintoFactory, KintoServer

from ._support import (
    FAST_RETRY,
    PASSWORD,
    Bearer,
    Census,
    Runner,
    census,
    make_runner,
    rows,
    setup_collection,
    sign_up,
)
from .conftest import Figures

pytestmark = pytest.mark.faults

BULK = 5000
BATCH = r"/batch$"
#: Kinto's cache (auth verifications) in memory rather than in PostgreSQL: concurrent
#: requests with one token otherwise collide on its cache row (409, Retry-After: 3).
MEMORY_CACHE: dict[str, Any] = {
    "kinto.cache_backend": "kinto.core.cache.memory",
    "kinto.cache_url": None,
}
#: The bulk jobs' own Kinto: one page for the census, and no history plugin (it doubles
#: the writes per record; these scenarios are about the records, not their history).
BULK_SETTINGS: dict[str, Any] = {
    "paginate_by": None,
    "kinto.includes": "kinto.plugins.accounts kinto.plugins.openid",
    **MEMORY_CACHE,
}


def resume_from(error: BatchError, data: list[dict[str, Any]], b: Runner) -> int:
    """Queue again, with the ids the report names, every create that is not known to be
    applied; ``if_not_exists`` makes an "unknown" one that was in fact applied a no-op."""
    again = 0
    for outcome in error.outcomes:
        if outcome.outcome in ("ok", "tolerated"):
            continue
        record_id = outcome.path.rsplit("/", 1)[1]
        b.create_record(id=record_id, data=data[outcome.index], if_not_exists=True)
        again += 1
    return again


def check_report(error: BatchError, server_numbers: set[int]) -> None:
    """The report is exact: what it calls applied is on the server, what it calls not
    applied is not; only "unknown" may be either."""
    for outcome in error.outcomes:
        n = outcome.index  # rows are queued in order: index == n
        if outcome.outcome in ("ok", "tolerated"):
            assert n in server_numbers, outcome
        elif outcome.outcome in ("not sent", "rolled back", "failed"):
            assert n not in server_numbers, outcome
        else:
            assert outcome.outcome == "unknown", outcome


# --------------------------------------------------------------------------- scenario 1


def test_scenario_1_bulk_import_under_random_faults(
    mode: str,
    loop: asyncio.AbstractEventLoop | None,
    kinto_factory: KintoFactory,
    fault_proxy: FaultProxyFactory,
    figures: Figures,
) -> None:
    server = kinto_factory(**BULK_SETTINGS)
    auth = sign_up(server.url)
    setup_collection(server.url, auth)
    proxy = fault_proxy(server.url)
    faults = [
        (Fault.RESET_MID_REQUEST, {}),  # never reaches Kinto
        (Fault.SERVICE_UNAVAILABLE, {"retry_after": 0}),
        (Fault.TOO_MANY_REQUESTS, {"retry_after": 0}),
        (Fault.RESET_MID_RESPONSE, {}),  # committed, answer cut
        (Fault.DROP_AFTER_COMMIT, {}),  # committed, no answer at all
        (Fault.TRUNCATED_BODY, {}),  # committed, half the answer
        (Fault.DELAY_RESPONSE, {"delay": 0.2}),
    ]
    for seed, (kind, options) in enumerate(faults):
        proxy.add(Rule(kind, method="POST", path=BATCH, probability=0.03, seed=seed, **options))
    proxy.add(Rule(Fault.BACKOFF, method="POST", path=BATCH, nth=50, backoff=1))
    proxy.add(Rule(Fault.REFUSE, probability=0.2, seed=99))  # new connections only

    kb = make_runner(mode, loop, proxy.url, auth=auth, bucket="b", collection="c", retry=FAST_RETRY)
    data = list(rows(BULK))
    started = time.monotonic()
    report: BatchError | None = None
    try:
        with kb.batch() as b:
            for row in data:
                b.create_record(data=row)
    except BatchError as exc:
        report = exc
    resent = 0
    if report is not None:  # the client said exactly what was not applied: check, resume
        check_report(report, set(census(server.url, auth).numbers))
        with kb.batch() as b:
            resent = resume_from(report, data, b)
    elapsed = time.monotonic() - started
    kb.close()

    stats = proxy.stats
    found = census(server.url, auth)
    figures.record(
        f"scenario 1 bulk import [{mode}]",
        expected=BULK,
        found=found.count,
        duplicated=found.duplicated,
        missing=len(found.missing(range(BULK))),
        requests=stats.requests,
        faulted=stats.faulted,
        fault_ratio=round(stats.fault_ratio, 3),
        refused_connections=stats.faults.get(Fault.REFUSE, 0),
        faults={kind.value: n for kind, n in stats.faults.items()},
        batch_error=report is not None,
        resent=resent,
        seconds=round(elapsed, 1),
    )
    assert stats.fault_ratio >= 0.10, stats
    assert found.count == BULK
    assert found.duplicated == 0
    assert len(set(found.ids)) == BULK
    assert found.missing(range(BULK)) == set()


# --------------------------------------------------------------------------- scenario 2


@pytest.mark.parametrize("fault", [Fault.DROP_AFTER_COMMIT, Fault.RESET_MID_RESPONSE])
def test_scenario_2_lost_create_response_is_not_duplicated(
    mode: str,
    loop: asyncio.AbstractEventLoop | None,
    kinto: KintoServer,
    fault_proxy: FaultProxyFactory,
    fault: Fault,
    figures: Figures,
) -> None:
    auth = sign_up(kinto.url)
    setup_collection(kinto.url, auth)
    proxy = fault_proxy(kinto.url)
    kb = make_runner(mode, loop, proxy.url, auth=auth, bucket="b", collection="c", retry=FAST_RETRY)
    creates = proxy.add(Rule(fault, method="PUT", path=r"/records/[^/]+$", nth=1))
    batches = proxy.add(Rule(fault, method="POST", path=BATCH, nth=1))

    record = kb.create_record(data={"n": 0})  # client-side id: a plain retry is safe
    explicit = kb.create_record(id="explicit", data={"n": 1}, if_not_exists=True)
    with kb.batch() as b:
        for n in range(2, 12):
            b.create_record(data={"n": n})
    kb.close()

    assert creates.fired == 1 and batches.fired == 1
    assert proxy.stats.forwarded >= 4  # each faulted write reached Kinto and was resent
    found = census(kinto.url, auth)
    figures.record(
        f"scenario 2 lost create response, {fault.value} [{mode}]",
        expected=12,
        found=found.count,
        duplicated=found.duplicated,
        faulted=proxy.stats.faulted,
    )
    assert record["data"]["n"] == 0 and record["data"]["id"] in found.ids
    assert explicit["data"]["id"] == "explicit"
    assert found.count == 12 and found.duplicated == 0
    assert found.missing(range(12)) == set()


# --------------------------------------------------------------------------- scenario 3

WRITERS = 8


def test_scenario_3_concurrent_safe_writers_one_wins(
    mode: str,
    loop: asyncio.AbstractEventLoop | None,
    kinto: KintoServer,
    fault_proxy: FaultProxyFactory,
    figures: Figures,
) -> None:
    auth = sign_up(kinto.url)
    setup_collection(kinto.url, auth)
    proxy = fault_proxy(kinto.url)
    # Refusals the server never saw: retried, and must not turn a loser into a winner.
    proxy.add(
        Rule(Fault.SERVICE_UNAVAILABLE, method="PUT|PATCH", probability=0.3, seed=3, retry_after=0)
    )
    # (a PATCH whose connection breaks is not resent: it may have been applied)
    proxy.add(Rule(Fault.RESET_MID_REQUEST, method="PUT", probability=0.2, seed=4))
    kb = make_runner(mode, loop, proxy.url, auth=auth, bucket="b", collection="c", retry=FAST_RETRY)
    original = kb.create_record(id="r1", data={"v": 0})["data"]

    def attempt(i: int, how: str, seen: dict[str, Any]) -> Any:
        if how == "update":
            return kb.client.update_record(id="r1", data={**seen, "writer": i})
        return kb.client.patch_record(id="r1", data={"writer": i}, if_match=seen["last_modified"])

    rounds: list[tuple[str, int, int]] = []
    for how in ("update", "patch"):
        seen = kb.get_record(id="r1")["data"]
        outcomes = _race(
            kb, loop, [functools.partial(attempt, i, how, seen) for i in range(WRITERS)]
        )
        winners = [r for r in outcomes if not isinstance(r, BaseException)]
        losers = [r for r in outcomes if isinstance(r, BaseException)]
        if len(winners) > 1 and kinto.backend == "postgresql":
            _kinto_postgresql_lost_update(kb, winners, losers, figures, mode)
        assert len(winners) == 1, outcomes
        current = kb.get_record(id="r1")["data"]
        won = winners[0]["data"]
        assert current == won  # the winner's write is what the server holds
        unknown = 0
        for error in losers:
            if isinstance(error, OutcomeUnknownError):
                # A PUT reset mid-request, then resent, met the winner's write: the client
                # cannot tell whether its first attempt was applied (issue 15, item 18) and
                # says so instead of a 412. Only a reset PUT can end this way.
                assert how == "update", repr(error)
                assert isinstance(error.answer, PreconditionFailedError), repr(error)
                assert error.answer.existing == current
                unknown += 1
                continue
            assert isinstance(error, PreconditionFailedError), repr(error)
            assert error.existing == current  # the server's current version, in the error
        assert unknown <= proxy.stats.faults.get(Fault.RESET_MID_REQUEST, 0)
        assert current["last_modified"] > seen["last_modified"]
        rounds.append((how, len(winners), len(losers)))
    kb.close()
    history = census(kinto.url, auth)
    figures.record(
        f"scenario 3 concurrent safe writers [{mode}]",
        writers=WRITERS,
        rounds=len(rounds),
        winners_per_round=1,
        precondition_errors=sum(r[2] for r in rounds),
        expected=1,
        found=history.count,
        duplicated=history.duplicated,
        faulted=proxy.stats.faulted,
    )
    assert original["v"] == 0 and history.count == 1


def _kinto_postgresql_lost_update(
    kb: Runner, winners: list[Any], losers: list[Any], figures: Figures, mode: str
) -> None:
    """Kinto 26.5 on PostgreSQL checks ``If-Match`` against a plain SELECT and then
    upserts, in READ COMMITTED transactions without a row lock
    (kinto/core/resource/__init__.py ``put``/``patch``, storage/postgresql ``update``):
    concurrent conditional writes can all pass the check. No client can make that
    check atomic; what kinbase guarantees is checked, then the test is marked xfail."""
    current = kb.get_record(id="r1")["data"]
    assert any(w["data"]["writer"] == current["writer"] for w in winners)
    for error in losers:
        if isinstance(error, OutcomeUnknownError):
            # a PUT reset mid-request and resent into another writer's version
            # (see the memory-backend branch above)
            error = error.answer
        assert isinstance(error, PreconditionFailedError), repr(error)
        assert error.existing is not None
    figures.record(
        f"scenario 3 concurrent safe writers [{mode}]",
        server_lost_updates=len(winners) - 1,
    )
    pytest.xfail(
        f"Kinto on PostgreSQL accepted {len(winners)} concurrent If-Match writes "
        "(server-side check-then-write race; see docs/reliability.md)"
    )


def _race(kb: Runner, loop: asyncio.AbstractEventLoop | None, calls: list[Any]) -> list[Any]:
    """Start every call at once (threads on one sync client, tasks on one async client)."""
    if loop is None:
        barrier = threading.Barrier(len(calls))

        def run(call: Any) -> Any:
            barrier.wait()
            try:
                return call()
            except KinbaseError as exc:
                return exc

        with ThreadPoolExecutor(len(calls)) as pool:
            return list(pool.map(run, calls))

    async def gather() -> list[Any]:
        return await asyncio.gather(*(call() for call in calls), return_exceptions=True)

    return list(loop.run_until_complete(gather()))


# --------------------------------------------------------------------------- scenario 4

EXPIRIES = 3
WORKERS = 8


def test_scenario_4_token_expiry_during_a_faulty_bulk_job(
    mode: str,
    loop: asyncio.AbstractEventLoop | None,
    kinto: KintoServer,
    auth: AnyAuthServer,
    fault_proxy: FaultProxyFactory,
    figures: Figures,
) -> None:
    # The double's clock jumps; the real GoTrue's tokens expire by themselves (real time).
    real = auth.kind != "double"
    lifetime = 3.0 if kinto.backend != "postgresql" else 8.0
    settings: dict[str, object] = {"refresh_reuse_interval": 10}
    if real:
        settings["access_token_lifetime"] = int(lifetime)
    auth.configure(settings)
    kinto_proxy = fault_proxy(kinto.url)
    auth_proxy = fault_proxy(auth.url)
    cls = Client if mode == "sync" else AsyncClient
    # The server's reuse interval (10 s) exceeds the retry budget (8 s): a refresh whose
    # answer was lost may be resent, and the resend gets the current token back.
    policy = attrs.evolve(FAST_RETRY, max_total_seconds=8.0, backoff_max=4.0)  # Retry-After: 3
    client = cls(
        auth_url=auth_proxy.url,
        storage_url=kinto_proxy.url,
        bucket="jobs",
        collection="items",
        retry=policy,
        refresh_reuse_interval=10,
    )
    kb = Runner(client.storage, loop)
    events: list[str] = []
    client.auth.on_auth_state_change(lambda event, _session: events.append(event))
    kb.run(client.auth.sign_up({"email": "job@example.com", "password": PASSWORD}))
    kb.create_bucket(id="jobs")
    for worker in range(WORKERS):  # one collection per writer: no PostgreSQL conflicts
        kb.create_collection(id=f"items-{worker}")

    for seed, kind in enumerate(
        (Fault.SERVICE_UNAVAILABLE, Fault.RESET_MID_RESPONSE, Fault.RESET_MID_REQUEST)
    ):
        kinto_proxy.add(
            Rule(kind, method="PUT", path="/records/", probability=0.05, seed=seed, retry_after=0)
        )
    kinto_proxy.add(Rule(Fault.REFUSE, probability=0.1, seed=7))
    token = r"/token$"
    auth_proxy.add(Rule(Fault.SERVICE_UNAVAILABLE, method="POST", path=token, nth=1, retry_after=0))
    dropped = auth_proxy.add(Rule(Fault.DROP_AFTER_COMMIT, method="POST", path=token, nth=3))
    auth_proxy.add(Rule(Fault.TOO_MANY_REQUESTS, method="POST", path=token, nth=5, retry_after=0))
    refreshes_before = _refresh_calls(auth)

    # The clock jumps EXPIRIES times while the workers write; the jumps are further apart
    # than the longest call, as with real token lifetimes (a call outliving two tokens
    # fails). On PostgreSQL, Kinto answers the concurrent writers' collisions on its
    # cache row of the token with 409 and Retry-After: 3, so calls can last 3 s there.
    spacing = 3.5 if kinto.backend == "postgresql" else 1.0
    numbers = itertools.count()
    handed: list[int] = []
    stop = threading.Event()

    def next_row(worker: int) -> dict[str, Any] | None:
        if stop.is_set():
            return None
        n = next(numbers)
        handed.append(n)
        return {"n": n, "worker": worker}

    def expire_tokens() -> None:
        for _ in range(EXPIRIES):
            time.sleep(lifetime if real else spacing)
            if not real:
                auth.advance_clock(4000)  # every access token issued so far has expired
        time.sleep(0.5)
        stop.set()

    clock = threading.Thread(target=expire_tokens, name="token-expiry")
    errors: list[BaseException] = []
    if loop is None:

        def run_sync(worker: int) -> None:
            try:
                while (row := next_row(worker)) is not None:
                    client.storage.create_record(collection=f"items-{worker}", data=row)
            except BaseException as exc:  # reported below
                errors.append(exc)
                stop.set()

        threads = [threading.Thread(target=run_sync, args=(w,)) for w in range(WORKERS)]
        clock.start()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(120)
    else:

        async def run_async(worker: int) -> None:
            try:
                while (row := next_row(worker)) is not None:
                    await client.storage.create_record(collection=f"items-{worker}", data=row)
            except BaseException as exc:
                errors.append(exc)
                stop.set()

        async def all_workers() -> None:
            await asyncio.gather(*(run_async(w) for w in range(WORKERS)))

        clock.start()
        loop.run_until_complete(all_workers())
    clock.join(60)
    expected = len(handed)

    refreshes = _refresh_calls(auth) - refreshes_before
    user = kb.run(client.auth.get_user())
    session = kb.run(client.auth.get_session())
    if loop is None:
        client.close()
    else:
        loop.run_until_complete(client.aclose())
    found = Census()
    reader = session.access_token
    if real:  # the job's tokens live 3 s: count with a long-lived token of a fresh sign-in
        auth.configure({"access_token_lifetime": 3600})
        answer = httpx.post(
            f"{auth.url}/token?grant_type=password",
            json={"email": "job@example.com", "password": PASSWORD},
            timeout=30,
        )
        reader = answer.json()["access_token"]
    for worker in range(WORKERS):
        part = census(kinto.url, Bearer(reader), "jobs", f"items-{worker}")
        found.ids += part.ids
        found.numbers += part.numbers
    figures.record(
        f"scenario 4 token expiry during a faulty job [{mode}]",
        expected=expected,
        found=found.count,
        duplicated=found.duplicated,
        expiries=EXPIRIES,
        refreshes_sent=refreshes,
        refresh_resends_after_lost_answer=dropped.fired,
        kinto_faulted=kinto_proxy.stats.faulted,
        auth_faulted=auth_proxy.stats.faulted,
        signed_out=events.count("SIGNED_OUT"),
    )
    assert errors == []
    assert user is not None and user.user is not None
    assert "SIGNED_OUT" not in events  # no refresh_token_already_used, no revoked session
    # Exactly one refresh per expiry, plus the resend of the one whose answer was dropped
    # (the real GoTrue answers that resend within its reuse interval: the session lives).
    if real:
        # Tokens expire in real time (the client refreshes ahead of each expiry); the lost
        # answer was committed on GoTrue and its resend got the session through. Never more
        # than one request per refresh plus that resend reached the server.
        assert dropped.fired == 1
        assert events.count("TOKEN_REFRESHED") >= EXPIRIES - 1
        assert refreshes <= events.count("TOKEN_REFRESHED") + dropped.fired
    else:
        assert refreshes == EXPIRIES + dropped.fired
        assert events.count("TOKEN_REFRESHED") == EXPIRIES
    assert found.count == expected and found.duplicated == 0
    assert found.missing(set(handed)) == set()


def _refresh_calls(auth: AnyAuthServer) -> int:
    return int(auth.stats().get("POST /token?grant_type=refresh_token", 0))


# --------------------------------------------------------------------------- scenario 5

RESTART_RECORDS = 600


@pytest.mark.postgresql
def test_scenario_5_kinto_killed_and_restarted_during_a_job(
    mode: str,
    loop: asyncio.AbstractEventLoop | None,
    kinto_factory: KintoFactory,
    figures: Figures,
) -> None:
    server = kinto_factory(**BULK_SETTINGS)
    auth = sign_up(server.url)
    setup_collection(server.url, auth)
    data = list(rows(RESTART_RECORDS))
    half = RESTART_RECORDS // 2

    # 1. Killed (SIGKILL) in the middle of the job and restarted: the retries carry the job
    #    over the outage and it ends as if nothing happened.
    patient = attrs.evolve(FAST_RETRY, max_attempts=100, backoff_max=0.5, max_total_seconds=30)
    kb = make_runner(mode, loop, server.url, auth=auth, bucket="b", collection="c", retry=patient)
    assert _job_with_outage(server, kb, data[:half], down_seconds=0.5) is None
    first = census(server.url, auth)
    assert first.count == half and first.duplicated == 0

    # 2. Killed again, and down for longer than the retry budget: the job fails with a
    #    report saying, per record, what was applied; resuming from it completes the job.
    impatient = attrs.evolve(FAST_RETRY, max_total_seconds=1.0)
    kb2 = make_runner(
        mode, loop, server.url, auth=auth, bucket="b", collection="c", retry=impatient
    )
    report = _job_with_outage(server, kb2, data[half:], down_seconds=2.5)
    assert report is not None
    assert report.committed_chunks and (report.unknown_chunks or report.unsent_chunks)
    on_server = set(census(server.url, auth).numbers)
    offset_report = _shift(report, half)
    check_report(offset_report, on_server)
    with kb.batch() as b:
        resent = resume_from(offset_report, data, b)
    kb.close()
    kb2.close()

    found = census(server.url, auth)
    figures.record(
        f"scenario 5 Kinto (PostgreSQL) killed and restarted [{mode}]",
        expected=RESTART_RECORDS,
        found=found.count,
        duplicated=found.duplicated,
        kills=2,
        committed_chunks=len(report.committed_chunks),
        unknown_chunks=len(report.unknown_chunks),
        unsent_chunks=len(report.unsent_chunks),
        resent=resent,
    )
    assert found.count == RESTART_RECORDS and found.duplicated == 0
    assert found.missing(range(RESTART_RECORDS)) == set()


def _job_with_outage(
    server: KintoServer, kb: Runner, data: list[dict[str, Any]], down_seconds: float
) -> BatchError | None:
    """Import ``data`` in a worker thread; once 4 chunks were posted, SIGKILL Kinto, keep it
    down ``down_seconds`` and start it again. Kinto is (re)started from this thread: the
    harness ties a server's life to the thread that started it (PR_SET_PDEATHSIG)."""

    def job() -> BatchError | None:
        try:
            with kb.batch() as b:
                for row in data:
                    b.create_record(data=row)
        except BatchError as exc:
            return exc
        return None

    with ThreadPoolExecutor(1) as pool:
        future = pool.submit(job)
        deadline = time.monotonic() + 30
        while sum(1 for r in list(kb.requests) if r.url.path.endswith("/batch")) < 4:
            assert time.monotonic() < deadline and not future.done()
            time.sleep(0.01)
        server.kill()
        time.sleep(down_seconds)
        server.start()
        return future.result(timeout=120)


def _shift(report: BatchError, offset: int) -> BatchError:
    """The report of a batch that queued ``data[offset:]``, with indexes into ``data``."""
    for outcome in report.outcomes:
        outcome.index += offset
    return report


# --------------------------------------------------------------------------- scenario 6

BUDGET = 1.5  # max_total_seconds
# A hang guard, not a timing assertion (timings belong in benchmarks): a client that kept
# retrying past its budget would run until pytest's timeout; this bound only says it ended.
SLACK = 30.0


def test_scenario_6_a_server_that_never_recovers(
    mode: str,
    loop: asyncio.AbstractEventLoop | None,
    kinto: KintoServer,
    fault_proxy: FaultProxyFactory,
    figures: Figures,
) -> None:
    auth = sign_up(kinto.url)
    setup_collection(kinto.url, auth)
    policy = RetryPolicy(
        max_attempts=1000, backoff_base=0.1, backoff_max=0.5, max_total_seconds=BUDGET
    )
    timings: dict[str, float] = {}

    def bounded(
        name: str, proxy: FaultProxy, expected: type[BaseException], **options: Any
    ) -> BaseException:
        kb = make_runner(
            mode, loop, proxy.url, auth=auth, bucket="b", collection="c", retry=policy, **options
        )
        started = time.monotonic()
        with pytest.raises(expected) as info:
            kb.get_record(id="r1")
        timings[name] = round(time.monotonic() - started, 2)
        assert timings[name] < BUDGET + SLACK, (name, timings[name])
        kb.close()
        assert str(info.value)  # a message, naming what happened
        return info.value

    # 503 with Retry-After forever: the last answer is raised once the budget is spent.
    unavailable = fault_proxy(kinto.url)
    unavailable.add(Rule(Fault.SERVICE_UNAVAILABLE, retry_after=0))
    error = bounded("503 forever", unavailable, BackendUnavailableError)
    assert error.status_code == 503  # type: ignore[attr-defined]

    # Connections refused forever.
    refused = fault_proxy(kinto.url)
    refused.pause()
    error = bounded("refused forever", refused, RetryTimeoutError)
    assert "ConnectError" in str(error) and "max_total_seconds" in str(error)

    # A black hole: the request is accepted and never answered.
    hole = fault_proxy(kinto.url)
    hole.add(Rule(Fault.DELAY_REQUEST, delay=60))
    error = bounded("never answers", hole, RetryTimeoutError, timeout=0.5)
    assert "ReadTimeout" in str(error)

    # A bulk job against it: one BatchError, in bounded time, saying what was not applied.
    batch_down = fault_proxy(kinto.url)
    batch_down.add(Rule(Fault.SERVICE_UNAVAILABLE, method="POST", path=BATCH, retry_after=0))
    kb = make_runner(
        mode, loop, batch_down.url, auth=auth, bucket="b", collection="c", retry=policy
    )
    started = time.monotonic()
    with pytest.raises(BatchError) as info, kb.batch() as b:
        for row in rows(60):
            b.create_record(data=row)
    timings["bulk job"] = round(time.monotonic() - started, 2)
    kb.close()
    assert timings["bulk job"] < BUDGET + SLACK
    report = info.value
    assert report.committed_chunks == [] and report.unknown_chunks == [0]
    assert report.unsent_chunks == [1, 2]
    assert [o.outcome for o in report.outcomes] == ["unknown"] * 25 + ["not sent"] * 35
    assert census(kinto.url, auth).count == 0
    figures.record(f"scenario 6 server never recovers [{mode}]", budget=BUDGET, seconds=timings)
