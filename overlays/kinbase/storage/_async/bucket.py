"""Buckets: create, update, patch, get, list, iterate and delete them (async source)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from typing import Any

from kinbase.storage import _requests as rq
from kinbase.storage._async._base import AsyncStorageBase
from kinbase.storage._pagination import iter_params, page_budget
from kinbase.storage._results import StorageList, StorageResult
from kinbase.storage.patch import PatchType

__all__ = ["AsyncBucketMixin"]

_BUCKET = rq.KINDS["bucket"]


class AsyncBucketMixin(AsyncStorageBase):
    """Bucket methods of :class:`AsyncStorageClient` (``/buckets``)."""

    async def create_bucket(
        self,
        *,
        id: str | None = None,
        data: Mapping[str, Any] | None = None,
        permissions: Mapping[str, Any] | None = None,
        safe: bool = True,
        if_not_exists: bool = False,
    ) -> StorageResult:
        bid = self._bucket_id(id or rq.data_id(data))
        return await self._create(_BUCKET, (bid,), data, permissions, safe, if_not_exists)

    async def update_bucket(
        self,
        *,
        id: str | None = None,
        data: Mapping[str, Any] | None = None,
        permissions: Mapping[str, Any] | None = None,
        safe: bool = True,
        if_match: Any = None,
    ) -> StorageResult:
        bid = self._bucket_id(id or rq.data_id(data))
        return await self._update(_BUCKET, (bid,), data, permissions, safe, if_match)

    async def patch_bucket(
        self,
        *,
        id: str | None = None,
        changes: PatchType | None = None,
        data: Mapping[str, Any] | None = None,
        original: Mapping[str, Any] | None = None,
        permissions: Mapping[str, Any] | None = None,
        safe: bool = True,
        if_match: Any = None,
    ) -> StorageResult:
        id, if_match = rq.from_original(original or data, id, if_match)
        bid = self._bucket_id(id)
        return await self._patch(_BUCKET, (bid,), changes, data, permissions, safe, if_match)

    async def get_bucket(self, *, id: str | None = None, **params: Any) -> StorageResult:
        return await self._get(_BUCKET, (self._bucket_id(id),), params)

    async def get_buckets(self, *, pages: float | None = None, **params: Any) -> StorageList:
        call = rq.list_call(_BUCKET.list, (), params)
        return await self._collect(call, page_budget(pages, params), _BUCKET.item_model)

    def iter_buckets(self, **params: Any) -> AsyncIterator[Any]:
        """Every bucket, one page in memory at a time."""
        return self._iterate(rq.list_call(_BUCKET.list, (), iter_params(params)), float("inf"))

    async def delete_bucket(
        self,
        *,
        id: str | None = None,
        safe: bool = True,
        if_match: Any = None,
        if_exists: bool = False,
    ) -> StorageResult | None:
        return await self._delete(_BUCKET, (self._bucket_id(id),), safe, if_match, if_exists)

    async def delete_buckets(
        self, *, safe: bool = True, if_match: Any = None, **params: Any
    ) -> StorageList:
        header = rq.if_match_header(safe, if_match)
        return await self._delete_all(rq.delete_list_call(_BUCKET.delete_list, (), params, header))
