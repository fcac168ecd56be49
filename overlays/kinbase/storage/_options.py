"""Constructor arguments of the storage clients -> :class:`ClientConfig` (sans-I/O)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

import attrs
import httpx

from kinbase._http.auth import resolve_auth
from kinbase._http.config import CONNECTION_OPTIONS as _CONFIG_CONNECTION_OPTIONS
from kinbase._http.config import (
    DEFAULT_TIMEOUT,
    ClientConfig,
    make_retry_policy,
    split_credentials,
)
from kinbase._http.defaults import DEFAULT_MAX_RESPONSE_BYTES
from kinbase._redact import redact_url
from kinbase.errors import InvalidInputError
from kinbase.storage._compat import check_retry_after

__all__ = ["CONNECTION_OPTIONS", "make_config", "server_root"]

#: Constructor options that make the connection pool: a clone overriding one gets its own
#: (``retry_after`` is part of the retry policy).
CONNECTION_OPTIONS: Final = _CONFIG_CONNECTION_OPTIONS | {"retry_after"}


def server_root(server_url: object, *, name: str = "server_url") -> str:
    """The API root: ``http://host:8888`` (and ``http://host:8888/``) becomes
    ``http://host:8888/v1``; anything but an http(s) URL with a host is refused, naming the
    URL without its password (``name`` is what the message calls it). The CLI's ``--server``
    goes through here too."""
    if not isinstance(server_url, str | httpx.URL) or not str(server_url).strip():
        raise InvalidInputError(f"{name} is required, e.g. 'http://localhost:8888/v1'")
    url = str(server_url).strip().rstrip("/")
    try:
        parsed = httpx.URL(url)
    except httpx.InvalidURL:
        parsed = None
    if parsed is None or parsed.scheme not in ("http", "https"):
        # Not shown: without a known scheme, what looks like a user name may be a secret.
        raise InvalidInputError(
            f"{name} must be an http(s) URL with a host, e.g. 'http://localhost:8888/v1' "
            f"(got {len(url)} characters not starting with http:// or https://)"
        )
    if not parsed.host:
        raise InvalidInputError(f"{name} has no host: {redact_url(url)!r}")
    if parsed.path in ("", "/"):
        url += "/v1"
    return url


def make_config(options: Mapping[str, Any]) -> ClientConfig:
    """The :class:`ClientConfig` of a storage client's constructor options.

    Credentials in the server URL (``http://alice:pw@host/v1``) become HTTP Basic auth for
    every call (kinto-http does the same) and are removed from the URL, so they never show
    in reprs, logs or errors; giving them both there and as ``auth=`` is refused.
    """
    extra: dict[str, Any] = {}
    if options.get("limits") is not None:
        extra["limits"] = options["limits"]
    url, credentials = split_credentials(server_root(options["server_url"]))
    auth = options.get("auth")
    retry = options.get("retry")
    retry_after = check_retry_after(options.get("retry_after"))
    if retry_after is not None:
        # kinto-http's retry_after=: a fixed wait between retries, part of the policy
        retry = attrs.evolve(make_retry_policy(retry), retry_after=retry_after)
    if credentials is not None:
        if auth is not None:
            raise InvalidInputError(
                "credentials are given both in the server URL and as auth=: keep one"
            )
        auth = credentials
    return ClientConfig(
        base_url=url,
        headers=dict(options.get("headers") or {}),
        timeout=options.get("timeout", DEFAULT_TIMEOUT),
        retry=retry,
        verify=options.get("verify", True),
        cert=options.get("cert"),
        http2=options.get("http2", False),
        proxy=options.get("proxy"),
        trust_env=options.get("trust_env", True),
        event_hooks=options.get("event_hooks"),
        http_client=options.get("http_client"),
        max_response_bytes=options.get("max_response_bytes", DEFAULT_MAX_RESPONSE_BYTES),
        auth=resolve_auth(auth),
        **extra,
    )
