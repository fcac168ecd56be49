"""The integrations' ``login_url``: a request nobody is signed in to is redirected to the
login page (the examples, run by test_examples.py, answer 401 instead). Each framework is
real and served over real HTTP, in a thread of the test process (uvicorn for Starlette,
werkzeug's server for Flask, wsgiref for Django), with a real Redis session store."""

from __future__ import annotations

import contextlib
import threading
import time
import wsgiref.simple_server
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import httpx
import pytest

from tests.servers import RedisServer
from tests.servers.ports import LOOPBACK, free_port
from tests.sessions.conftest import redis_server

__all__ = ["redis_server", "urlpatterns"]

LOGIN = "/login-page"
SERVE_TIMEOUT = 20.0


def _get(url: str, cookie: str | None = None) -> httpx.Response:
    headers = {"Cookie": f"kinbase_session={cookie}"} if cookie else {}
    with httpx.Client(trust_env=False, timeout=20.0) as http:
        return http.get(url, headers=headers, follow_redirects=False)


def _wait_serving(url: str) -> None:
    deadline = time.monotonic() + SERVE_TIMEOUT
    while True:
        try:
            _get(url)
            return
        except httpx.TransportError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def _assert_redirected(base: str) -> None:
    for cookie in (None, "k" * 43):  # no cookie; a cookie naming no session
        answer = _get(base + "/private", cookie)
        assert answer.status_code in (302, 303), (answer.status_code, answer.text)
        assert answer.headers["location"] == LOGIN
    assert _get(base + "/public").status_code == 200  # only the unauthenticated redirect


# -- Starlette under uvicorn -------------------------------------------------------------


@pytest.fixture
def starlette_url(redis_server: RedisServer) -> Iterator[str]:
    import uvicorn
    from kinbase import AsyncClient
    from kinbase.sessions import AsyncRedisSessionStore
    from kinbase.web.starlette import KinbaseMiddleware, kinbase_user
    from starlette.applications import Starlette
    from starlette.middleware import Middleware
    from starlette.requests import Request
    from starlette.responses import JSONResponse
    from starlette.routing import Route

    store = AsyncRedisSessionStore(redis_server.url, prefix="redirect:")
    client = AsyncClient(
        auth_url="http://127.0.0.1:9",  # never called: nobody is signed in
        storage_url="http://127.0.0.1:9/v1",
        session_store=store,
    )

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        yield
        await client.aclose()  # on the server's loop, whose connections they are
        await store.aclose()

    async def private(request: Request) -> JSONResponse:
        await kinbase_user(request)
        return JSONResponse({"signed_in": True})

    async def public(request: Request) -> JSONResponse:
        return JSONResponse({"public": True})

    app = Starlette(
        routes=[Route("/private", private), Route("/public", public)],
        middleware=[Middleware(KinbaseMiddleware, client=client, login_url=LOGIN)],
        lifespan=lifespan,
    )
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host=LOOPBACK, port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        url = f"http://{LOOPBACK}:{port}"
        _wait_serving(url + "/public")
        yield url
    finally:
        server.should_exit = True
        thread.join(SERVE_TIMEOUT)


def test_starlette_redirects_to_login_url(starlette_url: str) -> None:
    _assert_redirected(starlette_url)


# -- Flask under werkzeug's server -------------------------------------------------------


def _serve_wsgi(make: Callable[[str, int], Any]) -> Iterator[str]:
    port = free_port()
    server = make(LOOPBACK, port)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.daemon = True
    thread.start()
    try:
        url = f"http://{LOOPBACK}:{port}"
        _wait_serving(url + "/public")
        yield url
    finally:
        server.shutdown()
        server.server_close()
        thread.join(SERVE_TIMEOUT)


@pytest.fixture
def flask_url(redis_server: RedisServer) -> Iterator[str]:
    import werkzeug.serving
    from flask import Flask
    from kinbase import Client
    from kinbase.sessions import RedisSessionStore
    from kinbase.web.flask import Kinbase

    client = Client(
        auth_url="http://127.0.0.1:9",
        storage_url="http://127.0.0.1:9/v1",
        session_store=RedisSessionStore(redis_server.url, prefix="redirect:"),
    )
    app = Flask("redirecting")
    kb = Kinbase(app, client=client, login_url=LOGIN)

    @app.get("/private")
    def private() -> dict[str, bool]:
        return {"signed_in": bool(kb.user())}

    @app.get("/public")
    def public() -> dict[str, bool]:
        return {"public": True}

    yield from _serve_wsgi(
        lambda host, port: werkzeug.serving.make_server(host, port, app, threaded=True)
    )
    client.close()


def test_flask_redirects_to_login_url(flask_url: str) -> None:
    _assert_redirected(flask_url)


# -- Django under wsgiref ----------------------------------------------------------------


def _private(request: Any) -> Any:
    from django.http import JsonResponse

    request.kinbase.user()
    return JsonResponse({"signed_in": True})


def _public(request: Any) -> Any:
    from django.http import JsonResponse

    return JsonResponse({"public": True})


def _urlpatterns() -> list[Any]:
    from django.urls import path

    return [path("private", _private), path("public", _public)]


urlpatterns: list[Any] = []  # this module is the Django app's ROOT_URLCONF


class _QuietHandler(wsgiref.simple_server.WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def django_url(redis_server: RedisServer) -> Iterator[str]:
    import django
    from django.conf import settings
    from django.core.wsgi import get_wsgi_application
    from kinbase import Client
    from kinbase.sessions import RedisSessionStore

    if settings.configured:
        pytest.skip("Django is already configured in this process")
    client = Client(
        auth_url="http://127.0.0.1:9",
        storage_url="http://127.0.0.1:9/v1",
        session_store=RedisSessionStore(redis_server.url, prefix="redirect:"),
    )
    urlpatterns[:] = _urlpatterns()
    settings.configure(
        SECRET_KEY="test-only-not-a-secret",
        ALLOWED_HOSTS=[LOOPBACK],
        ROOT_URLCONF=__name__,
        INSTALLED_APPS=[],
        DATABASES={},
        MIDDLEWARE=["kinbase.web.django.KinbaseMiddleware"],
        KINBASE={"CLIENT": client, "LOGIN_URL": LOGIN},
    )
    django.setup()
    app = get_wsgi_application()
    yield from _serve_wsgi(
        lambda host, port: wsgiref.simple_server.make_server(
            host, port, app, handler_class=_QuietHandler
        )
    )
    client.close()


def test_django_redirects_to_login_url(django_url: str) -> None:
    _assert_redirected(django_url)
