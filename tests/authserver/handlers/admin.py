"""Admin API (service-role JWT): users, invite, generate_link, user factors."""

from __future__ import annotations

import math
import re
import uuid
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from ..auth import require_admin
from ..errors import bad_request, not_found, unprocessable, validation
from ..models import User, hash_password
from ..passwords import require_strong
from ..store import Store, check_email, check_phone
from ..wire import Request, Response, ok
from .account import EMAIL_EXISTS, PHONE_EXISTS
from .common import dict_field, merge_metadata, redirect_to

if TYPE_CHECKING:
    from ..app import App

DEFAULT_PER_PAGE = 50
_DURATION_RE = re.compile(r"(\d+(?:\.\d+)?)(ms|h|m|s)")
_UNITS = {"h": 3600.0, "m": 60.0, "s": 1.0, "ms": 0.001}


def parse_duration(text: str) -> float:
    """A Go duration such as "24h" or "1h30m" in seconds."""
    if not text or _DURATION_RE.sub("", text) != "":
        raise validation(f"invalid format for ban duration: {text}")
    return sum(float(n) * _UNITS[unit] for n, unit in _DURATION_RE.findall(text))


def _user(store: Store, user_id: str) -> User:
    try:
        uuid.UUID(user_id)
    except ValueError as exc:
        raise not_found("user_not_found", "User not found") from exc
    user = store.users.get(user_id)
    if user is None:
        raise not_found("user_not_found", "User not found")
    return user


def _page_param(req: Request, name: str, default: int) -> int:
    raw = req.query.get(name, "")
    if not raw:
        return default
    if not raw.isdigit():
        raise bad_request("validation_failed", f"Bad Pagination Parameters: {name}")
    return int(raw)


def list_users(app: App, req: Request) -> Response:
    require_admin(app.store, req)
    page = max(_page_param(req, "page", 1), 1)
    per_page = max(_page_param(req, "per_page", DEFAULT_PER_PAGE), 1)
    # as GoTrue: email LIKE %filter% (case-sensitive; addresses are stored in lower case)
    # or user_metadata.full_name ILIKE %filter%; phones are not searched
    needle = req.query.get("filter", "")
    with app.store.lock:
        users = [
            u
            for u in app.store.users.values()
            if not needle
            or needle in (u.email or "")
            or needle.lower() in str(u.user_metadata.get("full_name") or "").lower()
        ]
        users.sort(key=lambda u: (u.created_at, u.seq), reverse=True)
        chunk = [u.to_json() for u in users[(page - 1) * per_page : page * per_page]]
    total = len(users)
    last = max(math.ceil(total / per_page), 0)
    params = {k: v for k, v in req.query.items() if k not in ("page", "per_page")}

    def link(target: int) -> str:
        return f"{req.path}?{urlencode({**params, 'page': target, 'per_page': per_page})}"

    parts = [f'<{link(page + 1)}>; rel="next"'] if last > page else []
    parts.append(f'<{link(last)}>; rel="last"')
    headers = {"Link": ", ".join(parts), "X-Total-Count": str(total)}
    return ok({"aud": "authenticated", "users": chunk}, headers=headers)


def _apply_attributes(app: App, user: User, body: dict[str, Any], req: Request) -> None:
    """Fields shared by create and update."""
    store, now = app.store, app.store.now()
    if body.get("email"):
        email = check_email(str(body["email"]))
        if email != user.email:
            if store.user_by_email(email) is not None:
                raise unprocessable("email_exists", EMAIL_EXISTS)
            user.email = email
            user.email_confirmed_at = None
            store.add_identity(user, "email", user.id, {"email": email}).email = email
    if body.get("phone"):
        phone = check_phone(str(body["phone"]))
        if phone != user.phone:
            if store.user_by_phone(phone) is not None:
                raise unprocessable("phone_exists", PHONE_EXISTS)
            user.phone = phone
            user.phone_confirmed_at = None
            store.add_identity(user, "phone", user.id, {"phone": phone})
    password = body.get("password")
    if isinstance(password, str) and password:
        require_strong(app.config, password)
        user.password_hash = hash_password(password)
        store.drop_sessions(user.id)  # as GoTrue: a new password ends every session
    if body.get("email_confirm") and user.email:
        store.confirm_email(user)
    if body.get("phone_confirm") and user.phone:
        store.confirm_phone(user)
    if isinstance(body.get("role"), str) and body["role"]:
        user.role = body["role"]
    user_metadata = dict_field(req, "user_metadata")
    if user_metadata is not None:
        merge_metadata(user.user_metadata, user_metadata)
    app_metadata = dict_field(req, "app_metadata")
    if app_metadata is not None:
        merge_metadata(user.app_metadata, app_metadata)
    ban = body.get("ban_duration")
    if isinstance(ban, str) and ban:
        if ban == "none":
            user.banned_until = None
        else:
            # as GoTrue: the sessions stay; their refresh answers user_banned
            user.banned_until = now + parse_duration(ban)
    user.updated_at = now


def create_user(app: App, req: Request) -> Response:
    require_admin(app.store, req)
    body = req.json()
    if not body.get("email") and not body.get("phone"):
        raise validation("Cannot create a user without either an email or phone")
    store = app.store
    with store.lock:
        user = store.new_user()
        try:
            _apply_attributes(app, user, body, req)
        except Exception:
            del store.users[user.id]
            raise
        return ok(user.to_json())


def get_user(app: App, req: Request, user_id: str) -> Response:
    require_admin(app.store, req)
    with app.store.lock:
        return ok(_user(app.store, user_id).to_json())


def update_user(app: App, req: Request, user_id: str) -> Response:
    require_admin(app.store, req)
    with app.store.lock:
        user = _user(app.store, user_id)
        _apply_attributes(app, user, req.json(), req)
        return ok(user.to_json())


def delete_user(app: App, req: Request, user_id: str) -> Response:
    require_admin(app.store, req)
    soft = req.json().get("should_soft_delete") is True
    with app.store.lock:
        app.store.delete_user(_user(app.store, user_id), soft=soft)
    return ok({})


def list_factors(app: App, req: Request, user_id: str) -> Response:
    require_admin(app.store, req)
    with app.store.lock:
        return ok([f.to_json() for f in _user(app.store, user_id).factors])


def delete_factor(app: App, req: Request, user_id: str, factor_id: str) -> Response:
    require_admin(app.store, req)
    with app.store.lock:
        user = _user(app.store, user_id)
        factor = next((f for f in user.factors if f.id == factor_id), None)
        if factor is None:
            raise not_found("mfa_factor_not_found", "Factor not found")
        user.factors.remove(factor)
        return ok(factor.to_json())


def _invitee(app: App, email: str, data: dict[str, Any]) -> User:
    store = app.store
    user = store.user_by_email(email)
    if user is not None and user.email_confirmed_at:
        raise unprocessable("email_exists", EMAIL_EXISTS)
    if user is None:
        user = store.new_user(email=email)
        merge_metadata(user.user_metadata, data)
    user.invited_at = store.now()
    return user


def invite(app: App, req: Request) -> Response:
    require_admin(app.store, req)
    email = check_email(req.str_field("email"))
    data = dict_field(req, "data") or {}
    with app.store.lock:
        user = _invitee(app, email, data)
        app.mailer.issue(user, "invite", email, redirect_to=redirect_to(req))
        return ok(user.to_json())


LINK_TYPES = {
    "signup": "signup",
    "invite": "invite",
    "magiclink": "magiclink",
    "recovery": "recovery",
    "email_change_current": "email_change",
    "email_change_new": "email_change",
}


def generate_link(app: App, req: Request) -> Response:
    """Flat body like upstream: the User fields plus action_link, email_otp, hashed_token,
    verification_type and redirect_to. Nothing is put in the mailbox."""
    require_admin(app.store, req)
    link_type = req.str_field("type")
    if link_type not in LINK_TYPES:
        raise validation(f"Invalid email action link type requested: {link_type}")
    email = check_email(req.str_field("email"))
    data = dict_field(req, "data") or {}
    store = app.store
    with store.lock:
        user = store.user_by_email(email)
        relates_to = email
        if link_type == "signup":
            password = req.json().get("password")
            if user is not None and user.email_confirmed_at:
                raise unprocessable("email_exists", EMAIL_EXISTS)
            if user is None:
                if not isinstance(password, str) or not password:
                    raise validation("Signup requires a valid password")
                require_strong(app.config, password)
                user = store.new_user(email=email)
                user.password_hash = hash_password(password)
                merge_metadata(user.user_metadata, data)
            user.confirmation_sent_at = store.now()
        elif link_type == "invite":
            user = _invitee(app, email, data)
        elif user is None:
            raise not_found("user_not_found", "User with this email not found")
        elif link_type.startswith("email_change"):
            new_email = check_email(req.str_field("new_email"))
            if store.user_by_email(new_email) is not None:
                raise unprocessable("email_exists", EMAIL_EXISTS)
            user.new_email = new_email
            user.email_change_sent_at = store.now()
            relates_to = new_email if link_type == "email_change_new" else email
        kind = LINK_TYPES[link_type]
        target = redirect_to(req) or app.config.site_url
        ott, message = app.mailer.issue(user, kind, relates_to, redirect_to=target, deliver=False)
        body = user.to_json()
        body.update(
            action_link=message.link,
            email_otp=ott.token,
            hashed_token=ott.token_hash,
            verification_type=kind,
            redirect_to=target,
        )
        return ok(body)
