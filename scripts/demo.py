#!/usr/bin/env python3
"""`make demo`: the generated endpoint functions against real servers started here.

Starts the auth test server and a real Kinto (memory backend, openid plugin trusting the auth
server), signs up and signs in with the generated auth functions, then uses the access token
with the generated storage functions: creates a bucket, a collection and records, lists them,
and prints what it did.
"""

from __future__ import annotations

import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kinbase_auth_api import Client as AuthApi  # noqa: E402
from kinbase_auth_api.api.token import token  # noqa: E402
from kinbase_auth_api.api.user import signup  # noqa: E402
from kinbase_auth_api.models import PasswordGrantRequest, Session, SignupRequest  # noqa: E402
from kinbase_storage_api import AuthenticatedClient as StorageApi  # noqa: E402
from kinbase_storage_api.api.buckets import put_bucket  # noqa: E402
from kinbase_storage_api.api.collections import put_collection  # noqa: E402
from kinbase_storage_api.api.records import create_record, list_records  # noqa: E402
from kinbase_storage_api.api.server import server_info  # noqa: E402
from kinbase_storage_api.models import (  # noqa: E402
    BucketWrite,
    CollectionWrite,
    RecordList,
    RecordWrite,
    ServerInfo,
)

from tests.servers.auth import AuthServer  # noqa: E402
from tests.servers.kinto import KintoServer  # noqa: E402


def step(text: str) -> None:
    print(f"  - {text}")


def main() -> int:
    started = time.monotonic()
    print("kinbase demo: generated endpoint functions against real servers")
    auth_server = AuthServer()
    auth_server.start()
    try:
        step(f"auth test server (GoTrue-compatible) at {auth_server.url}")
        with KintoServer(backend="memory", auth_url=auth_server.url) as kinto:
            step(f"Kinto on memory at {kinto.url}, trusting the auth server via openid")
            auth = AuthApi(
                base_url=auth_server.url, headers={"X-Supabase-Api-Version": "2024-01-01"}
            )

            email, password = f"demo-{uuid.uuid4().hex[:8]}@example.com", "correct horse battery"
            created = signup.sync_detailed(
                client=auth, body=SignupRequest(email=email, password=password)
            )
            assert created.status_code == 200, created.content
            step(f"signed up {email} (POST /signup -> {created.status_code})")

            signed_in = token.sync_detailed(
                client=auth,
                grant_type="password",
                body=PasswordGrantRequest(email=email, password=password),
            )
            session = signed_in.parsed
            assert isinstance(session, Session), signed_in.content
            step(
                "signed in (POST /token?grant_type=password): access token for user "
                f"{session.user.id if session.user else '?'}, expires in {session.expires_in} s"
            )

            storage = StorageApi(base_url=kinto.url, token=session.access_token)
            info = server_info.sync(client=storage)
            assert isinstance(info, ServerInfo)
            user = info.user.id if info.user else "anonymous"
            step(f"Kinto {info.project_version} sees the token as {user}")

            bucket = put_bucket.sync_detailed("demo", client=storage, body=BucketWrite())
            step(
                f"created bucket 'demo' (PUT -> {bucket.status_code}, "
                f"ETag {bucket.headers['ETag']})"
            )
            collection = put_collection.sync_detailed(
                "demo", "tasks", client=storage, body=CollectionWrite()
            )
            step(f"created collection 'tasks' (PUT -> {collection.status_code})")
            for n, title in enumerate(["write the spec", "generate the client", "ship"], 1):
                body = RecordWrite.from_dict({"data": {"title": title, "rank": n}})
                record = create_record.sync_detailed("demo", "tasks", client=storage, body=body)
                assert record.status_code == 201, record.content
            step("created 3 records (POST .../records -> 201 each)")

            listed = list_records.sync_detailed("demo", "tasks", client=storage, field_sort="rank")
            assert isinstance(listed.parsed, RecordList), listed.content
            titles = [r.additional_properties.get("title") for r in listed.parsed.data]
            step(f"listed the records sorted by rank: {titles}")
            assert titles == ["write the spec", "generate the client", "ship"]
    finally:
        auth_server.close()
    print(f"done in {time.monotonic() - started:.1f} s; both servers stopped.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
