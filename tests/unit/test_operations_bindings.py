"""``kinbase.storage._operations``: what the type checker sees is what runs.

The module imports each generated operation and model for mypy under ``TYPE_CHECKING`` and
binds the same name to a lazily imported module at run time. If the two lists drifted apart
(a name bound to another module at run time, or one missing), ``make typecheck`` would check
one thing and the client would call another.
"""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import kinbase.storage._operations as operations

SOURCE = Path(operations.__file__).read_text(encoding="utf-8")


def _bindings() -> tuple[dict[str, str], dict[str, str]]:
    """(name -> module for the type checker, name -> module at run time)."""
    tree = ast.parse(SOURCE)
    (guard,) = [
        node
        for node in tree.body
        if isinstance(node, ast.If)
        and isinstance(node.test, ast.Name)
        and node.test.id == "TYPE_CHECKING"
    ]
    static: dict[str, str] = {}
    for node in guard.body:
        assert isinstance(node, ast.ImportFrom) and node.module, ast.dump(node)
        for alias in node.names:
            static[alias.asname or alias.name] = f"{node.module}.{alias.name}"
    runtime: dict[str, str] = {}
    for node in guard.orelse:
        assert isinstance(node, ast.Assign), ast.dump(node)
        (target,) = node.targets
        call = node.value
        assert isinstance(target, ast.Name) and isinstance(call, ast.Call)
        assert isinstance(call.func, ast.Name) and call.func.id == "_Lazy"
        (argument,) = call.args
        assert isinstance(argument, ast.Constant) and isinstance(argument.value, str)
        runtime[target.id] = argument.value
    return static, runtime


def test_every_name_is_bound_to_the_same_generated_module_for_mypy_and_at_run_time() -> None:
    static, runtime = _bindings()
    assert len(static) > 40  # every storage operation and model the overlay uses
    assert static == runtime


def test_every_lazy_binding_resolves_to_a_generated_module() -> None:
    _, runtime = _bindings()
    for name, module in runtime.items():
        assert importlib.import_module(module).__name__ == module, name
        assert getattr(operations, name).__repr__() == f"<lazy module {module}>"


def test_no_generated_operation_is_looked_up_by_a_computed_name() -> None:
    """Strings built at run time (``import_module(f"...{name}")``) are what a rename breaks
    silently; the only module names are the literal ones checked above."""
    assert "import_module(f" not in SOURCE
    for path in Path(operations.__file__).parent.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "import_module(" not in text or path == Path(operations.__file__), path


def test_a_lazy_binding_keeps_what_it_read() -> None:
    """The second read of a generated name is a plain attribute read (no ``__getattr__``
    on each request), and it is the generated object itself."""
    lazy = operations._Lazy("kinbase_storage_api.api.records.get_record")
    first = lazy._get_kwargs
    assert "_get_kwargs" in vars(lazy)
    generated = importlib.import_module("kinbase_storage_api.api.records.get_record")
    assert first is generated._get_kwargs
    assert lazy._get_kwargs is first
    assert lazy.__name__ == generated.__name__  # special names: read through, not kept
    assert "__name__" not in vars(lazy)
