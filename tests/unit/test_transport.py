"""RetryTransport / AsyncRetryTransport against httpx.MockTransport (no network)."""

from __future__ import annotations

import email.utils
import gzip
import json
import logging
import ssl
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
from kinbase._http.retry import IDEMPOTENT_EXTENSION, RetryPolicy
from kinbase._http.transport import (
    BODY_EXTENSION,
    AsyncRetryTransport,
    RetryTransport,
    adopt_body,
)
from kinbase.errors import (
    BackoffError,
    InvalidInputError,
    RetryExhaustedError,
    RetryTimeoutError,
    ServerAlertWarning,
    TransportError,
)

NOW = 1_700_000_000.0
SECRET = "s3cr3t-VALUE"
BASE = "https://kinto.example/v1"

Action = httpx.Response | type[httpx.TransportError]


class FakeClock:
    """Monotonic + wall clocks that only move when something sleeps (or the test says)."""

    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def monotonic(self) -> float:
        return self.now

    def wall(self) -> float:
        return NOW + self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds

    async def async_sleep(self, seconds: float) -> None:
        self.sleep(seconds)


class Server:
    """A scripted server: each request consumes the next action (the last one repeats)."""

    def __init__(self, *actions: Action) -> None:
        self.actions = list(actions)
        self.requests: list[httpx.Request] = []
        self.bodies: list[bytes] = []
        self.responses: list[httpx.Response] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        self.bodies.append(request.read())
        action = self.actions.pop(0) if len(self.actions) > 1 else self.actions[0]
        if isinstance(action, type):
            raise action("scripted failure", request=request)
        response = httpx.Response(
            action.status_code, headers=action.headers, content=action.content
        )
        self.responses.append(response)
        return response


def policy(**overrides: Any) -> RetryPolicy:
    options: dict[str, Any] = {"jitter": "none", "backoff_base": 0.5, "backoff_max": 10.0}
    options.update(overrides)
    return RetryPolicy(**options)


def sync_client(
    server: Server, clock: FakeClock, retry_policy: RetryPolicy | None = None
) -> httpx.Client:
    transport = RetryTransport(
        httpx.MockTransport(server),
        policy=retry_policy or policy(),
        sleep=clock.sleep,
        clock=clock.monotonic,
        wall_clock=clock.wall,
    )
    return httpx.Client(transport=transport, base_url=BASE)


def async_client(
    server: Server, clock: FakeClock, retry_policy: RetryPolicy | None = None
) -> httpx.AsyncClient:
    transport = AsyncRetryTransport(
        httpx.MockTransport(server),
        policy=retry_policy or policy(),
        sleep=clock.async_sleep,
        clock=clock.monotonic,
        wall_clock=clock.wall,
    )
    return httpx.AsyncClient(transport=transport, base_url=BASE)


def ok(**headers: str) -> httpx.Response:
    return httpx.Response(200, json={"data": []}, headers=headers)


def status(code: int, **headers: str) -> httpx.Response:
    return httpx.Response(code, json={"code": code, "errno": 999, "error": "x"}, headers=headers)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


# --------------------------------------------------------------------------- statuses


def test_503_then_200_honours_retry_after(clock: FakeClock) -> None:
    server = Server(status(503, **{"Retry-After": "2"}), ok())
    with sync_client(server, clock) as client:
        response = client.get("/buckets")
    assert response.status_code == 200
    assert len(server.requests) == 2
    assert clock.sleeps == [2.0]
    assert server.responses[0].is_closed  # the failed response was released


def test_http_date_retry_after(clock: FakeClock) -> None:
    date = email.utils.formatdate(NOW + 3, usegmt=True)
    server = Server(status(503, **{"Retry-After": date}), ok())
    with sync_client(server, clock) as client:
        assert client.get("/").status_code == 200
    assert clock.sleeps == [pytest.approx(3.0)]


def test_exponential_backoff_without_retry_after(clock: FakeClock) -> None:
    server = Server(status(502), status(504), status(429), ok())
    with sync_client(server, clock) as client:
        assert client.get("/").status_code == 200
    assert clock.sleeps == [0.5, 1.0, 2.0]


def test_retries_ending_on_a_status_return_the_last_response(clock: FakeClock) -> None:
    server = Server(status(503))
    with sync_client(server, clock) as client:
        response = client.get("/")
    assert response.status_code == 503
    assert len(server.requests) == 4
    assert [r.is_closed for r in server.responses[:3]] == [True, True, True]
    assert response.json()["errno"] == 999  # the returned one is still readable


def test_non_idempotent_post_is_not_retried_on_502(clock: FakeClock) -> None:
    server = Server(status(502), ok())
    with sync_client(server, clock) as client:
        assert client.post("/buckets", json={}).status_code == 502
        marked = client.build_request("POST", "/buckets", json={"data": {"id": "b"}})
        marked.extensions[IDEMPOTENT_EXTENSION] = True
        server.actions = [status(502), ok()]
        assert client.send(marked).status_code == 200
    assert len(server.requests) == 3


def test_kinto_409_with_retry_after(clock: FakeClock) -> None:
    server = Server(status(409, **{"Retry-After": "3"}), ok())
    with sync_client(server, clock) as client:
        assert client.post("/batch", json={}).status_code == 200
    assert clock.sleeps == [3.0]


# --------------------------------------------------------------------------- errors


def test_post_connect_error_is_retried(clock: FakeClock) -> None:
    server = Server(httpx.ConnectError, httpx.ConnectTimeout, ok())
    with sync_client(server, clock) as client:
        assert client.post("/buckets", json={"data": {}}).status_code == 200
    assert len(server.requests) == 3


def test_post_read_error_is_not_retried(clock: FakeClock) -> None:
    server = Server(httpx.ReadError, ok())
    with sync_client(server, clock) as client, pytest.raises(TransportError) as info:
        client.post("/buckets", json={"data": {}})
    assert type(info.value) is TransportError
    assert isinstance(info.value.__cause__, httpx.ReadError)
    assert info.value.attempts == 1
    assert len(server.requests) == 1
    assert clock.sleeps == []


def test_put_read_timeout_is_retried(clock: FakeClock) -> None:
    server = Server(httpx.ReadTimeout, ok())
    with sync_client(server, clock) as client:
        assert client.put("/buckets/b", json={}).status_code == 200
    assert len(server.requests) == 2


def test_attempts_exhausted(clock: FakeClock) -> None:
    server = Server(httpx.ConnectError)
    with sync_client(server, clock) as client, pytest.raises(RetryExhaustedError) as info:
        client.get("/")
    exc = info.value
    assert type(exc) is RetryExhaustedError
    assert exc.attempts == 4 and len(server.requests) == 4
    assert exc.elapsed == pytest.approx(0.5 + 1 + 2)
    assert isinstance(exc.__cause__, httpx.ConnectError)
    assert "4 attempts" in str(exc)


def test_time_budget_raises_retry_timeout(clock: FakeClock) -> None:
    server = Server(httpx.ConnectError)
    budget = policy(backoff_base=1.0, max_total_seconds=2.0, max_attempts=10)
    with sync_client(server, clock, budget) as client, pytest.raises(RetryExhaustedError) as info:
        client.get("/")
    assert isinstance(info.value, RetryTimeoutError)
    assert info.value.attempts == 2  # waited 1 s; waiting 2 s more would pass 2 s
    assert clock.sleeps == [1.0]
    assert "max_total_seconds" in str(info.value)


def test_the_wait_for_a_free_connection_is_capped_at_the_budget_left(clock: FakeClock) -> None:
    """httpx's ``pool`` timeout (10 s) would let one attempt wait past a 4 s budget; each
    attempt's request carries the pool wait capped at what is left of the budget."""
    seen: list[dict[str, float]] = []

    class Recording(Server):
        def __call__(self, request: httpx.Request) -> httpx.Response:
            seen.append(dict(request.extensions["timeout"]))  # as this attempt sent it
            return super().__call__(request)

    server = Recording(status(503), ok())
    budget = policy(backoff_base=1.0, max_total_seconds=4.0)
    with sync_client(server, clock, budget) as client:
        client.get("/", timeout=httpx.Timeout(10.0))
    assert [timeouts["pool"] for timeouts in seen] == [4.0, 3.0]  # after a 1 s backoff
    assert [timeouts["read"] for timeouts in seen] == [10.0, 10.0]


def test_a_pool_wait_shorter_than_the_budget_is_left_alone(clock: FakeClock) -> None:
    server = Server(ok())
    with sync_client(server, clock, policy(max_total_seconds=30.0)) as client:
        client.get("/", timeout=httpx.Timeout(10.0, pool=2.0))
    assert server.requests[0].extensions["timeout"]["pool"] == 2.0


@pytest.mark.parametrize("encoding", [None, "gzip"])
def test_adopt_body_gives_httpx_the_body_already_read(
    clock: FakeClock, encoding: str | None
) -> None:
    """The body the transport read becomes the response's content, as httpx's own read
    would leave it, on every httpx version CI runs (the unit lane's matrix): content, text,
    JSON, iter_bytes, elapsed once closed. A compressed body is not adopted (httpx decodes)."""
    body = json.dumps({"data": {"id": "r1", "title": "\u00e9t\u00e9"}}).encode()
    headers = {"Content-Type": "application/json"}
    if encoding:
        headers["Content-Encoding"] = encoding
    wire = gzip.compress(body) if encoding else body

    def unread(request: httpx.Request) -> httpx.Response:  # as a network transport answers
        return httpx.Response(200, headers=headers, stream=httpx.ByteStream(wire))

    transport = RetryTransport(httpx.MockTransport(unread), sleep=clock.sleep)
    with httpx.Client(transport=transport, base_url=BASE) as client:
        response = client.send(client.build_request("GET", "/r"), stream=True)
        adopted = adopt_body(response)
        if not adopted:
            response.read()
        response.close()
    assert adopted is (encoding is None)
    assert response.content == body
    assert response.json()["data"]["title"] == "\u00e9t\u00e9"
    assert response.text == body.decode()
    assert b"".join(response.iter_bytes()) == body
    assert response.is_closed and response.elapsed.total_seconds() >= 0
    assert BODY_EXTENSION not in response.extensions
    assert adopt_body(response) is False  # once only


def test_other_exceptions_propagate_unchanged(clock: FakeClock) -> None:
    def broken(request: httpx.Request) -> httpx.Response:
        raise RuntimeError("bug")

    transport = RetryTransport(httpx.MockTransport(broken), sleep=clock.sleep)
    with httpx.Client(transport=transport) as client, pytest.raises(RuntimeError, match="bug"):
        client.get("https://h.example/")


def test_streamed_request_body_is_resent_whole(clock: FakeClock) -> None:
    server = Server(status(503), ok())

    def chunks() -> Iterator[bytes]:
        yield b'{"data": '
        yield b"{}}"

    with sync_client(server, clock) as client:
        assert client.put("/buckets/b", content=chunks()).status_code == 200
    assert server.bodies == [b'{"data": {}}', b'{"data": {}}']


# --------------------------------------------------------------------------- Backoff / Alert


def test_server_backoff_wait(clock: FakeClock) -> None:
    server = Server(ok(Backoff="5"), ok())
    with sync_client(server, clock) as client:
        client.get("/")
        assert client._transport.server_backoff_remaining() == 5.0  # type: ignore[attr-defined]
        clock.now += 2
        client.get("/")
    assert clock.sleeps == [3.0]  # waited until 5 s had passed, before the second send


def test_server_backoff_fail(clock: FakeClock) -> None:
    server = Server(ok(Backoff="5"), ok())
    with sync_client(server, clock, policy(on_server_backoff="fail")) as client:
        client.get("/")
        with pytest.raises(BackoffError) as info:
            client.get("/")
        assert info.value.seconds_remaining == 5.0
        assert len(server.requests) == 1  # nothing was sent
        clock.now += 5
        assert client.get("/").status_code == 200


def test_server_backoff_ignore(clock: FakeClock) -> None:
    server = Server(ok(Backoff="5"))
    with sync_client(server, clock, policy(on_server_backoff="ignore")) as client:
        client.get("/")
        client.get("/")
    assert clock.sleeps == []


def test_server_backoff_beyond_budget_fails(clock: FakeClock) -> None:
    server = Server(ok(Backoff="600"))
    with sync_client(server, clock) as client:
        client.get("/")
        with pytest.raises(BackoffError):
            client.get("/")


def test_alert_header_warns(clock: FakeClock) -> None:
    alert = json.dumps({"code": "soft-eol", "message": "Ends soon", "url": "https://x/eol"})
    server = Server(ok(Alert=alert))
    with sync_client(server, clock) as client, pytest.warns(ServerAlertWarning) as record:
        client.get("/")
    warning = record[0].message
    assert isinstance(warning, ServerAlertWarning)
    assert warning.alert.code == "soft-eol" and warning.alert.url == "https://x/eol"


# --------------------------------------------------------------------------- secrets in logs


def test_retry_logs_have_no_secrets(clock: FakeClock, caplog: pytest.LogCaptureFixture) -> None:
    server = Server(status(503), httpx.ConnectError, ok(Backoff="1"), ok())
    caplog.set_level(logging.DEBUG, logger="kinbase.http")
    with sync_client(server, clock) as client:
        client.post(
            f"/token?grant_type=password&refresh_token={SECRET}",
            headers={"Authorization": f"Bearer {SECRET}", "apikey": SECRET},
            json={"email": "a@example.com", "password": SECRET},
        )
        client.get(f"/verify?token={SECRET}", headers={"Authorization": f"Bearer {SECRET}"})
    records = [r for r in caplog.records if r.name == "kinbase.http"]
    assert len(records) == 3  # two retries and one backoff wait
    assert all(r.levelno == logging.DEBUG for r in records)
    text = caplog.text
    assert "retrying POST" in text and "attempt 1/4" in text and "attempt 2/4" in text
    assert "HTTP 503" in text and "ConnectError" in text
    assert "refresh_token=REDACTED" in text
    assert SECRET not in text


def test_transport_error_has_no_secrets(clock: FakeClock) -> None:
    server = Server(httpx.ReadError)
    with sync_client(server, clock) as client, pytest.raises(TransportError) as info:
        client.post(
            f"/token?refresh_token={SECRET}",
            headers={"Authorization": f"Bearer {SECRET}"},
            json={"password": SECRET},
        )
    exc = info.value
    for text in (str(exc), repr(exc), repr(exc.args), repr(exc.request), repr(exc.request.headers)):
        assert SECRET not in text
    assert SECRET.encode() not in exc.request.content


# --------------------------------------------------------------------------- configuration


def test_configuration() -> None:
    mock = httpx.MockTransport(lambda request: ok())
    with pytest.raises(InvalidInputError):
        RetryTransport(mock, verify=False)
    with pytest.raises(InvalidInputError):
        AsyncRetryTransport(mock, limits=httpx.Limits(max_connections=1))
    with pytest.raises(InvalidInputError):
        RetryTransport(verify=ssl.create_default_context(), cert="client.pem")
    default = RetryTransport(limits=httpx.Limits(max_connections=5), verify=False)
    assert default.policy == RetryPolicy()
    default.close()
    with RetryTransport(mock, policy=RetryPolicy.no_retries()) as transport:
        assert transport.policy.max_attempts == 1


# --------------------------------------------------------------------------- async twin


@pytest.mark.anyio
async def test_async_503_then_200(clock: FakeClock) -> None:
    server = Server(status(503, **{"Retry-After": "2"}), ok())
    async with async_client(server, clock) as client:
        response = await client.get("/buckets")
    assert response.status_code == 200
    assert clock.sleeps == [2.0]
    assert server.responses[0].is_closed


@pytest.mark.anyio
async def test_async_post_errors(clock: FakeClock) -> None:
    server = Server(httpx.ConnectError, ok())
    async with async_client(server, clock) as client:
        assert (await client.post("/buckets", json={})).status_code == 200
        server.actions = [httpx.ReadError, ok()]
        with pytest.raises(TransportError) as info:
            await client.post("/buckets", json={})
    assert isinstance(info.value.__cause__, httpx.ReadError)
    assert len(server.requests) == 3


@pytest.mark.anyio
async def test_async_budget_and_backoff(clock: FakeClock) -> None:
    server = Server(httpx.ConnectTimeout)
    budget = policy(backoff_base=1.0, max_total_seconds=2.0, max_attempts=10)
    async with async_client(server, clock, budget) as client:
        with pytest.raises(RetryTimeoutError):
            await client.get("/")
    server = Server(ok(Backoff="5"))
    async with async_client(server, clock, policy(on_server_backoff="fail")) as client:
        await client.get("/")
        with pytest.raises(BackoffError):
            await client.get("/")


@pytest.mark.anyio
async def test_async_alert_and_streamed_body(clock: FakeClock) -> None:
    server = Server(status(503), ok(Alert='{"code": "hard-eol", "message": "Gone"}'))

    async def chunks() -> Any:
        yield b"ab"
        yield b"cd"

    async with async_client(server, clock) as client:
        with pytest.warns(ServerAlertWarning, match="Gone"):
            assert (await client.put("/x", content=chunks())).status_code == 200
    assert server.bodies == [b"abcd", b"abcd"]


def test_sync_and_async_share_one_engine() -> None:
    """Both drivers delegate to the same flow (no duplicated decision logic)."""
    sync_flow = RetryTransport(httpx.MockTransport(lambda r: ok()))._engine.flow
    async_flow = AsyncRetryTransport(httpx.MockTransport(lambda r: ok()))._engine.flow
    get_func: Callable[[Any], Any] = lambda bound: bound.__func__  # noqa: E731
    assert get_func(sync_flow) is get_func(async_flow)


def test_a_deadline_bound_stream_delegates_per_request_calls_by_name() -> None:
    """httpcore asks every pooled connection ``get_extra_info("is_readable")`` before each
    request and closes streams with ``close``/``aclose``: the wrapper answers them itself,
    with the wrapped stream's answers (and still passes anything else through)."""
    from kinbase._http.deadline import _Stream

    calls: list[tuple[str, object]] = []

    class Inner:
        def get_extra_info(self, info: str) -> object:
            calls.append(("info", info))
            return f"answer to {info}"

        def close(self) -> None:
            calls.append(("close", None))

        def aclose(self) -> str:
            calls.append(("aclose", None))
            return "awaitable"

        other = "passed through"

    stream = _Stream(Inner(), join=False)
    assert "get_extra_info" in vars(_Stream) and "close" in vars(_Stream)
    assert stream.get_extra_info("is_readable") == "answer to is_readable"
    stream.close()
    assert stream.aclose() == "awaitable"
    assert stream.other == "passed through"
    assert calls == [("info", "is_readable"), ("close", None), ("aclose", None)]


class _Recorder:
    """A network stream that records what httpcore's streams would be asked to do."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, object, float | None]] = []

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self.calls.append(("write", buffer, timeout))

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        self.calls.append(("read", max_bytes, timeout))
        return b"HTTP/1.1 200 OK\r\n"


def test_a_request_head_and_small_body_go_out_in_one_write() -> None:
    from kinbase._http.coalesce import JOIN_LIMIT
    from kinbase._http.deadline import _Stream

    inner = _Recorder()
    stream = _Stream(inner, join=True)
    stream.write(b"PUT /r HTTP/1.1\r\n\r\n", 5.0)  # the head: held
    assert inner.calls == []
    stream.write(b'{"data":{}}', 6.0)  # the body: sent with it
    stream.read(4096, 7.0)
    assert inner.calls == [
        ("write", b'PUT /r HTTP/1.1\r\n\r\n{"data":{}}', 6.0),
        ("read", 4096, 7.0),
    ]
    # No body: the head goes out before the read, with the timeout given for it.
    inner.calls.clear()
    stream.write(b"GET /r HTTP/1.1\r\n\r\n", 5.0)
    stream.read(4096, 7.0)
    assert inner.calls == [("write", b"GET /r HTTP/1.1\r\n\r\n", 5.0), ("read", 4096, 7.0)]
    # A large body is not copied onto the head; later body chunks are written as they come.
    inner.calls.clear()
    big = b"x" * JOIN_LIMIT
    stream.write(b"head", 5.0)
    stream.write(big, 5.0)
    stream.write(b"tail", 5.0)
    assert [c[1] for c in inner.calls] == [b"head", big, b"tail"]


def test_writes_are_not_joined_where_joining_is_off() -> None:
    """HTTP/2 pools (streams interleave on one connection): every write goes out as given."""
    from kinbase._http.connections import Connections
    from kinbase._http.deadline import _Stream

    inner = _Recorder()
    stream = _Stream(inner, join=False)
    stream.write(b"head", 5.0)
    stream.write(b"body", 5.0)
    assert [c[1] for c in inner.calls] == [b"head", b"body"]
    url = httpx.URL("http://kinto.test/")
    for http2, joined in ((False, True), (True, False)):
        connections = Connections(http2=http2)
        backend = connections._transport(url)._pool._network_backend
        assert backend._join is joined
        connections.close()


def test_the_async_stream_joins_writes_the_same_way() -> None:
    import asyncio

    from kinbase._http.deadline import _AsyncStream

    class AsyncRecorder(_Recorder):
        async def write(self, buffer: bytes, timeout: float | None = None) -> None:  # type: ignore[override]
            super().write(buffer, timeout)

        async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:  # type: ignore[override]
            return super().read(max_bytes, timeout)

    async def main() -> list[tuple[str, object, float | None]]:
        inner = AsyncRecorder()
        stream = _AsyncStream(inner, join=True)
        await stream.write(b"head", 5.0)
        await stream.write(b"body", 6.0)
        await stream.read(10, 7.0)
        await stream.write(b"GET", 5.0)
        await stream.read(10, 7.0)
        return inner.calls

    assert asyncio.run(main()) == [
        ("write", b"headbody", 6.0),
        ("read", 10, 7.0),
        ("write", b"GET", 5.0),
        ("read", 10, 7.0),
    ]
