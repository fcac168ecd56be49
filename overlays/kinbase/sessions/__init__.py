"""Web sessions shared between processes and hosts, sync and async.

A store keeps web sessions (what a session cookie names) and the locks behind the
distributed single-flight refresh:

- :class:`RedisSessionStore` / :class:`AsyncRedisSessionStore` (extra ``redis``);
- :class:`PostgresSessionStore` / :class:`AsyncPostgresSessionStore` (extra ``postgresql``).

``store.get_session(key)`` is lazy; ``load()`` reads once; ``save()`` writes only what
changed and says whether it wrote; a new session gets its key on the first save.
``store.auth_storage(key)`` is the storage to give an auth client: its session lives in
that web session and at most one process refreshes it per expiry.

The store classes load on first use, so this package imports without redis or psycopg.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from kinbase.sessions._core import DEFAULT_LOCK_TTL, DEFAULT_MAX_AGE, Lease, new_session_key

_LAZY = {
    "RedisSessionStore": "kinbase.sessions._sync.redis",
    "AsyncRedisSessionStore": "kinbase.sessions._async.redis",
    "PostgresSessionStore": "kinbase.sessions._sync.postgres",
    "AsyncPostgresSessionStore": "kinbase.sessions._async.postgres",
    "SessionStore": "kinbase.sessions._sync.store",
    "AsyncSessionStore": "kinbase.sessions._async.store",
    "StoredSession": "kinbase.sessions._sync.session",
    "AsyncStoredSession": "kinbase.sessions._async.session",
    "AuthStorage": "kinbase.sessions._sync.auth",
    "AsyncAuthStorage": "kinbase.sessions._async.auth",
}
_EXTRA = {"redis": "redis", "psycopg": "postgresql"}

__all__ = ["DEFAULT_LOCK_TTL", "DEFAULT_MAX_AGE", "Lease", "new_session_key", *_LAZY]

if TYPE_CHECKING:
    from kinbase.sessions._async.auth import AsyncAuthStorage as AsyncAuthStorage
    from kinbase.sessions._async.postgres import (
        AsyncPostgresSessionStore as AsyncPostgresSessionStore,
    )
    from kinbase.sessions._async.redis import AsyncRedisSessionStore as AsyncRedisSessionStore
    from kinbase.sessions._async.session import AsyncStoredSession as AsyncStoredSession
    from kinbase.sessions._async.store import AsyncSessionStore as AsyncSessionStore
    from kinbase.sessions._sync.auth import AuthStorage as AuthStorage
    from kinbase.sessions._sync.postgres import PostgresSessionStore as PostgresSessionStore
    from kinbase.sessions._sync.redis import RedisSessionStore as RedisSessionStore
    from kinbase.sessions._sync.session import StoredSession as StoredSession
    from kinbase.sessions._sync.store import SessionStore as SessionStore


def __getattr__(name: str) -> Any:
    try:
        module_name = _LAZY[name]
    except KeyError:
        raise AttributeError(f"module 'kinbase.sessions' has no attribute {name!r}") from None
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        extra = _EXTRA.get((exc.name or "").split(".")[0])
        if extra is None:
            raise
        raise ImportError(
            f"kinbase.sessions.{name} needs the {extra!r} extra: pip install 'kinbase[{extra}]'"
        ) from exc
    value = getattr(module, name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
