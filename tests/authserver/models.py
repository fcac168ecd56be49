"""In-memory records and their wire (JSON) form."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any


def iso(ts: float | None) -> str | None:
    if ts is None:
        return None
    return datetime.fromtimestamp(ts, UTC).isoformat().replace("+00:00", "Z")


def new_id() -> str:
    return str(uuid.uuid4())


def hash_password(password: str) -> str:
    salt = secrets.token_hex(8)
    digest = hashlib.sha256((salt + password).encode()).hexdigest()
    return f"{salt}${digest}"


def check_password(stored: str | None, password: str) -> bool:
    if not stored:
        return False
    salt, _, digest = stored.partition("$")
    candidate = hashlib.sha256((salt + password).encode()).hexdigest()
    return hmac.compare_digest(candidate, digest)


@dataclass
class Identity:
    identity_id: str
    provider_id: str
    user_id: str
    provider: str
    identity_data: dict[str, Any]
    created_at: float
    updated_at: float
    last_sign_in_at: float | None = None
    email: str | None = None

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "identity_id": self.identity_id,
            "id": self.provider_id,
            "user_id": self.user_id,
            "identity_data": self.identity_data,
            "provider": self.provider,
            "last_sign_in_at": iso(self.last_sign_in_at),
            "created_at": iso(self.created_at),
            "updated_at": iso(self.updated_at),
        }
        if self.email:
            data["email"] = self.email
        return data


@dataclass
class Factor:
    id: str
    user_id: str
    friendly_name: str
    secret: str
    created_at: float
    updated_at: float
    factor_type: str = "totp"
    status: str = "unverified"
    last_challenged_at: float | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "friendly_name": self.friendly_name,
            "factor_type": self.factor_type,
            "status": self.status,
            "phone": "",
            "created_at": iso(self.created_at),
            "updated_at": iso(self.updated_at),
            "last_challenged_at": iso(self.last_challenged_at),
        }


@dataclass
class Challenge:
    id: str
    factor_id: str
    created_at: float


@dataclass
class User:
    id: str
    created_at: float
    updated_at: float
    seq: int
    aud: str = "authenticated"
    role: str = "authenticated"
    email: str = ""
    phone: str = ""
    password_hash: str | None = None
    email_confirmed_at: float | None = None
    phone_confirmed_at: float | None = None
    invited_at: float | None = None
    confirmation_sent_at: float | None = None
    recovery_sent_at: float | None = None
    email_change_sent_at: float | None = None
    new_email: str = ""
    phone_change_sent_at: float | None = None
    new_phone: str = ""
    reauthentication_sent_at: float | None = None
    last_sign_in_at: float | None = None
    app_metadata: dict[str, Any] = field(default_factory=dict)
    user_metadata: dict[str, Any] = field(default_factory=dict)
    identities: list[Identity] = field(default_factory=list)
    factors: list[Factor] = field(default_factory=list)
    banned_until: float | None = None
    deleted_at: float | None = None
    is_anonymous: bool = False

    def confirmed_at(self) -> float | None:
        return self.email_confirmed_at or self.phone_confirmed_at

    def is_banned(self, now: float) -> bool:
        return self.banned_until is not None and self.banned_until > now

    def verified_factors(self) -> list[Factor]:
        return [f for f in self.factors if f.status == "verified"]

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.id,
            "aud": self.aud,
            "role": self.role,
            "email": self.email,
            "email_confirmed_at": iso(self.email_confirmed_at),
            "phone": self.phone,
            "phone_confirmed_at": iso(self.phone_confirmed_at),
            "confirmed_at": iso(self.confirmed_at()),
            "confirmation_sent_at": iso(self.confirmation_sent_at),
            "recovery_sent_at": iso(self.recovery_sent_at),
            "email_change_sent_at": iso(self.email_change_sent_at),
            "phone_change_sent_at": iso(self.phone_change_sent_at),
            "reauthentication_sent_at": iso(self.reauthentication_sent_at),
            "invited_at": iso(self.invited_at),
            "last_sign_in_at": iso(self.last_sign_in_at),
            "app_metadata": self.app_metadata,
            "user_metadata": self.user_metadata,
            "identities": [i.to_json() for i in self.identities],
            "factors": [f.to_json() for f in self.factors],
            "created_at": iso(self.created_at),
            "updated_at": iso(self.updated_at),
            "banned_until": iso(self.banned_until),
            "deleted_at": iso(self.deleted_at),
            "is_anonymous": self.is_anonymous,
        }
        if self.new_email:
            data["new_email"] = self.new_email
        if self.new_phone:
            data["new_phone"] = self.new_phone
        # Go's omitempty drops unset timestamps; keep the always-present ones.
        keep = {"email_confirmed_at", "phone_confirmed_at", "confirmed_at", "last_sign_in_at"}
        return {k: v for k, v in data.items() if v is not None or k in keep}


@dataclass
class RefreshToken:
    token: str
    session_id: str
    user_id: str
    parent: str | None
    created_at: float
    revoked: bool = False
    revoked_at: float | None = None


@dataclass
class Session:
    id: str
    user_id: str
    created_at: float
    current_token: str
    aal: str = "aal1"
    amr: list[dict[str, Any]] = field(default_factory=list)
    factor_id: str | None = None
    refreshed_at: float | None = None
    not_after: float | None = None
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)


@dataclass
class OneTimeToken:
    """An OTP / link token; ``kind`` is the /verify type that redeems it."""

    user_id: str
    kind: str
    relates_to: str
    token: str
    token_hash: str
    created_at: float
    flow_code: str | None = None


@dataclass
class FlowState:
    """A PKCE flow: the auth code mailed to the user and the stored challenge."""

    auth_code: str
    code_challenge: str
    code_challenge_method: str
    user_id: str
    kind: str
    relates_to: str
    created_at: float


@dataclass
class MailMessage:
    id: str
    type: str
    channel: str
    to: str
    token: str
    token_hash: str
    link: str | None
    code: str | None
    redirect_to: str | None
    user_id: str
    sent_at: float

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "type": self.type,
            "channel": self.channel,
            "to": self.to,
            "token": self.token,
            "token_hash": self.token_hash,
            "link": self.link,
            "code": self.code,
            "redirect_to": self.redirect_to,
            "user_id": self.user_id,
            "sent_at": iso(self.sent_at),
        }
