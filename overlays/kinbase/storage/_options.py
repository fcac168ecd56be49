"""Constructor arguments of the storage clients -> :class:`ClientConfig` (sans-I/O)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

import httpx

from kinbase._http.auth import resolve_auth
from kinbase._http.config import DEFAULT_TIMEOUT, ClientConfig
from kinbase.errors import InvalidInputError

__all__ = ["TRANSPORT_OPTIONS", "make_config", "server_root"]

#: Options that change the httpx client: a clone overriding one of them gets its own.
TRANSPORT_OPTIONS: Final = frozenset(
    {"server_url", "auth", "headers", "timeout", "retry", "verify", "limits"}
)


def server_root(server_url: object) -> str:
    """The API root: ``http://host:8888`` becomes ``http://host:8888/v1``."""
    if not isinstance(server_url, str | httpx.URL) or not str(server_url):
        raise InvalidInputError("server_url is required, e.g. 'http://localhost:8888/v1'")
    url = str(server_url).rstrip("/")
    if httpx.URL(url).path in ("", "/"):
        url += "/v1"
    return url


def make_config(options: Mapping[str, Any]) -> ClientConfig:
    extra: dict[str, Any] = {}
    if options.get("limits") is not None:
        extra["limits"] = options["limits"]
    timeout = options.get("timeout", DEFAULT_TIMEOUT)
    return ClientConfig(
        base_url=server_root(options["server_url"]),
        headers=dict(options.get("headers") or {}),
        timeout=timeout,
        retry=options.get("retry"),
        verify=options.get("verify", True),
        auth=resolve_auth(options.get("auth")),
        **extra,
    )
