"""Run a few jobs with bounded concurrency: threads (sync) or tasks (async).

Used by batches to send chunks concurrently. With ``limit <= 1`` jobs run one after the
other, in order, in the caller's thread or task.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from concurrent.futures import ThreadPoolExecutor

__all__ = ["async_gather_limited", "gather_limited"]


def gather_limited(jobs: Sequence[Callable[[], None]], limit: int) -> None:
    if limit <= 1 or len(jobs) <= 1:
        for job in jobs:
            job()
        return
    with ThreadPoolExecutor(max_workers=min(limit, len(jobs))) as pool:
        for future in [pool.submit(job) for job in jobs]:
            future.result()


async def async_gather_limited(jobs: Sequence[Callable[[], Awaitable[None]]], limit: int) -> None:
    if limit <= 1 or len(jobs) <= 1:
        for job in jobs:
            await job()
        return
    semaphore = asyncio.Semaphore(limit)

    async def run(job: Callable[[], Awaitable[None]]) -> None:
        async with semaphore:
            await job()

    await asyncio.gather(*(run(job) for job in jobs))
