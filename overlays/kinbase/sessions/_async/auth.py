"""``AsyncAuthStorage``: a web session's items as a kinbase session storage, with the
distributed refresh lock.

An auth client given ``storage=store.auth_storage(key)`` keeps its session (the user's
tokens, item ``supabase.auth.token``) in web session ``key``. Every read goes to the store
(the client caches the session itself). ``acquire_lock``/``release_lock`` take the lease
``refresh:<key>``: the client that refreshes holds it, re-reads the stored session and
adopts it if another process refreshed meanwhile, else refreshes and writes the result,
fenced: a holder whose lease lapsed (it hung past ``lock_ttl``) cannot overwrite the
session a later holder wrote.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from kinbase.sessions._core import Lease

if TYPE_CHECKING:
    from kinbase.sessions._async.store import AsyncSessionStore

__all__ = ["AsyncAuthStorage"]

logger = logging.getLogger("kinbase.sessions")


class AsyncAuthStorage:
    """The items of one web session for an auth client (see the module)."""

    def __init__(self, store: AsyncSessionStore, key: str) -> None:
        self.store = store
        self.key = key
        self._lease: Lease | None = None
        #: writes refused because this process's lease had lapsed (diagnostics)
        self.fenced_out = 0

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.store!r}>"

    async def get_item(self, name: str) -> str | None:
        """Item ``name`` of the web session as stored now, or None."""
        items = await self.store.read(self.key)
        return None if items is None else items.get(name)

    async def set_item(self, name: str, value: str) -> None:
        """Store item ``name``; while this storage holds the refresh lease the write is
        fenced (refused, with a warning, once another holder took the lock over)."""
        lease = self._lease
        if lease is not None:
            if not await self.store.write_fenced(self.key, lease, {name: value}):
                self.fenced_out += 1
                logger.warning(
                    "refresh lease lapsed before the refreshed session was written; "
                    "the session another process wrote stays (raise lock_ttl)"
                )
            return
        await self.store.write(self.key, {name: value}, set())

    async def remove_item(self, name: str) -> None:
        """Remove ``name`` from the web session's auth items."""
        await self.store.write(self.key, {}, {name})

    async def acquire_lock(self) -> Lease:
        """Wait (bounded) for the refresh lease of this session."""
        lease = await self.store.lock(f"refresh:{self.key}")
        self._lease = lease
        return lease

    async def release_lock(self, handle: object) -> None:
        """Release the lease :meth:`acquire_lock` returned."""
        if not isinstance(handle, Lease):
            raise TypeError("release_lock() takes the handle acquire_lock() returned")
        if self._lease is handle:
            self._lease = None
        await self.store.unlock(handle)
