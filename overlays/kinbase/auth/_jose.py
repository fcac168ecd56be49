"""Signing and verifying JWTs with PyJWT (no hand-written crypto).

- :func:`mint_service_role`: the short-lived HS256 service-role tokens of the admin API;
- :func:`verify_hs256` / :func:`verify_with_jwk`: a GoTrue access token checked locally
  (signature, ``exp``/``nbf``/``iat`` with leeway, ``aud``, ``iss``) with the project's JWT
  secret or with a public key of the server's JWKS.

PyJWT and ``cryptography`` cost ~0.1-0.2 s to import, so the auth client imports this
module on first use (a verification or a minted token), not at ``import kinbase``.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from typing import Any

import attrs
import jwt

from kinbase.errors import InvalidJWTError

__all__ = [
    "ASYMMETRIC_ALGORITHMS",
    "VerifyOptions",
    "check_unverified",
    "jwk_from_dict",
    "mint_service_role",
    "verify_hs256",
    "verify_with_jwk",
]

#: The public-key algorithms GoTrue signs with (``GOTRUE_JWT_KEYS``) that we accept from a JWKS.
ASYMMETRIC_ALGORITHMS = frozenset({"RS256", "ES256", "EdDSA"})
#: Claims every GoTrue access token carries; a token without them is refused.
REQUIRED_CLAIMS = ("exp", "iat")


@attrs.frozen
class VerifyOptions:
    """What a verified access token must say: ``issuer`` (``None``: not checked),
    ``audience`` (``None``: not checked) and the ``leeway`` in seconds allowed on
    ``exp``, ``nbf`` and ``iat`` for clock skew."""

    issuer: str | None
    audience: str | Sequence[str] | None
    leeway: float = 30.0


def mint_service_role(
    secret: str | bytes, *, lifetime: int = 60, now: float | None = None, issuer: str | None = None
) -> tuple[str, int]:
    """A short-lived HS256 service-role JWT and its expiry (Unix seconds)."""
    issued = int(time.time() if now is None else now)
    claims: dict[str, Any] = {"role": "service_role", "iat": issued, "exp": issued + lifetime}
    if issuer:
        claims["iss"] = issuer
    key = secret if isinstance(secret, bytes) else secret.encode("utf-8")
    return jwt.encode(claims, key, algorithm="HS256"), issued + lifetime


def jwk_from_dict(data: Mapping[str, Any]) -> jwt.PyJWK | None:
    """A public verification key from one JWKS entry, or ``None`` for an entry that cannot
    verify access tokens (symmetric ``oct`` keys, unknown types or algorithms, a ``use``
    or ``key_ops`` that excludes verifying)."""
    if data.get("kty") not in ("RSA", "EC", "OKP"):
        return None
    if data.get("use") not in (None, "sig"):
        return None
    ops = data.get("key_ops")
    if isinstance(ops, list) and "verify" not in ops:
        return None
    alg = data.get("alg")
    if alg is not None and alg not in ASYMMETRIC_ALGORITHMS:
        return None
    try:
        return jwt.PyJWK(dict(data))
    except (jwt.PyJWKError, jwt.InvalidKeyError, ValueError, TypeError, KeyError):
        return None


def _decode(token: str, key: Any, algorithm: str | None, options: VerifyOptions) -> dict[str, Any]:
    check_aud = options.audience is not None
    try:
        return jwt.decode_complete(
            token,
            key,
            algorithms=[algorithm] if algorithm else None,
            audience=options.audience if check_aud else None,
            issuer=options.issuer,
            leeway=options.leeway,
            options={
                "verify_signature": algorithm is not None,
                "verify_exp": True,
                "verify_nbf": True,
                "verify_iat": True,
                "require": list(REQUIRED_CLAIMS),
                "verify_aud": check_aud,
                "verify_iss": options.issuer is not None,
            },
        )
    except jwt.ExpiredSignatureError:
        raise InvalidJWTError("JWT has expired") from None
    except jwt.ImmatureSignatureError:
        raise InvalidJWTError("JWT is not valid yet (nbf or iat in the future)") from None
    except jwt.InvalidAudienceError:
        raise InvalidJWTError(
            f"JWT audience (aud) is not {options.audience!r} (see jwt_audience=)"
        ) from None
    except jwt.InvalidIssuerError:
        raise InvalidJWTError(
            f"JWT issuer (iss) is not {options.issuer!r} (see jwt_issuer=)"
        ) from None
    except jwt.MissingRequiredClaimError as exc:
        raise InvalidJWTError(f"JWT has no {exc.claim!r} claim") from None
    except jwt.InvalidSignatureError:
        raise InvalidJWTError("Invalid JWT signature") from None
    except jwt.InvalidAlgorithmError:
        raise InvalidJWTError(f"JWT algorithm is not {algorithm}") from None
    except jwt.InvalidTokenError as exc:
        # Malformed tokens and claims of the wrong type; PyJWT's messages never quote the token.
        raise InvalidJWTError(f"Invalid JWT: {exc}") from None


def check_unverified(token: str, options: VerifyOptions) -> dict[str, Any]:
    """The claims checks of :func:`verify_hs256` without the signature, for a token the
    server will verify (``exp`` first: an expired token is refused without a request)."""
    return _decode(token, None, None, options)


def verify_hs256(token: str, secret: str | bytes, options: VerifyOptions) -> dict[str, Any]:
    """``{"header", "payload", "signature"}`` of an HS256 token signed with ``secret``."""
    key = secret if isinstance(secret, bytes) else secret.encode("utf-8")
    return _decode(token, key, "HS256", options)


def verify_with_jwk(token: str, key: jwt.PyJWK, alg: str, options: VerifyOptions) -> dict[str, Any]:
    """``{"header", "payload", "signature"}`` of a token signed with ``key``'s private half.

    ``alg`` (the token's header) must be an asymmetric algorithm and match the key's own
    ``alg`` when it has one: a public key is never used as an HMAC secret.
    """
    if alg not in ASYMMETRIC_ALGORITHMS:
        raise InvalidJWTError(f"JWT algorithm {alg!r} cannot be verified with a public key")
    if key.algorithm_name != alg:
        raise InvalidJWTError(
            f"JWT algorithm {alg!r} does not match its key's ({key.algorithm_name!r})"
        )
    return _decode(token, key, alg, options)
