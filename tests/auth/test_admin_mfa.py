"""``client.admin`` (service key or minted service-role JWTs) and ``client.mfa``."""

from __future__ import annotations

import base64
import hashlib
import time
from typing import Any

import httpx
import pytest
from kinbase.auth._jose import mint_service_role
from kinbase.auth._jwt import decode_claims
from kinbase.errors import (
    AuthApiError,
    InvalidInputError,
    InvalidSessionError,
    NotAdminError,
    UserBannedError,
    UserNotFoundError,
)

from tests.auth.conftest import PASSWORD, ServerTools, call, new_email
from tests.authserver import totp

pytestmark = pytest.mark.anyio


async def collect(iterator: Any) -> list[Any]:
    if hasattr(iterator, "__aiter__"):
        return [item async for item in iterator]
    return list(iterator)


async def test_admin_user_lifecycle(client: Any, server: ServerTools) -> None:
    admin = client.admin
    email = new_email()
    created = (
        await call(
            admin.create_user(
                {
                    "email": email,
                    "password": PASSWORD,
                    "email_confirm": True,
                    "user_metadata": {"a": 1},
                }
            )
        )
    ).user
    assert created.email == email
    fetched = (await call(admin.get_user_by_id(str(created.id)))).user
    assert fetched.id == created.id
    updated = (
        await call(admin.update_user_by_id(created.id, {"app_metadata": {"role": "editor"}}))
    ).user
    assert updated.app_metadata["role"] == "editor"
    signed_in = await call(client.sign_in_with_password({"email": email, "password": PASSWORD}))
    await call(admin.sign_out(signed_in.session.access_token, "global"))
    with pytest.raises(AuthApiError):
        await call(client.get_user(signed_in.session.access_token))
    await call(admin.delete_user(str(created.id), should_soft_delete=True))
    soft = (await call(admin.get_user_by_id(created.id))).user
    # GoTrue keeps the row with the address replaced by base64url(sha256(id + address))
    digest = hashlib.sha256(f"{created.id}{email}".encode()).digest()
    assert soft.email == base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
    assert soft.deleted_at
    await call(admin.delete_user(created.id))
    with pytest.raises(UserNotFoundError):
        await call(admin.get_user_by_id(created.id))
    with pytest.raises(InvalidInputError):
        await call(admin.get_user_by_id("not-a-uuid"))


async def test_list_users_pages_total_and_iterator(client: Any) -> None:
    for _ in range(5):
        await call(client.admin.create_user({"email": new_email(), "password": PASSWORD}))
    page = await call(client.admin.list_users(page=1, per_page=2))
    assert len(page) == 2 and page.total == 5
    assert page.next_page == 2 and page.last_page == 3
    last = await call(client.admin.list_users(page=3, per_page=2))
    assert len(last) == 1 and last.next_page is None
    everyone = await collect(client.admin.iter_users(per_page=2))
    assert len({user.id for user in everyone}) == 5


async def test_generate_link_and_invite(client: Any, server: ServerTools) -> None:
    email = new_email()
    link = await call(
        client.admin.generate_link({"type": "signup", "email": email, "password": PASSWORD})
    )
    assert link.user.email == email
    assert link.properties.verification_type == "signup"
    assert "/verify?token=" in link.properties.action_link
    assert link.properties.email_otp not in repr(link)
    result = await call(
        client.verify_otp({"email": email, "token": link.properties.email_otp, "type": "signup"})
    )
    assert result.session is not None

    invited = new_email()
    user = (await call(client.admin.invite_user_by_email(invited, {"data": {"team": "x"}}))).user
    assert user.email == invited
    assert server.last_message(invited)["type"] == "invite"


async def test_admin_with_a_service_key_and_without_credentials(
    make_client: Any, jwt_secret: str
) -> None:
    key, _ = mint_service_role(jwt_secret, lifetime=300)
    keyed = make_client(jwt_secret=None, service_key=key)
    assert (await call(keyed.admin.list_users())).total == 0
    bare = make_client(jwt_secret=None)
    with pytest.raises(InvalidInputError, match="service_key"):
        await call(bare.admin.list_users())
    wrong = make_client(jwt_secret=None, service_key="not-a-service-token")
    with pytest.raises(AuthApiError):
        await call(wrong.admin.list_users())
    user_client = make_client(jwt_secret=None)
    session = (
        await call(user_client.sign_up({"email": new_email(), "password": PASSWORD}))
    ).session
    as_user = make_client(jwt_secret=None, service_key=session.access_token)
    with pytest.raises(NotAdminError):
        await call(as_user.admin.list_users())


async def test_mfa_totp_enroll_verify_list_unenroll(client: Any) -> None:
    events: list[str] = []
    client.on_auth_state_change(lambda e, s: events.append(e))
    await call(client.sign_up({"email": new_email(), "password": PASSWORD}))
    level = await call(client.mfa.get_authenticator_assurance_level())
    assert (level.current_level, level.next_level) == ("aal1", "aal1")
    assert [m.method for m in level.current_authentication_methods] == ["password"]

    factor = await call(
        client.mfa.enroll(
            {"factor_type": "totp", "friendly_name": "phone app", "issuer": "kinbase"}
        )
    )
    secret = factor.totp.secret
    challenge = await call(client.mfa.challenge({"factor_id": str(factor.id)}))
    session = await call(
        client.mfa.verify(
            {
                "factor_id": str(factor.id),
                "challenge_id": str(challenge.id),
                "code": totp.code_at(secret, time.time()),
            }
        )
    )
    assert decode_claims(session.access_token)["aal"] == "aal2"
    assert events[-1] == "MFA_CHALLENGE_VERIFIED"
    assert (await call(client.get_session())).access_token == session.access_token
    factors = await call(client.mfa.list_factors())
    assert [f.id for f in factors.totp] == [factor.id] and factors.phone == []
    level = await call(client.mfa.get_authenticator_assurance_level())
    assert (level.current_level, level.next_level) == ("aal2", "aal2")
    # both methods were used within the same second: GoTrue gives no order between them
    assert {m.method for m in level.current_authentication_methods} == {"password", "totp"}

    again = await call(
        client.mfa.challenge_and_verify(
            {"factor_id": str(factor.id), "code": totp.code_at(secret, time.time())}
        )
    )
    assert again.user.id == session.user.id
    removed = await call(client.mfa.unenroll({"factor_id": str(factor.id)}))
    assert removed.id == factor.id
    assert (await call(client.mfa.list_factors())).all == []


async def test_an_aal_refusal_is_not_answered_with_a_refresh(
    make_client: Any, server: ServerTools
) -> None:
    # GoTrue answers 401 insufficient_aal: about the user's sign-in level, not the token
    email = new_email()
    enrolling = make_client()
    await call(enrolling.sign_up({"email": email, "password": PASSWORD}))
    factor = await call(enrolling.mfa.enroll({"factor_type": "totp"}))
    code = totp.code_at(factor.totp.secret, time.time())
    await call(enrolling.mfa.challenge_and_verify({"factor_id": str(factor.id), "code": code}))
    client = make_client()  # a password sign-in only: aal1 with a verified factor
    await call(client.sign_in_with_password({"email": email, "password": PASSWORD}))
    server.reset_stats()
    with pytest.raises(AuthApiError) as refused:
        await call(client.update_user({"email": new_email()}))
    assert refused.value.status_code == 401 and refused.value.code == "insufficient_aal"
    assert server.refresh_calls() == 0
    assert server.stats().get("PUT /user") == 1  # not replayed
    assert await call(client.get_session()) is not None


async def test_admin_user_filter_and_page_bounds(
    client: Any, server: ServerTools, jwt_secret: str
) -> None:
    admin = client.admin
    await call(
        admin.create_user(
            {
                "email": "Filter.Me@Example.com",
                "phone": "15550100777",
                "password": PASSWORD,
                "user_metadata": {"full_name": "Zed Doe"},
            }
        )
    )
    headers = {"Authorization": f"Bearer {mint_service_role(jwt_secret)[0]}"}

    def found(text: str) -> int:
        answer = httpx.get(f"{server.url}/admin/users", params={"filter": text}, headers=headers)
        assert answer.status_code == 200, answer.text
        return len(answer.json()["users"])

    # email: case-sensitive on the stored lower-case address; full_name: any case; no phones
    assert (found("filter.me"), found("FILTER.ME"), found("zed"), found("ZED")) == (1, 0, 1, 1)
    assert found("5550100777") == 0
    server.reset_stats()
    for bad in ({"per_page": 0}, {"page": 0}, {"per_page": -1}):
        with pytest.raises(InvalidInputError):  # GoTrue answers per_page=0 with a 500
            await call(admin.list_users(**bad))
    assert server.stats().get("GET /admin/users", 0) == 0


async def test_admin_password_change_and_ban_end_the_users_session(
    make_client: Any, server: ServerTools
) -> None:
    admin = make_client().admin
    email = new_email()
    user = (await call(make_client().sign_up({"email": email, "password": PASSWORD}))).user
    client = make_client()
    events: list[str] = []
    client.on_auth_state_change(lambda e, s: events.append(e))
    await call(client.sign_in_with_password({"email": email, "password": PASSWORD}))
    # GoTrue ends every session of a user whose password an admin changes
    await call(admin.update_user_by_id(user.id, {"password": "an-admin-chose-this"}))
    with pytest.raises(InvalidSessionError):
        await call(client.refresh_session())
    assert events[-1] == "SIGNED_OUT" and await call(client.get_session()) is None

    # a ban keeps the session, but its refresh answers user_banned: signed out
    await call(client.sign_in_with_password({"email": email, "password": "an-admin-chose-this"}))
    await call(admin.update_user_by_id(user.id, {"ban_duration": "1h"}))
    with pytest.raises(UserBannedError):
        await call(client.refresh_session())
    assert events[-1] == "SIGNED_OUT" and await call(client.get_session()) is None


async def test_the_admin_api_on_its_own(mode: str, server: ServerTools, jwt_secret: str) -> None:
    """``AuthAdminAPI(url=..., ...)`` as supabase_auth builds it: with minted service-role
    JWTs, a service key, or the key in ``headers``; without any, refused before sending."""
    from kinbase.auth import AsyncAuthAdminAPI, AuthAdminAPI

    cls = AuthAdminAPI if mode == "sync" else AsyncAuthAdminAPI
    key, _ = mint_service_role(jwt_secret, lifetime=300)
    server.reset_stats()
    for admin in (
        cls(url=server.url, jwt_secret=jwt_secret),
        cls(url=server.url, service_key=key),
        cls(url=server.url, headers={"Authorization": f"Bearer {key}", "apikey": key}),
    ):
        assert "configured" in repr(admin) and key not in repr(admin)
        created = await call(admin.create_user({"email": new_email(), "email_confirm": True}))
        await call(admin.delete_user(created.user.id))
        await call(admin.close() if mode == "sync" else admin.aclose())
    bare = cls(url=server.url)
    with pytest.raises(InvalidInputError, match="service-role credential"):
        await call(bare.list_users())
    await call(bare.close() if mode == "sync" else bare.aclose())
    with pytest.raises(InvalidInputError, match="url="):
        cls()
    with pytest.raises(InvalidInputError, match="not both"):
        cls(url=server.url, service_key=key, jwt_secret=jwt_secret)
    stats = server.stats()
    assert stats.get("POST /admin/users") == 3 and stats.get("GET /admin/users", 0) == 0


async def test_closing_client_admin_leaves_the_client_usable(client: Any) -> None:
    await call(client.admin.close() if hasattr(client.admin, "close") else client.admin.aclose())
    result = await call(client.sign_up({"email": new_email(), "password": PASSWORD}))
    assert result.session is not None
