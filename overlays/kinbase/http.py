"""kinbase's HTTP layer, public: the retry policy, the retry transports, the defaults.

Every client sends through ``httpx.Client.send`` / ``httpx.AsyncClient.send`` over
httpx's own ``HTTPTransport`` / ``AsyncHTTPTransport``, wrapped by :class:`RetryTransport`
/ :class:`AsyncRetryTransport`. Use these names to configure the clients
(``retry=RetryPolicy(...)``) or to give your own httpx client kinbase's retries::

    import httpx
    from kinbase.http import RetryPolicy, RetryTransport

    client = httpx.Client(transport=RetryTransport(policy=RetryPolicy(max_attempts=6)))

The defaults (timeouts, connection limits, retry budget, response size limit) are the
``DEFAULT_*`` constants below; the clients take theirs from the same place.
"""

from __future__ import annotations

from kinbase._http.defaults import (
    DEFAULT_BACKOFF_BASE,
    DEFAULT_BACKOFF_MAX,
    DEFAULT_LIMITS,
    DEFAULT_MAX_ATTEMPTS,
    DEFAULT_MAX_RESPONSE_BYTES,
    DEFAULT_MAX_SERVER_WAIT,
    DEFAULT_MAX_TOTAL_SECONDS,
    DEFAULT_TIMEOUT,
    USER_AGENT,
)
from kinbase._http.retry import IDEMPOTENT_EXTENSION, RetryPolicy
from kinbase._http.transport import AsyncRetryTransport, RetryTransport
from kinbase._server_headers import ServerAlert

__all__ = [
    "DEFAULT_BACKOFF_BASE",
    "DEFAULT_BACKOFF_MAX",
    "DEFAULT_LIMITS",
    "DEFAULT_MAX_ATTEMPTS",
    "DEFAULT_MAX_RESPONSE_BYTES",
    "DEFAULT_MAX_SERVER_WAIT",
    "DEFAULT_MAX_TOTAL_SECONDS",
    "DEFAULT_TIMEOUT",
    "IDEMPOTENT_EXTENSION",
    "USER_AGENT",
    "AsyncRetryTransport",
    "RetryPolicy",
    "RetryTransport",
    "ServerAlert",
]
