"""Starlette and FastAPI: a middleware and dependencies (extra ``starlette``/``fastapi``).

::

    client = kinbase.AsyncClient(auth_url=..., storage_url=...,
                                 session_store=AsyncRedisSessionStore("redis://..."))
    app = Starlette(routes=..., middleware=[Middleware(KinbaseMiddleware, client=client)])

    async def notes(request):
        user = await kinbase_user(request)             # 401 when nobody is signed in
        return JSONResponse(list(await user.storage.get_records()))

:class:`KinbaseMiddleware` (pure ASGI) puts an
:class:`~kinbase.web.AsyncRequestSession` in ``request.state.kinbase``, loaded lazily;
when the response starts it saves the web session if it changed and sets or clears the
cookie. kinbase's "not signed in" errors (no session, a revoked session, Kinto's 401)
become a 401 JSON answer, or a redirect to ``login_url``. In FastAPI,
``Depends(kinbase_session)`` and ``Depends(kinbase_user)`` give the same objects.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import TYPE_CHECKING, Any

from starlette.requests import HTTPConnection
from starlette.responses import JSONResponse, RedirectResponse, Response

from kinbase.web._async.request import AsyncRequestSession
from kinbase.web._core import UNAUTHENTICATED, CookieSettings, read_cookie

if TYPE_CHECKING:
    from kinbase._async.client import AsyncClient, AsyncUserClient

__all__ = ["KinbaseMiddleware", "kinbase_session", "kinbase_user"]

_Scope = dict[str, Any]


class KinbaseMiddleware:
    """See the module. ``client``: a :class:`kinbase.AsyncClient` with a
    ``session_store``; ``cookie``: the session cookie's settings; ``login_url``: where
    unauthenticated requests are redirected (default: a 401 answer)."""

    def __init__(
        self,
        app: Any,
        *,
        client: AsyncClient,
        cookie: CookieSettings | None = None,
        login_url: str | None = None,
    ) -> None:
        if client.session_store is None:
            raise TypeError("KinbaseMiddleware needs a client made with session_store=")
        self.app = app
        self.client = client
        self.cookie = cookie or CookieSettings()
        self.login_url = login_url

    async def __call__(self, scope: _Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        header = None
        for name, value in scope.get("headers", ()):
            if name == b"cookie":
                header = value.decode("latin-1")
                break
        session = AsyncRequestSession(
            self.client, read_cookie(header, self.cookie.name), self.cookie
        )
        scope.setdefault("state", {})["kinbase"] = session
        started = False

        async def send_wrapper(message: MutableMapping[str, Any]) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                set_cookie = await session.finish()
                if set_cookie is not None:
                    headers = list(message.get("headers", []))
                    headers.append((b"set-cookie", set_cookie.encode("latin-1")))
                    message = {**message, "headers": headers}
            await send(message)

        try:
            await self.app(scope, receive, send_wrapper)
        except UNAUTHENTICATED:
            if started:
                raise
            await self._unauthenticated()(scope, receive, send_wrapper)

    def _unauthenticated(self) -> Response:
        if self.login_url is not None:
            return RedirectResponse(self.login_url, status_code=303)
        return JSONResponse(
            {"error": "not_authenticated", "message": "sign in first"},
            status_code=401,
            headers={"WWW-Authenticate": "Bearer"},
        )


def kinbase_session(request: HTTPConnection) -> AsyncRequestSession:
    """This request's :class:`AsyncRequestSession` (a FastAPI dependency too)."""
    session = getattr(request.state, "kinbase", None)
    if not isinstance(session, AsyncRequestSession):
        raise RuntimeError("KinbaseMiddleware is not installed on this app")
    return session


async def kinbase_user(request: HTTPConnection) -> AsyncUserClient:
    """The signed-in user's client (``.auth``, ``.storage``); not signed in: the
    middleware answers 401 (a FastAPI dependency too)."""
    return await kinbase_session(request).user()
