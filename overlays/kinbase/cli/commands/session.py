"""``login``, ``logout``, ``whoami``: a GoTrue session kept in the session file.

``login`` signs in with email and password (``--sign-up`` creates the account first) and
keeps the session in a :class:`~kinbase.auth.FileSessionStorage` (mode 0600, locked while
refreshing); later commands authenticate to Kinto with it, refreshing the access token
when it expires and writing the new one back. The password is read from the terminal,
from the first line of stdin (``--password-stdin``) or from ``$KINBASE_PASSWORD``; never
from an option, where other users could see it in the process list.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from kinbase.cli.config import META_KEY, open_auth_client, open_storage, parse_auth
from kinbase.cli.output import EXIT_AUTH, EXIT_OK, EXIT_USAGE, CLIError

if TYPE_CHECKING:
    from kinbase.cli.main import Context

__all__ = ["register"]

AddParser = Callable[..., argparse.ArgumentParser]


def register(add: AddParser) -> None:
    login = add("login", "sign in to the auth server (GoTrue) and keep the session")
    login.add_argument("--email", help="account email [$KINBASE_EMAIL; asked if a terminal]")
    login.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the password from the first line of stdin "
        "[else $KINBASE_PASSWORD, else asked on the terminal]",
    )
    login.add_argument(
        "--sign-up", action="store_true", help="create the account first (sign up), then sign in"
    )
    login.add_argument(
        "--trust-auth-url",
        action="store_true",
        help="send the password to the auth server the Kinto server names even when it is "
        "on another host or uses plain http under an https Kinto (asked on a terminal; "
        "refused otherwise)",
    )
    login.set_defaults(handler=login_command)

    logout = add("logout", "end the session and forget it")
    logout.add_argument(
        "--scope",
        choices=("local", "global", "others"),
        default="local",
        help="local: this session (default); global: every session of the "
        "user; others: every other one (this one is kept)",
    )
    logout.set_defaults(handler=logout_command)

    whoami = add("whoami", "who the commands run as (auth user and Kinto principal)")
    whoami.set_defaults(handler=whoami_command)


# --------------------------------------------------------------------------- login


def _discover_auth_url(ctx: Context) -> str:
    """The auth server trusted by the Kinto server (its OpenID provider's issuer)."""
    from kinbase.storage import StorageClient

    settings = ctx.settings
    try:
        with StorageClient(
            settings.server, timeout=settings.timeout, retry=settings.retry_policy()
        ) as client:
            info = client.server_info()
    except Exception as exc:
        raise CLIError(
            f"no --auth-url given and the Kinto server {settings.server} could not tell "
            f"its auth server ({exc}): pass --auth-url or set KINBASE_AUTH_URL",
            EXIT_USAGE,
        ) from None
    providers = ((info.get("capabilities") or {}).get("openid") or {}).get("providers") or []
    issuers = [p.get("issuer") for p in providers if isinstance(p, dict) and p.get("issuer")]
    if len(issuers) != 1:
        found = "none" if not issuers else ", ".join(str(i) for i in issuers)
        raise CLIError(
            f"no --auth-url given and the Kinto server names {found} as OpenID providers: "
            "pass --auth-url or set KINBASE_AUTH_URL",
            EXIT_USAGE,
        )
    return str(issuers[0]).rstrip("/")


def _auth_url_concern(server: str, auth_url: str) -> str | None:
    """Why sending a password to ``auth_url``, named by the Kinto server ``server``, needs
    the user's consent (``None``: same host, no scheme downgrade)."""
    kinto, auth = urlsplit(server), urlsplit(auth_url)
    if auth.scheme not in ("http", "https") or not auth.hostname:
        raise CLIError(
            f"the Kinto server names {auth_url!r} as its auth server, which is not an "
            "http(s) URL: pass --auth-url",
            EXIT_USAGE,
        )
    if kinto.scheme == "https" and auth.scheme != "https":
        return (
            "it uses plain http (the Kinto server uses https): the password would be sent in clear"
        )
    if (kinto.hostname or "").lower() != auth.hostname.lower():
        return f"it is on another host ({auth.hostname}) than the Kinto server ({kinto.hostname})"
    return None


def _trusted_auth_url(ctx: Context) -> str:
    """The auth URL the password goes to: ``--auth-url`` as given, or the one the Kinto
    server names, shown, and, if it is on another host or downgrades to http, confirmed
    (on a terminal, or with ``--trust-auth-url``)."""
    settings = ctx.settings
    if settings.auth_url:
        return settings.auth_url
    auth_url = _discover_auth_url(ctx)
    ctx.out.info(f"Auth server (named by the Kinto server {settings.server}): {auth_url}")
    concern = _auth_url_concern(settings.server, auth_url)
    if concern is None or ctx.args.trust_auth_url:
        return auth_url
    question = f"The auth server {auth_url} is not trusted yet: {concern}."
    if _interactive(ctx):
        answer = input(f"{question} Send your password there? [y/N] ").strip().lower()
        if answer in ("y", "yes"):
            return auth_url
    raise CLIError(
        f"{question} Nothing was sent. Pass --auth-url {auth_url} (or --trust-auth-url) "
        "if you trust it",
        EXIT_AUTH,
    )


def _interactive(ctx: Context) -> bool:
    return sys.stdin.isatty() and ctx.stdin is sys.stdin


def _credentials(ctx: Context) -> tuple[str, str]:
    args, env = ctx.args, ctx.environ
    interactive = _interactive(ctx)
    email = args.email or env.get("KINBASE_EMAIL")
    if not email:
        if not interactive:
            raise CLIError("login needs --email (or $KINBASE_EMAIL)")
        email = input("Email: ").strip()
    if args.password_stdin:
        password = ctx.stdin.readline().rstrip("\r\n")
    elif env.get("KINBASE_PASSWORD"):
        password = env["KINBASE_PASSWORD"]
    elif interactive:
        password = getpass.getpass(f"Password for {email}: ")
    else:
        raise CLIError("no password: use --password-stdin, $KINBASE_PASSWORD or a terminal")
    if not password:
        raise CLIError("the password is empty")
    return email, password


def login_command(ctx: Context) -> int:
    from kinbase.auth import AuthClient, FileSessionStorage

    settings = ctx.settings
    # Where the password goes is settled (and shown) before it is asked for.
    auth_url = _trusted_auth_url(ctx)
    email, password = _credentials(ctx)
    # Nothing is written to the session file unless the sign-in succeeds.
    storage = FileSessionStorage(settings.session_file)
    with AuthClient(
        auth_url, storage=storage, timeout=settings.timeout, retry=settings.retry_policy()
    ) as auth:
        session = None
        if ctx.args.sign_up:
            session = auth.sign_up({"email": email, "password": password}).session
            if session is None:
                ctx.out.info(f"Signed up {email}; the server wants the email confirmed first")
        if session is None:
            session = auth.sign_in_with_password({"email": email, "password": password}).session
        if session is None:
            raise CLIError(f"the auth server gave no session for {email}", EXIT_AUTH)
        meta = {
            # the session is bound to these two servers (kinbase.cli.config refuses others)
            "server": settings.server,
            "auth_url": auth_url,
            "email": session.user.email or email,
            "user_id": str(session.user.id),
        }
        storage.set_item(META_KEY, json.dumps(meta))
    ctx.out.result(
        f"Signed in as {meta['email']} (user {meta['user_id']}) at {auth_url}; "
        f"session saved to {settings.session_file}"
    )
    return EXIT_OK


# --------------------------------------------------------------------------- logout


def logout_command(ctx: Context) -> int:
    from kinbase.auth import FileSessionStorage
    from kinbase.errors import InvalidSessionError

    settings = ctx.settings
    with open_auth_client(settings) as (auth, meta):
        if auth is None:
            ctx.out.result("Not signed in")
            return EXIT_OK
        try:
            session = auth.initialize()
        except InvalidSessionError:
            session = None  # refused by the server: ended already
        if session is not None:
            auth.sign_out(scope=ctx.args.scope)
        if ctx.args.scope != "others":
            FileSessionStorage(settings.session_file).remove_item(META_KEY)
    if ctx.args.scope != "others":
        _remove_if_empty(settings.session_file)
    who = meta.get("email") or "the session"
    if session is None:
        ctx.out.result(f"Not signed in (the session of {who} had ended); session file cleared")
    elif ctx.args.scope == "others":
        ctx.out.result(f"Signed out the other sessions of {who}")
    else:
        ctx.out.result(f"Signed out {who}")
    return EXIT_OK


def _remove_if_empty(path: Path) -> None:
    """Delete the session file (and its lock file) once nothing is left in it."""
    from kinbase.auth import FileSessionStorage

    storage = FileSessionStorage(path)
    with storage.lock():
        try:
            empty = not json.loads(path.read_text(encoding="utf-8") or "{}")
        except FileNotFoundError:
            empty = False
        except ValueError:
            empty = False  # not ours to delete
        if empty:
            path.unlink()
    if empty:
        storage.lock_path.unlink(missing_ok=True)


# --------------------------------------------------------------------------- whoami


def whoami_command(ctx: Context) -> int:
    from kinbase.errors import TransportError

    settings = ctx.settings
    result: dict[str, Any] = {}
    if settings.auth:
        kind = parse_auth(settings.auth)
        result["auth"] = "basic" if isinstance(kind, tuple) else kind.split(" ", 1)[0]
    else:
        with open_auth_client(settings, must_exist=True) as (auth, _meta):
            assert auth is not None
            session = auth.initialize()
            if session is None:
                raise CLIError("not signed in: run kinbase login", EXIT_AUTH)
            user = auth.get_user()
            assert user is not None
            result["email"] = user.user.email
            result["user_id"] = str(user.user.id)
            result["auth_url"] = auth.url
            result["session_expires_at"] = datetime.fromtimestamp(
                session.expires_at, UTC
            ).isoformat()
            result["session_file"] = str(settings.session_file)
    try:
        with open_storage(settings) as client:
            info = client.server_info()
        user_info = info.get("user") or {}
        result["server"] = settings.server
        result["kinto_user"] = user_info.get("id")
        result["principals"] = user_info.get("principals", [])
    except TransportError as exc:
        if settings.auth:
            raise
        ctx.out.info(f"kinbase: the Kinto server is not reachable: {exc}")
        result["server"] = settings.server
        result["kinto_user"] = None
    if settings.auth and not result.get("kinto_user"):
        raise CLIError("the Kinto server does not accept these credentials", EXIT_AUTH)
    ctx.out.json(result)
    return EXIT_OK
