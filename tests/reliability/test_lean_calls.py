"""What makes a storage call cheaper than raw httpx (issue 12, item 4) changes nothing a
user can see: cookies a server sets are still kept and sent back, a response without one
never reaches the cookie jar, and a listing's pages are freed as soon as they are read
(not at the next full garbage collection). Against the tests' own loopback server."""

from __future__ import annotations

import asyncio
import gc
import gzip
import http.cookiejar
import json
import weakref
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from kinbase import AsyncStorageClient, StorageClient
from kinbase._server_headers import header_values

from tests.hostileserver import HostileServer, Reply, Seen

RECORD = {"data": {"id": "r1", "last_modified": 1, "title": "x"}}
PAGES = 4
PER_PAGE = 50


def _cookie_server(request: Seen) -> Reply:
    if request.path.endswith("/records/first"):
        return Reply(200, RECORD, headers=[("Set-Cookie", "route=blue; Path=/")])
    return Reply(200, RECORD)


@pytest.fixture
def cookie_server() -> Iterator[HostileServer]:
    with HostileServer(_cookie_server) as server:
        yield server


def test_a_cookie_the_server_sets_is_sent_back(cookie_server: HostileServer) -> None:
    with StorageClient(cookie_server.url + "/v1", bucket="b", collection="c") as client:
        client.get_record(id="first")
        client.get_record(id="second")
    first, second = cookie_server.requests
    assert "cookie" not in first.headers
    assert second.headers.get("cookie") == "route=blue"


def test_a_cookie_the_server_sets_is_sent_back_async(cookie_server: HostileServer) -> None:
    async def main() -> None:
        async with AsyncStorageClient(
            cookie_server.url + "/v1", bucket="b", collection="c"
        ) as client:
            await client.get_record(id="first")
            await client.get_record(id="second")

    asyncio.run(main())
    assert cookie_server.requests[1].headers.get("cookie") == "route=blue"


def test_a_response_without_set_cookie_never_reaches_the_cookie_jar(
    cookie_server: HostileServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    extracted: list[str] = []
    original = http.cookiejar.CookieJar.extract_cookies

    def counting(self: http.cookiejar.CookieJar, response: Any, request: Any) -> None:
        extracted.append(request.get_full_url())
        original(self, response, request)

    monkeypatch.setattr(http.cookiejar.CookieJar, "extract_cookies", counting)
    with StorageClient(cookie_server.url + "/v1", bucket="b", collection="c") as client:
        for _ in range(3):
            client.get_record(id="second")
        assert extracted == []  # httpx alone hands every response to the jar
        client.get_record(id="first")
    assert len(extracted) == 1 and extracted[0].endswith("/records/first")


# ------------------------------------------------------------------ pages freed at once


def _pages_server(base: list[str]) -> Any:
    def answer(request: Seen) -> Reply:
        page = int(request.path.split("_token=")[1]) if "_token=" in request.path else 0
        items = [{"id": f"p{page}-{i}", "last_modified": 1} for i in range(PER_PAGE)]
        headers = []
        if page + 1 < PAGES:
            link = f"{base[0]}/v1/buckets/b/collections/c/records?_token={page + 1}"
            headers.append(("Next-Page", link))
        return Reply(200, {"data": items}, headers=headers)

    return answer


@pytest.fixture
def pages_server() -> Iterator[HostileServer]:
    base: list[str] = []
    with HostileServer(_pages_server(base)) as server:
        base.append(server.url)
        yield server


def _alive(refs: list[weakref.ref[httpx.Response]]) -> int:
    return sum(ref() is not None for ref in refs)


def test_iter_records_frees_each_page_without_the_garbage_collector(
    pages_server: HostileServer,
) -> None:
    refs: list[weakref.ref[httpx.Response]] = []
    alive_at_page_start: list[int] = []
    hooks = {"response": [lambda response: refs.append(weakref.ref(response))]}
    gc.collect()
    gc.disable()  # only reference counting frees anything from here on
    try:
        with StorageClient(
            pages_server.url + "/v1", bucket="b", collection="c", event_hooks=hooks
        ) as client:
            for index, record in enumerate(client.iter_records()):
                if index % PER_PAGE == 0:
                    assert record["id"] == f"p{index // PER_PAGE}-0"
                    alive_at_page_start.append(_alive(refs))
    finally:
        gc.enable()
    assert len(refs) == PAGES
    # While a page is consumed, the earlier pages' responses (and bodies) are gone.
    assert alive_at_page_start == [1] * PAGES


def test_iter_records_frees_each_page_without_the_garbage_collector_async(
    pages_server: HostileServer,
) -> None:
    refs: list[weakref.ref[httpx.Response]] = []
    alive_at_page_start: list[int] = []

    async def remember(response: httpx.Response) -> None:
        refs.append(weakref.ref(response))

    async def main() -> None:
        async with AsyncStorageClient(
            pages_server.url + "/v1",
            bucket="b",
            collection="c",
            event_hooks={"response": [remember]},
        ) as client:
            index = 0
            async for _record in client.iter_records():
                if index % PER_PAGE == 0:
                    alive_at_page_start.append(_alive(refs))
                index += 1

    gc.collect()
    gc.disable()
    try:
        asyncio.run(main())
    finally:
        gc.enable()
    assert len(refs) == PAGES
    assert alive_at_page_start == [1] * PAGES


def test_get_records_frees_each_page_too(pages_server: HostileServer) -> None:
    refs: list[weakref.ref[httpx.Response]] = []
    hooks = {"response": [lambda response: refs.append(weakref.ref(response))]}
    gc.collect()
    gc.disable()
    try:
        with StorageClient(
            pages_server.url + "/v1", bucket="b", collection="c", event_hooks=hooks
        ) as client:
            records = client.get_records()
            alive = _alive(refs)
    finally:
        gc.enable()
    assert len(records) == PAGES * PER_PAGE
    assert alive == 0


# ------------------------------------------------------------------ headers in one pass


def test_header_values_reads_like_headers_get() -> None:
    headers = httpx.Headers(
        [
            ("Content-Type", "application/json"),
            ("BACKOFF", "10"),
            ("Alert", '{"code": "soft-eol"}'),
            ("backoff", "20"),
        ]
    )
    names = (b"backoff", b"alert", b"next-page")
    assert header_values(headers, names) == [
        headers.get("backoff"),
        headers.get("alert"),
        None,
    ]
    assert header_values(headers, names)[0] == "10, 20"
    assert header_values(httpx.Headers({"a": "b"}), names) == [None, None, None]
    latin = httpx.Headers([(b"Alert", "caf\u00e9".encode("latin-1"))])
    assert header_values(latin, (b"alert",)) == [latin.get("alert")]


# ------------------------------------------------------------------ body read once


def _record_server(request: Seen) -> Reply:
    if request.path.endswith("/records/gzipped"):
        body = gzip.compress(json.dumps(RECORD).encode())
        headers = [("Content-Type", "application/json"), ("Content-Encoding", "gzip")]
        return Reply(200, body, headers=headers)
    return Reply(200, RECORD)


@pytest.fixture
def record_server() -> Iterator[HostileServer]:
    with HostileServer(_record_server) as server:
        yield server


def _counting_iter_bytes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Counts httpx's passes over a body (``iter_bytes``/``aiter_bytes``: its decoders)."""
    passes: list[str] = []
    sync_original, async_original = httpx.Response.iter_bytes, httpx.Response.aiter_bytes

    def iter_bytes(self: httpx.Response, chunk_size: int | None = None) -> Iterator[bytes]:
        passes.append(str(self.url))
        return sync_original(self, chunk_size)

    def aiter_bytes(self: httpx.Response, chunk_size: int | None = None) -> Any:
        passes.append(str(self.url))
        return async_original(self, chunk_size)

    monkeypatch.setattr(httpx.Response, "iter_bytes", iter_bytes)
    monkeypatch.setattr(httpx.Response, "aiter_bytes", aiter_bytes)
    return passes


def test_a_body_is_read_once_and_the_response_is_whole(
    record_server: HostileServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The retry transport reads the body; httpx does not read it again from memory. The
    response is still what httpx gives: read, closed, ``elapsed`` set, content decoded."""
    passes = _counting_iter_bytes(monkeypatch)
    seen: list[httpx.Response] = []
    hooks = {"response": [seen.append]}
    with StorageClient(
        record_server.url + "/v1", bucket="b", collection="c", event_hooks=hooks
    ) as client:
        assert client.get_record(id="plain")["data"] == RECORD["data"]
        assert passes == []
        # A compressed body is decoded by httpx as usual (one pass, through its decoder).
        assert client.get_record(id="gzipped")["data"] == RECORD["data"]
        assert len(passes) == 1 and passes[0].endswith("/records/gzipped")
    plain, gzipped = seen
    for response in (plain, gzipped):
        assert response.is_closed
        assert response.json() == RECORD
        assert response.elapsed.total_seconds() >= 0
        assert "kinbase_body" not in response.extensions
    assert plain.headers.get("content-encoding") is None
    assert gzipped.headers["content-encoding"] == "gzip"
    assert b"".join(plain.iter_bytes()) == plain.content  # still readable as httpx allows


def test_a_body_is_read_once_async(
    record_server: HostileServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    passes = _counting_iter_bytes(monkeypatch)

    async def main() -> None:
        async with AsyncStorageClient(
            record_server.url + "/v1", bucket="b", collection="c"
        ) as client:
            assert (await client.get_record(id="plain"))["data"] == RECORD["data"]
            assert passes == []
            assert (await client.get_record(id="gzipped"))["data"] == RECORD["data"]

    asyncio.run(main())
    assert len(passes) == 1 and passes[0].endswith("/records/gzipped")


def test_an_error_answer_keeps_its_body(record_server: HostileServer) -> None:
    """Errors carry the response: its body is there, read once, for the message."""
    from kinbase.errors import NotFoundError

    def not_found(request: Seen) -> Reply:
        return Reply(404, {"code": 404, "errno": 110, "error": "Not Found", "message": "gone"})

    with (
        HostileServer(not_found) as server,
        StorageClient(server.url + "/v1", bucket="b", collection="c") as client,
        pytest.raises(NotFoundError) as caught,
    ):
        client.get_record(id="missing")
    assert caught.value.response is not None
    assert caught.value.response.json()["message"] == "gone"
    assert "gone" in str(caught.value)
