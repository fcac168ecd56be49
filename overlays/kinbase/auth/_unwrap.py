"""``unwrap()`` for generated GoTrue calls made through ``AuthClient.generated``."""

from __future__ import annotations

from typing import Any, Protocol

import httpx

from kinbase._http.generated import request_for
from kinbase.errors import auth_error_from_response

__all__ = ["unwrap"]


class _GeneratedResponse(Protocol):
    @property
    def status_code(self) -> Any: ...
    @property
    def content(self) -> bytes: ...
    @property
    def headers(self) -> Any: ...
    @property
    def parsed(self) -> Any: ...


def unwrap(response: _GeneratedResponse) -> Any:
    """The parsed model of a generated ``*_detailed`` call, or the kinbase error it stands for.

    Generated functions *return* error statuses as error models; this raises the matching
    :class:`~kinbase.errors.AuthApiError` subclass instead (``InvalidCredentialsError``,
    ``WeakPasswordError``...), carrying the request that was sent (redacted) and the
    server's message::

        from kinbase_auth_api.api.settings import get_settings
        settings = unwrap(get_settings.sync_detailed(client=auth.generated))
    """
    status = int(response.status_code)
    if status >= 400:
        raw = httpx.Response(
            status,
            headers=dict(response.headers),
            content=response.content,
            request=request_for(response.headers),
        )
        raise auth_error_from_response(raw)
    return response.parsed
