"""kinbase: a typed sync and async SDK for GoTrue (Supabase Auth) and Kinto.

Importing ``kinbase`` is cheap: the clients and the generated packages behind them load on
first use (``kinbase.StorageClient`` imports the storage client, and so on).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ._version import AUTH_SPEC_VERSION, STORAGE_SPEC_VERSION, __version__

# public name -> module that defines it (loaded lazily by __getattr__)
_LAZY: dict[str, str] = {
    "errors": "kinbase.errors",
    # combined client: .auth and .storage share one session
    "Client": "kinbase.client",
    "AsyncClient": "kinbase.client",
    "UserClient": "kinbase.client",
    "AsyncUserClient": "kinbase.client",
    # Kinto
    "StorageClient": "kinbase.storage",
    "AsyncStorageClient": "kinbase.storage",
    "BasicPatch": "kinbase.storage",
    "MergePatch": "kinbase.storage",
    "JSONPatch": "kinbase.storage",
    "Batch": "kinbase.storage",
    "AsyncBatch": "kinbase.storage",
    "StorageResult": "kinbase.storage",
    "StorageList": "kinbase.storage",
    "unwrap": "kinbase.storage",
    "BearerTokenAuth": "kinbase.storage",
    # kinto-http.py's exception names (aliases of StorageError and BatchError)
    "KintoException": "kinbase.errors",
    "KintoBatchException": "kinbase.errors",
    # GoTrue
    "AuthClient": "kinbase.auth",
    "AsyncAuthClient": "kinbase.auth",
    "Session": "kinbase.auth",
    "AuthResponse": "kinbase.auth",
    "UserResponse": "kinbase.auth",
    "AuthChangeEvent": "kinbase.auth",
    "SessionStorage": "kinbase.auth",
    "AsyncSessionStorage": "kinbase.auth",
    "MemorySessionStorage": "kinbase.auth",
    "FileSessionStorage": "kinbase.auth",
    # transport
    "RetryPolicy": "kinbase.http",
}

__all__ = ["AUTH_SPEC_VERSION", "STORAGE_SPEC_VERSION", "__version__", *_LAZY]

if TYPE_CHECKING:
    from . import errors as errors
    from .auth import AsyncAuthClient as AsyncAuthClient
    from .auth import AsyncSessionStorage as AsyncSessionStorage
    from .auth import AuthChangeEvent as AuthChangeEvent
    from .auth import AuthClient as AuthClient
    from .auth import AuthResponse as AuthResponse
    from .auth import FileSessionStorage as FileSessionStorage
    from .auth import MemorySessionStorage as MemorySessionStorage
    from .auth import Session as Session
    from .auth import SessionStorage as SessionStorage
    from .auth import UserResponse as UserResponse
    from .client import AsyncClient as AsyncClient
    from .client import AsyncUserClient as AsyncUserClient
    from .client import Client as Client
    from .client import UserClient as UserClient
    from .errors import KintoBatchException as KintoBatchException
    from .errors import KintoException as KintoException
    from .http import RetryPolicy as RetryPolicy
    from .storage import AsyncBatch as AsyncBatch
    from .storage import AsyncStorageClient as AsyncStorageClient
    from .storage import BasicPatch as BasicPatch
    from .storage import Batch as Batch
    from .storage import BearerTokenAuth as BearerTokenAuth
    from .storage import JSONPatch as JSONPatch
    from .storage import MergePatch as MergePatch
    from .storage import StorageClient as StorageClient
    from .storage import StorageList as StorageList
    from .storage import StorageResult as StorageResult
    from .storage import unwrap as unwrap


def __getattr__(name: str) -> Any:
    try:
        module_name = _LAZY[name]
    except KeyError:
        raise AttributeError(f"module 'kinbase' has no attribute {name!r}") from None
    module = importlib.import_module(module_name)
    value = module if module_name.endswith("." + name) else getattr(module, name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
