"""Fixtures for the auth client tests: one test body runs against both clients.

``make_client(**kwargs)`` builds an ``AuthClient`` or an ``AsyncAuthClient`` (the ``mode``
parameter) on the reset session auth server; ``call(x)`` awaits ``x`` when it is
awaitable, so ``await call(client.sign_up(...))`` works for both. Clients are closed after
the test.
"""

from __future__ import annotations

import inspect
import json
import urllib.parse
import urllib.request
import uuid
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest
from kinbase.auth import AsyncAuthClient, AuthClient

from tests.servers import AuthServer

JWT_SECRET_DEFAULT: str | None = None


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


async def call(value: Any) -> Any:
    if inspect.isawaitable(value):
        return await value
    return value


class ServerTools:
    """Test-only endpoints of the auth server (mailbox, stats, config, clock)."""

    def __init__(self, server: AuthServer) -> None:
        self.server = server
        self.url = server.url

    def _request(self, method: str, path: str, payload: object = None) -> Any:
        data = json.dumps(payload).encode() if payload is not None else None
        request = urllib.request.Request(
            self.url + path, data=data, method=method, headers={"Content-Type": "application/json"}
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            body = response.read()
        return json.loads(body) if body else None

    def mailbox(self, email: str | None = None, phone: str | None = None) -> list[dict[str, Any]]:
        query = urllib.parse.urlencode({k: v for k, v in (("email", email), ("phone", phone)) if v})
        return list(self._request("GET", f"/_test/mailbox?{query}")["messages"])

    def last_message(self, email: str | None = None, phone: str | None = None) -> dict[str, Any]:
        messages = self.mailbox(email, phone)
        assert messages, f"no message for {email or phone}"
        return messages[-1]

    def stats(self) -> dict[str, int]:
        return dict(self._request("GET", "/_test/stats")["requests"])

    def refresh_calls(self) -> int:
        return self.stats().get("POST /token?grant_type=refresh_token", 0)

    def reset_stats(self) -> None:
        self._request("DELETE", "/_test/stats")

    def configure(self, **values: object) -> None:
        self._request("POST", "/_test/config", values)

    def config(self) -> dict[str, Any]:
        return dict(self._request("GET", "/_test/config"))

    def expire_session(self, **which: str) -> None:
        self._request("POST", "/_test/expire_session", which)

    def advance_clock(self, seconds: float) -> None:
        self._request("POST", "/_test/clock", {"advance": seconds})


@pytest.fixture
def server(auth: AuthServer) -> ServerTools:
    return ServerTools(auth)


@pytest.fixture
def jwt_secret() -> str:
    from tests.authserver.config import DEFAULT_JWT_SECRET

    return DEFAULT_JWT_SECRET


@pytest.fixture(params=["sync", "async"])
def mode(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
async def make_client(
    mode: str, server: ServerTools, jwt_secret: str
) -> AsyncIterator[Callable[..., Any]]:
    clients: list[Any] = []

    def make(**kwargs: Any) -> Any:
        kwargs.setdefault("jwt_secret", jwt_secret)
        cls = AuthClient if mode == "sync" else AsyncAuthClient
        client = cls(server.url, **kwargs)
        clients.append(client)
        return client

    yield make
    for client in clients:
        if isinstance(client, AsyncAuthClient):
            await client.aclose()
        else:
            client.close()


@pytest.fixture
def client(make_client: Callable[..., Any]) -> Any:
    return make_client()


def new_email() -> str:
    return f"user-{uuid.uuid4().hex[:12]}@example.com"


PASSWORD = "correct-horse-battery"
