"""7. Token checks: local ``get_claims`` verifications per second beside ``get_user``
round trips per second (what a server asks when it cannot verify a token itself).

One signed-in sync ``AuthClient`` on the auth server ``make bench`` runs (the real GoTrue
when built, else the double; loopback), single thread:

- ``get_claims(token)`` with an ES256 token (the server signs with an asymmetric key and
  publishes it in its JWKS; the client fetches the key set once and verifies locally);
- ``get_claims(token)`` with an HS256 token and the client holding the JWT secret
  (verified locally, no request);
- ``get_user(token)``: one ``GET /user`` round trip per check.

Each figure is the median of ``runs`` timed rounds of ``ops`` calls (after a warm-up
round), in checks per second; ``local_vs_get_user`` is the ES256 figure over get_user's.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Callable
from typing import Any

from cryptography.hazmat.primitives.asymmetric import ec
from jwt.algorithms import ECAlgorithm

from bench.common import NotAvailable, describe_error, median
from tests.servers import AnyAuthServer


def _per_second(call: Callable[[], object], ops: int, runs: int) -> float:
    for _ in range(max(1, ops // 10)):
        call()  # warm-up: JWKS fetched, connections open, code paths loaded
    rates = []
    for _ in range(runs):
        began = time.perf_counter()
        for _ in range(ops):
            call()
        rates.append(ops / (time.perf_counter() - began))
    return median(rates)


def _signing_key() -> dict[str, Any]:
    key: dict[str, Any] = json.loads(ECAlgorithm.to_jwk(ec.generate_private_key(ec.SECP256R1())))
    key.update(kid=str(uuid.uuid4()), alg="ES256", key_ops=["sign"])
    return key


def _measure(auth: AnyAuthServer, ops: int, runs: int) -> dict[str, Any]:
    try:
        from kinbase.auth import AuthClient
    except Exception as exc:
        raise NotAvailable(f"kinbase.AuthClient is not available: {exc!r}") from exc
    out: dict[str, Any] = {"ops": ops, "runs": runs}
    credentials = {"email": f"claims-{uuid.uuid4().hex}@example.com", "password": "claims-Pw0rd!"}
    with AuthClient(auth.url, jwt_secret=auth.jwt_secret) as client:
        hs256 = client.sign_up(credentials).session
        assert hs256 is not None
        out["hs256_local_per_s"] = round(
            _per_second(lambda: client.get_claims(hs256.access_token), ops, runs)
        )
        out["get_user_per_s"] = round(
            _per_second(lambda: client.get_user(hs256.access_token), ops, runs)
        )
    auth.configure({"signing_keys": json.dumps([_signing_key()])})
    try:
        with AuthClient(auth.url) as client:
            es256 = client.sign_in_with_password(credentials).session
            assert es256 is not None
            out["es256_local_per_s"] = round(
                _per_second(lambda: client.get_claims(es256.access_token), ops, runs)
            )
            out["jwks_fetches"] = auth.stats().get("GET /.well-known/jwks.json", 0)
    finally:
        auth.configure({"signing_keys": ""})
    out["local_vs_get_user"] = round(out["es256_local_per_s"] / out["get_user_per_s"], 1)
    return out


def run(auth: AnyAuthServer, *, ops: int, runs: int) -> dict[str, Any]:
    try:
        return _measure(auth, ops, runs)
    except NotAvailable as exc:
        return {"n/a": str(exc)}
    except Exception as exc:
        return {"n/a": describe_error(exc)}
