from http import HTTPStatus
from typing import Any, cast

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.filters import Filters
from ...models.permission_list import PermissionList
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    field_limit: int | Unset = UNSET,
    field_sort: str | Unset = UNSET,
    field_token: str | Unset = UNSET,
    field_fields: str | Unset = UNSET,
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

    json_filters: dict[str, Any] | Unset = UNSET
    if not isinstance(filters, Unset):
        json_filters = filters.to_dict()
    if not isinstance(json_filters, Unset):
        params.update(json_filters)

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/permissions",
        "params": params,
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Any | Error | PermissionList | None:
    if response.status_code == 200:
        response_200 = PermissionList.from_dict(response.json())

        return response_200

    if response.status_code == 304:
        response_304 = cast(Any, None)
        return response_304

    if response.status_code == 400:
        response_400 = Error.from_dict(response.json())

        return response_400

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
) -> Response[Any | Error | PermissionList]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    field_limit: int | Unset = UNSET,
    field_sort: str | Unset = UNSET,
    field_token: str | Unset = UNSET,
    field_fields: str | Unset = UNSET,
    filters: Filters | Unset = UNSET,
    if_match: str | Unset = UNSET,
    if_none_match: str | Unset = UNSET,
) -> Response[Any | Error | PermissionList]:
    """List the caller's permissions

     Every object the caller has a permission on (including those obtained from groups, inheritance and
    `*_principals` settings; `uri` `/` with `resource_name` `root` for creation rights). Only with
    `experimental_permissions_endpoint = true` (or the admin plugin); otherwise 404. Paginated; sorted
    by `uri` by default. Filters on the entry fields (`resource_name`, `bucket_id`, ...) work; unknown
    fields answer 400. `_since`/`_before` are accepted and ignored (entries have no timestamp).

    Args:
        field_limit (int | Unset):
        field_sort (str | Unset):
        field_token (str | Unset):
        field_fields (str | Unset):
        filters (Filters | Unset): List filters: parameter name (`[operator_]field`) -> value.
        if_match (str | Unset):
        if_none_match (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Error | PermissionList]
    """

    kwargs = _get_kwargs(
        field_limit=field_limit,
        field_sort=field_sort,
        field_token=field_token,
        field_fields=field_fields,
        filters=filters,
        if_match=if_match,
        if_none_match=if_none_match,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    field_limit: int | Unset = UNSET,
    field_sort: str | Unset = UNSET,
    field_token: str | Unset = UNSET,
    field_fields: str | Unset = UNSET,
    filters: Filters | Unset = UNSET,
    if_match: str | Unset = UNSET,
    if_none_match: str | Unset = UNSET,
) -> Any | Error | PermissionList | None:
    """List the caller's permissions

     Every object the caller has a permission on (including those obtained from groups, inheritance and
    `*_principals` settings; `uri` `/` with `resource_name` `root` for creation rights). Only with
    `experimental_permissions_endpoint = true` (or the admin plugin); otherwise 404. Paginated; sorted
    by `uri` by default. Filters on the entry fields (`resource_name`, `bucket_id`, ...) work; unknown
    fields answer 400. `_since`/`_before` are accepted and ignored (entries have no timestamp).

    Args:
        field_limit (int | Unset):
        field_sort (str | Unset):
        field_token (str | Unset):
        field_fields (str | Unset):
        filters (Filters | Unset): List filters: parameter name (`[operator_]field`) -> value.
        if_match (str | Unset):
        if_none_match (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Error | PermissionList
    """

    return sync_detailed(
        client=client,
        field_limit=field_limit,
        field_sort=field_sort,
        field_token=field_token,
        field_fields=field_fields,
        filters=filters,
        if_match=if_match,
        if_none_match=if_none_match,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    field_limit: int | Unset = UNSET,
    field_sort: str | Unset = UNSET,
    field_token: str | Unset = UNSET,
    field_fields: str | Unset = UNSET,
    filters: Filters | Unset = UNSET,
    if_match: str | Unset = UNSET,
    if_none_match: str | Unset = UNSET,
) -> Response[Any | Error | PermissionList]:
    """List the caller's permissions

     Every object the caller has a permission on (including those obtained from groups, inheritance and
    `*_principals` settings; `uri` `/` with `resource_name` `root` for creation rights). Only with
    `experimental_permissions_endpoint = true` (or the admin plugin); otherwise 404. Paginated; sorted
    by `uri` by default. Filters on the entry fields (`resource_name`, `bucket_id`, ...) work; unknown
    fields answer 400. `_since`/`_before` are accepted and ignored (entries have no timestamp).

    Args:
        field_limit (int | Unset):
        field_sort (str | Unset):
        field_token (str | Unset):
        field_fields (str | Unset):
        filters (Filters | Unset): List filters: parameter name (`[operator_]field`) -> value.
        if_match (str | Unset):
        if_none_match (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Error | PermissionList]
    """

    kwargs = _get_kwargs(
        field_limit=field_limit,
        field_sort=field_sort,
        field_token=field_token,
        field_fields=field_fields,
        filters=filters,
        if_match=if_match,
        if_none_match=if_none_match,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    field_limit: int | Unset = UNSET,
    field_sort: str | Unset = UNSET,
    field_token: str | Unset = UNSET,
    field_fields: str | Unset = UNSET,
    filters: Filters | Unset = UNSET,
    if_match: str | Unset = UNSET,
    if_none_match: str | Unset = UNSET,
) -> Any | Error | PermissionList | None:
    """List the caller's permissions

     Every object the caller has a permission on (including those obtained from groups, inheritance and
    `*_principals` settings; `uri` `/` with `resource_name` `root` for creation rights). Only with
    `experimental_permissions_endpoint = true` (or the admin plugin); otherwise 404. Paginated; sorted
    by `uri` by default. Filters on the entry fields (`resource_name`, `bucket_id`, ...) work; unknown
    fields answer 400. `_since`/`_before` are accepted and ignored (entries have no timestamp).

    Args:
        field_limit (int | Unset):
        field_sort (str | Unset):
        field_token (str | Unset):
        field_fields (str | Unset):
        filters (Filters | Unset): List filters: parameter name (`[operator_]field`) -> value.
        if_match (str | Unset):
        if_none_match (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Error | PermissionList
    """

    return (
        await asyncio_detailed(
            client=client,
            field_limit=field_limit,
            field_sort=field_sort,
            field_token=field_token,
            field_fields=field_fields,
            filters=filters,
            if_match=if_match,
            if_none_match=if_none_match,
        )
    ).parsed
