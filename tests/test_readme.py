"""The README's Python examples run as written against the real servers (URLs swapped)."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path
from typing import Any

import httpx
import kinbase

from tests.servers import AuthServer, KintoServer

README = Path(__file__).resolve().parent.parent / "README.md"
BLOCKS = re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), re.S)


def test_readme_examples_run_in_order(kinto: KintoServer, auth: AuthServer) -> None:
    """The blocks build on each other, as a reader follows them: run them top to bottom."""
    assert len(BLOCKS) >= 2
    httpx.put(
        f"{kinto.url}/accounts/alice", json={"data": {"password": "s3cret"}}
    ).raise_for_status()
    httpx.post(
        f"{auth.url}/signup", json={"email": "alice@example.com", "password": "secret-pw"}
    ).raise_for_status()
    for index, block in enumerate(BLOCKS):
        run_block(index, block, kinto, auth)
    listed = httpx.get(
        f"{kinto.url}/buckets/app/collections/tasks/records",
        auth=("alice", "s3cret"),
        params={"n": 999},
    )
    assert len(listed.json()["data"]) == 1  # the README's batch import landed


def run_block(index: int, block: str, kinto: KintoServer, auth: AuthServer) -> None:
    code = (
        block.replace("http://localhost:8888/v1", kinto.url)
        .replace("http://127.0.0.1:8888/v1", kinto.url)
        .replace("http://localhost:9999", auth.url)
        .replace('"password": "..."', '"password": "secret-pw"')
    )
    namespace: dict[str, Any] = {}
    try:
        exec(compile(code, f"README.md block {index}", "exec"), namespace)
    finally:  # a reader's script ends here: the clients it left open are closed
        for value in namespace.values():
            if isinstance(value, (kinbase.StorageClient, kinbase.Client)):
                value.close()
            elif isinstance(value, (kinbase.AsyncStorageClient, kinbase.AsyncClient)):
                asyncio.run(value.aclose())
