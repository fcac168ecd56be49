"""The fault proxy (tests/faultproxy): each fault kind against the real Kinto, plain httpx."""

from __future__ import annotations

import asyncio
import email.utils
import http.server
import os
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import httpx
import pytest

from tests.faultproxy import Fault, FaultProxy, Rule, Stats
from tests.faultproxy.fixtures import FaultProxyFactory
from tests.servers import AuthServer, KintoServer

pytestmark = pytest.mark.faults

# The fixtures of tests/faultproxy/fixtures.py, for this module (conftest may share them).

PASSWORD = "fault proxy tests"
TIMEOUT = httpx.Timeout(10.0)


@dataclass
class Collection:
    """Bucket ``b`` / collection ``c`` on the real Kinto, reached directly (``direct``)."""

    kinto: KintoServer
    auth: httpx.BasicAuth
    direct: httpx.Client

    def records(self, base: str) -> str:
        return f"{base}/buckets/b/collections/c/records"

    def exists(self, record_id: str) -> bool:
        response = self.direct.get(f"{self.records(self.kinto.url)}/{record_id}")
        assert response.status_code in (200, 404), response.text
        return response.status_code == 200


@pytest.fixture
def collection(kinto: KintoServer) -> Iterator[Collection]:
    with httpx.Client(trust_env=False, timeout=TIMEOUT) as setup:
        response = setup.put(f"{kinto.url}/accounts/admin", json={"data": {"password": PASSWORD}})
        assert response.status_code == 201, response.text
        auth = httpx.BasicAuth("admin", PASSWORD)
        assert setup.put(f"{kinto.url}/buckets/b", auth=auth).status_code == 201
        assert setup.put(f"{kinto.url}/buckets/b/collections/c", auth=auth).status_code == 201
    with httpx.Client(trust_env=False, timeout=TIMEOUT, auth=auth) as direct:
        yield Collection(kinto, auth, direct)


@pytest.fixture
def client(collection: Collection) -> Iterator[httpx.Client]:
    """An httpx client with the Kinto credentials, for the proxy."""
    with httpx.Client(trust_env=False, timeout=TIMEOUT, auth=collection.auth) as http_client:
        yield http_client


def put_record(client: httpx.Client, proxy: FaultProxy, record_id: str) -> httpx.Response:
    url = f"{proxy.url}/buckets/b/collections/c/records/{record_id}"
    return client.put(url, json={"data": {"title": record_id, "pad": "x" * 2000}})


# -- forwarding ------------------------------------------------------------------------


def _settled(proxy: FaultProxy, *, responded: int) -> Stats:
    """The proxy's stats once it has counted ``responded`` answers (it counts an answer
    after writing it, so the client can read the last one a moment before), or after 5 s."""
    deadline = time.monotonic() + 5
    while proxy.stats.responded < responded and time.monotonic() < deadline:
        time.sleep(0.01)
    return proxy.stats


def test_forwards_with_keep_alive_and_rewrites_host(
    kinto_proxy: FaultProxy, kinto: KintoServer
) -> None:
    assert kinto_proxy.url == f"{kinto_proxy.root_url}/v1"
    with httpx.Client(trust_env=False, timeout=TIMEOUT) as client:
        for _ in range(5):
            response = client.get(f"{kinto_proxy.url}/")
            assert response.status_code == 200
            assert response.headers["content-type"] == "application/json"
            assert response.json()["url"] == f"{kinto.url}/"  # Kinto saw its own Host
    stats = _settled(kinto_proxy, responded=5)
    assert (stats.connections, stats.requests, stats.forwarded, stats.responded) == (1, 5, 5, 5)
    assert stats.faults == {} and stats.fault_ratio == 0.0


def test_preserve_host_makes_kinto_link_to_the_proxy(
    fault_proxy: FaultProxyFactory, kinto: KintoServer
) -> None:
    proxy = fault_proxy(kinto.url, preserve_host=True)
    response = httpx.get(f"{proxy.url}/", trust_env=False, timeout=TIMEOUT)
    assert response.json()["url"] == f"{proxy.url}/"


def test_chunked_request_body_and_errors_pass_through(
    kinto_proxy: FaultProxy, collection: Collection, client: httpx.Client
) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"data": {"title": '
        yield b'"chunked"}}'

    url = f"{collection.records(kinto_proxy.url)}/chunked"
    response = client.put(url, content=chunks(), headers={"Content-Type": "application/json"})
    assert response.status_code == 201, response.text
    direct = collection.records(collection.kinto.url)
    assert collection.direct.get(f"{direct}/chunked").json()["data"]["title"] == "chunked"
    missing = client.get(f"{collection.records(kinto_proxy.url)}/nope")
    assert missing.status_code == 404
    assert missing.json() == collection.direct.get(f"{direct}/nope").json()
    assert client.head(f"{collection.records(kinto_proxy.url)}/chunked").status_code == 200


# -- refusing and resetting ------------------------------------------------------------


def test_paused_proxy_refuses_connections(kinto_proxy: FaultProxy) -> None:
    with httpx.Client(trust_env=False, timeout=TIMEOUT) as client:
        assert client.get(f"{kinto_proxy.url}/").status_code == 200
        kinto_proxy.pause()
        assert kinto_proxy.paused
        with pytest.raises(httpx.ConnectError):
            client.get(f"{kinto_proxy.url}/")  # the pooled connection was closed too
        kinto_proxy.resume()
        assert client.get(f"{kinto_proxy.url}/").status_code == 200


def test_refuse_rule_resets_new_connections(kinto_proxy: FaultProxy) -> None:
    handle = kinto_proxy.add(Rule(Fault.REFUSE, times=1))
    with pytest.raises(httpx.TransportError):
        httpx.get(f"{kinto_proxy.url}/", trust_env=False, timeout=TIMEOUT)
    assert httpx.get(f"{kinto_proxy.url}/", trust_env=False).status_code == 200
    assert handle.fired == 1 and kinto_proxy.stats.faults == {Fault.REFUSE: 1}
    with pytest.raises(ValueError, match="per connection"):
        Rule(Fault.REFUSE, method="GET")


def test_reset_mid_request_never_reaches_the_server(
    kinto_proxy: FaultProxy, collection: Collection, client: httpx.Client
) -> None:
    kinto_proxy.add(Rule(Fault.RESET_MID_REQUEST, method="PUT", path=r"/records/", times=1))
    with pytest.raises((httpx.ReadError, httpx.WriteError, httpx.RemoteProtocolError)):
        put_record(client, kinto_proxy, "r1")
    assert not collection.exists("r1")
    stats = kinto_proxy.stats
    assert (stats.requests, stats.forwarded, stats.faults) == (1, 0, {Fault.RESET_MID_REQUEST: 1})
    assert put_record(client, kinto_proxy, "r1").status_code == 201  # times=1: the next passes


def test_reset_mid_response_after_the_server_answered(
    kinto_proxy: FaultProxy, collection: Collection, client: httpx.Client
) -> None:
    kinto_proxy.add(Rule(Fault.RESET_MID_RESPONSE, method="PUT"))
    with pytest.raises((httpx.RemoteProtocolError, httpx.ReadError)):
        put_record(client, kinto_proxy, "r1")
    assert collection.exists("r1")
    assert kinto_proxy.stats.forwarded == 1


def test_drop_after_commit_loses_the_response_of_a_committed_write(
    kinto_proxy: FaultProxy, collection: Collection, client: httpx.Client
) -> None:
    kinto_proxy.add(Rule(Fault.DROP_AFTER_COMMIT, method="PUT", path=r"/records/r1$"))
    with pytest.raises(httpx.RemoteProtocolError, match="without sending"):
        put_record(client, kinto_proxy, "r1")
    assert collection.exists("r1")  # the server committed it
    assert put_record(client, kinto_proxy, "r2").status_code == 201  # path did not match


# -- delays ----------------------------------------------------------------------------


@pytest.mark.parametrize("fault", [Fault.DELAY_REQUEST, Fault.DELAY_RESPONSE])
def test_delays(kinto_proxy: FaultProxy, fault: Fault) -> None:
    kinto_proxy.add(Rule(fault, delay=0.4, path=r"/v1/$"))
    began = time.monotonic()
    assert httpx.get(f"{kinto_proxy.url}/", trust_env=False, timeout=TIMEOUT).status_code == 200
    assert time.monotonic() - began >= 0.4
    with pytest.raises(httpx.ReadTimeout):
        httpx.get(f"{kinto_proxy.url}/", trust_env=False, timeout=0.1)


# -- answers from the proxy ------------------------------------------------------------


@pytest.mark.parametrize(
    ("fault", "status", "errno"),
    [(Fault.SERVICE_UNAVAILABLE, 503, 201), (Fault.TOO_MANY_REQUESTS, 429, 117)],
)
def test_status_with_retry_after_in_seconds(
    kinto_proxy: FaultProxy,
    collection: Collection,
    client: httpx.Client,
    fault: Fault,
    status: int,
    errno: int,
) -> None:
    kinto_proxy.add(Rule(fault, retry_after=3))
    response = put_record(client, kinto_proxy, "r1")
    assert response.status_code == status
    assert response.headers["Retry-After"] == "3"
    assert response.json()["errno"] == errno
    assert not collection.exists("r1")  # answered by the proxy, not forwarded
    assert kinto_proxy.stats.forwarded == 0


def test_503_with_retry_after_as_an_http_date(kinto_proxy: FaultProxy) -> None:
    kinto_proxy.add(Rule(Fault.SERVICE_UNAVAILABLE, retry_after=5, retry_after_date=True))
    response = httpx.get(f"{kinto_proxy.url}/", trust_env=False, timeout=TIMEOUT)
    assert response.status_code == 503
    value = response.headers["Retry-After"]
    assert value.endswith(" GMT")
    ahead = email.utils.parsedate_to_datetime(value).timestamp() - time.time()
    assert 4.0 <= ahead <= 6.0


def test_respond_with_any_status_and_a_raw_retry_after(kinto_proxy: FaultProxy) -> None:
    kinto_proxy.add(Rule(Fault.RESPOND, status=504, retry_after="soon", body=b"<html/>"))
    kinto_proxy.add(Rule(Fault.RESPOND, status=500, retry_after=None))  # never reached
    response = httpx.get(f"{kinto_proxy.url}/", trust_env=False, timeout=TIMEOUT)
    assert (response.status_code, response.headers["Retry-After"]) == (504, "soon")
    assert response.content == b"<html/>"
    assert [h.fired for h in kinto_proxy.rules] == [1, 0]


def test_200_with_an_error_body(kinto_proxy: FaultProxy) -> None:
    kinto_proxy.add(Rule(Fault.ERROR_BODY_200))
    response = httpx.get(f"{kinto_proxy.url}/", trust_env=False, timeout=TIMEOUT)
    assert response.status_code == 200
    assert response.json()["code"] == 500 and response.json()["errno"] == 999
    assert "Retry-After" not in response.headers


# -- altered upstream responses --------------------------------------------------------


def test_backoff_is_added_to_upstream_responses(
    kinto_proxy: FaultProxy, collection: Collection, client: httpx.Client
) -> None:
    kinto_proxy.add(Rule(Fault.BACKOFF, backoff=30, method="PUT"))
    response = put_record(client, kinto_proxy, "r1")
    assert response.status_code == 201 and response.headers["Backoff"] == "30"
    assert collection.exists("r1")


def test_truncated_body(kinto_proxy: FaultProxy, client: httpx.Client) -> None:
    assert put_record(client, kinto_proxy, "r1").status_code == 201
    kinto_proxy.add(Rule(Fault.TRUNCATED_BODY, method="GET"))
    with pytest.raises(httpx.RemoteProtocolError, match=r"incomplete|complete message"):
        client.get(f"{kinto_proxy.url}/buckets/b/collections/c/records/r1")


def test_non_json_body_and_wrong_content_type(kinto_proxy: FaultProxy) -> None:
    kinto_proxy.add(Rule(Fault.NON_JSON_BODY, nth=1))
    kinto_proxy.add(Rule(Fault.WRONG_CONTENT_TYPE, nth=2))
    with httpx.Client(trust_env=False, timeout=TIMEOUT) as client:
        garbled = client.get(f"{kinto_proxy.url}/")
        assert garbled.status_code == 200
        assert garbled.headers["content-type"] == "application/json"
        with pytest.raises(ValueError):
            garbled.json()
        mislabelled = client.get(f"{kinto_proxy.url}/")
        assert mislabelled.headers["content-type"] == "text/html; charset=utf-8"
        assert mislabelled.json()["project_name"] == "kinto"  # the body is intact
        assert client.get(f"{kinto_proxy.url}/").headers["content-type"] == "application/json"


def test_huge_headers(kinto_proxy: FaultProxy) -> None:
    kinto_proxy.add(Rule(Fault.HUGE_HEADERS, header_bytes=64 * 1024, nth=1))
    kinto_proxy.add(Rule(Fault.HUGE_HEADERS, header_bytes=256 * 1024, nth=2))
    with httpx.Client(trust_env=False, timeout=TIMEOUT) as client:
        response = client.get(f"{kinto_proxy.url}/")  # under httpcore's 100 KiB head limit
        assert response.status_code == 200
        assert sum(len(v) for k, v in response.headers.items() if "padding" in k) == 64 * 1024
        with pytest.raises(httpx.RemoteProtocolError):
            client.get(f"{kinto_proxy.url}/")


# -- rules -----------------------------------------------------------------------------


def statuses(proxy: FaultProxy, count: int, path: str = "/") -> list[int]:
    with httpx.Client(trust_env=False, timeout=TIMEOUT) as client:
        return [client.get(f"{proxy.url}{path}").status_code for _ in range(count)]


def test_nth_every_times_method_path_and_clear(kinto_proxy: FaultProxy) -> None:
    nth = kinto_proxy.add(Rule(Fault.RESPOND, status=501, nth=2, path=r"/v1/$"))
    every = kinto_proxy.add(Rule(Fault.RESPOND, status=502, every=3, times=2, path=r"/v1/$"))
    other = kinto_proxy.add(Rule(Fault.RESPOND, status=500, method="POST|PUT"))
    assert statuses(kinto_proxy, 10) == [200, 501, 502, 200, 200, 502, 200, 200, 200, 200]
    assert (nth.matched, nth.fired, every.matched, every.fired) == (10, 1, 10, 2)
    assert (other.matched, other.fired) == (0, 0)
    assert statuses(kinto_proxy, 1, "/__heartbeat__") == [200]  # path did not match
    kinto_proxy.remove(nth)
    assert len(kinto_proxy.rules) == 2
    kinto_proxy.clear()
    assert kinto_proxy.rules == []
    assert statuses(kinto_proxy, 3) == [200, 200, 200]
    stats = kinto_proxy.stats
    assert stats.faults == {Fault.RESPOND: 3} and stats.requests == 14 and stats.faulted == 3
    kinto_proxy.reset_stats()
    assert kinto_proxy.stats.requests == 0


def test_seeded_probability_is_reproducible(kinto_proxy: FaultProxy) -> None:
    def pattern(seed: int) -> list[int]:
        kinto_proxy.clear()
        kinto_proxy.add(Rule(Fault.SERVICE_UNAVAILABLE, probability=0.3, seed=seed))
        return statuses(kinto_proxy, 60)

    first, again, other = pattern(42), pattern(42), pattern(43)
    assert first == again
    assert first != other
    assert 8 <= first.count(503) <= 30  # 0.3 of 60 = 18, and this seed is fixed
    assert kinto_proxy.stats.faulted == first.count(503) * 2 + other.count(503)


def test_rules_change_from_other_threads_under_traffic(kinto_proxy: FaultProxy) -> None:
    stop = threading.Event()

    def churn() -> None:
        while not stop.is_set():
            kinto_proxy.add(Rule(Fault.BACKOFF, backoff=1, probability=0.5))
            kinto_proxy.clear()

    churner = threading.Thread(target=churn)
    churner.start()
    try:
        with ThreadPoolExecutor(8) as pool:
            results = list(pool.map(lambda _: statuses(kinto_proxy, 10), range(8)))
    finally:
        stop.set()
        churner.join()
    assert all(status == 200 for batch in results for status in batch)
    stats = _settled(kinto_proxy, responded=80)
    assert stats.requests == stats.forwarded == stats.responded == 80
    assert stats.faulted == stats.faults.get(Fault.BACKOFF, 0)


# -- load, upstream trouble, clean stop ------------------------------------------------


def test_load_of_async_tasks_and_threads_passes_without_error(
    kinto_proxy: FaultProxy, client: httpx.Client
) -> None:
    assert put_record(client, kinto_proxy, "r1").status_code == 201
    record = f"{kinto_proxy.url}/buckets/b/collections/c/records/r1"
    auth = client.auth

    async def tasks() -> list[int]:
        limits = httpx.Limits(max_connections=200, max_keepalive_connections=200)
        async with httpx.AsyncClient(
            trust_env=False, timeout=httpx.Timeout(30.0), limits=limits, auth=auth
        ) as async_client:

            async def one(index: int) -> int:
                url = record if index % 2 else f"{kinto_proxy.url}/"
                return (await async_client.get(url)).status_code

            return await asyncio.gather(*(one(index) for index in range(200)))

    def thread_work(_: int) -> list[int]:
        return [client.get(record).status_code for _ in range(5)]

    with ThreadPoolExecutor(16) as pool:
        threaded = pool.map(thread_work, range(16))
        async_codes = asyncio.run(tasks())
        thread_codes = [code for batch in threaded for code in batch]
    assert async_codes == [200] * 200 and thread_codes == [200] * 80
    stats = _settled(kinto_proxy, responded=281)
    assert stats.requests == stats.forwarded == stats.responded == 281
    assert stats.upstream_errors == 0
    assert 100 < stats.peak_connections <= 200 + 16 + 1  # the clients' pools bound it


def test_upstream_down_answers_502_or_closes(
    fault_proxy: FaultProxyFactory, kinto: KintoServer
) -> None:
    dead = fault_proxy(kinto.url.replace(str(kinto.port), str(free_port())), connect_timeout=1)
    response = httpx.get(f"{dead.url}/", trust_env=False, timeout=TIMEOUT)
    assert response.status_code == 502 and response.json()["code"] == 502
    closing = fault_proxy(dead.upstream, on_upstream_error="close")
    with pytest.raises(httpx.RemoteProtocolError):
        httpx.get(f"{closing.url}/", trust_env=False, timeout=TIMEOUT)
    assert dead.stats.upstream_errors == closing.stats.upstream_errors == 1


def free_port() -> int:
    from tests.servers.ports import free_port as port

    return port()


def open_fds() -> int:
    return len(os.listdir("/proc/self/fd"))


def proxy_threads() -> list[threading.Thread]:
    return [thread for thread in threading.enumerate() if thread.name.startswith("faultproxy")]


def test_stop_is_quick_and_leaves_no_thread_task_or_socket(kinto: KintoServer) -> None:
    fds = open_fds()
    proxy = FaultProxy(kinto.url)
    proxy.start()
    assert len(proxy_threads()) == 1
    proxy.add(Rule(Fault.DELAY_RESPONSE, delay=30, path=r"/slow"))
    idle = httpx.Client(trust_env=False, timeout=TIMEOUT)
    assert idle.get(f"{proxy.url}/").status_code == 200  # an idle keep-alive connection

    outcome: list[BaseException] = []

    def stuck() -> None:
        try:
            httpx.get(f"{proxy.url}/slow", trust_env=False, timeout=TIMEOUT)
        except httpx.TransportError as exc:
            outcome.append(exc)

    waiter = threading.Thread(target=stuck)
    waiter.start()
    deadline = time.monotonic() + 5
    while proxy.stats.forwarded < 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    began = time.monotonic()
    proxy.stop()
    assert time.monotonic() - began < 1.0
    waiter.join(5)
    assert not waiter.is_alive() and len(outcome) == 1  # the in-flight request failed
    idle.close()
    assert proxy_threads() == []
    assert not proxy.running
    assert open_fds() <= fds
    with pytest.raises(RuntimeError, match="not running"):
        proxy.pause()


def test_auth_server_through_the_proxy(auth_proxy: FaultProxy, auth: AuthServer) -> None:
    auth_proxy.add(Rule(Fault.TOO_MANY_REQUESTS, nth=1, body=b'{"code":429}'))
    with httpx.Client(trust_env=False, timeout=TIMEOUT) as client:
        assert client.get(f"{auth_proxy.url}/health").status_code == 429
        assert client.get(f"{auth_proxy.url}/health").status_code == 200


# -- framing against a stub upstream ---------------------------------------------------


class _StubHandler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        if self.path == "/chunked":
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for part in (b'{"a":', b" 1}"):
                self.wfile.write(b"%x\r\n%s\r\n" % (len(part), part))
            self.wfile.write(b"0\r\n\r\n")
        elif self.path == "/until-close":
            self.send_response(200)
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(b"all of it")
            self.close_connection = True
        else:
            self.send_response(204)
            self.end_headers()


@pytest.fixture
def stub_upstream() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _StubHandler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def test_chunked_and_close_delimited_responses(
    fault_proxy: FaultProxyFactory, stub_upstream: str
) -> None:
    proxy = fault_proxy(stub_upstream)
    with httpx.Client(trust_env=False, timeout=TIMEOUT) as client:
        chunked = client.get(f"{proxy.url}/chunked")
        assert chunked.headers["transfer-encoding"] == "chunked"
        assert chunked.json() == {"a": 1}
        assert client.get(f"{proxy.url}/nothing").status_code == 204
        assert client.get(f"{proxy.url}/until-close").content == b"all of it"
        proxy.add(Rule(Fault.NON_JSON_BODY, body=b"nope", times=1))
        replaced = client.get(f"{proxy.url}/chunked")
        assert "transfer-encoding" not in replaced.headers and replaced.content == b"nope"
        proxy.add(Rule(Fault.TRUNCATED_BODY, times=1))
        with pytest.raises(httpx.RemoteProtocolError):
            client.get(f"{proxy.url}/chunked")
    assert proxy.stats.connections == 2  # until-close ended the first
