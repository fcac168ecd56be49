"""GoTrue error answers (:class:`AuthApiError`, by error code) and client-side auth errors."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

import httpx

from kinbase._redact import RedactedRequest
from kinbase.errors._base import APIError, KinbaseError, _body_text, _parse_body
from kinbase.errors._status import (
    BadRequestError,
    ConflictError,
    ForbiddenError,
    NotFoundError,
    RateLimitedError,
    ServerError,
    UnauthorizedError,
)


class AuthError(KinbaseError):
    """Base of everything auth: server answers (:class:`AuthApiError`) and client-side.

    Reads as supabase_auth's errors do: ``message``, ``status`` (the HTTP status; for
    client-side errors the one supabase_auth gives them, or ``None``), ``code`` (GoTrue's
    error code or ``None``), ``name`` (supabase_auth's class name for the case) and
    :meth:`to_dict`.
    """

    #: supabase_auth's ``name`` for this error.
    name: ClassVar[str] = "AuthError"
    #: The HTTP status supabase_auth reports for this client-side error (``None``: none).
    default_status: ClassVar[int | None] = None
    #: GoTrue's error code for this client-side error (``None``: none).
    default_code: ClassVar[str | None] = None

    @property
    def message(self) -> str:
        """The error's message (the server's, for an answer)."""
        stored = self.__dict__.get("message")
        if isinstance(stored, str):
            return stored
        return str(self.args[0]) if self.args else ""

    @message.setter
    def message(self, value: str) -> None:
        self.__dict__["message"] = value

    @property
    def code(self) -> str | None:
        """GoTrue's error code (``None`` when there is none)."""
        return self.__dict__.get("code", self.default_code)

    @code.setter
    def code(self, value: str | None) -> None:
        self.__dict__["code"] = value

    @property
    def status(self) -> int | None:
        """The HTTP status (supabase_auth's ``status``)."""
        return self.default_status

    def to_dict(self) -> dict[str, Any]:
        """supabase_auth's ``{"name", "message", "status", "code"}``."""
        return {
            "name": self.name,
            "message": self.message,
            "status": self.status,
            "code": self.code,
        }


class AuthSessionMissingError(AuthError):
    """An operation needs a signed-in session and there is none."""

    name = "AuthSessionMissingError"
    default_status = 400

    def __init__(self, message: str = "no session: sign in first") -> None:
        super().__init__(message)


class InvalidJWTError(AuthError):
    """A token failed local verification (``get_claims``): bad signature, expired, wrong
    audience or issuer, no matching key in the server's JWKS, or not a JWT at all. The
    message says which check failed and never shows the token."""

    name = "AuthInvalidJwtError"
    default_status = 400
    default_code = "invalid_jwt"


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
    name = "AuthApiError"
    # always built from an answer (APIError allows None for errors built from a message)
    request: RedactedRequest
    response: httpx.Response
    status_code: int

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

    @property
    def status(self) -> int:
        """The HTTP status of the answer (``status_code``)."""
        return self.status_code

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(status_code={self.status_code}, code={self.code!r}, "
            f"message={self.message!r}, request={self.request!r})"
        )


class AuthBadRequestError(AuthApiError, BadRequestError):
    """400 or 422 from GoTrue (the classes below by code, or an unknown code)."""


class AuthUnauthorizedError(AuthApiError, UnauthorizedError):
    """401 from GoTrue."""


class AuthForbiddenError(AuthApiError, ForbiddenError):
    """403 from GoTrue."""


class AuthNotFoundError(AuthApiError, NotFoundError):
    """404 from GoTrue."""


class AuthServerError(AuthApiError, ServerError):
    """5xx from GoTrue."""


class InvalidCredentialsError(AuthBadRequestError):
    """Wrong email/phone or password."""

    codes = frozenset({"invalid_credentials"})


class WeakPasswordError(AuthBadRequestError):
    """422: the password was refused; ``reasons`` lists why (length, characters, pwned)."""

    codes = frozenset({"weak_password"})
    name = "AuthWeakPasswordError"

    @property
    def reasons(self) -> list[str]:
        """Why the password is weak (``length``, ``characters``, ``pwned``...)."""
        weak = self.body.get("weak_password") if isinstance(self.body, Mapping) else None
        reasons = weak.get("reasons") if isinstance(weak, Mapping) else None
        return [str(r) for r in reasons] if isinstance(reasons, list) else []

    def to_dict(self) -> dict[str, Any]:
        """supabase_auth's ``{"name", "message", "status", "reasons", "code"}``."""
        return {**super().to_dict(), "reasons": self.reasons}


class UserAlreadyExistsError(AuthBadRequestError):
    """Sign-up or update with an email/phone that another user has."""

    codes = frozenset({"email_exists", "user_already_exists", "phone_exists"})


class EmailNotConfirmedError(AuthBadRequestError):
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


class InvalidRefreshTokenError(InvalidSessionError):
    """GoTrue refused a refresh token it could not even read (400 ``validation_failed``:
    "Refresh token is not valid", or "Not Issued By This Server"): the session cannot be
    refreshed, so it is signed out. Raised for the refresh grant only (elsewhere
    ``validation_failed`` is :class:`ValidationFailedError`)."""

    @classmethod
    def from_error(cls, error: AuthApiError) -> InvalidRefreshTokenError:
        """The same answer (request, response, code, message) as this class."""
        return cls(
            error.message,
            response=error.response,
            body=error.body,
            request=error.request,
            code=error.code,
        )


class BadJWTError(AuthForbiddenError):
    """The access token was refused (malformed, bad signature, expired)."""

    codes = frozenset({"bad_jwt"})


class NoAuthorizationError(AuthUnauthorizedError):
    """401: the call needs an ``Authorization: Bearer`` header."""

    codes = frozenset({"no_authorization"})


class NotAdminError(AuthForbiddenError):
    """An admin call made without a service-role token."""

    codes = frozenset({"not_admin"})


class UserNotFoundError(AuthNotFoundError):
    codes = frozenset({"user_not_found"})


class ValidationFailedError(AuthBadRequestError):
    """The request was malformed (missing or invalid field)."""

    codes = frozenset({"validation_failed", "bad_json"})


class MFAVerificationFailedError(AuthBadRequestError):
    codes = frozenset({"mfa_verification_failed", "mfa_verification_rejected"})


class AuthRateLimitedError(AuthApiError, RateLimitedError):
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

    name = "AuthRetryableError"


class AuthConflictError(AuthRetryableError, ConflictError):
    """409 ``conflict``: concurrent refreshes of one session contended for too long."""

    codes = frozenset({"conflict"})


class AuthUnavailableError(AuthRetryableError, AuthServerError):
    """502, 503 or 504 from GoTrue (or a gateway in front of it): try again later."""


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
    AuthRateLimitedError,
    AuthConflictError,
)
_AUTH_BY_CODE: dict[str, type[AuthApiError]] = {
    code: cls for cls in _AUTH_CLASSES for code in cls.codes
}

_AUTH_BY_STATUS: dict[int, type[AuthApiError]] = {
    400: AuthBadRequestError,
    401: AuthUnauthorizedError,
    403: AuthForbiddenError,
    404: AuthNotFoundError,
    409: AuthConflictError,
    422: AuthBadRequestError,
    429: AuthRateLimitedError,
    502: AuthUnavailableError,
    503: AuthUnavailableError,
    504: AuthUnavailableError,
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
        return AuthRateLimitedError
    if status in _AUTH_BY_STATUS:
        return _AUTH_BY_STATUS[status]
    if status >= 500:
        return AuthServerError
    return AuthApiError


def auth_error_from_response(response: httpx.Response) -> AuthApiError:
    """The :class:`AuthApiError` subclass for a GoTrue error response (body must be read)."""
    body = _parse_body(response)
    code, message = _auth_code_and_message(response, body)
    if message is None:
        message = _body_text(response) or httpx.codes.get_reason_phrase(response.status_code)
    cls = _auth_class(response.status_code, code)
    return cls(message, response=response, body=body, code=code)
