"""The example web apps (examples/), each served over real HTTP by a real server:
Starlette and Django (ASGI) under uvicorn, Django (WSGI) and Flask under gunicorn; all
share one private redis-server as their session store, the auth test server and Kinto."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.servers import AuthServer, KintoServer, ManagedProcess, RedisServer
from tests.servers.ports import LOOPBACK, free_port
from tests.servers.process import http_ok
from tests.sessions.conftest import redis_server

__all__ = ["redis_server"]

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
START_TIMEOUT = 60.0

APPS = {
    "starlette": [str(BIN / "uvicorn"), "examples.starlette_app:app"],
    "fastapi": [str(BIN / "uvicorn"), "examples.fastapi_app:app"],
    "django-asgi": [str(BIN / "uvicorn"), "examples.django_app.asgi:application"],
    "django-wsgi": [str(BIN / "gunicorn"), "examples.django_app.wsgi:application"],
    "flask": [str(BIN / "gunicorn"), "examples.flask_app:app"],
}


class App:
    def __init__(self, name: str, url: str, process: ManagedProcess) -> None:
        self.name, self.url, self.process = name, url, process

    def __repr__(self) -> str:
        return f"<App {self.name} {self.url}>"


def _start(name: str, env: dict[str, str], root: Path) -> App:
    port = free_port()
    argv = list(APPS[name])
    if argv[0].endswith("uvicorn"):
        argv += ["--host", LOOPBACK, "--port", str(port), "--log-level", "warning"]
    else:
        argv += ["--bind", f"{LOOPBACK}:{port}", "--workers", "2", "--threads", "4"]
    process = ManagedProcess(
        name, argv, log_path=root / f"{name}.log", cwd=REPO, env=env, stop_timeout=5.0
    )
    process.start()
    url = f"http://{LOOPBACK}:{port}"
    # any answer will do (404 on /): http_ok wants 200, so probe a route that answers 401
    process.wait_until(
        lambda: http_ok(url + "/health") or _answers(url + "/me"),
        what="HTTP answers",
        timeout=START_TIMEOUT,
    )
    return App(name, url, process)


def _answers(url: str) -> bool:
    import urllib.error
    import urllib.request

    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(url, timeout=1.0):
            return True
    except urllib.error.HTTPError:
        return True
    except OSError:
        return False


@pytest.fixture(scope="module")
def web_apps(
    auth_server: AuthServer,
    kinto_server: KintoServer,
    redis_server: RedisServer,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[dict[str, App]]:
    from tests.authserver.config import DEFAULT_JWT_SECRET

    root = tmp_path_factory.mktemp("web")
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]),
        "KINBASE_AUTH_URL": auth_server.url,
        "KINBASE_STORAGE_URL": kinto_server.url,
        "KINBASE_REDIS_URL": redis_server.url,
        "KINBASE_JWT_SECRET": DEFAULT_JWT_SECRET,
        "KINBASE_COOKIE_SECURE": "0",
    }
    apps: dict[str, App] = {}
    try:
        for name in APPS:
            apps[name] = _start(name, env, root)
        yield apps
    finally:
        for app in apps.values():
            app.process.stop()
