"""Cheap structural checks of the hand-maintained specs (no server needed)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from openapi_spec_validator import OpenAPIV31SpecValidator, validate

OPENAPI = Path(__file__).resolve().parents[1] / "openapi"
SPECS = ("storage", "auth")
METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def _load(name: str) -> dict[str, Any]:
    spec: dict[str, Any] = yaml.safe_load((OPENAPI / f"{name}.yaml").read_text())
    return spec


def _operations(spec: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    return [
        (f"{method.upper()} {path}", item[method])
        for path, item in spec["paths"].items()
        for method in METHODS
        if method in item
    ]


@pytest.mark.parametrize("name", SPECS)
def test_spec_is_valid_openapi_3_1(name: str) -> None:
    spec = _load(name)
    assert spec["openapi"].startswith("3.1.")
    validate(spec, cls=OpenAPIV31SpecValidator)


@pytest.mark.parametrize("name", SPECS)
def test_no_default_responses(name: str) -> None:
    # A `default` response makes the generated client json-decode every undeclared status.
    offenders = [label for label, op in _operations(_load(name)) if "default" in op["responses"]]
    assert offenders == []


@pytest.mark.parametrize("name", SPECS)
def test_every_operation_declares_security(name: str) -> None:
    # The generator ignores global `security`: each operation must carry its own.
    offenders = [label for label, op in _operations(_load(name)) if "security" not in op]
    assert offenders == []


@pytest.mark.parametrize("name", SPECS)
def test_operation_ids_are_unique(name: str) -> None:
    ids = [op.get("operationId") for _, op in _operations(_load(name))]
    assert None not in ids
    assert len(ids) == len(set(ids))
