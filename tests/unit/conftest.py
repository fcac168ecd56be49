"""Shared fixtures for the unit tests (no servers, no network)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import settings


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


# Property tests assert behaviour, never time: no per-example deadline (the first example
# of a test may import generated modules, and a loaded CI machine is slow at random).
settings.register_profile("kinbase", deadline=None)
settings.load_profile("kinbase")


_UNIT = Path(__file__).resolve().parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """In the unit lane any warning fails the test that caused it (a deprecation or an
    unclosed resource is a bug to fix, or an exception to list here with its reason)."""
    for item in items:
        if _UNIT in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.filterwarnings("error"))
