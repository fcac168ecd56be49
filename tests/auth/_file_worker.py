"""Subprocess for the two-process test: use a session shared through one session file.

    python -m tests.auth._file_worker AUTH_URL SESSION_FILE SECONDS

Calls ``get_user()`` in a loop for SECONDS and prints one JSON line:
``{"calls": n, "errors": [...], "refreshes": n, "user": id}``.
"""

from __future__ import annotations

import json
import sys
import time

from kinbase.auth import AuthClient, FileSessionStorage


def main() -> None:
    url, path, seconds = sys.argv[1], sys.argv[2], float(sys.argv[3])
    calls, errors, user = 0, [], None
    with AuthClient(url, storage=FileSessionStorage(path), refresh_margin=0) as client:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                result = client.get_user()
                user = str(result.user.id) if result else None
            except Exception as exc:
                errors.append(f"{type(exc).__name__}: {exc}")
            calls += 1
            time.sleep(0.02)
        refreshes = client.session_manager.refresh_count
    print(json.dumps({"calls": calls, "errors": errors, "refreshes": refreshes, "user": user}))


if __name__ == "__main__":
    main()
