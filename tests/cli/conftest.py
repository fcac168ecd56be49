"""Fixtures for the CLI tests: ``cli`` runs ``kinbase.cli.main(argv)`` in-process with its
own environment (a private session file, the test servers' URLs) and captured output.

The servers are the real ones of tests/conftest.py: ``kinto`` (trusts ``auth`` via
openid) and the auth test server.
"""

from __future__ import annotations

import io
import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from kinbase.cli import main

PASSWORD = "correct horse battery staple"


@dataclass
class Result:
    code: int
    out: str
    err: str

    @property
    def error_lines(self) -> list[str]:
        return [line for line in self.err.splitlines() if line.startswith("kinbase: error:")]


@dataclass
class CLI:
    """``cli("records", "list")``: runs the CLI in-process and returns a :class:`Result`."""

    env: dict[str, str]
    session_file: Path
    calls: list[list[str]] = field(default_factory=list)

    def __call__(self, *argv: str, stdin: str = "", **env: str) -> Result:
        out, err = io.StringIO(), io.StringIO()
        environ = {**self.env, **env}
        self.calls.append(list(argv))
        code = main(list(argv), stdin=io.StringIO(stdin), stdout=out, stderr=err, environ=environ)
        return Result(code, out.getvalue(), err.getvalue())

    def login(self, email: str | None = None, *extra: str) -> tuple[str, Result]:
        email = email or f"cli-{uuid.uuid4().hex[:10]}@example.com"
        result = self(
            "login",
            "--sign-up",
            "--email",
            email,
            "--password-stdin",
            *extra,
            stdin=PASSWORD + "\n",
        )
        assert result.code == 0, result.err
        return email, result


@pytest.fixture
def base_env(tmp_path: Path) -> dict[str, str]:
    """The process environment without KINBASE_* settings, plus a private session file."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("KINBASE_")}
    env["KINBASE_SESSION_FILE"] = str(tmp_path / "config" / "session.json")
    env["XDG_CONFIG_HOME"] = str(tmp_path / "config")
    return env


@pytest.fixture
def cli(base_env: dict[str, str], tmp_path: Path) -> Iterator[CLI]:
    """An in-process CLI with no server configured (see ``kcli`` for one that has)."""
    yield CLI(dict(base_env), tmp_path / "config" / "session.json")


@pytest.fixture
def kcli(cli: CLI, kinto: object, auth: object) -> CLI:
    """The CLI pointed at the test Kinto (``KINBASE_SERVER``), bucket ``app``,
    collection ``tasks``; the auth server is found through Kinto's OpenID capability."""
    cli.env.update(
        KINBASE_SERVER=kinto.url,  # type: ignore[attr-defined]
        KINBASE_BUCKET="app",
        KINBASE_COLLECTION="tasks",
    )
    return cli
