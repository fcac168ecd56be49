"""The three clients doing the same HTTP work, behind one small interface.

- ``httpx``: raw httpx, the floor: the request kinto-http/kinbase send, built by hand,
  ``raise_for_status()`` and ``.json()``; nothing else.
- ``kinto_http``: kinto-http.py 11.11 (``Client``; ``AsyncClient`` runs the sync client in
  the event loop's thread pool, which is how kinto-http does async).
- ``kinbase``: ``kinbase.StorageClient`` / ``kinbase.AsyncStorageClient``.

Same work per operation for all three:

- ``get_record``: ``GET .../records/{id}``
- ``create_record``: ``PUT .../records/{new uuid}`` with ``If-None-Match: *`` and
  ``{"data": ...}`` (what kinto-http and kinbase send for a create without an id)
- ``update_record``: ``PUT .../records/{id}`` with ``{"data": ...}`` (no ``If-Match``: the
  data carries no ``last_modified``)
- ``list_page``: ``GET .../records`` answering one page (the collection holds fewer records
  than ``paginate_by``)

Each call returns the record (or the list) parsed from JSON.
"""

from __future__ import annotations

import uuid
from typing import Any

import httpx

from bench.common import NotAvailable
from bench.servers import BUCKET, PASSWORD, USER

CLIENTS = ("httpx", "kinto_http", "kinbase")
TIMEOUT = 120.0  # a 10,000-record page from PostgreSQL can take seconds on a busy machine


def kinbase_module() -> Any:
    """``kinbase`` if its storage clients exist; :class:`NotAvailable` (with why) if not."""
    try:
        import kinbase
    except Exception as exc:  # pragma: no cover - the package is installed by make setup
        raise NotAvailable(f"import kinbase failed: {exc!r}") from exc
    missing = []
    for name in ("StorageClient", "AsyncStorageClient"):
        try:
            getattr(kinbase, name)
        except AttributeError:
            try:
                import kinbase.storage as storage

                setattr(kinbase, name, getattr(storage, name))
            except Exception:
                missing.append(name)
        except Exception as exc:
            raise NotAvailable(f"kinbase.{name} failed to load: {exc!r}") from exc
    if missing:
        raise NotAvailable(f"kinbase has no {', '.join(missing)} yet")
    return kinbase


# ----------------------------------------------------------------------------- sync


class HttpxSync:
    name = "httpx"

    def __init__(self, url: str) -> None:
        self.http = httpx.Client(auth=(USER, PASSWORD), timeout=TIMEOUT)
        self.base = f"{url}/buckets/{BUCKET}/collections"

    def get_record(self, collection: str, rid: str) -> Any:
        response = self.http.get(f"{self.base}/{collection}/records/{rid}")
        response.raise_for_status()
        return response.json()["data"]

    def create_record(self, collection: str, data: dict[str, Any]) -> Any:
        response = self.http.put(
            f"{self.base}/{collection}/records/{uuid.uuid4()}",
            json={"data": data},
            headers={"If-None-Match": "*"},
        )
        response.raise_for_status()
        return response.json()["data"]

    def update_record(self, collection: str, rid: str, data: dict[str, Any]) -> Any:
        response = self.http.put(f"{self.base}/{collection}/records/{rid}", json={"data": data})
        response.raise_for_status()
        return response.json()["data"]

    def list_page(self, collection: str) -> Any:
        response = self.http.get(f"{self.base}/{collection}/records")
        response.raise_for_status()
        return response.json()["data"]

    def close(self) -> None:
        self.http.close()


class KintoHttpSync:
    name = "kinto_http"

    def __init__(self, url: str) -> None:
        import kinto_http

        self.client = kinto_http.Client(
            server_url=url, auth=(USER, PASSWORD), bucket=BUCKET, timeout=TIMEOUT
        )

    def get_record(self, collection: str, rid: str) -> Any:
        return self.client.get_record(id=rid, collection=collection)["data"]

    def create_record(self, collection: str, data: dict[str, Any]) -> Any:
        return self.client.create_record(data=data, collection=collection)["data"]

    def update_record(self, collection: str, rid: str, data: dict[str, Any]) -> Any:
        return self.client.update_record(id=rid, data=data, collection=collection)["data"]

    def list_page(self, collection: str) -> Any:
        return self.client.get_records(collection=collection)

    def close(self) -> None:
        self.client.session.session.close() if hasattr(self.client.session, "session") else None


class KinbaseSync:
    name = "kinbase"

    def __init__(self, url: str) -> None:
        kinbase = kinbase_module()
        self.client = kinbase.StorageClient(
            url, auth=(USER, PASSWORD), bucket=BUCKET, timeout=TIMEOUT
        )

    def get_record(self, collection: str, rid: str) -> Any:
        return self.client.get_record(id=rid, collection=collection)["data"]

    def create_record(self, collection: str, data: dict[str, Any]) -> Any:
        return self.client.create_record(data=data, collection=collection)["data"]

    def update_record(self, collection: str, rid: str, data: dict[str, Any]) -> Any:
        return self.client.update_record(id=rid, data=data, collection=collection)["data"]

    def list_page(self, collection: str) -> Any:
        return self.client.get_records(collection=collection)

    def close(self) -> None:
        self.client.close()


# ----------------------------------------------------------------------------- async


class HttpxAsync:
    name = "httpx"

    def __init__(self, url: str) -> None:
        self.http = httpx.AsyncClient(auth=(USER, PASSWORD), timeout=TIMEOUT)
        self.base = f"{url}/buckets/{BUCKET}/collections"

    async def get_record(self, collection: str, rid: str) -> Any:
        response = await self.http.get(f"{self.base}/{collection}/records/{rid}")
        response.raise_for_status()
        return response.json()["data"]

    async def create_record(self, collection: str, data: dict[str, Any]) -> Any:
        response = await self.http.put(
            f"{self.base}/{collection}/records/{uuid.uuid4()}",
            json={"data": data},
            headers={"If-None-Match": "*"},
        )
        response.raise_for_status()
        return response.json()["data"]

    async def update_record(self, collection: str, rid: str, data: dict[str, Any]) -> Any:
        response = await self.http.put(
            f"{self.base}/{collection}/records/{rid}", json={"data": data}
        )
        response.raise_for_status()
        return response.json()["data"]

    async def list_page(self, collection: str) -> Any:
        response = await self.http.get(f"{self.base}/{collection}/records")
        response.raise_for_status()
        return response.json()["data"]

    async def close(self) -> None:
        await self.http.aclose()


class KintoHttpAsync:
    name = "kinto_http"

    def __init__(self, url: str) -> None:
        import kinto_http

        self.client = kinto_http.AsyncClient(
            server_url=url, auth=(USER, PASSWORD), bucket=BUCKET, timeout=TIMEOUT
        )

    async def get_record(self, collection: str, rid: str) -> Any:
        return (await self.client.get_record(id=rid, collection=collection))["data"]

    async def create_record(self, collection: str, data: dict[str, Any]) -> Any:
        return (await self.client.create_record(data=data, collection=collection))["data"]

    async def update_record(self, collection: str, rid: str, data: dict[str, Any]) -> Any:
        return (await self.client.update_record(id=rid, data=data, collection=collection))["data"]

    async def list_page(self, collection: str) -> Any:
        return await self.client.get_records(collection=collection)

    async def close(self) -> None:
        return None


class KinbaseAsync:
    name = "kinbase"

    def __init__(self, url: str) -> None:
        kinbase = kinbase_module()
        self.client = kinbase.AsyncStorageClient(
            url, auth=(USER, PASSWORD), bucket=BUCKET, timeout=TIMEOUT
        )

    async def get_record(self, collection: str, rid: str) -> Any:
        return (await self.client.get_record(id=rid, collection=collection))["data"]

    async def create_record(self, collection: str, data: dict[str, Any]) -> Any:
        return (await self.client.create_record(data=data, collection=collection))["data"]

    async def update_record(self, collection: str, rid: str, data: dict[str, Any]) -> Any:
        return (await self.client.update_record(id=rid, data=data, collection=collection))["data"]

    async def list_page(self, collection: str) -> Any:
        return await self.client.get_records(collection=collection)

    async def close(self) -> None:
        await self.client.aclose()


SYNC = {"httpx": HttpxSync, "kinto_http": KintoHttpSync, "kinbase": KinbaseSync}
ASYNC = {"httpx": HttpxAsync, "kinto_http": KintoHttpAsync, "kinbase": KinbaseAsync}
