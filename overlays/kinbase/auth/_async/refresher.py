"""Optional background refresh: an asyncio task, or a daemon thread for the sync clients.

Neither keeps the process alive. Both stop with ``stop()`` (the clients call it on
close). They only *trigger* the single-flight refresh shortly before expiry; a
refresh that fails on the network is tried again after a pause; a session that is gone
leaves them idle until a new one.
"""

from __future__ import annotations

import logging

from kinbase._concurrency import AsyncWorker
from kinbase.auth._async.session import AsyncSessionDriver
from kinbase.errors import AuthSessionMissingError, InvalidSessionError, KinbaseError

__all__ = ["IDLE_SECONDS", "RETRY_SECONDS", "AsyncRefresher"]

logger = logging.getLogger("kinbase.auth")

#: Seconds between looks while nobody is signed in, and the pause after a failed refresh.
IDLE_SECONDS = 5.0
RETRY_SECONDS = 2.0


class AsyncRefresher:
    """Refreshes the session of ``driver`` shortly before it expires, until stopped.
    The clients start it when a session begins (the asyncio one from its running loop)."""

    def __init__(self, driver: AsyncSessionDriver) -> None:
        self._driver = driver
        self._worker = AsyncWorker(self._run, name="kinbase-auth-refresh")
        self._worker.start()

    @property
    def running(self) -> bool:
        """Whether the refresher is still running."""
        return self._worker.running

    def _next_wait(self) -> float:
        due = self._driver.state.seconds_until_refresh()
        return IDLE_SECONDS if due is None else max(min(due, 3600.0), 0.05)

    async def _run(self) -> None:
        while not await self._worker.pause(self._next_wait()):
            try:
                await self._driver.get_session()
            except (AuthSessionMissingError, InvalidSessionError):
                continue
            except KinbaseError as exc:
                logger.warning("background refresh failed (%s); retrying", type(exc).__name__)
                if await self._worker.pause(RETRY_SECONDS):
                    return

    def stop(self) -> None:
        """Stop refreshing."""
        self._worker.stop()
