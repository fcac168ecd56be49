"""Flask: an extension (extra ``flask``).

::

    client = kinbase.Client(auth_url=..., storage_url=...,
                            session_store=RedisSessionStore("redis://..."))
    kb = Kinbase(app, client=client)

    @app.get("/notes")
    def notes():
        return list(kb.user().storage.get_records())   # 401 when nobody is signed in

Every request gets a lazy :class:`~kinbase.web.RequestSession` (``kb.session``, also
``flask.g.kinbase``); after the request the web session is saved if it changed and the
cookie set or cleared. kinbase's "not signed in" errors become a 401 JSON answer or a
redirect to ``login_url``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from flask import Flask, Response, g, jsonify, redirect, request

from kinbase.web._core import UNAUTHENTICATED, CookieSettings, read_cookie
from kinbase.web._sync.request import RequestSession

if TYPE_CHECKING:
    from kinbase._sync.client import Client, UserClient

__all__ = ["Kinbase"]


class Kinbase:
    """See the module. ``client``: a :class:`kinbase.Client` with a ``session_store``."""

    def __init__(
        self,
        app: Flask | None = None,
        *,
        client: Client,
        cookie: CookieSettings | None = None,
        login_url: str | None = None,
    ) -> None:
        if client.session_store is None:
            raise TypeError("Kinbase needs a client made with session_store=")
        self.client = client
        self.cookie = cookie or CookieSettings()
        self.login_url = login_url
        if app is not None:
            self.init_app(app)

    def init_app(self, app: Flask) -> None:
        """Install the extension on ``app``."""
        app.extensions["kinbase"] = self
        app.before_request(self._before)
        app.after_request(self._after)
        for error in UNAUTHENTICATED:
            app.register_error_handler(error, self._unauthenticated)

    @property
    def session(self) -> RequestSession:
        """This request's :class:`~kinbase.web.RequestSession`."""
        session: RequestSession = g.kinbase
        return session

    def user(self) -> UserClient:
        """The signed-in user's client; not signed in: the request is answered 401."""
        return self.session.user()

    def _before(self) -> None:
        key = read_cookie(request.headers.get("Cookie"), self.cookie.name)
        g.kinbase = RequestSession(self.client, key, self.cookie)

    def _after(self, response: Response) -> Response:
        session = g.get("kinbase")
        if isinstance(session, RequestSession):
            header = session.finish()
            if header is not None:
                response.headers.add("Set-Cookie", header)
        return response

    def _unauthenticated(self, error: Exception) -> Any:
        if self.login_url is not None:
            return redirect(self.login_url, code=303)
        response = jsonify({"error": "not_authenticated", "message": "sign in first"})
        response.status_code = 401
        response.headers["WWW-Authenticate"] = "Bearer"
        return response
