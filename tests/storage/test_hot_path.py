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
