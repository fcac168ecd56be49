"""Auth arguments accepted by the clients, turned into one ``httpx.Auth`` (sans-I/O).

:func:`resolve_auth` accepts:

- ``None``: anonymous;
- ``(user, password)``: HTTP Basic;
- ``"user:password"``: HTTP Basic (kinto-http's string form);
- ``"Bearer <token>"`` (any ``"<Scheme> <credentials>"`` without a colon in the scheme):
  sent as the ``Authorization`` header as is;
- any ``httpx.Auth``, such as :class:`BearerTokenAuth` (kinto-http's, also accepted from
  ``kinto_http`` itself);
- any object with ``as_httpx_auth() -> httpx.Auth`` (:class:`SupportsHttpxAuth`), such as
  an auth client's session: its ``httpx.Auth`` injects and refreshes the access token.

Secrets never appear in reprs or error messages.
"""

from __future__ import annotations

import re
from collections.abc import Generator, Hashable
from typing import Protocol, TypeAlias, runtime_checkable

import httpx

from kinbase._http.headers import check_header
from kinbase.errors import InvalidInputError

__all__ = [
    "AuthTypes",
    "BearerTokenAuth",
    "HeaderAuth",
    "SupportsHttpxAuth",
    "auth_identity",
    "resolve_auth",
]


@runtime_checkable
class SupportsHttpxAuth(Protocol):
    """Something that can authenticate httpx requests, e.g. an auth client's session."""

    def as_httpx_auth(self) -> httpx.Auth: ...


#: Every form of the ``auth=`` argument.
AuthTypes: TypeAlias = tuple[str, str] | str | httpx.Auth | SupportsHttpxAuth | None

# "<Scheme> <credentials>": a token68-ish scheme word, one space, then anything.
_SCHEME_RE = re.compile(r"^([A-Za-z][A-Za-z0-9!#$%&'*+.^_`|~-]*) +(\S.*)\Z", re.DOTALL)


class HeaderAuth(httpx.Auth):
    """Sends a fixed ``Authorization: <scheme> <credentials>`` header (e.g. a bearer token)."""

    def __init__(self, scheme: str, credentials: str) -> None:
        check_header("Authorization", f"{scheme} {credentials}", what="auth")
        self.scheme = scheme
        self._value = f"{scheme} {credentials}"

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        """Set the ``Authorization`` header on ``request`` (httpx's auth protocol)."""
        request.headers["Authorization"] = self._value
        yield request

    def __repr__(self) -> str:
        return f"HeaderAuth(scheme={self.scheme!r}, credentials=<redacted>)"


class BearerTokenAuth(HeaderAuth):
    """kinto-http's ``BearerTokenAuth(token, type="Bearer")``: sends
    ``Authorization: <type> <token>`` (``type`` is the server's OpenID ``header_type``, e.g.
    ``"Bearer+OIDC"``). The same as ``auth="Bearer <token>"``; an ``httpx.Auth``, so any
    kinbase client takes it. ``token`` and ``type`` read back what was given."""

    def __init__(self, token: str, type: str | None = None) -> None:
        scheme = type or "Bearer"
        if not isinstance(token, str) or not token or not isinstance(scheme, str):
            raise InvalidInputError("BearerTokenAuth needs a token string (and a type string)")
        super().__init__(scheme, token)
        self.token = token
        self.type = scheme

    def __eq__(self, other: object) -> bool:
        return isinstance(other, BearerTokenAuth) and (other.type, other.token) == (
            self.type,
            self.token,
        )

    def __hash__(self) -> int:
        return hash((self.type, self.token))

    def __repr__(self) -> str:
        return f"BearerTokenAuth(token=<redacted>, type={self.type!r})"


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
    kind = type(auth)
    if kind.__name__ in ("BearerTokenAuth", "TokenAuth") and kind.__module__.startswith(
        "kinto_http"
    ):
        token, scheme = getattr(auth, "token", None), getattr(auth, "type", None)
        if isinstance(token, str) and isinstance(scheme, str):
            # kinto-http's own object, kept from code written for it: same header
            return BearerTokenAuth(token, type=scheme)
    if callable(auth):
        raise InvalidInputError(
            f"auth={kind.__name__}(...) looks like a requests auth object, which httpx cannot "
            "call: pass kinbase.BearerTokenAuth(token, type=...), (user, password), "
            "'user:password', 'Bearer <token>' or an httpx.Auth"
        )
    raise InvalidInputError(
        "auth must be (user, password), 'user:password', 'Bearer <token>', "
        "kinbase.BearerTokenAuth(token), an httpx.Auth or "
        f"an object with as_httpx_auth(), not {kind.__name__}"
    )


def auth_identity(auth: httpx.Auth | None) -> Hashable:
    """Who ``auth`` sends requests as, to key answers that depend on the caller (Kinto's
    ``GET /v1/`` names the user): ``auth.identity()`` when the auth has one (a kinbase
    session: the signed-in user's id, None when signed out), else the auth object."""
    if auth is None:
        return None
    identity = getattr(auth, "identity", None)
    if callable(identity):
        # the caller, whichever auth object (view) carries it: a user's answers are
        # shared by every view acting as that user
        return ("identity", identity())
    return id(auth)
