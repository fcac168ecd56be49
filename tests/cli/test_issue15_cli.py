"""Issue 15, the command-line items (1, 3, 5, 9, 10); the others are in
tests/reliability/test_issue15.py. Hostile Kinto servers are
:class:`tests.hostileserver.HostileServer` instances on loopback."""

from __future__ import annotations

import json
import ssl
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.faultproxy import Fault, Rule
from tests.faultproxy.fixtures import FaultProxyFactory
from tests.hostileserver import HostileServer, Reply, Seen
from tests.reliability.test_secrets import certificates
from tests.servers import AuthServer, KintoServer

from .conftest import CLI, PASSWORD
from .test_transfer import server_records, write_jsonl

__all__ = ["certificates"]


def _kinto_naming(issuer: str) -> HostileServer:
    """A Kinto root that names ``issuer`` as its OpenID provider (and answers nothing
    else usefully)."""

    def answer(request: Seen) -> Reply:
        if request.path.rstrip("/") == "/v1":
            return Reply(
                200,
                {
                    "project_name": "kinto",
                    "settings": {"batch_max_requests": 25},
                    "capabilities": {"openid": {"providers": [{"issuer": issuer}]}},
                },
            )
        return Reply(404, {"errno": 111, "message": "not found", "code": 404, "error": "x"})

    return HostileServer(answer)


@pytest.fixture
def password_sink() -> Iterator[HostileServer]:
    """A would-be auth server that records what reaches it (and refuses everything)."""
    with HostileServer(
        lambda _r: Reply(400, {"code": 400, "error_code": "nope", "msg": "no"})
    ) as sink:
        yield sink


@pytest.fixture
def tls_context(certificates: dict[str, Path], monkeypatch: pytest.MonkeyPatch) -> ssl.SSLContext:
    monkeypatch.setenv("SSL_CERT_FILE", str(certificates["ca"]))
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(certificates["cert"], certificates["key"])
    return context


def _login(cli: CLI, server: str, *extra: str) -> object:
    return cli(
        "-s", server, "login", "--email", "a@example.com", "--password-stdin", *extra,
        stdin=PASSWORD + "\n",
    )  # fmt: skip


# --------------------------------------------------------------------------- item 1


def test_issue15_item1_login_refuses_an_auth_server_on_another_host(
    cli: CLI, password_sink: HostileServer
) -> None:
    """Item 1: a Kinto on 127.0.0.1 naming an auth server on ``localhost`` (another host):
    the discovered URL is shown, nothing is sent there unless confirmed."""
    issuer = password_sink.url.replace("127.0.0.1", "localhost")
    with _kinto_naming(issuer) as kinto:
        refused = _login(cli, kinto.url + "/v1")
        assert refused.code == 3, refused.err
        assert issuer in refused.err and "another host" in refused.err
        assert "Nothing was sent" in refused.err
        assert password_sink.requests == []  # the password never left
        assert not cli.session_file.exists()

        # A script that trusts it says so; then (and only then) the password goes there.
        trusted = _login(cli, kinto.url + "/v1", "--trust-auth-url")
        assert f"Auth server (named by the Kinto server {kinto.url}/v1): {issuer}" in trusted.err
    assert [r.path for r in password_sink.requests] == ["/token?grant_type=password"]


def test_issue15_item1_login_refuses_a_downgrade_to_plain_http(
    cli: CLI, password_sink: HostileServer, tls_context: ssl.SSLContext
) -> None:
    """Item 1: an https Kinto naming an ``http://`` auth server on the same host: the
    password would travel in clear; refused before it is read or sent."""

    def answer(request: Seen) -> Reply:
        return Reply(
            200,
            {
                "project_name": "kinto",
                "capabilities": {"openid": {"providers": [{"issuer": password_sink.url}]}},
            },
        )

    with HostileServer(answer, tls=tls_context) as kinto:
        assert kinto.url.startswith("https://127.0.0.1:")
        refused = _login(cli, kinto.url + "/v1")
        assert kinto.requests, refused.err  # discovery went to the https Kinto
    assert refused.code == 3, refused.err
    assert "plain http" in refused.err and password_sink.url in refused.err
    assert password_sink.requests == []


def test_issue15_item1_same_host_is_used_without_asking(
    kcli: CLI, auth: AuthServer, kinto: KintoServer
) -> None:
    """Item 1: the test Kinto names the auth server on its own host (127.0.0.1, another
    port): used without a question, and shown."""
    _email, login = kcli.login()
    assert f"Auth server (named by the Kinto server {kinto.url}): {auth.url}" in login.err


# --------------------------------------------------------------------------- item 3


def test_issue15_item3_the_session_is_bound_to_its_servers(
    kcli: CLI, kinto: KintoServer, auth: AuthServer, password_sink: HostileServer
) -> None:
    """Item 3: the login's access token went to any ``--server`` and its refresh token to
    any ``--auth-url``/``KINBASE_AUTH_URL`` (whose refusal wiped the session)."""
    kcli.login()
    stored = json.loads(kcli.session_file.read_text())
    assert kcli("whoami").code == 0

    with HostileServer(lambda _r: Reply(200, {"project_name": "kinto"})) as other_kinto:
        for server in (other_kinto.url + "/v1", kinto.url.replace("127.0.0.1", "localhost")):
            other = kcli("-s", server, "-b", "b", "-c", "c", "records", "list")
            assert other.code == 3, other.err
            assert "was made for the Kinto server" in other.err
        assert other_kinto.requests == []  # no token went there

    for env in ({"KINBASE_AUTH_URL": password_sink.url}, {}):
        argv = ("--auth-url", password_sink.url) if not env else ()
        moved = kcli(*argv, "whoami", **env)
        assert moved.code == 3, moved.err
        assert "was made with the auth server" in moved.err
    assert password_sink.requests == []
    # Nothing was lost: the session is still there and still works with its own servers.
    assert json.loads(kcli.session_file.read_text()) == stored
    assert kcli("whoami").code == 0


# --------------------------------------------------------------------------- item 10


def test_issue15_item10_fail_mode_resume_accepts_its_own_unanswered_writes(
    cli: CLI,
    kinto: KintoServer,
    auth: AuthServer,
    fault_proxy: FaultProxyFactory,
    tmp_path: Path,
) -> None:
    """Item 10: ``import --on-existing fail --resume`` after a batch whose answer was lost
    (it was committed) used to stop with 412 on the records that batch wrote; the resumed
    import recognises them (same data) and goes on. A record that exists with other data
    still fails."""
    proxy = fault_proxy(kinto.url, preserve_host=True)
    lost = proxy.add(Rule(Fault.DROP_AFTER_COMMIT, method="POST", path=r"/batch$", nth=3))
    cli.env.update(
        KINBASE_SERVER=proxy.url,
        KINBASE_BUCKET="app",
        KINBASE_COLLECTION="tasks",
        KINBASE_AUTH_URL=auth.url,
    )
    source = write_jsonl(tmp_path / "tasks.jsonl", 100)
    cli.login()
    first = cli("import", str(source), "--create", "--on-existing", "fail", "--retry", "0")
    assert lost.fired == 1 and first.code == 6, first.err
    assert "import stopped after 50 of 100 records" in first.err

    resumed = cli("import", str(source), "--on-existing", "fail", "--resume")
    assert resumed.code == 0, resumed.err
    assert "Imported 50 records" in resumed.out and "skipped" not in resumed.out
    records = server_records(proxy.url, cli)
    assert sorted(r["n"] for r in records) == list(range(100))

    # fail mode still fails on a record that is not this import's
    other = tmp_path / "other.jsonl"
    other.write_text(json.dumps({"id": "t00001", "title": "someone else's", "n": -1}) + "\n")
    clash = cli("import", str(other), "--on-existing", "fail")
    assert clash.code == 5, clash.err


# --------------------------------------------------------------------------- item 9


def test_issue15_item9_export_never_follows_a_planted_part_link(kcli: CLI, tmp_path: Path) -> None:
    """Item 9: a symbolic link planted at ``OUT.part`` used to be followed (its target
    overwritten, then the link renamed over the output), and ``.part`` got the umask's
    mode. Now the export writes a new private file and the target is untouched."""
    kcli.login()
    assert kcli("buckets", "create").code == 0
    assert kcli("collections", "create").code == 0
    assert kcli("records", "create", "r1", "--data", '{"n": 1}').code == 0
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    output = tmp_path / "out.jsonl"
    part = tmp_path / "out.jsonl.part"
    part.symlink_to(victim)

    exported = kcli("export", "-o", str(output))
    assert exported.code == 0, exported.err
    assert victim.read_text() == "precious\n"
    assert not output.is_symlink() and output.is_file()
    assert stat.S_IMODE(output.stat().st_mode) == 0o600
    assert [json.loads(line)["id"] for line in output.read_text().splitlines()] == ["r1"]


def test_issue15_item9_the_session_lock_file_is_never_a_link(tmp_path: Path) -> None:
    """Item 9: the session ``.lock`` file was opened without ``O_NOFOLLOW``: a link planted
    there made kinbase create (and lock) a file of the planter's choosing."""
    from kinbase.auth import FileSessionStorage
    from kinbase.errors import InsecureSessionStorageError

    storage = FileSessionStorage(tmp_path / "session.json")
    target = tmp_path / "elsewhere"
    storage.lock_path.symlink_to(target)
    with pytest.raises(InsecureSessionStorageError, match="symbolic link"):
        storage.set_item("k", "v")
    assert not target.exists()


# --------------------------------------------------------------------------- item 5

ESCAPES = "\x1b]52;c;cGF5bG9hZA==\x07\x1b[2J\x9b31m\u202e"


def test_issue15_item5_server_text_cannot_drive_the_terminal(cli: CLI) -> None:
    """Item 5: the server's error text and record fields with ESC/OSC/CSI sequences (set
    the clipboard, clear the screen) and a bidi override reached the terminal raw; they
    are now shown as escapes."""

    def answer(request: Seen) -> Reply:
        if "/records/bad" in request.path:
            return Reply(
                400,
                {"code": 400, "errno": 107, "error": "Invalid parameters",
                 "message": f"nope {ESCAPES} nope"},
            )  # fmt: skip
        if "/records/r1" in request.path:
            return Reply(200, {"data": {"id": "r1", "last_modified": 1, "title": ESCAPES}})
        return Reply(200, {"project_name": "kinto", "settings": {}})

    with HostileServer(answer) as kinto:
        common = ("-s", kinto.url + "/v1", "-a", "u:p", "-b", "b", "-c", "c")
        failed = cli(*common, "records", "get", "bad")
        got = cli(*common, "records", "get", "r1")
    assert failed.code == 1 and "nope" in failed.err
    assert got.code == 0, got.err
    for text in (failed.err, failed.out, got.out, got.err):
        assert not any(ch in text for ch in "\x1b\x07\x9b\u202e"), repr(text)
    assert "\\x1b]52" in failed.err  # shown, not acted on
    assert json.loads(got.out)["data"]["title"] == ESCAPES  # the JSON still holds the value
