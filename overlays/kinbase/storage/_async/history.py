"""Read-only views across resources: the caller's permissions and a bucket's history (list,
iterate, purge).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from kinbase.storage import _operations, _requests
from kinbase.storage._async._base import AsyncStorageBase
from kinbase.storage._pagination import iter_params, page_budget
from kinbase.storage._results import StorageList

__all__ = ["AsyncHistoryMixin"]


class AsyncHistoryMixin(AsyncStorageBase):
    """Permission and history methods of :class:`AsyncStorageClient` (``/permissions``,
    ``/buckets/{bucket}/history``).
    """

    async def get_permissions(
        self,
        exclude_resource_names: list[str] | None = None,
        *,
        pages: float | None = None,
        **params: Any,
    ) -> StorageList:
        """Every permission entry of the caller (all pages), sorted by ``id`` by default."""
        call = self._permissions_call(exclude_resource_names, params)
        return await self._collect(
            call, page_budget(pages, params), _operations.permission_entry_model()
        )

    def _permissions_call(
        self, exclude_resource_names: list[str] | None, params: dict[str, Any]
    ) -> _requests.RequestPlan:
        # kinto-http took ``params={...}``; accept it as well as plain keywords.
        merged = {"_sort": "id", **params.pop("params", {}), **params}
        if exclude_resource_names:
            merged["exclude_resource_name"] = ",".join(exclude_resource_names)
        return _requests.permissions_call(merged)

    def iter_permissions(
        self, exclude_resource_names: list[str] | None = None, **params: Any
    ) -> AsyncIterator[Any]:
        """Every permission entry of the caller, one page in memory at a time."""
        call = self._permissions_call(exclude_resource_names, params)
        return self._iterate(call, float("inf"))

    async def get_history(
        self, *, bucket: str | None = None, pages: float | None = None, **params: Any
    ) -> StorageList:
        """History entries of a bucket (all pages), with filters (``resource_name="record"``,
        ``collection_id=``, ``_since=``...)."""
        call = _requests.history_call(self._bucket_id(bucket), params)
        return await self._collect(
            call, page_budget(pages, params), _operations.history_entry_model()
        )

    def iter_history(self, *, bucket: str | None = None, **params: Any) -> AsyncIterator[Any]:
        """History entries of a bucket, one page in memory at a time (the filters of
        :meth:`get_history`)."""
        call = _requests.history_call(self._bucket_id(bucket), iter_params(params))
        return self._iterate(call, float("inf"))

    async def purge_history(
        self, *, bucket: str | None = None, safe: bool = True, if_match: Any = None, **params: Any
    ) -> StorageList:
        """Delete history entries (every page; filters select which)."""
        header = _requests.if_match_header(safe, if_match)
        call = _requests.purge_history_call(self._bucket_id(bucket), params, header)
        return await self._collect(call, float("inf"), _operations.history_entry_model())
