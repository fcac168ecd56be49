"""Fixtures of the reliability tests (issue 5).

``mode``/``loop``: each test body runs with the sync and the async client. ``figures``:
tests record what they measured (records expected / found / duplicated, faults injected,
hostile inputs tried); at the end of the run the figures are written to
``tests/reliability/results-<backend>.json`` (git-ignored) and printed in the terminal
summary, which is where docs/reliability.md takes its table from.
"""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

_FIGURES: dict[str, dict[str, Any]] = {}
_LOCK = threading.Lock()
_HERE = Path(__file__).parent


class Figures:
    """``figures.record("scenario 1 [sync]", expected=5000, found=5000, ...)``."""

    def record(self, name: str, **values: Any) -> None:
        with _LOCK:
            _FIGURES.setdefault(name, {}).update(values)

    def add(self, name: str, key: str, amount: int) -> None:
        with _LOCK:
            entry = _FIGURES.setdefault(name, {})
            entry[key] = entry.get(key, 0) + amount


@pytest.fixture(scope="session")
def figures() -> Figures:
    return Figures()


@pytest.fixture(params=["sync", "async"])
def mode(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def loop(mode: str) -> Iterator[asyncio.AbstractEventLoop | None]:
    if mode == "sync":
        yield None
        return
    event_loop = asyncio.new_event_loop()
    try:
        yield event_loop
    finally:
        event_loop.run_until_complete(event_loop.shutdown_asyncgens())
        event_loop.close()


def pytest_sessionfinish(session: pytest.Session) -> None:
    if not _FIGURES:
        return
    backend = session.config.getoption("--kinto-backend")
    path = _HERE / f"results-{backend}.json"
    path.write_text(json.dumps(dict(sorted(_FIGURES.items())), indent=2) + "\n")


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not _FIGURES:
        return
    terminalreporter.section("kinbase reliability figures")
    for name, values in sorted(_FIGURES.items()):
        text = ", ".join(f"{key}={value}" for key, value in values.items())
        terminalreporter.write_line(f"{name}: {text}")
