"""kinbase in a web app: per-request sessions for Starlette/FastAPI, Django and Flask.

- :mod:`kinbase.web.starlette`: ``KinbaseMiddleware``, ``kinbase_session``,
  ``kinbase_user`` (extra ``starlette`` or ``fastapi``);
- :mod:`kinbase.web.django`: ``KinbaseMiddleware`` for sync and async views (extra
  ``django``);
- :mod:`kinbase.web.flask`: the ``Kinbase`` extension (extra ``flask``).

Each builds on :class:`RequestSession` / :class:`AsyncRequestSession` (the web session
named by the cookie, and the signed-in user's client view, both lazy) and a client made
with ``session_store=`` (see :mod:`kinbase.sessions`). See the docs page "kinbase in a web
app".
"""

from __future__ import annotations

from kinbase.web._async.request import AsyncRequestSession
from kinbase.web._core import COOKIE_NAME, UNAUTHENTICATED, CookieSettings, read_cookie
from kinbase.web._sync.request import RequestSession

__all__ = [
    "COOKIE_NAME",
    "UNAUTHENTICATED",
    "AsyncRequestSession",
    "CookieSettings",
    "RequestSession",
    "read_cookie",
]
