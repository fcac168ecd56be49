"""``AsyncSessionStore``: what the Redis and PostgreSQL stores share (async source).

A store keeps web sessions (a key -> items mapping with an expiry) and grants leases: the
locks with an expiry and a fencing token behind the distributed single-flight refresh.
Subclasses implement the ``_``-prefixed primitives; everything else lives here once.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from kinbase.errors import InvalidInputError, SessionStorageError
from kinbase.sessions._core import (
    DEFAULT_LOCK_TTL,
    DEFAULT_MAX_AGE,
    Lease,
    async_sleep,
    check_key,
    lease_backoff,
    new_session_key,
)

if TYPE_CHECKING:
    from kinbase.sessions._async.auth import AsyncAuthStorage
    from kinbase.sessions._async.session import AsyncStoredSession

__all__ = ["AsyncSessionStore"]

#: Tries at a fresh key when a new session's random key is taken (never seen in practice).
_NEW_KEY_TRIES = 3


class AsyncSessionStore:
    """Web sessions and refresh leases in a shared store (see the subclasses).

    ``max_age``: seconds a session lives after its last save. ``lock_ttl``: seconds a
    refresh lease lasts at most; a holder that dies or hangs blocks the others no longer.
    """

    def __init__(self, *, max_age: float = DEFAULT_MAX_AGE, lock_ttl: float = DEFAULT_LOCK_TTL):
        if not max_age > 0:
            raise InvalidInputError(f"max_age must be > 0 seconds, got {max_age!r}")
        if not lock_ttl > 0:
            raise InvalidInputError(f"lock_ttl must be > 0 seconds, got {lock_ttl!r}")
        self.max_age = float(max_age)
        self.lock_ttl = float(lock_ttl)
        #: leases granted to this store object (for diagnostics and tests)
        self.leases_granted = 0

    # -- what applications use --------------------------------------------------------------

    def get_session(self, key: str | None = None) -> AsyncStoredSession:
        """The session ``key`` names (None: a new one), lazily: nothing is read until
        ``load()``. An unknown, expired or malformed key gives an empty new session."""
        from kinbase.sessions._async.session import AsyncStoredSession

        try:
            return AsyncStoredSession(self, key)
        except InvalidInputError:
            return AsyncStoredSession(self, None)

    def auth_storage(self, key: str) -> AsyncAuthStorage:
        """The kinbase session storage (``get_item``/``set_item``/``remove_item`` and the
        refresh lock) over the items of web session ``key``: pass it as ``storage=`` to an
        auth client and refreshes are single flight across every process sharing this
        store."""
        from kinbase.sessions._async.auth import AsyncAuthStorage

        return AsyncAuthStorage(self, check_key(key))

    async def read(self, key: str) -> dict[str, str] | None:
        """The raw items of live session ``key``, or None."""
        return await self._read(check_key(key))

    async def write(self, key: str | None, changed: dict[str, str], removed: set[str]) -> str:
        """Write items (raw JSON strings) and remove others; ``key`` None makes a new
        session. Returns the key written. Restarts the session's expiry."""
        if key is not None:
            await self._write(check_key(key), changed, removed, create=False)
            return key
        for _ in range(_NEW_KEY_TRIES):
            fresh = new_session_key()
            if await self._write(fresh, changed, removed, create=True):
                return fresh
        raise SessionStorageError("could not create a session: every new key was taken")

    async def delete(self, key: str) -> None:
        """Remove session ``key`` (no error if it is gone already)."""
        await self._delete(check_key(key))

    async def lock(self, name: str, *, timeout: float | None = None) -> Lease:
        """Wait for the lease ``name`` (bounded: ``timeout`` defaults to twice
        ``lock_ttl``, by which any holder that died has lost it) and return it."""
        limit = 2 * self.lock_ttl if timeout is None else timeout
        deadline = time.monotonic() + limit
        attempt = 0
        while True:
            fence = await self._try_lock(name, self.lock_ttl)
            if fence is not None:
                self.leases_granted += 1
                return Lease(name, fence, self.lock_ttl)
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise SessionStorageError(
                    f"lock {name.split(':', 1)[0]!r} still held by another process after "
                    f"{limit:.1f}s (lock_ttl={self.lock_ttl:g}s)"
                )
            await async_sleep(min(lease_backoff(attempt), remaining))
            attempt += 1

    async def unlock(self, lease: Lease) -> None:
        """Give ``lease`` back (nothing happens if it lapsed and another holds it now)."""
        await self._unlock(lease.name, lease.fence)

    async def write_fenced(self, key: str, lease: Lease, changed: dict[str, str]) -> bool:
        """Write items of session ``key`` only while ``lease`` is still the lock's holder
        (its fencing token is current); False if the lease was lost."""
        return await self._write_fenced(check_key(key), lease.name, lease.fence, changed)

    async def clear_expired(self) -> int:
        """Delete expired sessions now; returns how many (Redis expires keys itself: 0)."""
        return 0

    # -- what each store implements ---------------------------------------------------------

    async def _read(self, key: str) -> dict[str, str] | None:
        raise NotImplementedError

    async def _write(
        self, key: str, changed: dict[str, str], removed: set[str], *, create: bool
    ) -> bool:
        raise NotImplementedError

    async def _delete(self, key: str) -> None:
        raise NotImplementedError

    async def _try_lock(self, name: str, ttl: float) -> int | None:
        raise NotImplementedError

    async def _unlock(self, name: str, fence: int) -> None:
        raise NotImplementedError

    async def _write_fenced(self, key: str, name: str, fence: int, changed: dict[str, str]) -> bool:
        raise NotImplementedError
