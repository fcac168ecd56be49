"""kinbase in a Starlette app (FastAPI works the same way: see fastapi_app.py).

    KINBASE_AUTH_URL=http://127.0.0.1:9999 KINBASE_STORAGE_URL=http://127.0.0.1:8888/v1 \
    KINBASE_REDIS_URL=redis://127.0.0.1:6379/0 uvicorn examples.starlette_app:app

One AsyncClient for the whole process (one connection pool); each request works through a
per-user view of it. The session cookie holds a web-session key; the user's tokens live
in Redis, where the Django and Flask examples find them too.
"""

from __future__ import annotations

import os

import kinbase
from kinbase.sessions import AsyncRedisSessionStore
from kinbase.web import CookieSettings
from kinbase.web.starlette import KinbaseMiddleware, kinbase_session, kinbase_user
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

client = kinbase.AsyncClient(
    auth_url=os.environ["KINBASE_AUTH_URL"],
    storage_url=os.environ["KINBASE_STORAGE_URL"],
    session_store=AsyncRedisSessionStore(os.environ["KINBASE_REDIS_URL"]),
    jwt_secret=os.environ.get("KINBASE_JWT_SECRET"),  # verify access tokens locally
)
# plain http in development: a Secure cookie would not be sent back
cookie = CookieSettings(secure=os.environ.get("KINBASE_COOKIE_SECURE", "1") == "1")


def bucket_of(user_id: str) -> str:
    return "notes-" + user_id.replace("-", "")


async def login(request: Request) -> JSONResponse:
    form = await request.json()
    try:
        session = await kinbase_session(request).sign_in_with_password(
            {"email": form["email"], "password": form["password"]}
        )
    except kinbase.errors.InvalidCredentialsError as error:
        return JSONResponse({"error": error.message}, status_code=401)
    return JSONResponse({"user": str(session.user.id)})


async def logout(request: Request) -> JSONResponse:
    await kinbase_session(request).sign_out()
    return JSONResponse({"signed_out": True})


async def me(request: Request) -> JSONResponse:
    web = kinbase_session(request)
    claims = await web.claims()  # the access token, verified locally
    user = await kinbase_user(request)
    info = await user.storage.server_info()
    session = await web.load()
    session["starlette_visits"] = int(session.get("starlette_visits", 0)) + 1
    return JSONResponse(
        {
            "user": claims["sub"],
            "kinto_user": info["user"]["id"],
            "items": {k: v for k, v in session.items() if k.endswith("_visits")},
        }
    )


async def notes(request: Request) -> JSONResponse:
    user = await kinbase_user(request)
    session = await user.auth.get_session()
    assert session is not None
    bucket = bucket_of(str(session.user.id))
    if request.method == "POST":
        await user.storage.create_bucket(id=bucket, if_not_exists=True)
        await user.storage.create_collection(id="notes", bucket=bucket, if_not_exists=True)
        body = await request.json()
        record = await user.storage.create_record(
            data={"text": body["text"], "via": "starlette"}, bucket=bucket, collection="notes"
        )
        return JSONResponse(record["data"], status_code=201)
    try:
        records = await user.storage.get_records(bucket=bucket, collection="notes")
    except kinbase.errors.ForbiddenError:  # no bucket yet
        records = []
    return JSONResponse(sorted((r["text"], r["via"]) for r in records))


app = Starlette(
    routes=[
        Route("/login", login, methods=["POST"]),
        Route("/logout", logout, methods=["POST"]),
        Route("/me", me),
        Route("/notes", notes, methods=["GET", "POST"]),
    ],
    middleware=[Middleware(KinbaseMiddleware, client=client, cookie=cookie)],
)
