"""Header names and values checked when a client is built, before anything is sent.

h11 refuses a header value holding CR, LF or NUL only when the request is written, with an
error that quotes the whole value (a key read from a file keeps its newline, and the error
then carries the key). :func:`check_headers` refuses such headers first, with an
:class:`~kinbase.errors.InvalidInputError` naming the header, never its value.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from kinbase.errors import InvalidInputError

__all__ = ["check_header", "check_headers"]

# RFC 9110 token characters.
_NAME_RE = re.compile(r"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")
# Control characters other than horizontal tab (CR, LF, NUL among them), and DEL.
_BAD_VALUE_RE = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")


def check_header(name: object, value: object, *, what: str = "header") -> None:
    """Refuse a header that is not valid HTTP; the error names it, never shows its value."""
    if not isinstance(name, str) or not _NAME_RE.match(name):
        raise InvalidInputError(f"{what} name {name!r} is not a valid HTTP header name")
    if not isinstance(value, str):
        raise InvalidInputError(
            f"{what} {name!r} must be a string, not {type(value).__name__} (value not shown)"
        )
    if _BAD_VALUE_RE.search(value):
        raise InvalidInputError(
            f"{what} {name!r} holds a control character (CR, LF, NUL...; a value read from "
            "a file keeps its newline: strip it); value not shown"
        )
    if value != value.strip(" \t"):
        raise InvalidInputError(f"{what} {name!r} starts or ends with white space; value not shown")
    try:
        value.encode("ascii")
    except UnicodeEncodeError:
        raise InvalidInputError(
            f"{what} {name!r} holds characters other than ASCII, which httpx does not send; "
            "value not shown"
        ) from None


def check_headers(headers: Mapping[str, str] | Iterable[tuple[str, str]]) -> None:
    """:func:`check_header` for each header."""
    items = headers.items() if isinstance(headers, Mapping) else headers
    for name, value in items:
        check_header(name, value)
