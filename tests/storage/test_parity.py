"""Parity: kinto-http's public Client methods vs both kinbase clients, and sync vs async."""

from __future__ import annotations

import inspect
import re
from pathlib import Path
from typing import Any

import kinto_http
import pytest
from kinbase.storage import AsyncBatch, AsyncStorageClient, Batch, StorageClient

ROOT = Path(__file__).resolve().parents[2]
TABLE = ROOT / "docs" / "migration-kinto-http.md"
ROW = re.compile(r"^\| `(\w+)` \| (`(\w+)`|-) \| (same|renamed|excluded) \|(.*)\|$")


def _table() -> dict[str, tuple[str | None, str, list[str]]]:
    rows: dict[str, tuple[str | None, str, list[str]]] = {}
    for line in TABLE.read_text().splitlines():
        match = ROW.match(line.strip())
        if match:
            name, _, target, status, rest = match.groups()
            assert name not in rows, f"{name} listed twice"
            rows[name] = (target, status, [c.strip() for c in rest.split("|")])
    return rows


def _public_methods(cls: type) -> set[str]:
    return {n for n, v in inspect.getmembers(cls) if not n.startswith("_") and callable(v)}


def test_every_kinto_http_method_is_provided_or_explained() -> None:
    table = _table()
    kinto_methods = _public_methods(kinto_http.Client)
    assert len(kinto_methods) >= 40
    assert set(table) == kinto_methods, "the table must list exactly kinto-http's methods"
    tests_text = "".join(p.read_text() for p in Path(__file__).parent.glob("test_*.py"))
    for name in sorted(kinto_methods):
        target, status, (sync, async_, tested, notes) = table[name]
        if status == "excluded":
            assert target is None and notes, f"{name}: an exclusion needs a reason"
            assert not hasattr(StorageClient, name)
            continue
        assert target is not None
        assert status != "same" or target == name
        for cls in (StorageClient, AsyncStorageClient):
            assert callable(getattr(cls, target, None)), f"{cls.__name__}.{target} missing"
        assert (sync, async_) == ("yes", "yes")
        assert (Path(__file__).parent / f"{tested}.py").exists(), f"{name}: {tested}?"
        assert re.search(rf"\b{target}\(|\"{target}\"", tests_text), f"{target} never called"


def test_kinto_http_keyword_arguments_are_accepted() -> None:
    """Every keyword argument kinto-http's method takes is accepted by ours (or **params)."""
    table = _table()
    for name, (target, status, _) in table.items():
        if status == "excluded" or target is None:
            continue
        theirs = inspect.signature(getattr(kinto_http.Client, name)).parameters
        ours = inspect.signature(getattr(StorageClient, target)).parameters
        has_var_kw = any(p.kind is p.VAR_KEYWORD for p in ours.values())
        for param in theirs.values():
            if param.name == "self" or param.kind in (param.VAR_KEYWORD, param.VAR_POSITIONAL):
                continue
            assert param.name in ours or has_var_kw, f"{name}({param.name}=) not accepted"


def _shape(sig: inspect.Signature) -> list[tuple[str, Any, Any]]:
    return [(p.name, p.kind, p.default) for p in sig.parameters.values()]


@pytest.mark.parametrize(
    ("sync_cls", "async_cls"), [(StorageClient, AsyncStorageClient), (Batch, AsyncBatch)]
)
def test_sync_and_async_twins_match(sync_cls: type, async_cls: type) -> None:
    sync_names = _public_methods(sync_cls)
    # httpx's convention: the async client closes with aclose(), the sync one with close().
    assert sync_names - {"close"} == _public_methods(async_cls) - {"aclose"}
    assert "close" in sync_names and "aclose" in _public_methods(async_cls)
    for name in sorted(sync_names):
        sync_fn = getattr(sync_cls, name)
        async_fn = getattr(async_cls, "aclose" if name == "close" else name)
        assert _shape(inspect.signature(sync_fn)) == _shape(inspect.signature(async_fn)), name
        if inspect.iscoroutinefunction(async_fn):
            assert not inspect.iscoroutinefunction(sync_fn), name
        elif inspect.isasyncgenfunction(async_fn):
            assert inspect.isgeneratorfunction(sync_fn), name
    for dunder in ("__enter__", "__exit__"):
        assert hasattr(sync_cls, dunder)
    for dunder in ("__aenter__", "__aexit__"):
        assert hasattr(async_cls, dunder)


def test_iterators_are_async_iterators_in_async() -> None:
    for name in ("iter_records", "iter_buckets", "iter_history", "get_paginated_records"):
        client = AsyncStorageClient("http://127.0.0.1:9/v1", bucket="b", collection="c")
        iterator = getattr(client, name)()
        assert hasattr(iterator, "__anext__") and not hasattr(iterator, "__next__")
        sync = StorageClient("http://127.0.0.1:9/v1", bucket="b", collection="c")
        assert hasattr(getattr(sync, name)(), "__next__")
        sync.close()
