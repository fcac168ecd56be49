"""MFA (TOTP only): enroll, challenge, verify, unenroll."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import totp
from ..auth import Caller, claims_of, require_session, resolve
from ..errors import forbidden, not_found, unprocessable, validation
from ..models import Challenge, Factor, new_id
from ..wire import Request, Response, ok

if TYPE_CHECKING:
    from ..app import App


def _caller(app: App, req: Request) -> Caller:
    return resolve(app.store, claims_of(app.store, req))


def _factor(caller: Caller, factor_id: str) -> Factor:
    factor = next((f for f in caller.user.factors if f.id == factor_id), None)
    if factor is None:
        raise not_found("mfa_factor_not_found", "Factor not found")
    return factor


def _qr_code(uri: str) -> str:
    """A placeholder SVG carrying the otpauth URI (not a scannable QR code). Raw SVG
    markup, as GoTrue sends it (internal/api/mfa.go); clients make the data URI."""
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="200">'
        f'<desc>{uri}</desc><rect width="200" height="200" fill="white"/></svg>'
    )
    return svg.replace("&", "&amp;")


def enroll(app: App, req: Request) -> Response:
    store = app.store
    factor_type = req.str_field("factor_type")
    if factor_type != "totp":
        raise validation("factor_type needs to be totp (the only type this test server knows)")
    friendly_name = req.str_field("friendly_name")
    issuer = req.str_field("issuer") or "kinbase-authserver"
    with store.lock:
        caller = _caller(app, req)
        require_session(caller)
        user = caller.user
        if friendly_name and any(f.friendly_name == friendly_name for f in user.factors):
            raise unprocessable(
                "mfa_factor_name_conflict",
                f'A factor with the friendly name "{friendly_name}" for this user already exists',
            )
        now = store.now()
        factor = Factor(
            id=new_id(),
            user_id=user.id,
            friendly_name=friendly_name,
            secret=totp.new_secret(),
            created_at=now,
            updated_at=now,
        )
        user.factors.append(factor)
        uri = totp.provisioning_uri(factor.secret, issuer=issuer, account=user.email or user.phone)
        return ok(
            {
                "id": factor.id,
                "type": "totp",
                "friendly_name": friendly_name,
                "totp": {"qr_code": _qr_code(uri), "secret": factor.secret, "uri": uri},
            }
        )


def challenge(app: App, req: Request, factor_id: str) -> Response:
    store = app.store
    with store.lock:
        caller = _caller(app, req)
        factor = _factor(caller, factor_id)
        now = store.now()
        item = Challenge(id=new_id(), factor_id=factor.id, created_at=now)
        store.challenges[item.id] = item
        factor.last_challenged_at = now
        return ok(
            {
                "id": item.id,
                "type": "totp",
                "expires_at": int(now + app.config.mfa_challenge_expiry),
            }
        )


def verify(app: App, req: Request, factor_id: str) -> Response:
    store = app.store
    challenge_id, code = req.str_field("challenge_id"), req.str_field("code")
    with store.lock:
        caller = _caller(app, req)
        session = require_session(caller)
        factor = _factor(caller, factor_id)
        item = store.challenges.get(challenge_id)
        if item is None or item.factor_id != factor.id:
            raise unprocessable(
                "mfa_factor_not_found", "MFA factor with the provided challenge ID not found"
            )
        now = store.now()
        if now > item.created_at + app.config.mfa_challenge_expiry:
            del store.challenges[item.id]
            raise unprocessable(
                "mfa_challenge_expired",
                f"MFA challenge {item.id} has expired, verify against another challenge or "
                "create a new challenge.",
            )
        if not totp.verify(factor.secret, code, now):
            raise unprocessable("mfa_verification_failed", "Invalid TOTP code entered")
        del store.challenges[item.id]
        factor.status = "verified"
        factor.updated_at = now
        return ok(app.sessions.upgrade(caller.user, session, "totp", factor.id))


def unenroll(app: App, req: Request, factor_id: str) -> Response:
    store = app.store
    with store.lock:
        caller = _caller(app, req)
        factor = _factor(caller, factor_id)
        aal = caller.session.aal if caller.session else "aal1"
        if factor.status == "verified" and aal != "aal2":
            raise forbidden("insufficient_aal", "AAL2 required to unenroll verified factor")
        caller.user.factors.remove(factor)
        return ok({"id": factor.id})
