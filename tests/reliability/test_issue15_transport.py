"""Issue 15, the transport items (11, 12, 13, 14, 16): servers that misbehave in ways only
raw sockets can play (tests/rawserver.py, scripted byte by byte on loopback).

Each test failed on the code before the one-HTTP-stack switch (issue 12): no size limit,
an asyncio backend that never paused reading, a budget checked only between attempts,
``Backoff`` applied as is, pools shared across ``fork()``.
"""

from __future__ import annotations

import asyncio
import json
import math
import os
import threading
import time
import tracemalloc
import zlib
from typing import Any

import httpx
import pytest
from kinbase.errors import BackoffError, ResponseTooLargeError, RetryTimeoutError
from kinbase.http import RetryPolicy, RetryTransport
from kinbase.storage import AsyncStorageClient, StorageClient

from tests.rawserver import Conn, RawServer

pytestmark = pytest.mark.faults

HEARTBEAT = json.dumps({"storage": True, "permission": True, "cache": True}).encode()
MiB = 1024 * 1024


def _gzip_bomb(inflated: int) -> bytes:
    """A gzip body inflating to ``inflated`` bytes of JSON-ish whitespace (~1000:1)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    block = b" " * MiB
    parts = [packer.compress(b"[")]
    parts += [packer.compress(block) for _ in range(inflated // MiB)]
    parts += [packer.compress(b"]"), packer.flush()]
    return b"".join(parts)


def _answer_with(body: bytes, headers: list[tuple[str, str]]) -> Any:
    def script(conn: Conn) -> None:
        while conn.read_request() is not None:
            conn.send_response(body, headers)

    return script


def _peak_mib(call: Any) -> tuple[float, BaseException | None]:
    """Run ``call()``; the peak of Python allocations meanwhile (MiB) and what it raised."""
    tracemalloc.start()
    error: BaseException | None = None
    try:
        call()
    except BaseException as exc:
        error = exc
    finally:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return peak / MiB, error


# --------------------------------------------------------------------------- item 11


@pytest.mark.parametrize("limit", [8 * MiB, None], ids=["limit-8MiB", "default-limit"])
@pytest.mark.parametrize("mode", ["sync", "async"])
def test_issue15_item11_a_gzip_bomb_ends_with_a_clear_error_without_inflating_it(
    mode: str, limit: int | None
) -> None:
    """Item 11: a 255 KiB gzip answer inflating to 256 MiB stops at the limit (the default
    one too, 128 MiB) with ResponseTooLargeError; the client never holds the inflated body."""
    bomb = _gzip_bomb(256 * MiB)
    assert len(bomb) < 300 * 1024
    headers = [("Content-Type", "application/json"), ("Content-Encoding", "gzip")]
    options: dict[str, Any] = {"retry": 0}
    if limit is not None:
        options["max_response_bytes"] = limit
    with RawServer(_answer_with(bomb, headers)) as server:
        if mode == "sync":
            with StorageClient(server.url, **options) as client:
                peak, error = _peak_mib(client.heartbeat)
        else:

            async def main() -> None:
                async with AsyncStorageClient(server.url, **options) as client:
                    await client.heartbeat()

            peak, error = _peak_mib(lambda: asyncio.run(main()))
    assert isinstance(error, ResponseTooLargeError), error
    assert error.limit == (limit or 128 * MiB)
    assert "inflates to more than max_response_bytes" in str(error)
    assert peak < 40, f"{peak:.0f} MiB held while reading a compressed bomb"


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_issue15_item11_a_plain_body_over_the_limit_is_not_read_whole(mode: str) -> None:
    """Item 11: an uncompressed 64 MiB answer with a 1 MiB limit: ResponseTooLargeError
    once past 1 MiB, not after reading 64 MiB."""
    body = b" " * (64 * MiB)
    with RawServer(_answer_with(body, [("Content-Type", "application/json")])) as server:
        if mode == "sync":
            with StorageClient(server.url, retry=0, max_response_bytes=MiB) as client:
                peak, error = _peak_mib(client.heartbeat)
        else:

            async def main() -> None:
                async with AsyncStorageClient(
                    server.url, retry=0, max_response_bytes=MiB
                ) as client:
                    await client.heartbeat()

            peak, error = _peak_mib(lambda: asyncio.run(main()))
        del body
    assert isinstance(error, ResponseTooLargeError), error
    assert "larger than max_response_bytes=1048576" in str(error)
    assert peak < 16


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_issue15_item11_a_compressed_answer_under_the_limit_is_read(mode: str) -> None:
    """The size limit counts inflated bytes, and an answer under it is decoded as usual."""
    inflated = HEARTBEAT + b" " * 4000
    packed = zlib.compress(inflated, wbits=31)
    assert len(packed) < 200
    headers = [("Content-Type", "application/json"), ("Content-Encoding", "gzip")]
    with RawServer(_answer_with(packed, headers)) as server:
        if mode == "sync":
            with StorageClient(server.url, max_response_bytes=len(inflated)) as client:
                assert client.heartbeat()["storage"] is True
            with (
                StorageClient(server.url, retry=0, max_response_bytes=len(packed)) as client,
                pytest.raises(ResponseTooLargeError),  # the raw body fits, not the inflated one
            ):
                client.heartbeat()
        else:

            async def main() -> None:
                async with AsyncStorageClient(
                    server.url, max_response_bytes=len(inflated)
                ) as client:
                    assert (await client.heartbeat())["storage"] is True

            asyncio.run(main())


# --------------------------------------------------------------------------- item 12


def test_issue15_item12_an_idle_pooled_connection_does_not_read_what_the_server_pushes() -> None:
    """Item 12: after answering, the server keeps writing onto the kept-alive connection.
    The async client must not read it into memory while the connection idles in its pool:
    the server can only fill the kernel's socket buffers (a few MiB). The old asyncio
    backend read everything (400 MiB in the report; the cap here is 256 MiB)."""
    pushed = {"bytes": 0}
    done = threading.Event()

    def script(conn: Conn) -> None:
        if conn.number > 1:
            while conn.read_request() is not None:
                conn.send_response(HEARTBEAT, [("Content-Type", "application/json")])
            return
        conn.read_request()
        conn.send_response(HEARTBEAT, [("Content-Type", "application/json")])
        conn.sock.settimeout(1.0)
        junk = b"x" * 65536
        try:
            while pushed["bytes"] < 256 * MiB:
                conn.sock.sendall(junk)  # blocks (then times out) once nobody reads
                pushed["bytes"] += len(junk)
        except OSError:
            pass
        finally:
            done.set()

    async def main() -> None:
        async with AsyncStorageClient(server.url) as client:
            await client.heartbeat()
            # Keep the event loop running (as an application would) while the server pushes.
            for _ in range(600):
                if done.is_set():
                    break
                await asyncio.sleep(0.05)
            assert (await client.heartbeat())["storage"] is True  # a fresh connection

    with RawServer(script) as server:
        asyncio.run(main())
    assert done.is_set()
    assert pushed["bytes"] < 64 * MiB, f"the client took {pushed['bytes'] / MiB:.0f} MiB"
    assert [number for number, _ in server.log] == [1, 2]


# --------------------------------------------------------------------------- item 13


def _trickle(head_too: bool, unsent: list[int], done: threading.Event) -> Any:
    """One byte every 50 ms: of the body, or (``head_too``) of a head made ~25 s long by a
    padding header, the body then coming at once, so that only a bound inside the head's
    reads ends the call in time (a check between body chunks never runs). ``unsent``: the
    bytes of each answer not sent yet when the script ended (the client hung up)."""

    def script(conn: Conn) -> None:
        try:
            while conn.read_request() is not None:
                body = HEARTBEAT + b" " * 400
                padding = f"X-Padding: {'p' * 440}\r\n" if head_too else ""
                head = (
                    f"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n{padding}"
                    f"Content-Length: {len(body)}\r\n\r\n"
                ).encode()
                slow, rest = (head, body) if head_too else (body, b"")
                if not head_too:
                    conn.sock.sendall(head)
                unsent.append(len(slow) + len(rest))
                for byte in range(len(slow)):  # ~25 s at this pace
                    conn.sock.sendall(slow[byte : byte + 1])
                    unsent[-1] -= 1
                    time.sleep(0.05)
                conn.sock.sendall(rest)
                unsent[-1] -= len(rest)
        finally:
            done.set()

    return script


# Every combination but one: a sync http_client='s pool is the user's, which kinbase does
# not change, so there only the body is bounded (docs/http.md says so).
_TRICKLES = [
    (mode, head_too, own_pool)
    for mode in ("sync", "async")
    for head_too in (True, False)
    for own_pool in (True, False)
    if not (mode == "sync" and head_too and not own_pool)
]


@pytest.mark.parametrize(("mode", "head_too", "own_pool"), _TRICKLES)
def test_issue15_item13_a_trickling_server_cannot_keep_a_call_past_its_budget(
    mode: str, head_too: bool, own_pool: bool
) -> None:
    """Item 13: one byte every 50 ms never trips the 2 s read timeout; the whole answer would
    take ~25 s. With ``max_total_seconds=1.5`` the call ends with RetryTimeoutError naming
    the budget, and hangs up while the server still has most of it to send (instead of
    returning, or failing, once the server is done)."""
    policy = RetryPolicy(max_total_seconds=1.5)
    unsent: list[int] = []
    done = threading.Event()
    with RawServer(_trickle(head_too, unsent, done)) as server:
        if mode == "sync":
            with (
                httpx.Client(timeout=2) as own,
                StorageClient(
                    server.url, timeout=2, retry=policy, http_client=None if own_pool else own
                ) as client,
                pytest.raises(RetryTimeoutError) as caught,
            ):
                client.heartbeat()
        else:

            async def main() -> None:
                async with (
                    httpx.AsyncClient(timeout=2) as own,
                    AsyncStorageClient(
                        server.url,
                        timeout=2,
                        retry=policy,
                        http_client=None if own_pool else own,
                    ) as client,
                ):
                    await client.heartbeat()

            with pytest.raises(RetryTimeoutError) as caught:
                asyncio.run(main())
        assert done.wait(10), "the server still sends: the client did not hang up"
    assert "time budget (max_total_seconds=1.5s) ran out" in str(caught.value)
    assert len(unsent) == 1 and unsent[0] > 300  # of ~470 bytes trickled


# --------------------------------------------------------------------------- item 14


def _backoff_script(headers: list[tuple[str, str]], status: str = "200 OK") -> Any:
    def script(conn: Conn) -> None:
        first = True
        while conn.read_request() is not None:
            if first:
                conn.send_response(HEARTBEAT, headers, status=status)
                first = False
            else:
                conn.send_response(HEARTBEAT, [("Content-Type", "application/json")])

    return script


def test_issue15_item14_a_huge_backoff_is_capped() -> None:
    """Item 14: ``Backoff: 1000000000`` stops later calls for at most ``max_server_wait``
    (300 s by default), not 31 years; with an unbounded budget the wait is that cap."""
    headers = [("Content-Type", "application/json"), ("Backoff", "1000000000")]
    with RawServer(_backoff_script(headers)) as server:
        with StorageClient(server.url) as client:
            client.heartbeat()
            with pytest.raises(BackoffError) as caught:
                client.heartbeat()
        assert 0 < caught.value.seconds_remaining <= 300

    slept: list[float] = []
    policy = RetryPolicy(max_total_seconds=math.inf)
    with RawServer(_backoff_script(headers)) as server:
        transport = RetryTransport(policy=policy, sleep=slept.append)
        with httpx.Client(transport=transport, base_url=server.url) as http:
            http.get("/v1/__heartbeat__")
            assert http.get("/v1/__heartbeat__").status_code == 200
    assert slept and max(slept) <= 300


def test_issue15_item14_a_huge_retry_after_is_capped() -> None:
    """Item 14: ``Retry-After: 1000000000`` with no bound on backoff or budget waits
    ``max_server_wait`` at most, then retries."""
    headers = [("Content-Type", "application/json"), ("Retry-After", "1000000000")]
    slept: list[float] = []
    policy = RetryPolicy(max_total_seconds=math.inf, backoff_max=math.inf, max_server_wait=60)
    with RawServer(_backoff_script(headers, status="503 Service Unavailable")) as server:
        transport = RetryTransport(policy=policy, sleep=slept.append)
        with httpx.Client(transport=transport, base_url=server.url) as http:
            assert http.get("/v1/__heartbeat__").status_code == 200
    assert slept == [60]


# --------------------------------------------------------------------------- item 16


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork()")
def test_issue15_item16_a_forked_child_does_not_share_the_parents_connections() -> None:
    """Item 16: a pre-fork server with preload forks after the client connected. The child
    must open its own connection (sharing the socket, parent and child read each other's
    answers); the parent keeps its own."""

    def script(conn: Conn) -> None:
        while conn.read_request() is not None:
            body = json.dumps({"storage": True, "connection": conn.number}).encode()
            conn.send_response(body, [("Content-Type", "application/json")])

    with RawServer(script) as server:
        client = StorageClient(server.url, retry=0)
        assert client.heartbeat()["connection"] == 1
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: report which connection answered, never return
            code = 0
            try:
                os.write(write_end, str(client.heartbeat()["connection"]).encode())
            except BaseException:
                code = 1
            os._exit(code)
        os.close(write_end)
        _, status = os.waitpid(pid, 0)
        child_connection = int(os.read(read_end, 100) or b"0")
        os.close(read_end)
        assert os.waitstatus_to_exitcode(status) == 0
        assert child_connection not in (0, 1)  # a connection of its own
        assert client.heartbeat()["connection"] == 1  # the parent's is intact
        client.close()


# ------------------------------------------------------------- pools and event loops


def test_an_async_client_survives_a_new_event_loop() -> None:
    """An async client used from a second ``asyncio.run`` drops the pool bound to the first
    (closed) loop and opens a new connection, instead of failing on a dead loop."""

    def script(conn: Conn) -> None:
        while conn.read_request() is not None:
            conn.send_response(HEARTBEAT, [("Content-Type", "application/json")])

    with RawServer(script) as server:
        client = AsyncStorageClient(server.url, retry=0)
        for _ in range(2):
            assert asyncio.run(client.heartbeat())["storage"] is True
        asyncio.run(client.aclose())
    assert [number for number, _ in server.log] == [1, 2]
