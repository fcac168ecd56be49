"""Defaults from the environment, the session file, and the clients the commands use.

Every global option has an environment variable (the option wins):

==========================  =======================  =================================
option                      variable                 default
==========================  =======================  =================================
``--server``                ``KINBASE_SERVER``       ``http://localhost:8888/v1``
``--auth``                  ``KINBASE_AUTH``         the session of ``kinbase login``
``--auth-url``              ``KINBASE_AUTH_URL``     from the login, or the Kinto
                                                     server's OpenID provider
``--session-file``          ``KINBASE_SESSION_FILE`` ``$XDG_CONFIG_HOME/kinbase/
                                                     session.json`` (``~/.config``)
``--bucket``                ``KINBASE_BUCKET``
``--collection``            ``KINBASE_COLLECTION``
``--retry``                 ``KINBASE_RETRY``        kinbase's policy (3 retries)
``--retry-after``           ``KINBASE_RETRY_AFTER``  exponential backoff
``--timeout``               ``KINBASE_TIMEOUT``      30 seconds
``--progress``              ``KINBASE_PROGRESS``     on when stderr is a terminal
==========================  =======================  =================================
"""

from __future__ import annotations

import contextlib
import getpass
import json
import logging
import os
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from kinbase.cli.output import EXIT_AUTH, EXIT_USAGE, CLIError

if TYPE_CHECKING:
    from kinbase._http.retry import RetryPolicy
    from kinbase.auth import AuthClient
    from kinbase.storage import StorageClient

__all__ = [
    "DEFAULT_SERVER",
    "ENV",
    "META_KEY",
    "Settings",
    "default_session_file",
    "open_auth_client",
    "open_storage",
    "parse_auth",
    "setup_logging",
]

DEFAULT_SERVER: Final = "http://localhost:8888/v1"
DEFAULT_TIMEOUT: Final = 30.0

#: option destination -> environment variable giving its default
ENV: Final[Mapping[str, str]] = {
    "server": "KINBASE_SERVER",
    "auth": "KINBASE_AUTH",
    "auth_url": "KINBASE_AUTH_URL",
    "session_file": "KINBASE_SESSION_FILE",
    "bucket": "KINBASE_BUCKET",
    "collection": "KINBASE_COLLECTION",
    "retry": "KINBASE_RETRY",
    "retry_after": "KINBASE_RETRY_AFTER",
    "timeout": "KINBASE_TIMEOUT",
    "progress": "KINBASE_PROGRESS",
}
#: the session file item where ``kinbase login`` keeps what it needs besides the session
#: (the auth server URL and the email: no secret)
META_KEY: Final = "kinbase.cli"

_TRUE = frozenset({"1", "true", "yes", "on"})
_FALSE = frozenset({"0", "false", "no", "off", ""})


def default_session_file(environ: Mapping[str, str] | None = None) -> Path:
    env = os.environ if environ is None else environ
    config_home = env.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(config_home) / "kinbase" / "session.json"


def _env_bool(name: str, value: str) -> bool:
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise CLIError(f"{name} must be 1/0, true/false, yes/no or on/off, not {value!r}")


def _env_number(name: str, value: str, kind: type[int] | type[float]) -> int | float:
    try:
        number = kind(value)
    except ValueError:
        raise CLIError(f"{name} must be a number, not {value!r}") from None
    if number < 0:
        raise CLIError(f"{name} must not be negative, not {value!r}")
    return number


def _normalise_server(url: str) -> str:
    """``--server`` as the storage client reads a server URL (``http://host:8888`` means
    ``http://host:8888/v1``): the library's rule, refused as a usage error."""
    from kinbase.errors import InvalidInputError
    from kinbase.storage._options import server_root

    try:
        return server_root(url, name="--server")
    except InvalidInputError as exc:
        raise CLIError(str(exc)) from None


@dataclass
class Settings:
    """The global options once the environment filled the gaps."""

    server: str = DEFAULT_SERVER
    auth: str | None = None
    auth_url: str | None = None
    session_file: Path = Path()
    bucket: str | None = None
    collection: str | None = None
    retry: int | None = None
    retry_after: float | None = None
    ignore_batch_4xx: bool = False
    timeout: float = DEFAULT_TIMEOUT
    progress: bool | None = None
    #: set by :func:`open_storage`: which credentials the storage client got
    #: (``"auth"``: --auth, ``"session"``: the login's, ``"none"``: anonymous)
    credentials: str | None = None

    @classmethod
    def from_args(cls, args: Any, environ: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ

        def pick(name: str) -> Any:
            value = getattr(args, name, None)
            if value is None and ENV.get(name) in env:
                raw = env[ENV[name]]
                return raw if raw != "" else None
            return value

        settings = cls()
        settings.server = _normalise_server(pick("server") or DEFAULT_SERVER)
        settings.auth = pick("auth")
        auth_url = pick("auth_url")
        settings.auth_url = auth_url.rstrip("/") if auth_url else None
        session_file = pick("session_file")
        settings.session_file = (
            Path(session_file).expanduser() if session_file else default_session_file(env)
        )
        settings.bucket = pick("bucket")
        settings.collection = pick("collection")
        retry = pick("retry")
        if retry is not None:
            settings.retry = int(_env_number(ENV["retry"], str(retry), int))
        retry_after = pick("retry_after")
        if retry_after is not None:
            settings.retry_after = float(_env_number(ENV["retry_after"], str(retry_after), float))
        timeout = pick("timeout")
        if timeout is not None:
            settings.timeout = float(_env_number(ENV["timeout"], str(timeout), float))
            if settings.timeout == 0:
                raise CLIError("--timeout must be a positive number of seconds")
        settings.ignore_batch_4xx = bool(getattr(args, "ignore_batch_4xx", False))
        progress = getattr(args, "progress", None)
        if progress is None and env.get(ENV["progress"]):
            progress = _env_bool(ENV["progress"], env[ENV["progress"]])
        settings.progress = progress
        return settings

    def retry_policy(self) -> RetryPolicy | int | None:
        """``--retry N`` and ``--retry-after S`` as the clients' ``retry=`` argument."""
        if self.retry_after is None:
            return self.retry
        import attrs

        from kinbase._http.retry import RetryPolicy

        base = RetryPolicy()
        attempts = base.max_attempts if self.retry is None else self.retry + 1
        delay = self.retry_after
        return attrs.evolve(
            base,
            max_attempts=attempts,
            backoff_base=delay,
            backoff_max=max(delay, 0.0),
            jitter="none",
            max_total_seconds=max(base.max_total_seconds, delay * attempts + self.timeout),
        )

    def require_bucket(self) -> str:
        if not self.bucket:
            raise CLIError("no bucket: pass --bucket/-b or set KINBASE_BUCKET")
        return self.bucket

    def require_collection(self) -> str:
        if not self.collection:
            raise CLIError("no collection: pass --collection/-c or set KINBASE_COLLECTION")
        return self.collection


# --------------------------------------------------------------------------- credentials


def parse_auth(value: str, *, interactive: bool | None = None) -> tuple[str, str] | str:
    """``--auth``: ``"<Scheme> <token>"`` (a space before any colon, as kinto-http reads
    it) is sent as the ``Authorization`` header; ``"user:password"`` is HTTP Basic;
    ``"user"`` alone asks for the password on the terminal."""
    value = value.strip()
    colon, space = value.find(":"), value.find(" ")
    if space != -1 and (colon == -1 or space < colon):
        scheme, _, token = value.partition(" ")
        if not token.strip():
            raise CLIError("--auth: a token must follow the scheme ('Bearer <token>')")
        return f"{scheme} {token.strip()}"
    user, sep, password = value.partition(":")
    if not user:
        raise CLIError("--auth must be 'user:password', 'user' or 'Bearer <token>'")
    if sep:
        return (user, password)
    if interactive is None:
        interactive = sys.stdin.isatty()
    if not interactive:
        raise CLIError(
            f"--auth {user!r} has no password and stdin is not a terminal to ask for it: "
            "pass 'user:password' (or use KINBASE_AUTH)"
        )
    return (user, getpass.getpass(f"Password for {user}: "))


def _read_meta(storage: Any) -> dict[str, Any]:
    raw = storage.get_item(META_KEY)
    if not raw:
        return {}
    try:
        meta = json.loads(raw)
    except ValueError:
        return {}
    return meta if isinstance(meta, dict) else {}


@contextlib.contextmanager
def open_auth_client(
    settings: Settings, *, auth_url: str | None = None, must_exist: bool = False
) -> Iterator[tuple[AuthClient | None, dict[str, Any]]]:
    """The auth client over the session file, and the login metadata.

    Yields ``(None, {})`` when there is no session file (or ``must_exist`` and there is
    none: then :class:`CLIError` with exit code 3). The auth URL is ``auth_url``, else
    ``--auth-url``, else the one stored by ``kinbase login``.
    """
    from kinbase.auth import AuthClient, FileSessionStorage

    path = settings.session_file
    if not path.exists():
        if must_exist:
            raise CLIError(
                f"not signed in (no session file {str(path)!r}): run kinbase login", EXIT_AUTH
            )
        yield None, {}
        return
    storage = FileSessionStorage(path)
    meta = _read_meta(storage)
    stored = meta.get("auth_url")
    asked = auth_url or settings.auth_url
    if stored and asked and str(asked).rstrip("/") != str(stored).rstrip("/"):
        # The refresh token goes to the auth server; another one would get it (and its
        # refusal would end the session).
        raise CLIError(
            f"the session in {str(path)!r} was made with the auth server {stored}, not "
            f"{asked}: its refresh token is not sent elsewhere. Drop --auth-url "
            "(KINBASE_AUTH_URL), or run kinbase login with it",
            EXIT_AUTH,
        )
    url = stored or asked
    if not url:
        raise CLIError(
            f"the session file {str(path)!r} does not say which auth server it belongs to: "
            "pass --auth-url or run kinbase login again",
            EXIT_USAGE,
        )
    client = AuthClient(
        str(url), storage=storage, timeout=settings.timeout, retry=settings.retry_policy()
    )
    try:
        yield client, meta
    finally:
        client.close()


@contextlib.contextmanager
def open_storage(settings: Settings) -> Iterator[StorageClient]:
    """The storage client of a command: ``--auth`` if given, else the session of
    ``kinbase login`` (refreshed as needed, written back to the session file), else
    anonymous."""
    from kinbase.storage import StorageClient

    common: dict[str, Any] = {
        "bucket": settings.bucket,
        "collection": settings.collection,
        "timeout": settings.timeout,
        "retry": settings.retry_policy(),
        "ignore_batch_4xx": settings.ignore_batch_4xx,
    }
    if settings.auth:
        settings.credentials = "auth"
        with StorageClient(settings.server, auth=parse_auth(settings.auth), **common) as client:
            yield client
        return
    with open_auth_client(settings) as (auth_client, meta):
        if auth_client is not None:
            _check_session_server(settings, meta)
        session = auth_client.initialize() if auth_client is not None else None
        auth = auth_client if session is not None else None
        settings.credentials = "session" if auth is not None else "none"
        with StorageClient(settings.server, auth=auth, **common) as client:
            yield client


def _check_session_server(settings: Settings, meta: Mapping[str, Any]) -> None:
    """The login's access token goes only to the Kinto server it was made for: another
    one (or the same one over plain http) would receive it."""
    bound = meta.get("server")
    if not meta:
        return  # no login in the file (nothing to send)
    if not bound:
        raise CLIError(
            f"the session in {str(settings.session_file)!r} does not say which Kinto server "
            "it was made for (an older kinbase made it): run kinbase login again",
            EXIT_AUTH,
        )
    if str(bound) != settings.server:
        raise CLIError(
            f"the session in {str(settings.session_file)!r} was made for the Kinto server "
            f"{bound}, not {settings.server}: its token is not sent elsewhere. Use "
            f"--server {bound}, run kinbase login --server <url> for the other server, or "
            "pass --auth",
            EXIT_AUTH,
        )


# --------------------------------------------------------------------------- logging


class _OneLine(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return " ".join(super().format(record).split())


def setup_logging(verbosity: int, stream: Any) -> logging.Handler | None:
    """-v: kinbase's and httpx's INFO messages (one line per request); -D: DEBUG for
    everything. Log lines name URLs, never header values or bodies."""
    if verbosity <= 0:
        return None
    handler = logging.StreamHandler(stream)
    handler.setFormatter(_OneLine("kinbase: %(name)s: %(message)s"))
    level = logging.DEBUG if verbosity >= 2 else logging.INFO
    names = ("",) if verbosity >= 2 else ("kinbase", "httpx")
    for name in names:
        logger = logging.getLogger(name)
        logger.addHandler(handler)
        logger.setLevel(level)
    return handler


def teardown_logging(handler: logging.Handler | None) -> None:
    if handler is None:
        return
    for name in ("", "kinbase", "httpx"):
        logger = logging.getLogger(name)
        if handler in logger.handlers:
            logger.removeHandler(handler)
            logger.setLevel(logging.NOTSET if name else logging.WARNING)
