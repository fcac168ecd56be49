"""``AsyncStorageClient``: the Kinto client (async source).

Method names and arguments follow kinto-http.py 11.11's ``Client``. The class only puts its
parts together, one module each: ``_base`` (construction, lifecycle, sending, server
endpoints, ``batch``), then ``bucket``, ``group``, ``collection``, ``record``, ``account``,
``history`` (permissions and history) and ``attachment`` (kinto-attachment).
"""

from __future__ import annotations

from kinbase.storage._async._base import AsyncStorageBase
from kinbase.storage._async.account import AsyncAccountMixin
from kinbase.storage._async.attachment import AsyncAttachmentMixin
from kinbase.storage._async.bucket import AsyncBucketMixin
from kinbase.storage._async.collection import AsyncCollectionMixin
from kinbase.storage._async.group import AsyncGroupMixin
from kinbase.storage._async.history import AsyncHistoryMixin
from kinbase.storage._async.record import AsyncRecordMixin

__all__ = ["AsyncStorageClient"]


# The bases are listed last part first: the API reference shows inherited methods in reverse
# MRO order, so this order reads base, buckets, groups, collections, records, accounts, history,
# attachments.
class AsyncStorageClient(
    AsyncAttachmentMixin,
    AsyncHistoryMixin,
    AsyncAccountMixin,
    AsyncRecordMixin,
    AsyncCollectionMixin,
    AsyncGroupMixin,
    AsyncBucketMixin,
    AsyncStorageBase,
):
    """A Kinto client: ``await`` its methods; ``async with`` it to close it.

    ``auth``: ``(user, password)``, ``"user:password"``, ``"Bearer <token>"``, an
    ``httpx.Auth`` or an auth client's session (anything with ``as_httpx_auth()``).
    ``bucket``/``collection``: defaults for methods called without them. ``timeout``:
    seconds, ``(connect, read)`` or an ``httpx.Timeout``. ``retry``: a
    :class:`~kinbase._http.retry.RetryPolicy` or a number of retries (the transport retries;
    see the storage guide). ``ignore_batch_4xx``: default of ``batch(ignore_4xx=)``.
    """
