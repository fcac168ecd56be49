"""``AsyncBatch``: a client whose calls are queued and sent as ``POST /batch`` chunks.

It *is* a storage client (same methods, same request builders); only ``_send`` differs: it
queues the sub-request and answers a placeholder. Leaving the ``async with`` block sends the
queue in chunks of the server's ``batch_max_requests`` (read once from ``GET /v1/``);
:mod:`kinbase.storage._batch` decides what each answer means, what to send again (the
rolled-back part of a chunk that met a conflict Kinto asks to retry, per the client's
RetryPolicy) and raises one :class:`~kinbase.errors.BatchError` listing every sub-request's
fate.
"""

from __future__ import annotations

import contextlib
import functools
import time
from types import TracebackType
from typing import Any

import httpx

from kinbase._concurrency import AsyncSendGate, async_run_all, async_sleep
from kinbase.errors import InvalidInputError, KinbaseError
from kinbase.storage import _requests
from kinbase.storage._async.client import AsyncStorageClient
from kinbase.storage._batch import (
    BatchTracker,
    batch_responses,
    chunk_bounds,
    sub_request,
    unexpected_error,
)
from kinbase.storage._replay import replayed
from kinbase.storage._results import PLACEHOLDER_RESPONSE, StorageResult

__all__ = ["AsyncBatch"]


class AsyncBatch(AsyncStorageClient):
    """Queue storage calls; ``results()`` gives the sub-response bodies in order.

    Inside the block, calls return empty placeholders (as in kinto-http). Options:
    ``ignore_4xx`` (4xx sub-responses are not errors), ``concurrency`` (chunks sent at once;
    each chunk is its own transaction, so with ``concurrency > 1`` a failure cannot stop
    chunks already in flight). Concurrent chunks writing into one collection can meet
    PostgreSQL conflicts (409 "please retry"): the rolled-back part of such a chunk is sent
    again, as the client's RetryPolicy allows, and the batch sends one chunk at a time from
    then on; so do the later batches of this client (and its clones) writing into that
    collection, which would only meet the same conflicts and their ``Retry-After`` waits.
    """

    def __init__(
        self,
        parent: AsyncStorageClient,
        *,
        bucket: str | None = None,
        collection: str | None = None,
        ignore_4xx: bool = False,
        concurrency: int = 1,
    ) -> None:
        if isinstance(parent, AsyncBatch):
            raise InvalidInputError("batches cannot be nested")
        if isinstance(concurrency, bool) or not isinstance(concurrency, int) or concurrency < 1:
            raise InvalidInputError(f"concurrency must be an integer >= 1, got {concurrency!r}")
        options = dict(parent._options)
        if bucket is not None:
            options["bucket"] = bucket
        if collection is not None:
            options["collection"] = collection
        self._setup(options, parent._config, parent._view, parent._shared, owns_http=False)
        self._parent = parent
        self._ignore_4xx = ignore_4xx
        self._concurrency = concurrency
        self._queue: list[_requests.RequestPlan] = []
        self._subs: list[dict[str, Any]] = []
        self._results: list[Any] = []

    async def _send(self, call: _requests.RequestPlan, *, check: bool = True) -> httpx.Response:
        self._subs.append(sub_request(call))  # refuses what cannot be batched, at once
        self._queue.append(call)
        return PLACEHOLDER_RESPONSE

    def results(self) -> list[Any]:
        """The body of each sub-response, in the order the calls were made."""
        return list(self._results)

    def clone(self, **overrides: Any) -> AsyncStorageClient:
        """A client like the batch's own with ``overrides`` (it does not send through the
        batch)."""
        return self._parent.clone(**overrides)

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

    async def server_info(self) -> StorageResult:
        """The server's root document (sent at once, not queued)."""
        return await self._parent.server_info()

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
        size = await self._parent._batch_size()
        bounds = chunk_bounds(len(calls), size)
        tracker = BatchTracker(
            calls,
            subs,
            bounds,
            base_url=self._config.base_url,
            ignore_4xx=self._ignore_4xx,
            policy=self._config.retry,
            known_conflicts=self._shared.conflict_parents,
        )

        gate = AsyncSendGate()

        async def send_chunk(chunk: int) -> None:
            started = time.monotonic()
            while True:
                # Once chunks collided, send one at a time (resends and the chunks left).
                async with gate if tracker.contended else contextlib.nullcontext():
                    call = tracker.request(chunk)
                    if call is None:
                        return
                    try:
                        response = await self._parent._send(call)
                        responses = batch_responses(response, tracker.expected(chunk))
                    except KinbaseError as exc:
                        tracker.unanswered(chunk, exc)
                        return
                    except Exception as exc:
                        # Not kinbase's own error, but chunks may have been committed: the
                        # BatchError must still say so (this chunk's fate is unknown).
                        tracker.unanswered(chunk, unexpected_error(chunk, exc))
                        return
                    elapsed = time.monotonic() - started
                    delay = tracker.answered(
                        chunk, responses, elapsed=elapsed, replayed=replayed(response)
                    )
                if delay is None:
                    return
                await async_sleep(delay)

        jobs = [functools.partial(send_chunk, chunk) for chunk in range(len(bounds))]
        try:
            if self._concurrency <= 1 or len(jobs) <= 1:
                for job in jobs:  # in order, in the caller's task
                    await job()
            else:
                await async_run_all(jobs, self._concurrency)
        finally:
            # Later batches of this client writing there start one chunk at a time.
            self._shared.conflict_parents.update(tracker.conflict_parents)
        self._results = tracker.results
        tracker.raise_if_failed()
        return self.results()

    async def aclose(self) -> None:
        """Nothing to close: a batch uses its client's connections."""
