"""GoTrue (Supabase Auth) overlay: ``AuthClient`` / ``AsyncAuthClient`` and their parts.

- :mod:`.types`: sessions, responses, events
- :mod:`.session_storage`: session storages (memory, file) and their protocols
- :mod:`.session`: the shared session, its single-flight refresh and ``SessionAuth``
- ``_async/`` (source) and ``_sync/`` (generated): the clients, ``.admin`` and ``.mfa``
"""

from __future__ import annotations

from kinbase.auth._async.admin import AsyncAuthAdminAPI
from kinbase.auth._async.client import AsyncAuthClient
from kinbase.auth._async.mfa import AsyncAuthMFAAPI
from kinbase.auth._sync.admin import AuthAdminAPI
from kinbase.auth._sync.client import AuthClient
from kinbase.auth._sync.mfa import AuthMFAAPI
from kinbase.auth._unwrap import unwrap
from kinbase.auth.session import SessionAuth, SessionManager
from kinbase.auth.session_storage import (
    AsyncSessionStorage,
    FileSessionStorage,
    LockingSessionStorage,
    MemorySessionStorage,
    SessionStorage,
)
from kinbase.auth.types import (
    AuthChangeEvent,
    AuthOtpResponse,
    AuthResponse,
    Session,
    Subscription,
    UserList,
    UserResponse,
)

__all__ = [
    "AsyncAuthAdminAPI",
    "AsyncAuthClient",
    "AsyncAuthMFAAPI",
    "AsyncSessionStorage",
    "AuthAdminAPI",
    "AuthChangeEvent",
    "AuthClient",
    "AuthMFAAPI",
    "AuthOtpResponse",
    "AuthResponse",
    "FileSessionStorage",
    "LockingSessionStorage",
    "MemorySessionStorage",
    "Session",
    "SessionAuth",
    "SessionManager",
    "SessionStorage",
    "Subscription",
    "UserList",
    "UserResponse",
    "unwrap",
]
