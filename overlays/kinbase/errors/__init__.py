"""kinbase's one exception hierarchy.

::

    KinbaseError
    ├── InvalidInputError (also ValueError)      refused before sending
    ├── TransportError                           no HTTP response (wraps the httpx error)
    │   ├── RetryExhaustedError                  ...after retrying, attempts used up
    │   │   └── RetryTimeoutError                ...or time budget used up
    │   ├── ResponseTooLargeError                ...or a body over max_response_bytes
    │   ├── InvalidResponseError                 ...or an answer that is not the API's
    │   │   └── AttachmentIntegrityError         ...or a download unlike its record's hash
    │   └── OutcomeUnknownError                  ...or only a resend's, which cannot tell
    ├── BackoffError                             server Backoff in force, policy fail-fast
    ├── ClientClosedError (also RuntimeError)    the client was closed; nothing sent
    ├── APIError                                 the server answered with an error status
    │   ├── BadRequestError, UnauthorizedError, ForbiddenError, NotFoundError,
    │   │   ConflictError, RateLimitedError, ServerError
    │   │                                        status level, shared by both APIs
    │   ├── StorageError (alias KintoException)  Kinto (errno families below)
    │   │   ├── StorageNotFoundError (also NotFoundError), StorageRateLimitedError ...
    │   │   └── BatchError (alias KintoBatchException)  a batch had failures
    │   └── AuthApiError (also AuthError)        GoTrue (error codes below)
    │       └── AuthNotFoundError (also NotFoundError), AuthRateLimitedError ...
    └── AuthError                                everything auth
        ├── AuthApiError (also APIError)         subclasses by GoTrue error code
        ├── AuthSessionMissingError              client-side: no session to use
        ├── InvalidJWTError                      client-side: a token failed verification
        └── SessionStorageError                  session storage unreadable/unwritable
            └── InsecureSessionStorageError      session file readable by others

    ServerAlertWarning (UserWarning)             Kinto ``Alert`` header

Secrets never appear in ``str()``, ``repr()`` or ``args`` of these exceptions: the
``request`` an :class:`APIError` or :class:`TransportError` carries is a redacted copy
(no Authorization/apikey/cookie values, no secret query parameters, no passwords or tokens
in the body), and ``response.request`` points at that copy. The original httpx exception
is chained as ``__cause__``.

The classes are defined in private submodules (``_base``: the base classes and
:class:`APIError`; ``_status``: the status-level bases; ``_transport``; ``_storage``;
``_batch``; ``_auth``) and belong to this module: import them from ``kinbase.errors``,
which is also their ``__module__``.
"""

from __future__ import annotations

from kinbase.errors._auth import (
    AuthApiError,
    AuthBadRequestError,
    AuthConflictError,
    AuthError,
    AuthForbiddenError,
    AuthNotFoundError,
    AuthRateLimitedError,
    AuthRetryableError,
    AuthServerError,
    AuthSessionMissingError,
    AuthUnauthorizedError,
    AuthUnavailableError,
    BadJWTError,
    EmailNotConfirmedError,
    InsecureSessionStorageError,
    InvalidCredentialsError,
    InvalidJWTError,
    InvalidRefreshTokenError,
    InvalidSessionError,
    MFAVerificationFailedError,
    NoAuthorizationError,
    NotAdminError,
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
from kinbase.errors._status import (
    BadRequestError,
    ConflictError,
    ForbiddenError,
    NotFoundError,
    RateLimitedError,
    ServerError,
    UnauthorizedError,
)
from kinbase.errors._storage import (
    BackendUnavailableError,
    GoneError,
    LengthRequiredError,
    MethodNotAllowedError,
    ObjectNotFoundError,
    ParentNotFoundError,
    PayloadTooLargeError,
    PreconditionFailedError,
    StorageBadRequestError,
    StorageConflictError,
    StorageError,
    StorageForbiddenError,
    StorageNotFoundError,
    StorageRateLimitedError,
    StorageServerError,
    StorageUnauthorizedError,
    TokenNotAcceptedError,
    storage_error_from_response,
)
from kinbase.errors._transport import (
    AttachmentIntegrityError,
    BackoffError,
    ClientClosedError,
    InvalidResponseError,
    OutcomeUnknownError,
    ResponseTooLargeError,
    RetryExhaustedError,
    RetryTimeoutError,
    ServerAlertWarning,
    TransportError,
)

__all__ = [
    "APIError",
    "AttachmentIntegrityError",
    "AuthApiError",
    "AuthBadRequestError",
    "AuthConflictError",
    "AuthError",
    "AuthForbiddenError",
    "AuthNotFoundError",
    "AuthRateLimitedError",
    "AuthRetryableError",
    "AuthServerError",
    "AuthSessionMissingError",
    "AuthUnauthorizedError",
    "AuthUnavailableError",
    "BackendUnavailableError",
    "BackoffError",
    "BadJWTError",
    "BadRequestError",
    "BatchError",
    "ClientClosedError",
    "ConflictError",
    "EmailNotConfirmedError",
    "ForbiddenError",
    "GoneError",
    "InsecureSessionStorageError",
    "InvalidCredentialsError",
    "InvalidInputError",
    "InvalidJWTError",
    "InvalidRefreshTokenError",
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
    "OutcomeUnknownError",
    "ParentNotFoundError",
    "PayloadTooLargeError",
    "PreconditionFailedError",
    "RateLimitedError",
    "RefreshTokenAlreadyUsedError",
    "RefreshTokenNotFoundError",
    "ResponseTooLargeError",
    "RetryExhaustedError",
    "RetryTimeoutError",
    "ServerAlertWarning",
    "ServerError",
    "SessionExpiredError",
    "SessionNotFoundError",
    "SessionStorageError",
    "StorageBadRequestError",
    "StorageConflictError",
    "StorageError",
    "StorageForbiddenError",
    "StorageNotFoundError",
    "StorageRateLimitedError",
    "StorageServerError",
    "StorageUnauthorizedError",
    "TokenNotAcceptedError",
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

# supabase_auth's class names, where kinbase's differ: ``except AuthWeakPasswordError``
# in code written for supabase_auth catches the same failures here. Aliases, not classes
# (``WeakPasswordError is AuthWeakPasswordError``); see docs/migration-supabase-auth.md.
AuthWeakPasswordError = WeakPasswordError
AuthInvalidJwtError = InvalidJWTError
UserDoesntExist = UserNotFoundError
CustomAuthError = AuthError
SUPABASE_AUTH_ALIASES: dict[str, type[KinbaseError]] = {
    "AuthWeakPasswordError": WeakPasswordError,
    "AuthInvalidJwtError": InvalidJWTError,
    "UserDoesntExist": UserNotFoundError,
    "CustomAuthError": AuthError,
}

# kinto-http.py's class names: ``except KintoException`` in code written for kinto-http
# catches every Kinto error answer, batch failures included (BatchError is a StorageError);
# ``raise KintoException("boom")`` in test doubles builds one from a message alone.
# Aliases, not classes; see docs/migration-kinto-http.md.
KintoException = StorageError
KintoBatchException = BatchError
del _public
