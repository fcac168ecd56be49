"""Client configuration shared by the storage and auth clients, and the httpx clients built from it.

One place decides timeouts, retries, TLS, connection limits, default headers and auth; both
APIs, and generated endpoint functions called through ``client.generated``, get them from the
``httpx.Client``/``httpx.AsyncClient`` built here.
"""

from __future__ import annotations

import ssl
from collections.abc import Mapping
from typing import Any, TypeAlias

import attrs
import httpx

from kinbase._http.redact import redact_headers
from kinbase._http.retry import RetryPolicy
from kinbase._http.sender import AsyncSender, Sender
from kinbase._http.transport import AsyncRetryTransport, RetryTransport
from kinbase._version import __version__
from kinbase.errors import InvalidInputError

__all__ = [
    "DEFAULT_TIMEOUT",
    "ClientConfig",
    "RetryTypes",
    "TimeoutTypes",
    "VerifyTypes",
    "build_async_httpx_client",
    "build_async_sender",
    "build_httpx_client",
    "build_sender",
    "make_retry_policy",
    "make_timeout",
]

#: A timeout: seconds for everything, ``(connect, read)`` seconds, an ``httpx.Timeout``, or
#: ``None`` for no timeout at all.
TimeoutTypes: TypeAlias = float | int | tuple[float, float] | httpx.Timeout | None
#: Retries: a :class:`RetryPolicy`, a number of retries (``0`` disables them), or ``None`` for
#: the default policy.
RetryTypes: TypeAlias = RetryPolicy | int | None
#: TLS verification: ``True`` (default, system CAs), ``False``, a CA bundle path, or an
#: ``ssl.SSLContext``.
VerifyTypes: TypeAlias = bool | str | ssl.SSLContext

DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=10.0)
USER_AGENT = f"kinbase/{__version__}"


def make_timeout(value: TimeoutTypes) -> httpx.Timeout:
    """Normalise a timeout argument, refusing nonsense with a clear error."""
    if isinstance(value, httpx.Timeout):
        return value
    if value is None:
        return httpx.Timeout(None)
    if isinstance(value, tuple):
        if len(value) != 2:
            raise InvalidInputError(
                f"timeout tuple must be (connect, read) seconds, got {len(value)} values"
            )
        connect, read = value
        for name, v in (("connect", connect), ("read", read)):
            if isinstance(v, bool) or not isinstance(v, int | float) or v <= 0:
                raise InvalidInputError(f"timeout {name} must be a positive number, got {v!r}")
        return httpx.Timeout(read, connect=connect)
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        raise InvalidInputError(f"timeout must be a positive number of seconds, got {value!r}")
    return httpx.Timeout(float(value))


def make_retry_policy(value: RetryTypes) -> RetryPolicy:
    """``None`` -> default policy; ``n`` -> up to ``n`` retries; a policy -> itself."""
    if value is None:
        return RetryPolicy()
    if isinstance(value, RetryPolicy):
        return value
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise InvalidInputError(
            f"retry must be a RetryPolicy or a number of retries >= 0, got {value!r}"
        )
    return attrs.evolve(RetryPolicy(), max_attempts=value + 1)


def _headers_repr(headers: Mapping[str, str]) -> str:
    return repr(dict(redact_headers(headers)))


def _normalise_url(url: str | httpx.URL) -> str:
    return str(url).rstrip("/")


@attrs.frozen
class ClientConfig:
    """Everything needed to build the httpx client of one API client (immutable).

    ``clone``/``with_options`` on the public clients evolve this, so nothing configured is lost.
    """

    base_url: str = attrs.field(converter=_normalise_url)
    # The repr hides secret header values (an ``apikey`` or ``Authorization`` given here).
    headers: Mapping[str, str] = attrs.field(factory=dict, converter=dict, repr=_headers_repr)
    timeout: httpx.Timeout = attrs.field(default=DEFAULT_TIMEOUT, converter=make_timeout)
    retry: RetryPolicy = attrs.field(factory=RetryPolicy, converter=make_retry_policy)
    verify: VerifyTypes = True
    limits: httpx.Limits = attrs.field(factory=lambda: httpx.Limits(max_connections=100))
    auth: httpx.Auth | None = attrs.field(default=None, repr=False)
    follow_redirects: bool = False

    @base_url.validator
    def _check_url(self, _attr: attrs.Attribute[str], value: str) -> None:
        url = httpx.URL(value)
        if url.scheme not in ("http", "https") or not url.host:
            raise InvalidInputError(
                f"server URL must be an absolute http(s) URL, got {url.copy_with(password=None)!s}"
            )

    def evolve(self, **changes: Any) -> ClientConfig:
        return attrs.evolve(self, **changes)


def _ssl_verify(verify: VerifyTypes) -> ssl.SSLContext | bool:
    """A CA bundle path becomes an SSLContext trusting exactly that bundle."""
    if isinstance(verify, str):
        try:
            return ssl.create_default_context(cafile=verify)
        except (OSError, ssl.SSLError) as exc:
            raise InvalidInputError(f"cannot load CA bundle {verify!r}: {exc}") from exc
    return verify


def _client_options(config: ClientConfig) -> dict[str, Any]:
    return {
        "base_url": config.base_url,
        "headers": {"User-Agent": USER_AGENT, **config.headers},
        "timeout": config.timeout,
        "auth": config.auth,
        "follow_redirects": config.follow_redirects,
    }


def build_httpx_client(config: ClientConfig) -> httpx.Client:
    """A sync httpx client whose transport retries per ``config.retry``."""
    return build_sender(config).http


def build_async_httpx_client(config: ClientConfig) -> httpx.AsyncClient:
    """An async httpx client whose transport retries per ``config.retry``."""
    return build_async_sender(config).http


def build_sender(config: ClientConfig) -> Sender:
    """The httpx client of :func:`build_httpx_client` and the short path to its transport."""
    transport = RetryTransport(
        policy=config.retry, verify=_ssl_verify(config.verify), limits=config.limits
    )
    return Sender(httpx.Client(transport=transport, **_client_options(config)), transport)


def build_async_sender(config: ClientConfig) -> AsyncSender:
    """The async twin of :func:`build_sender`."""
    transport = AsyncRetryTransport(
        policy=config.retry, verify=_ssl_verify(config.verify), limits=config.limits
    )
    return AsyncSender(httpx.AsyncClient(transport=transport, **_client_options(config)), transport)
