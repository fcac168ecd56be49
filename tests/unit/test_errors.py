"""The exception hierarchy, Kinto errno / GoTrue code mapping, and secret hygiene."""

from __future__ import annotations

import pickle
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest
from kinbase import errors as e

SECRET = "s3cr3t-VALUE"


def _request(method: str = "PUT", url: str = "https://kinto.example/v1/buckets/b") -> httpx.Request:
    return httpx.Request(
        method,
        url,
        headers={"Authorization": f"Bearer {SECRET}", "apikey": SECRET},
        json={"data": {"password": SECRET, "title": "hello"}},
    )


def _response(
    status: int,
    body: Any = None,
    *,
    text: str | None = None,
    headers: dict[str, str] | None = None,
    request: httpx.Request | None = None,
) -> httpx.Response:
    request = request or _request()
    if text is not None:
        return httpx.Response(status, text=text, headers=headers, request=request)
    return httpx.Response(status, json=body, headers=headers, request=request)


def _kinto(status: int, errno: int, **extra: Any) -> httpx.Response:
    body = {"code": status, "errno": errno, "error": "Some Error", "message": "msg", **extra}
    return _response(status, body)


# --------------------------------------------------------------------------- hierarchy


def test_hierarchy() -> None:
    assert issubclass(e.InvalidInputError, ValueError)
    assert issubclass(e.InvalidInputError, e.KinbaseError)
    assert issubclass(e.RetryTimeoutError, e.RetryExhaustedError)
    assert issubclass(e.RetryExhaustedError, e.TransportError)
    assert issubclass(e.StorageError, e.APIError)
    assert issubclass(e.AuthApiError, e.AuthError)
    assert issubclass(e.AuthApiError, e.APIError)
    assert issubclass(e.AuthSessionMissingError, e.AuthError)
    assert not issubclass(e.AuthSessionMissingError, e.APIError)
    assert issubclass(e.BackendUnavailableError, e.ServerError)
    assert issubclass(e.ObjectNotFoundError, e.NotFoundError)
    assert issubclass(e.RefreshTokenAlreadyUsedError, e.InvalidSessionError)
    for name in e.__all__:
        obj = getattr(e, name)
        if isinstance(obj, type) and name != "ServerAlertWarning":
            assert issubclass(obj, e.KinbaseError), name


# --------------------------------------------------------------------------- storage


@pytest.mark.parametrize(
    ("status", "errno", "cls"),
    [
        (401, 104, e.StorageUnauthorizedError),
        (401, 105, e.StorageUnauthorizedError),
        (400, 106, e.StorageBadRequestError),
        (400, 107, e.StorageBadRequestError),
        (400, 108, e.StorageBadRequestError),
        (400, 109, e.StorageBadRequestError),
        (404, 110, e.ObjectNotFoundError),
        (404, 111, e.ParentNotFoundError),
        (411, 112, e.LengthRequiredError),
        (413, 113, e.PayloadTooLargeError),
        (412, 114, e.PreconditionFailedError),
        (405, 115, e.MethodNotAllowedError),
        (404, 116, e.StorageNotFoundError),
        (429, 117, e.StorageRateLimitedError),
        (403, 121, e.StorageForbiddenError),
        (409, 122, e.StorageConflictError),
        (503, 201, e.BackendUnavailableError),
        (410, 202, e.GoneError),
        (500, 999, e.StorageServerError),
    ],
)
def test_storage_errno_mapping(status: int, errno: int, cls: type[e.StorageError]) -> None:
    exc = e.storage_error_from_response(_kinto(status, errno))
    assert type(exc) is cls
    assert exc.status_code == status
    assert exc.errno == errno
    assert exc.error == "Some Error"
    assert exc.message == "msg"
    assert f"errno {errno}" in str(exc)
    assert f"HTTP {status}" in str(exc)


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (400, e.StorageBadRequestError),
        (401, e.StorageUnauthorizedError),
        (403, e.StorageForbiddenError),
        (404, e.StorageNotFoundError),
        (409, e.StorageConflictError),
        (412, e.PreconditionFailedError),
        (429, e.StorageRateLimitedError),
        (500, e.StorageServerError),
        (502, e.StorageServerError),
        (503, e.BackendUnavailableError),
        (418, e.StorageError),
    ],
)
def test_storage_unknown_errno_maps_by_status(status: int, cls: type[e.StorageError]) -> None:
    exc = e.storage_error_from_response(_kinto(status, 4242))
    assert type(exc) is cls
    assert exc.errno == 4242


def test_storage_non_json_body_is_still_an_error() -> None:
    html = "<html><body>" + "Bad gateway " * 100 + "</body></html>"
    exc = e.storage_error_from_response(_response(502, text=html))
    assert type(exc) is e.StorageServerError
    assert exc.errno is None and exc.body is None
    assert exc.message.startswith("<html><body>Bad gateway")
    assert len(exc.message) <= e.MAX_TEXT_IN_MESSAGE + 3
    empty = e.storage_error_from_response(_response(504, text=""))
    assert empty.message == "Gateway Timeout"


def test_precondition_failed_carries_existing() -> None:
    existing = {"id": "r1", "last_modified": 1234, "title": "theirs"}
    exc = e.storage_error_from_response(_kinto(412, 114, details={"existing": existing}))
    assert isinstance(exc, e.PreconditionFailedError)
    assert exc.existing == existing
    bare = e.storage_error_from_response(_kinto(412, 114))
    assert isinstance(bare, e.PreconditionFailedError)
    assert bare.existing is None


def test_bad_request_details_and_info() -> None:
    details = [{"location": "querystring", "name": "_limit", "description": "bad"}]
    exc = e.storage_error_from_response(
        _kinto(400, 107, details=details, info="https://docs.example")
    )
    assert exc.details == details
    assert exc.info == "https://docs.example"


def test_retry_after_property() -> None:
    response = _response(
        503, {"code": 503, "errno": 201, "error": "x"}, headers={"Retry-After": "3"}
    )
    exc = e.storage_error_from_response(response)
    assert exc.retry_after == 3.0
    assert e.storage_error_from_response(_kinto(404, 110)).retry_after is None


# --------------------------------------------------------------------------- auth


def _auth(status: int, body: Any, headers: dict[str, str] | None = None) -> e.AuthApiError:
    request = _request("POST", "https://auth.example/token?grant_type=password")
    return e.auth_error_from_response(_response(status, body, headers=headers, request=request))


def test_auth_legacy_shape() -> None:
    exc = _auth(
        400, {"code": 400, "error_code": "invalid_credentials", "msg": "Invalid login credentials"}
    )
    assert type(exc) is e.InvalidCredentialsError
    assert exc.code == "invalid_credentials"
    assert exc.message == "Invalid login credentials"
    assert exc.status_code == 400


def test_auth_new_shape() -> None:
    exc = _auth(400, {"code": "refresh_token_already_used", "message": "Already Used"})
    assert type(exc) is e.RefreshTokenAlreadyUsedError
    assert isinstance(exc, e.InvalidSessionError)
    assert exc.message == "Already Used"


def test_auth_oauth_shape() -> None:
    exc = _auth(400, {"error": "unsupported_grant_type", "error_description": "nope"})
    assert type(exc) is e.AuthBadRequestError
    assert exc.code == "unsupported_grant_type"
    assert exc.message == "nope"
    legacy = _auth(
        400, {"error": "invalid_grant", "error_description": "Invalid login credentials"}
    )
    assert type(legacy) is e.InvalidCredentialsError


def test_auth_header_code_fills_in() -> None:
    exc = _auth(404, {"code": 404, "msg": "User not found"}, {"x-sb-error-code": "user_not_found"})
    assert type(exc) is e.UserNotFoundError
    assert exc.message == "User not found"
    assert exc.code == "user_not_found"


@pytest.mark.parametrize(
    ("code", "cls"),
    [
        ("invalid_credentials", e.InvalidCredentialsError),
        ("email_exists", e.UserAlreadyExistsError),
        ("user_already_exists", e.UserAlreadyExistsError),
        ("session_not_found", e.SessionNotFoundError),
        ("session_expired", e.SessionExpiredError),
        ("refresh_token_not_found", e.RefreshTokenNotFoundError),
        ("refresh_token_already_used", e.RefreshTokenAlreadyUsedError),
        ("user_banned", e.UserBannedError),
        ("bad_jwt", e.BadJWTError),
        ("no_authorization", e.NoAuthorizationError),
        ("not_admin", e.NotAdminError),
        ("user_not_found", e.UserNotFoundError),
        ("validation_failed", e.ValidationFailedError),
        ("mfa_verification_failed", e.MFAVerificationFailedError),
        ("over_request_rate_limit", e.AuthRateLimitedError),
        ("over_email_send_rate_limit", e.AuthRateLimitedError),
        ("over_future_thing_rate_limit", e.AuthRateLimitedError),
        ("conflict", e.AuthConflictError),
        ("unexpected_failure", e.AuthBadRequestError),  # unknown code: by status
    ],
)
def test_auth_codes(code: str, cls: type[e.AuthApiError]) -> None:
    exc = _auth(400, {"code": code, "message": "m"})
    assert type(exc) is cls
    assert f"[{code}]" in str(exc)


def test_weak_password_reasons() -> None:
    body = {
        "code": "weak_password",
        "message": "Password is too weak",
        "weak_password": {"reasons": ["length", "pwned"]},
    }
    exc = _auth(422, body)
    assert isinstance(exc, e.WeakPasswordError)
    assert exc.reasons == ["length", "pwned"]
    assert _auth(422, {"code": "weak_password"}).reasons == []  # type: ignore[attr-defined]


def test_auth_status_fallbacks() -> None:
    assert type(_auth(429, {"message": "slow down"})) is e.AuthRateLimitedError
    assert type(_auth(502, None)) is e.AuthUnavailableError
    assert isinstance(_auth(502, None), e.AuthRetryableError)
    assert type(_auth(401, None)) is e.AuthUnauthorizedError
    assert type(_auth(403, None)) is e.AuthForbiddenError
    assert type(_auth(404, None)) is e.AuthNotFoundError
    assert type(_auth(422, None)) is e.AuthBadRequestError
    assert type(_auth(418, None)) is e.AuthApiError
    exc = e.auth_error_from_response(_response(500, text="oops"))
    assert type(exc) is e.AuthServerError
    assert exc.code is None and exc.message == "oops"


@pytest.mark.parametrize(
    ("status", "base"),
    [
        (400, e.BadRequestError),
        (401, e.UnauthorizedError),
        (403, e.ForbiddenError),
        (404, e.NotFoundError),
        (409, e.ConflictError),
        (422, e.BadRequestError),
        (429, e.RateLimitedError),
        (500, e.ServerError),
        (503, e.ServerError),
    ],
)
def test_one_status_base_catches_both_apis(status: int, base: type[e.APIError]) -> None:
    """``except RateLimitedError`` (and the other status bases) catches Kinto's answer and
    GoTrue's alike, whatever errno or error code came with it."""
    kinto = e.storage_error_from_response(_kinto(status, 4242))
    gotrue = _auth(status, {"code": "some_new_code", "message": "m"})
    for exc in (kinto, gotrue):
        with pytest.raises(base):
            raise exc
    assert isinstance(kinto, e.StorageError) and isinstance(gotrue, e.AuthApiError)
    assert not isinstance(kinto, e.AuthError)


def test_gotrue_codes_carry_their_status_base() -> None:
    assert isinstance(_auth(429, {"code": "over_email_send_rate_limit"}), e.RateLimitedError)
    assert isinstance(_auth(404, {"code": "user_not_found"}), e.NotFoundError)
    assert isinstance(_auth(401, {"code": "no_authorization"}), e.UnauthorizedError)
    assert isinstance(_auth(403, {"code": "not_admin"}), e.ForbiddenError)
    assert isinstance(_auth(409, {"code": "conflict"}), e.ConflictError)
    assert isinstance(_auth(422, {"code": "weak_password"}), e.BadRequestError)


def test_client_side_auth_errors() -> None:
    assert "sign in" in str(e.AuthSessionMissingError())


# --------------------------------------------------------------------------- secrets


def _assert_no_secret(exc: BaseException) -> None:
    shown = [str(exc), repr(exc), repr(exc.args)]
    request = getattr(exc, "request", None)
    if request is not None:
        shown += [repr(request), str(request.url), repr(request.headers), repr(request.content)]
    response = getattr(exc, "response", None)
    if response is not None:
        shown += [repr(response.request), str(response.request.url), repr(response.headers)]
    for text in shown:
        assert SECRET not in text, text


def test_api_errors_never_show_secrets() -> None:
    request = _request("POST", f"https://auth.example/verify?token={SECRET}&type=signup")
    for exc in (
        e.storage_error_from_response(_response(412, {"errno": 114}, request=request)),
        e.auth_error_from_response(_response(400, {"code": "bad_jwt"}, request=request)),
        e.storage_error_from_response(_response(500, text="boom", request=request)),
    ):
        _assert_no_secret(exc)
        assert exc.request.method == "POST"
        assert exc.response.request is exc.request
        assert "type=signup" in str(exc)


def test_transport_error_never_shows_secrets() -> None:
    request = _request("GET", f"https://auth.example/cb?code={SECRET}")
    try:
        try:
            raise httpx.ConnectError(f"cannot connect {SECRET}", request=request)
        except httpx.ConnectError as cause:
            raise e.RetryExhaustedError(
                "ConnectError on GET ...", request=request, attempts=4, elapsed=1.5
            ) from cause
    except e.RetryExhaustedError as exc:
        _assert_no_secret(exc)
        assert exc.attempts == 4 and exc.elapsed == 1.5
        assert isinstance(exc.__cause__, httpx.ConnectError)
        assert "attempts=4" in repr(exc)


def test_pickle_round_trip() -> None:
    exc = e.storage_error_from_response(_kinto(412, 114, details={"existing": {"id": "a"}}))
    clone = pickle.loads(pickle.dumps(exc))
    assert type(clone) is e.PreconditionFailedError
    assert clone.existing == {"id": "a"}
    assert str(clone) == str(exc)
    backoff = pickle.loads(pickle.dumps(e.BackoffError("wait", seconds_remaining=2.0)))
    assert backoff.seconds_remaining == 2.0


def test_pickles_name_the_public_module_and_load_in_a_fresh_process() -> None:
    """The classes live in private submodules; pickles name ``kinbase.errors`` only."""
    excs = [
        e.storage_error_from_response(_kinto(412, 114, details={"existing": {"id": "a"}})),
        e.auth_error_from_response(_response(422, {"code": "weak_password", "message": "m"})),
        e.RetryTimeoutError("t", request=_request(), attempts=3, elapsed=1.5),
        e.BackoffError("wait", seconds_remaining=2.0),
        e.AuthSessionMissingError(),
    ]
    data = pickle.dumps(excs)
    assert b"kinbase.errors._" not in data
    code = (
        "import pickle, sys; excs = pickle.load(sys.stdin.buffer); "
        "print('\\n'.join(f'{type(x).__module__}.{type(x).__name__}|{x}' for x in excs))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], input=data, capture_output=True, check=True
    ).stdout.decode()
    assert out.splitlines() == [f"kinbase.errors.{type(x).__name__}|{x}" for x in excs]


def test_public_names_belong_to_kinbase_errors() -> None:
    for name in [*e.__all__, "BatchOutcome"]:
        assert getattr(e, name).__module__ == "kinbase.errors", name


def test_reference_page_lists_every_public_name() -> None:
    page = Path(__file__).resolve().parents[2] / "docs" / "reference" / "errors.md"
    listed = re.findall(r"(?m)^ +- (\w+)$", page.read_text(encoding="utf-8"))
    missing = set(e.__all__) - set(listed)
    assert not missing, f"add to the members of docs/reference/errors.md: {sorted(missing)}"


def test_response_without_request() -> None:
    response = httpx.Response(404, json={"errno": 110, "message": "missing"})
    exc = e.storage_error_from_response(response)
    assert isinstance(exc, e.ObjectNotFoundError)


def test_server_alert_warning_text() -> None:
    from kinbase._server_headers import ServerAlert

    warning = e.ServerAlertWarning(ServerAlert(message="EOL soon", code="soft-eol", url="u"))
    assert str(warning) == "server alert (soft-eol): EOL soon (see u)"
    assert warning.alert.code == "soft-eol"


def test_server_alert_warning_pickles() -> None:
    import pickle

    from kinbase._server_headers import ServerAlert
    from kinbase.errors import ServerAlertWarning

    warning = ServerAlertWarning(ServerAlert("end of service", code="eos", url="https://x.test"))
    copy = pickle.loads(pickle.dumps(warning))
    assert type(copy) is ServerAlertWarning
    assert copy.alert == warning.alert and str(copy) == str(warning)
