#!/usr/bin/env python3
"""`make demo`: the overlay quickstart against real servers started here.

Starts the auth test server (GoTrue-compatible) and a real Kinto on its memory backend whose
openid plugin trusts the auth server, then, with ``kinbase.Client`` (one session for both
APIs): signs up and signs in, creates a bucket and a collection, imports 1,000 records in
batches with a progress bar, reads them back page by page, patches a record with
concurrency control (and catches the 412 of a stale write), shows the record's history,
signs out (and shows Kinto refusing the revoked token), and says what it did. Both servers
are stopped at the end, whatever happens.
"""

from __future__ import annotations

import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import kinbase  # noqa: E402
from kinbase.cli.output import Progress  # noqa: E402
from kinbase.errors import PreconditionFailedError, UnauthorizedError  # noqa: E402

from tests.servers.gotrue import local_auth_server  # noqa: E402
from tests.servers.kinto import KintoServer  # noqa: E402

RECORDS = 1_000
PAGE = 250
BUCKET, COLLECTION = "demo", "tasks"
done: list[str] = []


def step(text: str) -> None:
    print(f"  - {text}", flush=True)


def did(text: str) -> None:
    done.append(text)


def run(auth_url: str, kinto_url: str) -> None:
    email = f"demo-{uuid.uuid4().hex[:8]}@example.com"
    password = "correct horse battery staple"
    with kinbase.Client(
        auth_url=auth_url, storage_url=kinto_url, bucket=BUCKET, collection=COLLECTION
    ) as kb:
        # -- sign up, sign in ------------------------------------------------------------
        kb.auth.sign_up({"email": email, "password": password})
        kb.auth.sign_out()
        step(f"signed up {email}")
        signed_in = kb.auth.sign_in_with_password({"email": email, "password": password})
        assert signed_in.session is not None
        old_token = signed_in.session.access_token
        user = kb.storage.server_info()["user"]["id"]
        step(f"signed in; Kinto sees the access token as {user}")
        did(f"signed up and signed in {email} (GoTrue), accepted by Kinto as {user}")

        # -- bucket and collection ---------------------------------------------------------
        kb.storage.create_bucket(id=BUCKET, if_not_exists=True)
        kb.storage.create_collection(id=COLLECTION, if_not_exists=True)
        step(f"created bucket {BUCKET!r} and collection {COLLECTION!r}")
        did(f"created /buckets/{BUCKET}/collections/{COLLECTION}")

        # -- batch import with a progress bar ----------------------------------------------
        size = kb.storage.server_info()["settings"]["batch_max_requests"]
        began = time.monotonic()
        with Progress(sys.stdout, "    importing", RECORDS) as bar:
            for start in range(0, RECORDS, size):
                with kb.storage.batch() as batch:
                    for n in range(start, min(start + size, RECORDS)):
                        batch.create_record(
                            id=f"task-{n:04d}",
                            data={"title": f"task {n}", "n": n, "done": n % 4 == 0},
                        )
                bar.set(min(start + size, RECORDS))
        seconds = time.monotonic() - began
        requests = -(-RECORDS // size)
        step(f"imported {RECORDS:,} records in {requests} POST /batch of {size} ({seconds:.1f} s)")
        did(f"batch-imported {RECORDS:,} records in {requests} requests ({seconds:.1f} s)")

        # -- pagination ----------------------------------------------------------------------
        pages = []
        for page in kb.storage.get_paginated_records(_sort="n", _limit=PAGE):
            data = page["data"]
            pages.append(len(data))
            step(f"page {len(pages)}: {len(data)} records, n {data[0]['n']}..{data[-1]['n']}")
        assert sum(pages) == RECORDS, pages
        finished = kb.storage.get_records(done=True, _fields=["n"])
        step(f"filter done=true: {len(finished)} records (every page, one list)")
        did(f"read them back in {len(pages)} pages of {PAGE} and filtered {len(finished)}")

        # -- concurrency control -------------------------------------------------------------
        mine = kb.storage.get_record(id="task-0007")
        seen = mine["data"]["last_modified"]
        kb.storage.patch_record(id="task-0007", data={"owner": "someone else"})  # a rival
        try:
            kb.storage.patch_record(id="task-0007", data={"done": True}, if_match=seen)
            raise AssertionError("the stale patch should have been refused")
        except PreconditionFailedError as exc:
            current = exc.existing
            step(
                f"stale patch refused: HTTP {exc.status_code} ({exc.message}); the record "
                f"now has owner={current['owner']!r}"
            )
        merged = kb.storage.patch_record(
            id="task-0007", data={"done": True}, if_match=current["last_modified"]
        )
        step(f"patched again with If-Match of the current version: {dict(merged['data'])}")
        did("patched a record with If-Match: caught the 412 of a stale write, then merged")

        # -- history ----------------------------------------------------------------------------
        entries = kb.storage.get_history(resource_name="record", record_id="task-0007")
        before: dict[str, object] = {}
        for entry in reversed(entries):  # oldest first
            data = entry["target"]["data"]
            now = {k: v for k, v in data.items() if k not in ("id", "last_modified")}
            changes = {k: v for k, v in now.items() if before.get(k, ...) != v}
            before = now
            step(f"history: {entry['action']:<6} {changes} at {entry['date'][11:23]}")
        did(f"showed the record's history ({len(entries)} entries)")

        # -- sign out --------------------------------------------------------------------------
        kb.auth.sign_out()
        step("signed out (the session is revoked on the auth server)")
        with kinbase.StorageClient(kinto_url, auth=f"Bearer {old_token}", retry=0) as stale:
            try:
                stale.get_record(id="task-0000", bucket=BUCKET, collection=COLLECTION)
                raise AssertionError("Kinto accepted a revoked token")
            except UnauthorizedError as exc:
                step(f"the old access token is refused by Kinto: HTTP {exc.status_code}")
        did("signed out; Kinto then refused the old access token (401)")


def main() -> int:
    started = time.monotonic()
    with local_auth_server() as auth_server:
        what = "the real GoTrue" if auth_server.kind == "gotrue" else "the GoTrue test double"
        print(f"kinbase demo: the quickstart on a real Kinto (memory) and {what}")
        # Kinto's own default page size (no paginate_by cap), the test harness otherwise.
        with KintoServer(
            backend="memory", auth_url=auth_server.url, settings={"paginate_by": None}
        ) as kinto:
            step(f"auth server at {auth_server.url}; Kinto at {kinto.url} (trusts it, openid)")
            run(auth_server.url, kinto.url)
    elapsed = time.monotonic() - started
    print(f"\nWhat it did ({elapsed:.1f} s; both servers stopped):")
    for n, text in enumerate(done, 1):
        print(f"  {n}. {text}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
