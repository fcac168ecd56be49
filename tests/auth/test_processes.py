"""Two processes sharing one FileSessionStorage never both spend a refresh token."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from kinbase.auth import AuthClient, FileSessionStorage
from kinbase.errors import InsecureSessionStorageError

from tests.auth.conftest import PASSWORD, ServerTools, new_email

REPO = Path(__file__).resolve().parents[2]
SECONDS = 5.0


def test_two_processes_share_one_session_file(server: ServerTools, tmp_path: Path) -> None:
    server.configure(access_token_lifetime=2, refresh_delay=0.2)
    path = tmp_path / "session.json"
    with AuthClient(server.url, storage=FileSessionStorage(path)) as client:
        session = client.sign_up({"email": new_email(), "password": PASSWORD}).session
        assert session is not None
    server.reset_stats()
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]),
    }
    workers = [
        subprocess.Popen(
            [sys.executable, "-m", "tests.auth._file_worker", server.url, str(path), str(SECONDS)],
            cwd=REPO,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    reports = []
    for worker in workers:
        out, err = worker.communicate(timeout=60)
        assert worker.returncode == 0, err
        reports.append(json.loads(out.strip().splitlines()[-1]))
    for report in reports:
        assert report["errors"] == [], report["errors"]
        assert report["user"] == str(session.user.id)
    sent = sum(report["refreshes"] for report in reports)
    assert server.refresh_calls() == sent
    assert all(report["refreshes"] >= 1 for report in reports) or sent >= 2
    stored = FileSessionStorage(path).get_item("supabase.auth.token")
    assert stored is not None and session.refresh_token not in stored


def test_file_storage_is_private_and_refuses_shared_files(tmp_path: Path) -> None:
    path = tmp_path / "nested" / "session.json"
    storage = FileSessionStorage(path)
    storage.set_item("k", "v")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert storage.get_item("k") == "v"
    storage.remove_item("k")
    assert storage.get_item("k") is None
    os.chmod(path, 0o644)
    with pytest.raises(InsecureSessionStorageError, match="chmod 600"):
        storage.get_item("k")
    assert not list(path.parent.glob("*.tmp"))
