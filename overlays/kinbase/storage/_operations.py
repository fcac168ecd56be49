"""Every generated Kinto operation and model the storage overlay uses, named statically.

This module is where the overlay meets ``kinbase_storage_api``: each operation it calls is
called here with its parameters spelled out, and each model it uses is named here. A change
of ``openapi/storage.yaml`` that renames or removes an operation, a parameter or a model
and is regenerated (``make generate``) makes ``make typecheck`` fail on the line of this
module that uses it (tests/test_regeneration_safety.py does exactly that).

The names are imported for the type checker; at run time each generated module is imported
on first use (``_Lazy``), so that ``import kinbase.storage`` does not import ~100 generated
modules it may never need.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from types import ModuleType
from typing import TYPE_CHECKING, Any, Final

import attrs
from kinbase_storage_api.types import UNSET, Unset

__all__ = ["RESOURCES", "ListQuery", "ResourceOperations"]

#: Path parameters, in the order the generated functions take them.
Path = tuple[str, ...]
#: What a generated ``_get_kwargs`` returns: ``httpx.Client.request`` arguments.
Kwargs = dict[str, Any]


class _Lazy:
    """A generated module, imported when one of its attributes is first read.

    An attribute read once is kept on the instance, so later reads are plain attribute
    reads (``__getattr__`` runs only for names not found: one failed lookup each).
    """

    def __init__(self, name: str) -> None:
        self._name = name
        self._module: ModuleType | None = None

    def __getattr__(self, attribute: str) -> Any:
        module = self._module
        if module is None:
            module = self._module = importlib.import_module(self._name)
        value = getattr(module, attribute)
        if not attribute.startswith("__"):
            setattr(self, attribute, value)
        return value

    def __repr__(self) -> str:
        return f"<lazy module {self._name}>"


if TYPE_CHECKING:
    from kinbase_storage_api.api.accounts import (
        delete_account,
        delete_accounts,
        get_account,
        head_accounts,
        list_accounts,
        patch_account,
        put_account,
    )
    from kinbase_storage_api.api.batch import (
        batch,
    )
    from kinbase_storage_api.api.buckets import (
        delete_bucket,
        delete_buckets,
        get_bucket,
        head_buckets,
        list_buckets,
        patch_bucket,
        put_bucket,
    )
    from kinbase_storage_api.api.collections import (
        delete_collection,
        delete_collections,
        get_collection,
        head_collections,
        list_collections,
        patch_collection,
        put_collection,
    )
    from kinbase_storage_api.api.groups import (
        delete_group,
        delete_groups,
        get_group,
        head_groups,
        list_groups,
        patch_group,
        put_group,
    )
    from kinbase_storage_api.api.history import (
        delete_history,
        get_history,
    )
    from kinbase_storage_api.api.permissions import (
        list_permissions,
    )
    from kinbase_storage_api.api.records import (
        delete_attachment,
        delete_record,
        delete_records,
        get_record,
        head_records,
        list_records,
        patch_record,
        post_attachment,
        put_record,
    )
    from kinbase_storage_api.api.server import (
        heartbeat,
        server_info,
    )
    from kinbase_storage_api.models import (
        account as account_model,
    )
    from kinbase_storage_api.models import (
        account_response as account_response_model,
    )
    from kinbase_storage_api.models import (
        account_write as account_write_model,
    )
    from kinbase_storage_api.models import (
        attachment as attachment_model_module,
    )
    from kinbase_storage_api.models import (
        attachment_upload as attachment_upload_model_module,
    )
    from kinbase_storage_api.models import (
        batch_request as batch_request_model_module,
    )
    from kinbase_storage_api.models import (
        bucket as bucket_model,
    )
    from kinbase_storage_api.models import (
        bucket_response as bucket_response_model,
    )
    from kinbase_storage_api.models import (
        bucket_write as bucket_write_model,
    )
    from kinbase_storage_api.models import (
        collection as collection_model,
    )
    from kinbase_storage_api.models import (
        collection_response as collection_response_model,
    )
    from kinbase_storage_api.models import (
        collection_write as collection_write_model,
    )
    from kinbase_storage_api.models import (
        filters as filters_model_module,
    )
    from kinbase_storage_api.models import (
        group as group_model,
    )
    from kinbase_storage_api.models import (
        group_response as group_response_model,
    )
    from kinbase_storage_api.models import (
        group_write as group_write_model,
    )
    from kinbase_storage_api.models import (
        heartbeat as heartbeat_model_module,
    )
    from kinbase_storage_api.models import (
        history_entry as history_entry_model_module,
    )
    from kinbase_storage_api.models import (
        merge_patch as merge_patch_model_module,
    )
    from kinbase_storage_api.models import (
        permission_entry as permission_entry_model_module,
    )
    from kinbase_storage_api.models import (
        record as record_model,
    )
    from kinbase_storage_api.models import (
        record_response as record_response_model,
    )
    from kinbase_storage_api.models import (
        record_write as record_write_model,
    )
    from kinbase_storage_api.models import (
        server_info as server_info_model_module,
    )
    from kinbase_storage_api.models import (
        tombstone as tombstone_model_module,
    )
else:
    get_bucket = _Lazy("kinbase_storage_api.api.buckets.get_bucket")
    put_bucket = _Lazy("kinbase_storage_api.api.buckets.put_bucket")
    patch_bucket = _Lazy("kinbase_storage_api.api.buckets.patch_bucket")
    delete_bucket = _Lazy("kinbase_storage_api.api.buckets.delete_bucket")
    list_buckets = _Lazy("kinbase_storage_api.api.buckets.list_buckets")
    delete_buckets = _Lazy("kinbase_storage_api.api.buckets.delete_buckets")
    head_buckets = _Lazy("kinbase_storage_api.api.buckets.head_buckets")
    get_group = _Lazy("kinbase_storage_api.api.groups.get_group")
    put_group = _Lazy("kinbase_storage_api.api.groups.put_group")
    patch_group = _Lazy("kinbase_storage_api.api.groups.patch_group")
    delete_group = _Lazy("kinbase_storage_api.api.groups.delete_group")
    list_groups = _Lazy("kinbase_storage_api.api.groups.list_groups")
    delete_groups = _Lazy("kinbase_storage_api.api.groups.delete_groups")
    head_groups = _Lazy("kinbase_storage_api.api.groups.head_groups")
    get_collection = _Lazy("kinbase_storage_api.api.collections.get_collection")
    put_collection = _Lazy("kinbase_storage_api.api.collections.put_collection")
    patch_collection = _Lazy("kinbase_storage_api.api.collections.patch_collection")
    delete_collection = _Lazy("kinbase_storage_api.api.collections.delete_collection")
    list_collections = _Lazy("kinbase_storage_api.api.collections.list_collections")
    delete_collections = _Lazy("kinbase_storage_api.api.collections.delete_collections")
    head_collections = _Lazy("kinbase_storage_api.api.collections.head_collections")
    get_record = _Lazy("kinbase_storage_api.api.records.get_record")
    put_record = _Lazy("kinbase_storage_api.api.records.put_record")
    patch_record = _Lazy("kinbase_storage_api.api.records.patch_record")
    delete_record = _Lazy("kinbase_storage_api.api.records.delete_record")
    list_records = _Lazy("kinbase_storage_api.api.records.list_records")
    delete_records = _Lazy("kinbase_storage_api.api.records.delete_records")
    head_records = _Lazy("kinbase_storage_api.api.records.head_records")
    post_attachment = _Lazy("kinbase_storage_api.api.records.post_attachment")
    delete_attachment = _Lazy("kinbase_storage_api.api.records.delete_attachment")
    get_account = _Lazy("kinbase_storage_api.api.accounts.get_account")
    put_account = _Lazy("kinbase_storage_api.api.accounts.put_account")
    patch_account = _Lazy("kinbase_storage_api.api.accounts.patch_account")
    delete_account = _Lazy("kinbase_storage_api.api.accounts.delete_account")
    list_accounts = _Lazy("kinbase_storage_api.api.accounts.list_accounts")
    delete_accounts = _Lazy("kinbase_storage_api.api.accounts.delete_accounts")
    head_accounts = _Lazy("kinbase_storage_api.api.accounts.head_accounts")
    get_history = _Lazy("kinbase_storage_api.api.history.get_history")
    delete_history = _Lazy("kinbase_storage_api.api.history.delete_history")
    list_permissions = _Lazy("kinbase_storage_api.api.permissions.list_permissions")
    heartbeat = _Lazy("kinbase_storage_api.api.server.heartbeat")
    server_info = _Lazy("kinbase_storage_api.api.server.server_info")
    batch = _Lazy("kinbase_storage_api.api.batch.batch")
    bucket_model = _Lazy("kinbase_storage_api.models.bucket")
    bucket_write_model = _Lazy("kinbase_storage_api.models.bucket_write")
    bucket_response_model = _Lazy("kinbase_storage_api.models.bucket_response")
    group_model = _Lazy("kinbase_storage_api.models.group")
    group_write_model = _Lazy("kinbase_storage_api.models.group_write")
    group_response_model = _Lazy("kinbase_storage_api.models.group_response")
    collection_model = _Lazy("kinbase_storage_api.models.collection")
    collection_write_model = _Lazy("kinbase_storage_api.models.collection_write")
    collection_response_model = _Lazy("kinbase_storage_api.models.collection_response")
    record_model = _Lazy("kinbase_storage_api.models.record")
    record_write_model = _Lazy("kinbase_storage_api.models.record_write")
    record_response_model = _Lazy("kinbase_storage_api.models.record_response")
    account_model = _Lazy("kinbase_storage_api.models.account")
    account_write_model = _Lazy("kinbase_storage_api.models.account_write")
    account_response_model = _Lazy("kinbase_storage_api.models.account_response")
    merge_patch_model_module = _Lazy("kinbase_storage_api.models.merge_patch")
    filters_model_module = _Lazy("kinbase_storage_api.models.filters")
    tombstone_model_module = _Lazy("kinbase_storage_api.models.tombstone")
    permission_entry_model_module = _Lazy("kinbase_storage_api.models.permission_entry")
    history_entry_model_module = _Lazy("kinbase_storage_api.models.history_entry")
    server_info_model_module = _Lazy("kinbase_storage_api.models.server_info")
    heartbeat_model_module = _Lazy("kinbase_storage_api.models.heartbeat")
    batch_request_model_module = _Lazy("kinbase_storage_api.models.batch_request")
    attachment_model_module = _Lazy("kinbase_storage_api.models.attachment")
    attachment_upload_model_module = _Lazy("kinbase_storage_api.models.attachment_upload")


@attrs.frozen
class ListQuery:
    """The query of a list operation, under the generated functions' parameter names."""

    field_limit: int | Unset = UNSET
    field_sort: str | Unset = UNSET
    field_token: str | Unset = UNSET
    field_fields: str | Unset = UNSET
    field_since: int | Unset = UNSET
    field_before: int | Unset = UNSET
    field_to: int | Unset = UNSET
    filters: Any = UNSET
    if_match: str | Unset = UNSET
    if_none_match: str | Unset = UNSET


@attrs.frozen
class ResourceOperations:
    """The generated operations and models of one Kinto resource type (bucket, group,
    collection, record, account): ``get_one``/``put_one``/``patch_one``/``delete_one`` act
    on one object, ``list_page``/``delete_all``/``head_all`` on its list; each returns the
    request arguments the generated ``_get_kwargs`` builds."""

    name: str
    get_one: Callable[[Path, str | Unset], Kwargs]
    put_one: Callable[[Path, Any, str | Unset, str | Unset], Kwargs]
    patch_one: Callable[[Path, Any, str | Unset], Kwargs]
    delete_one: Callable[[Path, str | Unset], Kwargs]
    list_page: Callable[[Path, ListQuery], Kwargs]
    delete_all: Callable[[Path, ListQuery], Kwargs]
    head_all: Callable[[Path], Kwargs]
    _item_model: Callable[[], type[Any]] = attrs.field(alias="item_model")
    _write_model: Callable[[], type[Any]] = attrs.field(alias="write_model")
    _response_model: Callable[[], type[Any]] = attrs.field(alias="response_model")

    @property
    def item_model(self) -> type[Any]:
        """The generated model of one object in a list."""
        return self._item_model()

    @property
    def write_model(self) -> type[Any]:
        """The generated model of a PUT/PATCH body."""
        return self._write_model()

    @property
    def response_model(self) -> type[Any]:
        """The generated model of an object answer."""
        return self._response_model()


def _list_buckets(p: Path, q: ListQuery) -> Kwargs:
    return list_buckets._get_kwargs(
        *p,
        field_limit=q.field_limit,
        field_sort=q.field_sort,
        field_token=q.field_token,
        field_fields=q.field_fields,
        field_since=q.field_since,
        field_before=q.field_before,
        field_to=q.field_to,
        filters=q.filters,
        if_match=q.if_match,
        if_none_match=q.if_none_match,
    )


def _delete_buckets(p: Path, q: ListQuery) -> Kwargs:
    return delete_buckets._get_kwargs(
        *p,
        field_limit=q.field_limit,
        field_sort=q.field_sort,
        field_token=q.field_token,
        field_since=q.field_since,
        field_before=q.field_before,
        field_to=q.field_to,
        filters=q.filters,
        if_match=q.if_match,
        if_none_match=q.if_none_match,
    )


def _list_groups(p: Path, q: ListQuery) -> Kwargs:
    return list_groups._get_kwargs(
        *p,
        field_limit=q.field_limit,
        field_sort=q.field_sort,
        field_token=q.field_token,
        field_fields=q.field_fields,
        field_since=q.field_since,
        field_before=q.field_before,
        field_to=q.field_to,
        filters=q.filters,
        if_match=q.if_match,
        if_none_match=q.if_none_match,
    )


def _delete_groups(p: Path, q: ListQuery) -> Kwargs:
    return delete_groups._get_kwargs(
        *p,
        field_limit=q.field_limit,
        field_sort=q.field_sort,
        field_token=q.field_token,
        field_since=q.field_since,
        field_before=q.field_before,
        field_to=q.field_to,
        filters=q.filters,
        if_match=q.if_match,
        if_none_match=q.if_none_match,
    )


def _list_collections(p: Path, q: ListQuery) -> Kwargs:
    return list_collections._get_kwargs(
        *p,
        field_limit=q.field_limit,
        field_sort=q.field_sort,
        field_token=q.field_token,
        field_fields=q.field_fields,
        field_since=q.field_since,
        field_before=q.field_before,
        field_to=q.field_to,
        filters=q.filters,
        if_match=q.if_match,
        if_none_match=q.if_none_match,
    )


def _delete_collections(p: Path, q: ListQuery) -> Kwargs:
    return delete_collections._get_kwargs(
        *p,
        field_limit=q.field_limit,
        field_sort=q.field_sort,
        field_token=q.field_token,
        field_since=q.field_since,
        field_before=q.field_before,
        field_to=q.field_to,
        filters=q.filters,
        if_match=q.if_match,
        if_none_match=q.if_none_match,
    )


def _list_records(p: Path, q: ListQuery) -> Kwargs:
    return list_records._get_kwargs(
        *p,
        field_limit=q.field_limit,
        field_sort=q.field_sort,
        field_token=q.field_token,
        field_fields=q.field_fields,
        field_since=q.field_since,
        field_before=q.field_before,
        field_to=q.field_to,
        filters=q.filters,
        if_match=q.if_match,
        if_none_match=q.if_none_match,
    )


def _delete_records(p: Path, q: ListQuery) -> Kwargs:
    return delete_records._get_kwargs(
        *p,
        field_limit=q.field_limit,
        field_sort=q.field_sort,
        field_token=q.field_token,
        field_since=q.field_since,
        field_before=q.field_before,
        field_to=q.field_to,
        filters=q.filters,
        if_match=q.if_match,
        if_none_match=q.if_none_match,
    )


def _list_accounts(p: Path, q: ListQuery) -> Kwargs:
    return list_accounts._get_kwargs(
        *p,
        field_limit=q.field_limit,
        field_sort=q.field_sort,
        field_token=q.field_token,
        field_fields=q.field_fields,
        field_since=q.field_since,
        field_before=q.field_before,
        field_to=q.field_to,
        filters=q.filters,
        if_match=q.if_match,
        if_none_match=q.if_none_match,
    )


def _delete_accounts(p: Path, q: ListQuery) -> Kwargs:
    return delete_accounts._get_kwargs(
        *p,
        field_limit=q.field_limit,
        field_sort=q.field_sort,
        field_token=q.field_token,
        field_since=q.field_since,
        field_before=q.field_before,
        field_to=q.field_to,
        filters=q.filters,
        if_match=q.if_match,
        if_none_match=q.if_none_match,
    )


def list_history(p: Path, q: ListQuery) -> Kwargs:
    return get_history._get_kwargs(
        *p,
        field_limit=q.field_limit,
        field_sort=q.field_sort,
        field_token=q.field_token,
        field_fields=q.field_fields,
        field_since=q.field_since,
        field_before=q.field_before,
        field_to=q.field_to,
        filters=q.filters,
        if_match=q.if_match,
        if_none_match=q.if_none_match,
    )


def delete_history_entries(p: Path, q: ListQuery) -> Kwargs:
    return delete_history._get_kwargs(
        *p,
        field_limit=q.field_limit,
        field_sort=q.field_sort,
        field_token=q.field_token,
        field_since=q.field_since,
        field_before=q.field_before,
        field_to=q.field_to,
        filters=q.filters,
        if_match=q.if_match,
        if_none_match=q.if_none_match,
    )


def list_permission_entries(p: Path, q: ListQuery) -> Kwargs:
    return list_permissions._get_kwargs(
        *p,
        field_limit=q.field_limit,
        field_sort=q.field_sort,
        field_token=q.field_token,
        field_fields=q.field_fields,
        filters=q.filters,
        if_match=q.if_match,
        if_none_match=q.if_none_match,
    )


RESOURCES: Final[dict[str, ResourceOperations]] = {
    "bucket": ResourceOperations(
        "bucket",
        get_one=lambda p, fields: get_bucket._get_kwargs(*p, field_fields=fields),
        put_one=lambda p, body, if_match, if_none_match: put_bucket._get_kwargs(
            *p, body=body, if_match=if_match, if_none_match=if_none_match
        ),
        patch_one=lambda p, body, if_match: patch_bucket._get_kwargs(
            *p, body=body, if_match=if_match
        ),
        delete_one=lambda p, if_match: delete_bucket._get_kwargs(*p, if_match=if_match),
        list_page=_list_buckets,
        delete_all=_delete_buckets,
        head_all=lambda p: head_buckets._get_kwargs(*p),
        item_model=lambda: bucket_model.Bucket,
        write_model=lambda: bucket_write_model.BucketWrite,
        response_model=lambda: bucket_response_model.BucketResponse,
    ),
    "group": ResourceOperations(
        "group",
        get_one=lambda p, fields: get_group._get_kwargs(*p, field_fields=fields),
        put_one=lambda p, body, if_match, if_none_match: put_group._get_kwargs(
            *p, body=body, if_match=if_match, if_none_match=if_none_match
        ),
        patch_one=lambda p, body, if_match: patch_group._get_kwargs(
            *p, body=body, if_match=if_match
        ),
        delete_one=lambda p, if_match: delete_group._get_kwargs(*p, if_match=if_match),
        list_page=_list_groups,
        delete_all=_delete_groups,
        head_all=lambda p: head_groups._get_kwargs(*p),
        item_model=lambda: group_model.Group,
        write_model=lambda: group_write_model.GroupWrite,
        response_model=lambda: group_response_model.GroupResponse,
    ),
    "collection": ResourceOperations(
        "collection",
        get_one=lambda p, fields: get_collection._get_kwargs(*p, field_fields=fields),
        put_one=lambda p, body, if_match, if_none_match: put_collection._get_kwargs(
            *p, body=body, if_match=if_match, if_none_match=if_none_match
        ),
        patch_one=lambda p, body, if_match: patch_collection._get_kwargs(
            *p, body=body, if_match=if_match
        ),
        delete_one=lambda p, if_match: delete_collection._get_kwargs(*p, if_match=if_match),
        list_page=_list_collections,
        delete_all=_delete_collections,
        head_all=lambda p: head_collections._get_kwargs(*p),
        item_model=lambda: collection_model.Collection,
        write_model=lambda: collection_write_model.CollectionWrite,
        response_model=lambda: collection_response_model.CollectionResponse,
    ),
    "record": ResourceOperations(
        "record",
        get_one=lambda p, fields: get_record._get_kwargs(*p, field_fields=fields),
        put_one=lambda p, body, if_match, if_none_match: put_record._get_kwargs(
            *p, body=body, if_match=if_match, if_none_match=if_none_match
        ),
        patch_one=lambda p, body, if_match: patch_record._get_kwargs(
            *p, body=body, if_match=if_match
        ),
        delete_one=lambda p, if_match: delete_record._get_kwargs(*p, if_match=if_match),
        list_page=_list_records,
        delete_all=_delete_records,
        head_all=lambda p: head_records._get_kwargs(*p),
        item_model=lambda: record_model.Record,
        write_model=lambda: record_write_model.RecordWrite,
        response_model=lambda: record_response_model.RecordResponse,
    ),
    "account": ResourceOperations(
        "account",
        get_one=lambda p, fields: get_account._get_kwargs(*p, field_fields=fields),
        put_one=lambda p, body, if_match, if_none_match: put_account._get_kwargs(
            *p, body=body, if_match=if_match, if_none_match=if_none_match
        ),
        patch_one=lambda p, body, if_match: patch_account._get_kwargs(
            *p, body=body, if_match=if_match
        ),
        delete_one=lambda p, if_match: delete_account._get_kwargs(*p, if_match=if_match),
        list_page=_list_accounts,
        delete_all=_delete_accounts,
        head_all=lambda p: head_accounts._get_kwargs(*p),
        item_model=lambda: account_model.Account,
        write_model=lambda: account_write_model.AccountWrite,
        response_model=lambda: account_response_model.AccountResponse,
    ),
}


def server_info_request() -> Kwargs:
    """``GET /``."""
    return server_info._get_kwargs()


def heartbeat_request() -> Kwargs:
    """``GET /__heartbeat__``."""
    return heartbeat._get_kwargs()


def batch_request(body: Any) -> Kwargs:
    """``POST /batch`` with ``body`` (a ``BatchRequest``)."""
    return batch._get_kwargs(body=body)


def post_attachment_request(path: Path, body: Any) -> Kwargs:
    """``POST .../records/{id}/attachment`` (kinto-attachment) with ``body`` (an
    ``AttachmentUpload``: its ``to_multipart()`` gives httpx's ``files``)."""
    return post_attachment._get_kwargs(*path, body=body)


def delete_attachment_request(path: Path) -> Kwargs:
    """``DELETE .../records/{id}/attachment`` (kinto-attachment)."""
    return delete_attachment._get_kwargs(*path)


def attachment_upload_model() -> type[Any]:
    """The generated model of an attachment upload's multipart form."""
    return attachment_upload_model_module.AttachmentUpload


def attachment_model() -> type[Any]:
    """The generated model of a record's ``attachment`` field."""
    return attachment_model_module.Attachment


def merge_patch_model() -> type[Any]:
    """The generated JSON Merge Patch body model."""
    return merge_patch_model_module.MergePatch


def filters_model() -> type[Any]:
    """The generated model of a list's filters."""
    return filters_model_module.Filters


def tombstone_model() -> type[Any]:
    """The generated model of a deleted object."""
    return tombstone_model_module.Tombstone


def permission_entry_model() -> type[Any]:
    """The generated model of a permission entry."""
    return permission_entry_model_module.PermissionEntry


def history_entry_model() -> type[Any]:
    """The generated model of a history entry."""
    return history_entry_model_module.HistoryEntry


def server_info_model() -> type[Any]:
    """The generated model of the server's root document."""
    return server_info_model_module.ServerInfo


def heartbeat_model() -> type[Any]:
    """The generated model of the heartbeat answer."""
    return heartbeat_model_module.Heartbeat


def batch_request_model() -> type[Any]:
    """The generated model of a ``POST /batch`` body."""
    return batch_request_model_module.BatchRequest
