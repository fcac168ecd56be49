"""Sans-I/O batch logic: sub-requests from :class:`~kinbase.storage._requests.RequestPlan`,
chunking, what each answer means, and which sub-requests to send again.

What Kinto 26.5 does with one ``POST /batch`` (``kinto/core/views/batch.py``; checked against
a PostgreSQL-backed server, see docs/storage.md):

- the sub-requests run in one transaction; 4xx sub-responses still commit;
- a sub-request answered 409 makes Kinto *abort the transaction so far* and carry on: the
  sub-requests before it (back to an earlier 409) and the 409 itself are rolled back, those
  after the last 409 run in a new transaction that commits, and the batch answers 200.
  PostgreSQL's "Integrity constraint violated, please retry." (errno 122, with
  ``Retry-After``) is such a 409: concurrent transactions writing into one collection
  collide on its timestamps;
- the same conflict at commit time makes the whole ``POST /batch`` answer 409 (errno 122,
  ``Retry-After``): nothing was applied (the transport retries it per the RetryPolicy);
- a 5xx (or no answer) says nothing reliable about what was applied.

The rolled-back part of a chunk that met conflicts asking to be retried (409 with
``Retry-After``) is sent again, bounded by the client's RetryPolicy (attempts per chunk,
``max(Retry-After, backoff)`` between them, ``max_total_seconds`` per chunk): it is known not
to have been applied, so every kind of sub-request may be resent. A create with a client-side
id (``own_id``) answered 412 can only be our own earlier attempt: it counts as success, with
the existing record as its result. kinto-http's rules are kept: a 5xx or a chunk rolled back
for good stops the chunks not yet sent; 4xx are collected and raised together at the end
unless ``ignore_4xx``.
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Collection, Sequence
from typing import Any, Final
from urllib.parse import urlencode

import httpx

from kinbase._http.retry import RetryPolicy, decide
from kinbase.errors import (
    APIError,
    BatchError,
    BatchOutcome,
    InvalidInputError,
    InvalidResponseError,
    KinbaseError,
)
from kinbase.errors import storage_error_from_response as _error_from_response
from kinbase.storage import _operations
from kinbase.storage._requests import RequestPlan, raw_body
from kinbase.storage._results import PLACEHOLDER, json_body

__all__ = [
    "KINTO_DEFAULT_BATCH_SIZE",
    "BatchTracker",
    "batch_call",
    "batch_responses",
    "chunk_bounds",
    "parent_path",
    "retryable_conflict",
    "settings_batch_size",
    "sub_request",
    "unexpected_error",
]

_SAFE_METHODS: Final = frozenset({"GET", "HEAD"})
#: A sub-response status that makes Kinto abort the transaction so far (then carry on).
_CONFLICT: Final = 409


def sub_request(call: RequestPlan) -> dict[str, Any]:
    """The ``{"method", "path", "headers", "body"}`` of one call inside ``POST /batch``."""
    kw = call.kwargs
    if "files" in kw:
        raise InvalidInputError(
            "add_attachment cannot be sent in a batch: Kinto only accepts JSON object bodies "
            "in sub-requests; upload the file outside the batch"
        )
    if "content" in kw:
        raise InvalidInputError(
            "JSON Patch (JSONPatch) cannot be sent in a batch: Kinto only accepts JSON object "
            "bodies in sub-requests; use BasicPatch or MergePatch, or send it outside the batch"
        )
    path = kw["url"]
    params = kw.get("params")
    if params:
        path = f"{path}?{urlencode(params)}"
    sub: dict[str, Any] = {"method": call.method, "path": path}
    headers = {
        k: v
        for k, v in (kw.get("headers") or {}).items()
        if not (k == "Content-Type" and v == "application/json")
    }
    if headers:
        sub["headers"] = headers
    if "json" in kw:
        sub["body"] = kw["json"]
    return sub


def _retry_safe(call: RequestPlan) -> bool:
    method = call.method
    if method in _SAFE_METHODS:
        return True
    if method == "PUT":
        headers = call.kwargs.get("headers") or {}
        return "If-None-Match" not in headers or 412 in call.tolerate
    return False


def batch_call(calls: Sequence[RequestPlan], subs: list[dict[str, Any]]) -> RequestPlan:
    """The ``POST /batch`` for one chunk; retry-safe when every sub-request is."""
    body = raw_body(_operations.batch_request_model(), {"requests": subs})
    kwargs = _operations.batch_request(body)
    return RequestPlan(kwargs, idempotent=all(_retry_safe(c) for c in calls) or None)


#: Kinto's ``batch_max_requests`` when its ``GET /v1/`` does not say.
KINTO_DEFAULT_BATCH_SIZE: Final = 25


def settings_batch_size(info: Any) -> int:
    """``settings.batch_max_requests`` from ``GET /v1/`` (25, Kinto's default, if absent
    or not a positive integer). The storage client's batches and the CLI's import use it."""
    settings = info.get("settings") if isinstance(info, dict) else None
    value = settings.get("batch_max_requests") if isinstance(settings, dict) else None
    return (
        value
        if isinstance(value, int) and not isinstance(value, bool) and value > 0
        else KINTO_DEFAULT_BATCH_SIZE
    )


def batch_responses(response: httpx.Response, expected: int) -> list[Any]:
    """The ``responses`` of a ``POST /batch`` answer: a list of ``expected`` objects with
    an integer ``status``, or :class:`InvalidResponseError` (the chunk's fate is unknown).
    A dry-mode client's answer (nothing sent) reads as ``expected`` empty 200s, as
    kinto-http's dry mode answers."""
    if response.extensions.get(PLACEHOLDER):
        return [{"status": 200, "body": {}} for _ in range(expected)]
    responses = json_body(response).get("responses")
    if not isinstance(responses, list) or len(responses) != expected:
        got = len(responses) if isinstance(responses, list) else "none"
        raise InvalidResponseError.from_response(
            response, f"{got} sub-responses where {expected} were sent"
        )
    for answer in responses:
        status = answer.get("status") if isinstance(answer, dict) else None
        if isinstance(status, bool) or not isinstance(status, int):
            raise InvalidResponseError.from_response(response, "a sub-response without status")
    return responses


def unexpected_error(chunk: int, exc: Exception) -> KinbaseError:
    """A :class:`KinbaseError` standing for a raw exception met while sending ``chunk``
    (the chunk's fate is then unknown); its type is named, its text is not repeated."""
    error = KinbaseError(
        f"batch chunk {chunk}: {type(exc).__name__} while sending it; it may have been applied"
    )
    error.__cause__ = exc
    return error


def chunk_bounds(total: int, size: int) -> list[tuple[int, int]]:
    return [(start, min(start + size, total)) for start in range(0, total, size)]


def _header(headers: Any, name: str) -> str | None:
    """Header ``name`` (lower case) of a sub-response's ``headers`` object, if a string."""
    if isinstance(headers, dict):
        for key, value in headers.items():
            if isinstance(key, str) and key.lower() == name and isinstance(value, str):
                return value
    return None


def _status(answer: Any) -> int:
    status = answer.get("status", 500) if isinstance(answer, dict) else 500
    return status if isinstance(status, int) and not isinstance(status, bool) else 500


def retryable_conflict(answer: Any) -> bool:
    """Whether a sub-response is a 409 that Kinto asks to retry (it carries
    ``Retry-After``: PostgreSQL's "Integrity constraint violated, please retry.", errno 122).
    Kinto rolled back what ran before it in the chunk, so resending that part is safe."""
    return _status(answer) == _CONFLICT and (
        _header(answer.get("headers"), "retry-after") is not None
    )


def parent_path(path: str) -> str:
    """Where the object of a sub-request path lives: a record's collection, a collection's
    or group's bucket (``/buckets/b/collections/c/records/r`` -> ``/buckets/b/collections/c``).
    Kinto's PostgreSQL write conflicts are between writes under one parent."""
    return path.split("?", 1)[0].rstrip("/").rsplit("/", 2)[0]


def _own_create_result(body: Any) -> Any:
    """The result of an own-id create answered 412: the existing record, shaped like the
    answer to the create (``{"data": ...}``); the error body if it holds no record."""
    details = body.get("details") if isinstance(body, dict) else None
    existing = details.get("existing") if isinstance(details, dict) else None
    return {"data": existing} if isinstance(existing, dict) else body


class BatchTracker:
    """Collects the answers of each chunk, decides what to send again, and builds the
    outcome of the whole batch.

    A driver loops per chunk: :meth:`request` gives the ``POST /batch`` to send (``None``
    when the chunk is settled or the batch stopped), :meth:`answered` records the answer and
    returns the seconds to wait before calling :meth:`request` again, or ``None`` when the
    chunk is settled; :meth:`unanswered` records a send that got no usable answer.
    ``policy`` bounds the resends of conflicts (default: none); ``rng`` and ``now`` (Unix
    time) keep it pure.
    """

    def __init__(
        self,
        calls: Sequence[RequestPlan],
        subs: Sequence[dict[str, Any]],
        bounds: Sequence[tuple[int, int]],
        *,
        base_url: str,
        ignore_4xx: bool,
        policy: RetryPolicy | None = None,
        rng: random.Random | None = None,
        known_conflicts: Collection[str] = (),
    ) -> None:
        self.calls = calls
        self.subs = subs
        self.bounds = bounds
        self.base_url = base_url.rstrip("/")
        self.ignore_4xx = ignore_4xx
        self.policy = policy if policy is not None else RetryPolicy.no_retries()
        self.rng = rng
        self.outcomes = [
            BatchOutcome(index=i, chunk=c, method=subs[i]["method"], path=subs[i]["path"])
            for c, (start, end) in enumerate(bounds)
            for i in range(start, end)
        ]
        self.results: list[Any] = [None] * len(calls)
        #: Chunks with sub-requests committed / rolled back for good / of unknown fate. A
        #: chunk partly applied (a conflict not resolved by resending) is in two lists.
        self.committed: list[int] = []
        self.rolled_back: list[int] = []
        self.unknown: list[int] = []
        #: Per chunk: the sub-requests (indices) of its next or current ``POST /batch``.
        self.pending: list[list[int]] = [list(range(start, end)) for start, end in bounds]
        #: Per chunk: how many times its ``POST /batch`` was sent (first send included).
        self.attempts: list[int] = [0] * len(bounds)
        #: Where retryable conflicts were met (:func:`parent_path` of the sub-requests); the
        #: driver hands them to its client, whose next batches pass them as
        #: ``known_conflicts``.
        self.conflict_parents: set[str] = set()
        #: Set once a chunk met a conflict Kinto asks to retry (or from the start, when the
        #: batch writes where an earlier batch of the client met one): concurrent chunks
        #: collide, so the drivers send the rest (resends included) one at a time.
        self.contended = bool(known_conflicts) and any(
            parent_path(sub["path"]) in known_conflicts for sub in subs
        )
        #: Set once a chunk failed with a 5xx, without an answer or was rolled back for
        #: good: send nothing more.
        self.stopped = False
        self.has_failures = False

    # ------------------------------------------------------------------ the driver's side

    def request(self, chunk: int) -> RequestPlan | None:
        """The ``POST /batch`` to send for ``chunk`` now, or ``None``: nothing left to send,
        or the batch stopped (a chunk never sent stays "not sent"; a resend that is due is
        given up: its sub-requests stay rolled back)."""
        pending = self.pending[chunk]
        if not pending:
            return None
        if self.stopped:
            if self.attempts[chunk]:
                self._give_up(chunk)
            return None
        self.attempts[chunk] += 1
        return batch_call([self.calls[i] for i in pending], [self.subs[i] for i in pending])

    def expected(self, chunk: int) -> int:
        """How many sub-responses the answer to :meth:`request` must hold."""
        return len(self.pending[chunk])

    def answered(
        self,
        chunk: int,
        responses: Any,
        *,
        elapsed: float = 0.0,
        now: float | None = None,
        replayed: bool = False,
    ) -> float | None:
        """Record the ``responses`` of ``POST /batch`` for ``chunk``; ``elapsed``: seconds
        since the chunk was first sent; ``replayed``: they answer a resend of a
        ``POST /batch`` whose first answer was lost (it may have been applied). Returns the
        seconds to wait before sending the rolled-back part again, or ``None`` when the
        chunk is settled."""
        indices = self.pending[chunk]
        if not isinstance(responses, list) or len(responses) != len(indices):
            raise InvalidInputError(
                f"batch chunk {chunk}: expected {len(indices)} sub-responses, "
                f"got {len(responses) if isinstance(responses, list) else responses!r}"
            )
        statuses = [_status(answer) for answer in responses]
        conflicts = [k for k, status in enumerate(statuses) if status == _CONFLICT]
        if any(status >= 500 for status in statuses):
            # A 5xx vetoes the commit of the whole transaction.
            cut, resendable = len(indices), False
        elif conflicts:
            # Each 409 aborted the transaction so far; what followed the last one committed.
            cut = conflicts[-1] + 1
            resendable = all(retryable_conflict(responses[k]) for k in conflicts)
            if resendable:
                self.contended = True
                self.conflict_parents.update(
                    parent_path(self.subs[indices[k]]["path"]) for k in conflicts
                )
        else:
            cut, resendable = 0, False
        for offset, (index, answer) in enumerate(zip(indices, responses, strict=True)):
            self._record(index, answer, rolled_back=offset < cut, replayed=replayed)
        if cut < len(indices) and chunk not in self.committed:
            self.committed.append(chunk)
        if any(self.outcomes[i].outcome == "unknown" for i in indices) and (
            chunk not in self.unknown
        ):
            self.unknown.append(chunk)
        self.pending[chunk] = indices[:cut]
        if not cut:
            return None
        delay = None
        if resendable:
            delay = self._resend_delay(chunk, responses[conflicts[-1]], elapsed, now)
        if delay is None or self.stopped:
            self._give_up(chunk)
            return None
        return delay

    def unanswered(self, chunk: int, error: KinbaseError) -> None:
        """``POST /batch`` for ``chunk`` failed (error status or no answer)."""
        # A 4xx answer to POST /batch itself means the batch was refused: nothing applied
        # (a 409 with Retry-After, a conflict at commit, was already retried by the
        # transport). A 5xx (Kinto answers 500 to the whole batch when a sub-request
        # crashes; the memory backend keeps what ran before) or no answer at all: it may
        # have been applied.
        answered = isinstance(error, APIError) and (error.status_code or 500) < 500
        for index in self.pending[chunk]:
            self.outcomes[index].outcome = "rolled back" if answered else "unknown"
            self.outcomes[index].error = error
        self.pending[chunk] = []
        target = self.rolled_back if answered else self.unknown
        if chunk not in target:
            target.append(chunk)
        self.stopped = True
        self.has_failures = True

    def raise_if_failed(self) -> None:
        if not self.has_failures:
            return
        sent = set(self.committed) | set(self.rolled_back) | set(self.unknown)
        raise BatchError(
            outcomes=self.outcomes,
            committed_chunks=sorted(self.committed),
            rolled_back_chunks=sorted(self.rolled_back),
            unknown_chunks=sorted(self.unknown),
            unsent_chunks=[c for c in range(len(self.bounds)) if c not in sent],
            results=self.results,
        )

    # ------------------------------------------------------------------ decisions

    def _record(
        self, index: int, answer: Any, *, rolled_back: bool, replayed: bool = False
    ) -> None:
        """Map one sub-response to its outcome. A rolled-back one is provisional (its
        failures count only if the chunk is given up, see :meth:`_give_up`). In the answer
        to a resent chunk (``replayed``), a conditional write's 412 or a delete's 404 may be
        the first attempt's own effect: "unknown", never "failed"."""
        outcome = self.outcomes[index]
        status = _status(answer)
        body = answer.get("body") if isinstance(answer, dict) else None
        call = self.calls[index]
        outcome.status = status
        outcome.error = None
        self.results[index] = body
        if status < 400:
            outcome.outcome = "rolled back" if rolled_back else "ok"
        elif status in call.tolerate:
            outcome.outcome = "rolled back" if rolled_back else "tolerated"
            if status == 412 and call.own_id and not rolled_back:
                # Our own create, applied by an earlier attempt: the record is there.
                self.results[index] = _own_create_result(body)
        else:
            headers = answer.get("headers") if isinstance(answer, dict) else None
            outcome.error = self._error(index, status, body, headers)
            if replayed and not rolled_back and _meets_own_effect(call, status):
                outcome.outcome = "unknown"
                self.has_failures = True
            elif status < 500 and self.ignore_4xx and status != _CONFLICT:
                outcome.outcome = "ignored"
            else:
                outcome.outcome = "failed"
                if not rolled_back:
                    self.has_failures = True

    def _resend_delay(
        self, chunk: int, conflict: Any, elapsed: float, now: float | None
    ) -> float | None:
        """Seconds to wait before resending ``chunk``'s rolled-back part, per the policy
        (the conflict's ``Retry-After``, backoff, attempts, time), or ``None``."""
        headers = {"Retry-After": _header(conflict.get("headers"), "retry-after") or "0"}
        request = httpx.Request("POST", f"{self.base_url}/batch")
        decision = decide(
            self.policy,
            request,
            max(self.attempts[chunk], 1),
            elapsed,
            response=httpx.Response(_CONFLICT, headers=headers, request=request),
            rng=self.rng,
            now=time.time() if now is None else now,
        )
        return decision.delay if decision.retry else None

    def _give_up(self, chunk: int) -> None:
        """The pending (rolled-back) part of ``chunk`` will not be sent again."""
        self.pending[chunk] = []
        if chunk not in self.rolled_back:
            self.rolled_back.append(chunk)
        self.stopped = True
        self.has_failures = True

    def _error(self, index: int, status: int, body: Any, headers: Any) -> KinbaseError:
        sub = self.subs[index]
        request = httpx.Request(sub["method"], self.base_url + sub["path"])
        response = httpx.Response(
            status,
            headers=_clean_headers(headers),
            content=json.dumps(body).encode(),
            request=request,
        )
        return _error_from_response(response)


def _clean_headers(headers: Any) -> list[tuple[bytes, bytes]]:
    """A sub-response's ``headers`` object as httpx accepts them: string names and values
    only (a server may send numbers, nested objects or non-ASCII there), as UTF-8 bytes."""
    if not isinstance(headers, dict):
        return []
    return [
        (name.encode("ascii"), value.encode("utf-8", "replace"))
        for name, value in headers.items()
        if isinstance(name, str) and name.isascii() and name and isinstance(value, str)
    ]


def _meets_own_effect(call: RequestPlan, status: int) -> bool:
    """Whether ``status`` may answer the resend of ``call`` with the first attempt's own
    effect: a 412 on a write with ``If-Match``, a 404/412 on a delete."""
    headers = call.kwargs.get("headers") or {}
    if call.method == "DELETE":
        return status in (404, 412)
    return status == 412 and "If-Match" in headers
