"""Fixtures that start the real servers: the auth test server, Kinto, PostgreSQL.

Session: ``auth_server`` (started first), ``kinto_server`` (trusts it for openid; backend
from ``--kinto-backend``, default ``$KINBASE_TEST_BACKEND`` or memory), ``postgres_cluster``
(only started when the backend or a test needs it). Per test: ``kinto`` (flushed session
server), ``kinto_url``, ``auth`` (the session auth server, reset), ``kinto_factory`` (extra
Kinto servers with their own settings, trusting ``auth_server``, stopped after the test).

Tests that use a Kinto fixture get the ``kinto`` marker, so ``pytest -m kinto
--kinto-backend=postgresql`` reruns exactly them on PostgreSQL. Tests marked ``postgresql``
(automatically when they use ``postgres_cluster``) are skipped on the memory backend.
"""

from __future__ import annotations

import asyncio
import itertools
import os
import sys
import time
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest

from tests.servers import (
    BACKENDS,
    AnyAuthServer,
    AuthServer,
    Backend,
    GoTrueServer,
    KintoFactory,
    KintoServer,
    PostgresCluster,
    gotrue_binary,
)

# Fault-injection proxy fixtures: fault_proxy(upstream_url, **options), kinto_proxy, auth_proxy.
pytest_plugins = ("tests.faultproxy.fixtures",)

KINTO_FIXTURES = frozenset(
    {"kinto", "kinto_server", "kinto_url", "kinto_factory", "postgres_cluster", "kinto_database"}
)
MARKERS = {
    "kinto": "uses a real Kinto server (added automatically from the fixtures)",
    "postgresql": "needs the PostgreSQL backend (skipped unless --kinto-backend=postgresql)",
}
_TEMPLATE_DB = "kinbase_template"
_startups: list[tuple[str, float]] = []


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--kinto-backend",
        default=os.environ.get("KINBASE_TEST_BACKEND", "memory"),
        help="Kinto storage for the test servers: memory (default) or postgresql "
        "(default from $KINBASE_TEST_BACKEND)",
    )


def pytest_configure(config: pytest.Config) -> None:
    backend = config.getoption("--kinto-backend")
    if backend not in BACKENDS:
        raise pytest.UsageError(f"--kinto-backend must be one of {BACKENDS}, not {backend!r}")
    registered = {line.split(":", 1)[0].strip() for line in config.getini("markers")}
    for name, description in MARKERS.items():
        if name not in registered:
            config.addinivalue_line("markers", f"{name}: {description}")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    on_postgresql = config.getoption("--kinto-backend") == "postgresql"
    skip = pytest.mark.skip(reason="needs --kinto-backend=postgresql")
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        if "postgres_cluster" in fixtures or "kinto_database" in fixtures:
            item.add_marker("postgresql")
        needs_postgresql = item.get_closest_marker("postgresql") is not None
        if needs_postgresql or fixtures & KINTO_FIXTURES:
            item.add_marker("kinto")
        if needs_postgresql and not on_postgresql:
            item.add_marker(skip)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if _startups:
        timings = ", ".join(f"{label} {seconds:.2f}s" for label, seconds in _startups)
        terminalreporter.write_line(f"kinbase test servers started: {timings}")


def _timed(label: str, start: Callable[[], None]) -> None:
    began = time.monotonic()
    start()
    _startups.append((label, time.monotonic() - began))


@pytest.fixture(scope="session")
def kinto_backend(pytestconfig: pytest.Config) -> Backend:
    backend: Backend = pytestconfig.getoption("--kinto-backend")
    return backend


def auth_server_kind() -> str:
    """``gotrue`` (the real server) when a binary is available, else ``double``.

    The binary is ``$KINBASE_GOTRUE_BIN`` or ``.tools/bin/gotrue`` (``make setup`` builds it
    when the Go module proxy allows); ``KINBASE_TEST_AUTH=double`` forces the double.
    """
    if os.environ.get("KINBASE_TEST_AUTH", "") == "double" or gotrue_binary() is None:
        return "double"
    return "gotrue"


@pytest.fixture(scope="session")
def _gotrue_cluster() -> Iterator[PostgresCluster]:
    """GoTrue's own private cluster (apart from Kinto's, which fault tests kill)."""
    cluster = PostgresCluster()
    try:
        _timed("postgres (gotrue)", cluster.start)
        yield cluster
    finally:
        cluster.close()


@pytest.fixture(scope="session")
def auth_server(request: pytest.FixtureRequest) -> Iterator[AnyAuthServer]:
    """The real GoTrue when built (see :func:`auth_server_kind`), else the double."""
    server: AnyAuthServer
    if auth_server_kind() == "gotrue":
        server = GoTrueServer(request.getfixturevalue("_gotrue_cluster"))
    else:
        server = AuthServer()
    try:
        _timed(f"auth ({server.kind})", server.start)
        yield server
    finally:
        server.close()


@pytest.fixture
def auth(auth_server: AnyAuthServer) -> AnyAuthServer:
    """The session auth server with no users or sessions left from earlier tests."""
    auth_server.reset()
    return auth_server


_TESTS = Path(__file__).resolve().parent


def _client_classes() -> list[type[Any]]:
    """The kinbase classes that hold connections and that tests build themselves."""
    from kinbase import AsyncClient, AsyncStorageClient, Client, StorageClient
    from kinbase.auth import AsyncAuthAdminAPI, AsyncAuthClient, AuthAdminAPI, AuthClient
    from kinbase.auth.session import SessionManager

    return [
        AsyncClient,
        Client,
        AsyncAuthAdminAPI,
        AsyncAuthClient,
        AuthAdminAPI,
        AuthClient,
        SessionManager,
        AsyncStorageClient,
        StorageClient,
    ]


@pytest.fixture(autouse=True)
def close_clients_tests_left_open() -> Iterator[None]:
    """Close, after each test, the kinbase clients the test built and left open.

    Many tests build a client as a user writes one (an example, a client handed to
    ``pytest.raises``) and never close it; its sockets would be collected unclosed later,
    failing another test under ``filterwarnings = error``. Only clients built by code under
    ``tests/`` are recorded: a client kinbase builds for itself and leaks still warns.
    """
    opened: list[Any] = []

    def recording(original: Callable[..., None]) -> Callable[..., None]:
        def init(self: Any, *args: Any, **kwargs: Any) -> None:
            original(self, *args, **kwargs)
            caller = sys._getframe(1).f_code.co_filename.split(" [")[0]
            if _TESTS in Path(caller).resolve().parents:
                opened.append(self)

        return init

    classes = _client_classes()
    originals = {cls: vars(cls).get("__init__") for cls in classes}
    for cls in classes:
        cls.__init__ = recording(cls.__init__)  # type: ignore[misc]
    try:
        yield
    finally:
        for cls, original in originals.items():
            if original is None:
                del cls.__init__
            else:
                cls.__init__ = original  # type: ignore[misc]
        for client in reversed(opened):
            if hasattr(client, "aclose"):
                asyncio.run(client.aclose())
            else:
                client.close()


def pytest_report_header(config: pytest.Config) -> str:
    kind = auth_server_kind()
    where = f" ({gotrue_binary()})" if kind == "gotrue" else " (tests/authserver)"
    return f"kinbase auth server: {kind}{where}"


@pytest.fixture(scope="session")
def postgres_cluster() -> Iterator[PostgresCluster]:
    cluster = PostgresCluster()
    try:
        _timed("postgres", cluster.start)
        yield cluster
    finally:
        cluster.close()


@pytest.fixture(scope="session")
def kinto_database(postgres_cluster: PostgresCluster) -> Callable[[], str]:
    """Return a function giving the DSN of a new, migrated, empty Kinto database.

    ``kinto migrate`` (1-2.5 s: a whole Kinto bootstrap) runs once, into a template database
    without connections; each Kinto instance gets a copy of it (~50 ms).
    """
    migrator = KintoServer(
        backend="postgresql", postgres_dsn=postgres_cluster.create_database(_TEMPLATE_DB)
    )
    try:
        _timed("kinto migrate", migrator.migrate)
    finally:
        migrator.close()
    numbers = itertools.count(1)

    def new_database() -> str:
        return postgres_cluster.create_database(f"kinto_{next(numbers)}", template=_TEMPLATE_DB)

    return new_database


def _new_kinto(
    request: pytest.FixtureRequest,
    backend: Backend,
    auth: AnyAuthServer,
    settings: Mapping[str, object] | None = None,
    env: Mapping[str, str] | None = None,
) -> KintoServer:
    dsn = request.getfixturevalue("kinto_database")() if backend == "postgresql" else None
    return KintoServer(
        backend=backend,
        postgres_dsn=dsn,
        auth_url=auth.url,
        settings=settings,
        env=env,
        migrate=False,
    )


@pytest.fixture(scope="session")
def kinto_server(
    request: pytest.FixtureRequest, kinto_backend: Backend, auth_server: AnyAuthServer
) -> Iterator[KintoServer]:
    server = _new_kinto(request, kinto_backend, auth_server)
    try:
        _timed(f"kinto ({kinto_backend})", server.start)
        yield server
    finally:
        server.close()


@pytest.fixture
def kinto(kinto_server: KintoServer) -> KintoServer:
    """The session Kinto, emptied (``POST /__flush__``) before the test."""
    if not kinto_server.running:  # an earlier test stopped it
        kinto_server.start()
    kinto_server.flush()
    return kinto_server


@pytest.fixture
def kinto_url(kinto: KintoServer) -> str:
    return kinto.url


@pytest.fixture
def kinto_factory(
    request: pytest.FixtureRequest, kinto_backend: Backend, auth_server: AnyAuthServer
) -> Iterator[KintoFactory]:
    servers: list[KintoServer] = []

    def make(*, env: Mapping[str, str] | None = None, **settings: object) -> KintoServer:
        server = _new_kinto(request, kinto_backend, auth_server, settings, env)
        servers.append(server)
        server.start()
        return server

    yield make
    for server in servers:
        server.close()
