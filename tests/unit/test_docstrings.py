"""Every public class and method has a docstring, sync and async, and the generated sync
twins' docstrings say nothing that is only true of the async source."""

from __future__ import annotations

import ast
import importlib
import inspect
from pathlib import Path

import kinbase

PUBLIC_MODULES = (
    "kinbase",
    "kinbase.client",
    "kinbase.storage",
    "kinbase.auth",
    "kinbase.errors",
    "kinbase.sessions",
)
OVERLAYS = Path(kinbase.__file__).resolve().parent
#: Said of the async source only: a sync twin saying it would be wrong.
ASYNC_ONLY = ("``await``", "async with", "async for", "(async source)", "aclose", "coroutine")


def _public_classes() -> list[type]:
    found: dict[type, None] = {}
    for module_name in PUBLIC_MODULES:
        module = importlib.import_module(module_name)
        for name in module.__all__:
            try:
                obj = getattr(module, name)
            except ImportError:  # an extra that is not installed
                continue
            if inspect.isclass(obj) and obj.__module__.startswith("kinbase"):
                found[obj] = None
    return list(found)


def test_every_public_class_and_method_has_a_docstring() -> None:
    missing = []
    classes = _public_classes()
    assert len(classes) > 80  # sync and async clients, storages, errors...
    for cls in classes:
        if not inspect.getdoc(cls):
            missing.append(cls.__qualname__)
        for owner in cls.__mro__:
            if not owner.__module__.startswith("kinbase"):
                continue
            for name, member in vars(owner).items():
                if name.startswith("_"):
                    continue
                if isinstance(member, staticmethod | classmethod):
                    member = member.__func__
                if (inspect.isfunction(member) or isinstance(member, property)) and not (
                    member.__doc__ or ""
                ).strip():
                    missing.append(f"{owner.__module__}.{owner.__qualname__}.{name}")
    assert sorted(set(missing)) == []


def test_sync_twins_docstrings_are_true_for_sync_code() -> None:
    twins = sorted(p for p in OVERLAYS.rglob("_sync/*.py") if p.name != "__init__.py")
    assert len(twins) > 20
    wrong = []
    for path in twins:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        nodes = [tree, *ast.walk(tree)]
        for node in nodes:
            if not isinstance(
                node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef
            ):
                continue
            doc = ast.get_docstring(node) or ""
            for phrase in ASYNC_ONLY:
                if phrase in doc:
                    where = getattr(node, "name", "module")
                    wrong.append(f"{path.relative_to(OVERLAYS)}:{where}: {phrase!r}")
    assert sorted(set(wrong)) == []
