"""Buckets: create, update, patch, get, list, iterate, delete (async source)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from typing import Any

from kinbase.storage import _requests
from kinbase.storage._async._base import AsyncStorageBase
from kinbase.storage._pagination import iter_params, page_budget
from kinbase.storage._results import StorageList, StorageResult
from kinbase.storage.patch import PatchType

__all__ = ["AsyncBucketMixin"]

_BUCKET = _requests.RESOURCES["bucket"]


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
        """Create a bucket (``PUT``; with ``safe``, ``If-None-Match: *`` so that an
        existing one is never overwritten). ``if_not_exists``: return the existing bucket
        instead of raising :class:`~kinbase.errors.PreconditionFailedError`."""
        bid = self._bucket_id(id or _requests.data_id(data))
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
        """Replace a bucket's data (and permissions, when given) with ``PUT``.
        With ``safe``, ``If-Match`` comes from ``if_match`` or ``data["last_modified"]``:
        a bucket changed meanwhile raises :class:`~kinbase.errors.PreconditionFailedError`."""
        bid = self._bucket_id(id or _requests.data_id(data))
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
        """Change part of a bucket (``PATCH``): ``changes`` (a ``BasicPatch``,
        ``MergePatch`` or ``JSONPatch``) or ``data``/``permissions`` merged in.
        ``original`` (a bucket read earlier) supplies ``id`` and, with ``safe``, ``If-Match``."""
        id, if_match = _requests.from_original(original or data, id, if_match)
        bid = self._bucket_id(id)
        return await self._patch(_BUCKET, (bid,), changes, data, permissions, safe, if_match)

    async def get_bucket(self, *, id: str | None = None, **params: Any) -> StorageResult:
        """The bucket ``id`` (``data`` and ``permissions``).

        ``_fields=[...]`` limits the fields; a missing bucket raises
        :class:`~kinbase.errors.NotFoundError`."""
        return await self._get(_BUCKET, (self._bucket_id(id),), params)

    async def get_buckets(self, *, pages: float | None = None, **params: Any) -> StorageList:
        """Every bucket (all pages unless ``pages=`` or ``_limit=``), with Kinto's
        filters (``field=value``, ``gt_field=``, ``in_field=[...]``...) and ``_sort``."""
        call = _requests.list_call(_BUCKET.list_page, (), params)
        return await self._collect(call, page_budget(pages, params), _BUCKET.item_model)

    def iter_buckets(self, **params: Any) -> AsyncIterator[Any]:
        """Every bucket, one page in memory at a time."""
        return self._iterate(
            _requests.list_call(_BUCKET.list_page, (), iter_params(params)), float("inf")
        )

    async def delete_bucket(
        self,
        *,
        id: str | None = None,
        safe: bool = True,
        if_match: Any = None,
        if_exists: bool = False,
    ) -> StorageResult | None:
        """Delete a bucket (with ``safe`` and ``if_match``: only if unchanged since).

        Returns its tombstone; ``if_exists=True`` returns ``None`` for a bucket already
        gone."""
        return await self._delete(_BUCKET, (self._bucket_id(id),), safe, if_match, if_exists)

    async def delete_buckets(
        self, *, safe: bool = True, if_match: Any = None, **params: Any
    ) -> StorageList:
        """Delete every bucket the filters select (every one without filters), page
        after page; returns their tombstones."""
        header = _requests.if_match_header(safe, if_match)
        return await self._delete_all(
            _requests.delete_list_call(_BUCKET.delete_all, (), params, header)
        )
