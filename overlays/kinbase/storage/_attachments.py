"""Sans-I/O parts of attachments (the kinto-attachment plugin): the upload request, where a
download comes from and what it may carry, where it is written, and the checks of what
arrived. The I/O is in ``_async/attachment.py`` (and its generated sync twin).

Retry-safety. An upload is a ``POST`` that stores a new file (a random name by default)
and replaces the record's previous one: resending it after it may have been applied could
replace a file someone uploaded meanwhile, so the transport resends it only when nothing
was applied (a connection refused, a 429 or 503); after an answer was lost the client reads
the record back and succeeds if it holds this very file (same SHA-256, size and name).
Removing (``DELETE``) and downloading (``GET``) are idempotent and retried as usual.

Credentials. The file's URL comes from the server (the record's ``location``, joined to
the ``attachments`` capability's ``base_url``): the client's ``Authorization`` and headers
go with the download only when that URL has the Kinto server's origin (scheme, host,
port); a file host elsewhere (a CDN, a bucket) gets a bare ``GET``. Redirects are followed
one by one under the same rule (httpx's own following would forward the client's headers
to another host).
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping
from typing import Any, BinaryIO
from urllib.parse import urljoin

import httpx
from kinbase_storage_api.types import UNSET, File

from kinbase._http.retry import IDEMPOTENT_EXTENSION
from kinbase._http.transport import STREAM_EXTENSION
from kinbase._json import to_jsonable
from kinbase._redact import redact_url
from kinbase.errors import AttachmentIntegrityError, InvalidInputError
from kinbase.storage import _operations
from kinbase.storage._requests import RequestPlan

__all__ = [
    "CHUNK_SIZE",
    "Download",
    "attachment_of",
    "delete_call",
    "download_request",
    "download_target",
    "file_digest",
    "matches",
    "upload_call",
]

#: kinto-http's default ``chunk_size`` for downloads (bytes).
CHUNK_SIZE = 8 * 1024
_HASH_CHUNK = 1024 * 1024
_DEFAULT_PORTS = {"http": 80, "https": 443}
#: Redirects followed by a download (httpx's default limit).
MAX_REDIRECTS = 20
_SEPS = tuple({"/", os.sep})


def upload_call(
    path: tuple[str, ...],
    file: BinaryIO,
    filename: str,
    mimetype: str | None,
    data: Mapping[str, Any] | None,
    permissions: Mapping[str, Any] | None,
) -> RequestPlan:
    """``POST .../attachment``: the file part plus the ``data``/``permissions`` JSON fields
    (kinto-http sends ``json.dumps`` of each). Marked not retry-safe (see the module)."""
    upload = _operations.attachment_upload_model()(
        attachment=File(payload=file, file_name=filename, mime_type=mimetype),
        data=UNSET if data is None else json.dumps(to_jsonable(data, path="data")),
        permissions=UNSET
        if permissions is None
        else json.dumps(to_jsonable(permissions, path="permissions")),
    )
    kwargs = _operations.post_attachment_request(path, upload)
    # The generated call fixes the boundary ("multipart/form-data; boundary=+++"): a file
    # holding "--+++" would end the form early. Without the header httpx picks a random one.
    kwargs["headers"].pop("Content-Type", None)
    return RequestPlan(kwargs, idempotent=False)


def delete_call(path: tuple[str, ...]) -> RequestPlan:
    """``DELETE .../attachment``."""
    return RequestPlan(_operations.delete_attachment_request(path))


def attachment_of(record: Mapping[str, Any]) -> Mapping[str, Any]:
    """The ``attachment`` field of ``record`` (a record's data, as kinto-http takes it, or
    a whole ``get_record()`` answer ``{"data": ..., "permissions": ...}``)."""
    if not isinstance(record, Mapping):
        raise InvalidInputError(f"record must be a record (a mapping), not {type(record).__name__}")
    if "attachment" not in record and isinstance(record.get("data"), Mapping):
        record = record["data"]
    attachment = record.get("attachment")
    if not isinstance(attachment, Mapping):
        raise InvalidInputError("Specified record has no attachment")
    for name, kind in (("location", str), ("hash", str), ("filename", str), ("size", int)):
        value = attachment.get(name)
        if not isinstance(value, kind) or isinstance(value, bool):
            raise InvalidInputError(f"the record's attachment has no valid {name!r}")
    if attachment["size"] < 0:
        raise InvalidInputError("the record's attachment has a negative size")
    return attachment


def download_url(server_info: Mapping[str, Any], attachment: Mapping[str, Any]) -> str:
    """The file's URL: the ``location`` as is when absolute, else joined to the
    ``attachments`` capability's ``base_url`` (kinto-http's rule)."""
    location: str = attachment["location"]
    if httpx.URL(location).is_absolute_url:
        url = location
    else:
        capabilities = server_info.get("capabilities")
        capability = capabilities.get("attachments") if isinstance(capabilities, Mapping) else None
        if not isinstance(capability, Mapping):
            raise InvalidInputError(
                "the server has no 'attachments' capability (is the kinto-attachment plugin "
                "enabled?): cannot resolve the attachment's relative location"
            )
        base_url = capability.get("base_url")
        if not isinstance(base_url, str) or not base_url:
            raise InvalidInputError(
                "the server's 'attachments' capability has no base_url: cannot resolve the "
                "attachment's relative location"
            )
        url = urljoin(base_url.rstrip("/") + "/", location.lstrip("/"))
    if httpx.URL(url).scheme not in _DEFAULT_PORTS:
        raise InvalidInputError(f"the attachment's URL is not http(s): {redact_url(url)}")
    return url


def _origin(url: httpx.URL) -> tuple[str, str, int | None]:
    return url.scheme, url.host, url.port or _DEFAULT_PORTS.get(url.scheme)


def same_origin(url: str, server_url: str) -> bool:
    """Whether ``url`` has the Kinto server's scheme, host and port."""
    return _origin(httpx.URL(url)) == _origin(httpx.URL(server_url))


def download_request(
    http: httpx.Client | httpx.AsyncClient, url: str, server_url: str
) -> tuple[httpx.Request, bool]:
    """The ``GET`` of the file (or of a redirect's target), and whether it may carry the
    client's auth: with the client's headers on the server's origin, with none of them
    elsewhere."""
    if httpx.URL(url).scheme not in _DEFAULT_PORTS:
        raise InvalidInputError(f"the attachment's URL is not http(s): {redact_url(url)}")
    extensions = {STREAM_EXTENSION: True, IDEMPOTENT_EXTENSION: True}
    if same_origin(url, server_url):
        return http.build_request("GET", url, extensions=extensions), True
    headers = {"User-Agent": http.headers.get("User-Agent", "kinbase")}
    return httpx.Request("GET", url, headers=headers, extensions=extensions), False


def download_target(attachment: Mapping[str, Any], filepath: str | os.PathLike[str] | None) -> str:
    """Where the file goes (kinto-http's rule): ``filepath``, or the attachment's file name
    in ``filepath`` when it is a folder or ends with a separator (``"downloads/"``, created
    if missing; the current folder when ``None``). The server's file name is reduced to its
    last part: a record cannot write outside that folder."""
    name = os.path.basename(str(attachment["filename"]).replace("\\", "/"))
    if filepath is not None and not (
        os.path.isdir(filepath) or os.fspath(filepath).endswith(_SEPS)
    ):
        return os.fspath(filepath)
    if name in ("", ".", ".."):
        raise InvalidInputError(
            f"the attachment's file name {attachment['filename']!r} is not usable: pass filepath="
        )
    return os.path.join(os.fspath(filepath) if filepath is not None else "", name)


def file_digest(path: str | os.PathLike[str]) -> tuple[str, int]:
    """SHA-256 (hex) and size of a local file, read a megabyte at a time."""
    digest = hashlib.sha256()
    size = 0
    with open(path, "rb") as file:
        while chunk := file.read(_HASH_CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def matches(attachment: Any, sha256: str, size: int, filename: str) -> bool:
    """Whether a record's ``attachment`` field describes this very file."""
    return (
        isinstance(attachment, Mapping)
        and attachment.get("hash") == sha256
        and attachment.get("size") == size
        and attachment.get("filename") == filename
    )


class Download:
    """What arrived of one download: counted and hashed chunk by chunk; refuses a chunk
    that goes past the expected size (a hostile host cannot fill the disk)."""

    def __init__(self, attachment: Mapping[str, Any], response: httpx.Response) -> None:
        self.expected_hash: str = str(attachment["hash"]).lower()
        self.expected_size: int = attachment["size"]
        self.response = response
        self.size = 0
        self._digest = hashlib.sha256()

    def feed(self, chunk: bytes) -> None:
        self.size += len(chunk)
        if self.size > self.expected_size:
            raise self._error(None, f"more than the {self.expected_size} bytes expected")
        self._digest.update(chunk)

    def check(self) -> None:
        """Raise :class:`AttachmentIntegrityError` unless the whole file arrived intact."""
        actual = self._digest.hexdigest()
        if self.size != self.expected_size:
            raise self._error(actual, f"{self.size} bytes instead of {self.expected_size}")
        if actual != self.expected_hash:
            raise self._error(actual, f"SHA-256 {actual} instead of {self.expected_hash}")

    def _error(self, actual: str | None, problem: str) -> AttachmentIntegrityError:
        request = self.response.request
        return AttachmentIntegrityError(
            f"the attachment downloaded from {redact_url(request.url)} is not the record's "
            f"file: {problem}; the partial file was removed",
            request=request,
            status_code=self.response.status_code,
            expected_hash=self.expected_hash,
            actual_hash=actual,
            expected_size=self.expected_size,
            actual_size=self.size,
        )
