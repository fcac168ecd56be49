"""How an :class:`AsyncBatch`'s queue is sent: ``POST /batch`` chunks (async source).

The batch (in :mod:`kinbase.storage._async.client`) queues its calls and hands them here, with
its client, once its block ends: the queue is cut in chunks of the server's
``batch_max_requests``; each chunk goes out through the client's own ``_send`` (its retries,
auth and dry mode). :mod:`kinbase.storage._batch` decides what each answer means and what to
send again (the rolled-back part of a chunk that met a conflict Kinto asks to retry, per the
client's RetryPolicy); once chunks have collided, the rest go one at a time.
"""

from __future__ import annotations

import contextlib
import functools
import time

from kinbase._concurrency import AsyncSendGate, async_run_all, async_sleep
from kinbase.errors import KinbaseError
from kinbase.storage._async._base import AsyncStorageBase
from kinbase.storage._batch import BatchTracker, batch_responses, unexpected_error
from kinbase.storage._replay import replayed

__all__ = ["async_send_chunks"]


async def async_send_chunks(
    tracker: BatchTracker, client: AsyncStorageBase, concurrency: int
) -> None:
    """Send each chunk ``tracker`` holds through ``client``, ``concurrency`` at a time, and
    tell ``tracker`` how each went (it says what to send again and when)."""
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
                    response = await client._send(call)
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

    jobs = [functools.partial(send_chunk, chunk) for chunk in range(len(tracker.bounds))]
    if concurrency <= 1 or len(jobs) <= 1:
        for job in jobs:  # in order, in the caller's task
            await job()
    else:
        await async_run_all(jobs, concurrency)
