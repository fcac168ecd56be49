"""Payload encoding: turn user data into values ``json.dumps`` accepts, or refuse it early.

:func:`to_jsonable` converts, recursively through dicts, lists, tuples and sets:

================================  =================================================
``datetime``, ``date``, ``time``  ``isoformat()`` (as kinto-http does; naive stays naive)
``UUID``                          ``str(uuid)``
``Decimal``                       ``str(d)`` always, so a field keeps one JSON type
                                  and no precision is lost (``Decimal("2.50")`` ->
                                  ``"2.50"``); convert to ``float`` yourself for numbers
``Enum``                          its ``value`` (converted in turn)
``tuple``, ``set``, ``frozenset``  ``list`` (sets sorted when their items allow it)
other ``Mapping``                 ``dict``
``str``/``int``/``float`` subclass  the plain value
================================  =================================================

Anything else (``bytes``, arbitrary objects), non-string keys, NaN and infinities (which
``json.dumps`` would emit as invalid JSON), strings holding a lone surrogate (not UTF-8)
and integers of more than :data:`MAX_INT_DIGITS` digits (which ``json.dumps`` refuses) raise
:class:`~kinbase.errors.InvalidInputError` naming the path (``data.price``,
``data.tags[2]``) and the type.

Hot path: plain JSON (dict/list/str/int/float/bool/None) is checked in place and returned
as is, without copying; containers are copied only where something had to change.
"""

from __future__ import annotations

import datetime
import decimal
import enum
import json
import json.encoder
import math
import uuid
from collections.abc import Mapping
from typing import Any, TypeAlias

from kinbase.errors import InvalidInputError

__all__ = [
    "MAX_DEPTH",
    "MAX_INT_DIGITS",
    "JSONValue",
    "check_text",
    "decode_json",
    "encode_json",
    "to_jsonable",
]

JSONValue: TypeAlias = bool | int | float | str | list["JSONValue"] | dict[str, "JSONValue"] | None

#: Deepest nesting accepted (also stops circular references).
MAX_DEPTH = 200

#: Longest integer accepted, in decimal digits (Python's default limit for int <-> str,
#: which ``json.dumps`` and the servers' JSON parsers apply).
MAX_INT_DIGITS = 4300
_INT_BOUND = 10**MAX_INT_DIGITS

_PLAIN = frozenset({bool, type(None)})
_isfinite = math.isfinite


class _Unsupported(Exception):
    """Internal: raised where conversion fails; containers add their key while unwinding."""

    def __init__(self, problem: str) -> None:
        super().__init__(problem)
        self.problem = problem
        self.parts: list[object] = []  # keys/indexes, innermost first


def to_jsonable(obj: object, *, path: str = "value") -> JSONValue:
    """``obj`` as plain JSON values (see the module doc); ``path`` names the root in errors.

    Returns ``obj`` itself when it is already plain JSON.
    """
    try:
        result: JSONValue = _convert(obj, 0)
    except _Unsupported as exc:
        raise InvalidInputError(f"{_render(path, exc.parts)}: {exc.problem}") from None
    except RecursionError:
        raise InvalidInputError(f"{path}: nested too deeply to encode as JSON") from None
    return result


def _render(root: str, parts: list[object]) -> str:
    out = [root]
    for part in reversed(parts):
        if isinstance(part, str) and part.isidentifier():
            out.append(f".{part}")
        else:
            out.append(f"[{part!r}]")
    return "".join(out)


def _bad_text(text: str) -> str | None:
    """What makes ``text`` unencodable as UTF-8 (a lone surrogate), or ``None``."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        return (
            f"string holds a lone surrogate ({text[exc.start]!r} at position {exc.start}), "
            "which is not valid UTF-8"
        )
    return None


def check_text(text: str, what: str) -> str:
    """``text`` if it can be sent (UTF-8 encodable), else :class:`InvalidInputError`."""
    if not text.isascii():
        problem = _bad_text(text)
        if problem is not None:
            raise InvalidInputError(f"{what}: {problem}")
    return text


def _too_big() -> _Unsupported:
    return _Unsupported(f"integer of more than {MAX_INT_DIGITS} digits cannot be sent as JSON")


def _convert(obj: Any, depth: int) -> Any:
    kind = type(obj)
    if kind is str:
        if not obj.isascii():
            problem = _bad_text(obj)
            if problem is not None:
                raise _Unsupported(problem)
        return obj
    if kind is int:
        if -_INT_BOUND < obj < _INT_BOUND:
            return obj
        raise _too_big()
    if kind in _PLAIN:
        return obj
    if kind is float:
        if _isfinite(obj):
            return obj
        raise _Unsupported(f"{obj!r} is not valid JSON (NaN and infinities are refused)")
    if kind is dict:
        if depth >= MAX_DEPTH:
            raise _Unsupported(f"nested deeper than {MAX_DEPTH} levels (circular reference?)")
        copy: dict[str, Any] | None = None
        key: Any = None
        try:
            for key, value in obj.items():
                if type(key) is not str and not isinstance(key, str):
                    raise _Unsupported(f"object keys must be strings, not {type(key).__qualname__}")
                if not key.isascii():
                    problem = _bad_text(key)
                    if problem is not None:
                        raise _Unsupported(f"key {problem}")
                vkind = type(value)
                if vkind is str:
                    if value.isascii():
                        continue
                elif vkind is int:
                    if -_INT_BOUND < value < _INT_BOUND:
                        continue
                elif vkind in _PLAIN or (vkind is float and _isfinite(value)):
                    continue
                new = _convert(value, depth + 1)
                if new is not value:
                    if copy is None:
                        copy = dict(obj)
                    copy[key] = new
        except _Unsupported as exc:
            exc.parts.append(key)
            raise
        return obj if copy is None else copy
    if kind is list:
        if depth >= MAX_DEPTH:
            raise _Unsupported(f"nested deeper than {MAX_DEPTH} levels (circular reference?)")
        items: list[Any] | None = None
        index = 0
        try:
            for index, value in enumerate(obj):
                vkind = type(value)
                if vkind is str:
                    if value.isascii():
                        continue
                elif vkind is int:
                    if -_INT_BOUND < value < _INT_BOUND:
                        continue
                elif vkind in _PLAIN or (vkind is float and _isfinite(value)):
                    continue
                new = _convert(value, depth + 1)
                if new is not value:
                    if items is None:
                        items = list(obj)
                    items[index] = new
        except _Unsupported as exc:
            exc.parts.append(index)
            raise
        return obj if items is None else items
    return _convert_other(obj, depth)


def _convert_other(obj: Any, depth: int) -> Any:
    if isinstance(obj, enum.Enum):
        return _convert(obj.value, depth)
    if isinstance(obj, datetime.date | datetime.time):  # datetime is a date
        return obj.isoformat()
    if isinstance(obj, uuid.UUID):
        return str(obj)
    if isinstance(obj, decimal.Decimal):
        if obj.is_finite():
            return str(obj)
        raise _Unsupported(f"Decimal {str(obj)!r} is not valid JSON")
    if isinstance(obj, str):
        return _convert(str.__str__(obj), depth)
    if isinstance(obj, int):
        return _convert(int(obj), depth)
    if isinstance(obj, float):
        return _convert(float(obj), depth)
    if isinstance(obj, Mapping):
        return _convert(dict(obj), depth)
    if isinstance(obj, set | frozenset):
        try:
            members = sorted(obj)
        except TypeError:
            members = list(obj)
        return _convert(members, depth)
    if isinstance(obj, list | tuple):
        return _convert(list(obj), depth)
    if isinstance(obj, bytes | bytearray | memoryview):
        raise _Unsupported(f"{type(obj).__qualname__} is not JSON: decode or base64-encode it")
    raise _Unsupported(f"cannot encode {type(obj).__module__}.{type(obj).__qualname__} as JSON")


# --------------------------------------------------------------------------- wire format
#
# One encoder and one scanner for the process, called directly: ``json.dumps`` with
# options builds a JSONEncoder (and a C encoder) per call, and ``json.loads`` of bytes runs
# four Python frames (encoding detection, decode, raw_decode) around the C scanner. Both
# sit on every request's path (docs/performance.md). Neither holds state between calls
# (the scanner clears its key memo after each one) nor runs Python code while working, so
# sharing them between threads is what the json module itself does with its defaults.


def _make_encoder() -> Any:
    make = getattr(json.encoder, "c_make_encoder", None)  # not in typeshed
    if make is not None:
        try:
            # markers=None: no circular check here; to_jsonable has walked every container
            # first and refuses nesting deeper than MAX_DEPTH (cycles included).
            return make(
                None, None, json.encoder.encode_basestring, None, ":", ",", False, False, False
            )
        except TypeError:  # pragma: no cover - a Python whose C encoder differs
            pass
    encoder = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return lambda obj, _level: (encoder.encode(obj),)  # pragma: no cover - no C encoder


_encode = _make_encoder()
_scan_once: Any = getattr(json.JSONDecoder(), "scan_once")  # noqa: B009 (not in typeshed)


def encode_json(value: Any) -> bytes:
    """``value`` (plain JSON values, as :func:`to_jsonable` returns) as compact UTF-8 JSON,
    the bytes httpx's ``json=`` sends (``ValueError`` for NaN and infinities,
    ``TypeError`` for anything that is not plain JSON)."""
    return "".join(_encode(value, 0)).encode("utf-8")


def decode_json(content: bytes) -> Any:
    """``json.loads(content)`` for a JSON body: the same value, or the same
    ``ValueError``; a body that is UTF-8 JSON text with nothing around it (what servers
    send) is parsed by the C scanner alone."""
    try:
        text = content.decode("utf-8")
        value, end = _scan_once(text, 0)
    except (UnicodeDecodeError, StopIteration):
        return json.loads(content)  # another encoding, a BOM, leading space, or an error
    if end != len(text):
        return json.loads(content)  # trailing whitespace is JSON, anything else is not
    return value
