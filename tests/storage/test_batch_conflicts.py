"""Sans-I/O: what the batch does with Kinto's 409 conflicts (kinbase.storage._batch).

Kinto 26.5 (``kinto/core/views/batch.py``) aborts the transaction so far when a sub-request
answers 409 and carries on: the sub-requests up to the last 409 of a chunk are rolled back,
those after it commit. PostgreSQL's "Integrity constraint violated, please retry." (errno
122, ``Retry-After``) is such a 409; the rolled-back part is resent per the RetryPolicy.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from kinbase import RetryPolicy
from kinbase.errors import APIError, BatchError, ConflictError
from kinbase.storage import _requests
from kinbase.storage._batch import (
    BatchTracker,
    chunk_bounds,
    parent_path,
    retryable_conflict,
    sub_request,
)

BASE = "http://kinto.invalid/v1"
RECORD = _requests.RESOURCES["record"]
FAST = RetryPolicy(max_attempts=4, backoff_base=0.0, jitter="none")
RETRY_CONFLICT = {
    "code": 409,
    "errno": 122,
    "error": "Conflict",
    "message": "Integrity constraint violated, please retry.",
}


def own_create(n: int) -> _requests.RequestPlan:
    """``create_record(data=...)`` without an id: a client-side id, PUT + If-None-Match."""
    return _requests.put_call(
        RECORD,
        ("b", "c", f"own{n}"),
        {"n": n},
        None,
        if_none_match="*",
        tolerate=frozenset({412}),
        own_id=True,
    )


def named_create(n: int) -> _requests.RequestPlan:
    """``create_record(id=..., data=...)``: the id is the caller's, a 412 is a failure."""
    return _requests.put_call(RECORD, ("b", "c", f"named{n}"), {"n": n}, None, if_none_match="*")


def tracker(
    calls: list[_requests.RequestPlan], size: int, policy: RetryPolicy | None = FAST
) -> BatchTracker:
    subs = [sub_request(c) for c in calls]
    return BatchTracker(
        calls, subs, chunk_bounds(len(calls), size), base_url=BASE, ignore_4xx=False, policy=policy
    )


def created(n: int, prefix: str = "own") -> dict[str, Any]:
    return {"status": 201, "body": {"data": {"id": f"{prefix}{n}", "n": n}}}


def conflict(retry_after: str | None = "3") -> dict[str, Any]:
    headers = {"Content-Type": "application/json"}
    if retry_after is not None:
        headers["Retry-After"] = retry_after
    return {"status": 409, "headers": headers, "body": RETRY_CONFLICT}


def sent_paths(call: _requests.RequestPlan | None) -> list[str]:
    assert call is not None
    return [sub["path"].rsplit("/", 1)[-1] for sub in call.kwargs["json"]["requests"]]


def test_a_retryable_conflict_is_a_409_with_retry_after() -> None:
    assert retryable_conflict(conflict("3"))
    assert retryable_conflict({"status": 409, "headers": {"retry-after": "0"}})
    assert not retryable_conflict(conflict(None))
    assert not retryable_conflict({"status": 412, "headers": {"Retry-After": "3"}})
    assert not retryable_conflict({"status": 409, "headers": ["Retry-After"]})
    assert not retryable_conflict(None)


def test_the_rolled_back_part_of_a_chunk_is_resent() -> None:
    t = tracker([own_create(n) for n in range(5)], size=5)
    assert sent_paths(t.request(0)) == ["own0", "own1", "own2", "own3", "own4"]
    # own1 met a conflict: own0 and own1 were rolled back, own2..own4 committed.
    delay = t.answered(0, [created(0), conflict("0"), created(2), created(3), created(4)])
    assert delay == 0.0
    assert t.contended and not t.stopped and not t.has_failures
    assert [o.outcome for o in t.outcomes] == ["rolled back", "failed", "ok", "ok", "ok"]
    assert t.committed == [0] and t.rolled_back == []
    # Only what was rolled back is sent again, in order.
    assert t.expected(0) == 2
    assert sent_paths(t.request(0)) == ["own0", "own1"]
    assert t.answered(0, [created(0), created(1)]) is None
    assert t.request(0) is None  # settled
    t.raise_if_failed()  # nothing failed in the end
    assert [o.outcome for o in t.outcomes] == ["ok"] * 5
    assert [o.status for o in t.outcomes] == [201] * 5
    assert [r["data"]["n"] for r in t.results] == list(range(5))
    assert t.attempts == [2]


def test_a_conflict_at_the_end_rolls_back_and_resends_the_whole_chunk() -> None:
    t = tracker([own_create(n) for n in range(3)], size=3)
    t.request(0)
    assert t.answered(0, [created(0), created(1), conflict("0")]) == 0.0
    assert t.committed == []
    assert sent_paths(t.request(0)) == ["own0", "own1", "own2"]


def test_everything_up_to_the_last_conflict_is_rolled_back() -> None:
    t = tracker([own_create(n) for n in range(5)], size=5)
    t.request(0)
    t.answered(0, [conflict("0"), created(1), conflict("0"), created(3), created(4)])
    assert sent_paths(t.request(0)) == ["own0", "own1", "own2"]


def test_the_delay_honours_retry_after_and_the_policy() -> None:
    t = tracker([own_create(0), own_create(1)], size=2)
    t.request(0)
    assert t.answered(0, [conflict("2"), created(1)]) == 2.0
    # Retry-After beyond backoff_max: the server wants more than the policy allows.
    capped = RetryPolicy(backoff_base=0.0, backoff_max=1.0, jitter="none")
    t = tracker([own_create(0)], size=1, policy=capped)
    t.request(0)
    assert t.answered(0, [conflict("5")]) is None
    assert t.rolled_back == [0] and t.stopped
    # The time bound counts from the chunk's first send.
    timed = RetryPolicy(max_total_seconds=10.0, backoff_base=0.0, jitter="none")
    t = tracker([own_create(0)], size=1, policy=timed)
    t.request(0)
    assert t.answered(0, [conflict("3")], elapsed=8.0) is None
    assert t.rolled_back == [0]


def test_a_412_on_an_own_id_create_after_a_resend_is_success() -> None:
    """The resent create finds the record there: only our own earlier attempt can have
    made a record with the id this client generated."""
    calls = [own_create(0), named_create(1), own_create(2)]
    t = tracker(calls, size=3)
    t.request(0)
    assert t.answered(0, [created(0), created(1, "named"), conflict("0")]) is not None
    assert sent_paths(t.request(0)) == ["own0", "named1", "own2"]
    existing = {"id": "own0", "n": 0, "last_modified": 1}
    precondition = {
        "status": 412,
        "body": {
            "code": 412,
            "errno": 114,
            "error": "Precondition Failed",
            "message": "Resource was modified meanwhile",
            "details": {"existing": existing},
        },
    }
    named_existing = {**precondition, "body": {**precondition["body"], "details": {}}}
    assert t.answered(0, [precondition, named_existing, created(2)]) is None
    assert [o.outcome for o in t.outcomes] == ["tolerated", "failed", "ok"]
    assert t.results[0] == {"data": existing}  # the record, as a create answers it
    # A 412 on an id the caller chose is not ours to explain away.
    with pytest.raises(BatchError) as info:
        t.raise_if_failed()
    assert [o.index for o in info.value.failed] == [1]
    assert info.value.committed_chunks == [0] and info.value.rolled_back_chunks == []


def test_exhausted_retries_raise_a_batch_error_listing_what_was_applied() -> None:
    policy = RetryPolicy(max_attempts=2, backoff_base=0.0, jitter="none")
    t = tracker([own_create(n) for n in range(6)], size=4, policy=policy)
    assert t.request(0) is not None
    assert t.answered(0, [created(0), conflict("0"), created(2), created(3)]) == 0.0
    assert sent_paths(t.request(0)) == ["own0", "own1"]
    # The second attempt conflicts again: the policy's 2 attempts are spent.
    assert t.answered(0, [conflict("0"), created(1)]) is None
    assert t.request(0) is None and t.stopped
    assert t.request(1) is None  # a chunk rolled back for good stops the rest
    with pytest.raises(BatchError) as info:
        t.raise_if_failed()
    error = info.value
    assert [o.outcome for o in error.outcomes] == [
        "failed",  # its own 409, on the last attempt
        "ok",  # committed on the last attempt
        "ok",  # committed on the first attempt
        "ok",
        "not sent",
        "not sent",
    ]
    assert [o.status for o in error.outcomes] == [409, 201, 201, 201, None, None]
    assert isinstance(error.outcomes[0].error, ConflictError)
    # Chunk 0 is partly applied: in both lists; chunk 1 never left.
    assert error.committed_chunks == [0] and error.rolled_back_chunks == [0]
    assert error.unsent_chunks == [1] and error.unknown_chunks == []
    assert "please retry" in str(error)


def test_exhausted_retries_keep_rolled_back_answers_rolled_back() -> None:
    policy = RetryPolicy(max_attempts=2, backoff_base=0.0, jitter="none")
    t = tracker([own_create(n) for n in range(3)], size=3, policy=policy)
    t.request(0)
    t.answered(0, [created(0), conflict("0"), created(2)])
    t.request(0)
    t.answered(0, [created(0), conflict("0")])
    with pytest.raises(BatchError) as info:
        t.raise_if_failed()
    assert [o.outcome for o in info.value.outcomes] == ["rolled back", "failed", "ok"]
    assert info.value.results[2]["data"]["n"] == 2


def test_a_409_without_retry_after_is_not_resent() -> None:
    t = tracker([own_create(n) for n in range(3)], size=3)
    t.request(0)
    assert t.answered(0, [created(0), conflict(None), created(2)]) is None
    assert t.request(0) is None and not t.contended
    with pytest.raises(BatchError) as info:
        t.raise_if_failed()
    assert [o.outcome for o in info.value.outcomes] == ["rolled back", "failed", "ok"]
    assert t.attempts == [1]


def test_a_chunk_mixing_retryable_and_other_conflicts_is_not_resent() -> None:
    t = tracker([own_create(n) for n in range(3)], size=3)
    t.request(0)
    assert t.answered(0, [conflict("0"), conflict(None), created(2)]) is None
    assert t.rolled_back == [0] and t.committed == [0]


def test_a_policy_that_does_not_retry_conflicts_resends_nothing() -> None:
    for policy in (
        None,
        RetryPolicy.no_retries(),
        RetryPolicy(retry_conflict_with_retry_after=False),
    ):
        t = tracker([own_create(0), own_create(1)], size=2, policy=policy)
        t.request(0)
        assert t.answered(0, [conflict("0"), created(1)]) is None
        assert t.rolled_back == [0] and t.committed == [0]


def test_a_server_error_in_a_chunk_rolls_it_all_back_without_resending() -> None:
    t = tracker([own_create(n) for n in range(3)], size=3)
    t.request(0)
    assert t.answered(0, [conflict("0"), created(1), {"status": 503, "body": {}}]) is None
    assert [o.outcome for o in t.outcomes] == ["failed", "rolled back", "failed"]
    assert t.committed == [] and t.rolled_back == [0]


def test_a_resend_due_after_the_batch_stopped_is_given_up() -> None:
    t = tracker([own_create(n) for n in range(4)], size=2)
    t.request(0)
    t.request(1)
    assert t.answered(0, [conflict("0"), created(1)]) is not None
    refused = APIError(
        "x", response=httpx.Response(400, request=httpx.Request("POST", f"{BASE}/batch"))
    )
    t.unanswered(1, refused)  # another chunk failed meanwhile
    assert t.request(0) is None
    with pytest.raises(BatchError) as info:
        t.raise_if_failed()
    assert [o.outcome for o in info.value.outcomes] == [
        "failed",
        "ok",
        "rolled back",
        "rolled back",
    ]
    assert info.value.rolled_back_chunks == [0, 1] and info.value.committed_chunks == [0]


def test_a_resend_refused_as_a_whole_reports_only_the_resent_part() -> None:
    """The transport already retried a whole-batch 409 (a conflict at commit: nothing
    applied); when it gives up, only the part being resent is rolled back."""
    t = tracker([own_create(n) for n in range(3)], size=3)
    t.request(0)
    t.answered(0, [created(0), conflict("0"), created(2)])
    t.request(0)
    request = httpx.Request("POST", f"{BASE}/batch")
    whole = ConflictError(
        "Integrity constraint violated, please retry.",
        response=httpx.Response(409, headers={"Retry-After": "3"}, request=request),
    )
    t.unanswered(0, whole)
    with pytest.raises(BatchError) as info:
        t.raise_if_failed()
    assert [o.outcome for o in info.value.outcomes] == ["rolled back", "rolled back", "ok"]
    assert info.value.committed_chunks == [0] and info.value.rolled_back_chunks == [0]


def test_parent_path_is_where_the_object_lives() -> None:
    assert parent_path("/buckets/b/collections/c/records/r1") == "/buckets/b/collections/c"
    assert parent_path("/buckets/b/collections/c") == "/buckets/b"
    assert parent_path("/buckets/b/groups/g/") == "/buckets/b"
    assert parent_path("/buckets/b/collections/c/records/r1?x=1") == "/buckets/b/collections/c"


def test_conflicts_are_remembered_where_they_happened() -> None:
    t = tracker([own_create(n) for n in range(4)], size=2)
    assert not t.contended and t.conflict_parents == set()
    t.request(0)
    t.answered(0, [created(0), conflict("0")])
    assert t.conflict_parents == {"/buckets/b/collections/c"}
    # A 409 Kinto does not ask to retry is not a write conflict to remember.
    other = tracker([own_create(n) for n in range(2)], size=2)
    other.request(0)
    other.answered(0, [created(0), conflict(None)])
    assert other.conflict_parents == set() and not other.contended


def test_a_batch_writing_where_conflicts_were_met_starts_one_chunk_at_a_time() -> None:
    calls = [own_create(n) for n in range(4)]
    subs = [sub_request(c) for c in calls]
    bounds = chunk_bounds(4, 2)

    def make(known: set[str]) -> BatchTracker:
        return BatchTracker(
            calls, subs, bounds, base_url=BASE, ignore_4xx=False, known_conflicts=known
        )

    assert make({"/buckets/b/collections/c"}).contended
    assert not make({"/buckets/b/collections/other"}).contended
    assert not make(set()).contended
