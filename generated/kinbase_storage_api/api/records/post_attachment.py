from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.attachment import Attachment
from ...models.attachment_upload import AttachmentUpload
from ...models.error import Error
from ...types import Response


def _get_kwargs(
    bucket_id: str,
    collection_id: str,
    record_id: str,
    *,
    body: AttachmentUpload,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/buckets/{bucket_id}/collections/{collection_id}/records/{record_id}/attachment".format(
            bucket_id=quote(str(bucket_id), safe=""),
            collection_id=quote(str(collection_id), safe=""),
            record_id=quote(str(record_id), safe=""),
        ),
    }

    _kwargs["files"] = body.to_multipart()

    headers["Content-Type"] = "multipart/form-data; boundary=+++"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Attachment | Error | None:
    if response.status_code == 201:
        response_201 = Attachment.from_dict(response.json())

        return response_201

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

    if response.status_code == 410:
        response_410 = Error.from_dict(response.json())

        return response_410

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Attachment | Error]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    bucket_id: str,
    collection_id: str,
    record_id: str,
    *,
    client: AuthenticatedClient,
    body: AttachmentUpload,
) -> Response[Attachment | Error]:
    """Attach a file to a record (kinto-attachment plugin)

     **kinto-attachment plugin** (8.0 here; 404 when it is not enabled). Stores the `attachment` file
    part (replacing, and unless `keep_old_files` deleting, the record's previous file), then merges the
    `data` form field (JSON) into the record and sets its `attachment` field; `permissions` (JSON) are
    merged too. Creates the record when it does not exist (needs `record:create` on the collection, else
    `write` on the record). Answers 201 with the attachment's metadata and a `Location` header (the
    record). A file extension outside the `attachment.extensions` setting, a size over `max_size_bytes`,
    a missing file part or a form field other than `data`/`permissions` answer 400. Not idempotent: each
    upload stores a new file (randomized names by default).

    Args:
        bucket_id (str):
        collection_id (str):
        record_id (str):
        body (AttachmentUpload): The multipart form of an attachment upload.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Attachment | Error]
    """

    kwargs = _get_kwargs(
        bucket_id=bucket_id,
        collection_id=collection_id,
        record_id=record_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    bucket_id: str,
    collection_id: str,
    record_id: str,
    *,
    client: AuthenticatedClient,
    body: AttachmentUpload,
) -> Attachment | Error | None:
    """Attach a file to a record (kinto-attachment plugin)

     **kinto-attachment plugin** (8.0 here; 404 when it is not enabled). Stores the `attachment` file
    part (replacing, and unless `keep_old_files` deleting, the record's previous file), then merges the
    `data` form field (JSON) into the record and sets its `attachment` field; `permissions` (JSON) are
    merged too. Creates the record when it does not exist (needs `record:create` on the collection, else
    `write` on the record). Answers 201 with the attachment's metadata and a `Location` header (the
    record). A file extension outside the `attachment.extensions` setting, a size over `max_size_bytes`,
    a missing file part or a form field other than `data`/`permissions` answer 400. Not idempotent: each
    upload stores a new file (randomized names by default).

    Args:
        bucket_id (str):
        collection_id (str):
        record_id (str):
        body (AttachmentUpload): The multipart form of an attachment upload.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Attachment | Error
    """

    return sync_detailed(
        bucket_id=bucket_id,
        collection_id=collection_id,
        record_id=record_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    bucket_id: str,
    collection_id: str,
    record_id: str,
    *,
    client: AuthenticatedClient,
    body: AttachmentUpload,
) -> Response[Attachment | Error]:
    """Attach a file to a record (kinto-attachment plugin)

     **kinto-attachment plugin** (8.0 here; 404 when it is not enabled). Stores the `attachment` file
    part (replacing, and unless `keep_old_files` deleting, the record's previous file), then merges the
    `data` form field (JSON) into the record and sets its `attachment` field; `permissions` (JSON) are
    merged too. Creates the record when it does not exist (needs `record:create` on the collection, else
    `write` on the record). Answers 201 with the attachment's metadata and a `Location` header (the
    record). A file extension outside the `attachment.extensions` setting, a size over `max_size_bytes`,
    a missing file part or a form field other than `data`/`permissions` answer 400. Not idempotent: each
    upload stores a new file (randomized names by default).

    Args:
        bucket_id (str):
        collection_id (str):
        record_id (str):
        body (AttachmentUpload): The multipart form of an attachment upload.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Attachment | Error]
    """

    kwargs = _get_kwargs(
        bucket_id=bucket_id,
        collection_id=collection_id,
        record_id=record_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    bucket_id: str,
    collection_id: str,
    record_id: str,
    *,
    client: AuthenticatedClient,
    body: AttachmentUpload,
) -> Attachment | Error | None:
    """Attach a file to a record (kinto-attachment plugin)

     **kinto-attachment plugin** (8.0 here; 404 when it is not enabled). Stores the `attachment` file
    part (replacing, and unless `keep_old_files` deleting, the record's previous file), then merges the
    `data` form field (JSON) into the record and sets its `attachment` field; `permissions` (JSON) are
    merged too. Creates the record when it does not exist (needs `record:create` on the collection, else
    `write` on the record). Answers 201 with the attachment's metadata and a `Location` header (the
    record). A file extension outside the `attachment.extensions` setting, a size over `max_size_bytes`,
    a missing file part or a form field other than `data`/`permissions` answer 400. Not idempotent: each
    upload stores a new file (randomized names by default).

    Args:
        bucket_id (str):
        collection_id (str):
        record_id (str):
        body (AttachmentUpload): The multipart form of an attachment upload.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Attachment | Error
    """

    return (
        await asyncio_detailed(
            bucket_id=bucket_id,
            collection_id=collection_id,
            record_id=record_id,
            client=client,
            body=body,
        )
    ).parsed
