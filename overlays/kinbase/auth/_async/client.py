"""AsyncAuthClient: GoTrue's user API with supabase_auth's method names and arguments.

Written once, for asyncio (async source); scripts/unasync.py writes the sync twin.
"""

from __future__ import annotations

import copy
import time
from collections.abc import Mapping, Sequence
from typing import Any, Literal, Self, cast

import attrs
import httpx
from kinbase_auth_api.client import AuthenticatedClient

from kinbase._http.config import (
    ClientConfig,
    EventHooks,
    RetryTypes,
    TimeoutTypes,
    VerifyTypes,
    build_async_httpx_client,
    build_async_transport,
)
from kinbase._http.connections import ProxyTypes
from kinbase._http.defaults import DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_TIMEOUT
from kinbase._http.tls import CertTypes
from kinbase.auth import _requests
from kinbase.auth._admin_auth import ServiceRoleAuth
from kinbase.auth._async._send import async_send
from kinbase.auth._async.admin import AsyncAuthAdminAPI
from kinbase.auth._async.mfa import AsyncAuthMFAAPI
from kinbase.auth._async.refresher import AsyncRefresher
from kinbase.auth._async.tokens import AsyncTokenEndpoint
from kinbase.auth._jwks import JWKSCache
from kinbase.auth._jwt import decode_claims, decode_header
from kinbase.auth._pkce import RECOVERY_SUFFIX, new_verifier, verifier_key
from kinbase.auth._views import RecentSessions, SpentTokens
from kinbase.auth.session import (
    DEFAULT_REFRESH_MARGIN,
    OptionalSessionAuth,
    SessionAuth,
    SessionManager,
)
from kinbase.auth.session_storage import DEFAULT_STORAGE_KEY, MemorySessionStorage
from kinbase.auth.types import (
    AuthChangeEvent,
    AuthOtpResponse,
    AuthResponse,
    AuthStateCallback,
    ClaimsResponse,
    CodeExchangeParams,
    IdentitiesResponse,
    OAuthResponse,
    ResendCredentials,
    ResetPasswordForEmailOptions,
    Session,
    SignInAnonymouslyCredentials,
    SignInWithIdTokenCredentials,
    SignInWithOAuthCredentials,
    SignInWithPasswordCredentials,
    SignInWithPasswordlessCredentials,
    SignUpWithPasswordCredentials,
    Subscription,
    UpdateUserOptions,
    UserAttributes,
    UserResponse,
    VerifyOtpParams,
)
from kinbase.errors import (
    AuthApiError,
    AuthSessionMissingError,
    InvalidInputError,
    InvalidJWTError,
)

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

    :meth:`get_claims` verifies access tokens locally: with the server's public keys
    (its JWKS, fetched and cached) for asymmetric tokens, with ``jwt_secret`` for HS256
    ones. ``jwt_issuer`` is the ``iss`` they must carry (default: ``url``;
    ``verify_issuer=False``: not checked), ``jwt_audience`` their ``aud`` (default
    ``"authenticated"``; ``None``: not checked), ``jwt_leeway`` the seconds of clock skew
    allowed on ``exp``/``nbf``/``iat``.
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
        jwt_issuer: str | None = None,
        verify_issuer: bool = True,
        jwt_audience: str | Sequence[str] | None = "authenticated",
        jwt_leeway: float = 30.0,
        timeout: TimeoutTypes = DEFAULT_TIMEOUT,
        retry: RetryTypes = None,
        verify: VerifyTypes = True,
        cert: CertTypes | None = None,
        limits: httpx.Limits | None = None,
        http2: bool = False,
        proxy: ProxyTypes | None = None,
        trust_env: bool = True,
        event_hooks: EventHooks | None = None,
        http_client: httpx.AsyncClient | None = None,
        max_response_bytes: int | None = DEFAULT_MAX_RESPONSE_BYTES,
    ) -> None:
        if flow_type not in ("implicit", "pkce"):
            raise InvalidInputError(f"flow_type must be 'implicit' or 'pkce', got {flow_type!r}")
        extra: dict[str, Any] = {} if limits is None else {"limits": limits}
        self._config = ClientConfig(
            base_url=url,
            headers=cast(Any, {"X-Supabase-Api-Version": API_VERSION, **(headers or {})}),
            timeout=timeout,
            retry=retry,
            verify=verify,
            cert=cert,
            http2=http2,
            proxy=proxy,
            trust_env=trust_env,
            event_hooks=event_hooks,
            http_client=http_client,
            max_response_bytes=max_response_bytes,
            **extra,
        )
        self._transport = build_async_transport(self._config)
        self._http = build_async_httpx_client(self._config, self._transport)
        self._generated: AuthenticatedClient | None = None
        idempotent = (
            refresh_reuse_interval is not None
            and refresh_reuse_interval > self._config.retry.max_total_seconds
        )
        if storage is None or not persist_session:
            storage = MemorySessionStorage()
        self._token_endpoint = AsyncTokenEndpoint(self._http, idempotent_refresh=idempotent)
        #: a view shares its parent's connections: closing it closes none of them
        self._is_view = False
        self._spent = SpentTokens()
        self._recent = RecentSessions()
        self._manager = SessionManager(
            config=self._config,
            storage=storage,
            storage_key=storage_key or DEFAULT_STORAGE_KEY,
            refresh_margin=refresh_margin,
            idempotent_refresh=idempotent,
            async_tokens=self._token_endpoint,
        )
        self._session_driver = self._manager.async_driver
        self._auth = SessionAuth(self._manager)
        self._flow_type: FlowType = flow_type
        self._auto_refresh = auto_refresh_token
        self._refresher: AsyncRefresher | None = None
        admin_auth = None
        if service_key is not None or jwt_secret is not None:
            admin_auth = ServiceRoleAuth(service_key=service_key, jwt_secret=jwt_secret)
        self.admin = AsyncAuthAdminAPI._of_client(self._http, admin_auth)
        self._jwt_secret = jwt_secret
        self._jwt_issuer = (jwt_issuer or self._config.base_url) if verify_issuer else None
        self._jwt_audience = jwt_audience
        self._jwt_leeway = jwt_leeway
        self._jwks = JWKSCache()
        self.mfa = AsyncAuthMFAAPI(self)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self._config.base_url} {self._manager!r}>"

    # -- per-user views -------------------------------------------------------------------

    def with_storage(self, storage: Any, *, storage_key: str | None = None) -> Self:
        """A view of this client for the session kept in ``storage`` (another user's, say
        a web session's: ``store.auth_storage(key)``): the same connections, retry,
        settings, admin API and token verification; its own session, listeners and
        single-flight refresh. Nothing is read or sent to make it (a few microseconds:
        one per web request is fine); closing it closes nothing shared."""
        manager = SessionManager(
            config=self._config,
            storage=storage,
            storage_key=storage_key or self._manager.storage_key,
            refresh_margin=self._manager.margin,
            idempotent_refresh=self._manager.idempotent_refresh,
            async_tokens=self._token_endpoint,
        )
        manager.on_refreshed = self._spent.record
        view = copy.copy(self)
        view._manager = manager
        view._session_driver = manager.async_driver
        view._auth = SessionAuth(manager)
        view._generated = None
        view._auto_refresh = False
        view._refresher = None
        view._is_view = True
        view.mfa = AsyncAuthMFAAPI(view)
        return view

    def as_user(self, access_token: str, refresh_token: str) -> Self:
        """A view (see :meth:`with_storage`) holding the session these tokens make, in
        memory; nothing is sent. Its refreshes come back to the caller in
        ``view.session_manager.current()`` and the TOKEN_REFRESHED event: write them back
        where the tokens came from. A refresh token this client (any of its views)
        already spent gives the session that refresh got, never a second refresh (which
        GoTrue would answer by revoking the session)."""
        if not isinstance(access_token, str) or not isinstance(refresh_token, str):
            raise InvalidInputError("as_user() takes the access and refresh tokens as strings")
        session = self._spent.newest(self._recent.session(access_token, refresh_token))
        view = self.with_storage(MemorySessionStorage())
        view._manager.install(session)
        return view

    # -- plumbing -----------------------------------------------------------------------

    @property
    def url(self) -> str:
        """The auth root this client talks to."""
        return self._config.base_url

    @property
    def session_manager(self) -> SessionManager:
        """The shared session (storage, listeners, single-flight refresh)."""
        return self._manager

    @property
    def generated(self) -> AuthenticatedClient:
        """The generated client, sharing this client's httpx client (retries, headers,
        connections) and sending the current session's access token (refreshed ahead of
        expiry). Pass it to generated endpoint functions (``asyncio_detailed`` here,
        ``sync_detailed`` on :class:`AuthClient`); :func:`kinbase.auth.unwrap` turns error
        statuses into kinbase exceptions."""
        if self._generated is None:
            generated = AuthenticatedClient(base_url=self._config.base_url, token="")
            http = build_async_httpx_client(
                attrs.evolve(self._config, auth=OptionalSessionAuth(self._manager)),
                self._transport,
                owner=False,
            )
            self._generated = generated.set_async_httpx_client(http)
        return self._generated

    def as_httpx_auth(self) -> httpx.Auth:
        """The ``httpx.Auth`` carrying this client's session (for any sync or async httpx
        client, e.g. ``StorageClient(url, auth=auth_client)``)."""
        return self._auth

    async def _send(
        self, kwargs: dict[str, Any], *, user: bool = False, jwt: str | None = None
    ) -> httpx.Response:
        if self._refresher is not None and not self._refresher.running:
            await self._maybe_start_refresher()  # it ended (with an earlier event loop)
        if jwt is not None:
            kwargs["headers"] = {**kwargs.get("headers", {}), "Authorization": f"Bearer {jwt}"}
        return await async_send(
            self._http, kwargs, auth=self._auth if user and jwt is None else None
        )

    async def _signed_in(self, response: httpx.Response, event: AuthChangeEvent) -> AuthResponse:
        result = _requests.parse_auth_response(response)
        if result.session is not None:
            await self._session_driver.save(result.session, event)
            await self._maybe_start_refresher()
        return result

    async def _pkce_verifier(self, *, recovery: bool = False) -> str | None:
        if self._flow_type != "pkce":
            return None
        verifier = new_verifier()
        stored = verifier + RECOVERY_SUFFIX if recovery else verifier
        await self._session_driver.set_item(verifier_key(self._manager.storage_key), stored)
        return verifier

    async def _maybe_start_refresher(self) -> None:
        # A refresher that is not running any more is replaced (an asyncio one ends with
        # its event loop: a client used again in a new asyncio.run() gets a new one).
        if self._auto_refresh and (self._refresher is None or not self._refresher.running):
            if self._refresher is not None:
                self._refresher.stop()
            self._refresher = AsyncRefresher(self._session_driver)

    async def start_auto_refresh(self) -> None:
        """Start the background refresher (also started by ``auto_refresh_token=True``)."""
        self._auto_refresh = True
        await self._maybe_start_refresher()

    async def stop_auto_refresh(self) -> None:
        """Stop the background refresher (the session itself stays)."""
        if self._refresher is not None:
            self._refresher.stop()
            self._refresher = None

    async def aclose(self) -> None:
        """Stop the background refresher and close the connections (the session stays in
        its storage). A view closes only its own refresher."""
        await self.stop_auto_refresh()
        if self._is_view:
            return
        await self._manager.aclose()
        await self._transport.aclose()

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
        await self._session_driver.load()
        session = await self._session_driver.get_session()
        if session is not None:
            await self._maybe_start_refresher()
        return session

    async def initialize_from_storage(self) -> Session | None:
        """Alias of :meth:`initialize` (supabase_auth has both)."""
        return await self.initialize()

    # -- sign up / sign in ---------------------------------------------------------------------

    async def sign_up(self, credentials: SignUpWithPasswordCredentials) -> AuthResponse:
        """``{email|phone, password, options: {data, email_redirect_to, captcha_token,
        channel}}``: a session when the server auto-confirms, else only the user."""
        verifier = await self._pkce_verifier() if credentials.get("email") else None
        response = await self._send(_requests.sign_up(credentials, verifier))
        return await self._signed_in(response, "SIGNED_IN")

    async def sign_in_with_password(
        self, credentials: SignInWithPasswordCredentials
    ) -> AuthResponse:
        """``{email|phone, password}``; ``session.weak_password`` flags a weak password."""
        response = await self._send(_requests.sign_in_with_password(credentials))
        return await self._signed_in(response, "SIGNED_IN")

    async def sign_in_anonymously(
        self, credentials: SignInAnonymouslyCredentials | None = None
    ) -> AuthResponse:
        """Create an anonymous user and sign in as it (``{options: {data,
        captcha_token}}``); emits SIGNED_IN."""
        response = await self._send(_requests.sign_in_anonymously(credentials))
        return await self._signed_in(response, "SIGNED_IN")

    async def sign_in_with_id_token(
        self, credentials: SignInWithIdTokenCredentials
    ) -> AuthResponse:
        """``{provider, token, access_token?, nonce?}``: an OIDC ID token from a provider."""
        response = await self._send(_requests.sign_in_with_id_token(credentials))
        return await self._signed_in(response, "SIGNED_IN")

    async def sign_in_with_otp(
        self, credentials: SignInWithPasswordlessCredentials
    ) -> AuthOtpResponse:
        """Send a one-time code / magic link to ``email`` or ``phone``."""
        verifier = await self._pkce_verifier() if credentials.get("email") else None
        response = await self._send(_requests.sign_in_with_otp(credentials, verifier))
        return _requests.parse_otp_response(response)

    async def sign_in_with_oauth(self, credentials: SignInWithOAuthCredentials) -> OAuthResponse:
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

    async def verify_otp(self, params: VerifyOtpParams) -> AuthResponse:
        """``{type, token, email|phone}`` or ``{type, token_hash}`` (``options.redirect_to``
        is sent where GoTrue reads it); emits PASSWORD_RECOVERY for a recovery token, else
        SIGNED_IN. The first confirmation of a secure email change (on by default) signs no
        one in: the result's ``pending_confirmation`` says the other address must confirm."""
        response = await self._send(_requests.verify_otp(params))
        result = _requests.parse_verify_response(response, params.get("type"))
        if result.pending_confirmation is not None:
            return result
        event: AuthChangeEvent = (
            "PASSWORD_RECOVERY" if params.get("type") == "recovery" else "SIGNED_IN"
        )
        if result.session is not None:
            await self._session_driver.save(result.session, event)
            await self._maybe_start_refresher()
        return result

    async def resend(self, credentials: ResendCredentials) -> AuthOtpResponse:
        """Send a signup, email change or SMS code again (``{type, email|phone,
        options}``)."""
        response = await self._send(_requests.resend(credentials))
        return _requests.parse_otp_response(response)

    async def reset_password_for_email(
        self, email: str, options: ResetPasswordForEmailOptions | None = None
    ) -> None:
        """Send a password recovery email to ``email`` (``options``: ``redirect_to``,
        ``captcha_token``); with the PKCE flow, the verifier is kept for
        :meth:`exchange_code_for_session`."""
        verifier = await self._pkce_verifier(recovery=True)
        await self._send(_requests.reset_password_for_email(email, options, verifier))

    async def reset_password_email(
        self, email: str, options: ResetPasswordForEmailOptions | None = None
    ) -> None:
        """Alias of :meth:`reset_password_for_email` (supabase_auth has both)."""
        await self.reset_password_for_email(email, options)

    async def exchange_code_for_session(self, params: CodeExchangeParams) -> AuthResponse:
        """PKCE: ``{auth_code, code_verifier?}``; the verifier defaults to the one this
        session's storage kept when the flow started."""
        auth_code = params.get("auth_code")
        if not auth_code:
            raise InvalidInputError("exchange_code_for_session needs an auth_code")
        key = verifier_key(self._manager.storage_key)
        verifier = params.get("code_verifier")
        event: AuthChangeEvent = "SIGNED_IN"
        if not verifier:
            stored = await self._session_driver.get_item(key)
            if not stored:
                raise InvalidInputError("no PKCE code verifier in this session's storage")
            verifier, _, kind = stored.partition("/")
            if kind == RECOVERY_SUFFIX.lstrip("/"):
                event = "PASSWORD_RECOVERY"
        response = await self._send(_requests.exchange_code(auth_code, verifier))
        await self._session_driver.remove_item(key)
        return await self._signed_in(response, event)

    # -- the signed-in user ----------------------------------------------------------------------

    async def reauthenticate(self) -> AuthResponse:
        """Send the reauthentication nonce (needed by ``update_user`` with secure password
        change on)."""
        await self._send(_requests.reauthenticate_request(), user=True)
        return AuthResponse()

    async def get_user(self, jwt: str | None = None) -> UserResponse | None:
        """The user of ``jwt``, or of the current session (``None`` when signed out)."""
        if jwt is None and await self._session_driver.get_session() is None:
            return None
        response = await self._send(_requests.get_user_request(), user=True, jwt=jwt)
        return UserResponse(user=_requests.parse_user(response))

    async def get_user_identities(self) -> IdentitiesResponse:
        """The signed-in user's identities (``.identities``), fresh from the server."""
        result = await self.get_user()
        if result is None:
            raise AuthSessionMissingError()
        return IdentitiesResponse(identities=list(result.user.identities or []))

    async def update_user(
        self, attributes: UserAttributes, options: UpdateUserOptions | None = None
    ) -> UserResponse:
        """``{email, phone, password, nonce, data}``; emits USER_UPDATED."""
        await self._session_driver.require_session()
        verifier = await self._pkce_verifier() if attributes.get("email") else None
        kwargs = _requests.update_user_request(attributes, options, verifier)
        user = _requests.parse_user(await self._send(kwargs, user=True))
        session = self._manager.current()
        if session is not None:
            session = session.with_user(user)
            await self._session_driver.save(session, "USER_UPDATED")
        return UserResponse(user=user)

    async def get_claims(
        self, jwt: str | None = None, jwks: Mapping[str, Any] | None = None
    ) -> ClaimsResponse | None:
        """The claims of ``jwt`` (default: the current session's access token, ``None``
        when signed out), after checking the token. A mapping like supabase_auth's:
        ``resp["claims"]["sub"]``, ``resp["headers"]["kid"]``, ``resp["signature"]``.

        Checked locally when possible, with PyJWT: a token with a ``kid`` signed with an
        asymmetric key (RS256, ES256, EdDSA) against the server's JWKS (``jwks`` first if
        given; then ``/.well-known/jwks.json``, cached as its ``Cache-Control`` says and
        refetched once for an unknown ``kid``), an HS256 token with the client's
        ``jwt_secret``; then ``exp``/``nbf``/``iat`` (with ``jwt_leeway``), ``aud`` and
        ``iss``. An HS256 token without the secret is checked by the server
        (``GET /user``). A token that fails raises InvalidJWTError (or the server's
        AuthApiError).
        """
        token = jwt
        if not token:
            session = await self._session_driver.get_session()
            if session is None:
                return None
            token = session.access_token
        try:
            header = decode_header(token)
        except InvalidInputError as exc:
            raise InvalidJWTError(str(exc)) from None
        from kinbase.auth import _jose

        options = _jose.VerifyOptions(
            issuer=self._jwt_issuer, audience=self._jwt_audience, leeway=self._jwt_leeway
        )
        alg = header.get("alg")
        kid = header.get("kid")
        if alg in _jose.ASYMMETRIC_ALGORITHMS:
            if not isinstance(kid, str):
                raise InvalidJWTError(f"JWT signed with {alg} has no kid")
            key = await self._signing_key(kid, jwks)
            decoded = _jose.verify_with_jwk(token, key, alg, options)
        elif alg == "HS256" and self._jwt_secret is not None:
            decoded = _jose.verify_hs256(token, self._jwt_secret, options)
        elif alg == "HS256":
            decoded = _jose.check_unverified(token, options)
            await self._send(_requests.get_user_request(), jwt=token)
        else:
            raise InvalidJWTError(f"JWT algorithm {alg!r} is not supported")
        return ClaimsResponse(
            claims=decoded["payload"], headers=decoded["header"], signature=decoded["signature"]
        )

    async def _signing_key(self, kid: str, jwks: Mapping[str, Any] | None) -> Any:
        from kinbase.auth._jose import jwk_from_dict

        for entry in (jwks or {}).get("keys") or ():
            if isinstance(entry, Mapping) and entry.get("kid") == kid:
                supplied = jwk_from_dict(entry)
                if supplied is not None:
                    return supplied
        key = self._jwks.key(kid)
        if key is None and self._jwks.should_fetch(kid):
            response = await self._send(_requests.jwks_request())
            keys = self._jwks.store(
                _requests.parse_json(response), response.headers.get("cache-control")
            )
            key = keys.get(kid)
        if key is None:
            raise InvalidJWTError(f"no key with kid {kid[:64]!r} in the server's JWKS")
        return key

    # -- the session ---------------------------------------------------------------------------

    async def get_session(self) -> Session | None:
        """The current session, refreshed first when it expires within the margin (one
        refresh however many callers ask at once)."""
        return await self._session_driver.get_session()

    async def set_session(self, access_token: str, refresh_token: str) -> AuthResponse:
        """Adopt tokens obtained elsewhere; an expired access token is refreshed first."""
        if not refresh_token:
            raise AuthSessionMissingError("set_session needs a refresh token")
        now = int(time.time())
        expires_at = int(decode_claims(access_token).get("exp", 0)) if access_token else 0
        if expires_at <= now:
            session = await self._session_driver.refresh_with(refresh_token)
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
            await self._session_driver.save(session, "SIGNED_IN")
        await self._maybe_start_refresher()
        return AuthResponse(user=session.user, session=session)

    async def refresh_session(self, refresh_token: str | None = None) -> AuthResponse:
        """A new session now, whatever the expiry (single flight for the current one)."""
        if refresh_token:
            session = await self._session_driver.refresh_with(refresh_token)
        else:
            session = await self._session_driver.refresh()
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
            session = await self._session_driver.get_session()
        except AuthApiError:
            if chosen == "others":
                raise
            session = None  # the refresh was refused: nothing left to revoke
        if chosen == "local":
            await self._session_driver.clear()
        if session is not None:
            try:
                await self._send(_requests.logout_request(chosen), jwt=session.access_token)
            except AuthApiError as error:
                if not _signed_out_already(error):
                    raise
        if chosen == "global":
            await self._session_driver.clear()

    def on_auth_state_change(self, callback: AuthStateCallback) -> Subscription:
        """Call ``callback(event, session)`` on INITIAL_SESSION, SIGNED_IN, SIGNED_OUT,
        TOKEN_REFRESHED, USER_UPDATED, PASSWORD_RECOVERY and MFA_CHALLENGE_VERIFIED;
        ``subscription.unsubscribe()`` stops it. Callbacks run in the thread or task that
        caused the event and must not block."""
        return self._manager.subscribe(callback)
