"""A spec change that renames an operation or a parameter the overlays use fails the type
check, naming the overlay line, instead of passing and breaking at run time.

Done as a user changing the API would: in a copy of the repository, ``operationId:
get_record`` becomes ``fetch_record``, ``list_records``' ``_limit`` query parameter
becomes ``_max`` and the ``ServerInfo`` schema (model) becomes ``ServerDescription``;
``scripts/generate.py generate`` (``make generate``) regenerates, and ``mypy``
(``make typecheck``) runs with the project's configuration.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COPIED = ("openapi", "overlays", "scripts", "generator-config.yaml", "pyproject.toml")
MYPY = Path(sys.executable).parent / "mypy"
UV = ROOT / ".tools" / "bin" / "uv"


def _python_without_this_checkout(tmp_path: Path) -> Path:
    """An interpreter that sees the dev environment's third-party packages but not this
    checkout's editable kinbase: mypy must find ``kinbase_storage_api`` in the copy only (else
    it would pick up the checkout's unchanged generated modules)."""
    venv = tmp_path / "python"
    subprocess.run([str(UV), "venv", "-q", "--python", sys.executable, str(venv)], check=True)
    (purelib,) = venv.glob("lib/python*/site-packages")
    # A plain path line: its own .pth files (the editable install's) are not processed.
    (purelib / "dev-packages.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return venv / "bin" / "python"


def _copy(tmp_path: Path) -> Path:
    copy = tmp_path / "repo"
    copy.mkdir()
    for name in COPIED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, copy / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, copy / name)
    return copy


def _rename_in_spec(spec: Path) -> None:
    text = spec.read_text(encoding="utf-8")
    assert text.count("operationId: get_record\n") == 1
    text = text.replace("operationId: get_record\n", "operationId: fetch_record\n")
    # list_records: its `_limit` parameter becomes `_max` (inline, so only this operation).
    start = text.index("operationId: list_records\n")
    end = text.index("operationId:", start + 1)
    section = text[start:end]
    assert "{$ref: '#/components/parameters/Query_limit'}" in section
    section = section.replace(
        "{$ref: '#/components/parameters/Query_limit'}",
        "{name: _max, in: query, schema: {type: integer, minimum: 0}}",
        1,
    )
    text = text[:start] + section + text[end:]
    # The ServerInfo schema (the model of GET /) becomes ServerDescription.
    assert text.count("ServerInfo") == 2  # its definition and the one $ref
    text = text.replace("    ServerInfo:\n", "    ServerDescription:\n")
    text = text.replace(
        "'#/components/schemas/ServerInfo'", "'#/components/schemas/ServerDescription'"
    )
    spec.write_text(text, encoding="utf-8")


def test_renaming_an_operation_a_parameter_or_a_model_fails_typecheck_naming_the_overlay_line(
    tmp_path: Path,
) -> None:
    copy = _copy(tmp_path)
    _rename_in_spec(copy / "openapi" / "storage.yaml")

    generate = subprocess.run(
        [sys.executable, "scripts/generate.py", "generate"],
        cwd=copy,
        capture_output=True,
        text=True,
        check=False,
    )
    assert generate.returncode == 0, generate.stdout + generate.stderr
    records = copy / "generated" / "kinbase_storage_api" / "api" / "records"
    assert (records / "fetch_record.py").exists() and not (records / "get_record.py").exists()
    assert "field_max" in (records / "list_records.py").read_text(encoding="utf-8")
    models = copy / "generated" / "kinbase_storage_api" / "models"
    assert (models / "server_description.py").exists() and not (models / "server_info.py").exists()

    typecheck = subprocess.run(
        [
            str(MYPY),
            "--cache-dir",
            str(tmp_path / "mypy-cache"),
            "--python-executable",
            str(_python_without_this_checkout(tmp_path)),
        ],
        cwd=copy,  # the copy's pyproject.toml: strict, overlays + generated
        capture_output=True,
        text=True,
        check=False,
    )
    output = typecheck.stdout + typecheck.stderr
    assert typecheck.returncode == 1, output
    assert "no issues found" not in output
    errors = [line for line in output.splitlines() if ": error: " in line]
    # The removed operation, named at the overlay line that imports it...
    assert any(
        re.match(r"overlays/kinbase/storage/_operations\.py:\d+: error: ", line)
        and "get_record" in line
        for line in errors
    ), output
    # ...the renamed model, at the line that imports its module...
    assert any(
        re.match(r"overlays/kinbase/storage/_operations\.py:\d+: error: ", line)
        and "kinbase_storage_api.models" in line
        and '"server_info"' in line
        for line in errors
    ), output
    # ...and the renamed parameter, at the overlay line that passes it (mypy's note on that
    # line names the generated operation).
    lines = [
        m.group(1)
        for m in re.finditer(
            r"^overlays/kinbase/storage/_operations\.py:(\d+): error: "
            r'Unexpected keyword argument "field_limit"',
            output,
            flags=re.MULTILINE,
        )
    ]
    assert lines, output
    assert any(
        f"overlays/kinbase/storage/_operations.py:{n}: note:" in output
        and "kinbase_storage_api.api.records.list_records" in output
        for n in lines
    ), output
    # The unchanged checkout still type-checks: the errors come from the spec change.
    assert not (
        ROOT / "generated" / "kinbase_storage_api" / "api" / "records" / "fetch_record.py"
    ).exists()
