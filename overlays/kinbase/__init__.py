"""kinbase: a typed sync and async SDK for GoTrue (Supabase Auth) and Kinto.

Importing ``kinbase`` is cheap: the clients and the generated packages behind them load on
first use (``kinbase.StorageClient`` imports the storage client, and so on).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ._version import AUTH_SPEC_VERSION, STORAGE_SPEC_VERSION, __version__

# public name -> module that defines it (loaded lazily by __getattr__)
_LAZY: dict[str, str] = {
    "errors": "kinbase.errors",
}

__all__ = ["AUTH_SPEC_VERSION", "STORAGE_SPEC_VERSION", "__version__", *_LAZY]

if TYPE_CHECKING:
    from . import errors as errors


def __getattr__(name: str) -> Any:
    try:
        module_name = _LAZY[name]
    except KeyError:
        raise AttributeError(f"module 'kinbase' has no attribute {name!r}") from None
    module = importlib.import_module(module_name)
    value = module if module_name.endswith("." + name) else getattr(module, name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
