from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.user_data_deleted import UserDataDeleted
from ...types import Response


def _get_kwargs(
    principal: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "delete",
        "url": "/__user_data__/{principal}".format(
            principal=quote(str(principal), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | UserDataDeleted | None:
    if response.status_code == 200:
        response_200 = UserDataDeleted.from_dict(response.json())

        return response_200

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


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Error | UserDataDeleted]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    principal: str,
    *,
    client: AuthenticatedClient,
) -> Response[Error | UserDataDeleted]:
    """Delete a principal's data

     Deletes every object whose only writer is `principal` and removes the principal from all other
    permissions and groups. Allowed to the principals of the `user-data_delete_principals` setting (403
    otherwise). A principal containing `/` cannot be routed (404). Kinto 26.5.0 answers 500 when the
    history plugin is enabled and the principal owns objects.

    Args:
        principal (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | UserDataDeleted]
    """

    kwargs = _get_kwargs(
        principal=principal,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    principal: str,
    *,
    client: AuthenticatedClient,
) -> Error | UserDataDeleted | None:
    """Delete a principal's data

     Deletes every object whose only writer is `principal` and removes the principal from all other
    permissions and groups. Allowed to the principals of the `user-data_delete_principals` setting (403
    otherwise). A principal containing `/` cannot be routed (404). Kinto 26.5.0 answers 500 when the
    history plugin is enabled and the principal owns objects.

    Args:
        principal (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | UserDataDeleted
    """

    return sync_detailed(
        principal=principal,
        client=client,
    ).parsed


async def asyncio_detailed(
    principal: str,
    *,
    client: AuthenticatedClient,
) -> Response[Error | UserDataDeleted]:
    """Delete a principal's data

     Deletes every object whose only writer is `principal` and removes the principal from all other
    permissions and groups. Allowed to the principals of the `user-data_delete_principals` setting (403
    otherwise). A principal containing `/` cannot be routed (404). Kinto 26.5.0 answers 500 when the
    history plugin is enabled and the principal owns objects.

    Args:
        principal (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | UserDataDeleted]
    """

    kwargs = _get_kwargs(
        principal=principal,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    principal: str,
    *,
    client: AuthenticatedClient,
) -> Error | UserDataDeleted | None:
    """Delete a principal's data

     Deletes every object whose only writer is `principal` and removes the principal from all other
    permissions and groups. Allowed to the principals of the `user-data_delete_principals` setting (403
    otherwise). A principal containing `/` cannot be routed (404). Kinto 26.5.0 answers 500 when the
    history plugin is enabled and the principal owns objects.

    Args:
        principal (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | UserDataDeleted
    """

    return (
        await asyncio_detailed(
            principal=principal,
            client=client,
        )
    ).parsed
