"""A real Kinto 26.5 server (``.venv-kinto``) on a free loopback port, memory or PostgreSQL.

The ini is written from a template of our own (``kinto init`` costs a second and prompts
without ``--cache-backend``). Settings can be overridden per instance: a key without a dot
is a Kinto setting (``backoff=10`` is ``kinto.backoff = 10``), a dotted key is used as is
(``{"multiauth.policies": "account"}``), and ``None`` removes a default. Inherited
``KINTO_*`` environment variables are dropped so the ini is the whole configuration; pass
``env=`` to set some on purpose.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Mapping
from pathlib import Path
from types import TracebackType
from typing import Literal

from .ports import LOOPBACK, free_port
from .process import ManagedProcess, http_ok, http_post

Backend = Literal["memory", "postgresql"]
BACKENDS: tuple[Backend, ...] = ("memory", "postgresql")
REPO_ROOT = Path(__file__).resolve().parents[2]
KINTO_BIN = Path(os.environ.get("KINBASE_KINTO_BIN", REPO_ROOT / ".venv-kinto" / "bin" / "kinto"))
START_TIMEOUT = 60.0
OPENID_POLICY = "openid"  # openid user ids read "openid:<sub>"
OPENID_CLIENT_ID = "kinbase-tests"
OPENID_CLIENT_SECRET = "kinbase-tests-secret"  # a test value, not a secret

BASE_SETTINGS: dict[str, str] = {
    "kinto.includes": " ".join(
        f"kinto.plugins.{name}" for name in ("accounts", "history", "flush", "openid")
    ),
    "kinto.experimental_permissions_endpoint": "true",
    "kinto.paginate_by": "5",
    "kinto.userid_hmac_secret": "kinbase-tests-userid-hmac-secret",
    "multiauth.policies": "account",
    "multiauth.policy.account.use": "kinto.plugins.accounts.AccountsPolicy",
    "kinto.account_create_principals": "system.Everyone",
    "kinto.account_write_principals": "account:admin",
    "kinto.bucket_create_principals": "system.Authenticated",
}

_INI_TEMPLATE = """\
[server:main]
use = egg:waitress#main
host = {host}
port = %(http_port)s

[app:main]
use = egg:kinto
{settings}

[loggers]
keys = root

[handlers]
keys = console

[formatters]
keys = plain

[logger_root]
level = INFO
handlers = console

[handler_console]
class = StreamHandler
args = (sys.stderr,)
formatter = plain

[formatter_plain]
format = %%(asctime)s %%(levelname)s %%(name)s %%(message)s
"""


def openid_settings(issuer: str, verification_ttl_seconds: int = 0) -> dict[str, str]:
    """Settings that make Kinto trust ``issuer`` for Bearer tokens.

    The TTL is 0: the plugin stores each verification in Kinto's cache with this TTL and
    *refreshes* it on every request that uses the token, so with any TTL > 0 a revoked
    token that keeps being used within the TTL is never checked again. With 0 the entry
    expires at once and every request asks the issuer's userinfo endpoint.
    """
    prefix = f"multiauth.policy.{OPENID_POLICY}"
    return {
        f"{prefix}.use": "kinto.plugins.openid.OpenIDConnectPolicy",
        f"{prefix}.issuer": issuer,
        f"{prefix}.client_id": OPENID_CLIENT_ID,
        f"{prefix}.client_secret": OPENID_CLIENT_SECRET,
        f"{prefix}.userid_field": "sub",
        f"{prefix}.verification_ttl_seconds": str(verification_ttl_seconds),
    }


def attachment_settings(base_path: str | os.PathLike[str], base_url: str) -> dict[str, str]:
    """Settings enabling kinto-attachment (8.0, pinned in kinto-requirements.in) with its
    local filesystem backend: files are written under ``base_path`` and their ``location``
    is ``base_url`` + file name. The plugin does not serve files itself: something must
    serve ``base_path`` at ``base_url`` (the attachment tests use a small HTTP server).
    Only the Kinto instances that test attachments get these settings."""
    return {
        "kinto.includes": f"{BASE_SETTINGS['kinto.includes']} kinto_attachment",
        "kinto.attachment.base_path": str(base_path),
        "kinto.attachment.base_url": base_url,
    }


def backend_settings(backend: Backend, postgres_dsn: str | None) -> dict[str, str]:
    if backend == "memory":
        return {
            f"kinto.{kind}_backend": f"kinto.core.{kind}.memory"
            for kind in ("storage", "permission", "cache")
        }
    if postgres_dsn is None:
        raise ValueError("the postgresql backend needs postgres_dsn")
    settings: dict[str, str] = {}
    for kind in ("storage", "permission", "cache"):
        settings[f"kinto.{kind}_backend"] = f"kinto.core.{kind}.postgresql"
        settings[f"kinto.{kind}_url"] = postgres_dsn
    return settings


def _ini_value(value: object) -> str:
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, list | tuple):
        text = " ".join(str(item) for item in value)
    else:
        text = str(value)
    return text.replace("%", "%%").replace("\n", " ")


class KintoServer:
    """``url`` is the API root (``http://127.0.0.1:PORT/v1``); ``root_url`` has no ``/v1``."""

    def __init__(
        self,
        *,
        backend: Backend = "memory",
        postgres_dsn: str | None = None,
        auth_url: str | None = None,
        settings: Mapping[str, object] | None = None,
        env: Mapping[str, str] | None = None,
        migrate: bool = True,
    ) -> None:
        if backend not in BACKENDS:
            raise ValueError(f"unknown Kinto backend {backend!r}; expected one of {BACKENDS}")
        self.backend: Backend = backend
        self.postgres_dsn = postgres_dsn if backend == "postgresql" else None
        self.port = free_port()
        self.root_url = f"http://{LOOPBACK}:{self.port}"
        self.url = f"{self.root_url}/v1"
        merged: dict[str, object] = {**BASE_SETTINGS, **backend_settings(backend, postgres_dsn)}
        if auth_url is not None:
            merged["multiauth.policies"] = f"account {OPENID_POLICY}"
            merged.update(openid_settings(auth_url))
        for key, value in (settings or {}).items():
            merged["kinto." + key if "." not in key else key] = value
        self.settings = {key: _ini_value(v) for key, v in merged.items() if v is not None}
        self.dir = Path(tempfile.mkdtemp(prefix="kinbase-kinto-"))
        self.ini_path = self.dir / "kinto.ini"
        self.ini_path.write_text(
            _INI_TEMPLATE.format(
                host=LOOPBACK,
                settings="\n".join(f"{key} = {value}" for key, value in self.settings.items()),
            )
        )
        child_env = {k: v for k, v in os.environ.items() if not k.startswith("KINTO_")}
        # Kinto reaches the issuer with `requests`, which honours proxy variables.
        child_env["NO_PROXY"] = child_env["no_proxy"] = f"{LOOPBACK},localhost"
        # Let Kinto cache its bytecode in .venv-kinto: imports take 0.4 s instead of 1.2 s.
        child_env.pop("PYTHONDONTWRITEBYTECODE", None)
        child_env.update(env or {})
        self._env = child_env
        self._process = ManagedProcess(
            f"kinto-{backend}",
            [str(KINTO_BIN), "start", "--ini", str(self.ini_path), "--port", str(self.port)],
            log_path=self.dir / "kinto.log",
            cwd=self.dir,
            env=child_env,
        )
        self._migrated = not migrate or backend == "memory"

    def __repr__(self) -> str:
        return f"<KintoServer {self.backend} {self.url} running={self.running}>"

    def __enter__(self) -> KintoServer:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    @property
    def running(self) -> bool:
        return self._process.running

    @property
    def log_path(self) -> Path:
        return self._process.log_path

    def start(self) -> None:
        if not self._migrated:
            self.migrate()
        self._process.start()
        heartbeat = f"{self.url}/__heartbeat__"
        self._process.wait_until(lambda: http_ok(heartbeat), what=heartbeat, timeout=START_TIMEOUT)

    def stop(self) -> None:
        self._process.stop()

    def kill(self) -> None:
        self._process.kill()

    def restart(self) -> None:
        """Stop and start on the same port (memory data is lost, PostgreSQL data stays)."""
        self.stop()
        self.start()

    def close(self) -> None:
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)

    def flush(self) -> None:
        """Wipe storage, permissions and cache (``POST /v1/__flush__``, 202)."""
        status = http_post(f"{self.url}/__flush__")
        if status != 202:
            raise RuntimeError(f"POST /__flush__ answered {status}\n{self._process.log_tail()}")

    def migrate(self) -> None:
        """Create the PostgreSQL schema (``kinto migrate``); ``start()`` does it once."""
        result = subprocess.run(
            [str(KINTO_BIN), "migrate", "--ini", str(self.ini_path)],
            capture_output=True,
            text=True,
            cwd=self.dir,
            # A readonly instance still needs tables; migrate skips them in readonly mode.
            env={**self._env, "KINTO_READONLY": "false"},
            timeout=START_TIMEOUT,
            check=False,
        )
        if result.returncode != 0:
            raise RuntimeError(f"kinto migrate failed ({result.returncode}):\n{result.stderr}")
        self._migrated = True
