"""The short path for kinbase's own storage requests.

A :class:`Sender` holds an ``httpx.Client`` built by :mod:`kinbase._http.config` and the
retrying transport inside it. The overlays send their requests through the sender, which
builds the same ``httpx.Request`` the client would (base URL, default headers, timeout
extension) and runs the same ``httpx.Auth`` flow over the same transport, but skips what
``httpx.Client.send`` does for features these APIs do not use: the cookie jar (a
``urllib`` request and an ``email`` message per response) and redirect bookkeeping. The
client's event hooks are run as httpx runs them. Generated endpoint functions called
directly (``client.generated``) go through the ``httpx.Client`` itself, so they get the
same transport, retries and auth.

kinbase's own calls therefore neither store nor send cookies (Kinto and GoTrue set none),
and do not follow redirects (the clients are built with ``follow_redirects=False``).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

import httpx

from kinbase._http.redact import redact_url
from kinbase._http.retry import IDEMPOTENT_EXTENSION

__all__ = ["AsyncSender", "Sender"]

logger = logging.getLogger("kinbase.http")


class _RequestBuilder:
    """Builds requests exactly as the wrapped httpx client's ``build_request`` would."""

    def __init__(self, http: httpx.Client | httpx.AsyncClient) -> None:
        if http.follow_redirects:  # pragma: no cover - kinbase builds its clients without
            raise ValueError("the short path does not follow redirects")
        # httpx keeps base_url with a trailing slash; generated paths start with one.
        self._base = str(http.base_url).rstrip("/")
        self._headers = http.headers.copy()
        self._timeout = http.timeout.as_dict()
        self._auth = http.auth

    def build(self, kwargs: Mapping[str, Any], idempotent: bool | None = None) -> httpx.Request:
        """``kwargs``: what a generated ``_get_kwargs`` returns (``url`` is a path)."""
        options = dict(kwargs)
        method = options.pop("method")
        url = self._base + options.pop("url")
        extra = options.pop("headers", None)
        headers = self._headers.copy()
        if extra:
            headers.update(extra)
        extensions: dict[str, Any] = {"timeout": self._timeout}
        if idempotent is not None:
            extensions[IDEMPOTENT_EXTENSION] = idempotent
        return httpx.Request(method, url, headers=headers, extensions=extensions, **options)


def _finish(request: httpx.Request, response: httpx.Response, start: float) -> None:
    response.request = request
    response.elapsed = timedelta(seconds=time.perf_counter() - start)
    if logger.isEnabledFor(logging.DEBUG):
        logger.debug("%s %s -> %d", request.method, redact_url(request.url), response.status_code)


class Sender(_RequestBuilder):
    """Sends with ``transport`` (the one inside ``http``) and ``http``'s auth."""

    def __init__(self, http: httpx.Client, transport: httpx.BaseTransport) -> None:
        super().__init__(http)
        self.http = http
        self._transport = transport

    def send(self, request: httpx.Request) -> httpx.Response:
        """The response, body read, after the auth flow (which may replay the request)."""
        if self._auth is None:
            return self._send_once(request)
        flow = self._auth.sync_auth_flow(request)
        try:
            request = next(flow)
            while True:
                response = self._send_once(request)
                try:
                    request = flow.send(response)
                except StopIteration:
                    return response
                response.close()
        finally:
            flow.close()

    def _send_once(self, request: httpx.Request) -> httpx.Response:
        hooks = self.http.event_hooks
        for hook in hooks["request"]:
            hook(request)
        start = time.perf_counter()
        response = self._transport.handle_request(request)
        try:
            response.read()
        finally:
            response.close()
        _finish(request, response, start)
        for hook in hooks["response"]:
            hook(response)
        return response

    def close(self) -> None:
        self.http.close()


class AsyncSender(_RequestBuilder):
    """The async twin of :class:`Sender`."""

    def __init__(self, http: httpx.AsyncClient, transport: httpx.AsyncBaseTransport) -> None:
        super().__init__(http)
        self.http = http
        self._transport = transport

    async def send(self, request: httpx.Request) -> httpx.Response:
        if self._auth is None:
            return await self._send_once(request)
        flow = self._auth.async_auth_flow(request)
        try:
            request = await flow.__anext__()
            while True:
                response = await self._send_once(request)
                try:
                    request = await flow.asend(response)
                except StopAsyncIteration:
                    return response
                await response.aclose()
        finally:
            await flow.aclose()

    async def _send_once(self, request: httpx.Request) -> httpx.Response:
        hooks = self.http.event_hooks
        for hook in hooks["request"]:
            await hook(request)
        start = time.perf_counter()
        response = await self._transport.handle_async_request(request)
        try:
            await response.aread()
        finally:
            await response.aclose()
        _finish(request, response, start)
        for hook in hooks["response"]:
            await hook(response)
        return response

    async def aclose(self) -> None:
        await self.http.aclose()
