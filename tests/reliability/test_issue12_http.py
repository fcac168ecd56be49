"""Issue 12 (one HTTP stack): one regression test per bug it lists, against loopback
servers of the tests' own (tests/rawserver.py, tests/hostileserver.py, the TLS server of
test_secrets.py). The proxy test is tests/test_proxy.py; the closed-client test is
tests/storage/test_client.py::test_context_manager_closes."""

from __future__ import annotations

import asyncio
import logging
import socket
import ssl
import threading
from pathlib import Path
from typing import Any

import httpx
import pytest
from kinbase import AsyncAuthClient, AsyncStorageClient, AuthClient, StorageClient
from kinbase.errors import ClientClosedError, InvalidInputError, TransportError
from kinbase.http import DEFAULT_MAX_TOTAL_SECONDS, DEFAULT_TIMEOUT
from kinbase.storage import unwrap
from kinbase_auth_api.api.settings import get_settings
from kinbase_storage_api.api.server import heartbeat

from tests.hostileserver import HostileServer, Reply, Seen
from tests.reliability.test_secrets import certificates, https_server  # noqa: F401

pytestmark = pytest.mark.faults

HEARTBEAT = {"storage": True, "permission": True, "cache": True}


def _heartbeat(_request: Seen) -> Reply:
    return Reply(200, HEARTBEAT)


# ------------------------------------------------------------------ credentials in the URL


def test_credentials_in_the_server_url_are_used_for_every_call_and_never_shown(
    caplog: pytest.LogCaptureFixture,
) -> None:
    password = "pw-S3cret-4242"
    with HostileServer(_heartbeat) as server:
        url = server.url.replace("http://", f"http://alice:{password}@") + "/v1"
        caplog.set_level(logging.DEBUG)
        with StorageClient(url) as client:
            client.heartbeat()
            assert unwrap(heartbeat.sync_detailed(client=client.generated)) is not None
            shown = repr(client) + client.server_url + repr(client._config)
        expected = httpx.BasicAuth("alice", password)._auth_header
        assert [seen.headers.get("authorization") for seen in server.requests] == [expected] * 2
    assert password not in shown and "alice" not in shown
    assert password not in caplog.text
    with pytest.raises(InvalidInputError, match="both in the server URL and as auth="):
        StorageClient(url, auth=("bob", "other"))
    with pytest.raises(InvalidInputError, match="must not hold credentials") as refused:
        AuthClient(f"http://alice:{password}@127.0.0.1:9/auth")
    assert password not in str(refused.value)


# ------------------------------------------------------------------ closed auth client


def test_a_closed_auth_client_refuses_every_path() -> None:
    settings = {
        "external": {},
        "disable_signup": False,
        "mailer_autoconfirm": True,
        "phone_autoconfirm": False,
    }
    with HostileServer(lambda _r: Reply(200, settings)) as server:
        client = AuthClient(server.url)
        assert get_settings.sync_detailed(client=client.generated).status_code == 200
        client.close()
        with pytest.raises(ClientClosedError):
            client.sign_in_with_password({"email": "a@example.com", "password": "pw"})
        with pytest.raises(ClientClosedError):
            get_settings.sync_detailed(client=client.generated)

        async def main() -> None:
            aclient = AsyncAuthClient(server.url)
            await aclient.aclose()
            with pytest.raises(ClientClosedError):
                await get_settings.asyncio_detailed(client=aclient.generated)

        asyncio.run(main())
        assert len(server.requests) == 1


# ------------------------------------------------------------------ verify honoured


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_verify_false_is_honoured(
    mode: str,
    https_server: str,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``verify=False`` accepts a certificate no CA vouches for (it was ignored on httpx
    0.27); the default still refuses it."""
    for name in ("SSL_CERT_FILE", "SSL_CERT_DIR"):
        monkeypatch.delenv(name, raising=False)
    if mode == "sync":
        with StorageClient(https_server, retry=0, verify=False) as client:
            assert client.server_info()["project_name"] == "kinto"
        with StorageClient(https_server, retry=0) as client, pytest.raises(TransportError):
            client.server_info()
    else:

        async def main() -> None:
            async with AsyncStorageClient(https_server, retry=0, verify=False) as client:
                assert (await client.server_info())["project_name"] == "kinto"

        asyncio.run(main())


# ------------------------------------------------------------------ TLS handshake timeout


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_a_tls_handshake_timeout_is_a_timeout(mode: str) -> None:
    """A server that accepts the TCP connection and never answers the TLS handshake ends
    the call with a connect *timeout* (it surfaced as ConnectError)."""
    listener = socket.create_server(("127.0.0.1", 0))
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                accepted.append(listener.accept()[0])
            except TimeoutError:
                continue
            except OSError:
                return

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    url = f"https://127.0.0.1:{listener.getsockname()[1]}/v1"
    try:
        if mode == "sync":
            with (
                StorageClient(url, retry=0, timeout=(0.5, 2)) as client,
                pytest.raises(TransportError) as caught,
            ):
                client.heartbeat()
        else:

            async def main() -> None:
                async with AsyncStorageClient(url, retry=0, timeout=(0.5, 2)) as client:
                    await client.heartbeat()

            with pytest.raises(TransportError) as caught:
                asyncio.run(main())
    finally:
        stop.set()
        listener.close()
        thread.join(5)
        for sock in accepted:
            sock.close()
    assert isinstance(caught.value.__cause__, httpx.ConnectTimeout), caught.value.__cause__
    assert "ConnectTimeout" in str(caught.value)


# ------------------------------------------------------------------ SSL context cost


def test_a_client_costs_no_certificate_loading_for_http_and_one_for_https(
    https_server: str,  # noqa: F811
    certificates: dict[str, Path],  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Building a client loads no certificates; an ``http://`` client never does; an
    ``https://`` client loads its CA bundle once, on its first handshake."""
    loads: list[Any] = []
    original = ssl.SSLContext.load_verify_locations

    def counting(self: ssl.SSLContext, *args: Any, **kwargs: Any) -> None:
        loads.append(args or kwargs)
        original(self, *args, **kwargs)

    monkeypatch.setattr(ssl.SSLContext, "load_verify_locations", counting)
    with HostileServer(_heartbeat) as server:
        for _ in range(3):
            with StorageClient(server.url) as client:
                client.heartbeat()
    assert loads == []
    # A CA bundle of its own (a fresh copy: contexts are shared per settings).
    bundle = certificates["ca"].with_name("ca-copy.pem")
    bundle.write_bytes(certificates["ca"].read_bytes())
    client = StorageClient(https_server, verify=str(bundle))
    assert loads == []
    client.server_info()
    client.clone(headers={"X-View": "1"}).heartbeat()
    client.close()
    assert len(loads) == 1


# ------------------------------------------------------------------ default timeouts


def test_the_default_read_timeout_leaves_room_for_a_retry_in_the_default_budget() -> None:
    """Both were 30 s: a read timeout used the whole budget and was never retried."""
    read = DEFAULT_TIMEOUT.read
    assert read is not None and 2 * read <= DEFAULT_MAX_TOTAL_SECONDS
    with StorageClient("http://127.0.0.1:9/v1") as client:
        assert client._http.timeout.read == read


# ------------------------------------------------------------------ configuration


def test_event_hooks_and_an_own_http_client_see_every_call() -> None:
    """``event_hooks=`` run for the client's own and generated calls; with
    ``http_client=`` kinbase sends through that client (its hooks run) and still retries."""
    answers = iter([Reply(503, {"code": 503, "errno": 201, "error": "busy"})])

    def answer(request: Seen) -> Reply:
        return next(answers, Reply(200, HEARTBEAT))

    with HostileServer(answer) as server:
        seen: list[str] = []
        hooks = {"request": [lambda request: seen.append(request.url.path)]}
        with StorageClient(server.url, event_hooks=hooks, retry=2) as client:
            client.heartbeat()  # 503, retried, 200
            heartbeat.sync_detailed(client=client.generated)
        assert seen == ["/v1/__heartbeat__", "/v1/__heartbeat__"]  # hooks see calls, not attempts

        answers = iter([Reply(503, {"code": 503, "errno": 201, "error": "busy"})])
        sent: list[str] = []
        own = httpx.Client(event_hooks={"request": [lambda r: sent.append(r.url.path)]})
        with StorageClient(server.url, http_client=own, retry=2) as client:
            assert client.heartbeat()["storage"] is True
        assert sent == ["/v1/__heartbeat__", "/v1/__heartbeat__"]  # two attempts, one call
        assert not own.is_closed  # kinbase never closes it
        own.close()
