"""Transports that hand requests to something else: a user's own httpx client, or a
transport shared with other client views (without owning it).

- :class:`ClientTransport` / :class:`AsyncClientTransport`: the I/O of ``http_client=``.
  kinbase's retry transport wraps one, so retries, the response size limit and the time
  budget apply to a client the user built; that client's own transport, proxies, TLS,
  limits, cookies and event hooks do the sending. kinbase never closes it.
- :class:`Borrowed` / :class:`AsyncBorrowed`: a view (a clone with other auth or headers)
  sending over the pool of the client it came from; closing the view closes nothing else.
"""

from __future__ import annotations

import httpx

from kinbase.errors import ClientClosedError

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
    """The async twin of :class:`ClientTransport`."""

    def __init__(self, client: httpx.AsyncClient) -> None:
        self.client = client

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        return await self.client.send(request, stream=True)

    async def aclose(self) -> None:
        """Nothing: the client belongs to whoever built it."""


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
