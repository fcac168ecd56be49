"""Fixtures running each storage test body with the sync AND the async client.

``kb`` is a :class:`Runner` around a ``StorageClient`` or an ``AsyncStorageClient`` (the
``mode`` parameter): its methods look synchronous; for the async client they are awaited on
a private event loop, and async iterators are drained into lists. ``kb.stream(name, ...)``
returns the raw iterator adapter for streaming tests; ``with kb.batch() as b`` drives both
``with`` and ``async with``.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
from kinbase.storage import AsyncStorageClient, StorageClient

from tests.runner import BatchRunner, Runner, loop, mode
from tests.servers import KintoServer

PASSWORD = "s3cret-pass-phrase"


__all__ = ["PASSWORD", "BatchRunner", "MakeClient", "Runner", "loop", "mode", "sign_up"]


def sign_up(server_url: str, name: str | None = None) -> tuple[str, str]:
    """Create an account on the server; return ``(user, password)``."""
    name = name or f"user-{uuid.uuid4().hex[:8]}"
    response = httpx.put(
        f"{server_url}/accounts/{name}",
        json={"data": {"password": PASSWORD}},
        trust_env=False,
    )
    assert response.status_code == 201, response.text
    return name, PASSWORD


MakeClient = Callable[..., Runner]


@pytest.fixture
def make_client(mode: str, loop: asyncio.AbstractEventLoop | None) -> Iterator[MakeClient]:
    """``make_client(server_url, **options)``: a Runner around a new sync or async client."""
    runners: list[Runner] = []

    def make(server_url: str, **options: Any) -> Runner:
        options.setdefault("retry", 0)
        cls = StorageClient if mode == "sync" else AsyncStorageClient
        runner = Runner(cls(server_url, **options), loop)
        runners.append(runner)
        return runner

    yield make
    for runner in runners:
        runner.close()


@pytest.fixture
def credentials(kinto: KintoServer) -> tuple[str, str]:
    return sign_up(kinto.url, "alice")


@pytest.fixture
def kb(kinto: KintoServer, make_client: MakeClient, credentials: tuple[str, str]) -> Runner:
    """A client signed in as ``alice`` with default bucket ``b`` and collection ``c``."""
    return make_client(kinto.url, auth=credentials, bucket="b", collection="c")


@pytest.fixture
def kbc(kb: Runner) -> Runner:
    """``kb`` with bucket ``b`` and collection ``c`` created."""
    kb.create_bucket(id="b")
    kb.create_collection(id="c")
    return kb
