"""Buckets, groups, collections, records, accounts against the real Kinto (sync and async)."""

from __future__ import annotations

import datetime
import decimal
import uuid

import pytest
from kinbase.errors import (
    BadRequestError,
    ForbiddenError,
    InvalidInputError,
    NotFoundError,
    ObjectNotFoundError,
    PreconditionFailedError,
    UnauthorizedError,
)
from kinbase.storage import BasicPatch, JSONPatch, MergePatch, StorageResult
from kinbase_storage_api.models.bucket_response import BucketResponse
from kinbase_storage_api.models.record_response import RecordResponse

from tests.servers import KintoServer
from tests.storage.conftest import PASSWORD, MakeClient, Runner, sign_up


def test_bucket_lifecycle(kb: Runner) -> None:
    created = kb.create_bucket(
        id="b", data={"title": "B"}, permissions={"read": ["system.Everyone"]}
    )
    assert created["data"]["id"] == "b"
    assert created["data"]["title"] == "B"
    assert created["permissions"]["read"] == ["system.Everyone"]
    assert isinstance(created.model(), BucketResponse)

    assert kb.get_bucket(id="b")["data"]["title"] == "B"
    assert kb.get_bucket()["data"]["id"] == "b"  # the client's default bucket
    assert [b["id"] for b in kb.get_buckets()] == ["b"]

    updated = kb.update_bucket(id="b", data={"size": 1})
    assert "title" not in updated["data"]  # PUT replaces
    patched = kb.patch_bucket(id="b", data={"title": "again"})
    assert patched["data"] == {
        **updated["data"],
        "title": "again",
        "last_modified": patched["data"]["last_modified"],
    }

    deleted = kb.delete_bucket(id="b")
    assert deleted["id"] == "b"
    assert deleted["deleted"] is True
    with pytest.raises(ForbiddenError):  # a missing bucket is a 403 to non-admins
        kb.get_bucket(id="b")


def test_delete_buckets_follows_every_page(kb: Runner) -> None:
    for i in range(7):  # paginate_by = 5
        kb.create_bucket(id=f"b{i}")
    deleted = kb.delete_buckets()
    assert sorted(d["id"] for d in deleted) == [f"b{i}" for i in range(7)]
    assert kb.get_buckets() == []


def test_group_lifecycle(kb: Runner) -> None:
    kb.create_bucket(id="b")
    group = kb.create_group(id="g", data={"members": ["account:alice"]})
    assert group["data"]["members"] == ["account:alice"]
    assert kb.get_group(id="g")["data"]["id"] == "g"
    kb.update_group(id="g", data={"members": []})
    assert kb.get_group(id="g")["data"]["members"] == []
    kb.patch_group(id="g", data={"members": ["account:bob"]})
    assert kb.get_groups()[0]["members"] == ["account:bob"]
    kb.create_group(id="g2", data={"members": []})
    assert kb.delete_group(id="g")["deleted"] is True
    assert [g["id"] for g in kb.delete_groups()] == ["g2"]
    assert kb.get_groups() == []
    with pytest.raises(InvalidInputError, match="group id is required"):
        kb.create_group(data={"members": []})


def test_collection_lifecycle(kb: Runner) -> None:
    kb.create_bucket(id="b")
    assert kb.create_collection()["data"]["id"] == "c"  # default collection
    kb.create_collection(id="other", data={"schema": {}})
    assert sorted(c["id"] for c in kb.get_collections()) == ["c", "other"]
    kb.update_collection(id="other", data={"title": "t"})
    assert kb.patch_collection(id="other", data={"n": 1})["data"]["title"] == "t"
    assert kb.get_collection(id="other")["data"]["n"] == 1
    assert kb.delete_collection(id="other")["id"] == "other"
    assert [c["id"] for c in kb.delete_collections()] == ["c"]
    with pytest.raises(ObjectNotFoundError):
        kb.get_collection(id="other")


def test_record_lifecycle(kbc: Runner) -> None:
    created = kbc.create_record(data={"title": "one"})
    rid = created["data"]["id"]
    uuid.UUID(rid)  # a client-side id
    assert isinstance(created, StorageResult) and isinstance(created, dict)
    model = created.model()
    assert isinstance(model, RecordResponse)
    assert model.data.id == rid

    fetched = kbc.get_record(id=rid)
    assert fetched["data"]["title"] == "one"
    assert kbc.get_record(id=rid, _fields=["id"])["data"] == {
        "id": rid,
        "last_modified": fetched["data"]["last_modified"],
    }
    assert kbc.update_record(id=rid, data={"x": 1})["data"]["x"] == 1
    assert "title" not in kbc.get_record(id=rid)["data"]
    kbc.create_record(id="named", data={"n": 2}, permissions={"read": ["system.Everyone"]})
    assert kbc.get_record(id="named")["permissions"]["read"] == ["system.Everyone"]
    assert len(kbc.get_records()) == 2
    assert kbc.delete_record(id="named")["deleted"] is True
    with pytest.raises(ObjectNotFoundError) as info:
        kbc.get_record(id="named")
    assert info.value.errno == 110
    assert info.value.status_code == 404


def test_records_elsewhere_by_argument(kb: Runner) -> None:
    kb.create_bucket(id="x")
    kb.create_collection(id="y", bucket="x")
    kb.create_record(bucket="x", collection="y", id="r", data={"v": 1})
    assert kb.get_record(id="r", bucket="x", collection="y")["data"]["v"] == 1
    assert kb.get_records(bucket="x", collection="y")[0]["id"] == "r"


def test_payloads_accept_dates_uuids_decimals(kbc: Runner) -> None:
    when = datetime.datetime(2024, 5, 1, 12, 30, tzinfo=datetime.UTC)
    ident = uuid.UUID("12345678-1234-5678-1234-567812345678")
    record = kbc.create_record(
        data={
            "when": when,
            "day": datetime.date(2024, 5, 1),
            "ref": ident,
            "price": decimal.Decimal("2.50"),
        }
    )
    stored = kbc.get_record(id=record["data"]["id"])["data"]
    assert stored["when"] == "2024-05-01T12:30:00+00:00"
    assert stored["day"] == "2024-05-01"
    assert stored["ref"] == str(ident)
    assert stored["price"] == "2.50"
    with pytest.raises(InvalidInputError, match=r"data\.blob"):
        kbc.create_record(data={"blob": b"bytes"})


# --------------------------------------------------------------------------- patches


def test_three_patch_types_against_the_server(kbc: Runner) -> None:
    kbc.create_record(id="r", data={"a": {"x": 1, "y": 2}, "keep": True})

    basic = kbc.patch_record(id="r", changes=BasicPatch(data={"a": {"x": 9}}))
    assert basic["data"]["a"] == {"x": 9}  # shallow: "a" replaced
    assert basic["data"]["keep"] is True

    kbc.update_record(id="r", data={"a": {"x": 1, "y": 2}, "keep": True})
    merged = kbc.patch_record(id="r", changes=MergePatch(data={"a": {"x": 9}, "keep": None}))
    assert merged["data"]["a"] == {"x": 9, "y": 2}  # recursive merge
    assert "keep" not in merged["data"]  # None deletes

    patched = kbc.patch_record(
        id="r",
        changes=JSONPatch(
            [
                {"op": "add", "path": "/data/tags", "value": ["t"]},
                {"op": "remove", "path": "/data/a"},
                {"op": "add", "path": "/permissions/read/system.Everyone"},
            ]
        ),
    )
    assert patched["data"]["tags"] == ["t"]
    assert "a" not in patched["data"]
    assert patched["permissions"]["read"] == ["system.Everyone"]

    with pytest.raises(BadRequestError):  # a failing "test" operation
        kbc.patch_record(
            id="r", changes=JSONPatch([{"op": "test", "path": "/data/tags", "value": []}])
        )
    with pytest.raises(InvalidInputError):
        kbc.patch_record(id="r", changes={"data": {}})  # type: ignore[arg-type]


def test_patch_with_data_and_permissions_like_kinto_http(kbc: Runner) -> None:
    kbc.create_record(id="r", data={"a": 1})
    result = kbc.patch_record(id="r", data={"b": 2}, permissions={"read": ["account:bob"]})
    assert result["data"]["a"] == 1 and result["data"]["b"] == 2
    assert result["permissions"]["read"] == ["account:bob"]


# --------------------------------------------------------------------------- concurrency


def test_create_safe_refuses_to_overwrite_and_carries_existing(kbc: Runner) -> None:
    kbc.create_record(id="r", data={"v": 1})
    with pytest.raises(PreconditionFailedError) as info:
        kbc.create_record(id="r", data={"v": 2})
    assert info.value.existing["v"] == 1
    assert info.value.errno == 114
    # safe=False overwrites
    assert kbc.create_record(id="r", data={"v": 3}, safe=False)["data"]["v"] == 3


def test_if_not_exists_returns_the_existing_object(kbc: Runner) -> None:
    kbc.create_record(id="r", data={"v": 1}, permissions={"read": ["system.Everyone"]})
    again = kbc.create_record(id="r", data={"v": 2}, if_not_exists=True)
    assert again["data"]["v"] == 1
    assert again["permissions"]["read"] == ["system.Everyone"]
    assert kbc.create_bucket(id="b", if_not_exists=True)["data"]["id"] == "b"
    assert kbc.create_collection(id="c", if_not_exists=True)["data"]["id"] == "c"
    kbc.create_group(id="g", data={"members": []})
    assert (
        kbc.create_group(id="g", data={"members": ["x"]}, if_not_exists=True)["data"]["members"]
        == []
    )


def test_if_match_on_update_patch_delete(kbc: Runner) -> None:
    record = kbc.create_record(id="r", data={"v": 1})
    stale = record["data"]["last_modified"]
    fresh = kbc.update_record(id="r", data={"v": 2}, if_match=stale)
    with pytest.raises(PreconditionFailedError) as info:
        kbc.update_record(id="r", data={"v": 3}, if_match=stale)
    assert info.value.existing["v"] == 2
    with pytest.raises(PreconditionFailedError):  # timestamp read from data
        kbc.update_record(data={"id": "r", "v": 3, "last_modified": stale})
    with pytest.raises(PreconditionFailedError):  # and from original=
        kbc.patch_record(original=record["data"], changes=BasicPatch(data={"v": 4}))
    with pytest.raises(PreconditionFailedError):
        kbc.delete_record(id="r", if_match=stale)
    # safe=False ignores the timestamp
    assert kbc.update_record(id="r", data={"v": 5}, if_match=stale, safe=False)["data"]["v"] == 5
    newest = kbc.get_record(id="r")["data"]["last_modified"]
    assert newest != fresh["data"]["last_modified"]
    assert kbc.delete_record(id="r", if_match=f'"{newest}"')["deleted"] is True
    with pytest.raises(InvalidInputError, match="timestamp"):
        kbc.delete_record(id="r", if_match="yesterday")


def test_if_exists_ignores_missing(kbc: Runner) -> None:
    assert kbc.delete_record(id="missing", if_exists=True) is None
    assert kbc.delete_collection(id="missing", if_exists=True) is None
    assert kbc.delete_group(id="missing", if_exists=True) is None
    assert kbc.delete_bucket(id="missing", if_exists=True) is None
    with pytest.raises(ObjectNotFoundError):
        kbc.delete_record(id="missing")


def test_create_retried_after_lost_response_is_not_duplicated(kbc: Runner) -> None:
    """The first PUT reaches the server but its answer is lost; the retry gets 412 on our
    own client-side id, which counts as success: one record, returned."""
    import httpx

    client = kbc.client
    retry_client = kbc.clone(retry=2)
    http = retry_client.client._http
    inner = http._transport._transport  # RetryTransport -> real transport
    sent: list[str] = []

    if kbc.is_async:

        class LoseFirstAnswer(httpx.AsyncBaseTransport):
            async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
                response = await inner.handle_async_request(request)
                sent.append(request.method)
                if request.method == "PUT" and len(sent) == 1:
                    await response.aread()
                    raise httpx.ReadError("connection lost", request=request)
                return response

    else:

        class LoseFirstAnswer(httpx.BaseTransport):  # type: ignore[no-redef]
            def handle_request(self, request: httpx.Request) -> httpx.Response:
                response = inner.handle_request(request)
                sent.append(request.method)
                if request.method == "PUT" and len(sent) == 1:
                    response.read()
                    raise httpx.ReadError("connection lost", request=request)
                return response

    http._transport._transport = LoseFirstAnswer()
    try:
        created = retry_client.create_record(data={"title": "once"})
    finally:
        http._transport._transport = inner  # the pool the clone closes
        retry_client.close()
    assert sent[:2] == ["PUT", "PUT"]  # retried
    assert created["data"]["title"] == "once"
    records = client.get_records() if not kbc.is_async else kbc.get_records()
    assert [r["title"] for r in records] == ["once"]


# --------------------------------------------------------------------------- accounts


def test_accounts(kinto: KintoServer, make_client: MakeClient) -> None:
    anonymous = make_client(kinto.url)
    created = anonymous.create_account(id="bob", password=PASSWORD)
    assert created["data"]["id"] == "bob"
    bob = make_client(kinto.url, auth=("bob", PASSWORD))
    assert bob.get_account(id="bob")["data"]["id"] == "bob"
    assert [a["id"] for a in bob.get_accounts()] == ["bob"]
    bob.change_account_password(id="bob", password="a-new-password")
    with pytest.raises(UnauthorizedError) as info:
        bob.get_account(id="bob")
    assert info.value.errno == 104
    assert PASSWORD not in str(info.value) and PASSWORD not in repr(info.value)
    bob2 = make_client(kinto.url, auth="bob:a-new-password")
    assert bob2.server_info()["user"]["id"] == "account:bob"
    assert bob2.delete_account(id="bob")["deleted"] is True
    with pytest.raises(UnauthorizedError):
        bob2.get_account(id="bob")


def test_admin_manages_other_accounts(kinto: KintoServer, make_client: MakeClient) -> None:
    sign_up(kinto.url, "admin")  # account_write_principals = account:admin
    sign_up(kinto.url, "u1")
    admin = make_client(kinto.url, auth=("admin", PASSWORD))
    assert admin.get_account(id="u1")["data"]["id"] == "u1"
    assert admin.create_account(id="u1", password="x", if_not_exists=True)["data"]["id"] == "u1"
    assert admin.delete_account(id="u1")["deleted"] is True
    with pytest.raises(NotFoundError):
        admin.get_account(id="u1")
    assert admin.delete_account(id="u1", if_exists=True) is None
    assert [d["id"] for d in admin.delete_accounts()] == ["admin"]
