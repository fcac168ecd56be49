"""Records of a collection: create, update, patch, get, list (all pages, page by page or one
record at a time), read the collection timestamp, delete.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from typing import Any

from kinbase.storage import _requests
from kinbase.storage._async._base import AsyncStorageBase
from kinbase.storage._pagination import AsyncPages, iter_params, page_budget, response_etag
from kinbase.storage._results import StorageList, StorageResult, json_body
from kinbase.storage.patch import PatchType

__all__ = ["AsyncRecordMixin"]

_RECORD = _requests.RESOURCES["record"]


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
        rid = id or _requests.data_id(data)
        own_id = rid is None and not if_not_exists
        if rid is None:
            rid = _requests.new_record_id()
        path = (*self._collection_path(bucket, collection), _requests.require_id(rid, "record"))
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
        """Replace a record's data (and permissions, when given) with ``PUT``.
        With ``safe``, ``If-Match`` comes from ``if_match`` or ``data["last_modified"]``:
        a record changed meanwhile raises :class:`~kinbase.errors.PreconditionFailedError`."""
        rid = _requests.require_id(id or _requests.data_id(data), "record")
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
        """Change part of a record (``PATCH``): ``changes`` (a ``BasicPatch``,
        ``MergePatch`` or ``JSONPatch``) or ``data``/``permissions`` merged in.
        ``original`` (a record read earlier) supplies ``id`` and, with ``safe``, ``If-Match``."""
        id, if_match = _requests.from_original(original or data, id, if_match)
        path = (*self._collection_path(bucket, collection), _requests.require_id(id, "record"))
        return await self._patch(_RECORD, path, changes, data, permissions, safe, if_match)

    async def get_record(
        self,
        *,
        id: str,
        collection: str | None = None,
        bucket: str | None = None,
        **params: Any,
    ) -> StorageResult:
        """The record ``id`` (``data`` and ``permissions``).

        ``_fields=[...]`` limits the fields; a missing record raises
        :class:`~kinbase.errors.NotFoundError`."""
        path = (*self._collection_path(bucket, collection), _requests.require_id(id, "record"))
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
    ) -> _requests.RequestPlan:
        extra: dict[str, Any] = {}
        if if_none_match is not None:
            extra["if_none_match"] = _requests.etag(if_none_match)
        path = self._collection_path(bucket, collection)
        return _requests.list_call(_RECORD.list_page, path, params, **extra)

    def iter_records(
        self,
        *,
        collection: str | None = None,
        bucket: str | None = None,
        if_none_match: Any = None,
        **params: Any,
    ) -> AsyncIterator[Any]:
        """Every record, one page in memory at a time (iterate with ``async for``); pages of
        ``ITER_PAGE_SIZE`` (5,000) records unless ``_limit=`` says otherwise."""
        call = self._records_call(collection, bucket, if_none_match, iter_params(params))
        return self._iterate(call, float("inf"))

    def get_paginated_records(
        self,
        *,
        collection: str | None = None,
        bucket: str | None = None,
        if_none_match: Any = None,
        **params: Any,
    ) -> AsyncPages[StorageResult]:
        """Each page body ``{"data": [...]}`` in turn, as kinto-http's: iterate over it (a
        page in memory at a time); the async client's can also be awaited, for the list
        of every page, as kinto-http's async client gives it."""
        call = self._records_call(collection, bucket, if_none_match, params)
        return AsyncPages(self._page_bodies(call))

    async def _page_bodies(self, call: _requests.RequestPlan) -> AsyncIterator[StorageResult]:
        async for response in self._pages(call, float("inf")):
            if response.content:
                yield StorageResult(json_body(response), _RECORD.item_model)

    async def get_records_timestamp(
        self, *, collection: str | None = None, bucket: str | None = None
    ) -> str:
        """The collection's current timestamp (``ETag`` of a ``HEAD`` on its records)."""
        path = self._collection_path(bucket, collection)
        return response_etag(await self._send(_requests.head_list_call(_RECORD, path)))

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
        """Delete a record (with ``safe`` and ``if_match``: only if unchanged since).

        Returns its tombstone; ``if_exists=True`` returns ``None`` for a record already
        gone."""
        path = (*self._collection_path(bucket, collection), _requests.require_id(id, "record"))
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
        """Delete every record the filters select (every one without filters), page
        after page; returns their tombstones."""
        header = _requests.if_match_header(safe, if_match)
        path = self._collection_path(bucket, collection)
        call = _requests.delete_list_call(_RECORD.delete_all, path, params, header)
        return await self._delete_all(call)
