"""Sans-I/O: what the answer to a *resent* write means (issue 15, item 18).

The retry transport resends an idempotent write whose answer was lost (a reset, a timeout
after sending, a 502/504) and marks the answer it returns (``REPLAYED_EXTENSION``). That
resend can meet its own first attempt's effect: an ``If-Match`` update finds the object
changed (412), a delete finds it gone (404, or 412 with ``If-Match``). Such an answer is
not a failure of the call. The client reads the object back: if it holds what was written
(or, for a delete, is gone), the write was applied; otherwise nobody can tell, and the
call raises :class:`~kinbase.errors.OutcomeUnknownError`, never the 412/404 as if nothing
had happened.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import httpx

from kinbase._http.retry import REPLAYED_EXTENSION
from kinbase._redact import redact_url
from kinbase.errors import OutcomeUnknownError, storage_error_from_response

__all__ = ["outcome_unknown", "replayed", "same_object"]

#: Fields the server sets on every object; not part of what the client wrote.
_SERVER_FIELDS = frozenset({"last_modified"})


def replayed(response: httpx.Response) -> bool:
    """Whether ``response`` answers a resend after an attempt that may have been applied."""
    return bool(response.extensions.get(REPLAYED_EXTENSION))


def same_object(current: Any, written: Any, path: tuple[str, ...]) -> bool:
    """Whether the object read back (``current``) is what the write sent (``written``, the
    ``data`` of its body; the id is the last part of ``path``)."""
    if not isinstance(current, Mapping) or not isinstance(written, Mapping):
        return False
    expected = {**written, "id": path[-1]}
    return {k: v for k, v in current.items() if k not in _SERVER_FIELDS} == {
        k: v for k, v in expected.items() if k not in _SERVER_FIELDS
    }


def outcome_unknown(response: httpx.Response) -> OutcomeUnknownError:
    """The error of a resent write whose answer (``response``) cannot tell the outcome."""
    answer = storage_error_from_response(response)
    request = response.request
    return OutcomeUnknownError(
        f"{request.method} {redact_url(request.url)}: the answer to the first attempt was "
        f"lost and the resend met HTTP {response.status_code}; the object now differs from "
        "what was written, so the write may or may not have been applied",
        request=request,
        answer=answer,
    )
