"""A private, throwaway redis-server (Debian's package) on a free loopback port.

No config file, no persistence (``--save ''``, no AOF): the data lives as long as the
process. ``stop()`` then ``start()`` keep the port, so a URL stays valid across restarts.
``make setup`` installs redis-server when it is missing (scripts/setup.sh).
"""

from __future__ import annotations

import shutil
import socket
import tempfile
from pathlib import Path
from types import TracebackType

from .ports import LOOPBACK, free_port
from .process import ManagedProcess

START_TIMEOUT = 20.0


def redis_server_binary() -> str | None:
    """The redis-server on PATH (or /usr/bin), or None."""
    return shutil.which("redis-server") or (
        "/usr/bin/redis-server" if Path("/usr/bin/redis-server").exists() else None
    )


class RedisServer:
    def __init__(self, *, port: int | None = None) -> None:
        binary = redis_server_binary()
        if binary is None:
            raise RuntimeError("redis-server is not installed (make setup installs it)")
        self.port = port or free_port()
        self.host = LOOPBACK
        self.root = Path(tempfile.mkdtemp(prefix="kinbase-redis-"))
        self._process = ManagedProcess(
            "redis",
            [
                binary,
                "--port", str(self.port),
                "--bind", self.host,
                "--save", "",
                "--appendonly", "no",
                "--dir", str(self.root),
                "--maxclients", "2000",
                "--protected-mode", "no",
            ],
            log_path=self.root / "redis.log",
            cwd=self.root,
        )  # fmt: skip

    def __repr__(self) -> str:
        return f"<RedisServer {self.host}:{self.port} running={self.running}>"

    def __enter__(self) -> RedisServer:
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
    def url(self) -> str:
        return f"redis://{self.host}:{self.port}/0"

    @property
    def running(self) -> bool:
        return self._process.running

    def start(self) -> None:
        self._process.start()
        self._process.wait_until(self._ready, what="PONG", timeout=START_TIMEOUT)

    def stop(self) -> None:
        self._process.stop()

    def close(self) -> None:
        self._process.stop()
        shutil.rmtree(self.root, ignore_errors=True)

    def command(self, *args: str) -> bytes:
        """Send one inline command and return the raw first reply line (bounded reads)."""
        with socket.create_connection((self.host, self.port), timeout=2.0) as sock:
            sock.sendall((" ".join(args) + "\r\n").encode())
            return sock.recv(65536)

    def _ready(self) -> bool:
        try:
            return self.command("PING").startswith(b"+PONG")
        except OSError:
            return False
