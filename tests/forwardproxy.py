"""A small HTTP forward proxy on loopback, for the tests that check proxies are honoured.

``with ForwardProxy() as proxy:`` listens on ``proxy.url`` (``http://127.0.0.1:N``). A
client configured with it sends absolute-form requests (``GET http://host:port/path
HTTP/1.1``); the proxy forwards each one to its origin (one upstream connection per
request, ``Connection: close``), relays the answer, and records ``(method, url)`` in
``proxy.seen``. Plain HTTP only (no CONNECT): enough to prove the requests went through it.
"""

from __future__ import annotations

import socket
import threading
import urllib.parse
from types import TracebackType

__all__ = ["ForwardProxy"]

_MAX_HEAD = 64 * 1024


def _read_head(conn: socket.socket) -> tuple[bytes, bytes] | None:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            return None
        data += chunk
        if len(data) > _MAX_HEAD:
            return None
    head, _, rest = data.partition(b"\r\n\r\n")
    return head, rest


class ForwardProxy:
    """See the module docstring."""

    def __init__(self) -> None:
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.2)
        self.seen: list[tuple[str, str]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._listener.getsockname()[1]}"

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        conn.settimeout(10)
        with conn:
            while True:
                got = _read_head(conn)
                if got is None:
                    return
                head, body = got
                request_line, *header_lines = head.decode("latin-1").split("\r\n")
                method, target, version = request_line.split(" ", 2)
                headers = [line.split(":", 1) for line in header_lines if ":" in line]
                length = next(
                    (int(v) for k, v in headers if k.strip().lower() == "content-length"), 0
                )
                while len(body) < length:
                    chunk = conn.recv(65536)
                    if not chunk:
                        return
                    body += chunk
                self.seen.append((method, target))
                url = urllib.parse.urlsplit(target)
                if url.scheme != "http" or not url.hostname:
                    conn.sendall(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")
                    return
                path = url.path + (f"?{url.query}" if url.query else "")
                kept = [
                    f"{k}:{v}"
                    for k, v in headers
                    if k.strip().lower() not in ("connection", "proxy-connection", "keep-alive")
                ]
                upstream_head = "\r\n".join(
                    [f"{method} {path or '/'} {version}", *kept, "Connection: close", "", ""]
                )
                with socket.create_connection((url.hostname, url.port or 80), timeout=10) as up:
                    up.sendall(upstream_head.encode("latin-1") + body)
                    answer = b""
                    while chunk := up.recv(65536):
                        answer += chunk
                # The upstream closed after its answer: relay it and close (no keep-alive).
                conn.sendall(answer)
                return

    def __enter__(self) -> ForwardProxy:
        self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._stop.set()
        self._listener.close()
        self._thread.join(timeout=5)
