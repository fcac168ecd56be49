"""Fixtures for the auth client tests: one test body runs against both clients.

``make_client(**kwargs)`` builds an ``AuthClient`` or an ``AsyncAuthClient`` (the ``mode``
parameter) on the reset session auth server; ``call(x)`` awaits ``x`` when it is
awaitable, so ``await call(client.sign_up(...))`` works for both. Clients are closed after
the test.
"""

from __future__ import annotations

import inspect
import time
import uuid
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest
from kinbase.auth import AsyncAuthClient, AuthClient, Session

from tests.servers import AnyAuthServer

JWT_SECRET_DEFAULT: str | None = None


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


async def call(value: Any) -> Any:
    if inspect.isawaitable(value):
        return await value
    return value


class ServerTools:
    """The auth server's test API (mailbox, stats, config, sessions, clock) for either
    harness: the real GoTrue (:class:`GoTrueServer`) or the double (:class:`AuthServer`)."""

    def __init__(self, server: AnyAuthServer) -> None:
        self.server = server
        self.url = server.url
        self.kind = server.kind

    def mailbox(self, email: str | None = None, phone: str | None = None) -> list[dict[str, Any]]:
        return self.server.mailbox(email, phone)

    def last_message(self, email: str | None = None, phone: str | None = None) -> dict[str, Any]:
        messages = self.mailbox(email, phone)
        assert messages, f"no message for {email or phone}"
        return messages[-1]

    def stats(self) -> dict[str, int]:
        return self.server.stats()

    def refresh_calls(self) -> int:
        return self.stats().get("POST /token?grant_type=refresh_token", 0)

    def reset_stats(self) -> None:
        self.server.reset_stats()

    def configure(self, **values: object) -> None:
        self.server.configure(values)

    def config(self) -> dict[str, Any]:
        return dict(self.server.config())

    def expire_session(self, **which: str) -> None:
        self.server.expire_session(**which)

    def age_sessions(self, hours: float) -> None:
        """Make every session ``hours`` older (the double: its clock moves forward)."""
        if self.kind == "double":
            self.server.advance_clock(hours * 3600)
        else:
            hours_text = f"{float(hours)} hours"
            self.server.sql(
                f"UPDATE auth.sessions SET created_at = created_at - interval '{hours_text}'"
            )

    def advance_clock(self, seconds: float) -> None:
        """The double only (the real server reads the system clock): use :func:`double_only`."""
        self.server.advance_clock(seconds)


def wait_past(expires_at: int) -> None:
    """Sleep until an access token has expired (by the shared wall clock)."""
    delay = expires_at - time.time() + 0.05
    if delay > 0:
        time.sleep(delay)


async def expired_on_the_server_only(manager: Any) -> Session:
    """Wait until the current access token has expired, then make ``manager`` believe it
    is valid for an hour: its next request is refused by the server (what a server-side
    expiry the client could not foresee looks like). Works on both servers; sign in after
    ``configure(access_token_lifetime=1)``."""
    session = manager.current()
    assert session is not None
    wait_past(session.expires_at)
    believed = Session.from_dict({**session.to_dict(), "expires_at": int(time.time()) + 3600})
    await call(manager.driver.save(believed, None))
    return believed


def double_only(server: ServerTools, reason: str) -> None:
    """Skip on the real GoTrue: ``reason`` names what only the double can do."""
    if server.kind != "double":
        pytest.skip(f"needs the GoTrue double: {reason}")


@pytest.fixture
def server(auth: AnyAuthServer) -> ServerTools:
    return ServerTools(auth)


@pytest.fixture
def jwt_secret(auth: AnyAuthServer) -> str:
    return auth.jwt_secret


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
