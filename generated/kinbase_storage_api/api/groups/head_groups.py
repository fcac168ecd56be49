from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.filters import Filters
from ...types import UNSET, Response, Unset


def _get_kwargs(
    bucket_id: str,
    *,
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
        "method": "head",
        "url": "/buckets/{bucket_id}/groups".format(
            bucket_id=quote(str(bucket_id), safe=""),
        ),
        "params": params,
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Any | None:
    if response.status_code == 200:
        return None

    if response.status_code == 304:
        return None

    if response.status_code == 400:
        return None

    if response.status_code == 401:
        return None

    if response.status_code == 403:
        return None

    if response.status_code == 404:
        return None

    if response.status_code == 406:
        return None

    if response.status_code == 410:
        return None

    if response.status_code == 412:
        return None

    if response.status_code == 500:
        return None

    if response.status_code == 503:
        return None

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Any]:
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
    field_since: int | Unset = UNSET,
    field_before: int | Unset = UNSET,
    field_to: int | Unset = UNSET,
    filters: Filters | Unset = UNSET,
    if_match: str | Unset = UNSET,
    if_none_match: str | Unset = UNSET,
) -> Response[Any]:
    """Count groups

     Same checks as the GET; no body. `Total-Objects` (and its deprecated twin `Total-Records`) holds the
    number of matching objects. Error statuses carry no body either (HEAD).

    Args:
        bucket_id (str):
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
        Response[Any]
    """

    kwargs = _get_kwargs(
        bucket_id=bucket_id,
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


async def asyncio_detailed(
    bucket_id: str,
    *,
    client: AuthenticatedClient,
    field_since: int | Unset = UNSET,
    field_before: int | Unset = UNSET,
    field_to: int | Unset = UNSET,
    filters: Filters | Unset = UNSET,
    if_match: str | Unset = UNSET,
    if_none_match: str | Unset = UNSET,
) -> Response[Any]:
    """Count groups

     Same checks as the GET; no body. `Total-Objects` (and its deprecated twin `Total-Records`) holds the
    number of matching objects. Error statuses carry no body either (HEAD).

    Args:
        bucket_id (str):
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
        Response[Any]
    """

    kwargs = _get_kwargs(
        bucket_id=bucket_id,
        field_since=field_since,
        field_before=field_before,
        field_to=field_to,
        filters=filters,
        if_match=if_match,
        if_none_match=if_none_match,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)
