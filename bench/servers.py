"""The servers a benchmark run talks to: the test harness's own classes, not copies.

One real Kinto per backend (memory; PostgreSQL in a private cluster) and the auth test
server, all on loopback ports, all stopped when the ``with`` block ends (and by the
harness's atexit / parent-death nets if the run dies).

Kinto settings for benchmarks (the test defaults are tuned for tests, not speed):
``paginate_by = 10000`` (= Kinto's ``storage_max_fetch_size``: the largest page the server
gives, what every client streams with), accounts auth with a verification cache of an hour
(so bcrypt runs once per run, not every 30 s) and the default ``batch_max_requests`` (25).

Kinto's memory backend scans every stored permission on each object read or write (its
``get_objects_permissions``), so it slows down as it fills: 400 records/s into an empty
server, ~150 records/s once it holds 15,000. Benchmarks that write much on it
:func:`reset` it (``POST /__flush__``, then the account and bucket again) so every client
writes into the same, empty server.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

import httpx

from tests.servers import AnyAuthServer, KintoServer, PostgresCluster, local_auth_server

USER = "bench"
PASSWORD = "bench-password-not-a-secret"
BUCKET = "bench"
PAGINATE_BY = 10000

KINTO_SETTINGS: dict[str, object] = {
    # no history plugin: it writes an entry per write, which is server work, not client work
    "kinto.includes": "kinto.plugins.accounts kinto.plugins.flush",
    "paginate_by": PAGINATE_BY,
    "account_cache_ttl_seconds": 3600,
    "account_write_principals": f"account:{USER}",
}


@dataclass
class Kinto:
    backend: str
    url: str
    server: KintoServer
    startup_seconds: float
    cluster: PostgresCluster | None = None
    dbname: str | None = None

    @property
    def basic_auth(self) -> tuple[str, str]:
        return (USER, PASSWORD)


@dataclass
class Servers:
    kintos: dict[str, Kinto] = field(default_factory=dict)
    auth: AnyAuthServer | None = None
    startups: dict[str, float] = field(default_factory=dict)


def _prepare(url: str) -> None:
    """The bench account and its bucket (the account owns everything it creates)."""
    with httpx.Client(trust_env=False, timeout=30) as http:
        response = http.put(f"{url}/accounts/{USER}", json={"data": {"password": PASSWORD}})
        if response.status_code not in (200, 201):
            raise RuntimeError(
                f"creating the bench account: {response.status_code} {response.text}"
            )
        response = http.put(f"{url}/buckets/{BUCKET}", json={"data": {}}, auth=(USER, PASSWORD))
        if response.status_code not in (200, 201):
            raise RuntimeError(f"creating the bench bucket: {response.status_code} {response.text}")


def reset(url: str) -> None:
    """Empty the server (``POST /__flush__``) and create the bench account and bucket again."""
    with httpx.Client(trust_env=False, timeout=30) as http:
        http.post(f"{url}/__flush__").raise_for_status()
    _prepare(url)


@contextlib.contextmanager
def started(backends: tuple[str, ...], *, auth: bool = True) -> Iterator[Servers]:
    servers = Servers()
    stack = contextlib.ExitStack()
    with stack:
        if auth:
            began = time.monotonic()
            # the real GoTrue when built (.tools/bin/gotrue or $KINBASE_GOTRUE_BIN; its own
            # PostgreSQL cluster), else the double; KINBASE_TEST_AUTH=double forces it
            server = stack.enter_context(local_auth_server())
            servers.startups["auth"] = time.monotonic() - began
            servers.auth = server
        for backend in backends:
            dsn = cluster = None
            began = time.monotonic()
            if backend == "postgresql":
                cluster = PostgresCluster()
                stack.callback(cluster.close)
                cluster.start()
                dsn = cluster.create_database("kinto_bench")
            kinto = KintoServer(backend=backend, postgres_dsn=dsn, settings=KINTO_SETTINGS)  # type: ignore[arg-type]
            stack.callback(kinto.close)
            kinto.start()
            _prepare(kinto.url)
            elapsed = time.monotonic() - began
            servers.startups[f"kinto-{backend}"] = elapsed
            servers.kintos[backend] = Kinto(
                backend, kinto.url, kinto, elapsed, cluster, "kinto_bench" if cluster else None
            )
        yield servers
