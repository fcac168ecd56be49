"""Pagination, streaming, filters, timestamps, permissions, history (paginate_by = 5)."""

from __future__ import annotations

import pytest
from kinbase.errors import InvalidInputError
from kinbase.storage import StorageList
from kinbase_storage_api.models.record import Record
from kinbase_storage_api.models.tombstone import Tombstone

from tests.storage.conftest import Runner


def _fill(kb: Runner, count: int) -> list[str]:
    with kb.batch() as b:
        for i in range(count):
            b.create_record(
                id=f"r{i:02d}", data={"n": i, "even": i % 2 == 0, "tags": [f"t{i % 3}"]}
            )
    return [f"r{i:02d}" for i in range(count)]


def _gets(kb: Runner) -> int:
    return sum(1 for r in kb.requests if r.method == "GET")


def test_get_records_follows_every_page(kbc: Runner) -> None:
    ids = _fill(kbc, 12)
    kbc.requests.clear()
    records = kbc.get_records(_sort="n")
    assert [r["id"] for r in records] == ids
    assert _gets(kbc) == 3  # 5 + 5 + 2
    assert isinstance(records, StorageList)
    assert all(isinstance(m, Record) for m in records.models())


def test_pages_and_limit_bound_the_walk(kbc: Runner) -> None:
    _fill(kbc, 12)
    assert len(kbc.get_records(pages=2)) == 10
    assert len(kbc.get_records(_limit=3)) == 3  # one page when _limit is given
    assert len(kbc.get_records(_limit=3, pages=2)) == 6
    assert len(kbc.get_records(_limit=3, pages=float("inf"))) == 12
    with pytest.raises(InvalidInputError):
        kbc.get_records(_limit=0)


def test_iter_records_holds_one_page_at_a_time(kbc: Runner) -> None:
    ids = _fill(kbc, 12)
    kbc.requests.clear()
    stream = kbc.stream("iter_records", _sort="n")
    first = [next(stream)["id"] for _ in range(3)]
    assert first == ids[:3]
    assert _gets(kbc) == 1  # only the first page was fetched
    rest = [r["id"] for r in stream]
    assert first + rest == ids
    assert _gets(kbc) == 3


def test_get_paginated_records_yields_pages(kbc: Runner) -> None:
    _fill(kbc, 7)
    pages = kbc.get_paginated_records()
    assert [len(p["data"]) for p in pages] == [5, 2]


def test_filters_sort_fields(kbc: Runner) -> None:
    _fill(kbc, 12)
    assert [r["n"] for r in kbc.get_records(min_n=9, _sort="-n")] == [11, 10, 9]
    assert [r["n"] for r in kbc.get_records(even=True, lt_n=5, _sort="n")] == [0, 2, 4]
    assert [r["id"] for r in kbc.get_records(in_id=["r01", "r03"], _sort="id")] == ["r01", "r03"]
    assert len(kbc.get_records(exclude_n=[0, 1, 2])) == 9
    assert [r["n"] for r in kbc.get_records(contains_tags=["t1"], _sort="n")] == [1, 4, 7, 10]
    assert [r["id"] for r in kbc.get_records(like_id="r1*", _sort="id")] == ["r10", "r11"]
    only = kbc.get_records(_fields=["n"], _limit=1, _sort="n")[0]
    assert set(only) == {"id", "last_modified", "n"}
    assert [r["n"] for r in kbc.get_records(_sort=["-even", "n"], _limit=2)] == [0, 2]


def test_since_before_and_tombstones(kbc: Runner) -> None:
    _fill(kbc, 3)
    since = kbc.get_records_timestamp()
    assert since.isdigit()
    kbc.delete_record(id="r00")
    kbc.update_record(id="r01", data={"n": 100})
    changes = kbc.get_records(_since=since)
    by_id = {r["id"]: r for r in changes}
    assert by_id["r00"]["deleted"] is True
    assert by_id["r01"]["n"] == 100
    assert "r02" not in by_id
    assert isinstance(next(m for m in changes.models() if m.id == "r00"), Tombstone)
    newer = kbc.get_records_timestamp()
    assert int(newer) > int(since)
    assert kbc.get_records(_before=since) == []  # r02 is at `since`; the bound is exclusive
    before = kbc.get_records(_before=f'"{newer}"')  # ETag form accepted
    assert {r["id"] for r in before} == {"r00", "r02"}  # (the r00 tombstone too)
    assert next(r for r in before if r["id"] == "r00")["deleted"] is True


def test_if_none_match_on_lists(kbc: Runner) -> None:
    _fill(kbc, 2)
    current = kbc.get_records_timestamp()
    assert kbc.get_records(if_none_match=current) == []  # 304: nothing new
    kbc.create_record(data={"n": 9})
    assert len(kbc.get_records(if_none_match=current)) == 3


def test_list_deletes_follow_next_page(kbc: Runner) -> None:
    _fill(kbc, 12)
    deleted = kbc.delete_records()
    assert len(deleted) == 12
    assert all(d["deleted"] for d in deleted)
    assert kbc.get_records() == []
    _fill(kbc, 8)
    assert len(kbc.delete_records(even=True)) == 4
    assert len(kbc.get_records()) == 4


def test_list_getters_for_every_kind(kb: Runner) -> None:
    for i in range(6):
        kb.create_bucket(id=f"b{i}")
    assert len(kb.get_buckets()) == 6
    assert len(list(kb.stream("iter_buckets"))) == 6
    for i in range(6):
        kb.create_collection(id=f"c{i}", bucket="b0")
        kb.create_group(id=f"g{i}", bucket="b0", data={"members": []})
    assert len(kb.get_collections(bucket="b0")) == 6
    assert len(list(kb.stream("iter_collections", bucket="b0"))) == 6
    assert len(kb.get_groups(bucket="b0")) == 6
    assert len(list(kb.stream("iter_groups", bucket="b0"))) == 6
    assert [a["id"] for a in kb.stream("iter_accounts")] == ["alice"]


def test_get_permissions_follows_every_page(kbc: Runner) -> None:
    _fill(kbc, 8)
    entries = kbc.get_permissions()
    uris = [e["uri"] for e in entries]
    assert "/buckets/b" in uris and "/buckets/b/collections/c" in uris
    assert sum(1 for e in entries if e["resource_name"] == "record") == 8
    assert len(entries) > 5  # more than one page
    no_records = kbc.get_permissions(exclude_resource_names=["record"])
    assert {e["resource_name"] for e in no_records} <= {"account", "bucket", "collection", "root"}
    assert len(list(kbc.stream("iter_permissions"))) == len(entries)
    kbc.requests.clear()
    kbc.get_permissions(_limit=1)
    assert kbc.requests[0].url.params["_sort"] == "id"  # kinto-http's default order


def test_history_and_purge(kbc: Runner) -> None:
    _fill(kbc, 7)
    kbc.delete_record(id="r00")
    history = kbc.get_history()
    assert len(history) >= 9  # bucket, collection, 7 creates, 1 delete
    deletes = kbc.get_history(resource_name="record", action="delete")
    assert [h["record_id"] for h in deletes] == ["r00"]
    assert len(kbc.get_history(_limit=2)) == 2
    assert len(list(kbc.stream("iter_history", resource_name="record"))) == 8
    purged = kbc.purge_history()
    assert len(purged) == len(history)
    assert kbc.get_history() == []
