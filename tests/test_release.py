"""The release pipeline: workflows lint clean, the changelog and tag checks, reproducible builds.

The GitHub Actions workflows cannot run here; actionlint (the ``jactionlint`` binary wheel of
the dev environment, or an ``actionlint`` on PATH) checks their syntax, expressions, action
inputs and, with shellcheck, their ``run:`` scripts. The structural tests pin down what the
release depends on: a tag trigger, ``make test`` before publishing, trusted publishing.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
UV = ROOT / ".tools" / "bin" / "uv"
WORKFLOWS = ROOT / ".github" / "workflows"
BIN = Path(sys.executable).parent


def _load_release_check() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "release_check", ROOT / "scripts" / "release_check.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


release_check = _load_release_check()


def _tool(*names: str) -> str | None:
    for name in names:
        local = BIN / name
        if local.exists():
            return str(local)
        found = shutil.which(name)
        if found:
            return found
    return None


def _workflow(name: str) -> dict[Any, Any]:
    data = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _steps(job: dict[str, Any]) -> list[dict[str, Any]]:
    steps = job.get("steps", [])
    assert isinstance(steps, list)
    return steps


def _runs(job: dict[str, Any]) -> str:
    return "\n".join(str(step.get("run", "")) for step in _steps(job))


def _uses(job: dict[str, Any]) -> list[str]:
    return [str(step["uses"]) for step in _steps(job) if "uses" in step]


# --------------------------------------------------------------------------- workflows


def test_workflows_pass_actionlint() -> None:
    actionlint = _tool("jactionlint", "actionlint")
    if actionlint is None:
        pytest.skip("no actionlint binary (jactionlint is in the dev dependencies: make setup)")
    files = sorted(str(p.relative_to(ROOT)) for p in WORKFLOWS.glob("*.yml"))
    assert files == [".github/workflows/ci.yml", ".github/workflows/release.yml"]
    shellcheck = _tool("shellcheck")
    # An empty --shellcheck= turns the shell script checks off on purpose.
    cmd = [actionlint, f"--shellcheck={shellcheck or ''}", *files]
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=False)
    assert proc.returncode == 0, f"{' '.join(cmd)}\n{proc.stdout}{proc.stderr}"


def _on(workflow: dict[Any, Any]) -> dict[str, Any]:
    # YAML 1.1 reads the bare key `on` as True.
    on = workflow.get("on", workflow.get(True))
    assert isinstance(on, dict)
    return on


def test_release_workflow_tests_then_publishes_with_trusted_publishing() -> None:
    workflow = _workflow("release.yml")
    assert _on(workflow) == {"push": {"tags": ["v*"]}}
    assert workflow["permissions"] == {"contents": "read"}
    build, publish = workflow["jobs"]["build"], workflow["jobs"]["publish"]

    runs = _runs(build)
    assert "scripts/release_check.py --tag" in runs
    assert "postgresql-15" in runs  # the tests start a private PostgreSQL 15 cluster
    assert runs.index("make test") < runs.index("make dist")
    assert 'release_check.py --tag "$GITHUB_REF_NAME" --dist dist' in runs
    assert "permissions" not in build  # only the read-only workflow default

    assert publish["needs"] == "build"
    assert publish["environment"]["name"] == "pypi"
    assert publish["permissions"] == {"id-token": "write"}
    uses = _uses(publish)
    assert any(u.startswith("pypa/gh-action-pypi-publish@") for u in uses)
    publish_step = next(s for s in _steps(publish) if "gh-action-pypi-publish" in s["uses"])
    assert "password" not in publish_step.get("with", {})  # trusted publishing: no token


def test_ci_workflow_runs_the_lanes_and_make_test_runs_them_all() -> None:
    workflow = _workflow("ci.yml")
    assert set(_on(workflow)) == {"push", "pull_request"}
    jobs = workflow["jobs"]
    assert set(jobs) == {"lint", "unit", "integration-memory", "integration-postgresql"}
    assert "make check-generated lint typecheck docs" in _runs(jobs["lint"])
    assert "make test-unit" in _runs(jobs["unit"])
    assert "make test-integration" in _runs(jobs["integration-memory"])
    assert "make test-postgresql" in _runs(jobs["integration-postgresql"])
    assert "postgresql-15" in _runs(jobs["integration-postgresql"])
    for lane in ("integration-memory", "integration-postgresql"):  # session stores, web apps
        assert "redis-server" in _runs(jobs[lane]), lane

    # The unit matrix: every supported Python x the lowest and highest supported httpx.
    matrix = jobs["unit"]["strategy"]["matrix"]
    assert matrix["python"] == ["3.11", "3.12", "3.13"]
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["requires-python"] == ">=3.11"
    (spec,) = [d for d in project["dependencies"] if re.match(r"httpx\b", d)]
    lowest = re.search(r">=\s*([\d.]+)", spec)
    below = re.search(r"<\s*([\d.]+)", spec)
    assert lowest is not None and below is not None, spec
    lowest_httpx, highest_httpx = matrix["httpx"]

    def version(text: str) -> tuple[int, ...]:
        return tuple(int(x) for x in text.split("."))

    # The lowest run is the bound's own minor release; the highest is below the cap.
    assert version(lowest_httpx) >= version(lowest.group(1)), (spec, lowest_httpx)
    assert version(lowest_httpx)[:2] == version(lowest.group(1))[:2], (spec, lowest_httpx)
    assert version(highest_httpx) < version(below.group(1)), (spec, highest_httpx)
    assert version(lowest_httpx) < version(highest_httpx)

    # One command still runs everything, locally and in .ci/run.
    assert (ROOT / ".ci" / "run").read_text(encoding="utf-8").strip().endswith("make test")
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = makefile.split("\ntest: ", 1)[1].split("\n\n", 1)[0]
    for lane in (
        "lint",
        "typecheck",
        "check-generated",
        "docs",
        "test-integration",
        "test-postgresql",
        "coverage-report",
    ):
        assert lane in recipe, lane


def test_third_party_actions_are_pinned_by_commit() -> None:
    for name in ("ci.yml", "release.yml"):
        for job in _workflow(name)["jobs"].values():
            for uses in _uses(job):
                if uses.startswith("pypa/gh-action-pypi-publish@"):
                    continue  # PyPA documents @release/v1 (see .github/jactionlint.yaml)
                ref = uses.split("@", 1)[1]
                assert re.fullmatch(r"[0-9a-f]{40}", ref), f"{name}: {uses} is not pinned"


# --------------------------------------------------------------------------- docs


def test_docs_build_is_strict_and_offline() -> None:
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["strict"] is True
    assert config["theme"]["font"] is False  # no web fonts
    plugins = {next(iter(p)) if isinstance(p, dict) else p for p in config["plugins"]}
    assert plugins == {"search", "autorefs", "mkdocstrings"}  # no privacy/social: no fetching


# --------------------------------------------------------------------------- versions


def test_changelog_has_a_section_for_the_current_version() -> None:
    versions = release_check.read_versions()
    assert release_check.check_version(versions["__version__"]) == []
    assert release_check.check_changelog(versions["__version__"]) == []
    import kinbase

    assert versions["__version__"] == kinbase.__version__
    assert versions["STORAGE_SPEC_VERSION"] == kinbase.STORAGE_SPEC_VERSION
    assert versions["AUTH_SPEC_VERSION"] == kinbase.AUTH_SPEC_VERSION


def test_release_check_refuses_a_tag_that_is_not_the_version(tmp_path: Path) -> None:
    version = release_check.read_versions()["__version__"]
    assert release_check.check_tag(f"v{version}", version) == []
    assert release_check.check_tag(f"refs/tags/v{version}", version) == []
    assert release_check.check_tag(None, version) == []
    assert release_check.check_tag(f"v{version}.1", version)
    assert release_check.check_tag(version, version)  # the "v" is required

    changelog = tmp_path / "CHANGELOG.md"
    changelog.write_text("## [Unreleased]\n\n## [1.2.0] - unreleased\n\n## [1.1.0] - 2026-01-02\n")
    assert release_check.check_changelog("1.1.0", changelog, released=True) == []
    assert release_check.check_changelog("1.2.0", changelog) == []
    assert release_check.check_changelog("1.2.0", changelog, released=True)  # not dated
    # The next version's notes live under Unreleased until its release dates them.
    assert release_check.check_changelog("1.3.0", changelog) == []
    assert release_check.check_changelog("1.3.0", changelog, released=True)
    changelog.write_text("## [1.1.0] - 2026-01-02\n")
    assert release_check.check_changelog("1.3.0", changelog)  # no section at all
    for bad in ("1.2", "v1.2.0", "1.2.0-beta", "01.2.0"):
        assert release_check.check_version(bad), bad

    proc = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "release_check.py"), "--tag", "v999.0.0"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 1
    assert "does not match kinbase.__version__" in proc.stdout


# --------------------------------------------------------------------------- reproducible builds


def _source_date_epoch() -> str:
    """What `make dist` uses: the last commit's time (a fixed date outside a git checkout)."""
    proc = subprocess.run(
        ["git", "log", "-1", "--format=%ct"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    return proc.stdout.strip() if proc.returncode == 0 and proc.stdout.strip() else "315532800"


def _dists(folder: Path) -> list[Path]:
    return sorted([*folder.glob("*.whl"), *folder.glob("*.tar.gz")])


def _build(out: Path, epoch: str) -> None:
    env = {**os.environ, "SOURCE_DATE_EPOCH": epoch}
    subprocess.run(
        [str(UV), "build", "--quiet", "--out-dir", str(out), str(ROOT)],
        check=True,
        capture_output=True,
        env=env,
    )


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path]]:
    epoch = _source_date_epoch()
    first, second = tmp_path_factory.mktemp("build1"), tmp_path_factory.mktemp("build2")
    _build(first, epoch)
    _build(second, epoch)
    yield first, second


def test_wheel_and_sdist_builds_are_byte_identical(two_builds: tuple[Path, Path]) -> None:
    first, second = two_builds
    names = [p.name for p in _dists(first)]
    assert len(names) == 2, names
    assert any(n.endswith(".whl") for n in names) and any(n.endswith(".tar.gz") for n in names)
    for name in names:
        assert (first / name).read_bytes() == (second / name).read_bytes(), f"{name} differs"


def test_built_files_record_version_and_spec_versions(two_builds: tuple[Path, Path]) -> None:
    first, _ = two_builds
    versions = release_check.read_versions()
    assert release_check.check_dist(first, versions) == []
    (wheel,) = first.glob("*.whl")
    with zipfile.ZipFile(wheel) as zf:
        # Reproducible: every member carries the same fixed time, from SOURCE_DATE_EPOCH.
        assert len({info.date_time for info in zf.infolist()}) == 1
        assert not any(n.endswith(".pyc") or "__pycache__" in n for n in zf.namelist())
