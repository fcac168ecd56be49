"""The built wheel holds the overlays and both generated packages under the dev import paths."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
UV = ROOT / ".tools" / "bin" / "uv"

IMPORT_EVERYTHING = """
import importlib, pkgutil, sys
import kinbase
mods = 0
for pkg_name in ("kinbase_storage_api", "kinbase_auth_api"):
    api = importlib.import_module(pkg_name + ".api")
    for info in pkgutil.walk_packages(api.__path__, pkg_name + ".api."):
        module = importlib.import_module(info.name)
        if not info.ispkg:
            assert hasattr(module, "sync_detailed"), info.name
            assert hasattr(module, "asyncio_detailed"), info.name
            mods += 1
    importlib.import_module(pkg_name + ".models")
assert "/site-packages/" in kinbase.__file__, kinbase.__file__
print(kinbase.__version__, kinbase.STORAGE_SPEC_VERSION, kinbase.AUTH_SPEC_VERSION, mods)
"""


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [str(UV), "build", "--wheel", "--out-dir", str(out), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (found,) = out.glob("kinbase-*.whl")
    return found


def test_wheel_installs_into_a_fresh_venv_and_imports_every_endpoint(
    wheel: Path, tmp_path: Path
) -> None:
    venv = tmp_path / "venv"
    env = {**os.environ, "VIRTUAL_ENV": str(venv)}
    subprocess.run([str(UV), "venv", "-q", "--python", sys.executable, str(venv)], check=True)
    subprocess.run(
        [str(UV), "pip", "install", "-q", "--python", str(venv / "bin" / "python"), str(wheel)],
        check=True,
        env=env,
    )
    proc = subprocess.run(
        [str(venv / "bin" / "python"), "-c", IMPORT_EVERYTHING],
        capture_output=True,
        text=True,
        cwd=tmp_path,  # not the repository: imports must come from the installed wheel
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    version, storage_spec, auth_spec, modules = proc.stdout.split()
    import kinbase

    assert version == kinbase.__version__
    assert (storage_spec, auth_spec) == (kinbase.STORAGE_SPEC_VERSION, kinbase.AUTH_SPEC_VERSION)
    expected = sum(
        1
        for pkg in ("kinbase_storage_api", "kinbase_auth_api")
        for p in (ROOT / "generated" / pkg / "api").rglob("*.py")
        if p.name != "__init__.py"
    )
    assert int(modules) == expected > 0


def test_dev_install_uses_the_same_import_paths() -> None:
    import kinbase
    import kinbase_auth_api
    import kinbase_storage_api

    assert Path(kinbase.__file__).parent == ROOT / "overlays" / "kinbase"
    assert Path(kinbase_storage_api.__file__).parent == ROOT / "generated" / "kinbase_storage_api"
    assert Path(kinbase_auth_api.__file__).parent == ROOT / "generated" / "kinbase_auth_api"


def test_wheel_metadata_names_the_project_urls_and_the_cli_help_one_of_them(wheel: Path) -> None:
    import zipfile

    from kinbase.cli.main import CLI_DOCS_URL, build_parser

    with zipfile.ZipFile(wheel) as archive:
        (metadata_name,) = [n for n in archive.namelist() if n.endswith(".dist-info/METADATA")]
        metadata = archive.read(metadata_name).decode()
    urls = dict(
        line.removeprefix("Project-URL: ").split(", ", 1)
        for line in metadata.splitlines()
        if line.startswith("Project-URL: ")
    )
    assert {"Homepage", "Documentation", "Source", "Changelog", "Issues"} <= set(urls), urls
    assert all(url.startswith("https://") for url in urls.values()), urls
    assert CLI_DOCS_URL.startswith(urls["Documentation"])
    help_text = build_parser().format_help()
    assert CLI_DOCS_URL in help_text
    assert "docs/cli.md" not in help_text  # a URL, not a file of the repository
