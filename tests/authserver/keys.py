"""Asymmetric signing keys, as GoTrue's ``GOTRUE_JWT_KEYS`` (a JSON list of private JWKs,
the one whose ``key_ops`` holds ``sign`` signs; every asymmetric one verifies), with PyJWT.

Off by default (HS256 with the JWT secret only). ``signing_keys`` in ``/_test/config``
(a JSON string) turns it on at runtime; ``/_test/reset`` turns it off again. Like GoTrue,
HS256 tokens signed with the JWT secret stay valid (service-role tokens) and
``/.well-known/jwks.json`` publishes the public halves with ``use: sig`` and
``key_ops: ["verify"]`` (``internal/conf/jwk.go``, ``internal/api/jwks.go``).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import jwt as pyjwt

#: Members of a private JWK that its public half leaves out (RFC 7518 section 6).
PRIVATE_MEMBERS = frozenset({"d", "p", "q", "dp", "dq", "qi", "oth", "k"})


class KeyError_(Exception):
    """The token's ``kid`` is unknown or its signature does not verify."""


def parse(text: str) -> list[dict[str, Any]]:
    """The private JWKs of a ``signing_keys`` setting ('' or a JSON list)."""
    if not text:
        return []
    keys = json.loads(text)
    if not isinstance(keys, list) or not all(isinstance(k, dict) for k in keys):
        raise ValueError("signing_keys must be a JSON list of JWK objects")
    return keys


def signing_key(keys: list[dict[str, Any]]) -> dict[str, Any] | None:
    for key in keys:
        if "sign" in (key.get("key_ops") or ()):
            return key
    return None


def public_jwks(keys: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for key in keys:
        if key.get("kty") == "oct":
            continue  # never published (GoTrue skips octet keys)
        public = {k: v for k, v in key.items() if k not in PRIVATE_MEMBERS}
        public.update({"use": "sig", "key_ops": ["verify"]})
        out.append(public)
    return out


def sign(claims: Mapping[str, Any], key: dict[str, Any]) -> str:
    jwk = pyjwt.PyJWK(key)
    return pyjwt.encode(
        dict(claims), jwk.key, algorithm=jwk.algorithm_name, headers={"kid": key["kid"]}
    )


def verify(token: str, kid: str, keys: list[dict[str, Any]]) -> dict[str, Any]:
    """The claims of a token signed by the key ``kid`` (time claims are checked by the caller)."""
    for key in keys:
        if key.get("kid") == kid and key.get("kty") != "oct":
            jwk = pyjwt.PyJWK(key)
            try:
                return dict(
                    pyjwt.decode(
                        token,
                        jwk.key.public_key(),
                        algorithms=[jwk.algorithm_name],
                        options={
                            "verify_exp": False,
                            "verify_aud": False,
                            "verify_iat": False,
                            "verify_nbf": False,
                        },
                    )
                )
            except pyjwt.InvalidTokenError as exc:
                raise KeyError_(str(exc)) from exc
    raise KeyError_(f"no key with kid {kid!r}")
