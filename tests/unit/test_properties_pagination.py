"""Properties of pagination tokens: ``Next-Page`` is read for its query only (any host,
any token), and a client following it stays on its own server and path."""

from __future__ import annotations

import math
from typing import Any
from urllib.parse import urlencode

import httpx
from hypothesis import given, settings
from hypothesis import strategies as st
from kinbase.storage import StorageClient
from kinbase.storage._pagination import next_page_params, page_budget

BASE = "http://kinto.invalid/v1"
PATH = "/v1/buckets/b/collections/c/records"

_text = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=20
)
_params = st.lists(st.tuples(_text.filter(bool), _text), min_size=1, max_size=6)
_hosts = st.sampled_from(
    ["kinto.invalid", "evil.example", "127.0.0.1:1", "[::1]:8888", "user:pw@attacker.test"]
)
_schemes = st.sampled_from(["http", "https"])


@given(_params, _hosts, _schemes, st.text(max_size=10))
def test_next_page_query_round_trips_whatever_the_host(
    params: list[tuple[str, str]], host: str, scheme: str, path: str
) -> None:
    link = f"{scheme}://{host}/{urlencode({'p': path})[2:]}?{urlencode(params)}"
    response = httpx.Response(200, headers={"Next-Page": link})
    assert next_page_params(response) == params


@given(st.sampled_from(["", None]))
def test_no_next_page_means_last_page(value: str | None) -> None:
    headers = {} if value is None else {"Next-Page": value}
    assert next_page_params(httpx.Response(200, headers=headers)) is None


@given(
    st.one_of(st.none(), st.integers(min_value=1, max_value=10**6)),
    st.one_of(st.none(), st.integers(min_value=1, max_value=1000)),
)
def test_page_budget(pages: int | None, limit: int | None) -> None:
    params: dict[str, Any] = {} if limit is None else {"_limit": limit}
    budget = page_budget(pages, params)
    if pages is not None:
        assert budget == pages
    elif limit is not None:
        assert budget == 1
    else:
        assert budget == math.inf


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(_hosts, _text), min_size=1, max_size=5, unique_by=lambda p: p[1]))
def test_following_next_page_stays_on_the_configured_server(pages: list[tuple[str, str]]) -> None:
    """Whatever hosts and tokens the server's links name, every request goes to the
    client's own server and path, carrying the token of the previous page. (Tokens are
    distinct: a token already followed is a loop, refused; see issue 15 item 15.)"""
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        index = len(seen) - 1
        headers = {}
        if index < len(pages):
            host, token = pages[index]
            query = urlencode({"_token": token, "_limit": 2})
            headers["Next-Page"] = f"http://{host}/elsewhere/records?{query}"
        return httpx.Response(200, json={"data": [{"id": f"r{index}"}]}, headers=headers)

    client = StorageClient(BASE, bucket="b", collection="c", retry=0)
    client._http._transport._transport = httpx.MockTransport(handler)
    try:
        records = client.get_records()
    finally:
        client.close()
    assert [r["id"] for r in records] == [f"r{i}" for i in range(len(pages) + 1)]
    assert all(r.url.host == "kinto.invalid" and r.url.path == PATH for r in seen)
    for request, (_, token) in zip(seen[1:], pages, strict=True):
        assert request.url.params.get("_token") == token
