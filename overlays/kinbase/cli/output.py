"""What the CLI writes: JSON on stdout, messages and the progress bar on stderr, one-line
errors, and the exit codes.

Exit codes (documented in docs/cli.md):

==  =====================================================================================
0   success
1   the server answered with an error not listed below (400, 5xx, a failed batch...)
2   usage: bad arguments or options, unreadable or invalid input, a checkpoint mismatch
3   authentication: not signed in, wrong credentials, session expired, 401, 403
4   not found (404): the bucket, collection or record does not exist
5   conflict: precondition failed (412, ``--if-match``), 409, an id that already exists
6   no usable answer: connection refused, timeout, retries exhausted, server backoff
130 interrupted (Ctrl-C); an interrupted import or export keeps its checkpoint
==  =====================================================================================
"""

from __future__ import annotations

import json
import sys
import time
from typing import IO, Any, Final

__all__ = [
    "EXIT_API",
    "EXIT_AUTH",
    "EXIT_CONFLICT",
    "EXIT_INTERRUPTED",
    "EXIT_NETWORK",
    "EXIT_NOT_FOUND",
    "EXIT_OK",
    "EXIT_USAGE",
    "CLIError",
    "Output",
    "Progress",
    "one_line",
    "terminal_safe",
]

EXIT_OK: Final = 0
EXIT_API: Final = 1
EXIT_USAGE: Final = 2
EXIT_AUTH: Final = 3
EXIT_NOT_FOUND: Final = 4
EXIT_CONFLICT: Final = 5
EXIT_NETWORK: Final = 6
EXIT_INTERRUPTED: Final = 130

#: Longest error line printed (the server's message is kept whole when it fits).
MAX_ERROR_LINE: Final = 2000


class CLIError(Exception):
    """An error the CLI reports itself: ``message`` (one line) and the exit ``code``."""

    def __init__(self, message: str, code: int = EXIT_USAGE) -> None:
        super().__init__(message)
        self.code = code


# Control characters a terminal acts on (C0 but tab and newline, DEL, C1: ESC starts the
# CSI/OSC sequences that move the cursor, retitle the window or write the clipboard; 0x9b
# is CSI on its own) and the bidirectional overrides that reorder what is shown.
_CONTROLS: Final = {
    code: f"\\x{code:02x}"
    for code in (*range(0x00, 0x20), *range(0x7F, 0xA0))
    if chr(code) not in "\t\n"
}
_CONTROLS.update(
    {code: f"\\u{code:04x}" for code in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))}
)
# In JSON text every C0 control is already escaped; C1, DEL and the overrides are not.
_JSON_CONTROLS: Final = {code: f"\\u{code:04x}" for code in _CONTROLS if code >= 0x7F}


def terminal_safe(text: str) -> str:
    """``text`` with the characters a terminal would act on shown as escapes (``\\x1b``):
    a server's message or record cannot drive the user's terminal."""
    return str(text).translate(_CONTROLS)


def one_line(text: str) -> str:
    """``text`` on one line (newlines and runs of spaces folded, controls shown as
    escapes), bounded in length."""
    line = terminal_safe(" ".join(str(text).split()))
    if len(line) > MAX_ERROR_LINE:
        line = line[: MAX_ERROR_LINE - 3] + "..."
    return line


class Output:
    """Where the command writes: ``stdout`` for results, ``stderr`` for everything else.

    ``verbosity``: -1 quiet (errors only), 0 normal, 1 verbose, 2 debug. ``progress``:
    ``None`` shows progress bars when stderr is a terminal (and not quiet), ``True``
    always, ``False`` never.
    """

    def __init__(
        self,
        *,
        stdout: IO[str] | None = None,
        stderr: IO[str] | None = None,
        verbosity: int = 0,
        progress: bool | None = None,
    ) -> None:
        self.stdout = stdout if stdout is not None else sys.stdout
        self.stderr = stderr if stderr is not None else sys.stderr
        self.verbosity = verbosity
        self._progress = progress

    @property
    def quiet(self) -> bool:
        return self.verbosity < 0

    @property
    def show_progress(self) -> bool:
        if self._progress is not None:
            return self._progress
        return not self.quiet and _isatty(self.stderr)

    def json(self, value: Any, *, compact: bool = False) -> None:
        """``value`` as JSON on stdout (indented unless ``compact``)."""
        if compact:
            text = json.dumps(value, default=str, separators=(",", ":"))
        else:
            text = json.dumps(value, default=str, indent=2, ensure_ascii=False)
        self.stdout.write(text.translate(_JSON_CONTROLS) + "\n")
        self.stdout.flush()

    def json_lines(self, values: Any) -> int:
        """Each item as one compact JSON line on stdout; returns how many."""
        count = 0
        for value in values:
            text = json.dumps(value, default=str, separators=(",", ":"))
            self.stdout.write(text.translate(_JSON_CONTROLS))
            self.stdout.write("\n")
            count += 1
        self.stdout.flush()
        return count

    def result(self, text: str) -> None:
        """A line of plain-text result on stdout."""
        self.stdout.write(terminal_safe(text) + "\n")
        self.stdout.flush()

    def info(self, text: str) -> None:
        """A message on stderr, unless quiet."""
        if not self.quiet:
            self.stderr.write(terminal_safe(text) + "\n")
            self.stderr.flush()

    def error(self, text: str) -> None:
        """The one error line on stderr (always printed)."""
        self.stderr.write(f"kinbase: error: {one_line(text)}\n")
        self.stderr.flush()

    def progress(self, label: str, total: int | None, *, unit: str = "records") -> Progress:
        return Progress(self.stderr if self.show_progress else None, label, total, unit=unit)


def _isatty(stream: IO[str]) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


class Progress:
    """A one-line progress bar on a stream (``None``: draws nothing), stdlib only.

    ``label [#########...........]  4,500/10,000  45%  812 records/s  ETA 7s``; redrawn with
    ``\\r`` at most ten times a second, ended with a newline by :meth:`close`.
    """

    WIDTH: Final = 28
    INTERVAL: Final = 0.1

    def __init__(
        self, stream: IO[str] | None, label: str, total: int | None, *, unit: str = "records"
    ) -> None:
        self.stream = stream
        self.label = label
        self.total = total
        self.unit = unit
        self.count = 0
        self.started = time.monotonic()
        self._drawn_at = 0.0
        self._width = 0
        self._closed = False

    def __enter__(self) -> Progress:
        self._draw(force=True)
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def advance(self, n: int = 1) -> None:
        self.count += n
        self._draw()

    def set(self, count: int) -> None:
        self.count = count
        self._draw()

    def render(self) -> str:
        elapsed = max(time.monotonic() - self.started, 1e-9)
        rate = self.count / elapsed
        parts = [self.label]
        if self.total:
            done = min(self.count / self.total, 1.0)
            filled = int(done * self.WIDTH)
            parts.append("[" + "#" * filled + "." * (self.WIDTH - filled) + "]")
            parts.append(f"{self.count:,}/{self.total:,}")
            parts.append(f"{done * 100:3.0f}%")
        else:
            parts.append(f"{self.count:,}")
        parts.append(f"{rate:,.0f} {self.unit}/s")
        if self.total and rate > 0 and self.count < self.total:
            parts.append(f"ETA {(self.total - self.count) / rate:,.0f}s")
        else:
            parts.append(f"{elapsed:,.1f}s")
        return "  ".join(parts)

    def _draw(self, *, force: bool = False) -> None:
        if self.stream is None or self._closed:
            return
        now = time.monotonic()
        if not force and now - self._drawn_at < self.INTERVAL:
            return
        self._drawn_at = now
        line = self.render()
        pad = " " * max(self._width - len(line), 0)
        self._width = len(line)
        self.stream.write("\r" + line + pad)
        self.stream.flush()

    def close(self) -> None:
        if self.stream is None or self._closed:
            return
        self._draw(force=True)
        self._closed = True
        self.stream.write("\n")
        self.stream.flush()
