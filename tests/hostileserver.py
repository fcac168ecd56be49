"""A scripted HTTP/1.1 server on loopback, for misbehaviour no real server shows.

``with HostileServer(answer) as server:`` starts a threaded server on a free loopback port;
``answer(request)`` gets each :class:`Seen` request (method, path with query, headers,
body) and returns a :class:`Reply` (status, headers, body: bytes, or any JSON value).
``server.requests`` lists what arrived, in order; ``server.url`` is ``http://127.0.0.1:N``
(``https://`` with ``tls=`` a server ``SSLContext``).
Used by the issue 15 tests (tests/reliability/test_issue15.py) to play a Kinto that
advertises a foreign auth server, pages in a loop, answers with escape sequences, or
returns batch answers with odd headers.
"""

from __future__ import annotations

import json
import ssl
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any

__all__ = ["HostileServer", "Reply", "Seen"]


@dataclass
class Seen:
    """One request as the server received it."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class Reply:
    """An answer: ``body`` bytes are sent as they are, anything else as JSON."""

    status: int = 200
    body: Any = b""
    headers: list[tuple[str, str]] = field(default_factory=list)
    #: close the connection without answering (an answer lost after the request arrived)
    drop: bool = False

    def encoded(self) -> tuple[bytes, list[tuple[str, str]]]:
        headers = list(self.headers)
        if isinstance(self.body, bytes):
            return self.body, headers
        if not any(name.lower() == "content-type" for name, _ in headers):
            headers.append(("Content-Type", "application/json"))
        return json.dumps(self.body).encode(), headers


Answer = Callable[[Seen], Reply]


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    answer: Answer
    seen: list[Seen]


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass

    def _serve(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        seen = Seen(self.command, self.path, {k.lower(): v for k, v in self.headers.items()}, body)
        self.server.seen.append(seen)
        reply = self.server.answer(seen)
        if reply.drop:
            self.close_connection = True
            return
        content, headers = reply.encoded()
        self.send_response(reply.status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(content)))
        self.end_headers()
        self.wfile.write(content)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = _serve


class HostileServer:
    """A threaded HTTP server answering with ``answer``; see the module docstring."""

    def __init__(self, answer: Answer, *, tls: ssl.SSLContext | None = None) -> None:
        self._server = _Server(("127.0.0.1", 0), _Handler)
        if tls is not None:
            self._server.socket = tls.wrap_socket(self._server.socket, server_side=True)
        self._scheme = "https" if tls is not None else "http"
        self._server.answer = answer
        self._server.seen = []
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"{self._scheme}://{host!s}:{port}"

    @property
    def requests(self) -> list[Seen]:
        return self._server.seen

    def __enter__(self) -> HostileServer:
        self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)
