"""Sans-I/O parts of the web integrations: the session cookie and what counts as
"not signed in".

The cookie holds only the web session's key (the tokens stay in the store); it is
``HttpOnly``, ``SameSite=Lax``, ``Secure`` unless turned off for plain-http development,
and lives as long as the store keeps sessions.
"""

from __future__ import annotations

import http.cookies
from typing import Final, Literal

import attrs

from kinbase.errors import (
    AuthSessionMissingError,
    InvalidInputError,
    InvalidSessionError,
    UnauthorizedError,
)

__all__ = ["COOKIE_NAME", "UNAUTHENTICATED", "CookieSettings", "read_cookie"]

COOKIE_NAME: Final = "kinbase_session"
#: Errors that mean "nobody is signed in (any more)": the integrations answer them with
#: the framework's usual 401, or a redirect to the login page when one is configured.
UNAUTHENTICATED: Final = (AuthSessionMissingError, InvalidSessionError, UnauthorizedError)
#: A Cookie header longer than this is not read (bounded parsing).
_MAX_COOKIE_HEADER: Final = 16384


@attrs.frozen
class CookieSettings:
    """The session cookie's name and attributes. ``max_age`` None: the store's
    ``max_age``. ``secure=False`` only for plain-http development servers."""

    name: str = COOKIE_NAME
    path: str = "/"
    domain: str | None = None
    secure: bool = True
    httponly: bool = True
    samesite: Literal["lax", "strict", "none"] = "lax"
    max_age: int | None = None

    def __attrs_post_init__(self) -> None:
        if not self.name or not self.name.isascii() or not self.name.replace("_", "").isalnum():
            raise InvalidInputError("the cookie name must be letters, digits and _")
        if self.samesite == "none" and not self.secure:
            raise InvalidInputError("SameSite=None cookies must be Secure")

    def set_header(self, key: str, max_age: float) -> str:
        """The ``Set-Cookie`` value that stores ``key`` in the browser."""
        age = int(self.max_age if self.max_age is not None else max_age)
        return self._header(key, age)

    def clear_header(self) -> str:
        """The ``Set-Cookie`` value that removes the cookie."""
        return self._header("", 0)

    def _header(self, value: str, max_age: int) -> str:
        parts = [f"{self.name}={value}", f"Path={self.path}", f"Max-Age={max_age}"]
        if self.domain:
            parts.append(f"Domain={self.domain}")
        if self.secure:
            parts.append("Secure")
        if self.httponly:
            parts.append("HttpOnly")
        parts.append(f"SameSite={self.samesite.capitalize()}")
        return "; ".join(parts)


def read_cookie(header: str | None, name: str) -> str | None:
    """The value of cookie ``name`` in a ``Cookie`` header (None if absent or unreadable)."""
    if not header or len(header) > _MAX_COOKIE_HEADER:
        return None
    jar: http.cookies.SimpleCookie = http.cookies.SimpleCookie()
    try:
        jar.load(header)
    except http.cookies.CookieError:
        return None
    morsel = jar.get(name)
    return morsel.value if morsel is not None and morsel.value else None
