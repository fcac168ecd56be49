"""Sans-I/O MFA helpers: factor lists and assurance levels from a user / session."""

from __future__ import annotations

from kinbase.auth._jwt import decode_claims
from kinbase.auth.types import (
    AMREntry,
    AuthMFAGetAuthenticatorAssuranceLevelResponse,
    AuthMFAListFactorsResponse,
    Factor,
    Session,
    User,
)

__all__ = ["assurance_level", "split_factors"]


def _factors(user: User | None) -> list[Factor]:
    factors = user.factors if user is not None else None
    return list(factors) if factors else []


def split_factors(user: User | None) -> AuthMFAListFactorsResponse:
    factors = _factors(user)
    verified = [f for f in factors if f.status == "verified"]
    return AuthMFAListFactorsResponse(
        all=factors,
        totp=[f for f in verified if f.factor_type == "totp"],
        phone=[f for f in verified if f.factor_type == "phone"],
    )


def assurance_level(session: Session | None) -> AuthMFAGetAuthenticatorAssuranceLevelResponse:
    if session is None:
        return AuthMFAGetAuthenticatorAssuranceLevelResponse(None, None, [])
    claims = decode_claims(session.access_token)
    current = claims.get("aal")
    current = current if isinstance(current, str) else None
    verified = [f for f in _factors(session.user) if f.status == "verified"]
    methods = []
    for entry in claims.get("amr") or []:
        if isinstance(entry, dict) and isinstance(entry.get("method"), str):
            methods.append(AMREntry(entry["method"], int(entry.get("timestamp") or 0)))
        elif isinstance(entry, str):
            methods.append(AMREntry(entry, 0))
    return AuthMFAGetAuthenticatorAssuranceLevelResponse(
        current_level=current,
        next_level="aal2" if verified else current,
        current_authentication_methods=methods,
    )
