"""Records of a collection: create, update, patch, get, list (all pages, page by page or one
record at a time), read the collection timestamp, delete.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from typing import Any

from kinbase.storage import _requests as rq
from kinbase.storage._async._base import AsyncStorageBase
from kinbase.storage._pagination import iter_params, page_budget, response_etag
from kinbase.storage._results import StorageList, StorageResult, json_body
from kinbase.storage.patch import PatchType

__all__ = ["AsyncRecordMixin"]

_RECORD = rq.KINDS["record"]


class AsyncRecordMixin(AsyncStorageBase):
    """Record methods of :class:`AsyncStorageClient` (``.../collections/{collection}/records``)."""

    async def create_record(
        self,
        *,
        id: str | None = None,
        bucket: str | None = None,
        collection: str | None = None,
        data: Mapping[str, Any] | None = None,
        permissions: Mapping[str, Any] | None = None,
        safe: bool = True,
        if_not_exists: bool = False,
    ) -> StorageResult:
        """Create a record: ``PUT`` with ``If-None-Match: *`` (when ``safe``).

        Without an ``id`` the client makes one (a UUID), so a retried create can never
        duplicate the record: a 412 on it is our own earlier attempt, and counts as success.
        """
        rid = id or rq.data_id(data)
        own_id = rid is None and not if_not_exists
        if rid is None:
            rid = rq.new_record_id()
        path = (*self._collection_path(bucket, collection), rq.require_id(rid, "record"))
        return await self._create(_RECORD, path, data, permissions, safe, if_not_exists, own_id)

    async def update_record(
        self,
        *,
        id: str | None = None,
        collection: str | None = None,
        bucket: str | None = None,
        data: Mapping[str, Any] | None = None,
        permissions: Mapping[str, Any] | None = None,
        safe: bool = True,
        if_match: Any = None,
    ) -> StorageResult:
        rid = rq.require_id(id or rq.data_id(data), "record")
        path = (*self._collection_path(bucket, collection), rid)
        return await self._update(_RECORD, path, data, permissions, safe, if_match)

    async def patch_record(
        self,
        *,
        id: str | None = None,
        collection: str | None = None,
        bucket: str | None = None,
        changes: PatchType | None = None,
        data: Mapping[str, Any] | None = None,
        original: Mapping[str, Any] | None = None,
        permissions: Mapping[str, Any] | None = None,
        safe: bool = True,
        if_match: Any = None,
    ) -> StorageResult:
        id, if_match = rq.from_original(original or data, id, if_match)
        path = (*self._collection_path(bucket, collection), rq.require_id(id, "record"))
        return await self._patch(_RECORD, path, changes, data, permissions, safe, if_match)

    async def get_record(
        self,
        *,
        id: str,
        collection: str | None = None,
        bucket: str | None = None,
        **params: Any,
    ) -> StorageResult:
        path = (*self._collection_path(bucket, collection), rq.require_id(id, "record"))
        return await self._get(_RECORD, path, params)

    async def get_records(
        self,
        *,
        collection: str | None = None,
        bucket: str | None = None,
        pages: float | None = None,
        if_none_match: Any = None,
        **params: Any,
    ) -> StorageList:
        """Every record (all pages unless ``pages=`` or ``_limit=``), with filters
        (``min_price=10``, ``in_id=[...]``), ``_sort``, ``_fields``, ``_since``/``_before``
        (tombstones ``{"deleted": true}`` come back with ``_since``)."""
        call = self._records_call(collection, bucket, if_none_match, params)
        return await self._collect(call, page_budget(pages, params), _RECORD.item_model)

    def _records_call(
        self,
        collection: str | None,
        bucket: str | None,
        if_none_match: Any,
        params: Mapping[str, Any],
    ) -> rq.Call:
        extra: dict[str, Any] = {}
        if if_none_match is not None:
            extra["if_none_match"] = rq.etag(if_none_match)
        path = self._collection_path(bucket, collection)
        return rq.list_call(_RECORD.list, path, params, **extra)

    def iter_records(
        self,
        *,
        collection: str | None = None,
        bucket: str | None = None,
        if_none_match: Any = None,
        **params: Any,
    ) -> AsyncIterator[Any]:
        """Every record, one page in memory at a time (``async for`` in async); pages of
        ``ITER_PAGE_SIZE`` (5,000) records unless ``_limit=`` says otherwise."""
        call = self._records_call(collection, bucket, if_none_match, iter_params(params))
        return self._iterate(call, float("inf"))

    async def get_paginated_records(
        self,
        *,
        collection: str | None = None,
        bucket: str | None = None,
        if_none_match: Any = None,
        **params: Any,
    ) -> AsyncIterator[StorageResult]:
        """Each page body ``{"data": [...]}`` in turn (kinto-http's generator)."""
        call = self._records_call(collection, bucket, if_none_match, params)
        async for response in self._pages(call, float("inf")):
            if response.content:
                yield StorageResult(json_body(response), _RECORD.item_model)

    async def get_records_timestamp(
        self, *, collection: str | None = None, bucket: str | None = None
    ) -> str:
        """The collection's current timestamp (``ETag`` of a ``HEAD`` on its records)."""
        path = self._collection_path(bucket, collection)
        return response_etag(await self._send(rq.head_list_call(_RECORD, path)))

    async def delete_record(
        self,
        *,
        id: str,
        collection: str | None = None,
        bucket: str | None = None,
        safe: bool = True,
        if_match: Any = None,
        if_exists: bool = False,
    ) -> StorageResult | None:
        path = (*self._collection_path(bucket, collection), rq.require_id(id, "record"))
        return await self._delete(_RECORD, path, safe, if_match, if_exists)

    async def delete_records(
        self,
        *,
        collection: str | None = None,
        bucket: str | None = None,
        safe: bool = True,
        if_match: Any = None,
        **params: Any,
    ) -> StorageList:
        header = rq.if_match_header(safe, if_match)
        path = self._collection_path(bucket, collection)
        call = rq.delete_list_call(_RECORD.delete_list, path, params, header)
        return await self._delete_all(call)
