"""``client.mfa``: TOTP/phone factors of the signed-in user (the sync twin is generated)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kinbase.auth import _requests
from kinbase.auth._mfa import assurance_level, split_factors
from kinbase.auth.types import (
    AuthMFAChallengeResponse,
    AuthMFAEnrollResponse,
    AuthMFAGetAuthenticatorAssuranceLevelResponse,
    AuthMFAListFactorsResponse,
    AuthMFAUnenrollResponse,
    MFAChallengeAndVerifyParams,
    MFAChallengeParams,
    MFAEnrollParams,
    MFAUnenrollParams,
    MFAVerifyParams,
    Session,
)

if TYPE_CHECKING:
    from kinbase.auth._async.client import AsyncAuthClient

__all__ = ["AsyncAuthMFAAPI"]


class AsyncAuthMFAAPI:
    """Multi-factor authentication for the client's session (supabase_auth's ``mfa``)."""

    def __init__(self, client: AsyncAuthClient) -> None:
        self._client = client

    def __repr__(self) -> str:
        return f"<{type(self).__name__}>"

    async def enroll(self, params: MFAEnrollParams) -> AuthMFAEnrollResponse:
        """``{factor_type: "totp"|"phone", friendly_name?, issuer?, phone?}``: a new,
        unverified factor (``type``; ``totp.qr_code``, a ``data:image/svg+xml`` URI for
        ``<img src>``, and ``totp.secret``/``totp.uri`` to set up an authenticator)."""
        response = await self._client._send(_requests.enroll(params), user=True)
        return _requests.parse_enroll(response)

    async def challenge(self, params: MFAChallengeParams) -> AuthMFAChallengeResponse:
        """``{factor_id, channel?}``: a challenge to answer with :meth:`verify`."""
        response = await self._client._send(_requests.challenge(params), user=True)
        return _requests.parse_challenge(response)

    async def verify(self, params: MFAVerifyParams) -> Session:
        """``{factor_id, challenge_id, code}``: the session raised to aal2 (saved, and
        MFA_CHALLENGE_VERIFIED emitted)."""
        response = await self._client._send(_requests.verify_factor(params), user=True)
        session = _requests.parse_session(response)
        await self._client._session_driver.save(session, "MFA_CHALLENGE_VERIFIED")
        return session

    async def challenge_and_verify(self, params: MFAChallengeAndVerifyParams) -> Session:
        """``{factor_id, code}``: :meth:`challenge` then :meth:`verify`."""
        challenge = await self.challenge({"factor_id": params.get("factor_id")})
        return await self.verify(
            {
                "factor_id": params.get("factor_id"),
                "challenge_id": challenge.id,
                "code": params.get("code"),
            }
        )

    async def unenroll(self, params: MFAUnenrollParams) -> AuthMFAUnenrollResponse:
        """``{factor_id}`` (a verified factor needs an aal2 session)."""
        response = await self._client._send(_requests.unenroll(params), user=True)
        return _requests.parse_unenroll(response)

    async def list_factors(self) -> AuthMFAListFactorsResponse:
        """The user's factors: ``all``, and the verified ``totp`` and ``phone`` ones."""
        result = await self._client.get_user()
        return split_factors(result.user if result is not None else None)

    async def get_authenticator_assurance_level(
        self,
    ) -> AuthMFAGetAuthenticatorAssuranceLevelResponse:
        """``current_level`` (the token's ``aal``), ``next_level`` (aal2 once a factor is
        verified) and the token's authentication methods. No request when the session
        is fresh."""
        return assurance_level(await self._client.get_session())
