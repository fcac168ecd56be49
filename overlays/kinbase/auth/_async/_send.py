"""Send one request built by a generated ``_get_kwargs``; error statuses become exceptions."""

from __future__ import annotations

from typing import Any

import httpx

from kinbase.errors import auth_error_from_response

__all__ = ["async_send"]


async def async_send(
    http: httpx.AsyncClient,
    kwargs: dict[str, Any],
    *,
    auth: httpx.Auth | None = None,
) -> httpx.Response:
    """Send ``kwargs`` through ``http`` (its transport retries); raise the AuthApiError
    subclass of an error answer. ``auth`` (session or service role) applies to this
    request only."""
    request = http.build_request(**kwargs)
    response = await http.send(request, auth=auth if auth is not None else httpx.USE_CLIENT_DEFAULT)
    if response.is_error:
        await response.aread()
        raise auth_error_from_response(response)
    return response
