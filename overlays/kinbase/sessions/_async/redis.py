"""``AsyncRedisSessionStore``: web sessions and refresh leases in Redis (redis-py).

- A session is a hash ``<prefix>s:<key>`` (one field per item, JSON text) with a
  ``PEXPIRE`` of ``max_age`` restarted by every save: Redis drops expired sessions itself.
  Changed items are written with ``HSET``/``HDEL`` in one script, so two apps changing
  different items of one session at once keep both changes.
- A lease is ``SET <prefix>lock:<name> <fence> NX PX <ttl>``-like, done in a script that
  takes the fencing token from ``INCR <prefix>fence``: one counter for the whole store,
  so it only grows and nothing is kept per session once its lease lapses. A fenced write
  checks, in the same script, that the lock still holds the writer's token.

Needs the ``redis`` extra: ``pip install 'kinbase[redis]'``.
"""

from __future__ import annotations

from typing import Any

import redis.asyncio as redis_driver
from redis.exceptions import RedisError

from kinbase.errors import SessionStorageError
from kinbase.sessions._async.store import AsyncSessionStore
from kinbase.sessions._core import DEFAULT_LOCK_TTL, DEFAULT_MAX_AGE, redact_url

__all__ = ["AsyncRedisSessionStore"]

# KEYS[1] session hash; ARGV: create (0/1), ttl ms, n changed, names/values..., removed...
_WRITE = """
if ARGV[1] == '1' and redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
local n = tonumber(ARGV[3])
for i = 0, n - 1 do redis.call('HSET', KEYS[1], ARGV[4 + 2 * i], ARGV[5 + 2 * i]) end
for i = 4 + 2 * n, #ARGV do redis.call('HDEL', KEYS[1], ARGV[i]) end
if redis.call('EXISTS', KEYS[1]) == 0 then redis.call('HSET', KEYS[1], '', '') end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1
"""
# KEYS[1] lock, KEYS[2] fence counter; ARGV[1] ttl ms
_LOCK = """
if redis.call('EXISTS', KEYS[1]) == 1 then return false end
local fence = redis.call('INCR', KEYS[2])
redis.call('SET', KEYS[1], fence, 'PX', ARGV[1])
return fence
"""
# KEYS[1] lock; ARGV[1] fence
_UNLOCK = """
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
return 1
"""
# KEYS[1] lock, KEYS[2] session hash; ARGV: fence, ttl ms, names/values...
_WRITE_FENCED = """
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
for i = 3, #ARGV, 2 do redis.call('HSET', KEYS[2], ARGV[i], ARGV[i + 1]) end
redis.call('PEXPIRE', KEYS[2], ARGV[2])
return 1
"""


class AsyncRedisSessionStore(AsyncSessionStore):
    """Sessions in Redis: ``AsyncRedisSessionStore("redis://host:6379/0")`` or
    ``AsyncRedisSessionStore(client=redis_client)`` (a ``redis.asyncio.Redis``; the sync
    ``RedisSessionStore`` takes a ``redis.Redis``). ``prefix`` starts every key it uses.
    A client it made itself (a pool of at most ``max_connections``, callers waiting up to
    ``pool_timeout`` seconds for one) is closed by :meth:`aclose`.
    """

    def __init__(
        self,
        url: str | None = None,
        *,
        client: Any = None,
        prefix: str = "kinbase:",
        max_age: float = DEFAULT_MAX_AGE,
        lock_ttl: float = DEFAULT_LOCK_TTL,
        max_connections: int = 50,
        pool_timeout: float = 10.0,
    ) -> None:
        super().__init__(max_age=max_age, lock_ttl=lock_ttl)
        if (url is None) == (client is None):
            raise SessionStorageError("give a Redis url or a client=, not both or neither")
        self.prefix = prefix
        self._where = redact_url(url) if url is not None else repr(client)
        self._owns = client is None
        self.client: Any = client
        if url is not None:
            # a bounded pool whose callers wait (at most pool_timeout) for a connection
            # rather than fail when a burst of requests wants more than max_connections
            pool = redis_driver.BlockingConnectionPool.from_url(
                url, max_connections=max_connections, timeout=pool_timeout
            )
            # from_pool: closing the client closes the pool too (a client given a pool
            # otherwise leaves its connections open when closed)
            self.client = redis_driver.Redis.from_pool(pool)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self._where}>"

    async def aclose(self) -> None:
        """Close the connections (only those of a client this store made)."""
        if self._owns:
            await self.client.aclose()

    async def __aenter__(self) -> AsyncRedisSessionStore:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    def _session(self, key: str) -> str:
        return f"{self.prefix}s:{key}"

    async def _run(self, script: str, keys: list[str], args: list[Any]) -> Any:
        try:
            return await self.client.eval(script, len(keys), *keys, *args)
        except RedisError as exc:
            raise SessionStorageError(
                f"Redis session store {self._where}: {type(exc).__name__}"
            ) from None

    async def _read(self, key: str) -> dict[str, str] | None:
        try:
            raw = await self.client.hgetall(self._session(key))
        except RedisError as exc:
            raise SessionStorageError(
                f"Redis session store {self._where}: {type(exc).__name__}"
            ) from None
        if not raw:
            return None
        items = {_text(name): _text(value) for name, value in raw.items()}
        items.pop("", None)  # the placeholder that keeps an empty session alive
        return items

    async def _write(
        self, key: str, changed: dict[str, str], removed: set[str], *, create: bool
    ) -> bool:
        args: list[Any] = ["1" if create else "0", int(self.max_age * 1000), len(changed)]
        for name, value in changed.items():
            args += [name, value]
        args += sorted(removed)
        return bool(await self._run(_WRITE, [self._session(key)], args))

    async def _delete(self, key: str) -> None:
        await self._run("return redis.call('DEL', KEYS[1])", [self._session(key)], [])

    async def _try_lock(self, name: str, ttl: float) -> int | None:
        keys = [f"{self.prefix}lock:{name}", f"{self.prefix}fence"]
        fence = await self._run(_LOCK, keys, [max(int(ttl * 1000), 1)])
        return None if fence is None else int(fence)

    async def _unlock(self, name: str, fence: int) -> None:
        await self._run(_UNLOCK, [f"{self.prefix}lock:{name}"], [fence])

    async def _write_fenced(self, key: str, name: str, fence: int, changed: dict[str, str]) -> bool:
        args: list[Any] = [fence, int(self.max_age * 1000)]
        for item, value in changed.items():
            args += [item, value]
        keys = [f"{self.prefix}lock:{name}", self._session(key)]
        return bool(await self._run(_WRITE_FENCED, keys, args))


def _text(value: str | bytes) -> str:
    return value.decode("utf-8") if isinstance(value, bytes) else value
