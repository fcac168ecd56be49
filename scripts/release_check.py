#!/usr/bin/env python3
"""Release checks: the tag, the package version, the changelog and the built files agree.

    python scripts/release_check.py                  # tag from $GITHUB_REF_NAME (CI), if set
    python scripts/release_check.py --tag v0.1.0     # explicit tag
    python scripts/release_check.py --tag v0.1.0 --dist dist   # also check the built files

Checks, each failure named on its own line (exit 1 if any):

- ``kinbase.__version__`` (``overlays/kinbase/_version.py``, the one version source) is a
  semantic version ``MAJOR.MINOR.PATCH`` (optionally ``-rc.N`` style pre-release, written the
  PEP 440 way: ``1.2.0rc1``);
- the tag is ``v`` + that version (skipped when there is no tag, e.g. on a branch push);
- ``CHANGELOG.md`` has a ``## [<version>]`` section, dated (``## [<version>] - YYYY-MM-DD``)
  when checking a tag: date the section, then tag;
- with ``--dist``: exactly one wheel and one sdist of that version, whose metadata records the
  spec versions (``Keywords``: ``kinto-api-<STORAGE_SPEC_VERSION>``,
  ``gotrue-api-<AUTH_SPEC_VERSION>``).

The version is read from the file, not imported, so the check runs without the dev install.
"""

from __future__ import annotations

import argparse
import ast
import email.message
import email.parser
import os
import re
import sys
import tarfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VERSION_FILE = ROOT / "overlays" / "kinbase" / "_version.py"
CHANGELOG = ROOT / "CHANGELOG.md"

#: MAJOR.MINOR.PATCH with an optional PEP 440 pre-release (a1, b2, rc3): semver that pip agrees on.
SEMVER = re.compile(r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)((a|b|rc)(0|[1-9]\d*))?$")


def read_versions(path: Path = VERSION_FILE) -> dict[str, str]:
    """``__version__``, ``STORAGE_SPEC_VERSION`` and ``AUTH_SPEC_VERSION`` from the file."""
    found: dict[str, str] = {}
    for node in ast.parse(path.read_text(encoding="utf-8"), str(path)).body:
        if (
            isinstance(node, ast.Assign)
            and len(node.targets) == 1
            and isinstance(node.targets[0], ast.Name)
            and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)
        ):
            found[node.targets[0].id] = node.value.value
    missing = {"__version__", "STORAGE_SPEC_VERSION", "AUTH_SPEC_VERSION"} - found.keys()
    if missing:
        raise SystemExit(f"release-check: {path} lacks {', '.join(sorted(missing))}")
    return found


def changelog_sections(text: str) -> dict[str, str]:
    """Keep a Changelog headings ``## [x.y.z] - <date or 'unreleased'>``: version -> the rest."""
    return {
        m.group(1): (m.group(2) or "").strip()
        for m in re.finditer(r"^## \[([^\]]+)\][ \t]*(?:-[ \t]*(.*))?$", text, flags=re.M)
    }


def changelog_versions(text: str) -> list[str]:
    """Versions that have a section (``Unreleased`` included)."""
    return list(changelog_sections(text))


def check_version(version: str) -> list[str]:
    if SEMVER.match(version):
        return []
    return [f"__version__ {version!r} is not a semantic version MAJOR.MINOR.PATCH[{{a,b,rc}}N]"]


def check_tag(tag: str | None, version: str) -> list[str]:
    if not tag:
        return []
    tag = tag.removeprefix("refs/tags/")
    if tag != f"v{version}":
        return [f"tag {tag!r} does not match kinbase.__version__ {version!r} (want 'v{version}')"]
    return []


def check_changelog(version: str, path: Path = CHANGELOG, *, released: bool = False) -> list[str]:
    """The section for ``version`` exists; with ``released``, it carries an ISO date."""
    if not path.is_file():
        return [f"{path.name} is missing"]
    sections = changelog_sections(path.read_text(encoding="utf-8"))
    if version not in sections and not released and "Unreleased" in sections:
        return []  # the next release's notes live under Unreleased until it is tagged
    if version not in sections:
        return [f"{path.name} has no '## [{version}]' section"]
    if released and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", sections[version] or ""):
        return [
            f"{path.name}: section [{version}] is not dated ({sections[version] or 'no date'!r});"
            f" write '## [{version}] - YYYY-MM-DD' before tagging"
        ]
    return []


def _metadata(text: str) -> email.message.Message:
    return email.parser.Parser().parsestr(text, headersonly=True)


def dist_metadata(dist: Path) -> dict[str, email.message.Message]:
    """The core metadata of each wheel (``METADATA``) and sdist (``PKG-INFO``) in ``dist``."""
    out: dict[str, email.message.Message] = {}
    for wheel in sorted(dist.glob("*.whl")):
        with zipfile.ZipFile(wheel) as zf:
            (name,) = [n for n in zf.namelist() if n.endswith(".dist-info/METADATA")]
            out[wheel.name] = _metadata(zf.read(name).decode("utf-8"))
    for sdist in sorted(dist.glob("*.tar.gz")):
        with tarfile.open(sdist) as tf:
            member = next(
                m
                for m in tf.getmembers()
                if m.name.count("/") == 1 and m.name.endswith("/PKG-INFO")
            )
            data = tf.extractfile(member)
            assert data is not None
            out[sdist.name] = _metadata(data.read().decode("utf-8"))
    return out


def spec_keywords(versions: dict[str, str]) -> list[str]:
    return [
        f"kinto-api-{versions['STORAGE_SPEC_VERSION']}",
        f"gotrue-api-{versions['AUTH_SPEC_VERSION']}",
    ]


def check_dist(dist: Path, versions: dict[str, str]) -> list[str]:
    problems: list[str] = []
    found = dist_metadata(dist)
    wheels = [n for n in found if n.endswith(".whl")]
    sdists = [n for n in found if n.endswith(".tar.gz")]
    if len(wheels) != 1 or len(sdists) != 1:
        problems.append(f"{dist}: want one wheel and one sdist, found {sorted(found) or 'nothing'}")
    for name, meta in found.items():
        if meta["Version"] != versions["__version__"]:
            problems.append(
                f"{name}: Version {meta['Version']!r}, "
                f"kinbase.__version__ {versions['__version__']!r}"
            )
        keywords = {k.strip() for k in (meta["Keywords"] or "").split(",")}
        for want in spec_keywords(versions):
            if want not in keywords:
                problems.append(f"{name}: Keywords {meta['Keywords']!r} lack {want!r}")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--tag",
        default=os.environ.get("GITHUB_REF_NAME")
        if os.environ.get("GITHUB_REF_TYPE") == "tag"
        else None,
        help="the release tag, e.g. v0.1.0 (default: $GITHUB_REF_NAME on a tag build)",
    )
    parser.add_argument("--dist", type=Path, help="also check the wheel and sdist in this folder")
    args = parser.parse_args(argv)

    versions = read_versions()
    version = versions["__version__"]
    problems = check_version(version) + check_tag(args.tag, version)
    problems += check_changelog(version, released=bool(args.tag))
    if args.dist is not None:
        problems += check_dist(args.dist, versions)
    if problems:
        print("release-check: FAILED")
        for p in problems:
            print("  " + p)
        return 1
    what = [f"version {version}"]
    if args.tag:
        what.append(f"tag {args.tag}")
    what.append("CHANGELOG section")
    if args.dist is not None:
        what.append(f"{args.dist}/ metadata ({', '.join(spec_keywords(versions))})")
    print("release-check: OK: " + ", ".join(what))
    return 0


if __name__ == "__main__":
    sys.exit(main())
