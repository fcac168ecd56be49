"""Auth arguments accepted by the clients, turned into one ``httpx.Auth`` (sans-I/O).

:func:`resolve_auth` accepts:

- ``None``: anonymous;
- ``(user, password)``: HTTP Basic;
- ``"user:password"``: HTTP Basic (kinto-http's string form);
- ``"Bearer <token>"`` (any ``"<Scheme> <credentials>"`` without a colon in the scheme):
  sent as the ``Authorization`` header as is;
- any ``httpx.Auth``;
- any object with ``as_httpx_auth() -> httpx.Auth`` (:class:`SupportsHttpxAuth`), such as
  an auth client's session: its ``httpx.Auth`` injects and refreshes the access token.

Secrets never appear in reprs or error messages.
"""

from __future__ import annotations

import re
from collections.abc import Generator
from typing import Protocol, TypeAlias, runtime_checkable

import httpx

from kinbase.errors import InvalidInputError

__all__ = ["AuthTypes", "HeaderAuth", "SupportsHttpxAuth", "resolve_auth"]


@runtime_checkable
class SupportsHttpxAuth(Protocol):
    """Something that can authenticate httpx requests, e.g. an auth client's session."""

    def as_httpx_auth(self) -> httpx.Auth: ...


#: Every form of the ``auth=`` argument.
AuthTypes: TypeAlias = tuple[str, str] | str | httpx.Auth | SupportsHttpxAuth | None

# "<Scheme> <credentials>": a token68-ish scheme word, one space, then anything.
_SCHEME_RE = re.compile(r"^([A-Za-z][A-Za-z0-9!#$%&'*+.^_`|~-]*) +(\S.*)$")


class HeaderAuth(httpx.Auth):
    """Sends a fixed ``Authorization: <scheme> <credentials>`` header (e.g. a bearer token)."""

    def __init__(self, scheme: str, credentials: str) -> None:
        self.scheme = scheme
        self._value = f"{scheme} {credentials}"

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["Authorization"] = self._value
        yield request

    def __repr__(self) -> str:
        return f"HeaderAuth(scheme={self.scheme!r}, credentials=<redacted>)"


class _BasicAuth(httpx.BasicAuth):
    """``httpx.BasicAuth`` whose repr names the user only."""

    def __init__(self, username: str, password: str) -> None:
        super().__init__(username, password)
        self.username = username

    def __repr__(self) -> str:
        return f"BasicAuth(username={self.username!r}, password=<redacted>)"


def resolve_auth(auth: object) -> httpx.Auth | None:
    """The ``httpx.Auth`` for an ``auth=`` argument (see the module doc), or ``None``."""
    if auth is None:
        return None
    if isinstance(auth, httpx.Auth):
        return auth
    if isinstance(auth, SupportsHttpxAuth):
        resolved = auth.as_httpx_auth()
        if not isinstance(resolved, httpx.Auth):
            raise InvalidInputError(
                f"{type(auth).__name__}.as_httpx_auth() must return an httpx.Auth, "
                f"not {type(resolved).__name__}"
            )
        return resolved
    if isinstance(auth, tuple):
        if len(auth) != 2 or not all(isinstance(part, str) for part in auth):
            raise InvalidInputError("auth tuple must be (user, password) strings")
        return _BasicAuth(auth[0], auth[1])
    if isinstance(auth, str):
        match = _SCHEME_RE.match(auth)
        if match is not None:
            return HeaderAuth(match.group(1), match.group(2))
        user, sep, password = auth.partition(":")
        if sep and user:
            return _BasicAuth(user, password)
        raise InvalidInputError(
            "auth string must be 'user:password' or '<Scheme> <token>' (e.g. 'Bearer ...')"
        )
    raise InvalidInputError(
        "auth must be (user, password), 'user:password', 'Bearer <token>', an httpx.Auth or "
        f"an object with as_httpx_auth(), not {type(auth).__name__}"
    )
