"""openapi/auth.yaml against the GoTrue-compatible test server (tests/authserver).

Seeds: a signed-up, confirmed user (its access token authenticates the user endpoints), an
unverified TOTP factor of that user (``factor_id``), and a second user for the admin
endpoints (``user_id``); admin endpoints use a service-role JWT (HS256 with the server's
secret, ``role: service_role``). Every operation is driven with generated path parameters,
with the seeded ids, with well-formed bodies (fresh one-time codes read from the test
mailbox, TOTP codes computed from the factor's secret), without credentials, and with
``X-Supabase-Api-Version: 2024-01-01`` (the second error shape). After a mutating case the
seeds are checked, and the server is reset and reseeded when a case broke them (logout,
password change, deleted user...).
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import time
from base64 import urlsafe_b64encode
from typing import Any

import pytest
import requests

from tests.authserver import jwt, totp
from tests.authserver.config import DEFAULT_JWT_SECRET
from tests.fidelity._driver import (
    Report,
    Target,
    Variant,
    load_schema,
    operation_id,
    operations,
    run_operation,
)

pytestmark = pytest.mark.fidelity

EMAIL, PASSWORD = "fid-user@example.com", "fid-user-password"
ADMIN_TARGET = "fid-target@example.com"
API_VERSION = {"X-Supabase-Api-Version": "2024-01-01"}
GENERATED_CASES = 10  # per operation, everything generated (random ids: missing objects)
SEEDED_CASES = 10  # path parameters naming seeded objects
VALID_CASES = 6  # a well-formed request
OTHER_CASES = 3  # without credentials; with the 2024-01-01 error shape
NO_PATH_CASES = 15
_unique = itertools.count(1)
SEED_PLACEHOLDER = "fid-seed"  # path parameters are percent-encoded when generated: no specials


def _service_role_token() -> str:
    now = int(time.time())
    claims = {"role": "service_role", "iss": "fidelity", "iat": now, "exp": now + 24 * 3600}
    return jwt.encode(claims, DEFAULT_JWT_SECRET)


SERVICE = {"Authorization": f"Bearer {_service_role_token()}"}
BAD_TOKEN = {"Authorization": "Bearer " + jwt.encode({"role": "service_role"}, "not-the-secret")}
EXPIRED = {
    "Authorization": "Bearer "
    + jwt.encode({"role": "service_role", "sub": "x", "exp": 1_000_000}, DEFAULT_JWT_SECRET)
}


class Seeds:
    def __init__(self, server: Any, session: Any) -> None:
        self.server = server  # the auth fixture: the real GoTrue or the double
        self.url = server.url
        self.session = session
        self.access_token = ""
        self.refresh_token = ""
        self.user_id = ""
        self.factor_id = ""
        self.factor_secret = ""
        self.target_id = ""

    def _post(self, path: str, body: Any, headers: Any = None, **params: str) -> Any:
        answer = self.session.post(
            f"{self.url}{path}", json=body, headers=headers, params=params, timeout=30
        )
        assert answer.status_code in (200, 201), f"{path}: {answer.status_code} {answer.text}"
        return answer.json() if answer.content else None

    @property
    def user_auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.access_token}"}

    def all(self) -> None:
        self.server.reset()
        session = self._post("/signup", {"email": EMAIL, "password": PASSWORD})
        self.user_id = session["user"]["id"]
        self._remember(session)
        factor = self._post(
            "/factors", {"factor_type": "totp", "friendly_name": "seed"}, self.user_auth
        )
        self.factor_id, self.factor_secret = factor["id"], factor["totp"]["secret"]
        target = self._post(
            "/admin/users",
            {"email": ADMIN_TARGET, "password": PASSWORD, "email_confirm": True},
            SERVICE,
        )
        self.target_id = target["id"]

    def _remember(self, session: Any) -> None:
        self.access_token = session["access_token"]
        self.refresh_token = session["refresh_token"]

    def sign_in(self) -> None:
        self._remember(
            self._post("/token", {"email": EMAIL, "password": PASSWORD}, grant_type="password")
        )

    def healthy(self) -> bool:
        user = self.session.get(f"{self.url}/user", headers=self.user_auth, timeout=30)
        if user.status_code != 200 or user.json().get("email") != EMAIL:
            return False
        factors = {factor["id"]: factor for factor in user.json().get("factors") or []}
        if factors.get(self.factor_id, {}).get("status") != "unverified":
            return False
        target = self.session.get(
            f"{self.url}/admin/users/{self.target_id}", headers=SERVICE, timeout=30
        )
        return target.status_code == 200

    def repair(self) -> None:
        if self.healthy():
            return
        # A logged-out session only needs a new sign-in; anything else: start again.
        with contextlib.suppress(AssertionError):
            self.sign_in()
        if not self.healthy():
            self.all()

    # Fresh material for well-formed requests.
    def otp_token(self) -> str:
        self._post("/otp", {"email": EMAIL})
        return str(self.server.mailbox(EMAIL)[-1]["token"])

    def challenge(self) -> str:
        challenge = self._post(f"/factors/{self.factor_id}/challenge", {}, self.user_auth)
        return str(challenge["id"])

    def totp_code(self) -> str:
        return totp.code_at(self.factor_secret, time.time())

    def pkce_code(self, verifier: str) -> str:
        digest = hashlib.sha256(verifier.encode()).digest()
        challenge = urlsafe_b64encode(digest).rstrip(b"=").decode()
        self._post(
            "/otp",
            {"email": EMAIL, "code_challenge": challenge, "code_challenge_method": "s256"},
        )
        return str(self.server.mailbox(EMAIL)[-1]["code"])


def _fresh_email() -> str:
    return f"fid-{next(_unique)}@example.com"


def _valid_variants(name: str, seeds: Seeds) -> list[Variant]:
    """Well-formed requests per operation; ``prepare`` fills in run-time values."""

    def body(make: Any) -> Any:
        def prepare(case: Any) -> None:
            case.body = make()

        return prepare

    def fixed(variant_body: Any, **kwargs: Any) -> Variant:
        return Variant(
            f"valid {variant_body}", VALID_CASES, body=variant_body, has_body=True, **kwargs
        )

    def dynamic(label: str, make: Any, **kwargs: Any) -> Variant:
        return Variant(label, VALID_CASES, body={}, has_body=True, prepare=body(make), **kwargs)

    verifier = "fidelity-code-verifier-" + "x" * 30
    variants: dict[str, list[Variant]] = {
        "signup": [
            dynamic("valid email", lambda: {"email": _fresh_email(), "password": PASSWORD}),
            Variant("valid anonymous", 2, body={}, has_body=True),
            dynamic("valid existing", lambda: {"email": EMAIL, "password": PASSWORD}),
        ],
        "token": [
            Variant(
                "valid password",
                VALID_CASES,
                query={"grant_type": "password"},
                body={"email": EMAIL, "password": PASSWORD},
                has_body=True,
            ),
            Variant(
                "valid refresh",
                VALID_CASES,
                query={"grant_type": "refresh_token"},
                body={},
                has_body=True,
                prepare=body(lambda: {"refresh_token": seeds.refresh_token}),
            ),
            Variant(
                "valid pkce",
                VALID_CASES,
                query={"grant_type": "pkce"},
                body={},
                has_body=True,
                prepare=body(
                    lambda: {"auth_code": seeds.pkce_code(verifier), "code_verifier": verifier}
                ),
            ),
        ],
        "logout": [Variant("valid", 2, auth=lambda: seeds.user_auth)],
        "otp": [
            fixed({"email": EMAIL}),
            dynamic(
                "valid phone", lambda: {"phone": "+1555000" + str(next(_unique) % 10000).zfill(4)}
            ),
        ],
        "magiclink": [fixed({"email": EMAIL})],
        "verify": [
            dynamic(
                "valid",
                lambda: {"type": "email", "email": EMAIL, "token": seeds.otp_token()},
            )
        ],
        "recover": [fixed({"email": EMAIL}), fixed({"email": "fid-nobody@example.com"})],
        "resend": [fixed({"email": EMAIL, "type": "signup"})],
        "update_user": [fixed({"data": {"colour": "blue"}}, auth=lambda: seeds.user_auth)],
        "factors_enroll": [
            dynamic(
                "valid",
                lambda: {"factor_type": "totp", "friendly_name": f"f{next(_unique)}"},
                auth=lambda: seeds.user_auth,
            )
        ],
        "factors_challenge": [fixed({}, auth=lambda: seeds.user_auth)],
        "factors_verify": [
            dynamic(
                "valid",
                lambda: {"challenge_id": seeds.challenge(), "code": seeds.totp_code()},
                auth=lambda: seeds.user_auth,
            )
        ],
        "admin_list_users": [
            Variant("valid page", VALID_CASES, query={"page": 1, "per_page": 1}, exact_query=True),
            Variant("valid", VALID_CASES, query={}, exact_query=True),
        ],
        "admin_create_user": [
            dynamic(
                "valid",
                lambda: {"email": _fresh_email(), "password": PASSWORD, "email_confirm": True},
            )
        ],
        "admin_update_user": [fixed({"user_metadata": {"colour": "red"}})],
        "admin_delete_user": [
            fixed({"should_soft_delete": True}),
            fixed({"should_soft_delete": False}),
        ],
        "admin_generate_link": [
            fixed({"type": "magiclink", "email": EMAIL}),
            dynamic(
                "valid signup",
                lambda: {"type": "signup", "email": _fresh_email(), "password": PASSWORD},
            ),
        ],
        "invite": [dynamic("valid", lambda: {"email": _fresh_email()})],
    }
    return variants.get(name, [])


def _uses(operation: Any, scheme: str) -> bool:
    return any(
        scheme in requirement for requirement in operation.definition.raw.get("security", [])
    )


def test_auth_spec_fidelity(auth: Any) -> None:
    schema = load_schema("auth")
    # No requests.Session: one connection per request. On a kept-alive connection every
    # answer of the test server waits ~40 ms (Nagle's algorithm against delayed ACKs), which
    # would triple the run time.
    session: Any = requests.api
    seeds = Seeds(auth, session)
    seeds.all()
    where = "tests/authserver" if auth.kind == "double" else "the real GoTrue"
    report = Report(f"auth.yaml vs {where}")

    def credentials(operation: Any) -> dict[str, str]:
        if _uses(operation, "serviceRoleJwt"):
            return SERVICE
        if _uses(operation, "userJwt"):
            return seeds.user_auth
        return {}

    def seeded_path(case: Any) -> None:
        values = {"factor_id": seeds.factor_id, "user_id": seeds.target_id}
        for key in list(case.path_parameters or {}):
            if case.path_parameters[key] == SEED_PLACEHOLDER:
                case.path_parameters[key] = values[key]

    def after(case: Any, response: Any) -> None:
        if case.method.upper() != "GET":
            seeds.repair()

    target = Target(auth.url, None, lambda case: credentials(case.operation), after)
    for operation in operations(schema):
        name = operation_id(operation)
        path_names = [p.name for p in operation.path_parameters]
        seeded = {n: SEED_PLACEHOLDER for n in path_names}
        if path_names:
            variants = [
                Variant("generated", GENERATED_CASES),
                Variant("seeded", SEEDED_CASES, path_parameters=seeded),
            ]
        else:
            variants = [Variant("no path", NO_PATH_CASES)]
        valid = _valid_variants(name, seeds)
        for variant in valid:
            if path_names:
                variant.path_parameters = seeded
        if not valid and not operation.body:
            valid = [Variant("valid", VALID_CASES, path_parameters=seeded or None)]
        variants += valid
        variants += [
            Variant("anonymous", OTHER_CASES, path_parameters=seeded or None, auth={}),
        ]
        if _uses(operation, "userJwt") or _uses(operation, "serviceRoleJwt"):
            variants += [
                Variant("bad token", OTHER_CASES, path_parameters=seeded or None, auth=BAD_TOKEN),
                Variant("expired token", OTHER_CASES, path_parameters=seeded or None, auth=EXPIRED),
            ]
        if _uses(operation, "serviceRoleJwt"):  # a user's token is not an admin's
            variants.append(
                Variant(
                    "user token",
                    OTHER_CASES,
                    path_parameters=seeded or None,
                    auth=lambda: seeds.user_auth,
                )
            )
        # The 2024-01-01 error shape, on top of the operation's credentials.
        variants += [
            Variant(
                "api 2024-01-01",
                OTHER_CASES,
                path_parameters=seeded or None,
                auth=lambda op=operation: {**credentials(op), **API_VERSION},
            ),
        ]
        for variant in variants:
            user_prepare = variant.prepare

            def prepare(case: Any, user_prepare: Any = user_prepare) -> None:
                seeded_path(case)
                if user_prepare is not None:
                    user_prepare(case)

            variant.prepare = prepare
        run_operation(report, operation, variants, target)
    print(report.summary())
    assert not report.findings, report.summary()
