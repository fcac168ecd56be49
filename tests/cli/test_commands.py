"""login -> whoami -> CRUD -> history -> logout, in-process, against the real servers."""

from __future__ import annotations

import json
import stat
from typing import Any

from tests.servers import AuthServer, KintoServer

from .conftest import CLI, PASSWORD


def _json(text: str) -> Any:
    return json.loads(text)


def test_login_whoami_logout_keeps_the_session_in_a_private_file(
    kcli: CLI, auth: AuthServer
) -> None:
    email, login = kcli.login()
    # no --auth-url: found through the Kinto server's OpenID provider
    assert f"Signed in as {email}" in login.out and auth.url in login.out
    assert stat.S_IMODE(kcli.session_file.stat().st_mode) == 0o600
    stored = kcli.session_file.read_text()
    assert PASSWORD not in stored  # the password is never kept

    who = kcli("whoami")
    assert who.code == 0, who.err
    info = _json(who.out)
    assert info["email"] == email
    assert info["kinto_user"] == f"openid:{info['user_id']}"  # Kinto accepted the token

    out = kcli("logout")
    assert out.code == 0 and f"Signed out {email}" in out.out
    assert not kcli.session_file.exists()
    gone = kcli("whoami")
    assert gone.code == 3
    assert gone.error_lines == [gone.err.strip()]
    assert "not signed in" in gone.err
    again = kcli("logout")
    assert again.code == 0 and "Not signed in" in again.out


def test_crud_with_json_in_and_out(kcli: CLI, tmp_path: Any) -> None:
    kcli.login()
    assert kcli("buckets", "create").code == 0  # the id defaults to --bucket (app)
    created = kcli("collections", "create", "--data", '{"title": "Tasks"}')
    assert created.code == 0, created.err
    assert _json(created.out)["data"]["title"] == "Tasks"

    data_file = tmp_path / "r1.json"
    data_file.write_text('{"title": "from a file", "n": 1}')
    r1 = kcli("records", "create", "r1", "--data", f"@{data_file}")
    assert r1.code == 0, r1.err
    stamp = _json(r1.out)["data"]["last_modified"]
    r2 = kcli("records", "create", "--data", "-", stdin='{"id": "r2", "title": "stdin"}')
    assert _json(r2.out)["data"]["id"] == "r2"
    generated = kcli("records", "create", "--data", '{"title": "no id"}')
    assert len(_json(generated.out)["data"]["id"]) == 36  # a UUID made by the client

    patched = kcli("records", "update", "r1", "--patch", "--data", '{"done": true}')
    assert _json(patched.out)["data"] == {
        **_json(patched.out)["data"],
        "title": "from a file",
        "done": True,
    }
    # concurrency control: the old timestamp no longer matches -> 412 -> exit 5
    stale = kcli("records", "update", "r1", "--data", '{"title": "x"}', "--if-match", str(stamp))
    assert stale.code == 5
    assert stale.error_lines == [stale.err.strip()]
    assert "412" in stale.err and "Resource was modified meanwhile" in stale.err

    listed = kcli("records", "list", "--sort", "id", "--filter", "has_title=true")
    ids = [r["id"] for r in _json(listed.out)]
    assert ids[-2:] == ["r1", "r2"] and len(ids) == 3
    lines = kcli("records", "list", "--jsonl", "--limit", "2").out.splitlines()
    assert len(lines) == 2 and all(json.loads(line)["id"] for line in lines)

    got = kcli("records", "get", "r2")
    assert _json(got.out)["data"]["title"] == "stdin"
    deleted = kcli("records", "delete", "r2")
    assert _json(deleted.out)["deleted"] is True
    missing = kcli("records", "get", "r2")
    assert missing.code == 4 and "404" in missing.err
    assert kcli("records", "delete", "r2", "--if-exists").code == 0

    history = kcli("history", "--resource-name", "record", "--record-id", "r2", "--jsonl")
    actions = [json.loads(line)["action"] for line in history.out.splitlines()]
    assert actions == ["delete", "create"]

    info = _json(kcli("server-info").out)
    assert info["project_name"] == "kinto" and info["user"]["id"].startswith("openid:")


def test_basic_auth_option_and_environment_defaults(
    cli: CLI, kinto: KintoServer, auth: AuthServer
) -> None:
    """--auth user:password (Kinto accounts), the bucket from the environment."""
    env = {"KINBASE_SERVER": kinto.url}
    anonymous = cli("-s", kinto.url, "buckets", "list")
    assert anonymous.code == 3
    assert anonymous.error_lines == [anonymous.err.strip()]
    assert "Please authenticate yourself" in anonymous.err  # the server's message
    assert "no credentials were sent: run kinbase login" in anonymous.err
    # the accounts plugin: create the account, then use it
    import httpx

    httpx.put(
        f"{kinto.url}/accounts/bob", json={"data": {"password": "s3cret-pass"}}, trust_env=False
    ).raise_for_status()
    who = cli("whoami", KINBASE_AUTH="bob:s3cret-pass", **env)
    assert who.code == 0, who.err
    assert _json(who.out)["kinto_user"] == "account:bob"
    made = cli("buckets", "create", "bobs", KINBASE_AUTH="bob:s3cret-pass", **env)
    assert made.code == 0
    listed = cli(
        "collections", "list", KINBASE_AUTH="bob:s3cret-pass", KINBASE_BUCKET="bobs", **env
    )
    assert listed.code == 0 and _json(listed.out) == []
    wrong = cli("whoami", KINBASE_AUTH="bob:wrong", **env)
    assert wrong.code == 3
