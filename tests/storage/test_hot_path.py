"""Guards on the per-request hot path (what the benchmarks of issue 6 found costly).

These assert behaviour (what happens per request), never timings.
"""

from __future__ import annotations

import asyncio
import importlib.abc
import sys
from collections.abc import Sequence
from types import ModuleType
from typing import Any

import pytest
from kinbase.storage import AsyncStorageClient

from tests.servers import KintoServer
from tests.storage.conftest import PASSWORD, sign_up


class _ImportRecorder(importlib.abc.MetaPathFinder):
    """Records every module lookup that reaches the import system (a cached import in
    ``sys.modules`` never gets here; a failing one walks ``sys.path`` on every call)."""

    def __init__(self) -> None:
        self.names: list[str] = []

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> Any:
        self.names.append(fullname)
        return None


def test_async_requests_attempt_no_imports(kinto: KintoServer) -> None:
    """httpcore asks sniffio which event loop runs, several times per async request; with
    sniffio missing each ask is a failing import (a sys.path walk). kinbase depends on
    sniffio, so a warm async client imports nothing per request."""
    sign_up(kinto.url, "hotpath")

    async def main() -> list[str]:
        async with AsyncStorageClient(kinto.url, auth=("hotpath", PASSWORD)) as client:
            await client.create_bucket(id="hot", if_not_exists=True)
            await client.get_bucket(id="hot")  # warm: lazy modules load here
            recorder = _ImportRecorder()
            sys.meta_path.insert(0, recorder)
            try:
                for _ in range(3):
                    await client.get_bucket(id="hot")
            finally:
                sys.meta_path.remove(recorder)
            return recorder.names

    assert asyncio.run(main()) == []


def test_sniffio_is_a_runtime_dependency() -> None:
    """Installed with the wheel, not only present in the dev environment."""
    from importlib.metadata import requires

    names = {
        req.split(">")[0].split("=")[0].split(";")[0].strip() for req in requires("kinbase") or []
    }
    assert "sniffio" in names


def test_a_write_goes_out_in_one_socket_write_sync_and_async(
    kinto: KintoServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """httpcore writes a request's head and body separately: kinbase's pools join them (one
    system call, one TCP segment), and the real server answers the joined request."""
    from httpcore._backends.anyio import AnyIOStream
    from httpcore._backends.sync import SyncStream
    from kinbase.storage import StorageClient

    sign_up(kinto.url, "onewrite")
    writes: list[bytes] = []
    sync_write, async_write = SyncStream.write, AnyIOStream.write

    def counting(self: Any, buffer: bytes, timeout: float | None = None) -> None:
        writes.append(bytes(buffer))
        sync_write(self, buffer, timeout)

    async def async_counting(self: Any, buffer: bytes, timeout: float | None = None) -> None:
        writes.append(bytes(buffer))
        await async_write(self, buffer, timeout)

    monkeypatch.setattr(SyncStream, "write", counting)
    monkeypatch.setattr(AnyIOStream, "write", async_counting)
    with StorageClient(kinto.url, auth=("onewrite", PASSWORD), bucket="one") as client:
        client.create_bucket(if_not_exists=True)
        client.create_collection(id="c", if_not_exists=True)
        writes.clear()
        record = client.update_record(id="r1", collection="c", data={"n": 1})
        assert record["data"]["n"] == 1
    writes[:] = [w for w in writes if w]  # httpcore's stream returns at once for b""
    assert len(writes) == 1
    assert writes[0].startswith(b"PUT ") and writes[0].endswith(b'{"data":{"n":1}}')

    async def main() -> Any:
        async with AsyncStorageClient(kinto.url, auth=("onewrite", PASSWORD)) as client:
            await client.get_record(id="r1", collection="c", bucket="one")  # connects
            writes.clear()
            return await client.update_record(id="r1", collection="c", bucket="one", data={"n": 2})

    assert asyncio.run(main())["data"]["n"] == 2
    writes[:] = [w for w in writes if w]
    assert len(writes) == 1 and writes[0].endswith(b'{"data":{"n":2}}')


def test_storage_calls_skip_build_request_and_send_the_same_bytes(
    kinto: KintoServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Storage requests are made by kinbase._http.build (httpx's build_request parses the
    URL and merges headers for ~35 µs a call): against the real server every common call
    works without build_request, and the bytes on the wire are the ones build_request's
    request puts there."""
    from httpcore._backends.sync import SyncStream
    from kinbase.storage import StorageClient

    sign_up(kinto.url, "builder")
    writes: list[bytes] = []
    sync_write = SyncStream.write

    def recording(self: Any, buffer: bytes, timeout: float | None = None) -> None:
        writes.append(bytes(buffer))
        sync_write(self, buffer, timeout)

    monkeypatch.setattr(SyncStream, "write", recording)
    with StorageClient(kinto.url, auth=("builder", PASSWORD), bucket="built") as client:
        client.create_bucket(if_not_exists=True)
        http = client._http
        slow = http.build_request

        def refused(*args: Any, **kwargs: Any) -> Any:
            raise AssertionError("build_request was called")

        monkeypatch.setattr(http, "build_request", refused)
        client.create_collection(id="c", if_not_exists=True)
        client.create_record(id="r1", collection="c", data={"n": 1})
        client.update_record(id="r1", collection="c", data={"n": 2})
        assert client.get_record(id="r1", collection="c")["data"]["n"] == 2
        assert [r["id"] for r in client.get_records(collection="c", _limit=5)] == ["r1"]
        patched = client.patch_record(id="r1", collection="c", data={"m": 3})
        client.delete_record(id="r1", collection="c", if_match=patched["data"]["last_modified"])
        assert client.get_records(collection="c") == []
        # the same request through build_request puts the same bytes on the wire
        monkeypatch.setattr(http, "build_request", slow)
        writes.clear()
        client.update_record(id="r2", collection="c", data={"n": 1})
        fast_bytes = b"".join(w for w in writes if w)
        from kinbase._http import build

        monkeypatch.setattr(build.RequestBuilder, "_fast_build", lambda *args: None)
        writes.clear()
        client.update_record(id="r2", collection="c", data={"n": 1})
        assert b"".join(w for w in writes if w) == fast_bytes
        assert fast_bytes.startswith(b"PUT /v1/buckets/built/collections/c/records/r2 HTTP/1.1")
