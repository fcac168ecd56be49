"""The default inner transports (kinbase._http.pool) and the asyncio network backend, against
a raw local HTTP/1.1 server whose misbehaviour each test chooses."""

from __future__ import annotations

import asyncio
import socket
import socketserver
import threading
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from kinbase._http.pool import AsyncPoolTransport, PoolTransport

BIG = 8 * 1024 * 1024


class _Handler(socketserver.BaseRequestHandler):
    server: _Server

    def handle(self) -> None:
        self.server.connections += 1
        sock: socket.socket = self.request
        reader = sock.makefile("rb")
        while True:
            line = reader.readline()
            if not line:
                return
            path = line.split()[1].decode()
            length = 0
            while (header := reader.readline()) not in (b"\r\n", b""):
                name, _, value = header.decode().partition(":")
                if name.lower() == "content-length":
                    length = int(value)
            body = reader.read(length) if length else b""
            if path == "/slow":
                time.sleep(1.0)
            if path == "/reset":
                sock.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\npartial")
                sock.close()
                return
            payload = b"x" * BIG if path == "/big" else str(len(body)).encode()
            sock.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n" % len(payload) + payload)
            if path == "/then-close":  # closes the keep-alive connection without saying so
                sock.close()
                return


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.connections = 0


@pytest.fixture
def _server() -> Iterator[_Server]:
    srv = _Server(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield srv
    srv.shutdown()
    srv.server_close()


@pytest.fixture
def server(_server: _Server) -> str:
    return f"http://127.0.0.1:{_server.server_address[1]}"


def _limits() -> httpx.Limits:
    return httpx.Limits(max_connections=10, max_keepalive_connections=5)


def _request(method: str, url: str, timeout: float = 5.0, **kwargs: Any) -> httpx.Request:
    request = httpx.Request(method, url, **kwargs)
    request.extensions["timeout"] = httpx.Timeout(timeout).as_dict()
    return request


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_async_pool_round_trips_and_recovers(server: str) -> None:
    async def main() -> list[Any]:
        transport = AsyncPoolTransport(verify=True, limits=_limits())
        try:
            seen: list[Any] = []
            upload = b"u" * BIG
            response = await transport.handle_async_request(
                _request("POST", f"{server}/echo", content=upload)
            )
            seen.append(response.read())  # the server counted every byte
            response = await transport.handle_async_request(_request("GET", f"{server}/big"))
            seen.append(len(response.read()))
            # the server closes the kept-alive connection: the next request reconnects
            await transport.handle_async_request(_request("GET", f"{server}/then-close"))
            await asyncio.sleep(0.1)
            response = await transport.handle_async_request(_request("GET", f"{server}/ok"))
            seen.append(response.status_code)
            with pytest.raises(httpx.ReadTimeout):
                await transport.handle_async_request(_request("GET", f"{server}/slow", timeout=0.2))
            with pytest.raises(httpx.RemoteProtocolError):
                await transport.handle_async_request(_request("GET", f"{server}/reset"))
            # a cancelled request leaves the pool usable
            task = asyncio.create_task(
                transport.handle_async_request(_request("GET", f"{server}/slow"))
            )
            await asyncio.sleep(0.1)
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task
            response = await transport.handle_async_request(_request("GET", f"{server}/ok"))
            seen.append(response.status_code)
            with pytest.raises(httpx.ConnectError):
                await transport.handle_async_request(
                    _request("GET", f"http://127.0.0.1:{_closed_port()}/")
                )
            return seen
        finally:
            await transport.aclose()

    assert asyncio.run(main()) == [str(BIG).encode(), BIG, 200, 200]


def test_async_pool_reuses_connections(server: str, request: pytest.FixtureRequest) -> None:
    srv: _Server = request.getfixturevalue("_server")

    async def main() -> None:
        transport = AsyncPoolTransport(verify=True, limits=_limits())
        try:
            for _ in range(5):
                await transport.handle_async_request(_request("GET", f"{server}/ok"))
            assert srv.connections == 1  # kept alive
            await asyncio.gather(
                *(transport.handle_async_request(_request("GET", f"{server}/ok")) for _ in range(4))
            )
        finally:
            await transport.aclose()

    asyncio.run(main())
    assert 2 <= srv.connections <= 4  # the concurrent requests opened what they needed


def test_sync_pool_round_trips_and_recovers(server: str) -> None:
    transport = PoolTransport(verify=True, limits=_limits())
    try:
        response = transport.handle_request(_request("POST", f"{server}/echo", content=b"abc"))
        assert response.read() == b"3"
        assert len(transport.handle_request(_request("GET", f"{server}/big")).read()) == BIG
        transport.handle_request(_request("GET", f"{server}/then-close"))
        time.sleep(0.1)
        assert transport.handle_request(_request("GET", f"{server}/ok")).status_code == 200
        with pytest.raises(httpx.ReadTimeout):
            transport.handle_request(_request("GET", f"{server}/slow", timeout=0.2))
        with pytest.raises(httpx.RemoteProtocolError):
            transport.handle_request(_request("GET", f"{server}/reset"))
        with pytest.raises(httpx.ConnectError):
            transport.handle_request(_request("GET", f"http://127.0.0.1:{_closed_port()}/"))
    finally:
        transport.close()
