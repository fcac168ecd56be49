"""The three kinds of PATCH Kinto understands (same names and arguments as kinto-http's
``kinto_http.patch_type``).

- :class:`BasicPatch` (``application/json``): the given ``data`` fields replace the stored
  ones (shallow merge); each permission given replaces that permission's principals.
- :class:`MergePatch` (``application/merge-patch+json``, RFC 7396): recursive merge, a
  ``None`` value deletes the key.
- :class:`JSONPatch` (``application/json-patch+json``, RFC 6902): a list of operations on
  ``/data/...`` and ``/permissions/...`` (``{"op": "add", "path": "/permissions/read/bob"}``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

__all__ = ["BasicPatch", "JSONPatch", "MergePatch", "PatchType"]


class PatchType:
    """Base of the patch kinds: ``content_type`` and ``body`` (what is sent)."""

    __slots__ = ()
    content_type: ClassVar[str] = ""

    @property
    def body(self) -> Any:
        """What is sent as the ``PATCH`` body."""
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.body!r})"

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and bool(other.body == self.body)

    __hash__ = None  # type: ignore[assignment]


class _DataPermissionsPatch(PatchType):
    __slots__ = ("data", "permissions")

    def __init__(
        self, data: Mapping[str, Any] | None = None, permissions: Mapping[str, Any] | None = None
    ) -> None:
        self.data = data
        self.permissions = permissions

    @property
    def body(self) -> dict[str, Any]:
        """What is sent as the ``PATCH`` body."""
        body: dict[str, Any] = {}
        if self.data is not None:
            body["data"] = self.data
        if self.permissions is not None:
            body["permissions"] = self.permissions
        return body


class BasicPatch(_DataPermissionsPatch):
    """Attribute merge: ``data`` fields replace the stored ones (``application/json``)."""

    __slots__ = ()
    content_type: ClassVar[str] = "application/json"


class MergePatch(_DataPermissionsPatch):
    """JSON Merge Patch (RFC 7396): recursive merge, ``None`` deletes a key."""

    __slots__ = ()
    content_type: ClassVar[str] = "application/merge-patch+json"


class JSONPatch(PatchType):
    """JSON Patch (RFC 6902): ``operations`` applied in order to ``{data, permissions}``."""

    __slots__ = ("operations",)
    content_type: ClassVar[str] = "application/json-patch+json"

    def __init__(self, operations: Sequence[Mapping[str, Any]]) -> None:
        self.operations = list(operations)

    @property
    def body(self) -> list[Mapping[str, Any]]:
        """What is sent as the ``PATCH`` body."""
        return self.operations
