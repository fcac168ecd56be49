"""What a server says in its response headers, parsed: ``Retry-After``, Kinto's ``Backoff``
and ``Alert``. Pure functions of header values; no kinbase import, so that both the retry
engine (:mod:`kinbase._http.retry`) and the errors (:mod:`kinbase.errors`) can use them.
"""

from __future__ import annotations

import email.utils
import json
import math
from datetime import UTC
from typing import Any, Final

import attrs

__all__ = [
    "ServerAlert",
    "alert_from_header",
    "header_values",
    "parse_backoff",
    "parse_retry_after",
    "server_signals",
]


def header_values(headers: Any, names: tuple[bytes, ...]) -> list[str | None]:
    """The values of the headers ``names`` (lower-case bytes) in httpx ``headers``, read in
    one pass over the raw headers (``None`` where absent); repeated headers are joined
    with ``", "`` as ``headers.get()`` does. Every response is read this way: each
    ``headers.get()`` is a pass of its own that decodes every header."""
    found: list[list[bytes]] = [[] for _ in names]
    hit = False
    for key, value in headers.raw:
        lowered = key.lower()
        if lowered in names:
            found[names.index(lowered)].append(value)
            hit = True
    if not hit:
        return [None] * len(names)
    encoding = headers.encoding
    return [", ".join(v.decode(encoding) for v in values) if values else None for values in found]


_SIGNALS: Final = (b"backoff", b"alert")


def server_signals(headers: Any) -> tuple[str | None, str | None]:
    """The ``Backoff`` and ``Alert`` values of httpx ``headers`` (``None`` where absent)."""
    backoff, alert = header_values(headers, _SIGNALS)
    return backoff, alert


def _parse_seconds(value: str) -> float | None:
    # float() accepts "nan", "inf" and "1_0": refuse them, and anything else non-numeric.
    if not value or value[0] not in "+-.0123456789" or "_" in value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        return None
    if not math.isfinite(seconds):
        return None
    return max(seconds, 0.0)


def parse_retry_after(value: str | None, now: float) -> float | None:
    """Seconds to wait from a ``Retry-After`` value (delay-seconds or HTTP-date).

    ``now`` is the current Unix time (for dates). Negative results become 0; anything
    unparseable (or non-finite) gives ``None``.
    """
    if value is None:
        return None
    value = value.strip()
    if not value:
        return None
    seconds = _parse_seconds(value)
    if seconds is not None:
        return seconds
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when.tzinfo is None:  # "-0000" zone: HTTP dates are always GMT
        when = when.replace(tzinfo=UTC)
    try:
        seconds = when.timestamp() - now
    except (OverflowError, OSError, ValueError):
        return None
    if not math.isfinite(seconds):
        return None
    return max(seconds, 0.0)


def parse_backoff(value: str | None) -> float | None:
    """Seconds from Kinto's ``Backoff: N`` header; negative gives 0, garbage ``None``."""
    if value is None:
        return None
    value = value.strip()
    if not value:
        return None
    return _parse_seconds(value)


@attrs.frozen
class ServerAlert:
    """Kinto's ``Alert`` response header (end-of-service notice)."""

    message: str
    code: str | None = None
    url: str | None = None


_MAX_ALERT_TEXT = 500


def _text_or_none(value: object) -> str | None:
    if value is None:
        return None
    return str(value)[:_MAX_ALERT_TEXT]


def alert_from_header(value: str | None) -> ServerAlert | None:
    """Parse ``Alert: {"code": ..., "message": ..., "url": ...}``.

    A value that is not a JSON object still gives an alert carrying the (truncated) text;
    an absent or blank header gives ``None``.
    """
    if value is None or not value.strip():
        return None
    try:
        decoded = json.loads(value)
    except ValueError:
        decoded = None
    if not isinstance(decoded, dict):
        return ServerAlert(message=value.strip()[:_MAX_ALERT_TEXT])
    code = _text_or_none(decoded.get("code"))
    message = _text_or_none(decoded.get("message")) or code or "server alert"
    return ServerAlert(message=message, code=code, url=_text_or_none(decoded.get("url")))
