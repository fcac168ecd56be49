"""Batches against the real Kinto: chunking, results, failures (sync and async)."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from kinbase import RetryPolicy
from kinbase.errors import (
    BatchError,
    ConflictError,
    InvalidInputError,
    PreconditionFailedError,
    ServerError,
)
from kinbase.storage import JSONPatch, MergePatch, _requests
from kinbase_storage_api.api.records import patch_record

from tests.servers import KintoFactory
from tests.storage.conftest import PASSWORD, MakeClient, Runner, sign_up


def _batch_posts(kb: Runner) -> int:
    return sum(1 for r in kb.requests if r.method == "POST" and r.url.path.endswith("/batch"))


def test_batch_results_in_order(kbc: Runner) -> None:
    kbc.requests.clear()
    with kbc.batch() as b:
        b.create_record(id="r1", data={"n": 1})
        b.create_record(data={"n": 2})
        b.patch_record(id="r1", changes=MergePatch(data={"m": 1}))
        b.get_record(id="r1")
        b.delete_record(id="r1")
    results = b.client.results()
    assert [r["data"].get("n") for r in results[:2]] == [1, 2]
    assert results[2]["data"]["m"] == 1
    assert results[3]["data"]["id"] == "r1"
    assert results[4]["data"]["deleted"] is True
    assert _batch_posts(kbc) == 1
    assert [r["n"] for r in kbc.get_records()] == [2]


def test_batch_uses_defaults_and_overrides(kb: Runner) -> None:
    kb.create_bucket(id="other")
    kb.create_collection(id="oc", bucket="other")
    with kb.batch(bucket="other", collection="oc") as b:
        b.create_record(id="x", data={})
    assert kb.get_record(id="x", bucket="other", collection="oc")["data"]["id"] == "x"


def test_batch_chunks_by_server_limit(kinto_factory: KintoFactory, make_client: MakeClient) -> None:
    server = kinto_factory(batch_max_requests=3)
    kb = make_client(server.url, auth=sign_up(server.url), bucket="b", collection="c")
    kb.create_bucket(id="b")
    kb.create_collection(id="c")
    kb.requests.clear()
    with kb.batch() as b:
        for i in range(8):
            b.create_record(id=f"r{i}", data={"n": i})
    assert _batch_posts(kb) == 3  # 3 + 3 + 2
    assert sum(1 for r in kb.requests if r.url.path.endswith("/v1/")) == 1  # read once
    assert [r["data"]["n"] for r in b.client.results()] == list(range(8))
    assert len(kb.get_records()) == 8
    kb.requests.clear()
    with kb.batch() as b:
        b.delete_record(id="r0")
    assert sum(1 for r in kb.requests if r.url.path.endswith("/v1/")) == 0  # cached


def test_batch_4xx_raises_one_error_after_all_chunks(
    kinto_factory: KintoFactory, make_client: MakeClient
) -> None:
    server = kinto_factory(batch_max_requests=2)
    kb = make_client(server.url, auth=sign_up(server.url), bucket="b", collection="c")
    kb.create_bucket(id="b")
    kb.create_collection(id="c")
    kb.create_record(id="exists", data={"v": 0})
    with pytest.raises(BatchError) as info, kb.batch() as b:
        b.create_record(id="a", data={})
        b.create_record(id="exists", data={"v": 1})  # 412
        b.get_record(id="missing")  # 404
        b.create_record(id="z", data={})
    error = info.value
    assert [o.outcome for o in error.outcomes] == ["ok", "failed", "failed", "ok"]
    assert [o.status for o in error.outcomes] == [201, 412, 404, 201]
    assert error.committed_chunks == [0, 1]  # 4xx still commit
    assert error.unsent_chunks == []
    assert isinstance(error.outcomes[1].error, PreconditionFailedError)
    assert error.outcomes[1].error.existing["v"] == 0
    assert "412" in str(error) and "/records/exists" in str(error)
    assert PASSWORD not in str(error)
    assert {r["id"] for r in kb.get_records()} == {"exists", "a", "z"}


def test_batch_ignore_4xx(kbc: Runner, make_client: MakeClient) -> None:
    kbc.create_record(id="exists", data={})
    with kbc.batch(ignore_4xx=True) as b:
        b.create_record(id="exists", data={})
        b.create_record(id="new", data={})
    assert b.client.results()[0]["errno"] == 114
    ignoring = kbc.clone(ignore_batch_4xx=True)
    with ignoring.batch() as b:
        b.get_record(id="missing")
    assert b.client.results()[0]["code"] == 404


def test_batch_if_exists_and_if_not_exists_are_tolerated(kbc: Runner) -> None:
    kbc.create_record(id="exists", data={})
    with kbc.batch() as b:
        b.create_record(id="exists", data={}, if_not_exists=True)
        b.delete_record(id="missing", if_exists=True)
    assert [r.get("errno") for r in b.client.results()] == [114, 110]


def test_batch_server_error_stops_remaining_chunks(
    kinto_factory: KintoFactory, make_client: MakeClient
) -> None:
    """Kinto 26.5 answers 500 to Response-Behavior: light with the history plugin on; a
    crashing sub-request makes the whole POST /batch answer 500."""
    server = kinto_factory(batch_max_requests=2)
    kb = make_client(server.url, auth=sign_up(server.url), bucket="b", collection="c")
    kb.create_bucket(id="b")
    kb.create_collection(id="c")
    kb.create_record(id="r", data={})
    crash = _requests.RequestPlan(
        patch_record._get_kwargs(
            "b",
            "c",
            "r",
            body=_requests.raw_body(patch_record.RecordWrite, {"data": {"x": 1}}),
            response_behavior="light",
        )
    )
    with pytest.raises(BatchError) as info, kb.batch() as b:
        b.create_record(id="first", data={})
        b.create_record(id="second", data={})
        b._send(crash)
        b.create_record(id="third", data={})
        b.create_record(id="fourth", data={})
    error = info.value
    assert error.committed_chunks == [0]
    assert error.unknown_chunks == [1]
    assert error.unsent_chunks == [2]
    assert [o.outcome for o in error.outcomes] == ["ok", "ok", "unknown", "unknown", "not sent"]
    assert isinstance(error.outcomes[2].error, ServerError)
    ids = {r["id"] for r in kb.get_records()}
    assert {"first", "second"} <= ids and "fourth" not in ids


def test_batch_refuses_json_patch_and_nesting(kbc: Runner) -> None:
    with pytest.raises(InvalidInputError, match="JSON Patch"), kbc.batch() as b:
        b.patch_record(id="r", changes=JSONPatch([]))
    with pytest.raises(InvalidInputError, match="nested"), kbc.batch() as b:
        b.batch()


def test_batch_sends_nothing_when_the_block_fails(kbc: Runner) -> None:
    kbc.requests.clear()
    with pytest.raises(RuntimeError), kbc.batch() as b:
        b.create_record(id="r", data={})
        raise RuntimeError("boom")
    assert _batch_posts(kbc) == 0
    assert kbc.get_records() == []


def test_batch_concurrent_chunks(kinto_factory: KintoFactory, make_client: MakeClient) -> None:
    """Chunks sent at once, each writing to its own collection (for concurrent chunks
    writing to ONE collection, see test_batch_concurrent_chunks_into_one_collection)."""
    server = kinto_factory(batch_max_requests=2)
    kb = make_client(server.url, auth=sign_up(server.url), bucket="b", retry=3)
    kb.create_bucket(id="b")
    for c in range(5):
        kb.create_collection(id=f"c{c}")
    kb.requests.clear()
    with kb.batch(concurrency=3) as b:
        for i in range(10):
            b.create_record(id=f"r{i}", collection=f"c{i // 2}", data={"n": i})
    assert [r["data"]["n"] for r in b.client.results()] == list(range(10))
    assert _batch_posts(kb) == 5
    for c in range(5):
        assert sorted(r["n"] for r in kb.get_records(collection=f"c{c}")) == [2 * c, 2 * c + 1]
    with pytest.raises(InvalidInputError):
        kb.batch(concurrency=0)


def test_batch_concurrent_chunks_into_one_collection(
    kinto_factory: KintoFactory, make_client: MakeClient
) -> None:
    """On PostgreSQL, concurrent chunks writing into one collection collide: Kinto answers
    409 "Integrity constraint violated, please retry." to a sub-request (rolling back the
    chunk's sub-requests up to it) or to the whole POST /batch. The batch resends what was
    rolled back (default RetryPolicy; Kinto's Retry-After lowered to 1 s to keep this
    short): every record ends up there exactly once."""
    server = kinto_factory(batch_max_requests=5, retry_after_seconds=1)
    kb = make_client(
        server.url, auth=sign_up(server.url), bucket="b", collection="c", retry=RetryPolicy()
    )
    kb.create_bucket(id="b")
    kb.create_collection(id="c")
    total = 200
    with kb.batch(concurrency=4) as b:
        for n in range(total):
            b.create_record(data={"n": n})
    results = b.client.results()
    assert [r["data"]["n"] for r in results] == list(range(total))
    records = kb.get_records()
    assert sorted(r["n"] for r in records) == list(range(total))
    assert sorted(r["id"] for r in records) == sorted(r["data"]["id"] for r in results)


_CONFLICT = {
    "status": 409,
    "headers": {"Content-Type": "application/json", "Retry-After": "0"},
    "body": {
        "code": 409,
        "errno": 122,
        "error": "Conflict",
        "message": "Integrity constraint violated, please retry.",
    },
}


def _inject_conflicts(
    kb: Runner, monkeypatch: pytest.MonkeyPatch, when: Callable[[list[Any]], bool]
) -> list[int]:
    """Make ``kb``'s ``POST /batch`` answer like Kinto on PostgreSQL when its second
    sub-request meets a conflict (for the sub-request lists ``when`` accepts): the first two
    are rolled back (201 then 409, neither applied), the others really run and commit.
    Returns the number of sub-requests of each ``POST /batch``, in order."""
    real = kb.client._send
    sizes: list[int] = []

    def split(call: _requests.RequestPlan) -> tuple[list[Any], _requests.RequestPlan | None] | None:
        if call.kwargs["url"] != "/batch":
            return None
        requests = call.kwargs["json"]["requests"]
        sizes.append(len(requests))
        if not when(requests):
            return None
        head, tail = requests[:2], requests[2:]
        rest = {**call.kwargs, "json": {"requests": tail}}
        return head, (_requests.RequestPlan(rest) if tail else None)

    def merge(head: list[Any], tail: httpx.Response | None) -> httpx.Response:
        rolled_back = {"status": 201, "path": head[0]["path"], "body": head[0]["body"]}
        answers = [rolled_back, {**_CONFLICT, "path": head[1]["path"]}]
        if tail is not None:
            answers += tail.json()["responses"]
        request = httpx.Request("POST", "http://kinto.invalid/v1/batch")
        return httpx.Response(200, json={"responses": answers}, request=request)

    if kb.is_async:

        async def send(call: _requests.RequestPlan, *, check: bool = True) -> httpx.Response:
            parts = split(call)
            if parts is None:
                return await real(call, check=check)
            head, rest = parts
            return merge(head, None if rest is None else await real(rest, check=check))

    else:

        def send(call: _requests.RequestPlan, *, check: bool = True) -> httpx.Response:
            parts = split(call)
            if parts is None:
                return real(call, check=check)
            head, rest = parts
            return merge(head, None if rest is None else real(rest, check=check))

    monkeypatch.setattr(kb.client, "_send", send)
    return sizes


def _conflict_client(kinto_factory: KintoFactory, make_client: MakeClient, **options: Any) -> Any:
    server = kinto_factory(batch_max_requests=4)
    kb = make_client(server.url, auth=sign_up(server.url), bucket="b", collection="c", **options)
    kb.create_bucket(id="b")
    kb.create_collection(id="c")
    return kb


def test_batch_resends_what_a_conflict_rolled_back(
    kinto_factory: KintoFactory, make_client: MakeClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Any backend: the first send of each full chunk meets a conflict on its 2nd
    sub-request; only the rolled-back part (the first two) is sent again. One chunk at a
    time, so that PostgreSQL meets no real conflict here."""
    policy = RetryPolicy(max_attempts=3, backoff_base=0.0, jitter="none")
    kb = _conflict_client(kinto_factory, make_client, retry=policy)
    sizes = _inject_conflicts(kb, monkeypatch, when=lambda requests: len(requests) > 2)
    with kb.batch() as b:
        for n in range(10):  # chunks of 4, 4, 2
            b.create_record(data={"n": n})
    assert sizes == [4, 2, 4, 2, 2]  # chunks 0 and 1 resent their first two
    results = b.client.results()
    assert [r["data"]["n"] for r in results] == list(range(10))
    records = kb.get_records()
    assert sorted(r["n"] for r in records) == list(range(10))


def test_batch_conflict_retries_exhausted_report_what_was_applied(
    kinto_factory: KintoFactory, make_client: MakeClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every send meets a conflict: after the policy's 2 attempts the batch raises, and its
    report matches what the server holds."""
    policy = RetryPolicy(max_attempts=2, backoff_base=0.0, jitter="none")
    kb = _conflict_client(kinto_factory, make_client, retry=policy)
    sizes = _inject_conflicts(kb, monkeypatch, when=lambda requests: len(requests) >= 2)
    with pytest.raises(BatchError) as info, kb.batch() as b:
        for n in range(10):
            b.create_record(data={"n": n})
    assert sizes == [4, 2]  # chunk 0, then its rolled-back part once; then it stops
    error = info.value
    assert [o.outcome for o in error.outcomes] == ["rolled back", "failed", "ok", "ok"] + [
        "not sent"
    ] * 6
    assert isinstance(error.outcomes[1].error, ConflictError)
    assert error.committed_chunks == [0] and error.rolled_back_chunks == [0]
    assert error.unsent_chunks == [1, 2]
    assert sorted(r["n"] for r in kb.get_records()) == [2, 3]  # exactly what was "ok"


def _track_in_flight(kb: Runner, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Records, for each POST /batch, how many were in flight once it started."""
    real = kb.client._send
    state = {"now": 0}
    seen: list[int] = []
    lock = threading.Lock()

    def enter(call: _requests.RequestPlan) -> bool:
        if call.kwargs["url"] != "/batch":
            return False
        with lock:
            state["now"] += 1
            seen.append(state["now"])
        return True

    def leave() -> None:
        with lock:
            state["now"] -= 1

    if kb.is_async:

        async def send(call: _requests.RequestPlan, *, check: bool = True) -> httpx.Response:
            tracked = enter(call)
            try:
                await asyncio.sleep(0.01)  # let the other chunks start, if they may
                return await real(call, check=check)
            finally:
                if tracked:
                    leave()

    else:

        def send(call: _requests.RequestPlan, *, check: bool = True) -> httpx.Response:
            tracked = enter(call)
            try:
                time.sleep(0.01)
                return real(call, check=check)
            finally:
                if tracked:
                    leave()

    monkeypatch.setattr(kb.client, "_send", send)
    return seen


def test_later_batches_write_one_chunk_at_a_time_where_conflicts_were_met(
    kinto_factory: KintoFactory, make_client: MakeClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A batch that met write conflicts in collection c makes the client's next batches
    into c send one chunk at a time (they would meet the same conflicts and wait out each
    Retry-After); batches into another collection still send chunks at once."""
    policy = RetryPolicy(max_attempts=3, backoff_base=0.0, jitter="none")
    kb = _conflict_client(kinto_factory, make_client, retry=policy)
    kb.create_collection(id="other")
    with monkeypatch.context() as patched:
        _inject_conflicts(kb, patched, when=lambda requests: len(requests) > 2)
        with kb.batch() as b:
            for n in range(4):
                b.create_record(data={"n": n})
    assert kb.client._shared.conflict_parents == {"/buckets/b/collections/c"}

    seen = _track_in_flight(kb, monkeypatch)
    with kb.batch(concurrency=4) as b:
        for n in range(16):  # 4 chunks of 4
            b.create_record(data={"n": n})
    assert seen == [1, 1, 1, 1]
    seen.clear()
    with kb.batch(concurrency=4, collection="other") as b:
        for n in range(16):
            b.create_record(data={"n": n})
    # at once (on PostgreSQL these may meet real conflicts and resend: 4 sends or more)
    assert len(seen) >= 4 and max(seen) > 1
    assert len(kb.get_records()) == 20 and len(kb.get_records(collection="other")) == 16
