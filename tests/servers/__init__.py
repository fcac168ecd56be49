"""Real servers for the tests: Kinto (memory or PostgreSQL), PostgreSQL, Redis, the auth server."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

from .auth import AuthServer
from .gotrue import GoTrueServer, NotSupportedByRealServer, gotrue_binary, local_auth_server
from .kinto import BACKENDS, Backend, KintoServer
from .postgres import PostgresCluster
from .process import ManagedProcess, ServerStartError
from .redis import RedisServer, redis_server_binary

__all__ = [
    "BACKENDS",
    "AnyAuthServer",
    "AuthServer",
    "Backend",
    "GoTrueServer",
    "KintoFactory",
    "KintoServer",
    "ManagedProcess",
    "NotSupportedByRealServer",
    "PostgresCluster",
    "RedisServer",
    "ServerStartError",
    "gotrue_binary",
    "local_auth_server",
    "redis_server_binary",
]

#: The ``auth`` fixture: the real GoTrue or the double, with the same test API.
AnyAuthServer = AuthServer | GoTrueServer


class KintoFactory(Protocol):
    """The ``kinto_factory`` fixture: a started extra Kinto on the session's backend.

    ``settings`` as in :class:`KintoServer` (``backoff=10``, ``readonly=True``); it trusts
    the session ``auth_server`` for openid.
    """

    def __call__(
        self, *, env: Mapping[str, str] | None = None, **settings: object
    ) -> KintoServer: ...
