"""What ``client.generated`` adds to a view: its responses remember their request.

Generated ``*_detailed`` functions return their own ``Response`` (status, content,
headers, parsed model) without the httpx request. The httpx client behind
``client.generated`` records, in a response event hook, which request the latest
response of the current thread or task answered; ``unwrap()`` finds it again by the
identity of the headers object the generated response kept, so its errors carry the
real (redacted) request instead of a placeholder.
"""

from __future__ import annotations

import contextvars
from collections.abc import Callable
from typing import Any

import httpx

__all__ = ["async_remember_request", "remember_request", "request_for"]

_LAST: contextvars.ContextVar[tuple[httpx.Headers, httpx.Request] | None] = contextvars.ContextVar(
    "kinbase_generated_last", default=None
)


def remember_request(response: httpx.Response) -> None:
    """A response event hook: remember ``response.request`` for :func:`request_for`."""
    _LAST.set((response.headers, response.request))


async def async_remember_request(response: httpx.Response) -> None:
    """The async event hook twin of :func:`remember_request`."""
    _LAST.set((response.headers, response.request))


def request_for(headers: Any) -> httpx.Request | None:
    """The request whose response had ``headers`` (the same object), if it was the latest
    one this thread or task received through a ``generated`` client."""
    last = _LAST.get()
    if last is not None and last[0] is headers:
        return last[1]
    return None


def with_hook(
    hooks: dict[str, list[Callable[..., Any]]] | None, hook: Callable[..., Any]
) -> dict[str, list[Callable[..., Any]]]:
    """``hooks`` plus ``hook`` among the response hooks (first, before the user's)."""
    merged = {key: list(value) for key, value in (hooks or {}).items()}
    merged["response"] = [hook, *merged.get("response", [])]
    return merged
