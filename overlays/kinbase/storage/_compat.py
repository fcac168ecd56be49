"""kinto-http.py's spellings on the storage clients (sans-I/O).

- :class:`SessionInfo`: the read-only ``client.session`` (``server_url``, ``auth``,
  ``nb_retry``, ``retry_after``, ``timeout``, ``headers``, ``dry_mode``) of kinto-http's
  ``Session``; changing it, or asking for what kinbase does not keep there, is refused with a
  message naming the kinbase way;
- :func:`dry_answer`: what a client built with ``dry_mode=True`` answers instead of sending
  (kinto-http logs ``(dry mode) <METHOD> <URL>`` at DEBUG and answers 200 ``{}``; so does
  kinbase, on the ``kinbase.storage`` logger, the URL without secrets);
- :func:`check_retry_after` and :func:`refuse_session` for the constructor options.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, NoReturn

import httpx

from kinbase._http.auth import BearerTokenAuth, HeaderAuth
from kinbase._http.config import ClientConfig
from kinbase._redact import redact_url
from kinbase.errors import InvalidInputError
from kinbase.storage._results import PLACEHOLDER

__all__ = ["DRY_MODE_LOGGER", "SessionInfo", "check_retry_after", "dry_answer", "refuse_session"]

#: Where dry-mode requests are recorded (DEBUG), as kinto-http logs them on its own logger.
DRY_MODE_LOGGER = logging.getLogger("kinbase.storage")

_ELSEWHERE = {
    "request": "call the client's methods (or client.generated with the generated functions)",
    "backoff": "the retry transport honours the server's Backoff; see RetryPolicy("
    "on_server_backoff=...)",
    "_session": "kinbase sends with one httpx client per client; pass http_client= to use yours",
}


class SessionInfo:
    """kinto-http's ``client.session``, read-only: what the client was built with.

    ``server_url`` (the ``.../v1`` root), ``auth`` (as kinto-http holds it: a
    ``(user, password)`` tuple for Basic auth, a :class:`~kinbase.BearerTokenAuth` for
    ``"<Scheme> <token>"``, otherwise what was given), ``nb_retry``, ``retry_after``,
    ``timeout``, ``headers`` (a read-only mapping) and ``dry_mode``. To change any of them,
    ``client.clone(...)`` with the new value.
    """

    __slots__ = ("_config", "_options")
    _options: Mapping[str, Any]
    _config: ClientConfig

    def __init__(self, options: Mapping[str, Any], config: ClientConfig) -> None:
        object.__setattr__(self, "_options", options)
        object.__setattr__(self, "_config", config)

    @property
    def server_url(self) -> str:
        """The Kinto root URL (``.../v1``), credentials removed."""
        return str(self._config.base_url)

    @property
    def auth(self) -> Any:
        """The auth this client sends, in kinto-http's form (see the class doc)."""
        given = self._options.get("auth")
        if isinstance(given, str):
            user, sep, password = given.partition(":")
            resolved = self._config.auth
            if isinstance(resolved, HeaderAuth) and not isinstance(resolved, BearerTokenAuth):
                scheme, _, token = given.strip().partition(" ")
                return BearerTokenAuth(token.strip(), type=scheme)
            if sep:
                return (user, password)
        return given

    @property
    def nb_retry(self) -> int:
        """How many times a failed request may be sent again (the policy's attempts - 1)."""
        return int(self._config.retry.max_attempts) - 1

    @property
    def retry_after(self) -> float | None:
        """The fixed wait between retries given as ``retry_after=`` (``None``: the server's)."""
        value = self._config.retry.retry_after
        return None if value is None else float(value)

    @property
    def timeout(self) -> Any:
        """The ``timeout=`` the client was built with."""
        return self._options.get("timeout")

    @property
    def headers(self) -> Mapping[str, str]:
        """The headers sent with every request (read-only)."""
        return MappingProxyType(dict(self._options.get("headers") or {}))

    @property
    def dry_mode(self) -> bool:
        """Whether requests are only built and logged, never sent."""
        return bool(self._options.get("dry_mode"))

    def __setattr__(self, name: str, value: object) -> NoReturn:
        raise AttributeError(
            f"client.session.{name} is read-only in kinbase: make a client with the new value "
            f"with client.clone({name.replace('nb_retry', 'retry')}=...)"
        )

    def __getattr__(self, name: str) -> NoReturn:
        hint = _ELSEWHERE.get(name, "see docs/migration-kinto-http.md")
        raise AttributeError(f"kinbase's client.session has no {name!r}: {hint}")

    def __repr__(self) -> str:
        return f"<SessionInfo {redact_url(self.server_url)} dry_mode={self.dry_mode}>"


def check_retry_after(value: object) -> float | None:
    """``retry_after=``: ``None`` or a finite number of seconds >= 0."""
    if value is None:
        return None
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not (value >= 0 and math.isfinite(value))
    ):
        raise InvalidInputError(f"retry_after must be a number of seconds >= 0, got {value!r}")
    return float(value)


def refuse_session(session: object) -> None:
    """kinto-http's ``session=`` (a ``kinto_http.Session``) has no kinbase counterpart."""
    if session is not None:
        raise InvalidInputError(
            "session= is kinto-http's requests session: kinbase clients own an httpx "
            "client; share one with client.clone(...) (same connections), or pass "
            "http_client=httpx.Client(...) (httpx.AsyncClient for the async client)"
        )


def dry_answer(request: httpx.Request) -> httpx.Response:
    """Log ``request`` as kinto-http's dry mode does and answer an empty success (objects
    read as ``{}``, lists as ``[]``), without sending anything."""
    DRY_MODE_LOGGER.debug("(dry mode) %s %s", request.method, redact_url(request.url))
    response = httpx.Response(200, content=b"{}", request=request, extensions={PLACEHOLDER: True})
    response.read()
    return response
