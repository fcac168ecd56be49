"""get_claims: local verification (JWKS keys, HS256 with the secret), the server fallback,
and every check failing on its own (sync and async, against the auth test server).

Asymmetric mode: the server signs with the private JWK whose ``key_ops`` holds ``sign``
(``signing_keys`` runtime setting, as GoTrue's ``GOTRUE_JWT_KEYS``) and publishes the
public halves at ``/.well-known/jwks.json`` with ``Cache-Control: public, max-age=600``.
"""

from __future__ import annotations

import base64
import json
import uuid
from typing import Any

import jwt as pyjwt
import pytest
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from jwt.algorithms import ECAlgorithm, OKPAlgorithm, RSAAlgorithm
from kinbase.errors import BadJWTError, InvalidJWTError

from tests.auth.conftest import PASSWORD, ServerTools, call, double_only, new_email

pytestmark = pytest.mark.anyio

JWKS = "GET /.well-known/jwks.json"
USER = "GET /user"


def private_jwk(alg: str, *, sign: bool = True) -> dict[str, Any]:
    if alg == "ES256":
        data = json.loads(ECAlgorithm.to_jwk(ec.generate_private_key(ec.SECP256R1())))
    elif alg == "RS256":
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        data = json.loads(RSAAlgorithm.to_jwk(key))
    else:
        data = json.loads(OKPAlgorithm.to_jwk(ed25519.Ed25519PrivateKey.generate()))
    data.update(kid=str(uuid.uuid4()), alg=alg, key_ops=["sign"] if sign else ["verify"])
    return data


def use_keys(server: ServerTools, *keys: dict[str, Any]) -> None:
    server.configure(signing_keys=json.dumps(list(keys)))


async def sign_in(client: Any) -> str:
    email = new_email()
    result = await call(client.sign_up({"email": email, "password": PASSWORD}))
    assert result.session is not None
    return str(result.session.access_token)


def tamper(token: str) -> str:
    head, body, sig = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    claims["role"] = "service_role"
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    return f"{head}.{forged}.{sig}"


@pytest.mark.parametrize("alg", ["ES256", "RS256", "EdDSA"])
async def test_asymmetric_tokens_verify_locally_with_the_cached_jwks(
    make_client: Any, server: ServerTools, alg: str
) -> None:
    key = private_jwk(alg)
    use_keys(server, key)
    client = make_client(jwt_secret=None)
    token = await sign_in(client)
    server.reset_stats()
    first = await call(client.get_claims())
    second = await call(client.get_claims(token))
    assert first["headers"]["kid"] == key["kid"] and first["headers"]["alg"] == alg
    assert first["claims"]["sub"] == second.claims["sub"]
    assert first["claims"]["aud"] == "authenticated" and first["claims"]["iss"] == server.url
    assert isinstance(first["signature"], bytes) and len(first["signature"]) > 32
    stats = server.stats()
    assert stats.get(JWKS) == 1  # fetched once, then cached (max-age=600)
    assert stats.get(USER, 0) == 0  # no round trip to the server per verification


async def test_a_tampered_asymmetric_token_is_refused(
    make_client: Any, server: ServerTools
) -> None:
    use_keys(server, private_jwk("ES256"))
    client = make_client(jwt_secret=None)
    token = await sign_in(client)
    with pytest.raises(InvalidJWTError, match="signature") as caught:
        await call(client.get_claims(tamper(token)))
    assert caught.value.to_dict()["code"] == "invalid_jwt"
    assert token.split(".")[2] not in str(caught.value) + repr(caught.value)


async def test_a_rotated_in_key_is_found_by_one_refetch(
    make_client: Any, server: ServerTools
) -> None:
    old = private_jwk("ES256")
    use_keys(server, old)
    client = make_client(jwt_secret=None)
    await call(client.get_claims(await sign_in(client)))
    server.reset_stats()
    new = private_jwk("ES256")
    use_keys(server, {**old, "key_ops": ["verify"]}, new)  # rotation: new signer, old verifies
    token = await sign_in(client)
    claims = await call(client.get_claims(token))
    assert claims["headers"]["kid"] == new["kid"]
    assert server.stats().get(JWKS) == 1


async def test_an_unknown_kid_refetches_once_then_not_again_for_a_while(
    make_client: Any, server: ServerTools
) -> None:
    use_keys(server, private_jwk("ES256"))
    client = make_client(jwt_secret=None)
    genuine = await sign_in(client)
    await call(client.get_claims(genuine))
    stranger = private_jwk("ES256")
    claims = pyjwt.decode(genuine, options={"verify_signature": False})
    forged = pyjwt.encode(
        claims,
        pyjwt.PyJWK(stranger).key,
        algorithm="ES256",
        headers={"kid": stranger["kid"]},
    )
    server.reset_stats()
    for _ in range(3):
        with pytest.raises(InvalidJWTError, match="no key with kid"):
            await call(client.get_claims(forged))
    assert server.stats().get(JWKS) == 1  # one refetch for the unknown kid, then bounded
    await call(client.get_claims(genuine))  # the known key still verifies from the cache


async def test_supplied_jwks_are_used_before_fetching(
    make_client: Any, server: ServerTools
) -> None:
    key = private_jwk("ES256")
    use_keys(server, key)
    client = make_client(jwt_secret=None)
    token = await sign_in(client)
    public = {k: v for k, v in key.items() if k != "d"} | {"key_ops": ["verify"]}
    server.reset_stats()
    result = await call(client.get_claims(token, jwks={"keys": [public]}))
    assert result["claims"]["email"]
    assert server.stats().get(JWKS, 0) == 0


async def test_audience_and_issuer_are_checked(make_client: Any, server: ServerTools) -> None:
    use_keys(server, private_jwk("ES256"))
    token = await sign_in(make_client(jwt_secret=None))
    with pytest.raises(InvalidJWTError, match="audience"):
        await call(make_client(jwt_secret=None, jwt_audience="someone-else").get_claims(token))
    with pytest.raises(InvalidJWTError, match="issuer"):
        await call(
            make_client(jwt_secret=None, jwt_issuer="https://other.example").get_claims(token)
        )
    relaxed = make_client(jwt_secret=None, jwt_issuer="https://x.example", verify_issuer=False)
    assert (await call(relaxed.get_claims(token)))["claims"]["iss"] == server.url


@pytest.mark.parametrize("keys", ["ES256", "HS256"])
async def test_expired_and_not_yet_valid_tokens_are_refused(
    make_client: Any, server: ServerTools, jwt_secret: str, keys: str
) -> None:
    if keys == "ES256":
        use_keys(server, private_jwk("ES256"))
    double_only(server, "tokens issued two minutes in the past and an hour in the future")
    client = make_client(jwt_secret=jwt_secret, jwt_leeway=30)
    server.advance_clock(-3600 - 120)  # lifetime 3600 s: expired two minutes ago
    expired = await sign_in(client)
    server.advance_clock(3600 + 120 + 3600)  # issued an hour from now
    future = await sign_in(client)
    with pytest.raises(InvalidJWTError, match="expired"):
        await call(client.get_claims(expired))
    with pytest.raises(InvalidJWTError, match="not valid yet"):
        await call(client.get_claims(future))


async def test_hs256_verifies_locally_with_the_jwt_secret(
    make_client: Any, server: ServerTools, jwt_secret: str
) -> None:
    client = make_client(jwt_secret=jwt_secret)
    token = await sign_in(client)
    server.reset_stats()
    result = await call(client.get_claims())
    assert result["headers"]["alg"] == "HS256" and result["claims"]["role"] == "authenticated"
    assert server.stats().get(USER, 0) == 0 and server.stats().get(JWKS, 0) == 0
    with pytest.raises(InvalidJWTError, match="signature"):
        await call(client.get_claims(tamper(token)))
    wrong = make_client(jwt_secret="another-secret-of-at-least-32-characters!")
    with pytest.raises(InvalidJWTError, match="signature"):
        await call(wrong.get_claims(token))


async def test_hs256_without_the_secret_asks_the_server(
    make_client: Any, server: ServerTools
) -> None:
    client = make_client(jwt_secret=None)
    token = await sign_in(client)
    server.reset_stats()
    result = await call(client.get_claims(token))
    assert result.claims["sub"] and server.stats().get(USER) == 1
    with pytest.raises(BadJWTError):
        await call(client.get_claims(tamper(token)))
    assert server.stats().get(USER) == 2


async def test_tokens_that_cannot_be_verified_are_refused_before_any_request(
    make_client: Any, server: ServerTools
) -> None:
    client = make_client(jwt_secret=None)
    token = await sign_in(client)
    body = token.split(".")[1]
    none_header = base64.urlsafe_b64encode(b'{"alg":"none","typ":"JWT"}').rstrip(b"=").decode()
    no_kid = base64.urlsafe_b64encode(b'{"alg":"ES256","typ":"JWT"}').rstrip(b"=").decode()
    server.reset_stats()
    with pytest.raises(InvalidJWTError, match="'none' is not supported"):
        await call(client.get_claims(f"{none_header}.{body}."))
    with pytest.raises(InvalidJWTError, match="has no kid"):
        await call(client.get_claims(f"{no_kid}.{body}.AAAA"))
    with pytest.raises(InvalidJWTError, match="not a JWT"):
        await call(client.get_claims("not-a-token"))
    assert server.stats() == {}


async def test_signed_out_is_none(make_client: Any) -> None:
    assert await call(make_client().get_claims()) is None
