"""What :func:`~kinbase.storage.replicate` reports, and the checks it makes before sending
(sans-I/O; the async source and its sync twin share them)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from kinbase.errors import InvalidInputError

__all__ = ["CHUNK", "Replicated", "collection_copy", "require_collection"]

#: Records written per ``POST /batch`` block (one page of the origin read at a time; the
#: block itself is sent in chunks of the server's ``batch_max_requests``).
CHUNK: Final = 1000

#: Collection fields that belong to the origin server, not to the copy.
_OWN_FIELDS: Final = frozenset({"id", "last_modified"})


class Replicated:
    """The outcome of a replication: ``records`` written and ``deleted`` tombstones
    replayed, in ``batches`` blocks, from ``origin`` to ``destination`` (URLs without
    credentials). A replication that fails part-way raises the error of the failing block
    (a :class:`~kinbase.errors.BatchError` says which of its writes were applied), with a
    note saying how many records earlier blocks committed."""

    __slots__ = ("batches", "deleted", "destination", "origin", "records")

    def __init__(
        self, *, origin: str, destination: str, records: int, deleted: int, batches: int
    ) -> None:
        self.origin = origin
        self.destination = destination
        self.records = records
        self.deleted = deleted
        self.batches = batches

    def __repr__(self) -> str:
        return (
            f"Replicated(origin={self.origin!r}, destination={self.destination!r}, "
            f"records={self.records}, deleted={self.deleted}, batches={self.batches})"
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Replicated):
            return NotImplemented
        return all(getattr(self, k) == getattr(other, k) for k in self.__slots__)

    __hash__ = None  # type: ignore[assignment]

    def progress_note(self) -> str:
        """The note added to an error that stops a replication part-way."""
        return (
            f"replicate: before this failure, {self.batches} earlier block(s) committed "
            f"{self.records} record(s) and {self.deleted} deletion(s) to {self.destination}; "
            "running replicate() again is safe (every write is an idempotent PUT or DELETE)"
        )


def require_collection(name: str, client: Any) -> str:
    """``client``'s ``.../buckets/{b}/collections/{c}`` location; a client without a default
    bucket and collection is refused before anything is sent."""
    bucket, collection = client.bucket_name, client.collection_name
    if not bucket or not collection:
        raise InvalidInputError(
            f"replicate: the {name} client needs a default bucket and collection "
            f"(build it with bucket=... and collection=..., or client.clone(bucket=..., "
            f"collection=...)); it has bucket={bucket!r}, collection={collection!r}"
        )
    return f"{client.server_url}/buckets/{bucket}/collections/{collection}"


def collection_copy(data: Mapping[str, Any]) -> dict[str, Any]:
    """The origin collection's attributes as the copy's: without its ``id`` (the copy is
    named by the destination client) and ``last_modified`` (the destination's own)."""
    return {k: v for k, v in data.items() if k not in _OWN_FIELDS}
