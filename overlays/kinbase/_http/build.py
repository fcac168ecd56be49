"""The ``httpx.Request`` that ``client.build_request(...)`` makes, made without its merges.

``build_request`` parses the URL (httpx's pure-Python parser: a pass over every character,
the host re-validated, the path re-quoted), copies and merges the client's headers twice,
then has the request normalise them a third time to add ``Host`` and ``Content-Length``:
about 35 µs per call, a twentieth of the client CPU of a storage call. For the requests the
storage client sends (a path of Kinto ids under the server URL, a few ASCII headers, a
body of bytes, a query from a plain mapping) :class:`RequestBuilder` makes the same request
(same URL, same headers in the same order, same body and extensions) from a URL parsed
once per client: the id grammar leaves nothing in the path for httpx to quote or resolve.

Anything else goes to ``build_request`` itself: a client with query parameters or cookies
of its own, a client header that a request header replaces, a path outside that grammar, a
body that is not bytes, a non-ASCII header. So do all requests when this httpx keeps its
URL or headers differently from what the module checks once, at import.

``tests/unit/test_build.py`` compares the two, request by request, on generated input.
"""

from __future__ import annotations

import re
from typing import Any, Final

import httpx

__all__ = ["RequestBuilder"]

#: A path of Kinto ids (see ``kinbase.storage._requests.require_id``) under the server URL:
#: every character one that httpx leaves as it is in a path, and no segment starting with
#: a dot (nothing for it to resolve).
_PATH: Final = re.compile(r"(?:[A-Za-z0-9][A-Za-z0-9_+.@-]*/?)*")

#: The only keyword arguments the fast path understands.
_SIMPLE: Final = frozenset({"method", "url", "headers", "content", "params"})

#: Headers httpx's ``Request`` adds or treats itself: a client that sets one goes the slow way.
_OWN_HEADERS: Final = frozenset({b"host", b"content-length", b"transfer-encoding"})

_BODY_METHODS: Final = frozenset({"POST", "PUT", "PATCH"})


def _url_with(base: httpx.URL, path: str, query: str | None) -> httpx.URL:
    url = httpx.URL.__new__(httpx.URL)
    url._uri_reference = base._uri_reference._replace(path=path, query=query)
    return url


def _works() -> bool:
    """Whether this httpx keeps URLs and headers as the fast path expects."""
    try:
        base = httpx.URL("http://127.0.0.1:8888/v1/")
        url = _url_with(base, "/v1/buckets/a-b/records/c.d", "x=1")
        parsed = httpx.URL("http://127.0.0.1:8888/v1/buckets/a-b/records/c.d?x=1")
        if url != parsed or url.raw_path != parsed.raw_path or url.netloc != parsed.netloc:
            return False
        headers = httpx.Headers({"Accept": "*/*"})
        entries = headers._list
        copied = httpx.Headers(headers)
        copied._list = [(b"Host", b"host", b"h")]
        return (
            entries == [(b"Accept", b"accept", b"*/*")]
            and copied.raw == [(b"Host", b"h")]
            and headers.raw == [(b"Accept", b"*/*")]
        )
    except Exception:
        return False


_FAST: Final = _works()


class RequestBuilder:
    """Builds the requests of one httpx client whose URLs start with ``prefix``."""

    __slots__ = (
        "_base",
        "_base_path",
        "_client",
        "_fast",
        "_host",
        "_prefix",
        "_template",
    )

    def __init__(self, client: httpx.Client | httpx.AsyncClient, prefix: str) -> None:
        self._client = client
        self._prefix = prefix
        base = httpx.URL(prefix)
        self._base = base
        self._base_path = base.raw_path.decode("ascii")
        self._host = base.netloc
        # a base with a query or fragment, or no host, cannot take a path appended
        self._fast = (
            _FAST
            and prefix.endswith("/")
            and str(base) == prefix
            and bool(base.host)
            and not base.query
            and not base.fragment
            and self._base_path.endswith("/")
        )
        #: the client's header entries last seen, and the template made of them
        self._template: tuple[list[Any] | None, list[tuple[bytes, bytes, bytes]] | None] = (
            None,
            None,
        )

    def build(self, kwargs: dict[str, Any], extensions: dict[str, Any] | None) -> httpx.Request:
        """``client.build_request(**kwargs, extensions=extensions)``."""
        request = self._fast_build(kwargs, extensions) if self._fast else None
        if request is None:
            return self._client.build_request(**kwargs, extensions=extensions)
        return request

    def _fast_build(
        self, kwargs: dict[str, Any], extensions: dict[str, Any] | None
    ) -> httpx.Request | None:
        url = kwargs["url"]
        content = kwargs.get("content")
        if (
            not kwargs.keys() <= _SIMPLE
            or type(url) is not str
            or not url.startswith(self._prefix)
            or (content is not None and type(content) is not bytes)
        ):
            return None
        client = self._client
        if client.params or client.cookies:
            return None
        rest = url[len(self._prefix) :]
        if _PATH.fullmatch(rest) is None:
            return None
        template = self._headers_template(client.headers)
        if template is None:
            return None
        entries = list(template)
        headers = kwargs.get("headers")
        if headers:
            try:
                for key, value in headers.items():
                    raw_key = key.encode("ascii")
                    lower = raw_key.lower()
                    if lower in _OWN_HEADERS or any(lower == entry[1] for entry in entries):
                        return None  # a merge or an override: httpx's own rules
                    entries.append((raw_key, lower, value.encode("ascii")))
            except (AttributeError, UnicodeEncodeError):
                return None
        method = kwargs["method"].upper()
        if content:
            entries.append((b"Content-Length", b"content-length", str(len(content)).encode()))
        elif method in _BODY_METHODS:
            entries.insert(1, (b"Content-Length", b"content-length", b"0"))
        params = kwargs.get("params")
        query = None
        if params:
            query = str(httpx.QueryParams(params))
            if not query:  # httpx versions disagree on an empty query: theirs decides
                return None
        merged = httpx.Headers()
        merged._list = entries
        extensions = {} if extensions is None else dict(extensions)
        if "timeout" not in extensions:
            extensions["timeout"] = client.timeout.as_dict()
        request = httpx.Request(
            method,
            _url_with(self._base, self._base_path + rest, query),
            headers=merged,
            stream=httpx.ByteStream(content or b""),
            extensions=extensions,
        )
        request.read()
        return request

    def _headers_template(self, headers: httpx.Headers) -> list[tuple[bytes, bytes, bytes]] | None:
        """``Host`` and the client's headers as httpx's header entries (``None``: the client
        sets a header the request itself must add), kept until the client's change."""
        entries = headers._list
        seen, template = self._template
        if entries != seen:
            own = any(entry[1] in _OWN_HEADERS for entry in entries)
            template = None if own else [(b"Host", b"host", self._host), *entries]
            self._template = (list(entries), template)  # one assignment: threads see both
        return template
