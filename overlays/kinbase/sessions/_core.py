"""Sans-I/O parts of the session stores: keys, item encoding, leases, the lazy session state.

A *web session* is what a browser's session cookie names: a key and a flat mapping of
items (JSON values), stored under that key in a shared store (Redis, PostgreSQL) with an
expiry. The kinbase auth session (the user's tokens) is one of its items. The drivers in
``_async/`` (and their generated ``_sync/`` twins) do the I/O; this module decides.
"""

from __future__ import annotations

import asyncio
import json
import re
import secrets
import threading
import time
import urllib.parse
from collections.abc import Iterator, Mapping, MutableMapping
from typing import Any, Final

from kinbase.errors import InvalidInputError, SessionStorageError

__all__ = [
    "DEFAULT_LOCK_TTL",
    "DEFAULT_MAX_AGE",
    "AsyncOnceLock",
    "Lease",
    "OnceLock",
    "SessionState",
    "async_sleep",
    "check_key",
    "decode_item",
    "encode_item",
    "lease_backoff",
    "new_session_key",
    "redact_url",
    "sleep",
]

#: A web session lives this long after its last save (Django's default: two weeks).
DEFAULT_MAX_AGE: Final = 14 * 24 * 3600
#: Seconds a refresh lock is held at most: a holder that dies blocks nobody longer.
DEFAULT_LOCK_TTL: Final = 10.0
#: Session keys: what :func:`new_session_key` makes, or any 20-128 URL-safe characters.
_KEY_RE: Final = re.compile(r"[A-Za-z0-9_-]{20,128}")

#: What the drivers wait with between two tries of a held lock (``_sync``: blocking).
sleep = time.sleep
#: One lazily opened connection per store (threads in ``_sync``, tasks in ``_async``).
OnceLock = threading.Lock
AsyncOnceLock = asyncio.Lock


async def async_sleep(seconds: float) -> None:
    await asyncio.sleep(seconds)


def new_session_key() -> str:
    """A fresh random session key (256 bits, URL-safe)."""
    return secrets.token_urlsafe(32)


def check_key(key: object) -> str:
    """``key`` if it can name a session, else a clear :class:`InvalidInputError`.

    The message never repeats the key (a session key is a bearer secret)."""
    if not isinstance(key, str) or not _KEY_RE.fullmatch(key):
        raise InvalidInputError(
            "a session key is 20-128 characters from A-Z a-z 0-9 _ - "
            f"(got a {type(key).__name__} of {len(key) if isinstance(key, str) else 0} chars)"
        )
    return key


def encode_item(value: Any) -> str:
    try:
        return json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    except (TypeError, ValueError) as exc:
        raise InvalidInputError(f"session values must be JSON: {exc}") from None


def decode_item(raw: str | bytes) -> Any:
    try:
        return json.loads(raw)
    except ValueError:
        raise SessionStorageError("a stored session item is not valid JSON") from None


def redact_url(url: str) -> str:
    """``url`` without its password (for reprs and messages)."""
    try:
        parts = urllib.parse.urlsplit(url)
    except ValueError:
        return "<unparsable url>"
    if parts.password is None:
        return url
    netloc = parts.netloc.rsplit("@", 1)[1]
    user = parts.username or ""
    return urllib.parse.urlunsplit(parts._replace(netloc=f"{user}:***@{netloc}"))


class Lease:
    """A held lock: its name, its fencing token (grows with every grant of the same lock)
    and the monotonic time by which it lapses on its own."""

    __slots__ = ("expires", "fence", "name")

    def __init__(self, name: str, fence: int, ttl: float) -> None:
        self.name = name
        self.fence = fence
        self.expires = time.monotonic() + ttl

    def __repr__(self) -> str:
        # the name holds the session key (a bearer secret): only its kind is shown
        return f"<Lease {self.name.split(':', 1)[0]} fence={self.fence}>"


def lease_backoff(attempt: int) -> float:
    """Pause before the next try of a held lock: 10 ms doubling to 200 ms, jittered."""
    base = min(0.01 * (2.0 ** min(attempt, 16)), 0.2)
    return float(base * (0.5 + secrets.randbelow(1000) / 1000))


class _NotLoaded(InvalidInputError):
    pass


class SessionState(MutableMapping[str, Any]):
    """The in-memory side of a lazy web session: its key, its items once loaded, and what
    changed since (only the changed items are written back)."""

    def __init__(self, key: str | None) -> None:
        self._key = check_key(key) if key is not None else None
        self._items: dict[str, Any] = {}
        self._loaded = False
        self._changed: set[str] = set()
        self._removed: set[str] = set()

    def __repr__(self) -> str:
        state = "loaded" if self._loaded else "not loaded"
        return f"<{type(self).__name__} {state} items={sorted(self._items)}>"

    @property
    def key(self) -> str | None:
        """The session key (None until the first save of a new session)."""
        return self._key

    @property
    def loaded(self) -> bool:
        """Whether the stored session was read already."""
        return self._loaded

    @property
    def modified(self) -> bool:
        """Something changed since the load or the last save."""
        return bool(self._changed or self._removed)

    def _need_loaded(self) -> None:
        if not self._loaded:
            raise _NotLoaded("load() the session before reading or changing its items")

    def _install(self, stored: Mapping[str, str] | None) -> None:
        """What the store returned for this key (None: no such live session)."""
        if stored is None:
            self._key = None  # unknown or expired: the next save makes a new key
            self._items = {}
        else:
            self._items = {name: decode_item(raw) for name, raw in stored.items()}
        self._loaded = True
        self._changed.clear()
        self._removed.clear()

    def _pending(self) -> tuple[dict[str, str], set[str]]:
        changed = {name: encode_item(self._items[name]) for name in self._changed}
        return changed, set(self._removed)

    def _saved(self, key: str) -> None:
        self._key = key
        self._changed.clear()
        self._removed.clear()

    # -- the mapping ----------------------------------------------------------------------

    def __getitem__(self, name: str) -> Any:
        self._need_loaded()
        return self._items[name]

    def __setitem__(self, name: str, value: Any) -> None:
        self._need_loaded()
        if not isinstance(name, str) or not name:
            raise InvalidInputError("session item names are non-empty strings")
        encode_item(value)  # refuse what cannot be stored now, not at save()
        if name in self._items and self._items[name] == value:
            return
        self._items[name] = value
        self._changed.add(name)
        self._removed.discard(name)

    def __delitem__(self, name: str) -> None:
        self._need_loaded()
        del self._items[name]
        self._changed.discard(name)
        self._removed.add(name)

    def __iter__(self) -> Iterator[str]:
        self._need_loaded()
        return iter(list(self._items))

    def __len__(self) -> int:
        self._need_loaded()
        return len(self._items)
