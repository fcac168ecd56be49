"""``client.admin``: user management with a service-role credential (sync twin generated)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from typing import Any, Literal, Self, cast
from uuid import UUID

import httpx

from kinbase._http.config import (
    ClientConfig,
    RetryTypes,
    TimeoutTypes,
    VerifyTypes,
    build_async_httpx_client,
)
from kinbase.auth import _requests
from kinbase.auth._admin_auth import ServiceRoleAuth
from kinbase.auth._async._send import async_send
from kinbase.auth.types import (
    AdminUserAttributes,
    GenerateLinkParams,
    GenerateLinkResponse,
    InviteUserByEmailOptions,
    User,
    UserList,
    UserResponse,
)
from kinbase.errors import InvalidInputError, InvalidResponseError

__all__ = ["AsyncAuthAdminAPI"]

#: Sent as ``X-Supabase-Api-Version`` (errors come in the current shape).
_API_VERSION = "2024-01-01"


class AsyncAuthAdminAPI:
    """GoTrue's admin endpoints (supabase_auth's ``admin``). Server side only.

    Built on its own as supabase_auth's ``AsyncGoTrueAdminAPI(url=..., headers=...)``
    (the credential in ``headers`` as ``Authorization: Bearer <service-role key>``, or
    given as ``service_key=`` or ``jwt_secret=``, from which short-lived service-role
    JWTs are minted), then closed with :meth:`aclose` or ``async with``; or reached as
    ``client.admin``, sharing that client's connections and credential. Every call carries
    the service-role credential, never a user's session.
    """

    def __init__(
        self,
        *,
        url: str | None = None,
        headers: Mapping[str, str] | None = None,
        service_key: str | None = None,
        jwt_secret: str | bytes | None = None,
        timeout: TimeoutTypes = 30.0,
        retry: RetryTypes = None,
        verify: VerifyTypes = True,
        http_client: httpx.AsyncClient | None = None,
    ) -> None:
        if service_key is not None and jwt_secret is not None:
            raise InvalidInputError("give service_key= or jwt_secret=, not both")
        self._owns_http = http_client is None
        if http_client is None:
            if not url:
                raise InvalidInputError("the admin API needs the auth server's url=")
            config = ClientConfig(
                base_url=url,
                headers=cast(Any, {"X-Supabase-Api-Version": _API_VERSION, **(headers or {})}),
                timeout=timeout,
                retry=retry,
                verify=verify,
            )
            http_client = build_async_httpx_client(config)
        self._http = http_client
        self._auth: httpx.Auth | None = None
        if service_key is not None or jwt_secret is not None:
            self._auth = ServiceRoleAuth(service_key=service_key, jwt_secret=jwt_secret)

    @classmethod
    def _of_client(cls, http: httpx.AsyncClient, auth: httpx.Auth | None) -> Self:
        """``client.admin``: the client's connections and service-role credential."""
        admin = cls(http_client=http)
        admin._auth = auth
        admin._owns_http = False
        return admin

    def __repr__(self) -> str:
        configured = self._auth is not None or "authorization" in self._http.headers
        return f"<{type(self).__name__} {'configured' if configured else 'no credential'}>"

    async def aclose(self) -> None:
        """Close the connections (those of a standalone admin API; ``client.admin``
        leaves them to its client)."""
        if self._owns_http:
            await self._http.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    async def _send(self, kwargs: dict[str, Any]) -> httpx.Response:
        if self._auth is None and "authorization" not in self._http.headers:
            raise InvalidInputError(
                "the admin API needs a service-role credential: pass service_key= or "
                "jwt_secret= (or headers={'Authorization': 'Bearer <service-role key>'})"
            )
        return await async_send(self._http, kwargs, auth=self._auth)

    async def create_user(self, attributes: AdminUserAttributes) -> UserResponse:
        """``{email, phone, password, email_confirm, user_metadata, app_metadata, ...}``."""
        response = await self._send(_requests.admin_create(attributes))
        return UserResponse(user=_requests.parse_user(response))

    async def list_users(self, page: int | None = None, per_page: int | None = None) -> UserList:
        """One page of users (newest first). The result is a ``list[User]`` that also
        carries ``total``, ``next_page`` and ``last_page`` from the response headers."""
        response = await self._send(_requests.admin_list(page, per_page))
        return _requests.parse_user_list(response)

    async def iter_users(self, per_page: int = 50) -> AsyncIterator[User]:
        """Every user, following the ``Link: rel="next"`` pages.

        A ``next`` link that does not move forward (back to a page already read, as a
        server alternating between two pages would) or that follows an empty page stops
        the iteration with :class:`~kinbase.errors.InvalidResponseError`."""
        page: int | None = 1
        while page is not None:
            response = await self._send(_requests.admin_list(page, per_page))
            users = _requests.parse_user_list(response)
            for user in users:  # noqa: RUF100, UP028 (the sync twin could use yield from)
                yield user
            following = users.next_page
            if following is None or following == page:
                return
            if following < page or not users:
                problem = (
                    f"a Link to page {following} after page {page}"
                    if following < page
                    else f"an empty page {page} with a Link to page {following}"
                )
                raise InvalidResponseError.from_response(
                    response, f"{problem}: the server pages in a loop; stopped"
                )
            page = following

    async def get_user_by_id(self, uid: str | UUID) -> UserResponse:
        """The user ``uid`` (service role)."""
        response = await self._send(_requests.admin_get(uid))
        return UserResponse(user=_requests.parse_user(response))

    async def update_user_by_id(
        self, uid: str | UUID, attributes: AdminUserAttributes
    ) -> UserResponse:
        """Change the user ``uid`` (``{email, phone, password, user_metadata,
        app_metadata, ban_duration, ...}``; service role)."""
        response = await self._send(_requests.admin_update(uid, attributes))
        return UserResponse(user=_requests.parse_user(response))

    async def delete_user(self, id: str | UUID, should_soft_delete: bool = False) -> None:
        """Delete (or, with ``should_soft_delete``, anonymise) a user; ends their sessions."""
        await self._send(_requests.admin_delete(id, should_soft_delete))

    async def generate_link(self, params: GenerateLinkParams) -> GenerateLinkResponse:
        """``{type, email, password?, new_email?, options: {data, redirect_to}}``: the link
        and OTP to send yourself (``properties``) and the ``user``."""
        response = await self._send(_requests.admin_generate_link_request(params))
        return _requests.parse_generate_link(response)

    async def invite_user_by_email(
        self, email: str, options: InviteUserByEmailOptions | None = None
    ) -> UserResponse:
        """Create a user and send them an invitation email (``options``: ``data``,
        ``redirect_to``; service role)."""
        response = await self._send(_requests.admin_invite(email, options))
        return UserResponse(user=_requests.parse_user(response))

    async def sign_out(
        self, jwt: str, scope: Literal["global", "local", "others"] = "global"
    ) -> None:
        """End the session(s) of the user whose access token is ``jwt``."""
        kwargs = _requests.logout_request(scope)
        kwargs["headers"] = {**kwargs.get("headers", {}), "Authorization": f"Bearer {jwt}"}
        await async_send(self._http, kwargs)
