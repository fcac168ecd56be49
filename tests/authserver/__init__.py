"""GoTrue-compatible test server for kinbase's tests (test infrastructure, not product).

See README.md in this folder for the contract and the behaviours chosen.
"""

from .config import AuthConfig
from .server import AuthServer

__all__ = ["AuthConfig", "AuthServer"]
