"""kinbase's one exception hierarchy.

::

    KinbaseError
    ├── InvalidInputError (also ValueError)      refused before sending
    ├── TransportError                           no HTTP response (wraps the httpx error)
    │   ├── RetryExhaustedError                  ...after retrying, attempts used up
    │   │   └── RetryTimeoutError                ...or time budget used up
    │   └── InvalidResponseError                 ...or an answer that is not the API's
    ├── BackoffError                             server Backoff in force, policy fail-fast
    ├── APIError                                 the server answered with an error status
    │   ├── StorageError                         Kinto (errno families below)
    │   └── AuthApiError (also AuthError)        GoTrue (error codes below)
    └── AuthError                                everything auth
        ├── AuthApiError (also APIError)         subclasses by GoTrue error code
        ├── AuthSessionMissingError              client-side: no session to use
        └── SessionStorageError                  session storage unreadable/unwritable
            └── InsecureSessionStorageError      session file readable by others

    ServerAlertWarning (UserWarning)             Kinto ``Alert`` header

Secrets never appear in ``str()``, ``repr()`` or ``args`` of these exceptions: the
``request`` an :class:`APIError` or :class:`TransportError` carries is a redacted copy
(no Authorization/apikey/cookie values, no secret query parameters, no passwords or tokens
in the body), and ``response.request`` points at that copy. The original httpx exception
is chained as ``__cause__``.
"""

from __future__ import annotations

import json
import time
from collections.abc import Mapping
from typing import Any, ClassVar

import httpx

from kinbase._http.redact import redact_request, redact_response, redact_url
from kinbase._http.retry import ServerAlert, parse_retry_after

__all__ = [
    "APIError",
    "AuthApiError",
    "AuthConflictError",
    "AuthError",
    "AuthRetryableError",
    "AuthSessionMissingError",
    "BackendUnavailableError",
    "BackoffError",
    "BadJWTError",
    "BadRequestError",
    "BatchError",
    "ConflictError",
    "EmailNotConfirmedError",
    "ForbiddenError",
    "GoneError",
    "InsecureSessionStorageError",
    "InvalidCredentialsError",
    "InvalidInputError",
    "InvalidResponseError",
    "InvalidSessionError",
    "KinbaseError",
    "LengthRequiredError",
    "MFAVerificationFailedError",
    "MethodNotAllowedError",
    "NoAuthorizationError",
    "NotAdminError",
    "NotFoundError",
    "ObjectNotFoundError",
    "ParentNotFoundError",
    "PayloadTooLargeError",
    "PreconditionFailedError",
    "RateLimitedError",
    "RefreshTokenAlreadyUsedError",
    "RefreshTokenNotFoundError",
    "RetryExhaustedError",
    "RetryTimeoutError",
    "ServerAlertWarning",
    "ServerError",
    "SessionExpiredError",
    "SessionNotFoundError",
    "SessionStorageError",
    "StorageError",
    "TooManyRequestsError",
    "TransportError",
    "UnauthorizedError",
    "UserAlreadyExistsError",
    "UserBannedError",
    "UserNotFoundError",
    "ValidationFailedError",
    "WeakPasswordError",
    "auth_error_from_response",
    "storage_error_from_response",
]

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


# --------------------------------------------------------------------------- transport


class TransportError(KinbaseError):
    """No usable HTTP response: connection failure, timeout, protocol error.

    ``__cause__`` is the httpx exception. ``request`` is a redacted copy of the request.
    """

    request: httpx.Request
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


# --------------------------------------------------------------------------- API errors


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

    ``request`` and ``response`` are redacted copies (``response.request is request``);
    ``message`` is the server's message, ``body`` the parsed JSON body or ``None``.
    """

    request: httpx.Request
    response: httpx.Response
    status_code: int
    message: str
    body: Any

    def __init__(
        self,
        message: str,
        *,
        response: httpx.Response,
        body: Any = None,
        request: httpx.Request | None = None,
    ) -> None:
        self.request = redact_request(request if request is not None else _request_of(response))
        self.response = redact_response(response, self.request)
        self.status_code = response.status_code
        self.message = message
        self.body = body
        super().__init__(self._summary())

    def _summary(self) -> str:
        reason = httpx.codes.get_reason_phrase(self.status_code)
        where = f"{self.request.method} {redact_url(self.request.url)}"
        head = f"HTTP {self.status_code} {reason}".rstrip()
        return f"{head}{self._detail_suffix()} on {where}: {self.message}"

    def _detail_suffix(self) -> str:
        return ""

    @property
    def retry_after(self) -> float | None:
        """Seconds the server asked to wait (``Retry-After``), if it said."""
        return parse_retry_after(self.response.headers.get("retry-after"), time.time())

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(status_code={self.status_code}, message={self.message!r}, "
            f"request={self.request!r})"
        )


# --------------------------------------------------------------------------- storage (Kinto)


class StorageError(APIError):
    """An error answer from Kinto: ``{"code", "errno", "error", "message", "details", "info"}``."""

    errno: int | None
    error: str | None
    details: Any
    info: str | None

    def __init__(
        self,
        message: str,
        *,
        response: httpx.Response,
        body: Any = None,
        request: httpx.Request | None = None,
    ) -> None:
        fields = body if isinstance(body, Mapping) else {}
        errno = fields.get("errno")
        self.errno = errno if isinstance(errno, int) and not isinstance(errno, bool) else None
        error = fields.get("error")
        self.error = str(error) if error is not None else None
        self.details = fields.get("details")
        info = fields.get("info")
        self.info = str(info) if info is not None else None
        super().__init__(message, response=response, body=body, request=request)

    def _detail_suffix(self) -> str:
        return f" (errno {self.errno})" if self.errno is not None else ""

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(status_code={self.status_code}, errno={self.errno}, "
            f"message={self.message!r}, request={self.request!r})"
        )


class BadRequestError(StorageError):
    """400: bad JSON (106), invalid parameters (107), missing parameter (108) or invalid
    posted data (109). ``details`` lists ``{location, name, description}``."""


class UnauthorizedError(StorageError):
    """401: missing or wrong credentials (104) or invalid token (105)."""


class ForbiddenError(StorageError):
    """403 (121): not allowed (also for a missing bucket you cannot read)."""


class NotFoundError(StorageError):
    """404."""


class ObjectNotFoundError(NotFoundError):
    """404 errno 110: the object is missing (``details``: ``{id, resource_name}``)."""


class ParentNotFoundError(NotFoundError):
    """404 errno 111: its parent (bucket, collection) or the URL is missing."""


class MethodNotAllowedError(StorageError):
    """405 (115)."""


class ConflictError(StorageError):
    """409 (122): a unique constraint was violated, or a transaction conflict."""


class GoneError(StorageError):
    """410 (202): the service reached its end of life."""


class LengthRequiredError(StorageError):
    """411 (112): Content-Length missing."""


class PreconditionFailedError(StorageError):
    """412 (114): modified meanwhile (If-Match / If-None-Match failed).

    ``existing`` is the server's current object (``details.existing``), or ``None``.
    """

    @property
    def existing(self) -> Any:
        return self.details.get("existing") if isinstance(self.details, Mapping) else None


class PayloadTooLargeError(StorageError):
    """413 (113): request body too large."""


class TooManyRequestsError(StorageError):
    """429 (117): client reached capacity; see ``retry_after``."""


class ServerError(StorageError):
    """5xx (999 and others)."""


class BackendUnavailableError(ServerError):
    """503 (201): a storage backend is down; see ``retry_after``."""


_STORAGE_BY_ERRNO: dict[int, type[StorageError]] = {
    104: UnauthorizedError,
    105: UnauthorizedError,
    106: BadRequestError,
    107: BadRequestError,
    108: BadRequestError,
    109: BadRequestError,
    110: ObjectNotFoundError,
    111: ParentNotFoundError,
    112: LengthRequiredError,
    113: PayloadTooLargeError,
    114: PreconditionFailedError,
    115: MethodNotAllowedError,
    116: NotFoundError,  # version not available
    117: TooManyRequestsError,
    121: ForbiddenError,
    122: ConflictError,
    201: BackendUnavailableError,
    202: GoneError,
}

_STORAGE_BY_STATUS: dict[int, type[StorageError]] = {
    400: BadRequestError,
    401: UnauthorizedError,
    403: ForbiddenError,
    404: NotFoundError,
    405: MethodNotAllowedError,
    409: ConflictError,
    410: GoneError,
    411: LengthRequiredError,
    412: PreconditionFailedError,
    413: PayloadTooLargeError,
    429: TooManyRequestsError,
    503: BackendUnavailableError,
}


def _storage_class(status: int, errno: object) -> type[StorageError]:
    if isinstance(errno, int) and errno in _STORAGE_BY_ERRNO:
        return _STORAGE_BY_ERRNO[errno]
    if status in _STORAGE_BY_STATUS:
        return _STORAGE_BY_STATUS[status]
    if status >= 500:
        return ServerError
    return StorageError


def storage_error_from_response(response: httpx.Response) -> StorageError:
    """The :class:`StorageError` subclass for a Kinto error response (body must be read).

    A known errno picks the class; otherwise (unknown errno, 999, non-JSON body) the status
    does. A non-JSON body still gives an error whose message is the truncated text.
    """
    body = _parse_body(response)
    fields = body if isinstance(body, Mapping) else {}
    cls = _storage_class(response.status_code, fields.get("errno"))
    message = fields.get("message") or fields.get("error")
    if not isinstance(message, str) or not message:
        message = _body_text(response) or httpx.codes.get_reason_phrase(response.status_code)
    return cls(message, response=response, body=body)


# --------------------------------------------------------------------------- storage batch


class BatchOutcome:
    """What happened to one sub-request of a batch (not an exception: not in ``__all__``;
    also exported as ``kinbase.storage.BatchOutcome``).

    ``outcome`` is one of:

    - ``"ok"``: 2xx/3xx, committed with its chunk;
    - ``"tolerated"``: an error status the call accepts (``if_exists`` 404,
      ``if_not_exists`` 412, the replay of this client's own create);
    - ``"ignored"``: a 4xx ignored because of ``ignore_4xx``;
    - ``"failed"``: an error status (``error`` is the matching :class:`StorageError`);
    - ``"rolled back"``: answered, but its chunk was not committed (another sub-request of
      the chunk failed with a 5xx or a 409);
    - ``"not sent"``: its chunk was never sent;
    - ``"unknown"``: its chunk's request failed without an answer (``error`` says why): the
      server may or may not have applied it.
    """

    __slots__ = ("chunk", "error", "index", "method", "outcome", "path", "status")

    def __init__(
        self,
        *,
        index: int,
        chunk: int,
        method: str,
        path: str,
        status: int | None = None,
        outcome: str = "not sent",
        error: KinbaseError | None = None,
    ) -> None:
        self.index = index
        self.chunk = chunk
        self.method = method
        self.path = path
        self.status = status
        self.outcome = outcome
        self.error = error

    @property
    def message(self) -> str | None:
        """The server's message for a failed sub-request."""
        return getattr(self.error, "message", None) if self.error is not None else None

    def __repr__(self) -> str:
        status = "-" if self.status is None else str(self.status)
        return (
            f"BatchOutcome(#{self.index} chunk {self.chunk}: {self.method} {self.path} "
            f"-> {status} {self.outcome})"
        )


class BatchError(KinbaseError):
    """A batch had failures; raised once, after every chunk that could be sent was sent.

    ``outcomes`` has one :class:`BatchOutcome` per sub-request, in the order queued.
    ``committed_chunks``, ``rolled_back_chunks`` (answered but not committed: a 5xx or a 409
    in them), ``unknown_chunks`` (no answer: may have been applied) and ``unsent_chunks``
    list chunk numbers (0-based); ``results`` holds the bodies of the answered sub-requests
    (``None`` for the others); ``errors`` the :class:`StorageError` of each failed
    sub-request. Request bodies never appear in the message.
    """

    outcomes: list[BatchOutcome]
    committed_chunks: list[int]
    rolled_back_chunks: list[int]
    unknown_chunks: list[int]
    unsent_chunks: list[int]
    results: list[Any]

    def __init__(
        self,
        *,
        outcomes: list[BatchOutcome],
        committed_chunks: list[int],
        rolled_back_chunks: list[int],
        unknown_chunks: list[int],
        unsent_chunks: list[int],
        results: list[Any],
    ) -> None:
        self.outcomes = outcomes
        self.committed_chunks = committed_chunks
        self.rolled_back_chunks = rolled_back_chunks
        self.unknown_chunks = unknown_chunks
        self.unsent_chunks = unsent_chunks
        self.results = results
        super().__init__(self._summary())

    @property
    def errors(self) -> list[KinbaseError]:
        return [o.error for o in self.outcomes if o.error is not None]

    @property
    def failed(self) -> list[BatchOutcome]:
        return [o for o in self.outcomes if o.outcome in ("failed", "unknown")]

    def _summary(self) -> str:
        failed = self.failed
        lines = [
            f"batch failed: {len(failed)} of {len(self.outcomes)} sub-requests failed; "
            f"chunks committed {self.committed_chunks}, rolled back {self.rolled_back_chunks}, "
            f"unknown {self.unknown_chunks}, not sent {self.unsent_chunks}"
        ]
        for o in self.outcomes:
            if o.outcome in ("ok", "tolerated"):
                continue
            status = "-" if o.status is None else str(o.status)
            detail = f": {o.message}" if o.message else ""
            if o.outcome == "unknown" and o.error is not None:
                detail = f": {o.error}"
            where = f"#{o.index} (chunk {o.chunk}) {o.method} {o.path}"
            lines.append(f"  {where} -> {status} {o.outcome}{detail}")
        return "\n".join(lines)

    def __repr__(self) -> str:
        return (
            f"BatchError(failed={len(self.failed)}, committed={self.committed_chunks}, "
            f"rolled_back={self.rolled_back_chunks}, unknown={self.unknown_chunks}, "
            f"not_sent={self.unsent_chunks})"
        )


# --------------------------------------------------------------------------- auth (GoTrue)


class AuthError(KinbaseError):
    """Base of everything auth: server answers (:class:`AuthApiError`) and client-side."""


class AuthSessionMissingError(AuthError):
    """An operation needs a signed-in session and there is none."""

    def __init__(self, message: str = "no session: sign in first") -> None:
        super().__init__(message)


class SessionStorageError(AuthError):
    """The session storage could not be read or written (the message says which file/why)."""


class InsecureSessionStorageError(SessionStorageError):
    """A session file is readable or writable by other users (or owned by another user):
    kinbase refuses to use tokens others may have read. Fix its mode (``chmod 600``)."""


class AuthApiError(AuthError, APIError):
    """An error answer from GoTrue. ``code`` is its string error code (or ``None``).

    Reads all three body shapes: legacy ``{"code": <int>, "error_code", "msg"}``, current
    ``{"code": "<error_code>", "message"}`` and OAuth ``{"error", "error_description"}``;
    the ``x-sb-error-code`` header fills in when the body has no code.
    """

    codes: ClassVar[frozenset[str]] = frozenset()
    code: str | None

    def __init__(
        self,
        message: str,
        *,
        response: httpx.Response,
        body: Any = None,
        request: httpx.Request | None = None,
        code: str | None = None,
    ) -> None:
        self.code = code
        super().__init__(message, response=response, body=body, request=request)

    def _detail_suffix(self) -> str:
        return f" [{self.code}]" if self.code else ""

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(status_code={self.status_code}, code={self.code!r}, "
            f"message={self.message!r}, request={self.request!r})"
        )


class InvalidCredentialsError(AuthApiError):
    """Wrong email/phone or password."""

    codes = frozenset({"invalid_credentials"})


class WeakPasswordError(AuthApiError):
    """422: the password was refused; ``reasons`` lists why (length, characters, pwned)."""

    codes = frozenset({"weak_password"})

    @property
    def reasons(self) -> list[str]:
        weak = self.body.get("weak_password") if isinstance(self.body, Mapping) else None
        reasons = weak.get("reasons") if isinstance(weak, Mapping) else None
        return [str(r) for r in reasons] if isinstance(reasons, list) else []


class UserAlreadyExistsError(AuthApiError):
    """Sign-up or update with an email/phone that another user has."""

    codes = frozenset({"email_exists", "user_already_exists", "phone_exists"})


class EmailNotConfirmedError(AuthApiError):
    codes = frozenset({"email_not_confirmed", "phone_not_confirmed"})


class InvalidSessionError(AuthApiError):
    """The session can no longer be used or refreshed: sign in again."""


class SessionNotFoundError(InvalidSessionError):
    codes = frozenset({"session_not_found"})


class SessionExpiredError(InvalidSessionError):
    codes = frozenset({"session_expired"})


class RefreshTokenNotFoundError(InvalidSessionError):
    codes = frozenset({"refresh_token_not_found"})


class RefreshTokenAlreadyUsedError(InvalidSessionError):
    """The refresh token was used before (outside the reuse interval): the session is revoked."""

    codes = frozenset({"refresh_token_already_used"})


class UserBannedError(InvalidSessionError):
    codes = frozenset({"user_banned"})


class BadJWTError(AuthApiError):
    """The access token was refused (malformed, bad signature, expired)."""

    codes = frozenset({"bad_jwt"})


class NoAuthorizationError(AuthApiError):
    """401: the call needs an ``Authorization: Bearer`` header."""

    codes = frozenset({"no_authorization"})


class NotAdminError(AuthApiError):
    """An admin call made without a service-role token."""

    codes = frozenset({"not_admin"})


class UserNotFoundError(AuthApiError):
    codes = frozenset({"user_not_found"})


class ValidationFailedError(AuthApiError):
    """The request was malformed (missing or invalid field)."""

    codes = frozenset({"validation_failed", "bad_json"})


class MFAVerificationFailedError(AuthApiError):
    codes = frozenset({"mfa_verification_failed", "mfa_verification_rejected"})


class RateLimitedError(AuthApiError):
    """429 or an ``over_*_rate_limit`` code. GoTrue sends no Retry-After."""

    codes = frozenset(
        {
            "over_request_rate_limit",
            "over_email_send_rate_limit",
            "over_sms_send_rate_limit",
        }
    )


class AuthRetryableError(AuthApiError):
    """A failure that may go away if the same call is made again later (5xx gateway
    errors, a refresh that lost a server-side race)."""


class AuthConflictError(AuthRetryableError):
    """409 ``conflict``: concurrent refreshes of one session contended for too long."""

    codes = frozenset({"conflict"})


_AUTH_CLASSES: tuple[type[AuthApiError], ...] = (
    InvalidCredentialsError,
    WeakPasswordError,
    UserAlreadyExistsError,
    EmailNotConfirmedError,
    SessionNotFoundError,
    SessionExpiredError,
    RefreshTokenNotFoundError,
    RefreshTokenAlreadyUsedError,
    UserBannedError,
    BadJWTError,
    NoAuthorizationError,
    NotAdminError,
    UserNotFoundError,
    ValidationFailedError,
    MFAVerificationFailedError,
    RateLimitedError,
    AuthConflictError,
)
_AUTH_BY_CODE: dict[str, type[AuthApiError]] = {
    code: cls for cls in _AUTH_CLASSES for code in cls.codes
}

# Old servers answer the password and refresh grants in the OAuth shape with
# ``invalid_grant``; their descriptions identify the case.
_LEGACY_GRANT_DESCRIPTIONS: dict[str, str] = {
    "invalid login credentials": "invalid_credentials",
    "invalid refresh token: already used": "refresh_token_already_used",
    "invalid refresh token: refresh token not found": "refresh_token_not_found",
    "email not confirmed": "email_not_confirmed",
}


def _auth_code_and_message(response: httpx.Response, body: Any) -> tuple[str | None, str | None]:
    code: str | None = None
    message: str | None = None
    if isinstance(body, Mapping):
        raw_code = body.get("code")
        if isinstance(body.get("error_code"), str):  # legacy: {code: int, error_code, msg}
            code = body["error_code"]
            message = body.get("msg") or body.get("message")
        elif isinstance(raw_code, str):  # 2024-01-01: {code: str, message}
            code = raw_code
            message = body.get("message") or body.get("msg")
        elif isinstance(body.get("error"), str):  # OAuth: {error, error_description}
            code = body["error"]
            message = body.get("error_description") or body.get("message") or body.get("msg")
            if code == "invalid_grant" and isinstance(message, str):
                code = _LEGACY_GRANT_DESCRIPTIONS.get(message.strip().lower(), code)
        else:  # legacy without error_code: {code: int, msg}
            message = body.get("msg") or body.get("message")
    header_code = response.headers.get("x-sb-error-code")
    if not code and header_code:
        code = header_code.strip() or None
    return code, (message if isinstance(message, str) and message else None)


def _auth_class(status: int, code: str | None) -> type[AuthApiError]:
    if code is not None and code in _AUTH_BY_CODE:
        return _AUTH_BY_CODE[code]
    if code is not None and code.startswith("over_") and code.endswith("_rate_limit"):
        return RateLimitedError
    if status == 429:
        return RateLimitedError
    if status in (502, 503, 504):
        return AuthRetryableError
    return AuthApiError


def auth_error_from_response(response: httpx.Response) -> AuthApiError:
    """The :class:`AuthApiError` subclass for a GoTrue error response (body must be read)."""
    body = _parse_body(response)
    code, message = _auth_code_and_message(response, body)
    if message is None:
        message = _body_text(response) or httpx.codes.get_reason_phrase(response.status_code)
    cls = _auth_class(response.status_code, code)
    return cls(message, response=response, body=body, code=code)
