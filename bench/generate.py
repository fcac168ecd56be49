"""6. ``make generate`` wall time, and how it grows with the size of the specs.

``scripts/generate.py generate`` runs in a temporary copy of the repository's inputs
(``scripts/``, ``openapi/``, ``generator-config.yaml``, ``overlays/``, ``generated/``), so the
real tree is never touched; it is the exact command ``make generate`` runs (same
interpreter, same environment). Scales: the real specs (1x), then synthetic specs with 2x
and 4x the operations: every path is duplicated under ``/xK`` with its operationIds renamed
``<id>_xK`` (components are shared, so only operations grow).

Smoke mode uses a small base (the first few paths of each spec) so that it stays quick.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

from bench.common import describe_error, median

ROOT = Path(__file__).resolve().parents[1]
SPECS = ("storage.yaml", "auth.yaml")
METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")


def _operations(spec: dict[str, Any]) -> int:
    return sum(1 for item in spec.get("paths", {}).values() for method in item if method in METHODS)


def scaled(spec: dict[str, Any], factor: int, base_paths: int | None = None) -> dict[str, Any]:
    paths = dict(spec.get("paths", {}))
    if base_paths is not None:
        paths = dict(list(paths.items())[:base_paths])
    out = {**spec, "paths": dict(paths)}
    for copy in range(2, factor + 1):
        for path, item in paths.items():
            new_item = {}
            for key, value in item.items():
                if key in METHODS and isinstance(value, dict) and "operationId" in value:
                    value = {**value, "operationId": f"{value['operationId']}_x{copy}"}
                new_item[key] = value
            out["paths"][f"/x{copy}{path}"] = new_item
    return out


def _workspace(tmp: Path) -> None:
    # generated/ is not copied: `generate` replaces each package folder wholesale
    (tmp / "generated").mkdir()
    for name in ("scripts", "openapi", "overlays"):
        shutil.copytree(
            ROOT / name, tmp / name, ignore=shutil.ignore_patterns("__pycache__", ".ruff_cache")
        )
    shutil.copy2(ROOT / "generator-config.yaml", tmp / "generator-config.yaml")
    shutil.copy2(ROOT / "pyproject.toml", tmp / "pyproject.toml")


def run(
    *,
    factors: tuple[int, ...] = (1, 2, 4),
    base_paths: int | None = None,
    warmup: bool = False,
    runs: int = 1,
) -> dict[str, Any]:
    """``warmup``: one untimed 1x run first (disk cache, the generator's first start);
    ``runs``: timed runs per scale (the median is reported)."""
    result: dict[str, Any] = {
        "seconds": {},
        "operations": {},
        "base_paths": base_paths,
        "measure": "wall time of `scripts/generate.py generate` in a temporary copy, median of "
        f"{runs} run(s) per scale" + (" after an untimed warm-up run" if warmup else ""),
    }
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    originals = {
        name: yaml.load((ROOT / "openapi" / name).read_text(), Loader=loader) for name in SPECS
    }
    for factor in ((0,) if warmup else ()) + tuple(factors):
        label = f"{factor}x"
        with tempfile.TemporaryDirectory(prefix="kinbase-bench-gen-") as tmp_name:
            tmp = Path(tmp_name)
            _workspace(tmp)
            operations = 0
            for name, spec in originals.items():
                if factor in (0, 1) and base_paths is None:
                    operations += _operations(spec)  # the real file, untouched
                    continue
                new = scaled(spec, factor, base_paths)
                operations += _operations(new)
                dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
                (tmp / "openapi" / name).write_text(yaml.dump(new, Dumper=dumper, sort_keys=False))
            times = []
            for _ in range(1 if factor == 0 else runs):
                began = time.perf_counter()
                proc = subprocess.run(
                    [sys.executable, str(tmp / "scripts" / "generate.py"), "generate"],
                    cwd=tmp,
                    capture_output=True,
                    text=True,
                    check=False,
                    timeout=900,
                )
                times.append(time.perf_counter() - began)
                if proc.returncode != 0:
                    break
            elapsed = median(times)
            if factor == 0:  # the warm-up
                continue
            result["operations"][label] = operations
            if proc.returncode != 0:
                tail = (proc.stdout + proc.stderr).strip().splitlines()[-3:]
                result["seconds"][label] = None
                result.setdefault("n/a", {})[label] = " | ".join(tail)[:400] or describe_error(
                    RuntimeError(f"exit {proc.returncode}")
                )
                continue
            result["seconds"][label] = round(elapsed, 2)
    secs = result["seconds"]
    if secs.get("1x"):
        result["growth_vs_1x"] = {
            label: round(value / secs["1x"], 2) for label, value in secs.items() if value
        }
        ops = result["operations"]
        per_op = [secs[k] / ops[k] for k in secs if secs[k] and ops.get(k)]
        result["seconds_per_operation_median"] = round(median(per_op), 4)
    return result
