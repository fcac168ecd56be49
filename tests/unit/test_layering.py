"""Layering of the overlay package: ``kinbase.errors`` is a leaf.

Everything (the HTTP layer, both clients, the CLI) imports the errors; the errors import
nothing of kinbase's but two leaf helpers (redaction, server-header parsing) that import no
kinbase module at all. So no import cycle runs through the errors, and ``kinbase._http``
may import from any of its modules eagerly.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import kinbase

PACKAGE = Path(kinbase.__file__).parent
LEAVES = {"kinbase._redact", "kinbase._server_headers"}


def _kinbase_imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        else:
            continue
        found.update(name for name in names if name.split(".")[0] == "kinbase")
    return found


def test_the_errors_import_only_themselves_and_the_leaf_helpers() -> None:
    modules = sorted((PACKAGE / "errors").glob("*.py"))
    assert len(modules) >= 5
    for path in modules:
        for name in _kinbase_imports(path):
            assert name.startswith("kinbase.errors") or name in LEAVES, (path.name, name)


def test_the_leaf_helpers_import_no_kinbase_module() -> None:
    for leaf in LEAVES:
        path = PACKAGE / (leaf.removeprefix("kinbase.") + ".py")
        assert _kinbase_imports(path) == set(), leaf


def test_importing_the_errors_loads_no_other_layer() -> None:
    code = (
        "import sys, kinbase.errors\n"
        "print(sorted(m for m in sys.modules if m.startswith('kinbase')))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert "kinbase.errors._base" in loaded
    for layer in ("kinbase._http", "kinbase.storage", "kinbase.auth", "kinbase.cli"):
        assert f"'{layer}" not in loaded, (layer, loaded)
