"""The kinbase clients of the Django example: one per process, one per I/O mode.

Sync views use ``client`` (threads); async views, when Django runs under ASGI, use
``async_client``. Both keep sessions in the same Redis store as the Starlette and Flask
examples.
"""

from __future__ import annotations

import os

import kinbase
from kinbase.sessions import AsyncRedisSessionStore, RedisSessionStore

_common = {
    "auth_url": os.environ["KINBASE_AUTH_URL"],
    "storage_url": os.environ["KINBASE_STORAGE_URL"],
    "jwt_secret": os.environ.get("KINBASE_JWT_SECRET"),
}
client = kinbase.Client(session_store=RedisSessionStore(os.environ["KINBASE_REDIS_URL"]), **_common)
async_client = kinbase.AsyncClient(
    session_store=AsyncRedisSessionStore(os.environ["KINBASE_REDIS_URL"]), **_common
)
