"""Batches against the real Kinto: chunking, results, failures (sync and async)."""

from __future__ import annotations

import pytest
from kinbase.errors import BatchError, InvalidInputError, PreconditionFailedError, ServerError
from kinbase.storage import JSONPatch, MergePatch
from kinbase.storage import _requests as rq
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
    crash = rq.Call(
        patch_record._get_kwargs(
            "b",
            "c",
            "r",
            body=rq.raw_body(patch_record.RecordWrite, {"data": {"x": 1}}),
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
    """Chunks sent at once. Each chunk writes to its own collection: on PostgreSQL, Kinto
    serialises a collection's timestamps, so concurrent chunks writing to ONE collection
    can meet 409 conflicts (reported as rolled-back chunks, see docs/storage.md)."""
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
