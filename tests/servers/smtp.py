"""A real SMTP sink in the test process: the real GoTrue mails its links and codes here.

A minimal SMTP server (RFC 5321 without extensions: no STARTTLS, no AUTH) on a free
loopback port, one thread per connection, every read bounded by a timeout. It accepts every
message and keeps it, parsed, in memory; tests read them with :meth:`SmtpSink.messages`.
"""

from __future__ import annotations

import email
import email.policy
import socketserver
import threading
from dataclasses import dataclass, field
from email.message import EmailMessage

from .ports import LOOPBACK

IO_TIMEOUT = 10.0
MAX_MESSAGE = 1024 * 1024


@dataclass(frozen=True)
class Mail:
    """One delivered message: envelope recipients, the parsed headers and the text body."""

    recipients: tuple[str, ...]
    subject: str
    body: str
    headers: dict[str, str] = field(default_factory=dict)


class _Handler(socketserver.StreamRequestHandler):
    server: _Server

    def setup(self) -> None:
        self.request.settimeout(IO_TIMEOUT)
        super().setup()

    def _reply(self, line: str) -> None:
        self.wfile.write(line.encode() + b"\r\n")
        self.wfile.flush()

    def handle(self) -> None:
        self._reply(f"220 {LOOPBACK} kinbase-smtp-sink")
        recipients: list[str] = []
        try:
            while True:
                raw = self.rfile.readline(4096)
                if not raw:
                    return
                verb = raw.decode("ascii", "replace").strip().split(" ", 1)[0].upper()
                if verb in ("EHLO", "HELO"):
                    self._reply("250 kinbase-smtp-sink")
                elif verb == "MAIL":
                    recipients = []
                    self._reply("250 OK")
                elif verb == "RCPT":
                    address = raw.decode().split(":", 1)[1].strip().strip("<>").split(">")[0]
                    recipients.append(address.lower())
                    self._reply("250 OK")
                elif verb == "DATA":
                    self._reply("354 end with <CRLF>.<CRLF>")
                    self.server.sink.deliver(recipients, self._read_data())
                    recipients = []
                    self._reply("250 OK queued")
                elif verb in ("RSET", "NOOP"):
                    recipients = [] if verb == "RSET" else recipients
                    self._reply("250 OK")
                elif verb == "QUIT":
                    self._reply("221 bye")
                    return
                else:
                    self._reply("502 command not implemented")
        except (OSError, ValueError):
            return

    def _read_data(self) -> bytes:
        lines: list[bytes] = []
        size = 0
        while True:
            line = self.rfile.readline(MAX_MESSAGE)
            if not line or line in (b".\r\n", b".\n"):
                return b"".join(lines)
            if line.startswith(b".."):
                line = line[1:]
            size += len(line)
            if size > MAX_MESSAGE:
                raise ValueError("message too large")
            lines.append(line)


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True
    sink: SmtpSink


class SmtpSink:
    """``start()`` listens on ``(host, port)``; :meth:`messages` returns what arrived."""

    def __init__(self) -> None:
        self.host = LOOPBACK
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._mails: list[Mail] = []

    def __repr__(self) -> str:
        return f"<SmtpSink {self.host}:{self.port if self._server else '-'}>"

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("the SMTP sink is not started")
        return int(self._server.server_address[1])

    def start(self) -> None:
        server = _Server((self.host, 0), _Handler)
        server.sink = self
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True
        )
        self._thread.start()

    def close(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(5.0)
        self._server = self._thread = None

    def deliver(self, recipients: list[str], data: bytes) -> None:
        parsed = email.message_from_bytes(data, policy=email.policy.default)
        assert isinstance(parsed, EmailMessage)
        part = parsed.get_body(preferencelist=("html", "plain"))
        body = part.get_content() if part is not None else ""
        mail = Mail(
            recipients=tuple(recipients),
            subject=str(parsed.get("Subject", "")),
            body=str(body),
            headers={k: str(v) for k, v in parsed.items()},
        )
        with self._lock:
            self._mails.append(mail)

    def messages(self, recipient: str | None = None) -> list[Mail]:
        """Every mail delivered so far (to ``recipient`` only, when given), oldest first."""
        with self._lock:
            mails = list(self._mails)
        if recipient is None:
            return mails
        return [m for m in mails if recipient.lower() in m.recipients]

    def clear(self) -> None:
        with self._lock:
            self._mails.clear()
