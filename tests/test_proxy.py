"""Issue 12: environment proxies are honoured. With ``HTTP_PROXY`` set, every kind of call
(storage, auth, and generated calls through both clients' ``generated``), sync and async,
passes through a real forward proxy (tests/forwardproxy.py) on loopback; ``proxy=`` does
the same explicitly, and ``trust_env=False`` ignores the environment."""

from __future__ import annotations

import asyncio
import uuid

import httpx
import pytest
from kinbase import (
    AsyncAuthClient,
    AsyncClient,
    AsyncStorageClient,
    AuthClient,
    Client,
    StorageClient,
)
from kinbase.auth import unwrap as auth_unwrap
from kinbase.storage import unwrap as storage_unwrap
from kinbase_auth_api.api.settings import get_settings
from kinbase_storage_api.api.server import heartbeat

from tests.forwardproxy import ForwardProxy
from tests.servers.auth import AuthServer
from tests.servers.kinto import KintoServer
from tests.storage.conftest import sign_up


@pytest.fixture
def proxy(monkeypatch: pytest.MonkeyPatch) -> ForwardProxy:
    for name in ("NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy", "HTTPS_PROXY", "https_proxy"):
        monkeypatch.delenv(name, raising=False)
    with ForwardProxy() as running:
        monkeypatch.setenv("HTTP_PROXY", running.url)
        monkeypatch.setenv("http_proxy", running.url)
        yield running


def _paths(proxy: ForwardProxy) -> list[str]:
    return [target.split("/", 3)[-1] for _, target in proxy.seen]


def test_sync_calls_pass_through_the_environment_proxy(
    proxy: ForwardProxy, kinto: KintoServer, auth: AuthServer
) -> None:
    email = f"{uuid.uuid4().hex[:8]}@example.com"
    account = sign_up(kinto.url)
    with StorageClient(kinto.url, auth=account) as storage:
        storage.create_bucket(id="proxied", if_not_exists=True)
        assert storage_unwrap(heartbeat.sync_detailed(client=storage.generated)) is not None
    with AuthClient(auth.url) as client:
        client.sign_up({"email": email, "password": "a-Str0ng-passw0rd"})
        assert client.get_user() is not None
        assert auth_unwrap(get_settings.sync_detailed(client=client.generated)) is not None
    seen = " ".join(proxy.seen[i][1] for i in range(len(proxy.seen)))
    assert f"{kinto.url}/buckets/proxied" in seen
    assert f"{kinto.url}/__heartbeat__" in seen
    assert f"{auth.url}/signup" in seen
    assert f"{auth.url}/user" in seen
    assert f"{auth.url}/settings" in seen


def test_async_calls_pass_through_the_environment_proxy(
    proxy: ForwardProxy, kinto: KintoServer, auth: AuthServer
) -> None:
    email = f"{uuid.uuid4().hex[:8]}@example.com"
    account = sign_up(kinto.url)

    async def main() -> None:
        async with AsyncStorageClient(kinto.url, auth=account) as storage:
            await storage.create_bucket(id="proxied-async", if_not_exists=True)
            found = await heartbeat.asyncio_detailed(client=storage.generated)
            assert storage_unwrap(found) is not None
        async with AsyncAuthClient(auth.url) as client:
            await client.sign_up({"email": email, "password": "a-Str0ng-passw0rd"})
            assert await client.get_user() is not None
            settings = await get_settings.asyncio_detailed(client=client.generated)
            assert auth_unwrap(settings) is not None

    asyncio.run(main())
    seen = " ".join(target for _, target in proxy.seen)
    assert f"{kinto.url}/buckets/proxied-async" in seen
    assert f"{kinto.url}/__heartbeat__" in seen
    assert f"{auth.url}/signup" in seen
    assert f"{auth.url}/user" in seen
    assert f"{auth.url}/settings" in seen


def test_explicit_proxy_and_trust_env_false(
    monkeypatch: pytest.MonkeyPatch, kinto: KintoServer
) -> None:
    for name in ("HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy", "NO_PROXY", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
    with ForwardProxy() as proxy:
        with StorageClient(kinto.url, proxy=proxy.url) as client:
            client.server_info()
        assert [target for _, target in proxy.seen] == [f"{kinto.url}/"]
        monkeypatch.setenv("HTTP_PROXY", proxy.url)
        with StorageClient(kinto.url, trust_env=False) as client:
            client.heartbeat()
        with StorageClient(kinto.url) as client:
            client.heartbeat()
        assert len(proxy.seen) == 2  # only the client that trusts the environment
        monkeypatch.setenv("NO_PROXY", "127.0.0.1")
        with StorageClient(kinto.url) as client:
            client.heartbeat()
        assert len(proxy.seen) == 2  # NO_PROXY names the server


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_combined_client_passes_transport_options_to_both_apis(
    mode: str, monkeypatch: pytest.MonkeyPatch, kinto: KintoServer, auth: AuthServer
) -> None:
    """``kinbase.Client``/``AsyncClient`` hand ``proxy=`` and ``event_hooks=`` (like every
    transport option) to both the auth and the storage client; ``http_client=`` is shared
    by both and left open."""
    for name in ("HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy", "NO_PROXY", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
    email = f"{uuid.uuid4().hex[:8]}@example.com"
    hooked: list[str] = []

    def hook(request: httpx.Request) -> None:
        hooked.append(str(request.url))

    async def ahook(request: httpx.Request) -> None:
        hook(request)

    with ForwardProxy() as proxy:
        if mode == "sync":
            with Client(
                auth_url=auth.url,
                storage_url=kinto.url,
                proxy=proxy.url,
                event_hooks={"request": [hook]},
            ) as kb:
                kb.auth.sign_up({"email": email, "password": "a-Str0ng-passw0rd"})
                user = kb.storage.server_info()["user"]["id"]
        else:

            async def main() -> str:
                async with AsyncClient(
                    auth_url=auth.url,
                    storage_url=kinto.url,
                    proxy=proxy.url,
                    event_hooks={"request": [ahook]},
                ) as kb:
                    await kb.auth.sign_up({"email": email, "password": "a-Str0ng-passw0rd"})
                    return str((await kb.storage.server_info())["user"]["id"])

            user = asyncio.run(main())
        assert user.startswith("openid:")  # storage sent the session auth signed in
        targets = [target for _, target in proxy.seen]
        assert targets == [f"{auth.url}/signup", f"{kinto.url}/"]
        assert hooked == targets

    own_seen: list[str] = []
    own = httpx.Client(event_hooks={"request": [lambda r: own_seen.append(r.url.path)]})
    with Client(auth_url=auth.url, storage_url=kinto.url, http_client=own) as kb:
        kb.auth.sign_up({"email": f"x{email}", "password": "a-Str0ng-passw0rd"})
        kb.storage.server_info()
    assert own_seen == ["/signup", "/v1/"]
    assert not own.is_closed
    own.close()
