"""Runtime configuration of the test auth server (mutable through ``POST /_test/config``)."""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from typing import Any

DEFAULT_JWT_SECRET = "kinbase-test-jwt-secret-with-at-least-32-characters"
ADMIN_ROLES = ("service_role", "supabase_admin")

# Fields that POST /_test/config may change at runtime (jwt_secret, host, port and
# issuer_path are fixed for the life of a server).
RUNTIME_FIELDS = frozenset(
    {
        "access_token_lifetime",
        "refresh_reuse_interval",
        "refresh_token_rotation",
        "refresh_conflict_timeout",
        "refresh_delay",
        "autoconfirm",
        "disable_signup",
        "anonymous_enabled",
        "password_min_length",
        "secure_password_change",
        "otp_expiry",
        "flow_state_expiry",
        "mfa_challenge_expiry",
        "rate_limit_token_requests",
        "rate_limit_window",
        "site_url",
        "verbose",
        "signing_keys",
        "email_max_frequency",
    }
)


@dataclass
class AuthConfig:
    host: str = "127.0.0.1"
    port: int = 0
    jwt_secret: str = DEFAULT_JWT_SECRET
    issuer_path: str = ""
    access_token_lifetime: int = 3600
    refresh_reuse_interval: float = 0.0
    refresh_token_rotation: bool = True
    refresh_conflict_timeout: float = 5.0
    refresh_delay: float = 0.0
    autoconfirm: bool = True
    disable_signup: bool = False
    anonymous_enabled: bool = True
    password_min_length: int = 6
    secure_password_change: bool = False
    otp_expiry: int = 3600
    flow_state_expiry: int = 300
    mfa_challenge_expiry: int = 300
    rate_limit_token_requests: int = 0
    rate_limit_window: float = 300.0
    site_url: str = "http://localhost:3000"
    verbose: bool = False
    #: GOTRUE_JWT_KEYS: a JSON list of private JWKs ("" = HS256 with jwt_secret only).
    signing_keys: str = ""
    #: GOTRUE_SMTP_MAX_FREQUENCY in seconds (GoTrue's default is 60; 0 = no limit, as the
    #: real-server harness runs unless a test asks)
    email_max_frequency: float = 0.0

    def __post_init__(self) -> None:
        path = self.issuer_path.strip()
        if path and not path.startswith("/"):
            path = "/" + path
        self.issuer_path = path.rstrip("/")

    def public_dict(self) -> dict[str, Any]:
        """Every field except the JWT secret."""
        data = dataclasses.asdict(self)
        data.pop("jwt_secret")
        return data

    def update(self, changes: dict[str, Any]) -> list[str]:
        """Apply runtime changes, all or nothing; return unknown or immutable field names."""
        rejected = sorted(name for name in changes if name not in RUNTIME_FIELDS)
        if rejected:
            return rejected
        types = {f.name: f.type for f in dataclasses.fields(self)}
        for name, value in changes.items():
            kind = types[name]
            if kind == "bool":
                setattr(self, name, bool(value))
            elif kind == "int":
                setattr(self, name, int(value))
            elif kind == "float":
                setattr(self, name, float(value))
            elif name == "signing_keys" and not isinstance(value, str):
                setattr(self, name, json.dumps(value))
            else:
                setattr(self, name, str(value))
        return rejected
