"""The combined clients: ``Client`` (sync) and ``AsyncClient``, ``.auth`` + ``.storage``
sharing one session."""

from __future__ import annotations

from kinbase._async.client import AsyncClient, AsyncUserClient
from kinbase._sync.client import Client, UserClient

__all__ = ["AsyncClient", "AsyncUserClient", "Client", "UserClient"]
