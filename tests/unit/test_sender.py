"""The short send path (kinbase._http.sender) builds and sends what httpx.Client would."""

from __future__ import annotations

import asyncio
from collections.abc import Generator
from typing import Any

import httpx
import pytest
from kinbase._http.config import ClientConfig, build_async_sender, build_sender
from kinbase._http.retry import IDEMPOTENT_EXTENSION
from kinbase._http.sender import AsyncSender, Sender

CALLS: list[dict[str, Any]] = [
    {"method": "get", "url": "/buckets/b/collections/c/records/r1"},
    {
        "method": "get",
        "url": "/buckets/b/collections/c/records",
        "params": {"_limit": 5, "a": "x y"},
    },
    {
        "method": "put",
        "url": "/buckets/b/collections/c/records/r%C3%A9",
        "json": {"data": {"n": 1, "s": "é"}},
        "headers": {"If-None-Match": "*", "X-Extra": "1"},
    },
    {
        "method": "patch",
        "url": "/buckets/b",
        "content": b'[{"op": "add"}]',
        "headers": {"Content-Type": "application/json-patch+json"},
    },
    {"method": "delete", "url": "/buckets/b/groups/g?x=1"},
]


def _config(**changes: Any) -> ClientConfig:
    return ClientConfig(
        base_url="http://example.test:8888/v1/",
        headers={"X-App": "kb", "Authorization": "Bearer t0k3n"},
        timeout=(2.0, 7.0),
        **changes,
    )


@pytest.mark.parametrize("call", CALLS, ids=[c["method"] + c["url"] for c in CALLS])
def test_requests_match_httpx_client(call: dict[str, Any]) -> None:
    sender = build_sender(_config())
    ours = sender.build(call, idempotent=True)
    theirs = sender.http.build_request(**call)
    assert ours.method == theirs.method
    assert ours.url == theirs.url
    assert ours.headers.raw == theirs.headers.raw
    assert ours.read() == theirs.read()
    assert ours.extensions["timeout"] == theirs.extensions["timeout"]
    assert ours.extensions[IDEMPOTENT_EXTENSION] is True
    assert IDEMPOTENT_EXTENSION not in sender.build(call).extensions
    sender.close()


class _RetryOn401(httpx.Auth):
    """Sends a stale token, then a fresh one after a 401 (what a session refresh does)."""

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["Authorization"] = "Bearer stale"
        response = yield request
        if response.status_code == 401:
            request.headers["Authorization"] = "Bearer fresh"
            yield request


def _handler(seen: list[str]) -> Any:
    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers["Authorization"])
        if "cookie" in request.headers:
            seen.append("cookie sent")
        if request.headers["Authorization"] != "Bearer fresh":
            return httpx.Response(401, json={"errno": 104})
        return httpx.Response(200, json={"ok": True}, headers={"Set-Cookie": "a=b"})

    return handle


def test_sync_auth_flow_replays_and_hooks_run() -> None:
    seen: list[str] = []
    hooked: list[str] = []
    transport = httpx.MockTransport(_handler(seen))
    http = httpx.Client(base_url="http://s.test/v1", transport=transport, auth=_RetryOn401())
    http.event_hooks["request"].append(lambda r: hooked.append(f"req {r.method}"))
    http.event_hooks["response"].append(lambda r: hooked.append(f"resp {r.status_code}"))
    sender = Sender(http, transport)
    response = sender.send(sender.build({"method": "get", "url": "/x"}))
    assert response.json() == {"ok": True}
    assert response.request.headers["Authorization"] == "Bearer fresh"
    assert response.elapsed.total_seconds() >= 0
    assert seen == ["Bearer stale", "Bearer fresh"]
    assert hooked == ["req GET", "resp 401", "req GET", "resp 200"]
    # kinbase's own calls keep no cookies
    sender.send(sender.build({"method": "get", "url": "/x"}))
    assert seen[2:] == ["Bearer stale", "Bearer fresh"]  # no "cookie sent"


def test_async_auth_flow_replays_and_hooks_run() -> None:
    seen: list[str] = []
    hooked: list[str] = []

    async def main() -> httpx.Response:
        transport = httpx.MockTransport(_handler(seen))
        http = httpx.AsyncClient(
            base_url="http://s.test/v1", transport=transport, auth=_RetryOn401()
        )

        async def on_request(request: httpx.Request) -> None:
            hooked.append(f"req {request.method}")

        async def on_response(response: httpx.Response) -> None:
            hooked.append(f"resp {response.status_code}")

        http.event_hooks = {"request": [on_request], "response": [on_response]}
        sender = AsyncSender(http, transport)
        try:
            return await sender.send(sender.build({"method": "post", "url": "/x", "json": {}}))
        finally:
            await sender.aclose()

    response = asyncio.run(main())
    assert response.json() == {"ok": True}
    assert seen == ["Bearer stale", "Bearer fresh"]
    assert hooked == ["req POST", "resp 401", "req POST", "resp 200"]


def test_no_auth_sends_once() -> None:
    seen: list[httpx.Request] = []
    transport = httpx.MockTransport(lambda r: seen.append(r) or httpx.Response(204))
    sender = Sender(httpx.Client(base_url="http://s.test", transport=transport), transport)
    assert sender.send(sender.build({"method": "delete", "url": "/a"})).status_code == 204
    assert [str(r.url) for r in seen] == ["http://s.test/a"]


def test_async_builder_matches_sync_builder() -> None:
    sync_sender = build_sender(_config())
    async_sender = build_async_sender(_config())
    for call in CALLS:
        a, b = sync_sender.build(call), async_sender.build(call)
        assert (a.method, a.url, a.headers.raw) == (b.method, b.url, b.headers.raw)
    sync_sender.close()
    asyncio.run(async_sender.aclose())
