"""Errors: one line on stderr with the server's message, the documented exit codes, and
no secret in any output (even with -D)."""

from __future__ import annotations

import json
import re

import pytest

from tests.faultproxy import Fault, Rule
from tests.faultproxy.fixtures import FaultProxyFactory
from tests.servers import AuthServer, KintoServer

from .conftest import CLI, PASSWORD, Result

ONE_ERROR_LINE = re.compile(r"\Akinbase: error: [^\n]+\n\Z")


def assert_one_error_line(result: Result) -> None:
    assert ONE_ERROR_LINE.match(result.err), result.err
    assert result.out == ""


@pytest.mark.parametrize(
    ("argv", "code", "text"),
    [
        (["records"], 2, "required: ACTION"),
        (["--bogus", "server-info"], 2, "unrecognized arguments: --bogus"),
        (["records", "list"], 2, "no bucket: pass --bucket/-b or set KINBASE_BUCKET"),
        (["-b", "b", "records", "get", "x"], 2, "no collection"),
        (["-s", "ftp://x", "server-info"], 2, "--server must be an http(s) URL"),
        (
            ["-b", "b", "-c", "c", "records", "create", "--data", "[1]"],
            2,
            "--data must be a JSON object",
        ),
        (["--retry", "-1", "server-info"], 2, "KINBASE_RETRY must not be negative"),
        (["-a", "alice", "server-info"], 2, "stdin is not a terminal"),
        (["-b", "b", "-c", "c", "import", "/nonexistent.jsonl"], 2, "cannot read"),
        (["whoami"], 3, "not signed in"),
    ],
)
def test_usage_and_local_errors(cli: CLI, argv: list[str], code: int, text: str) -> None:
    result = cli(*argv)
    assert result.code == code, result.err
    assert_one_error_line(result)
    assert text in result.err


def test_server_errors_carry_the_server_message_and_exit_code(
    kcli: CLI, kinto: KintoServer
) -> None:
    kcli.login()
    assert kcli("buckets", "create").code == 0
    missing = kcli("collections", "get", "nope")
    assert missing.code == 4
    assert_one_error_line(missing)
    assert "HTTP 404 Not Found (errno 110)" in missing.err
    exists = kcli("buckets", "create")
    assert exists.code == 5 and "412" in exists.err
    assert kcli("collections", "create", "tasks").code == 0
    invalid = kcli("records", "update", "r1", "--data", '{"id": "r2"}')
    assert invalid.code == 1
    assert_one_error_line(invalid)
    assert "HTTP 400 Bad Request (errno 107)" in invalid.err
    assert "Object id does not match existing object" in invalid.err
    # refused by the client before sending: a usage error
    refused = kcli("records", "create", "r3", "--permissions", '{"read": "everyone"}')
    assert refused.code == 2
    assert_one_error_line(refused)


def test_network_and_server_failures(
    cli: CLI, kinto: KintoServer, fault_proxy: FaultProxyFactory
) -> None:
    refused = cli("-s", "http://127.0.0.1:9/v1", "--retry", "0", "server-info")
    assert refused.code == 6
    assert_one_error_line(refused)
    assert "ConnectError" in refused.err

    proxy = fault_proxy(kinto.url)
    proxy.add(Rule(Fault.RESPOND, status=500, path=r"/v1/$"))
    crashed = cli("-s", proxy.url, "server-info")
    assert crashed.code == 1
    assert_one_error_line(crashed)
    assert "HTTP 500" in crashed.err

    proxy.clear()
    proxy.add(Rule(Fault.SERVICE_UNAVAILABLE, path=r"/v1/$", retry_after=0, times=2))
    retried = cli("-s", proxy.url, "--retry", "3", "--retry-after", "0.01", "server-info")
    assert retried.code == 0, retried.err  # 503 twice, retried, then answered


def test_wrong_password_and_no_secret_in_any_output(
    cli: CLI, kinto: KintoServer, auth: AuthServer
) -> None:
    cli.env.update(KINBASE_SERVER=kinto.url, KINBASE_AUTH_URL=auth.url)
    email, _ = cli.login()
    wrong = cli("login", "--email", email, "--password-stdin", stdin="not-the-password\n")
    assert wrong.code == 3
    assert_one_error_line(wrong)
    assert "Invalid login credentials" in wrong.err
    assert "not-the-password" not in wrong.err

    again = cli("login", "--email", email, "-D", KINBASE_PASSWORD=PASSWORD)
    assert again.code == 0, again.err
    stored = json.loads(cli.session_file.read_text())
    session = json.loads(stored["supabase.auth.token"])
    secrets = [PASSWORD, session["access_token"], session["refresh_token"]]
    runs = [
        again,
        cli("-D", "whoami"),
        cli("-v", "-b", "nope", "-c", "x", "records", "list"),
        cli("-D", "-a", "Bearer " + session["access_token"], "server-info"),
        cli("-D", "-a", "bob:" + PASSWORD, "-b", "b", "-c", "c", "records", "get", "r"),
        cli("-D", "logout"),
    ]
    assert any("HTTP Request" in r.err for r in runs)  # -v/-D do log the requests
    for result in runs:
        for secret in secrets:
            assert secret not in result.out and secret not in result.err
