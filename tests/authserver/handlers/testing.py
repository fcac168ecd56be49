"""Test-only endpoints under /_test/ (never part of GoTrue)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..errors import validation
from ..store import normalize_email, normalize_phone
from ..wire import Request, Response, ok

if TYPE_CHECKING:
    from ..app import App


def mailbox(app: App, req: Request) -> Response:
    email, phone = req.query.get("email", ""), req.query.get("phone", "")
    wanted = normalize_email(email) if email else normalize_phone(phone) if phone else None
    with app.store.lock:
        messages = [m.to_json() for m in app.store.mailbox if wanted is None or m.to == wanted]
    return ok({"messages": messages})


def reset(app: App, req: Request) -> Response:
    app.reset()
    return ok({})


def stats(app: App, req: Request) -> Response:
    with app.store.lock:
        counts = dict(sorted(app.store.stats.items()))
    return ok({"requests": counts, "total": sum(counts.values())})


def reset_stats(app: App, req: Request) -> Response:
    with app.store.lock:
        app.store.stats.clear()
    return ok({})


def get_config(app: App, req: Request) -> Response:
    return ok(app.config.public_dict())


def set_config(app: App, req: Request) -> Response:
    with app.store.lock:
        rejected = app.config.update(req.json())
    if rejected:
        raise validation(f"unknown or immutable config fields: {', '.join(sorted(rejected))}")
    return ok(app.config.public_dict())


def clock(app: App, req: Request) -> Response:
    """Move the server clock: {"advance": seconds} (cumulative) or {"offset": seconds}."""
    body = req.json()
    with app.store.lock:
        if "offset" in body:
            app.store.clock_offset = float(body["offset"])
        app.store.clock_offset += float(body.get("advance", 0))
        return ok({"offset": app.store.clock_offset, "now": app.store.now()})


def expire_session(app: App, req: Request) -> Response:
    """End sessions' lifetime now: {"session_id"} or {"user_id"} (all of that user's)."""
    body = req.json()
    session_id, user_id = body.get("session_id"), body.get("user_id")
    if not session_id and not user_id:
        raise validation("session_id or user_id required")
    with app.store.lock:
        now = app.store.now()
        expired = [
            s.id
            for s in app.store.sessions.values()
            if s.id == session_id or (user_id and s.user_id == user_id)
        ]
        for sid in expired:
            app.store.sessions[sid].not_after = now
    return ok({"expired": expired})
