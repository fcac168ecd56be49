"""How the auth result types read and write JSON: the one conversion behind their
``from_dict`` / ``to_dict`` / ``model_dump`` / ``model_dump_json`` (supabase_auth's
results are pydantic models; kinbase's are attrs classes that read the same).

A field's ``metadata["wire"]`` says how its JSON value converts: ``"datetime"`` (an
RFC 3339 string, parsed as supabase_auth parses it: an aware :class:`datetime.datetime`,
nanoseconds truncated to microseconds), ``"dict"`` (a JSON object, ``{}`` for null), a
:class:`WireModel` subclass (a nested object) or ``[cls]`` (a list of them, ``None`` kept).
Keys a class does not model are kept in ``extra`` so that ``to_dict`` gives back
everything the server sent (stored sessions lose nothing).
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Mapping
from typing import Any, ClassVar, Literal, Self

import attrs

__all__ = ["Dumpable", "WireModel", "dump", "parse_datetime"]


def parse_datetime(value: Any) -> datetime.datetime | None:
    """An RFC 3339 timestamp (``Z`` or an offset, up to nanoseconds) as an aware datetime."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        return value
    if not isinstance(value, str):
        raise ValueError(f"not a timestamp: {type(value).__name__}")
    parsed = datetime.datetime.fromisoformat(value)
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=datetime.UTC)


def _iso(value: datetime.datetime) -> str:
    text = value.isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def dump(value: Any, mode: Literal["python", "json"] = "python") -> Any:
    """Plain data of a result: attrs instances as dicts of their fields (not ``extra``),
    datetimes kept (``python``) or as RFC 3339 strings (``json``)."""
    if attrs.has(type(value)):
        return {
            field.alias or field.name: dump(getattr(value, field.name), mode)
            for field in attrs.fields(type(value))
            if not field.metadata.get("internal")
        }
    if isinstance(value, datetime.datetime):
        return _iso(value) if mode == "json" else value
    if isinstance(value, bytes) and mode == "json":
        return value.decode("latin-1")
    if isinstance(value, Mapping):
        return {key: dump(item, mode) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [dump(item, mode) for item in value]
    return value


class Dumpable:
    """pydantic's ``model_dump`` / ``model_dump_json``, for code written for supabase_auth."""

    def model_dump(
        self, *, mode: Literal["python", "json"] = "python", exclude_none: bool = False
    ) -> dict[str, Any]:
        """The fields as plain data (``mode="json"``: JSON-compatible values)."""
        data: dict[str, Any] = dump(self, mode)
        if exclude_none:
            data = {key: value for key, value in data.items() if value is not None}
        return data

    def model_dump_json(self, *, exclude_none: bool = False) -> str:
        """:meth:`model_dump` (``mode="json"``) as compact JSON, as pydantic writes it."""
        data = self.model_dump(mode="json", exclude_none=exclude_none)
        return json.dumps(data, separators=(",", ":"), ensure_ascii=False)


def _read(kind: Any, value: Any, name: str) -> Any:
    if kind == "datetime":
        return parse_datetime(value)
    if kind == "dict":
        if value is None:
            return {}
        if not isinstance(value, Mapping):
            raise ValueError(f"{name} is not an object")
        return dict(value)
    if isinstance(kind, list):
        if value is None:
            return None
        if not isinstance(value, list):
            raise ValueError(f"{name} is not a list")
        return [kind[0].from_dict(item) for item in value]
    if isinstance(kind, type) and issubclass(kind, WireModel):
        return None if value is None else kind.from_dict(value)
    return value


def _write(kind: Any, value: Any) -> Any:
    if kind == "datetime":
        return None if value is None else _iso(value)
    if isinstance(kind, list):
        return None if value is None else [item.to_dict() for item in value]
    if isinstance(value, WireModel):
        return value.to_dict()
    return value


class WireModel(Dumpable):
    """Base of the result types read from GoTrue's JSON (``from_dict``/``to_dict``)."""

    extra: dict[str, Any]
    __attrs_attrs__: ClassVar[Any]

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Self:
        """From GoTrue's JSON; raises ValueError/TypeError/KeyError when it is malformed."""
        if not isinstance(data, Mapping):
            raise TypeError(f"{cls.__name__} from {type(data).__name__}")
        values: dict[str, Any] = {}
        names = set()
        for field in attrs.fields(cls):
            if field.metadata.get("internal"):
                continue
            key = field.alias or field.name
            wire = field.metadata.get("key", key)
            names.add(wire)
            if wire in data:
                values[key] = _read(field.metadata.get("wire"), data[wire], wire)
            elif field.default is attrs.NOTHING:
                raise KeyError(f"{cls.__name__} needs {wire!r}")
        values["extra"] = {k: v for k, v in data.items() if k not in names}
        return cls(**values)

    def to_dict(self) -> dict[str, Any]:
        """GoTrue's JSON shape again (everything ``from_dict`` read, ``extra`` included)."""
        data: dict[str, Any] = dict(self.extra)
        for field in attrs.fields(type(self)):
            if field.metadata.get("internal"):
                continue
            wire = field.metadata.get("key", field.alias or field.name)
            data[wire] = _write(field.metadata.get("wire"), getattr(self, field.name))
        return data
