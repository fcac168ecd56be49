"""``AsyncRequestSession``: the kinbase side of one web request (async source).

Made by the framework integrations for every request, it costs nothing until used: the
web session named by the cookie is read on first use, the user's client view
(``client.for_session(key)``: the shared connection pool, this user's session) is made on
first use. ``finish()`` runs when the response starts: it saves the web session if
something changed and says which ``Set-Cookie`` to send (a new key, or a removal).
Refreshed tokens need no write-back: the refresh writes them to the store at once.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from kinbase.auth.session_storage import MemorySessionStorage
from kinbase.auth.types import Session, SignInWithPasswordCredentials
from kinbase.errors import AuthSessionMissingError
from kinbase.web._core import CookieSettings

if TYPE_CHECKING:
    from kinbase._async.client import AsyncClient, AsyncUserClient
    from kinbase.sessions._async.session import AsyncStoredSession

__all__ = ["AsyncRequestSession"]


class AsyncRequestSession:
    """The web session and the signed-in user of one request (see the module)."""

    def __init__(self, client: AsyncClient, key: str | None, cookie: CookieSettings) -> None:
        store = client.session_store
        if store is None:
            raise AuthSessionMissingError("the client has no session_store")
        self.client = client
        self.store = store
        self.cookie = cookie
        self.session: AsyncStoredSession = store.get_session(key)
        self._sent_key = self.session.key
        self._user: AsyncUserClient | None = None
        self._cleared = False

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.session!r}>"

    async def load(self) -> AsyncStoredSession:
        """The web session, read once."""
        return await self.session.load()

    async def user(self) -> AsyncUserClient:
        """The signed-in user's client (``.auth``, ``.storage``); raises
        :class:`~kinbase.errors.AuthSessionMissingError` when nobody is signed in."""
        if self._user is None:
            await self.load()
            key = self.session.key
            if key is None:
                raise AuthSessionMissingError()
            view = self.client.for_session(key)
            if await view.auth.get_session() is None:
                raise AuthSessionMissingError()
            self._user = view
        return self._user

    async def current_session(self) -> Session | None:
        """The signed-in user's kinbase session (refreshed if due), or None."""
        try:
            user = await self.user()
        except AuthSessionMissingError:
            return None
        return await user.auth.get_session()

    async def claims(self) -> Mapping[str, Any]:
        """The signed-in user's access-token claims, checked the way
        :meth:`~kinbase.auth.AsyncAuthClient.get_claims` checks them: locally with the
        server's JWKS or the client's ``jwt_secret`` (no auth round trip)."""
        session = await self.current_session()
        if session is None:
            raise AuthSessionMissingError()
        checked = await self.client.auth.get_claims(session.access_token)
        if checked is None:
            raise AuthSessionMissingError()
        claims: Mapping[str, Any] = checked["claims"]
        return claims

    async def sign_in_with_password(self, credentials: SignInWithPasswordCredentials) -> Session:
        """Sign the user in. On success the web session gets a new key (a key known
        before sign-in is never reused: no session fixation) holding its items and the
        user's session; a failed sign-in changes nothing and sets no cookie."""
        await self.load()
        scratch = self.client.auth.with_storage(MemorySessionStorage())
        response = await scratch.sign_in_with_password(credentials)
        if response.session is None:
            raise AuthSessionMissingError("the sign-in did not give a session")
        fresh = self.store.get_session(None)
        await fresh.load()
        for name, value in self.session.items():
            fresh[name] = value
        fresh[self.client.auth.session_manager.storage_key] = response.session.to_dict()
        await fresh.save()
        old = self.session.key
        if old is not None:
            await self.store.delete(old)
        self.session = fresh
        assert fresh.key is not None
        self._user = self.client.for_session(fresh.key)
        return response.session

    async def sign_out(self) -> None:
        """Sign the user out (the server revokes the session) and delete the web session."""
        await self.load()
        if self.session.key is not None:
            view = self._user or self.client.for_session(self.session.key)
            try:
                await view.auth.sign_out()
            finally:
                await self.session.delete()
                self._cleared = True
        self._user = None

    async def finish(self) -> str | None:
        """Save the web session if it changed; the ``Set-Cookie`` value to send, if any."""
        await self.session.save()
        key = self.session.key
        if self._cleared and key is None:
            return self.cookie.clear_header() if self._sent_key is not None else None
        if key is not None and key != self._sent_key:
            return self.cookie.set_header(key, self.store.max_age)
        return None
