"""All server state behind one lock, plus user look-ups and user mutations."""

from __future__ import annotations

import base64
import hashlib
import re
import threading
import time
from collections import Counter
from typing import Any

from .config import AuthConfig
from .errors import validation
from .models import (
    Challenge,
    FlowState,
    Identity,
    MailMessage,
    OneTimeToken,
    RefreshToken,
    Session,
    User,
    new_id,
)

_EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def normalize_email(email: str) -> str:
    return email.strip().lower()


def normalize_phone(phone: str) -> str:
    """GoTrue stores phone numbers as bare digits (no leading +)."""
    return re.sub(r"\D", "", phone)


def check_email(email: str) -> str:
    email = normalize_email(email)
    if not _EMAIL_RE.match(email):
        raise validation("Unable to validate email address: invalid format")
    return email


def check_phone(phone: str) -> str:
    digits = normalize_phone(phone)
    if not 8 <= len(digits) <= 15:
        raise validation("Invalid phone number format (E.164 required)")
    return digits


class Store:
    """In-memory state. Hold ``lock`` while reading or writing any collection."""

    def __init__(self, config: AuthConfig) -> None:
        self.config = config
        self.lock = threading.RLock()
        self.clock_offset = 0.0
        self.users: dict[str, User] = {}
        self.sessions: dict[str, Session] = {}
        self.refresh_tokens: dict[str, RefreshToken] = {}
        self.one_time_tokens: list[OneTimeToken] = []
        self.flow_states: dict[str, FlowState] = {}
        self.challenges: dict[str, Challenge] = {}
        self.mailbox: list[MailMessage] = []
        self.stats: Counter[str] = Counter()
        self._seq = 0

    def reset(self) -> None:
        with self.lock:
            self.clock_offset = 0.0
            self.users.clear()
            self.sessions.clear()
            self.refresh_tokens.clear()
            self.one_time_tokens.clear()
            self.flow_states.clear()
            self.challenges.clear()
            self.mailbox.clear()
            self.stats.clear()

    def now(self) -> float:
        return time.time() + self.clock_offset

    # -- users -------------------------------------------------------------------

    def user_by_email(self, email: str) -> User | None:
        email = normalize_email(email)
        if not email:
            return None
        return next((u for u in self.users.values() if u.email == email), None)

    def user_by_phone(self, phone: str) -> User | None:
        phone = normalize_phone(phone)
        if not phone:
            return None
        return next((u for u in self.users.values() if u.phone == phone), None)

    def new_user(self, *, email: str = "", phone: str = "", anonymous: bool = False) -> User:
        now = self.now()
        self._seq += 1
        user = User(id=new_id(), created_at=now, updated_at=now, seq=self._seq)
        user.email = email
        user.phone = phone
        user.is_anonymous = anonymous
        self.users[user.id] = user
        if anonymous:
            user.app_metadata = {}
        if email:
            self.add_identity(user, "email", user.id, {"email": email})
        if phone:
            self.add_identity(user, "phone", user.id, {"phone": phone})
        return user

    def add_identity(
        self, user: User, provider: str, provider_id: str, data: dict[str, Any]
    ) -> Identity:
        now = self.now()
        for identity in user.identities:
            if identity.provider == provider:
                identity.identity_data.update(data)
                identity.updated_at = now
                return identity
        identity_data = {
            "sub": provider_id,
            "email_verified": False,
            "phone_verified": False,
            **data,
        }
        identity = Identity(
            identity_id=new_id(),
            provider_id=provider_id,
            user_id=user.id,
            provider=provider,
            identity_data=identity_data,
            created_at=now,
            updated_at=now,
            email=identity_data.get("email") or None,
        )
        user.identities.append(identity)
        providers = list(user.app_metadata.get("providers", []))
        if provider not in providers:
            providers.append(provider)
        user.app_metadata.setdefault("provider", provider)
        user.app_metadata["providers"] = providers
        user.is_anonymous = False
        return identity

    def confirm_email(self, user: User) -> None:
        now = self.now()
        user.email_confirmed_at = user.email_confirmed_at or now
        user.updated_at = now
        for identity in user.identities:
            if identity.provider == "email":
                identity.identity_data["email_verified"] = True

    def confirm_phone(self, user: User) -> None:
        now = self.now()
        user.phone_confirmed_at = user.phone_confirmed_at or now
        user.updated_at = now
        for identity in user.identities:
            if identity.provider == "phone":
                identity.identity_data["phone_verified"] = True

    def set_email(self, user: User, email: str) -> None:
        user.email = email
        user.new_email = ""
        user.email_confirmed_at = None
        identity = self.add_identity(user, "email", user.id, {"email": email})
        identity.email = email
        self.confirm_email(user)

    def set_phone(self, user: User, phone: str) -> None:
        user.phone = phone
        user.new_phone = ""
        user.phone_confirmed_at = None
        self.add_identity(user, "phone", user.id, {"phone": phone})
        self.confirm_phone(user)

    def delete_user(self, user: User, *, soft: bool) -> None:
        self.drop_sessions(user.id)
        self.one_time_tokens[:] = [t for t in self.one_time_tokens if t.user_id != user.id]
        if not soft:
            del self.users[user.id]
            return
        now = self.now()
        user.deleted_at = now
        user.updated_at = now
        # as GoTrue: base64url(sha256(id + value)), phones cut to 15 characters, so the
        # address can sign up again and the row keeps no readable address
        user.email = _obfuscate(user.id, user.email or "")
        user.phone = _obfuscate(user.id, user.phone or "")[:15]
        user.password_hash = None
        user.identities.clear()
        user.factors.clear()

    # -- sessions ----------------------------------------------------------------

    def drop_session(self, session_id: str) -> None:
        """Delete a session and its refresh tokens (logout)."""
        session = self.sessions.pop(session_id, None)
        if session is None:
            return
        for token in [t for t in self.refresh_tokens.values() if t.session_id == session_id]:
            del self.refresh_tokens[token.token]

    def drop_sessions(self, user_id: str, *, keep: str | None = None) -> None:
        for session in [s for s in self.sessions.values() if s.user_id == user_id]:
            if session.id != keep:
                self.drop_session(session.id)

    def revoke_family(self, session_id: str) -> None:
        """Refresh-token reuse: revoke every token of the family and end the session."""
        now = self.now()
        for token in self.refresh_tokens.values():
            if token.session_id == session_id and not token.revoked:
                token.revoked = True
                token.revoked_at = now
        self.sessions.pop(session_id, None)


def _obfuscate(user_id: str, value: str) -> str:
    digest = hashlib.sha256((str(user_id) + value).encode()).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
