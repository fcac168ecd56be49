from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.tombstone_response import TombstoneResponse
from ...types import UNSET, Response, Unset


def _get_kwargs(
    account_id: str,
    *,
    last_modified: int | Unset = UNSET,
    if_match: str | Unset = UNSET,
    if_none_match: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(if_match, Unset):
        headers["If-Match"] = if_match

    if not isinstance(if_none_match, Unset):
        headers["If-None-Match"] = if_none_match

    params: dict[str, Any] = {}

    params["last_modified"] = last_modified

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "delete",
        "url": "/accounts/{account_id}".format(
            account_id=quote(str(account_id), safe=""),
        ),
        "params": params,
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | TombstoneResponse | None:
    if response.status_code == 200:
        response_200 = TombstoneResponse.from_dict(response.json())

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
) -> Response[Error | TombstoneResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    account_id: str,
    *,
    client: AuthenticatedClient,
    last_modified: int | Unset = UNSET,
    if_match: str | Unset = UNSET,
    if_none_match: str | Unset = UNSET,
) -> Response[Error | TombstoneResponse]:
    """Delete a account

     Deletes the account and returns its tombstone. `last_modified` (query) sets the tombstone's
    timestamp when greater than the current one. A missing account answers 403 to non-administrators,
    404 to administrators; `If-Match` with another ETag answers 412.

    Args:
        account_id (str):
        last_modified (int | Unset):
        if_match (str | Unset):
        if_none_match (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | TombstoneResponse]
    """

    kwargs = _get_kwargs(
        account_id=account_id,
        last_modified=last_modified,
        if_match=if_match,
        if_none_match=if_none_match,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    account_id: str,
    *,
    client: AuthenticatedClient,
    last_modified: int | Unset = UNSET,
    if_match: str | Unset = UNSET,
    if_none_match: str | Unset = UNSET,
) -> Error | TombstoneResponse | None:
    """Delete a account

     Deletes the account and returns its tombstone. `last_modified` (query) sets the tombstone's
    timestamp when greater than the current one. A missing account answers 403 to non-administrators,
    404 to administrators; `If-Match` with another ETag answers 412.

    Args:
        account_id (str):
        last_modified (int | Unset):
        if_match (str | Unset):
        if_none_match (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | TombstoneResponse
    """

    return sync_detailed(
        account_id=account_id,
        client=client,
        last_modified=last_modified,
        if_match=if_match,
        if_none_match=if_none_match,
    ).parsed


async def asyncio_detailed(
    account_id: str,
    *,
    client: AuthenticatedClient,
    last_modified: int | Unset = UNSET,
    if_match: str | Unset = UNSET,
    if_none_match: str | Unset = UNSET,
) -> Response[Error | TombstoneResponse]:
    """Delete a account

     Deletes the account and returns its tombstone. `last_modified` (query) sets the tombstone's
    timestamp when greater than the current one. A missing account answers 403 to non-administrators,
    404 to administrators; `If-Match` with another ETag answers 412.

    Args:
        account_id (str):
        last_modified (int | Unset):
        if_match (str | Unset):
        if_none_match (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | TombstoneResponse]
    """

    kwargs = _get_kwargs(
        account_id=account_id,
        last_modified=last_modified,
        if_match=if_match,
        if_none_match=if_none_match,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    account_id: str,
    *,
    client: AuthenticatedClient,
    last_modified: int | Unset = UNSET,
    if_match: str | Unset = UNSET,
    if_none_match: str | Unset = UNSET,
) -> Error | TombstoneResponse | None:
    """Delete a account

     Deletes the account and returns its tombstone. `last_modified` (query) sets the tombstone's
    timestamp when greater than the current one. A missing account answers 403 to non-administrators,
    404 to administrators; `If-Match` with another ETag answers 412.

    Args:
        account_id (str):
        last_modified (int | Unset):
        if_match (str | Unset):
        if_none_match (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | TombstoneResponse
    """

    return (
        await asyncio_detailed(
            account_id=account_id,
            client=client,
            last_modified=last_modified,
            if_match=if_match,
            if_none_match=if_none_match,
        )
    ).parsed
