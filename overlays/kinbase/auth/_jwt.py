"""Reading a JWT without verifying it (stdlib only): the header and the claims.

Reading is for scheduling (``exp``), for the assurance level (``aal``, ``amr``) and for
choosing how to verify (``alg``, ``kid``). Nothing read here is trusted for access: the
verification itself (signature, claims) is :mod:`kinbase.auth._jose`'s, with PyJWT.
"""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any

from kinbase.errors import InvalidInputError

__all__ = ["decode_claims", "decode_header"]


def _b64url_decode(part: str) -> bytes:
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


def _part(token: str, index: int, what: str) -> dict[str, Any]:
    parts = token.split(".") if isinstance(token, str) else []
    if len(parts) != 3:
        raise InvalidInputError("not a JWT: expected three dot-separated parts")
    try:
        value = json.loads(_b64url_decode(parts[index]))
    except (ValueError, UnicodeDecodeError, binascii.Error):
        raise InvalidInputError(f"not a JWT: the {what} is not base64url JSON") from None
    if not isinstance(value, dict):
        raise InvalidInputError(f"not a JWT: the {what} is not a JSON object")
    return value


def decode_claims(token: str) -> dict[str, Any]:
    """The payload of a JWT, unverified. Raises InvalidInputError (never showing the token)."""
    return _part(token, 1, "payload")


def decode_header(token: str) -> dict[str, Any]:
    """The JOSE header of a JWT (``alg``, ``kid``, ``typ``), unverified."""
    return _part(token, 0, "header")
