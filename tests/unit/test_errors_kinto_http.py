"""Storage errors as kinto-http.py users handle them (issue 14, item 2), sans-I/O: its
explanatory hints, ``KintoException``/``KintoBatchException`` catching what they catch, an
error built from a message alone, ``e.request.method``/``e.request.path_url``."""

from __future__ import annotations

import pickle
from typing import Any

import httpx
import kinbase
import pytest
from kinbase import errors as e
from kinbase.errors._storage import storage_hint

SECRET = "s3cr3t-VALUE"
FORBIDDEN = {
    "code": 403,
    "errno": 121,
    "error": "Forbidden",
    "message": "This user cannot access this resource.",
}
GROUP_HINT = (
    "Please check that the bucket exists and that you have the permission to create or "
    "write on this group."
)


def _answer(method: str, path: str, status: int, body: Any) -> httpx.Response:
    request = httpx.Request(
        method,
        f"https://kinto.example/v1{path}?token={SECRET}",
        headers={"Authorization": f"Bearer {SECRET}"},
    )
    return httpx.Response(status, json=body, request=request)


# --------------------------------------------------------------------------- hints


@pytest.mark.parametrize(
    ("method", "path", "status", "expected"),
    [
        ("PUT", "/v1/buckets/b/groups/g", 403, GROUP_HINT),
        (
            "PUT",
            "/v1/buckets/b/collections/c",
            403,
            "Please check that the bucket exists and that you have the permission to "
            "create or write on this collection.",
        ),
        (
            "PUT",
            "/v1/buckets/b/collections/c/records/r",
            403,
            "Please check that the collection exists and that you have the permission to "
            "create or write on this collection record.",
        ),
        (
            "get",
            "/buckets/b",
            401,
            "Please authenticate or make sure the bucket can be read anonymously.",
        ),
        (
            "GET",
            "/prefix/v1/buckets/b/",
            403,
            "Please check that the bucket exists and that you have the permission to read it.",
        ),
    ],
)
def test_kinto_http_hints_by_method_resource_and_status(
    method: str, path: str, status: int, expected: str
) -> None:
    assert storage_hint(method, path, status) == expected


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("PATCH", "/v1/buckets/b/groups/g", 403),  # kinto-http explains creates (PUT) only
        ("PUT", "/v1/buckets/b/groups/g", 412),
        ("DELETE", "/v1/buckets/b/collections/c/records/r", 403),
        ("PUT", "/v1/buckets/b/collections/c/records", 403),  # a list, not a record
        ("GET", "/v1/buckets", 403),
        ("PUT", "/v1/accounts/alice", 403),
    ],
)
def test_no_hint_where_kinto_http_gives_none(method: str, path: str, status: int) -> None:
    assert storage_hint(method, path, status) is None


def test_404_hints_name_what_is_missing_from_kintos_details() -> None:
    parent = {"id": "c", "resource_name": "collection"}
    assert (
        storage_hint("PUT", "/v1/buckets/b/collections/c/records/r", 404, 111, parent)
        == "Please check that the collection 'c' exists."
    )
    itself = {"id": "r1", "resource_name": "record"}
    assert storage_hint("GET", "/x", 404, 110, itself) == "The record 'r1' does not exist."
    assert storage_hint("GET", "/x", 404, 111, {"id": 3}) is None  # not Kinto's details
    assert storage_hint("GET", "/x", 404, 111, None) is None
    assert storage_hint("GET", "/x", 404, 116, parent) is None


def test_the_hint_ends_the_message_and_str_not_the_servers_message() -> None:
    error = e.storage_error_from_response(_answer("PUT", "/buckets/b/groups/g", 403, FORBIDDEN))
    assert isinstance(error, e.StorageForbiddenError)
    assert error.hint == GROUP_HINT
    assert error.message == "This user cannot access this resource."
    assert str(error).endswith(f": This user cannot access this resource. {GROUP_HINT}")
    assert SECRET not in str(error) and SECRET not in repr(error)
    # no hint: the message stands alone, a message without a full stop gets one
    other = e.storage_error_from_response(_answer("PATCH", "/buckets/b/groups/g", 403, FORBIDDEN))
    assert other.hint is None and str(other).endswith(": This user cannot access this resource.")
    missing = {"code": 404, "errno": 111, "error": "Not Found"}
    missing["details"] = {"id": "c", "resource_name": "collection"}  # type: ignore[assignment]
    parent = e.storage_error_from_response(
        _answer("GET", "/buckets/b/collections/c/records", 404, missing)
    )
    assert isinstance(parent, e.ParentNotFoundError)
    assert str(parent).endswith(": Not Found. Please check that the collection 'c' exists.")


# --------------------------------------------------------------------------- family


def test_batch_error_is_a_storage_error_and_kinto_http_names_are_aliases() -> None:
    assert issubclass(e.BatchError, e.StorageError)
    assert kinbase.KintoException is e.StorageError is e.KintoException
    assert kinbase.KintoBatchException is e.BatchError is e.KintoBatchException
    outcome = e.BatchOutcome(index=0, chunk=0, method="PUT", path="/buckets/b", status=403)
    outcome.outcome = "failed"
    outcome.error = e.storage_error_from_response(_answer("PUT", "/buckets/b", 403, FORBIDDEN))
    error = e.BatchError(
        outcomes=[outcome],
        committed_chunks=[],
        rolled_back_chunks=[],
        unknown_chunks=[],
        unsent_chunks=[],
        results=[None],
    )
    with pytest.raises(kinbase.KintoException) as caught:
        raise error
    # one error for many answers: no single request/response, as KintoBatchException
    assert caught.value.request is None and caught.value.response is None
    assert caught.value.status_code is None and caught.value.errno is None
    assert caught.value.exceptions == caught.value.errors == [outcome.error]
    assert str(error).startswith("batch failed: 1 of 1 sub-requests failed")
    assert error.message == str(error)
    assert pickle.loads(pickle.dumps(error)).outcomes[0].outcome == "failed"


# --------------------------------------------------------------------------- message alone


@pytest.mark.parametrize(
    "cls", [e.StorageError, e.ObjectNotFoundError, e.StorageForbiddenError, e.BatchError]
)
def test_an_error_from_a_message_alone(cls: type[e.StorageError]) -> None:
    error = cls("boom")
    assert str(error) == "boom" and error.message == "boom"
    assert error.request is None and error.response is None and error.status_code is None
    assert error.retry_after is None and error.hint is None
    assert repr(error).startswith(type(error).__name__ + "(")
    assert "boom" in repr(error) or cls is e.BatchError
    again = pickle.loads(pickle.dumps(error))
    assert type(again) is cls and str(again) == "boom"


def test_batch_error_built_as_kinto_http_builds_kinto_batch_exception() -> None:
    """``KintoBatchException(exceptions, results)``: test doubles build it so."""
    first, second = kinbase.KintoException("first failed"), kinbase.KintoException("second")
    error = kinbase.KintoBatchException([first, second], [({"responses": []}, {})])
    assert error.exceptions == error.errors == [first, second]
    assert str(error) == error.message == "first failed\nsecond"
    assert error.results == [({"responses": []}, {})]
    assert isinstance(error, kinbase.KintoException) and error.response is None
    again = pickle.loads(pickle.dumps(error))
    assert [str(x) for x in again.exceptions] == ["first failed", "second"]
    assert e.BatchError("boom").exceptions == []


def test_kinto_exception_without_arguments_and_getattr_status_as_kinto_http_code_does() -> None:
    error = kinbase.KintoException()
    assert str(error) == "" and error.message == ""
    assert getattr(error.response, "status_code", None) is None


def test_kinto_exception_wrapping_another_takes_its_request_and_response() -> None:
    answer = _answer("PUT", "/buckets/b/groups/g", 403, FORBIDDEN)
    cause = e.storage_error_from_response(answer)
    wrapped = kinbase.KintoException("Unauthorized.", cause)
    assert wrapped.response is not None and wrapped.response.status_code == 403
    assert wrapped.errno == 121 and wrapped.hint == GROUP_HINT
    assert wrapped.message == "Unauthorized."

    # something that is not httpx's (a requests exception, a mock) is not taken
    class Foreign(Exception):
        request = object()
        response = object()

    foreign = kinbase.KintoException("x", Foreign())
    assert foreign.request is None and foreign.response is None and str(foreign) == "x"


# --------------------------------------------------------------------------- .request


def test_request_offers_method_and_path_url_without_secrets() -> None:
    error = e.storage_error_from_response(_answer("PUT", "/buckets/b/groups/g", 403, FORBIDDEN))
    assert error.request is not None and error.response is not None
    assert error.request.method == "PUT"
    assert error.request.path_url == "/v1/buckets/b/groups/g?token=REDACTED"
    assert error.response.status_code == 403 and error.response.request is error.request
    assert repr(error.request).startswith("<Request('PUT', ")
    copy = pickle.loads(pickle.dumps(error))
    assert copy.request is not None and copy.request.path_url == error.request.path_url


def test_transport_errors_offer_path_url_too() -> None:
    request = httpx.Request("GET", f"https://kinto.example/v1/buckets?_limit=2&token={SECRET}")
    error = e.TransportError("boom", request=request)
    assert error.request.path_url == "/v1/buckets?_limit=2&token=REDACTED"
