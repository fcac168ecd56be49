"""Cookie handling that costs nothing when the server sets no cookie.

httpx runs every response through :meth:`httpx.Cookies.extract_cookies`, which builds
``urllib.request`` and ``email.message`` adapters for :mod:`http.cookiejar` even when the
response has no ``Set-Cookie`` header: about a tenth of httpx's own CPU per request, for
servers (Kinto, GoTrue) that never set one. :func:`lazy_cookies` gives a client a cookie
store that looks for the header first (one pass over the raw headers) and hands the
response to the cookie jar only when there is one: cookies a server does set are kept and
sent back exactly as httpx does.
"""

from __future__ import annotations

from typing import TypeVar

import httpx

__all__ = ["lazy_cookies"]

_SET_COOKIE = (b"set-cookie", b"set-cookie2")

_C = TypeVar("_C", httpx.Client, httpx.AsyncClient)


class _LazyCookies(httpx.Cookies):
    """:class:`httpx.Cookies` that skips responses without a cookie to extract."""

    def extract_cookies(self, response: httpx.Response) -> None:
        """Keep the cookies ``response`` sets (none: nothing to do)."""
        for key, _value in response.headers.raw:
            if key.lower() in _SET_COOKIE:
                super().extract_cookies(response)
                return


def lazy_cookies(client: _C) -> _C:
    """``client`` with a :class:`_LazyCookies` store over its cookie jar (left as it is
    if this httpx keeps its cookies elsewhere)."""
    current = getattr(client, "_cookies", None)
    if type(current) is httpx.Cookies:
        lazy = _LazyCookies()
        lazy.jar = current.jar
        client._cookies = lazy
    return client
