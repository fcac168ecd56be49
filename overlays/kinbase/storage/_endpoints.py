"""kinto-http's ``get_endpoint`` names, as paths relative to the server URL (sans-I/O)."""

from __future__ import annotations

from collections.abc import Generator
from typing import Any, Final
from urllib.parse import quote

from kinbase.errors import InvalidInputError
from kinbase.storage._requests import require_id

__all__ = ["ENDPOINTS", "AsyncEndpointPath", "EndpointPath", "endpoint_path"]

ENDPOINTS: Final[dict[str, str]] = {
    "root": "/",
    "batch": "/batch",
    "permissions": "/permissions",
    "accounts": "/accounts",
    "account": "/accounts/{id}",
    "buckets": "/buckets",
    "bucket": "/buckets/{bucket}",
    "history": "/buckets/{bucket}/history",
    "groups": "/buckets/{bucket}/groups",
    "group": "/buckets/{bucket}/groups/{group}",
    "collections": "/buckets/{bucket}/collections",
    "collection": "/buckets/{bucket}/collections/{collection}",
    "records": "/buckets/{bucket}/collections/{collection}/records",
    "record": "/buckets/{bucket}/collections/{collection}/records/{id}",
    "attachment": "/buckets/{bucket}/collections/{collection}/records/{id}/attachment",
    "changeset": "/buckets/{bucket}/collections/{collection}/changeset",
}


#: the object an id keyword names, for error messages
_WHAT: Final = {"id": "record"}


def endpoint_path(name: str, **ids: str | None) -> str:
    """``ENDPOINTS[name]`` with the given ids, each checked against Kinto's id grammar
    (as every call checks them: ``".."`` would name the parent); a missing one is an
    error."""
    try:
        pattern = ENDPOINTS[name]
    except KeyError:
        raise InvalidInputError(
            f"unknown endpoint {name!r}; known: {', '.join(sorted(ENDPOINTS))}"
        ) from None
    values = {
        k: quote(require_id(v, "account" if name == "account" else _WHAT.get(k, k)), safe="")
        for k, v in ids.items()
        if v
    }
    try:
        return pattern.format(**values)
    except KeyError as exc:
        raise InvalidInputError(f"endpoint {name!r} needs {exc.args[0]}") from None


class AsyncEndpointPath(str):
    """The async client's ``get_endpoint`` answer: the path, a ``str``, that can also be
    awaited (giving the same path), as kinto-http's ``AsyncClient.get_endpoint`` is a
    coroutine: ``await client.get_endpoint("bucket")`` and ``client.get_endpoint("bucket")``
    both work."""

    __slots__ = ()

    def __await__(self) -> Generator[Any, None, str]:
        return _ready(str(self)).__await__()


async def _ready(value: str) -> str:
    return value


#: The sync client's ``get_endpoint`` answer: a plain ``str``.
EndpointPath = str
