"""CLI: ``python -m tests.authserver --host 127.0.0.1 --port 0 [options]``."""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from types import FrameType

from .config import DEFAULT_JWT_SECRET, AuthConfig
from .server import AuthServer


def parse_args(argv: list[str] | None = None) -> AuthConfig:
    parser = argparse.ArgumentParser(prog="python -m tests.authserver", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    parser.add_argument("--jwt-secret", default=DEFAULT_JWT_SECRET)
    parser.add_argument("--access-token-lifetime", type=int, default=3600, metavar="SECONDS")
    parser.add_argument("--refresh-reuse-interval", type=float, default=0.0, metavar="SECONDS")
    parser.add_argument("--issuer-path", default="", help="e.g. /auth/v1")
    parser.add_argument(
        "--no-autoconfirm", dest="autoconfirm", action="store_false", help="require confirmation"
    )
    parser.add_argument("--rate-limit-token", type=int, default=0, metavar="REQUESTS")
    parser.add_argument("--rate-limit-window", type=float, default=300.0, metavar="SECONDS")
    parser.add_argument("--verbose", action="store_true", help="log every request to stderr")
    args = parser.parse_args(argv)
    return AuthConfig(
        host=args.host,
        port=args.port,
        jwt_secret=args.jwt_secret,
        access_token_lifetime=args.access_token_lifetime,
        refresh_reuse_interval=args.refresh_reuse_interval,
        issuer_path=args.issuer_path,
        autoconfirm=args.autoconfirm,
        rate_limit_token_requests=args.rate_limit_token,
        rate_limit_window=args.rate_limit_window,
        verbose=args.verbose,
    )


def main(argv: list[str] | None = None) -> int:
    config = parse_args(argv)
    stop = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    server = AuthServer(config).start()
    try:
        print(f"kinbase-authserver listening on {server.url}", flush=True)
        while not stop.wait(0.5):
            pass
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
