"""The real GoTrue (supabase/auth, built by ``make setup`` or given by ``$KINBASE_GOTRUE_BIN``).

:class:`GoTrueServer` runs the binary on a free loopback port against its own database in the
private PostgreSQL cluster (roles and ``auth`` schema as upstream's ``hack/init_postgres.sql``
makes them; GoTrue migrates itself at start). Its mail goes to an :class:`SmtpSink` in the
test process; phone OTPs use GoTrue's test-OTP setting (:data:`TEST_PHONES`).

It offers the same Python API as :class:`tests.servers.auth.AuthServer` (the double), so the
``auth`` fixture runs every auth test on either:

- ``reset()``: truncate the auth tables, empty the mailbox, back to the default settings;
- ``configure({...})``: the double's setting names mapped to GoTrue's environment; GoTrue
  reads its settings only at start, so a change restarts it on the same port (~0.3 s);
- ``mailbox(email=, phone=)``: the mails (type, token, token_hash, url, ...) as the double
  gives them; ``stats()``: successful refreshes from the audit log; ``expire_session()``.

What a real server cannot do is refused with :class:`NotSupportedByRealServer` (moving the
server's clock): tests that need it say so and are skipped on the real server.
"""

from __future__ import annotations

import contextlib
import html
import itertools
import json
import os
import re
import shutil
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from tests.faultproxy.proxy import FaultProxy
from tests.faultproxy.rules import Fault, Rule, RuleHandle

from .ports import LOOPBACK, free_port
from .postgres import PostgresCluster
from .process import ManagedProcess, http_ok
from .smtp import SmtpSink

REPO_ROOT = Path(__file__).resolve().parents[2]
BUILT_BINARY = REPO_ROOT / ".tools" / "bin" / "gotrue"
START_TIMEOUT = 30.0
JWT_SECRET = "kinbase-test-jwt-secret-with-at-least-32-characters"
ADMIN_ROLES = ("service_role", "supabase_admin")
#: Phones whose SMS OTP is fixed by GOTRUE_SMS_TEST_OTP (the real server sends no SMS to them).
TEST_PHONES = {
    "15550100100": "100100",
    "15550100123": "100123",
    "15550100999": "100999",
    "15550100777": "100777",
}
_NUMBERS = itertools.count(1)
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))
# Mail subjects carry the machine-readable part (Subject is a template with the same data).
_SUBJECT = "kinbase {kind} token={{{{ .Token }}}} hash={{{{ .TokenHash }}}}"
_SUBJECT_RE = re.compile(r"^kinbase (\w+) token=(\S*) hash=(\S*)")
_HREF = re.compile(r'href="([^"]+)"')
_TEMPLATES = {  # GoTrue template -> (env suffix, the mail type the double reports)
    "confirmation": ("CONFIRMATION", "signup"),
    "invite": ("INVITE", "invite"),
    "recovery": ("RECOVERY", "recovery"),
    "magic_link": ("MAGIC_LINK", "magiclink"),
    "email_change": ("EMAIL_CHANGE", "email_change"),
    "reauthentication": ("REAUTHENTICATION", "reauthentication"),
}
_UNLIMITED = "1000000"


def gotrue_binary() -> Path | None:
    """``$KINBASE_GOTRUE_BIN`` or ``.tools/bin/gotrue`` when it is an executable, else None."""
    configured = os.environ.get("KINBASE_GOTRUE_BIN")
    candidate = Path(configured) if configured else BUILT_BINARY
    return candidate if candidate.is_file() and os.access(candidate, os.X_OK) else None


class NotSupportedByRealServer(RuntimeError):
    """The test asked the harness for something only the GoTrue double can do."""


def _flag(value: object) -> str:
    return "true" if value else "false"


def _seconds(value: object) -> str:
    return f"{float(value)}s"  # type: ignore[arg-type]


#: The double's setting names (tests/authserver/config.py) -> GoTrue environment.
SETTINGS: dict[str, Any] = {
    "access_token_lifetime": lambda v: {"GOTRUE_JWT_EXP": str(int(v))},
    "refresh_reuse_interval": lambda v: {
        "GOTRUE_SECURITY_REFRESH_TOKEN_REUSE_INTERVAL": str(int(v))
    },
    "refresh_token_rotation": lambda v: {
        "GOTRUE_SECURITY_REFRESH_TOKEN_ROTATION_ENABLED": _flag(v)
    },
    "autoconfirm": lambda v: {
        "GOTRUE_MAILER_AUTOCONFIRM": _flag(v),
        "GOTRUE_SMS_AUTOCONFIRM": _flag(v),
    },
    "disable_signup": lambda v: {"GOTRUE_DISABLE_SIGNUP": _flag(v)},
    "anonymous_enabled": lambda v: {"GOTRUE_EXTERNAL_ANONYMOUS_USERS_ENABLED": _flag(v)},
    "password_min_length": lambda v: {"GOTRUE_PASSWORD_MIN_LENGTH": str(int(v))},
    "secure_password_change": lambda v: {
        "GOTRUE_SECURITY_UPDATE_PASSWORD_REQUIRE_REAUTHENTICATION": _flag(v)
    },
    "secure_email_change": lambda v: {"GOTRUE_MAILER_SECURE_EMAIL_CHANGE_ENABLED": _flag(v)},
    "otp_expiry": lambda v: {"GOTRUE_MAILER_OTP_EXP": str(int(v))},
    "flow_state_expiry": lambda v: {"GOTRUE_EXTERNAL_FLOW_STATE_EXPIRY_DURATION": _seconds(v)},
    "mfa_challenge_expiry": lambda v: {"GOTRUE_MFA_CHALLENGE_EXPIRY_DURATION": str(float(v))},
    # the double limits /token per window; GoTrue limits refreshes and verifications per IP
    "rate_limit_token_requests": lambda v: {
        "GOTRUE_RATE_LIMIT_TOKEN_REFRESH": str(v) if v else _UNLIMITED
    },
    # GoTrue's real per-user mail frequency (60 s upstream; 1 ms here unless a test asks)
    "email_max_frequency": lambda v: {"GOTRUE_SMTP_MAX_FREQUENCY": _seconds(v)},
    "rate_limit_email_sent": lambda v: {"GOTRUE_RATE_LIMIT_EMAIL_SENT": str(v)},
    "site_url": lambda v: {"GOTRUE_SITE_URL": str(v)},
    # a JSON list of private JWKs (a str or the list), as the double's setting
    "signing_keys": lambda v: (
        {"GOTRUE_JWT_KEYS": v if isinstance(v, str) else json.dumps(v)} if v else {}
    ),
    # The double holds a refresh answer back to widen race windows; here the front proxy
    # holds every POST /token answer back that long (it matches paths, not queries).
    "refresh_delay": lambda v: {},  # done by the front proxy (see GoTrueServer)
    "refresh_conflict_timeout": lambda v: {},
    "verbose": lambda v: {"GOTRUE_LOG_LEVEL": "debug" if v else "warn"},
}


class GoTrueServer:
    """Real GoTrue. ``url`` is the API root, the JWT issuer and Kinto's openid ``issuer``.

    ``signing``: ``"HS256"`` (the shared ``JWT_SECRET``) or ``"ES256"``/``"RS256"``
    (an asymmetric key with a ``kid``, published at ``/.well-known/jwks.json``).
    ``settings``: initial values for :data:`SETTINGS` (kept across :meth:`reset`).
    """

    kind = "gotrue"
    jwt_secret = JWT_SECRET

    def __init__(
        self,
        cluster: PostgresCluster,
        *,
        binary: Path | None = None,
        signing: str = "HS256",
        settings: dict[str, object] | None = None,
        access_token_lifetime: int | None = None,
        refresh_reuse_interval: int | None = None,
    ) -> None:
        found = binary or gotrue_binary()
        if found is None:
            raise FileNotFoundError("no GoTrue binary: run make setup or set KINBASE_GOTRUE_BIN")
        self.binary = found
        self.cluster = cluster
        self.signing = signing.upper()
        if self.signing not in ("HS256", "ES256", "RS256"):
            raise ValueError(f"signing must be HS256, ES256 or RS256, not {signing!r}")
        self._base_settings = dict(settings or {})
        for name, value in (
            ("access_token_lifetime", access_token_lifetime),
            ("refresh_reuse_interval", refresh_reuse_interval),
        ):
            if value is not None:
                self._base_settings[name] = value
        unknown = sorted(set(self._base_settings) - set(SETTINGS))
        if unknown:
            raise ValueError(f"unknown GoTrue test settings: {', '.join(unknown)}")
        self._overrides: dict[str, object] = {}
        self.port = free_port()  # GoTrue's own; clients use the front proxy's (``url``)
        self._front = FaultProxy(f"http://{LOOPBACK}:{self.port}")
        self._delay: RuleHandle | None = None
        self.dbname = f"gotrue_{os.getpid()}_{next(_NUMBERS)}"
        self._dir = Path(tempfile.mkdtemp(prefix="kinbase-gotrue-"))
        self.smtp = SmtpSink()
        self.signing_key: dict[str, Any] | None = None
        self._process = ManagedProcess(
            "gotrue", [str(self.binary)], log_path=self._dir / "gotrue.log", cwd=self._dir
        )
        self._database_ready = False
        self._tables: list[str] = []

    def __repr__(self) -> str:
        return f"<GoTrueServer {self.url} running={self.running}>"

    @property
    def url(self) -> str:
        """The front proxy (it counts requests per route for :meth:`stats`)."""
        if not self._front.running:
            raise RuntimeError("GoTrue is not started")
        return self._front.url

    @property
    def direct_url(self) -> str:
        """GoTrue itself, without the counting front proxy."""
        return f"http://{LOOPBACK}:{self.port}"

    @property
    def running(self) -> bool:
        return self._process.running

    @property
    def log_path(self) -> Path:
        return self._process.log_path

    # -- lifecycle ----------------------------------------------------------------------

    def start(self) -> None:
        if not self._database_ready:
            self._create_database()
            if self.smtp._server is None:
                self.smtp.start()
            if self.signing != "HS256":
                self.signing_key = _signing_key(self.signing)
            self._front.start()
        self._process.env = self.environment()
        self._process.start()
        health = f"{self.direct_url}/health"
        self._process.wait_until(lambda: http_ok(health), what=health, timeout=START_TIMEOUT)
        self._apply_delay()
        if not self._tables:
            self._tables = self._auth_tables()

    def stop(self) -> None:
        self._process.stop()

    def restart(self) -> None:
        """Stop and start again on the same port (the database and mailbox are kept)."""
        self.stop()
        self.start()

    def close(self) -> None:
        self.stop()
        self._front.stop()
        self.smtp.close()
        shutil.rmtree(self._dir, ignore_errors=True)

    # -- the test API shared with the double ----------------------------------------------

    def reset(self) -> None:
        """No users, sessions, factors, mails or audit entries; default settings."""
        if self._overrides:
            self._overrides = {}
            self.restart()
        elif not self.running:
            self.start()
        self.cluster.psql(
            f"TRUNCATE {', '.join(self._tables)} RESTART IDENTITY CASCADE", self.dbname
        )
        self.smtp.clear()
        self._front.reset_stats()

    def configure(self, values: dict[str, object]) -> None:
        """Apply the double's setting names (see :data:`SETTINGS`); restarts GoTrue."""
        unknown = sorted(set(values) - set(SETTINGS))
        if unknown:
            raise ValueError(f"unknown GoTrue test settings: {', '.join(unknown)}")
        changed = {k: v for k, v in values.items() if self._setting(k) != v}
        self._overrides.update(values)
        if any(SETTINGS[name](value) for name, value in changed.items()):
            self.restart()
        else:
            self._apply_delay()

    def config(self) -> dict[str, object]:
        return {**self._base_settings, **self._overrides}

    def advance_clock(self, seconds: float) -> None:
        """Refused: the real GoTrue reads the system clock."""
        raise NotSupportedByRealServer(
            "the real GoTrue reads the system clock: it cannot be moved forward"
        )

    def mailbox(self, email: str | None = None, phone: str | None = None) -> list[dict[str, Any]]:
        """The mails to ``email`` (or the test OTP of ``phone``), oldest first, as dicts
        ``{type, to, token, token_hash, url, redirect_to, subject, body}``; ``code`` (PKCE)
        is read by following ``url`` the first time it is asked for."""
        if phone is not None:
            digits = re.sub(r"\D", "", phone)
            otp = TEST_PHONES.get(digits)
            if otp is None:
                raise ValueError(f"{phone} is not one of the test-OTP phones {list(TEST_PHONES)}")
            return [Message({"type": "sms", "to": digits, "token": otp})]
        return [self._message(mail) for mail in self.smtp.messages(email)]

    def stats(self) -> dict[str, int]:
        """Requests per ``"METHOD /path[?grant_type=...]"`` since the last reset, as the
        double counts them (the front proxy counts them before forwarding)."""
        return self._front.route_counts()

    def refreshes_done(self) -> int:
        """Refreshes GoTrue granted (it audits each one), whatever reached it."""
        count = self.sql(
            "SELECT count(*) FROM auth.audit_log_entries "
            "WHERE payload->>'action' = 'token_refreshed'"
        )
        return int(count or 0)

    def reset_stats(self) -> None:
        self._front.reset_stats()

    def expire_session(self, **which: str) -> None:
        """End sessions now: ``session_id=`` or ``user_id=`` (all of that user's)."""
        column, value = next(iter(which.items()))
        if column not in ("session_id", "user_id"):
            raise ValueError("session_id or user_id required")
        field = "id" if column == "session_id" else "user_id"
        self.cluster.psql(
            f"UPDATE auth.sessions SET not_after = now() - interval '1 second' "
            f"WHERE {field} = '{uuid_text(value)}'",
            self.dbname,
        )

    def sql(self, statement: str) -> str:
        """Run SQL in GoTrue's database (tests inspect or age rows with it)."""
        return self.cluster.psql(statement, self.dbname)

    # -- internals ------------------------------------------------------------------------

    def _apply_delay(self) -> None:
        if self._delay is not None:
            self._front.remove(self._delay)
            self._delay = None
        delay = float(self._setting("refresh_delay") or 0)  # type: ignore[arg-type]
        if delay > 0:
            rule = Rule(Fault.DELAY_RESPONSE, method="POST", path=r"^/token$", delay=delay)
            self._delay = self._front.add(rule)

    def _setting(self, name: str) -> object:
        return self._overrides.get(name, self._base_settings.get(name))

    def _message(self, mail: Any) -> Message:
        match = _SUBJECT_RE.match(mail.subject)
        kind, token, token_hash = match.groups() if match else ("unknown", "", "")
        links = [html.unescape(link) for link in _HREF.findall(mail.body)]
        url = links[0] if links else None
        query = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(url).query)) if url else {}
        return Message(
            {
                "type": kind,
                "to": mail.recipients[0] if mail.recipients else None,
                "token": token if token and token != "<no value>" else None,
                "token_hash": token_hash if token_hash and token_hash != "<no value>" else None,
                "url": url,
                "redirect_to": query.get("redirect_to"),
                "subject": mail.subject,
                "body": mail.body,
            }
        )

    def _create_database(self) -> None:
        cluster = self.cluster
        cluster.psql(
            "DO $$ BEGIN "
            "IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'supabase_admin') THEN "
            "CREATE USER supabase_admin LOGIN CREATEROLE CREATEDB REPLICATION BYPASSRLS; END IF; "
            "IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'supabase_auth_admin') THEN "
            "CREATE USER supabase_auth_admin NOINHERIT CREATEROLE LOGIN NOREPLICATION "
            "PASSWORD 'root'; END IF; END $$"
        )
        cluster.psql(f'CREATE DATABASE "{self.dbname}"')
        cluster.psql(
            "CREATE SCHEMA IF NOT EXISTS auth AUTHORIZATION supabase_auth_admin; "
            f'GRANT CREATE ON DATABASE "{self.dbname}" TO supabase_auth_admin; '
            f'ALTER ROLE supabase_auth_admin IN DATABASE "{self.dbname}" SET search_path = auth',
            self.dbname,
        )
        self._database_ready = True

    def _auth_tables(self) -> list[str]:
        names = self.cluster.psql(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'auth' "
            "AND tablename NOT IN ('schema_migrations', 'instances') ORDER BY tablename",
            self.dbname,
        ).split()
        return [f'auth."{name}"' for name in names]

    def environment(self) -> dict[str, str]:
        """GoTrue's whole environment for the current settings (it holds the JWT secret)."""
        cluster = self.cluster
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(self._dir),
            "GOTRUE_API_HOST": LOOPBACK,
            "PORT": str(self.port),
            "API_EXTERNAL_URL": self.url,  # links in mails and the issuer: the front proxy
            "GOTRUE_SITE_URL": "http://localhost:3000",
            "GOTRUE_URI_ALLOW_LIST": "http://localhost:3000/**,https://app/**,http://app/**",
            "GOTRUE_DB_DRIVER": "postgres",
            "DATABASE_URL": (
                f"postgres://supabase_auth_admin:root@{cluster.host}:{cluster.port}/"
                f"{self.dbname}?sslmode=disable"
            ),
            "GOTRUE_DB_MAX_POOL_SIZE": "20",
            "GOTRUE_LOG_LEVEL": "warn",
            "GOTRUE_JWT_SECRET": JWT_SECRET,
            "GOTRUE_JWT_ISSUER": self.url,
            "GOTRUE_JWT_AUD": "authenticated",
            "GOTRUE_JWT_EXP": "3600",
            "GOTRUE_JWT_ADMIN_ROLES": ",".join(ADMIN_ROLES),
            "GOTRUE_JWT_DEFAULT_GROUP_NAME": "authenticated",
            "GOTRUE_OAUTH_SERVER_ENABLED": "true",  # discovery and /oauth/userinfo for Kinto
            "GOTRUE_EXTERNAL_EMAIL_ENABLED": "true",
            "GOTRUE_EXTERNAL_ANONYMOUS_USERS_ENABLED": "true",
            "GOTRUE_MAILER_AUTOCONFIRM": "true",
            "GOTRUE_MAILER_SECURE_EMAIL_CHANGE_ENABLED": "true",
            "GOTRUE_MAILER_URLPATHS_INVITE": "/verify",
            "GOTRUE_MAILER_URLPATHS_CONFIRMATION": "/verify",
            "GOTRUE_MAILER_URLPATHS_RECOVERY": "/verify",
            "GOTRUE_MAILER_URLPATHS_EMAIL_CHANGE": "/verify",
            "GOTRUE_SMTP_HOST": LOOPBACK,
            "GOTRUE_SMTP_PORT": str(self.smtp.port),
            "GOTRUE_SMTP_ADMIN_EMAIL": "gotrue@kinbase.test",
            "GOTRUE_SMTP_SENDER_NAME": "kinbase test GoTrue",
            "GOTRUE_SMTP_MAX_FREQUENCY": "1ms",
            "GOTRUE_EXTERNAL_PHONE_ENABLED": "true",
            "GOTRUE_SMS_AUTOCONFIRM": "true",
            "GOTRUE_SMS_PROVIDER": "twilio",
            "GOTRUE_SMS_TWILIO_ACCOUNT_SID": "not-used-test-otp-only",
            "GOTRUE_SMS_TWILIO_AUTH_TOKEN": "not-used-test-otp-only",
            "GOTRUE_SMS_TWILIO_MESSAGE_SERVICE_SID": "not-used-test-otp-only",
            "GOTRUE_SMS_TEST_OTP": ",".join(f"{p}:{o}" for p, o in TEST_PHONES.items()),
            "GOTRUE_SMS_MAX_FREQUENCY": "1ms",
            "GOTRUE_MFA_TOTP_ENROLL_ENABLED": "true",
            "GOTRUE_MFA_TOTP_VERIFY_ENABLED": "true",
            "GOTRUE_SECURITY_REFRESH_TOKEN_ROTATION_ENABLED": "true",
            "GOTRUE_SECURITY_REFRESH_TOKEN_REUSE_INTERVAL": "10",
            # the limits are per client IP and every test client is 127.0.0.1: off unless
            # a test is about them (configure rate_limit_* to get the real behaviour)
            "GOTRUE_RATE_LIMIT_EMAIL_SENT": _UNLIMITED,
            "GOTRUE_RATE_LIMIT_SMS_SENT": _UNLIMITED,
            "GOTRUE_RATE_LIMIT_VERIFY": _UNLIMITED,
            "GOTRUE_RATE_LIMIT_TOKEN_REFRESH": _UNLIMITED,
            "GOTRUE_RATE_LIMIT_ANONYMOUS_USERS": _UNLIMITED,
            "GOTRUE_RATE_LIMIT_OTP": _UNLIMITED,
            "GOTRUE_MFA_RATE_LIMIT_CHALLENGE_AND_VERIFY": _UNLIMITED,
        }
        for suffix, kind in _TEMPLATES.values():
            env[f"GOTRUE_MAILER_SUBJECTS_{suffix}"] = _SUBJECT.format(kind=kind)
        if self.signing_key is not None:
            env["GOTRUE_JWT_KEYS"] = json.dumps([self.signing_key])
        for name, value in {**self._base_settings, **self._overrides}.items():
            env.update(SETTINGS[name](value))
        return env


class Message(dict[str, Any]):
    """A mail as a dict; ``message["code"]`` follows its link once to get the PKCE code."""

    def __missing__(self, key: str) -> Any:
        if key != "code":
            raise KeyError(key)
        url = self.get("url")
        if not url:
            raise KeyError("code: this mail has no link")
        code = _follow_for_code(str(url))
        self["code"] = code
        return code


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def _follow_for_code(url: str) -> str | None:
    """GET the mail's /verify link without following the redirect; read ``code``."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirect)
    try:
        with opener.open(url, timeout=10) as response:
            location = response.headers.get("Location", "")
    except urllib.error.HTTPError as error:
        location = error.headers.get("Location", "")
    parts = urllib.parse.urlsplit(location)
    found = dict(urllib.parse.parse_qsl(parts.query)) or dict(
        urllib.parse.parse_qsl(parts.fragment)
    )
    return found.get("code")


def uuid_text(value: str) -> str:
    """``value`` checked to be a UUID (it is put into SQL)."""
    import uuid

    return str(uuid.UUID(str(value)))


def _signing_key(alg: str) -> dict[str, Any]:
    """A fresh private JWK with a ``kid`` for GOTRUE_JWT_KEYS."""
    import jwt
    from cryptography.hazmat.primitives.asymmetric import ec, rsa

    if alg == "ES256":
        key: Any = ec.generate_private_key(ec.SECP256R1())
        jwk = json.loads(jwt.algorithms.ECAlgorithm.to_jwk(key))
    else:
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(key))
    jwk.update({"kid": f"kinbase-test-{alg.lower()}", "alg": alg, "use": "sig"})
    jwk["key_ops"] = ["sign", "verify"]
    return dict(jwk)


@contextlib.contextmanager
def local_auth_server(*, prefer_real: bool = True) -> Iterator[Any]:
    """The real GoTrue (with its own PostgreSQL cluster) when a binary is available and
    ``KINBASE_TEST_AUTH`` is not ``double``, else the double (``tests/authserver``);
    started, and stopped with everything it started on exit. For scripts (demo, servers,
    bench); the tests use the ``auth_server`` fixture."""
    from .auth import AuthServer

    with contextlib.ExitStack() as stack:
        server: Any
        wanted = prefer_real and os.environ.get("KINBASE_TEST_AUTH", "") != "double"
        if wanted and gotrue_binary() is not None:
            cluster = PostgresCluster()
            stack.callback(cluster.close)
            cluster.start()
            server = GoTrueServer(cluster)
        else:
            server = AuthServer()
        stack.callback(server.close)
        server.start()
        yield server
