from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.filters import Filters
from ...models.tombstone_list import TombstoneList
from ...types import UNSET, Response, Unset


def _get_kwargs(
    bucket_id: str,
    *,
    field_limit: int | Unset = UNSET,
    field_sort: str | Unset = UNSET,
    field_token: str | Unset = UNSET,
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
        "method": "delete",
        "url": "/buckets/{bucket_id}/history".format(
            bucket_id=quote(str(bucket_id), safe=""),
        ),
        "params": params,
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | TombstoneList | None:
    if response.status_code == 200:
        response_200 = TombstoneList.from_dict(response.json())

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
) -> Response[Error | TombstoneList]:
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
    field_since: int | Unset = UNSET,
    field_before: int | Unset = UNSET,
    field_to: int | Unset = UNSET,
    filters: Filters | Unset = UNSET,
    if_match: str | Unset = UNSET,
    if_none_match: str | Unset = UNSET,
) -> Response[Error | TombstoneList]:
    """Purge a bucket's history

     Deletes the entries (bucket writers only) and returns their tombstones. Paginated like other list
    deletions (single-use `_token`). An invalid bucket id answers 404 (errno 111) like `GET`.

    Args:
        bucket_id (str):
        field_limit (int | Unset):
        field_sort (str | Unset):
        field_token (str | Unset):
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
        Response[Error | TombstoneList]
    """

    kwargs = _get_kwargs(
        bucket_id=bucket_id,
        field_limit=field_limit,
        field_sort=field_sort,
        field_token=field_token,
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
    field_since: int | Unset = UNSET,
    field_before: int | Unset = UNSET,
    field_to: int | Unset = UNSET,
    filters: Filters | Unset = UNSET,
    if_match: str | Unset = UNSET,
    if_none_match: str | Unset = UNSET,
) -> Error | TombstoneList | None:
    """Purge a bucket's history

     Deletes the entries (bucket writers only) and returns their tombstones. Paginated like other list
    deletions (single-use `_token`). An invalid bucket id answers 404 (errno 111) like `GET`.

    Args:
        bucket_id (str):
        field_limit (int | Unset):
        field_sort (str | Unset):
        field_token (str | Unset):
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
        Error | TombstoneList
    """

    return sync_detailed(
        bucket_id=bucket_id,
        client=client,
        field_limit=field_limit,
        field_sort=field_sort,
        field_token=field_token,
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
    field_since: int | Unset = UNSET,
    field_before: int | Unset = UNSET,
    field_to: int | Unset = UNSET,
    filters: Filters | Unset = UNSET,
    if_match: str | Unset = UNSET,
    if_none_match: str | Unset = UNSET,
) -> Response[Error | TombstoneList]:
    """Purge a bucket's history

     Deletes the entries (bucket writers only) and returns their tombstones. Paginated like other list
    deletions (single-use `_token`). An invalid bucket id answers 404 (errno 111) like `GET`.

    Args:
        bucket_id (str):
        field_limit (int | Unset):
        field_sort (str | Unset):
        field_token (str | Unset):
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
        Response[Error | TombstoneList]
    """

    kwargs = _get_kwargs(
        bucket_id=bucket_id,
        field_limit=field_limit,
        field_sort=field_sort,
        field_token=field_token,
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
    field_since: int | Unset = UNSET,
    field_before: int | Unset = UNSET,
    field_to: int | Unset = UNSET,
    filters: Filters | Unset = UNSET,
    if_match: str | Unset = UNSET,
    if_none_match: str | Unset = UNSET,
) -> Error | TombstoneList | None:
    """Purge a bucket's history

     Deletes the entries (bucket writers only) and returns their tombstones. Paginated like other list
    deletions (single-use `_token`). An invalid bucket id answers 404 (errno 111) like `GET`.

    Args:
        bucket_id (str):
        field_limit (int | Unset):
        field_sort (str | Unset):
        field_token (str | Unset):
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
        Error | TombstoneList
    """

    return (
        await asyncio_detailed(
            bucket_id=bucket_id,
            client=client,
            field_limit=field_limit,
            field_sort=field_sort,
            field_token=field_token,
            field_since=field_since,
            field_before=field_before,
            field_to=field_to,
            filters=filters,
            if_match=if_match,
            if_none_match=if_none_match,
        )
    ).parsed
