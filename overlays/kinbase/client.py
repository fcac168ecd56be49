"""The combined clients: ``Client`` (sync) and ``AsyncClient``, ``.auth`` + ``.storage``
sharing one session."""

from __future__ import annotations

from kinbase._async.client import AsyncClient
from kinbase._sync.client import Client

__all__ = ["AsyncClient", "Client"]
