"""A private, throwaway PostgreSQL 15 cluster on a free loopback port.

The data directory and the unix socket live in one temporary directory that
:meth:`PostgresCluster.close` deletes. PostgreSQL refuses to run as root, so when the tests
run as root every server binary runs as the ``postgres`` user (what ``runuser -u postgres``
would do, without a wrapper process between us and the postmaster). ``fsync`` is off (only an
OS crash could lose data) but ``synchronous_commit`` stays on, so killing the server loses
no acknowledged commit: fault tests kill it mid-job and expect the data back after restart.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path
from types import TracebackType

from .ports import LOOPBACK, free_port
from .process import ManagedProcess

PG_BIN = Path(os.environ.get("KINBASE_PG_BIN", "/usr/lib/postgresql/15/bin"))
SUPERUSER = "postgres"
START_TIMEOUT = 30.0


class PostgresCluster:
    """``start()`` runs initdb once, then the postmaster; ``stop``/``kill``/``start`` again
    reuse the same data directory and port, so a DSN stays valid across restarts."""

    def __init__(self, *, port: int | None = None) -> None:
        self.port = port or free_port()
        self.host = LOOPBACK
        self.root = Path(tempfile.mkdtemp(prefix="kinbase-pg-"))
        self.data_dir = self.root / "data"
        # Only root may switch users; anyone else runs the cluster as themselves.
        self._user = SUPERUSER if os.geteuid() == 0 else None
        if self._user is not None:
            shutil.chown(self.root, user=self._user, group=self._user)
        self._process = ManagedProcess(
            "postgres",
            [
                str(PG_BIN / "postgres"),
                "-D", str(self.data_dir),
                "-p", str(self.port),
                "-h", self.host,
                "-k", str(self.root),
                "-c", "fsync=off",
                "-c", "full_page_writes=off",
                "-c", "max_connections=200",
            ],
            log_path=self.root / "postgres.log",
            cwd=self.root,
            user=self._user,
            stop_signal=signal.SIGINT,  # "fast" shutdown: SIGTERM would wait for clients
        )  # fmt: skip

    def __repr__(self) -> str:
        return f"<PostgresCluster {self.host}:{self.port} running={self.running}>"

    def __enter__(self) -> PostgresCluster:
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

    def dsn(self, dbname: str = SUPERUSER) -> str:
        return f"postgresql://{SUPERUSER}@{self.host}:{self.port}/{dbname}"

    def start(self) -> None:
        if not (self.data_dir / "PG_VERSION").exists():
            self._initdb()
        self._process.start()
        self._process.wait_until(self._ready, what="accepted connections", timeout=START_TIMEOUT)

    def stop(self) -> None:
        """Fast shutdown: open connections are cut, the data is kept."""
        self._process.stop()

    def kill(self) -> None:
        """SIGKILL the postmaster and its backends (a crash; ``start()`` recovers)."""
        self._process.kill()

    def restart(self) -> None:
        self.stop()
        self.start()

    def close(self) -> None:
        self._process.stop()
        shutil.rmtree(self.root, ignore_errors=True)

    def create_database(self, name: str, *, template: str | None = None) -> str:
        """Create database ``name`` (a copy of ``template`` if given) and return its DSN.

        A template must have no open connections while it is copied.
        """
        clause = f' TEMPLATE "{template}"' if template else ""
        self.psql(f'CREATE DATABASE "{name}"{clause}')
        return self.dsn(name)

    def psql(self, sql: str, dbname: str = SUPERUSER) -> str:
        """Run ``sql`` with psql and return its unaligned, tuples-only output."""
        result = subprocess.run(
            [
                str(PG_BIN / "psql"), "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1",
                "-h", self.host, "-p", str(self.port), "-U", SUPERUSER, "-d", dbname,
                "-c", sql,
            ],
            capture_output=True,
            text=True,
            check=False,
        )  # fmt: skip
        if result.returncode != 0:
            raise RuntimeError(f"psql failed ({result.returncode}): {result.stderr.strip()}")
        return result.stdout.strip()

    def _initdb(self) -> None:
        result = subprocess.run(
            [
                str(PG_BIN / "initdb"), "-D", str(self.data_dir), "-U", SUPERUSER,
                "--auth=trust", "--encoding=UTF8", "--locale=C", "--no-sync",
                "--no-instructions",
            ],
            capture_output=True,
            text=True,
            cwd=self.root,
            user=self._user,
            check=False,
        )  # fmt: skip
        if result.returncode != 0:
            raise RuntimeError(f"initdb failed ({result.returncode}):\n{result.stderr}")

    def _ready(self) -> bool:
        probe = [str(PG_BIN / "pg_isready"), "-q", "-h", self.host, "-p", str(self.port)]
        return subprocess.run(probe, check=False).returncode == 0
