"""Sign-up, OTP / magic link / verify / recover / resend, the user endpoints and logout."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from ..auth import claims_of, require_user, resolve
from ..errors import ApiError, bad_request, forbidden, unprocessable, validation
from ..mail import apply_verification
from ..models import User, check_password, hash_password, new_id
from ..passwords import require_strong
from ..store import check_email, check_phone, normalize_email, normalize_phone
from ..wire import Request, Response, no_content, ok
from .common import dict_field, merge_metadata, pkce_of, redirect_to

if TYPE_CHECKING:
    from ..app import App

VERSION = "v2.180.0-kinbase-test"
EMAIL_EXISTS = "A user with this email address has already been registered"
PHONE_EXISTS = "A user with this phone number has already been registered"


def settings(app: App, req: Request) -> Response:
    external = {name: False for name in ("apple", "azure", "github", "google", "keycloak")}
    external.update({"email": True, "phone": True, "anonymous_users": app.config.anonymous_enabled})
    external["test"] = True
    return ok(
        {
            "external": external,
            "disable_signup": app.config.disable_signup,
            "mailer_autoconfirm": app.config.autoconfirm,
            "phone_autoconfirm": app.config.autoconfirm,
            "sms_provider": "test",
            "saml_enabled": False,
        }
    )


def health(app: App, req: Request) -> Response:
    return ok(
        {
            "version": VERSION,
            "name": "GoTrue",
            "description": "GoTrue is a user registration and authentication API",
        }
    )


def _address(req: Request) -> tuple[str, str]:
    email_raw, phone_raw = req.str_field("email"), req.str_field("phone")
    if email_raw and phone_raw:
        raise validation("Only an email address or phone number should be provided")
    return (check_email(email_raw) if email_raw else ""), (
        check_phone(phone_raw) if phone_raw else ""
    )


def _obfuscated(user: User) -> dict[str, Any]:
    """GoTrue hides whether an address is taken when confirmation is required."""
    data = user.to_json()
    data.update(id=new_id(), identities=[], factors=[], user_metadata={}, app_metadata={})
    return data


def signup(app: App, req: Request) -> Response:
    config, store = app.config, app.store
    if config.disable_signup:
        raise unprocessable("signup_disabled", "Signups not allowed for this instance")
    data = dict_field(req, "data") or {}
    if not req.str_field("email") and not req.str_field("phone"):
        if not config.anonymous_enabled:
            raise unprocessable("anonymous_provider_disabled", "Anonymous sign-ins are disabled")
        with store.lock:
            user = store.new_user(anonymous=True)
            user.user_metadata = dict(data)
            return ok(app.sessions.sign_in(user, "anonymous"))
    email, phone = _address(req)
    password = req.json().get("password")
    if not isinstance(password, str) or not password:
        raise validation("Signup requires a valid password")
    pkce = pkce_of(req)
    if phone and pkce is not None:
        raise validation("PKCE not supported for phone signups")
    require_strong(config, password)
    with store.lock:
        existing = store.user_by_email(email) if email else store.user_by_phone(phone)
        if existing is not None:
            confirmed = existing.email_confirmed_at if email else existing.phone_confirmed_at
            if confirmed:
                if config.autoconfirm:
                    raise unprocessable("user_already_exists", "User already registered")
                return ok(_obfuscated(existing))
            user = existing
        else:
            user = store.new_user(email=email, phone=phone)
        user.password_hash = hash_password(password)
        merge_metadata(user.user_metadata, data)
        if config.autoconfirm:
            if email:
                store.confirm_email(user)
            else:
                store.confirm_phone(user)
            return ok(app.sessions.sign_in(user, "password"))
        app.mailer.issue(
            user,
            "signup" if email else "sms",
            email or phone,
            pkce=pkce,
            redirect_to=redirect_to(req),
        )
        user.confirmation_sent_at = store.now()
        return ok(user.to_json())


def _otp_user(app: App, email: str, phone: str, create: bool, data: dict[str, Any]) -> User:
    store = app.store
    user = store.user_by_email(email) if email else store.user_by_phone(phone)
    if user is None:
        if not create or app.config.disable_signup:
            raise unprocessable("otp_disabled", "Signups not allowed for otp")
        user = store.new_user(email=email, phone=phone)
        user.user_metadata = dict(data)
    return user


def otp(app: App, req: Request) -> Response:
    email, phone = _address(req)
    if not email and not phone:
        raise validation("One of email or phone must be set")
    pkce = pkce_of(req)
    if phone and pkce is not None:
        raise validation("PKCE not supported for phone sign-ins")
    create = req.json().get("create_user", True) is not False
    data = dict_field(req, "data") or {}
    with app.store.lock:
        user = _otp_user(app, email, phone, create, data)
        kind = ("magiclink" if user.email_confirmed_at else "signup") if email else "sms"
        _, message = app.mailer.issue(
            user, kind, email or phone, pkce=pkce, redirect_to=redirect_to(req)
        )
        if kind == "signup":
            user.confirmation_sent_at = app.store.now()
    return ok({"message_id": message.id})


def magiclink(app: App, req: Request) -> Response:
    email = req.str_field("email")
    if not email:
        raise validation("Magic link requires an email")
    email = check_email(email)
    pkce = pkce_of(req)
    data = dict_field(req, "data") or {}
    with app.store.lock:
        user = _otp_user(app, email, "", True, data)
        kind = "magiclink" if user.email_confirmed_at else "signup"
        app.mailer.issue(user, kind, email, pkce=pkce, redirect_to=redirect_to(req))
    return ok({})


def verify(app: App, req: Request) -> Response:
    verify_type = req.str_field("type")
    token, token_hash = req.str_field("token"), req.str_field("token_hash")
    email, phone = req.str_field("email"), req.str_field("phone")
    if not verify_type:
        raise validation("Verify requires a verification type")
    if not token and not token_hash:
        raise validation("Verify requires either a token or a token hash")
    if token and not token_hash and not (email or phone):
        raise validation("Verify requires an email or a phone number together with the token")
    if token_hash and (email or phone or req.str_field("redirect_to")):
        raise validation("Only the token_hash and type should be provided")
    address = normalize_email(email) if email else normalize_phone(phone)
    store = app.store
    with store.lock:
        ott = app.mailer.redeem(verify_type, token=token, token_hash=token_hash, address=address)
        user = store.users.get(ott.user_id)
        if user is None:
            raise forbidden("otp_expired", "Token has expired or is invalid")
        method = apply_verification(store, user, ott.kind, ott.relates_to)
        return ok(app.sessions.sign_in(user, method))


def verify_redirect(app: App, req: Request) -> Response:
    """GET /verify (the mailed link): redirect with a session fragment or a PKCE code."""
    target = req.query.get("redirect_to") or app.config.site_url
    store = app.store
    try:
        with store.lock:
            ott = app.mailer.redeem(
                req.query.get("type", ""), token_hash=req.query.get("token", "")
            )
            user = store.users.get(ott.user_id)
            if user is None:
                raise forbidden("otp_expired", "Token has expired or is invalid")
            method = apply_verification(store, user, ott.kind, ott.relates_to)
            if ott.flow_code and ott.flow_code in store.flow_states:
                sep = "&" if "?" in target else "?"
                location = f"{target}{sep}{urlencode({'code': ott.flow_code})}"
            else:
                session = app.sessions.sign_in(user, method)
                fragment = {
                    key: str(session[key])
                    for key in ("access_token", "expires_at", "expires_in", "refresh_token")
                }
                fragment.update(token_type="bearer", type=req.query.get("type", ""))
                location = f"{target}#{urlencode(fragment)}"
    except ApiError as exc:
        error = {"error": "access_denied", "error_code": exc.code, "error_description": exc.message}
        location = f"{target}#{urlencode(error)}"
    return Response(status=303, headers={"Location": location})


def recover(app: App, req: Request) -> Response:
    email = req.str_field("email")
    if not email:
        raise validation("Password recovery requires an email")
    email = check_email(email)
    pkce = pkce_of(req)
    with app.store.lock:
        user = app.store.user_by_email(email)
        if user is not None:
            app.mailer.issue(user, "recovery", email, pkce=pkce, redirect_to=redirect_to(req))
            user.recovery_sent_at = app.store.now()
    return ok({})


def resend(app: App, req: Request) -> Response:
    kind = req.str_field("type")
    if kind not in ("signup", "email_change", "sms", "phone_change"):
        raise validation("Missing one of these types: signup, email_change, sms, phone_change")
    email, phone = _address(req)
    if kind in ("signup", "email_change") and not email:
        raise validation("Type provided requires an email address")
    if kind in ("sms", "phone_change") and not phone:
        raise validation("Type provided requires a phone number")
    store = app.store
    with store.lock:
        if kind == "email_change":
            user = next((u for u in store.users.values() if email in (u.email, u.new_email)), None)
            target = user.new_email if user else ""
        elif kind == "phone_change":
            user = next((u for u in store.users.values() if phone in (u.phone, u.new_phone)), None)
            target = user.new_phone if user else ""
        else:
            user = store.user_by_email(email) if email else store.user_by_phone(phone)
            target = email or phone
        if user is None or not target:
            return ok({"message_id": None})
        _, message = app.mailer.issue(user, kind, target, redirect_to=redirect_to(req))
    return ok({"message_id": message.id})


def reauthenticate(app: App, req: Request) -> Response:
    store = app.store
    claims = claims_of(store, req)
    with store.lock:
        user = resolve(store, claims).user
        if not user.email and not user.phone:
            raise unprocessable(
                "reauthentication_not_valid", "Reauthentication requires an email or a phone number"
            )
        app.mailer.issue(user, "reauthentication", user.email or user.phone)
        user.reauthentication_sent_at = store.now()
    return ok({})


def get_user(app: App, req: Request) -> Response:
    return ok(require_user(app.store, req).user.to_json())


def _update_email(app: App, user: User, email: str) -> None:
    store = app.store
    email = check_email(email)
    if email == user.email:
        return
    if store.user_by_email(email) is not None:
        raise unprocessable("email_exists", EMAIL_EXISTS)
    if app.config.autoconfirm:
        store.set_email(user, email)
        return
    user.new_email = email
    app.mailer.issue(user, "email_change", email)
    user.email_change_sent_at = store.now()


def _update_phone(app: App, user: User, phone: str) -> None:
    store = app.store
    phone = check_phone(phone)
    if phone == user.phone:
        return
    if store.user_by_phone(phone) is not None:
        raise unprocessable("phone_exists", PHONE_EXISTS)
    if app.config.autoconfirm:
        store.set_phone(user, phone)
        return
    user.new_phone = phone
    app.mailer.issue(user, "phone_change", phone)
    user.phone_change_sent_at = store.now()


def update_user(app: App, req: Request) -> Response:
    store, config = app.store, app.config
    claims = claims_of(store, req)
    body = req.json()
    if body.get("app_metadata") is not None:
        raise forbidden("not_admin", "Updating app_metadata requires admin privileges")
    email, phone = req.str_field("email"), req.str_field("phone")
    password, nonce = body.get("password"), req.str_field("nonce")
    data = dict_field(req, "data")
    with store.lock:
        caller = resolve(store, claims)
        user = caller.user
        aal = caller.session.aal if caller.session else "aal1"
        if (email or password) and user.verified_factors() and aal != "aal2":
            raise ApiError(
                401,
                "insufficient_aal",
                "AAL2 session is required to update email or password when MFA is enabled.",
            )
        if email:
            _update_email(app, user, email)
        if phone:
            _update_phone(app, user, phone)
        if isinstance(password, str) and password:
            if user.is_anonymous and not user.email and not user.phone:
                raise unprocessable(
                    "validation_failed",
                    "Updating password of an anonymous user without an email or phone "
                    "is not allowed",
                )
            require_strong(config, password)
            if check_password(user.password_hash, password):
                raise unprocessable(
                    "same_password", "New password should be different from the old password."
                )
            if nonce:
                app.mailer.redeem_nonce(user, nonce)
            elif config.secure_password_change and _older_than_a_day(store, caller.session):
                # as GoTrue: only a session signed in more than 24 hours ago must reauthenticate
                raise bad_request(
                    "reauthentication_needed", "Password update requires reauthentication"
                )
            user.password_hash = hash_password(password)
            store.drop_sessions(user.id, keep=caller.session.id if caller.session else None)
        if data:
            merge_metadata(user.user_metadata, data)
        user.updated_at = store.now()
        return ok(user.to_json())


def logout(app: App, req: Request) -> Response:
    scope = req.query.get("scope", "") or "global"
    if scope not in ("global", "local", "others"):
        raise validation(f'Unsupported logout scope "{scope}"')
    store = app.store
    claims = claims_of(store, req)
    with store.lock:
        caller = resolve(store, claims)
        session = caller.session
        if session is None or scope == "global":
            store.drop_sessions(caller.user.id)
        elif scope == "local":
            store.drop_session(session.id)
        else:
            store.drop_sessions(caller.user.id, keep=session.id)
    return no_content()


def _older_than_a_day(store: Any, session: Any) -> bool:
    return session is None or store.now() > session.created_at + 24 * 3600
