"""Copy a collection's records from one Kinto to another (async source).

kinto-http's ``kinto_http.replication.replicate``, streamed and batched.
"""

from __future__ import annotations

import logging
from typing import Any

from kinbase.errors import InvalidInputError
from kinbase.storage._async.client import AsyncStorageClient
from kinbase.storage._replication import CHUNK, Replicated, collection_copy, require_collection

__all__ = ["async_replicate"]

logger = logging.getLogger("kinbase.storage")


async def async_replicate(
    origin: AsyncStorageClient,
    destination: AsyncStorageClient,
    *,
    chunk: int = CHUNK,
    **params: Any,
) -> Replicated:
    """Copy ``origin``'s collection into ``destination``'s (each client's default bucket
    and collection), as kinto-http's ``replicate`` does: the destination bucket is
    created if missing, the collection too (with the origin's attributes and
    permissions), then every record is written with an unconditional ``PUT`` (its ``id``
    and data, ``last_modified`` included, as kinto-http sends them).

    Unlike kinto-http, records are read one page at a time (never the whole collection in
    memory) and written in ``POST /batch`` blocks of ``chunk`` records; the collection
    copy is named by the destination client (kinto-http names it after the origin's).
    Every write is idempotent, so a replication that failed part-way can simply be run
    again. ``params`` go to the origin's listing (filters; ``_since=<timestamp>`` also
    returns tombstones, whose records are deleted on the destination if present).

    Returns a :class:`~kinbase.storage.Replicated` with the counts.
    """
    if isinstance(chunk, bool) or not isinstance(chunk, int) or chunk < 1:
        raise InvalidInputError(f"replicate: chunk must be an integer >= 1, got {chunk!r}")
    source = require_collection("origin", origin)
    target = require_collection("destination", destination)
    if source == target:
        raise InvalidInputError(f"replicate: origin and destination are the same: {source}")
    logger.info("Replication from %s to %s", source, target)
    done = Replicated(origin=source, destination=target, records=0, deleted=0, batches=0)

    await destination.create_bucket(if_not_exists=True)
    collection = await origin.get_collection()
    await destination.create_collection(
        data=collection_copy(collection["data"]),
        permissions=collection.get("permissions"),
        if_not_exists=True,
    )

    pending: list[dict[str, Any]] = []

    async def flush() -> None:
        writes = deletions = 0
        try:
            async with destination.batch() as batch:
                for record in pending:
                    if record.get("deleted") is True:
                        await batch.delete_record(id=record["id"], safe=False, if_exists=True)
                        deletions += 1
                    else:
                        await batch.update_record(data=record, safe=False)
                        writes += 1
        except BaseException as exc:
            exc.add_note(done.progress_note())
            raise
        done.records += writes
        done.deleted += deletions
        done.batches += 1
        pending.clear()

    async for record in origin.iter_records(**params):
        pending.append(record)
        if len(pending) >= chunk:
            await flush()
    if pending:
        await flush()
    logger.info("Replicated %d records and %d deletions", done.records, done.deleted)
    return done
