"""Construction, auth forms, clone, server endpoints, the generated client (sync and async)."""

from __future__ import annotations

import asyncio
import uuid
import warnings

import httpx
import pytest
from kinbase._http.retry import RetryPolicy
from kinbase.errors import (
    BackoffError,
    ForbiddenError,
    InvalidInputError,
    ServerAlertWarning,
    UnauthorizedError,
)
from kinbase.storage import AsyncStorageClient, StorageClient, unwrap
from kinbase_storage_api.api.records import get_record
from kinbase_storage_api.models.record_response import RecordResponse

from tests.servers import AuthServer, KintoFactory, KintoServer
from tests.storage.conftest import PASSWORD, MakeClient, Runner, sign_up


def _whoami(client: Runner) -> str | None:
    user = client.server_info().get("user")
    return None if user is None else str(user["id"])


def test_auth_forms(kinto: KintoServer, make_client: MakeClient, auth: AuthServer) -> None:
    sign_up(kinto.url, "alice")
    assert _whoami(make_client(kinto.url)) is None
    assert _whoami(make_client(kinto.url, auth=("alice", PASSWORD))) == "account:alice"
    assert _whoami(make_client(kinto.url, auth=f"alice:{PASSWORD}")) == "account:alice"
    assert _whoami(make_client(kinto.url, auth=httpx.BasicAuth("alice", PASSWORD))) == (
        "account:alice"
    )

    class Session:  # what an auth client's session offers
        def as_httpx_auth(self) -> httpx.Auth:
            return httpx.BasicAuth("alice", PASSWORD)

    assert _whoami(make_client(kinto.url, auth=Session())) == "account:alice"

    signed_up = httpx.post(
        f"{auth.url}/signup",
        json={"email": f"{uuid.uuid4().hex}@example.com", "password": PASSWORD},
        trust_env=False,
    ).json()
    bearer = make_client(kinto.url, auth=f"Bearer {signed_up['access_token']}")
    assert _whoami(bearer) == f"openid:{signed_up['user']['id']}"

    with pytest.raises(UnauthorizedError):
        make_client(kinto.url, auth=("alice", "wrong")).get_buckets()
    with pytest.raises(InvalidInputError):
        make_client(kinto.url, auth=42)
    with pytest.raises(InvalidInputError):
        make_client(kinto.url, auth="no-colon")


def test_server_url_without_v1_and_defaults(kinto: KintoServer, make_client: MakeClient) -> None:
    client = make_client(kinto.root_url)
    assert client.server_url == kinto.url
    assert client.bucket_name == "default" and client.collection_name is None
    assert client.server_info()["project_name"] == "kinto"
    with pytest.raises(InvalidInputError):
        make_client("ftp://nowhere")


def test_server_info_heartbeat_endpoint(kb: Runner) -> None:
    info = kb.server_info()
    assert info["settings"]["batch_max_requests"] == 25
    assert "accounts" in info["capabilities"]
    assert info.model().project_name == "kinto"
    assert kb.server_info() is info  # cached
    assert kb.heartbeat() == {"storage": True, "permission": True, "cache": True}
    assert kb.get_endpoint("record", id="r1") == "/buckets/b/collections/c/records/r1"
    assert kb.get_endpoint("bucket", bucket="x") == "/buckets/x"
    assert kb.get_endpoint("collections") == "/buckets/b/collections"
    assert kb.get_endpoint("root") == "/"
    with pytest.raises(InvalidInputError):
        kb.get_endpoint("record")  # id missing
    with pytest.raises(InvalidInputError):
        kb.get_endpoint("nope")


def test_clone_keeps_headers_timeout_retry_auth(kb: Runner) -> None:
    kb.create_bucket(id="b")
    base = kb.clone(headers={"X-Trace": "1"}, timeout=(2, 7), retry=RetryPolicy(max_attempts=2))
    clone = base.clone(bucket="elsewhere")
    http = clone.client._http
    assert http.headers["X-Trace"] == "1"
    assert http.timeout.connect == 2 and http.timeout.read == 7
    assert http._transport.policy.max_attempts == 2
    assert clone.bucket_name == "elsewhere" and clone.collection_name == "c"
    assert _whoami(clone) == "account:alice"  # auth kept
    assert clone.client._http is base.client._http  # only defaults changed: shared
    clone.close()
    assert base.get_bucket(id="b")["data"]["id"] == "b"  # still open
    kb.requests.clear()
    with pytest.raises(InvalidInputError):
        kb.clone(nonsense=1)
    base.close()  # its own pool (retry= changed)


def test_context_manager_closes(kinto: KintoServer, mode: str) -> None:
    """Issue 12: a closed client refuses to send on every path (its own calls, generated
    calls, its clones) with ClientClosedError, and sends nothing."""
    from kinbase.errors import ClientClosedError
    from kinbase_storage_api.api.server import server_info as generated_info

    if mode == "sync":
        with StorageClient(kinto.url) as client:
            client.server_info()
            view = client.clone(headers={"X-View": "1"})
        with pytest.raises(ClientClosedError):
            client.heartbeat()
        with pytest.raises(ClientClosedError):
            generated_info.sync_detailed(client=client.generated)
        with pytest.raises(ClientClosedError):
            view.heartbeat()
    else:

        async def main() -> None:
            async with AsyncStorageClient(kinto.url) as client:
                await client.server_info()
                view = client.clone(headers={"X-View": "1"})
            with pytest.raises(ClientClosedError):
                await client.heartbeat()
            with pytest.raises(ClientClosedError):
                await generated_info.asyncio_detailed(client=client.generated)
            with pytest.raises(ClientClosedError):
                await view.heartbeat()

        asyncio.run(main())


def test_forbidden_is_raised_with_server_message(kb: Runner, kinto: KintoServer) -> None:
    kb.create_bucket(id="b")
    sign_up(kinto.url, "eve")
    eve = kb.clone(auth=("eve", PASSWORD))
    with pytest.raises(ForbiddenError) as info:
        eve.get_bucket(id="b")
    assert info.value.errno == 121
    assert info.value.message
    assert (
        info.value.request.headers.get("authorization")
        != httpx.BasicAuth("eve", PASSWORD)._auth_header
    )


def test_generated_functions_share_auth_and_transport(
    kinto_factory: KintoFactory, mode: str, loop: asyncio.AbstractEventLoop | None
) -> None:
    """``client.generated`` carries the overlay's auth (a private record is readable) and its
    retrying transport (a server Backoff makes the next generated call fail fast)."""
    server = kinto_factory(backoff=30)
    user = sign_up(server.url)
    options = {"auth": user, "retry": RetryPolicy(on_server_backoff="fail")}
    if mode == "sync":
        client = StorageClient(server.url, **options)
        setup = StorageClient(server.url, auth=user, retry=RetryPolicy(on_server_backoff="ignore"))
        setup.create_bucket(id="b")
        setup.create_collection(id="c", bucket="b")
        setup.create_record(id="r", bucket="b", collection="c", data={"v": 1})
        setup.close()
        response = get_record.sync_detailed("b", "c", "r", client=client.generated)
        assert isinstance(unwrap(response), RecordResponse)
        assert unwrap(response).data.additional_properties["v"] == 1
        with pytest.raises(BackoffError):
            get_record.sync_detailed("b", "c", "r", client=client.generated)
        client.close()
    else:
        assert loop is not None

        async def main() -> None:
            setup = AsyncStorageClient(
                server.url, auth=user, retry=RetryPolicy(on_server_backoff="ignore")
            )
            await setup.create_bucket(id="b")
            await setup.create_collection(id="c", bucket="b")
            await setup.create_record(id="r", bucket="b", collection="c", data={"v": 1})
            await setup.aclose()
            async with AsyncStorageClient(server.url, **options) as client:
                response = await get_record.asyncio_detailed("b", "c", "r", client=client.generated)
                assert unwrap(response).data.additional_properties["v"] == 1
                with pytest.raises(BackoffError):
                    await get_record.asyncio_detailed("b", "c", "r", client=client.generated)

        loop.run_until_complete(main())


def test_unwrap_raises_instead_of_returning_error_models(kb: Runner, mode: str) -> None:
    kb.create_bucket(id="b")
    kb.create_collection(id="c")
    if mode == "sync":
        response = get_record.sync_detailed("b", "c", "nope", client=kb.client.generated)
    else:
        response = kb.run(get_record.asyncio_detailed("b", "c", "nope", client=kb.client.generated))
    from kinbase.errors import ObjectNotFoundError

    with pytest.raises(ObjectNotFoundError):
        unwrap(response)


def test_alert_header_becomes_a_warning(
    kinto_factory: KintoFactory, make_client: MakeClient
) -> None:
    server = kinto_factory(eos="2099-01-01", eos_message="moving out", eos_url="http://x.invalid")
    client = make_client(server.url)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        client.heartbeat()
    alerts = [w for w in caught if issubclass(w.category, ServerAlertWarning)]
    assert alerts and "moving out" in str(alerts[0].message)
