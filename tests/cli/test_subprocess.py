"""The installed console script in real processes: --version, and a session shared by
separate processes through the session file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import kinbase

from tests.servers import AuthServer, KintoServer

from .conftest import PASSWORD

KINBASE = Path(sys.executable).with_name("kinbase")


def run(argv: list[str], env: dict[str, str], stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(KINBASE), *argv],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def test_version_names_the_package_and_spec_versions(base_env: dict[str, str]) -> None:
    result = run(["--version"], base_env)
    assert result.returncode == 0
    assert result.stdout.strip() == (
        f"kinbase {kinbase.__version__} (Kinto HTTP API {kinbase.STORAGE_SPEC_VERSION}, "
        f"GoTrue API {kinbase.AUTH_SPEC_VERSION})"
    )
    module = subprocess.run(
        [sys.executable, "-m", "kinbase.cli", "--version"],
        capture_output=True,
        text=True,
        env=base_env,
        check=False,
    )
    assert module.stdout == result.stdout


def test_processes_share_the_session_file(
    base_env: dict[str, str], kinto: KintoServer, auth: AuthServer, tmp_path: Path
) -> None:
    env = {
        **base_env,
        "KINBASE_SERVER": kinto.url,
        "KINBASE_BUCKET": "app",
        "KINBASE_COLLECTION": "notes",
    }
    login = run(
        ["login", "--sign-up", "--email", "proc@example.com", "--password-stdin"],
        env,
        stdin=PASSWORD + "\n",
    )
    assert login.returncode == 0, login.stderr
    session_file = Path(env["KINBASE_SESSION_FILE"])
    assert oct(session_file.stat().st_mode & 0o777) == "0o600"

    assert run(["buckets", "create"], env).returncode == 0
    assert run(["collections", "create"], env).returncode == 0
    source = tmp_path / "notes.jsonl"
    source.write_text("".join(json.dumps({"id": f"n{i}", "i": i}) + "\n" for i in range(60)))
    imported = run(["import", str(source)], env)
    assert imported.returncode == 0, imported.stderr
    assert "Imported 60 records" in imported.stdout
    assert imported.stderr == ""  # no terminal: no progress bar

    exported = run(["export", "--format", "json"], env)
    assert exported.returncode == 0
    assert sorted(r["i"] for r in json.loads(exported.stdout)) == list(range(60))

    missing = run(["records", "get", "nope"], env)
    assert missing.returncode == 4
    assert missing.stderr.count("\n") == 1 and missing.stderr.startswith("kinbase: error: ")

    assert run(["logout"], env).returncode == 0
    assert not session_file.exists()
    assert run(["records", "list"], env).returncode == 3
    assert os.environ.get("KINBASE_SESSION_FILE") != str(session_file)
