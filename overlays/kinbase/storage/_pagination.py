"""Sans-I/O pagination: reading ``Next-Page`` and deciding whether to follow it.

A list answer with more objects carries ``Next-Page: <absolute URL with _token>``. The
client does not request that URL as is: it keeps its own path (built by the generated
``_get_kwargs``, on the configured server) and takes the *query* of ``Next-Page`` as the
next request's parameters (``_token``, ``_limit`` and the filters the server echoed), so
a proxy rewriting hosts or a hostile header cannot send the client elsewhere.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any, Final
from urllib.parse import parse_qsl, urlsplit

import httpx

__all__ = ["ITER_PAGE_SIZE", "iter_params", "next_page_params", "page_budget", "response_etag"]

#: The page size the ``iter_*`` methods ask for when the caller gives no ``_limit``: they
#: hold one page at a time, so a bounded page bounds their memory (the server's
#: ``paginate_by`` still caps it). ``get_*`` send no default: they read every page anyway.
#: Smaller pages mean more requests, and Kinto's memory backend scans the whole collection
#: for each page, so 5,000 trades a little throughput for a bounded peak (pass ``_limit=``
#: to choose).
ITER_PAGE_SIZE: Final = 5000


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


def response_etag(response: httpx.Response) -> str:
    """The ``ETag`` timestamp without quotes (``""`` when absent), as kinto-http returns it."""
    return str(response.headers.get("etag", "")).strip('"')
