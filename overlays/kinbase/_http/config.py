"""Client configuration shared by the storage and auth clients, and the httpx clients built from it.

One place turns the clients' keyword arguments into an ``httpx.Client`` /
``httpx.AsyncClient``; both APIs, and generated endpoint functions called through
``client.generated``, send through it (``Client.send``). Its transport is kinbase's
:class:`~kinbase.http.RetryTransport` over httpx's own ``HTTPTransport`` (or over the
user's ``http_client=``). Defaults live in :mod:`kinbase._http.defaults`.

A :class:`ClientConfig` has two halves:

- connection options (``verify``, ``cert``, ``limits``, ``http2``, ``proxy``,
  ``trust_env``, ``retry``, ``max_response_bytes``, ``http_client``): they make the
  transport, i.e. the connection pool; :func:`build_transport` /
  :func:`build_async_transport`;
- request options (``base_url``, ``headers``, ``timeout``, ``auth``, ``event_hooks``):
  they make the light httpx client around a transport; :func:`build_httpx_client` /
  :func:`build_async_httpx_client`. Views of one client (other auth or headers, e.g. one
  per user of a web app) are httpx clients over the same transport: cheap to create,
  one pool.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, Final, TypeAlias

import attrs
import httpx

from kinbase._http.connections import check_proxy
from kinbase._http.cookies import lazy_cookies
from kinbase._http.defaults import (
    DEFAULT_LIMITS,
    DEFAULT_MAX_RESPONSE_BYTES,
    DEFAULT_TIMEOUT,
    USER_AGENT,
)
from kinbase._http.delegate import AsyncBorrowed, AsyncClientTransport, Borrowed, ClientTransport
from kinbase._http.generated import async_remember_request, remember_request, with_hook
from kinbase._http.headers import check_headers
from kinbase._http.retry import RetryPolicy
from kinbase._http.tls import CertTypes, VerifyTypes, check_cert, check_verify
from kinbase._http.transport import AsyncRetryTransport, RetryTransport, check_http2, check_limit
from kinbase._redact import install_log_filter, redact_headers
from kinbase.errors import InvalidInputError

__all__ = [
    "CONNECTION_OPTIONS",
    "DEFAULT_TIMEOUT",
    "USER_AGENT",
    "ClientConfig",
    "EventHooks",
    "RetryTypes",
    "TimeoutTypes",
    "VerifyTypes",
    "build_async_httpx_client",
    "build_async_transport",
    "build_httpx_client",
    "build_transport",
    "make_retry_policy",
    "make_timeout",
]

#: A timeout: seconds for everything, ``(connect, read)`` seconds, an ``httpx.Timeout``, or
#: ``None`` for no per-phase timeout (the retry policy's ``max_total_seconds`` still bounds
#: the call).
TimeoutTypes: TypeAlias = float | int | tuple[float, float] | httpx.Timeout | None
#: Retries: a :class:`RetryPolicy`, a number of retries (``0`` disables them), or ``None`` for
#: the default policy.
RetryTypes: TypeAlias = RetryPolicy | int | None
#: httpx event hooks: ``{"request": [callable, ...], "response": [callable, ...]}``
#: (coroutine functions for the async clients).
EventHooks: TypeAlias = Mapping[str, Sequence[Callable[..., Any]]]

# httpcore's DEBUG trace prints response headers as they came (Set-Cookie...): hidden.
install_log_filter()

#: ClientConfig fields that make the transport (the connection pool).
CONNECTION_OPTIONS: Final = frozenset(
    {
        "verify",
        "cert",
        "limits",
        "http2",
        "proxy",
        "trust_env",
        "retry",
        "max_response_bytes",
        "http_client",
    }
)


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


def _check_hooks(hooks: EventHooks | None) -> dict[str, list[Callable[..., Any]]] | None:
    if hooks is None:
        return None
    if not isinstance(hooks, Mapping):
        raise InvalidInputError("event_hooks must be {'request': [...], 'response': [...]}")
    unknown = set(hooks) - {"request", "response"}
    if unknown:
        raise InvalidInputError(
            f"event_hooks: unknown events {sorted(unknown)} (use 'request' and 'response')"
        )
    checked: dict[str, list[Callable[..., Any]]] = {}
    for event, functions in hooks.items():
        functions = list(functions)
        if not all(callable(f) for f in functions):
            raise InvalidInputError(f"event_hooks[{event!r}] must be a list of callables")
        checked[event] = functions
    return checked


def _check_limits(limits: object) -> httpx.Limits:
    if not isinstance(limits, httpx.Limits):
        raise InvalidInputError(f"limits must be an httpx.Limits, not {type(limits).__name__}")
    return limits


def _check_http2(value: object) -> bool:
    if not isinstance(value, bool):
        raise InvalidInputError(f"http2 must be True or False, not {value!r}")
    if value:
        check_http2()
    return value


def _check_client(value: object) -> httpx.Client | httpx.AsyncClient | None:
    if value is None or isinstance(value, httpx.Client | httpx.AsyncClient):
        return value
    raise InvalidInputError(
        f"http_client must be an httpx.Client or httpx.AsyncClient, not {type(value).__name__}"
    )


@attrs.frozen
class ClientConfig:
    """Everything needed to build the httpx client of one API client (immutable).

    ``StorageClient.clone()`` and the auth client's own clients are built from an evolved
    copy, so nothing configured is lost. Redirects are never followed (both APIs answer in
    place, and a redirect would carry credentials to another origin). ``base_url`` never
    holds credentials: the clients move ``user:password@`` of a server URL into ``auth``
    (see :func:`split_credentials`).
    """

    base_url: str = attrs.field(converter=_normalise_url)
    # The repr hides secret header values (an ``apikey`` or ``Authorization`` given here).
    headers: Mapping[str, str] = attrs.field(factory=dict, converter=dict, repr=_headers_repr)
    timeout: httpx.Timeout = attrs.field(default=DEFAULT_TIMEOUT, converter=make_timeout)
    retry: RetryPolicy = attrs.field(factory=RetryPolicy, converter=make_retry_policy)
    verify: VerifyTypes = attrs.field(default=True, converter=check_verify)
    cert: CertTypes | None = attrs.field(default=None, converter=check_cert, repr=False)
    limits: httpx.Limits = attrs.field(default=DEFAULT_LIMITS, converter=_check_limits)
    http2: bool = attrs.field(default=False, converter=_check_http2)
    # The repr hides the proxy (its URL may hold credentials).
    proxy: httpx.Proxy | None = attrs.field(default=None, converter=check_proxy, repr=False)
    trust_env: bool = True
    max_response_bytes: int | None = attrs.field(
        default=DEFAULT_MAX_RESPONSE_BYTES, converter=check_limit
    )
    event_hooks: dict[str, list[Callable[..., Any]]] | None = attrs.field(
        default=None, converter=_check_hooks, repr=False
    )
    http_client: httpx.Client | httpx.AsyncClient | None = attrs.field(
        default=None, converter=_check_client, repr=False
    )
    auth: httpx.Auth | None = attrs.field(default=None, repr=False)

    @base_url.validator
    def _check_url(self, _attr: attrs.Attribute[str], value: str) -> None:
        url = httpx.URL(value)
        if url.scheme not in ("http", "https") or not url.host:
            raise InvalidInputError(
                "server URL must be an absolute http(s) URL, got "
                f"{url.copy_with(username=None, password=None)!s}"
            )
        if url.userinfo:
            raise InvalidInputError(
                "this server URL must not hold credentials (user:password@): "
                "pass them in headers= or auth= instead"
            )

    @headers.validator
    def _check_headers(self, _attr: attrs.Attribute[Mapping[str, str]], value: Any) -> None:
        check_headers(value)

    def same_connections(self, other: ClientConfig) -> bool:
        """Whether ``other`` can share this config's transport (same connection options)."""
        return all(getattr(self, name) == getattr(other, name) for name in CONNECTION_OPTIONS)


def split_credentials(url: str | httpx.URL) -> tuple[str, tuple[str, str] | None]:
    """``(url without user:password@, (user, password) or None)``."""
    parsed = httpx.URL(str(url))
    if not parsed.userinfo:
        return str(url), None
    credentials = (parsed.username, parsed.password)
    return str(parsed.copy_with(username=None, password=None)), credentials


def _pool_options(config: ClientConfig) -> dict[str, Any]:
    return {
        "verify": config.verify,
        "cert": config.cert,
        "limits": config.limits,
        "http2": config.http2,
        "proxy": config.proxy,
        "trust_env": config.trust_env,
    }


def build_transport(config: ClientConfig) -> RetryTransport:
    """The sync connection pool of ``config``: httpx's ``HTTPTransport`` (or the user's
    ``http_client``) inside kinbase's retry transport."""
    common: dict[str, Any] = {
        "policy": config.retry,
        "max_response_bytes": config.max_response_bytes,
    }
    if isinstance(config.http_client, httpx.Client):
        return RetryTransport(ClientTransport(config.http_client), **common)
    return RetryTransport(**common, **_pool_options(config))


def build_async_transport(config: ClientConfig) -> AsyncRetryTransport:
    """The async twin of :func:`build_transport`."""
    common: dict[str, Any] = {
        "policy": config.retry,
        "max_response_bytes": config.max_response_bytes,
    }
    if isinstance(config.http_client, httpx.AsyncClient):
        return AsyncRetryTransport(AsyncClientTransport(config.http_client), **common)
    return AsyncRetryTransport(**common, **_pool_options(config))


def _client_options(config: ClientConfig, remember: Callable[..., Any]) -> dict[str, Any]:
    return {
        "base_url": config.base_url,
        "headers": {"User-Agent": USER_AGENT, **config.headers},
        "timeout": config.timeout,
        "auth": config.auth,
        "follow_redirects": False,
        # unwrap() of a generated call finds its request through this hook.
        "event_hooks": with_hook(config.event_hooks, remember),
        # Proxies and certificates from the environment are the transport's business:
        # httpx would otherwise build transports of its own for them, outside the retries.
        "trust_env": False,
    }


def build_httpx_client(
    config: ClientConfig, transport: httpx.BaseTransport | None = None, *, owner: bool = True
) -> httpx.Client:
    """A sync httpx client for ``config`` over ``transport`` (default: a new one from
    :func:`build_transport`). ``owner=False`` makes it a view: its transport is wrapped so
    that closing the view closes nothing but the view."""
    if transport is None:
        transport = build_transport(config)
    if not owner:
        transport = Borrowed(transport)
    return lazy_cookies(
        httpx.Client(transport=transport, **_client_options(config, remember_request))
    )


def build_async_httpx_client(
    config: ClientConfig, transport: httpx.AsyncBaseTransport | None = None, *, owner: bool = True
) -> httpx.AsyncClient:
    """The async twin of :func:`build_httpx_client`."""
    if transport is None:
        transport = build_async_transport(config)
    if not owner:
        transport = AsyncBorrowed(transport)
    return lazy_cookies(
        httpx.AsyncClient(transport=transport, **_client_options(config, async_remember_request))
    )
