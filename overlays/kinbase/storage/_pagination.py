"""Sans-I/O pagination: reading ``Next-Page`` and deciding whether to follow it.

A list answer with more objects carries ``Next-Page: <absolute URL with _token>``. The
client does not request that URL as is: it keeps its own path (built by the generated
``_get_kwargs``, on the configured server) and takes the *query* of ``Next-Page`` as the
next request's parameters (``_token``, ``_limit`` and the filters the server echoed), so
a proxy rewriting hosts or a hostile header cannot send the client elsewhere.

Nor can it keep the client paging forever: :class:`PageGuard` stops (with
:class:`~kinbase.errors.InvalidResponseError`) at a ``Next-Page`` that leads back to a page
already requested (a loop) and at a page that holds nothing yet points further (no
progress). Kinto never does either: each page has items and a new ``_token``.
"""

from __future__ import annotations

import math
from collections.abc import AsyncIterator, Generator, Iterator, Mapping
from typing import Any, Final, Generic, TypeVar
from urllib.parse import parse_qsl, urlsplit

import httpx

from kinbase._server_headers import header_values
from kinbase.errors import InvalidResponseError

__all__ = [
    "ITER_PAGE_SIZE",
    "AsyncPages",
    "PageGuard",
    "Pages",
    "iter_params",
    "next_page_params",
    "page_budget",
    "page_position",
    "response_etag",
]

#: The page size the ``iter_*`` methods ask for when the caller gives no ``_limit``: they
#: hold one page at a time, so a bounded page bounds their memory (the server's
#: ``paginate_by`` still caps it). ``get_*`` send no default: they read every page anyway.
#: Smaller pages mean more requests, and Kinto's memory backend scans the whole collection
#: for each page, so 5,000 trades a little throughput for a bounded peak (pass ``_limit=``
#: to choose).
ITER_PAGE_SIZE: Final = 5000

T = TypeVar("T")


class AsyncPages(Generic[T]):
    """What the async client's ``get_paginated_records`` returns: ``async for page in
    ...`` gets one page at a time; ``await ...`` gets the list of every page, as
    kinto-http's ``AsyncClient`` (whose method is a coroutine) does."""

    __slots__ = ("_pages",)

    def __init__(self, pages: AsyncIterator[T]) -> None:
        self._pages = pages

    def __aiter__(self) -> AsyncPages[T]:
        return self

    async def __anext__(self) -> T:
        return await self._pages.__anext__()

    def __await__(self) -> Generator[Any, None, list[T]]:
        return self._all().__await__()

    async def _all(self) -> list[T]:
        return [page async for page in self._pages]

    async def aclose(self) -> None:
        """Stop early: the request under way, if any, is let go."""
        close = getattr(self._pages, "aclose", None)
        if close is not None:
            await close()


class Pages(Generic[T]):
    """What the sync client's ``get_paginated_records`` returns: an iterator of pages
    (``for page in ...``, ``list(...)``), as kinto-http's generator."""

    __slots__ = ("_pages",)

    def __init__(self, pages: Iterator[T]) -> None:
        self._pages = pages

    def __iter__(self) -> Pages[T]:
        return self

    def __next__(self) -> T:
        return next(self._pages)

    def close(self) -> None:
        """Stop early: the request under way, if any, is let go."""
        close = getattr(self._pages, "close", None)
        if close is not None:
            close()


def page_budget(pages: float | None, params: Mapping[str, Any]) -> float:
    """kinto-http's rule: every page by default, one page when ``_limit`` is given."""
    if pages is not None:
        return pages
    return 1 if params.get("_limit") is not None else math.inf


def iter_params(params: Mapping[str, Any]) -> Mapping[str, Any]:
    """``params`` with ``_limit=ITER_PAGE_SIZE`` unless the caller chose a ``_limit``."""
    if params.get("_limit") is not None:
        return params
    return {**params, "_limit": ITER_PAGE_SIZE}


def next_page_params(response: httpx.Response) -> list[tuple[str, str]] | None:
    """The query parameters of the next page, or ``None`` on the last page."""
    link = response.headers.get("next-page")
    if not link:
        return None
    return parse_qsl(urlsplit(link).query, keep_blank_values=True)


_POSITION_HEADERS: Final = (b"next-page", b"total-objects", b"total-records")


def page_position(response: httpx.Response) -> tuple[bool, str | None, int | None]:
    """Where a list answer leaves the listing: ``(has_more, next_token, total)``.

    ``has_more``: the answer has a ``Next-Page``; ``next_token``: its ``_token`` (``None``
    when absent); ``total``: ``Total-Objects`` (or the older ``Total-Records``) as a count
    >= 0, ``None`` when the server did not send one or sent something else.
    """
    link, *totals = header_values(response.headers, _POSITION_HEADERS)
    params = parse_qsl(urlsplit(link).query, keep_blank_values=True) if link else None
    token = None
    if params is not None:
        token = next((value for key, value in params if key == "_token"), None)
    total = None
    for header in totals:
        value = (header or "").strip()
        if value.isascii() and value.isdigit():
            total = int(value)
            break
    return params is not None, token, total


def response_etag(response: httpx.Response) -> str:
    """The ``ETag`` timestamp without quotes (``""`` when absent), as kinto-http returns it."""
    return str(response.headers.get("etag", "")).strip('"')


class PageGuard:
    """Refuses a ``Next-Page`` that leads back to a page already requested, and a page
    without items that still has a ``Next-Page`` (a server that pages forever)."""

    __slots__ = ("_seen",)

    def __init__(self, first: Mapping[str, Any] | None = None) -> None:
        self._seen = {self._key(list((first or {}).items()))}

    @staticmethod
    def _key(params: list[tuple[str, Any]]) -> tuple[tuple[str, str], ...]:
        return tuple(sorted((str(k), str(v)) for k, v in params))

    def follow(self, response: httpx.Response, params: list[tuple[str, str]]) -> None:
        """Record the next page's parameters; refuse them if that page was requested."""
        key = self._key(params)
        if key in self._seen:
            raise InvalidResponseError.from_response(
                response,
                f"a Next-Page leading back to a page already read (after {len(self._seen)} "
                "pages): the server pages in a loop; stopped",
            )
        self._seen.add(key)

    @staticmethod
    def check_progress(response: httpx.Response, count: int) -> None:
        """Refuse a page with ``count == 0`` items that still points to a next page."""
        if count == 0 and response.headers.get("next-page"):
            raise InvalidResponseError.from_response(
                response, "an empty page that still has a Next-Page (no progress); stopped"
            )
