"""Real servers for the tests: Kinto (memory or PostgreSQL), PostgreSQL, the auth server."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

from .auth import AuthServer
from .kinto import BACKENDS, Backend, KintoServer
from .postgres import PostgresCluster
from .process import ManagedProcess, ServerStartError

__all__ = [
    "BACKENDS",
    "AuthServer",
    "Backend",
    "KintoFactory",
    "KintoServer",
    "ManagedProcess",
    "PostgresCluster",
    "ServerStartError",
]


class KintoFactory(Protocol):
    """The ``kinto_factory`` fixture: a started extra Kinto on the session's backend.

    ``settings`` as in :class:`KintoServer` (``backoff=10``, ``readonly=True``); it trusts
    the session ``auth_server`` for openid.
    """

    def __call__(
        self, *, env: Mapping[str, str] | None = None, **settings: object
    ) -> KintoServer: ...
