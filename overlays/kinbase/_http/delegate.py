"""Transports that hand requests to something else: a user's own httpx client, or a
transport shared with other client views (without owning it).

- :class:`ClientTransport` / :class:`AsyncClientTransport`: the I/O of ``http_client=``.
  kinbase's retry transport wraps one, so retries, the response size limit and the time
  budget apply to a client the user built; that client's own transport, proxies, TLS,
  limits, cookies and event hooks do the sending. kinbase never closes it, and never
  replaces it: an ``httpx.AsyncClient`` whose connection pool kinbase used on one event
  loop is refused on another (:class:`~kinbase.errors.InvalidInputError` naming the fix),
  since httpx's pool cannot move between loops (kinbase's own pools can: see
  :mod:`kinbase._http.connections`).
- :class:`Borrowed` / :class:`AsyncBorrowed`: a view (a clone with other auth or headers)
  sending over the pool of the client it came from; closing the view closes nothing else.
"""

from __future__ import annotations

import asyncio
import weakref

import httpx

from kinbase.errors import ClientClosedError, InvalidInputError

__all__ = ["AsyncBorrowed", "AsyncClientTransport", "Borrowed", "ClientTransport"]


class ClientTransport(httpx.BaseTransport):
    """Sends through ``client.send`` (streamed: the retry transport reads the body)."""

    def __init__(self, client: httpx.Client) -> None:
        self.client = client

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        return self.client.send(request, stream=True)

    def close(self) -> None:
        """Nothing: the client belongs to whoever built it."""


class AsyncClientTransport(httpx.AsyncBaseTransport):
    """The async twin of :class:`ClientTransport`, held to the event loop it first sent
    on when the client's transport is a connection pool (``httpx.AsyncHTTPTransport``):
    on another loop that pool would fail ("Event loop is closed") or hang, so the request
    is refused, before anything is sent, with what to do instead. A client over another
    transport (``httpx.MockTransport``, ``httpx.ASGITransport``...) is used on any loop."""

    def __init__(self, client: httpx.AsyncClient) -> None:
        self.client = client
        self._loop: weakref.ref[asyncio.AbstractEventLoop] | None = None

    def _check_loop(self) -> None:
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # not asyncio (trio): no loop to outlive
            return
        first = self._loop() if self._loop is not None else None
        if first is loop:
            return
        if self._loop is None or not _has_pool(self.client):
            self._loop = weakref.ref(loop)
            return
        state = "closed now" if first is None or first.is_closed() else "still open"
        raise InvalidInputError(
            f"http_client= is an httpx.AsyncClient whose connection pool was used on another "
            f"event loop ({state}), and an httpx pool cannot move between loops: create the "
            "httpx client and the kinbase client inside the loop that uses them (in the same "
            "asyncio.run(), or a fixture of the same loop scope as the tests), or leave out "
            "http_client= so that kinbase owns its pools (it opens new ones on each loop)"
        )

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self._check_loop()
        return await self.client.send(request, stream=True)

    async def aclose(self) -> None:
        """Nothing: the client belongs to whoever built it."""


def _has_pool(client: httpx.AsyncClient) -> bool:
    """Whether ``client`` sends through httpx's connection pools (bound to a loop)."""
    transports = [getattr(client, "_transport", None)]
    transports += list(getattr(client, "_mounts", {}).values())
    return any(isinstance(t, httpx.AsyncHTTPTransport) for t in transports)


def closed_error() -> ClientClosedError:
    return ClientClosedError("this client is closed: create a new one to send requests")


class Borrowed(httpx.BaseTransport):
    """``transport``, used but not owned: :meth:`close` refuses further requests through
    this view and leaves ``transport`` open."""

    def __init__(self, transport: httpx.BaseTransport) -> None:
        self.transport = transport
        self.closed = False

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if self.closed:
            raise closed_error()
        return self.transport.handle_request(request)

    def close(self) -> None:
        self.closed = True


class AsyncBorrowed(httpx.AsyncBaseTransport):
    """The async twin of :class:`Borrowed`."""

    def __init__(self, transport: httpx.AsyncBaseTransport) -> None:
        self.transport = transport
        self.closed = False

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if self.closed:
            raise closed_error()
        return await self.transport.handle_async_request(request)

    async def aclose(self) -> None:
        self.closed = True
