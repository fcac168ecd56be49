"""The sans-I/O retry policy (kinbase._http.retry): unit and property tests."""

from __future__ import annotations

import email.utils
import math
import random

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from kinbase._http.retry import (
    IDEMPOTENT_EXTENSION,
    RetryPolicy,
    decide,
    initial_wait,
    is_idempotent,
)
from kinbase._server_headers import (
    ServerAlert,
    alert_from_header,
    parse_backoff,
    parse_retry_after,
)

NOW = 1_700_000_000.0

METHODS = ["GET", "HEAD", "PUT", "DELETE", "OPTIONS", "POST", "PATCH"]
NOT_SENT = [httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout]
MAYBE_SENT = [
    httpx.ReadError,
    httpx.ReadTimeout,
    httpx.WriteError,
    httpx.WriteTimeout,
    httpx.RemoteProtocolError,
]


def _request(method: str = "GET", idempotent: bool | None = None) -> httpx.Request:
    request = httpx.Request(method, "https://h.example/v1/x")
    if idempotent is not None:
        request.extensions[IDEMPOTENT_EXTENSION] = idempotent
    return request


def _response(status: int, headers: dict[str, str] | None = None) -> httpx.Response:
    return httpx.Response(status, headers=headers)


# --------------------------------------------------------------------------- parsing


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("3", 3.0),
        (" 120 ", 120.0),
        ("0", 0.0),
        ("1.5", 1.5),
        ("-5", 0.0),
        ("abc", None),
        ("", None),
        (None, None),
        ("nan", None),
        ("inf", None),
        ("-inf", None),
        ("1e999", None),
        ("12abc", None),
        ("1_000", None),
    ],
)
def test_parse_retry_after_seconds(value: str | None, expected: float | None) -> None:
    assert parse_retry_after(value, NOW) == expected


def test_parse_retry_after_http_date() -> None:
    future = email.utils.formatdate(NOW + 7, usegmt=True)
    assert parse_retry_after(future, NOW) == pytest.approx(7.0)
    past = email.utils.formatdate(NOW - 100, usegmt=True)
    assert parse_retry_after(past, NOW) == 0.0
    assert parse_retry_after("Wed, 32 Foo 2015 07:28:00 GMT", NOW) is None
    # "-0000" zone (naive datetime) is still read as GMT
    minus_zero = email.utils.formatdate(NOW + 5).rsplit(" ", 1)[0] + " -0000"
    assert parse_retry_after(minus_zero, NOW) == pytest.approx(5.0)


@given(st.text())
def test_parse_retry_after_never_raises(value: str) -> None:
    result = parse_retry_after(value, NOW)
    assert result is None or (math.isfinite(result) and result >= 0)


@given(st.integers(min_value=-(10**9), max_value=10**9))
def test_parse_retry_after_integers(n: int) -> None:
    assert parse_retry_after(str(n), NOW) == max(n, 0)


@given(st.floats(min_value=-(10**9), max_value=10**9).map(lambda x: round(x)))
def test_parse_retry_after_dates(offset: int) -> None:
    value = email.utils.formatdate(NOW + offset, usegmt=True)
    assert parse_retry_after(value, NOW) == pytest.approx(max(offset, 0), abs=1)


@given(st.text())
def test_parse_backoff_never_raises(value: str) -> None:
    result = parse_backoff(value)
    assert result is None or (math.isfinite(result) and result >= 0)


@given(st.integers(min_value=-(10**6), max_value=10**6))
def test_parse_backoff_integers(n: int) -> None:
    assert parse_backoff(str(n)) == max(n, 0)
    assert parse_backoff(None) is None
    assert parse_backoff(" ") is None


# --------------------------------------------------------------------------- idempotency


@pytest.mark.parametrize("method", ["GET", "HEAD", "PUT", "DELETE", "OPTIONS", "get"])
def test_idempotent_methods(method: str) -> None:
    assert is_idempotent(_request(method))


def test_post_and_patch_need_the_mark() -> None:
    assert not is_idempotent(_request("POST"))
    assert not is_idempotent(_request("PATCH"))
    assert is_idempotent(_request("POST", idempotent=True))
    assert not is_idempotent(_request("PUT", idempotent=False))


# --------------------------------------------------------------------------- policy


def test_policy_validation() -> None:
    with pytest.raises(ValueError, match="max_attempts"):
        RetryPolicy(max_attempts=0)
    with pytest.raises(ValueError, match="backoff_max"):
        RetryPolicy(backoff_max=-1)
    with pytest.raises(ValueError):
        RetryPolicy(on_server_backoff="later")  # type: ignore[arg-type]
    assert RetryPolicy.no_retries().max_attempts == 1
    assert RetryPolicy(retry_statuses=[500]).retry_statuses == frozenset({500})  # type: ignore[arg-type]


def test_jitter_modes() -> None:
    rng = random.Random(7)
    none = RetryPolicy(jitter="none", backoff_base=1, backoff_max=5)
    assert [none.backoff(n) for n in (1, 2, 3, 4, 5)] == [1, 2, 4, 5, 5]
    full = RetryPolicy(jitter="full", backoff_base=1, backoff_max=100)
    equal = RetryPolicy(jitter="equal", backoff_base=1, backoff_max=100)
    for n in range(1, 8):
        assert 0 <= full.backoff(n, rng) <= 2 ** (n - 1)
        assert 2 ** (n - 1) / 2 <= equal.backoff(n, rng) <= 2 ** (n - 1)
    assert full.backoff(10_000, rng) <= 100  # no overflow
    # a seeded rng makes delays reproducible
    assert full.backoff(3, random.Random(1)) == full.backoff(3, random.Random(1))


# --------------------------------------------------------------------------- decide


def test_503_then_retry_after_is_honoured() -> None:
    policy = RetryPolicy(jitter="none", backoff_base=0.5)
    decision = decide(
        policy, _request("POST"), 1, 0.0, response=_response(503, {"Retry-After": "2"})
    )
    assert decision.retry and decision.delay == 2.0
    assert "503" in decision.reason


def test_fixed_retry_after_replaces_the_servers_and_the_backoff() -> None:
    """kinto-http's ``retry_after=``: the caller's wait, whatever the server asks."""
    policy = RetryPolicy(jitter="none", backoff_base=0.5, retry_after=0.25)
    asked_an_hour = _response(503, {"Retry-After": "3600"})
    decision = decide(policy, _request("GET"), 1, 0.0, response=asked_an_hour)
    assert decision.retry and decision.delay == 0.25
    plain = decide(RetryPolicy(), _request("GET"), 1, 0.0, response=asked_an_hour)
    assert not plain.retry and plain.exhausted == "time"
    # a server Backoff in force is still waited out; max_total_seconds still bounds the call
    longer = decide(policy, _request("GET"), 1, 0.0, response=asked_an_hour, backoff_remaining=3)
    assert longer.delay == 3
    late = decide(policy, _request("GET"), 1, policy.max_total_seconds, response=asked_an_hour)
    assert not late.retry
    for bad in (-1.0, math.nan, math.inf):
        with pytest.raises(ValueError, match="retry_after"):
            RetryPolicy(retry_after=bad)


def test_statuses() -> None:
    policy = RetryPolicy(jitter="none")
    for status in (429, 503):
        assert decide(policy, _request("POST"), 1, 0, response=_response(status)).retry
    for status in (502, 504):
        assert decide(policy, _request("GET"), 1, 0, response=_response(status)).retry
        assert not decide(policy, _request("POST"), 1, 0, response=_response(status)).retry
        assert decide(
            policy, _request("POST", idempotent=True), 1, 0, response=_response(status)
        ).retry
    for status in (200, 201, 304, 400, 401, 404, 412, 500):
        assert not decide(policy, _request("GET"), 1, 0, response=_response(status)).retry


def test_kinto_409_only_with_retry_after() -> None:
    policy = RetryPolicy(jitter="none")
    plain = decide(policy, _request("POST"), 1, 0, response=_response(409))
    assert not plain.retry
    with_header = decide(
        policy, _request("POST"), 1, 0, response=_response(409, {"Retry-After": "3"})
    )
    assert with_header.retry and with_header.delay == 3.0
    off = RetryPolicy(retry_conflict_with_retry_after=False)
    assert not decide(
        off, _request("PUT"), 1, 0, response=_response(409, {"Retry-After": "1"})
    ).retry


def test_errors_by_phase() -> None:
    policy = RetryPolicy()
    request = _request("POST")
    for cls in NOT_SENT:
        assert decide(policy, request, 1, 0, error=cls("x", request=request)).retry
    for cls in MAYBE_SENT:
        decision = decide(policy, request, 1, 0, error=cls("x", request=request))
        assert not decision.retry and decision.exhausted is None
        assert decide(policy, _request("PUT"), 1, 0, error=cls("x", request=request)).retry
    assert not decide(policy, request, 1, 0, error=httpx.UnsupportedProtocol("x")).retry
    assert not decide(policy, request, 1, 0, error=ValueError("x")).retry


def test_limits() -> None:
    policy = RetryPolicy(max_attempts=3, max_total_seconds=10, backoff_max=4, jitter="none")
    request = _request()
    last = decide(policy, request, 3, 0, response=_response(503))
    assert not last.retry and last.exhausted == "attempts"
    late = decide(policy, request, 1, 9.9, response=_response(503, {"Retry-After": "1"}))
    assert not late.retry and late.exhausted == "time"
    too_long = decide(policy, request, 1, 0, response=_response(503, {"Retry-After": "60"}))
    assert not too_long.retry and too_long.exhausted == "time"
    assert "backoff_max" in too_long.reason
    with pytest.raises(TypeError):
        decide(policy, request, 1, 0)


def test_a_retry_leaves_room_for_an_attempt() -> None:
    """A wait that fits the budget but leaves less than an attempt takes is not made: the
    attempt would be cut by the budget, and the answer in hand lost for a timeout."""
    policy = RetryPolicy(max_total_seconds=10, backoff_max=4, jitter="none", backoff_base=1)
    request = _request()
    # attempt 1 answered 503 after 0.5 s: waiting 1 s leaves 8.5 s, plenty for another
    assert decide(policy, request, 1, 0.5, response=_response(503), attempt_seconds=0.5).retry
    # at 8.5 s, waiting 1 s would leave 0.5 s for an attempt that took 0.6 s: stop here
    late = decide(policy, request, 1, 8.5, response=_response(503), attempt_seconds=0.6)
    assert not late.retry and late.exhausted == "time"
    assert "less than an attempt takes (0.6s)" in late.reason
    # the same without an attempt's duration: the wait alone fits, so it is made
    assert decide(policy, request, 1, 8.5, response=_response(503)).retry


def test_server_backoff_lengthens_the_delay() -> None:
    policy = RetryPolicy(jitter="none", backoff_base=0.1)
    request = _request()
    assert decide(policy, request, 1, 0, response=_response(503), backoff_remaining=3).delay == 3
    ignore = RetryPolicy(jitter="none", backoff_base=0.1, on_server_backoff="ignore")
    assert decide(ignore, request, 1, 0, response=_response(503), backoff_remaining=3).delay == 0.1


def test_initial_wait() -> None:
    assert initial_wait(RetryPolicy(), 0) == (0.0, None)
    assert initial_wait(RetryPolicy(), 5) == (5, None)
    wait, reason = initial_wait(RetryPolicy(on_server_backoff="fail"), 5)
    assert wait == 0 and reason is not None and "back off" in reason
    assert initial_wait(RetryPolicy(on_server_backoff="ignore"), 5) == (0.0, None)
    _, beyond = initial_wait(RetryPolicy(max_total_seconds=3), 5)
    assert beyond is not None and "max_total_seconds" in beyond


policies = st.builds(
    RetryPolicy,
    max_attempts=st.integers(1, 10),
    max_total_seconds=st.floats(0, 120, allow_nan=False),
    backoff_base=st.floats(0, 10, allow_nan=False),
    backoff_max=st.floats(0, 60, allow_nan=False),
    jitter=st.sampled_from(["full", "equal", "none"]),
    on_server_backoff=st.sampled_from(["wait", "fail", "ignore"]),
)
retry_after_values = st.one_of(
    st.none(),
    st.integers(-10, 10_000).map(str),
    st.floats(-10, 10_000, allow_nan=False).map(repr),
    st.integers(-100, 10_000).map(lambda s: email.utils.formatdate(NOW + s, usegmt=True)),
    st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=20),
)
outcomes = st.one_of(
    st.tuples(st.integers(100, 599), retry_after_values).map(
        lambda pair: _response(pair[0], {"Retry-After": pair[1]} if pair[1] is not None else None)
    ),
    st.sampled_from(NOT_SENT + MAYBE_SENT).map(lambda cls: cls("boom")),
)


@settings(max_examples=400)
@given(
    policy=policies,
    method=st.sampled_from(METHODS),
    marked=st.sampled_from([None, True, False]),
    attempt=st.integers(1, 12),
    elapsed=st.floats(0, 200, allow_nan=False),
    outcome=outcomes,
    backoff_remaining=st.floats(0, 100, allow_nan=False),
    seed=st.integers(0, 2**32),
)
def test_decide_properties(
    policy: RetryPolicy,
    method: str,
    marked: bool | None,
    attempt: int,
    elapsed: float,
    outcome: httpx.Response | Exception,
    backoff_remaining: float,
    seed: int,
) -> None:
    request = _request(method, marked)
    if isinstance(outcome, httpx.Response):
        decision = decide(
            policy,
            request,
            attempt,
            elapsed,
            response=outcome,
            rng=random.Random(seed),
            now=NOW,
            backoff_remaining=backoff_remaining,
        )
    else:
        decision = decide(
            policy,
            request,
            attempt,
            elapsed,
            error=outcome,
            rng=random.Random(seed),
            now=NOW,
            backoff_remaining=backoff_remaining,
        )
    assert decision.reason
    if not decision.retry:
        assert decision.delay == 0
        return
    # bounded attempts
    assert attempt < policy.max_attempts
    # the delay respects the cap and the remaining budget
    assert 0 <= decision.delay <= policy.backoff_max
    assert elapsed + decision.delay <= policy.max_total_seconds
    # never resend something that may have been applied, unless it is idempotent
    if isinstance(outcome, tuple(MAYBE_SENT)):
        assert is_idempotent(request)
    if isinstance(outcome, httpx.Response):
        status = outcome.status_code
        assert status in (409, 429, 502, 503, 504)
        if status in (502, 504):
            assert is_idempotent(request)
        if status == 409:
            assert "retry-after" in outcome.headers
        # a server-mandated wait is honoured, never shortened
        server = parse_retry_after(outcome.headers.get("retry-after"), NOW) or 0.0
        if policy.on_server_backoff != "ignore":
            server = max(server, backoff_remaining)
        assert decision.delay >= server


@given(policy=policies, method=st.sampled_from(METHODS), seed=st.integers(0, 2**32))
def test_attempts_are_bounded(policy: RetryPolicy, method: str, seed: int) -> None:
    """Simulate a server that always fails: the loop stops within max_attempts."""
    request = _request(method)
    rng = random.Random(seed)
    elapsed, attempt = 0.0, 1
    while True:
        decision = decide(policy, request, attempt, elapsed, error=httpx.ConnectError("x"), rng=rng)
        if not decision.retry:
            break
        elapsed += decision.delay
        attempt += 1
    assert attempt <= policy.max_attempts
    assert elapsed <= policy.max_total_seconds


# --------------------------------------------------------------------------- Alert


def test_alert_from_header() -> None:
    value = '{"code": "soft-eol", "message": "Service ends soon", "url": "https://x/eol"}'
    assert alert_from_header(value) == ServerAlert(
        message="Service ends soon", code="soft-eol", url="https://x/eol"
    )
    assert alert_from_header('{"code": "hard-eol"}') == ServerAlert(
        message="hard-eol", code="hard-eol"
    )
    assert alert_from_header("plain text") == ServerAlert(message="plain text")
    assert alert_from_header("[1, 2]") == ServerAlert(message="[1, 2]")
    assert alert_from_header(None) is None
    assert alert_from_header("  ") is None
    assert len(alert_from_header("x" * 5000).message) == 500  # type: ignore[union-attr]


@given(st.text())
def test_alert_never_raises(value: str) -> None:
    alert = alert_from_header(value)
    assert alert is None or isinstance(alert.message, str)
