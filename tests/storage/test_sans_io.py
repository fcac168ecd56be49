"""The I/O-free parts of the storage client: auth arguments, request building, batch logic."""

from __future__ import annotations

import json

import httpx
import pytest
from kinbase._http.auth import HeaderAuth, resolve_auth
from kinbase.errors import BatchError, InvalidInputError, RetryExhaustedError, ServerError
from kinbase.storage import BasicPatch, JSONPatch, MergePatch, _requests
from kinbase.storage._batch import BatchTracker, batch_call, chunk_bounds, sub_request
from kinbase.storage._pagination import next_page_params, page_budget

RECORD = _requests.RESOURCES["record"]
PATH = ("b", "c", "r")


def _auth_header(auth: httpx.Auth | None) -> str | None:
    request = httpx.Request("GET", "http://x/")
    assert auth is not None
    return next(auth.auth_flow(request)).headers.get("authorization")


def test_resolve_auth_forms() -> None:
    basic = httpx.BasicAuth("u", "p")._auth_header
    assert resolve_auth(None) is None
    assert _auth_header(resolve_auth(("u", "p"))) == basic
    assert _auth_header(resolve_auth("u:p")) == basic
    assert (
        _auth_header(resolve_auth("u:p:with:colons"))
        == httpx.BasicAuth("u", "p:with:colons")._auth_header
    )
    bearer = resolve_auth("Bearer abc.def")
    assert isinstance(bearer, HeaderAuth)
    assert _auth_header(bearer) == "Bearer abc.def"
    assert "abc.def" not in repr(bearer)
    assert "secret" not in repr(resolve_auth(("u", "secret")))
    for bad in (42, ("u",), ("u", 1), "nothing", ":p"):
        with pytest.raises(InvalidInputError):
            resolve_auth(bad)

    class NotAuth:
        def as_httpx_auth(self) -> object:
            return "nope"

    with pytest.raises(InvalidInputError):
        resolve_auth(NotAuth())


def test_etag_and_if_match_rules() -> None:
    assert (
        _requests.etag(12) == '"12"'
        and _requests.etag("12") == '"12"'
        and _requests.etag('"12"') == '"12"'
    )
    for bad in (True, -1, "abc", 1.5, None):
        with pytest.raises(InvalidInputError):
            _requests.etag(bad)
    assert _requests.if_match_header(True, None, {"last_modified": 5}) == '"5"'
    assert _requests.if_match_header(False, 5) is _requests._UNSET
    assert _requests.if_match_header(True, None, {}) is _requests._UNSET


def test_list_params_map_to_generated_arguments() -> None:
    call = _requests.list_call(
        RECORD.list_page,
        ("b", "c"),
        {
            "_limit": 3,
            "_sort": ["-a", "b"],
            "_since": '"10"',
            "in_id": ["x", "y"],
            "n": 5,
            "s": "t",
        },
    )
    params = call.kwargs["params"]
    assert params == {
        "_limit": 3,
        "_sort": "-a,b",
        "_since": 10,
        "in_id": "x,y",
        "n": "5",
        "s": "t",
    }
    assert call.kwargs["url"] == "/buckets/b/collections/c/records"
    with pytest.raises(InvalidInputError):
        _requests.delete_list_call(
            RECORD.delete_all, ("b", "c"), {"_fields": "a"}, _requests._UNSET
        )
    with pytest.raises(InvalidInputError):
        _requests.list_call(RECORD.list_page, ("b", "c"), {"_since": "yesterday"})


def test_patch_bodies_and_content_types() -> None:
    basic = _requests.patch_call(RECORD, PATH, BasicPatch({"a": 1}), '"1"').kwargs
    assert basic["json"] == {"data": {"a": 1}}
    assert basic["headers"] == {"If-Match": '"1"', "Content-Type": "application/json"}
    merge = _requests.patch_call(RECORD, PATH, MergePatch({"a": None}), _requests._UNSET).kwargs
    assert merge["headers"]["Content-Type"] == "application/merge-patch+json"
    assert merge["json"] == {"data": {"a": None}}
    ops = [{"op": "remove", "path": "/data/a"}]
    json_patch = _requests.patch_call(RECORD, PATH, JSONPatch(ops), _requests._UNSET).kwargs
    assert json_patch["headers"]["Content-Type"] == "application/json-patch+json"
    assert json_patch["content"] == b'[{"op": "remove", "path": "/data/a"}]'
    assert BasicPatch({"a": 1}) == BasicPatch({"a": 1}) != MergePatch({"a": 1})


def test_send_kwargs_encode_the_json_body_once_as_httpx_would_send_it() -> None:
    data = {"title": "café", "n": 1.5, "tags": ["a", None, True]}
    plan = _requests.put_call(RECORD, PATH, data, None, if_match='"7"')
    sent = plan.send_kwargs("http://kinto.test/v1/")
    assert sent["url"] == "http://kinto.test/v1/buckets/b/collections/c/records/r"
    assert "json" not in sent
    # what httpx's json= would send: the same JSON, UTF-8, its content type
    via_httpx = httpx.Request("PUT", sent["url"], json=plan.kwargs["json"])
    assert json.loads(sent["content"]) == json.loads(via_httpx.content) == {"data": data}
    assert sent["headers"] == {"If-Match": '"7"', "Content-Type": "application/json"}
    # the plan itself is unchanged (a retry or a batch reads it again)
    assert plan.kwargs["json"] == {"data": data} and "content" not in plan.kwargs
    # a merge patch keeps its own content type
    merge = _requests.patch_call(RECORD, PATH, MergePatch({"a": None}), _requests._UNSET)
    merge_sent = merge.send_kwargs("http://kinto.test/v1/")
    assert merge_sent["headers"]["Content-Type"] == "application/merge-patch+json"
    assert merge_sent["content"] == b'{"data":{"a":null}}'


def test_send_kwargs_leave_a_body_the_encoder_refuses_to_httpx() -> None:
    plan = _requests.RequestPlan({"method": "post", "url": "/x", "json": {"when": object()}})
    sent = plan.send_kwargs("http://kinto.test/v1/")
    assert "content" not in sent and sent["json"] == plan.kwargs["json"]
    with pytest.raises(TypeError):  # httpx's own error, as before
        httpx.Request("POST", sent["url"], json=sent["json"])
    cycle: dict[str, object] = {}
    cycle["self"] = cycle
    looped = _requests.RequestPlan({"method": "post", "url": "/x", "json": cycle})
    assert "content" not in looped.send_kwargs("http://kinto.test/v1/")
    with pytest.raises(ValueError, match="Circular"):  # httpx's json.dumps says so
        httpx.Request("POST", "http://kinto.test/v1/x", json=cycle)


def test_ids_are_percent_encoded_and_required() -> None:
    call = _requests.get_call(RECORD, ("b", "c", "a/b"))
    assert call.kwargs["url"].endswith("/records/a%2Fb")
    with pytest.raises(InvalidInputError, match="record id is required"):
        _requests.require_id(None, "record")
    assert _requests.new_record_id() != _requests.new_record_id()


def test_pagination_helpers() -> None:
    assert page_budget(None, {}) == float("inf")
    assert page_budget(None, {"_limit": 2}) == 1
    assert page_budget(3, {"_limit": 2}) == 3
    response = httpx.Response(
        200, headers={"Next-Page": "http://evil.example/v1/x?_token=t&_limit=5"}
    )
    assert next_page_params(response) == [("_token", "t"), ("_limit", "5")]
    assert next_page_params(httpx.Response(200)) is None


def test_sub_requests_and_chunks() -> None:
    put = _requests.put_call(
        RECORD, PATH, {"a": 1}, None, if_none_match="*", tolerate=frozenset({412})
    )
    assert sub_request(put) == {
        "method": "PUT",
        "path": "/buckets/b/collections/c/records/r",
        "headers": {"If-None-Match": "*"},
        "body": {"data": {"a": 1}},
    }
    listing = sub_request(_requests.list_call(RECORD.list_page, ("b", "c"), {"_limit": 2}))
    assert listing["path"] == "/buckets/b/collections/c/records?_limit=2"
    assert chunk_bounds(5, 2) == [(0, 2), (2, 4), (4, 5)]
    assert batch_call([put], [sub_request(put)]).idempotent is True
    post_like = _requests.patch_call(RECORD, PATH, BasicPatch({}), _requests._UNSET)
    assert batch_call([post_like], [sub_request(post_like)]).idempotent is None


def _tracker(n: int, size: int, ignore_4xx: bool = False) -> BatchTracker:
    calls = [_requests.get_call(RECORD, ("b", "c", f"r{i}")) for i in range(n)]
    subs = [sub_request(c) for c in calls]
    return BatchTracker(
        calls, subs, chunk_bounds(n, size), base_url="http://x/v1", ignore_4xx=ignore_4xx
    )


def test_tracker_conflict_rolls_back_the_chunk() -> None:
    tracker = _tracker(4, 2)
    tracker.answered(0, [{"status": 200, "body": {}}, {"status": 409, "body": {"errno": 122}}])
    assert tracker.stopped
    with pytest.raises(BatchError) as info:
        tracker.raise_if_failed()
    assert [o.outcome for o in info.value.outcomes] == [
        "rolled back",
        "failed",
        "not sent",
        "not sent",
    ]
    assert info.value.rolled_back_chunks == [0] and info.value.unsent_chunks == [1]


def test_tracker_transport_failure_is_unknown_and_ignore_4xx() -> None:
    tracker = _tracker(3, 1, ignore_4xx=True)
    tracker.answered(0, [{"status": 404, "body": {"errno": 110, "message": "gone"}}])
    assert not tracker.has_failures  # ignored
    lost = RetryExhaustedError("ReadError", request=httpx.Request("POST", "http://x/v1/batch"))
    tracker.unanswered(1, lost)
    with pytest.raises(BatchError) as info:
        tracker.raise_if_failed()
    assert [o.outcome for o in info.value.outcomes] == ["ignored", "unknown", "not sent"]
    assert info.value.unknown_chunks == [1]
    refused = ServerError("x", response=httpx.Response(500))
    tracker2 = _tracker(1, 1)
    tracker2.unanswered(0, refused)
    assert tracker2.unknown == [0]
    with pytest.raises(InvalidInputError):
        _tracker(2, 2).answered(0, [{"status": 200}])
