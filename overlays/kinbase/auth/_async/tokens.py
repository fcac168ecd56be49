"""The refresh grant, sent with the auth client's own httpx client."""

from __future__ import annotations

import httpx

from kinbase.auth import _requests
from kinbase.auth._async._send import async_send
from kinbase.auth.types import Session
from kinbase.errors import InvalidRefreshTokenError, ValidationFailedError

__all__ = ["AsyncTokenEndpoint"]


class AsyncTokenEndpoint:
    """``POST /token?grant_type=refresh_token`` and nothing else.

    ``idempotent_refresh`` marks the request as safe to resend after it may have reached
    the server (see ``refresh_reuse_interval`` on the client): only then does the transport
    retry a refresh whose response was lost.
    """

    def __init__(self, http: httpx.AsyncClient, *, idempotent_refresh: bool = False) -> None:
        self._http = http
        self._idempotent = idempotent_refresh

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self._http.base_url}>"

    async def refresh(self, refresh_token: str) -> Session:
        kwargs = _requests.refresh(refresh_token, idempotent=self._idempotent)
        try:
            response = await async_send(self._http, kwargs)
        except ValidationFailedError as exc:  # a token GoTrue cannot read: the session is dead
            raise InvalidRefreshTokenError.from_error(exc) from None
        return _requests.parse_session(response)

    async def aclose(self) -> None:
        await self._http.aclose()
