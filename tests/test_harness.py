"""The test servers themselves: run with --kinto-backend=memory and =postgresql."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest

from tests.servers import AuthServer, KintoFactory, KintoServer, PostgresCluster

PASSWORD = "correct horse battery staple"


@pytest.fixture
def http() -> Iterator[httpx.Client]:
    with httpx.Client(trust_env=False, timeout=10) as client:
        yield client


def sign_up(http: httpx.Client, auth: AuthServer) -> dict[str, Any]:
    response = http.post(
        f"{auth.url}/signup",
        json={"email": f"{uuid.uuid4().hex}@example.com", "password": PASSWORD},
    )
    assert response.status_code == 200, response.text
    session: dict[str, Any] = response.json()
    return session


def bearer(session: dict[str, Any]) -> dict[str, str]:
    return {"Authorization": f"Bearer {session['access_token']}"}


def create_account(http: httpx.Client, kinto: KintoServer, name: str) -> httpx.BasicAuth:
    response = http.put(f"{kinto.url}/accounts/{name}", json={"data": {"password": PASSWORD}})
    assert response.status_code == 201, response.text
    return httpx.BasicAuth(name, PASSWORD)


def write_record(http: httpx.Client, kinto: KintoServer, auth: httpx.Auth) -> str:
    """Create bucket b / collection c / record r1 and return the record URL."""
    assert http.put(f"{kinto.url}/buckets/b", auth=auth).status_code == 201
    assert http.put(f"{kinto.url}/buckets/b/collections/c", auth=auth).status_code == 201
    url = f"{kinto.url}/buckets/b/collections/c/records/r1"
    assert http.put(url, json={"data": {"title": "kept"}}, auth=auth).status_code == 201
    return url


def test_kinto_answers_with_the_configured_plugins(
    http: httpx.Client, kinto: KintoServer, kinto_backend: str
) -> None:
    assert kinto.backend == kinto_backend
    assert http.get(f"{kinto.url}/__heartbeat__").json() == {
        "storage": True,
        "permission": True,
        "cache": True,
    }
    info = http.get(f"{kinto.url}/").json()
    assert info["project_version"] == "26.5.0"
    assert info["url"] == f"{kinto.url}/"
    assert {"accounts", "history", "flush_endpoint", "openid", "permissions_endpoint"} <= set(
        info["capabilities"]
    )
    assert "user" not in info


@pytest.mark.parametrize("run", ["first", "second"])
def test_each_test_starts_from_an_empty_kinto(
    http: httpx.Client, kinto: KintoServer, run: str
) -> None:
    admin = create_account(http, kinto, "admin")  # 201: no account left from the other run
    assert http.get(f"{kinto.url}/buckets", auth=admin).json() == {"data": []}
    assert http.put(f"{kinto.url}/buckets/{run}", auth=admin).status_code == 201


def test_flush_wipes_data(http: httpx.Client, kinto: KintoServer) -> None:
    alice = create_account(http, kinto, "alice")
    write_record(http, kinto, alice)
    kinto.flush()
    assert http.get(f"{kinto.url}/buckets", auth=alice).status_code == 401  # account gone


def test_record_written_with_basic_auth_is_readable(http: httpx.Client, kinto: KintoServer) -> None:
    alice = create_account(http, kinto, "alice")
    url = write_record(http, kinto, alice)
    assert http.get(url, auth=alice).json()["data"]["title"] == "kept"
    assert http.get(f"{kinto.url}/", auth=alice).json()["user"]["id"] == "account:alice"
    wrong = http.get(url, auth=("alice", "wrong password"))
    assert (wrong.status_code, wrong.json()["errno"]) == (401, 104)


def test_settings_are_per_instance(http: httpx.Client, kinto_factory: KintoFactory) -> None:
    server = kinto_factory(backoff=7, batch_max_requests=3, readonly=True)
    response = http.get(f"{server.url}/")
    assert response.headers["Backoff"] == "7"
    assert response.json()["settings"]["batch_max_requests"] == 3
    assert response.json()["settings"]["readonly"] is True


def test_restart_keeps_data_only_on_postgresql(
    http: httpx.Client, kinto: KintoServer, kinto_backend: str
) -> None:
    alice = create_account(http, kinto, "alice")
    url = write_record(http, kinto, alice)
    kinto.restart()
    response = http.get(url, auth=alice)
    if kinto_backend == "postgresql":
        assert response.json()["data"]["title"] == "kept"
    else:
        assert response.status_code == 401  # the account vanished with the memory backend


def test_postgresql_backend_stores_in_the_cluster(
    http: httpx.Client, kinto: KintoServer, postgres_cluster: PostgresCluster
) -> None:
    assert kinto.postgres_dsn is not None
    database = urlsplit(kinto.postgres_dsn).path.lstrip("/")
    write_record(http, kinto, create_account(http, kinto, "alice"))
    rows = postgres_cluster.psql(
        "SELECT data->>'title' FROM objects WHERE resource_name = 'record' AND id = 'r1'",
        database,
    )
    assert rows == "kept"


def test_openid_token_from_sign_up_and_sign_in_is_accepted(
    http: httpx.Client, kinto: KintoServer, auth: AuthServer
) -> None:
    session = sign_up(http, auth)
    user = http.get(f"{kinto.url}/", headers=bearer(session)).json()["user"]
    assert user["id"] == f"openid:{session['user']['id']}"
    assert http.put(f"{kinto.url}/buckets/mine", headers=bearer(session)).status_code == 201

    signed_in = http.post(
        f"{auth.url}/token",
        params={"grant_type": "password"},
        json={"email": session["user"]["email"], "password": PASSWORD},
    )
    assert signed_in.status_code == 200, signed_in.text
    response = http.get(f"{kinto.url}/buckets/mine", headers=bearer(signed_in.json()))
    assert response.status_code == 200


def test_openid_token_is_refused_right_after_logout(
    http: httpx.Client, kinto: KintoServer, auth: AuthServer
) -> None:
    session = sign_up(http, auth)
    assert http.put(f"{kinto.url}/buckets/mine", headers=bearer(session)).status_code == 201
    logout = http.post(f"{auth.url}/logout", headers=bearer(session))
    assert logout.status_code == 204, logout.text
    # Kinto verified this token a moment ago: the refusal shows nothing is cached.
    refused = http.get(f"{kinto.url}/buckets/mine", headers=bearer(session))
    assert (refused.status_code, refused.json()["errno"]) == (401, 104)
    assert "user" not in http.get(f"{kinto.url}/", headers=bearer(session)).json()


def test_expired_openid_token_is_refused(
    http: httpx.Client, kinto: KintoServer, auth: AuthServer
) -> None:
    session = sign_up(http, auth)
    buckets = f"{kinto.url}/buckets"
    assert http.get(buckets, headers=bearer(session)).status_code == 200
    auth.advance_clock(session["expires_in"] + 1)  # `auth` resets the clock for the next test
    refused = http.get(buckets, headers=bearer(session))
    assert (refused.status_code, refused.json()["errno"]) == (401, 104)
