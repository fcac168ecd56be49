#!/usr/bin/env python3
"""Run GoTrue and Kinto locally for development (``make servers``), until Ctrl-C.

GoTrue is the real one when ``make setup`` could build it (``.tools/bin/gotrue``) or
``$KINBASE_GOTRUE_BIN`` names a binary, with its own throwaway PostgreSQL 15 cluster, its
OAuth 2.1 server enabled (so OIDC discovery and ``/oauth/userinfo`` exist) and mail caught
by an SMTP sink in this process (printed below as it arrives); otherwise the GoTrue double
``tests/authserver``. Kinto is the real Kinto (memory backend) whose openid plugin trusts
that GoTrue, so a GoTrue access token is accepted by Kinto as ``openid:<user id>``.

The exact GoTrue settings and Kinto ini are written to ``--write DIR`` (default
``.cache/servers``) so they can be reused with your own deployment; docs/auth.md explains
each line. Everything started here is stopped on exit.
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.servers.gotrue import GoTrueServer, local_auth_server  # noqa: E402
from tests.servers.kinto import KintoServer  # noqa: E402

#: The GoTrue settings Kinto's trust depends on (the rest is the harness's test setup).
TRUST_SETTINGS = ("API_EXTERNAL_URL", "GOTRUE_JWT_ISSUER", "GOTRUE_OAUTH_SERVER_ENABLED")


def _stop(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _write(directory: Path, auth: object, kinto: KintoServer) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = [directory / "kinto.ini"]
    written[0].write_text(kinto.ini_path.read_text())
    if isinstance(auth, GoTrueServer):
        env = {k: v for k, v in auth.environment().items() if k not in ("PATH", "HOME")}
        env.pop("GOTRUE_JWT_SECRET", None)  # printed as a placeholder, never written
        env["GOTRUE_JWT_SECRET"] = "<your JWT secret, at least 32 characters>"
        path = directory / "gotrue.env"
        path.write_text("".join(f"{k}={json.dumps(v)}\n" for k, v in sorted(env.items())))
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--write", type=Path, default=ROOT / ".cache" / "servers")
    parser.add_argument(
        "--seconds", type=float, default=None, help="stop after this long (default: Ctrl-C)"
    )
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, _stop)
    with (
        local_auth_server() as auth,
        KintoServer(backend="memory", auth_url=auth.url, settings={"paginate_by": None}) as k,
    ):
        real = isinstance(auth, GoTrueServer)
        print(f"GoTrue ({'real, ' + str(auth.binary) if real else 'the double'}): {auth.url}")
        print(f"Kinto (memory, trusts GoTrue for Bearer tokens): {k.url}")
        if real:
            env = auth.environment()
            for name in TRUST_SETTINGS:
                print(f"  {name}={env[name]}")
        for path in _write(args.write, auth, k):
            print(f"  wrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
        print(
            "\n  import kinbase\n"
            f"  kb = kinbase.Client(auth_url={auth.url!r}, storage_url={k.url!r})\n"
            "  kb.auth.sign_up({'email': 'me@example.com', 'password': 'a-long-password'})\n"
            "  kb.storage.create_bucket(id='mine')\n"
        )
        print("Mail sent by GoTrue is printed here. Ctrl-C stops everything.", flush=True)
        deadline = None if args.seconds is None else time.monotonic() + args.seconds
        shown = 0
        try:
            while deadline is None or time.monotonic() < deadline:
                mails = auth.smtp.messages() if real else []
                for mail in mails[shown:]:
                    print(f"mail to {', '.join(mail.recipients)}: {mail.subject}", flush=True)
                shown = len(mails)
                time.sleep(0.5)
        except KeyboardInterrupt:
            pass
    print("stopped GoTrue, Kinto and PostgreSQL")
    return 0


if __name__ == "__main__":
    sys.exit(main())
