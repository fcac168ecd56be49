"""The Kinto storage client, sync (:class:`StorageClient`) and async (:class:`AsyncStorageClient`).

Same method names and arguments as kinto-http.py's ``Client`` (see docs/storage.md and
docs/migration-kinto-http.md). The async source lives in ``_async/``; ``_sync/`` is
generated from it by ``scripts/unasync.py``.
"""

from __future__ import annotations

from kinbase._http.auth import BearerTokenAuth
from kinbase.errors import BatchError, BatchOutcome
from kinbase.storage._async.client import AsyncBatch, AsyncStorageClient
from kinbase.storage._async.replication import async_replicate
from kinbase.storage._replication import Replicated
from kinbase.storage._results import StorageList, StorageResult, unwrap
from kinbase.storage._sync.client import Batch, StorageClient
from kinbase.storage._sync.replication import replicate
from kinbase.storage.patch import BasicPatch, JSONPatch, MergePatch, PatchType

__all__ = [
    "AsyncBatch",
    "AsyncStorageClient",
    "BasicPatch",
    "Batch",
    "BatchError",
    "BatchOutcome",
    "BearerTokenAuth",
    "JSONPatch",
    "MergePatch",
    "PatchType",
    "Replicated",
    "StorageClient",
    "StorageList",
    "StorageResult",
    "async_replicate",
    "replicate",
    "unwrap",
]
