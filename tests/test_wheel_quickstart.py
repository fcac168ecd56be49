"""The built wheel, installed into a fresh virtualenv, runs the quickstart against the local
servers: the Python code of docs/quickstart.md's sync examples (read from the page, so the
page and the test cannot drift apart; only the server URLs are replaced), then the
``kinbase`` console script of that virtualenv."""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import kinbase
import pytest

from tests.servers import AuthServer, KintoServer

ROOT = Path(__file__).resolve().parent.parent
UV = ROOT / ".tools" / "bin" / "uv"
QUICKSTART = ROOT / "docs" / "quickstart.md"
DOC_KINTO_URL = "http://localhost:8888/v1"
DOC_AUTH_URL = "http://localhost:9999"
SYNC_SECTIONS = ("Storage (Kinto), sync", "Auth (GoTrue), sync")


def quickstart_blocks() -> dict[str, list[str]]:
    """``{section title: [python code blocks]}`` of docs/quickstart.md."""
    sections: dict[str, list[str]] = {}
    title = ""
    for match in re.finditer(
        r"^## ([^\n]+)$|^```python\n(.*?)^```$", QUICKSTART.read_text(), re.MULTILINE | re.DOTALL
    ):
        if match.group(1):
            title = match.group(1).strip()
        else:
            sections.setdefault(title, []).append(match.group(2))
    return sections


def test_every_quickstart_block_is_valid_python() -> None:
    blocks = quickstart_blocks()
    assert set(SYNC_SECTIONS) <= set(blocks)
    for section, codes in blocks.items():
        for code in codes:
            ast.parse(code, filename=f"quickstart.md: {section}")


@pytest.fixture(scope="module")
def venv(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A fresh virtualenv with only the built wheel (and its dependencies) installed."""
    base = tmp_path_factory.mktemp("wheel")
    dist = base / "dist"
    subprocess.run(
        [str(UV), "build", "--wheel", "--out-dir", str(dist), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (wheel,) = dist.glob("kinbase-*.whl")
    venv = base / "venv"
    env = {**os.environ, "VIRTUAL_ENV": str(venv)}
    subprocess.run([str(UV), "venv", "-q", "--python", sys.executable, str(venv)], check=True)
    subprocess.run(
        [str(UV), "pip", "install", "-q", "--python", str(venv / "bin" / "python"), str(wheel)],
        check=True,
        env=env,
    )
    yield venv


def test_kinbase_version_from_the_installed_wheel(venv: Path, tmp_path: Path) -> None:
    result = subprocess.run(
        [str(venv / "bin" / "kinbase"), "--version"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        f"kinbase {kinbase.__version__} (Kinto HTTP API {kinbase.STORAGE_SPEC_VERSION}, "
        f"GoTrue API {kinbase.AUTH_SPEC_VERSION})"
    )


def test_the_quickstart_runs_from_the_installed_wheel(
    venv: Path, kinto: KintoServer, auth: AuthServer, tmp_path: Path
) -> None:
    # The storage example authenticates as the Kinto account alice:s3cret: create it.
    httpx.put(
        f"{kinto.url}/accounts/alice", json={"data": {"password": "s3cret"}}, trust_env=False
    ).raise_for_status()
    blocks = quickstart_blocks()
    code = "\n".join(block for section in SYNC_SECTIONS for block in blocks[section])
    assert DOC_KINTO_URL in code and DOC_AUTH_URL in code
    script = tmp_path / "quickstart.py"
    script.write_text(
        "import kinbase\n"
        "assert '/site-packages/' in kinbase.__file__, kinbase.__file__\n"
        + code.replace(DOC_KINTO_URL, kinto.url).replace(DOC_AUTH_URL, auth.url)
    )
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    result = subprocess.run(
        [str(venv / "bin" / "python"), str(script)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "write the spec"  # record["data"]["title"]
    assert "spec write the spec" in lines  # the listing
    user = lines[-1]  # storage.server_info()["user"] of the signed-in GoTrue user
    assert user.startswith("{") and "'id': 'openid:" in user

    # the storage example's records, through the wheel's console script
    listed = subprocess.run(
        [
            str(venv / "bin" / "kinbase"),
            "-s",
            kinto.url,
            "-a",
            "alice:s3cret",
            "-b",
            "app",
            "-c",
            "tasks",
            "records",
            "list",
            "--jsonl",
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        check=False,
    )
    assert listed.returncode == 0, listed.stderr
    assert len(listed.stdout.splitlines()) == 101  # "spec" and 100 batched tasks
