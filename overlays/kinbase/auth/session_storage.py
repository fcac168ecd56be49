"""Where sessions (and PKCE code verifiers) are kept between calls and between runs.

The protocol is supabase_auth's: ``get_item(key)``, ``set_item(key, value)`` and
``remove_item(key)`` over strings, in a sync (:class:`SessionStorage`) or async
(:class:`AsyncSessionStorage`) flavour. An async storage works with the async clients
only; the sync ones work with both.

A storage that also has ``acquire_lock()``/``release_lock(handle)``
(:class:`LockingSessionStorage`) is shared between processes: the client that refreshes
holds that lock, re-reads the stored session and uses it if another process has already
refreshed, so two processes never spend the same refresh token.

- :class:`MemorySessionStorage` (default): a dict, this client only.
- :class:`FileSessionStorage`: one JSON file, mode 0600, atomic replace on every write,
  ``fcntl.flock`` on a ``<file>.lock`` companion for the refresh lock.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import stat
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Protocol, runtime_checkable

from kinbase.errors import InsecureSessionStorageError, SessionStorageError

__all__ = [
    "DEFAULT_STORAGE_KEY",
    "AsyncSessionStorage",
    "FileSessionStorage",
    "LockingSessionStorage",
    "MemorySessionStorage",
    "SessionStorage",
]

#: supabase_auth's key, so that stored sessions carry over.
DEFAULT_STORAGE_KEY = "supabase.auth.token"


@runtime_checkable
class SessionStorage(Protocol):
    def get_item(self, key: str) -> str | None:
        """The value stored under ``key``, or ``None``."""

    def set_item(self, key: str, value: str) -> None:
        """Store ``value`` under ``key``."""

    def remove_item(self, key: str) -> None:
        """Remove ``key`` (nothing happens if it is absent)."""


class AsyncSessionStorage(Protocol):
    async def get_item(self, key: str) -> str | None:
        """The value stored under ``key``, or ``None``."""

    async def set_item(self, key: str, value: str) -> None:
        """Store ``value`` under ``key``."""

    async def remove_item(self, key: str) -> None:
        """Remove ``key`` (nothing happens if it is absent)."""


@runtime_checkable
class LockingSessionStorage(Protocol):
    """A storage shared between processes: a blocking, exclusive, cross-process lock."""

    def acquire_lock(self) -> object:
        """Take the cross-process refresh lock; the handle for :meth:`release_lock`."""

    def release_lock(self, handle: object) -> None:
        """Release the lock :meth:`acquire_lock` took."""


class MemorySessionStorage:
    """The default: a dict private to one client (thread-safe)."""

    def __init__(self) -> None:
        self._items: dict[str, str] = {}
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"<MemorySessionStorage keys={sorted(self._items)}>"

    def get_item(self, key: str) -> str | None:
        """The value stored under ``key``, or ``None``."""
        with self._lock:
            return self._items.get(key)

    def set_item(self, key: str, value: str) -> None:
        """Store ``value`` under ``key``."""
        with self._lock:
            self._items[key] = value

    def remove_item(self, key: str) -> None:
        """Remove ``key`` (nothing happens if it is absent)."""
        with self._lock:
            self._items.pop(key, None)


class FileSessionStorage:
    """Items in one JSON file that only its owner may read (POSIX).

    - Writes go to a temporary file in the same directory (mode 0600), are fsynced and
      renamed over the file: readers see the old or the new content, never half of it.
    - Reading a file that its group or others can access, or that another user owns,
      raises :class:`~kinbase.errors.InsecureSessionStorageError`.
    - ``acquire_lock``/``release_lock`` hold ``fcntl.flock`` on ``<path>.lock``; clients
      hold it while they refresh (see the module doc). Read-modify-write cycles take it
      too, unless this object already holds it.
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self.lock_path = self.path.with_name(self.path.name + ".lock")
        self._mutex = threading.RLock()
        self._held = 0
        self._held_lock = threading.Lock()

    def __repr__(self) -> str:
        return f"<FileSessionStorage {str(self.path)!r}>"

    # -- the cross-process lock -------------------------------------------------------

    def acquire_lock(self) -> object:
        """Take the cross-process refresh lock (blocks until it is free); the handle
        for :meth:`release_lock`."""
        import fcntl

        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = self._open_lock_file()
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
        except BaseException:
            os.close(fd)
            raise
        with self._held_lock:
            self._held += 1
        return fd

    def _open_lock_file(self) -> int:
        """The lock file, never through a symbolic link (another user could plant one to
        make kinbase create or lock a file of its choosing)."""
        try:
            fd = os.open(
                self.lock_path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o600
            )
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                raise InsecureSessionStorageError(
                    f"session lock file {str(self.lock_path)!r} is a symbolic link: refused"
                ) from None
            raise SessionStorageError(
                f"cannot open session lock file {str(self.lock_path)!r}: {exc.strerror}"
            ) from None
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            os.close(fd)
            raise InsecureSessionStorageError(
                f"session lock file {str(self.lock_path)!r} is not a regular file: refused"
            )
        return fd

    def release_lock(self, handle: object) -> None:
        """Release the lock :meth:`acquire_lock` took."""
        import fcntl

        if not isinstance(handle, int):
            raise TypeError("release_lock() takes the handle acquire_lock() returned")
        with self._held_lock:
            self._held -= 1
        try:
            fcntl.flock(handle, fcntl.LOCK_UN)
        finally:
            os.close(handle)

    @contextlib.contextmanager
    def lock(self) -> Iterator[None]:
        """``with storage.lock():`` holds the cross-process lock."""
        handle = self.acquire_lock()
        try:
            yield
        finally:
            self.release_lock(handle)

    # -- items --------------------------------------------------------------------------

    def get_item(self, key: str) -> str | None:
        """The value stored under ``key``, or ``None``."""
        value = self._read().get(key)
        return value if isinstance(value, str) else None

    def set_item(self, key: str, value: str) -> None:
        """Store ``value`` under ``key``."""
        self._update(key, value)

    def remove_item(self, key: str) -> None:
        """Remove ``key`` (nothing happens if it is absent)."""
        self._update(key, None)

    def _update(self, key: str, value: str | None) -> None:
        with self._mutex:
            with self._held_lock:
                held = self._held > 0
            if held:
                self._rewrite(key, value)
            else:
                with self.lock():
                    self._rewrite(key, value)

    def _rewrite(self, key: str, value: str | None) -> None:
        items = self._read()
        if value is None:
            if key not in items:
                return
            items.pop(key)
        else:
            items[key] = value
        self._write(items)

    def _read(self) -> dict[str, object]:
        try:
            fd = os.open(self.path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        except FileNotFoundError:
            return {}
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                raise InsecureSessionStorageError(
                    f"session file {str(self.path)!r} is a symbolic link: refused"
                ) from None
            raise SessionStorageError(
                f"cannot read session file {str(self.path)!r}: {exc.strerror}"
            ) from None
        with os.fdopen(fd, "rb") as handle:
            info = os.fstat(handle.fileno())
            self._check_private(info)
            content = handle.read()
        if not content.strip():
            return {}
        try:
            data = json.loads(content)
        except ValueError:
            raise SessionStorageError(
                f"session file {str(self.path)!r} is not valid JSON"
            ) from None
        if not isinstance(data, dict):
            raise SessionStorageError(f"session file {str(self.path)!r} is not a JSON object")
        return data

    def _check_private(self, info: os.stat_result) -> None:
        if not stat.S_ISREG(info.st_mode):
            raise InsecureSessionStorageError(f"{str(self.path)!r} is not a regular file")
        if hasattr(os, "getuid") and info.st_uid != os.getuid():
            raise InsecureSessionStorageError(
                f"session file {str(self.path)!r} belongs to another user: refused"
            )
        if info.st_mode & 0o077:
            raise InsecureSessionStorageError(
                f"session file {str(self.path)!r} has mode {stat.S_IMODE(info.st_mode):04o}; "
                "others could read its tokens: refused (chmod 600 it)"
            )

    def _write(self, items: dict[str, object]) -> None:
        try:
            self._write_file(items)
        except OSError as exc:  # disk full, read-only, permissions: kinbase's error
            raise SessionStorageError(
                f"cannot write session file {str(self.path)!r}: {exc.strerror or exc}"
            ) from None

    def _write_file(self, items: dict[str, object]) -> None:
        directory = self.path.parent
        directory.mkdir(parents=True, exist_ok=True)
        data = json.dumps(items, separators=(",", ":")).encode("utf-8")
        fd, temp = tempfile.mkstemp(dir=directory, prefix=f".{self.path.name}.", suffix=".tmp")
        try:
            os.fchmod(fd, 0o600)
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temp, self.path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temp)
            raise
