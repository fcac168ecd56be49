"""``AsyncStorageClient`` (the Kinto client) and ``AsyncBatch`` (async source).

Method names and arguments follow kinto-http.py 11.11's ``Client``. The storage methods are
one module each, on :class:`~kinbase.storage._async._base.AsyncStorageBase`: ``bucket``,
``group``, ``collection``, ``record``, ``account``, ``history`` (permissions and history) and
``attachment`` (kinto-attachment); :class:`AsyncStorageOperations` puts them together. Both
classes here have those methods and differ in how a request goes out: the client sends it
through its httpx client (construction, views, lifecycle and the server's root document are
its own); a batch is not a client but holds one, queues the requests and has the client send
them as ``POST /batch`` chunks (:mod:`kinbase.storage._async.batch`).
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from types import TracebackType
from typing import Any, cast

import httpx
from kinbase_storage_api.client import AuthenticatedClient

from kinbase._http.auth import AuthTypes, auth_identity, resolve_auth
from kinbase._http.build import RequestBuilder
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
from kinbase._http.transport import AsyncRetryTransport, adopt_body, detached
from kinbase._redact import redact_url
from kinbase.errors import InvalidInputError, TransportError, storage_error_from_response
from kinbase.storage import _attachments, _operations, _requests
from kinbase.storage._async._base import AsyncStorageBase
from kinbase.storage._async.account import AsyncAccountMixin
from kinbase.storage._async.attachment import AsyncAttachmentMixin
from kinbase.storage._async.batch import async_send_chunks
from kinbase.storage._async.bucket import AsyncBucketMixin
from kinbase.storage._async.collection import AsyncCollectionMixin
from kinbase.storage._async.group import AsyncGroupMixin
from kinbase.storage._async.history import AsyncHistoryMixin
from kinbase.storage._async.record import AsyncRecordMixin
from kinbase.storage._batch import BatchTracker, chunk_bounds, settings_batch_size, sub_request
from kinbase.storage._compat import dry_answer, refuse_session
from kinbase.storage._options import CONNECTION_OPTIONS, make_config
from kinbase.storage._results import PLACEHOLDER_RESPONSE, StorageResult, json_body

__all__ = ["AsyncBatch", "AsyncStorageClient", "AsyncStorageOperations"]

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

    __slots__ = ("builder", "generated", "http", "prefix", "server_info", "transport")

    def __init__(self, http: httpx.AsyncClient, transport: httpx.AsyncBaseTransport) -> None:
        self.http = http
        self.transport = transport
        #: The server URL with a final "/": request paths are joined to it here, since
        #: httpx parsing a relative URL and then the merged one costs twice one parse.
        self.prefix = str(http.base_url)
        #: Builds the requests of ``_send`` (``http.build_request``'s, for less).
        self.builder = RequestBuilder(http, self.prefix)
        self.generated: AuthenticatedClient | None = None
        #: ``GET /v1/`` per caller (its ``user`` is the caller's; see ``auth_identity``)
        self.server_info: dict[Hashable, StorageResult] = {}


# The bases are listed last part first: the API reference shows inherited methods in reverse
# MRO order, so this order reads base, buckets, groups, collections, records, accounts, history,
# attachments.
class AsyncStorageOperations(
    AsyncAttachmentMixin,
    AsyncHistoryMixin,
    AsyncAccountMixin,
    AsyncRecordMixin,
    AsyncCollectionMixin,
    AsyncGroupMixin,
    AsyncBucketMixin,
    AsyncStorageBase,
):
    """Every storage method of :class:`AsyncStorageClient` and :class:`AsyncBatch`; each
    sends its requests through ``_send``, which those two define."""


class AsyncStorageClient(AsyncStorageOperations):
    """A Kinto client: ``await`` its methods; ``async with`` it to close it.

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
        self._use_options(options, config)
        #: a per-user view's auth (``with_auth``), sent instead of the httpx client's
        self._auth = auth
        self._view = view
        self._http = view.http
        self._shared = shared
        self._owns_http = owns_http

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
        return clone

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
        return view

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
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

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
        view = self._view
        request = view.builder.build(call.send_kwargs(view.prefix), extensions)
        if self._options.get("dry_mode"):
            return dry_answer(request)  # built and logged, never sent (kinto-http's dry_mode)
        if self._auth is CLIENT_AUTH:
            response = await http.send(request, stream=True)
        else:
            response = await http.send(request, stream=True, auth=self._auth)
        # What send() does without stream=True, minus reading the body a second time:
        # the retry transport has it in memory already.
        try:
            if not adopt_body(response):
                await response.aread()
        finally:
            await response.aclose()
        response = detached(response)
        if check and response.status_code >= 400:
            raise storage_error_from_response(response)
        return response

    async def _get_file(self, url: str) -> httpx.Response:
        """The file's response, unread, after following redirects one at a time (each
        hop carries the client's credentials only on the Kinto server's origin)."""
        http = self._http
        for _ in range(_attachments.MAX_REDIRECTS + 1):
            request, trusted = _attachments.download_request(http, url, self.server_url)
            auth = None if not trusted else self._auth
            if trusted and auth is CLIENT_AUTH:
                response = await http.send(request, stream=True, follow_redirects=False)
            else:
                response = await http.send(request, stream=True, auth=auth, follow_redirects=False)
            if not response.has_redirect_location or response.next_request is None:
                return response
            url = str(response.next_request.url)
            await response.aclose()
        raise TransportError(
            f"GET {redact_url(url)}: more than {_attachments.MAX_REDIRECTS} redirects",
            request=request,
        )

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
        return AsyncBatch(
            self,
            bucket=bucket,
            collection=collection,
            ignore_4xx=self._options["ignore_batch_4xx"] if ignore_4xx is None else ignore_4xx,
            concurrency=concurrency,
        )


class AsyncBatch(AsyncStorageOperations):
    """Queue storage calls; ``results()`` gives the sub-response bodies in order.

    Made by :meth:`AsyncStorageClient.batch`. A batch has the client's storage methods but is
    not a client: it holds the client that made it, which sends the queue as ``POST /batch``
    chunks of the server's ``batch_max_requests`` (read once from ``GET /v1/``) when the
    ``async with`` block ends.

    Inside the block, calls return empty placeholders (as in kinto-http). Options:
    ``ignore_4xx`` (4xx sub-responses are not errors), ``concurrency`` (chunks sent at once;
    each chunk is its own transaction, so with ``concurrency > 1`` a failure cannot stop
    chunks already in flight). Concurrent chunks writing into one collection can meet
    PostgreSQL conflicts (409 "please retry"): the rolled-back part of such a chunk is sent
    again, as the client's RetryPolicy allows, and the batch sends one chunk at a time from
    then on; so do the later batches of this client (and its clones) writing into that
    collection, which would only meet the same conflicts and their ``Retry-After`` waits.
    Failures raise one :class:`~kinbase.errors.BatchError` listing every sub-request's fate.
    """

    def __init__(
        self,
        client: AsyncStorageClient,
        *,
        bucket: str | None = None,
        collection: str | None = None,
        ignore_4xx: bool = False,
        concurrency: int = 1,
    ) -> None:
        if not isinstance(client, AsyncStorageClient):  # a batch's batch(), for one
            raise InvalidInputError("a batch is made by a client; batches cannot be nested")
        if isinstance(concurrency, bool) or not isinstance(concurrency, int) or concurrency < 1:
            raise InvalidInputError(f"concurrency must be an integer >= 1, got {concurrency!r}")
        options = dict(client._options)
        if bucket is not None:
            options["bucket"] = bucket
        if collection is not None:
            options["collection"] = collection
        self._use_options(options, client._config)
        self._client = client
        self._ignore_4xx = ignore_4xx
        self._concurrency = concurrency
        self._queue: list[_requests.RequestPlan] = []
        self._subs: list[dict[str, Any]] = []
        self._results: list[Any] = []

    async def _send(self, call: _requests.RequestPlan, *, check: bool = True) -> httpx.Response:
        self._subs.append(sub_request(call))  # refuses what cannot be batched, at once
        self._queue.append(call)
        return PLACEHOLDER_RESPONSE

    async def _get_file(self, url: str) -> httpx.Response:
        return await self._client._get_file(url)  # a download is not queued

    def results(self) -> list[Any]:
        """The body of each sub-response, in the order the calls were made."""
        return list(self._results)

    def clone(self, **overrides: Any) -> AsyncStorageClient:
        """A client like the batch's own with ``overrides`` (it does not send through the
        batch)."""
        return self._client.clone(**overrides)

    def batch(
        self,
        *,
        bucket: str | None = None,
        collection: str | None = None,
        ignore_4xx: bool | None = None,
        concurrency: int = 1,
    ) -> AsyncBatch:
        """Refused with :class:`~kinbase.errors.InvalidInputError`: batches cannot be
        nested."""
        raise InvalidInputError("batches cannot be nested")

    @property
    def auth(self) -> httpx.Auth | None:
        """The ``httpx.Auth`` the batch's requests carry: its client's."""
        return self._client.auth

    async def server_info(self) -> StorageResult:
        """The server's root document (sent at once, not queued)."""
        return await self._client.server_info()

    async def __aenter__(self) -> AsyncBatch:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if exc_type is None:
            await self.send()
        else:  # the block failed: send nothing
            self._queue, self._subs = [], []

    async def send(self) -> list[Any]:
        """Send what is queued (done on leaving the block); returns :meth:`results`."""
        calls, subs = self._queue, self._subs
        self._queue, self._subs = [], []
        self._results = []
        if not calls:
            return []
        client = self._client
        size = await client._batch_size()
        tracker = BatchTracker(
            calls,
            subs,
            chunk_bounds(len(calls), size),
            base_url=client._config.base_url,
            ignore_4xx=self._ignore_4xx,
            policy=client._config.retry,
            known_conflicts=client._shared.conflict_parents,
        )
        try:
            await async_send_chunks(tracker, client, self._concurrency)
        finally:
            # Later batches of this client writing there start one chunk at a time.
            client._shared.conflict_parents.update(tracker.conflict_parents)
        self._results = tracker.results
        tracker.raise_if_failed()
        return self.results()

    async def aclose(self) -> None:
        """Nothing to close: a batch uses its client's connections."""
