"""The drift check: generated/ must be exactly what the pinned generator makes of openapi/."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
COPIED = ["openapi", "generated", "overlays", "scripts", "generator-config.yaml", "pyproject.toml"]


@pytest.fixture
def repo_copy(tmp_path: Path) -> Path:
    """A copy of the parts of the repository the drift check reads."""
    for name in COPIED:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, tmp_path / name)
    return tmp_path


def run_check(repo: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(repo / "scripts" / "generate.py"), "check"],
        capture_output=True,
        text=True,
        check=False,
    )


def a_generated_module(repo: Path, package: str) -> Path:
    return sorted((repo / "generated" / package / "api").rglob("*.py"))[-1]


def test_check_passes_on_the_committed_tree(repo_copy: Path) -> None:
    proc = run_check(repo_copy)
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.mark.parametrize("package", ["kinbase_storage_api", "kinbase_auth_api"])
def test_hand_edit_under_generated_fails_naming_the_file(repo_copy: Path, package: str) -> None:
    edited = a_generated_module(repo_copy, package)
    edited.write_text(edited.read_text() + "\n# a hand edit\n")
    proc = run_check(repo_copy)
    assert proc.returncode == 1
    rel = edited.relative_to(repo_copy).as_posix()
    assert f"changed  {rel}" in proc.stdout


def test_stale_and_missing_files_fail(repo_copy: Path) -> None:
    stale = repo_copy / "generated" / "kinbase_storage_api" / "api" / "old_operation.py"
    stale.write_text("def removed(): ...\n")
    gone = a_generated_module(repo_copy, "kinbase_auth_api")
    gone.unlink()
    proc = run_check(repo_copy)
    assert proc.returncode == 1
    assert "extra    generated/kinbase_storage_api/api/old_operation.py" in proc.stdout
    assert f"missing  {gone.relative_to(repo_copy).as_posix()}" in proc.stdout


def test_hand_edit_of_a_sync_twin_fails(repo_copy: Path) -> None:
    twins = sorted((repo_copy / "overlays").rglob("_sync/*.py"))
    twins = [t for t in twins if t.name != "__init__.py"]
    if not twins:
        pytest.skip("no async overlay module yet")
    twins[0].write_text(twins[0].read_text() + "\n# a hand edit\n")
    proc = run_check(repo_copy)
    assert proc.returncode == 1
    assert twins[0].relative_to(repo_copy).as_posix() in proc.stdout


def test_generate_is_idempotent_and_output_path_independent(repo_copy: Path) -> None:
    """A second `generate` changes no byte (and the result equals the committed tree)."""
    before = {p: p.read_bytes() for p in (repo_copy / "generated").rglob("*") if p.is_file()}
    proc = subprocess.run(
        [sys.executable, str(repo_copy / "scripts" / "generate.py"), "generate"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    after = {p: p.read_bytes() for p in (repo_copy / "generated").rglob("*") if p.is_file()}
    assert after == before
