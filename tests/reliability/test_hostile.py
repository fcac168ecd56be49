"""Hostile and bad input: refused with a clear error before anything is sent, or, when it
comes from the server, a clear error after (never a raw exception, never a wrong result)."""

from __future__ import annotations

import asyncio
import math
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import httpx
import pytest
from kinbase.auth import AsyncAuthClient, AuthClient
from kinbase.errors import (
    BatchError,
    InvalidInputError,
    InvalidResponseError,
    KinbaseError,
    PayloadTooLargeError,
    TransportError,
)
from kinbase.storage import MergePatch

from tests.faultproxy import Fault, FaultProxy, Rule
from tests.servers import AuthServer, KintoServer

from ._support import FAST_RETRY, Runner, census, make_runner, setup_collection, sign_up
from .conftest import Figures

pytestmark = pytest.mark.faults

BAD_IDS: list[Any] = [
    "a/b",
    "/",
    "..",
    ".",
    "../c",
    "%2e%2e",
    "a%2Fb",
    "é",
    "réc",
    "😀",
    "\uff52\uff11",  # fullwidth letters
    " ",
    "a b",
    "a?b",
    "a#b",
    "a\nb",
    "a\x00b",
    "-leading-dash",
    "_leading_underscore",
    123,
    b"bytes",
    ["r1"],
]

# Every call that takes an object id, with the id in the position under test.
ID_CALLS: dict[str, Callable[[Any, Any], Any]] = {
    "get_record": lambda c, v: c.get_record(id=v),
    "create_record": lambda c, v: c.create_record(id=v, data={"x": 1}),
    "update_record": lambda c, v: c.update_record(id=v, data={"x": 1}),
    "patch_record": lambda c, v: c.patch_record(id=v, data={"x": 1}),
    "delete_record": lambda c, v: c.delete_record(id=v),
    "record in collection": lambda c, v: c.get_record(id="r1", collection=v),
    "record in bucket": lambda c, v: c.delete_record(id="r1", bucket=v),
    "get_collection": lambda c, v: c.get_collection(id=v),
    "delete_collection": lambda c, v: c.delete_collection(id=v),
    "create_bucket": lambda c, v: c.create_bucket(id=v),
    "delete_bucket": lambda c, v: c.delete_bucket(id=v),
    "get_group": lambda c, v: c.get_group(id=v),
    "delete_records in": lambda c, v: c.delete_records(collection=v),
    "get_account": lambda c, v: c.get_account(id=v),
    "delete_account": lambda c, v: c.delete_account(id=v),
}


#: Calls whose id has no default (None and "" mean "use the default" or, for a create,
#: "make an id" elsewhere): a missing id is refused too.
REQUIRED_ID_CALLS = (
    "get_record",
    "update_record",
    "patch_record",
    "delete_record",
    "get_group",
    "get_account",
    "delete_account",
)


@pytest.fixture
def proxied(
    mode: str, loop: asyncio.AbstractEventLoop | None, kinto: KintoServer, kinto_proxy: FaultProxy
) -> Runner:
    auth = sign_up(kinto.url)
    setup_collection(kinto.url, auth)
    kinto_proxy.reset_stats()
    return make_runner(mode, loop, kinto_proxy.url, auth=auth, bucket="b", collection="c", retry=0)


def _refused_before_sending(kb: Runner, proxy: FaultProxy, call: Callable[[], Any]) -> str:
    """The message of the InvalidInputError ``call`` raises; fails naming what happened
    otherwise (another outcome, or a request that went out)."""
    kb.requests.clear()
    proxy.reset_stats()
    try:
        result = kb.run(call())
    except InvalidInputError as exc:
        message = str(exc)
    except Exception as exc:
        raise AssertionError(f"raised {exc!r} instead of InvalidInputError") from exc
    else:
        raise AssertionError(f"accepted, returned {result!r}")
    assert kb.requests == [] and proxy.stats.requests == 0, "something was sent"
    assert message and "Traceback" not in message
    return message


def test_bad_ids_are_refused_before_sending(
    proxied: Runner, kinto_proxy: FaultProxy, kinto: KintoServer, figures: Figures, mode: str
) -> None:
    tried = 0
    problems = []
    for name, call in ID_CALLS.items():
        for value in [*BAD_IDS, *((None, "") if name in REQUIRED_ID_CALLS else ())]:
            try:
                message = _refused_before_sending(
                    proxied, kinto_proxy, lambda call=call, value=value: call(proxied.client, value)
                )
                assert "id" in message, message
            except AssertionError as exc:
                problems.append((name, value, str(exc)))
            tried += 1
    assert problems == []
    # The collection is still there: ".." did not become DELETE /buckets/b/collections/c.
    assert census(kinto.url, sign_up_or_login(kinto)).count == 0
    figures.record(f"hostile: bad ids [{mode}]", tried=tried, sent=kinto_proxy.stats.requests)


def sign_up_or_login(kinto: KintoServer) -> tuple[str, str]:
    from ._support import PASSWORD

    return "admin", PASSWORD


def test_bad_ids_in_a_batch_are_refused_when_queued(
    proxied: Runner, kinto_proxy: FaultProxy, figures: Figures, mode: str
) -> None:
    tried = 0
    with proxied.batch() as b:
        for value in BAD_IDS:
            with pytest.raises(InvalidInputError):
                b.run(b.client.delete_record(id=value))
            tried += 1
    assert kinto_proxy.stats.requests == 0  # an empty batch sends nothing at all
    figures.record(f"hostile: bad ids in a batch [{mode}]", tried=tried)


class _Unserialisable:
    pass


BAD_PAYLOADS: dict[str, Callable[[Any], Any]] = {
    "data is a list": lambda c: c.create_record(data=[1, 2]),
    "data is a string": lambda c: c.create_record(data="title"),
    "data is a number": lambda c: c.update_record(id="r1", data=42),
    "data holds an object": lambda c: c.create_record(data={"x": _Unserialisable()}),
    "data holds bytes": lambda c: c.create_record(data={"x": b"raw"}),
    "data holds NaN": lambda c: c.create_record(data={"x": math.nan}),
    "data holds infinity": lambda c: c.create_record(data={"x": [1, math.inf]}),
    "data key not a string": lambda c: c.create_record(data={1: "one"}),
    "data nested too deep": lambda c: c.create_record(data=_deep(500)),
    "permissions is a list": lambda c: c.create_record(data={}, permissions=["read"]),
    "permission principals a string": lambda c: c.create_record(
        data={}, permissions={"read": "system.Everyone"}
    ),
    "permission principal not a string": lambda c: c.create_record(
        data={}, permissions={"write": [42]}
    ),
    "changes not a patch": lambda c: c.patch_record(id="r1", changes={"x": 1}),
    "merge patch data a list": lambda c: c.patch_record(id="r1", changes=MergePatch(data=[1])),
    "if_match not a timestamp": lambda c: c.update_record(id="r1", data={}, if_match="yesterday"),
    "if_match negative": lambda c: c.delete_record(id="r1", if_match=-5),
    "_limit zero": lambda c: c.get_records(_limit=0),
    "_limit a string": lambda c: c.get_records(_limit="10"),
    "_since not a timestamp": lambda c: c.get_records(_since="last week"),
    "unknown get argument": lambda c: c.get_record(id="r1", _bogus=1),
    "filter value an object": lambda c: c.get_records(title=_Unserialisable()),
    "Decimal NaN": lambda c: c.create_record(data={"price": Decimal("NaN")}),
}


def _deep(depth: int) -> dict[str, Any]:
    node: dict[str, Any] = {}
    root = node
    for _ in range(depth):
        node["x"] = {}
        node = node["x"]
    return root


def test_bad_payloads_are_refused_before_sending(
    proxied: Runner, kinto_proxy: FaultProxy, figures: Figures, mode: str
) -> None:
    problems = []
    for name, call in BAD_PAYLOADS.items():
        try:
            _refused_before_sending(proxied, kinto_proxy, lambda call=call: call(proxied.client))
        except AssertionError as exc:
            problems.append((name, str(exc)))
    assert problems == []
    figures.record(f"hostile: bad payloads [{mode}]", tried=len(BAD_PAYLOADS), sent=0)


def test_a_huge_body_is_sent_whole_or_refused_clearly(
    mode: str, loop: asyncio.AbstractEventLoop | None, kinto: KintoServer, figures: Figures
) -> None:
    auth = sign_up(kinto.url)
    setup_collection(kinto.url, auth)
    kb = make_runner(mode, loop, kinto.url, auth=auth, bucket="b", collection="c", retry=0)
    blob = "x" * (8 * 1024 * 1024)
    try:
        record = kb.create_record(id="big", data={"blob": blob})
    except PayloadTooLargeError as exc:  # a server limit: a clear 413
        assert exc.status_code == 413
        outcome = "413"
    else:
        assert record["data"]["blob"] == blob
        assert kb.get_record(id="big")["data"]["blob"] == blob  # not truncated
        outcome = "stored"
    # A huge batch too: 100 sub-requests of 20 KiB each, in chunks, all applied.
    with kb.batch() as b:
        for n in range(100):
            b.create_record(data={"n": n, "pad": "y" * 20_000})
    kb.close()
    assert census(kinto.url, auth).count == 101
    figures.record(f"hostile: huge bodies [{mode}]", tried=2, body_8_mib=outcome)


# --------------------------------------------------------------------------- from the server


def _storage_runner(
    mode: str, loop: asyncio.AbstractEventLoop | None, kinto: KintoServer, proxy: FaultProxy
) -> Runner:
    auth = sign_up(kinto.url)
    setup_collection(kinto.url, auth)
    kb = make_runner(mode, loop, proxy.url, auth=auth, bucket="b", collection="c", retry=FAST_RETRY)
    kb.create_record(id="r1", data={"n": 1})
    return kb


SERVER_FAULTS: dict[str, Rule] = {
    "invalid JSON": Rule(Fault.NON_JSON_BODY),
    "truncated JSON": Rule(Fault.NON_JSON_BODY, body=b'{"data": {"id": "r1", "n"'),
    "JSON but not an object": Rule(Fault.NON_JSON_BODY, body=b'["not", "an", "object"]'),
    "wrong content type, HTML": Rule(
        Fault.RESPOND, status=200, body=b"<html>Welcome!</html>", content_type="text/html"
    ),
    "200 with an error body": Rule(Fault.ERROR_BODY_200),
    "200 with an empty body": Rule(Fault.RESPOND, status=200, body=b""),
}


@pytest.mark.parametrize("name", list(SERVER_FAULTS))
def test_garbage_answers_raise_a_clear_error(
    mode: str,
    loop: asyncio.AbstractEventLoop | None,
    kinto: KintoServer,
    kinto_proxy: FaultProxy,
    name: str,
    figures: Figures,
) -> None:
    kb = _storage_runner(mode, loop, kinto, kinto_proxy)
    rule = SERVER_FAULTS[name]
    tried = 0
    for method, path, call in [
        ("GET", r"/records/r1$", lambda: kb.get_record(id="r1")),
        ("GET", r"/records$", lambda: kb.get_records()),
        ("PUT", r"/records/", lambda: kb.create_record(data={"n": 2})),
        ("POST", r"/batch$", lambda: _one_batch(kb)),
    ]:
        handle = kinto_proxy.add(_rule_for(rule, method, path))
        with pytest.raises(KinbaseError) as info:
            call()
        kinto_proxy.remove(handle)
        assert handle.fired >= 1
        error = info.value
        if isinstance(error, BatchError):
            assert error.unknown_chunks == [0]  # it may have been applied: said so
            error = error.outcomes[0].error
        assert isinstance(error, InvalidResponseError), repr(error)
        text = str(error)
        assert method in text and "Traceback" not in text, text
        tried += 1
    kb.close()
    figures.add("hostile: garbage answers", "tried", tried)


def _one_batch(kb: Runner) -> None:
    with kb.batch() as b:
        b.create_record(data={"n": 3})


def _rule_for(rule: Rule, method: str, path: str) -> Rule:
    from dataclasses import replace

    return replace(rule, method=method, path=path)


def test_wrong_content_type_with_a_json_body_is_read(
    mode: str, loop: asyncio.AbstractEventLoop | None, kinto: KintoServer, kinto_proxy: FaultProxy
) -> None:
    kb = _storage_runner(mode, loop, kinto, kinto_proxy)
    kinto_proxy.add(Rule(Fault.WRONG_CONTENT_TYPE, content_type="text/plain"))
    assert kb.get_record(id="r1")["data"]["n"] == 1  # the body is what it should be
    kb.close()


@pytest.mark.parametrize("size", [32 * 1024, 512 * 1024])
def test_huge_response_headers(
    mode: str,
    loop: asyncio.AbstractEventLoop | None,
    kinto: KintoServer,
    kinto_proxy: FaultProxy,
    size: int,
    figures: Figures,
) -> None:
    kb = _storage_runner(mode, loop, kinto, kinto_proxy)
    kinto_proxy.add(Rule(Fault.HUGE_HEADERS, method="GET", header_bytes=size))
    try:
        record = kb.get_record(id="r1")
    except TransportError as exc:  # beyond what the HTTP parser accepts: a clear error
        assert "RemoteProtocolError" in str(exc)
        assert "a" * 100 not in str(exc)  # the padding is not echoed
        outcome = "refused"
    else:
        assert record["data"]["n"] == 1
        outcome = "read"
    kb.close()
    figures.record(f"hostile: huge headers {size // 1024} KiB [{mode}]", tried=1, outcome=outcome)


def test_auth_server_garbage_answers(
    mode: str,
    loop: asyncio.AbstractEventLoop | None,
    auth: AuthServer,
    auth_proxy: FaultProxy,
    figures: Figures,
) -> None:
    cls = AuthClient if mode == "sync" else AsyncAuthClient
    client = cls(auth_proxy.url, retry=0)
    run = Runner.__new__(Runner)
    run.loop = loop
    tried = 0
    problems = []
    for name, rule in SERVER_FAULTS.items():
        handle = auth_proxy.add(_rule_for(rule, "POST", r"/signup$"))
        try:
            result = run.run(
                client.sign_up({"email": f"u{tried}@example.com", "password": "Pa55-word-ok"})
            )
        except KinbaseError as exc:
            assert "Traceback" not in str(exc)
        except Exception as exc:
            problems.append((name, repr(exc)))
        else:
            problems.append((name, f"accepted: {result!r}"))
        auth_proxy.remove(handle)
        tried += 1
    assert problems == []
    if loop is None:
        client.close()
    else:
        loop.run_until_complete(client.aclose())
    figures.record(f"hostile: auth garbage answers [{mode}]", tried=tried)


def test_http_error_mapping_of_garbage_is_total() -> None:
    """Any status with any body maps to a StorageError (never a raw exception)."""
    from kinbase.errors import StorageError, storage_error_from_response

    for status in (400, 401, 404, 409, 412, 429, 500, 502, 503, 599):
        for body in (b"", b"<html>", b"{", b"[]", b'{"errno": "x"}', b'{"message": 5}'):
            request = httpx.Request("GET", "http://kinto.invalid/v1/")
            error = storage_error_from_response(
                httpx.Response(status, content=body, request=request)
            )
            assert isinstance(error, StorageError) and str(error)
