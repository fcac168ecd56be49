"""A managed subprocess: start it, wait until it is ready, stop it without leaving orphans.

Every process runs in its own process group (``start_new_session``) with its output in a log
file, so stopping signals the whole group. Three nets catch a process the tests forgot:
fixture finalizers call :meth:`ManagedProcess.stop`, an ``atexit`` hook stops whatever is
still running, and on Linux the child asks the kernel for SIGKILL when its parent dies
(``PR_SET_PDEATHSIG``), which covers a test process killed outright or ``os._exit``.
Start servers from the main thread: the parent-death signal fires when the starting
*thread* ends.
"""

from __future__ import annotations

import atexit
import contextlib
import ctypes
import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

POLL_INTERVAL = 0.05
_PR_SET_PDEATHSIG = 1
_LIVE: set[ManagedProcess] = set()
# Loopback only: never send the harness's own probes through an HTTP proxy.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


class ServerStartError(RuntimeError):
    """A server did not become ready; the message ends with the tail of its log."""


def http_ok(url: str, timeout: float = 1.0) -> bool:
    """True when ``GET url`` answers 200."""
    try:
        with _OPENER.open(url, timeout=timeout) as response:
            return bool(response.status == 200)
    except (OSError, urllib.error.URLError):
        return False


def http_post(url: str, payload: object = None, timeout: float = 10.0) -> int:
    """POST ``payload`` as JSON (an empty body when None) and return the status code."""
    data = b"" if payload is None else json.dumps(payload).encode()
    request = urllib.request.Request(url, data=data, method="POST")
    request.add_header("Content-Type", "application/json")
    try:
        with _OPENER.open(request, timeout=timeout) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return error.code


def _die_with_parent(parent_pid: int) -> Callable[[], None]:
    def preexec() -> None:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        if os.getppid() != parent_pid:  # the parent died before prctl took effect
            os._exit(1)

    return preexec


class ManagedProcess:
    """One child process whose combined stdout/stderr goes to ``log_path``."""

    def __init__(
        self,
        name: str,
        argv: Sequence[str],
        *,
        log_path: Path,
        cwd: Path | None = None,
        env: Mapping[str, str] | None = None,
        user: str | None = None,
        stop_signal: signal.Signals = signal.SIGTERM,
        stop_timeout: float = 10.0,
    ) -> None:
        self.name = name
        self.argv = list(argv)
        self.log_path = log_path
        self.cwd = cwd
        self.env = dict(env) if env is not None else None
        self.user = user
        self.stop_signal = stop_signal
        self.stop_timeout = stop_timeout
        self._proc: subprocess.Popen[bytes] | None = None

    def __repr__(self) -> str:
        return f"<ManagedProcess {self.name} pid={self.pid}>"

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc is not None else None

    @property
    def running(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    def start(self) -> None:
        if self.running:
            raise RuntimeError(f"{self.name} is already running")
        with self.log_path.open("ab") as log:
            log.write(f"--- {self.name}: {' '.join(self.argv)}\n".encode())
            log.flush()
            self._proc = subprocess.Popen(
                self.argv,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                cwd=self.cwd,
                env=self.env,
                user=self.user,
                start_new_session=True,
                preexec_fn=_die_with_parent(os.getpid()) if sys.platform == "linux" else None,
            )
        _LIVE.add(self)

    def read_log(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")
        except FileNotFoundError:
            return ""

    def log_tail(self, max_chars: int = 4000) -> str:
        return self.read_log()[-max_chars:]

    def wait_until(self, probe: Callable[[], bool], *, what: str, timeout: float) -> None:
        """Poll ``probe`` until it is true; stop the process and raise on exit or timeout."""
        deadline = time.monotonic() + timeout
        while True:
            if probe():
                return
            if not self.running:
                code = self._proc.returncode if self._proc is not None else None
                self._fail(f"{self.name} exited (code {code}) before {what}")
            if time.monotonic() > deadline:
                self._fail(f"{self.name} not ready after {timeout:.0f}s: no {what}")
            time.sleep(POLL_INTERVAL)

    def _fail(self, message: str) -> None:
        self.stop()
        raise ServerStartError(f"{message}\n--- log {self.log_path}:\n{self.log_tail()}")

    def stop(self) -> None:
        """Send ``stop_signal`` to the group, wait up to ``stop_timeout``, then SIGKILL it."""
        if self._proc is None or self not in _LIVE:
            return
        if self._proc.poll() is None:
            self._signal_group(self.stop_signal)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self._proc.wait(self.stop_timeout)
        self.kill()

    def kill(self) -> None:
        """SIGKILL the whole group at once (also reaps what a clean stop left behind)."""
        if self._proc is None or self not in _LIVE:
            return
        self._signal_group(signal.SIGKILL)
        self._proc.wait()
        _LIVE.discard(self)

    def _signal_group(self, sig: signal.Signals) -> None:
        assert self._proc is not None
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self._proc.pid, sig)


@atexit.register
def _stop_all() -> None:
    for process in list(_LIVE):
        process.stop()
