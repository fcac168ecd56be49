"""Per-user views of one storage client (``with_auth``): one pool, one caller each."""

from __future__ import annotations

import pytest
from kinbase.errors import ForbiddenError, UnauthorizedError

from tests.runner import Runner
from tests.servers import KintoServer
from tests.storage.conftest import MakeClient, loop, mode, sign_up

__all__ = ["loop", "mode"]


def test_views_share_the_pool_and_send_as_their_own_user(
    kinto: KintoServer, make_client: MakeClient
) -> None:
    parent = make_client(kinto.url)  # anonymous
    alice, bob = sign_up(kinto.url), sign_up(kinto.url)
    as_alice = Runner(parent.client.with_auth(alice), parent.loop)
    as_bob = Runner(parent.client.with_auth(bob), parent.loop)
    assert as_alice.client._http is parent.client._http  # one pool
    # server_info's user follows the caller, though the answers are cached
    assert "user" not in parent.server_info()
    assert as_alice.server_info()["user"]["id"] == f"account:{alice[0]}"
    assert as_bob.server_info()["user"]["id"] == f"account:{bob[0]}"
    assert as_alice.server_info()["user"]["id"] == f"account:{alice[0]}"
    as_alice.create_bucket(id="alices")
    with pytest.raises(ForbiddenError):
        as_bob.create_collection(id="c", bucket="alices")
    with pytest.raises((ForbiddenError, UnauthorizedError)):
        parent.get_bucket(id="alices")
    # a batch made from a view sends as the view's user
    with as_alice.batch() as batch:
        batch.create_collection(id="c", bucket="alices")
    assert as_alice.get_collection(id="c", bucket="alices")["data"]["id"] == "c"
    # the generated client of a view carries the view's auth too
    generated = as_bob.client.generated
    http = generated.get_async_httpx_client() if parent.is_async else generated.get_httpx_client()
    assert (
        repr(http.auth)
        == repr(as_bob.client.auth)
        == f"BasicAuth(username={bob[0]!r}, password=<redacted>)"
    )
    assert parent.client.auth is None
    # closing a view leaves the shared connections open
    as_bob.close()
    assert as_alice.get_bucket(id="alices")["data"]["id"] == "alices"
