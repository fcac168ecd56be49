"""The blocking and asyncio forms of the few waits and hand-offs kinbase's drivers use.

Everything that decides *what* to do is written once, in an ``_async/`` module, and
``scripts/unasync.py`` writes its ``_sync/`` twin by renaming ``async_x`` to ``x`` and
``AsyncX`` to ``X``. What cannot be renamed into existence lives here, as pairs of one to
a few lines with no kinbase logic in them (the role of httpcore's ``_synchronization``):

===========================  ==========================  ===================================
async source calls           its sync twin calls         what it is
===========================  ==========================  ===================================
``await async_sleep(s)``     ``sleep(s)``                a pause
``AsyncSendGate()``          ``SendGate()``              a lock (``async with`` / ``with``)
``await async_wait_future``  ``wait_future``             wait for a shared
                                                         ``concurrent.futures.Future``
``await async_run_blocking`` ``run_blocking``            a blocking call (a thread in async)
``await async_acquire``      ``acquire``                 a blocking acquisition, bounded in
                                                         time; what it gets after the caller
                                                         gave up (timeout, cancellation) is
                                                         released
``async_detach(fn, *args)``  ``detach(fn, *args)``       start ``fn`` so that cancelling the
                                                         caller cannot abandon it (a task in
                                                         async; sync runs it in the caller)
``await async_finish``       ``finish``                  a call that must end, even when
                                                         the task is cancelled meanwhile
                                                         (see :func:`async_finish`)
``await async_run_all``      ``run_all``                 run jobs with bounded concurrency
                                                         (tasks / a thread pool)
``AsyncWorker``              ``Worker``                  a background loop (a task / a
                                                         daemon thread) and its stoppable
                                                         pause
===========================  ==========================  ===================================
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import threading
import time
from collections.abc import Callable, Coroutine, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any, ParamSpec, TypeVar

__all__ = [
    "AsyncSendGate",
    "AsyncWorker",
    "SendGate",
    "Worker",
    "acquire",
    "async_acquire",
    "async_detach",
    "async_finish",
    "async_run_all",
    "async_run_blocking",
    "async_sleep",
    "async_wait_future",
    "detach",
    "finish",
    "run_all",
    "run_blocking",
    "sleep",
    "wait_future",
]

T = TypeVar("T")
P = ParamSpec("P")

# -- a pause -------------------------------------------------------------------------------

sleep = time.sleep


async def async_sleep(seconds: float) -> None:
    """Pause the calling task for ``seconds``."""
    await asyncio.sleep(seconds)


# -- a lock --------------------------------------------------------------------------------

SendGate = threading.Lock
AsyncSendGate = asyncio.Lock

# -- a shared future -----------------------------------------------------------------------


def wait_future(future: concurrent.futures.Future[T]) -> T:
    """Block until ``future`` is done; its result, or its exception raised."""
    return future.result()


async def async_wait_future(future: concurrent.futures.Future[T]) -> T:
    """Await ``future`` (set by any thread or task). Cancelling the caller cannot cancel
    a future that was marked running."""
    return await asyncio.wrap_future(future)


# -- a blocking call -----------------------------------------------------------------------


def run_blocking(fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """Call ``fn`` (sync callers may block)."""
    return fn(*args, **kwargs)


async def async_run_blocking(fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """Call the blocking ``fn`` in a worker thread, so the event loop keeps running."""
    return await asyncio.to_thread(fn, *args, **kwargs)


# -- a blocking acquisition, bounded -------------------------------------------------------


class _Acquisition:
    """``acquire()`` in a daemon thread of its own; if the caller gives up first, whatever
    the thread gets later is handed to ``release`` at once (never held forever)."""

    def __init__(self, acquire: Callable[[], T], release: Callable[[T], None]) -> None:
        self.future: concurrent.futures.Future[Any] = concurrent.futures.Future()
        self.future.set_running_or_notify_cancel()  # nobody can cancel it but us
        self._release = release
        self._guard = threading.Lock()
        self._abandoned = False
        threading.Thread(
            target=self._run, args=(acquire,), name="kinbase-acquire", daemon=True
        ).start()

    def _run(self, acquire: Callable[[], Any]) -> None:
        try:
            got = acquire()
        except BaseException as exc:
            with self._guard:
                if not self._abandoned:
                    self.future.set_exception(exc)
            return
        with self._guard:
            keep = not self._abandoned
            if keep:
                self.future.set_result(got)
        if not keep:
            self._release(got)

    def abandon(self) -> None:
        """The caller gave up: release what was got already, or will be."""
        with self._guard:
            self._abandoned = True
            got = self.future.done() and self.future.exception() is None
        if got:
            self._release(self.future.result())


def acquire(acquire: Callable[[], T], release: Callable[[T], None], timeout: float) -> T:
    """``acquire()``, waiting at most ``timeout`` seconds (:class:`TimeoutError`); given up
    for any reason, what it gets is released."""
    acquisition = _Acquisition(acquire, release)
    try:
        result: T = acquisition.future.result(timeout)
    except concurrent.futures.TimeoutError:
        acquisition.abandon()
        raise TimeoutError(f"not acquired within {timeout:g}s") from None
    except BaseException:
        acquisition.abandon()
        raise
    return result


async def async_acquire(
    acquire: Callable[[], T], release: Callable[[T], None], timeout: float
) -> T:
    """The asyncio form of :func:`acquire`; cancelling the caller also releases."""
    acquisition = _Acquisition(acquire, release)
    waiting = asyncio.shield(asyncio.wrap_future(acquisition.future))
    try:
        result: T = await asyncio.wait_for(waiting, timeout)
    except TimeoutError:
        acquisition.abandon()
        raise TimeoutError(f"not acquired within {timeout:g}s") from None
    except BaseException:
        acquisition.abandon()
        raise
    return result


# -- work the caller must not abandon --------------------------------------------------------

_DETACHED: set[asyncio.Task[Any]] = set()


def detach(fn: Callable[P, None], *args: P.args, **kwargs: P.kwargs) -> None:
    """Run ``fn`` now, in the calling thread (a thread cannot be cancelled midway)."""
    fn(*args, **kwargs)


def async_detach(
    fn: Callable[P, Coroutine[Any, Any, None]], *args: P.args, **kwargs: P.kwargs
) -> None:
    """Start ``fn`` in a task of its own on the running loop: cancelling the caller does
    not cancel it. The task is kept referenced until it ends."""
    task = asyncio.get_running_loop().create_task(fn(*args, **kwargs))
    _DETACHED.add(task)
    task.add_done_callback(_DETACHED.discard)


def finish(fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> tuple[T, None]:
    """``(fn(*args), None)``: a thread is never cancelled midway."""
    return fn(*args, **kwargs), None


async def async_finish(
    fn: Callable[P, Coroutine[Any, Any, T]], *args: P.args, **kwargs: P.kwargs
) -> tuple[T, BaseException | None]:
    """``await fn(*args)``; if the task is cancelled meanwhile, call ``fn`` once more and
    let that call end, then return its result with the cancellation (the caller finishes
    its bookkeeping, then raises it).

    For an exchange whose effect must not be lost, like a refresh-token rotation: the
    first call's answer is lost with the cancellation, the second gets the same outcome
    from the server (GoTrue answers a just-rotated refresh token with the session's
    current tokens inside its reuse interval). An event loop ending under ``asyncio.run``
    cancels each task once and then waits for them, so the second call runs to its end,
    bounded by the client's own timeouts; a second cancellation is not resisted.
    """
    try:
        return await fn(*args, **kwargs), None
    except asyncio.CancelledError as cancelled:
        task = asyncio.current_task()
        if task is not None:
            task.uncancel()  # the second call's own timeouts must not see this cancellation
        return await fn(*args, **kwargs), cancelled


# -- jobs with bounded concurrency -----------------------------------------------------------


def run_all(jobs: Sequence[Callable[[], None]], limit: int) -> None:
    """Run every job, at most ``limit`` at a time, in a thread pool; the first failure
    is raised once all have ended."""
    with ThreadPoolExecutor(max_workers=max(1, min(limit, len(jobs)))) as pool:
        futures = [pool.submit(job) for job in jobs]
    for future in futures:
        future.result()


async def async_run_all(
    jobs: Sequence[Callable[[], Coroutine[Any, Any, None]]], limit: int
) -> None:
    """Run every job, at most ``limit`` at a time, as tasks; the first failure is raised
    once all have ended."""
    semaphore = asyncio.Semaphore(max(1, limit))

    async def run(job: Callable[[], Coroutine[Any, Any, None]]) -> None:
        async with semaphore:
            await job()

    results = await asyncio.gather(*(run(job) for job in jobs), return_exceptions=True)
    for result in results:
        if isinstance(result, BaseException):
            raise result


# -- a background loop ---------------------------------------------------------------------


class Worker:
    """A loop in a daemon thread (it never keeps the process alive). :meth:`pause`
    returns ``True`` as soon as :meth:`stop` was called."""

    def __init__(self, target: Callable[[], None], name: str) -> None:
        self._stop = threading.Event()
        self._thread = threading.Thread(target=target, name=name, daemon=True)

    def start(self) -> None:
        """Start the loop."""
        self._thread.start()

    @property
    def running(self) -> bool:
        """Whether the loop is still running."""
        return self._thread.is_alive()

    def pause(self, seconds: float) -> bool:
        """Wait ``seconds``; ``True`` when stopped meanwhile (the loop should end)."""
        return self._stop.wait(seconds)

    def stop(self) -> None:
        """Ask the loop to end (at its next pause)."""
        self._stop.set()


class AsyncWorker:
    """A loop in a task of the running event loop (it ends with its loop: seen from
    another event loop it is not running, so a client used from a new ``asyncio.run``
    starts a new one). :meth:`stop` cancels it."""

    def __init__(self, target: Callable[[], Coroutine[Any, Any, None]], name: str) -> None:
        self._target = target
        self._name = name
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        """Start the loop (call from a running event loop)."""
        self._task = asyncio.get_running_loop().create_task(self._target(), name=self._name)

    @property
    def running(self) -> bool:
        """Whether the loop is still running (on the running event loop, when there is one:
        a task of a loop closed or elsewhere does not count)."""
        task = self._task
        if task is None or task.done():
            return False
        try:
            return task.get_loop() is asyncio.get_running_loop()
        except RuntimeError:  # called outside any event loop
            return not task.get_loop().is_closed()

    async def pause(self, seconds: float) -> bool:
        """Wait ``seconds``; a stop cancels the wait (so this returns ``False``)."""
        await asyncio.sleep(seconds)
        return False

    def stop(self) -> None:
        """Cancel the loop (from its own event loop, or any thread while it runs)."""
        task, self._task = self._task, None
        if task is None or task.done() or task.get_loop().is_closed():
            return
        try:
            running = asyncio.get_running_loop()
        except RuntimeError:
            running = None
        if task.get_loop() is running:
            task.cancel()
        else:  # a loop still open elsewhere: cancel it there
            task.get_loop().call_soon_threadsafe(task.cancel)
