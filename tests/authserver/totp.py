"""RFC 6238 TOTP (SHA-1, 6 digits, 30 s period) by hand."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import struct
from urllib.parse import quote

PERIOD = 30
DIGITS = 6


def new_secret() -> str:
    return base64.b32encode(secrets.token_bytes(20)).decode("ascii").rstrip("=")


def code_at(secret: str, timestamp: float, *, period: int = PERIOD, digits: int = DIGITS) -> str:
    key = base64.b32decode(secret + "=" * (-len(secret) % 8), casefold=True)
    counter = struct.pack(">Q", int(timestamp // period))
    digest = hmac.new(key, counter, hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(value % 10**digits).zfill(digits)


def verify(secret: str, code: str, timestamp: float, *, window: int = 1) -> bool:
    """Accept the code of the current period or of ``window`` periods either side."""
    return any(
        hmac.compare_digest(code_at(secret, timestamp + step * PERIOD).encode(), code.encode())
        for step in range(-window, window + 1)
    )


def provisioning_uri(secret: str, *, issuer: str, account: str) -> str:
    label = quote(f"{issuer}:{account}")
    return f"otpauth://totp/{label}?secret={secret}&issuer={quote(issuer)}&algorithm=SHA1&digits=6&period=30"
