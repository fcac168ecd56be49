"""``client.admin`` (service key or minted service-role JWTs) and ``client.mfa``."""

from __future__ import annotations

import time
from typing import Any

import pytest
from kinbase.auth._jwt import decode_claims, mint_service_role
from kinbase.errors import AuthApiError, InvalidInputError, NotAdminError, UserNotFoundError

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
    assert updated.app_metadata.additional_properties["role"] == "editor"
    signed_in = await call(client.sign_in_with_password({"email": email, "password": PASSWORD}))
    await call(admin.sign_out(signed_in.session.access_token, "global"))
    with pytest.raises(AuthApiError):
        await call(client.get_user(signed_in.session.access_token))
    await call(admin.delete_user(str(created.id), should_soft_delete=True))
    soft = (await call(admin.get_user_by_id(created.id))).user
    assert soft.email == "" and soft.deleted_at
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
    assert level.current_authentication_methods[0].method == "totp"

    again = await call(
        client.mfa.challenge_and_verify(
            {"factor_id": str(factor.id), "code": totp.code_at(secret, time.time())}
        )
    )
    assert again.user.id == session.user.id
    removed = await call(client.mfa.unenroll({"factor_id": str(factor.id)}))
    assert removed.id == factor.id
    assert (await call(client.mfa.list_factors())).all == []
