"""Exact response sequences around the shared session's refresh, mocked with pytest-httpx:
sequences no real server can be made to give on demand (a token refused right after a
refresh, a refresh whose answer cannot be read). Sync and async drive the same source."""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any

import httpx
import pytest
from kinbase._http.config import ClientConfig
from kinbase.auth import SessionAuth, SessionManager
from kinbase.auth._async.tokens import AsyncTokenEndpoint
from kinbase.auth._sync.tokens import TokenEndpoint
from kinbase.auth.session_storage import MemorySessionStorage
from kinbase.auth.types import Session
from kinbase.errors import InvalidResponseError
from pytest_httpx import HTTPXMock

AUTH = "https://auth.example"
KINTO = "https://kinto.example/v1/buckets/b"
TOKEN_URL = f"{AUTH}/token?grant_type=refresh_token"
USER = {
    "id": "8d3f4a52-3f4e-4c55-9a3c-6c5b1f1f2f10",
    "aud": "authenticated",
    "role": "authenticated",
    "email": "a@example.com",
    "phone": "",
    "app_metadata": {},
    "user_metadata": {},
    "created_at": "2026-01-01T00:00:00Z",
    "updated_at": "2026-01-01T00:00:00Z",
}


def _session(access: str, refresh: str) -> dict[str, Any]:
    return {
        "access_token": access,
        "refresh_token": refresh,
        "expires_in": 3600,
        "expires_at": int(time.time()) + 3600,
        "token_type": "bearer",
        "user": USER,
    }


def _manager(mode: str) -> SessionManager:
    config = ClientConfig(base_url=AUTH, retry=0)
    tokens: dict[str, Any] = (
        {"tokens": TokenEndpoint(httpx.Client(base_url=AUTH))}
        if mode == "sync"
        else {"async_tokens": AsyncTokenEndpoint(httpx.AsyncClient(base_url=AUTH))}
    )
    manager = SessionManager(
        config=config, storage=MemorySessionStorage(), storage_key="k", **tokens
    )
    manager.driver.save(Session.from_dict(_session("access-A", "refresh-A")), None)
    return manager


def _get(mode: str, manager: SessionManager) -> httpx.Response:
    auth = SessionAuth(manager)
    if mode == "sync":
        with httpx.Client(auth=auth) as client:
            return client.get(KINTO)

    async def main() -> httpx.Response:
        async with httpx.AsyncClient(auth=auth) as client:
            return await client.get(KINTO)

    return asyncio.run(main())


@pytest.fixture(params=["sync", "async"])
def mode(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def test_a_rejected_token_is_refreshed_once_and_the_request_replayed(
    mode: str, httpx_mock: HTTPXMock
) -> None:
    httpx_mock.add_response(
        url=KINTO, status_code=401, match_headers={"Authorization": "Bearer access-A"}
    )
    httpx_mock.add_response(url=TOKEN_URL, method="POST", json=_session("access-B", "refresh-B"))
    httpx_mock.add_response(
        url=KINTO, json={"data": {"id": "b"}}, match_headers={"Authorization": "Bearer access-B"}
    )
    manager = _manager(mode)
    events: list[str] = []
    manager.subscribe(lambda event, session: events.append(event))

    response = _get(mode, manager)

    assert response.status_code == 200
    sent = httpx_mock.get_requests()
    assert [(r.method, str(r.url)) for r in sent] == [
        ("GET", KINTO),
        ("POST", TOKEN_URL),
        ("GET", KINTO),
    ]
    assert json.loads(sent[1].content)["refresh_token"] == "refresh-A"
    current = manager.current()
    assert current is not None and current.access_token == "access-B"
    assert events == ["INITIAL_SESSION", "TOKEN_REFRESHED"]
    assert manager.refresh_count == 1


def test_a_token_refused_right_after_its_refresh_is_the_answer(
    mode: str, httpx_mock: HTTPXMock
) -> None:
    """401, refresh, 401 again: the second refusal stands (no refresh loop)."""
    httpx_mock.add_response(url=KINTO, status_code=401, is_reusable=True)
    httpx_mock.add_response(url=TOKEN_URL, method="POST", json=_session("access-B", "refresh-B"))
    manager = _manager(mode)

    response = _get(mode, manager)

    assert response.status_code == 401
    assert [r.method for r in httpx_mock.get_requests()] == ["GET", "POST", "GET"]
    assert manager.refresh_count == 1


def test_an_unreadable_refresh_answer_keeps_the_session(mode: str, httpx_mock: HTTPXMock) -> None:
    """A 200 to the refresh that is not a session: InvalidResponseError, and the session
    stays (it may still be valid: nothing says the server rotated it)."""
    httpx_mock.add_response(url=KINTO, status_code=401)
    httpx_mock.add_response(url=TOKEN_URL, method="POST", text="<html>proxy login</html>")
    manager = _manager(mode)
    events: list[str] = []
    manager.subscribe(lambda event, session: events.append(event))

    with pytest.raises(InvalidResponseError):
        _get(mode, manager)

    current = manager.current()
    assert current is not None and current.refresh_token == "refresh-A"
    assert "SIGNED_OUT" not in events
