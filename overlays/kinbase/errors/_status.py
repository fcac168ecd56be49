"""Status-level error bases shared by both APIs.

``except RateLimitedError`` catches Kinto's 429 (:class:`~kinbase.errors.StorageRateLimitedError`)
and GoTrue's (:class:`~kinbase.errors.AuthRateLimitedError`) alike; the same for the other
statuses below. Each API's classes derive from its own base (``StorageError``,
``AuthApiError``) *and* from the status base of the answer.
"""

from __future__ import annotations

from kinbase.errors._base import APIError


class BadRequestError(APIError):
    """400 or 422: the server refused the request's content."""


class UnauthorizedError(APIError):
    """401: missing or wrong credentials."""


class ForbiddenError(APIError):
    """403: the credentials were understood and are not allowed to do this."""


class NotFoundError(APIError):
    """404: what the request names does not exist (or cannot be seen)."""


class ConflictError(APIError):
    """409: the request conflicts with the current state (or a concurrent request)."""


class RateLimitedError(APIError):
    """429 (or GoTrue's ``over_*_rate_limit`` codes): too many requests; slow down."""


class ServerError(APIError):
    """5xx: the server failed."""
