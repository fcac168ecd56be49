from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.api_error import ApiError
from ...models.legacy_error import LegacyError
from ...models.message_id_response import MessageIdResponse
from ...models.o_auth_error import OAuthError
from ...models.otp_request import OtpRequest
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: OtpRequest,
    redirect_to: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    params: dict[str, Any] = {}

    params["redirect_to"] = redirect_to

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/otp",
        "params": params,
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ApiError | LegacyError | OAuthError | MessageIdResponse | None:
    if response.status_code == 200:
        response_200 = MessageIdResponse.from_dict(response.json())

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
) -> Response[ApiError | LegacyError | OAuthError | MessageIdResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: OtpRequest,
    redirect_to: str | Unset = UNSET,
) -> Response[ApiError | LegacyError | OAuthError | MessageIdResponse]:
    """Send a one-time password (SMS/WhatsApp) or a magic link / email OTP.

     With `phone`, sends an SMS (or WhatsApp) code and answers `{message_id}`. With `email`,
    sends a magic link / email OTP and answers `{}`. `create_user` defaults to true on the
    server; false answers 422 `otp_disabled` for an unknown address.

    Args:
        redirect_to (str | Unset):
        body (OtpRequest): Email or phone, not both.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ApiError | LegacyError | OAuthError | MessageIdResponse]
    """

    kwargs = _get_kwargs(
        body=body,
        redirect_to=redirect_to,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: OtpRequest,
    redirect_to: str | Unset = UNSET,
) -> ApiError | LegacyError | OAuthError | MessageIdResponse | None:
    """Send a one-time password (SMS/WhatsApp) or a magic link / email OTP.

     With `phone`, sends an SMS (or WhatsApp) code and answers `{message_id}`. With `email`,
    sends a magic link / email OTP and answers `{}`. `create_user` defaults to true on the
    server; false answers 422 `otp_disabled` for an unknown address.

    Args:
        redirect_to (str | Unset):
        body (OtpRequest): Email or phone, not both.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ApiError | LegacyError | OAuthError | MessageIdResponse
    """

    return sync_detailed(
        client=client,
        body=body,
        redirect_to=redirect_to,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: OtpRequest,
    redirect_to: str | Unset = UNSET,
) -> Response[ApiError | LegacyError | OAuthError | MessageIdResponse]:
    """Send a one-time password (SMS/WhatsApp) or a magic link / email OTP.

     With `phone`, sends an SMS (or WhatsApp) code and answers `{message_id}`. With `email`,
    sends a magic link / email OTP and answers `{}`. `create_user` defaults to true on the
    server; false answers 422 `otp_disabled` for an unknown address.

    Args:
        redirect_to (str | Unset):
        body (OtpRequest): Email or phone, not both.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ApiError | LegacyError | OAuthError | MessageIdResponse]
    """

    kwargs = _get_kwargs(
        body=body,
        redirect_to=redirect_to,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: OtpRequest,
    redirect_to: str | Unset = UNSET,
) -> ApiError | LegacyError | OAuthError | MessageIdResponse | None:
    """Send a one-time password (SMS/WhatsApp) or a magic link / email OTP.

     With `phone`, sends an SMS (or WhatsApp) code and answers `{message_id}`. With `email`,
    sends a magic link / email OTP and answers `{}`. `create_user` defaults to true on the
    server; false answers 422 `otp_disabled` for an unknown address.

    Args:
        redirect_to (str | Unset):
        body (OtpRequest): Email or phone, not both.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ApiError | LegacyError | OAuthError | MessageIdResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            redirect_to=redirect_to,
        )
    ).parsed
