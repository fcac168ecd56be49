"""Service-role authentication for the admin API: a fixed key, or short-lived HS256 JWTs
minted with PyJWT from the server's JWT secret (never written anywhere)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Generator

import httpx

__all__ = ["ServiceRoleAuth"]

#: Lifetime of a minted token, and how long before its expiry a new one is minted.
MINTED_LIFETIME = 60
RENEW_BEFORE = 10


class ServiceRoleAuth(httpx.Auth):
    """``Authorization: Bearer <service key or minted JWT>`` (plus ``apikey`` for a key,
    as the hosted gateway wants). Works with sync and async clients (no I/O)."""

    def __init__(
        self,
        *,
        service_key: str | None = None,
        jwt_secret: str | bytes | None = None,
        lifetime: int = MINTED_LIFETIME,
        clock: Callable[[], float] = time.time,
    ) -> None:
        if (service_key is None) == (jwt_secret is None):
            raise ValueError("give exactly one of service_key and jwt_secret")
        self._key = service_key
        self._secret = jwt_secret
        self._lifetime = lifetime
        self._clock = clock
        self._lock = threading.Lock()
        self._minted: tuple[str, int] | None = None

    def __repr__(self) -> str:
        kind = "service key" if self._key is not None else "minted JWTs"
        return f"<ServiceRoleAuth {kind}>"

    def token(self) -> str:
        if self._key is not None:
            return self._key
        assert self._secret is not None
        from kinbase.auth._jose import mint_service_role

        now = self._clock()
        with self._lock:
            if self._minted is None or self._minted[1] - RENEW_BEFORE <= now:
                self._minted = mint_service_role(self._secret, lifetime=self._lifetime, now=now)
            return self._minted[0]

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["Authorization"] = f"Bearer {self.token()}"
        if self._key is not None and "apikey" not in request.headers:
            request.headers["apikey"] = self._key
        yield request
