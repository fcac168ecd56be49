"""PKCE (RFC 7636) verifier and S256 challenge, and where the verifier is stored."""

from __future__ import annotations

import base64
import hashlib
import secrets

__all__ = ["RECOVERY_SUFFIX", "challenge_for", "new_verifier", "verifier_key"]

#: Appended to a stored verifier created by ``reset_password_for_email`` so that the
#: exchange emits PASSWORD_RECOVERY instead of SIGNED_IN.
RECOVERY_SUFFIX = "/PASSWORD_RECOVERY"


def new_verifier() -> str:
    """A 64-character verifier from the unreserved alphabet (43..128 allowed)."""
    return secrets.token_urlsafe(48)


def challenge_for(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def verifier_key(storage_key: str) -> str:
    """The storage key of the pending code verifier (supabase_auth's layout)."""
    return f"{storage_key}-code-verifier"
