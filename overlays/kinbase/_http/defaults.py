"""Every default of kinbase's HTTP layer, in one place.

The clients, the retry policy, the retry transport and the CLI take their defaults from
here; change one here and it changes everywhere. Nothing in this module does I/O.

Timeouts and the total budget fit together: a call may use up to
:data:`DEFAULT_MAX_TOTAL_SECONDS` in all, waits between attempts included, and one read
may wait up to :data:`DEFAULT_TIMEOUT`'s ``read``, so a read timeout leaves room for at
least one more attempt inside the budget.
"""

from __future__ import annotations

from typing import Final

import httpx

from kinbase._version import __version__

__all__ = [
    "DEFAULT_BACKOFF_BASE",
    "DEFAULT_BACKOFF_MAX",
    "DEFAULT_LIMITS",
    "DEFAULT_MAX_ATTEMPTS",
    "DEFAULT_MAX_RESPONSE_BYTES",
    "DEFAULT_MAX_SERVER_WAIT",
    "DEFAULT_MAX_TOTAL_SECONDS",
    "DEFAULT_TIMEOUT",
    "USER_AGENT",
]

#: Attempts per call, the first one included (3 retries).
DEFAULT_MAX_ATTEMPTS: Final = 4
#: The whole call, waits between attempts included, in seconds.
DEFAULT_MAX_TOTAL_SECONDS: Final = 30.0
#: Exponential backoff between attempts: ``base * 2 ** (retry - 1)``, at most ``max``.
DEFAULT_BACKOFF_BASE: Final = 0.5
DEFAULT_BACKOFF_MAX: Final = 10.0
#: The longest a server may make this client wait with ``Backoff`` or ``Retry-After``
#: (seconds); a longer ask is capped to this (``Backoff: 1000000000`` is a server bug or an
#: attack, not a reason to stop for 31 years).
DEFAULT_MAX_SERVER_WAIT: Final = 300.0

#: Per phase: 5 s to connect, 10 s for any one read or write or for a free connection.
#: The whole call is bounded by the retry policy's ``max_total_seconds`` (30 s), so a read
#: timeout is retried at least once within it.
DEFAULT_TIMEOUT: Final = httpx.Timeout(10.0, connect=5.0)
#: Connections per client (shared by its clones and views).
DEFAULT_LIMITS: Final = httpx.Limits(max_connections=100, max_keepalive_connections=20)
#: The largest response body accepted, after decompression (128 MiB). Larger bodies end
#: the call with ``ResponseTooLargeError`` without being held in memory.
DEFAULT_MAX_RESPONSE_BYTES: Final = 128 * 1024 * 1024

USER_AGENT: Final = f"kinbase/{__version__}"
