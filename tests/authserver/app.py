"""The application: routing, API-version handling, rate limiting and request stats."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass

from . import errors
from .config import RUNTIME_FIELDS, AuthConfig
from .errors import ApiError
from .mail import Mailer
from .ratelimit import RateLimiter
from .sessions import SessionService
from .store import Store
from .wire import Request, Response

log = logging.getLogger("kinbase.authserver")

API_VERSION_HEADER = "X-Supabase-Api-Version"
Handler = Callable[..., Response]


@dataclass(frozen=True)
class Route:
    method: str
    template: str
    handler: Handler

    @property
    def pattern(self) -> re.Pattern[str]:
        regex = re.sub(r"\{(\w+)\}", r"(?P<\1>[^/]+)", self.template)
        return re.compile(f"^{regex}$")


def api_version(value: str) -> str | None:
    """The version to echo: "2024-01-01" for any valid date on or after it."""
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()) and value.strip() >= "2024-01-01":
        return "2024-01-01"
    return None


class App:
    def __init__(self, config: AuthConfig, base_url: str) -> None:
        from .routes import ROUTES  # handlers import App for typing only

        self.config = config
        self._initial = {k: v for k, v in config.public_dict().items() if k in RUNTIME_FIELDS}
        self.base_url = base_url
        self.store = Store(config)
        self.sessions = SessionService(self.store, base_url)
        self.mailer = Mailer(self.store, base_url)
        self.limiter = RateLimiter()
        self._routes = [(route, route.pattern) for route in ROUTES]

    def reset(self) -> None:
        """Wipe all state and restore the runtime config the server started with."""
        with self.store.lock:
            self.config.update(self._initial)
        self.store.reset()
        self.limiter.reset()

    def _match(self, method: str, path: str) -> tuple[Route | None, dict[str, str], bool]:
        path_known = False
        for route, pattern in self._routes:
            found = pattern.match(path)
            if found is None:
                continue
            path_known = True
            if route.method == method:
                return route, found.groupdict(), True
        return None, {}, path_known

    def _strip_prefix(self, path: str) -> str:
        prefix = self.config.issuer_path
        if prefix and (path == prefix or path.startswith(prefix + "/")):
            path = path[len(prefix) :] or "/"
        return path.rstrip("/") or "/"

    def handle(self, req: Request) -> tuple[int, dict[str, str], bytes]:
        req.path = self._strip_prefix(req.path)
        version = api_version(req.header(API_VERSION_HEADER))
        route, params, path_known = self._match(req.method, req.path)
        self._count(req, route)
        try:
            if route is None:
                if path_known:
                    raise ApiError(405, "method_not_allowed", "Method not allowed")
                raise ApiError(404, "not_found", f"No route for {req.method} {req.path}")
            if route.template == "/token":
                self._check_rate_limit(req)
            response = route.handler(self, req, **params)
            status, headers, body = response.status, dict(response.headers), response.encoded()
            if body:
                headers.setdefault("Content-Type", "application/json")
        except (ApiError, errors.OAuthError) as exc:
            status, headers, body = errors.render(exc, new_shape=version is not None)
            headers["Content-Type"] = "application/json"
        except Exception as exc:
            log.exception("unhandled error on %s %s", req.method, req.path)
            status, headers, body = errors.render(exc, new_shape=version is not None)
            headers["Content-Type"] = "application/json"
        if version is not None:
            headers[API_VERSION_HEADER] = version
        return status, headers, body

    def _count(self, req: Request, route: Route | None) -> None:
        if req.path.startswith("/_test/"):
            return
        key = f"{req.method} {route.template if route else req.path}"
        if route is not None and route.template == "/token":
            key += f"?grant_type={req.query.get('grant_type', '')}"
        with self.store.lock:
            self.store.stats[key] += 1

    def _check_rate_limit(self, req: Request) -> None:
        limit = self.config.rate_limit_token_requests
        if limit <= 0:
            return
        if not self.limiter.allow(
            req.client_ip, limit, self.config.rate_limit_window, self.store.now()
        ):
            raise ApiError(429, "over_request_rate_limit", "Request rate limit reached")
