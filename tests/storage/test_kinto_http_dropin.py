"""The drop-in test (issue 14): kinto-http.py's documented examples, run unchanged but for
the import on kinbase, and on kinto-http itself as the reference, against the same real
Kinto (with kinto-attachment, history, accounts and the default bucket).

``kinto_http_examples.py`` is written as kinto-http code (its async client). This module
builds four variants of it and collects every ``test_*`` of each:

- ``kinbase`` / ``kinto_http``: the block between the IMPORTS markers is the kinbase one as
  written, or kinto-http's own imports (``REFERENCE_IMPORTS``); nothing else changes;
- ``async`` as written / ``sync`` as kinto-http writes its sync client (unasync:
  ``await`` and ``async`` dropped, ``AsyncClient`` -> ``Client``; scripts/unasync.py's
  rules). Plain ``def`` examples (batches: kinto-http's async client has none) are
  collected from the sync variant only.

A failure of the kinto_http variant means the example is not kinto-http code (or the
server differs from what kinto-http expects); of the kinbase variant alone, that kinbase is
not a drop-in there. Examples marked ``@differs("slug")`` show a deliberate difference: they
must pass on kinto-http and fail on kinbase (strict xfail), and ``slug`` must be an item of
"Differences left" in docs/migration-kinto-http.md (checked below, with the count).
"""

from __future__ import annotations

import linecache
import re
import sys
import types
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.faultproxy.rules import Fault, Rule
from tests.servers import Backend, KintoServer
from tests.servers.kinto import attachment_settings
from tests.storage.conftest import sign_up
from tests.storage.test_attachments import FileHost

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
import unasync  # noqa: E402

sys.path.remove(str(ROOT / "scripts"))

pytestmark = [pytest.mark.anyio, pytest.mark.kinto]

SOURCE_PATH = Path(__file__).with_name("kinto_http_examples.py")
GUIDE = ROOT / "docs" / "migration-kinto-http.md"
IMPORTS = re.compile(r"# --- IMPORTS \(kinbase\) ---\n(.*?)# --- END IMPORTS ---\n", re.S)
REFERENCE_IMPORTS = """\
from kinto_http import AsyncClient, BearerTokenAuth, Client, KintoBatchException, KintoException
from kinto_http.patch_type import BasicPatch, JSONPatch, MergePatch
"""
IMPLS = ("kinbase", "kinto_http")
MODES = ("async", "sync")


def variant(impl: str, mode: str) -> str:
    source = SOURCE_PATH.read_text(encoding="utf-8")
    block = IMPORTS.search(source)
    assert block is not None, "the IMPORTS markers are missing"
    assert "kinbase" not in source[block.end() :], "only the import block may name kinbase"
    if impl == "kinto_http":
        source = source[: block.start(1)] + REFERENCE_IMPORTS + source[block.end(1) :]
    if mode == "sync":
        source = unasync.rewrite(source)
    return source


def load(impl: str, mode: str) -> dict[str, Callable[..., Any]]:
    name = f"kinto_http_examples__{impl}_{mode}"
    module = types.ModuleType(name)
    module.__file__ = str(SOURCE_PATH)
    source, filename = variant(impl, mode), f"{SOURCE_PATH} [{impl}, {mode}]"
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    exec(compile(source, filename, "exec"), module.__dict__)
    return {k: v for k, v in module.__dict__.items() if k.startswith("test_") and callable(v)}


def sync_only(test: Callable[..., Any]) -> bool:
    """A plain ``def`` in the async source: a sync-only example (batches)."""
    return "async def " + test.__name__ + "(" not in SOURCE_PATH.read_text(encoding="utf-8")


def guide_differences() -> dict[str, str]:
    """The guide's "Differences left": ``{slug: text}``, in order."""
    text = GUIDE.read_text(encoding="utf-8")
    section = text.split("\n## Differences left\n", 1)[1].split("\n## ", 1)[0]
    return dict(re.findall(r"^\d+\. \*\*([a-z0-9-]+)\*\*: (.+)$", section, re.M))


DIFFERING: dict[str, str] = {}  # example name -> the guide's slug
for _impl in IMPLS:
    for _mode in MODES:
        for _name, _test in load(_impl, _mode).items():
            if sync_only(_test) and _mode == "async":
                continue
            slug = getattr(_test, "differs", None)
            if slug is not None:
                DIFFERING[_name] = slug
                if _impl == "kinbase":
                    _test = pytest.mark.xfail(
                        strict=True, reason=f"docs/migration-kinto-http.md, difference {slug!r}"
                    )(_test)
            _test.__name__ = f"{_name}__{_impl}_{_mode}"
            globals()[_test.__name__] = _test


def test_the_examples_differ_only_in_the_import_block() -> None:
    kinbase, reference = variant("kinbase", "async"), variant("kinto_http", "async")
    block = IMPORTS.search(kinbase)
    assert block is not None
    assert kinbase.replace(block.group(1), "") == reference.replace(REFERENCE_IMPORTS, "")
    examples = load("kinbase", "async")
    assert len(examples) >= 30
    assert 0 < len(DIFFERING) < len(examples)


def test_every_difference_an_example_shows_is_in_the_guide_and_counted() -> None:
    differences = guide_differences()
    text = GUIDE.read_text(encoding="utf-8")
    counted = re.search(r"(\d+) differences are left", text)
    assert counted is not None, "the guide says how many differences are left"
    assert int(counted.group(1)) == len(differences)
    missing = {name: slug for name, slug in DIFFERING.items() if slug not in differences}
    assert missing == {}, "examples naming a difference the guide does not list"
    # each listed difference is shown by an example, or says why none can run here
    for slug, line in differences.items():
        shown = slug in DIFFERING.values()
        assert shown or "(no example" in line, f"{slug}: no example and no reason"


# Fixtures the examples use.


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, FileHost]]:
    root = tmp_path_factory.mktemp("dropin") / "files"
    root.mkdir()
    host = FileHost(root)
    yield root, host
    host.close()


@pytest.fixture(scope="module")
def examples_kinto(
    request: pytest.FixtureRequest, kinto_backend: Backend, files: tuple[Path, FileHost]
) -> Iterator[KintoServer]:
    """A Kinto as kinto-http's README assumes one: attachments, history, accounts, the
    default bucket, schema validation (the session's backend)."""
    root, host = files
    settings = attachment_settings(root, host.url)
    settings["kinto.includes"] += " kinto.plugins.default_bucket"
    settings["kinto.experimental_collection_schema_validation"] = "true"
    dsn = request.getfixturevalue("kinto_database")() if kinto_backend == "postgresql" else None
    server = KintoServer(backend=kinto_backend, postgres_dsn=dsn, settings=settings, migrate=False)
    server.start()
    yield server
    server.close()


@pytest.fixture
def server_url(examples_kinto: KintoServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    examples_kinto.flush()
    monkeypatch.chdir(tmp_path)  # download_attachment(record) writes to the working directory
    return examples_kinto.url


@pytest.fixture
def auth(server_url: str) -> tuple[str, str]:
    return sign_up(server_url)


@pytest.fixture
def other_auth(server_url: str) -> tuple[str, str]:
    return sign_up(server_url)


@pytest.fixture
def throttled_url(server_url: str, fault_proxy: Any) -> str:
    proxy = fault_proxy(server_url)
    proxy.add(Rule(Fault.SERVICE_UNAVAILABLE, method="GET", path=r"/v1/$", nth=1, retry_after=1))
    return str(proxy.url)


@pytest.fixture
def failing_url(server_url: str, fault_proxy: Any) -> str:
    proxy = fault_proxy(server_url)
    proxy.add(Rule(Fault.RESPOND, method="GET", path=r"/v1/$", nth=1, status=500, retry_after=None))
    return str(proxy.url)


@pytest.fixture
def backoff_url(server_url: str, fault_proxy: Any) -> str:
    proxy = fault_proxy(server_url)
    proxy.add(Rule(Fault.BACKOFF, method="GET", path=r"/v1/$", nth=1, backoff=1))
    return str(proxy.url)
