from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.collection_patch_response import CollectionPatchResponse
from ...models.collection_write import CollectionWrite
from ...models.error import Error
from ...models.merge_patch import MergePatch
from ...models.response_behavior import ResponseBehavior
from ...types import UNSET, File, Response, Unset


def _get_kwargs(
    bucket_id: str,
    collection_id: str,
    *,
    body: CollectionWrite | MergePatch | File | Unset = UNSET,
    if_match: str | Unset = UNSET,
    if_none_match: str | Unset = UNSET,
    response_behavior: ResponseBehavior | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(if_match, Unset):
        headers["If-Match"] = if_match

    if not isinstance(if_none_match, Unset):
        headers["If-None-Match"] = if_none_match

    if not isinstance(response_behavior, Unset):
        headers["Response-Behavior"] = str(response_behavior)

    _kwargs: dict[str, Any] = {
        "method": "patch",
        "url": "/buckets/{bucket_id}/collections/{collection_id}".format(
            bucket_id=quote(str(bucket_id), safe=""),
            collection_id=quote(str(collection_id), safe=""),
        ),
    }

    if isinstance(body, CollectionWrite):
        _kwargs["json"] = body.to_dict()

        headers["Content-Type"] = "application/json"
    if isinstance(body, MergePatch):
        _kwargs["json"] = body.to_dict()

        headers["Content-Type"] = "application/merge-patch+json"
    if isinstance(body, File):
        _kwargs["content"] = body.payload
        headers["Content-Type"] = "application/json-patch+json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> CollectionPatchResponse | Error | None:
    if response.status_code == 200:
        response_200 = CollectionPatchResponse.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = Error.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Error.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Error.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = Error.from_dict(response.json())

        return response_404

    if response.status_code == 405:
        response_405 = Error.from_dict(response.json())

        return response_405

    if response.status_code == 406:
        response_406 = Error.from_dict(response.json())

        return response_406

    if response.status_code == 409:
        response_409 = Error.from_dict(response.json())

        return response_409

    if response.status_code == 410:
        response_410 = Error.from_dict(response.json())

        return response_410

    if response.status_code == 412:
        response_412 = Error.from_dict(response.json())

        return response_412

    if response.status_code == 415:
        response_415 = Error.from_dict(response.json())

        return response_415

    if response.status_code == 500:
        response_500 = Error.from_dict(response.json())

        return response_500

    if response.status_code == 503:
        response_503 = Error.from_dict(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[CollectionPatchResponse | Error]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    bucket_id: str,
    collection_id: str,
    *,
    client: AuthenticatedClient,
    body: CollectionWrite | MergePatch | File | Unset = UNSET,
    if_match: str | Unset = UNSET,
    if_none_match: str | Unset = UNSET,
    response_behavior: ResponseBehavior | Unset = UNSET,
) -> Response[CollectionPatchResponse | Error]:
    """Modify a collection

     Modifies an existing collection. 404 (errno 110) when the collection does not exist but the caller
    may read its parent, 403 when it cannot. An empty body answers 400 (`Provide at least one of data or
    permissions`).

    **Three request media types, one operation.** The generated function takes
    `body: CollectionWrite | MergePatch | File` and picks the `Content-Type` from the body's type:

    * `CollectionWrite` is sent as `application/json`: the given `data` fields are merged
      shallowly into the stored object (other fields are kept), and each permission listed in
      `permissions` replaces that permission's principals (permissions not listed are kept,
      `null` values are ignored, the caller always keeps `write`).
    * `MergePatch` is sent as `application/merge-patch+json` (RFC 7396): `data` is merged
      recursively and a `null` value deletes the key; in `permissions` a `null` deletes that
      permission.
    * `File` is sent as is, as `application/json-patch+json` (RFC 6902). Its payload must be
      the UTF-8 JSON encoding of a `JsonPatchDocument` (an array of `JsonPatchOperation`) on
      `/data/...` and `/permissions/...`. For `read` and `write`, the principal is the last
      path segment and `value` may be omitted (`{"op": "add", "path":
      "/permissions/read/account:bob"}`); other permissions (for example `record:create`)
      are maps from principal to principal (`{"op": "add", "path":
      "/permissions/record:create", "value": {"account:bob": "account:bob"}}`). A failing
      `test` operation answers 400.

    Why bytes for JSON Patch: the generator dispatches bodies with `isinstance()`, which
    cannot test `list[...]`; a typed array body next to an object body raises `TypeError` on
    every call. The generator configuration maps `application/json-patch+json` to
    `application/octet-stream` (`content_type_overrides`) so this media type becomes a raw
    payload, while the `Content-Type` sent stays `application/json-patch+json`. The
    `contentSchema` below documents what the bytes must contain.

    `Response-Behavior: light|diff` returns only the changed fields (without `id` and
    `last_modified`), hence the `anyOf` in the answer; Kinto 26.5.0 answers 500 to them when
    the history plugin is enabled. JSON Patch cannot be sent inside `POST /batch`: sub-request
    bodies must be JSON objects.

    Args:
        bucket_id (str):
        collection_id (str):
        if_match (str | Unset):
        if_none_match (str | Unset):
        response_behavior (ResponseBehavior | Unset):
        body (CollectionWrite): Request body writing a collection.
        body (MergePatch): `application/merge-patch+json` body (RFC 7396) for any resource: `data`
            is merged recursively, `null` deletes a key; in `permissions`, a list replaces that
            permission's principals and `null` removes it.
        body (File): UTF-8 JSON text of a `JsonPatchDocument`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CollectionPatchResponse | Error]
    """

    kwargs = _get_kwargs(
        bucket_id=bucket_id,
        collection_id=collection_id,
        body=body,
        if_match=if_match,
        if_none_match=if_none_match,
        response_behavior=response_behavior,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    bucket_id: str,
    collection_id: str,
    *,
    client: AuthenticatedClient,
    body: CollectionWrite | MergePatch | File | Unset = UNSET,
    if_match: str | Unset = UNSET,
    if_none_match: str | Unset = UNSET,
    response_behavior: ResponseBehavior | Unset = UNSET,
) -> CollectionPatchResponse | Error | None:
    """Modify a collection

     Modifies an existing collection. 404 (errno 110) when the collection does not exist but the caller
    may read its parent, 403 when it cannot. An empty body answers 400 (`Provide at least one of data or
    permissions`).

    **Three request media types, one operation.** The generated function takes
    `body: CollectionWrite | MergePatch | File` and picks the `Content-Type` from the body's type:

    * `CollectionWrite` is sent as `application/json`: the given `data` fields are merged
      shallowly into the stored object (other fields are kept), and each permission listed in
      `permissions` replaces that permission's principals (permissions not listed are kept,
      `null` values are ignored, the caller always keeps `write`).
    * `MergePatch` is sent as `application/merge-patch+json` (RFC 7396): `data` is merged
      recursively and a `null` value deletes the key; in `permissions` a `null` deletes that
      permission.
    * `File` is sent as is, as `application/json-patch+json` (RFC 6902). Its payload must be
      the UTF-8 JSON encoding of a `JsonPatchDocument` (an array of `JsonPatchOperation`) on
      `/data/...` and `/permissions/...`. For `read` and `write`, the principal is the last
      path segment and `value` may be omitted (`{"op": "add", "path":
      "/permissions/read/account:bob"}`); other permissions (for example `record:create`)
      are maps from principal to principal (`{"op": "add", "path":
      "/permissions/record:create", "value": {"account:bob": "account:bob"}}`). A failing
      `test` operation answers 400.

    Why bytes for JSON Patch: the generator dispatches bodies with `isinstance()`, which
    cannot test `list[...]`; a typed array body next to an object body raises `TypeError` on
    every call. The generator configuration maps `application/json-patch+json` to
    `application/octet-stream` (`content_type_overrides`) so this media type becomes a raw
    payload, while the `Content-Type` sent stays `application/json-patch+json`. The
    `contentSchema` below documents what the bytes must contain.

    `Response-Behavior: light|diff` returns only the changed fields (without `id` and
    `last_modified`), hence the `anyOf` in the answer; Kinto 26.5.0 answers 500 to them when
    the history plugin is enabled. JSON Patch cannot be sent inside `POST /batch`: sub-request
    bodies must be JSON objects.

    Args:
        bucket_id (str):
        collection_id (str):
        if_match (str | Unset):
        if_none_match (str | Unset):
        response_behavior (ResponseBehavior | Unset):
        body (CollectionWrite): Request body writing a collection.
        body (MergePatch): `application/merge-patch+json` body (RFC 7396) for any resource: `data`
            is merged recursively, `null` deletes a key; in `permissions`, a list replaces that
            permission's principals and `null` removes it.
        body (File): UTF-8 JSON text of a `JsonPatchDocument`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CollectionPatchResponse | Error
    """

    return sync_detailed(
        bucket_id=bucket_id,
        collection_id=collection_id,
        client=client,
        body=body,
        if_match=if_match,
        if_none_match=if_none_match,
        response_behavior=response_behavior,
    ).parsed


async def asyncio_detailed(
    bucket_id: str,
    collection_id: str,
    *,
    client: AuthenticatedClient,
    body: CollectionWrite | MergePatch | File | Unset = UNSET,
    if_match: str | Unset = UNSET,
    if_none_match: str | Unset = UNSET,
    response_behavior: ResponseBehavior | Unset = UNSET,
) -> Response[CollectionPatchResponse | Error]:
    """Modify a collection

     Modifies an existing collection. 404 (errno 110) when the collection does not exist but the caller
    may read its parent, 403 when it cannot. An empty body answers 400 (`Provide at least one of data or
    permissions`).

    **Three request media types, one operation.** The generated function takes
    `body: CollectionWrite | MergePatch | File` and picks the `Content-Type` from the body's type:

    * `CollectionWrite` is sent as `application/json`: the given `data` fields are merged
      shallowly into the stored object (other fields are kept), and each permission listed in
      `permissions` replaces that permission's principals (permissions not listed are kept,
      `null` values are ignored, the caller always keeps `write`).
    * `MergePatch` is sent as `application/merge-patch+json` (RFC 7396): `data` is merged
      recursively and a `null` value deletes the key; in `permissions` a `null` deletes that
      permission.
    * `File` is sent as is, as `application/json-patch+json` (RFC 6902). Its payload must be
      the UTF-8 JSON encoding of a `JsonPatchDocument` (an array of `JsonPatchOperation`) on
      `/data/...` and `/permissions/...`. For `read` and `write`, the principal is the last
      path segment and `value` may be omitted (`{"op": "add", "path":
      "/permissions/read/account:bob"}`); other permissions (for example `record:create`)
      are maps from principal to principal (`{"op": "add", "path":
      "/permissions/record:create", "value": {"account:bob": "account:bob"}}`). A failing
      `test` operation answers 400.

    Why bytes for JSON Patch: the generator dispatches bodies with `isinstance()`, which
    cannot test `list[...]`; a typed array body next to an object body raises `TypeError` on
    every call. The generator configuration maps `application/json-patch+json` to
    `application/octet-stream` (`content_type_overrides`) so this media type becomes a raw
    payload, while the `Content-Type` sent stays `application/json-patch+json`. The
    `contentSchema` below documents what the bytes must contain.

    `Response-Behavior: light|diff` returns only the changed fields (without `id` and
    `last_modified`), hence the `anyOf` in the answer; Kinto 26.5.0 answers 500 to them when
    the history plugin is enabled. JSON Patch cannot be sent inside `POST /batch`: sub-request
    bodies must be JSON objects.

    Args:
        bucket_id (str):
        collection_id (str):
        if_match (str | Unset):
        if_none_match (str | Unset):
        response_behavior (ResponseBehavior | Unset):
        body (CollectionWrite): Request body writing a collection.
        body (MergePatch): `application/merge-patch+json` body (RFC 7396) for any resource: `data`
            is merged recursively, `null` deletes a key; in `permissions`, a list replaces that
            permission's principals and `null` removes it.
        body (File): UTF-8 JSON text of a `JsonPatchDocument`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CollectionPatchResponse | Error]
    """

    kwargs = _get_kwargs(
        bucket_id=bucket_id,
        collection_id=collection_id,
        body=body,
        if_match=if_match,
        if_none_match=if_none_match,
        response_behavior=response_behavior,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    bucket_id: str,
    collection_id: str,
    *,
    client: AuthenticatedClient,
    body: CollectionWrite | MergePatch | File | Unset = UNSET,
    if_match: str | Unset = UNSET,
    if_none_match: str | Unset = UNSET,
    response_behavior: ResponseBehavior | Unset = UNSET,
) -> CollectionPatchResponse | Error | None:
    """Modify a collection

     Modifies an existing collection. 404 (errno 110) when the collection does not exist but the caller
    may read its parent, 403 when it cannot. An empty body answers 400 (`Provide at least one of data or
    permissions`).

    **Three request media types, one operation.** The generated function takes
    `body: CollectionWrite | MergePatch | File` and picks the `Content-Type` from the body's type:

    * `CollectionWrite` is sent as `application/json`: the given `data` fields are merged
      shallowly into the stored object (other fields are kept), and each permission listed in
      `permissions` replaces that permission's principals (permissions not listed are kept,
      `null` values are ignored, the caller always keeps `write`).
    * `MergePatch` is sent as `application/merge-patch+json` (RFC 7396): `data` is merged
      recursively and a `null` value deletes the key; in `permissions` a `null` deletes that
      permission.
    * `File` is sent as is, as `application/json-patch+json` (RFC 6902). Its payload must be
      the UTF-8 JSON encoding of a `JsonPatchDocument` (an array of `JsonPatchOperation`) on
      `/data/...` and `/permissions/...`. For `read` and `write`, the principal is the last
      path segment and `value` may be omitted (`{"op": "add", "path":
      "/permissions/read/account:bob"}`); other permissions (for example `record:create`)
      are maps from principal to principal (`{"op": "add", "path":
      "/permissions/record:create", "value": {"account:bob": "account:bob"}}`). A failing
      `test` operation answers 400.

    Why bytes for JSON Patch: the generator dispatches bodies with `isinstance()`, which
    cannot test `list[...]`; a typed array body next to an object body raises `TypeError` on
    every call. The generator configuration maps `application/json-patch+json` to
    `application/octet-stream` (`content_type_overrides`) so this media type becomes a raw
    payload, while the `Content-Type` sent stays `application/json-patch+json`. The
    `contentSchema` below documents what the bytes must contain.

    `Response-Behavior: light|diff` returns only the changed fields (without `id` and
    `last_modified`), hence the `anyOf` in the answer; Kinto 26.5.0 answers 500 to them when
    the history plugin is enabled. JSON Patch cannot be sent inside `POST /batch`: sub-request
    bodies must be JSON objects.

    Args:
        bucket_id (str):
        collection_id (str):
        if_match (str | Unset):
        if_none_match (str | Unset):
        response_behavior (ResponseBehavior | Unset):
        body (CollectionWrite): Request body writing a collection.
        body (MergePatch): `application/merge-patch+json` body (RFC 7396) for any resource: `data`
            is merged recursively, `null` deletes a key; in `permissions`, a list replaces that
            permission's principals and `null` removes it.
        body (File): UTF-8 JSON text of a `JsonPatchDocument`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CollectionPatchResponse | Error
    """

    return (
        await asyncio_detailed(
            bucket_id=bucket_id,
            collection_id=collection_id,
            client=client,
            body=body,
            if_match=if_match,
            if_none_match=if_none_match,
            response_behavior=response_behavior,
        )
    ).parsed
