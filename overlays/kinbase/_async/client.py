"""AsyncClient: one session for both APIs (``.auth`` GoTrue, ``.storage`` Kinto).

The sync ``Client`` is generated from this file (scripts/unasync.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self

from kinbase._http.config import RetryTypes, TimeoutTypes, VerifyTypes
from kinbase.auth._async.client import AsyncAuthClient
from kinbase.storage._async.client import AsyncStorageClient

__all__ = ["AsyncClient"]


class AsyncClient:
    """``auth`` signs the user in; ``storage`` sends every request with that session's
    access token, refreshed ahead of expiry (and once on a 401) without the caller
    noticing.

    ``auth_options`` go to :class:`~kinbase.auth.AsyncAuthClient` (``storage=``,
    ``service_key=``, ``refresh_margin=``...); ``bucket``/``collection`` are the storage
    client's defaults. ``headers``, ``timeout``, ``retry`` and ``verify`` apply to both.
    """

    def __init__(
        self,
        *,
        auth_url: str,
        storage_url: str,
        bucket: str | None = "default",
        collection: str | None = None,
        headers: Mapping[str, str] | None = None,
        timeout: TimeoutTypes = 30.0,
        retry: RetryTypes = None,
        verify: VerifyTypes = True,
        **auth_options: Any,
    ) -> None:
        self.auth = AsyncAuthClient(
            auth_url, headers=headers, timeout=timeout, retry=retry, verify=verify, **auth_options
        )
        self.storage = AsyncStorageClient(
            storage_url,
            auth=self.auth,
            bucket=bucket,
            collection=collection,
            headers=headers,
            timeout=timeout,
            retry=retry,
            verify=verify,
        )

    def __repr__(self) -> str:
        return f"<{type(self).__name__} auth={self.auth!r} storage={self.storage!r}>"

    async def aclose(self) -> None:
        await self.storage.close()
        await self.auth.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()
