from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.api_error import ApiError
from ...models.grant_type import GrantType
from ...models.id_token_grant_request import IdTokenGrantRequest
from ...models.legacy_error import LegacyError
from ...models.o_auth_error import OAuthError
from ...models.password_grant_request import PasswordGrantRequest
from ...models.pkce_grant_request import PkceGrantRequest
from ...models.refresh_token_grant_request import RefreshTokenGrantRequest
from ...models.session import Session
from ...types import UNSET, Response


def _get_kwargs(
    *,
    body: IdTokenGrantRequest | PasswordGrantRequest | PkceGrantRequest | RefreshTokenGrantRequest,
    grant_type: GrantType,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    params: dict[str, Any] = {}

    json_grant_type: str = grant_type
    params["grant_type"] = json_grant_type

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/token",
        "params": params,
    }

    if isinstance(body, PasswordGrantRequest):
        _kwargs["json"] = body.to_dict()
    elif isinstance(body, RefreshTokenGrantRequest):
        _kwargs["json"] = body.to_dict()
    elif isinstance(body, PkceGrantRequest):
        _kwargs["json"] = body.to_dict()
    else:
        _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ApiError | LegacyError | OAuthError | Session | None:
    if response.status_code == 200:
        response_200 = Session.from_dict(response.json())

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

    if response.status_code == 409:

        def _parse_response_409(data: object) -> ApiError | LegacyError | OAuthError:
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

        response_409 = _parse_response_409(response.json())

        return response_409

    if response.status_code == 422:

        def _parse_response_422(data: object) -> ApiError | LegacyError | OAuthError:
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

        response_422 = _parse_response_422(response.json())

        return response_422

    if response.status_code == 429:

        def _parse_response_429(data: object) -> ApiError | LegacyError | OAuthError:
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

        response_429 = _parse_response_429(response.json())

        return response_429

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
) -> Response[ApiError | LegacyError | OAuthError | Session]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: IdTokenGrantRequest | PasswordGrantRequest | PkceGrantRequest | RefreshTokenGrantRequest,
    grant_type: GrantType,
) -> Response[ApiError | LegacyError | OAuthError | Session]:
    """Issue a session for one of four grant types.

     One operation for the four grants, selected by the REQUIRED `grant_type` query
    parameter. The body must match the grant:

    | grant_type      | body                       |
    |-----------------|----------------------------|
    | `password`      | `PasswordGrantRequest`     |
    | `refresh_token` | `RefreshTokenGrantRequest` |
    | `pkce`          | `PkceGrantRequest`         |
    | `id_token`      | `IdTokenGrantRequest`      |

    Any other grant type answers 400 (`invalid_credentials`, "unsupported_grant_type").
    A password sign-in may carry `weak_password` in the session when the password no
    longer meets the server's policy. Refresh tokens are single-use: reuse outside the
    reuse interval answers 400 `refresh_token_already_used` and revokes the session;
    concurrent refreshes of one session that contend for more than 5 s answer 409
    `conflict`. A missing or expired PKCE flow state answers 404 `flow_state_not_found` or
    422 `flow_state_expired`. The id_token grant reports its errors in the OAuth shape.

    Args:
        grant_type (GrantType):
        body (IdTokenGrantRequest | PasswordGrantRequest | PkceGrantRequest |
            RefreshTokenGrantRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ApiError | LegacyError | OAuthError | Session]
    """

    kwargs = _get_kwargs(
        body=body,
        grant_type=grant_type,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: IdTokenGrantRequest | PasswordGrantRequest | PkceGrantRequest | RefreshTokenGrantRequest,
    grant_type: GrantType,
) -> ApiError | LegacyError | OAuthError | Session | None:
    """Issue a session for one of four grant types.

     One operation for the four grants, selected by the REQUIRED `grant_type` query
    parameter. The body must match the grant:

    | grant_type      | body                       |
    |-----------------|----------------------------|
    | `password`      | `PasswordGrantRequest`     |
    | `refresh_token` | `RefreshTokenGrantRequest` |
    | `pkce`          | `PkceGrantRequest`         |
    | `id_token`      | `IdTokenGrantRequest`      |

    Any other grant type answers 400 (`invalid_credentials`, "unsupported_grant_type").
    A password sign-in may carry `weak_password` in the session when the password no
    longer meets the server's policy. Refresh tokens are single-use: reuse outside the
    reuse interval answers 400 `refresh_token_already_used` and revokes the session;
    concurrent refreshes of one session that contend for more than 5 s answer 409
    `conflict`. A missing or expired PKCE flow state answers 404 `flow_state_not_found` or
    422 `flow_state_expired`. The id_token grant reports its errors in the OAuth shape.

    Args:
        grant_type (GrantType):
        body (IdTokenGrantRequest | PasswordGrantRequest | PkceGrantRequest |
            RefreshTokenGrantRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ApiError | LegacyError | OAuthError | Session
    """

    return sync_detailed(
        client=client,
        body=body,
        grant_type=grant_type,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: IdTokenGrantRequest | PasswordGrantRequest | PkceGrantRequest | RefreshTokenGrantRequest,
    grant_type: GrantType,
) -> Response[ApiError | LegacyError | OAuthError | Session]:
    """Issue a session for one of four grant types.

     One operation for the four grants, selected by the REQUIRED `grant_type` query
    parameter. The body must match the grant:

    | grant_type      | body                       |
    |-----------------|----------------------------|
    | `password`      | `PasswordGrantRequest`     |
    | `refresh_token` | `RefreshTokenGrantRequest` |
    | `pkce`          | `PkceGrantRequest`         |
    | `id_token`      | `IdTokenGrantRequest`      |

    Any other grant type answers 400 (`invalid_credentials`, "unsupported_grant_type").
    A password sign-in may carry `weak_password` in the session when the password no
    longer meets the server's policy. Refresh tokens are single-use: reuse outside the
    reuse interval answers 400 `refresh_token_already_used` and revokes the session;
    concurrent refreshes of one session that contend for more than 5 s answer 409
    `conflict`. A missing or expired PKCE flow state answers 404 `flow_state_not_found` or
    422 `flow_state_expired`. The id_token grant reports its errors in the OAuth shape.

    Args:
        grant_type (GrantType):
        body (IdTokenGrantRequest | PasswordGrantRequest | PkceGrantRequest |
            RefreshTokenGrantRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ApiError | LegacyError | OAuthError | Session]
    """

    kwargs = _get_kwargs(
        body=body,
        grant_type=grant_type,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: IdTokenGrantRequest | PasswordGrantRequest | PkceGrantRequest | RefreshTokenGrantRequest,
    grant_type: GrantType,
) -> ApiError | LegacyError | OAuthError | Session | None:
    """Issue a session for one of four grant types.

     One operation for the four grants, selected by the REQUIRED `grant_type` query
    parameter. The body must match the grant:

    | grant_type      | body                       |
    |-----------------|----------------------------|
    | `password`      | `PasswordGrantRequest`     |
    | `refresh_token` | `RefreshTokenGrantRequest` |
    | `pkce`          | `PkceGrantRequest`         |
    | `id_token`      | `IdTokenGrantRequest`      |

    Any other grant type answers 400 (`invalid_credentials`, "unsupported_grant_type").
    A password sign-in may carry `weak_password` in the session when the password no
    longer meets the server's policy. Refresh tokens are single-use: reuse outside the
    reuse interval answers 400 `refresh_token_already_used` and revokes the session;
    concurrent refreshes of one session that contend for more than 5 s answer 409
    `conflict`. A missing or expired PKCE flow state answers 404 `flow_state_not_found` or
    422 `flow_state_expired`. The id_token grant reports its errors in the OAuth shape.

    Args:
        grant_type (GrantType):
        body (IdTokenGrantRequest | PasswordGrantRequest | PkceGrantRequest |
            RefreshTokenGrantRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ApiError | LegacyError | OAuthError | Session
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            grant_type=grant_type,
        )
    ).parsed
