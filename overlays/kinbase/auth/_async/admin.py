"""``client.admin``: user management with a service-role credential (sync twin generated)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from typing import Any, Literal
from uuid import UUID

import httpx

from kinbase.auth import _requests
from kinbase.auth._async._send import async_send
from kinbase.auth.types import GenerateLinkResponse, User, UserList, UserResponse
from kinbase.errors import InvalidInputError

__all__ = ["AsyncAuthAdminAPI"]


class AsyncAuthAdminAPI:
    """GoTrue's admin endpoints (supabase_auth's ``admin``). Every call carries the
    service-role credential given to the client (``service_key=`` or ``jwt_secret=``),
    never the user's session. Server side only."""

    def __init__(self, http: httpx.AsyncClient, auth: httpx.Auth | None) -> None:
        self._http = http
        self._auth = auth

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {'configured' if self._auth else 'no credential'}>"

    async def _send(self, kwargs: dict[str, Any]) -> httpx.Response:
        if self._auth is None:
            raise InvalidInputError(
                "the admin API needs a service-role credential: pass service_key= or "
                "jwt_secret= to the client"
            )
        return await async_send(self._http, kwargs, auth=self._auth)

    async def create_user(self, attributes: Mapping[str, Any]) -> UserResponse:
        """``{email, phone, password, email_confirm, user_metadata, app_metadata, ...}``."""
        response = await self._send(_requests.admin_create(attributes))
        return UserResponse(user=_requests.parse_user(response))

    async def list_users(self, page: int | None = None, per_page: int | None = None) -> UserList:
        """One page of users (newest first). The result is a ``list[User]`` that also
        carries ``total``, ``next_page`` and ``last_page`` from the response headers."""
        response = await self._send(_requests.admin_list(page, per_page))
        return _requests.parse_user_list(response)

    async def iter_users(self, per_page: int = 50) -> AsyncIterator[User]:
        """Every user, following the ``Link: rel="next"`` pages."""
        page: int | None = 1
        while page is not None:
            users = await self.list_users(page=page, per_page=per_page)
            for user in users:  # noqa: RUF100, UP028 (the sync twin could use yield from)
                yield user
            page = users.next_page if users.next_page != page else None

    async def get_user_by_id(self, uid: str | UUID) -> UserResponse:
        response = await self._send(_requests.admin_get(uid))
        return UserResponse(user=_requests.parse_user(response))

    async def update_user_by_id(
        self, uid: str | UUID, attributes: Mapping[str, Any]
    ) -> UserResponse:
        response = await self._send(_requests.admin_update(uid, attributes))
        return UserResponse(user=_requests.parse_user(response))

    async def delete_user(self, id: str | UUID, should_soft_delete: bool = False) -> None:
        """Delete (or, with ``should_soft_delete``, anonymise) a user; ends their sessions."""
        await self._send(_requests.admin_delete(id, should_soft_delete))

    async def generate_link(self, params: Mapping[str, Any]) -> GenerateLinkResponse:
        """``{type, email, password?, new_email?, options: {data, redirect_to}}``: the link
        and OTP to send yourself (``properties``) and the ``user``."""
        response = await self._send(_requests.admin_generate_link_request(params))
        return _requests.parse_generate_link(response)

    async def invite_user_by_email(
        self, email: str, options: Mapping[str, Any] | None = None
    ) -> UserResponse:
        response = await self._send(_requests.admin_invite(email, options))
        return UserResponse(user=_requests.parse_user(response))

    async def sign_out(
        self, jwt: str, scope: Literal["global", "local", "others"] = "global"
    ) -> None:
        """End the session(s) of the user whose access token is ``jwt``."""
        kwargs = _requests.logout_request(scope)
        kwargs["headers"] = {**kwargs.get("headers", {}), "Authorization": f"Bearer {jwt}"}
        await async_send(self._http, kwargs)
