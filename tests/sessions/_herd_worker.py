"""Subprocess for the herd tests: many tasks of one process share a session kept in a
Redis or PostgreSQL store, and each makes a request with it.

    python -m tests.sessions._herd_worker KIND STORE_URL SESSION_KEY AUTH_URL TASKS GO_FILE

KIND is ``redis`` or ``postgres``. The worker builds its client, then waits (bounded) for
GO_FILE to exist so that every process starts at once; each of TASKS tasks calls
``get_user()`` (the expired token is refreshed first, single flight across the
processes). Prints one JSON line: ``{"answered": n, "errors": [...], "refreshes": n,
"tokens": [distinct access-token fingerprints], "leases": n, "first_answer_at": t,
"last_answer_at": t}`` (wall-clock seconds).
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import sys
import time
from pathlib import Path
from typing import Any

from kinbase.auth import AsyncAuthClient
from kinbase.sessions import AsyncPostgresSessionStore, AsyncRedisSessionStore

GO_TIMEOUT = 60.0


def build_store(kind: str, url: str, lock_ttl: float = 5.0) -> Any:
    if kind == "redis":
        return AsyncRedisSessionStore(url, prefix="herd:", lock_ttl=lock_ttl)
    return AsyncPostgresSessionStore(url, lock_ttl=lock_ttl)


async def main() -> None:
    kind, url, key, auth_url, tasks, go = sys.argv[1:7]
    store = build_store(kind, url)
    client = AsyncAuthClient(auth_url, storage=store.auth_storage(key), refresh_margin=0)
    await store.read(key)  # connect before the start line, like a warm server process
    deadline = time.monotonic() + GO_TIMEOUT
    while not Path(go).exists():
        if time.monotonic() > deadline:
            raise SystemExit("no go signal")
        await asyncio.sleep(0.01)
    errors: list[str] = []
    tokens: set[str] = set()
    answered_at: list[float] = []  # wall-clock times, for bench.web

    async def one() -> None:
        try:
            session = await client.get_session()
            assert session is not None
            user = await client.get_user()
            assert user is not None
            tokens.add(hashlib.sha256(session.access_token.encode()).hexdigest()[:12])
            answered_at.append(time.time())
        except Exception as exc:
            errors.append(f"{type(exc).__name__}: {exc}")

    await asyncio.gather(*(one() for _ in range(int(tasks))))
    report = {
        "answered": int(tasks) - len(errors),
        "errors": errors[:5],
        "refreshes": client.session_manager.refresh_count,
        "tokens": sorted(tokens),
        "leases": store.leases_granted,
        "first_answer_at": min(answered_at, default=None),
        "last_answer_at": max(answered_at, default=None),
    }
    await client.aclose()
    await store.aclose()
    print(json.dumps(report))


if __name__ == "__main__":
    asyncio.run(main())
