"""Storage errors as kinto-http.py users handle them (issue 14, item 2), against the real
Kinto, sync and async: kinto-http's hints in the message, ``except KintoException`` (that is
``StorageError``) catching batch failures, ``e.request.method``/``e.request.path_url`` and
``e.response.status_code``."""

from __future__ import annotations

import kinbase
import pytest
from kinbase.errors import (
    BatchError,
    ParentNotFoundError,
    StorageError,
    StorageForbiddenError,
    StorageUnauthorizedError,
)

from tests.servers import KintoServer
from tests.storage.conftest import MakeClient, Runner, sign_up


def test_create_in_a_missing_bucket_says_what_kinto_http_says(kb: Runner) -> None:
    with pytest.raises(kinbase.KintoException) as group:
        kb.create_group(id="g", bucket="missing", data={"members": []})
    assert isinstance(group.value, StorageForbiddenError)
    assert (
        "Please check that the bucket exists and that you have the permission to create or "
        "write on this group." in str(group.value)
    )
    assert group.value.request is not None and group.value.response is not None
    assert group.value.request.method == "PUT"
    assert group.value.request.path_url == "/v1/buckets/missing/groups/g"
    assert group.value.response.status_code == 403
    with pytest.raises(StorageError, match=r"create or write on this collection\.$"):
        kb.create_collection(id="c", bucket="missing")


def test_create_a_record_without_the_permission_says_what_kinto_http_says(
    kinto: KintoServer, make_client: MakeClient, kbc: Runner
) -> None:
    bob = make_client(kinto.url, auth=sign_up(kinto.url, "bob"), bucket="b", collection="c")
    with pytest.raises(StorageForbiddenError) as info:
        bob.create_record(id="r", data={})
    assert str(info.value).endswith(
        "Please check that the collection exists and that you have the permission to "
        "create or write on this collection record."
    )


def test_a_missing_parent_collection_is_named(kb: Runner) -> None:
    kb.create_bucket(id="b")
    with pytest.raises(ParentNotFoundError) as missing:
        kb.create_record(id="r", collection="nope", data={})
    assert str(missing.value).endswith("Please check that the collection 'nope' exists.")
    assert missing.value.request is not None
    assert missing.value.request.path_url == "/v1/buckets/b/collections/nope/records/r"


def test_reading_a_bucket_anonymously_says_to_authenticate(
    kinto: KintoServer, make_client: MakeClient, kb: Runner
) -> None:
    kb.create_bucket(id="b")
    anonymous = make_client(kinto.url)
    with pytest.raises(StorageUnauthorizedError) as info:
        anonymous.get_bucket(id="b")
    assert str(info.value).endswith(
        "Please authenticate or make sure the bucket can be read anonymously."
    )
    # kinto-http's BucketNotFound: Kinto answers 403 for a bucket that does not exist
    with pytest.raises(StorageForbiddenError) as forbidden:
        kb.get_bucket(id="missing")
    assert forbidden.value.hint == (
        "Please check that the bucket exists and that you have the permission to read it."
    )


def test_except_kinto_exception_catches_a_failed_batch(kbc: Runner) -> None:
    kbc.create_record(id="exists", data={})
    with pytest.raises(kinbase.KintoException) as info, kbc.batch() as b:
        b.create_record(id="a", data={})
        b.create_record(id="exists", data={})  # 412: the batch fails
    error = info.value
    assert isinstance(error, BatchError) and isinstance(error, kinbase.KintoBatchException)
    assert error.response is None and error.status_code is None  # many answers, not one
    assert [getattr(x.response, "status_code", None) for x in error.exceptions] == [412]
    assert "batch failed: 1 of 2 sub-requests failed" in str(error)
