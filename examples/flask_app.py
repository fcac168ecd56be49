"""kinbase in a Flask app (sync): the ``Kinbase`` extension.

    KINBASE_AUTH_URL=... KINBASE_STORAGE_URL=... KINBASE_REDIS_URL=... \
    gunicorn examples.flask_app:app
"""

from __future__ import annotations

import os
from typing import Any

import kinbase
from flask import Flask, request
from kinbase.errors import ForbiddenError
from kinbase.sessions import RedisSessionStore
from kinbase.web import CookieSettings
from kinbase.web.flask import Kinbase

client = kinbase.Client(
    auth_url=os.environ["KINBASE_AUTH_URL"],
    storage_url=os.environ["KINBASE_STORAGE_URL"],
    session_store=RedisSessionStore(os.environ["KINBASE_REDIS_URL"]),
    jwt_secret=os.environ.get("KINBASE_JWT_SECRET"),
)
app = Flask(__name__)
kb = Kinbase(
    app,
    client=client,
    cookie=CookieSettings(secure=os.environ.get("KINBASE_COOKIE_SECURE", "1") == "1"),
)


def bucket_of(user_id: str) -> str:
    return "notes-" + user_id.replace("-", "")


@app.post("/login")
def login() -> Any:
    form = request.get_json()
    try:
        session = kb.session.sign_in_with_password(
            {"email": form["email"], "password": form["password"]}
        )
    except kinbase.errors.InvalidCredentialsError as error:
        return {"error": error.message}, 401
    return {"user": str(session.user.id)}


@app.post("/logout")
def logout() -> dict[str, bool]:
    kb.session.sign_out()
    return {"signed_out": True}


@app.get("/me")
def me() -> dict[str, Any]:
    claims = kb.session.claims()
    info = kb.user().storage.server_info()
    session = kb.session.load()
    session["flask_visits"] = int(session.get("flask_visits", 0)) + 1
    return {
        "user": claims["sub"],
        "kinto_user": info["user"]["id"],
        "items": {k: v for k, v in session.items() if k.endswith("_visits")},
    }


@app.route("/notes", methods=["GET", "POST"])
def notes() -> Any:
    user = kb.user()
    session = user.auth.get_session()
    assert session is not None
    bucket = bucket_of(str(session.user.id))
    if request.method == "POST":
        user.storage.create_bucket(id=bucket, if_not_exists=True)
        user.storage.create_collection(id="notes", bucket=bucket, if_not_exists=True)
        record = user.storage.create_record(
            data={"text": request.get_json()["text"], "via": "flask"},
            bucket=bucket,
            collection="notes",
        )
        return dict(record["data"]), 201
    try:
        records = user.storage.get_records(bucket=bucket, collection="notes")
    except ForbiddenError:
        records = []
    return sorted([r["text"], r["via"]] for r in records)
