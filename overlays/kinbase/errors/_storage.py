"""Kinto error answers: :class:`StorageError` and its errno families."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import httpx

from kinbase.errors._base import APIError, _body_text, _parse_body, _request_of
from kinbase.errors._status import (
    BadRequestError,
    ConflictError,
    ForbiddenError,
    NotFoundError,
    RateLimitedError,
    ServerError,
    UnauthorizedError,
)

# kinto-http.py's explanations of a few answers (its client.py, 11.x), kept word for word
# so that messages read the same after the switch: (method, resource, status) -> hint.
_WRITE_HINT = (
    "Please check that the {parent} exists and that you have the permission to create or "
    "write on this {what}."
)
_HINTS: dict[tuple[str, str, int], str] = {
    ("PUT", "group", 403): _WRITE_HINT.format(parent="bucket", what="group"),
    ("PUT", "collection", 403): _WRITE_HINT.format(parent="bucket", what="collection"),
    ("PUT", "record", 403): _WRITE_HINT.format(parent="collection", what="collection record"),
    ("GET", "bucket", 401): "Please authenticate or make sure the bucket can be read anonymously.",
    # kinto-http raises BucketNotFound here: Kinto answers 403 for a bucket that does
    # not exist as for one you may not read
    ("GET", "bucket", 403): (
        "Please check that the bucket exists and that you have the permission to read it."
    ),
}

# /buckets/{b}, /buckets/{b}/groups/{g}, /buckets/{b}/collections/{c}[/records/{r}]
_RESOURCE_PATH = re.compile(
    r"/buckets/[^/]+(?:/(?P<kind>groups|collections)/[^/]+(?P<records>/records/[^/]+)?)?/?$"
)


def _resource_of(path: str) -> str | None:
    match = _RESOURCE_PATH.search(path)
    if match is None:
        return None
    if match["records"]:
        return "record"
    kind = match["kind"]
    return "bucket" if kind is None else kind[:-1]


def storage_hint(
    method: str, path: str, status: int, errno: int | None = None, details: Any = None
) -> str | None:
    """What kinbase adds to Kinto's message for a known answer, or ``None``.

    kinto-http.py's explanations, for the same calls: a 403 on creating (``PUT``) a group,
    collection or record ("Please check that the bucket exists and that you have the
    permission to create or write on this group."), a 401 or 403 reading a bucket; and for
    a 404 that names what is missing (``details``: ``{id, resource_name}``), which: errno
    111, a parent ("Please check that the collection 'c' exists."), errno 110, the object
    itself. ``path`` is the request's URL path (any prefix: ``/v1/buckets/b``...).
    """
    resource = _resource_of(path)
    if resource is not None:
        hint = _HINTS.get((method.upper(), resource, status))
        if hint is not None:
            return hint
    if status == 404 and isinstance(details, Mapping):
        name, ident = details.get("resource_name"), details.get("id")
        if isinstance(name, str) and isinstance(ident, str) and name and ident:
            if errno == 111:
                return f"Please check that the {name} {ident!r} exists."
            if errno == 110:
                return f"The {name} {ident!r} does not exist."
    return None


class StorageError(APIError):
    """An error answer from Kinto: ``{"code", "errno", "error", "message", "details", "info"}``.

    Also kinto-http's ``KintoException`` (``kinbase.KintoException`` is this class): it can be
    built from a message alone, ``StorageError("boom")``, or as kinto-http does,
    ``StorageError("boom", other_error)`` taking the other error's request and response.
    """

    errno: int | None
    error: str | None
    details: Any
    info: str | None

    def __init__(
        self,
        message: str = "",
        exception: BaseException | None = None,
        *,
        response: httpx.Response | None = None,
        body: Any = None,
        request: httpx.Request | None = None,
    ) -> None:
        if exception is not None and response is None:
            given = getattr(exception, "response", None)
            response = given if isinstance(given, httpx.Response) else None
            sent = getattr(exception, "request", None)
            if request is None and isinstance(sent, httpx.Request):
                request = sent
            if body is None:
                body = getattr(exception, "body", None)
        fields = body if isinstance(body, Mapping) else {}
        errno = fields.get("errno")
        self.errno = errno if isinstance(errno, int) and not isinstance(errno, bool) else None
        error = fields.get("error")
        self.error = str(error) if error is not None else None
        self.details = fields.get("details")
        info = fields.get("info")
        self.info = str(info) if info is not None else None
        if response is not None:
            sent = request if request is not None else _request_of(response)
            self.hint = storage_hint(
                sent.method, sent.url.path, response.status_code, self.errno, self.details
            )
        super().__init__(message, response=response, body=body, request=request)

    def _detail_suffix(self) -> str:
        return f" (errno {self.errno})" if self.errno is not None else ""

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(status_code={self.status_code}, errno={self.errno}, "
            f"message={self.message!r}, request={self.request!r})"
        )


class StorageBadRequestError(StorageError, BadRequestError):
    """400: bad JSON (106), invalid parameters (107), missing parameter (108) or invalid
    posted data (109). ``details`` lists ``{location, name, description}``."""


class StorageUnauthorizedError(StorageError, UnauthorizedError):
    """401: missing or wrong credentials (104) or invalid token (105)."""


#: Set on a response (``response.extensions``) by the session auth when the server refused
#: an access token the auth server had just issued.
REFUSED_FRESH_TOKEN = "kinbase.refused_fresh_token"

_NOT_TRUSTED = (
    "Kinto refused an access token the auth server issued moments ago: this Kinto does "
    "not accept the auth server's tokens, so kinbase stopped refreshing (each refresh "
    "would only spend a refresh token). Enable Kinto's OpenID Connect policy for the auth "
    "server: name a policy in `multiauth.policies`, with "
    "`multiauth.policy.<name>.use = kinto.plugins.openid.OpenIDConnectPolicy` and "
    "`multiauth.policy.<name>.issuer` = the auth server's URL"
)


class TokenNotAcceptedError(StorageUnauthorizedError):
    """401 for a token fresh from the auth server: Kinto does not trust that auth server
    (its OpenID Connect policy is missing or names another issuer). The message names the
    Kinto settings to change; ``server_message`` is Kinto's own."""

    server_message: str


class StorageForbiddenError(StorageError, ForbiddenError):
    """403 (121): not allowed (also for a missing bucket you cannot read)."""


class StorageNotFoundError(StorageError, NotFoundError):
    """404."""


class ObjectNotFoundError(StorageNotFoundError):
    """404 errno 110: the object is missing (``details``: ``{id, resource_name}``)."""


class ParentNotFoundError(StorageNotFoundError):
    """404 errno 111: its parent (bucket, collection) or the URL is missing."""


class MethodNotAllowedError(StorageError):
    """405 (115)."""


class StorageConflictError(StorageError, ConflictError):
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
        """The server's current object (``details.existing``), or ``None``."""
        return self.details.get("existing") if isinstance(self.details, Mapping) else None


class PayloadTooLargeError(StorageError):
    """413 (113): request body too large."""


class StorageRateLimitedError(StorageError, RateLimitedError):
    """429 (117): client reached capacity; see ``retry_after``."""


class StorageServerError(StorageError, ServerError):
    """5xx (999 and others)."""


class BackendUnavailableError(StorageServerError):
    """503 (201): a storage backend is down; see ``retry_after``."""


_STORAGE_BY_ERRNO: dict[int, type[StorageError]] = {
    104: StorageUnauthorizedError,
    105: StorageUnauthorizedError,
    106: StorageBadRequestError,
    107: StorageBadRequestError,
    108: StorageBadRequestError,
    109: StorageBadRequestError,
    110: ObjectNotFoundError,
    111: ParentNotFoundError,
    112: LengthRequiredError,
    113: PayloadTooLargeError,
    114: PreconditionFailedError,
    115: MethodNotAllowedError,
    116: StorageNotFoundError,  # version not available
    117: StorageRateLimitedError,
    121: StorageForbiddenError,
    122: StorageConflictError,
    201: BackendUnavailableError,
    202: GoneError,
}

_STORAGE_BY_STATUS: dict[int, type[StorageError]] = {
    400: StorageBadRequestError,
    401: StorageUnauthorizedError,
    403: StorageForbiddenError,
    404: StorageNotFoundError,
    405: MethodNotAllowedError,
    409: StorageConflictError,
    410: GoneError,
    411: LengthRequiredError,
    412: PreconditionFailedError,
    413: PayloadTooLargeError,
    422: StorageBadRequestError,
    429: StorageRateLimitedError,
    503: BackendUnavailableError,
}


def _storage_class(status: int, errno: object) -> type[StorageError]:
    if isinstance(errno, int) and errno in _STORAGE_BY_ERRNO:
        return _STORAGE_BY_ERRNO[errno]
    if status in _STORAGE_BY_STATUS:
        return _STORAGE_BY_STATUS[status]
    if status >= 500:
        return StorageServerError
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
    if cls is StorageUnauthorizedError and response.extensions.get(REFUSED_FRESH_TOKEN):
        error = TokenNotAcceptedError(
            f"{_NOT_TRUSTED} (Kinto: {message})", response=response, body=body
        )
        error.server_message = message
        return error
    return cls(message, response=response, body=body)
