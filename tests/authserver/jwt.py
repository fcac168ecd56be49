"""HS256 JSON Web Tokens, by hand (stdlib only); asymmetric keys (when configured) through
:mod:`.keys` (PyJWT)."""

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


def encode(claims: Mapping[str, Any], secret: str, *, keys: str = "") -> str:
    """HS256 with ``secret``, or with the signing key of ``keys`` (a JSON list of private
    JWKs) when there is one."""
    if keys:
        from . import keys as keyset

        signer = keyset.signing_key(keyset.parse(keys))
        if signer is not None:
            return keyset.sign(claims, signer)
    header = {"alg": "HS256", "typ": "JWT"}
    head = b64url_encode(json.dumps(header, separators=(",", ":")).encode())
    body = b64url_encode(json.dumps(dict(claims), separators=(",", ":")).encode())
    signing_input = f"{head}.{body}".encode("ascii")
    return f"{head}.{body}.{b64url_encode(_sign(signing_input, secret))}"


def decode(
    token: str, secret: str, *, now: float, verify_exp: bool = True, keys: str = ""
) -> dict[str, Any]:
    """Verify an HS256 token (or, with ``keys``, one signed by a key of that set by
    ``kid``) and return its claims."""
    parts = token.split(".")
    if len(parts) != 3:
        raise JWTError("token contains an invalid number of segments")
    try:
        header = json.loads(b64url_decode(parts[0]))
        claims = json.loads(b64url_decode(parts[1]))
        signature = b64url_decode(parts[2])
    except (ValueError, UnicodeDecodeError) as exc:
        raise JWTError("token is malformed") from exc
    if not isinstance(claims, dict):
        raise JWTError("token claims are not an object")
    if (
        keys
        and isinstance(header, dict)
        and isinstance(header.get("kid"), str)
        and (header.get("alg") != "HS256")
    ):
        from . import keys as keyset

        try:
            keyset.verify(token, header["kid"], keyset.parse(keys))
        except keyset.KeyError_ as exc:
            raise JWTError(f"signature is invalid: {exc}") from exc
    else:
        if not isinstance(header, dict) or header.get("alg") != "HS256":
            raise JWTError("signing method is not HS256")
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
