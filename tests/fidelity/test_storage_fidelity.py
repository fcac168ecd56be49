"""openapi/storage.yaml against the real Kinto (memory, or PostgreSQL with --kinto-backend).

Every operation is driven twice: with generated path parameters (mostly missing objects:
404/403 paths) and with the ids of seeded objects (a bucket, group, collection, record and
account that exist), so real handlers answer 200/201/304/412 and their bodies and headers
are checked too. Requests are authenticated as a real account (Basic); ``admin`` (the
``account_write_principals`` of the harness) restores that account whenever a case deletes
it or changes its password. Mutating cases are followed by a reseed; ``POST /__flush__``
cases by a full one.
"""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest
import requests

from tests.fidelity._driver import (
    Report,
    Target,
    Variant,
    load_schema,
    operation_id,
    operations,
    run_operation,
)

pytestmark = pytest.mark.fidelity

USER, USER_PASSWORD = "fid-alice", "fid-alice-password"
ADMIN, ADMIN_PASSWORD = "admin", "fid-admin-password"  # account_write_principals = account:admin
BUCKET, GROUP, COLLECTION, RECORD = "fid-bucket", "fid-group", "fid-coll", "fid-rec"
GENERATED_CASES = 8  # per operation: path parameters generated (mostly missing objects)
SEEDED_CASES = 10  # per operation: path parameters naming seeded objects
VALID_CASES = 8  # seeded, a well-formed body, no conditional headers: the success paths
NO_PATH_CASES = 15  # per operation without path parameters (plus VALID_CASES)
LIST_QUERY_CASES = 4  # per list operation and well-formed query (paging, tombstones, filters)
OTHER_AUTH_CASES = 3  # anonymous, and a bearer token of another user (openid plugin)
# Operations after which the accounts may be gone or have new passwords.
ACCOUNT_BREAKERS = frozenset(
    {
        "flush",
        "delete_accounts",
        "delete_account",
        "put_account",
        "patch_account",
        "delete_user_data",
        "batch",
    }
)


def _basic(user: str, password: str) -> dict[str, str]:
    token = base64.b64encode(f"{user}:{password}".encode()).decode()
    return {"Authorization": f"Basic {token}"}


USER_AUTH = _basic(USER, USER_PASSWORD)
ADMIN_AUTH = _basic(ADMIN, ADMIN_PASSWORD)


class Seeder:
    def __init__(self, url: str, session: requests.Session) -> None:
        self.url = url
        self.session = session
        self.snapshot_at = 0

    def _authenticated(self, headers: dict[str, str]) -> bool:
        answer = self.session.get(f"{self.url}/", headers=headers, timeout=30)
        return answer.status_code == 200 and "user" in answer.json()

    def accounts(self) -> None:
        if not self._authenticated(ADMIN_AUTH):
            # Only a flush removes admin (cases never authenticate as admin): create it anew.
            answer = self.session.put(
                f"{self.url}/accounts/{ADMIN}",
                json={"data": {"password": ADMIN_PASSWORD}},
                timeout=30,
            )
            assert answer.status_code in (200, 201), answer.text
        if not self._authenticated(USER_AUTH):
            answer = self.session.put(
                f"{self.url}/accounts/{USER}",
                json={"data": {"password": USER_PASSWORD}},
                headers=ADMIN_AUTH,
                timeout=30,
            )
            assert answer.status_code in (200, 201), answer.text

    def objects(self) -> None:
        bucket = f"/buckets/{BUCKET}"
        collection = f"{bucket}/collections/{COLLECTION}"
        requests_ = [
            {"method": "PUT", "path": bucket, "body": {"data": {"title": "fidelity"}}},
            {
                "method": "PUT",
                "path": f"{bucket}/groups/{GROUP}",
                "body": {"data": {"members": [f"account:{USER}"]}},
            },
            {"method": "PUT", "path": collection, "body": {"data": {"title": "fidelity"}}},
            {
                "method": "PUT",
                "path": f"{collection}/records/{RECORD}",
                "body": {"data": {"title": "fidelity", "n": 1, "tags": ["a", "b"]}},
            },
            {
                "method": "PUT",
                "path": f"{collection}/records/{RECORD}-2",
                "body": {"data": {"title": "second", "n": 2, "nested": {"k": "v"}}},
            },
        ]
        for attempt in range(2):
            answer = self.session.post(
                f"{self.url}/batch", json={"requests": requests_}, headers=USER_AUTH, timeout=30
            )
            if answer.status_code == 200 and all(
                item["status"] in (200, 201) for item in answer.json()["responses"]
            ):
                break
            # Generated cases can leave objects Kinto cannot serve any more (a DELETE with
            # ?last_modified=2**50 gives the tombstone a timestamp that makes every later
            # answer a 500): start again from nothing.
            assert attempt == 0, answer.text
            self.flush()
            self.accounts()
        bodies = [item["body"] for item in answer.json()["responses"]]
        self.snapshot_at = int(bodies[3]["data"]["last_modified"])

    def flush(self) -> None:
        answer = self.session.post(f"{self.url}/__flush__", timeout=30)
        assert answer.status_code == 202, answer.text

    def all(self) -> None:
        self.accounts()
        self.objects()


_COLLECTION_PATH = f"/buckets/{BUCKET}/collections/{COLLECTION}"
_JSON_PATCH = "application/json-patch+json"
_MERGE_PATCH = "application/merge-patch+json"
# Well-formed bodies (name -> [(media type or None, body)]), for the "valid" variants.
VALID_BODIES: dict[str, list[tuple[str | None, Any]]] = {
    "batch": [
        (
            None,
            {
                "defaults": {"method": "GET"},
                "requests": [
                    {"path": f"/buckets/{BUCKET}"},
                    {"path": f"{_COLLECTION_PATH}/records"},
                    {
                        "method": "PUT",
                        "path": f"{_COLLECTION_PATH}/records/fid-batch",
                        "body": {"data": {"n": 2}},
                    },
                    {"path": "/buckets/fid-missing"},
                ],
            },
        )
    ],
    "create_bucket": [(None, {"data": {"id": "fid-new-bucket", "title": "new"}})],
    "put_bucket": [
        (None, {"data": {"title": "put"}, "permissions": {"read": ["system.Everyone"]}})
    ],
    "patch_bucket": [
        (None, {"data": {"title": "patched"}}),
        (_MERGE_PATCH, {"data": {"title": None, "x": {"y": 1}}}),
        (_JSON_PATCH, [{"op": "add", "path": "/data/title", "value": "jp"}]),
    ],
    "create_group": [
        (None, {"data": {"id": "fid-new-group", "members": ["system.Authenticated"]}})
    ],
    "put_group": [(None, {"data": {"members": [f"account:{USER}", "system.Everyone"]}})],
    "patch_group": [
        (None, {"data": {"members": [f"account:{USER}"]}}),
        (_MERGE_PATCH, {"data": {"title": "g"}}),
        (_JSON_PATCH, [{"op": "add", "path": "/data/members/0", "value": "account:x"}]),
    ],
    "create_collection": [(None, {"data": {"id": "fid-new-coll"}})],
    "put_collection": [(None, {"data": {"title": "put"}})],
    "patch_collection": [
        (None, {"data": {"title": "patched"}}),
        (_MERGE_PATCH, {"data": {"title": None}}),
        (_JSON_PATCH, [{"op": "add", "path": "/permissions/read/system.Everyone"}]),
    ],
    "create_record": [(None, {"data": {"title": "created", "n": 3}})],
    "put_record": [(None, {"data": {"title": "put", "n": 4}})],
    "patch_record": [
        (None, {"data": {"n": 5}}),
        (_MERGE_PATCH, {"data": {"tags": None, "nested": {"a": 1}}}),
        (
            _JSON_PATCH,
            [{"op": "test", "path": "/data/n", "value": 1}, {"op": "remove", "path": "/data/tags"}],
        ),
    ],
    "create_account": [(None, {"data": {"id": "fid-bob", "password": "fid-bob-password"}})],
    "put_account": [(None, {"data": {"password": USER_PASSWORD}})],
    "patch_account": [
        (None, {"data": {"password": USER_PASSWORD}}),
        (_MERGE_PATCH, {"data": {"password": USER_PASSWORD}}),
    ],
}


# Well-formed list queries: a page of one (Next-Page), tombstones, sorting and filters.
LIST_QUERIES: list[dict[str, Any]] = [
    {"_limit": 1},
    {"_since": 0, "_sort": "-last_modified"},
    {"_limit": 2, "_sort": "id", "_fields": "title"},
]
RECORD_FILTERS: list[dict[str, Any]] = [
    {"min_n": 1, "has_title": "true", "like_title": "*i*"},
    {"in_n": "1,2", "nested.k": "v", "exclude_id": "x"},
]
LIST_OPERATIONS = frozenset(
    f"{verb}_{family}"
    for verb in ("list", "head", "delete")
    for family in ("buckets", "groups", "collections", "records", "accounts", "permissions")
) | {"get_history", "delete_history"}


def _encode(media_type: str | None, body: Any) -> Any:
    # JSON Patch is declared as a binary payload (a generator limit): send its bytes.
    return json.dumps(body).encode() if media_type == _JSON_PATCH else body


def _seeded_path_parameters(seeder: Seeder) -> dict[str, Any]:
    return {
        "bucket_id": BUCKET,
        "group_id": GROUP,
        "collection_id": COLLECTION,
        "record_id": RECORD,
        "account_id": USER,
        "principal": f"account:{USER}",
        "timestamp": seeder.snapshot_at,
    }


def _bearer_token(auth_url: str) -> dict[str, str]:
    answer = requests.post(
        f"{auth_url}/signup",
        json={"email": "fid-kinto@example.com", "password": "fid-kinto-password"},
        timeout=30,
    )
    assert answer.status_code == 200, answer.text
    return {"Authorization": f"Bearer {answer.json()['access_token']}"}


def test_storage_spec_fidelity(kinto: Any, auth: Any) -> None:
    schema = load_schema("storage")
    session = requests.Session()
    seeder = Seeder(kinto.url, session)
    seeder.all()
    bearer = _bearer_token(auth.url)
    report = Report(f"storage.yaml vs Kinto ({kinto.backend})")

    def after(case: Any, response: Any) -> None:
        # Kinto rolls back the transaction of a request answered with a 4xx: the seeds are
        # intact. A 5xx may leave objects Kinto can no longer serve (see Seeder.objects).
        if 400 <= response.status_code < 500 or case.method.upper() in ("GET", "HEAD"):
            return
        if operation_id(case.operation) in ACCOUNT_BREAKERS:
            seeder.accounts()
        seeder.objects()

    target = Target(kinto.url, session, lambda case: USER_AUTH, after)
    for operation in operations(schema):
        name = operation_id(operation)
        path_names = [p.name for p in operation.path_parameters]
        seeded_all = _seeded_path_parameters(seeder)
        seeded = {n: seeded_all[n] for n in path_names}
        if path_names:
            variants = [
                Variant("generated", GENERATED_CASES),
                Variant("seeded", SEEDED_CASES, path_parameters=seeded),
            ]
        else:
            variants = [Variant("no path", NO_PATH_CASES)]
        bodies = VALID_BODIES.get(name, [])
        if bodies:
            variants += [
                Variant(
                    f"valid {media_type or 'json'}",
                    VALID_CASES,
                    path_parameters=seeded,
                    body=_encode(media_type, body),
                    has_body=True,
                    media_type=media_type or "application/json",
                    unconditional=True,
                    # An authenticated POST /accounts must name the caller's own id: sign up
                    # anonymously instead.
                    auth={} if name == "create_account" else None,
                )
                for media_type, body in bodies
            ]
        elif not operation.body:
            variants.append(
                Variant("valid", VALID_CASES, path_parameters=seeded, unconditional=True)
            )
        if name in LIST_OPERATIONS:
            queries = LIST_QUERIES + (RECORD_FILTERS if name.endswith("_records") else [])
            variants += [
                Variant(
                    f"query {query}",
                    LIST_QUERY_CASES,
                    path_parameters=seeded,
                    query=query,
                    exact_query=True,
                    unconditional=True,
                )
                for query in queries
            ]
        variants += [
            Variant("anonymous", OTHER_AUTH_CASES, path_parameters=seeded, auth={}),
            Variant("bearer", OTHER_AUTH_CASES, path_parameters=seeded, auth=bearer),
        ]
        run_operation(report, operation, variants, target)
    session.close()
    print(report.summary())
    assert not report.findings, report.summary()
