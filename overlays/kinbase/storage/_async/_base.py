"""``AsyncStorageBase``: what every storage client method stands on (async source).

Construction and lifecycle (``clone``, ``close``, ``async with``), the sending helpers the
resource modules build on (one request, its pages, one object; create/update/patch/delete
with kinto-http's ``safe``/``if_match``/``if_exists`` meanings) and the server endpoints
(``server_info``, ``heartbeat``, ``get_endpoint``, ``batch``). Every request is built by a
generated ``_get_kwargs`` (see :mod:`kinbase.storage._requests`) and sent through one
``httpx.AsyncClient`` whose transport does all retrying; this module only sequences calls.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Hashable, Mapping
from types import TracebackType
from typing import TYPE_CHECKING, Any, cast

import httpx
from kinbase_storage_api.client import AuthenticatedClient

from kinbase._http.auth import AuthTypes, auth_identity, resolve_auth
from kinbase._http.config import (
    DEFAULT_TIMEOUT,
    EventHooks,
    RetryTypes,
    TimeoutTypes,
    VerifyTypes,
    build_async_httpx_client,
    build_async_transport,
)
from kinbase._http.connections import ProxyTypes
from kinbase._http.defaults import DEFAULT_MAX_RESPONSE_BYTES
from kinbase._http.delegate import AsyncBorrowed
from kinbase._http.retry import IDEMPOTENT_EXTENSION
from kinbase._http.tls import CertTypes
from kinbase._http.transport import AsyncRetryTransport
from kinbase.errors import (
    ForbiddenError,
    InvalidInputError,
    NotFoundError,
    PreconditionFailedError,
    storage_error_from_response,
)
from kinbase.storage import _operations, _requests
from kinbase.storage._batch import settings_batch_size
from kinbase.storage._compat import SessionInfo, dry_answer, refuse_session
from kinbase.storage._endpoints import AsyncEndpointPath, endpoint_path
from kinbase.storage._options import CONNECTION_OPTIONS, make_config
from kinbase.storage._pagination import PageGuard, next_page_params, page_position
from kinbase.storage._replay import outcome_unknown, replayed, same_object
from kinbase.storage._results import StorageList, StorageResult, json_body, list_items, object_data
from kinbase.storage.patch import BasicPatch, PatchType

if TYPE_CHECKING:
    from kinbase.storage._async.batch import AsyncBatch
    from kinbase.storage._async.client import AsyncStorageClient

__all__ = ["AsyncStorageBase"]

_BUCKET = _requests.RESOURCES["bucket"]
_TOLERATE_NOTHING: frozenset[int] = frozenset()
_TOLERATE_412 = frozenset({412})


#: ``_setup(auth=CLIENT_AUTH)``: requests carry the httpx client's own auth.
CLIENT_AUTH: Any = object()
#: Callers whose ``GET /v1/`` answer one view keeps (oldest dropped first).
_SERVER_INFO_ENTRIES = 64
#: The identity of a session auth before its session is known: never cached under.
_NOBODY = ("identity", None)


class _Shared:
    """State shared by a client and the clones/batches that use its connection pool."""

    __slots__ = ("conflict_parents", "transport")

    def __init__(self, transport: AsyncRetryTransport) -> None:
        self.transport = transport
        #: Where batches met PostgreSQL write conflicts (see ``AsyncBatch``).
        self.conflict_parents: set[str] = set()


class _View:
    """One httpx client over the shared pool (its auth, headers, server URL) and what is
    cached for it: clones that change only the default bucket or collection share it."""

    __slots__ = ("generated", "http", "server_info", "transport")

    def __init__(self, http: httpx.AsyncClient, transport: httpx.AsyncBaseTransport) -> None:
        self.http = http
        self.transport = transport
        self.generated: AuthenticatedClient | None = None
        #: ``GET /v1/`` per caller (its ``user`` is the caller's; see ``auth_identity``)
        self.server_info: dict[Hashable, StorageResult] = {}


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
        cert: CertTypes | None = None,
        limits: httpx.Limits | None = None,
        http2: bool = False,
        proxy: ProxyTypes | None = None,
        trust_env: bool = True,
        event_hooks: EventHooks | None = None,
        http_client: httpx.AsyncClient | None = None,
        max_response_bytes: int | None = DEFAULT_MAX_RESPONSE_BYTES,
        ignore_batch_4xx: bool = False,
        retry_after: float | None = None,
        dry_mode: bool = False,
        session: None = None,
    ) -> None:
        refuse_session(session)
        options = {
            "server_url": server_url,
            "auth": auth,
            "bucket": bucket,
            "collection": collection,
            "headers": dict(headers or {}),
            "timeout": timeout,
            "retry": retry,
            "verify": verify,
            "cert": cert,
            "limits": limits,
            "http2": http2,
            "proxy": proxy,
            "trust_env": trust_env,
            "event_hooks": event_hooks,
            "http_client": http_client,
            "max_response_bytes": max_response_bytes,
            "ignore_batch_4xx": ignore_batch_4xx,
            "retry_after": retry_after,
            "dry_mode": bool(dry_mode),
        }
        config = make_config(options)
        transport = build_async_transport(config)
        http = build_async_httpx_client(config, transport)
        self._setup(options, config, _View(http, transport), _Shared(transport), owns_http=True)

    def _setup(
        self,
        options: dict[str, Any],
        config: Any,
        view: _View,
        shared: _Shared,
        *,
        owns_http: bool,
        auth: Any = CLIENT_AUTH,
    ) -> None:
        self._options = options
        #: a per-user view's auth (``with_auth``), sent instead of the httpx client's
        self._auth = auth
        self._config = config
        self._view = view
        self._http = view.http
        self._shared = shared
        self._owns_http = owns_http
        self._bucket: str | None = options["bucket"]
        self._collection: str | None = options["collection"]

    # ------------------------------------------------------------------ lifecycle

    def clone(self, **overrides: Any) -> AsyncStorageClient:
        """A client like this one with some constructor arguments changed.

        Everything not overridden is kept (auth, headers, timeout, retry, TLS, defaults).
        A clone that changes only what goes into requests (``auth``, ``headers``,
        ``timeout``, ``event_hooks``, ``server_url``, the defaults) is a view over this
        client's connection pool: cheap to create (one per user of a web app is fine),
        closed by its own ``aclose()`` without touching the pool, and unusable once this
        client is closed. Changing a connection option (``verify``, ``cert``, ``limits``,
        ``http2``, ``proxy``, ``trust_env``, ``retry``, ``max_response_bytes``,
        ``http_client``) builds a new pool that the clone owns.
        """
        unknown = set(overrides) - set(self._options)
        if unknown:
            raise InvalidInputError(f"clone() got unknown options: {', '.join(sorted(unknown))}")
        options = {**self._options, **overrides}
        clone = object.__new__(type(self))
        if CONNECTION_OPTIONS & overrides.keys():
            config = make_config(options)
            transport = build_async_transport(config)
            http = build_async_httpx_client(config, transport)
            clone._setup(
                options, config, _View(http, transport), _Shared(transport), owns_http=True
            )
        elif overrides.keys() - {"bucket", "collection", "ignore_batch_4xx"}:
            config = make_config(options)
            borrowed = AsyncBorrowed(self._shared.transport)
            http = build_async_httpx_client(config, borrowed)
            view = _View(http, borrowed)
            clone._setup(options, config, view, self._shared, owns_http=True)
        else:
            clone._setup(
                options, self._config, self._view, self._shared, owns_http=False, auth=self._auth
            )
        return cast("AsyncStorageClient", clone)

    def with_auth(self, auth: AuthTypes) -> AsyncStorageClient:
        """A view of this client that sends as another caller (a user's session, a
        token): this client's httpx client and pool, retry, headers and defaults; only
        the auth differs, given to each send. Cheaper than ``clone(auth=...)`` (no httpx
        client is built: a few microseconds, for one view per web request); it has
        nothing of its own to close. Answers that depend on the caller
        (``server_info()``'s user) are kept per caller."""
        view = object.__new__(type(self))
        options = {**self._options, "auth": auth}
        view._setup(
            options,
            self._config,
            self._view,
            self._shared,
            owns_http=False,
            auth=resolve_auth(auth),
        )
        return cast("AsyncStorageClient", view)

    @property
    def auth(self) -> httpx.Auth | None:
        """The ``httpx.Auth`` this client's requests carry (None: anonymous)."""
        if self._auth is CLIENT_AUTH:
            return self._http.auth
        return cast("httpx.Auth | None", self._auth)

    async def aclose(self) -> None:
        """Close the connections (a view: stop using the pool it shares). Any later call,
        generated ones included, raises :class:`~kinbase.errors.ClientClosedError`."""
        if self._owns_http:
            await self._view.transport.aclose()

    async def __aenter__(self) -> AsyncStorageClient:
        return cast("AsyncStorageClient", self)

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

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

    @property
    def generated(self) -> AuthenticatedClient:
        """The generated client, sharing this client's httpx client (retry, auth, headers).

        Pass it to generated endpoint functions (``asyncio_detailed`` here, ``sync_detailed``
        on :class:`StorageClient`); :func:`kinbase.storage.unwrap` turns error statuses into
        kinbase exceptions.
        """
        if self._auth is not CLIENT_AUTH:
            # a with_auth view: a clone with that auth has an httpx client carrying it
            own = getattr(self, "_auth_clone", None)
            if own is None:
                own = self.clone(auth=self._options["auth"])
                self._auth_clone = own
            return own.generated
        view = self._view
        if view.generated is None:
            generated = AuthenticatedClient(base_url=self._config.base_url, token="")
            view.generated = generated.set_async_httpx_client(view.http)
        return view.generated

    # ------------------------------------------------------------------ sending

    async def _send(self, call: _requests.RequestPlan, *, check: bool = True) -> httpx.Response:
        http = self._http
        extensions = None if call.idempotent is None else {IDEMPOTENT_EXTENSION: call.idempotent}
        request = http.build_request(**call.kwargs, extensions=extensions)
        if self._options.get("dry_mode"):
            return dry_answer(request)  # built and logged, never sent (kinto-http's dry_mode)
        if self._auth is CLIENT_AUTH:
            response = await http.send(request)
        else:
            response = await http.send(request, auth=self._auth)
        if check and response.status_code >= 400:
            raise storage_error_from_response(response)
        return response

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

    async def server_info(self) -> StorageResult:
        """``GET /v1/``: settings, capabilities and the authenticated user.

        Cached per caller: with a kinbase session the cache follows the signed-in user
        (after a sign-out or a switch of user the next call asks the server again)."""
        cache = self._view.server_info
        cached = cache.get(auth_identity(self.auth))
        if cached is None:
            response = await self._send(_requests.server_info_call())
            model = _operations.server_info_model()
            cached = StorageResult(json_body(response), model)
            # keyed by who sent it, known once sent (a lazily loaded session is loaded now)
            identity = auth_identity(self.auth)
            if identity != _NOBODY:
                if len(cache) >= _SERVER_INFO_ENTRIES:
                    cache.pop(next(iter(cache)))
                cache[identity] = cached
        return cached

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

    async def _batch_size(self) -> int:
        # the server's settings are the same for every caller: any cached answer will do
        for info in self._view.server_info.values():
            return settings_batch_size(info)
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
