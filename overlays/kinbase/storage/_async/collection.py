"""Collections of a bucket: create, update, patch, get, list, iterate and delete them."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from typing import Any

from kinbase.storage import _requests
from kinbase.storage._async._base import AsyncStorageBase
from kinbase.storage._pagination import iter_params, page_budget
from kinbase.storage._results import StorageList, StorageResult
from kinbase.storage.patch import PatchType

__all__ = ["AsyncCollectionMixin"]

_COLLECTION = _requests.RESOURCES["collection"]


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
        """Create a collection (``PUT``; with ``safe``, ``If-None-Match: *`` so that an
        existing one is never overwritten). ``if_not_exists``: return the existing collection
        instead of raising :class:`~kinbase.errors.PreconditionFailedError`."""
        path = self._collection_path(bucket, id or _requests.data_id(data))
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
        """Replace a collection's data (and permissions, when given) with ``PUT``.
        With ``safe``, ``If-Match`` comes from ``if_match`` or ``data["last_modified"]``:
        a collection changed meanwhile raises :class:`~kinbase.errors.PreconditionFailedError`."""
        path = self._collection_path(bucket, id or _requests.data_id(data))
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
        """Change part of a collection (``PATCH``): ``changes`` (a ``BasicPatch``,
        ``MergePatch`` or ``JSONPatch``) or ``data``/``permissions`` merged in.
        ``original`` (a collection read earlier) supplies ``id`` and, with ``safe``,
        ``If-Match``."""
        id, if_match = _requests.from_original(original or data, id, if_match)
        path = self._collection_path(bucket, id)
        return await self._patch(_COLLECTION, path, changes, data, permissions, safe, if_match)

    async def get_collection(
        self,
        *,
        id: str | None = None,
        bucket: str | None = None,
        **params: Any,
    ) -> StorageResult:
        """The collection ``id`` (``data`` and ``permissions``).

        ``_fields=[...]`` limits the fields; a missing collection raises
        :class:`~kinbase.errors.NotFoundError`."""
        return await self._get(_COLLECTION, self._collection_path(bucket, id), params)

    async def get_collections(
        self, *, bucket: str | None = None, pages: float | None = None, **params: Any
    ) -> StorageList:
        """Every collection (all pages unless ``pages=`` or ``_limit=``), with Kinto's
        filters (``field=value``, ``gt_field=``, ``in_field=[...]``...) and ``_sort``."""
        call = _requests.list_call(_COLLECTION.list_page, (self._bucket_id(bucket),), params)
        return await self._collect(call, page_budget(pages, params), _COLLECTION.item_model)

    def iter_collections(self, *, bucket: str | None = None, **params: Any) -> AsyncIterator[Any]:
        """Every collection, one page in memory at a time
        (the filters of :meth:`get_collections`)."""
        call = _requests.list_call(
            _COLLECTION.list_page, (self._bucket_id(bucket),), iter_params(params)
        )
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
        """Delete a collection (with ``safe`` and ``if_match``: only if unchanged since).

        Returns its tombstone; ``if_exists=True`` returns ``None`` for a collection already
        gone."""
        path = self._collection_path(bucket, id)
        return await self._delete(_COLLECTION, path, safe, if_match, if_exists)

    async def delete_collections(
        self, *, bucket: str | None = None, safe: bool = True, if_match: Any = None, **params: Any
    ) -> StorageList:
        """Delete every collection the filters select (every one without filters), page
        after page; returns their tombstones."""
        header = _requests.if_match_header(safe, if_match)
        path = (self._bucket_id(bucket),)
        call = _requests.delete_list_call(_COLLECTION.delete_all, path, params, header)
        return await self._delete_all(call)
