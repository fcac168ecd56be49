"""Redaction of secrets from headers, URLs and bodies, for exceptions and logs.

Everything kinbase shows (exception messages and reprs, the ``request`` an exception
carries, DEBUG logs) goes through these helpers first. They over-redact on purpose: a
record field called ``token`` is hidden too. Values are replaced by :data:`REDACTED`;
key names are kept so that a reader still sees *what* was sent.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import unquote_plus

import httpx

__all__ = [
    "REDACTED",
    "HeaderLogFilter",
    "RedactedRequest",
    "is_sensitive_header",
    "is_sensitive_key",
    "redact_body",
    "redact_headers",
    "redact_json",
    "redact_request",
    "redact_response",
    "redact_url",
]

#: What a secret value is replaced with.
REDACTED = "REDACTED"

# Header names whose value is always hidden (lower case).
_SENSITIVE_HEADERS = frozenset(
    {
        "authorization",
        "proxy-authorization",
        "apikey",
        "api-key",
        "x-api-key",
        "cookie",
        "set-cookie",
        "x-auth-token",
        "x-refresh-token",
    }
)
_SENSITIVE_HEADER_PARTS = (
    "token",
    "secret",
    "password",
    "apikey",
    "api-key",
    "session",
    "key",  # x-client-key, x-functions-key...
    "auth",  # authorization-secondary, x-auth-...
    "jwt",  # x-jwt-assertion
    "assertion",
    "credential",
    "signature",
    "cookie",
)

# Query / form / JSON keys whose value is always hidden (lower case).
_SENSITIVE_KEYS = frozenset(
    {
        "password",
        "token",
        "access_token",
        "refresh_token",
        "id_token",
        "provider_token",
        "provider_refresh_token",
        "token_hash",
        "code",
        "auth_code",
        "code_verifier",
        "otp",
        "secret",
        "client_secret",
        "apikey",
        "api_key",
        "service_role_key",
        "jwt",
        "nonce",  # reauthentication nonce (GoTrue's password change)
    }
)
_SENSITIVE_KEY_SUFFIXES = ("password", "token", "secret")

# Authorization schemes that may be shown before the hidden credentials.
_AUTH_SCHEMES = frozenset({"basic", "bearer", "token", "digest"})

# Headers that describe the original body and must not be copied onto a redacted one.
_BODY_FRAMING_HEADERS = frozenset({"content-length", "transfer-encoding", "content-encoding"})


def is_sensitive_key(key: str) -> bool:
    """True if a query, form or JSON key names a secret (case-insensitive)."""
    lowered = key.lower()
    return lowered in _SENSITIVE_KEYS or lowered.endswith(_SENSITIVE_KEY_SUFFIXES)


def is_sensitive_header(name: str) -> bool:
    """True if a header's value must never be shown (case-insensitive)."""
    lowered = name.lower()
    return lowered in _SENSITIVE_HEADERS or any(part in lowered for part in _SENSITIVE_HEADER_PARTS)


def _redact_header_value(name: str, value: str) -> str:
    if name.lower() in ("authorization", "proxy-authorization"):
        scheme, _, rest = value.partition(" ")
        if rest and scheme.lower() in _AUTH_SCHEMES:
            return f"{scheme} {REDACTED}"
    return REDACTED


def redact_headers(
    headers: httpx.Headers | Mapping[str, str] | Iterable[tuple[str, str]],
) -> list[tuple[str, str]]:
    """The headers as ``(name, value)`` pairs with secret values replaced.

    ``Authorization: Bearer xyz`` becomes ``Authorization: Bearer REDACTED`` (the scheme
    helps debugging and is not secret).
    """
    items: Iterable[tuple[str, str]]
    if isinstance(headers, httpx.Headers):
        items = headers.multi_items()
    elif isinstance(headers, Mapping):
        items = headers.items()
    else:
        items = headers
    return [
        (name, _redact_header_value(name, value) if is_sensitive_header(name) else value)
        for name, value in items
    ]


def _redact_pairs(text: str) -> str:
    """Redact ``k=v&k2=v2`` text (a query string, fragment or form body), keeping encoding."""
    if not text:
        return text
    parts = []
    for part in text.split("&"):
        key, sep, _value = part.partition("=")
        if sep and is_sensitive_key(unquote_plus(key)):
            part = f"{key}={REDACTED}"
        parts.append(part)
    return "&".join(parts)


def _redact_httpx_url(url: httpx.URL) -> httpx.URL:
    changes: dict[str, Any] = {}
    query = url.query.decode("ascii", errors="replace")
    redacted_query = _redact_pairs(query)
    if redacted_query != query:
        changes["query"] = redacted_query.encode("ascii")
    if "=" in url.fragment:
        redacted_fragment = _redact_pairs(url.fragment)
        if redacted_fragment != url.fragment:
            changes["fragment"] = redacted_fragment
    if url.password:
        changes["username"] = url.username
        changes["password"] = REDACTED
    return url.copy_with(**changes) if changes else url


def redact_url(url: httpx.URL | str) -> str:
    """The URL as text with secret query/fragment parameters and any password hidden.

    ``https://h/verify?token=abc&type=signup`` becomes
    ``https://h/verify?token=REDACTED&type=signup``.
    """
    try:
        parsed = url if isinstance(url, httpx.URL) else httpx.URL(url)
    except (httpx.InvalidURL, TypeError, ValueError):
        return f"<unparseable URL, {len(str(url))} chars>"
    return str(_redact_httpx_url(parsed))


def redact_json(value: Any) -> Any:
    """A copy of a decoded JSON value with the values of secret keys replaced (recursively)."""
    if isinstance(value, dict):
        return {
            key: REDACTED
            if isinstance(key, str) and is_sensitive_key(key) and item is not None
            else redact_json(item)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [redact_json(item) for item in value]
    return value


def redact_body(content: bytes, content_type: str | None = None) -> bytes:
    """A request body with secrets hidden.

    JSON bodies keep their structure with secret values replaced; form bodies
    (``application/x-www-form-urlencoded``) keep their keys; anything else (multipart,
    binary, undecodable) is replaced by a short placeholder giving its size.
    """
    if not content:
        return content
    media = (content_type or "").split(";", 1)[0].strip().lower()
    if media == "application/x-www-form-urlencoded":
        try:
            return _redact_pairs(content.decode("ascii")).encode("ascii")
        except UnicodeDecodeError:
            pass
    elif media.endswith("json") or (not media and content.lstrip()[:1] in (b"{", b"[")):
        try:
            decoded = json.loads(content)
        except ValueError:
            pass
        else:
            return json.dumps(redact_json(decoded), ensure_ascii=False).encode("utf-8")
    return f"<{len(content)} bytes not shown>".encode("ascii")


def _request_content(request: httpx.Request) -> bytes:
    try:
        return request.content
    except httpx.RequestNotRead:
        return b""


class RedactedRequest(httpx.Request):
    """The request an exception carries: an ``httpx.Request`` that also answers
    ``path_url`` (the path and query, as ``requests``' prepared requests and so kinto-http's
    exceptions spell it)."""

    @property
    def path_url(self) -> str:
        """The URL's path and query (``/v1/buckets/b?_limit=10``), secrets hidden."""
        return self.url.raw_path.decode("ascii")

    def __repr__(self) -> str:
        return f"<Request({self.method!r}, {str(self.url)!r})>"


def redact_request(request: httpx.Request) -> RedactedRequest:
    """A new request like ``request`` with secrets hidden in URL, headers and body.

    Exceptions carry this copy instead of the request that went on the wire. A streaming
    body that was never read is left out.
    """
    headers = [
        (name, value)
        for name, value in redact_headers(request.headers)
        if name.lower() not in _BODY_FRAMING_HEADERS
    ]
    content = redact_body(_request_content(request), request.headers.get("content-type"))
    return RedactedRequest(
        request.method,
        _redact_httpx_url(request.url),
        headers=headers,
        content=content or None,
    )


def _redact_raw_value(name: bytes, value: bytes) -> bytes:
    text_name = name.decode("latin-1")
    if not is_sensitive_header(text_name):
        return value
    return _redact_header_value(text_name, value.decode("latin-1")).encode("latin-1")


def redact_response(
    response: httpx.Response, request: httpx.Request | None = None
) -> httpx.Response:
    """A new response with the same status and body, secret headers hidden (``Set-Cookie``),
    attached to ``request`` (normally the :func:`redact_request` copy).

    The body must have been read (``response.read()`` / ``await response.aread()``);
    an unread body is left out.
    """
    try:
        content = response.content
    except httpx.ResponseNotRead:
        content = b""
    # As raw bytes: a server may send values that are not ASCII (which httpx would refuse
    # to encode again from text).
    headers = [
        (name, _redact_raw_value(name, value))
        for name, value in response.headers.raw
        if name.decode("latin-1").lower() not in _BODY_FRAMING_HEADERS
    ]
    return httpx.Response(
        response.status_code,
        headers=headers,
        content=content,
        request=request,
    )


# A header pair as httpcore's DEBUG trace prints it: (b'Name', b'value') or b"..." quoting.
_TRACE_HEADER = re.compile(
    r"""\(b(?P<q1>['"])(?P<name>[^'"]*)(?P=q1), """
    r"""b(?P<q2>['"])(?P<value>(?:\\.|(?!(?P=q2)).)*)(?P=q2)\)"""
)


def _redact_trace(message: str) -> str:
    def hide(match: re.Match[str]) -> str:
        if not is_sensitive_header(match.group("name")):
            return match.group(0)
        q1, q2 = match.group("q1"), match.group("q2")
        return f"(b{q1}{match.group('name')}{q1}, b{q2}{REDACTED}{q2})"

    return _TRACE_HEADER.sub(hide, message)


class HeaderLogFilter(logging.Filter):
    """Hides secret header values (``Set-Cookie``, ``Authorization``...) in httpcore's
    DEBUG trace, which prints the response headers as they came. Installed on httpcore's
    loggers when kinbase's HTTP layer is imported."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno <= logging.DEBUG and "(b" in str(record.msg):
            record.msg = _redact_trace(record.getMessage())
            record.args = None
        return True


def install_log_filter() -> None:
    """Add :class:`HeaderLogFilter` to httpcore's loggers (once)."""
    for name in ("httpcore.http11", "httpcore.http2", "httpcore.connection", "httpcore.proxy"):
        logger = logging.getLogger(name)
        if not any(isinstance(f, HeaderLogFilter) for f in logger.filters):
            logger.addFilter(HeaderLogFilter())
