"""``kinbase.storage.replicate`` / ``async_replicate`` (issue 14, item 5), against the real
Kinto, sync and async: kinto-http's ``replication.replicate``, streamed and batched."""

from __future__ import annotations

from typing import Any

import pytest
from kinbase.errors import InvalidInputError, KinbaseError
from kinbase.storage import Replicated, async_replicate, replicate

from tests.faultproxy.rules import Fault, Rule
from tests.servers import KintoServer
from tests.storage.conftest import MakeClient, Runner

RECORDS = 60


def _replicate(origin: Runner, destination: Runner, **options: Any) -> Any:
    function = async_replicate if origin.is_async else replicate
    return origin.run(function(origin.client, destination.client, **options))


def _fill(kbc: Runner, count: int = RECORDS) -> None:
    kbc.update_collection(id="c", data={"title": "Fruit", "schema_v": 3})
    with kbc.batch() as batch:
        for i in range(count):
            batch.create_record(id=f"r{i:03d}", data={"n": i, "label": f"fruit {i}"})


def _contents(runner: Runner) -> dict[str, int]:
    return {r["id"]: r["n"] for r in runner.get_records()}


def test_replicate_copies_collection_and_records_page_by_page(
    kinto: KintoServer, make_client: MakeClient, kbc: Runner, credentials: tuple[str, str]
) -> None:
    _fill(kbc)
    origin = make_client(kinto.url, auth=credentials, bucket="b", collection="c")
    destination = make_client(kinto.url, auth=credentials, bucket="b2", collection="copy")

    done = _replicate(origin, destination, chunk=25)

    assert isinstance(done, Replicated)
    assert (done.records, done.deleted, done.batches) == (RECORDS, 0, 3)
    assert done.destination.endswith("/buckets/b2/collections/copy")
    assert _contents(destination) == _contents(kbc) and len(_contents(destination)) == RECORDS
    # the collection's attributes went to the destination's collection (kinto-http would
    # have created a collection named after the origin's: "c")
    copy = destination.get_collection()["data"]
    assert (copy["id"], copy["title"], copy["schema_v"]) == ("copy", "Fruit", 3)
    with pytest.raises(KinbaseError):
        destination.get_collection(id="c")
    # the origin was read one page at a time (the test server pages by 5): never in one go
    listings = [r for r in origin.requests if r.method == "GET" and r.url.path.endswith("/records")]
    assert len(listings) >= RECORDS // 5


def test_replicate_again_is_harmless_and_replays_tombstones_since(
    kinto: KintoServer, make_client: MakeClient, kbc: Runner, credentials: tuple[str, str]
) -> None:
    _fill(kbc, 12)
    origin = make_client(kinto.url, auth=credentials, bucket="b", collection="c")
    destination = make_client(kinto.url, auth=credentials, bucket="b2", collection="copy")
    _replicate(origin, destination)
    before = origin.get_records_timestamp()
    origin.delete_record(id="r003")
    origin.delete_record(id="r007")
    origin.update_record(id="r001", data={"n": 100, "label": "changed"})

    again = _replicate(origin, destination, _since=before)

    assert (again.records, again.deleted, again.batches) == (1, 2, 1)
    expected = _contents(origin)
    assert _contents(destination) == expected and "r003" not in expected
    assert expected["r001"] == 100
    # a full run on an up-to-date copy changes nothing and duplicates nothing
    third = _replicate(origin, destination)
    assert third.records == 10 and _contents(destination) == expected


def test_replicate_refuses_bad_input_before_sending(
    kinto: KintoServer, make_client: MakeClient, credentials: tuple[str, str]
) -> None:
    origin = make_client(kinto.url, auth=credentials, bucket="b", collection="c")
    no_collection = make_client(kinto.url, auth=credentials, bucket="b")
    with pytest.raises(InvalidInputError, match=r"destination client needs a default bucket"):
        _replicate(origin, no_collection)
    with pytest.raises(InvalidInputError, match="origin and destination are the same"):
        _replicate(origin, make_client(kinto.url, bucket="b", collection="c"))
    with pytest.raises(InvalidInputError, match="chunk must be an integer >= 1"):
        _replicate(origin, make_client(kinto.url, bucket="b", collection="d"), chunk=0)
    assert origin.requests == [] and no_collection.requests == []


def test_a_failure_part_way_says_what_was_copied_and_a_rerun_completes(
    kinto: KintoServer,
    make_client: MakeClient,
    kbc: Runner,
    credentials: tuple[str, str],
    fault_proxy: Any,
) -> None:
    _fill(kbc)
    proxy = fault_proxy(kinto.url)
    proxy.add(Rule(Fault.SERVICE_UNAVAILABLE, method="POST", path=r"/batch$", nth=2))
    origin = make_client(kinto.url, auth=credentials, bucket="b", collection="c")
    destination = make_client(proxy.url, auth=credentials, bucket="b2", collection="copy")

    with pytest.raises(KinbaseError) as failed:
        _replicate(origin, destination, chunk=20)

    notes = "\n".join(getattr(failed.value, "__notes__", []))
    assert "1 earlier block(s) committed 20 record(s)" in notes, notes
    assert credentials[1] not in notes
    assert len(_contents(destination)) == 20  # exactly what the note says
    done = _replicate(origin, destination, chunk=20)
    assert done.records == RECORDS and _contents(destination) == _contents(kbc)
