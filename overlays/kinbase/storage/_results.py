"""What the storage client returns: plain dicts and lists, typed models on demand.

Results keep kinto-http's shape (``{"data": ..., "permissions": ...}`` for objects, a list
of objects for list getters) so code written for kinto-http indexes them unchanged. They
are ``dict``/``list`` subclasses that also know their generated model:
``client.get_record(id="r1").model()`` is a ``kinbase_storage_api.models.RecordResponse``,
``client.get_records().models()`` a list of ``Record`` (tombstones as ``Tombstone``).

Building models costs time, so nothing is converted until asked.
"""

from __future__ import annotations

from typing import Any, Protocol, TypeVar

import httpx
from kinbase_storage_api.types import Response as GeneratedResponse

from kinbase._http.generated import request_for
from kinbase._json import decode_json
from kinbase.errors import InvalidResponseError, storage_error_from_response

__all__ = [
    "PLACEHOLDER",
    "PLACEHOLDER_RESPONSE",
    "StorageList",
    "StorageResult",
    "json_body",
    "list_items",
    "object_data",
    "unwrap",
]

T = TypeVar("T")


class _Model(Protocol):
    @classmethod
    def from_dict(cls, src_dict: Any) -> Any: ...


_EMPTY_OK = frozenset({204, 304})
#: Marks the answer a batch gives to a queued call (an empty placeholder, no server).
PLACEHOLDER = "kinbase_batch_placeholder"
#: That answer: one read-only response shared by every queued call (nothing writes to it;
#: the functions below give each call its own empty result).
PLACEHOLDER_RESPONSE = httpx.Response(202, content=b"{}", extensions={PLACEHOLDER: True})
PLACEHOLDER_RESPONSE.read()
_MAX_MESSAGE = 200


def json_body(response: httpx.Response) -> dict[str, Any]:
    """The JSON object of a successful Kinto answer, or :class:`InvalidResponseError`.

    A body that is empty (except for 204/304/HEAD), not JSON, not a JSON object, or an
    error payload (``errno``, ``error``) sent with a success status is refused: a proxy or
    a broken server must not pass for Kinto (an error body read as data would make a list
    look empty or a record look like ``{"code": 500, ...}``).
    """
    if response.extensions.get(PLACEHOLDER):
        return {}
    content = response.content
    if not content:
        if response.status_code in _EMPTY_OK or response.request.method == "HEAD":
            return {}
        raise InvalidResponseError.from_response(response, "an empty body")
    try:
        body = decode_json(content)
    except (ValueError, UnicodeDecodeError):
        raise InvalidResponseError.from_response(response, "a body that is not JSON") from None
    if not isinstance(body, dict):
        raise InvalidResponseError.from_response(response, "JSON that is not an object")
    if "data" not in body and "errno" in body and "error" in body:
        message = str(body.get("message") or body.get("error"))[:_MAX_MESSAGE]
        raise InvalidResponseError.from_response(response, f"an error payload ({message!r})")
    return body


def object_data(response: httpx.Response, body: dict[str, Any] | None = None) -> dict[str, Any]:
    """``data`` of an object answer (a JSON object), or :class:`InvalidResponseError`."""
    if response.extensions.get(PLACEHOLDER):
        return {}
    data = (json_body(response) if body is None else body).get("data")
    if not isinstance(data, dict):
        raise InvalidResponseError.from_response(response, "no object in its data")
    return data


def list_items(response: httpx.Response) -> list[Any]:
    """``data`` of a list answer (``[]`` for 304 Not Modified), or
    :class:`InvalidResponseError`."""
    if response.status_code == 304 or response.extensions.get(PLACEHOLDER):
        return []
    data = json_body(response).get("data")
    if not isinstance(data, list):
        raise InvalidResponseError.from_response(response, "no list in its data")
    return data


class StorageResult(dict[str, Any]):
    """A response body as a plain ``dict``; :meth:`model` parses it into its generated model."""

    __slots__ = ("_model_class",)

    def __init__(self, body: Any = (), model_class: type[_Model] | None = None) -> None:
        super().__init__(body)
        self._model_class = model_class

    def model(self) -> Any:
        """This body as its generated attrs model (``RecordResponse``, ``ServerInfo``...)."""
        if self._model_class is None:
            raise TypeError("this result has no generated model")
        return self._model_class.from_dict(self)


class StorageList(list[Any]):
    """A list of objects (the ``data`` of every page read); :meth:`models` parses each item.

    A plain ``list`` to code written for kinto-http, which also says where the listing
    stopped, read from the last page's answer (no extra request):

    - ``has_more``: the server has more objects than were read (the last page read had a
      ``Next-Page``): ``get_records(_limit=N)`` reads one page, and the server's
      ``paginate_by`` may cap it below ``N``;
    - ``next_token``: that next page's ``_token`` (``None`` when none): pass it back with the
      same arguments, ``get_records(_limit=N, _token=page.next_token)``, for the next page;
    - ``total``: how many objects the listing has in all, when the server says
      (``Total-Objects``, or the older ``Total-Records``), else ``None``. Kinto 26 sends it
      only in answer to ``HEAD``, so with Kinto it is ``None``.

    Lists that read every page (no ``_limit``/``pages=``) end with ``has_more`` false.
    """

    __slots__ = ("_item_class", "has_more", "next_token", "total")

    has_more: bool
    next_token: str | None
    total: int | None

    def __init__(self, items: Any = (), item_class: type[_Model] | None = None) -> None:
        super().__init__(items)
        self._item_class = item_class
        self.has_more = False
        self.next_token = None
        self.total = None

    def models(self) -> list[Any]:
        """Each item as its generated model (tombstones ``{"deleted": true}`` as ``Tombstone``)."""
        item_class = self._item_class
        if item_class is None:
            raise TypeError("this list has no generated model")
        from kinbase_storage_api.models.tombstone import Tombstone  # loaded on first use

        return [
            Tombstone.from_dict(item)
            if isinstance(item, dict) and item.get("deleted") is True
            else item_class.from_dict(item)
            for item in self
        ]


def unwrap(response: GeneratedResponse[T]) -> Any:
    """The parsed model of a generated ``*_detailed`` call, or the kinbase error it stands for.

    Generated functions *return* error statuses as ``Error`` models; this raises the
    matching :class:`~kinbase.errors.StorageError` (``NotFoundError``,
    ``PreconditionFailedError``...) instead, so error models never leak into your code::

        from kinbase_storage_api.api.records import get_record
        record = unwrap(get_record.sync_detailed("b", "c", "r1", client=client.generated))
    """
    status = int(response.status_code)
    if status >= 400:
        raw = httpx.Response(
            status,
            headers=dict(response.headers),
            content=response.content,
            request=request_for(response.headers),
        )
        raise storage_error_from_response(raw)
    return response.parsed
