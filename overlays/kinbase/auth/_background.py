"""Optional background refresh: a daemon thread (sync) or an asyncio task (async).

Neither keeps the process alive: the thread is a daemon, the task belongs to its loop.
Both stop with :meth:`stop` (the clients call it on close). They only *trigger* the
manager's single-flight refresh shortly before expiry; a refresh that fails on the network
is tried again after a pause; a session that is gone leaves them idle until a new one.
"""

from __future__ import annotations

import asyncio
import logging
import threading

from kinbase.auth.session import SessionManager
from kinbase.errors import AuthSessionMissingError, InvalidSessionError, KinbaseError

__all__ = ["AsyncRefresher", "Refresher", "async_start_refresher", "start_refresher"]

logger = logging.getLogger("kinbase.auth")

#: Seconds between looks while nobody is signed in, and the pause after a failed refresh.
IDLE_SECONDS = 5.0
RETRY_SECONDS = 2.0


def _next_wait(manager: SessionManager) -> float:
    due = manager.seconds_until_refresh()
    return IDLE_SECONDS if due is None else max(min(due, 3600.0), 0.05)


class Refresher:
    def __init__(self, manager: SessionManager) -> None:
        self._manager = manager
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="kinbase-auth-refresh", daemon=True)
        self._thread.start()

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    def _run(self) -> None:
        while not self._stop.wait(_next_wait(self._manager)):
            try:
                self._manager.get_session()
            except (AuthSessionMissingError, InvalidSessionError):
                continue
            except KinbaseError as exc:
                logger.warning("background refresh failed (%s); retrying", type(exc).__name__)
                self._stop.wait(RETRY_SECONDS)

    def stop(self) -> None:
        self._stop.set()


class AsyncRefresher:
    def __init__(self, manager: SessionManager) -> None:
        self._manager = manager
        self._task = asyncio.get_running_loop().create_task(
            self._run(), name="kinbase-auth-refresh"
        )

    @property
    def running(self) -> bool:
        return not self._task.done()

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(_next_wait(self._manager))
            try:
                await self._manager.async_get_session()
            except (AuthSessionMissingError, InvalidSessionError):
                continue
            except KinbaseError as exc:
                logger.warning("background refresh failed (%s); retrying", type(exc).__name__)
                await asyncio.sleep(RETRY_SECONDS)

    def stop(self) -> None:
        self._task.cancel()


def start_refresher(manager: SessionManager) -> Refresher:
    return Refresher(manager)


def async_start_refresher(manager: SessionManager) -> AsyncRefresher:
    """Must be called from a running event loop (the async client's methods are)."""
    return AsyncRefresher(manager)
