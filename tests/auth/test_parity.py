"""supabase_auth parity, and sync/async signature parity.

Every public method of supabase_auth's client, admin and MFA APIs exists on both kinbase
clients, or is listed in ONE table (docs/migration-supabase-auth.md) with its reason.
"""

from __future__ import annotations

import inspect
import re
from pathlib import Path
from typing import Any

import pytest
from kinbase._async.client import AsyncClient
from kinbase._sync.client import Client
from kinbase.auth import (
    AsyncAuthAdminAPI,
    AsyncAuthClient,
    AsyncAuthMFAAPI,
    AuthAdminAPI,
    AuthClient,
    AuthMFAAPI,
)
from supabase_auth import SyncGoTrueAdminAPI, SyncGoTrueClient
from supabase_auth._sync.gotrue_admin_mfa_api import SyncGoTrueAdminMFAAPI
from supabase_auth._sync.gotrue_admin_oauth_api import SyncGoTrueAdminOAuthAPI
from supabase_auth._sync.gotrue_mfa_api import SyncGoTrueMFAAPI

TABLE = Path(__file__).resolve().parents[2] / "docs" / "migration-supabase-auth.md"

# prefix in the table -> (supabase class, kinbase sync object, kinbase async object)
GROUPS: dict[str, tuple[type, Any, Any]] = {
    "": (SyncGoTrueClient, AuthClient, AsyncAuthClient),
    "admin.": (SyncGoTrueAdminAPI, AuthAdminAPI, AsyncAuthAdminAPI),
    "mfa.": (SyncGoTrueMFAAPI, AuthMFAAPI, AsyncAuthMFAAPI),
    "admin.mfa.": (SyncGoTrueAdminMFAAPI, None, None),
    "admin.oauth.": (SyncGoTrueAdminOAuthAPI, None, None),
}


def public_methods(cls: type) -> set[str]:
    return {
        name
        for name, value in inspect.getmembers(cls)
        if not name.startswith("_") and callable(value)
    }


def parse_table() -> dict[str, tuple[list[str], str, str]]:
    rows: dict[str, tuple[list[str], str, str]] = {}
    for line in TABLE.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) != 4 or not cells[0].startswith("`"):
            continue
        name = cells[0].strip("`")
        assert name not in rows, f"{name} listed twice"
        kinbase_names = re.findall(r"`([\w.]+)`", cells[1])
        status, reason = cells[2], cells[3]
        assert status in ("renamed", "excluded"), line
        assert len(reason) > 10, f"{name}: give a reason"
        rows[name] = (kinbase_names, status, reason)
    return rows


def test_every_supabase_auth_method_is_present_or_listed() -> None:
    table = parse_table()
    seen: set[str] = set()
    for prefix, (reference, sync_obj, async_obj) in GROUPS.items():
        for method in sorted(public_methods(reference)):
            key = prefix + method
            present = (
                sync_obj is not None and hasattr(sync_obj, method) and hasattr(async_obj, method)
            )
            if present:
                assert key not in table or table[key][1] == "renamed", f"{key} is present"
                continue
            assert key in table, f"supabase_auth's {key} is neither present nor in the table"
            seen.add(key)
            names, status, _ = table[key]
            if status == "renamed":
                for obj in (sync_obj, async_obj):
                    assert hasattr(obj, method) or any(hasattr(obj, n) for n in names), (
                        f"{key}: renamed to {names}, missing on {obj.__name__}"
                    )
    stale = set(table) - seen
    assert not stale, f"table rows for methods that need no entry: {stale}"


def test_the_listed_features_exist_in_supabase_auth() -> None:
    for key in parse_table():
        prefix, _, method = key.rpartition(".")
        group = prefix + "." if prefix else ""
        assert method in public_methods(GROUPS[group][0]), f"{key} is not a supabase_auth method"


def test_supabase_argument_names_are_accepted() -> None:
    for reference, sync_obj, async_obj in GROUPS.values():
        if sync_obj is None:
            continue
        for method in public_methods(reference):
            if not hasattr(sync_obj, method):
                continue
            theirs = inspect.signature(getattr(reference, method)).parameters
            for obj in (sync_obj, async_obj):
                if not hasattr(obj, method):  # a listed rename (close -> aclose)
                    continue
                ours = inspect.signature(getattr(obj, method)).parameters
                for name, param in theirs.items():
                    if name == "self" or param.kind is param.VAR_KEYWORD:
                        continue
                    assert name in ours, f"{obj.__name__}.{method} lacks {name!r}"
                    if param.kind is param.POSITIONAL_OR_KEYWORD:
                        assert ours[name].kind is param.POSITIONAL_OR_KEYWORD, (
                            f"{obj.__name__}.{method}({name}) must stay positional"
                        )


SYNC_ASYNC = [
    (AuthClient, AsyncAuthClient),
    (AuthAdminAPI, AsyncAuthAdminAPI),
    (AuthMFAAPI, AsyncAuthMFAAPI),
    (Client, AsyncClient),
]
SYNC_ONLY_NAMES = {"close": "aclose", "__enter__": "__aenter__", "__exit__": "__aexit__"}


@pytest.mark.parametrize(("sync_cls", "async_cls"), SYNC_ASYNC, ids=lambda c: c.__name__)
def test_sync_and_async_signatures_match(sync_cls: type, async_cls: type) -> None:
    sync_names = {n for n in vars(sync_cls) if not n.startswith("_") or n in SYNC_ONLY_NAMES}
    async_names = {n for n in vars(async_cls) if not n.startswith("_") or n.startswith("__a")}
    expected = {SYNC_ONLY_NAMES.get(n, n) for n in sync_names}
    assert expected == async_names
    for name in sync_names:
        sync_attr = inspect.getattr_static(sync_cls, name)
        async_attr = inspect.getattr_static(async_cls, SYNC_ONLY_NAMES.get(name, name))
        if isinstance(sync_attr, property) or not callable(sync_attr):
            continue
        sync_sig = inspect.signature(sync_attr)
        async_sig = inspect.signature(async_attr)
        assert [(p.name, p.kind, p.default) for p in sync_sig.parameters.values()] == [
            (p.name, p.kind, p.default) for p in async_sig.parameters.values()
        ], name
        assert not inspect.iscoroutinefunction(sync_attr), name
        if name in (
            "on_auth_state_change",
            "as_httpx_auth",
            "with_storage",
            "as_user",
            "for_session",
        ):
            assert not inspect.iscoroutinefunction(async_attr)
        elif name == "iter_users":
            assert inspect.isasyncgenfunction(async_attr)
        else:
            assert inspect.iscoroutinefunction(async_attr), name
