from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.collection_response import CollectionResponse
from ...models.error import Error
from ...types import UNSET, Response, Unset


def _get_kwargs(
    bucket_id: str,
    collection_id: str,
    *,
    field_fields: str | Unset = UNSET,
    if_match: str | Unset = UNSET,
    if_none_match: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(if_match, Unset):
        headers["If-Match"] = if_match

    if not isinstance(if_none_match, Unset):
        headers["If-None-Match"] = if_none_match

    params: dict[str, Any] = {}

    params["_fields"] = field_fields

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/buckets/{bucket_id}/collections/{collection_id}".format(
            bucket_id=quote(str(bucket_id), safe=""),
            collection_id=quote(str(collection_id), safe=""),
        ),
        "params": params,
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Any | CollectionResponse | Error | None:
    if response.status_code == 200:
        response_200 = CollectionResponse.from_dict(response.json())

        return response_200

    if response.status_code == 304:
        response_304 = cast(Any, None)
        return response_304

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

    if response.status_code == 406:
        response_406 = Error.from_dict(response.json())

        return response_406

    if response.status_code == 410:
        response_410 = Error.from_dict(response.json())

        return response_410

    if response.status_code == 412:
        response_412 = Error.from_dict(response.json())

        return response_412

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
) -> Response[Any | CollectionResponse | Error]:
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
    field_fields: str | Unset = UNSET,
    if_match: str | Unset = UNSET,
    if_none_match: str | Unset = UNSET,
) -> Response[Any | CollectionResponse | Error]:
    """Get a collection

     404 (errno 110) when the collection does not exist but the caller may read its parent, 403 when it
    cannot. An invalid id answers 400 (or 403 when the caller cannot read the parent). `_fields` keeps
    only the given fields (and `id`, `last_modified`), without `permissions`. `If-None-Match` with the
    current ETag answers 304, `If-Match` with another ETag (or `If-None-Match: *`) answers 412.

    Args:
        bucket_id (str):
        collection_id (str):
        field_fields (str | Unset):
        if_match (str | Unset):
        if_none_match (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | CollectionResponse | Error]
    """

    kwargs = _get_kwargs(
        bucket_id=bucket_id,
        collection_id=collection_id,
        field_fields=field_fields,
        if_match=if_match,
        if_none_match=if_none_match,
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
    field_fields: str | Unset = UNSET,
    if_match: str | Unset = UNSET,
    if_none_match: str | Unset = UNSET,
) -> Any | CollectionResponse | Error | None:
    """Get a collection

     404 (errno 110) when the collection does not exist but the caller may read its parent, 403 when it
    cannot. An invalid id answers 400 (or 403 when the caller cannot read the parent). `_fields` keeps
    only the given fields (and `id`, `last_modified`), without `permissions`. `If-None-Match` with the
    current ETag answers 304, `If-Match` with another ETag (or `If-None-Match: *`) answers 412.

    Args:
        bucket_id (str):
        collection_id (str):
        field_fields (str | Unset):
        if_match (str | Unset):
        if_none_match (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | CollectionResponse | Error
    """

    return sync_detailed(
        bucket_id=bucket_id,
        collection_id=collection_id,
        client=client,
        field_fields=field_fields,
        if_match=if_match,
        if_none_match=if_none_match,
    ).parsed


async def asyncio_detailed(
    bucket_id: str,
    collection_id: str,
    *,
    client: AuthenticatedClient,
    field_fields: str | Unset = UNSET,
    if_match: str | Unset = UNSET,
    if_none_match: str | Unset = UNSET,
) -> Response[Any | CollectionResponse | Error]:
    """Get a collection

     404 (errno 110) when the collection does not exist but the caller may read its parent, 403 when it
    cannot. An invalid id answers 400 (or 403 when the caller cannot read the parent). `_fields` keeps
    only the given fields (and `id`, `last_modified`), without `permissions`. `If-None-Match` with the
    current ETag answers 304, `If-Match` with another ETag (or `If-None-Match: *`) answers 412.

    Args:
        bucket_id (str):
        collection_id (str):
        field_fields (str | Unset):
        if_match (str | Unset):
        if_none_match (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | CollectionResponse | Error]
    """

    kwargs = _get_kwargs(
        bucket_id=bucket_id,
        collection_id=collection_id,
        field_fields=field_fields,
        if_match=if_match,
        if_none_match=if_none_match,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    bucket_id: str,
    collection_id: str,
    *,
    client: AuthenticatedClient,
    field_fields: str | Unset = UNSET,
    if_match: str | Unset = UNSET,
    if_none_match: str | Unset = UNSET,
) -> Any | CollectionResponse | Error | None:
    """Get a collection

     404 (errno 110) when the collection does not exist but the caller may read its parent, 403 when it
    cannot. An invalid id answers 400 (or 403 when the caller cannot read the parent). `_fields` keeps
    only the given fields (and `id`, `last_modified`), without `permissions`. `If-None-Match` with the
    current ETag answers 304, `If-Match` with another ETag (or `If-None-Match: *`) answers 412.

    Args:
        bucket_id (str):
        collection_id (str):
        field_fields (str | Unset):
        if_match (str | Unset):
        if_none_match (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | CollectionResponse | Error
    """

    return (
        await asyncio_detailed(
            bucket_id=bucket_id,
            collection_id=collection_id,
            client=client,
            field_fields=field_fields,
            if_match=if_match,
            if_none_match=if_none_match,
        )
    ).parsed
