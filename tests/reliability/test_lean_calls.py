"""What makes a storage call cheaper than raw httpx (issue 12, item 4) changes nothing a
user can see: cookies a server sets are still kept and sent back, a response without one
never reaches the cookie jar, and a listing's pages are freed as soon as they are read
(not at the next full garbage collection). Against the tests' own loopback server."""

from __future__ import annotations

import asyncio
import gc
import http.cookiejar
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
