from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.api_error import ApiError
from ...models.legacy_error import LegacyError
from ...models.o_auth_error import OAuthError
from ...models.session import Session
from ...models.verify_pending_confirmation import VerifyPendingConfirmation
from ...models.verify_request import VerifyRequest
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: VerifyRequest,
    redirect_to: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    params: dict[str, Any] = {}

    params["redirect_to"] = redirect_to

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/verify",
        "params": params,
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ApiError | LegacyError | OAuthError | Session | VerifyPendingConfirmation | None:
    if response.status_code == 200:

        def _parse_response_200(data: object) -> Session | VerifyPendingConfirmation:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_200_type_0 = Session.from_dict(data)

                return response_200_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            response_200_type_1 = VerifyPendingConfirmation.from_dict(data)

            return response_200_type_1

        response_200 = _parse_response_200(response.json())

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
) -> Response[ApiError | LegacyError | OAuthError | Session | VerifyPendingConfirmation]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: VerifyRequest,
    redirect_to: str | Unset = UNSET,
) -> Response[ApiError | LegacyError | OAuthError | Session | VerifyPendingConfirmation]:
    """Verify an OTP or a token hash and sign in.

     Verifies a `token` (with `email` or `phone`) or a `token_hash` (alone) of the given
    `type` and answers a session. With secure email change on, the first of the two
    confirmations of an `email_change` answers `VerifyPendingConfirmation`
    `{msg, code: "200"}` instead. (`GET /verify` is the browser flow that redirects; it is
    not described here.) Expired or wrong tokens answer 403 `otp_expired`.
    With `token_hash` the body must hold only `token_hash` and `type` (400
    `validation_failed` otherwise); `redirect_to` is read from the query string.

    Args:
        redirect_to (str | Unset):
        body (VerifyRequest): `type` with either `token` and `email`/`phone`, or `token_hash`
            alone.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ApiError | LegacyError | OAuthError | Session | VerifyPendingConfirmation]
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
    body: VerifyRequest,
    redirect_to: str | Unset = UNSET,
) -> ApiError | LegacyError | OAuthError | Session | VerifyPendingConfirmation | None:
    """Verify an OTP or a token hash and sign in.

     Verifies a `token` (with `email` or `phone`) or a `token_hash` (alone) of the given
    `type` and answers a session. With secure email change on, the first of the two
    confirmations of an `email_change` answers `VerifyPendingConfirmation`
    `{msg, code: "200"}` instead. (`GET /verify` is the browser flow that redirects; it is
    not described here.) Expired or wrong tokens answer 403 `otp_expired`.
    With `token_hash` the body must hold only `token_hash` and `type` (400
    `validation_failed` otherwise); `redirect_to` is read from the query string.

    Args:
        redirect_to (str | Unset):
        body (VerifyRequest): `type` with either `token` and `email`/`phone`, or `token_hash`
            alone.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ApiError | LegacyError | OAuthError | Session | VerifyPendingConfirmation
    """

    return sync_detailed(
        client=client,
        body=body,
        redirect_to=redirect_to,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: VerifyRequest,
    redirect_to: str | Unset = UNSET,
) -> Response[ApiError | LegacyError | OAuthError | Session | VerifyPendingConfirmation]:
    """Verify an OTP or a token hash and sign in.

     Verifies a `token` (with `email` or `phone`) or a `token_hash` (alone) of the given
    `type` and answers a session. With secure email change on, the first of the two
    confirmations of an `email_change` answers `VerifyPendingConfirmation`
    `{msg, code: "200"}` instead. (`GET /verify` is the browser flow that redirects; it is
    not described here.) Expired or wrong tokens answer 403 `otp_expired`.
    With `token_hash` the body must hold only `token_hash` and `type` (400
    `validation_failed` otherwise); `redirect_to` is read from the query string.

    Args:
        redirect_to (str | Unset):
        body (VerifyRequest): `type` with either `token` and `email`/`phone`, or `token_hash`
            alone.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ApiError | LegacyError | OAuthError | Session | VerifyPendingConfirmation]
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
    body: VerifyRequest,
    redirect_to: str | Unset = UNSET,
) -> ApiError | LegacyError | OAuthError | Session | VerifyPendingConfirmation | None:
    """Verify an OTP or a token hash and sign in.

     Verifies a `token` (with `email` or `phone`) or a `token_hash` (alone) of the given
    `type` and answers a session. With secure email change on, the first of the two
    confirmations of an `email_change` answers `VerifyPendingConfirmation`
    `{msg, code: "200"}` instead. (`GET /verify` is the browser flow that redirects; it is
    not described here.) Expired or wrong tokens answer 403 `otp_expired`.
    With `token_hash` the body must hold only `token_hash` and `type` (400
    `validation_failed` otherwise); `redirect_to` is read from the query string.

    Args:
        redirect_to (str | Unset):
        body (VerifyRequest): `type` with either `token` and `email`/`phone`, or `token_hash`
            alone.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ApiError | LegacyError | OAuthError | Session | VerifyPendingConfirmation
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            redirect_to=redirect_to,
        )
    ).parsed
