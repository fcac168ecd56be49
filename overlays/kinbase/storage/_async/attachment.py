"""Attachments of records (the kinto-attachment plugin): upload, remove, download.

kinto-http.py's ``add_attachment``, ``remove_attachment`` and ``download_attachment``, with
their arguments. Uploads are multipart ``POST``s through the client's httpx client and
retry transport (resent only when nothing was applied; see ``storage/_attachments.py``);
downloads stream to a file, a chunk at a time, and check the record's SHA-256 and size.
"""

from __future__ import annotations

import contextlib
import json
import mimetypes
import os
import tempfile
from collections.abc import Mapping
from typing import IO, Any

import httpx

from kinbase._concurrency import async_run_blocking
from kinbase._redact import redact_url
from kinbase.errors import KinbaseError, TransportError, storage_error_from_response
from kinbase.storage import _attachments, _operations, _requests
from kinbase.storage._async._base import AsyncStorageBase
from kinbase.storage._results import StorageResult, json_body

__all__ = ["AsyncAttachmentMixin"]

_RECORD = _requests.RESOURCES["record"]
#: The most of an error answer from a file host that is read (for the error's message).
_ERROR_BODY_LIMIT = 64 * 1024


def _remove(path: str) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.remove(path)


def _open_partial(target: str) -> tuple[IO[bytes], str]:
    """A new file next to ``target`` (same folder, so that the final rename is atomic)."""
    folder = os.path.dirname(target)
    if folder:
        os.makedirs(folder, exist_ok=True)
    fd, partial = tempfile.mkstemp(
        dir=folder or ".", prefix=f".{os.path.basename(target)}.", suffix=".part"
    )
    return os.fdopen(fd, "wb"), partial


def _finish(file: IO[bytes], partial: str, target: str) -> None:
    file.close()
    os.replace(partial, target)


def _abandon(file: IO[bytes], partial: str) -> None:
    file.close()
    _remove(partial)


def _save_metadata(target: str, record: Mapping[str, Any]) -> None:
    with open(target + ".meta.json", "w") as meta:
        json.dump(record, meta)


class AsyncAttachmentMixin(AsyncStorageBase):
    """Attachment methods of :class:`AsyncStorageClient` (``.../records/{id}/attachment``)."""

    async def add_attachment(
        self,
        id: str,
        filepath: str | os.PathLike[str],
        filename: str | None = None,
        bucket: str | None = None,
        collection: str | None = None,
        data: Mapping[str, Any] | None = None,
        permissions: Mapping[str, Any] | None = None,
        mimetype: str | None = None,
    ) -> StorageResult:
        """Attach the file at ``filepath`` to the record ``id`` (created if missing), as
        ``filename`` (default: the file's name); ``data``/``permissions`` are merged into
        the record. Returns the attachment's metadata (``location``, ``hash``, ``size``,
        ``filename``, ``mimetype``). The file is read into memory once, to be resent.

        Not retried once it may have reached the server: if its answer is lost, the
        record is read back, and the call succeeds if it holds this very file."""
        path = (*self._collection_path(bucket, collection), _requests.require_id(id, "record"))
        name = filename or os.path.basename(os.fspath(filepath))
        if mimetype is None:
            mimetype, _ = mimetypes.guess_type(os.fspath(filepath))
        sha256, size = await async_run_blocking(_attachments.file_digest, filepath)
        file = await async_run_blocking(open, filepath, "rb")
        try:
            call = _attachments.upload_call(path, file, name, mimetype, data, permissions)
            try:
                response = await self._send(call)
            except TransportError:
                # The answer may have been lost after the upload was applied.
                current = await self._written_attachment(path, sha256, size, name)
                if current is None:
                    raise
                return current
        finally:
            await async_run_blocking(file.close)
        return StorageResult(json_body(response), _operations.attachment_model())

    async def _written_attachment(
        self, path: tuple[str, ...], sha256: str, size: int, name: str
    ) -> StorageResult | None:
        try:
            record = await self._get(_RECORD, path, {})
        except KinbaseError:
            return None
        attachment = record.get("data", {}).get("attachment")
        if not _attachments.matches(attachment, sha256, size, name):
            return None
        return StorageResult(attachment, _operations.attachment_model())

    async def remove_attachment(
        self, id: str, bucket: str | None = None, collection: str | None = None
    ) -> None:
        """Remove the record's attachment (its file and its ``attachment`` field, set to
        null). ``None``, as kinto-http (the server answers 204)."""
        path = (*self._collection_path(bucket, collection), _requests.require_id(id, "record"))
        await self._send(_attachments.delete_call(path))

    async def download_attachment(
        self,
        record: Mapping[str, Any],
        filepath: str | os.PathLike[str] | None = None,
        save_metadata: bool = False,
        overwrite: bool = False,
        chunk_size: int = _attachments.CHUNK_SIZE,
    ) -> str:
        """Download the attachment of ``record`` (its data, or a ``get_record()`` answer)
        to ``filepath`` (a file, or a folder for the attachment's file name; default: the
        file name in the current folder). Returns the path written.

        The file is written as it arrives (``chunk_size`` bytes at a time, never whole in
        memory) into a temporary file beside the target, then renamed over it once its
        SHA-256 and size match the record's; otherwise the temporary file is removed and
        :class:`~kinbase.errors.AttachmentIntegrityError` is raised. An existing file that
        already matches is kept unless ``overwrite``. ``save_metadata`` also writes the
        record to ``<filepath>.meta.json``. The URL is the server's (the record's
        ``location``, joined to the ``attachments`` capability's ``base_url``); the
        client's credentials and headers go with it only to the Kinto server's origin."""
        attachment = _attachments.attachment_of(record)
        target = _attachments.download_target(attachment, filepath)
        if not overwrite and await async_run_blocking(os.path.isfile, target):
            sha256, size = await async_run_blocking(_attachments.file_digest, target)
            if sha256 == attachment["hash"] and size == attachment["size"]:
                return target
        relative = not httpx.URL(attachment["location"]).is_absolute_url
        server_info = await self.server_info() if relative else {}
        url = _attachments.download_url(server_info, attachment)
        await self._download(url, attachment, target, max(int(chunk_size), 1))
        if save_metadata:
            await async_run_blocking(_save_metadata, target, record)
        return target

    async def _download(
        self, url: str, attachment: Mapping[str, Any], target: str, chunk_size: int
    ) -> None:
        response = await self._get_file(url)
        try:
            if not response.is_success:
                await self._raise_for_file(response)
            download = _attachments.Download(attachment, response)
            file, partial = await async_run_blocking(_open_partial, target)
            try:
                async for chunk in response.aiter_bytes(chunk_size):
                    download.feed(chunk)
                    await async_run_blocking(file.write, chunk)
                download.check()
            except httpx.TransportError as exc:
                await async_run_blocking(_abandon, file, partial)
                raise TransportError(
                    f"GET {redact_url(response.request.url)}: the download was cut short "
                    f"({type(exc).__name__}); the partial file was removed",
                    request=response.request,
                ) from exc
            except BaseException:
                await async_run_blocking(_abandon, file, partial)
                raise
            await async_run_blocking(_finish, file, partial, target)
        finally:
            await response.aclose()

    @staticmethod
    async def _raise_for_file(response: httpx.Response) -> None:
        """The error of a file host's error answer (its body read up to a bound)."""
        body = bytearray()
        async for chunk in response.aiter_bytes():
            body += chunk[: _ERROR_BODY_LIMIT - len(body)]
            if len(body) >= _ERROR_BODY_LIMIT:
                break
        bounded = httpx.Response(
            response.status_code,
            headers=[
                (k, v)
                for k, v in response.headers.items()
                if k not in ("content-encoding", "content-length")
            ],
            content=bytes(body),
            request=response.request,
        )
        raise storage_error_from_response(bounded)
