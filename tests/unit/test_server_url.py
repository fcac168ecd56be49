"""One rule for a Kinto server URL, used by the storage client and the CLI's ``--server``
(``kinbase.storage._options.server_root``)."""

from __future__ import annotations

import re

import pytest
from kinbase.cli.config import Settings
from kinbase.cli.output import CLIError
from kinbase.errors import InvalidInputError
from kinbase.storage import StorageClient
from kinbase.storage._batch import KINTO_DEFAULT_BATCH_SIZE, settings_batch_size
from kinbase.storage._options import server_root


class _Args:
    def __init__(self, server: str) -> None:
        self.server = server


def _cli_server(url: str) -> str:
    return Settings.from_args(_Args(url), environ={}).server


@pytest.mark.parametrize(
    ("given", "root"),
    [
        ("http://h:8888", "http://h:8888/v1"),
        ("http://h:8888/", "http://h:8888/v1"),
        ("  https://h/v1/ ", "https://h/v1"),
        ("http://h/kinto/v1", "http://h/kinto/v1"),
    ],
)
def test_the_client_and_the_cli_read_a_server_url_alike(given: str, root: str) -> None:
    assert server_root(given) == root
    assert _cli_server(given) == root
    with StorageClient(given) as client:
        assert client.server_url == root


@pytest.mark.parametrize(
    ("given", "problem"),
    [
        ("ftp://alice:s3cret@h/v1", "must be an http(s) URL"),
        ("alice:s3cret@h:8888", "must be an http(s) URL"),
        ("http://alice:s3cret@/v1", "has no host"),
    ],
)
def test_anything_but_an_http_url_with_a_host_is_refused_without_its_password(
    given: str, problem: str
) -> None:
    with pytest.raises(InvalidInputError, match=re.escape(f"server_url {problem}")) as caught:
        StorageClient(given)
    assert "s3cret" not in str(caught.value)
    with pytest.raises(CLIError, match=re.escape(f"--server {problem}")) as refused:
        _cli_server(given)
    assert "s3cret" not in str(refused.value)


@pytest.mark.parametrize(
    ("value", "size"),
    [(100, 100), (True, KINTO_DEFAULT_BATCH_SIZE), (0, KINTO_DEFAULT_BATCH_SIZE), ("9", 25)],
)
def test_the_cli_import_sizes_batches_by_the_clients_rule(value: object, size: int) -> None:
    """The CLI's import asks ``settings_batch_size`` of the library (no rule of its own)."""
    from kinbase.cli.commands import transfer

    assert settings_batch_size({"settings": {"batch_max_requests": value}}) == size
    assert not [name for name in vars(transfer) if "batch_size" in name.lower()]
