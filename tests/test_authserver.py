"""Protocol tests for the GoTrue-compatible test server (tests/authserver), over plain HTTP.

The server runs as a subprocess through its CLI; JWTs and TOTP codes are computed here by
hand so the server is checked against the protocol, not against its own helpers.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
import signal
import struct
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest

ROOT = Path(__file__).resolve().parent.parent
SECRET = "test-authserver-secret-0123456789abcdef"
PASSWORD = "correct-horse-1"
CLI_ARGS = ("--host", "127.0.0.1", "--port", "0", "--jwt-secret", SECRET)
NEW_API = {"X-Supabase-Api-Version": "2024-01-01"}


# -- helpers ---------------------------------------------------------------------------


def b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def sign_jwt(claims: dict[str, Any], secret: str = SECRET) -> str:
    head = b64url(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    body = b64url(json.dumps(claims).encode())
    sig = hmac.new(secret.encode(), f"{head}.{body}".encode(), hashlib.sha256).digest()
    return f"{head}.{body}.{b64url(sig)}"


def jwt_claims(token: str) -> dict[str, Any]:
    head, body, sig = token.split(".")
    expected = hmac.new(SECRET.encode(), f"{head}.{body}".encode(), hashlib.sha256).digest()
    assert b64url(expected) == sig, "access token is not HS256-signed with the server secret"
    claims: dict[str, Any] = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    return claims


def totp(secret: str, at: float | None = None) -> str:
    key = base64.b32decode(secret + "=" * (-len(secret) % 8), casefold=True)
    digest = hmac.new(key, struct.pack(">Q", int((at or time.time()) // 30)), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


ADMIN = bearer(sign_jwt({"role": "service_role", "iss": "test"}))


# -- fixtures --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def server_url() -> Iterator[str]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.authserver", *CLI_ARGS],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline().strip()
        match = re.fullmatch(r"kinbase-authserver listening on (http://127\.0\.0\.1:\d+)", line)
        assert match, line
        yield match.group(1)
    finally:
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=10) == 0
        proc.stdout.close()


@pytest.fixture
def client(server_url: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server_url, timeout=10) as c:
        assert c.post("/_test/reset").status_code == 200
        yield c


def configure(client: httpx.Client, **changes: Any) -> None:
    response = client.post("/_test/config", json=changes)
    assert response.status_code == 200, response.text


def signup(client: httpx.Client, email: str = "ada@example.com") -> dict[str, Any]:
    response = client.post("/signup", json={"email": email, "password": PASSWORD})
    assert response.status_code == 200, response.text
    session: dict[str, Any] = response.json()
    return session


def refresh(client: httpx.Client, token: str) -> httpx.Response:
    return client.post(
        "/token", params={"grant_type": "refresh_token"}, json={"refresh_token": token}
    )


def mailbox(client: httpx.Client, **address: str) -> list[dict[str, Any]]:
    messages: list[dict[str, Any]] = client.get("/_test/mailbox", params=address).json()["messages"]
    return messages


# -- basics ----------------------------------------------------------------------------


def test_health_settings_and_in_process_api(client: httpx.Client) -> None:
    assert client.get("/health").json()["name"] == "GoTrue"
    assert client.get("/settings").json()["external"]["email"] is True
    code = (
        "import httpx\n"
        "from tests.authserver import AuthConfig, AuthServer\n"
        "with AuthServer(AuthConfig(issuer_path='/auth/v1')) as srv:\n"
        "    assert srv.url.endswith('/auth/v1'), srv.url\n"
        "    assert httpx.get(srv.url + '/health').status_code == 200\n"
        "    issuer = httpx.get(srv.url + '/.well-known/openid-configuration').json()['issuer']\n"
        "    assert issuer == srv.url, issuer\n"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, timeout=20)


def test_signup_session_shape_and_claims(client: httpx.Client, server_url: str) -> None:
    session = signup(client)
    assert session["token_type"] == "bearer"
    assert session["expires_in"] == 3600
    claims = jwt_claims(session["access_token"])
    assert claims["exp"] - claims["iat"] == 3600 and claims["exp"] == session["expires_at"]
    assert claims["iss"] == server_url
    assert claims["aud"] == "authenticated" and claims["role"] == "authenticated"
    assert claims["aal"] == "aal1" and claims["amr"][0]["method"] == "password"
    assert claims["email"] == "ada@example.com" and claims["is_anonymous"] is False
    for key in ("sub", "phone", "app_metadata", "user_metadata", "session_id"):
        assert key in claims
    user = session["user"]
    uuid.UUID(user["id"])
    assert user["app_metadata"] == {"provider": "email", "providers": ["email"]}
    assert user["identities"][0]["provider"] == "email"
    assert user["factors"] == [] and user["email_confirmed_at"] and user["confirmed_at"]
    again = client.post("/signup", json={"email": "ada@example.com", "password": PASSWORD})
    assert again.status_code == 422 and again.json()["error_code"] == "user_already_exists"


def test_password_grant_and_weak_password(client: httpx.Client) -> None:
    signup(client)
    ok = client.post(
        "/token?grant_type=password", json={"email": "ada@example.com", "password": PASSWORD}
    )
    assert ok.status_code == 200 and "weak_password" not in ok.json()
    bad = client.post(
        "/token?grant_type=password", json={"email": "ada@example.com", "password": "nope-nope"}
    )
    assert bad.status_code == 400 and bad.json()["error_code"] == "invalid_credentials"
    weak = client.post("/signup", json={"email": "bob@example.com", "password": "abc"})
    assert weak.status_code == 422
    assert weak.json()["error_code"] == "weak_password"
    assert weak.json()["weak_password"] == {"reasons": ["length"]}
    configure(client, password_min_length=20)
    now_weak = client.post(
        "/token?grant_type=password", json={"email": "ada@example.com", "password": PASSWORD}
    )
    assert now_weak.status_code == 200
    assert now_weak.json()["weak_password"]["reasons"] == ["length"]


def test_anonymous_signup(client: httpx.Client) -> None:
    session = client.post("/signup", json={}).json()
    assert session["user"]["is_anonymous"] is True
    assert jwt_claims(session["access_token"])["is_anonymous"] is True


# -- refresh tokens --------------------------------------------------------------------


def test_rotation_and_reuse_outside_interval_revokes_family(client: httpx.Client) -> None:
    session = signup(client)
    first = session["refresh_token"]
    second = refresh(client, first)
    assert second.status_code == 200
    rotated = second.json()["refresh_token"]
    assert rotated != first
    reused = refresh(client, first)  # reuse interval is 0 s by default
    assert reused.status_code == 400
    assert reused.json()["error_code"] == "refresh_token_already_used"
    assert reused.headers["x-sb-error-code"] == "refresh_token_already_used"
    # the whole family is gone: the current token and the session's access tokens too
    assert refresh(client, rotated).json()["error_code"] == "refresh_token_already_used"
    user = client.get("/user", headers=bearer(second.json()["access_token"]))
    assert user.status_code == 403 and user.json()["error_code"] == "session_not_found"
    assert refresh(client, "neverissued1").json()["error_code"] == "refresh_token_not_found"
    # as GoTrue: a token it cannot read is refused before any lookup
    assert refresh(client, "never-issued").json()["error_code"] == "validation_failed"


def test_reuse_inside_interval_returns_current_token(client: httpx.Client) -> None:
    configure(client, refresh_reuse_interval=30)
    first = signup(client)["refresh_token"]
    current = refresh(client, first).json()["refresh_token"]
    reused = refresh(client, first)
    assert reused.status_code == 200
    assert reused.json()["refresh_token"] == current
    assert refresh(client, current).status_code == 200
    client.post("/_test/clock", json={"advance": 31})
    assert refresh(client, first).json()["error_code"] == "refresh_token_already_used"


def test_concurrent_refreshes_are_serialised(client: httpx.Client) -> None:
    configure(client, refresh_reuse_interval=10, refresh_delay=0.01)
    token = signup(client)["refresh_token"]
    client.delete("/_test/stats")
    with ThreadPoolExecutor(20) as pool:
        responses = list(pool.map(lambda _: refresh(client, token), range(20)))
    assert {r.status_code for r in responses} == {200}
    assert len({r.json()["refresh_token"] for r in responses}) == 1  # one rotation, shared
    stats = client.get("/_test/stats").json()["requests"]
    assert stats["POST /token?grant_type=refresh_token"] == 20


def test_herd_of_concurrent_keepalive_requests(server_url: str, client: httpx.Client) -> None:
    access = signup(client)["access_token"]
    limits = httpx.Limits(max_connections=250, max_keepalive_connections=250)
    with httpx.Client(base_url=server_url, limits=limits, timeout=20) as herd:
        barrier = threading.Barrier(220)

        def call(_: int) -> int:
            barrier.wait()
            return herd.get("/user", headers=bearer(access)).status_code

        with ThreadPoolExecutor(220) as pool:
            codes = list(pool.map(call, range(220)))
    assert codes == [200] * 220


# -- logout and userinfo ---------------------------------------------------------------


def sign_in(client: httpx.Client) -> dict[str, Any]:
    response = client.post(
        "/token?grant_type=password", json={"email": "ada@example.com", "password": PASSWORD}
    )
    assert response.status_code == 200
    session: dict[str, Any] = response.json()
    return session


def test_logout_scopes(client: httpx.Client) -> None:
    one, two, three = signup(client), sign_in(client), sign_in(client)
    others = client.post("/logout?scope=others", headers=bearer(one["access_token"]))
    assert others.status_code == 204 and others.content == b""
    assert refresh(client, two["refresh_token"]).json()["error_code"] == "refresh_token_not_found"
    assert refresh(client, three["refresh_token"]).status_code == 400
    one = refresh(client, one["refresh_token"]).json()
    assert (
        client.post("/logout?scope=local", headers=bearer(one["access_token"])).status_code == 204
    )
    assert refresh(client, one["refresh_token"]).status_code == 400
    four, five = sign_in(client), sign_in(client)
    assert client.post("/logout", headers=bearer(four["access_token"])).status_code == 204
    assert refresh(client, five["refresh_token"]).status_code == 400
    bad_scope = client.post("/logout?scope=nope", headers=bearer(five["access_token"]))
    assert bad_scope.status_code in (400, 403)


def test_oidc_discovery_and_userinfo(client: httpx.Client, server_url: str) -> None:
    config = client.get("/.well-known/openid-configuration").json()
    assert config["issuer"] == server_url
    for key in (
        "authorization_endpoint",
        "token_endpoint",
        "jwks_uri",
        "response_types_supported",
        "subject_types_supported",
        "id_token_signing_alg_values_supported",
    ):
        assert key in config
    assert client.get("/.well-known/jwks.json").json() == {"keys": []}
    userinfo = config["userinfo_endpoint"]
    session = signup(client)
    info = httpx.get(userinfo, headers=bearer(session["access_token"]))
    assert info.status_code == 200
    assert info.json()["sub"] == session["user"]["id"]
    assert info.json()["email"] == "ada@example.com"
    assert httpx.get(userinfo).status_code == 401
    assert httpx.get(userinfo, headers=bearer("not-a-jwt")).status_code == 401
    client.post("/logout", headers=bearer(session["access_token"]))
    revoked = httpx.get(userinfo, headers=bearer(session["access_token"]))
    assert revoked.status_code == 401 and revoked.json()["error"] == "invalid_token"
    fresh = sign_in(client)
    client.post("/_test/clock", json={"advance": 3601})
    assert httpx.get(userinfo, headers=bearer(fresh["access_token"])).status_code == 401


# -- errors and rate limits ------------------------------------------------------------


def test_three_error_shapes(client: httpx.Client) -> None:
    legacy = client.get("/user")
    assert legacy.status_code == 401
    assert legacy.json()["code"] == 401 and legacy.json()["error_code"] == "no_authorization"
    assert "msg" in legacy.json() and "X-Supabase-Api-Version" not in legacy.headers
    assert legacy.headers["x-sb-error-code"] == "no_authorization"
    new = client.get("/user", headers=NEW_API)
    assert new.status_code == 401
    assert set(new.json()) == {"code", "message"} and new.json()["code"] == "no_authorization"
    assert new.headers["X-Supabase-Api-Version"] == "2024-01-01"
    assert client.get("/health", headers=NEW_API).headers["X-Supabase-Api-Version"] == "2024-01-01"
    oauth = client.post("/token?grant_type=refresh_token", json={})
    assert oauth.status_code == 400
    assert oauth.json() == {
        "error": "invalid_request",
        "error_description": "refresh_token required",
    }
    unknown = client.post("/token?grant_type=magic", json={})
    assert unknown.status_code == 400
    bad_jwt = client.get("/user", headers=bearer(sign_jwt({"sub": "x"}, secret="wrong" * 8)))
    assert bad_jwt.status_code == 403 and bad_jwt.json()["error_code"] == "bad_jwt"


def test_token_rate_limit(client: httpx.Client) -> None:
    configure(client, rate_limit_token_requests=3)
    try:
        codes = [client.post("/token?grant_type=password", json={}).status_code for _ in range(4)]
        assert codes[:3] == [400, 400, 400]
        limited = client.post("/token?grant_type=password", json={})
        assert limited.status_code == 429
        assert limited.json()["error_code"] == "over_request_rate_limit"
        assert "Retry-After" not in limited.headers
    finally:
        configure(client, rate_limit_token_requests=0)


# -- admin -----------------------------------------------------------------------------


def test_admin_users_and_pagination(client: httpx.Client) -> None:
    for n in range(5):
        created = client.post(
            "/admin/users",
            headers=ADMIN,
            json={"email": f"u{n}@example.com", "password": PASSWORD, "email_confirm": True},
        )
        assert created.status_code == 200, created.text
    page = client.get("/admin/users", params={"page": 1, "per_page": 2}, headers=ADMIN)
    assert page.status_code == 200
    assert page.json()["aud"] == "authenticated" and len(page.json()["users"]) == 2
    assert page.headers["X-Total-Count"] == "5"
    link = page.headers["Link"]
    assert re.search(r'<[^>]*page=2&per_page=2>; rel="next"', link), link
    assert re.search(r'<[^>]*page=3&per_page=2>; rel="last"', link), link
    last = client.get("/admin/users", params={"page": 3, "per_page": 2}, headers=ADMIN)
    assert len(last.json()["users"]) == 1 and 'rel="next"' not in last.headers["Link"]
    assert len(client.get("/admin/users", headers=ADMIN).json()["users"]) == 5

    user_id = page.json()["users"][0]["id"]
    updated = client.put(
        f"/admin/users/{user_id}", headers=ADMIN, json={"user_metadata": {"team": "x"}}
    )
    assert updated.json()["user_metadata"] == {"team": "x"}
    deleted = client.request(
        "DELETE", f"/admin/users/{user_id}", headers=ADMIN, json={"should_soft_delete": False}
    )
    assert deleted.status_code == 200
    gone = client.get(f"/admin/users/{user_id}", headers=ADMIN)
    assert gone.status_code == 404 and gone.json()["error_code"] == "user_not_found"
    user_token = signup(client)["access_token"]
    denied = client.get("/admin/users", headers=bearer(user_token))
    assert denied.status_code == 403 and denied.json()["error_code"] == "not_admin"


def test_admin_generate_link_and_invite(client: httpx.Client) -> None:
    signup(client)
    link = client.post(
        "/admin/generate_link",
        headers=ADMIN,
        json={"type": "magiclink", "email": "ada@example.com"},
    ).json()
    assert link["verification_type"] == "magiclink" and link["email"] == "ada@example.com"
    assert link["action_link"].startswith("http") and len(link["email_otp"]) == 6
    verified = client.post(
        "/verify", json={"type": "magiclink", "token_hash": link["hashed_token"]}
    )
    assert verified.status_code == 200 and verified.json()["access_token"]
    invited = client.post("/invite", headers=ADMIN, json={"email": "new@example.com"})
    assert invited.status_code == 200 and invited.json()["invited_at"]
    (message,) = mailbox(client, email="new@example.com")
    assert message["type"] == "invite"
    accepted = client.post(
        "/verify", json={"type": "invite", "token": message["token"], "email": "new@example.com"}
    )
    assert accepted.status_code == 200
    assert accepted.json()["user"]["email_confirmed_at"]


# -- OTP, PKCE, id_token, reauthentication ---------------------------------------------


def test_mailbox_otp_verify(client: httpx.Client) -> None:
    sent = client.post("/otp", json={"email": "otp@example.com"})
    assert sent.status_code == 200 and "message_id" in sent.json()
    (message,) = mailbox(client, email="otp@example.com")
    assert re.fullmatch(r"\d{6}", message["token"])
    wrong = client.post(
        "/verify", json={"type": "email", "token": "000000", "email": "otp@example.com"}
    )
    assert wrong.status_code == 403 and wrong.json()["error_code"] == "otp_expired"
    session = client.post(
        "/verify", json={"type": "email", "token": message["token"], "email": "otp@example.com"}
    )
    assert session.status_code == 200
    assert session.json()["user"]["email_confirmed_at"]
    client.post("/otp", json={"phone": "+1 555 010 0100"})
    (sms,) = mailbox(client, phone="15550100100")
    by_phone = client.post(
        "/verify", json={"type": "sms", "token": sms["token"], "phone": "+15550100100"}
    )
    assert by_phone.status_code == 200 and by_phone.json()["user"]["phone"] == "15550100100"


def test_pkce_signup_without_autoconfirm(client: httpx.Client) -> None:
    configure(client, autoconfirm=False)
    verifier = "v" * 50
    challenge = b64url(hashlib.sha256(verifier.encode()).digest())
    user = client.post(
        "/signup",
        json={
            "email": "pkce@example.com",
            "password": PASSWORD,
            "code_challenge": challenge,
            "code_challenge_method": "s256",
        },
    )
    assert user.status_code == 200 and "access_token" not in user.json()
    assert user.json()["email_confirmed_at"] is None
    refused = client.post(
        "/token?grant_type=password", json={"email": "pkce@example.com", "password": PASSWORD}
    )
    assert refused.json()["error_code"] == "email_not_confirmed"
    (message,) = mailbox(client, email="pkce@example.com")
    assert message["type"] == "signup" and message["code"]
    bad = client.post(
        "/token?grant_type=pkce", json={"auth_code": message["code"], "code_verifier": "x" * 50}
    )
    assert bad.status_code == 400 and bad.json()["error_code"] == "bad_code_verifier"
    session = client.post(
        "/token?grant_type=pkce", json={"auth_code": message["code"], "code_verifier": verifier}
    )
    assert session.status_code == 200
    assert session.json()["user"]["email_confirmed_at"]
    again = client.post(
        "/token?grant_type=pkce", json={"auth_code": message["code"], "code_verifier": verifier}
    )
    assert again.status_code == 404 and again.json()["error_code"] == "flow_state_not_found"


def test_id_token_grant(client: httpx.Client) -> None:
    nonce = "n-0123"
    id_token = sign_jwt(
        {
            "sub": "ext-42",
            "email": "idt@example.com",
            "email_verified": True,
            "nonce": hashlib.sha256(nonce.encode()).hexdigest(),
            "exp": int(time.time()) + 60,
        }
    )
    session = client.post(
        "/token?grant_type=id_token",
        json={"id_token": id_token, "provider": "test", "nonce": nonce},
    )
    assert session.status_code == 200, session.text
    assert "test" in session.json()["user"]["app_metadata"]["providers"]
    bad = client.post(
        "/token?grant_type=id_token", json={"id_token": sign_jwt({"sub": "x"}, "k" * 40)}
    )
    assert bad.status_code == 400 and "error" in bad.json()


def test_reauthenticate_nonce_for_password_change(client: httpx.Client) -> None:
    configure(client, secure_password_change=True, access_token_lifetime=200_000)
    access = signup(client)["access_token"]
    # as GoTrue: a session younger than 24 hours may change the password without a nonce
    fresh = client.put("/user", headers=bearer(access), json={"password": "changed-at-once"})
    assert fresh.status_code == 200
    client.post("/_test/clock", json={"advance": 25 * 3600})  # the session is now 25 h old
    refused = client.put("/user", headers=bearer(access), json={"password": "another-pass-2"})
    assert refused.status_code == 400
    assert refused.json()["error_code"] == "reauthentication_needed"
    assert client.get("/reauthenticate", headers=bearer(access)).status_code == 200
    (message,) = mailbox(client, email="ada@example.com")
    changed = client.put(
        "/user",
        headers=bearer(access),
        json={"password": "another-pass-2", "nonce": message["token"], "data": {"k": 1}},
    )
    assert changed.status_code == 200 and changed.json()["user_metadata"] == {"k": 1}
    assert (
        client.post(
            "/token?grant_type=password",
            json={"email": "ada@example.com", "password": "another-pass-2"},
        ).status_code
        == 200
    )


# -- MFA -------------------------------------------------------------------------------


def test_mfa_totp_enroll_challenge_verify(client: httpx.Client) -> None:
    session = signup(client)
    auth = bearer(session["access_token"])
    enrolled = client.post("/factors", headers=auth, json={"factor_type": "totp"})
    assert enrolled.status_code == 200, enrolled.text
    factor = enrolled.json()
    assert factor["type"] == "totp"
    assert set(factor["totp"]) == {"qr_code", "secret", "uri"}
    challenge = client.post(f"/factors/{factor['id']}/challenge", headers=auth).json()
    wrong_code = "000000" if totp(factor["totp"]["secret"]) != "000000" else "111111"
    failed = client.post(
        f"/factors/{factor['id']}/verify",
        headers=auth,
        json={"challenge_id": challenge["id"], "code": wrong_code},
    )
    assert failed.status_code == 422
    assert failed.json()["error_code"] == "mfa_verification_failed"
    verified = client.post(
        f"/factors/{factor['id']}/verify",
        headers=auth,
        json={"challenge_id": challenge["id"], "code": totp(factor["totp"]["secret"])},
    )
    assert verified.status_code == 200, verified.text
    claims = jwt_claims(verified.json()["access_token"])
    assert claims["aal"] == "aal2"
    assert "totp" in [entry["method"] for entry in claims["amr"]]
    user = client.get("/user", headers=bearer(verified.json()["access_token"])).json()
    assert user["factors"][0]["status"] == "verified"
    removed = client.delete(
        f"/factors/{factor['id']}", headers=bearer(verified.json()["access_token"])
    )
    assert removed.status_code == 200 and removed.json() == {"id": factor["id"]}
