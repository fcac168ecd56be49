"""The JWKS cache: Cache-Control decides how long a key set is reused; unknown kids
refetch at most once per REFETCH_INTERVAL; entries that cannot verify are left out."""

from __future__ import annotations

import json

import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from jwt.algorithms import ECAlgorithm
from kinbase.auth._jwks import DEFAULT_TTL, MAX_TTL, REFETCH_INTERVAL, JWKSCache, cache_ttl
from kinbase.errors import InvalidJWTError


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def public_jwk(kid: str) -> dict[str, object]:
    data = json.loads(ECAlgorithm.to_jwk(ec.generate_private_key(ec.SECP256R1()).public_key()))
    return {**data, "kid": kid, "alg": "ES256", "use": "sig", "key_ops": ["verify"]}


@pytest.mark.parametrize(
    ("header", "ttl"),
    [
        ("public, max-age=600", 600.0),
        ("max-age=5", 5.0),
        ('max-age="42", must-revalidate', 42.0),
        ("no-store", 0.0),
        ("public, no-cache", 0.0),
        ("private", DEFAULT_TTL),
        (None, DEFAULT_TTL),
        ("max-age=99999999", MAX_TTL),
        ("s-maxage=10", DEFAULT_TTL),
    ],
)
def test_cache_ttl_follows_cache_control(header: str | None, ttl: float) -> None:
    assert cache_ttl(header) == ttl


def test_a_key_set_is_reused_for_max_age_then_fetched_again() -> None:
    clock = Clock()
    cache = JWKSCache(clock=clock)
    assert cache.key("a") is None and cache.should_fetch("a")
    cache.store({"keys": [public_jwk("a")]}, "max-age=60")
    assert cache.key("a") is not None and not cache.should_fetch("a")
    clock.now += 59
    assert cache.key("a") is not None
    clock.now += 1
    assert cache.key("a") is None and cache.should_fetch("a")


def test_no_store_keys_serve_the_fetching_call_only() -> None:
    cache = JWKSCache(clock=Clock())
    keys = cache.store({"keys": [public_jwk("a")]}, "no-store")
    assert "a" in keys and cache.key("a") is None


def test_unknown_kids_refetch_once_per_interval() -> None:
    clock = Clock()
    cache = JWKSCache(clock=clock)
    cache.store({"keys": [public_jwk("a")]}, "max-age=600")
    assert cache.should_fetch("b") is True
    assert cache.should_fetch("b") is False and cache.should_fetch("c") is False
    clock.now += REFETCH_INTERVAL
    assert cache.should_fetch("c") is True


def test_entries_that_cannot_verify_are_left_out() -> None:
    cache = JWKSCache(clock=Clock())
    keys = cache.store(
        {
            "keys": [
                {"kty": "oct", "kid": "h", "k": "c2VjcmV0"},
                {**public_jwk("enc"), "use": "enc"},
                {**public_jwk("ops"), "key_ops": ["encrypt"]},
                {**public_jwk("alg"), "alg": "HS256"},
                {k: v for k, v in public_jwk("nokid").items() if k != "kid"},
                {"kty": "EC", "kid": "broken", "crv": "P-256", "x": "AA", "y": "AA"},
                public_jwk("good"),
            ]
        },
        None,
    )
    assert set(keys) == {"good"}


@pytest.mark.parametrize("body", [None, [], {"keys": "x"}, "text"])
def test_a_body_that_is_not_a_key_set_is_refused(body: object) -> None:
    with pytest.raises(InvalidJWTError, match="JWKS"):
        JWKSCache().store(body, None)
