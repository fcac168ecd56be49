"""The CLI's pure parts: credentials, settings from the environment, input reading,
record ids, the progress bar, exit codes."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from kinbase import errors
from kinbase.cli.config import Settings, default_session_file, parse_auth
from kinbase.cli.inputs import ImportSource, record_id
from kinbase.cli.main import build_parser, exit_code_for
from kinbase.cli.output import CLIError, Progress


def settings(argv: list[str], env: dict[str, str]) -> Settings:
    args = build_parser().parse_args([*argv, "server-info"])
    return Settings.from_args(args, env)


def test_auth_forms_follow_kinto_http() -> None:
    assert parse_auth("alice:s3:cret") == ("alice", "s3:cret")
    assert parse_auth("Bearer abc:def") == "Bearer abc:def"  # a space before the colon
    with pytest.raises(CLIError, match="no password"):
        parse_auth("alice", interactive=False)
    with pytest.raises(CLIError):
        parse_auth(":pw")


def test_options_win_over_the_environment_which_wins_over_defaults(tmp_path: Path) -> None:
    env = {
        "KINBASE_SERVER": "http://env:1",
        "KINBASE_BUCKET": "envb",
        "KINBASE_RETRY": "2",
        "XDG_CONFIG_HOME": str(tmp_path),
    }
    s = settings([], env)
    assert (s.server, s.bucket, s.retry) == ("http://env:1/v1", "envb", 2)
    assert s.session_file == tmp_path / "kinbase" / "session.json" == default_session_file(env)
    s = settings(["-s", "http://opt:2/v1", "-b", "optb", "--retry", "0"], env)
    assert (s.server, s.bucket, s.retry) == ("http://opt:2/v1", "optb", 0)
    # global options after the command too
    args = build_parser().parse_args(["server-info", "-b", "late", "-q"])
    assert args.bucket == "late" and args.verbosity == -1
    assert settings([], {}).server == "http://localhost:8888/v1"
    policy = settings(["--retry", "2", "--retry-after", "1.5"], {}).retry_policy()
    assert policy.max_attempts == 3 and policy.backoff_base == policy.backoff_max == 1.5  # type: ignore[union-attr]


def test_records_without_ids_get_stable_ids(tmp_path: Path) -> None:
    path = tmp_path / "in.ndjson"
    path.write_text('{"a": 1, "last_modified": 5}\n\n{"a": 1}\n{"id": "x"}\n')
    first = ImportSource.read(str(path), "auto", io.StringIO())
    again = ImportSource.read(str(path), "auto", io.StringIO())
    assert first.format == "jsonl" and first.total == 3 and first.generated_ids == 2
    assert [r["id"] for r in first.records] == [r["id"] for r in again.records]
    assert first.records[0]["id"] != first.records[1]["id"]  # same content, other position
    assert "last_modified" not in first.records[0]
    assert first.records[0]["id"] == record_id(0, {"a": 1})
    stdin = ImportSource.read("-", "auto", io.StringIO('[{"id": "a"}]'))
    assert stdin.format == "json" and stdin.name == "<stdin>"


def test_progress_bar_renders_counts_rate_and_eta() -> None:
    stream = io.StringIO()
    with Progress(stream, "import", 200) as bar:
        bar.set(100)
        line = bar.render()
    assert line.startswith("import  [##############..............]  100/200   50%")
    assert "records/s" in line and "ETA" in line
    assert stream.getvalue().endswith("\n")
    silent = Progress(None, "x", None)
    silent.advance(5)
    assert silent.count == 5 and "5" in silent.render()


def test_exit_codes() -> None:
    import httpx

    def storage(status: int) -> errors.StorageError:
        request = httpx.Request("GET", "http://k/v1/x")
        return errors.storage_error_from_response(
            httpx.Response(status, json={"message": "m"}, request=request)
        )

    assert [exit_code_for(storage(s)) for s in (400, 401, 403, 404, 409, 412, 500, 503)] == [
        1,
        3,
        3,
        4,
        5,
        5,
        1,
        1,
    ]
    assert exit_code_for(errors.InvalidInputError("x")) == 2
    assert exit_code_for(errors.AuthSessionMissingError()) == 3
    assert exit_code_for(errors.BackoffError("b", seconds_remaining=3)) == 6
    assert exit_code_for(KeyboardInterrupt()) == 130
    assert exit_code_for(CLIError("x", 4)) == 4
