from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.api_error import ApiError
from ...models.legacy_error import LegacyError
from ...models.o_auth_error import OAuthError
from ...models.userinfo import Userinfo
from ...types import Response


def _get_kwargs() -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/oauth/userinfo",
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ApiError | LegacyError | OAuthError | Userinfo | None:
    if response.status_code == 200:
        response_200 = Userinfo.from_dict(response.json())

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
) -> Response[ApiError | LegacyError | OAuthError | Userinfo]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
) -> Response[ApiError | LegacyError | OAuthError | Userinfo]:
    """OIDC UserInfo of the access token's user.

     The path the server routes and advertises as `userinfo_endpoint` in the discovery
    document is `/oauth/userinfo` (there is no `/userinfo` route). It exists only when the
    server's OAuth 2.1 server is enabled; otherwise 404 `feature_disabled`. Claims beyond
    `sub` depend on the scopes of an OAuth session; a plain GoTrue session gets `sub` only.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ApiError | LegacyError | OAuthError | Userinfo]
    """

    kwargs = _get_kwargs()

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
) -> ApiError | LegacyError | OAuthError | Userinfo | None:
    """OIDC UserInfo of the access token's user.

     The path the server routes and advertises as `userinfo_endpoint` in the discovery
    document is `/oauth/userinfo` (there is no `/userinfo` route). It exists only when the
    server's OAuth 2.1 server is enabled; otherwise 404 `feature_disabled`. Claims beyond
    `sub` depend on the scopes of an OAuth session; a plain GoTrue session gets `sub` only.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ApiError | LegacyError | OAuthError | Userinfo
    """

    return sync_detailed(
        client=client,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
) -> Response[ApiError | LegacyError | OAuthError | Userinfo]:
    """OIDC UserInfo of the access token's user.

     The path the server routes and advertises as `userinfo_endpoint` in the discovery
    document is `/oauth/userinfo` (there is no `/userinfo` route). It exists only when the
    server's OAuth 2.1 server is enabled; otherwise 404 `feature_disabled`. Claims beyond
    `sub` depend on the scopes of an OAuth session; a plain GoTrue session gets `sub` only.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ApiError | LegacyError | OAuthError | Userinfo]
    """

    kwargs = _get_kwargs()

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
) -> ApiError | LegacyError | OAuthError | Userinfo | None:
    """OIDC UserInfo of the access token's user.

     The path the server routes and advertises as `userinfo_endpoint` in the discovery
    document is `/oauth/userinfo` (there is no `/userinfo` route). It exists only when the
    server's OAuth 2.1 server is enabled; otherwise 404 `feature_disabled`. Claims beyond
    `sub` depend on the scopes of an OAuth session; a plain GoTrue session gets `sub` only.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ApiError | LegacyError | OAuthError | Userinfo
    """

    return (
        await asyncio_detailed(
            client=client,
        )
    ).parsed
