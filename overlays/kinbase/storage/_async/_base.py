"""``AsyncStorageBase``: what every storage method stands on (async source).

Whatever sends the requests, the same: the defaults (bucket, collection) and options a
caller sees (``session``, ``server_url``), the sending helpers the resource modules build on
(one request, its pages, one object; create/update/patch/delete with kinto-http's
``safe``/``if_match``/``if_exists`` meanings) and the endpoints made of one request
(``heartbeat``, ``get_endpoint``). Every request is built by a generated ``_get_kwargs`` (see
:mod:`kinbase.storage._requests`) and handed to ``_send``, which this class leaves to what
derives from it: :class:`AsyncStorageClient` sends it through its httpx client,
:class:`AsyncBatch` queues it (both in :mod:`kinbase.storage._async.client`).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import AsyncIterator, Mapping
from typing import Any

import httpx

from kinbase.errors import (
    ForbiddenError,
    InvalidInputError,
    NotFoundError,
    PreconditionFailedError,
    storage_error_from_response,
)
from kinbase.storage import _operations, _requests
from kinbase.storage._compat import SessionInfo
from kinbase.storage._endpoints import AsyncEndpointPath, endpoint_path
from kinbase.storage._pagination import PageGuard, next_page_params, page_position
from kinbase.storage._replay import outcome_unknown, replayed, same_object
from kinbase.storage._results import StorageList, StorageResult, json_body, list_items, object_data
from kinbase.storage.patch import BasicPatch, PatchType

__all__ = ["AsyncStorageBase"]

_BUCKET = _requests.RESOURCES["bucket"]
_TOLERATE_NOTHING: frozenset[int] = frozenset()
_TOLERATE_412 = frozenset({412})


class AsyncStorageBase(ABC):
    """The core of the storage methods of :class:`AsyncStorageClient` and
    :class:`AsyncBatch`; each resource module adds its methods to it.

    What derives from it says how a request is sent (``_send``), where the server's root
    document comes from (``server_info``) and how an attachment's file is fetched
    (``_get_file``).
    """

    def _use_options(self, options: dict[str, Any], config: Any) -> None:
        self._options = options
        self._config = config
        self._bucket: str | None = options["bucket"]
        self._collection: str | None = options["collection"]

    @abstractmethod
    async def _send(self, call: _requests.RequestPlan, *, check: bool = True) -> httpx.Response:
        """Send ``call`` (or queue it) and return its response; ``check``: raise the
        error of a 4xx/5xx answer."""

    @abstractmethod
    async def server_info(self) -> StorageResult:
        """``GET /v1/``: settings, capabilities and the authenticated user."""

    @abstractmethod
    async def _get_file(self, url: str) -> httpx.Response:
        """The unread response of an attachment's file (redirects followed)."""

    def __repr__(self) -> str:
        where = self._config.base_url
        if self._bucket:
            where += f"/buckets/{self._bucket}"
            if self._collection:
                where += f"/collections/{self._collection}"
        return f"<{type(self).__name__} {where}>"

    @property
    def session(self) -> SessionInfo:
        """kinto-http's ``client.session``, read-only: ``server_url``, ``auth``,
        ``nb_retry``, ``retry_after``, ``timeout``, ``headers``, ``dry_mode`` (change them
        with :meth:`clone`)."""
        return SessionInfo(self._options, self._config)

    @property
    def server_url(self) -> str:
        """The Kinto root URL (``.../v1``)."""
        return str(self._config.base_url)

    @property
    def bucket_name(self) -> str | None:
        """The default bucket of this client (``None``: none set)."""
        return self._bucket

    @property
    def collection_name(self) -> str | None:
        """The default collection of this client (``None``: none set)."""
        return self._collection

    # ------------------------------------------------------------------ sending

    async def _pages(
        self, call: _requests.RequestPlan, pages: float
    ) -> AsyncIterator[httpx.Response]:
        """Each page's response, following ``Next-Page`` at most ``pages`` times in all.

        The generator lets go of a page's response before it requests the next one (a
        consumer that drops its own reference holds a single page at a time)."""
        sent = 0
        guard = PageGuard(call.kwargs.get("params"))
        while True:
            response = await self._send(call)
            sent += 1
            params = next_page_params(response)
            yield response
            if params is None or sent >= pages:
                return
            guard.follow(response, params)  # the page was delivered; a loop stops here
            del response
            call = _requests.RequestPlan(
                {**call.kwargs, "params": params}, idempotent=call.idempotent
            )

    async def _collect(
        self, call: _requests.RequestPlan, pages: float, item_model: Any
    ) -> StorageList:
        items = StorageList((), item_model)
        async for response in self._pages(call, pages):
            page = list_items(response)
            PageGuard.check_progress(response, len(page))
            items.extend(page)
            # where the last page read leaves the listing (kept from the answer: no HEAD)
            items.has_more, items.next_token, total = page_position(response)
            if total is not None:
                items.total = total
        return items

    async def _iterate(self, call: _requests.RequestPlan, pages: float) -> AsyncIterator[Any]:
        """Each item of each page, one page in memory at a time: the response (and its
        body bytes) is dropped once parsed, the page's items before the next request."""
        async for response in self._pages(call, pages):
            items = list_items(response)
            PageGuard.check_progress(response, len(items))
            del response
            # An index loop: the sync twin of "for item in items: yield item" would be
            # rewritten by ruff (UP028) and drift from this source.
            for index in range(len(items)):
                yield items[index]
            del items

    def _bucket_id(self, bucket: str | None) -> str:
        return _requests.require_id(bucket or self._bucket, "bucket")

    def _collection_path(self, bucket: str | None, collection: str | None) -> tuple[str, str]:
        return self._bucket_id(bucket), _requests.require_id(
            collection or self._collection, "collection"
        )

    async def _object(
        self, call: _requests.RequestPlan, kind: _requests.ResourceOperations
    ) -> StorageResult:
        return self._result(await self._send(call), kind)

    @staticmethod
    def _result(response: httpx.Response, kind: _requests.ResourceOperations) -> StorageResult:
        body = json_body(response)
        object_data(response, body)  # an object answer must hold one
        return StorageResult(body, kind.response_model)

    async def _get(
        self, kind: _requests.ResourceOperations, path: tuple[str, ...], params: Mapping[str, Any]
    ) -> StorageResult:
        unknown = set(params) - {"_fields"}
        if unknown:
            raise InvalidInputError(f"unexpected arguments: {', '.join(sorted(unknown))}")
        return await self._object(_requests.get_call(kind, path, params.get("_fields")), kind)

    async def _create(
        self,
        kind: _requests.ResourceOperations,
        path: tuple[str, ...],
        data: Any,
        permissions: Any,
        safe: bool,
        if_not_exists: bool,
        own_id: bool = False,
    ) -> StorageResult:
        # A 412 is success for if_not_exists (the existing object is returned) and for a
        # create with an id this client generated (it can only be our own earlier attempt,
        # replayed by a retry).
        tolerate = _TOLERATE_412 if (if_not_exists or (own_id and safe)) else _TOLERATE_NOTHING
        call = _requests.put_call(
            kind,
            path,
            data,
            permissions,
            if_none_match="*" if (safe or if_not_exists) else _requests._UNSET,
            tolerate=tolerate,
            own_id=own_id,
        )
        try:
            return await self._object(call, kind)
        except PreconditionFailedError:
            if not tolerate:
                raise
        return await self._object(_requests.get_call(kind, path), kind)

    async def _update(
        self,
        kind: _requests.ResourceOperations,
        path: tuple[str, ...],
        data: Any,
        permissions: Any,
        safe: bool,
        if_match: Any,
    ) -> StorageResult:
        header = _requests.if_match_header(safe, if_match, data)
        call = _requests.put_call(kind, path, data, permissions, if_match=header)
        if header is _requests._UNSET:
            return await self._object(call, kind)
        response = await self._send(call, check=False)
        if response.status_code == 412 and replayed(response):
            # The retry of a write whose answer was lost met a changed object: our own
            # first attempt, if the object is what we wrote; otherwise nobody can tell.
            current = await self._get(kind, path, {})
            if same_object(current.get("data"), call.kwargs.get("json", {}).get("data"), path):
                return current
            raise outcome_unknown(response)
        if response.status_code >= 400:
            raise storage_error_from_response(response)
        return self._result(response, kind)

    async def _patch(
        self,
        kind: _requests.ResourceOperations,
        path: tuple[str, ...],
        changes: PatchType | None,
        data: Any,
        permissions: Any,
        safe: bool,
        if_match: Any,
    ) -> StorageResult:
        patch = changes if changes is not None else BasicPatch(data, permissions)
        header = _requests.if_match_header(safe, if_match)
        return await self._object(_requests.patch_call(kind, path, patch, header), kind)

    async def _delete(
        self,
        kind: _requests.ResourceOperations,
        path: tuple[str, ...],
        safe: bool,
        if_match: Any,
        if_exists: bool,
    ) -> StorageResult | None:
        tolerate = _TOLERATE_NOTHING
        if if_exists:  # kinto-http also ignores a 403 on a bucket: it may not exist
            tolerate = frozenset({404, 403}) if kind is _BUCKET else frozenset({404})
        call = _requests.delete_call(
            kind, path, _requests.if_match_header(safe, if_match), tolerate
        )
        response = await self._send(call, check=False)
        if response.status_code in (404, 412) and replayed(response):
            # The retry of a delete whose answer was lost: gone now means deleted by the
            # first attempt (or by someone else: gone all the same).
            try:
                await self._get(kind, path, {})
            except NotFoundError:
                tombstone = {"id": path[-1], "deleted": True}
                return StorageResult(tombstone, _operations.tombstone_model())
            raise outcome_unknown(response)
        if response.status_code >= 400:
            error = storage_error_from_response(response)
            if isinstance(error, NotFoundError | ForbiddenError) and error.status_code in tolerate:
                return None
            raise error
        return StorageResult(object_data(response), _operations.tombstone_model())

    async def _delete_all(self, call: _requests.RequestPlan) -> StorageList:
        # A DELETE on a list removes one page; Next-Page carries on with the rest.
        return await self._collect(call, float("inf"), _operations.tombstone_model())

    # ------------------------------------------------------------------ server

    async def heartbeat(self) -> StorageResult:
        """``GET /v1/__heartbeat__``: ``{"storage": bool, "permission": bool, "cache": bool}``.

        A failing backend (503) is reported in the result, not raised.
        """
        response = await self._send(_requests.heartbeat_call(), check=False)
        if response.status_code >= 400 and response.status_code != 503:
            raise storage_error_from_response(response)
        return StorageResult(json_body(response), _operations.heartbeat_model())

    def get_endpoint(
        self,
        name: str,
        *,
        bucket: str | None = None,
        group: str | None = None,
        collection: str | None = None,
        id: str | None = None,
    ) -> AsyncEndpointPath:
        """The path of a named endpoint (``"record"``, ``"collections"``...) under the
        server, a ``str``; the async client's can also be awaited, as kinto-http's async
        client's is."""
        return AsyncEndpointPath(
            endpoint_path(
                name,
                bucket=bucket or self._bucket,
                collection=collection or self._collection,
                group=group,
                id=id,
            )
        )
