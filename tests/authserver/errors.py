"""The three GoTrue error shapes and their rendering.

* ``ApiError`` renders as the legacy shape ``{code: <int>, error_code, msg, error_id?}``
  or, when the request sent ``X-Supabase-Api-Version: 2024-01-01`` (or later), as
  ``{code: "<error_code>", message}``; ``x-sb-error-code`` repeats the code.
* ``WeakPasswordError`` is an ``ApiError`` (422 ``weak_password``) with a
  ``weak_password: {reasons}`` member in both shapes.
* ``OAuthError`` renders as ``{error, error_description}`` (status 400 unless told).
"""

from __future__ import annotations

import json
import uuid
from typing import Any


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message

    def extra(self) -> dict[str, Any]:
        return {}


class WeakPasswordError(ApiError):
    def __init__(self, message: str, reasons: list[str]) -> None:
        super().__init__(422, "weak_password", message)
        self.reasons = reasons

    def extra(self) -> dict[str, Any]:
        return {"weak_password": {"reasons": self.reasons}}


class OAuthError(Exception):
    def __init__(
        self,
        error: str,
        description: str = "",
        *,
        status: int = 400,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(f"{error}: {description}")
        self.error = error
        self.description = description
        self.status = status
        self.headers = headers or {}


def bad_request(code: str, message: str) -> ApiError:
    return ApiError(400, code, message)


def unauthorized(code: str, message: str) -> ApiError:
    return ApiError(401, code, message)


def forbidden(code: str, message: str) -> ApiError:
    return ApiError(403, code, message)


def not_found(code: str, message: str) -> ApiError:
    return ApiError(404, code, message)


def unprocessable(code: str, message: str) -> ApiError:
    return ApiError(422, code, message)


def validation(message: str) -> ApiError:
    return ApiError(400, "validation_failed", message)


def render(exc: BaseException, *, new_shape: bool) -> tuple[int, dict[str, str], bytes]:
    """Status, headers and JSON body for any exception raised by a handler."""
    headers: dict[str, str] = {}
    body: dict[str, Any]
    if isinstance(exc, OAuthError):
        body = {"error": exc.error}
        if exc.description:
            body["error_description"] = exc.description
        headers.update(exc.headers)
        return exc.status, headers, json.dumps(body).encode()
    if not isinstance(exc, ApiError):
        exc = ApiError(
            500,
            "unexpected_failure",
            "Unexpected failure, please check server logs for more information",
        )
    headers["x-sb-error-code"] = exc.code
    if new_shape:
        body = {"code": exc.code, "message": exc.message}
    else:
        body = {"code": exc.status, "error_code": exc.code, "msg": exc.message}
        if exc.status >= 500:
            body["error_id"] = str(uuid.uuid4())
    body.update(exc.extra())
    return exc.status, headers, json.dumps(body).encode()
