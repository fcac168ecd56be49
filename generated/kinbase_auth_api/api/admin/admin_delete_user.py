from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.admin_delete_user_request import AdminDeleteUserRequest
from ...models.api_error import ApiError
from ...models.empty_object import EmptyObject
from ...models.legacy_error import LegacyError
from ...models.o_auth_error import OAuthError
from ...types import UNSET, Response, Unset


def _get_kwargs(
    user_id: UUID,
    *,
    body: AdminDeleteUserRequest | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "delete",
        "url": "/admin/users/{user_id}".format(
            user_id=quote(str(user_id), safe=""),
        ),
    }

    if not isinstance(body, Unset):
        _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ApiError | LegacyError | OAuthError | EmptyObject | None:
    if response.status_code == 200:
        response_200 = EmptyObject.from_dict(response.json())

        return response_200

    if response.status_code == 400:

        def _parse_response_400(data: object) -> ApiError | LegacyError | OAuthError:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_error_response_type_0 = LegacyError.from_dict(data)

                return componentsschemas_error_response_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_error_response_type_1 = ApiError.from_dict(data)

                return componentsschemas_error_response_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            componentsschemas_error_response_type_2 = OAuthError.from_dict(data)

            return componentsschemas_error_response_type_2

        response_400 = _parse_response_400(response.json())

        return response_400

    if response.status_code == 401:

        def _parse_response_401(data: object) -> ApiError | LegacyError | OAuthError:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_error_response_type_0 = LegacyError.from_dict(data)

                return componentsschemas_error_response_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_error_response_type_1 = ApiError.from_dict(data)

                return componentsschemas_error_response_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            componentsschemas_error_response_type_2 = OAuthError.from_dict(data)

            return componentsschemas_error_response_type_2

        response_401 = _parse_response_401(response.json())

        return response_401

    if response.status_code == 403:

        def _parse_response_403(data: object) -> ApiError | LegacyError | OAuthError:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_error_response_type_0 = LegacyError.from_dict(data)

                return componentsschemas_error_response_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_error_response_type_1 = ApiError.from_dict(data)

                return componentsschemas_error_response_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            componentsschemas_error_response_type_2 = OAuthError.from_dict(data)

            return componentsschemas_error_response_type_2

        response_403 = _parse_response_403(response.json())

        return response_403

    if response.status_code == 404:

        def _parse_response_404(data: object) -> ApiError | LegacyError | OAuthError:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_error_response_type_0 = LegacyError.from_dict(data)

                return componentsschemas_error_response_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_error_response_type_1 = ApiError.from_dict(data)

                return componentsschemas_error_response_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            componentsschemas_error_response_type_2 = OAuthError.from_dict(data)

            return componentsschemas_error_response_type_2

        response_404 = _parse_response_404(response.json())

        return response_404

    if response.status_code == 500:

        def _parse_response_500(data: object) -> ApiError | LegacyError | OAuthError:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_error_response_type_0 = LegacyError.from_dict(data)

                return componentsschemas_error_response_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_error_response_type_1 = ApiError.from_dict(data)

                return componentsschemas_error_response_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            componentsschemas_error_response_type_2 = OAuthError.from_dict(data)

            return componentsschemas_error_response_type_2

        response_500 = _parse_response_500(response.json())

        return response_500

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ApiError | LegacyError | OAuthError | EmptyObject]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    user_id: UUID,
    *,
    client: AuthenticatedClient,
    body: AdminDeleteUserRequest | Unset = UNSET,
) -> Response[ApiError | LegacyError | OAuthError | EmptyObject]:
    """Delete a user, or soft-delete it (`should_soft_delete`).

     The body is optional; without it the user is hard-deleted.

    Args:
        user_id (UUID):
        body (AdminDeleteUserRequest | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ApiError | LegacyError | OAuthError | EmptyObject]
    """

    kwargs = _get_kwargs(
        user_id=user_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    user_id: UUID,
    *,
    client: AuthenticatedClient,
    body: AdminDeleteUserRequest | Unset = UNSET,
) -> ApiError | LegacyError | OAuthError | EmptyObject | None:
    """Delete a user, or soft-delete it (`should_soft_delete`).

     The body is optional; without it the user is hard-deleted.

    Args:
        user_id (UUID):
        body (AdminDeleteUserRequest | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ApiError | LegacyError | OAuthError | EmptyObject
    """

    return sync_detailed(
        user_id=user_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    user_id: UUID,
    *,
    client: AuthenticatedClient,
    body: AdminDeleteUserRequest | Unset = UNSET,
) -> Response[ApiError | LegacyError | OAuthError | EmptyObject]:
    """Delete a user, or soft-delete it (`should_soft_delete`).

     The body is optional; without it the user is hard-deleted.

    Args:
        user_id (UUID):
        body (AdminDeleteUserRequest | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ApiError | LegacyError | OAuthError | EmptyObject]
    """

    kwargs = _get_kwargs(
        user_id=user_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    user_id: UUID,
    *,
    client: AuthenticatedClient,
    body: AdminDeleteUserRequest | Unset = UNSET,
) -> ApiError | LegacyError | OAuthError | EmptyObject | None:
    """Delete a user, or soft-delete it (`should_soft_delete`).

     The body is optional; without it the user is hard-deleted.

    Args:
        user_id (UUID):
        body (AdminDeleteUserRequest | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ApiError | LegacyError | OAuthError | EmptyObject
    """

    return (
        await asyncio_detailed(
            user_id=user_id,
            client=client,
            body=body,
        )
    ).parsed
