"""supabase_auth code, as its README, docstrings and types document it, for the drop-in test.

Not collected by itself: ``test_supabase_auth_dropin.py`` runs every ``test_*`` here four
times (kinbase and supabase_auth itself; async as written, and sync as supabase_auth makes
its sync client: by unasync). Between the two IMPORTS markers is the only code that
differs between the libraries; the bodies below run unchanged on both. Nothing else in
this file may name kinbase.

Fixtures (tests/auth/conftest.py): ``url`` (the auth server), ``service_key`` (a
service-role JWT), ``email``/``password`` (a fresh user), ``totp_code(secret)``.
"""

# ruff: noqa: I001 (the IMPORTS block stays first: it is what differs between the libraries)
# --- IMPORTS (kinbase) ---
from kinbase import AsyncAuthClient as AsyncGoTrueClient
from kinbase.auth import AsyncAuthAdminAPI as AsyncGoTrueAdminAPI
from kinbase.auth.types import (
    AuthMFAEnrollResponse,
    AuthResponse,
    IdentitiesResponse,
    Session,
    User,
    UserIdentity,
    UserResponse,
)
from kinbase.errors import (
    AuthApiError,
    AuthError,
    AuthInvalidJwtError,
    AuthSessionMissingError,
    AuthWeakPasswordError,
)

# --- END IMPORTS ---
import datetime
import json
from typing import Any

import pytest


def client_for(url: str) -> AsyncGoTrueClient:
    # As the README: a URL and headers (an anon key in a hosted project).
    return AsyncGoTrueClient(url=url, headers={"apikey": "anon-key"})


async def test_sign_up_and_sign_in_results(url: str, email: str, password: str) -> None:
    async with client_for(url) as client:
        signed_up = await client.sign_up(
            {"email": email, "password": password, "options": {"data": {"name": "Ada"}}}
        )
        assert isinstance(signed_up, AuthResponse)
        user = signed_up.user
        assert isinstance(user, User) and isinstance(user.id, str) and user.email == email
        assert user.user_metadata.get("name") == "Ada"  # metadata are plain dicts
        assert user.app_metadata["provider"] == "email"
        assert isinstance(user.created_at, datetime.datetime) and user.created_at.tzinfo
        assert user.identities and isinstance(user.identities[0], UserIdentity)
        assert user.identities[0].identity_data["email"] == email
        signed_in = await client.sign_in_with_password({"email": email, "password": password})
        session = signed_in.session
        assert isinstance(session, Session) and session.user.id == user.id
        assert session.token_type == "bearer" and session.expires_in > 0
        assert session.expires_at and session.refresh_token and session.access_token
        dumped = session.model_dump()
        assert dumped["user"]["id"] == user.id and dumped["access_token"] == session.access_token
        assert json.loads(user.model_dump_json())["user_metadata"]["name"] == "Ada"
        assert '"user_metadata":{' in user.model_dump_json()  # pydantic's compact JSON
        await client.sign_out()
        assert await client.get_session() is None


async def test_user_and_identities(url: str, email: str, password: str) -> None:
    async with client_for(url) as client:
        with pytest.raises(AuthSessionMissingError):
            await client.get_user_identities()
        await client.sign_up({"email": email, "password": password})
        response = await client.get_user()
        assert isinstance(response, UserResponse) and response.user.email == email
        updated = await client.update_user({"data": {"theme": "dark"}})
        assert updated.user.user_metadata["theme"] == "dark"
        identities = await client.get_user_identities()
        assert isinstance(identities, IdentitiesResponse)
        assert [identity.provider for identity in identities.identities] == ["email"]
        assert identities.identities[0].user_id == response.user.id


async def test_get_claims_is_a_mapping(url: str, email: str, password: str) -> None:
    async with client_for(url) as client:
        assert await client.get_claims() is None
        signed_up = await client.sign_up({"email": email, "password": password})
        response = await client.get_claims()
        assert response is not None
        assert response["claims"]["sub"] == signed_up.user.id
        assert (
            response["claims"]["email"] == email and response["claims"]["role"] == "authenticated"
        )
        assert response["headers"]["alg"] in ("HS256", "ES256", "RS256")
        assert isinstance(response["signature"], bytes)


async def test_session_refresh_and_set_session(url: str, email: str, password: str) -> None:
    async with client_for(url) as client:
        first = (await client.sign_up({"email": email, "password": password})).session
        refreshed = await client.refresh_session()
        assert refreshed.session.refresh_token != first.refresh_token
        assert refreshed.user.id == first.user.id
        async with client_for(url) as other:
            adopted = await other.set_session(
                refreshed.session.access_token, refreshed.session.refresh_token
            )
            assert adopted.user.email == email
            assert (await other.get_user()).user.id == first.user.id


async def test_auth_state_events(url: str, email: str, password: str) -> None:
    async with client_for(url) as client:
        events: list[str] = []
        subscription = client.on_auth_state_change(lambda event, session: events.append(event))
        await client.sign_up({"email": email, "password": password})
        await client.update_user({"data": {"n": 1}})
        await client.sign_out()
        subscription.unsubscribe()
        await client.sign_in_with_password({"email": email, "password": password})
        assert "SIGNED_IN" in events and "USER_UPDATED" in events and events[-1] == "SIGNED_OUT"


async def test_error_shapes(url: str, email: str, password: str) -> None:
    async with client_for(url) as client:
        await client.sign_up({"email": email, "password": password})
        with pytest.raises(AuthApiError) as wrong:
            await client.sign_in_with_password({"email": email, "password": password + "x"})
        error = wrong.value
        assert isinstance(error, AuthError)
        assert error.code == "invalid_credentials" and error.status == 400 and error.message
        assert error.to_dict() == {
            "name": "AuthApiError",
            "message": error.message,
            "status": 400,
            "code": "invalid_credentials",
        }
        with pytest.raises(AuthWeakPasswordError) as weak:
            await client.sign_up({"email": "x" + email, "password": "1"})
        assert weak.value.code == "weak_password" and weak.value.status == 422
        assert weak.value.reasons and weak.value.to_dict()["reasons"] == weak.value.reasons
        async with client_for(url) as fresh:
            with pytest.raises(AuthSessionMissingError) as missing:
                await fresh.get_user_identities()
        assert missing.value.to_dict()["name"] == "AuthSessionMissingError"
        assert missing.value.status == 400


async def test_expired_token_claims(url: str, email: str, password: str) -> None:
    async with client_for(url) as client:
        await client.sign_up({"email": email, "password": password})
        header, _, signature = (await client.get_session()).access_token.split(".")
        expired_payload = "eyJleHAiOjEsImlhdCI6MCwic3ViIjoieCJ9"  # {"exp":1,"iat":0,"sub":"x"}
        with pytest.raises(AuthInvalidJwtError) as expired:
            await client.get_claims(f"{header}.{expired_payload}.{signature}")
        assert expired.value.code == "invalid_jwt"


async def test_mfa_totp(url: str, email: str, password: str, totp_code: Any) -> None:
    async with client_for(url) as client:
        await client.sign_up({"email": email, "password": password})
        level = await client.mfa.get_authenticator_assurance_level()
        assert (level.current_level, level.next_level) == ("aal1", "aal1")
        assert level.current_authentication_methods[0].method == "password"
        enrolled = await client.mfa.enroll({"factor_type": "totp", "friendly_name": "app"})
        assert isinstance(enrolled, AuthMFAEnrollResponse)
        assert enrolled.type == "totp" and enrolled.friendly_name == "app"
        assert enrolled.totp.qr_code.startswith("data:image/svg+xml;utf-8,<")
        assert enrolled.totp.uri.startswith("otpauth://totp/")
        challenge = await client.mfa.challenge({"factor_id": enrolled.id})
        assert isinstance(challenge.id, str) and challenge.expires_at > 0
        verified = await client.mfa.verify(
            {
                "factor_id": enrolled.id,
                "challenge_id": challenge.id,
                "code": totp_code(enrolled.totp.secret),
            }
        )
        assert verified.access_token and verified.refresh_token and verified.user.email == email
        assert verified.token_type == "bearer" and verified.expires_in > 0
        await client.get_user()
        factors = await client.mfa.list_factors()
        assert [factor.id for factor in factors.totp] == [enrolled.id] and factors.phone == []
        assert factors.all[0].status == "verified" and factors.all[0].factor_type == "totp"
        level = await client.mfa.get_authenticator_assurance_level()
        assert (level.current_level, level.next_level) == ("aal2", "aal2")
        removed = await client.mfa.unenroll({"factor_id": enrolled.id})
        assert removed.id == enrolled.id


async def test_admin_api_on_its_own(url: str, service_key: str, email: str) -> None:
    async with AsyncGoTrueAdminAPI(
        url=url, headers={"Authorization": f"Bearer {service_key}", "apikey": service_key}
    ) as admin:
        await admin_user_lifecycle(admin, email)


async def admin_user_lifecycle(admin: AsyncGoTrueAdminAPI, email: str) -> None:
    created = await admin.create_user(
        {
            "email": email,
            "password": "a-long-password-1",
            "email_confirm": True,
            "user_metadata": {"team": "blue"},
        }
    )
    assert isinstance(created, UserResponse) and created.user.user_metadata["team"] == "blue"
    assert created.user.email_confirmed_at is not None
    uid = created.user.id
    fetched = await admin.get_user_by_id(uid)
    assert fetched.user.id == uid
    updated = await admin.update_user_by_id(uid, {"app_metadata": {"plan": "pro"}})
    assert updated.user.app_metadata["plan"] == "pro"
    users = await admin.list_users()
    assert isinstance(users, list) and uid in [user.id for user in users]
    link = await admin.generate_link({"type": "magiclink", "email": email})
    assert link.user.id == uid and link.properties.verification_type == "magiclink"
    assert link.properties.hashed_token and link.properties.action_link
    await admin.delete_user(uid)
    with pytest.raises(AuthApiError) as gone:
        await admin.get_user_by_id(uid)
    assert gone.value.status == 404 and gone.value.code == "user_not_found"


async def test_admin_through_the_client_needs_the_key_in_headers(
    url: str, service_key: str, email: str
) -> None:
    async with AsyncGoTrueClient(
        url=url, headers={"Authorization": f"Bearer {service_key}", "apikey": service_key}
    ) as client:
        created = await client.admin.create_user({"email": email, "email_confirm": True})
        assert created.user.email == email
        await client.admin.delete_user(created.user.id)


async def test_anonymous_sign_in(url: str) -> None:
    async with client_for(url) as client:
        result = await client.sign_in_anonymously()
        assert result.user.is_anonymous is True and result.session is not None
        assert result.user.email in (None, "")
