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

The classes are defined in private submodules (``_base``: the base classes and
:class:`APIError`; ``_transport``; ``_storage``; ``_batch``; ``_auth``) and belong to this
module: import them from ``kinbase.errors``, which is also their ``__module__``.
"""

from __future__ import annotations

from kinbase.errors._auth import (
    AuthApiError,
    AuthConflictError,
    AuthError,
    AuthRetryableError,
    AuthSessionMissingError,
    BadJWTError,
    EmailNotConfirmedError,
    InsecureSessionStorageError,
    InvalidCredentialsError,
    InvalidSessionError,
    MFAVerificationFailedError,
    NoAuthorizationError,
    NotAdminError,
    RateLimitedError,
    RefreshTokenAlreadyUsedError,
    RefreshTokenNotFoundError,
    SessionExpiredError,
    SessionNotFoundError,
    SessionStorageError,
    UserAlreadyExistsError,
    UserBannedError,
    UserNotFoundError,
    ValidationFailedError,
    WeakPasswordError,
    auth_error_from_response,
)
from kinbase.errors._base import MAX_TEXT_IN_MESSAGE as MAX_TEXT_IN_MESSAGE
from kinbase.errors._base import (
    APIError,
    InvalidInputError,
    KinbaseError,
    _rebuild,
)
from kinbase.errors._batch import BatchError
from kinbase.errors._batch import BatchOutcome as BatchOutcome
from kinbase.errors._storage import (
    BackendUnavailableError,
    BadRequestError,
    ConflictError,
    ForbiddenError,
    GoneError,
    LengthRequiredError,
    MethodNotAllowedError,
    NotFoundError,
    ObjectNotFoundError,
    ParentNotFoundError,
    PayloadTooLargeError,
    PreconditionFailedError,
    ServerError,
    StorageError,
    TooManyRequestsError,
    UnauthorizedError,
    storage_error_from_response,
)
from kinbase.errors._transport import (
    BackoffError,
    InvalidResponseError,
    RetryExhaustedError,
    RetryTimeoutError,
    ServerAlertWarning,
    TransportError,
)

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


# Present everything as this module's own, as before the split into submodules: class
# reprs and tracebacks say ``kinbase.errors.NotFoundError``, and pickles (which name the
# class, and ``_rebuild`` for KinbaseError subclasses) do not depend on the private layout.
for _public in (*(globals()[_name] for _name in __all__), BatchOutcome, _rebuild):
    _public.__module__ = __name__
del _public
