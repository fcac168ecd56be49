"""Django: one middleware for sync and async views (extra ``django``).

Settings::

    MIDDLEWARE = [..., "kinbase.web.django.KinbaseMiddleware"]
    KINBASE = {
        "CLIENT": "myapp.kb.client",              # a kinbase.Client with session_store=
        "ASYNC_CLIENT": "myapp.kb.async_client",  # a kinbase.AsyncClient (ASGI only)
        "COOKIE": {"secure": True},               # kinbase.web.CookieSettings arguments
        "LOGIN_URL": None,                        # redirect there instead of a 401
    }

Each request gets ``request.kinbase`` (a :class:`~kinbase.web.RequestSession`, for sync
views) and, when Django serves it asynchronously, ``request.akinbase`` (an
:class:`~kinbase.web.AsyncRequestSession`, for async views). Both are lazy; both name the
same web session, so a Django app and a Starlette app sharing the store and the cookie
share the user's session. kinbase's "not signed in" errors become a 401 JSON answer or a
redirect to ``LOGIN_URL``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from asgiref.sync import iscoroutinefunction, markcoroutinefunction, sync_to_async
from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.utils.module_loading import import_string

from kinbase.web._async.request import AsyncRequestSession
from kinbase.web._core import UNAUTHENTICATED, CookieSettings
from kinbase.web._sync.request import RequestSession

__all__ = ["KinbaseMiddleware"]


@functools.cache
def _setting(name: str) -> Any:
    config = dict(getattr(settings, "KINBASE", {}))
    value = config.get(name)
    if name in ("CLIENT", "ASYNC_CLIENT") and isinstance(value, str):
        value = import_string(value)
    if name == "COOKIE":
        value = CookieSettings(**(value or {}))
    return value


class KinbaseMiddleware:
    """See the module."""

    sync_capable = True
    async_capable = True

    def __init__(self, get_response: Callable[[HttpRequest], Any]) -> None:
        self.get_response = get_response
        self.is_async = iscoroutinefunction(get_response)
        if self.is_async:
            markcoroutinefunction(self)

    def _key(self, request: HttpRequest) -> str | None:
        cookie: CookieSettings = _setting("COOKIE")
        return request.COOKIES.get(cookie.name) or None

    def _sync_session(self, request: HttpRequest) -> RequestSession | None:
        client = _setting("CLIENT")
        if client is None:
            return None
        return RequestSession(client, self._key(request), _setting("COOKIE"))

    def __call__(self, request: HttpRequest) -> Any:
        if self.is_async:
            return self.__acall__(request)
        session = self._sync_session(request)
        request.kinbase = session
        response = self.get_response(request)
        if session is not None:
            _set_cookie(response, session.finish())
        return response

    async def __acall__(self, request: HttpRequest) -> Any:
        session = self._sync_session(request)
        client = _setting("ASYNC_CLIENT")
        asession = (
            AsyncRequestSession(client, self._key(request), _setting("COOKIE"))
            if client is not None
            else None
        )
        request.kinbase = session
        request.akinbase = asession
        response = await self.get_response(request)
        if asession is not None:
            _set_cookie(response, await asession.finish())
        if session is not None:
            _set_cookie(response, await sync_to_async(session.finish)())
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> Any:
        """kinbase's "not signed in" errors: 401, or a redirect to ``LOGIN_URL``."""
        if not isinstance(exception, UNAUTHENTICATED):
            return None
        login_url = _setting("LOGIN_URL")
        if login_url:
            return HttpResponseRedirect(login_url)
        response = JsonResponse(
            {"error": "not_authenticated", "message": "sign in first"}, status=401
        )
        response["WWW-Authenticate"] = "Bearer"
        return response


def _set_cookie(response: HttpResponse, header: str | None) -> None:
    if header is not None:
        response.cookies.load(header)
