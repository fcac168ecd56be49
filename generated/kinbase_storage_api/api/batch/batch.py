from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.batch_request import BatchRequest
from ...models.batch_response import BatchResponse
from ...models.error import Error
from ...types import Response


def _get_kwargs(
    *,
    body: BatchRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/batch",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> BatchResponse | Error | None:
    if response.status_code == 200:
        response_200 = BatchResponse.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = Error.from_dict(response.json())

        return response_400

    if response.status_code == 405:
        response_405 = Error.from_dict(response.json())

        return response_405

    if response.status_code == 410:
        response_410 = Error.from_dict(response.json())

        return response_410

    if response.status_code == 415:
        response_415 = Error.from_dict(response.json())

        return response_415

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
) -> Response[BatchResponse | Error]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: BatchRequest,
) -> Response[BatchResponse | Error]:
    """Run several requests

     Runs the sub-requests in order, in one transaction, and answers 200 even when sub-requests fail:
    look at each `status`. Sub-requests inherit the batch request's headers (authentication included);
    `defaults` are merged into every request. A sub-request answering 409 aborts the transaction; 4xx
    answers still commit. More than `batch_max_requests` (`GET /` settings, default 25) answers 400, as
    do unknown keys, a non-object `body` (so no JSON Patch here) and paths containing `/batch`. `path`
    is relative to the API root (`/buckets/...`; a `/v1` prefix is accepted); the answered `path`
    includes the prefix.

    Args:
        body (BatchRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BatchResponse | Error]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: BatchRequest,
) -> BatchResponse | Error | None:
    """Run several requests

     Runs the sub-requests in order, in one transaction, and answers 200 even when sub-requests fail:
    look at each `status`. Sub-requests inherit the batch request's headers (authentication included);
    `defaults` are merged into every request. A sub-request answering 409 aborts the transaction; 4xx
    answers still commit. More than `batch_max_requests` (`GET /` settings, default 25) answers 400, as
    do unknown keys, a non-object `body` (so no JSON Patch here) and paths containing `/batch`. `path`
    is relative to the API root (`/buckets/...`; a `/v1` prefix is accepted); the answered `path`
    includes the prefix.

    Args:
        body (BatchRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BatchResponse | Error
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: BatchRequest,
) -> Response[BatchResponse | Error]:
    """Run several requests

     Runs the sub-requests in order, in one transaction, and answers 200 even when sub-requests fail:
    look at each `status`. Sub-requests inherit the batch request's headers (authentication included);
    `defaults` are merged into every request. A sub-request answering 409 aborts the transaction; 4xx
    answers still commit. More than `batch_max_requests` (`GET /` settings, default 25) answers 400, as
    do unknown keys, a non-object `body` (so no JSON Patch here) and paths containing `/batch`. `path`
    is relative to the API root (`/buckets/...`; a `/v1` prefix is accepted); the answered `path`
    includes the prefix.

    Args:
        body (BatchRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BatchResponse | Error]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: BatchRequest,
) -> BatchResponse | Error | None:
    """Run several requests

     Runs the sub-requests in order, in one transaction, and answers 200 even when sub-requests fail:
    look at each `status`. Sub-requests inherit the batch request's headers (authentication included);
    `defaults` are merged into every request. A sub-request answering 409 aborts the transaction; 4xx
    answers still commit. More than `batch_max_requests` (`GET /` settings, default 25) answers 400, as
    do unknown keys, a non-object `body` (so no JSON Patch here) and paths containing `/batch`. `path`
    is relative to the API root (`/buckets/...`; a `/v1` prefix is accepted); the answered `path`
    includes the prefix.

    Args:
        body (BatchRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BatchResponse | Error
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
