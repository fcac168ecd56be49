"""One write for a request's head and a small body (sans-I/O; used by the pools' streams).

httpcore writes an HTTP/1.1 request in two writes, the head then the body, each a system
call (and each a TCP segment: with Nagle's algorithm on one side and delayed ACKs on the
other, the second can wait for the first one's ACK). ``http.client`` joins them when the
body is small; :class:`HeadJoiner` does the same under httpcore: the first write of a
request is held until the next write (sent together when both fit in :data:`JOIN_LIMIT`
bytes) or the first read (sent before it). Only for HTTP/1.1 pools: an HTTP/2 connection
interleaves streams, and a held frame could wait for a read that waits for it.
"""

from __future__ import annotations

__all__ = ["JOIN_LIMIT", "HeadJoiner"]

#: Largest head + body sent as one write (a larger body is written after the head).
JOIN_LIMIT = 64 * 1024


class HeadJoiner:
    """Which bytes to write now, per call of a stream's ``write`` and ``read``.

    ``writes(buffer)`` answers the buffers to write, in order (none: held);
    ``flush()`` answers what must be written before reading (``b""``: nothing).
    """

    __slots__ = ("_enabled", "_hold", "_pending", "timeout")

    def __init__(self, enabled: bool) -> None:
        self._enabled = enabled
        self._hold = enabled  # the next write starts a request: hold it
        self._pending = b""
        #: the timeout httpcore gave for the held write (used when it is flushed)
        self.timeout: float | None = None

    def writes(self, buffer: bytes, timeout: float | None) -> tuple[bytes, ...]:
        if not buffer:  # h11's end of a Content-Length body: nothing to send
            return ()
        pending = self._pending
        if pending:
            self._pending = b""
            if len(pending) + len(buffer) <= JOIN_LIMIT:
                return (pending + buffer,)
            return (pending, buffer)
        if self._hold and len(buffer) <= JOIN_LIMIT:
            self._hold = False
            self._pending = buffer
            self.timeout = timeout
            return ()
        return (buffer,)

    def flush(self) -> bytes:
        """Before a read: the held bytes (sent first); the next write starts a request."""
        pending = self._pending
        self._pending = b""
        self._hold = self._enabled
        return pending
