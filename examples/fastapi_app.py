"""kinbase in a FastAPI app: the Starlette middleware plus dependencies.

    KINBASE_AUTH_URL=... KINBASE_STORAGE_URL=... KINBASE_REDIS_URL=... \
    uvicorn examples.fastapi_app:app
"""

from __future__ import annotations

import os
from typing import Annotated, Any

import kinbase
from fastapi import Depends, FastAPI
from kinbase.sessions import AsyncRedisSessionStore
from kinbase.web import AsyncRequestSession, CookieSettings
from kinbase.web.starlette import KinbaseMiddleware, kinbase_session, kinbase_user

client = kinbase.AsyncClient(
    auth_url=os.environ["KINBASE_AUTH_URL"],
    storage_url=os.environ["KINBASE_STORAGE_URL"],
    session_store=AsyncRedisSessionStore(os.environ["KINBASE_REDIS_URL"]),
    jwt_secret=os.environ.get("KINBASE_JWT_SECRET"),
)
app = FastAPI()
app.add_middleware(
    KinbaseMiddleware,
    client=client,
    cookie=CookieSettings(secure=os.environ.get("KINBASE_COOKIE_SECURE", "1") == "1"),
)

WebSession = Annotated[AsyncRequestSession, Depends(kinbase_session)]
User = Annotated[kinbase.AsyncUserClient, Depends(kinbase_user)]


@app.post("/login")
async def login(form: dict[str, str], web: WebSession) -> dict[str, str]:
    session = await web.sign_in_with_password(form)
    return {"user": str(session.user.id)}


@app.post("/logout")
async def logout(web: WebSession) -> dict[str, bool]:
    await web.sign_out()
    return {"signed_out": True}


@app.get("/me")
async def me(web: WebSession, user: User) -> dict[str, Any]:
    claims = await web.claims()
    info = await user.storage.server_info()
    return {"user": claims["sub"], "kinto_user": info["user"]["id"]}
