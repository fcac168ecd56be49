"""``server-info``, ``buckets|collections|records list|get|create|update|delete`` and
``history``: one storage client call each, JSON in and JSON out.

Objects print as Kinto returns them (``{"data": ..., "permissions": ...}``); lists print
as a JSON array of the objects' data, or one object per line with ``--jsonl``. JSON input
(``--data``, ``--permissions``) is a JSON text, ``@file`` or ``-`` (stdin).
"""

from __future__ import annotations

import argparse
import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kinbase.cli.config import Settings, open_storage
from kinbase.cli.inputs import read_json_value
from kinbase.cli.output import EXIT_OK, CLIError

if TYPE_CHECKING:
    from kinbase.cli.main import Context
    from kinbase.storage import StorageClient

__all__ = ["RESOURCES", "register"]

AddParser = Callable[..., argparse.ArgumentParser]
GlobalOptions = Callable[..., None]


@dataclass(frozen=True)
class Kind:
    """One kind of object: its plural (the command), singular (client method names), and
    whether it lives in a bucket / collection."""

    plural: str
    singular: str
    in_bucket: bool
    in_collection: bool

    def scope(self, settings: Settings) -> dict[str, str]:
        """``bucket=``/``collection=`` arguments of the client methods."""
        scope: dict[str, str] = {}
        if self.in_bucket:
            scope["bucket"] = settings.require_bucket()
        if self.in_collection:
            scope["collection"] = settings.require_collection()
        return scope

    def object_id(self, given: str | None, settings: Settings) -> str | None:
        """The id argument; a bucket or collection defaults to ``-b`` / ``-c``."""
        if given:
            return given
        if self.singular == "bucket":
            return settings.require_bucket()
        if self.singular == "collection":
            return settings.require_collection()
        return None


RESOURCES: dict[str, Kind] = {
    "buckets": Kind("buckets", "bucket", in_bucket=False, in_collection=False),
    "collections": Kind("collections", "collection", in_bucket=True, in_collection=False),
    "records": Kind("records", "record", in_bucket=True, in_collection=True),
}


def register(add: AddParser, global_options: GlobalOptions) -> None:
    info = add("server-info", "the server's version, settings, capabilities and your user")
    info.set_defaults(handler=server_info_command)

    for kind in RESOURCES.values():
        _register_kind(add, global_options, kind)

    history = add("history", "the history of a bucket (the history plugin), newest first")
    history.add_argument(
        "--resource-name",
        choices=("bucket", "collection", "group", "record"),
        help="only changes of this kind of object",
    )
    history.add_argument("--record-id", help="only changes of this record")
    history.add_argument(
        "--action", choices=("create", "update", "delete"), help="only this action"
    )
    history.add_argument(
        "--since", type=int, metavar="TIMESTAMP", help="only entries newer than this timestamp (ms)"
    )
    _list_options(history)
    history.set_defaults(handler=history_command)


def _register_kind(add: AddParser, global_options: GlobalOptions, kind: Kind) -> None:
    where = {"buckets": "", "collections": " of --bucket", "records": " of --bucket/--collection"}[
        kind.plural
    ]
    parser = add(kind.plural, f"list, get, create, update or delete {kind.plural}{where}")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", parser_class=type(parser))
    actions.required = True
    id_help = {
        "bucket": "bucket id [default: --bucket]",
        "collection": "collection id [default: --collection]",
        "record": "record id",
    }[kind.singular]

    def action(name: str, text: str) -> argparse.ArgumentParser:
        sub = actions.add_parser(name, help=text, description=text)
        global_options(sub, top=False)
        sub.set_defaults(kind=kind)
        return sub

    lister = action("list", f"list the {kind.plural}{where} (every page)")
    lister.add_argument(
        "--filter",
        action="append",
        default=[],
        metavar="FIELD=VALUE",
        help="Kinto filter, repeatable: status=open, min_price=10, "
        "in_id=a,b, has_title=true, like_title=*kinto*",
    )
    lister.add_argument("--sort", metavar="FIELDS", help="sort order, e.g. -last_modified,title")
    lister.add_argument("--fields", metavar="FIELDS", help="only these fields, e.g. id,title")
    _list_options(lister)
    lister.set_defaults(handler=list_command)

    getter = action("get", f"print one {kind.singular}")
    getter.add_argument("id", nargs=None if kind.singular == "record" else "?", help=id_help)
    getter.set_defaults(handler=get_command)

    creator = action("create", f"create a {kind.singular}")
    creator.add_argument(
        "id",
        nargs="?",
        help=id_help
        if kind.singular != "record"
        else "record id [default: the data's id, else a new UUID]",
    )
    _data_options(creator, required=False)
    creator.add_argument(
        "--if-not-exists",
        action="store_true",
        help="an existing one is not an error (printed as it is)",
    )
    creator.set_defaults(handler=create_command)

    updater = action("update", f"replace (or --patch) a {kind.singular}")
    updater.add_argument("id", nargs=None if kind.singular == "record" else "?", help=id_help)
    _data_options(updater, required=True)
    updater.add_argument(
        "--patch",
        action="store_true",
        help="merge the given fields into the object instead of replacing it",
    )
    updater.add_argument(
        "--if-match",
        metavar="TIMESTAMP",
        type=int,
        help="only if it was not modified since this last_modified (else exit code 5)",
    )
    updater.set_defaults(handler=update_command)

    deleter = action("delete", f"delete a {kind.singular}")
    deleter.add_argument("id", nargs=None if kind.singular == "record" else "?", help=id_help)
    deleter.add_argument("--if-exists", action="store_true", help="a missing one is not an error")
    deleter.add_argument(
        "--if-match",
        metavar="TIMESTAMP",
        type=int,
        help="only if it was not modified since this last_modified",
    )
    deleter.set_defaults(handler=delete_command)


def _list_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--limit", type=int, metavar="N", help="at most N items")
    parser.add_argument(
        "--jsonl",
        action="store_true",
        help="one JSON object per line (streamed) instead of a JSON array",
    )


def _data_options(parser: argparse.ArgumentParser, *, required: bool) -> None:
    parser.add_argument(
        "-d",
        "--data",
        required=required,
        metavar="JSON",
        help="the object's data: JSON, @file or - (stdin)",
    )
    parser.add_argument(
        "-p",
        "--permissions",
        metavar="JSON",
        help='permissions: {"read": ["system.Everyone"]}; JSON, @file or -',
    )


# --------------------------------------------------------------------------- helpers


def _json_option(ctx: Context, name: str, *, must_be_object: bool = True) -> Any:
    value = getattr(ctx.args, name, None)
    if value is None:
        return None
    parsed = read_json_value(value, f"--{name}", ctx.stdin)
    if must_be_object and not isinstance(parsed, dict):
        raise CLIError(f"--{name} must be a JSON object, not {type(parsed).__name__}")
    return parsed


def _filters(pairs: list[str]) -> dict[str, str]:
    params: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise CLIError(f"--filter must be FIELD=VALUE, not {pair!r}")
        params[key] = value
    return params


def _emit_list(ctx: Context, items: Iterator[Any]) -> int:
    limit = ctx.args.limit
    if limit is not None:
        if limit < 1:
            raise CLIError("--limit must be at least 1")
        items = itertools.islice(items, limit)
    if ctx.args.jsonl:
        ctx.out.json_lines(items)
    else:
        ctx.out.json(list(items))
    return EXIT_OK


def _method(client: StorageClient, verb: str, kind: Kind, plural: bool = False) -> Any:
    return getattr(client, f"{verb}_{kind.plural if plural else kind.singular}")


# --------------------------------------------------------------------------- commands


def server_info_command(ctx: Context) -> int:
    with open_storage(ctx.settings) as client:
        ctx.out.json(dict(client.server_info()))
    return EXIT_OK


def list_command(ctx: Context) -> int:
    kind: Kind = ctx.args.kind
    params: dict[str, Any] = _filters(ctx.args.filter)
    if ctx.args.sort:
        params["_sort"] = ctx.args.sort
    if ctx.args.fields:
        params["_fields"] = ctx.args.fields
    with open_storage(ctx.settings) as client:
        items = _method(client, "iter", kind, plural=True)(**kind.scope(ctx.settings), **params)
        return _emit_list(ctx, items)


def get_command(ctx: Context) -> int:
    kind: Kind = ctx.args.kind
    object_id = kind.object_id(ctx.args.id, ctx.settings)
    with open_storage(ctx.settings) as client:
        result = _method(client, "get", kind)(id=object_id, **_object_scope(kind, ctx.settings))
        ctx.out.json(dict(result))
    return EXIT_OK


def _object_scope(kind: Kind, settings: Settings) -> dict[str, str]:
    if kind.singular == "collection":
        return {"bucket": settings.require_bucket()}
    return kind.scope(settings)


def create_command(ctx: Context) -> int:
    kind: Kind = ctx.args.kind
    data = _json_option(ctx, "data")
    permissions = _json_option(ctx, "permissions")
    object_id = ctx.args.id or (data or {}).get("id")
    if kind.singular != "record":
        object_id = kind.object_id(object_id, ctx.settings)
    with open_storage(ctx.settings) as client:
        result = _method(client, "create", kind)(
            id=object_id,
            data=data,
            permissions=permissions,
            if_not_exists=ctx.args.if_not_exists,
            **_object_scope(kind, ctx.settings),
        )
        ctx.out.json(dict(result))
    return EXIT_OK


def update_command(ctx: Context) -> int:
    kind: Kind = ctx.args.kind
    data = _json_option(ctx, "data")
    permissions = _json_option(ctx, "permissions")
    object_id = kind.object_id(ctx.args.id, ctx.settings)
    # As in kinto-http, a last_modified in the data makes the write conditional too.
    verb = "patch" if ctx.args.patch else "update"
    with open_storage(ctx.settings) as client:
        result = _method(client, verb, kind)(
            id=object_id,
            data=data,
            permissions=permissions,
            if_match=ctx.args.if_match,
            **_object_scope(kind, ctx.settings),
        )
        ctx.out.json(dict(result))
    return EXIT_OK


def delete_command(ctx: Context) -> int:
    kind: Kind = ctx.args.kind
    object_id = kind.object_id(ctx.args.id, ctx.settings)
    with open_storage(ctx.settings) as client:
        result = _method(client, "delete", kind)(
            id=object_id,
            if_exists=ctx.args.if_exists,
            if_match=ctx.args.if_match,
            **_object_scope(kind, ctx.settings),
        )
        ctx.out.json(dict(result) if result is not None else None)
    return EXIT_OK


def history_command(ctx: Context) -> int:
    args = ctx.args
    params: dict[str, Any] = {}
    for key, value in (
        ("resource_name", args.resource_name),
        ("record_id", args.record_id),
        ("action", args.action),
        ("collection_id", ctx.settings.collection),
    ):
        if value:
            params[key] = value
    if args.since is not None:
        params["_since"] = args.since
    with open_storage(ctx.settings) as client:
        entries = client.iter_history(bucket=ctx.settings.require_bucket(), **params)
        return _emit_list(ctx, entries)
