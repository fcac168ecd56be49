"""JWT helpers (stdlib only): read claims without verifying, mint HS256 service-role tokens.

Reading is for scheduling (``exp``) and for the assurance level (``aal``, ``amr``): the
server verifies every token it receives, the client never trusts a claim for access.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from collections.abc import Mapping
from typing import Any

from kinbase.errors import InvalidInputError

__all__ = ["decode_claims", "mint_hs256"]


def _b64url_decode(part: str) -> bytes:
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


def _b64url_encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def decode_claims(token: str) -> dict[str, Any]:
    """The payload of a JWT, unverified. Raises InvalidInputError (never showing the token)."""
    parts = token.split(".") if isinstance(token, str) else []
    if len(parts) != 3:
        raise InvalidInputError("not a JWT: expected three dot-separated parts")
    try:
        claims = json.loads(_b64url_decode(parts[1]))
    except (ValueError, UnicodeDecodeError):
        raise InvalidInputError("not a JWT: the payload is not base64url JSON") from None
    if not isinstance(claims, dict):
        raise InvalidInputError("not a JWT: the payload is not a JSON object")
    return claims


def mint_hs256(secret: str | bytes, claims: Mapping[str, Any]) -> str:
    """An HS256-signed JWT carrying ``claims``."""
    key = secret.encode("utf-8") if isinstance(secret, str) else secret
    header = _b64url_encode(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    payload = _b64url_encode(json.dumps(dict(claims), separators=(",", ":")).encode())
    signing_input = f"{header}.{payload}".encode("ascii")
    signature = _b64url_encode(hmac.new(key, signing_input, hashlib.sha256).digest())
    return f"{header}.{payload}.{signature}"


def mint_service_role(
    secret: str | bytes, *, lifetime: int = 60, now: float | None = None, issuer: str | None = None
) -> tuple[str, int]:
    """A short-lived service-role JWT and its expiry (Unix seconds)."""
    issued = int(time.time() if now is None else now)
    claims: dict[str, Any] = {"role": "service_role", "iat": issued, "exp": issued + lifetime}
    if issuer:
        claims["iss"] = issuer
    return mint_hs256(secret, claims), issued + lifetime
