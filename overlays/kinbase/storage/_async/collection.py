"""Collections of a bucket: create, update, patch, get, list, iterate and delete them."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from typing import Any

from kinbase.storage import _requests as rq
from kinbase.storage._async._base import AsyncStorageBase
from kinbase.storage._pagination import iter_params, page_budget
from kinbase.storage._results import StorageList, StorageResult
from kinbase.storage.patch import PatchType

__all__ = ["AsyncCollectionMixin"]

_COLLECTION = rq.KINDS["collection"]


class AsyncCollectionMixin(AsyncStorageBase):
    """Collection methods of :class:`AsyncStorageClient` (``/buckets/{bucket}/collections``)."""

    async def create_collection(
        self,
        *,
        id: str | None = None,
        bucket: str | None = None,
        data: Mapping[str, Any] | None = None,
        permissions: Mapping[str, Any] | None = None,
        safe: bool = True,
        if_not_exists: bool = False,
    ) -> StorageResult:
        path = self._collection_path(bucket, id or rq.data_id(data))
        return await self._create(_COLLECTION, path, data, permissions, safe, if_not_exists)

    async def update_collection(
        self,
        *,
        id: str | None = None,
        bucket: str | None = None,
        data: Mapping[str, Any] | None = None,
        permissions: Mapping[str, Any] | None = None,
        safe: bool = True,
        if_match: Any = None,
    ) -> StorageResult:
        path = self._collection_path(bucket, id or rq.data_id(data))
        return await self._update(_COLLECTION, path, data, permissions, safe, if_match)

    async def patch_collection(
        self,
        *,
        id: str | None = None,
        bucket: str | None = None,
        changes: PatchType | None = None,
        data: Mapping[str, Any] | None = None,
        original: Mapping[str, Any] | None = None,
        permissions: Mapping[str, Any] | None = None,
        safe: bool = True,
        if_match: Any = None,
    ) -> StorageResult:
        id, if_match = rq.from_original(original or data, id, if_match)
        path = self._collection_path(bucket, id)
        return await self._patch(_COLLECTION, path, changes, data, permissions, safe, if_match)

    async def get_collection(
        self,
        *,
        id: str | None = None,
        bucket: str | None = None,
        **params: Any,
    ) -> StorageResult:
        return await self._get(_COLLECTION, self._collection_path(bucket, id), params)

    async def get_collections(
        self, *, bucket: str | None = None, pages: float | None = None, **params: Any
    ) -> StorageList:
        call = rq.list_call(_COLLECTION.list, (self._bucket_id(bucket),), params)
        return await self._collect(call, page_budget(pages, params), _COLLECTION.item_model)

    def iter_collections(self, *, bucket: str | None = None, **params: Any) -> AsyncIterator[Any]:
        call = rq.list_call(_COLLECTION.list, (self._bucket_id(bucket),), iter_params(params))
        return self._iterate(call, float("inf"))

    async def delete_collection(
        self,
        *,
        id: str | None = None,
        bucket: str | None = None,
        safe: bool = True,
        if_match: Any = None,
        if_exists: bool = False,
    ) -> StorageResult | None:
        path = self._collection_path(bucket, id)
        return await self._delete(_COLLECTION, path, safe, if_match, if_exists)

    async def delete_collections(
        self, *, bucket: str | None = None, safe: bool = True, if_match: Any = None, **params: Any
    ) -> StorageList:
        header = rq.if_match_header(safe, if_match)
        path = (self._bucket_id(bucket),)
        call = rq.delete_list_call(_COLLECTION.delete_list, path, params, header)
        return await self._delete_all(call)
