"""Pytest fixtures for the fault proxy.

``fault_proxy`` is a factory: ``fault_proxy(upstream_url, **options)`` starts a
:class:`FaultProxy` that is stopped (and checked stopped) after the test.
``kinto_proxy`` and ``auth_proxy`` are proxies in front of the per-test ``kinto`` and
``auth`` servers from ``tests/conftest.py`` (``kinto_proxy.url`` ends with ``/v1``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.servers import AuthServer, KintoServer

from .proxy import FaultProxy


class FaultProxyFactory:
    """Starts proxies and stops all of them on :meth:`close`."""

    def __init__(self) -> None:
        self.proxies: list[FaultProxy] = []

    def __call__(self, upstream: str, **options: Any) -> FaultProxy:
        proxy = FaultProxy(upstream, **options)
        proxy.start()
        self.proxies.append(proxy)
        return proxy

    def close(self) -> None:
        errors: list[BaseException] = []
        for proxy in self.proxies:
            try:
                proxy.stop()
            except BaseException as exc:  # stop the others, then report
                errors.append(exc)
        self.proxies.clear()
        if errors:
            raise errors[0]


@pytest.fixture
def fault_proxy() -> Iterator[FaultProxyFactory]:
    """``fault_proxy(upstream_url, **FaultProxy options)``: started now, stopped after."""
    factory = FaultProxyFactory()
    try:
        yield factory
    finally:
        factory.close()


@pytest.fixture
def kinto_proxy(kinto: KintoServer, fault_proxy: FaultProxyFactory) -> FaultProxy:
    """A fault proxy in front of the (flushed) session Kinto."""
    return fault_proxy(kinto.url)


@pytest.fixture
def auth_proxy(auth: AuthServer, fault_proxy: FaultProxyFactory) -> FaultProxy:
    """A fault proxy in front of the (reset) session auth server."""
    return fault_proxy(auth.url)
