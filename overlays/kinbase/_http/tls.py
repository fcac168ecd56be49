"""The SSL context of a client: ``verify`` and ``cert`` turned into one ``ssl.SSLContext``.

Built here with the standard library, not by httpx, so that ``verify=False``, a CA bundle
path and a client certificate mean the same on every httpx version kinbase supports
(httpx 0.23-0.27 and 0.28 build contexts with different signatures), and so that a client
costs no certificate loading until it opens its first TLS connection: loading the CA
bundle takes ~20 ms, and a client for an ``http://`` server never needs it.

:func:`ssl_context` returns a context whose CA certificates (and client certificate) are
loaded on the first TLS handshake. Contexts for the same settings are shared by every
client of the process (an ``ssl.SSLContext`` is safe to share between threads).
"""

from __future__ import annotations

import os
import ssl
import threading
from collections.abc import Callable
from typing import Any, TypeAlias

from kinbase.errors import InvalidInputError

__all__ = ["CertTypes", "VerifyTypes", "check_cert", "check_verify", "ssl_context"]

#: TLS verification: ``True`` (default: certifi's CA bundle, or ``SSL_CERT_FILE`` /
#: ``SSL_CERT_DIR`` when ``trust_env``), ``False``, a CA bundle path (file or directory),
#: or an ``ssl.SSLContext`` used as is.
VerifyTypes: TypeAlias = bool | str | ssl.SSLContext
#: A client certificate (mTLS): a PEM file holding the certificate and key,
#: ``(cert_file, key_file)`` or ``(cert_file, key_file, password)``.
CertTypes: TypeAlias = str | tuple[str, str] | tuple[str, str, str]


class _LazyContext(ssl.SSLContext):
    """An ``ssl.SSLContext`` that loads its certificates just before its first handshake.

    httpx's transports take a context when they are built; this one costs nothing more
    than the OpenSSL object until a TLS connection is opened (sync sockets call
    ``wrap_socket``, anyio and trio call ``wrap_bio``).
    """

    _loader: Callable[[ssl.SSLContext], None] | None
    _load_lock: threading.Lock

    def _ensure_loaded(self) -> None:
        if self._loader is None:
            return
        with self._load_lock:
            loader, self._loader = self._loader, None
            if loader is not None:
                loader(self)

    def wrap_socket(self, *args: Any, **kwargs: Any) -> Any:
        self._ensure_loaded()
        return super().wrap_socket(*args, **kwargs)

    def wrap_bio(self, *args: Any, **kwargs: Any) -> Any:
        self._ensure_loaded()
        return super().wrap_bio(*args, **kwargs)


def check_verify(verify: object) -> VerifyTypes:
    """Refuse a ``verify`` value that is none of the accepted forms (before anything is sent)."""
    if isinstance(verify, bool | ssl.SSLContext):
        return verify
    if isinstance(verify, str | os.PathLike):
        path = os.fspath(verify)
        if not isinstance(path, str) or not os.path.exists(path):
            raise InvalidInputError(f"verify: no CA bundle at {path!r}")
        return path
    raise InvalidInputError(
        f"verify must be True, False, a CA bundle path or an ssl.SSLContext, "
        f"not {type(verify).__name__}"
    )


def check_cert(cert: object) -> CertTypes | None:
    """Refuse a ``cert`` value that is none of the accepted forms; files must exist."""
    if cert is None:
        return None
    parts: Any = (cert,) if isinstance(cert, str | os.PathLike) else cert
    if not isinstance(parts, tuple) or not 1 <= len(parts) <= 3:
        raise InvalidInputError("cert must be a PEM path, (cert, key) or (cert, key, password)")
    files = [os.fspath(part) for part in parts[:2]]
    for path in files:
        if not isinstance(path, str) or not os.path.isfile(path):
            raise InvalidInputError(f"cert: no file at {path!r}")
    if len(parts) == 1:
        return files[0]
    if len(parts) == 2:
        return (files[0], files[1])
    password = parts[2]
    if not isinstance(password, str):
        raise InvalidInputError("cert password must be a string")
    return (files[0], files[1], password)


def _ca_locations(verify: bool | str, trust_env: bool) -> dict[str, str]:
    if isinstance(verify, str):
        return {"capath": verify} if os.path.isdir(verify) else {"cafile": verify}
    if trust_env:
        if os.environ.get("SSL_CERT_FILE") and os.path.isfile(os.environ["SSL_CERT_FILE"]):
            return {"cafile": os.environ["SSL_CERT_FILE"]}
        if os.environ.get("SSL_CERT_DIR") and os.path.isdir(os.environ["SSL_CERT_DIR"]):
            return {"capath": os.environ["SSL_CERT_DIR"]}
    import certifi  # httpx depends on it

    return {"cafile": certifi.where()}


def _loader(
    verify: bool | str, cert: CertTypes | None, trust_env: bool
) -> Callable[[ssl.SSLContext], None]:
    locations = _ca_locations(verify, trust_env) if verify is not False else {}

    def load(context: ssl.SSLContext) -> None:
        if locations:
            context.load_verify_locations(**locations)
        if cert is not None:
            if isinstance(cert, str):
                context.load_cert_chain(cert)
            else:
                context.load_cert_chain(*cert)

    return load


_CACHE: dict[tuple[Any, ...], ssl.SSLContext] = {}
_CACHE_LOCK = threading.Lock()


def ssl_context(
    verify: VerifyTypes = True, cert: CertTypes | None = None, *, trust_env: bool = True
) -> ssl.SSLContext:
    """The context for these settings (shared; certificates loaded on first handshake).

    ``verify=<SSLContext>`` is returned as is (with ``cert``, load the chain into it
    yourself).
    """
    if isinstance(verify, ssl.SSLContext):
        if cert is not None:
            raise InvalidInputError("with verify=<SSLContext>, load cert into that context")
        return verify
    env = (os.environ.get("SSL_CERT_FILE"), os.environ.get("SSL_CERT_DIR")) if trust_env else ()
    key = (verify, cert, trust_env, env)
    with _CACHE_LOCK:
        context = _CACHE.get(key)
        if context is None:
            context = _LazyContext(ssl.PROTOCOL_TLS_CLIENT)
            context.minimum_version = ssl.TLSVersion.TLSv1_2
            if verify is False:
                context.check_hostname = False
                context.verify_mode = ssl.CERT_NONE
            context._load_lock = threading.Lock()
            context._loader = _loader(verify, cert, trust_env)
            _CACHE[key] = context
        return context
