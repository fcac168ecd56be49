"""kinto-http.py's spellings on kinbase's storage clients (issue 14), against the real Kinto,
sync and async: ``client.session``, ``retry_after=``, ``dry_mode=``, the auth forms and
:class:`kinbase.BearerTokenAuth`. Each test fails without the feature it names."""

from __future__ import annotations

import logging
from typing import Any

import kinbase
import pytest
from kinbase.errors import BackendUnavailableError, InvalidInputError

from tests.faultproxy.rules import Fault, Rule
from tests.servers import KintoServer
from tests.storage.conftest import PASSWORD, MakeClient


def test_session_reads_back_what_the_client_was_built_with(
    kinto: KintoServer, make_client: MakeClient, credentials: tuple[str, str]
) -> None:
    kb = make_client(kinto.url, auth=credentials, headers={"X-Team": "a"}, retry=3, retry_after=0.5)
    session = kb.client.session
    assert session.server_url == kinto.url
    assert session.auth == credentials
    assert session.nb_retry == 3 and session.retry_after == 0.5
    assert session.headers["X-Team"] == "a" and session.dry_mode is False
    # what kinto-http's session holds is what is sent: alice is signed in
    assert kb.server_info()["user"]["id"] == "account:alice"
    # "user:pass" reads back as kinto-http's tuple; a clone keeps what it does not change
    other = make_client(kinto.url, auth=f"alice:{PASSWORD}")
    assert other.client.session.auth == ("alice", PASSWORD)
    assert other.client.clone(bucket="x").session.auth == ("alice", PASSWORD)


def test_session_is_read_only_and_says_how_to_change_it(
    kinto: KintoServer, make_client: MakeClient
) -> None:
    kb = make_client(kinto.url)
    with pytest.raises(AttributeError, match=r"read-only.*clone\(auth="):
        kb.client.session.auth = ("bob", "pw")
    with pytest.raises(AttributeError, match=r"clone\(retry="):
        kb.client.session.nb_retry = 4
    with pytest.raises(AttributeError, match="call the client's methods"):
        kb.client.session.request("get", "/")


def test_bearer_token_auth_and_the_bearer_string_send_the_same_header(
    kinto: KintoServer, make_client: MakeClient
) -> None:
    auth = kinbase.BearerTokenAuth("XYPJTNsFKV2", type="Bearer+OIDC")
    assert (auth.token, auth.type) == ("XYPJTNsFKV2", "Bearer+OIDC")
    assert "XYPJTNsFKV2" not in repr(auth)
    for given in (auth, "Bearer+OIDC XYPJTNsFKV2"):
        kb = make_client(kinto.url, auth=given)
        kb.server_info()  # Kinto has no OpenID policy here: an unknown token is anonymous
        assert kb.requests[-1].headers["Authorization"] == "Bearer+OIDC XYPJTNsFKV2"
        assert kb.client.session.auth == auth
    default = kinbase.BearerTokenAuth("tok")
    assert default.type == "Bearer"


def test_a_requests_auth_object_is_refused_naming_the_kinbase_way(
    kinto: KintoServer, make_client: MakeClient
) -> None:
    class RequestsStyleAuth:
        def __call__(self, request: Any) -> Any:
            return request

    with pytest.raises(InvalidInputError, match=r"kinbase\.BearerTokenAuth"):
        make_client(kinto.url, auth=RequestsStyleAuth())
    with pytest.raises(InvalidInputError, match=r"clone\(\.\.\.\).*http_client="):
        make_client(kinto.url, session=object())


def test_retry_after_replaces_the_servers_retry_after(
    kinto: KintoServer, make_client: MakeClient, fault_proxy: Any
) -> None:
    """A 503 asking to come back in an hour: kinbase's default policy gives up at once
    (beyond backoff_max); with kinto-http's retry_after=0 the retry is sent and succeeds."""
    proxy = fault_proxy(kinto.url)
    hour = Rule(Fault.SERVICE_UNAVAILABLE, method="GET", path=r"/v1/$", nth=1, retry_after=3600)
    first = proxy.add(hour)
    plain = make_client(proxy.url, retry=1)
    with pytest.raises(BackendUnavailableError):
        plain.server_info()
    assert first.fired == 1
    second = proxy.add(hour)
    forced = make_client(proxy.url, retry=1, retry_after=0)
    assert forced.server_info()["project_name"]
    assert second.fired == 1
    assert forced.client.clone(bucket="x").session.retry_after == 0.0


def test_retry_after_is_checked_before_anything_is_sent(
    kinto: KintoServer, make_client: MakeClient
) -> None:
    for bad in (-1, float("nan"), "5", True):
        with pytest.raises(InvalidInputError, match="retry_after"):
            make_client(kinto.url, retry_after=bad)


def test_dry_mode_builds_and_logs_requests_and_sends_none(
    kinto: KintoServer,
    make_client: MakeClient,
    credentials: tuple[str, str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    """kinto-http's dry mode: nothing reaches the server, each request is logged at DEBUG
    as ``(dry mode) <METHOD> <URL>`` and answered ``{}`` (lists: ``[]``)."""
    dry = make_client(kinto.url, auth=credentials, bucket="b", collection="c", dry_mode=True)
    assert dry.client.session.dry_mode is True
    with caplog.at_level(logging.DEBUG, logger="kinbase.storage"):
        assert dry.create_bucket(id="b") == {}
        assert dry.create_collection(id="c") == {}
        assert dry.create_record(id="r1", data={"x": 1}) == {}
        assert dry.get_records(_sort="-x") == []
        with dry.batch() as batch:
            batch.create_record(id="r2", data={"x": 2})
            batch.delete_record(id="r1")
        assert batch.client.results() == [{}, {}]
    assert dry.requests == []  # the httpx event hook saw nothing: nothing was sent
    logged = [r.getMessage() for r in caplog.records if r.getMessage().startswith("(dry mode)")]
    assert f"(dry mode) PUT {kinto.url}/buckets/b" in logged
    assert f"(dry mode) GET {kinto.url}/buckets/b/collections/c/records?_sort=-x" in logged
    assert f"(dry mode) POST {kinto.url}/batch" in logged
    assert PASSWORD not in caplog.text
    # nothing was created: a real client sees no bucket
    real = make_client(kinto.url, auth=credentials)
    assert [b["id"] for b in real.get_buckets()] == []
    # a clone leaves dry mode when asked
    live = dry.clone(dry_mode=False)
    assert live.create_bucket(id="b")["data"]["id"] == "b"


def test_dry_mode_answers_like_kinto_http_for_http_errors(
    kinto: KintoServer, make_client: MakeClient
) -> None:
    """No server, no errors: a dry read of something missing answers ``{}`` too."""
    dry = make_client(kinto.url, dry_mode=True)
    assert dry.get_bucket(id="missing") == {}
    assert dry.server_info() == {}
