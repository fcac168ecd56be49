"""No usable answer: transport failures, retries used up, answers that are not the API's;
the server's ``Backoff`` and ``Alert`` signals."""

from __future__ import annotations

from typing import Any

import httpx

from kinbase._redact import RedactedRequest, redact_request, redact_url
from kinbase._server_headers import ServerAlert
from kinbase.errors._base import KinbaseError, _request_of


class TransportError(KinbaseError):
    """No usable HTTP response: connection failure, timeout, protocol error.

    ``__cause__`` is the httpx exception. ``request`` is a redacted copy of the request
    (``request.method``, ``request.url``, ``request.path_url``).
    """

    request: RedactedRequest
    attempts: int
    elapsed: float

    def __init__(
        self, message: str, *, request: httpx.Request, attempts: int = 1, elapsed: float = 0.0
    ) -> None:
        super().__init__(message)
        self.request = redact_request(request)
        self.attempts = attempts
        self.elapsed = elapsed

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}({self.args[0]!r}, attempts={self.attempts}, "
            f"elapsed={self.elapsed:.3f})"
        )


class RetryExhaustedError(TransportError):
    """Retries ran out (``attempts`` made in ``elapsed`` seconds); the last error is chained."""


class RetryTimeoutError(RetryExhaustedError):
    """The total time budget (``max_total_seconds``) ran out before the call succeeded."""


class ResponseTooLargeError(TransportError):
    """The response body exceeded the client's ``max_response_bytes`` (counted after
    decompression, so a small compressed body that inflates past the limit is caught
    too). The body is not kept; ``limit`` is the limit in bytes. Not retried."""

    limit: int

    def __init__(
        self,
        message: str,
        *,
        request: httpx.Request,
        limit: int,
        attempts: int = 1,
        elapsed: float = 0.0,
    ) -> None:
        super().__init__(message, request=request, attempts=attempts, elapsed=elapsed)
        self.limit = limit


class ClientClosedError(KinbaseError, RuntimeError):
    """A request was made on a client that was closed (``close()``/``aclose()`` or the end
    of its ``with`` block). Nothing was sent; create a new client."""


class InvalidResponseError(TransportError):
    """The server answered, but not with what the API promises: a body that is not JSON,
    not the expected shape, or an error payload with a success status (a misbehaving
    proxy, a captive portal...). Nothing usable came back, as with a transport error: a
    write may or may not have been applied. ``status_code`` is the status it came with."""

    status_code: int

    def __init__(
        self,
        message: str,
        *,
        request: httpx.Request,
        status_code: int,
        attempts: int = 1,
        elapsed: float = 0.0,
    ) -> None:
        super().__init__(message, request=request, attempts=attempts, elapsed=elapsed)
        self.status_code = status_code

    @classmethod
    def from_response(cls, response: httpx.Response, problem: str) -> InvalidResponseError:
        """``problem`` (e.g. "a body that is not JSON") said of ``response``."""
        request = _request_of(response)
        kind = response.headers.get("content-type", "no content type").split(";")[0]
        message = (
            f"{request.method} {redact_url(request.url)} answered HTTP {response.status_code} "
            f"with {problem} ({kind}, {len(response.content)} bytes)"
        )
        return cls(message, request=request, status_code=response.status_code)


class AttachmentIntegrityError(InvalidResponseError):
    """A downloaded attachment is not the file its record describes: its SHA-256 or its
    size differs from the record's ``attachment.hash`` / ``attachment.size`` (a tampered
    or truncated file, a wrong file host). Nothing was kept: the partial file was removed.
    ``url`` (redacted) is where it came from; ``expected_hash``/``expected_size`` are the
    record's, ``actual_hash``/``actual_size`` what arrived (``actual_hash`` is ``None``
    when the download stopped as soon as it ran past ``expected_size``)."""

    url: str
    expected_hash: str
    actual_hash: str | None
    expected_size: int
    actual_size: int

    def __init__(
        self,
        message: str,
        *,
        request: httpx.Request,
        status_code: int,
        expected_hash: str,
        actual_hash: str | None,
        expected_size: int,
        actual_size: int,
    ) -> None:
        super().__init__(message, request=request, status_code=status_code)
        self.url = redact_url(request.url)
        self.expected_hash = expected_hash
        self.actual_hash = actual_hash
        self.expected_size = expected_size
        self.actual_size = actual_size


class OutcomeUnknownError(TransportError):
    """A write whose first answer was lost was sent again, and the answer to the resend
    cannot tell whether the first attempt applied it: a conditional write (``If-Match``)
    met a 412, or a delete a 412/404, and the object now differs from what was written.
    The write may or may not have been applied; ``answer`` is the server's error for the
    resend (a :class:`~kinbase.errors.StorageError`)."""

    answer: KinbaseError

    def __init__(
        self, message: str, *, request: httpx.Request, answer: KinbaseError, attempts: int = 2
    ) -> None:
        super().__init__(message, request=request, attempts=attempts)
        self.answer = answer


class BackoffError(KinbaseError):
    """The server asked clients to back off (``Backoff`` header) and the policy fails fast.

    ``seconds_remaining`` says how long the backoff is still in force.
    """

    seconds_remaining: float

    def __init__(self, message: str, *, seconds_remaining: float) -> None:
        super().__init__(message)
        self.seconds_remaining = seconds_remaining

    def __repr__(self) -> str:
        name = type(self).__name__
        return f"{name}({self.args[0]!r}, seconds_remaining={self.seconds_remaining:.3f})"


class ServerAlertWarning(UserWarning):
    """Kinto sent an ``Alert`` header (typically end of service). ``alert`` has the details."""

    alert: ServerAlert

    def __init__(self, alert: ServerAlert) -> None:
        text = f"server alert ({alert.code}): {alert.message}" if alert.code else alert.message
        if alert.url:
            text += f" (see {alert.url})"
        super().__init__(text)
        self.alert = alert

    def __reduce__(self) -> tuple[Any, ...]:
        # args holds the text; rebuild from the alert (warnings are pickled by
        # multiprocessing and by pytest-xdist, for instance).
        return (type(self), (self.alert,))
