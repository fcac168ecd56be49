from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.bucket_response import BucketResponse
from ...models.bucket_write import BucketWrite
from ...models.error import Error
from ...types import UNSET, Response, Unset


def _get_kwargs(
    bucket_id: str,
    *,
    body: BucketWrite | Unset = UNSET,
    if_match: str | Unset = UNSET,
    if_none_match: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(if_match, Unset):
        headers["If-Match"] = if_match

    if not isinstance(if_none_match, Unset):
        headers["If-None-Match"] = if_none_match

    _kwargs: dict[str, Any] = {
        "method": "put",
        "url": "/buckets/{bucket_id}".format(
            bucket_id=quote(str(bucket_id), safe=""),
        ),
    }

    if not isinstance(body, Unset):
        _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> BucketResponse | Error | None:
    if response.status_code == 200:
        response_200 = BucketResponse.from_dict(response.json())

        return response_200

    if response.status_code == 201:
        response_201 = BucketResponse.from_dict(response.json())

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
) -> Response[BucketResponse | Error]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    bucket_id: str,
    *,
    client: AuthenticatedClient,
    body: BucketWrite | Unset = UNSET,
    if_match: str | Unset = UNSET,
    if_none_match: str | Unset = UNSET,
) -> Response[BucketResponse | Error]:
    """Create or replace a bucket

     Creates (201) or replaces (200) the bucket: fields and permissions not given are dropped (the caller
    always keeps `write`). Without `data` an existing object keeps its fields. `If-None-Match: *`
    creates only (412 if it exists); `If-Match` replaces only that version (412 otherwise, also when the
    object is missing). A `data.id` different from the URL answers 400.

    Args:
        bucket_id (str):
        if_match (str | Unset):
        if_none_match (str | Unset):
        body (BucketWrite | Unset): Request body writing a bucket.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BucketResponse | Error]
    """

    kwargs = _get_kwargs(
        bucket_id=bucket_id,
        body=body,
        if_match=if_match,
        if_none_match=if_none_match,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    bucket_id: str,
    *,
    client: AuthenticatedClient,
    body: BucketWrite | Unset = UNSET,
    if_match: str | Unset = UNSET,
    if_none_match: str | Unset = UNSET,
) -> BucketResponse | Error | None:
    """Create or replace a bucket

     Creates (201) or replaces (200) the bucket: fields and permissions not given are dropped (the caller
    always keeps `write`). Without `data` an existing object keeps its fields. `If-None-Match: *`
    creates only (412 if it exists); `If-Match` replaces only that version (412 otherwise, also when the
    object is missing). A `data.id` different from the URL answers 400.

    Args:
        bucket_id (str):
        if_match (str | Unset):
        if_none_match (str | Unset):
        body (BucketWrite | Unset): Request body writing a bucket.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BucketResponse | Error
    """

    return sync_detailed(
        bucket_id=bucket_id,
        client=client,
        body=body,
        if_match=if_match,
        if_none_match=if_none_match,
    ).parsed


async def asyncio_detailed(
    bucket_id: str,
    *,
    client: AuthenticatedClient,
    body: BucketWrite | Unset = UNSET,
    if_match: str | Unset = UNSET,
    if_none_match: str | Unset = UNSET,
) -> Response[BucketResponse | Error]:
    """Create or replace a bucket

     Creates (201) or replaces (200) the bucket: fields and permissions not given are dropped (the caller
    always keeps `write`). Without `data` an existing object keeps its fields. `If-None-Match: *`
    creates only (412 if it exists); `If-Match` replaces only that version (412 otherwise, also when the
    object is missing). A `data.id` different from the URL answers 400.

    Args:
        bucket_id (str):
        if_match (str | Unset):
        if_none_match (str | Unset):
        body (BucketWrite | Unset): Request body writing a bucket.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BucketResponse | Error]
    """

    kwargs = _get_kwargs(
        bucket_id=bucket_id,
        body=body,
        if_match=if_match,
        if_none_match=if_none_match,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    bucket_id: str,
    *,
    client: AuthenticatedClient,
    body: BucketWrite | Unset = UNSET,
    if_match: str | Unset = UNSET,
    if_none_match: str | Unset = UNSET,
) -> BucketResponse | Error | None:
    """Create or replace a bucket

     Creates (201) or replaces (200) the bucket: fields and permissions not given are dropped (the caller
    always keeps `write`). Without `data` an existing object keeps its fields. `If-None-Match: *`
    creates only (412 if it exists); `If-Match` replaces only that version (412 otherwise, also when the
    object is missing). A `data.id` different from the URL answers 400.

    Args:
        bucket_id (str):
        if_match (str | Unset):
        if_none_match (str | Unset):
        body (BucketWrite | Unset): Request body writing a bucket.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BucketResponse | Error
    """

    return (
        await asyncio_detailed(
            bucket_id=bucket_id,
            client=client,
            body=body,
            if_match=if_match,
            if_none_match=if_none_match,
        )
    ).parsed
