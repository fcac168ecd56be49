"""Properties of the sans-I/O batch logic: chunking, answer validation and how each
sub-response maps to an outcome (kinbase.storage._batch)."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from kinbase.errors import APIError, BatchError, InvalidResponseError, StorageError
from kinbase.storage import _requests
from kinbase.storage._batch import (
    BatchTracker,
    batch_call,
    batch_responses,
    chunk_bounds,
    settings_batch_size,
    sub_request,
)

BASE = "http://kinto.invalid/v1"
RECORD = _requests.RESOURCES["record"]


@given(st.integers(min_value=0, max_value=5000), st.integers(min_value=1, max_value=300))
def test_chunks_cover_every_call_once_in_order(total: int, size: int) -> None:
    bounds = chunk_bounds(total, size)
    covered = [i for start, end in bounds for i in range(start, end)]
    assert covered == list(range(total))
    assert all(0 < end - start <= size for start, end in bounds)
    assert all(end - start == size for start, end in bounds[:-1])  # only the last is short
    assert len(bounds) == -(-total // size)


@given(st.one_of(st.none(), st.integers(), st.booleans(), st.text(), st.floats(allow_nan=False)))
def test_batch_size_is_always_a_positive_int(value: Any) -> None:
    size = settings_batch_size({"settings": {"batch_max_requests": value}})
    assert isinstance(size, int) and size > 0
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        assert size == value
    else:
        assert size == 25


def _create(n: int, own_id: bool = True) -> _requests.RequestPlan:
    tolerate = frozenset({412}) if own_id else frozenset()
    return _requests.put_call(
        RECORD,
        ("b", "c", f"r{n}"),
        {"n": n},
        None,
        if_none_match="*",
        tolerate=tolerate,
        own_id=own_id,
    )


statuses = st.sampled_from([200, 201, 400, 403, 404, 409, 412, 500, 503])


@settings(max_examples=200)
@given(
    st.lists(statuses, min_size=1, max_size=60),
    st.integers(min_value=1, max_value=25),
    st.booleans(),
)
def test_each_sub_response_maps_to_exactly_one_outcome(
    answer_statuses: list[int], size: int, ignore_4xx: bool
) -> None:
    calls = [_create(n) for n in range(len(answer_statuses))]
    subs = [sub_request(c) for c in calls]
    bounds = chunk_bounds(len(calls), size)
    tracker = BatchTracker(calls, subs, bounds, base_url=BASE, ignore_4xx=ignore_4xx)
    for chunk, (start, end) in enumerate(bounds):
        if tracker.stopped:
            break
        answers = [
            {"status": s, "path": subs[i]["path"], "body": {"errno": 999, "message": "x"}}
            for i, s in zip(range(start, end), answer_statuses[start:end], strict=True)
        ]
        tracker.answered(chunk, answers)

    # Kinto: a 5xx vetoes the whole chunk; each 409 aborts the transaction so far, so the
    # sub-requests up to the last 409 are rolled back and those after it commit.
    committed, rolled_back = set(tracker.committed), set(tracker.rolled_back)
    assert not tracker.unknown
    cuts = {}
    for chunk, (start, end) in enumerate(bounds):
        chunk_statuses = answer_statuses[start:end]
        if any(s >= 500 for s in chunk_statuses):
            cuts[chunk] = end - start
        elif 409 in chunk_statuses:
            cuts[chunk] = max(k for k, s in enumerate(chunk_statuses) if s == 409) + 1
        else:
            cuts[chunk] = 0
    for outcome, status in zip(tracker.outcomes, answer_statuses, strict=True):
        chunk = outcome.chunk
        start, end = bounds[chunk]
        if chunk not in committed | rolled_back:
            assert outcome.outcome == "not sent" and outcome.status is None
            continue
        assert outcome.status == status
        assert (chunk in rolled_back) == (cuts[chunk] > 0)
        assert (chunk in committed) == (cuts[chunk] < end - start)
        vetoed = outcome.index - start < cuts[chunk]
        if status < 400 or status == 412:  # 412 on our own id: the replay of our create
            assert outcome.outcome == (
                "rolled back" if vetoed else ("ok" if status < 400 else "tolerated")
            )
        elif status < 500 and status != 409 and ignore_4xx:
            assert outcome.outcome == "ignored"
        else:
            assert outcome.outcome == "failed"
            assert isinstance(outcome.error, StorageError)
            assert outcome.error.status_code == status
    # A chunk rolled back (in part) stops the ones after it (no RetryPolicy: no resend).
    if tracker.rolled_back:
        first = min(tracker.rolled_back)
        assert all(c <= first for c in committed | rolled_back)

    failed = any(o.outcome in ("failed", "rolled back") for o in tracker.outcomes)
    if failed:
        with pytest.raises(BatchError) as info:
            tracker.raise_if_failed()
        error = info.value
        sent = set(error.committed_chunks) | set(error.rolled_back_chunks)
        assert sorted(sent | set(error.unsent_chunks)) == list(range(len(bounds)))
        assert len(error.outcomes) == len(calls)
    else:
        tracker.raise_if_failed()  # nothing to report


@given(st.lists(st.booleans(), min_size=1, max_size=10))
def test_an_unanswered_chunk_is_unknown_unless_refused(refused_chunks: list[bool]) -> None:
    calls = [_create(n) for n in range(len(refused_chunks) * 2)]
    subs = [sub_request(c) for c in calls]
    bounds = chunk_bounds(len(calls), 2)
    tracker = BatchTracker(calls, subs, bounds, base_url=BASE, ignore_4xx=False)
    request = httpx.Request("POST", f"{BASE}/batch")
    refused = refused_chunks[0]
    status = 400 if refused else 500
    error = APIError("x", response=httpx.Response(status, request=request))
    tracker.unanswered(0, error)
    assert tracker.stopped
    expected = "rolled back" if refused else "unknown"
    assert [o.outcome for o in tracker.outcomes[:2]] == [expected, expected]
    assert all(o.outcome == "not sent" for o in tracker.outcomes[2:])


@given(st.lists(st.sampled_from(["put", "get", "delete", "put-no-tolerate"]), min_size=1))
def test_a_chunk_is_retry_safe_only_if_every_sub_request_is(kinds: list[str]) -> None:
    calls = []
    for n, kind in enumerate(kinds):
        if kind == "put":
            calls.append(_create(n))
        elif kind == "put-no-tolerate":
            calls.append(_create(n, own_id=False))
        elif kind == "get":
            calls.append(_requests.get_call(RECORD, ("b", "c", f"r{n}")))
        else:
            calls.append(_requests.delete_call(RECORD, ("b", "c", f"r{n}"), _requests._UNSET))
    call = batch_call(calls, [sub_request(c) for c in calls])
    safe = all(k in ("put", "get") for k in kinds)
    assert call.idempotent is (True if safe else None)


_bodies = st.one_of(
    st.binary(max_size=50),
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=5),
        lambda inner: (
            st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
        ),
        max_leaves=10,
    ).map(lambda v: json.dumps(v).encode()),
)


@given(_bodies, st.integers(min_value=1, max_value=5))
def test_a_batch_answer_is_used_only_when_well_formed(body: bytes, expected: int) -> None:
    request = httpx.Request("POST", f"{BASE}/batch")
    response = httpx.Response(200, content=body, request=request)
    try:
        parsed = json.loads(body)
    except ValueError:
        parsed = None
    well_formed = (
        isinstance(parsed, dict)
        and isinstance(parsed.get("responses"), list)
        and len(parsed["responses"]) == expected
        and all(
            isinstance(r, dict)
            and isinstance(r.get("status"), int)
            and not isinstance(r.get("status"), bool)
            for r in parsed["responses"]
        )
        and not ("data" not in parsed and "errno" in parsed and "error" in parsed)
    )
    if well_formed:
        assert batch_responses(response, expected) == parsed["responses"]
    else:
        with pytest.raises(InvalidResponseError):
            batch_responses(response, expected)


@given(st.integers(min_value=1, max_value=30))
def test_well_formed_batch_answers_round_trip(n: int) -> None:
    answers = [
        {"status": 201, "path": f"/r{i}", "body": {"data": {"id": f"r{i}"}}} for i in range(n)
    ]
    request = httpx.Request("POST", f"{BASE}/batch")
    response = httpx.Response(200, json={"responses": answers}, request=request)
    assert batch_responses(response, n) == answers
