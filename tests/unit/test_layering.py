"""Layering of the overlay package: ``kinbase.errors`` is a leaf; a storage batch is not a
client.

Everything (the HTTP layer, both clients, the CLI) imports the errors; the errors import
nothing of kinbase's but two leaf helpers (redaction, server-header parsing) that import no
kinbase module at all. So no import cycle runs through the errors, and ``kinbase._http``
may import from any of its modules eagerly.

A storage batch has the client's storage methods (both derive from the operations base) and
holds the client that made it; it does not derive from the client. So the storage modules
need no cast to the client type and no import of the batch deferred to a function or hidden
under ``TYPE_CHECKING`` (which is how a cycle between the client and its batch shows).
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import kinbase
import pytest
from kinbase.errors import InvalidInputError
from kinbase.storage import AsyncBatch, AsyncStorageClient, Batch, StorageClient

PACKAGE = Path(kinbase.__file__).parent
LEAVES = {"kinbase._redact", "kinbase._server_headers"}


def _kinbase_imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        else:
            continue
        found.update(name for name in names if name.split(".")[0] == "kinbase")
    return found


def test_the_errors_import_only_themselves_and_the_leaf_helpers() -> None:
    modules = sorted((PACKAGE / "errors").glob("*.py"))
    assert len(modules) >= 5
    for path in modules:
        for name in _kinbase_imports(path):
            assert name.startswith("kinbase.errors") or name in LEAVES, (path.name, name)


def test_the_leaf_helpers_import_no_kinbase_module() -> None:
    for leaf in LEAVES:
        path = PACKAGE / (leaf.removeprefix("kinbase.") + ".py")
        assert _kinbase_imports(path) == set(), leaf


def test_importing_the_errors_loads_no_other_layer() -> None:
    code = (
        "import sys, kinbase.errors\n"
        "print(sorted(m for m in sys.modules if m.startswith('kinbase')))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert "kinbase.errors._base" in loaded
    for layer in ("kinbase._http", "kinbase.storage", "kinbase.auth", "kinbase.cli"):
        assert f"'{layer}" not in loaded, (layer, loaded)


STORAGE = PACKAGE / "storage"
CLIENT_TYPES = {"AsyncStorageClient", "StorageClient", "AsyncBatch", "Batch"}
BATCH_MODULES = {"kinbase.storage._async.batch", "kinbase.storage._sync.batch"}


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _deferred_imports(tree: ast.AST) -> list[tuple[int, str, list[str]]]:
    """Imports that do not run when the module is imported: in a function's body or under
    ``if TYPE_CHECKING:`` (line, module, names)."""
    found: list[tuple[int, str, list[str]]] = []

    def visit(node: ast.AST, deferred: bool) -> None:
        for child in ast.iter_child_nodes(node):
            inner = deferred or isinstance(
                child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda
            )
            if isinstance(child, ast.If) and _is_type_checking(child.test):
                for stmt in child.body:
                    visit(ast.Module(body=[stmt], type_ignores=[]), True)
                for stmt in child.orelse:
                    visit(ast.Module(body=[stmt], type_ignores=[]), deferred)
                continue
            if deferred and isinstance(child, ast.ImportFrom):
                module = "." * child.level + (child.module or "")
                found.append((child.lineno, module, [a.name for a in child.names]))
            elif deferred and isinstance(child, ast.Import):
                found.extend((child.lineno, a.name, []) for a in child.names)
            visit(child, inner)

    visit(tree, False)
    return found


def _client_casts(tree: ast.AST) -> list[tuple[int, str]]:
    """``cast(...)`` calls whose target type names a storage client or batch."""
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and node.args):
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
        if name != "cast":
            continue
        target = node.args[0]
        text = target.value if isinstance(target, ast.Constant) else ast.unparse(target)
        words = set(str(text).replace("[", " ").replace("|", " ").replace(".", " ").split())
        if words & CLIENT_TYPES:
            found.append((node.lineno, str(text)))
    return found


def _storage_modules() -> list[Path]:
    modules = sorted(STORAGE.rglob("*.py"))
    assert len(modules) > 30, modules  # the package, _async/, _sync/
    return modules


def test_the_finders_see_what_the_old_batch_design_had() -> None:
    """The checks below would catch the subclassing design: a cast of ``self`` to the
    client, the batch imported inside ``batch()`` and under ``TYPE_CHECKING``."""
    old = ast.parse(
        "from typing import TYPE_CHECKING, cast\n"
        "if TYPE_CHECKING:\n"
        "    from kinbase.storage._async.batch import AsyncBatch\n"
        "class AsyncStorageBase:\n"
        "    def batch(self) -> AsyncBatch:\n"
        "        from kinbase.storage._async.batch import AsyncBatch\n"
        "        return AsyncBatch(cast('AsyncStorageClient', self))\n"
    )
    assert [line for line, _, _ in _deferred_imports(old)] == [3, 6]
    assert _client_casts(old) == [(7, "AsyncStorageClient")]


def test_no_storage_module_casts_to_a_client_or_batch_type() -> None:
    for path in _storage_modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        assert _client_casts(tree) == [], path


def test_no_storage_module_defers_importing_a_client_or_batch() -> None:
    for path in _storage_modules():
        for line, module, names in _deferred_imports(ast.parse(path.read_text("utf-8"))):
            assert module not in BATCH_MODULES and not (set(names) & CLIENT_TYPES), (
                path,
                line,
                module,
            )


def test_the_client_and_batch_modules_import_everything_up_front() -> None:
    """``storage/_async`` (and its sync twin) has no import in a function and none under
    ``TYPE_CHECKING``: no cycle runs between its modules, at run time or for the types."""
    for folder in ("_async", "_sync"):
        modules = sorted((STORAGE / folder).glob("*.py"))
        assert len(modules) >= 10
        for path in modules:
            assert _deferred_imports(ast.parse(path.read_text("utf-8"))) == [], path


@pytest.mark.parametrize(
    ("client_cls", "batch_cls"), [(StorageClient, Batch), (AsyncStorageClient, AsyncBatch)]
)
def test_a_batch_is_not_a_client_but_has_its_storage_methods(
    client_cls: type, batch_cls: type
) -> None:
    for client in (StorageClient, AsyncStorageClient):
        assert not issubclass(batch_cls, client), (batch_cls, client)
        assert not issubclass(client, batch_cls), (client, batch_cls)
    # the same storage methods: one definition, on a base both derive from
    for name in ("create_record", "get_records", "delete_records", "add_attachment"):
        assert getattr(batch_cls, name) is getattr(client_cls, name), name
    # what only a client has
    for name in ("with_auth", "generated"):
        assert hasattr(client_cls, name) and not hasattr(batch_cls, name), name


def test_a_batch_holds_the_client_that_made_it() -> None:
    client = StorageClient("http://127.0.0.1:9/v1", bucket="b", collection="c")
    try:
        batch = client.batch(collection="other")
        assert not isinstance(batch, StorageClient)
        assert batch.collection_name == "other" and client.collection_name == "c"
        clone = batch.clone()  # the client's clone: its defaults, not the batch's
        assert type(clone) is StorageClient and clone.collection_name == "c"
        assert batch.auth is client.auth
        view = client.with_auth(("alice", "secret"))  # a batch sends as its client's caller
        assert view.auth is not client.auth and view.batch().auth is view.auth
        with pytest.raises(InvalidInputError, match="nested"):
            batch.batch()
        with pytest.raises(InvalidInputError, match="nested"):
            Batch(batch)  # type: ignore[arg-type]
        clone.close()
    finally:
        client.close()
