"""``AsyncStorageBase``: what every storage client method stands on (async source).

Construction and lifecycle (``clone``, ``close``, ``async with``), the sending helpers the
resource modules build on (one request, its pages, one object; create/update/patch/delete
with kinto-http's ``safe``/``if_match``/``if_exists`` meanings) and the server endpoints
(``server_info``, ``heartbeat``, ``get_endpoint``, ``batch``). Every request is built by a
generated ``_get_kwargs`` (see :mod:`kinbase.storage._requests`) and sent through one
``httpx.AsyncClient`` whose transport does all retrying; this module only sequences calls.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from types import TracebackType
from typing import TYPE_CHECKING, Any, cast

import httpx
from kinbase._http.auth import AuthTypes
from kinbase._http.config import DEFAULT_TIMEOUT, RetryTypes, TimeoutTypes, VerifyTypes
from kinbase._http.config import build_async_sender as _build_sender
from kinbase._http.sender import AsyncSender
from kinbase.errors import (
    ForbiddenError,
    InvalidInputError,
    NotFoundError,
    PreconditionFailedError,
    storage_error_from_response,
)
from kinbase.storage import _requests as rq
from kinbase.storage._batch import settings_batch_size
from kinbase.storage._endpoints import endpoint_path
from kinbase.storage._options import TRANSPORT_OPTIONS, make_config
from kinbase.storage._pagination import next_page_params
from kinbase.storage._results import StorageList, StorageResult, json_body, list_items, object_data
from kinbase.storage.patch import BasicPatch, PatchType
from kinbase_storage_api.client import AuthenticatedClient

if TYPE_CHECKING:
    from kinbase.storage._async.batch import AsyncBatch
    from kinbase.storage._async.client import AsyncStorageClient

__all__ = ["AsyncStorageBase"]

_BUCKET = rq.KINDS["bucket"]
_NO_ID: frozenset[int] = frozenset()
_TOLERATE_412 = frozenset({412})


class _Shared:
    """State shared by a client and the clones/batches that use its httpx client."""

    __slots__ = ("conflict_parents", "generated", "sender", "server_info")

    def __init__(self, sender: AsyncSender) -> None:
        self.sender = sender
        #: Where batches met PostgreSQL write conflicts (see ``AsyncBatch``).
        self.conflict_parents: set[str] = set()
        self.server_info: StorageResult | None = None
        self.generated: AuthenticatedClient | None = None


class AsyncStorageBase:
    """The core of :class:`AsyncStorageClient`; each resource module adds its methods to it.

    The constructor arguments are documented on :class:`AsyncStorageClient`.
    """

    def __init__(
        self,
        server_url: str,
        *,
        auth: AuthTypes = None,
        bucket: str | None = "default",
        collection: str | None = None,
        headers: Mapping[str, str] | None = None,
        timeout: TimeoutTypes = DEFAULT_TIMEOUT,
        retry: RetryTypes = None,
        verify: VerifyTypes = True,
        limits: httpx.Limits | None = None,
        ignore_batch_4xx: bool = False,
    ) -> None:
        options = {
            "server_url": server_url,
            "auth": auth,
            "bucket": bucket,
            "collection": collection,
            "headers": dict(headers or {}),
            "timeout": timeout,
            "retry": retry,
            "verify": verify,
            "limits": limits,
            "ignore_batch_4xx": ignore_batch_4xx,
        }
        config = make_config(options)
        sender = _build_sender(config)
        self._setup(options, config, sender.http, _Shared(sender), owns_http=True)

    def _setup(
        self,
        options: dict[str, Any],
        config: Any,
        http: httpx.AsyncClient,
        shared: _Shared,
        *,
        owns_http: bool,
    ) -> None:
        self._options = options
        self._config = config
        self._http = http
        self._shared = shared
        self._owns_http = owns_http
        self._bucket: str | None = options["bucket"]
        self._collection: str | None = options["collection"]

    # ------------------------------------------------------------------ lifecycle

    def clone(self, **overrides: Any) -> AsyncStorageClient:
        """A client like this one with some constructor arguments changed.

        Everything not overridden is kept (auth, headers, timeout, retry, TLS, defaults).
        Overriding only ``bucket``, ``collection`` or ``ignore_batch_4xx`` shares this
        client's connections (closing the clone leaves them open); anything else builds a
        new connection pool that the clone owns.
        """
        unknown = set(overrides) - set(self._options)
        if unknown:
            raise InvalidInputError(f"clone() got unknown options: {', '.join(sorted(unknown))}")
        options = {**self._options, **overrides}
        clone = object.__new__(type(self))
        if TRANSPORT_OPTIONS & overrides.keys():
            config = make_config(options)
            sender = _build_sender(config)
            clone._setup(options, config, sender.http, _Shared(sender), owns_http=True)
        else:
            clone._setup(options, self._config, self._http, self._shared, owns_http=False)
        return cast("AsyncStorageClient", clone)

    async def close(self) -> None:
        """Close the connections (unless shared with the client this one was cloned from)."""
        if self._owns_http:
            await self._http.aclose()

    async def __aenter__(self) -> AsyncStorageClient:
        return cast("AsyncStorageClient", self)

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    def __repr__(self) -> str:
        where = self._config.base_url
        if self._bucket:
            where += f"/buckets/{self._bucket}"
            if self._collection:
                where += f"/collections/{self._collection}"
        return f"<{type(self).__name__} {where}>"

    @property
    def server_url(self) -> str:
        return str(self._config.base_url)

    @property
    def bucket_name(self) -> str | None:
        return self._bucket

    @property
    def collection_name(self) -> str | None:
        return self._collection

    @property
    def generated(self) -> AuthenticatedClient:
        """The generated client, sharing this client's httpx client (retry, auth, headers).

        Pass it to generated endpoint functions (``asyncio_detailed`` here, ``sync_detailed``
        on :class:`StorageClient`); :func:`kinbase.storage.unwrap` turns error statuses into
        kinbase exceptions.
        """
        if self._shared.generated is None:
            generated = AuthenticatedClient(base_url=self._config.base_url, token="")
            self._shared.generated = generated.set_async_httpx_client(self._http)
        return self._shared.generated

    # ------------------------------------------------------------------ sending

    async def _send(self, call: rq.Call, *, check: bool = True) -> httpx.Response:
        sender = self._shared.sender
        response = await sender.send(sender.build(call.kwargs, call.idempotent))
        if check and response.status_code >= 400:
            raise storage_error_from_response(response)
        return response

    async def _pages(self, call: rq.Call, pages: float) -> AsyncIterator[httpx.Response]:
        """Each page's response, following ``Next-Page`` at most ``pages`` times in all.

        The generator lets go of a page's response before it requests the next one (a
        consumer that drops its own reference holds a single page at a time)."""
        sent = 0
        while True:
            response = await self._send(call)
            sent += 1
            params = next_page_params(response)
            yield response
            del response
            if params is None or sent >= pages:
                return
            call = rq.Call({**call.kwargs, "params": params}, idempotent=call.idempotent)

    async def _collect(self, call: rq.Call, pages: float, item_model: Any) -> StorageList:
        items = StorageList((), item_model)
        async for response in self._pages(call, pages):
            items.extend(list_items(response))
        return items

    async def _iterate(self, call: rq.Call, pages: float) -> AsyncIterator[Any]:
        """Each item of each page, one page in memory at a time: the response (and its
        body bytes) is dropped once parsed, the page's items before the next request."""
        async for response in self._pages(call, pages):
            items = list_items(response)
            del response
            # An index loop: the sync twin of "for item in items: yield item" would be
            # rewritten by ruff (UP028) and drift from this source.
            for index in range(len(items)):
                yield items[index]
            del items

    def _bucket_id(self, bucket: str | None) -> str:
        return rq.require_id(bucket or self._bucket, "bucket")

    def _collection_path(self, bucket: str | None, collection: str | None) -> tuple[str, str]:
        return self._bucket_id(bucket), rq.require_id(collection or self._collection, "collection")

    async def _object(self, call: rq.Call, kind: rq.Kind) -> StorageResult:
        response = await self._send(call)
        body = json_body(response)
        object_data(response, body)  # an object answer must hold one
        return StorageResult(body, kind.response_model)

    async def _get(
        self, kind: rq.Kind, path: tuple[str, ...], params: Mapping[str, Any]
    ) -> StorageResult:
        unknown = set(params) - {"_fields"}
        if unknown:
            raise InvalidInputError(f"unexpected arguments: {', '.join(sorted(unknown))}")
        return await self._object(rq.get_call(kind, path, params.get("_fields")), kind)

    async def _create(
        self,
        kind: rq.Kind,
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
        tolerate = _TOLERATE_412 if (if_not_exists or (own_id and safe)) else _NO_ID
        call = rq.put_call(
            kind,
            path,
            data,
            permissions,
            if_none_match="*" if (safe or if_not_exists) else rq._UNSET,
            tolerate=tolerate,
            own_id=own_id,
        )
        try:
            return await self._object(call, kind)
        except PreconditionFailedError:
            if not tolerate:
                raise
        return await self._object(rq.get_call(kind, path), kind)

    async def _update(
        self,
        kind: rq.Kind,
        path: tuple[str, ...],
        data: Any,
        permissions: Any,
        safe: bool,
        if_match: Any,
    ) -> StorageResult:
        header = rq.if_match_header(safe, if_match, data)
        return await self._object(rq.put_call(kind, path, data, permissions, if_match=header), kind)

    async def _patch(
        self,
        kind: rq.Kind,
        path: tuple[str, ...],
        changes: PatchType | None,
        data: Any,
        permissions: Any,
        safe: bool,
        if_match: Any,
    ) -> StorageResult:
        patch = changes if changes is not None else BasicPatch(data, permissions)
        header = rq.if_match_header(safe, if_match)
        return await self._object(rq.patch_call(kind, path, patch, header), kind)

    async def _delete(
        self,
        kind: rq.Kind,
        path: tuple[str, ...],
        safe: bool,
        if_match: Any,
        if_exists: bool,
    ) -> StorageResult | None:
        tolerate = _NO_ID
        if if_exists:  # kinto-http also ignores a 403 on a bucket: it may not exist
            tolerate = frozenset({404, 403}) if kind is _BUCKET else frozenset({404})
        call = rq.delete_call(kind, path, rq.if_match_header(safe, if_match), tolerate)
        try:
            response = await self._send(call)
        except (NotFoundError, ForbiddenError) as exc:
            if exc.status_code in tolerate:
                return None
            raise
        return StorageResult(object_data(response), rq.model("tombstone", "Tombstone"))

    async def _delete_all(self, call: rq.Call) -> StorageList:
        # A DELETE on a list removes one page; Next-Page carries on with the rest.
        return await self._collect(call, float("inf"), rq.model("tombstone", "Tombstone"))

    # ------------------------------------------------------------------ server

    async def server_info(self) -> StorageResult:
        """``GET /v1/`` (cached: settings, capabilities, the authenticated user)."""
        if self._shared.server_info is None:
            response = await self._send(rq.server_info_call())
            self._shared.server_info = StorageResult(
                json_body(response), rq.model("server_info", "ServerInfo")
            )
        return self._shared.server_info

    async def heartbeat(self) -> StorageResult:
        """``GET /v1/__heartbeat__``: ``{"storage": bool, "permission": bool, "cache": bool}``.

        A failing backend (503) is reported in the result, not raised.
        """
        response = await self._send(rq.heartbeat_call(), check=False)
        if response.status_code >= 400 and response.status_code != 503:
            raise storage_error_from_response(response)
        return StorageResult(json_body(response), rq.model("heartbeat", "Heartbeat"))

    def get_endpoint(
        self,
        name: str,
        *,
        bucket: str | None = None,
        group: str | None = None,
        collection: str | None = None,
        id: str | None = None,
    ) -> str:
        """The path of a named endpoint (``"record"``, ``"collections"``...) under the server."""
        return endpoint_path(
            name,
            bucket=bucket or self._bucket,
            collection=collection or self._collection,
            group=group,
            id=id,
        )

    async def _batch_size(self) -> int:
        return settings_batch_size(await self.server_info())

    def batch(
        self,
        *,
        bucket: str | None = None,
        collection: str | None = None,
        ignore_4xx: bool | None = None,
        concurrency: int = 1,
    ) -> AsyncBatch:
        """Queue calls and send them as ``POST /batch`` chunks when the block ends.

        ``async with client.batch() as b: await b.create_record(data=...)``; then
        ``b.results()``. ``concurrency > 1`` sends up to that many chunks at once (each
        chunk is its own transaction). See :class:`AsyncBatch`.
        """
        from kinbase.storage._async.batch import AsyncBatch

        return AsyncBatch(
            cast("AsyncStorageClient", self),
            bucket=bucket,
            collection=collection,
            ignore_4xx=self._options["ignore_batch_4xx"] if ignore_4xx is None else ignore_4xx,
            concurrency=concurrency,
        )
