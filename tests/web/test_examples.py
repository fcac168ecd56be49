"""The three example apps over real HTTP, sharing one session through one Redis store:
a user signs in on the Starlette app and is signed in on the Django (ASGI and WSGI) and
Flask apps too; notes written through each are one user's notes in Kinto; every app's
writes to the web session survive the others'; a refresh done by one app is used by the
others; not signed in is a 401 everywhere; signing out on one signs out on all."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import attrs
import httpx
import pytest
from kinbase.auth import AuthClient, Session
from kinbase.sessions import RedisSessionStore

from tests.auth.conftest import PASSWORD, ServerTools, new_email
from tests.servers import AuthServer, RedisServer
from tests.web.conftest import App

ITEM = "supabase.auth.token"


def _http() -> httpx.Client:
    return httpx.Client(trust_env=False, timeout=30.0)


def _cookie(response: httpx.Response) -> str:
    header = response.headers.get("set-cookie", "")
    assert header.startswith("kinbase_session="), header
    assert "HttpOnly" in header and "SameSite=Lax" in header
    return header.split(";", 1)[0].split("=", 1)[1]


def _new_user(auth: AuthServer) -> tuple[str, str]:
    email = new_email()
    with AuthClient(auth.url) as client:
        client.sign_up({"email": email, "password": PASSWORD})
    return email, PASSWORD


def test_one_session_shared_by_starlette_django_and_flask(
    web_apps: dict[str, App], auth_server: AuthServer, redis_server: RedisServer
) -> None:
    email, password = _new_user(auth_server)
    starlette, flask = web_apps["starlette"], web_apps["flask"]
    djangos = [web_apps["django-asgi"], web_apps["django-wsgi"]]
    with _http() as http:
        for app in web_apps.values():  # nobody signed in: the framework's 401
            answer = http.get(app.url + "/me")
            assert answer.status_code == 401, (app, answer.text)
        signed_in = http.post(starlette.url + "/login", json={"email": email, "password": password})
        assert signed_in.status_code == 200, signed_in.text
        key = _cookie(signed_in)
        user_id = signed_in.json()["user"]
        cookies = {"Cookie": f"kinbase_session={key}"}

        for app in [*djangos, flask, starlette, web_apps["fastapi"]]:
            me = http.get(app.url + "/me", headers=cookies)
            assert me.status_code == 200, (app, me.text)
            assert me.json()["user"] == user_id
            assert me.json()["kinto_user"].endswith(user_id)
            assert "set-cookie" not in me.headers  # same key: nothing to set

        for app, text in [(djangos[0], "dj-asgi"), (flask, "fl"), (starlette, "st")]:
            created = http.post(app.url + "/notes", json={"text": text}, headers=cookies)
            assert created.status_code == 201, (app, created.text)
        listed = http.get(starlette.url + "/notes", headers=cookies).json()
        assert listed == [["dj-asgi", "django"], ["fl", "flask"], ["st", "starlette"]]

        # each app changed its own item of the one web session; none undid another's
        items = http.get(flask.url + "/me", headers=cookies).json()["items"]
        assert items["starlette_visits"] >= 1 and items["django_visits"] >= 2
        assert items["flask_visits"] >= 1

        # the token expires: one app refreshes, the store gets the new tokens, the
        # others use them without refreshing again
        store = RedisSessionStore(redis_server.url)
        tokens = store.auth_storage(key)
        before = Session.from_json(tokens.get_item(ITEM))
        expired = attrs.evolve(before, expires_at=int(time.time()) - 5)
        tokens.set_item(ITEM, expired.to_json())
        server = ServerTools(auth_server)
        server.reset_stats()
        assert http.get(djangos[0].url + "/me", headers=cookies).status_code == 200
        after = Session.from_json(tokens.get_item(ITEM))
        assert after.refresh_token != before.refresh_token
        for app in [starlette, flask, djangos[1]]:
            assert http.get(app.url + "/me", headers=cookies).status_code == 200
        assert server.refresh_calls() == 1

        # sign out on Flask: the cookie is cleared and every app answers 401 again
        out = http.post(flask.url + "/logout", headers=cookies)
        assert out.status_code == 200
        assert "kinbase_session=;" in out.headers["set-cookie"]
        assert "Max-Age=0" in out.headers["set-cookie"]
        for app in web_apps.values():
            assert http.get(app.url + "/me", headers=cookies).status_code == 401
        assert store.read(key) is None
        store.close()


def test_django_and_starlette_at_once_one_session_one_refresh(
    web_apps: dict[str, App], auth_server: AuthServer, redis_server: RedisServer
) -> None:
    """Requests to the Django apps (ASGI and WSGI), Starlette and Flask in flight at the same
    time, on one web session whose access token has just expired: every one is answered
    as the user, the auth server sees one refresh and no /user round trip (each app checks
    the token locally), and each app's own item of the web session is kept."""
    email, password = _new_user(auth_server)
    names = ["django-asgi", "starlette", "django-wsgi", "flask"]
    with _http() as http:
        signed_in = http.post(
            web_apps["django-asgi"].url + "/login", json={"email": email, "password": password}
        )
        assert signed_in.status_code == 200, signed_in.text
        key = _cookie(signed_in)
        user_id = signed_in.json()["user"]
        cookies = {"Cookie": f"kinbase_session={key}"}
        store = RedisSessionStore(redis_server.url)
        tokens = store.auth_storage(key)
        before = Session.from_json(tokens.get_item(ITEM))
        tokens.set_item(ITEM, attrs.evolve(before, expires_at=int(time.time()) - 5).to_json())
        server = ServerTools(auth_server)
        server.reset_stats()

        def me(n: int) -> tuple[str, int, Any]:
            app = web_apps[names[n % len(names)]]
            answer = http.get(app.url + "/me", headers=cookies)
            return app.name, answer.status_code, answer.json()

        with ThreadPoolExecutor(max_workers=16) as pool:
            answers = list(pool.map(me, range(32)))
        for name, status, body in answers:
            assert status == 200, (name, body)
            assert body["user"] == user_id and body["kinto_user"].endswith(user_id)
        assert server.refresh_calls() == 1
        assert server.stats().get("GET /user", 0) == 0
        after = Session.from_json(tokens.get_item(ITEM))
        assert after.refresh_token != before.refresh_token
        items = store.read(key)
        assert items is not None
        visits = {name: int(items.get(f"{name}_visits", "0")) for name in ("django", "starlette")}
        assert visits["django"] >= 1 and visits["starlette"] >= 1, visits
        assert int(items.get("flask_visits", "0")) >= 1
        store.close()


@pytest.mark.parametrize("name", ["starlette", "django-asgi", "flask"])
def test_a_forged_or_unknown_cookie_is_not_signed_in(web_apps: dict[str, App], name: str) -> None:
    with _http() as http:
        for value in ["x" * 43, "not a key", "A" * 5000]:
            cookie = {"Cookie": f"kinbase_session={value}"}
            answer = http.get(web_apps[name].url + "/me", headers=cookie)
            assert answer.status_code == 401, answer.text


def test_failed_sign_in_says_why_and_sets_no_cookie(
    web_apps: dict[str, App], auth_server: AuthServer
) -> None:
    email, _ = _new_user(auth_server)
    with _http() as http:
        answer = http.post(
            web_apps["starlette"].url + "/login", json={"email": email, "password": "wrong-pass"}
        )
    assert answer.status_code == 401
    assert "set-cookie" not in answer.headers or "kinbase_session=;" in answer.headers["set-cookie"]
