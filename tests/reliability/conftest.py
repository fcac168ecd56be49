"""Fixtures of the reliability tests (issue 5).

``mode``/``loop``: each test body runs with the sync and the async client. ``figures``:
tests record what they measured (records expected / found / duplicated, faults injected,
hostile inputs tried); at the end of the run the figures are written to
``tests/reliability/results-<backend>.json`` (git-ignored) and printed in the terminal
summary, which is where docs/reliability.md takes its table from.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any

import pytest

from tests.runner import loop, mode

__all__ = ["Figures", "figures", "loop", "mode"]

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
