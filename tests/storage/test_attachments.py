"""Attachments against the real kinto-attachment plugin (8.0, local filesystem backend),
sync and async: upload, download (streamed to a file, hash checked), remove.

The plugin writes files under a temporary ``base_path`` and gives them the URL
``<file host>/files/<name>``; it does not serve them, so the tests run a small file host
(an ``http.server`` serving that folder a chunk at a time, on another port: another
origin than Kinto's, as a CDN would be). It records the headers it receives. A Kinto
played by the tests' own hostile server covers what the real one never does (a file
that does not match its record, the same-origin download, an upload whose answer is lost).
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
import tracemalloc
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest
from kinbase.errors import (
    AttachmentIntegrityError,
    InvalidInputError,
    NotFoundError,
    ResponseTooLargeError,
    TransportError,
)

from tests.hostileserver import HostileServer, Reply, Seen
from tests.servers import Backend, KintoServer
from tests.servers.kinto import attachment_settings
from tests.storage.conftest import MakeClient, Runner, sign_up

pytestmark = pytest.mark.kinto


class _FileHandler(SimpleHTTPRequestHandler):
    seen: list[dict[str, str]]

    def do_GET(self) -> None:
        self.seen.append({k.lower(): v for k, v in self.headers.items()})
        super().do_GET()

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass


class FileHost:
    """Serves ``root`` at ``url`` (``http://127.0.0.1:N/files/`` maps to ``root``)."""

    def __init__(self, root: Path) -> None:
        self.seen: list[dict[str, str]] = []
        handler = type("Handler", (_FileHandler,), {"seen": self.seen})
        self._server = ThreadingHTTPServer(
            ("127.0.0.1", 0), partial(handler, directory=str(root.parent))
        )
        self._server.daemon_threads = True
        host, port = self._server.server_address[:2]
        self.url = f"http://{host!s}:{port}/{root.name}/"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, FileHost]]:
    root = tmp_path_factory.mktemp("attachments") / "files"
    root.mkdir()
    host = FileHost(root)
    yield root, host
    host.close()


@pytest.fixture(scope="module")
def attachment_kinto(
    request: pytest.FixtureRequest, kinto_backend: Backend, files: tuple[Path, FileHost]
) -> Iterator[KintoServer]:
    """A Kinto with kinto-attachment enabled (the session's backend)."""
    root, host = files
    dsn = request.getfixturevalue("kinto_database")() if kinto_backend == "postgresql" else None
    server = KintoServer(
        backend=kinto_backend,
        postgres_dsn=dsn,
        settings=attachment_settings(root, host.url),
        migrate=False,
    )
    server.start()
    yield server
    server.close()


@pytest.fixture
def akb(attachment_kinto: KintoServer, make_client: MakeClient) -> Runner:
    attachment_kinto.flush()
    client = make_client(
        attachment_kinto.url, auth=sign_up(attachment_kinto.url), bucket="b", collection="c"
    )
    client.create_bucket(id="b")
    client.create_collection(id="c")
    return client


def _file(folder: Path, name: str, size: int) -> tuple[Path, bytes]:
    content = os.urandom(size)
    path = folder / name
    path.write_bytes(content)
    return path, content


def test_upload_download_remove(akb: Runner, files: tuple[Path, FileHost], tmp_path: Path) -> None:
    root, host = files
    source, content = _file(tmp_path, "photo.png", 300_000)
    sha256 = hashlib.sha256(content).hexdigest()

    answer = akb.add_attachment(
        id="r1", filepath=str(source), data={"title": "holiday"}, permissions={"read": []}
    )
    assert answer["hash"] == sha256
    assert answer["size"] == len(content)
    assert answer["filename"] == "photo.png"
    assert answer["mimetype"] == "image/png"
    assert answer["location"].startswith(host.url)
    assert answer.model().size == len(content)  # the generated Attachment model
    record = akb.get_record(id="r1")
    assert record["data"]["title"] == "holiday"
    assert record["data"]["attachment"] == dict(answer)
    stored = root / answer["location"][len(host.url) :]
    assert stored.read_bytes() == content

    host.seen.clear()
    target = akb.download_attachment(record["data"], filepath=str(tmp_path / "copy.png"))
    assert target == str(tmp_path / "copy.png")
    assert Path(target).read_bytes() == content
    # The file host is another origin than Kinto: it gets no credentials.
    assert len(host.seen) == 1
    assert "authorization" not in host.seen[0]

    # A folder: the attachment's file name in it. A whole get_record() answer is accepted.
    # Already there and intact: not downloaded again (kinto-http's rule).
    (tmp_path / "out").mkdir()
    target = akb.download_attachment(record, filepath=str(tmp_path / "out"), save_metadata=True)
    assert target == str(tmp_path / "out" / "photo.png")
    assert Path(target).read_bytes() == content
    assert json.loads(Path(target + ".meta.json").read_text()) == dict(record)
    before = len(host.seen)
    assert akb.download_attachment(record, filepath=str(tmp_path / "out")) == target
    assert len(host.seen) == before
    akb.download_attachment(record, filepath=str(tmp_path / "out"), overwrite=True)
    assert len(host.seen) == before + 1

    assert akb.remove_attachment(id="r1") is None
    after = akb.get_record(id="r1")["data"]
    assert after["attachment"] is None
    assert after["title"] == "holiday"
    assert not stored.exists()
    with pytest.raises(InvalidInputError, match="no attachment"):
        akb.download_attachment(after, filepath=str(tmp_path / "gone.png"))


def test_replacing_an_attachment_and_other_collections(akb: Runner, tmp_path: Path) -> None:
    first, _ = _file(tmp_path, "a.txt", 10)
    second, content = _file(tmp_path, "b.txt", 20)
    akb.create_collection(id="other")
    akb.add_attachment("r2", str(first), collection="other")
    answer = akb.add_attachment("r2", str(second), filename="renamed.txt", collection="other")
    data = akb.get_record(id="r2", collection="other")["data"]
    assert data["attachment"]["filename"] == "renamed.txt"
    assert data["attachment"]["hash"] == answer["hash"] == hashlib.sha256(content).hexdigest()
    target = akb.download_attachment(data, filepath=str(tmp_path / "dl.txt"))
    assert Path(target).read_bytes() == content
    # a path ending with a separator is a folder, created if missing
    target = akb.download_attachment(data, filepath=f"{tmp_path / 'new' / 'sub'}/")
    assert target == str(tmp_path / "new" / "sub" / "renamed.txt")
    assert Path(target).read_bytes() == content


def test_download_streams_to_the_file(
    akb: Runner, make_client: MakeClient, attachment_kinto: KintoServer, tmp_path: Path
) -> None:
    size = 4 * 1024 * 1024
    source, content = _file(tmp_path, "big.json", size)
    record = akb.add_attachment("big", str(source))
    data = akb.get_record(id="big")["data"]
    assert record["size"] == size
    # A client whose responses may not exceed 64 KiB: a download read whole would fail.
    small = make_client(attachment_kinto.url, max_response_bytes=64 * 1024)
    with pytest.raises(ResponseTooLargeError):
        small.run(small.client._http.get(data["attachment"]["location"]))
    tracemalloc.start()
    try:
        target = small.download_attachment(data, filepath=str(tmp_path / "copy.json"))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert Path(target).read_bytes() == content
    assert peak < size // 4, f"peak {peak} bytes while downloading {size}"


def test_tampered_file_is_refused_and_removed(
    akb: Runner, files: tuple[Path, FileHost], tmp_path: Path
) -> None:
    root, host = files
    source, content = _file(tmp_path, "doc.pdf", 50_000)
    answer = akb.add_attachment("r3", str(source))
    stored = root / answer["location"][len(host.url) :]
    stored.write_bytes(b"X" + content[1:])  # same size, other content
    out = tmp_path / "out"
    out.mkdir()
    data = akb.get_record(id="r3")["data"]
    with pytest.raises(AttachmentIntegrityError) as caught:
        akb.download_attachment(data, filepath=str(out))
    error = caught.value
    assert error.expected_hash == answer["hash"]
    assert error.actual_hash == hashlib.sha256(b"X" + content[1:]).hexdigest()
    assert error.expected_size == error.actual_size == len(content)
    assert "partial file was removed" in str(error)
    assert list(out.iterdir()) == []  # nothing kept, no partial file

    stored.write_bytes(content[:-1])  # truncated
    (out / "doc.pdf").write_bytes(b"an older copy")
    with pytest.raises(AttachmentIntegrityError, match="49999 bytes instead of 50000"):
        akb.download_attachment(data, filepath=str(out))
    assert [p.name for p in out.iterdir()] == ["doc.pdf"]
    assert (out / "doc.pdf").read_bytes() == b"an older copy"  # not clobbered


def test_an_upload_cannot_be_batched(akb: Runner, tmp_path: Path) -> None:
    source, _ = _file(tmp_path, "a.txt", 3)
    with pytest.raises(InvalidInputError, match="cannot be sent in a batch"):  # noqa: SIM117
        with akb.batch() as batch:
            batch.add_attachment("r4", str(source))


# -- a Kinto played by the tests' own server ------------------------------------------------


def _hostile_kinto(files: dict[str, Any], record: dict[str, Any] | None = None) -> Any:
    """A Kinto whose attachments capability points at itself (``/attachments/``): a file
    is served from ``files`` (bytes, or a :class:`Reply`)."""

    def answer(seen: Seen) -> Reply:
        path = seen.path.split("?")[0]
        if path == "/v1/":
            base_url = f"http://{seen.headers['host']}/attachments/"
            return Reply(body={"capabilities": {"attachments": {"base_url": base_url}}})
        if path.startswith("/attachments/") and path[len("/attachments/") :] in files:
            served = files[path[len("/attachments/") :]]
            return served if isinstance(served, Reply) else Reply(body=served)
        if seen.method == "POST" and path.endswith("/attachment"):
            return Reply(drop=True)  # the upload arrives; its answer is lost
        if seen.method == "GET" and record is not None and path.endswith("/records/r1"):
            return Reply(body={"data": record, "permissions": {}})
        return Reply(404, {"code": 404, "errno": 111, "error": "Not Found", "message": "no"})

    return answer


def test_same_origin_download_carries_auth_and_an_oversized_file_is_cut(
    make_client: MakeClient, tmp_path: Path
) -> None:
    good, bad = b"hello attachment", b"A" * 100_000
    files = {"good.txt": good, "bad.txt": bad}
    with HostileServer(_hostile_kinto(files)) as server:
        client = make_client(f"{server.url}/v1", auth=("alice", "secret"))
        record = {
            "id": "r1",
            # relative locations: joined to the capability's base_url (this server)
            "attachment": {
                "location": "good.txt",
                "hash": hashlib.sha256(good).hexdigest(),
                "size": len(good),
                "filename": "../../escape.txt",
                "mimetype": "text/plain",
            },
        }
        target = client.download_attachment(record, filepath=str(tmp_path))
        assert target == str(tmp_path / "escape.txt")  # the server's name cannot leave the folder
        assert Path(target).read_bytes() == good
        fetched = [s for s in server.requests if s.path == "/attachments/good.txt"]
        assert fetched[0].headers["authorization"].startswith("Basic ")  # same origin

        claimed = {**record["attachment"], "location": "/bad.txt", "filename": "bad.txt"}
        with pytest.raises(AttachmentIntegrityError, match="more than the 16 bytes") as caught:
            client.download_attachment({"attachment": claimed}, filepath=str(tmp_path / "b.txt"))
        assert caught.value.actual_hash is None
        assert caught.value.actual_size < len(bad)
        assert not (tmp_path / "b.txt").exists()
        assert [p.name for p in tmp_path.iterdir()] == ["escape.txt"]


def test_an_upload_whose_answer_is_lost_is_read_back_not_resent(
    make_client: MakeClient, tmp_path: Path
) -> None:
    source, content = _file(tmp_path, "a.txt", 1000)
    applied = {
        "filename": "a.txt",
        "hash": hashlib.sha256(content).hexdigest(),
        "size": len(content),
        "location": "x.txt",
        "mimetype": "text/plain",
    }
    with HostileServer(_hostile_kinto({}, {"id": "r1", "attachment": applied})) as server:
        client = make_client(
            f"{server.url}/v1", auth=("alice", "secret"), bucket="b", collection="c", retry=3
        )
        assert client.add_attachment("r1", str(source)) == applied
        posts = [s for s in server.requests if s.method == "POST"]
        assert len(posts) == 1  # not resent after it may have been applied
        assert content in posts[0].body

    other = {**applied, "hash": "0" * 64}
    with HostileServer(_hostile_kinto({}, {"id": "r1", "attachment": other})) as server:
        client = make_client(
            f"{server.url}/v1", auth=("alice", "secret"), bucket="b", collection="c"
        )
        with pytest.raises(TransportError, match="may have been received"):
            client.add_attachment("r1", str(source))


def test_a_missing_file_is_an_error_and_nothing_is_written(
    make_client: MakeClient, tmp_path: Path
) -> None:
    with HostileServer(_hostile_kinto({})) as server:
        client = make_client(f"{server.url}/v1")
        record = {
            "attachment": {
                "location": "gone.txt",
                "hash": "0" * 64,
                "size": 1,
                "filename": "gone.txt",
            }
        }
        with pytest.raises(NotFoundError):
            client.download_attachment(record, filepath=str(tmp_path))
    assert list(tmp_path.iterdir()) == []


def test_the_storage_guide_example_runs(
    attachment_kinto: KintoServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The example of docs/storage.md's "Attachments" section, as written, on the real plugin."""
    attachment_kinto.flush()
    response = httpx.put(
        f"{attachment_kinto.url}/accounts/alice",
        json={"data": {"password": "s3cret"}},
        trust_env=False,
    )
    assert response.status_code == 201
    guide = (Path(__file__).parents[2] / "docs" / "storage.md").read_text()
    section = guide.split("## Attachments", 1)[1]
    example = section.split("```python\n", 1)[1].split("```", 1)[0]
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, Any] = {}
    code = example.replace("http://localhost:8888/v1", attachment_kinto.url)
    exec(compile(code, "docs/storage.md", "exec"), namespace)
    client = namespace["client"]
    try:
        assert namespace["path"] == os.path.join("downloads", "beach.png")
        assert (tmp_path / "downloads" / "beach.png").read_bytes() == (
            tmp_path / "beach.png"
        ).read_bytes()
        assert client.get_record(id="beach")["data"]["attachment"] is None
    finally:
        client.close()


def test_a_redirect_to_another_host_gets_no_credentials(
    make_client: MakeClient, tmp_path: Path
) -> None:
    content = b"on the CDN"
    with HostileServer(lambda seen: Reply(body=content)) as cdn:
        moved = Reply(302, b"", [("Location", f"{cdn.url}/file.txt")])
        with HostileServer(_hostile_kinto({"moved.txt": moved})) as server:
            client = make_client(
                f"{server.url}/v1", auth=("alice", "secret"), headers={"X-Secret": "shh"}
            )
            record = {
                "attachment": {
                    "location": "moved.txt",
                    "hash": hashlib.sha256(content).hexdigest(),
                    "size": len(content),
                    "filename": "file.txt",
                }
            }
            target = client.download_attachment(record, filepath=str(tmp_path))
            first = next(s for s in server.requests if s.path == "/attachments/moved.txt")
    assert Path(target).read_bytes() == content
    assert first.headers["x-secret"] == "shh"  # the Kinto server's own origin
    assert first.headers["authorization"].startswith("Basic ")
    [hop] = cdn.requests
    assert hop.path == "/file.txt"
    assert "authorization" not in hop.headers
    assert "x-secret" not in hop.headers
