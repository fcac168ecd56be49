"""``AsyncStoredSession``: one web session, loaded lazily, saved only when changed.

The async-django-session model: ``store.get_session(key)`` does no I/O; ``load()`` reads
once and caches; items are read and set like a dict; ``save()`` writes only the items
that changed (so two apps changing different items of one session do not undo each
other) and says whether it wrote; a new session gets its key on the first save.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kinbase.sessions._core import SessionState

if TYPE_CHECKING:
    from kinbase.sessions._async.store import AsyncSessionStore

__all__ = ["AsyncStoredSession"]


class AsyncStoredSession(SessionState):
    """A web session of an :class:`AsyncSessionStore` (see the module)."""

    def __init__(self, store: AsyncSessionStore, key: str | None) -> None:
        super().__init__(key)
        self.store = store

    async def load(self) -> AsyncStoredSession:
        """Read the items once (later calls return at once). An unknown or expired key
        leaves an empty session that gets a new key when saved."""
        if not self._loaded:
            stored = await self.store.read(self._key) if self._key is not None else None
            self._install(stored)
        return self

    async def reload(self) -> AsyncStoredSession:
        """Read the items again, dropping unsaved changes."""
        self._loaded = False
        return await self.load()

    async def save(self) -> bool:
        """Write what changed since the load (and restart the expiry); False when nothing
        changed and nothing was written."""
        if not self._loaded or not self.modified:
            return False
        changed, removed = self._pending()
        key = await self.store.write(self._key, changed, removed)
        self._saved(key)
        return True

    async def delete(self) -> None:
        """Remove the session from the store and empty it here (sign-out)."""
        if self._key is not None:
            await self.store.delete(self._key)
        self._install(None)
