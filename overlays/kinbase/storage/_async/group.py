"""Groups of a bucket: create, update, patch, get, list, iterate and delete them."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from typing import Any

from kinbase.storage import _requests as rq
from kinbase.storage._async._base import AsyncStorageBase
from kinbase.storage._pagination import iter_params, page_budget
from kinbase.storage._results import StorageList, StorageResult
from kinbase.storage.patch import PatchType

__all__ = ["AsyncGroupMixin"]

_GROUP = rq.KINDS["group"]


class AsyncGroupMixin(AsyncStorageBase):
    """Group methods of :class:`AsyncStorageClient` (``/buckets/{bucket}/groups``)."""

    async def create_group(
        self,
        *,
        id: str | None = None,
        bucket: str | None = None,
        data: Mapping[str, Any] | None = None,
        permissions: Mapping[str, Any] | None = None,
        safe: bool = True,
        if_not_exists: bool = False,
    ) -> StorageResult:
        path = (self._bucket_id(bucket), rq.require_id(id or rq.data_id(data), "group"))
        return await self._create(_GROUP, path, data, permissions, safe, if_not_exists)

    async def update_group(
        self,
        *,
        id: str | None = None,
        bucket: str | None = None,
        data: Mapping[str, Any] | None = None,
        permissions: Mapping[str, Any] | None = None,
        safe: bool = True,
        if_match: Any = None,
    ) -> StorageResult:
        path = (self._bucket_id(bucket), rq.require_id(id or rq.data_id(data), "group"))
        return await self._update(_GROUP, path, data, permissions, safe, if_match)

    async def patch_group(
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
        path = (self._bucket_id(bucket), rq.require_id(id, "group"))
        return await self._patch(_GROUP, path, changes, data, permissions, safe, if_match)

    async def get_group(
        self,
        *,
        id: str,
        bucket: str | None = None,
        **params: Any,
    ) -> StorageResult:
        path = (self._bucket_id(bucket), rq.require_id(id, "group"))
        return await self._get(_GROUP, path, params)

    async def get_groups(
        self, *, bucket: str | None = None, pages: float | None = None, **params: Any
    ) -> StorageList:
        call = rq.list_call(_GROUP.list, (self._bucket_id(bucket),), params)
        return await self._collect(call, page_budget(pages, params), _GROUP.item_model)

    def iter_groups(self, *, bucket: str | None = None, **params: Any) -> AsyncIterator[Any]:
        call = rq.list_call(_GROUP.list, (self._bucket_id(bucket),), iter_params(params))
        return self._iterate(call, float("inf"))

    async def delete_group(
        self,
        *,
        id: str,
        bucket: str | None = None,
        safe: bool = True,
        if_match: Any = None,
        if_exists: bool = False,
    ) -> StorageResult | None:
        path = (self._bucket_id(bucket), rq.require_id(id, "group"))
        return await self._delete(_GROUP, path, safe, if_match, if_exists)

    async def delete_groups(
        self, *, bucket: str | None = None, safe: bool = True, if_match: Any = None, **params: Any
    ) -> StorageList:
        header = rq.if_match_header(safe, if_match)
        path = (self._bucket_id(bucket),)
        return await self._delete_all(rq.delete_list_call(_GROUP.delete_list, path, params, header))
