"""``AsyncPostgresSessionStore``: web sessions and refresh leases in PostgreSQL (psycopg 3).

Two tables and a sequence (made on first use, ``IF NOT EXISTS``, under an advisory lock):

- ``<prefix>sessions(key text primary key, data jsonb, expires_at timestamptz)``: one
  row per session; a save merges only the changed items into ``data`` in one statement
  (``data || changed - removed``), so two apps changing different items at once keep both.
  Expired rows are never read; :meth:`clear_expired` deletes them.
- ``<prefix>locks(name text primary key, fence bigint, expires_at timestamptz)``: a lease
  is the row's lock taken by an ``INSERT ... ON CONFLICT DO UPDATE ... WHERE expires_at <=
  now``: it succeeds only when nobody holds the lock or the holder's lease lapsed, and
  takes a new fencing token from the sequence ``<prefix>fences`` (one for the store: it
  only grows, so :meth:`clear_expired` may delete lapsed lock rows). A fenced write joins
  the lock row in the same statement.

Times are the server's ``clock_timestamp()``: hosts' clocks never disagree about a lease.
Needs the ``postgresql`` extra: ``pip install 'kinbase[postgresql]'``.
"""

from __future__ import annotations

import re
from typing import Any

import psycopg
from psycopg.types.json import Jsonb

from kinbase.errors import InvalidInputError, SessionStorageError
from kinbase.sessions._async.store import AsyncSessionStore
from kinbase.sessions._core import DEFAULT_LOCK_TTL, DEFAULT_MAX_AGE, AsyncOnceLock

__all__ = ["AsyncPostgresSessionStore"]

_PREFIX_RE = re.compile(r"[a-z_][a-z0-9_]{0,40}")
#: Advisory lock key serialising the CREATE TABLE of concurrent first users.
_DDL_LOCK = 0x6B696E62


class AsyncPostgresSessionStore(AsyncSessionStore):
    """Sessions in PostgreSQL: ``AsyncPostgresSessionStore("postgresql://...")`` opens one
    autocommit connection on first use (closed by :meth:`aclose`); psycopg serialises its
    queries, so one store serves every task (the sync ``PostgresSessionStore``: every
    thread). ``prefix`` names the tables (``kinbase_sessions``, ``kinbase_locks``).
    """

    def __init__(
        self,
        conninfo: str,
        *,
        prefix: str = "kinbase_",
        max_age: float = DEFAULT_MAX_AGE,
        lock_ttl: float = DEFAULT_LOCK_TTL,
        connect_timeout: float = 10.0,
    ) -> None:
        super().__init__(max_age=max_age, lock_ttl=lock_ttl)
        if not _PREFIX_RE.fullmatch(prefix):
            raise InvalidInputError("prefix must be a lower-case SQL identifier start")
        self._conninfo = conninfo
        self._timeout = connect_timeout
        self._sessions = f"{prefix}sessions"
        self._locks = f"{prefix}locks"
        self._fences = f"{prefix}fences"
        self._conn: Any = None
        self._opening = AsyncOnceLock()

    def __repr__(self) -> str:
        try:
            info = psycopg.conninfo.conninfo_to_dict(self._conninfo)
            where = f"{info.get('host', 'local')}:{info.get('port', 5432)}/{info.get('dbname', '')}"
        except psycopg.Error:
            where = "?"
        return f"<{type(self).__name__} {where}>"

    async def aclose(self) -> None:
        """Close the connection (a later call opens a new one)."""
        conn, self._conn = self._conn, None
        if conn is not None:
            await conn.close()

    async def __aenter__(self) -> AsyncPostgresSessionStore:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    def _fail(self, exc: psycopg.Error) -> SessionStorageError:
        # psycopg messages can quote the conninfo; say what failed and no more
        kind = type(exc).__name__
        state = getattr(exc, "sqlstate", None)
        return SessionStorageError(
            f"PostgreSQL session store {self!r}: {kind}" + (f" (SQLSTATE {state})" if state else "")
        )

    async def _connection(self) -> Any:
        if self._conn is not None and not self._conn.closed:
            return self._conn
        async with self._opening:
            if self._conn is None or self._conn.closed:
                try:
                    conn = await psycopg.AsyncConnection.connect(
                        self._conninfo, autocommit=True, connect_timeout=int(self._timeout)
                    )
                    await self._create_tables(conn)
                except psycopg.Error as exc:
                    raise self._fail(exc) from None
                self._conn = conn
        return self._conn

    async def _create_tables(self, conn: Any) -> None:
        async with conn.transaction():
            await conn.execute("SELECT pg_advisory_xact_lock(%s)", (_DDL_LOCK,))
            await conn.execute(
                f"CREATE TABLE IF NOT EXISTS {self._sessions} ("
                " key text PRIMARY KEY, data jsonb NOT NULL,"
                " expires_at timestamptz NOT NULL)"
            )
            await conn.execute(
                f"CREATE INDEX IF NOT EXISTS {self._sessions}_expires"
                f" ON {self._sessions} (expires_at)"
            )
            await conn.execute(
                f"CREATE TABLE IF NOT EXISTS {self._locks} ("
                " name text PRIMARY KEY, fence bigint NOT NULL,"
                " expires_at timestamptz NOT NULL)"
            )
            await conn.execute(f"CREATE SEQUENCE IF NOT EXISTS {self._fences}")

    async def _query(self, sql: str, params: tuple[Any, ...]) -> list[tuple[Any, ...]]:
        conn = await self._connection()
        try:
            cursor = await conn.execute(sql, params)
            rows = await cursor.fetchall() if cursor.description is not None else []
        except psycopg.Error as exc:
            if conn.closed:
                self._conn = None  # the next call reconnects
            raise self._fail(exc) from None
        return list(rows)

    async def _read(self, key: str) -> dict[str, str] | None:
        rows = await self._query(
            f"SELECT data FROM {self._sessions} WHERE key = %s AND expires_at > clock_timestamp()",
            (key,),
        )
        if not rows:
            return None
        data = rows[0][0]
        return {name: value for name, value in data.items() if isinstance(value, str)}

    async def _write(
        self, key: str, changed: dict[str, str], removed: set[str], *, create: bool
    ) -> bool:
        ttl = f"{self.max_age} seconds"
        if create:
            rows = await self._query(
                f"INSERT INTO {self._sessions} (key, data, expires_at)"
                " VALUES (%s, %s, clock_timestamp() + %s::interval)"
                " ON CONFLICT (key) DO UPDATE SET data = EXCLUDED.data,"
                "  expires_at = EXCLUDED.expires_at"
                f" WHERE {self._sessions}.expires_at <= clock_timestamp() RETURNING 1",
                (key, Jsonb(changed), ttl),
            )
            return bool(rows)
        await self._query(
            f"INSERT INTO {self._sessions} AS s (key, data, expires_at)"
            " VALUES (%s, %s, clock_timestamp() + %s::interval)"
            " ON CONFLICT (key) DO UPDATE SET"
            "  data = CASE WHEN s.expires_at <= clock_timestamp() THEN EXCLUDED.data"
            "         ELSE (s.data || EXCLUDED.data) - %s::text[] END,"
            "  expires_at = EXCLUDED.expires_at",
            (key, Jsonb(changed), ttl, sorted(removed)),
        )
        return True

    async def _delete(self, key: str) -> None:
        await self._query(f"DELETE FROM {self._sessions} WHERE key = %s", (key,))

    async def clear_expired(self) -> int:
        """Delete the expired sessions and the lapsed lock rows (a fencing token is never
        given twice, so a forgotten lock row lets no late writer through); returns the
        sessions deleted. Call it from time to time (a cron job, a periodic task)."""
        rows = await self._query(
            f"DELETE FROM {self._sessions} WHERE expires_at <= clock_timestamp() RETURNING 1",
            (),
        )
        await self._query(f"DELETE FROM {self._locks} WHERE expires_at <= clock_timestamp()", ())
        return len(rows)

    async def _try_lock(self, name: str, ttl: float) -> int | None:
        rows = await self._query(
            f"INSERT INTO {self._locks} AS l (name, fence, expires_at)"
            f" VALUES (%s, nextval('{self._fences}'), clock_timestamp() + %s::interval)"
            " ON CONFLICT (name) DO UPDATE SET fence = EXCLUDED.fence,"
            "  expires_at = EXCLUDED.expires_at"
            " WHERE l.expires_at <= clock_timestamp() RETURNING fence",
            (name, f"{ttl} seconds"),
        )
        return int(rows[0][0]) if rows else None

    async def _unlock(self, name: str, fence: int) -> None:
        # The row stays (its fence keeps growing); the lease ends now.
        await self._query(
            f"UPDATE {self._locks} SET expires_at = clock_timestamp()"
            " WHERE name = %s AND fence = %s",
            (name, fence),
        )

    async def _write_fenced(self, key: str, name: str, fence: int, changed: dict[str, str]) -> bool:
        rows = await self._query(
            f"WITH lease AS (SELECT 1 FROM {self._locks} WHERE name = %s AND fence = %s"
            "  AND expires_at > clock_timestamp() FOR UPDATE)"
            f" INSERT INTO {self._sessions} AS s (key, data, expires_at)"
            " SELECT %s, %s, clock_timestamp() + %s::interval FROM lease"
            " ON CONFLICT (key) DO UPDATE SET data = s.data || EXCLUDED.data,"
            "  expires_at = EXCLUDED.expires_at RETURNING 1",
            (name, fence, key, Jsonb(changed), f"{self.max_age} seconds"),
        )
        return bool(rows)
