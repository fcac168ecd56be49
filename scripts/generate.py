#!/usr/bin/env python3
"""Regenerate the client packages from openapi/, or check generated/ for drift.

    python scripts/generate.py generate   # rebuild generated/ (and the unasync'd sync twins)
    python scripts/generate.py check      # regenerate into a temporary folder; exit 1 naming
                                          # every file that differs from what is committed

Both commands run exactly the same steps, always into a fresh temporary folder outside the
repository, with the generator and ruff pinned in uv.lock (taken from this interpreter's
environment). `generate` then replaces each package folder wholesale, so the files of removed
operations disappear; `check` compares the two trees byte for byte.
"""

from __future__ import annotations

import argparse
import filecmp
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "generator-config.yaml"
GENERATED = ROOT / "generated"
VERSION_FILE = ROOT / "overlays" / "kinbase" / "_version.py"
sys.path.insert(0, str(ROOT / "scripts"))

import unasync  # noqa: E402


@dataclass(frozen=True)
class Target:
    spec: Path
    package: str
    version_constant: str


TARGETS = (
    Target(ROOT / "openapi" / "storage.yaml", "kinbase_storage_api", "STORAGE_SPEC_VERSION"),
    Target(ROOT / "openapi" / "auth.yaml", "kinbase_auth_api", "AUTH_SPEC_VERSION"),
)


def _tool_env() -> dict[str, str]:
    """PATH with this environment's bin first, so the generator's post hooks use pinned ruff."""
    env = dict(os.environ)
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    env.pop("RUFF_CACHE_DIR", None)
    return env


def _generator() -> str:
    exe = Path(sys.executable).parent / "openapi-python-client"
    if not exe.exists():
        sys.exit(f"generate: {exe} not found; run `make setup` first")
    return str(exe)


def spec_version(spec: Path) -> str:
    """The spec's info.version (read without a YAML dependency: the first `version:` under info)."""
    in_info = False
    for line in spec.read_text(encoding="utf-8").splitlines():
        if re.match(r"^info:\s*$", line):
            in_info = True
            continue
        if in_info:
            if line and not line[0].isspace():
                break
            m = re.match(r"^\s+version:\s*['\"]?([^'\"\s#]+)", line)
            if m:
                return m.group(1)
    raise SystemExit(f"generate: no info.version in {spec}")


def generate_package(target: Target, out_root: Path) -> Path:
    out = out_root / target.package
    cmd = [
        _generator(),
        "generate",
        "--path",
        str(target.spec),
        "--config",
        str(CONFIG),
        "--meta",
        "none",
        "--output-path",
        str(out),
        "--overwrite",
        "--fail-on-warning",
    ]
    proc = subprocess.run(
        cmd, cwd=out_root, env=_tool_env(), capture_output=True, text=True, check=False
    )
    if proc.returncode != 0:
        sys.stderr.write(proc.stdout + proc.stderr)
        raise SystemExit(f"generate: openapi-python-client failed for {target.spec.name}")
    shutil.rmtree(out / ".ruff_cache", ignore_errors=True)
    # PEP 561: the package ships its inline types (the generator writes this marker only
    # with packaging metadata, and kinbase builds one wheel of its own).
    (out / "py.typed").write_text("# Marker file for PEP 561: this package is typed.\n")
    return out


def build_all(out_root: Path) -> None:
    for target in TARGETS:
        generate_package(target, out_root)


def tree_files(root: Path) -> set[str]:
    return {
        p.relative_to(root).as_posix()
        for p in root.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and ".ruff_cache" not in p.parts
    }


def diff_trees(expected: Path, actual: Path) -> list[str]:
    """Differences as lines `+ path` (missing from actual), `- path` (extra), `~ path`."""
    exp, act = tree_files(expected), tree_files(actual)
    out = [f"missing  {p}" for p in sorted(exp - act)]
    out += [f"extra    {p}" for p in sorted(act - exp)]
    out += [
        f"changed  {p}"
        for p in sorted(exp & act)
        if not filecmp.cmp(expected / p, actual / p, shallow=False)
    ]
    return out


def update_version_file() -> bool:
    text = VERSION_FILE.read_text(encoding="utf-8")
    new = text
    for t in TARGETS:
        new = re.sub(
            rf'^{t.version_constant} = "[^"]*"',
            f'{t.version_constant} = "{spec_version(t.spec)}"',
            new,
            flags=re.M,
        )
    if new != text:
        VERSION_FILE.write_text(new, encoding="utf-8")
        return True
    return False


def check_version_file() -> list[str]:
    ns: dict[str, object] = {}
    exec(VERSION_FILE.read_text(encoding="utf-8"), ns)
    problems = []
    for t in TARGETS:
        want = spec_version(t.spec)
        if ns.get(t.version_constant) != want:
            problems.append(
                f"changed  overlays/kinbase/_version.py: {t.version_constant}="
                f"{ns.get(t.version_constant)!r}, spec {t.spec.name} says {want!r}"
            )
    return problems


def cmd_generate() -> int:
    with tempfile.TemporaryDirectory(prefix="kinbase-gen-") as tmp:
        build_all(Path(tmp))
        for t in TARGETS:
            dest = GENERATED / t.package
            shutil.rmtree(dest, ignore_errors=True)
            shutil.copytree(Path(tmp) / t.package, dest)
            print(f"generate: {t.spec.relative_to(ROOT)} -> {dest.relative_to(ROOT)}")
    for path in unasync.write_all():
        print(f"generate: unasync -> {path.relative_to(ROOT)}")
    if update_version_file():
        print("generate: updated spec versions in overlays/kinbase/_version.py")
    return 0


def cmd_check() -> int:
    problems: list[str] = []
    with tempfile.TemporaryDirectory(prefix="kinbase-check-") as tmp:
        build_all(Path(tmp))
        for t in TARGETS:
            for line in diff_trees(Path(tmp) / t.package, GENERATED / t.package):
                kind, path = line.split(None, 1)
                problems.append(f"{kind:8} generated/{t.package}/{path}")
    problems += unasync.check_all()
    problems += check_version_file()
    if problems:
        print("check-generated: generated code differs from what the specs produce:")
        for p in problems:
            print("  " + p)
        print("Run `make generate` and commit the result; never edit generated code by hand.")
        return 1
    print("check-generated: generated/ and the sync twins match the specs byte for byte")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["generate", "check"])
    args = parser.parse_args(argv)
    return cmd_generate() if args.command == "generate" else cmd_check()


if __name__ == "__main__":
    sys.exit(main())
