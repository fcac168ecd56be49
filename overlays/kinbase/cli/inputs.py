"""JSON coming in: option values (literal, ``@file`` or ``-`` for stdin) and import sources.

An import source is read and checked whole before anything is sent, so a bad line can
never leave half an import behind. Formats:

- **JSON Lines** (``.jsonl``, ``.ndjson``): one record (a JSON object) per line; blank
  lines are skipped;
- **JSON** (``.json``): an array of records, or an object whose ``data`` is one (what
  ``kinbase export --format json`` and Kinto's list endpoints produce).

Each record is the record's data; ``last_modified`` is dropped (the server sets it). A
record without an ``id`` gets one derived from its position and content (a UUID 5), so
importing the same input twice, or resuming an import, never duplicates records.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Final, Literal

from kinbase.cli.output import EXIT_USAGE, CLIError

__all__ = ["ImportSource", "read_json_value", "record_id"]

Format = Literal["jsonl", "json"]
_JSONL_SUFFIXES: Final = frozenset({".jsonl", ".ndjson", ".jsonlines"})
#: namespace of the ids given to records that come without one
ID_NAMESPACE: Final = uuid.UUID("6f6b7bb4-5c4e-4a39-9a8e-6b696e626173")
#: fields of an exported record that must not be sent back
DROPPED_FIELDS: Final = ("last_modified",)


def read_json_value(value: str, what: str, stdin: IO[str]) -> Any:
    """``--data`` and friends: a JSON text, ``@path`` (a file) or ``-`` (stdin)."""
    if value == "-":
        text, source = stdin.read(), "stdin"
    elif value.startswith("@"):
        path = Path(value[1:]).expanduser()
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise CLIError(f"{what}: cannot read {str(path)!r}: {exc.strerror}") from None
        source = str(path)
    else:
        text, source = value, "the argument"
    try:
        return json.loads(text)
    except ValueError as exc:
        raise CLIError(f"{what}: {source} is not valid JSON ({exc})") from None


def record_id(index: int, record: dict[str, Any]) -> str:
    """The id of a record that came without one: the same input gives the same id."""
    canonical = json.dumps(record, sort_keys=True, separators=(",", ":"), default=str)
    return str(uuid.uuid5(ID_NAMESPACE, f"{index}:{canonical}"))


def _check_record(record: Any, where: str) -> dict[str, Any]:
    if not isinstance(record, dict):
        raise CLIError(f"{where}: a record must be a JSON object, not {type(record).__name__}")
    rid = record.get("id")
    if rid is not None and (not isinstance(rid, str) or not rid):
        raise CLIError(f"{where}: 'id' must be a non-empty string, not {rid!r}")
    return record


@dataclass
class ImportSource:
    """The records of an import, checked, with what a checkpoint needs to recognise them."""

    name: str
    format: Format
    records: list[dict[str, Any]]
    #: sha256 of the input bytes: a checkpoint is only resumed against the same input
    fingerprint: str
    path: Path | None = None
    generated_ids: int = field(default=0)

    @property
    def total(self) -> int:
        return len(self.records)

    @classmethod
    def read(cls, name: str, fmt: str, stdin: IO[str]) -> ImportSource:
        path: Path | None = None
        if name == "-":
            data = stdin.read().encode("utf-8")
            label = "<stdin>"
        else:
            path = Path(name).expanduser()
            try:
                data = path.read_bytes()
            except OSError as exc:
                raise CLIError(f"cannot read {name!r}: {exc.strerror}") from None
            label = str(path)
        chosen = _detect(fmt, path, data)
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise CLIError(f"{label} is not UTF-8 text ({exc.reason})") from None
        raw = _parse_jsonl(text, label) if chosen == "jsonl" else _parse_json(text, label)
        records: list[dict[str, Any]] = []
        generated = 0
        for index, record in enumerate(raw):
            clean = {k: v for k, v in record.items() if k not in DROPPED_FIELDS}
            if clean.get("id") is None:
                clean["id"] = record_id(index, clean)
                generated += 1
            records.append(clean)
        return cls(
            name=label,
            format=chosen,
            records=records,
            fingerprint=hashlib.sha256(data).hexdigest(),
            path=path,
            generated_ids=generated,
        )

    def iter_from(self, start: int, size: int) -> Iterator[tuple[int, list[dict[str, Any]]]]:
        """``(index of the first record, records)`` groups of ``size``, from ``start``."""
        for begin in range(start, len(self.records), size):
            yield begin, self.records[begin : begin + size]


def _detect(fmt: str, path: Path | None, data: bytes) -> Format:
    if fmt in ("jsonl", "json"):
        return "jsonl" if fmt == "jsonl" else "json"
    if fmt != "auto":
        raise CLIError(f"--format must be jsonl, json or auto, not {fmt!r}", EXIT_USAGE)
    if path is not None:
        suffix = path.suffix.lower()
        if suffix in _JSONL_SUFFIXES:
            return "jsonl"
        if suffix == ".json":
            return "json"
    head = data.lstrip()[:1]
    if head == b"[":
        return "json"
    if head == b"{":
        first_line = data.lstrip().split(b"\n", 1)[0]
        try:
            json.loads(first_line)
        except ValueError:
            return "json"  # an object over several lines: one JSON document
        return "jsonl"
    return "jsonl"


def _parse_jsonl(text: str, label: str) -> list[dict[str, Any]]:
    records = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        where = f"{label}, line {number}"
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            raise CLIError(f"{where}: not valid JSON ({exc.msg})") from None
        records.append(_check_record(value, where))
    return records


def _parse_json(text: str, label: str) -> list[dict[str, Any]]:
    try:
        value = json.loads(text)
    except ValueError as exc:
        raise CLIError(f"{label}: not valid JSON ({exc})") from None
    if isinstance(value, dict) and isinstance(value.get("data"), list):
        value = value["data"]
    if not isinstance(value, list):
        raise CLIError(f'{label}: expected a JSON array of records (or {{"data": [...]}})')
    return [_check_record(item, f"{label}, record {n}") for n, item in enumerate(value, 1)]
