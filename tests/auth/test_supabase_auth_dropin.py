"""The drop-in test (issue 17): supabase_auth's documented usage, run unchanged but for
the import on kinbase, and on supabase_auth itself as the reference.

``supabase_auth_examples.py`` is written as supabase_auth code (async). This module
builds four variants of it and collects every ``test_*`` of each:

- ``kinbase`` / ``supabase_auth``: the block between the IMPORTS markers is the kinbase
  one as written, or supabase_auth's own imports (``REFERENCE_IMPORTS``); nothing else
  changes;
- ``async`` as written / ``sync`` rewritten as supabase_auth writes its sync client
  (unasync: ``await`` and ``async`` dropped, ``AsyncGoTrue*`` -> ``SyncGoTrue*``,
  ``aclose`` -> ``close``; scripts/unasync.py's rules).

A failure of the supabase_auth variant means the example is not supabase_auth code (or
the server differs from what supabase_auth expects); of the kinbase variant alone, that
kinbase is not a drop-in there. Differences that remain are listed in
docs/migration-supabase-auth.md.
"""

from __future__ import annotations

import linecache
import re
import sys
import time
import types
from pathlib import Path
from typing import Any

import pytest

from tests.auth.conftest import PASSWORD, new_email
from tests.authserver import totp

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
import unasync  # noqa: E402

sys.path.remove(str(ROOT / "scripts"))

pytestmark = pytest.mark.anyio

SOURCE_PATH = Path(__file__).with_name("supabase_auth_examples.py")
IMPORTS = re.compile(r"# --- IMPORTS \(kinbase\) ---\n(.*?)# --- END IMPORTS ---\n", re.S)
REFERENCE_IMPORTS = """\
from supabase_auth import AsyncGoTrueAdminAPI, AsyncGoTrueClient
from supabase_auth.errors import (
    AuthApiError,
    AuthError,
    AuthInvalidJwtError,
    AuthSessionMissingError,
    AuthWeakPasswordError,
)
from supabase_auth.types import (
    AuthMFAEnrollResponse,
    AuthResponse,
    IdentitiesResponse,
    Session,
    User,
    UserIdentity,
    UserResponse,
)
"""
# supabase_auth's sync names (its unasync turns AsyncGoTrueClient into SyncGoTrueClient).
SYNC_NAMES = re.compile(r"\bAsyncGoTrue(\w+)")


def variant(impl: str, mode: str) -> str:
    source = SOURCE_PATH.read_text(encoding="utf-8")
    block = IMPORTS.search(source)
    assert block is not None, "the IMPORTS markers are missing"
    assert "kinbase" not in source[block.end() :], "only the import block may name kinbase"
    if impl == "supabase_auth":
        source = source[: block.start(1)] + REFERENCE_IMPORTS + source[block.end(1) :]
    if mode == "sync":
        source = unasync.rewrite(SYNC_NAMES.sub(r"SyncGoTrue\1", source))
    return source


def load(impl: str, mode: str) -> dict[str, Any]:
    name = f"supabase_auth_examples__{impl}_{mode}"
    module = types.ModuleType(name)
    module.__file__ = str(SOURCE_PATH)
    source, filename = variant(impl, mode), f"{SOURCE_PATH} [{impl}, {mode}]"
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    exec(compile(source, filename, "exec"), module.__dict__)
    return {k: v for k, v in module.__dict__.items() if k.startswith("test_") and callable(v)}


for _impl in ("kinbase", "supabase_auth"):
    for _mode in ("async", "sync"):
        for _name, _test in load(_impl, _mode).items():
            _test.__name__ = f"{_name}__{_impl}_{_mode}"
            globals()[_test.__name__] = _test


def test_the_examples_differ_only_in_the_import_block() -> None:
    kinbase, reference = variant("kinbase", "async"), variant("supabase_auth", "async")
    block = IMPORTS.search(kinbase)
    assert block is not None
    assert kinbase.replace(block.group(1), "") == reference.replace(REFERENCE_IMPORTS, "")
    assert len(load("kinbase", "async")) >= 10


@pytest.fixture
def url(server: Any) -> str:
    return str(server.url)


@pytest.fixture
def service_key(jwt_secret: str) -> str:
    from kinbase.auth._jose import mint_service_role

    return mint_service_role(jwt_secret, lifetime=600)[0]


@pytest.fixture
def email() -> str:
    return new_email()


@pytest.fixture
def password() -> str:
    return PASSWORD


@pytest.fixture
def totp_code() -> Any:
    return lambda secret: totp.code_at(secret, time.time())


GOTRUE_USER = {
    "id": "6b1f2d8e-3c4a-4f6e-9a0b-1c2d3e4f5a6b",
    "aud": "authenticated",
    "role": "authenticated",
    "email": "ada@example.com",
    "phone": "",
    "email_confirmed_at": "2026-12-01T10:00:00.123456789Z",
    "confirmed_at": "2026-12-01T10:00:00.123456789Z",
    "last_sign_in_at": "2026-12-01T10:00:01+00:00",
    "app_metadata": {"provider": "email", "providers": ["email"]},
    "user_metadata": {"name": "Ada", "email_verified": True},
    "identities": [
        {
            "identity_id": "0c5f7a1e-2b3c-4d5e-8f9a-0b1c2d3e4f5a",
            "id": "6b1f2d8e-3c4a-4f6e-9a0b-1c2d3e4f5a6b",
            "user_id": "6b1f2d8e-3c4a-4f6e-9a0b-1c2d3e4f5a6b",
            "identity_data": {"email": "ada@example.com", "sub": "6b1f2d8e"},
            "provider": "email",
            "last_sign_in_at": "2026-12-01T10:00:00Z",
            "created_at": "2026-12-01T10:00:00Z",
            "updated_at": "2026-12-01T10:00:00Z",
            "email": "ada@example.com",
        }
    ],
    "factors": [
        {
            "id": "9f8e7d6c-5b4a-4321-8765-43210fedcba9",
            "friendly_name": "app",
            "factor_type": "totp",
            "status": "verified",
            "created_at": "2026-12-01T10:00:02Z",
            "updated_at": "2026-12-01T10:00:03Z",
            "last_challenged_at": "2026-12-01T10:00:03Z",
        }
    ],
    "created_at": "2026-12-01T10:00:00Z",
    "updated_at": "2026-12-01T10:00:01.5Z",
    "is_anonymous": False,
}
GOTRUE_SESSION = {
    "access_token": "header.payload.signature",
    "token_type": "bearer",
    "expires_in": 3600,
    "expires_at": 1796119200,
    "refresh_token": "refresh-token",
    "user": GOTRUE_USER,
}


def test_results_read_as_supabase_auth_reads_the_same_json() -> None:
    """Field by field, kinbase's User (and everything in it) equals supabase_auth's for
    the same GoTrue JSON (pydantic's model_dump, JSON mode, is the reference)."""
    from kinbase.auth.types import User
    from supabase_auth.types import User as ReferenceUser

    ours = User.from_dict(GOTRUE_USER)
    reference = ReferenceUser.model_validate(GOTRUE_USER)
    assert ours.model_dump(mode="json") == reference.model_dump(mode="json")
    assert ours.model_dump() == reference.model_dump()  # datetimes compare equal
    # what supabase_auth drops is kept, for to_dict() (stored sessions lose nothing)
    assert ours.factors and ours.factors[0].extra == {"last_challenged_at": "2026-12-01T10:00:03Z"}
    assert ours.identities and ours.identities[0].extra == {"email": "ada@example.com"}
    assert ours.to_dict()["factors"][0]["last_challenged_at"] == "2026-12-01T10:00:03Z"


def test_sessions_stored_by_either_library_are_read_by_the_other() -> None:
    from kinbase.auth.types import Session
    from supabase_auth.types import Session as ReferenceSession

    stored_by_supabase = ReferenceSession.model_validate(GOTRUE_SESSION).model_dump_json()
    ours = Session.from_json(stored_by_supabase)
    assert ours.access_token == "header.payload.signature" and ours.expires_at == 1796119200
    assert ours.user.identities and ours.user.identities[0].provider == "email"
    back = ReferenceSession.model_validate_json(Session.from_dict(GOTRUE_SESSION).to_json())
    assert back.model_dump(mode="json") == ReferenceSession.model_validate(
        GOTRUE_SESSION
    ).model_dump(mode="json")
