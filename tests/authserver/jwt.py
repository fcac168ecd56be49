"""HS256 JSON Web Tokens, by hand (stdlib only)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from collections.abc import Mapping
from typing import Any


class JWTError(Exception):
    """The token is malformed, badly signed or expired (message says which)."""


def b64url_encode(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def b64url_decode(text: str) -> bytes:
    padded = text + "=" * (-len(text) % 4)
    return base64.urlsafe_b64decode(padded.encode("ascii"))


def _sign(signing_input: bytes, secret: str) -> bytes:
    return hmac.new(secret.encode("utf-8"), signing_input, hashlib.sha256).digest()


def encode(claims: Mapping[str, Any], secret: str) -> str:
    header = {"alg": "HS256", "typ": "JWT"}
    head = b64url_encode(json.dumps(header, separators=(",", ":")).encode())
    body = b64url_encode(json.dumps(dict(claims), separators=(",", ":")).encode())
    signing_input = f"{head}.{body}".encode("ascii")
    return f"{head}.{body}.{b64url_encode(_sign(signing_input, secret))}"


def decode(token: str, secret: str, *, now: float, verify_exp: bool = True) -> dict[str, Any]:
    """Verify an HS256 token and return its claims."""
    parts = token.split(".")
    if len(parts) != 3:
        raise JWTError("token contains an invalid number of segments")
    try:
        header = json.loads(b64url_decode(parts[0]))
        claims = json.loads(b64url_decode(parts[1]))
        signature = b64url_decode(parts[2])
    except (ValueError, UnicodeDecodeError) as exc:
        raise JWTError("token is malformed") from exc
    if not isinstance(header, dict) or header.get("alg") != "HS256":
        raise JWTError("signing method is not HS256")
    if not isinstance(claims, dict):
        raise JWTError("token claims are not an object")
    expected = _sign(f"{parts[0]}.{parts[1]}".encode("ascii"), secret)
    if not hmac.compare_digest(expected, signature):
        raise JWTError("signature is invalid")
    if verify_exp:
        exp = claims.get("exp")
        if exp is not None and (not isinstance(exp, int | float) or now >= exp):
            raise JWTError("token has invalid claims: token is expired")
        nbf = claims.get("nbf")
        if isinstance(nbf, int | float) and now < nbf:
            raise JWTError("token has invalid claims: token is not valid yet")
    return claims
