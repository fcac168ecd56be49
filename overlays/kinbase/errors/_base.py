"""The base of the hierarchy: :class:`KinbaseError`, :class:`InvalidInputError`,
:class:`APIError`, and the response-reading helpers the API error modules share."""

from __future__ import annotations

import json
import time
from typing import Any

import httpx

from kinbase._redact import RedactedRequest, redact_request, redact_response, redact_url
from kinbase._server_headers import parse_retry_after

#: Longest non-JSON body text kept in an error message.
MAX_TEXT_IN_MESSAGE = 200


def _rebuild(cls: type[BaseException], args: tuple[Any, ...], state: dict[str, Any]) -> Any:
    exc = cls.__new__(cls, *args)
    exc.args = args
    exc.__dict__.update(state)
    return exc


class KinbaseError(Exception):
    """Base of every exception kinbase raises on purpose."""

    def __reduce__(self) -> tuple[Any, ...]:
        # Keyword-only constructors do not survive default pickling; restore state directly.
        return (_rebuild, (type(self), self.args, dict(self.__dict__)))


class InvalidInputError(KinbaseError, ValueError):
    """Input refused before anything was sent; the message names what was wrong."""


def _placeholder_request() -> httpx.Request:
    return httpx.Request("GET", "http://kinbase.invalid/")


def _parse_body(response: httpx.Response) -> Any:
    try:
        content = response.content
    except httpx.ResponseNotRead:
        return None
    if not content:
        return None
    try:
        return json.loads(content)
    except (ValueError, UnicodeDecodeError):
        return None


def _body_text(response: httpx.Response) -> str:
    try:
        text = response.text
    except (httpx.ResponseNotRead, UnicodeDecodeError, LookupError):
        return ""
    text = " ".join(text.split())
    if len(text) > MAX_TEXT_IN_MESSAGE:
        text = text[:MAX_TEXT_IN_MESSAGE] + "..."
    return text


def _request_of(response: httpx.Response) -> httpx.Request:
    try:
        return response.request
    except RuntimeError:
        return _placeholder_request()


class APIError(KinbaseError):
    """The server answered with an error status.

    ``request`` and ``response`` are redacted copies (``response.request is request``;
    ``request.method`` and ``request.path_url`` say what was sent); ``message`` is the
    server's message, ``body`` the parsed JSON body or ``None``; ``hint`` (or ``None``) what
    kinbase adds to explain a known answer (it ends the ``str()``).

    An error built from a message alone (``StorageError("boom")``, as test doubles raise
    them) has ``request``, ``response`` and ``status_code`` ``None``; its ``str()`` is the
    message.
    """

    request: RedactedRequest | None
    response: httpx.Response | None
    status_code: int | None
    message: str
    body: Any
    hint: str | None = None

    def __init__(
        self,
        message: str = "",
        *,
        response: httpx.Response | None = None,
        body: Any = None,
        request: httpx.Request | None = None,
    ) -> None:
        if response is None:
            self.request = None if request is None else redact_request(request)
            self.response = None
            self.status_code = None
        else:
            sent = request if request is not None else _request_of(response)
            self.request = redact_request(sent)
            self.response = redact_response(response, self.request)
            self.status_code = response.status_code
        self.message = message
        self.body = body
        super().__init__(self._summary())

    def _summary(self) -> str:
        text = _with_hint(self.message, self.hint)
        if self.status_code is None:
            return text
        reason = httpx.codes.get_reason_phrase(self.status_code)
        head = f"HTTP {self.status_code} {reason}".rstrip()
        where = "" if self.request is None else f" on {self._where(self.request)}"
        return f"{head}{self._detail_suffix()}{where}: {text}"

    @staticmethod
    def _where(request: httpx.Request) -> str:
        return f"{request.method} {redact_url(request.url)}"

    def _detail_suffix(self) -> str:
        return ""

    @property
    def retry_after(self) -> float | None:
        """Seconds the server asked to wait (``Retry-After``), if it said."""
        if self.response is None:
            return None
        return parse_retry_after(self.response.headers.get("retry-after"), time.time())

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(status_code={self.status_code}, message={self.message!r}, "
            f"request={self.request!r})"
        )


def _with_hint(message: str, hint: str | None) -> str:
    """``message``, then ``hint`` as a sentence of its own."""
    if not hint:
        return message
    if not message:
        return hint
    stop = "" if message.rstrip().endswith((".", "!", "?")) else "."
    return f"{message.rstrip()}{stop} {hint}"
