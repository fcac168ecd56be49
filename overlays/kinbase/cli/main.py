"""``kinbase``: argparse wiring, dispatch, and errors turned into one line and an exit code.

Global options may come before or after the command (``kinbase -b app records list`` and
``kinbase records list -b app`` are the same); each has an environment variable (see
:mod:`kinbase.cli.config`). ``main(argv)`` returns the exit code (see
:mod:`kinbase.cli.output`) instead of exiting, so it can be called in-process.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Mapping, Sequence
from typing import IO, Any, NoReturn

from kinbase._version import AUTH_SPEC_VERSION, STORAGE_SPEC_VERSION, __version__
from kinbase.cli import config
from kinbase.cli.output import (
    EXIT_API,
    EXIT_AUTH,
    EXIT_CONFLICT,
    EXIT_INTERRUPTED,
    EXIT_NETWORK,
    EXIT_NOT_FOUND,
    EXIT_OK,
    EXIT_USAGE,
    CLIError,
    Output,
)

__all__ = ["Context", "build_parser", "exit_code_for", "main", "version_text"]

PROG = "kinbase"


def version_text() -> str:
    return (
        f"kinbase {__version__} (Kinto HTTP API {STORAGE_SPEC_VERSION}, "
        f"GoTrue API {AUTH_SPEC_VERSION})"
    )


class Context:
    """What a command gets: its arguments, the settings, the output, stdin."""

    def __init__(
        self,
        args: argparse.Namespace,
        settings: config.Settings,
        out: Output,
        stdin: IO[str],
        environ: Mapping[str, str],
    ) -> None:
        self.args = args
        self.settings = settings
        self.out = out
        self.stdin = stdin
        self.environ = environ


Command = Callable[[Context], int]


class _Parser(argparse.ArgumentParser):
    """Usage errors become a :class:`CLIError` (one line, exit code 2) instead of
    argparse's usage block and ``sys.exit``."""

    def error(self, message: str) -> NoReturn:
        raise CLIError(f"{message} (see {self.prog} --help)", EXIT_USAGE)


def _global_options(parser: argparse.ArgumentParser, *, top: bool) -> None:
    """The options every command accepts (kinto-http's ``cli_utils`` ones and ours).

    Defaults are SUPPRESS so that an option given before the command is not reset by the
    command's parser; :class:`~kinbase.cli.config.Settings` fills in the defaults.
    """
    s = argparse.SUPPRESS
    g = parser.add_argument_group("global options (also accepted before the command)")
    g.add_argument(
        "-s",
        "--server",
        default=s,
        metavar="URL",
        help="Kinto server URL, with /v1 [$KINBASE_SERVER; http://localhost:8888/v1]",
    )
    g.add_argument(
        "-a",
        "--auth",
        default=s,
        metavar="CREDENTIALS",
        help="'user:password', 'user' (asks), or 'Bearer <token>' "
        "[$KINBASE_AUTH; default: the session of kinbase login]",
    )
    g.add_argument(
        "--auth-url",
        default=s,
        metavar="URL",
        help="GoTrue auth server [$KINBASE_AUTH_URL; default: stored by login, "
        "or the Kinto server's OpenID provider]",
    )
    g.add_argument(
        "--session-file",
        default=s,
        metavar="PATH",
        help="where login keeps the session [$KINBASE_SESSION_FILE; "
        "$XDG_CONFIG_HOME/kinbase/session.json]",
    )
    g.add_argument("-b", "--bucket", default=s, help="bucket id [$KINBASE_BUCKET]")
    g.add_argument("-c", "--collection", default=s, help="collection id [$KINBASE_COLLECTION]")
    g.add_argument(
        "--retry",
        default=s,
        type=int,
        metavar="N",
        help="retries of a failed request [$KINBASE_RETRY; 3]",
    )
    g.add_argument(
        "--retry-after",
        default=s,
        type=float,
        metavar="SECONDS",
        help="fixed delay between retries; a longer Retry-After from the server "
        "wins [$KINBASE_RETRY_AFTER; exponential backoff]",
    )
    g.add_argument(
        "--ignore-batch-4xx",
        default=s,
        action="store_true",
        help="do not fail on 4xx answers inside batch requests",
    )
    g.add_argument(
        "--timeout",
        default=s,
        type=float,
        metavar="SECONDS",
        help="per-request timeout [$KINBASE_TIMEOUT; 30]",
    )
    g.add_argument(
        "--progress",
        default=s,
        action=argparse.BooleanOptionalAction,
        help="progress bars on stderr [$KINBASE_PROGRESS; on when stderr is a terminal and not -q]",
    )
    g.add_argument(
        "-v",
        "--verbose",
        dest="verbosity",
        action="store_const",
        const=1,
        default=s,
        help="log each request (URL and status) on stderr",
    )
    g.add_argument(
        "-q",
        "--quiet",
        dest="verbosity",
        action="store_const",
        const=-1,
        default=s,
        help="errors only: no messages, no progress bars",
    )
    g.add_argument(
        "-D",
        "--debug",
        dest="verbosity",
        action="store_const",
        const=2,
        default=s,
        help="debug logging (never header values or bodies)",
    )
    if top:
        parser.add_argument(
            "-V",
            "--version",
            action="version",
            version=version_text(),
            help="print the package and API spec versions and exit",
        )


#: The CLI's page of the documentation (the wheel's Project-URL "Documentation" + cli/).
CLI_DOCS_URL = "https://kinbase.readthedocs.io/en/latest/cli/"


def build_parser() -> argparse.ArgumentParser:
    from kinbase.cli.commands import objects, session, transfer

    parser = _Parser(
        prog=PROG,
        description="kinbase: Kinto storage and GoTrue auth from the command line.",
        epilog="Exit codes: 0 ok, 1 server/API error, 2 usage, 3 auth, 4 not found, "
        f"5 conflict/precondition, 6 network, 130 interrupted. Manual: {CLI_DOCS_URL}",
    )
    _global_options(parser, top=True)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True

    def add(name: str, help_text: str, **kwargs: Any) -> argparse.ArgumentParser:
        command_parser = sub.add_parser(name, help=help_text, description=help_text, **kwargs)
        _global_options(command_parser, top=False)
        return command_parser

    session.register(add)
    objects.register(add, _global_options)
    transfer.register(add)
    return parser


_STATUS_CODES: dict[int, int] = {
    401: EXIT_AUTH,
    403: EXIT_AUTH,
    404: EXIT_NOT_FOUND,
    409: EXIT_CONFLICT,
    412: EXIT_CONFLICT,
}


def exit_code_for(exc: BaseException) -> int:
    """The exit code of an exception (see :mod:`kinbase.cli.output`)."""
    from kinbase import errors

    if isinstance(exc, CLIError):
        return exc.code
    if isinstance(exc, KeyboardInterrupt):
        return EXIT_INTERRUPTED
    if isinstance(exc, errors.InvalidInputError):
        return EXIT_USAGE
    if isinstance(exc, errors.TransportError | errors.BackoffError):
        return EXIT_NETWORK
    if isinstance(exc, errors.BatchError):
        for error in exc.errors:
            if isinstance(error, errors.APIError | errors.TransportError):
                return exit_code_for(error)
        return EXIT_API
    if isinstance(exc, errors.UserAlreadyExistsError):
        return EXIT_CONFLICT
    if isinstance(exc, errors.InvalidCredentialsError | errors.InvalidSessionError):
        return EXIT_AUTH
    if isinstance(exc, errors.APIError):
        return _STATUS_CODES.get(exc.status_code or 0, EXIT_API)
    if isinstance(exc, errors.AuthError):  # no session, unusable session file
        return EXIT_AUTH
    return EXIT_API


def error_message(exc: BaseException) -> str:
    from kinbase import errors

    if isinstance(exc, KeyboardInterrupt):
        return "interrupted"
    if isinstance(exc, errors.BatchError):
        failed = exc.failed
        first = failed[0] if failed else None
        if first is not None and first.outcome == "unknown":
            size = sum(1 for o in exc.outcomes if o.chunk == first.chunk)
            return (
                f"a batch of {size} requests got no usable answer (it may have been "
                f"applied): {first.error}"
            )
        detail = ""
        if first is not None:
            cause = first.message or (str(first.error) if first.error else first.outcome)
            status = f"{first.status} " if first.status is not None else ""
            detail = f"; first: #{first.index} {first.method} {first.path} -> {status}{cause}"
        return f"batch failed: {len(failed)} of {len(exc.outcomes)} requests failed{detail}"
    if isinstance(exc, errors.AuthSessionMissingError):
        return "not signed in: run kinbase login (or pass --auth)"
    if isinstance(exc, errors.InvalidSessionError):
        return f"{exc}: the session has ended; run kinbase login again"
    return str(exc) or type(exc).__name__


def _is_401(exc: BaseException) -> bool:
    from kinbase.errors import APIError

    return isinstance(exc, APIError) and exc.status_code == 401


def main(
    argv: Sequence[str] | None = None,
    *,
    stdin: IO[str] | None = None,
    stdout: IO[str] | None = None,
    stderr: IO[str] | None = None,
    environ: Mapping[str, str] | None = None,
) -> int:
    """Run the CLI; returns the exit code (the console script exits with it)."""
    from kinbase.errors import KinbaseError

    env = os.environ if environ is None else environ
    out = Output(stdout=stdout, stderr=stderr)
    handler = None
    settings: config.Settings | None = None
    try:
        parser = build_parser()
        try:
            args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
        except SystemExit as exit_:  # --help, --version
            return exit_.code if isinstance(exit_.code, int) else EXIT_OK
        settings = config.Settings.from_args(args, env)
        out = Output(
            stdout=stdout,
            stderr=stderr,
            verbosity=getattr(args, "verbosity", 0),
            progress=settings.progress,
        )
        handler = config.setup_logging(out.verbosity, out.stderr)
        command: Command = args.handler
        return command(Context(args, settings, out, stdin or sys.stdin, env))
    except (CLIError, KinbaseError, KeyboardInterrupt) as exc:
        message = error_message(exc)
        if settings is not None and settings.credentials == "none" and _is_401(exc):
            message += " (no credentials were sent: run kinbase login, or pass --auth)"
        out.error(message)
        return exit_code_for(exc)
    except BrokenPipeError:  # `kinbase records list | head`: the reader left
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    finally:
        config.teardown_logging(handler)
