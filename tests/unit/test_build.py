"""kinbase._http.build.RequestBuilder: the request ``build_request`` would make, for less.

Every test compares the builder's request with ``client.build_request``'s for the same
arguments: URL, headers (names, values, order), body and extensions must be the same.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from kinbase._http import build
from kinbase._http.build import RequestBuilder

PREFIX = "http://127.0.0.1:8888/v1/"

_ID = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9_+.@-]{0,12}", fullmatch=True)
_PATHS = st.lists(_ID, max_size=6).map("/".join) | st.sampled_from(
    ["", "buckets/", "a/../b", "a/./b", "a%2Fb", "a b", "é", "a//b", "a?b=1", "a#b", ".a"]
)
_HEADER_NAME = st.from_regex(r"X-[A-Za-z][A-Za-z0-9-]{0,10}", fullmatch=True)
_HEADER_VALUE = st.from_regex(r"[ -~]{0,20}", fullmatch=True).map(str.strip)
_REQUEST_HEADERS = st.dictionaries(
    _HEADER_NAME
    | st.sampled_from(["Content-Type", "If-Match", "If-None-Match", "user-agent", "Host"]),
    _HEADER_VALUE | st.sampled_from(['"12"', "*", "application/json", "é"]),
    max_size=3,
)
_PARAMS = st.dictionaries(
    st.sampled_from(["_limit", "_sort", "_since", "has_x", "in_id", "q w", "é"]),
    st.integers(-5, 10**6) | st.text(max_size=8) | st.booleans(),
    max_size=4,
)
_BODIES = st.none() | st.just(b"") | st.binary(max_size=64)
_METHODS = st.sampled_from(["get", "put", "post", "patch", "delete", "HEAD"])
_EXTENSIONS = st.none() | st.just({"kinbase.idempotent": True}) | st.just({"timeout": {"read": 1}})


def _same(made: httpx.Request, expected: httpx.Request) -> None:
    assert made.method == expected.method
    assert made.url == expected.url
    assert str(made.url) == str(expected.url)
    assert made.url.raw_path == expected.url.raw_path
    assert made.url.netloc == expected.url.netloc
    assert made.headers.raw == expected.headers.raw
    assert made.read() == expected.read()
    assert made.extensions == expected.extensions


def _kwargs(method: str, path: str, headers: Any, content: Any, params: Any) -> dict[str, Any]:
    kwargs: dict[str, Any] = {"method": method, "url": PREFIX + path}
    if headers is not None:
        kwargs["headers"] = headers
    if content is not None:
        kwargs["content"] = content
    if params:
        kwargs["params"] = params
    return kwargs


@settings(max_examples=300, deadline=None)
@given(
    client_headers=st.dictionaries(_HEADER_NAME | st.just("User-Agent"), _HEADER_VALUE, max_size=3),
    method=_METHODS,
    path=_PATHS,
    headers=st.none() | _REQUEST_HEADERS,
    content=_BODIES,
    params=_PARAMS,
    extensions=_EXTENSIONS,
)
def test_the_same_request_as_build_request(
    client_headers: dict[str, str],
    method: str,
    path: str,
    headers: dict[str, str] | None,
    content: bytes | None,
    params: dict[str, Any],
    extensions: dict[str, Any] | None,
) -> None:
    client = httpx.Client(base_url=PREFIX, headers=client_headers, timeout=7)
    builder = RequestBuilder(client, PREFIX)
    kwargs = _kwargs(method, path, headers, content, params)
    try:
        expected = client.build_request(**kwargs, extensions=extensions)
    except (httpx.InvalidURL, UnicodeEncodeError) as exc:  # refused: refused the same way
        with pytest.raises(type(exc)):
            builder.build(kwargs, extensions)
        return
    _same(builder.build(kwargs, extensions), expected)


def _refuse_slow_path(client: httpx.Client | httpx.AsyncClient) -> None:
    def slow(*args: Any, **kwargs: Any) -> httpx.Request:
        raise AssertionError("build_request was called")

    client.build_request = slow  # type: ignore[method-assign]


@pytest.mark.parametrize("client_class", [httpx.Client, httpx.AsyncClient])
@pytest.mark.parametrize(
    ("method", "path", "headers", "content", "params"),
    [
        ("get", "buckets/b/collections/c/records/r1", None, None, None),
        ("put", "buckets/b/collections/c/records/r1", {"If-Match": '"12"'}, b'{"data":{}}', None),
        (
            "post",
            "buckets/b/collections/c/records",
            {"Content-Type": "application/json"},
            b"",
            None,
        ),
        ("delete", "accounts/alice+1@example.org", None, None, None),
        (
            "get",
            "buckets/b/collections/c/records",
            None,
            None,
            {"_limit": 10, "_sort": "-last_modified"},
        ),
        ("get", "", None, None, None),
    ],
)
def test_storage_requests_skip_build_request(
    client_class: type[httpx.Client] | type[httpx.AsyncClient],
    method: str,
    path: str,
    headers: dict[str, str] | None,
    content: bytes | None,
    params: dict[str, Any] | None,
) -> None:
    # The shapes of request the storage client sends never go through build_request.
    assert build._FAST, "this httpx keeps URLs or headers differently: update kinbase._http.build"
    client = client_class(base_url=PREFIX, headers={"User-Agent": "kinbase/test"})
    kwargs = _kwargs(method, path, headers, content, params)
    expected = client.build_request(**kwargs)
    builder = RequestBuilder(client, PREFIX)
    _refuse_slow_path(client)
    _same(builder.build(kwargs, None), expected)


@pytest.mark.parametrize(
    ("case", "setup", "kwargs"),
    [
        ("client params", {"params": {"x": "1"}}, {}),
        ("client cookies", {"cookies": {"c": "1"}}, {}),
        ("client sets Host", {"headers": {"Host": "elsewhere"}}, {}),
        ("client sets Content-Length", {"headers": {"content-length": "3"}}, {}),
        ("request replaces a client header", {}, {"headers": {"user-agent": "other"}}),
        ("non-ASCII header", {}, {"headers": {"X-Name": "é"}}),
        ("a dot segment", {}, {"url": PREFIX + "buckets/../accounts"}),
        ("a percent escape", {}, {"url": PREFIX + "buckets/a%2Fb"}),
        ("another server", {}, {"url": "http://127.0.0.1:9999/v1/buckets"}),
        ("a JSON body", {}, {"json": {"a": 1}}),
        ("a str body", {}, {"content": "text"}),
        ("an empty query", {}, {"params": {"a": []}}),
    ],
)
def test_anything_else_goes_to_build_request(
    case: str, setup: dict[str, Any], kwargs: dict[str, Any]
) -> None:
    client = httpx.Client(base_url=PREFIX, **setup)
    call = {"method": "put", "url": PREFIX + "buckets/b", **kwargs}
    try:
        expected: httpx.Request | None = client.build_request(**call)
    except UnicodeEncodeError:
        expected = None
    builder = RequestBuilder(client, PREFIX)
    calls: list[dict[str, Any]] = []
    slow = client.build_request

    def counted(**call_kwargs: Any) -> httpx.Request:
        calls.append(call_kwargs)
        return slow(**call_kwargs)

    client.build_request = counted  # type: ignore[method-assign]
    if expected is None:  # httpx refuses it: so does the builder, in httpx's words
        with pytest.raises(UnicodeEncodeError):
            builder.build(call, None)
    else:
        _same(builder.build(call, None), expected)
    assert len(calls) == 1, case


def test_a_change_to_the_client_headers_is_seen() -> None:
    client = httpx.Client(base_url=PREFIX, headers={"User-Agent": "a"})
    builder = RequestBuilder(client, PREFIX)
    call = {"method": "get", "url": PREFIX + "buckets"}
    assert builder.build(call, None).headers["user-agent"] == "a"
    client.headers["X-Trace"] = "1"
    del client.headers["User-Agent"]
    made = builder.build(call, None)
    _same(made, client.build_request(**call))
    assert made.headers["x-trace"] == "1" and "user-agent" not in made.headers
    client.headers = httpx.Headers({"Host": "proxy.example"})  # now the slow way
    _same(builder.build(call, None), client.build_request(**call))


def test_a_client_timeout_change_is_seen() -> None:
    client = httpx.Client(base_url=PREFIX, timeout=3)
    builder = RequestBuilder(client, PREFIX)
    call = {"method": "get", "url": PREFIX + "buckets"}
    client.timeout = httpx.Timeout(9, connect=1)
    assert builder.build(call, None).extensions["timeout"] == {
        "connect": 1,
        "read": 9,
        "write": 9,
        "pool": 9,
    }


@pytest.mark.parametrize(
    "prefix",
    ["http://[::1]:8888/v1/", "https://kinto.example/", "http://h/v1/?x=1", "http://h:80/v1/"],
)
def test_other_server_urls(prefix: str) -> None:
    client = httpx.Client()
    builder = RequestBuilder(client, prefix)
    call = {"method": "post", "url": prefix + "buckets/b", "content": b"{}"}
    _same(builder.build(call, None), client.build_request(**call))
