"""Secrets never leak (logs at DEBUG, reprs, str(), exception messages); TLS is verified by
default and a CA bundle can be given; a session file others can read is refused."""

from __future__ import annotations

import asyncio
import http.server
import json
import logging
import os
import ssl
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from kinbase.auth import AsyncAuthClient, AuthClient, FileSessionStorage
from kinbase.client import AsyncClient, Client
from kinbase.errors import (
    InsecureSessionStorageError,
    InvalidInputError,
    KinbaseError,
    TransportError,
)
from kinbase.storage import AsyncStorageClient, StorageClient

from tests.authserver.config import DEFAULT_JWT_SECRET
from tests.authserver.jwt import encode as jwt_encode
from tests.faultproxy import Fault, Rule
from tests.faultproxy.fixtures import FaultProxyFactory
from tests.servers import AuthServer, KintoServer

from ._support import FAST_RETRY, Runner, setup_collection
from .conftest import Figures

pytestmark = pytest.mark.faults

KINTO_PASSWORD = "kinto-S3cret-XYZZY-4711"
WRONG_KINTO_PASSWORD = "wrong-S3cret-PLUGH-0815"
NEW_ACCOUNT_PASSWORD = "account-S3cret-FROTZ-2718"
GOTRUE_PASSWORD = "gotrue-S3cret-GNUSTO-3141"
WRONG_GOTRUE_PASSWORD = "gotrue-Wrong-REZROV-1618"
BAD_SERVICE_KEY = "eyJhbGciOiJIUzI1NiJ9.eyJyb2xlIjoic2VydmljZV9yb2xlIn0.forged-S3cret-sig"

LOGGERS = ("kinbase", "kinbase.http", "kinbase.auth", "httpx", "httpcore", "hpack")


def _texts_of(error: BaseException) -> list[str]:
    """Everything an exception shows: str, repr, args, and the same for its causes."""
    texts: list[str] = []
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        texts += [str(current), repr(current), repr(current.args)]
        for name in ("request", "response"):
            try:
                value = getattr(current, name, None)
            except RuntimeError:  # an httpx error without its request
                value = None
            if value is not None:
                texts.append(repr(value))
                headers = getattr(value, "headers", None)
                if headers is not None:
                    texts.append(repr(dict(headers)))
        current = current.__cause__ or current.__context__
    return texts


class Evidence:
    """What could leak: captured log records, reprs and exceptions."""

    def __init__(self, caplog: pytest.LogCaptureFixture) -> None:
        self.caplog = caplog
        self.texts: list[str] = []
        self.errors = 0

    def raises(self, run: Any, call: Any, expected: type[BaseException] = KinbaseError) -> None:
        with pytest.raises(expected) as info:
            run(call())
        self.errors += 1
        self.texts += _texts_of(info.value)

    def show(self, *objects: Any) -> None:
        for obj in objects:
            self.texts += [repr(obj), str(obj)]

    def check(self, secrets: dict[str, str]) -> int:
        log_texts = [self.caplog.text]
        for record in self.caplog.records:
            log_texts += [record.getMessage(), repr(record.args), repr(record.__dict__)]
        assert any("retrying" in text for text in log_texts), "the retry path was not logged"
        leaks = [
            (name, where[:200])
            for name, secret in secrets.items()
            for where in (*log_texts, *self.texts)
            if secret and secret in where
        ]
        assert leaks == []
        return len(log_texts) + len(self.texts)


def _run(loop: asyncio.AbstractEventLoop | None) -> Any:
    runner = Runner.__new__(Runner)
    runner.loop = loop
    return runner.run


def test_no_secret_in_logs_reprs_or_errors(
    mode: str,
    loop: asyncio.AbstractEventLoop | None,
    kinto: KintoServer,
    auth: AuthServer,
    fault_proxy: FaultProxyFactory,
    caplog: pytest.LogCaptureFixture,
    figures: Figures,
) -> None:
    caplog.set_level(logging.DEBUG)
    for name in LOGGERS:
        caplog.set_level(logging.DEBUG, logger=name)
    run = _run(loop)
    evidence = Evidence(caplog)
    service_key = jwt_encode({"role": "service_role", "exp": 4102444800}, DEFAULT_JWT_SECRET)
    kinto_proxy = fault_proxy(kinto.url)
    auth_proxy = fault_proxy(auth.url)
    # Every first request of a kind is refused once: each code path also logs a retry.
    for method in ("GET", "PUT", "POST", "PATCH", "DELETE"):
        kinto_proxy.add(Rule(Fault.SERVICE_UNAVAILABLE, method=method, nth=1, retry_after=0))
        auth_proxy.add(Rule(Fault.TOO_MANY_REQUESTS, method=method, nth=1, retry_after=0))

    # Kinto with a known password: requests, retries, errors.
    created = httpx.put(
        f"{kinto.url}/accounts/admin",
        json={"data": {"password": KINTO_PASSWORD}},
        trust_env=False,
    )
    assert created.status_code == 201
    setup_collection(kinto.url, ("admin", KINTO_PASSWORD))
    scls = StorageClient if mode == "sync" else AsyncStorageClient
    storage = scls(
        kinto_proxy.url,
        auth=("admin", KINTO_PASSWORD),
        bucket="b",
        collection="c",
        retry=FAST_RETRY,
        headers={"apikey": service_key},
    )
    run(storage.create_record(id="r1", data={"n": 1}))
    run(storage.get_records())
    evidence.raises(run, lambda: storage.create_record(id="r1", data={"n": 2}))  # 412
    evidence.raises(run, lambda: storage.get_record(id="missing"))  # 404
    evidence.raises(
        run, lambda: storage.create_account(id="admin", password=NEW_ACCOUNT_PASSWORD)
    )  # 412, with the password in the request body
    wrong = scls(kinto_proxy.url, auth=f"admin:{WRONG_KINTO_PASSWORD}", retry=FAST_RETRY)
    evidence.raises(run, lambda: wrong.get_bucket(id="b"))  # 401
    evidence.show(storage, wrong, storage.generated, storage._config)
    kinto_proxy.pause()
    evidence.raises(run, lambda: storage.get_record(id="r1"), TransportError)
    kinto_proxy.resume()
    for client in (storage, wrong):
        run(client.close() if mode == "sync" else client.aclose())

    # The auth server: passwords, access and refresh tokens, service key, JWT secret.
    ccls = Client if mode == "sync" else AsyncClient
    combined = ccls(
        auth_url=auth_proxy.url,
        storage_url=kinto_proxy.url,
        bucket="jobs",
        collection="items",
        retry=FAST_RETRY,
        service_key=service_key,
    )
    signed = run(combined.auth.sign_up({"email": "s@example.com", "password": GOTRUE_PASSWORD}))
    first = signed.session
    run(combined.storage.create_bucket(id="jobs"))
    acls = AuthClient if mode == "sync" else AsyncAuthClient
    minted = acls(auth_proxy.url, retry=FAST_RETRY, jwt_secret=DEFAULT_JWT_SECRET)
    run(minted.admin.list_users())  # 60-second tokens minted on this clock: before the jump
    auth.advance_clock(4000)  # the token expires: Kinto refuses it, the session refreshes
    run(combined.storage.create_collection(id="items"))
    second = run(combined.auth.get_session())
    assert second.refresh_token != first.refresh_token
    run(combined.auth.admin.list_users())
    evidence.raises(
        run,
        lambda: combined.auth.sign_in_with_password(
            {"email": "s@example.com", "password": WRONG_GOTRUE_PASSWORD}
        ),
    )
    spent = acls(auth_proxy.url, retry=FAST_RETRY)
    evidence.raises(run, lambda: spent.refresh_session(first.refresh_token))  # already used
    forged = acls(auth_proxy.url, retry=FAST_RETRY, service_key=BAD_SERVICE_KEY)
    evidence.raises(run, lambda: forged.admin.list_users())
    evidence.show(
        combined,
        combined.auth,
        combined.storage,
        combined.auth.session_manager,
        first,
        second,
        signed,
        combined.auth.as_httpx_auth(),
        spent,
        forged,
        minted,
        minted.admin,
    )
    auth_proxy.pause()
    evidence.raises(run, lambda: combined.auth.get_user(), TransportError)
    auth_proxy.resume()
    for client in (spent, forged, minted):
        run(client.close() if mode == "sync" else client.aclose())
    run(combined.close() if mode == "sync" else combined.aclose())

    secrets = {
        "kinto password": KINTO_PASSWORD,
        "wrong kinto password": WRONG_KINTO_PASSWORD,
        "new account password": NEW_ACCOUNT_PASSWORD,
        "gotrue password": GOTRUE_PASSWORD,
        "wrong gotrue password": WRONG_GOTRUE_PASSWORD,
        "service key": service_key,
        "forged service key": BAD_SERVICE_KEY,
        "jwt secret": DEFAULT_JWT_SECRET,
        "first access token": first.access_token,
        "first refresh token": first.refresh_token,
        "second access token": second.access_token,
        "second refresh token": second.refresh_token,
    }
    checked = evidence.check(secrets)
    figures.record(
        f"secrets [{mode}]",
        secrets=len(secrets),
        errors_examined=evidence.errors,
        log_records=len(caplog.records),
        texts_checked=checked,
        leaks=0,
    )


# --------------------------------------------------------------------------- TLS


@pytest.fixture(scope="module")
def certificates(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A private CA and a certificate for 127.0.0.1 it signed (openssl)."""
    where = tmp_path_factory.mktemp("tls")

    def openssl(*args: str) -> None:
        subprocess.run(["openssl", *args], cwd=where, check=True, capture_output=True)

    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
            "-subj", "/CN=kinbase test CA", "-keyout", "ca.key", "-out", "ca.pem",
            "-addext", "basicConstraints=critical,CA:TRUE",
            "-addext", "keyUsage=critical,keyCertSign,cRLSign")  # fmt: skip
    openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=127.0.0.1",
            "-keyout", "server.key", "-out", "server.csr")  # fmt: skip
    (where / "ext.cnf").write_text(
        "subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\n"
        "keyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n"
    )
    openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
            "-CAcreateserial", "-days", "2", "-extfile", "ext.cnf",
            "-out", "server.pem")  # fmt: skip
    return {"ca": where / "ca.pem", "cert": where / "server.pem", "key": where / "server.key"}


class _FakeKinto(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        body = json.dumps({"project_name": "kinto", "settings": {"batch_max_requests": 25}})
        data = body.encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def https_server(certificates: dict[str, Path]) -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _FakeKinto)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(certificates["cert"], certificates["key"])
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, name="https-server", daemon=True)
    thread.start()
    try:
        yield f"https://127.0.0.1:{server.server_address[1]}/v1"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def test_tls_is_verified_by_default_and_a_ca_bundle_can_be_given(
    mode: str,
    loop: asyncio.AbstractEventLoop | None,
    https_server: str,
    certificates: dict[str, Path],
    monkeypatch: pytest.MonkeyPatch,
    figures: Figures,
) -> None:
    for name in ("SSL_CERT_FILE", "SSL_CERT_DIR", "REQUESTS_CA_BUNDLE"):
        monkeypatch.delenv(name, raising=False)
    run = _run(loop)
    scls = StorageClient if mode == "sync" else AsyncStorageClient
    acls = AuthClient if mode == "sync" else AsyncAuthClient

    default = scls(https_server, retry=0)
    with pytest.raises(TransportError) as info:
        run(default.server_info())
    assert "ConnectError" in str(info.value)
    assert "CERTIFICATE_VERIFY_FAILED" in str(info.value.__cause__)
    auth_default = acls(https_server.removesuffix("/v1"), retry=0)
    with pytest.raises(TransportError):
        run(auth_default.sign_in_with_password({"email": "a@example.com", "password": "x"}))

    trusted = scls(https_server, retry=0, verify=str(certificates["ca"]))
    assert run(trusted.server_info())["project_name"] == "kinto"
    context = ssl.create_default_context(cafile=str(certificates["ca"]))
    with_context = scls(https_server, retry=0, verify=context)
    assert run(with_context.server_info())["project_name"] == "kinto"

    with pytest.raises(InvalidInputError) as bad:
        scls(https_server, verify=str(certificates["ca"].with_name("missing.pem")))
    assert "CA bundle" in str(bad.value)
    for client in (default, trusted, with_context):
        run(client.close() if mode == "sync" else client.aclose())
    run(auth_default.close() if mode == "sync" else auth_default.aclose())
    figures.record(f"TLS [{mode}]", default_verified=True, ca_bundle_accepted=True)


# --------------------------------------------------------------------------- session file


@pytest.mark.parametrize("mode_bits", [0o644, 0o640, 0o604, 0o660, 0o666])
def test_a_session_file_others_can_read_is_refused(
    tmp_path: Path, mode_bits: int, figures: Figures
) -> None:
    path = tmp_path / "session.json"
    storage = FileSessionStorage(path)
    secret = "refresh-S3cret-in-the-file"
    storage.set_item("supabase.auth.token", json.dumps({"refresh_token": secret}))
    assert (os.stat(path).st_mode & 0o777) == 0o600  # written private
    assert storage.get_item("supabase.auth.token") is not None
    os.chmod(path, mode_bits)
    with pytest.raises(InsecureSessionStorageError) as info:
        storage.get_item("supabase.auth.token")
    assert f"{mode_bits:04o}" in str(info.value) and secret not in str(info.value)
    client = AuthClient("http://127.0.0.1:9/auth/v1", storage=FileSessionStorage(path))
    with pytest.raises(InsecureSessionStorageError):
        client.initialize()
    client.close()
    figures.add("session file modes refused", "modes", 1)
