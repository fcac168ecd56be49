"""Accounts (Kinto's accounts plugin): sign up, get, list, change a password, delete."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from typing import Any

from kinbase.storage import _requests
from kinbase.storage._async._base import AsyncStorageBase
from kinbase.storage._pagination import iter_params, page_budget
from kinbase.storage._results import StorageList, StorageResult
from kinbase.storage.patch import BasicPatch

__all__ = ["AsyncAccountMixin"]

_ACCOUNT = _requests.RESOURCES["account"]


class AsyncAccountMixin(AsyncStorageBase):
    """Account methods of :class:`AsyncStorageClient` (``/accounts``, Kinto's accounts plugin)."""

    async def create_account(
        self,
        *,
        id: str,
        password: str,
        data: Mapping[str, Any] | None = None,
        permissions: Mapping[str, Any] | None = None,
        safe: bool = True,
        if_not_exists: bool = False,
    ) -> StorageResult:
        """Sign up (``PUT /accounts/{id}``); then authenticate with ``(id, password)``."""
        _requests.data_id(data)  # a mapping, or refused
        body = {**(data or {}), "password": password}
        path = (_requests.require_id(id, "account"),)
        return await self._create(_ACCOUNT, path, body, permissions, safe, if_not_exists)

    async def get_account(self, *, id: str, **params: Any) -> StorageResult:
        """The account ``id`` (``data`` and ``permissions``).

        ``_fields=[...]`` limits the fields; a missing account raises
        :class:`~kinbase.errors.NotFoundError`."""
        return await self._get(_ACCOUNT, (_requests.require_id(id, "account"),), params)

    async def get_accounts(self, *, pages: float | None = None, **params: Any) -> StorageList:
        """Every account (all pages unless ``pages=`` or ``_limit=``), with Kinto's
        filters (``field=value``, ``gt_field=``, ``in_field=[...]``...) and ``_sort``."""
        call = _requests.list_call(_ACCOUNT.list_page, (), params)
        return await self._collect(call, page_budget(pages, params), _ACCOUNT.item_model)

    def iter_accounts(self, **params: Any) -> AsyncIterator[Any]:
        """Every account, one page in memory at a time
        (the filters of :meth:`get_accounts`)."""
        return self._iterate(
            _requests.list_call(_ACCOUNT.list_page, (), iter_params(params)), float("inf")
        )

    async def change_account_password(
        self,
        *,
        id: str,
        password: str,
        safe: bool = True,
        if_match: Any = None,
    ) -> StorageResult:
        """Set a new password (``PATCH``); authenticate with the new one afterwards."""
        path = (_requests.require_id(id, "account"),)
        patch = BasicPatch({"password": password})
        return await self._patch(_ACCOUNT, path, patch, None, None, safe, if_match)

    async def delete_account(
        self,
        *,
        id: str,
        safe: bool = True,
        if_match: Any = None,
        if_exists: bool = False,
    ) -> StorageResult | None:
        """Delete a account (with ``safe`` and ``if_match``: only if unchanged since).

        Returns its tombstone; ``if_exists=True`` returns ``None`` for a account already
        gone."""
        path = (_requests.require_id(id, "account"),)
        return await self._delete(_ACCOUNT, path, safe, if_match, if_exists)

    async def delete_accounts(
        self, *, safe: bool = True, if_match: Any = None, **params: Any
    ) -> StorageList:
        """Delete every account the filters select (every one without filters), page
        after page; returns their tombstones."""
        header = _requests.if_match_header(safe, if_match)
        return await self._delete_all(
            _requests.delete_list_call(_ACCOUNT.delete_all, (), params, header)
        )
