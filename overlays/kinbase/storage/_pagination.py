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
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import httpx

__all__ = ["next_page_params", "page_budget", "response_etag"]


def page_budget(pages: float | None, params: Mapping[str, Any]) -> float:
    """kinto-http's rule: every page by default, one page when ``_limit`` is given."""
    if pages is not None:
        return pages
    return 1 if params.get("_limit") is not None else math.inf


def next_page_params(response: httpx.Response) -> list[tuple[str, str]] | None:
    """The query parameters of the next page, or ``None`` on the last page."""
    link = response.headers.get("next-page")
    if not link:
        return None
    return parse_qsl(urlsplit(link).query, keep_blank_values=True)


def response_etag(response: httpx.Response) -> str:
    """The ``ETag`` timestamp without quotes (``""`` when absent), as kinto-http returns it."""
    return str(response.headers.get("etag", "")).strip('"')
