"""Every user-facing method of AuthClient / AsyncAuthClient against the auth test server.

Each test body runs twice (``mode`` = sync, async); ``call`` awaits when needed.
"""

from __future__ import annotations

import hashlib
import time
from typing import Any

import jwt as pyjwt
import pytest
from kinbase.auth import FileSessionStorage, MemorySessionStorage, Session
from kinbase.auth._jwt import decode_claims
from kinbase.errors import (
    AuthApiError,
    AuthSessionMissingError,
    InvalidCredentialsError,
    InvalidInputError,
    InvalidRefreshTokenError,
    RateLimitedError,
    RefreshTokenNotFoundError,
    SessionNotFoundError,
    UserAlreadyExistsError,
    ValidationFailedError,
    WeakPasswordError,
)

from tests.auth.conftest import PASSWORD, ServerTools, call, double_only, new_email

pytestmark = pytest.mark.anyio


class Recorder:
    def __init__(self) -> None:
        self.events: list[tuple[str, Session | None]] = []

    def __call__(self, event: str, session: Session | None) -> None:
        self.events.append((event, session))

    @property
    def names(self) -> list[str]:
        return [name for name, _ in self.events]


async def signed_up(client: Any, email: str | None = None) -> Session:
    result = await call(client.sign_up({"email": email or new_email(), "password": PASSWORD}))
    assert result.session is not None
    return result.session


async def test_sign_up_returns_a_session_and_emits_signed_in(client: Any) -> None:
    events = Recorder()
    client.on_auth_state_change(events)
    email = new_email()
    result = await call(
        client.sign_up({"email": email, "password": PASSWORD, "options": {"data": {"plan": "pro"}}})
    )
    assert result.session is not None and result.user is not None
    assert result.user.email == email
    # GoTrue also copies the identity's data (email, email_verified, sub...) into it
    assert result.user.user_metadata["plan"] == "pro"
    assert events.names == ["INITIAL_SESSION", "SIGNED_IN"]
    assert events.events[0][1] is None
    assert await call(client.get_session()) == result.session
    assert "access_token" not in repr(result.session)
    assert result.session.access_token not in repr(result.session)


async def test_sign_up_needing_confirmation_returns_only_the_user(
    client: Any, server: ServerTools
) -> None:
    server.configure(autoconfirm=False)
    email = new_email()
    result = await call(client.sign_up({"email": email, "password": PASSWORD}))
    assert result.session is None and result.user is not None
    assert await call(client.get_session()) is None
    assert server.last_message(email)["type"] == "signup"


async def test_sign_up_errors(client: Any) -> None:
    email = new_email()
    await signed_up(client, email)
    with pytest.raises(UserAlreadyExistsError) as exists:
        await call(client.sign_up({"email": email, "password": PASSWORD}))
    assert exists.value.status_code == 422 and exists.value.code == "user_already_exists"
    with pytest.raises(WeakPasswordError) as weak:
        await call(client.sign_up({"email": new_email(), "password": "qzx"}))
    assert weak.value.reasons == ["length"]
    assert "qzx" not in str(weak.value) and "qzx" not in repr(weak.value.request.content)
    with pytest.raises(InvalidInputError):
        await call(client.sign_up({"email": new_email()}))


async def test_sign_in_with_password_email_and_phone(client: Any, make_client: Any) -> None:
    email = new_email()
    await signed_up(make_client(), email)
    result = await call(client.sign_in_with_password({"email": email, "password": PASSWORD}))
    assert result.session is not None and result.user.email == email
    assert decode_claims(result.session.access_token)["amr"][0]["method"] == "password"

    phone = "+1 555 0100 123"
    await call(make_client().sign_up({"phone": phone, "password": PASSWORD}))
    result = await call(client.sign_in_with_password({"phone": phone, "password": PASSWORD}))
    assert result.user.phone == "15550100123"

    with pytest.raises(InvalidCredentialsError) as wrong:
        await call(client.sign_in_with_password({"email": email, "password": "wrong-password"}))
    assert wrong.value.code == "invalid_credentials" and wrong.value.status_code == 400


async def test_sign_in_flags_a_weak_password(make_client: Any, server: ServerTools) -> None:
    email = new_email()
    await signed_up(make_client(), email)
    server.configure(password_min_length=40)  # the real server restarts to apply it
    client = make_client()
    result = await call(client.sign_in_with_password({"email": email, "password": PASSWORD}))
    assert result.session.weak_password is not None
    assert result.session.weak_password["reasons"] == ["length"]


async def test_otp_by_email_and_phone(client: Any, server: ServerTools) -> None:
    email = new_email()
    sent = await call(client.sign_in_with_otp({"email": email}))
    assert sent.session is None and sent.user is None  # GoTrue answers {} for an email OTP
    message = server.last_message(email)
    events = Recorder()
    client.on_auth_state_change(events)
    result = await call(
        client.verify_otp({"email": email, "token": message["token"], "type": message["type"]})
    )
    assert result.session is not None and result.user.email == email
    assert events.names == ["INITIAL_SESSION", "SIGNED_IN"]
    with pytest.raises(AuthApiError) as used:  # an email OTP works once
        await call(
            client.verify_otp({"email": email, "token": message["token"], "type": message["type"]})
        )
    assert used.value.code == "otp_expired"

    phone = "+15550100999"
    await call(client.sign_in_with_otp({"phone": phone}))
    sms = server.last_message(phone=phone)
    result = await call(client.verify_otp({"phone": phone, "token": sms["token"], "type": "sms"}))
    assert result.user.phone == "15550100999"
    if server.kind == "double":  # the real server's test OTPs are fixed: they never expire
        with pytest.raises(AuthApiError) as expired:
            await call(client.verify_otp({"phone": phone, "token": sms["token"], "type": "sms"}))
        assert expired.value.code == "otp_expired"


async def test_sign_in_anonymously(client: Any) -> None:
    result = await call(client.sign_in_anonymously({"options": {"data": {"n": 1}}}))
    assert result.session is not None
    assert result.user.is_anonymous is True
    assert (await call(client.get_session())).user.id == result.user.id


async def test_sign_in_with_id_token(client: Any, server: ServerTools, jwt_secret: str) -> None:
    double_only(
        server,
        "GoTrue takes ID tokens only from a configured OIDC provider (Google, Apple... or a "
        "custom one whose JWKS it fetches); the double accepts provider 'test', HS256-signed",
    )
    email = new_email()
    nonce = "nonce-123"
    id_token = pyjwt.encode(
        {
            "sub": "external-42",
            "email": email,
            "email_verified": True,
            "exp": int(time.time()) + 60,
            "nonce": hashlib.sha256(nonce.encode()).hexdigest(),
        },
        jwt_secret,
        algorithm="HS256",
    )
    result = await call(
        client.sign_in_with_id_token({"provider": "test", "token": id_token, "nonce": nonce})
    )
    assert result.session is not None and result.user.email == email
    with pytest.raises(AuthApiError) as bad:
        await call(
            client.sign_in_with_id_token({"provider": "test", "token": id_token, "nonce": "x"})
        )
    assert bad.value.code == "invalid nonce"  # OAuth-shaped error


async def test_resend(client: Any, server: ServerTools) -> None:
    server.configure(autoconfirm=False)
    email = new_email()
    await call(client.sign_up({"email": email, "password": PASSWORD}))
    sent = await call(client.resend({"type": "signup", "email": email}))
    assert sent.session is None and sent.user is None
    assert [m["type"] for m in server.mailbox(email)] == ["signup", "signup"]
    with pytest.raises(InvalidInputError):
        await call(client.resend({"type": "signup"}))


async def test_password_recovery_by_otp_emits_password_recovery(
    client: Any, server: ServerTools
) -> None:
    email = new_email()
    await signed_up(client, email)
    await call(client.sign_out())
    await call(client.reset_password_for_email(email))
    message = server.last_message(email)
    assert message["type"] == "recovery"
    events = Recorder()
    client.on_auth_state_change(events)
    result = await call(
        client.verify_otp({"email": email, "token": message["token"], "type": "recovery"})
    )
    assert result.session is not None
    assert events.names == ["INITIAL_SESSION", "PASSWORD_RECOVERY"]
    updated = await call(client.update_user({"password": "a-brand-new-password"}))
    assert updated.user.email == email
    assert events.names[-1] == "USER_UPDATED"
    await call(client.reset_password_email(email))  # the alias
    assert server.last_message(email)["type"] == "recovery"


async def test_reauthenticate_gives_the_nonce_update_user_needs(
    client: Any, server: ServerTools
) -> None:
    server.configure(secure_password_change=True)
    email = new_email()
    await signed_up(client, email)
    # GoTrue asks for reauthentication only when the session is older than 24 hours
    await call(client.update_user({"password": "a-password-changed-at-once"}))
    server.age_sessions(hours=25)
    with pytest.raises(AuthApiError) as needed:
        await call(client.update_user({"password": "another-password-1"}))
    assert needed.value.code == "reauthentication_needed"
    assert (await call(client.reauthenticate())).session is None
    nonce = server.last_message(email)
    assert nonce["type"] == "reauthentication"
    result = await call(
        client.update_user({"password": "another-password-1", "nonce": nonce["token"]})
    )
    assert result.user.email == email


async def test_pkce_magic_link_exchange_uses_the_stored_verifier(
    make_client: Any, server: ServerTools
) -> None:
    storage = MemorySessionStorage()
    client = make_client(flow_type="pkce", storage=storage)
    email = new_email()
    await call(client.sign_in_with_otp({"email": email}))
    assert storage.get_item("supabase.auth.token-code-verifier")
    code = server.last_message(email)["code"]
    assert code
    result = await call(client.exchange_code_for_session({"auth_code": code}))
    assert result.session is not None and result.user.email == email
    assert storage.get_item("supabase.auth.token-code-verifier") is None
    with pytest.raises(InvalidInputError):
        await call(client.exchange_code_for_session({"auth_code": code}))


async def test_pkce_recovery_emits_password_recovery(make_client: Any, server: ServerTools) -> None:
    client = make_client(flow_type="pkce")
    email = new_email()
    await signed_up(client, email)
    await call(client.reset_password_for_email(email))
    events = Recorder()
    client.on_auth_state_change(events)
    code = server.last_message(email)["code"]
    result = await call(client.exchange_code_for_session({"auth_code": code}))
    assert result.session is not None
    assert events.names[-1] == "PASSWORD_RECOVERY"


async def test_pkce_with_a_wrong_verifier_is_refused(make_client: Any, server: ServerTools) -> None:
    client = make_client(flow_type="pkce")
    email = new_email()
    await call(client.sign_in_with_otp({"email": email}))
    code = server.last_message(email)["code"]
    with pytest.raises(AuthApiError) as bad:
        await call(client.exchange_code_for_session({"auth_code": code, "code_verifier": "x" * 50}))
    assert bad.value.code == "bad_code_verifier"


async def test_sign_in_with_oauth_builds_the_authorize_url(make_client: Any) -> None:
    client = make_client(flow_type="pkce")
    result = await call(
        client.sign_in_with_oauth(
            {"provider": "github", "options": {"redirect_to": "https://app/cb"}}
        )
    )
    assert result.provider == "github"
    assert "/authorize?" in result.url and "provider=github" in result.url
    assert "code_challenge=" in result.url and "code_challenge_method=s256" in result.url


async def test_get_user_update_user_and_identities(client: Any) -> None:
    assert await call(client.get_user()) is None
    with pytest.raises(AuthSessionMissingError):
        await call(client.update_user({"data": {"a": 1}}))
    session = await signed_up(client)
    user = (await call(client.get_user())).user
    assert user.id == session.user.id
    by_jwt = (await call(client.get_user(session.access_token))).user
    assert by_jwt.id == user.id
    events = Recorder()
    client.on_auth_state_change(events)
    updated = await call(client.update_user({"data": {"theme": "dark"}}))
    assert updated.user.user_metadata["theme"] == "dark"
    assert events.names == ["INITIAL_SESSION", "USER_UPDATED"]
    assert (await call(client.get_session())).user.user_metadata["theme"] == "dark"
    identities = (await call(client.get_user_identities())).identities
    assert identities and identities[0].provider == "email"
    claims = await call(client.get_claims())
    assert claims.claims["sub"] == str(user.id)


async def test_set_session_with_a_valid_and_an_expired_access_token(
    client: Any, make_client: Any, server: ServerTools
) -> None:
    other = make_client()
    session = await signed_up(other)
    events = Recorder()
    client.on_auth_state_change(events)
    result = await call(client.set_session(session.access_token, session.refresh_token))
    assert result.session.user.id == session.user.id
    assert events.names == ["INITIAL_SESSION", "SIGNED_IN"]

    server.configure(access_token_lifetime=1)
    short = await signed_up(make_client())
    time.sleep(1.1)  # the access token has expired: set_session refreshes
    result = await call(client.set_session(short.access_token, short.refresh_token))
    assert result.session.refresh_token != short.refresh_token
    assert events.names[-1] == "TOKEN_REFRESHED"


async def test_refresh_session(client: Any) -> None:
    with pytest.raises(AuthSessionMissingError):
        await call(client.refresh_session())
    session = await signed_up(client)
    events = Recorder()
    client.on_auth_state_change(events)
    result = await call(client.refresh_session())
    assert result.session.refresh_token != session.refresh_token
    assert events.names == ["INITIAL_SESSION", "TOKEN_REFRESHED"]
    again = await call(client.refresh_session(result.session.refresh_token))
    assert again.session.refresh_token != result.session.refresh_token
    # GoTrue refuses a token it cannot read before any lookup (400 validation_failed)
    with pytest.raises(InvalidRefreshTokenError) as unreadable:
        await call(client.refresh_session("not-a-refresh-token"))
    assert unreadable.value.code == "validation_failed"
    with pytest.raises(RefreshTokenNotFoundError):  # readable (a v1 token) but unknown
        await call(client.refresh_session("abcdef123456"))


async def test_sign_out_scopes(make_client: Any) -> None:
    email = new_email()
    first, second, third = make_client(), make_client(), make_client()
    await signed_up(first, email)
    for other in (second, third):
        await call(other.sign_in_with_password({"email": email, "password": PASSWORD}))

    events = Recorder()
    first.on_auth_state_change(events)
    await call(first.sign_out(scope="others"))  # ends second and third, keeps first
    assert await call(first.get_user()) is not None
    assert events.names == ["INITIAL_SESSION"]
    with pytest.raises((SessionNotFoundError, AuthApiError)):
        await call(second.get_user())

    await call(first.sign_out({"scope": "local"}))
    assert events.names == ["INITIAL_SESSION", "SIGNED_OUT"]
    assert await call(first.get_session()) is None

    fourth = make_client()
    await call(fourth.sign_in_with_password({"email": email, "password": PASSWORD}))
    await call(fourth.sign_out())  # global
    assert await call(fourth.get_session()) is None
    await call(fourth.sign_out())  # signed out already: nothing to do
    with pytest.raises(InvalidInputError):
        await call(fourth.sign_out(scope="everyone"))  # type: ignore[arg-type]


async def test_on_auth_state_change_unsubscribe(client: Any) -> None:
    events = Recorder()
    subscription = client.on_auth_state_change(events)
    await signed_up(client)
    subscription.unsubscribe()
    await call(client.refresh_session())
    assert events.names == ["INITIAL_SESSION", "SIGNED_IN"]
    late = Recorder()
    client.on_auth_state_change(late)
    assert late.names == ["INITIAL_SESSION"] and late.events[0][1] is not None


async def test_a_failing_callback_does_not_break_sign_in(client: Any) -> None:
    def broken(event: str, session: Session | None) -> None:
        raise RuntimeError("listener bug")

    client.on_auth_state_change(broken)
    assert (await signed_up(client)).access_token


async def test_validation_errors_read_all_shapes(client: Any) -> None:
    with pytest.raises(ValidationFailedError):
        await call(client.verify_otp({"type": "sms", "token": "123456"}))


async def test_file_storage_round_trip(make_client: Any, tmp_path: Any) -> None:
    storage = FileSessionStorage(tmp_path / "session.json")
    client = make_client(storage=storage)
    session = await signed_up(client)
    restored = make_client(storage=FileSessionStorage(tmp_path / "session.json"))
    assert (await call(restored.get_session())).access_token == session.access_token
    assert (await call(restored.get_user())).user.id == session.user.id


async def test_verify_otp_with_a_token_hash_sends_only_the_hash(
    client: Any, server: ServerTools
) -> None:
    email = new_email()
    await call(client.sign_in_with_otp({"email": email}))
    message = server.last_message(email)
    with pytest.raises(InvalidInputError):  # refused before sending: GoTrue answers 400
        await call(
            client.verify_otp(
                {"type": message["type"], "token_hash": message["token_hash"], "email": email}
            )
        )
    server.reset_stats()
    result = await call(
        client.verify_otp(
            {
                "type": message["type"],
                "token_hash": message["token_hash"],
                "options": {"redirect_to": "http://localhost:3000/welcome"},
            }
        )
    )
    assert result.session is not None and result.user.email == email
    assert server.stats().get("POST /verify") == 1


async def test_secure_email_change_needs_both_addresses(
    make_client: Any, server: ServerTools
) -> None:
    if server.kind == "double":
        pytest.skip("the double has no secure (two-address) email change: real GoTrue only")
    server.configure(autoconfirm=False)  # with autoconfirm on, one confirmation is enough
    old, new = new_email(), new_email()
    admin = make_client().admin
    await call(admin.create_user({"email": old, "password": PASSWORD, "email_confirm": True}))
    client = make_client()
    await call(client.sign_in_with_password({"email": old, "password": PASSWORD}))
    updated = await call(client.update_user({"email": new}))
    assert updated.user.email == old  # not changed until both addresses confirm
    to_new, to_old = server.last_message(new), server.last_message(old)
    assert to_new["type"] == to_old["type"] == "email_change"
    first = await call(
        client.verify_otp({"type": "email_change", "email": new, "token": to_new["token"]})
    )
    assert first.session is None and first.user is None
    assert first.pending_confirmation and "other email" in first.pending_confirmation
    second = await call(
        client.verify_otp({"type": "email_change", "email": old, "token": to_old["token"]})
    )
    assert second.session is not None and second.user.email == new


async def test_a_second_mail_within_the_send_frequency_is_rate_limited(
    client: Any, server: ServerTools
) -> None:
    server.configure(email_max_frequency=60)  # GoTrue's default: one mail per kind a minute
    email = new_email()
    await call(client.sign_in_with_otp({"email": email}))
    with pytest.raises(RateLimitedError) as limited:
        await call(client.sign_in_with_otp({"email": email}))
    assert limited.value.status_code == 429
    assert limited.value.code == "over_email_send_rate_limit"
    assert "seconds" in limited.value.message  # the server's own text
    assert len(server.mailbox(email)) == 1
    await call(client.sign_in_with_otp({"email": new_email()}))  # per user: others may
