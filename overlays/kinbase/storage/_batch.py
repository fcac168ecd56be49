"""Sans-I/O batch logic: sub-requests from :class:`~kinbase.storage._requests.Call`,
chunking, and what each answer means.

Kinto runs one ``POST /batch`` as one transaction: 4xx sub-responses still commit, a 5xx
(or a 409 conflict) in a chunk vetoes the commit of that whole chunk. kinto-http's rules are
kept: a 5xx stops the chunks not yet sent; 4xx are collected and raised together at the end
unless ``ignore_4xx``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, Final
from urllib.parse import urlencode

import httpx

from kinbase.errors import (
    APIError,
    BatchError,
    BatchOutcome,
    InvalidInputError,
    InvalidResponseError,
    KinbaseError,
)
from kinbase.errors import storage_error_from_response as _error_from_response
from kinbase.storage._requests import Call, model, operation, raw_body
from kinbase.storage._results import json_body

__all__ = [
    "BatchTracker",
    "batch_call",
    "batch_responses",
    "chunk_bounds",
    "settings_batch_size",
    "sub_request",
]

_SAFE_METHODS: Final = frozenset({"GET", "HEAD"})
#: Statuses that make Kinto roll the chunk back.
_VETO: Final = 409


def sub_request(call: Call) -> dict[str, Any]:
    """The ``{"method", "path", "headers", "body"}`` of one call inside ``POST /batch``."""
    kw = call.kwargs
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


def _retry_safe(call: Call) -> bool:
    method = call.method
    if method in _SAFE_METHODS:
        return True
    if method == "PUT":
        headers = call.kwargs.get("headers") or {}
        return "If-None-Match" not in headers or 412 in call.tolerate
    return False


def batch_call(calls: Sequence[Call], subs: list[dict[str, Any]]) -> Call:
    """The ``POST /batch`` for one chunk; retry-safe when every sub-request is."""
    body = raw_body(model("batch_request", "BatchRequest"), {"requests": subs})
    kwargs = operation("batch", "batch")._get_kwargs(body=body)
    return Call(kwargs, idempotent=all(_retry_safe(c) for c in calls) or None)


def settings_batch_size(info: Any) -> int:
    """``settings.batch_max_requests`` from ``GET /v1/`` (25, Kinto's default, if absent)."""
    settings = info.get("settings") if isinstance(info, dict) else None
    value = settings.get("batch_max_requests") if isinstance(settings, dict) else None
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else 25


def batch_responses(response: httpx.Response, expected: int) -> list[Any]:
    """The ``responses`` of a ``POST /batch`` answer: a list of ``expected`` objects with
    an integer ``status``, or :class:`InvalidResponseError` (the chunk's fate is unknown)."""
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


def chunk_bounds(total: int, size: int) -> list[tuple[int, int]]:
    return [(start, min(start + size, total)) for start in range(0, total, size)]


class BatchTracker:
    """Collects the answers of each chunk and builds the outcome of the whole batch."""

    def __init__(
        self,
        calls: Sequence[Call],
        subs: Sequence[dict[str, Any]],
        bounds: Sequence[tuple[int, int]],
        *,
        base_url: str,
        ignore_4xx: bool,
    ) -> None:
        self.calls = calls
        self.subs = subs
        self.bounds = bounds
        self.base_url = base_url.rstrip("/")
        self.ignore_4xx = ignore_4xx
        self.outcomes = [
            BatchOutcome(index=i, chunk=c, method=subs[i]["method"], path=subs[i]["path"])
            for c, (start, end) in enumerate(bounds)
            for i in range(start, end)
        ]
        self.results: list[Any] = [None] * len(calls)
        self.committed: list[int] = []
        self.rolled_back: list[int] = []
        self.unknown: list[int] = []
        #: Set once a chunk failed with a 5xx or without an answer: send nothing more.
        self.stopped = False
        self.has_failures = False

    def _error(self, index: int, status: int, body: Any, headers: Any) -> KinbaseError:
        sub = self.subs[index]
        request = httpx.Request(sub["method"], self.base_url + sub["path"])
        response = httpx.Response(
            status,
            headers=headers if isinstance(headers, dict) else None,
            content=json.dumps(body).encode(),
            request=request,
        )
        return _error_from_response(response)

    def answered(self, chunk: int, responses: Any) -> None:
        """Record the ``responses`` of ``POST /batch`` for ``chunk``."""
        start, end = self.bounds[chunk]
        if not isinstance(responses, list) or len(responses) != end - start:
            raise InvalidInputError(
                f"batch chunk {chunk}: expected {end - start} sub-responses, "
                f"got {len(responses) if isinstance(responses, list) else responses!r}"
            )
        vetoed = any(
            isinstance(r, dict) and (r.get("status", 500) >= 500 or r.get("status") == _VETO)
            for r in responses
        )
        for offset, answer in enumerate(responses):
            index = start + offset
            outcome = self.outcomes[index]
            status = answer.get("status", 500) if isinstance(answer, dict) else 500
            body = answer.get("body") if isinstance(answer, dict) else None
            outcome.status = status
            self.results[index] = body
            call = self.calls[index]
            if status < 400:
                outcome.outcome = "rolled back" if vetoed else "ok"
            elif status in call.tolerate:
                outcome.outcome = "rolled back" if vetoed else "tolerated"
            else:
                outcome.error = self._error(index, status, body, answer.get("headers"))
                if status < 500 and self.ignore_4xx and status != _VETO:
                    outcome.outcome = "ignored"
                else:
                    outcome.outcome = "failed"
                    self.has_failures = True
        if vetoed:
            self.rolled_back.append(chunk)
            self.stopped = True
            self.has_failures = True
        else:
            self.committed.append(chunk)

    def unanswered(self, chunk: int, error: KinbaseError) -> None:
        """``POST /batch`` for ``chunk`` failed (error status or no answer)."""
        # A 4xx answer to POST /batch itself means the batch was refused: nothing applied.
        # A 5xx (Kinto answers 500 to the whole batch when a sub-request crashes; the memory
        # backend keeps what ran before) or no answer at all: it may have been applied.
        answered = isinstance(error, APIError) and error.status_code < 500
        start, end = self.bounds[chunk]
        for index in range(start, end):
            self.outcomes[index].outcome = "rolled back" if answered else "unknown"
            self.outcomes[index].error = error
        (self.rolled_back if answered else self.unknown).append(chunk)
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
