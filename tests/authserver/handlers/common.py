"""Small helpers shared by handlers."""

from __future__ import annotations

from typing import Any

from ..errors import validation
from ..mail import Pkce, check_challenge_method
from ..wire import Request


def pkce_of(req: Request) -> Pkce | None:
    challenge = req.str_field("code_challenge")
    method = req.str_field("code_challenge_method")
    if not challenge and not method:
        return None
    if not challenge:
        raise validation("PKCE flow requires code_challenge_method and code_challenge")
    return Pkce(challenge=challenge, method=check_challenge_method(method))


def dict_field(req: Request, name: str) -> dict[str, Any] | None:
    value = req.json().get(name)
    if value is None:
        return None
    if not isinstance(value, dict):
        raise validation(f"{name} must be an object")
    return value


def merge_metadata(target: dict[str, Any], changes: dict[str, Any]) -> None:
    """GoTrue merges metadata updates; a null value removes the key."""
    for key, value in changes.items():
        if value is None:
            target.pop(key, None)
        else:
            target[key] = value


def redirect_to(req: Request) -> str | None:
    value = req.str_field("redirect_to") or req.query.get("redirect_to", "")
    return value or None
