"""``AsyncStorageClient``: the Kinto client (async source; the sync twin is generated).

Method names and arguments follow kinto-http.py 11.11's ``Client``. Every request is built by
a generated ``_get_kwargs`` (see :mod:`kinbase.storage._requests`) and sent through one
``httpx.AsyncClient`` whose transport does all retrying; this module only sequences calls.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from types import TracebackType
from typing import TYPE_CHECKING, Any

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
from kinbase.storage._pagination import (
    iter_params,
    next_page_params,
    page_budget,
    response_etag,
)
from kinbase.storage._results import (
    StorageList,
    StorageResult,
    json_body,
    list_items,
    object_data,
)
from kinbase.storage.patch import BasicPatch, PatchType
from kinbase_storage_api.client import AuthenticatedClient

if TYPE_CHECKING:
    from kinbase.storage._async.batch import AsyncBatch

__all__ = ["AsyncStorageClient"]

_BUCKET = rq.KINDS["bucket"]
_GROUP = rq.KINDS["group"]
_COLLECTION = rq.KINDS["collection"]
_RECORD = rq.KINDS["record"]
_ACCOUNT = rq.KINDS["account"]
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


class AsyncStorageClient:
    """A Kinto client. ``await`` its methods; ``async with`` it to close it.

    ``auth``: ``(user, password)``, ``"user:password"``, ``"Bearer <token>"``, an
    ``httpx.Auth`` or an auth client's session (anything with ``as_httpx_auth()``).
    ``bucket``/``collection``: defaults for methods called without them. ``timeout``:
    seconds, ``(connect, read)`` or an ``httpx.Timeout``. ``retry``: a
    :class:`~kinbase._http.retry.RetryPolicy` or a number of retries (the transport retries;
    see the storage guide). ``ignore_batch_4xx``: default of ``batch(ignore_4xx=)``.
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
        return clone

    async def close(self) -> None:
        """Close the connections (unless shared with the client this one was cloned from)."""
        if self._owns_http:
            await self._http.aclose()

    async def __aenter__(self) -> AsyncStorageClient:
        return self

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
            self,
            bucket=bucket,
            collection=collection,
            ignore_4xx=self._options["ignore_batch_4xx"] if ignore_4xx is None else ignore_4xx,
            concurrency=concurrency,
        )

    # ------------------------------------------------------------------ buckets

    async def create_bucket(
        self,
        *,
        id: str | None = None,
        data: Mapping[str, Any] | None = None,
        permissions: Mapping[str, Any] | None = None,
        safe: bool = True,
        if_not_exists: bool = False,
    ) -> StorageResult:
        bid = self._bucket_id(id or rq.data_id(data))
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
        bid = self._bucket_id(id or rq.data_id(data))
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
        id, if_match = rq.from_original(original or data, id, if_match)
        bid = self._bucket_id(id)
        return await self._patch(_BUCKET, (bid,), changes, data, permissions, safe, if_match)

    async def get_bucket(self, *, id: str | None = None, **params: Any) -> StorageResult:
        return await self._get(_BUCKET, (self._bucket_id(id),), params)

    async def get_buckets(self, *, pages: float | None = None, **params: Any) -> StorageList:
        call = rq.list_call(_BUCKET.list, (), params)
        return await self._collect(call, page_budget(pages, params), _BUCKET.item_model)

    def iter_buckets(self, **params: Any) -> AsyncIterator[Any]:
        """Every bucket, one page in memory at a time."""
        return self._iterate(rq.list_call(_BUCKET.list, (), iter_params(params)), float("inf"))

    async def delete_bucket(
        self,
        *,
        id: str | None = None,
        safe: bool = True,
        if_match: Any = None,
        if_exists: bool = False,
    ) -> StorageResult | None:
        return await self._delete(_BUCKET, (self._bucket_id(id),), safe, if_match, if_exists)

    async def delete_buckets(
        self, *, safe: bool = True, if_match: Any = None, **params: Any
    ) -> StorageList:
        header = rq.if_match_header(safe, if_match)
        return await self._delete_all(rq.delete_list_call(_BUCKET.delete_list, (), params, header))

    # ------------------------------------------------------------------ groups

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

    # ------------------------------------------------------------------ collections

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

    # ------------------------------------------------------------------ records

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

    # ------------------------------------------------------------------ accounts

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
        rq.data_id(data)  # a mapping, or refused
        body = {**(data or {}), "password": password}
        path = (rq.require_id(id, "account"),)
        return await self._create(_ACCOUNT, path, body, permissions, safe, if_not_exists)

    async def get_account(self, *, id: str, **params: Any) -> StorageResult:
        return await self._get(_ACCOUNT, (rq.require_id(id, "account"),), params)

    async def get_accounts(self, *, pages: float | None = None, **params: Any) -> StorageList:
        call = rq.list_call(_ACCOUNT.list, (), params)
        return await self._collect(call, page_budget(pages, params), _ACCOUNT.item_model)

    def iter_accounts(self, **params: Any) -> AsyncIterator[Any]:
        return self._iterate(rq.list_call(_ACCOUNT.list, (), iter_params(params)), float("inf"))

    async def change_account_password(
        self,
        *,
        id: str,
        password: str,
        safe: bool = True,
        if_match: Any = None,
    ) -> StorageResult:
        """Set a new password (``PATCH``); authenticate with the new one afterwards."""
        path = (rq.require_id(id, "account"),)
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
        path = (rq.require_id(id, "account"),)
        return await self._delete(_ACCOUNT, path, safe, if_match, if_exists)

    async def delete_accounts(
        self, *, safe: bool = True, if_match: Any = None, **params: Any
    ) -> StorageList:
        header = rq.if_match_header(safe, if_match)
        return await self._delete_all(rq.delete_list_call(_ACCOUNT.delete_list, (), params, header))

    # ------------------------------------------------------------------ permissions, history

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
            call, page_budget(pages, params), rq.model("permission_entry", "PermissionEntry")
        )

    def _permissions_call(
        self, exclude_resource_names: list[str] | None, params: dict[str, Any]
    ) -> rq.Call:
        # kinto-http took ``params={...}``; accept it as well as plain keywords.
        merged = {"_sort": "id", **params.pop("params", {}), **params}
        if exclude_resource_names:
            merged["exclude_resource_name"] = ",".join(exclude_resource_names)
        return rq.permissions_call(merged)

    def iter_permissions(
        self, exclude_resource_names: list[str] | None = None, **params: Any
    ) -> AsyncIterator[Any]:
        call = self._permissions_call(exclude_resource_names, params)
        return self._iterate(call, float("inf"))

    async def get_history(
        self, *, bucket: str | None = None, pages: float | None = None, **params: Any
    ) -> StorageList:
        """History entries of a bucket (all pages), with filters (``resource_name="record"``,
        ``collection_id=``, ``_since=``...)."""
        call = rq.history_call(self._bucket_id(bucket), params)
        return await self._collect(
            call, page_budget(pages, params), rq.model("history_entry", "HistoryEntry")
        )

    def iter_history(self, *, bucket: str | None = None, **params: Any) -> AsyncIterator[Any]:
        call = rq.history_call(self._bucket_id(bucket), iter_params(params))
        return self._iterate(call, float("inf"))

    async def purge_history(
        self, *, bucket: str | None = None, safe: bool = True, if_match: Any = None, **params: Any
    ) -> StorageList:
        """Delete history entries (every page; filters select which)."""
        header = rq.if_match_header(safe, if_match)
        call = rq.purge_history_call(self._bucket_id(bucket), params, header)
        return await self._collect(call, float("inf"), rq.model("history_entry", "HistoryEntry"))
