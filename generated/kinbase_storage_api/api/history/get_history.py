from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.filters import Filters
from ...models.history_list import HistoryList
from ...types import UNSET, Response, Unset


def _get_kwargs(
    bucket_id: str,
    *,
    field_limit: int | Unset = UNSET,
    field_sort: str | Unset = UNSET,
    field_token: str | Unset = UNSET,
    field_fields: str | Unset = UNSET,
    field_since: int | Unset = UNSET,
    field_before: int | Unset = UNSET,
    field_to: int | Unset = UNSET,
    filters: Filters | Unset = UNSET,
    if_match: str | Unset = UNSET,
    if_none_match: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(if_match, Unset):
        headers["If-Match"] = if_match

    if not isinstance(if_none_match, Unset):
        headers["If-None-Match"] = if_none_match

    params: dict[str, Any] = {}

    params["_limit"] = field_limit

    params["_sort"] = field_sort

    params["_token"] = field_token

    params["_fields"] = field_fields

    params["_since"] = field_since

    params["_before"] = field_before

    params["_to"] = field_to

    json_filters: dict[str, Any] | Unset = UNSET
    if not isinstance(filters, Unset):
        json_filters = filters.to_dict()
    if not isinstance(json_filters, Unset):
        params.update(json_filters)

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/buckets/{bucket_id}/history".format(
            bucket_id=quote(str(bucket_id), safe=""),
        ),
        "params": params,
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Any | Error | HistoryList | None:
    if response.status_code == 200:
        response_200 = HistoryList.from_dict(response.json())

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
) -> Response[Any | Error | HistoryList]:
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
    field_limit: int | Unset = UNSET,
    field_sort: str | Unset = UNSET,
    field_token: str | Unset = UNSET,
    field_fields: str | Unset = UNSET,
    field_since: int | Unset = UNSET,
    field_before: int | Unset = UNSET,
    field_to: int | Unset = UNSET,
    filters: Filters | Unset = UNSET,
    if_match: str | Unset = UNSET,
    if_none_match: str | Unset = UNSET,
) -> Response[Any | Error | HistoryList]:
    """List a bucket's history

     History plugin. Entries of every change in the bucket, newest first, readable by those who can read
    the bucket. Paginated like other lists; filters on entry fields (`resource_name`, `collection_id`,
    `record_id`, `action`, `user_id`, `target.data.<field>`...); unknown fields answer 400. A bucket id
    that is not a valid id answers 404 (errno 111) once the caller passes the permission check (seen on
    PostgreSQL); otherwise 403.

    Args:
        bucket_id (str):
        field_limit (int | Unset):
        field_sort (str | Unset):
        field_token (str | Unset):
        field_fields (str | Unset):
        field_since (int | Unset):
        field_before (int | Unset):
        field_to (int | Unset):
        filters (Filters | Unset): List filters: parameter name (`[operator_]field`) -> value.
        if_match (str | Unset):
        if_none_match (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Error | HistoryList]
    """

    kwargs = _get_kwargs(
        bucket_id=bucket_id,
        field_limit=field_limit,
        field_sort=field_sort,
        field_token=field_token,
        field_fields=field_fields,
        field_since=field_since,
        field_before=field_before,
        field_to=field_to,
        filters=filters,
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
    field_limit: int | Unset = UNSET,
    field_sort: str | Unset = UNSET,
    field_token: str | Unset = UNSET,
    field_fields: str | Unset = UNSET,
    field_since: int | Unset = UNSET,
    field_before: int | Unset = UNSET,
    field_to: int | Unset = UNSET,
    filters: Filters | Unset = UNSET,
    if_match: str | Unset = UNSET,
    if_none_match: str | Unset = UNSET,
) -> Any | Error | HistoryList | None:
    """List a bucket's history

     History plugin. Entries of every change in the bucket, newest first, readable by those who can read
    the bucket. Paginated like other lists; filters on entry fields (`resource_name`, `collection_id`,
    `record_id`, `action`, `user_id`, `target.data.<field>`...); unknown fields answer 400. A bucket id
    that is not a valid id answers 404 (errno 111) once the caller passes the permission check (seen on
    PostgreSQL); otherwise 403.

    Args:
        bucket_id (str):
        field_limit (int | Unset):
        field_sort (str | Unset):
        field_token (str | Unset):
        field_fields (str | Unset):
        field_since (int | Unset):
        field_before (int | Unset):
        field_to (int | Unset):
        filters (Filters | Unset): List filters: parameter name (`[operator_]field`) -> value.
        if_match (str | Unset):
        if_none_match (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Error | HistoryList
    """

    return sync_detailed(
        bucket_id=bucket_id,
        client=client,
        field_limit=field_limit,
        field_sort=field_sort,
        field_token=field_token,
        field_fields=field_fields,
        field_since=field_since,
        field_before=field_before,
        field_to=field_to,
        filters=filters,
        if_match=if_match,
        if_none_match=if_none_match,
    ).parsed


async def asyncio_detailed(
    bucket_id: str,
    *,
    client: AuthenticatedClient,
    field_limit: int | Unset = UNSET,
    field_sort: str | Unset = UNSET,
    field_token: str | Unset = UNSET,
    field_fields: str | Unset = UNSET,
    field_since: int | Unset = UNSET,
    field_before: int | Unset = UNSET,
    field_to: int | Unset = UNSET,
    filters: Filters | Unset = UNSET,
    if_match: str | Unset = UNSET,
    if_none_match: str | Unset = UNSET,
) -> Response[Any | Error | HistoryList]:
    """List a bucket's history

     History plugin. Entries of every change in the bucket, newest first, readable by those who can read
    the bucket. Paginated like other lists; filters on entry fields (`resource_name`, `collection_id`,
    `record_id`, `action`, `user_id`, `target.data.<field>`...); unknown fields answer 400. A bucket id
    that is not a valid id answers 404 (errno 111) once the caller passes the permission check (seen on
    PostgreSQL); otherwise 403.

    Args:
        bucket_id (str):
        field_limit (int | Unset):
        field_sort (str | Unset):
        field_token (str | Unset):
        field_fields (str | Unset):
        field_since (int | Unset):
        field_before (int | Unset):
        field_to (int | Unset):
        filters (Filters | Unset): List filters: parameter name (`[operator_]field`) -> value.
        if_match (str | Unset):
        if_none_match (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Error | HistoryList]
    """

    kwargs = _get_kwargs(
        bucket_id=bucket_id,
        field_limit=field_limit,
        field_sort=field_sort,
        field_token=field_token,
        field_fields=field_fields,
        field_since=field_since,
        field_before=field_before,
        field_to=field_to,
        filters=filters,
        if_match=if_match,
        if_none_match=if_none_match,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    bucket_id: str,
    *,
    client: AuthenticatedClient,
    field_limit: int | Unset = UNSET,
    field_sort: str | Unset = UNSET,
    field_token: str | Unset = UNSET,
    field_fields: str | Unset = UNSET,
    field_since: int | Unset = UNSET,
    field_before: int | Unset = UNSET,
    field_to: int | Unset = UNSET,
    filters: Filters | Unset = UNSET,
    if_match: str | Unset = UNSET,
    if_none_match: str | Unset = UNSET,
) -> Any | Error | HistoryList | None:
    """List a bucket's history

     History plugin. Entries of every change in the bucket, newest first, readable by those who can read
    the bucket. Paginated like other lists; filters on entry fields (`resource_name`, `collection_id`,
    `record_id`, `action`, `user_id`, `target.data.<field>`...); unknown fields answer 400. A bucket id
    that is not a valid id answers 404 (errno 111) once the caller passes the permission check (seen on
    PostgreSQL); otherwise 403.

    Args:
        bucket_id (str):
        field_limit (int | Unset):
        field_sort (str | Unset):
        field_token (str | Unset):
        field_fields (str | Unset):
        field_since (int | Unset):
        field_before (int | Unset):
        field_to (int | Unset):
        filters (Filters | Unset): List filters: parameter name (`[operator_]field`) -> value.
        if_match (str | Unset):
        if_none_match (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Error | HistoryList
    """

    return (
        await asyncio_detailed(
            bucket_id=bucket_id,
            client=client,
            field_limit=field_limit,
            field_sort=field_sort,
            field_token=field_token,
            field_fields=field_fields,
            field_since=field_since,
            field_before=field_before,
            field_to=field_to,
            filters=filters,
            if_match=if_match,
            if_none_match=if_none_match,
        )
    ).parsed
