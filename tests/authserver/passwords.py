"""Password strength rules (length only; HIBP is not emulated)."""

from __future__ import annotations

from typing import Any

from .config import AuthConfig
from .errors import WeakPasswordError, validation

MAX_PASSWORD_LENGTH = 72


def weakness(config: AuthConfig, password: str) -> WeakPasswordError | None:
    if len(password) > MAX_PASSWORD_LENGTH:
        raise validation(f"Password cannot be longer than {MAX_PASSWORD_LENGTH} characters")
    if len(password) < config.password_min_length:
        return WeakPasswordError(
            f"Password should be at least {config.password_min_length} characters.", ["length"]
        )
    return None


def require_strong(config: AuthConfig, password: str) -> None:
    error = weakness(config, password)
    if error is not None:
        raise error


def sign_in_warning(config: AuthConfig, password: str) -> dict[str, Any] | None:
    """The ``weak_password`` member of a sign-in response, if the password is now weak."""
    try:
        error = weakness(config, password)
    except Exception:
        return None
    if error is None:
        return None
    return {"reasons": error.reasons, "message": error.message}
