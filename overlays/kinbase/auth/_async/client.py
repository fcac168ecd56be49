"""AsyncAuthClient: GoTrue's user API with supabase_auth's method names and arguments.

The sync ``AuthClient`` is generated from this file (scripts/unasync.py).
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any, Literal, Self, cast

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
from kinbase.auth._async.admin import AsyncAuthAdminAPI
from kinbase.auth._async.mfa import AsyncAuthMFAAPI
from kinbase.auth._async.tokens import AsyncTokenEndpoint
from kinbase.auth._background import AsyncRefresher, async_start_refresher
from kinbase.auth._jwt import decode_claims
from kinbase.auth._pkce import RECOVERY_SUFFIX, new_verifier, verifier_key
from kinbase.auth.session import DEFAULT_REFRESH_MARGIN, SessionAuth, SessionManager
from kinbase.auth.storage import DEFAULT_STORAGE_KEY, MemorySessionStorage
from kinbase.auth.types import (
    AuthChangeEvent,
    AuthOtpResponse,
    AuthResponse,
    AuthStateCallback,
    ClaimsResponse,
    OAuthResponse,
    Session,
    Subscription,
    UserResponse,
)
from kinbase.errors import AuthApiError, AuthSessionMissingError, InvalidInputError

__all__ = ["API_VERSION", "AsyncAuthClient"]

#: Sent as ``X-Supabase-Api-Version`` on every request: errors come in the current shape.
API_VERSION = "2024-01-01"
FlowType = Literal["implicit", "pkce"]


def _signed_out_already(error: AuthApiError) -> bool:
    # The server no longer knows the session: signing out has the effect asked for.
    return error.status_code in (401, 403, 404)


class AsyncAuthClient:
    """A GoTrue client for one user session (plus ``.admin`` and ``.mfa``).

    ``url`` is the auth root (``https://<project>.supabase.co/auth/v1``). ``storage``
    keeps the session (memory by default; :class:`~kinbase.auth.FileSessionStorage` to
    share it between runs and processes). ``refresh_margin`` is how many seconds before
    expiry a token is refreshed. ``refresh_reuse_interval``: the server's refresh-token
    reuse interval, if you know it; when it exceeds the retry policy's
    ``max_total_seconds`` a refresh whose response was lost is resent (the server then
    answers with the current token instead of revoking the session). ``service_key`` or
    ``jwt_secret`` enable :attr:`admin`. ``auto_refresh_token`` starts a background
    refresher (stopped by :meth:`aclose`).
    """

    def __init__(
        self,
        url: str,
        *,
        headers: Mapping[str, str] | None = None,
        storage: Any = None,
        storage_key: str | None = None,
        persist_session: bool = True,
        auto_refresh_token: bool = False,
        flow_type: FlowType = "implicit",
        refresh_margin: float = DEFAULT_REFRESH_MARGIN,
        refresh_reuse_interval: float | None = None,
        service_key: str | None = None,
        jwt_secret: str | bytes | None = None,
        timeout: TimeoutTypes = 30.0,
        retry: RetryTypes = None,
        verify: VerifyTypes = True,
    ) -> None:
        if flow_type not in ("implicit", "pkce"):
            raise InvalidInputError(f"flow_type must be 'implicit' or 'pkce', got {flow_type!r}")
        self._config = ClientConfig(
            base_url=url,
            headers=cast(Any, {"X-Supabase-Api-Version": API_VERSION, **(headers or {})}),
            timeout=timeout,
            retry=retry,
            verify=verify,
        )
        self._http = build_async_httpx_client(self._config)
        idempotent = (
            refresh_reuse_interval is not None
            and refresh_reuse_interval > self._config.retry.max_total_seconds
        )
        if storage is None or not persist_session:
            storage = MemorySessionStorage()
        self._manager = SessionManager(
            config=self._config,
            storage=storage,
            storage_key=storage_key or DEFAULT_STORAGE_KEY,
            refresh_margin=refresh_margin,
            idempotent_refresh=idempotent,
            async_tokens=AsyncTokenEndpoint(self._http, idempotent_refresh=idempotent),
        )
        self._auth = SessionAuth(self._manager)
        self._flow_type: FlowType = flow_type
        self._auto_refresh = auto_refresh_token
        self._refresher: AsyncRefresher | None = None
        admin_auth = None
        if service_key is not None or jwt_secret is not None:
            admin_auth = ServiceRoleAuth(service_key=service_key, jwt_secret=jwt_secret)
        self.admin = AsyncAuthAdminAPI(self._http, admin_auth)
        self.mfa = AsyncAuthMFAAPI(self)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self._config.base_url} {self._manager!r}>"

    # -- plumbing -----------------------------------------------------------------------

    @property
    def url(self) -> str:
        return self._config.base_url

    @property
    def session_manager(self) -> SessionManager:
        """The shared session (storage, listeners, single-flight refresh)."""
        return self._manager

    def as_httpx_auth(self) -> httpx.Auth:
        """The ``httpx.Auth`` carrying this client's session (for any sync or async httpx
        client, e.g. ``StorageClient(url, auth=auth_client)``)."""
        return self._auth

    async def _send(
        self, kwargs: dict[str, Any], *, user: bool = False, jwt: str | None = None
    ) -> httpx.Response:
        if jwt is not None:
            kwargs["headers"] = {**kwargs.get("headers", {}), "Authorization": f"Bearer {jwt}"}
        return await async_send(
            self._http, kwargs, auth=self._auth if user and jwt is None else None
        )

    async def _signed_in(self, response: httpx.Response, event: AuthChangeEvent) -> AuthResponse:
        result = _requests.parse_auth_response(response)
        if result.session is not None:
            await self._manager.async_save(result.session, event)
            await self._maybe_start_refresher()
        return result

    async def _pkce_verifier(self, *, recovery: bool = False) -> str | None:
        if self._flow_type != "pkce":
            return None
        verifier = new_verifier()
        stored = verifier + RECOVERY_SUFFIX if recovery else verifier
        await self._manager.async_set_item(verifier_key(self._manager.storage_key), stored)
        return verifier

    async def _maybe_start_refresher(self) -> None:
        if self._auto_refresh and self._refresher is None:
            self._refresher = async_start_refresher(self._manager)

    async def start_auto_refresh(self) -> None:
        """Start the background refresher (also started by ``auto_refresh_token=True``)."""
        self._auto_refresh = True
        await self._maybe_start_refresher()

    async def stop_auto_refresh(self) -> None:
        if self._refresher is not None:
            self._refresher.stop()
            self._refresher = None

    async def aclose(self) -> None:
        """Stop the background refresher and close the connections (the session stays in
        its storage)."""
        await self.stop_auto_refresh()
        await self._manager.aclose()
        await self._http.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    # -- initialisation ------------------------------------------------------------------------

    async def initialize(self, *, url: str | None = None) -> Session | None:
        """Read the stored session (refreshing it if its access token expired) and emit
        INITIAL_SESSION to earlier listeners. Other calls do this on first use.

        ``url`` (supabase_auth's implicit-grant redirect URL) is refused: tokens in URLs
        are for browsers; use the PKCE flow and :meth:`exchange_code_for_session`.
        """
        if url is not None:
            raise InvalidInputError(
                "implicit-grant URLs are not supported: use flow_type='pkce' and "
                "exchange_code_for_session()"
            )
        await self._manager.async_load()
        session = await self._manager.async_get_session()
        if session is not None:
            await self._maybe_start_refresher()
        return session

    async def initialize_from_storage(self) -> Session | None:
        return await self.initialize()

    # -- sign up / sign in ---------------------------------------------------------------------

    async def sign_up(self, credentials: Mapping[str, Any]) -> AuthResponse:
        """``{email|phone, password, options: {data, email_redirect_to, captcha_token,
        channel}}``: a session when the server auto-confirms, else only the user."""
        verifier = await self._pkce_verifier() if credentials.get("email") else None
        response = await self._send(_requests.sign_up(credentials, verifier))
        return await self._signed_in(response, "SIGNED_IN")

    async def sign_in_with_password(self, credentials: Mapping[str, Any]) -> AuthResponse:
        """``{email|phone, password}``; ``session.weak_password`` flags a weak password."""
        response = await self._send(_requests.sign_in_with_password(credentials))
        return await self._signed_in(response, "SIGNED_IN")

    async def sign_in_anonymously(
        self, credentials: Mapping[str, Any] | None = None
    ) -> AuthResponse:
        response = await self._send(_requests.sign_in_anonymously(credentials))
        return await self._signed_in(response, "SIGNED_IN")

    async def sign_in_with_id_token(self, credentials: Mapping[str, Any]) -> AuthResponse:
        """``{provider, token, access_token?, nonce?}``: an OIDC ID token from a provider."""
        response = await self._send(_requests.sign_in_with_id_token(credentials))
        return await self._signed_in(response, "SIGNED_IN")

    async def sign_in_with_otp(self, credentials: Mapping[str, Any]) -> AuthOtpResponse:
        """Send a one-time code / magic link to ``email`` or ``phone``."""
        verifier = await self._pkce_verifier() if credentials.get("email") else None
        response = await self._send(_requests.sign_in_with_otp(credentials, verifier))
        return _requests.parse_otp_response(response)

    async def sign_in_with_oauth(self, credentials: Mapping[str, Any]) -> OAuthResponse:
        """The provider's authorize URL to send the user to (no request is made)."""
        provider = credentials.get("provider")
        if not provider:
            raise InvalidInputError("sign_in_with_oauth needs a provider")
        options = credentials.get("options") or {}
        params: dict[str, str] = {**options.get("query_params", {}), "provider": provider}
        if options.get("redirect_to"):
            params["redirect_to"] = options["redirect_to"]
        if options.get("scopes"):
            params["scopes"] = options["scopes"]
        verifier = await self._pkce_verifier()
        if verifier is not None:
            params.update(_requests.pkce_params(verifier))
        url = httpx.URL(f"{self._config.base_url}/authorize", params=params)
        return OAuthResponse(provider=provider, url=str(url))

    async def verify_otp(self, params: Mapping[str, Any]) -> AuthResponse:
        """``{type, token|token_hash, email|phone}``; emits PASSWORD_RECOVERY for a
        recovery token, else SIGNED_IN."""
        response = await self._send(_requests.verify_otp(params))
        event: AuthChangeEvent = (
            "PASSWORD_RECOVERY" if params.get("type") == "recovery" else "SIGNED_IN"
        )
        return await self._signed_in(response, event)

    async def resend(self, credentials: Mapping[str, Any]) -> AuthOtpResponse:
        response = await self._send(_requests.resend(credentials))
        return _requests.parse_otp_response(response)

    async def reset_password_for_email(
        self, email: str, options: Mapping[str, Any] | None = None
    ) -> None:
        verifier = await self._pkce_verifier(recovery=True)
        await self._send(_requests.reset_password_for_email(email, options, verifier))

    async def reset_password_email(
        self, email: str, options: Mapping[str, Any] | None = None
    ) -> None:
        """Alias of :meth:`reset_password_for_email` (supabase_auth has both)."""
        await self.reset_password_for_email(email, options)

    async def exchange_code_for_session(self, params: Mapping[str, Any]) -> AuthResponse:
        """PKCE: ``{auth_code, code_verifier?}``; the verifier defaults to the one this
        session's storage kept when the flow started."""
        auth_code = params.get("auth_code")
        if not auth_code:
            raise InvalidInputError("exchange_code_for_session needs an auth_code")
        key = verifier_key(self._manager.storage_key)
        verifier = params.get("code_verifier")
        event: AuthChangeEvent = "SIGNED_IN"
        if not verifier:
            stored = await self._manager.async_get_item(key)
            if not stored:
                raise InvalidInputError("no PKCE code verifier in this session's storage")
            verifier, _, kind = stored.partition("/")
            if kind == RECOVERY_SUFFIX.lstrip("/"):
                event = "PASSWORD_RECOVERY"
        response = await self._send(_requests.exchange_code(auth_code, verifier))
        await self._manager.async_remove_item(key)
        return await self._signed_in(response, event)

    # -- the signed-in user ----------------------------------------------------------------------

    async def reauthenticate(self) -> AuthResponse:
        """Send the reauthentication nonce (needed by ``update_user`` with secure password
        change on)."""
        await self._send(_requests.reauthenticate_request(), user=True)
        return AuthResponse()

    async def get_user(self, jwt: str | None = None) -> UserResponse | None:
        """The user of ``jwt``, or of the current session (``None`` when signed out)."""
        if jwt is None and await self._manager.async_get_session() is None:
            return None
        response = await self._send(_requests.get_user_request(), user=True, jwt=jwt)
        return UserResponse(user=_requests.parse_user(response))

    async def get_user_identities(self) -> list[Any]:
        result = await self.get_user()
        if result is None:
            raise AuthSessionMissingError()
        identities = result.user.identities
        return list(identities) if isinstance(identities, list) else []

    async def update_user(
        self, attributes: Mapping[str, Any], options: Mapping[str, Any] | None = None
    ) -> UserResponse:
        """``{email, phone, password, nonce, data}``; emits USER_UPDATED."""
        await self._manager.async_require_session()
        verifier = await self._pkce_verifier() if attributes.get("email") else None
        kwargs = _requests.update_user_request(attributes, options, verifier)
        user = _requests.parse_user(await self._send(kwargs, user=True))
        session = self._manager.current()
        if session is not None:
            session = session.with_user(user)
            await self._manager.async_save(session, "USER_UPDATED")
        return UserResponse(user=user)

    async def get_claims(
        self, jwt: str | None = None, jwks: Mapping[str, Any] | None = None
    ) -> ClaimsResponse | None:
        """The access token's claims, after the server accepted the token (``GET /user``;
        HS256 keys are never published, so the server is the one to verify). ``jwks`` is
        accepted for compatibility and not used."""
        token = jwt
        if token is None:
            session = await self._manager.async_get_session()
            if session is None:
                return None
            token = session.access_token
        claims = decode_claims(token)
        await self._send(_requests.get_user_request(), jwt=token)
        return ClaimsResponse(claims=claims)

    # -- the session ---------------------------------------------------------------------------

    async def get_session(self) -> Session | None:
        """The current session, refreshed first when it expires within the margin (one
        refresh however many callers ask at once)."""
        return await self._manager.async_get_session()

    async def set_session(self, access_token: str, refresh_token: str) -> AuthResponse:
        """Adopt tokens obtained elsewhere; an expired access token is refreshed first."""
        if not refresh_token:
            raise AuthSessionMissingError("set_session needs a refresh token")
        now = int(time.time())
        expires_at = int(decode_claims(access_token).get("exp", 0)) if access_token else 0
        if expires_at <= now:
            session = await self._manager.async_refresh_with(refresh_token)
        else:
            user = await self.get_user(access_token)
            assert user is not None
            session = Session(
                access_token=access_token,
                refresh_token=refresh_token,
                expires_at=expires_at,
                expires_in=expires_at - now,
                user=user.user,
            )
            await self._manager.async_save(session, "SIGNED_IN")
        await self._maybe_start_refresher()
        return AuthResponse(user=session.user, session=session)

    async def refresh_session(self, refresh_token: str | None = None) -> AuthResponse:
        """A new session now, whatever the expiry (single flight for the current one)."""
        if refresh_token:
            session = await self._manager.async_refresh_with(refresh_token)
        else:
            session = await self._manager.async_refresh()
        return AuthResponse(user=session.user, session=session)

    async def sign_out(
        self,
        options: Mapping[str, Any] | None = None,
        *,
        scope: Literal["global", "local", "others"] | None = None,
    ) -> None:
        """``scope`` (or ``options={"scope": ...}``): ``global`` (default) ends every
        session of the user, ``local`` this one, ``others`` all but this one.

        ``global``/``local`` clear this session and emit SIGNED_OUT (``local`` before the
        request, ``global`` after the server agreed); ``others`` keeps it. A 401/403/404
        answer counts as signed out already; other errors are raised.
        """
        chosen = _requests.check_scope(scope or (options or {}).get("scope") or "global")
        try:
            session = await self._manager.async_get_session()
        except AuthApiError:
            if chosen == "others":
                raise
            session = None  # the refresh was refused: nothing left to revoke
        if chosen == "local":
            await self._manager.async_clear()
        if session is not None:
            try:
                await self._send(_requests.logout_request(chosen), jwt=session.access_token)
            except AuthApiError as error:
                if not _signed_out_already(error):
                    raise
        if chosen == "global":
            await self._manager.async_clear()

    def on_auth_state_change(self, callback: AuthStateCallback) -> Subscription:
        """Call ``callback(event, session)`` on INITIAL_SESSION, SIGNED_IN, SIGNED_OUT,
        TOKEN_REFRESHED, USER_UPDATED, PASSWORD_RECOVERY and MFA_CHALLENGE_VERIFIED;
        ``subscription.unsubscribe()`` stops it. Callbacks run in the thread or task that
        caused the event and must not block."""
        return self._manager.subscribe(callback)
