"""The project's GoTrue-compatible auth test server (``tests.authserver``) as a subprocess.

It is started through its command line with ``--port 0`` and announces its address on
stdout (``kinbase-authserver listening on http://127.0.0.1:PORT``); we read it from the log.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
import tempfile
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from tests.authserver.config import DEFAULT_JWT_SECRET

from .ports import LOOPBACK
from .process import ManagedProcess, http_ok, http_post

REPO_ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT = 20.0
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))
_LISTENING = re.compile(r"kinbase-authserver listening on (http://\S+)")


class AuthServer:
    """``url`` is the auth root: Kinto's openid ``issuer`` and the base of every endpoint.

    The same Python test API as the real GoTrue's harness (:class:`GoTrueServer`):
    ``reset``, ``configure``, ``config``, ``mailbox``, ``stats``, ``reset_stats``,
    ``expire_session``, ``advance_clock`` (the double only).
    """

    kind = "double"
    jwt_secret = DEFAULT_JWT_SECRET

    def __init__(
        self,
        *,
        jwt_secret: str | None = None,
        access_token_lifetime: int | None = None,
        refresh_reuse_interval: int | None = None,
    ) -> None:
        self._options: list[str] = []
        for flag, value in (
            ("--jwt-secret", jwt_secret),
            ("--access-token-lifetime", access_token_lifetime),
            ("--refresh-reuse-interval", refresh_reuse_interval),
        ):
            if value is not None:
                self._options += [flag, str(value)]
        self._port = 0  # the first start lets the server pick; restarts keep that port
        self._dir = Path(tempfile.mkdtemp(prefix="kinbase-auth-"))
        self._process = ManagedProcess(
            "authserver",
            [],
            log_path=self._dir / "authserver.log",
            cwd=REPO_ROOT,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        self._url: str | None = None

    def __repr__(self) -> str:
        return f"<AuthServer {self._url or 'not started'}>"

    @property
    def url(self) -> str:
        if self._url is None:
            raise RuntimeError("the auth server is not started")
        return self._url

    @property
    def running(self) -> bool:
        return self._process.running

    def start(self) -> None:
        self._url = None
        offset = len(self._process.read_log())  # a restart must not read the old address
        self._process.argv = [
            sys.executable, "-m", "tests.authserver", "--host", LOOPBACK, "--port", str(self._port),
            *self._options,
        ]  # fmt: skip
        self._process.start()
        self._process.wait_until(
            lambda: self._find_url(offset), what="'listening on' line", timeout=START_TIMEOUT
        )
        discovery = f"{self.url}/.well-known/openid-configuration"
        self._process.wait_until(lambda: http_ok(discovery), what=discovery, timeout=5.0)

    def stop(self) -> None:
        self._process.stop()

    def restart(self) -> None:
        """Stop and start again on the same port, so issuers configured with ``url`` hold."""
        self.stop()
        self.start()

    def close(self) -> None:
        self.stop()
        shutil.rmtree(self._dir, ignore_errors=True)

    def reset(self) -> None:
        """Forget every user and session (``POST /_test/reset``)."""
        self._post("/_test/reset")

    def configure(self, values: dict[str, object]) -> None:
        """Change settings at run time (``POST /_test/config``)."""
        self._post("/_test/config", values)

    def advance_clock(self, seconds: float) -> None:
        """Move the server's clock forward (``POST /_test/clock``): tokens expire at once."""
        self._post("/_test/clock", {"advance": seconds})

    def config(self) -> dict[str, Any]:
        """The current settings (``GET /_test/config``)."""
        return dict(self._get("/_test/config"))

    def mailbox(self, email: str | None = None, phone: str | None = None) -> list[dict[str, Any]]:
        """Mails and SMS sent to ``email`` / ``phone`` (``GET /_test/mailbox``), oldest first."""
        query = urllib.parse.urlencode({k: v for k, v in (("email", email), ("phone", phone)) if v})
        return list(self._get(f"/_test/mailbox?{query}")["messages"])

    def stats(self) -> dict[str, int]:
        """Requests per ``METHOD /path[?grant_type=...]`` since the last reset."""
        return dict(self._get("/_test/stats")["requests"])

    def reset_stats(self) -> None:
        self._request("DELETE", "/_test/stats")

    def expire_session(self, **which: str) -> None:
        """End sessions now: ``session_id=`` or ``user_id=`` (all of that user's)."""
        self._post("/_test/expire_session", which)

    def _get(self, path: str) -> Any:
        return self._request("GET", path)

    def _request(self, method: str, path: str, payload: object = None) -> Any:
        data = json.dumps(payload).encode() if payload is not None else None
        request = urllib.request.Request(
            self.url + path, data=data, method=method, headers={"Content-Type": "application/json"}
        )
        with _OPENER.open(request, timeout=10) as response:
            body = response.read()
        return json.loads(body) if body else None

    def _post(self, path: str, payload: object = None) -> None:
        status = http_post(self.url + path, payload)
        if status >= 300:
            raise RuntimeError(f"POST {path} on the auth server answered {status}")

    def _find_url(self, offset: int) -> bool:
        match = _LISTENING.search(self._process.read_log(), offset)
        if match is not None:
            self._url = match.group(1).rstrip("/")
            self._port = urlsplit(self._url).port or 0
        return match is not None
