"""One-time tokens (OTPs, link tokens, nonces), the test mailbox and PKCE flow states."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from urllib.parse import urlencode

from .errors import ApiError, bad_request, forbidden, not_found, unprocessable, validation
from .models import FlowState, MailMessage, OneTimeToken, User, new_id
from .store import Store

# /verify type -> the one-time-token kinds it redeems.
VERIFY_TYPES: dict[str, frozenset[str]] = {
    "signup": frozenset({"signup"}),
    "invite": frozenset({"invite"}),
    "magiclink": frozenset({"magiclink", "signup"}),
    "email": frozenset({"magiclink", "signup", "invite"}),
    "recovery": frozenset({"recovery"}),
    "email_change": frozenset({"email_change"}),
    "sms": frozenset({"sms"}),
    "phone_change": frozenset({"phone_change"}),
}
SMS_KINDS = frozenset({"sms", "phone_change"})
OTP_EXPIRED = "Token has expired or is invalid"
EMAIL_EXISTS = "A user with this email address has already been registered"


def token_hash(address: str, otp: str) -> str:
    return hashlib.sha224((address + otp).encode()).hexdigest()


def check_challenge_method(method: str | None) -> str:
    value = (method or "").lower()
    if value not in ("s256", "plain"):
        raise validation("code challenge method not supported")
    return value


def verifier_matches(flow: FlowState, verifier: str) -> bool:
    if flow.code_challenge_method == "plain":
        expected = verifier
    else:
        digest = hashlib.sha256(verifier.encode("ascii", "replace")).digest()
        expected = base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")
    return hmac.compare_digest(expected.encode(), flow.code_challenge.encode())


@dataclass(frozen=True)
class Pkce:
    challenge: str
    method: str


class Mailer:
    def __init__(self, store: Store, base_url: str) -> None:
        self.store = store
        self.base_url = base_url

    def _check_frequency(self, user: User, kind: str, now: float, deliver: bool) -> None:
        """GoTrue's one mail per kind per user per ``SMTP_MAX_FREQUENCY`` (429)."""
        every = self.store.config.email_max_frequency
        if not deliver or every <= 0 or kind in SMS_KINDS:
            return
        sent = [
            t.created_at
            for t in self.store.one_time_tokens
            if t.user_id == user.id and t.kind == kind
        ]
        if sent and now < max(sent) + every:
            wait = int(max(sent) + every - now) + 1
            raise ApiError(
                429,
                "over_email_send_rate_limit",
                f"For security purposes, you can only request this after {wait} seconds.",
            )

    def issue(
        self,
        user: User,
        kind: str,
        relates_to: str,
        *,
        pkce: Pkce | None = None,
        redirect_to: str | None = None,
        deliver: bool = True,
    ) -> tuple[OneTimeToken, MailMessage]:
        """Create a one-time token (replacing an older one) and, if ``deliver``, mail it."""
        store = self.store
        now = store.now()
        self._check_frequency(user, kind, now, deliver)
        otp = f"{secrets.randbelow(10**6):06d}"
        ott = OneTimeToken(
            user_id=user.id,
            kind=kind,
            relates_to=relates_to,
            token=otp,
            token_hash=token_hash(relates_to, otp),
            created_at=now,
        )
        store.one_time_tokens[:] = [
            t
            for t in store.one_time_tokens
            if not (t.user_id == user.id and t.kind == kind and t.relates_to == relates_to)
        ]
        store.one_time_tokens.append(ott)
        if pkce is not None:
            flow = FlowState(
                auth_code=new_id(),
                code_challenge=pkce.challenge,
                code_challenge_method=pkce.method,
                user_id=user.id,
                kind=kind,
                relates_to=relates_to,
                created_at=now,
            )
            store.flow_states[flow.auth_code] = flow
            ott.flow_code = flow.auth_code
        sms = kind in SMS_KINDS or (kind == "reauthentication" and not user.email)
        channel = "sms" if sms else "email"
        link = None
        if channel == "email" and kind != "reauthentication":
            link = self.action_link(ott, redirect_to)
        message = MailMessage(
            id=new_id(),
            type=kind,
            channel=channel,
            to=relates_to,
            token=otp,
            token_hash=ott.token_hash,
            link=link,
            code=ott.flow_code,
            redirect_to=redirect_to,
            user_id=user.id,
            sent_at=now,
        )
        if deliver:
            store.mailbox.append(message)
        return ott, message

    def action_link(self, ott: OneTimeToken, redirect_to: str | None) -> str:
        verify_type = "email_change" if ott.kind == "email_change" else ott.kind
        query = {"token": ott.token_hash, "type": verify_type}
        query["redirect_to"] = redirect_to or self.store.config.site_url
        return f"{self.base_url}/verify?{urlencode(query)}"

    def _expired(self, created_at: float, lifetime: float) -> bool:
        return self.store.now() > created_at + lifetime

    def redeem(
        self, verify_type: str, *, token: str = "", token_hash: str = "", address: str = ""
    ) -> OneTimeToken:
        """Find, check and consume the one-time token a /verify request names."""
        kinds = VERIFY_TYPES.get(verify_type)
        if kinds is None:
            raise validation("Unsupported verification type")
        store = self.store
        match: OneTimeToken | None = None
        for ott in store.one_time_tokens:
            if ott.kind not in kinds:
                continue
            if token_hash and hmac.compare_digest(ott.token_hash.encode(), token_hash.encode()):
                match = ott
                break
            if (
                token
                and ott.relates_to == address
                and hmac.compare_digest(ott.token.encode(), token.encode())
            ):
                match = ott
                break
        if match is None or self._expired(match.created_at, store.config.otp_expiry):
            if match is not None:
                store.one_time_tokens.remove(match)
            raise forbidden("otp_expired", OTP_EXPIRED)
        store.one_time_tokens.remove(match)
        return match

    def redeem_nonce(self, user: User, nonce: str) -> None:
        for ott in self.store.one_time_tokens:
            if ott.user_id == user.id and ott.kind == "reauthentication":
                if hmac.compare_digest(ott.token.encode(), nonce.encode()) and not self._expired(
                    ott.created_at, self.store.config.otp_expiry
                ):
                    self.store.one_time_tokens.remove(ott)
                    return
                break
        raise unprocessable("reauthentication_not_valid", "Requested nonce is invalid or expired")

    def exchange(self, auth_code: str, verifier: str) -> FlowState:
        store = self.store
        if not auth_code or not verifier:
            raise validation(
                "invalid request: both auth code and code verifier should be non-empty"
            )
        flow = store.flow_states.get(auth_code)
        if flow is None:
            raise not_found("flow_state_not_found", "invalid flow state, no valid flow state found")
        if self._expired(flow.created_at, store.config.flow_state_expiry):
            del store.flow_states[auth_code]
            raise unprocessable("flow_state_expired", "invalid flow state, flow state has expired")
        if not verifier_matches(flow, verifier):
            raise bad_request(
                "bad_code_verifier", "code challenge does not match previously saved code verifier"
            )
        del store.flow_states[auth_code]
        return flow


# one-time-token kind -> the amr method recorded on the session it opens
AMR_METHODS = {
    "signup": "otp",
    "magiclink": "magiclink",
    "invite": "invite",
    "recovery": "recovery",
    "email_change": "email_change",
    "sms": "otp",
    "phone_change": "otp",
}


def apply_verification(store: Store, user: User, kind: str, relates_to: str) -> str:
    """Effects of a redeemed token (or exchanged PKCE code); returns the amr method."""
    if user.deleted_at is not None:
        raise ApiError(404, "user_not_found", "User not found")
    if kind == "email_change":
        if store.user_by_email(user.new_email) not in (None, user):
            raise unprocessable(
                "email_exists", "A user with this email address has already been registered"
            )
        store.set_email(user, user.new_email or relates_to)
        user.email_change_sent_at = None
        store.one_time_tokens[:] = [
            t for t in store.one_time_tokens if not (t.user_id == user.id and t.kind == kind)
        ]
    elif kind == "phone_change":
        store.set_phone(user, user.new_phone or relates_to)
    elif kind == "sms":
        store.confirm_phone(user)
    else:
        store.confirm_email(user)
    return AMR_METHODS.get(kind, "otp")
