"""Shared fixtures for the unit tests (no servers, no network)."""

from __future__ import annotations

import pytest


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"
