"""Issue 15: hostile servers, planted files, broken inputs. One regression test (at least)
per item, named ``test_issue15_item<N>_...``; each failed on the code before the fix.

Misbehaviour no real server shows is played by :class:`tests.hostileserver.HostileServer`
(a scripted HTTP server on loopback); the rest runs against the real Kinto and the auth
test server. The CLI items are in tests/cli/test_issue15_cli.py.
"""

from __future__ import annotations

import asyncio
import logging
import traceback
from typing import Any

import httpx
import pytest
from kinbase.errors import (
    BatchError,
    InvalidInputError,
    InvalidResponseError,
    KinbaseError,
    ObjectNotFoundError,
    OutcomeUnknownError,
    TransportError,
)
from kinbase.storage import AsyncStorageClient, StorageClient

from tests.faultproxy import Fault, FaultProxy, Rule
from tests.hostileserver import HostileServer, Reply, Seen
from tests.servers import KintoServer

from ._support import FAST_RETRY, Runner, make_runner, setup_collection, sign_up

pytestmark = pytest.mark.faults

SECRET = "k3y-S3cret-QUUX-9001"


def _everything_shown(error: BaseException) -> str:
    """The formatted traceback (with causes and contexts) and a ``logging.exception``
    line of ``error``: what a user would paste into a bug report."""
    text = "".join(traceback.format_exception(error))
    record = logging.LogRecord("t", logging.ERROR, __file__, 1, "failed", (), None)
    record.exc_info = (type(error), error, error.__traceback__)
    text += logging.Formatter().format(record)
    current: BaseException | None = error
    while current is not None:
        text += repr(current) + repr(current.args)
        current = current.__cause__ or current.__context__
    return text


def _ok(_request: Seen) -> Reply:
    return Reply(200, {"data": {"id": "r1", "last_modified": 1}})


# --------------------------------------------------------------------------- item 2


@pytest.mark.parametrize(
    "options",
    [
        {"headers": {"x-api-key": SECRET + "\n"}},
        {"headers": {"x-api-key": SECRET + "\r\nX-Evil: 1"}},
        {"auth": f"Bearer {SECRET}\n"},
        {"auth": f"Bearer {SECRET}\r\nX-Evil: 1"},
    ],
    ids=["key-newline", "key-crlf-injection", "bearer-newline", "bearer-crlf"],
)
@pytest.mark.parametrize("cls", [StorageClient, AsyncStorageClient])
def test_issue15_item2_a_header_with_cr_lf_is_refused_when_the_client_is_built(
    cls: type[Any], options: dict[str, Any]
) -> None:
    """Item 2: a header value with CR/LF is refused when the client is built, naming the
    header and not its value; nothing is sent."""
    with HostileServer(_ok) as server:
        with pytest.raises(InvalidInputError) as info:
            cls(server.url + "/v1", retry=0, **options)
        assert server.requests == []
    message = str(info.value)
    assert "Authorization" in message or "x-api-key" in message, message
    assert SECRET not in _everything_shown(info.value)


def test_issue15_item2_a_header_refused_on_the_wire_is_not_quoted_in_the_cause() -> None:
    """Item 2: a per-request header h11 refuses (here through the configured httpx client,
    as a generated endpoint function would send it) fails with a TransportError whose
    causes, traceback and ``logging.exception`` output never hold the value."""
    with HostileServer(_ok) as server, StorageClient(server.url + "/v1", retry=0) as client:
        with pytest.raises(TransportError) as info:
            client._http.get("/", headers={"x-api-key": SECRET + "\n"})
        assert server.requests == []
    assert "LocalProtocolError" in str(info.value)
    assert SECRET not in _everything_shown(info.value)


# --------------------------------------------------------------------------- items 20, 21


def _call(client: Any, method: str, *args: Any, **kwargs: Any) -> Any:
    """``client.<method>(...)``, awaited (on a loop of its own) for an async client."""
    import asyncio
    import inspect

    result = getattr(client, method)(*args, **kwargs)
    if inspect.isawaitable(result):
        return asyncio.run(result)
    return result


BROKEN_INPUTS: dict[str, tuple[str, tuple[Any, ...], dict[str, Any]]] = {
    "_sort an int": ("get_records", (), {"_sort": 5}),
    "_fields ints": ("get_records", (), {"_fields": [1, 2]}),
    "_fields ints on get": ("get_record", (), {"id": "r1", "_fields": [1]}),
    "_sort too large an int": ("get_records", (), {"_sort": 10**5000}),
    "_limit too large": ("get_records", (), {"_limit": 10**5000}),
    "if_match too large": ("delete_record", (), {"id": "r1", "if_match": 10**5000}),
    "filter 10**5000": ("get_records", (), {"n": 10**5000}),
    "field 10**5000": ("create_record", (), {"data": {"n": 10**5000}}),
    "lone surrogate in a field": ("create_record", (), {"data": {"t": "a\ud800b"}}),
    "lone surrogate in a key": ("create_record", (), {"data": {"\udc00": 1}}),
    "lone surrogate in a filter": ("get_records", (), {"title": "\ud800"}),
    "in_ value holding a comma": ("get_records", (), {"in_id": ["a,b", "c"]}),
    "exclude_ value holding a comma": ("delete_records", (), {"exclude_id": ["x,y"]}),
}


@pytest.mark.parametrize("name", list(BROKEN_INPUTS))
@pytest.mark.parametrize("cls", [StorageClient, AsyncStorageClient])
def test_issue15_item20_broken_inputs_are_invalid_input_errors(cls: type[Any], name: str) -> None:
    """Item 20: these used to raise TypeError/ValueError/UnicodeEncodeError (or, for the
    comma, send three values): now an InvalidInputError, before anything is sent."""
    method, args, kwargs = BROKEN_INPUTS[name]
    with HostileServer(_ok) as server:
        client = cls(server.url + "/v1", bucket="b", collection="c", retry=0)
        with pytest.raises(InvalidInputError) as info:
            _call(client, method, *args, **kwargs)
        assert server.requests == []
    assert "Traceback" not in str(info.value) and len(str(info.value)) < 400


@pytest.mark.parametrize("bad", ["..", ".", "a/b", "%2e%2e", ""])
def test_issue15_item21_get_endpoint_validates_ids(bad: str) -> None:
    """Item 21: ``get_endpoint("record", id="..")`` returned ``.../records/..``, which
    deletes the collection when used; ids are now checked as in every call."""
    client = StorageClient("http://127.0.0.1:9/v1", bucket="b", collection="c")
    if bad == "":
        with pytest.raises(InvalidInputError, match="needs id"):
            client.get_endpoint("record", id=bad)
    else:
        with pytest.raises(InvalidInputError, match="record id"):
            client.get_endpoint("record", id=bad)
        with pytest.raises(InvalidInputError, match="collection id"):
            client.get_endpoint("records", collection=bad)
        with pytest.raises(InvalidInputError, match="bucket id"):
            client.get_endpoint("collections", bucket=bad)
    assert client.get_endpoint("record", id="r-1") == "/buckets/b/collections/c/records/r-1"
    assert client.get_endpoint("account", id="a.b@c") == "/accounts/a.b%40c"


# --------------------------------------------------------------------------- item 15


def _paging(next_token: Any, *, items: int = 1) -> Any:
    """A Kinto list answer whose ``Next-Page`` carries ``next_token(request)``."""

    def answer(request: Seen) -> Reply:
        token = next_token(request)
        data = [{"id": f"r{len(request.path)}", "last_modified": 1}] * items
        headers = [("ETag", '"1"')]
        if token is not None:
            headers.append(("Next-Page", f"http://elsewhere.invalid/v1/x?_limit=1&_token={token}"))
        return Reply(200, {"data": data}, headers)

    return answer


LOOPS: dict[str, Any] = {
    "same page": (lambda _r: "same", 1),
    "alternating pages": (lambda r: "b" if "_token=a" in r.path else "a", 1),
    "empty pages forever": (lambda r: str(len(r.path) + int("_token" in r.path)), 0),
}


@pytest.mark.parametrize("name", list(LOOPS))
@pytest.mark.parametrize("method", ["get_records", "delete_records", "iter_records"])
@pytest.mark.parametrize("cls", [StorageClient, AsyncStorageClient])
def test_issue15_item15_storage_pagination_loops_are_stopped(
    cls: type[Any], method: str, name: str
) -> None:
    """Item 15: a ``Next-Page`` pointing back to a page already read (the same one, or
    two alternating), or empty pages that keep pointing further, made ``get_records``,
    ``delete_records`` and ``iter_records`` send requests until the server gave up."""
    import asyncio

    next_token, items = LOOPS[name]
    with HostileServer(_paging(next_token, items=items)) as server:
        client = cls(server.url + "/v1", bucket="b", collection="c", retry=0)
        with pytest.raises(InvalidResponseError) as info:
            if method == "iter_records":
                iterator = client.iter_records()
                if cls is StorageClient:
                    list(iterator)
                else:

                    async def drain() -> None:
                        async for _ in iterator:
                            pass

                    asyncio.run(drain())
            else:
                _call(client, method)
        assert len(server.requests) <= 3, [r.path for r in server.requests]
    assert "loop" in str(info.value) or "no progress" in str(info.value)


def _user(n: int) -> dict[str, Any]:
    return {
        "id": f"00000000-0000-4000-8000-{n:012d}",
        "aud": "authenticated",
        "role": "authenticated",
        "email": f"u{n}@example.com",
        "phone": "",
        "app_metadata": {},
        "user_metadata": {},
        "created_at": "2026-01-01T00:00:00Z",
        "updated_at": "2026-01-01T00:00:00Z",
    }


@pytest.mark.parametrize("shape", ["alternating", "empty pages"])
def test_issue15_item15_admin_iter_users_link_loops_are_stopped(shape: str) -> None:
    """Item 15: admin ``Link: rel="next"`` pages alternating 1 -> 2 -> 1 -> ..., or empty
    pages pointing further, made ``iter_users`` page until the server gave up."""
    from kinbase.auth import AuthClient

    def answer(request: Seen) -> Reply:
        page = int(request.path.split("page=")[1].split("&")[0])
        following = (2 if page == 1 else 1) if shape == "alternating" else page + 1
        users = [_user(page)] if shape == "alternating" else []
        link = f'</admin/users?page={following}&per_page=1>; rel="next"'
        return Reply(200, {"users": users, "aud": "authenticated"}, [("Link", link)])

    with HostileServer(answer) as server:
        client = AuthClient(server.url, service_key="service-key", retry=0)
        with pytest.raises(InvalidResponseError, match="loop"):
            list(client.admin.iter_users(per_page=1))
        assert len(server.requests) <= 2
        client.close()


# --------------------------------------------------------------------------- item 18


@pytest.fixture
def through_proxy(
    mode: str, loop: asyncio.AbstractEventLoop | None, kinto: KintoServer, kinto_proxy: FaultProxy
) -> Runner:
    auth = sign_up(kinto.url)
    setup_collection(kinto.url, auth)
    kb = make_runner(
        mode, loop, kinto_proxy.url, auth=auth, bucket="b", collection="c", retry=FAST_RETRY
    )
    for n in range(3):
        kb.create_record(id=f"r{n}", data={"n": n})
    return kb


def test_issue15_item18_a_replayed_if_match_update_is_reported_applied(
    through_proxy: Runner, kinto_proxy: FaultProxy
) -> None:
    """Item 18: an ``If-Match`` update whose answer is lost after Kinto applied it is
    resent, meets its own effect (412) and used to raise PreconditionFailedError; now the
    record is read back and the update reported as applied."""
    kb = through_proxy
    stamp = kb.get_record(id="r0")["data"]["last_modified"]
    lost = kinto_proxy.add(
        Rule(Fault.DROP_AFTER_COMMIT, method="PUT", path=r"/records/r0$", times=1)
    )
    result = kb.update_record(id="r0", data={"n": 100}, if_match=stamp)
    assert lost.fired == 1
    assert result["data"]["n"] == 100 and result["data"]["last_modified"] > stamp


@pytest.mark.parametrize("cls", [StorageClient, AsyncStorageClient])
def test_issue15_item18_a_replayed_update_meeting_other_data_is_unknown(cls: type[Any]) -> None:
    """Item 18: when the resend's 412 finds data that is not what was written (someone
    else wrote after, or before), nobody can tell whether the update was applied: an
    OutcomeUnknownError carrying the 412, never a plain PreconditionFailedError."""
    other = {"id": "r1", "n": -1, "last_modified": 5}
    puts: list[int] = []

    def answer(request: Seen) -> Reply:
        if request.method == "PUT":
            puts.append(1)
            if len(puts) == 1:
                return Reply(drop=True)  # applied or not: the answer is lost
            return Reply(
                412,
                {"code": 412, "errno": 114, "error": "Precondition Failed",
                 "message": "Resource was modified meanwhile", "details": {"existing": other}},
            )  # fmt: skip
        return Reply(200, {"data": other})

    with HostileServer(answer) as server:
        client = cls(server.url + "/v1", bucket="b", collection="c", retry=FAST_RETRY)
        with pytest.raises(OutcomeUnknownError) as info:
            _call(client, "update_record", id="r1", data={"n": 101}, if_match=3)
    assert len(puts) == 2
    assert info.value.answer.status_code == 412
    assert "may or may not have been applied" in str(info.value)


def test_issue15_item18_a_replayed_delete_is_reported_applied(
    through_proxy: Runner, kinto_proxy: FaultProxy
) -> None:
    """Item 18: a delete whose answer is lost after Kinto applied it used to raise
    ObjectNotFoundError on the resend; now it returns the tombstone."""
    kb = through_proxy
    lost = kinto_proxy.add(
        Rule(Fault.DROP_AFTER_COMMIT, method="DELETE", path=r"/records/r2$", times=1)
    )
    result = kb.delete_record(id="r2")
    assert lost.fired == 1
    assert result["id"] == "r2" and result["deleted"] is True
    with pytest.raises(ObjectNotFoundError):  # a delete that was not ours still says so
        kb.delete_record(id="r2")


def test_issue15_item18_a_replayed_batch_chunk_never_reports_its_own_writes_failed(
    through_proxy: Runner, kinto_proxy: FaultProxy
) -> None:
    """Item 18: a chunk of ``If-Match`` updates whose answer was lost is resent (it is
    retry-safe); its 412s used to be reported "failed" although the writes are on the
    server. They are now "unknown" (may have been applied), never "failed"."""
    kb = through_proxy
    stamps = {f"r{n}": kb.get_record(id=f"r{n}")["data"]["last_modified"] for n in range(2)}
    lost = kinto_proxy.add(Rule(Fault.DROP_AFTER_COMMIT, method="POST", path=r"/batch$", times=1))
    with pytest.raises(BatchError) as info, kb.batch() as b:
        for rid, stamp in stamps.items():
            b.update_record(id=rid, data={"n": 200}, if_match=stamp)
    assert lost.fired == 1
    outcomes = [o.outcome for o in info.value.outcomes]
    assert outcomes == ["unknown", "unknown"], info.value
    assert info.value.unknown_chunks == [0]
    for rid in stamps:  # and indeed they were applied
        assert kb.get_record(id=rid)["data"]["n"] == 200


# --------------------------------------------------------------------------- item 19


@pytest.mark.parametrize(
    "data", [{"t": "a\ud800"}, {"n": 10**5000}, {"\udfff": 1}], ids=["surrogate", "huge", "key"]
)
@pytest.mark.parametrize("cls", [StorageClient, AsyncStorageClient])
def test_issue15_item19_a_record_that_cannot_be_encoded_is_refused_when_queued(
    cls: type[Any], data: dict[str, Any]
) -> None:
    """Item 19: a lone surrogate or a ``10**5000`` in a queued record was not checked when
    queued; the chunk carrying it raised a raw error after earlier chunks committed."""
    with HostileServer(_ok) as server:
        client = cls(server.url + "/v1", bucket="b", collection="c", retry=0)
        batch = client.batch()
        _call(batch, "create_record", id="fine", data={"n": 1})
        with pytest.raises(InvalidInputError):
            _call(batch, "create_record", id="bad", data=data)
        assert server.requests == []


def _kinto_batch_answers(second_chunk_headers: Any) -> Any:
    """A Kinto taking 2 sub-requests per batch: the first chunk is applied (201s), the
    second answered 400s whose sub-response ``headers`` hold ``second_chunk_headers``."""

    def answer(request: Seen) -> Reply:
        if request.method == "GET":
            return Reply(200, {"project_name": "kinto", "settings": {"batch_max_requests": 2}})
        subs = request.json()["requests"]
        first = not any(r.path.endswith("/batch") for r in seen_before(request))
        responses = []
        for sub in subs:
            if first:
                body = {"data": {"id": sub["path"].rsplit("/", 1)[1], "last_modified": 1}}
                responses.append({"status": 201, "path": sub["path"], "body": body, "headers": {}})
            else:
                body = {"code": 400, "errno": 107, "error": "Invalid", "message": "bad"}
                responses.append(
                    {
                        "status": 400,
                        "path": sub["path"],
                        "body": body,
                        "headers": second_chunk_headers,
                    }
                )
        return Reply(200, {"responses": responses})

    history: list[Seen] = []

    def seen_before(request: Seen) -> list[Seen]:
        before = list(history)
        history.append(request)
        return before

    return answer


@pytest.mark.parametrize(
    "headers",
    [{"X-Count": 5}, {"X-Name": "café ☕"}, {"X-Nested": {"a": 1}}, ["not", "an", "object"]],
    ids=["int", "non-ascii", "object", "list"],
)
@pytest.mark.parametrize("cls", [StorageClient, AsyncStorageClient])
def test_issue15_item19_odd_sub_response_headers_give_a_batch_error(
    cls: type[Any], headers: Any
) -> None:
    """Item 19: a sub-response whose headers hold an int or non-ASCII text raised a raw
    TypeError/UnicodeEncodeError after the first chunk was committed; now a BatchError
    that says chunk 0 was applied and chunk 1's sub-requests failed with 400."""
    with HostileServer(_kinto_batch_answers(headers)) as server:
        client = cls(server.url + "/v1", bucket="b", collection="c", retry=0)

        async def run_async() -> None:
            async with client.batch() as batch:
                for n in range(4):
                    await batch.create_record(id=f"r{n}", data={"n": n})

        with pytest.raises(BatchError) as info:
            if cls is StorageClient:
                with client.batch() as batch:
                    for n in range(4):
                        batch.create_record(id=f"r{n}", data={"n": n})
            else:
                asyncio.run(run_async())
    error = info.value
    assert [o.outcome for o in error.outcomes] == ["ok", "ok", "failed", "failed"]
    assert error.committed_chunks == [0, 1]
    assert all(o.status == 400 for o in error.outcomes[2:])


# --------------------------------------------------------------------------- item 4


@pytest.mark.parametrize("cls", [StorageClient, AsyncStorageClient])
def test_issue15_item4_more_secret_header_names_are_redacted(cls: type[Any]) -> None:
    """Item 4: ``x-client-key``, ``x-jwt-assertion`` and ``authorization-secondary`` were
    shown in reprs and in the request an error carries."""
    headers = {
        "x-client-key": SECRET + "-1",
        "x-jwt-assertion": SECRET + "-2",
        "authorization-secondary": SECRET + "-3",
    }
    error_body = {"code": 400, "errno": 107, "error": "Invalid", "message": "no"}
    with HostileServer(lambda _r: Reply(400, error_body)) as server:
        client = cls(server.url + "/v1", headers=headers, retry=0)
        with pytest.raises(KinbaseError) as info:
            _call(client, "server_info")
        assert server.requests[0].headers["x-client-key"] == SECRET + "-1"  # sent, of course
    shown = _everything_shown(info.value) + repr(info.value.request.headers) + repr(client)
    shown += repr(client._config)
    assert SECRET not in shown


def test_issue15_item4_the_reauthentication_nonce_is_redacted() -> None:
    """Item 4: the reauthentication ``nonce`` (sent with a password change) appeared in
    the request body an error carries."""
    from kinbase.errors import APIError

    nonce = "NONCE-493817"
    request = httpx.Request(
        "PUT",
        "http://auth.invalid/user",
        json={"password": "new-Pa55word", "nonce": nonce},
    )
    response = httpx.Response(422, json={"msg": "bad"}, request=request)
    error = APIError("bad", response=response)
    assert nonce not in error.request.content.decode() + _everything_shown(error)


@pytest.mark.parametrize("cls", [StorageClient, AsyncStorageClient])
def test_issue15_item4_httpcore_debug_log_hides_set_cookie(
    cls: type[Any], caplog: pytest.LogCaptureFixture
) -> None:
    """Item 4: httpcore's DEBUG trace printed the ``Set-Cookie`` values of responses."""
    cookie = f"sid={SECRET}; Path=/; HttpOnly"
    answer = Reply(200, {"project_name": "kinto"}, [("Set-Cookie", cookie)])
    with caplog.at_level(logging.DEBUG), HostileServer(lambda _r: answer) as server:
        client = cls(server.url + "/v1", retry=0)
        _call(client, "server_info")
    traces = [r for r in caplog.records if r.name.startswith("httpcore")]
    assert any("receive_response_headers" in r.getMessage() for r in traces)
    assert any("Set-Cookie" in r.getMessage() for r in traces)  # the header is named
    assert all(SECRET not in r.getMessage() for r in caplog.records)


def test_issue15_item4_mfa_enroll_repr_hides_the_totp_secret() -> None:
    """Item 4: ``mfa.enroll()``'s result repr printed the TOTP secret and the
    ``otpauth://`` URI (which holds it)."""
    from kinbase.auth._requests import parse_enroll

    secret = "JBSWY3DPEHPK3PXP"
    body = {
        "id": "00000000-0000-4000-8000-000000000001",
        "type": "totp",
        "friendly_name": "phone",
        "totp": {
            "qr_code": f"data:image/svg+xml;utf-8,<svg>{secret}</svg>",
            "secret": secret,
            "uri": f"otpauth://totp/kinbase:a@example.com?secret={secret}&issuer=kinbase",
        },
    }
    enrolled = parse_enroll(httpx.Response(200, json=body))
    assert secret not in repr(enrolled) and secret not in repr(enrolled.totp)
    assert secret not in str(enrolled)
    assert enrolled.totp.secret == secret  # still there for the user to show


# --------------------------------------------------------------------------- item 6


def _signed_in_file(auth_url: str, path: Any) -> None:
    """A session in the file ``path`` (signed up with the sync client)."""
    import uuid

    from kinbase.auth import AuthClient, FileSessionStorage

    with AuthClient(auth_url, storage=FileSessionStorage(path)) as client:
        client.sign_up(
            {"email": f"lock-{uuid.uuid4().hex[:10]}@example.com", "password": "Pa55-word-ok"}
        )


def _hold_lock(path: Any) -> int:
    import fcntl
    import os

    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    fcntl.flock(fd, fcntl.LOCK_EX)
    return fd


def _let_go(fd: int) -> None:
    import fcntl
    import os

    fcntl.flock(fd, fcntl.LOCK_UN)
    os.close(fd)


def _lock_is_free(path: Any, *, within: float = 10.0) -> bool:
    """Whether another open file description gets the lock (polled, bounded)."""
    import fcntl
    import os
    import time

    deadline = time.monotonic() + within
    while True:
        fd = os.open(path, os.O_RDWR)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if time.monotonic() > deadline:
                return False
            time.sleep(0.05)
        else:
            fcntl.flock(fd, fcntl.LOCK_UN)
            return True
        finally:
            os.close(fd)


def test_issue15_item6_a_cancelled_lock_wait_never_keeps_the_lock(auth: Any, tmp_path: Any) -> None:
    """Item 6: the async refresh leader waited for the cross-process lock in
    ``asyncio.to_thread``; cancelled (here: the loop ends), the worker thread took the
    ``flock`` later and never released it, blocking every process sharing the file."""
    import threading

    from kinbase.auth import AsyncAuthClient, FileSessionStorage

    path = tmp_path / "session.json"
    _signed_in_file(auth.url, path)
    storage = FileSessionStorage(path)
    other_process = _hold_lock(storage.lock_path)  # another process is refreshing
    threading.Timer(1.0, _let_go, args=(other_process,)).start()  # ...and finishes

    async def main() -> None:
        client = AsyncAuthClient(auth.url, storage=FileSessionStorage(path))
        await client.initialize()
        asyncio.get_running_loop().create_task(client.refresh_session())
        state = client._session_driver.state
        for _ in range(500):  # until the leader waits for the lock (bounded)
            if state._inflight is not None:
                break
            await asyncio.sleep(0.01)
        assert state._inflight is not None
        await asyncio.sleep(0.1)
        # main returns: asyncio.run cancels the leader while it waits for the lock

    asyncio.run(main())
    assert _lock_is_free(storage.lock_path), "the lock was left held"
    # and the session file is still usable by the next process
    _signed_in_file(auth.url, path)


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_issue15_item6_the_lock_wait_is_bounded(auth: Any, tmp_path: Any, mode: str) -> None:
    """Item 6: a lock another process never releases made the refresh wait forever; now
    a SessionStorageError after ``lock_timeout`` (and the lock, once got, is released)."""
    from kinbase.auth import AsyncAuthClient, AuthClient, FileSessionStorage
    from kinbase.errors import SessionStorageError

    path = tmp_path / "session.json"
    _signed_in_file(auth.url, path)
    storage = FileSessionStorage(path)
    stuck = _hold_lock(storage.lock_path)
    try:
        if mode == "sync":
            client = AuthClient(auth.url, storage=FileSessionStorage(path))
            client.initialize()
            client._session_driver.state.lock_timeout = 0.3
            with pytest.raises(SessionStorageError, match="refresh lock was not free"):
                client.refresh_session()
            client.close()
        else:

            async def main() -> None:
                client = AsyncAuthClient(auth.url, storage=FileSessionStorage(path))
                await client.initialize()
                client._session_driver.state.lock_timeout = 0.3
                with pytest.raises(SessionStorageError, match="refresh lock was not free"):
                    await client.refresh_session()
                await client.aclose()

            asyncio.run(main())
    finally:
        _let_go(stuck)
    assert _lock_is_free(storage.lock_path)


# --------------------------------------------------------------------------- item 7


def test_issue15_item7_a_loop_ending_mid_refresh_keeps_the_rotation(
    auth: Any, tmp_path: Any
) -> None:
    """Item 7: the refresh leader is a task of the caller's loop; the loop ending (here
    ``asyncio.run`` returning while the refresh is at the server) cancelled it after the
    server had rotated the token, so the stored session kept the spent refresh token and,
    once GoTrue's reuse interval had passed, the next refresh signed the user out. Now the
    cancelled leader completes the exchange (GoTrue answers a just-rotated token with the
    current session inside its reuse interval) and stores the new session first."""
    import json
    import time

    from kinbase.auth import AsyncAuthClient, AuthClient, FileSessionStorage

    if auth.kind != "double":
        pytest.skip("needs the double's run-time refresh delay")
    reuse_interval, delay = 2.0, 0.5
    auth.configure({"refresh_reuse_interval": reuse_interval, "refresh_delay": delay})
    path = tmp_path / "session.json"
    _signed_in_file(auth.url, path)

    def stored_refresh_token() -> str:
        return str(json.loads(json.loads(path.read_text())["supabase.auth.token"])["refresh_token"])

    before = stored_refresh_token()
    began = time.monotonic()

    async def main() -> None:
        client = AsyncAuthClient(auth.url, storage=FileSessionStorage(path))
        await client.initialize()
        with pytest.raises(asyncio.TimeoutError):  # the caller gives up; the leader goes on
            await asyncio.wait_for(client.refresh_session(), delay / 3)
        # main returns while the refresh is at the server: asyncio.run cancels the leader

    asyncio.run(main())
    after = stored_refresh_token()
    assert after != before, "the rotation the server made was not stored"
    # past the reuse interval, the stored token still refreshes: the user stays signed in
    time.sleep(max(0.0, reuse_interval + delay + 0.3 - (time.monotonic() - began)))
    auth.configure({"refresh_delay": 0})
    with AuthClient(auth.url, storage=FileSessionStorage(path)) as client:
        client.initialize()
        assert client.refresh_session().session.refresh_token not in (before, after)


# --------------------------------------------------------------------------- item 8


class _DiskFullable:
    """Makes a FileSessionStorage fail its writes (ENOSPC) while ``full`` is set."""

    full = False


def _disk_full_storage(path: Any) -> Any:
    import errno
    import os

    from kinbase.auth import FileSessionStorage

    class DiskFullStorage(FileSessionStorage):
        def _write_file(self, items: dict[str, object]) -> None:
            if _DiskFullable.full:
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            super()._write_file(items)

    return DiskFullStorage(path)


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_issue15_item8_a_refresh_that_cannot_be_stored_is_kept(
    auth: Any, tmp_path: Any, mode: str, caplog: pytest.LogCaptureFixture
) -> None:
    """Item 8: a refresh the server made whose session could not be written (disk full)
    was discarded: the client kept the spent refresh token (the next refresh signed the
    user out) and the caller saw a raw OSError. Now the new session is kept in memory,
    the storage error is reported as a SessionStorageError (logged), and the write is
    retried."""
    import json
    import uuid

    from kinbase.auth import AsyncAuthClient, AuthClient

    path = tmp_path / "session.json"
    storage = _disk_full_storage(path)
    cls = AuthClient if mode == "sync" else AsyncAuthClient
    client = cls(auth.url, storage=storage)
    loop = asyncio.new_event_loop() if mode == "async" else None

    def run(value: Any) -> Any:
        return loop.run_until_complete(value) if loop is not None else value

    try:
        email = f"full-{uuid.uuid4().hex[:10]}@example.com"
        first = run(client.sign_up({"email": email, "password": "Pa55-word-ok"})).session
        _DiskFullable.full = True
        with caplog.at_level(logging.WARNING, logger="kinbase.auth"):
            second = run(client.refresh_session()).session  # no raw OSError
        assert second.refresh_token != first.refresh_token
        assert any("SessionStorageError" in r.getMessage() for r in caplog.records)
        stored = json.loads(json.loads(path.read_text())["supabase.auth.token"])
        assert stored["refresh_token"] == first.refresh_token  # the disk still holds the old
        # The next refresh spends the new token (kept in memory), not the spent one.
        third = run(client.refresh_session()).session
        assert third.refresh_token not in (first.refresh_token, second.refresh_token)
        _DiskFullable.full = False
        assert run(client.get_session()).refresh_token == third.refresh_token
        stored = json.loads(json.loads(path.read_text())["supabase.auth.token"])
        assert stored["refresh_token"] == third.refresh_token  # written once it could be
    finally:
        _DiskFullable.full = False
        if loop is not None:
            loop.run_until_complete(client.aclose())
            loop.close()
        else:
            client.close()


# --------------------------------------------------------------------------- item 17


class _Clock:
    """A settable clock (Unix seconds) for a session state."""

    def __init__(self, offset: float = 0.0) -> None:
        import time

        self.now = time.time() + offset

    def __call__(self) -> float:
        return self.now


def test_issue15_item17_a_skewed_client_clock_does_not_refresh_every_call(auth: Any) -> None:
    """Item 17: with the client's clock 2 hours ahead, every session looked expired:
    each call refreshed (10 calls, 10 refreshes) and the background refresher's next
    refresh was due at once (it spun). The skew is now read from the session the server
    issued (``expires_at - expires_in`` is its time of issue)."""
    import uuid

    from kinbase.auth import AuthClient

    clock = _Clock(offset=7200)
    with AuthClient(auth.url) as client:
        state = client._session_driver.state
        state.clock = clock
        signed = client.sign_up(
            {"email": f"skew-{uuid.uuid4().hex[:10]}@example.com", "password": "Pa55-word-ok"}
        ).session
        assert signed is not None and signed.expires_at < clock.now  # "expired" locally
        before = state.refresh_count
        for _ in range(10):
            assert client.get_session() is not None
        assert state.refresh_count == before  # no refresh: the token is fresh
        due = state.seconds_until_refresh()
        assert due is not None and due > signed.expires_in / 2  # the refresher waits
        assert abs(state.skew + 7200) < 60
        # It is refreshed when it does expire, on the server's clock.
        clock.now += signed.expires_in
        client.get_session()
        assert state.refresh_count == before + 1


def test_issue15_item17_a_session_sent_expired_is_not_refreshed_on_every_call() -> None:
    """Item 17: a server handing out sessions already expired (no lifetime) made every
    call refresh; a refreshed session is now refreshed again by expiry no sooner than
    ``MIN_REFRESH_INTERVAL`` (half its lifetime when it has one) later."""
    from kinbase.auth import AuthClient
    from kinbase.auth._session_state import MIN_REFRESH_INTERVAL

    clock = _Clock()
    issued: list[int] = []

    def answer(request: Seen) -> Reply:
        issued.append(1)
        return Reply(
            200,
            {
                "access_token": "eyJhbGciOiJIUzI1NiJ9.e30.c2ln",
                "refresh_token": f"refresh-{len(issued)}",
                "token_type": "bearer",
                "expires_in": 0,
                "expires_at": int(clock.now) - 100,
                "user": _user(1),
            },
        )

    with HostileServer(answer) as server, AuthClient(server.url, retry=0) as client:
        state = client._session_driver.state
        state.clock = clock
        client.sign_in_with_password({"email": "u1@example.com", "password": "x"})
        for _ in range(10):
            client.get_session()
        assert len(issued) == 2  # the sign-in and one refresh (was: 1 + 10 refreshes)
        clock.now += MIN_REFRESH_INTERVAL
        client.get_session()
        assert len(issued) == 3  # one more once the interval passed
