"""Hatch metadata hook: record the API spec versions in the distribution's metadata.

The wheel and the sdist carry, as ``Keywords``, the ``info.version`` of the two OpenAPI specs
the client was generated from (``kinto-api-<STORAGE_SPEC_VERSION>`` and
``gotrue-api-<AUTH_SPEC_VERSION>``), read from ``overlays/kinbase/_version.py``, the same single
source hatch reads the package version from. ``pip show kinbase`` and
``importlib.metadata.metadata("kinbase").get("Keywords")`` show them without importing the
package. The file is parsed, never imported, so the hook needs nothing but the standard library.
"""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

from hatchling.metadata.plugin.interface import MetadataHookInterface

VERSION_FILE = Path("overlays") / "kinbase" / "_version.py"
TOPIC_KEYWORDS = ["kinto", "gotrue", "supabase", "auth", "openapi", "sdk", "async"]
#: Keyword prefix per constant of _version.py.
SPEC_KEYWORDS = {"STORAGE_SPEC_VERSION": "kinto-api", "AUTH_SPEC_VERSION": "gotrue-api"}


def read_constants(path: Path) -> dict[str, str]:
    """The module-level string constants ``NAME = "value"`` of ``path``."""
    constants: dict[str, str] = {}
    for node in ast.parse(path.read_text(encoding="utf-8"), str(path)).body:
        if (
            isinstance(node, ast.Assign)
            and len(node.targets) == 1
            and isinstance(node.targets[0], ast.Name)
            and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)
        ):
            constants[node.targets[0].id] = node.value.value
    return constants


def spec_keywords(root: Path) -> list[str]:
    """``["kinto-api-1.23", "gotrue-api-2.0"]`` from the version file under ``root``."""
    constants = read_constants(root / VERSION_FILE)
    keywords = []
    for name, prefix in SPEC_KEYWORDS.items():
        value = constants.get(name)
        if not value:
            raise ValueError(f"{VERSION_FILE}: no {name} = '<version>' string constant")
        keywords.append(f"{prefix}-{value}")
    return keywords


class SpecVersionMetadataHook(MetadataHookInterface):
    PLUGIN_NAME = "custom"

    def update(self, metadata: dict[str, Any]) -> None:
        metadata["keywords"] = [*TOPIC_KEYWORDS, *spec_keywords(Path(self.root))]
