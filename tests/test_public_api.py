"""The top-level package: cheap to import, every advertised name resolves."""

from __future__ import annotations

import subprocess
import sys

import kinbase


def test_import_kinbase_loads_no_client_or_generated_module() -> None:
    code = (
        "import sys, kinbase; "
        "print(sorted(m for m in sys.modules if m.startswith(('kinbase', 'httpx', 'attrs'))))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "['kinbase', 'kinbase._version']"


def test_every_public_name_resolves() -> None:
    for name in kinbase.__all__:
        assert getattr(kinbase, name) is not None, name
    assert kinbase.StorageClient.__name__ == "StorageClient"
    assert kinbase.AsyncStorageClient.__name__ == "AsyncStorageClient"


def test_unknown_attribute_is_a_clear_attribute_error() -> None:
    try:
        kinbase.NoSuchThing  # type: ignore[attr-defined]  # noqa: B018
    except AttributeError as exc:
        assert "NoSuchThing" in str(exc)
    else:
        raise AssertionError("expected AttributeError")


def test_version_and_spec_versions() -> None:
    assert kinbase.__version__.count(".") == 2
    assert kinbase.STORAGE_SPEC_VERSION == "1.23"
    assert kinbase.AUTH_SPEC_VERSION


def test_async_clients_close_with_aclose_and_sync_ones_with_close() -> None:
    """httpx's convention everywhere: ``await x.aclose()`` / ``async with`` for async
    clients, ``x.close()`` / ``with`` for sync ones; no async ``close`` coroutine."""
    import inspect

    from kinbase.storage import AsyncBatch, Batch

    pairs = [
        (kinbase.AsyncStorageClient, kinbase.StorageClient),
        (kinbase.AsyncAuthClient, kinbase.AuthClient),
        (kinbase.AsyncClient, kinbase.Client),
        (AsyncBatch, Batch),
    ]
    for async_cls, sync_cls in pairs:
        assert inspect.iscoroutinefunction(async_cls.aclose), async_cls
        assert not hasattr(async_cls, "close"), async_cls
        assert inspect.iscoroutinefunction(async_cls.__aexit__), async_cls
        assert not inspect.iscoroutinefunction(sync_cls.close), sync_cls
        assert not hasattr(sync_cls, "aclose"), sync_cls
        assert hasattr(sync_cls, "__exit__"), sync_cls
