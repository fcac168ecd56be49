"""kinto-http.py code, as its README and client docstrings document it (11.11), for the
drop-in test.

Not collected by itself: ``test_kinto_http_dropin.py`` runs every ``test_*`` here on
kinbase and on kinto-http itself, against the same real Kinto, async as written (kinto-http's
``AsyncClient``) and sync as kinto-http's ``Client`` is written (unasync: ``await`` and
``async`` dropped, ``AsyncClient`` -> ``Client``). Plain ``def`` tests are sync-only, as the
README's batches are ("except for batch operations"): they run once per library. Between the
two IMPORTS markers is the only code that differs between the libraries; nothing else in
this file may name kinbase.

``@differs("slug")``: the example is kinto-http code that kinbase deliberately does not run
unchanged; ``slug`` is an item of "Differences left" in docs/migration-kinto-http.md. The
drop-in module runs it on kinto-http (it must pass there) and expects it to fail on kinbase
(strict xfail): the count of such examples and the guide's list are checked against each
other.

Where the README's own snippet does not run on kinto-http itself, the example is the
nearest form kinto-http accepts, and a ``# README:`` comment says what changed (these are
errors in kinto-http's README, not differences).

Fixtures (the drop-in module): ``server_url`` (a Kinto with history, accounts, the default
bucket, schema validation and kinto-attachment; paginate_by 5; emptied per test),
``auth`` (a fresh account's ``(user, password)``), ``other_auth`` (a second account),
``throttled_url`` (the same Kinto behind a proxy answering the first ``GET /v1/`` with
503 and ``Retry-After: 1``), ``failing_url`` (the same, with a 500), ``backoff_url`` (the
first ``GET /v1/`` answered with ``Backoff: 1``), ``tmp_path`` (also the working directory).
"""

# ruff: noqa: I001 (the IMPORTS block stays first: it is what differs between the libraries)
# --- IMPORTS (kinbase) ---
from kinbase import AsyncStorageClient as AsyncClient
from kinbase import StorageClient as Client
from kinbase import BearerTokenAuth, KintoBatchException, KintoException
from kinbase.storage import BasicPatch, JSONPatch, MergePatch

# --- END IMPORTS ---
import datetime
import hashlib
import json
import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import pytest
import requests.auth

F = TypeVar("F", bound=Callable[..., Any])


def differs(slug: str) -> Callable[[F], F]:
    """Mark an example that the drop-in does not run unchanged (see the module docstring)."""

    def mark(test: F) -> F:
        test.differs = slug  # type: ignore[attr-defined]
        return test

    return mark


async def a_collection(client: AsyncClient, records: int = 0) -> None:
    """Bucket ``blog``, collection ``articles`` and ``records`` records a0, a1..."""
    await client.create_bucket(id="blog", if_not_exists=True)
    await client.create_collection(id="articles", bucket="blog", if_not_exists=True)
    for i in range(records):
        await client.create_record(
            id=f"a{i}", data={"title": f"Article {i}", "n": i}, bucket="blog", collection="articles"
        )


# Quickstart


async def test_quickstart(server_url: str, auth: tuple[str, str]) -> None:
    # README: the client also names the collection; without it update_record has no
    # collection (kinto-http: "Cannot get record endpoint, collection is missing")
    client = AsyncClient(server_url=server_url, auth=auth, collection="todos")
    for _ in range(3):
        await client.create_record(data={"done": False}, bucket="default", collection="todos")

    records = await client.get_records(bucket="default", collection="todos")
    for i, record in enumerate(records):
        record["title"] = f"Todo {i}"
        await client.update_record(data=record)

    titles = sorted(r["title"] for r in await client.get_records(collection="todos"))
    assert titles == ["Todo 0", "Todo 1", "Todo 2"]


# Instantiating a client


async def test_instantiating_with_a_tuple(server_url: str, auth: tuple[str, str]) -> None:
    client = AsyncClient(server_url=server_url, auth=auth)
    info = await client.server_info()
    assert info["user"]["id"] == "account:" + auth[0]  # Basic Auth, a Kinto account


@differs("server-url-required")
async def test_default_bucket_and_collection_without_a_server_url(auth: tuple[str, str]) -> None:
    client = AsyncClient(bucket="payments", collection="receipts", auth=auth)
    client2 = client.clone(collection="orders")
    assert (client2.bucket_name, client2.collection_name) == ("payments", "orders")


async def test_clone_overrides_some_arguments(server_url: str, auth: tuple[str, str]) -> None:
    client = AsyncClient(server_url=server_url, bucket="payments", collection="receipts", auth=auth)
    client2 = client.clone(collection="orders")
    assert (client2.bucket_name, client2.collection_name) == ("payments", "orders")
    assert (client.bucket_name, client.collection_name) == ("payments", "receipts")
    await client2.create_bucket(id="payments")
    await client2.create_collection()  # the clone's default collection
    assert [c["id"] for c in await client.get_collections()] == ["orders"]


async def test_async_client_server_info(server_url: str, auth: tuple[str, str]) -> None:
    client = AsyncClient(server_url=server_url, auth=auth)
    info = await client.server_info()
    assert "schema" in info["capabilities"], "Server doesn't support schema validation."


# Dry mode


async def test_dry_mode_sends_nothing(
    server_url: str, auth: tuple[str, str], caplog: pytest.LogCaptureFixture
) -> None:
    client = AsyncClient(server_url=server_url, dry_mode=True, auth=auth)
    with caplog.at_level(logging.DEBUG):
        assert await client.create_bucket(id="dry") == {}
        assert await client.get_records(bucket="dry", collection="c") == []
    assert any(r.getMessage().startswith("(dry mode) ") for r in caplog.records)
    real = AsyncClient(server_url=server_url, auth=auth)
    assert await real.get_buckets() == []


@differs("dry-mode-log")
async def test_dry_mode_log_lines(server_url: str, caplog: pytest.LogCaptureFixture) -> None:
    client = AsyncClient(server_url=server_url, dry_mode=True)
    with caplog.at_level(logging.DEBUG, logger="kinto_http"):
        await client.create_bucket(id="dry")
    assert f"(dry mode) put {server_url}/buckets/dry" in caplog.messages


# Authentication


async def test_bearer_token_auth(server_url: str) -> None:
    # README: with server_url (the README's client has none)
    client = AsyncClient(server_url=server_url, auth=BearerTokenAuth("XYPJTNsFKV2"))
    assert client.session.auth.token == "XYPJTNsFKV2"
    assert client.session.auth.type == "Bearer"
    # this Kinto has no OpenID policy: an unknown token is anonymous
    assert "user" not in await client.server_info()


async def test_bearer_token_type_and_the_string_form(server_url: str) -> None:
    typed = BearerTokenAuth("XYPJTNsFKV2", type="Bearer+OIDC")
    assert (typed.token, typed.type) == ("XYPJTNsFKV2", "Bearer+OIDC")
    client = AsyncClient(server_url=server_url, auth="Bearer+OIDC XYPJTNsFKV2")
    assert isinstance(client.session.auth, BearerTokenAuth)
    assert (client.session.auth.token, client.session.auth.type) == ("XYPJTNsFKV2", "Bearer+OIDC")
    assert "user" not in await client.server_info()


@differs("requests-auth")
async def test_a_requests_auth_policy(server_url: str, auth: tuple[str, str]) -> None:
    client = AsyncClient(server_url=server_url, auth=requests.auth.HTTPBasicAuth(*auth))
    assert (await client.server_info())["user"]["id"] == "account:" + auth[0]


# Custom headers


async def test_custom_headers(server_url: str) -> None:
    client = AsyncClient(
        server_url=server_url, headers={"Allow-Access": "CDN", "User-Agent": "blocklist-updater"}
    )
    assert client.session.headers["User-Agent"] == "blocklist-updater"
    assert client.session.headers["Allow-Access"] == "CDN"
    assert (await client.server_info())["project_name"] == "kinto"


# Getting server information


async def test_server_info_is_cached(server_url: str) -> None:
    client = AsyncClient(server_url=server_url)
    info = await client.server_info()
    assert "schema" in info["capabilities"], "Server doesn't support schema validation."
    assert await client.server_info() == info


# API operations


async def test_buckets(server_url: str, auth: tuple[str, str]) -> None:
    client = AsyncClient(server_url=server_url, auth=auth)
    created = await client.create_bucket(id="b1", data={"title": "one"})
    assert created["data"]["id"] == "b1" and created["data"]["title"] == "one"
    assert "write" in created["permissions"]
    await client.update_bucket(id="b1", data={"title": "uno"})
    await client.patch_bucket(id="b1", changes=BasicPatch({"color": "red"}))
    bucket = await client.get_bucket(id="b1")
    assert bucket["data"]["title"] == "uno" and bucket["data"]["color"] == "red"
    await client.create_bucket(id="b2")
    assert sorted(b["id"] for b in await client.get_buckets()) == ["b1", "b2"]
    deleted = await client.delete_bucket(id="b2")
    assert deleted["id"] == "b2" and deleted["deleted"] is True
    await client.delete_buckets()
    assert await client.get_buckets() == []


async def test_groups(server_url: str, auth: tuple[str, str]) -> None:
    client = AsyncClient(server_url=server_url, auth=auth, bucket="team")
    await client.create_bucket(id="team")
    group = await client.create_group(id="friends", data={"members": ["account:bob"]})
    assert group["data"]["members"] == ["account:bob"]
    await client.update_group(id="friends", data={"members": ["account:bob", "account:eve"]})
    await client.patch_group(id="friends", changes=BasicPatch({"title": "pals"}))
    friends = await client.get_group(id="friends")
    assert friends["data"]["members"] == ["account:bob", "account:eve"]
    assert friends["data"]["title"] == "pals"
    await client.create_group(id="others", data={"members": []}, bucket="team")
    assert sorted(g["id"] for g in await client.get_groups()) == ["friends", "others"]
    await client.delete_group(id="others")
    assert [g["id"] for g in await client.get_groups(bucket="team")] == ["friends"]
    await client.delete_groups()
    assert await client.get_groups() == []


async def test_collections(server_url: str, auth: tuple[str, str]) -> None:
    client = AsyncClient(server_url=server_url, auth=auth, bucket="blog")
    await client.create_bucket(id="blog")
    await client.create_collection(id="articles", data={"title": "Articles"})
    await client.update_collection(id="articles", data={"title": "Posts"})
    await client.patch_collection(id="articles", changes=MergePatch({"sort": "-date"}))
    articles = await client.get_collection(id="articles")
    assert articles["data"]["title"] == "Posts" and articles["data"]["sort"] == "-date"
    await client.create_collection(id="drafts", bucket="blog")
    assert sorted(c["id"] for c in await client.get_collections()) == ["articles", "drafts"]
    await client.delete_collection(id="drafts")
    await client.delete_collections()
    assert await client.get_collections(bucket="blog") == []


async def test_records(server_url: str, auth: tuple[str, str]) -> None:
    client = AsyncClient(server_url=server_url, auth=auth, bucket="blog", collection="articles")
    await a_collection(client)
    created = await client.create_record(data={"title": "hello"})
    record_id = created["data"]["id"]  # a generated id
    await client.update_record(id=record_id, data={"title": "hi"})
    await client.patch_record(id=record_id, changes=BasicPatch({"tags": ["x"]}))
    record = await client.get_record(id=record_id)
    assert record["data"]["title"] == "hi" and record["data"]["tags"] == ["x"]
    await client.create_record(id="second", data={"title": "2"})
    assert sorted(r["id"] for r in await client.get_records()) == sorted([record_id, "second"])
    timestamp = await client.get_records_timestamp()
    assert int(timestamp) >= record["data"]["last_modified"]
    assert (await client.delete_record(id="second"))["deleted"] is True
    await client.delete_records()
    assert await client.get_records() == []


# Permissions


async def test_permissions_on_create_and_update(server_url: str, auth: tuple[str, str]) -> None:
    client = AsyncClient(server_url=server_url, auth=auth, bucket="alexis", collection="todos")
    await client.create_bucket(id="alexis")
    await client.create_collection(id="todos")
    await client.create_group(id="groupid", data={"members": []})
    await client.create_record(data={"foo": "bar"}, permissions={"read": ["group:groupid"]})

    await client.create_record(id="123", data={"foo": "baz"})
    # README: get_record(id=...) (kinto-http's get_record takes keyword arguments only)
    record = await client.get_record(id="123", collection="todos", bucket="alexis")
    record["permissions"]["write"].append("leplatrem")
    # README: data=record["data"], permissions=record["permissions"] (update_record(data=record)
    # would store the whole answer as the record's data, and has no id)
    await client.update_record(data=record["data"], permissions=record["permissions"])
    updated = await client.get_record(id="123")
    assert "leplatrem" in updated["permissions"]["write"]


async def test_get_permissions(server_url: str, auth: tuple[str, str]) -> None:
    client = AsyncClient(server_url=server_url, auth=auth, bucket="blog")
    await client.create_bucket(id="blog")
    await client.create_collection(id="my-collection")
    all_perms = await client.get_permissions(exclude_resource_names=("record",))

    # README: p.get("collection_id") (the bucket's entry has no collection_id)
    has_collection_perms = any(
        p
        for p in all_perms
        if p.get("collection_id") == "my-collection" and "write" in p["permissions"]
    )
    assert has_collection_perms


@differs("every-page")
async def test_get_permissions_reads_one_page(server_url: str, auth: tuple[str, str]) -> None:
    client = AsyncClient(server_url=server_url, auth=auth, bucket="blog")
    await client.create_bucket(id="blog")
    for i in range(7):
        await client.create_collection(id=f"c{i}")
    # kinto-http sends one GET: the server's first page (paginate_by 5) of the 8 objects
    assert len(await client.get_permissions()) == 5


# Get or create / Delete if exists


async def test_if_not_exists(server_url: str, auth: tuple[str, str]) -> None:
    client = AsyncClient(server_url=server_url, auth=auth)
    first = await client.create_bucket(id="blog", if_not_exists=True)
    again = await client.create_bucket(id="blog", if_not_exists=True)
    assert again["data"] == first["data"]
    await client.create_collection(id="articles", bucket="blog", if_not_exists=True)
    articles = await client.create_collection(id="articles", bucket="blog", if_not_exists=True)
    assert articles["data"]["id"] == "articles" and "write" in articles["permissions"]


async def test_if_exists(server_url: str, auth: tuple[str, str]) -> None:
    client = AsyncClient(server_url=server_url, auth=auth)
    assert await client.delete_bucket(id="bucket", if_exists=True) is None
    await client.create_bucket(id="bucket")
    assert (await client.delete_bucket(id="bucket", if_exists=True))["deleted"] is True


@differs("missing-id-error")
async def test_a_missing_id_is_a_key_error(server_url: str, auth: tuple[str, str]) -> None:
    client = AsyncClient(server_url=server_url, auth=auth, bucket="blog", collection="articles")
    with pytest.raises(KeyError):
        await client.update_record(data={"title": "no id"})
    with pytest.raises(KeyError):
        await client.create_group(data={"members": []})


@differs("ids-slugified")
async def test_ids_are_slugified(server_url: str, auth: tuple[str, str]) -> None:
    client = AsyncClient(server_url=server_url, auth=auth)
    await client.create_bucket(id="Été 2026")
    assert (await client.get_bucket(id="ete-2026"))["data"]["id"] == "ete-2026"
    assert await client.get_endpoint("bucket", bucket="Été 2026") == "/buckets/ete-2026"


@differs("clone-keeps-options")
async def test_a_clone_with_new_credentials_starts_afresh(
    server_url: str, auth: tuple[str, str], other_auth: tuple[str, str]
) -> None:
    client = AsyncClient(server_url=server_url, auth=auth, headers={"X-Team": "a"}, timeout=5)
    assert client.clone(bucket="x").session.headers == {"X-Team": "a"}
    other = client.clone(auth=other_auth)  # kinto-http: a new session, from defaults
    assert other.session.headers == {} and other.session.timeout is None


# Patch operations


async def test_patch_operations(server_url: str, auth: tuple[str, str]) -> None:
    client = AsyncClient(server_url=server_url, auth=auth, bucket="blog", collection="articles")
    await a_collection(client)
    await client.create_record(id="abc", data={"over": "old", "keep": 1})
    await client.create_record(id="todo", data={"assignee": "alice", "meta": {"a": 1, "b": 2}})
    await client.create_record(id="receipts", data={"members": ["ldap:first@corp.com"]})

    # Replace specified attributes on the resource.
    await client.patch_record(id="abc", changes=BasicPatch({"over": "write"}))

    # Recursively merge attributes. Setting a field to ``None`` removes it.
    await client.patch_record(id="todo", changes=MergePatch({"assignee": "bob"}))
    await client.patch_record(id="todo", changes=MergePatch({"meta": {"a": None}}))

    # Apply a JSON Patch (RFC 6902) sequence of operations.
    await client.patch_record(
        id="receipts",
        changes=JSONPatch(
            [{"op": "add", "path": "/data/members/0", "value": "ldap:user@corp.com"}]
        ),
    )

    abc = (await client.get_record(id="abc"))["data"]
    assert (abc["over"], abc["keep"]) == ("write", 1)
    todo = (await client.get_record(id="todo"))["data"]
    assert todo["assignee"] == "bob" and todo["meta"] == {"b": 2}
    receipts = (await client.get_record(id="receipts"))["data"]
    assert receipts["members"] == ["ldap:user@corp.com", "ldap:first@corp.com"]


async def test_patch_with_the_original(server_url: str, auth: tuple[str, str]) -> None:
    """patch_record's docstring: ``original``, the record from which the ID and
    last_modified are taken."""
    client = AsyncClient(server_url=server_url, auth=auth, bucket="blog", collection="articles")
    await a_collection(client, records=1)
    original = (await client.get_record(id="a0"))["data"]
    await client.patch_record(original=original, changes=BasicPatch({"title": "new"}))
    with pytest.raises(KintoException) as stale:  # the original's last_modified is old now
        await client.patch_record(original=original, changes=BasicPatch({"title": "newer"}))
    assert stale.value.response.status_code == 412


# Concurrency control


async def test_safe_writes(server_url: str, auth: tuple[str, str]) -> None:
    client = AsyncClient(server_url=server_url, auth=auth, bucket="blog", collection="articles")
    await a_collection(client, records=1)
    with pytest.raises(KintoException) as exists:
        await client.create_record(id="a0", data={"title": "again"})  # safe: no overwrite
    assert exists.value.response.status_code == 412
    fetched = (await client.get_record(id="a0"))["data"]
    await client.update_record(data={**fetched, "title": "first writer"})
    with pytest.raises(KintoException) as stale:  # last_modified in data: If-Match
        await client.update_record(data={**fetched, "title": "second writer"})
    assert stale.value.response.status_code == 412
    with pytest.raises(KintoException):
        await client.patch_record(
            id="a0", changes=BasicPatch({"n": 5}), if_match=fetched["last_modified"]
        )
    await client.update_record(data={**fetched, "title": "forced"}, safe=False)
    assert (await client.get_record(id="a0"))["data"]["title"] == "forced"


# Batching operations (sync client only)


def test_batch(server_url: str, auth: tuple[str, str]) -> None:
    client = Client(server_url=server_url, auth=auth, bucket="blog", collection="articles")
    client.create_bucket(id="blog")
    client.create_collection(id="articles")

    # README: ids as strings (kinto-http sends {"id": 0} as the URL .../records/0 and
    # the data's integer id, which Kinto refuses)
    with client.batch() as batch:
        for idx in range(0, 100):
            batch.update_record(data={"id": str(idx)})

    assert len(client.get_records()) == 100


def test_batch_results(server_url: str, auth: tuple[str, str]) -> None:
    # README: writes (kinto-http's batch cannot send reads: get_record passes params=,
    # which its BatchSession.request() refuses with TypeError)
    client = Client(server_url=server_url, auth=auth, bucket="blog", collection="articles")
    client.create_bucket(id="blog")
    client.create_collection(id="articles")

    with client.batch() as batch:
        batch.create_record(id="r1", data={"name": "r1"})
        batch.create_record(id="r2", data={"name": "r2"})
        batch.create_record(id="r3", data={"name": "r3"})

    r1, r2, r3 = batch.results()
    assert [r["data"]["name"] for r in (r1, r2, r3)] == ["r1", "r2", "r3"]


def test_batch_4xx_raise_unless_ignored(server_url: str, auth: tuple[str, str]) -> None:
    client = Client(server_url=server_url, auth=auth, bucket="blog", collection="articles")
    client.create_bucket(id="blog")
    client.create_collection(id="articles")
    client.create_record(id="taken", data={})

    with pytest.raises(KintoBatchException) as failed, client.batch() as batch:
        batch.create_record(id="new", data={})
        batch.create_record(id="taken", data={})  # 412: exists
    assert len(failed.value.exceptions) == 1
    assert failed.value.exceptions[0].response.status_code == 412
    assert isinstance(failed.value, KintoException)

    tolerant = Client(
        server_url=server_url,
        auth=auth,
        bucket="blog",
        collection="articles",
        ignore_batch_4xx=True,
    )
    with tolerant.batch() as batch:
        batch.create_record(id="other", data={})
        batch.create_record(id="taken", data={})
    assert sorted(r["id"] for r in tolerant.get_records()) == ["new", "other", "taken"]


@differs("batch-exception-results")
def test_batch_exception_results(server_url: str, auth: tuple[str, str]) -> None:
    client = Client(server_url=server_url, auth=auth, bucket="blog", collection="articles")
    client.create_bucket(id="blog")
    client.create_collection(id="articles")
    client.create_record(id="taken", data={})
    with pytest.raises(KintoBatchException) as failed, client.batch() as batch:
        batch.create_record(id="new", data={})
        batch.create_record(id="taken", data={})
    # kinto-http: one (batch answer body, headers) pair per chunk sent
    ((body, headers),) = failed.value.results
    assert [r["status"] for r in body["responses"]] == [201, 412]
    assert headers["Content-Type"] == "application/json"


# Errors


async def test_errors(server_url: str, auth: tuple[str, str], other_auth: tuple[str, str]) -> None:
    owner = AsyncClient(server_url=server_url, auth=auth)
    await owner.create_bucket(id="private")
    client = AsyncClient(server_url=server_url, auth=other_auth, bucket="private")
    said = []
    try:
        await client.create_group(id="friends")
    except KintoException as e:
        # README: "is not None" (requests' Response is false for a 4xx: `e.response and`
        # never reaches the status code on kinto-http)
        if e.response is not None and e.response.status_code == 403:
            said.append("Not allowed!")
    assert said == ["Not allowed!"]


@differs("response-truthiness")
async def test_an_error_response_is_false(
    server_url: str, auth: tuple[str, str], other_auth: tuple[str, str]
) -> None:
    owner = AsyncClient(server_url=server_url, auth=auth)
    await owner.create_bucket(id="private")
    client = AsyncClient(server_url=server_url, auth=other_auth, bucket="private")
    with pytest.raises(KintoException) as forbidden:
        await client.create_group(id="friends")
    assert not forbidden.value.response  # requests: a 4xx Response is false


async def test_error_hint_on_a_missing_bucket(server_url: str, auth: tuple[str, str]) -> None:
    client = AsyncClient(server_url=server_url, auth=auth, bucket="missing")
    with pytest.raises(KintoException) as forbidden:
        await client.create_collection(id="c")
    assert forbidden.value.response.status_code == 403
    assert "Please check that the bucket exists" in str(forbidden.value)
    assert forbidden.value.request.method == "PUT"


async def test_an_error_from_a_message(server_url: str) -> None:
    """What test doubles do: raise ``KintoException("msg")``."""
    error = KintoException("the server is down")
    assert str(error) == "the server is down" and error.response is None
    assert isinstance(KintoBatchException([error], []), KintoException)


@differs("error-strings")
async def test_error_strings(server_url: str, auth: tuple[str, str]) -> None:
    client = AsyncClient(server_url=server_url, auth=auth)
    with pytest.raises(KintoException) as missing:
        await client.get_record(id="x", bucket="nope", collection="c")
    assert str(missing.value).startswith("GET /v1/buckets/nope/collections/c/records/x - 403")
    assert missing.value.message.startswith("403 - {")


@differs("not-found-classes")
async def test_bucket_not_found(server_url: str, auth: tuple[str, str]) -> None:
    client = AsyncClient(server_url=server_url, auth=auth)
    with pytest.raises(KintoException) as missing:
        await client.get_bucket(id="nope")
    assert type(missing.value).__name__ == "BucketNotFound"


# Request timeout


async def test_timeouts(server_url: str) -> None:
    for timeout in (5, (3.05, 27), None):
        client = AsyncClient(server_url=server_url, timeout=timeout)
        assert (await client.server_info())["project_name"] == "kinto"
        assert client.session.timeout == timeout


# Retry on error


async def test_retry(throttled_url: str, auth: tuple[str, str]) -> None:
    credentials = auth
    client = AsyncClient(server_url=throttled_url, auth=credentials, retry=10)
    assert (await client.server_info())["user"]["id"] == "account:" + auth[0]


async def test_retry_after(server_url: str, auth: tuple[str, str]) -> None:
    credentials = auth
    client = AsyncClient(server_url=server_url, auth=credentials, retry=10, retry_after=5)
    assert (client.session.nb_retry, client.session.retry_after) == (10, 5)
    assert (await client.server_info())["project_name"] == "kinto"


@differs("retry-default")
async def test_no_retry_by_default(throttled_url: str) -> None:
    client = AsyncClient(server_url=throttled_url)
    with pytest.raises(KintoException) as unavailable:
        await client.server_info()
    assert unavailable.value.response.status_code == 503


@differs("retry-statuses")
async def test_retry_on_a_500(failing_url: str) -> None:
    client = AsyncClient(server_url=failing_url, retry=1)
    assert (await client.server_info())["project_name"] == "kinto"


@differs("backoff")
async def test_backoff_raises_until_it_ends(backoff_url: str) -> None:
    client = AsyncClient(server_url=backoff_url)
    await client.server_info()  # its answer carries Backoff: 1
    with pytest.raises(KintoException) as backing_off:
        await client.get_buckets()
    assert type(backing_off.value).__name__ == "BackoffException"


@differs("timeout-default")
async def test_no_timeout_by_default(server_url: str) -> None:
    assert AsyncClient(server_url=server_url).session.timeout is None


# Pagination


async def test_pagination(server_url: str, auth: tuple[str, str]) -> None:
    client = AsyncClient(server_url=server_url, auth=auth, bucket="blog", collection="articles")
    await a_collection(client, records=12)  # the server's pages hold 5

    records = await client.get_records()
    assert len(records) == 12

    sizes = []
    for page in await client.get_paginated_records():
        records = page["data"]
        sizes.append(len(records))
    assert sizes == [5, 5, 2]

    records = await client.get_records(_limit=10)
    assert len(records) == 5  # one page: the server caps it

    records = await client.get_records(_limit=10, pages=float("inf"))  # Infinity
    assert len(records) == 12

    records = await client.get_records(_limit=2, pages=2, _sort="n")
    assert [r["id"] for r in records] == ["a0", "a1", "a2", "a3"]


async def test_filters_and_fields(server_url: str, auth: tuple[str, str]) -> None:
    client = AsyncClient(server_url=server_url, auth=auth, bucket="blog", collection="articles")
    await a_collection(client, records=4)
    assert [r["id"] for r in await client.get_records(min_n=2, _sort="-n")] == ["a3", "a2"]
    records = await client.get_records(_fields="title", _sort="n")
    assert records[0]["title"] == "Article 0" and "n" not in records[0]
    assert sorted((await client.get_record(id="a1", _fields="n"))["data"]) == [
        "id",
        "last_modified",
        "n",
    ]
    assert [r["id"] for r in await client.get_records(in_id=["a0", "a2"], _sort="n")] == [
        "a0",
        "a2",
    ]
    assert len(await client.get_records(has_title=True)) == 4
    assert [r["id"] for r in await client.get_records(_sort="n", _since="0", lt_n=1)] == ["a0"]


@differs("fields-list")
async def test_fields_given_as_a_list(server_url: str, auth: tuple[str, str]) -> None:
    client = AsyncClient(server_url=server_url, auth=auth, bucket="blog", collection="articles")
    await a_collection(client, records=1)
    records = await client.get_records(_fields=["title", "n"])
    # kinto-http sends a list as JSON ('["title", "n"]'): Kinto keeps none of those fields
    assert sorted(records[0]) == ["id", "last_modified"]


@differs("records-timestamp-cache")
async def test_records_timestamp_of_the_last_listing(
    server_url: str, auth: tuple[str, str]
) -> None:
    client = AsyncClient(server_url=server_url, auth=auth, bucket="blog", collection="articles")
    await a_collection(client, records=1)
    await client.get_records()
    before = await client.get_records_timestamp()
    await client.create_record(id="later", data={})
    # kinto-http answers from the ETag its last get_records() read, without a request
    assert await client.get_records_timestamp() == before


@differs("every-page")
async def test_delete_records_deletes_one_page(server_url: str, auth: tuple[str, str]) -> None:
    client = AsyncClient(server_url=server_url, auth=auth, bucket="blog", collection="articles")
    await a_collection(client, records=7)
    deleted = await client.delete_records()
    assert len(deleted) == 5  # kinto-http sends one DELETE: the server's first page
    assert len(await client.get_records()) == 2


@differs("result-types")
async def test_results_are_plain_lists_and_dicts(server_url: str, auth: tuple[str, str]) -> None:
    client = AsyncClient(server_url=server_url, auth=auth, bucket="blog", collection="articles")
    await a_collection(client, records=1)
    records = await client.get_records()
    assert type(records) is list and type(records[0]) is dict
    assert type(await client.get_record(id="a0")) is dict


# History


async def test_history(server_url: str, auth: tuple[str, str]) -> None:
    # README: bucket "blog", not "default" (Kinto's default bucket plugin does not route
    # /buckets/default/history: 403 on kinto-http too)
    client = AsyncClient(server_url=server_url, auth=auth, bucket="blog", collection="articles")
    await a_collection(client, records=2)

    # Get the complete history of a bucket
    changes = await client.get_history(bucket="blog")

    # Or apply filters
    hist = await client.get_history(
        bucket="blog", _limit=2, _sort="-last_modified", _since="1533762576015"
    )
    assert len(hist) == 2 and hist[0]["last_modified"] >= hist[1]["last_modified"]
    hist = await client.get_history(bucket="blog", resource_name="collection")
    assert [h["resource_name"] for h in hist] == ["collection"]
    assert {c["resource_name"] for c in changes} == {"bucket", "collection", "record"}


async def test_purge_history(server_url: str, auth: tuple[str, str]) -> None:
    # README: bucket "blog" (see test_history)
    client = AsyncClient(server_url=server_url, auth=auth)
    await a_collection(client, records=1)
    assert await client.get_history(bucket="blog") != []
    await client.purge_history(bucket="blog", _before='"1743671651423"', user_id="account:fulanito")
    assert await client.get_history(bucket="blog") != []  # older than 2025, another user
    await client.purge_history(bucket="blog")
    assert await client.get_history(bucket="blog") == []


# Attachments


async def test_attachments(server_url: str, auth: tuple[str, str], tmp_path: Path) -> None:
    client = AsyncClient(server_url=server_url, auth=auth, bucket="blog", collection="articles")
    await a_collection(client)
    await client.create_record(id="record-id", data={"title": "holiday"})
    image = tmp_path / "path" / "to" / "image.png"
    image.parent.mkdir(parents=True)
    image.write_bytes(os.urandom(20_000))

    await client.add_attachment(id="record-id", filepath=str(image))

    record_obj = (await client.get_record(id="record-id"))["data"]
    assert record_obj["attachment"]["hash"] == hashlib.sha256(image.read_bytes()).hexdigest()
    filepath = await client.download_attachment(record_obj)
    assert filepath == "image.png"  # the working directory, the server's file name
    assert Path(filepath).read_bytes() == image.read_bytes()

    folder = tmp_path / "downloads"
    folder.mkdir()
    saved = await client.download_attachment(record_obj, filepath=str(folder), save_metadata=True)
    assert saved == str(folder / "image.png")
    assert json.loads(Path(saved + ".meta.json").read_text())["id"] == "record-id"
    again = await client.download_attachment(
        record_obj, filepath=str(folder), overwrite=True, chunk_size=1024
    )
    assert Path(again).read_bytes() == image.read_bytes()

    await client.remove_attachment(id="record-id")
    assert (await client.get_record(id="record-id"))["data"]["attachment"] is None
    await client.create_record(id="plain", data={})
    with pytest.raises(ValueError):
        await client.download_attachment((await client.get_record(id="plain"))["data"])


async def test_add_attachment_with_data_and_a_name(
    server_url: str, auth: tuple[str, str], tmp_path: Path
) -> None:
    client = AsyncClient(server_url=server_url, auth=auth, bucket="blog", collection="articles")
    await a_collection(client)
    source = tmp_path / "report.bin"
    source.write_bytes(b"%PDF-1.4 not really")
    await client.add_attachment(
        id="new-record",
        filepath=str(source),
        filename="report.pdf",
        data={"title": "Q4"},
        mimetype="application/pdf",
    )
    record = (await client.get_record(id="new-record"))["data"]
    assert record["title"] == "Q4"
    assert record["attachment"]["filename"] == "report.pdf"
    assert record["attachment"]["mimetype"] == "application/pdf"


# Endpoint URLs


async def test_get_endpoint(server_url: str) -> None:
    client = AsyncClient(
        server_url=server_url,
        auth=("token", "your-token"),
        bucket="payments",
        collection="receipts",
    )

    endpoint = await client.get_endpoint("record", id="c6894b2c-1856-11e6-9415-3c970ede22b0")
    print(endpoint)

    assert endpoint == (
        "/buckets/payments/collections/receipts/records/c6894b2c-1856-11e6-9415-3c970ede22b0"
    )
    assert await client.get_endpoint("bucket") == "/buckets/payments"
    assert await client.get_endpoint("collections", bucket="other") == "/buckets/other/collections"


# Handling datetime and date objects


async def test_dates_in_payloads(server_url: str, auth: tuple[str, str]) -> None:
    client = AsyncClient(server_url=server_url, auth=auth, bucket="blog", collection="articles")
    await a_collection(client)
    when = datetime.datetime(2026, 12, 2, 9, 30, tzinfo=datetime.UTC)
    await client.create_record(
        id="event", data={"day": datetime.date(2026, 12, 2), "at": when, "nested": [when]}
    )
    data = (await client.get_record(id="event"))["data"]
    assert data["day"] == "2026-12-02"
    assert data["at"] == "2026-12-02T09:30:00+00:00" == data["nested"][0]


# Async client: the documented methods, awaited


async def test_async_client_lists_and_pages(server_url: str, auth: tuple[str, str]) -> None:
    client = AsyncClient(server_url=server_url, auth=auth, bucket="blog", collection="articles")
    await a_collection(client, records=6)
    assert len(await client.get_records()) == 6
    pages = list(await client.get_paginated_records())
    assert [len(page["data"]) for page in pages] == [5, 1]
    assert (await client.get_collection(id="articles"))["data"]["id"] == "articles"
