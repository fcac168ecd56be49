"""The README's Python examples run as written against the real servers (URLs swapped)."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import pytest

from tests.servers import AuthServer, KintoServer

README = Path(__file__).resolve().parent.parent / "README.md"
BLOCKS = re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), re.S)


@pytest.mark.parametrize("index", range(len(BLOCKS)))
def test_readme_example_runs(index: int, kinto: KintoServer, auth: AuthServer) -> None:
    httpx.put(
        f"{kinto.url}/accounts/alice", json={"data": {"password": "s3cret"}}
    ).raise_for_status()
    httpx.post(
        f"{auth.url}/signup", json={"email": "alice@example.com", "password": "secret-pw"}
    ).raise_for_status()
    code = (
        BLOCKS[index]
        .replace("http://localhost:8888/v1", kinto.url)
        .replace("http://127.0.0.1:8888/v1", kinto.url)
        .replace("http://localhost:9999", auth.url)
        .replace('"password": "..."', '"password": "secret-pw"')
    )
    exec(compile(code, f"README.md block {index}", "exec"), {})
    if "batch.create_record" in code:
        listed = httpx.get(
            f"{kinto.url}/buckets/app/collections/tasks/records",
            auth=("alice", "s3cret"),
            params={"n": 999},
        )
        assert len(listed.json()["data"]) == 1
