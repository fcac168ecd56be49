"""Checkpoints: what an interrupted import or export had done, so that it can resume.

A checkpoint is a small JSON file written atomically (temporary file + rename) while the
transfer runs and when it fails; it is deleted when the transfer completes. It holds no
secret (no credentials, no record contents):

- import: the input's sha256, the target (server, bucket, collection), the mode, and
  ``done``: how many records, from the start of the input, the server has confirmed
  committed. ``--resume`` checks the input and the target are the same and carries on
  from record ``done + 1``. Records whose batch got no answer are sent again: the import
  writes each record under a fixed id (``PUT``), so sending one twice leaves one record.
- export: the target, the filters, the collection's timestamp when the export began,
  ``cursor`` (the ``last_modified`` of the last record written), ``count`` and ``bytes``
  written to ``<output>.part``. ``--resume`` truncates the part file to ``bytes`` and
  asks for the records older than ``cursor`` (the export is sorted newest first); it
  refuses when the collection changed meanwhile, since records changed after the
  cursor would be missed.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
import time
from pathlib import Path
from typing import Any, Final

from kinbase.cli.output import EXIT_USAGE, CLIError

__all__ = ["SUFFIX", "Checkpoint"]

SUFFIX: Final = ".kinbase-checkpoint"
VERSION: Final = 1


class Checkpoint:
    """The checkpoint file at ``path`` (``None``: the transfer is not resumable)."""

    def __init__(self, path: Path | None, *, min_interval: float = 0.5) -> None:
        self.path = path
        self.min_interval = min_interval
        self._written_at = 0.0

    def __repr__(self) -> str:
        return f"<Checkpoint {str(self.path) if self.path else 'off'}>"

    def load(self) -> dict[str, Any] | None:
        if self.path is None or not self.path.exists():
            return None
        try:
            state = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise CLIError(f"cannot read the checkpoint {str(self.path)!r}: {exc}") from None
        if not isinstance(state, dict) or state.get("version") != VERSION:
            raise CLIError(f"{str(self.path)!r} is not a kinbase checkpoint", EXIT_USAGE)
        return state

    def due(self) -> bool:
        """Whether a throttled save would write now."""
        return self.path is not None and (time.monotonic() - self._written_at >= self.min_interval)

    def save(self, state: dict[str, Any], *, force: bool = True) -> None:
        """Write ``state`` (at most every ``min_interval`` seconds unless ``force``)."""
        if self.path is None or not (force or self.due()):
            return
        self._written_at = time.monotonic()
        payload = {**state, "version": VERSION, "updated_at": int(time.time())}
        directory = self.path.parent
        directory.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=directory, prefix=f".{self.path.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(payload, handle, indent=1, sort_keys=True)
            os.replace(temp, self.path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temp)
            raise

    def remove(self) -> None:
        if self.path is not None:
            with contextlib.suppress(FileNotFoundError):
                self.path.unlink()

    @staticmethod
    def check_matches(state: dict[str, Any], expected: dict[str, Any], path: Path) -> None:
        """Refuse to resume a checkpoint made for another input, target or mode."""
        for key, value in expected.items():
            if state.get(key) != value:
                raise CLIError(
                    f"the checkpoint {str(path)!r} was made with a different {key} "
                    f"({state.get(key)!r}, now {value!r}): use --restart to start over",
                    EXIT_USAGE,
                )
