"""The route table."""

from __future__ import annotations

from .app import Route
from .handlers import account, admin, discovery, mfa, testing, token

ROUTES: tuple[Route, ...] = (
    Route("GET", "/health", account.health),
    Route("GET", "/settings", account.settings),
    Route("POST", "/signup", account.signup),
    Route("POST", "/token", token.token),
    Route("POST", "/logout", account.logout),
    Route("GET", "/user", account.get_user),
    Route("PUT", "/user", account.update_user),
    Route("POST", "/otp", account.otp),
    Route("POST", "/magiclink", account.magiclink),
    Route("POST", "/verify", account.verify),
    Route("GET", "/verify", account.verify_redirect),
    Route("POST", "/recover", account.recover),
    Route("POST", "/resend", account.resend),
    Route("GET", "/reauthenticate", account.reauthenticate),
    Route("POST", "/factors", mfa.enroll),
    Route("POST", "/factors/{factor_id}/challenge", mfa.challenge),
    Route("POST", "/factors/{factor_id}/verify", mfa.verify),
    Route("DELETE", "/factors/{factor_id}", mfa.unenroll),
    Route("GET", "/admin/users", admin.list_users),
    Route("POST", "/admin/users", admin.create_user),
    Route("GET", "/admin/users/{user_id}", admin.get_user),
    Route("PUT", "/admin/users/{user_id}", admin.update_user),
    Route("DELETE", "/admin/users/{user_id}", admin.delete_user),
    Route("GET", "/admin/users/{user_id}/factors", admin.list_factors),
    Route("DELETE", "/admin/users/{user_id}/factors/{factor_id}", admin.delete_factor),
    Route("POST", "/admin/generate_link", admin.generate_link),
    Route("POST", "/invite", admin.invite),
    Route("GET", "/.well-known/openid-configuration", discovery.openid_configuration),
    Route("GET", "/.well-known/jwks.json", discovery.jwks),
    Route("GET", "/userinfo", discovery.userinfo),
    Route("GET", "/oauth/userinfo", discovery.userinfo),
    Route("GET", "/_test/mailbox", testing.mailbox),
    Route("POST", "/_test/reset", testing.reset),
    Route("GET", "/_test/stats", testing.stats),
    Route("DELETE", "/_test/stats", testing.reset_stats),
    Route("GET", "/_test/config", testing.get_config),
    Route("POST", "/_test/config", testing.set_config),
    Route("POST", "/_test/clock", testing.clock),
    Route("POST", "/_test/expire_session", testing.expire_session),
)
