"""``import`` and ``export``: JSON Lines or JSON, batched, with progress bars, resumable.

Import sends the records in ``POST /batch`` requests of the server's
``batch_max_requests`` (``--batch-size`` to lower it), one after another; each is one
transaction on the server. After every batch the checkpoint records how many records
(from the start of the input) are committed. When a batch fails (an error answer, no
answer, Ctrl-C), the checkpoint keeps the count of records confirmed committed and the
command says how to resume: the same command with ``--resume`` skips them. The batch
whose fate is unknown is sent again, which is harmless: every record is written under a
fixed id (its own ``id``, or one derived from its position and content), so a record sent
twice is one record. See :mod:`kinbase.cli.checkpoint`.

``--on-existing`` decides what happens to a record whose id exists already:
``overwrite`` (default; ``PUT``, the input wins), ``skip`` (``If-None-Match: *``, the
existing record is kept and counted as skipped) or ``fail`` (a 412 conflict, exit 5).

Export streams the records (newest first, pages of ``--page-size``) into
``<output>.part``, renamed to the output when complete; ``--resume`` continues an
interrupted export from its last record, provided the collection did not change.
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import json
import os
import stat
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from kinbase._http.config import split_credentials
from kinbase.cli.checkpoint import SUFFIX, Checkpoint
from kinbase.cli.config import open_storage
from kinbase.cli.inputs import ImportSource
from kinbase.cli.output import EXIT_CONFLICT, EXIT_OK, EXIT_USAGE, CLIError

if TYPE_CHECKING:
    from kinbase.cli.main import Context
    from kinbase.errors import BatchError
    from kinbase.storage import Batch, StorageClient

__all__ = ["register"]

AddParser = Callable[..., argparse.ArgumentParser]
#: outcomes of a sub-request that need no resending
_SETTLED = frozenset({"ok", "tolerated", "ignored"})


def _without_credentials(server: str) -> str:
    """The server URL as shown and stored in checkpoints: ``user:password@`` removed."""
    return split_credentials(server)[0] if "@" in server else server


def register(add: AddParser) -> None:
    imp = add("import", "import records (JSON Lines or JSON) into --bucket/--collection")
    imp.add_argument("file", metavar="FILE", help="input file, or - for stdin")
    imp.add_argument(
        "--format",
        choices=("auto", "jsonl", "json"),
        default="auto",
        help="input format [auto: from the file name, else the content]",
    )
    imp.add_argument(
        "--on-existing",
        choices=("overwrite", "skip", "fail"),
        default="overwrite",
        help="a record whose id exists: overwrite it (default), skip it, or fail",
    )
    imp.add_argument(
        "--batch-size",
        type=int,
        metavar="N",
        help="records per batch request [the server's batch_max_requests]",
    )
    imp.add_argument(
        "--create",
        action="store_true",
        help="create the bucket and the collection if they do not exist",
    )
    _resume_options(imp, "import")
    imp.add_argument(
        "--dry-run",
        action="store_true",
        help="read and check the input, say what would be sent; send nothing",
    )
    imp.set_defaults(handler=import_command)

    exp = add("export", "export the records of --bucket/--collection (JSON Lines or JSON)")
    exp.add_argument(
        "-o",
        "--output",
        default="-",
        metavar="FILE",
        help="output file [- : stdout, not resumable]",
    )
    exp.add_argument(
        "--format",
        choices=("auto", "jsonl", "json"),
        default="auto",
        help="output format [auto: json for *.json, else jsonl]",
    )
    exp.add_argument(
        "--filter",
        action="append",
        default=[],
        metavar="FIELD=VALUE",
        help="only matching records (Kinto filters), repeatable",
    )
    exp.add_argument(
        "--page-size",
        type=int,
        default=1000,
        metavar="N",
        help="records per page request [1000; the server may cap it]",
    )
    _resume_options(exp, "export")
    exp.set_defaults(handler=export_command)


def _resume_options(parser: argparse.ArgumentParser, what: str) -> None:
    parser.add_argument(
        "--checkpoint",
        metavar="PATH",
        help=f"checkpoint file of the {what} [FILE{SUFFIX}; none for stdin/stdout unless given]",
    )
    group = parser.add_mutually_exclusive_group()
    group.add_argument(
        "--resume", action="store_true", help=f"continue an interrupted {what} from its checkpoint"
    )
    group.add_argument(
        "--restart",
        action="store_true",
        help="ignore (and replace) an existing checkpoint: start over",
    )


def _checkpoint(ctx: Context, default: Path | None) -> Checkpoint:
    given = ctx.args.checkpoint
    return Checkpoint(Path(given).expanduser() if given else default)


def _start_from(
    ctx: Context, checkpoint: Checkpoint, expected: dict[str, Any], what: str
) -> dict[str, Any] | None:
    """The checkpoint to resume from, or ``None`` to start at the beginning."""
    state = checkpoint.load()
    if state is None:
        if ctx.args.resume:
            ctx.out.info(f"kinbase: no checkpoint to resume from; the {what} starts over")
        return None
    assert checkpoint.path is not None
    if ctx.args.restart:
        checkpoint.remove()
        return None
    if not ctx.args.resume:
        raise CLIError(
            f"an interrupted {what} left the checkpoint {str(checkpoint.path)!r} "
            f"({state.get('done', state.get('count', 0))} records done): rerun with --resume "
            "to continue, or --restart to start over",
            EXIT_USAGE,
        )
    Checkpoint.check_matches(state, expected, checkpoint.path)
    return state


def _stopped(
    what: str, done: int, total: int | None, exc: BaseException, checkpoint: Checkpoint
) -> CLIError:
    from kinbase.cli.main import error_message, exit_code_for

    of = f" of {total:,}" if total is not None else ""
    hint = (
        f"; rerun with --resume to continue (checkpoint {checkpoint.path})"
        if checkpoint.path is not None
        else "; not resumable (no checkpoint file)"
    )
    return CLIError(
        f"{what} stopped after {done:,}{of} records: {error_message(exc)}{hint}",
        exit_code_for(exc),
    )


# --------------------------------------------------------------------------- import


def _queue(batch: Batch, mode: str, record: dict[str, Any], *, uncertain: bool = False) -> None:
    """Queue one record. ``uncertain``: an earlier run sent it in a batch that got no
    usable answer, so it may be on the server already, written by that run: with
    ``--on-existing fail`` its 412 is then checked by :func:`_own_write` instead of
    failing the import."""
    rid = record["id"]
    if mode == "overwrite":
        batch.update_record(id=rid, data=record, safe=False)
    elif mode == "skip" or uncertain:
        batch.create_record(id=rid, data=record, if_not_exists=True)
    else:
        batch.create_record(id=rid, data=record)


def _own_write(body: Any, record: dict[str, Any]) -> bool:
    """Whether a 412 answer's ``existing`` record is ``record`` as this import wrote it."""
    details = body.get("details") if isinstance(body, dict) else None
    existing = details.get("existing") if isinstance(details, dict) else None
    if not isinstance(existing, dict):
        return False
    return {k: v for k, v in existing.items() if k != "last_modified"} == {
        k: v for k, v in record.items() if k != "last_modified"
    }


def _uncertain_until(begin: int, exc: BatchError) -> int:
    """One past the last record whose sub-request got no usable answer (``begin`` if none)."""
    unknown = [o.index for o in exc.outcomes if o.outcome == "unknown"]
    return begin + max(unknown) + 1 if unknown else begin


def _settled_prefix(exc: BatchError) -> int:
    """How many sub-requests, from the first, are committed (or need no resending)."""
    count = 0
    for outcome in exc.outcomes:
        if outcome.outcome not in _SETTLED:
            break
        count += 1
    return count


def _error_status(body: Any) -> int | None:
    if isinstance(body, dict) and isinstance(body.get("code"), int) and "errno" in body:
        return int(body["code"])
    return None


def _dry_run(ctx: Context, source: ImportSource, start: int, bucket: str, collection: str) -> int:
    # --dry-run asks the server nothing: Kinto's default batch_max_requests is assumed.
    from kinbase.storage._batch import KINTO_DEFAULT_BATCH_SIZE

    size = ctx.args.batch_size or KINTO_DEFAULT_BATCH_SIZE
    to_send = source.total - start
    first = source.records[start] if to_send else None
    method = {"overwrite": "PUT", "skip": "PUT If-None-Match: *", "fail": "PUT If-None-Match: *"}[
        ctx.args.on_existing
    ]
    path = f"/buckets/{bucket}/collections/{collection}/records"
    ctx.out.json(
        {
            "dry_run": True,
            "source": source.name,
            "format": source.format,
            "records": source.total,
            "ids_generated": source.generated_ids,
            "resume_from": start,
            "to_send": to_send,
            "target": f"{_without_credentials(ctx.settings.server)}{path}",
            "batch_requests": -(-to_send // size),
            "batch_size": size if ctx.args.batch_size else f"{size} (assumed; the server decides)",
            "on_existing": ctx.args.on_existing,
            "first_request": f"{method} {path}/{first['id']}" if first else None,
            "sent": 0,
        }
    )
    return EXIT_OK


def import_command(ctx: Context) -> int:
    from kinbase.errors import BatchError, KinbaseError
    from kinbase.storage._batch import settings_batch_size

    args, settings, out = ctx.args, ctx.settings, ctx.out
    bucket, collection = settings.require_bucket(), settings.require_collection()
    if args.batch_size is not None and args.batch_size < 1:
        raise CLIError("--batch-size must be at least 1")
    source = ImportSource.read(args.file, args.format, ctx.stdin)
    default = source.path.with_name(source.path.name + SUFFIX) if source.path else None
    checkpoint = _checkpoint(ctx, default)
    expected = {
        "kind": "import",
        "fingerprint": source.fingerprint,
        "server": _without_credentials(settings.server),
        "bucket": bucket,
        "collection": collection,
        "on_existing": args.on_existing,
    }
    resumed = _start_from(ctx, checkpoint, expected, "import") if not args.dry_run else None
    if args.dry_run and args.resume:
        state = checkpoint.load()
        if state is not None:
            Checkpoint.check_matches(state, expected, checkpoint.path or Path())
            resumed = state
    start = int(resumed["done"]) if resumed else 0
    # Records an interrupted run sent without getting an answer (they may be on the server).
    uncertain_until = int(resumed.get("uncertain_until") or 0) if resumed else 0
    if args.dry_run:
        return _dry_run(ctx, source, start, bucket, collection)
    if resumed:
        out.info(f"kinbase: resuming the import at record {start + 1:,} of {source.total:,}")

    def save(done: int, *, force: bool, uncertain: int = 0) -> None:
        state = {**expected, "source": source.name, "total": source.total, "done": done}
        if uncertain > done:
            state["uncertain_until"] = uncertain
        checkpoint.save(state, force=force)

    began = time.monotonic()
    done, skipped, ignored, requests = start, 0, 0, 0
    with open_storage(settings) as client:
        if args.create:
            client.create_bucket(id=bucket, if_not_exists=True)
            client.create_collection(id=collection, bucket=bucket, if_not_exists=True)
        server_size = settings_batch_size(client.server_info())  # the client's rule
        size = min(args.batch_size or server_size, server_size)
        with out.progress("import", source.total) as bar:
            bar.set(start)
            begin = start
            try:
                for begin, group in source.iter_from(start, size):
                    with client.batch(bucket=bucket, collection=collection) as batch:
                        for offset, record in enumerate(group):
                            uncertain = begin + offset < uncertain_until
                            _queue(batch, args.on_existing, record, uncertain=uncertain)
                    requests += 1
                    for offset, body in enumerate(batch.results()):
                        status = _error_status(body)
                        if status == 412 and begin + offset < uncertain_until:
                            if _own_write(body, group[offset]):
                                continue  # written by the interrupted run: imported
                            if args.on_existing == "fail":
                                done = begin + offset
                                save(done, force=True, uncertain=uncertain_until)
                                raise CLIError(
                                    f"import stopped after {done:,} of {source.total:,} "
                                    f"records: record {group[offset]['id']!r} exists with "
                                    "other data (--on-existing fail); the records after it "
                                    "in its batch were written",
                                    EXIT_CONFLICT,
                                )
                        if status == 412:
                            skipped += 1
                        elif status is not None:
                            ignored += 1
                    done = begin + len(group)
                    save(done, force=False)
                    bar.set(done)
            except BatchError as exc:
                done = begin + _settled_prefix(exc)
                save(done, force=True, uncertain=max(_uncertain_until(begin, exc), uncertain_until))
                bar.set(done)
                raise _stopped("import", done, source.total, exc, checkpoint) from None
            except (KinbaseError, KeyboardInterrupt) as exc:
                save(done, force=True)
                raise _stopped("import", done, source.total, exc, checkpoint) from None
    checkpoint.remove()
    elapsed = time.monotonic() - began
    sent = source.total - start
    notes = []
    if skipped:
        notes.append(f"{skipped:,} existing skipped")
    if ignored:
        notes.append(f"{ignored:,} refused by the server and ignored (--ignore-batch-4xx)")
    if start:
        notes.append(f"resumed at record {start + 1:,}")
    extra = f"; {', '.join(notes)}" if notes else ""
    out.result(
        f"Imported {sent:,} records into /buckets/{bucket}/collections/{collection} in "
        f"{requests:,} batch requests, {elapsed:.1f} s ({sent / max(elapsed, 1e-9):,.0f} "
        f"records/s){extra}"
    )
    return EXIT_OK


# --------------------------------------------------------------------------- export


def _collection_state(client: StorageClient, filters: dict[str, str]) -> tuple[int | None, str]:
    """``(Total-Records, ETag)`` of the records list (a ``HEAD``, with the filters)."""
    path = client.get_endpoint("records")
    response = client.generated.get_httpx_client().head(path, params=filters)
    if response.status_code >= 400:
        from kinbase.errors import storage_error_from_response

        # HEAD answers have no body: ask with GET for the server's message.
        get = client.generated.get_httpx_client().get(path, params={**filters, "_limit": 1})
        get.read()
        raise storage_error_from_response(get if get.status_code >= 400 else response)
    total = response.headers.get("Total-Records")
    return (int(total) if total and total.isdigit() else None), response.headers.get("ETag", "")


def _filters(pairs: list[str]) -> dict[str, str]:
    filters: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise CLIError(f"--filter must be FIELD=VALUE, not {pair!r}")
        if key.startswith("_"):
            raise CLIError(f"--filter {key}: export sorts and pages itself")
        filters[key] = value
    return filters


def _open_part(part: Path, *, resume: bool) -> int:
    """The export's ``.part`` file, private (0600) and never through a symbolic link: a
    link planted there would make the export overwrite its target, then be renamed over
    the output. A new export starts from a new file (whatever was there is removed: the
    name is kinbase's); a resumed one appends to the regular file it left."""
    nofollow = getattr(os, "O_NOFOLLOW", 0)
    try:
        if resume:
            fd = os.open(part, os.O_RDWR | os.O_APPEND | nofollow)
        else:
            part.unlink(missing_ok=True)
            fd = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_EXCL | nofollow, 0o600)
    except OSError as exc:
        why = "is a symbolic link" if exc.errno == errno.ELOOP else exc.strerror
        raise CLIError(f"cannot write {str(part)!r}: {why}", EXIT_USAGE) from None
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode) or (hasattr(os, "getuid") and info.st_uid != os.getuid()):
        os.close(fd)
        raise CLIError(f"cannot write {str(part)!r}: not a regular file of yours", EXIT_USAGE)
    return fd


class _Writer:
    """Records into a stream as JSON Lines, or as one JSON array (written as it goes)."""

    def __init__(self, stream: IO[str], fmt: str, count: int) -> None:
        self.stream = stream
        self.fmt = fmt
        self.count = count

    def start(self) -> None:
        if self.fmt == "json" and self.count == 0:
            self.stream.write("[")

    def write(self, record: Any) -> None:
        line = json.dumps(record, separators=(",", ":"), ensure_ascii=False)
        if self.fmt == "json":
            self.stream.write(("\n" if self.count == 0 else ",\n") + line)
        else:
            self.stream.write(line + "\n")
        self.count += 1

    def finish(self) -> None:
        if self.fmt == "json":
            self.stream.write("\n]\n" if self.count else "]\n")


def export_command(ctx: Context) -> int:
    from kinbase.errors import KinbaseError

    args, settings, out = ctx.args, ctx.settings, ctx.out
    bucket, collection = settings.require_bucket(), settings.require_collection()
    if args.page_size < 1:
        raise CLIError("--page-size must be at least 1")
    filters = _filters(args.filter)
    to_stdout = args.output == "-"
    output = None if to_stdout else Path(args.output).expanduser()
    fmt = args.format
    if fmt == "auto":
        fmt = "json" if output is not None and output.suffix.lower() == ".json" else "jsonl"
    part = output.with_name(output.name + ".part") if output is not None else None
    checkpoint = _checkpoint(ctx, output.with_name(output.name + SUFFIX) if output else None)
    if to_stdout and args.checkpoint is None:
        checkpoint = Checkpoint(None)
    expected = {
        "kind": "export",
        "server": _without_credentials(settings.server),
        "bucket": bucket,
        "collection": collection,
        "filters": filters,
        "format": fmt,
        "output": str(output) if output else "-",
    }
    resumed = _start_from(ctx, checkpoint, expected, "export")
    if resumed and (part is None or not part.exists()):
        raise CLIError(f"cannot resume: {part or 'stdout'} is gone; use --restart")

    began = time.monotonic()
    with open_storage(settings) as client:
        scoped = client.clone(bucket=bucket, collection=collection)
        total, etag = _collection_state(scoped, filters)
        params: dict[str, Any] = {**filters, "_sort": "-last_modified", "_limit": args.page_size}
        count = 0
        if resumed:
            if resumed.get("etag") != etag:
                raise CLIError(
                    "the collection changed since the export began, so resuming could miss "
                    "records: use --restart",
                    EXIT_USAGE,
                )
            count = int(resumed["count"])
            if resumed.get("cursor") is not None:
                params["_before"] = int(resumed["cursor"])
            assert part is not None
            with os.fdopen(_open_part(part, resume=True), "r+b") as handle:
                handle.truncate(int(resumed["bytes"]))
            out.info(f"kinbase: resuming the export after record {count:,}")
        stream: IO[str]
        with contextlib.ExitStack() as stack:
            if part is None:
                stream = out.stdout
            else:
                fd = _open_part(part, resume=bool(resumed))
                stream = stack.enter_context(
                    os.fdopen(fd, "a" if resumed else "w", encoding="utf-8")
                )
            writer = _Writer(stream, fmt, count)
            cursor = resumed.get("cursor") if resumed else None

            def save(*, force: bool) -> None:
                if part is None or not (force or checkpoint.due()):
                    return
                stream.flush()
                checkpoint.save(
                    {
                        **expected,
                        "etag": etag,
                        "total": total,
                        "count": writer.count,
                        "cursor": cursor,
                        "bytes": part.stat().st_size,
                    }
                )

            with out.progress("export", total) as bar:
                bar.set(count)
                try:
                    writer.start()
                    for record in scoped.iter_records(**params):
                        writer.write(record)
                        cursor = record.get("last_modified", cursor)
                        bar.advance()
                        save(force=False)
                    writer.finish()
                except (KinbaseError, KeyboardInterrupt) as exc:
                    save(force=True)
                    raise _stopped("export", writer.count, total, exc, checkpoint) from None
            if part is not None:
                stream.flush()
                os.fsync(stream.fileno())
        if part is not None and output is not None:
            os.replace(part, output)
            checkpoint.remove()
    elapsed = time.monotonic() - began
    where = "stdout" if output is None else str(output)
    out.info(
        f"Exported {writer.count:,} records from /buckets/{bucket}/collections/{collection} "
        f"to {where} ({fmt}) in {elapsed:.1f} s ({writer.count / max(elapsed, 1e-9):,.0f} "
        "records/s)"
    )
    return EXIT_OK
