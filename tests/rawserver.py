"""A loopback TCP server whose connections a test scripts byte by byte.

``with RawServer(script) as server:`` accepts connections on ``server.url``
(``http://127.0.0.1:N``) and runs ``script(conn)`` for each in its own thread, where
``conn`` is a :class:`Conn`: ``conn.read_request()`` reads one HTTP/1.1 request head and
body, ``conn.sock`` is the socket to write anything at any pace. ``server.log`` records
``(connection number, request line)`` for every request read. For misbehaviour that
``http.server`` cannot play: trickling answers, writing onto an idle kept-alive
connection, compressed bombs (tests/reliability/test_issue15_transport.py).
"""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Callable
from types import TracebackType

__all__ = ["Conn", "RawServer"]


class Conn:
    """One accepted connection."""

    def __init__(self, sock: socket.socket, number: int, log: list[tuple[int, str]]) -> None:
        self.sock = sock
        self.number = number
        self._log = log
        self._buffer = b""

    def read_request(self) -> str | None:
        """The request line of the next request (its head and body consumed), or ``None``
        when the client closed the connection."""
        while b"\r\n\r\n" not in self._buffer:
            try:
                chunk = self.sock.recv(65536)
            except OSError:
                return None
            if not chunk:
                return None
            self._buffer += chunk
        head, _, self._buffer = self._buffer.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        length = 0
        for line in lines[1:]:
            name, _, value = line.partition(":")
            if name.strip().lower() == "content-length":
                length = int(value)
        while len(self._buffer) < length:
            chunk = self.sock.recv(65536)
            if not chunk:
                return None
            self._buffer += chunk
        self._buffer = self._buffer[length:]
        self._log.append((self.number, lines[0]))
        return lines[0]

    def send_response(
        self, body: bytes, headers: list[tuple[str, str]] | None = None, status: str = "200 OK"
    ) -> None:
        """A whole, well-formed answer with ``Content-Length``."""
        lines = [f"HTTP/1.1 {status}", f"Content-Length: {len(body)}"]
        lines += [f"{name}: {value}" for name, value in headers or []]
        self.sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))
        self.sock.sendall(body)  # not concatenated: no copy of a large body


Script = Callable[[Conn], None]


class RawServer:
    """See the module docstring."""

    def __init__(self, script: Script) -> None:
        self._script = script
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.2)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._conns: list[socket.socket] = []
        self.log: list[tuple[int, str]] = []

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._listener.getsockname()[1]}"

    @property
    def stopping(self) -> bool:
        return self._stop.is_set()

    def _accept(self) -> None:
        number = 0
        while not self._stop.is_set():
            try:
                sock, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            number += 1
            self._conns.append(sock)
            conn = Conn(sock, number, self.log)
            threading.Thread(target=self._run, args=(conn,), daemon=True).start()

    def _run(self, conn: Conn) -> None:
        try:
            self._script(conn)
        except OSError:
            pass  # the client hung up: that is what several tests expect
        finally:
            conn.sock.close()

    def __enter__(self) -> RawServer:
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
        for sock in self._conns:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
        self._thread.join(timeout=5)
