"""Transport-neutral request and response objects passed to handlers."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from .errors import bad_request


@dataclass
class Request:
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]  # lower-cased names
    body: bytes
    client_ip: str
    _json: dict[str, Any] | None = field(default=None, repr=False)

    def header(self, name: str, default: str = "") -> str:
        return self.headers.get(name.lower(), default)

    def json(self) -> dict[str, Any]:
        """The body as an object; form-encoded bodies are accepted too."""
        if self._json is not None:
            return self._json
        data: Any
        if not self.body.strip():
            data = {}
        elif "application/x-www-form-urlencoded" in self.header("content-type"):
            data = dict(parse_qsl(self.body.decode("utf-8", "replace")))
        else:
            try:
                data = json.loads(self.body)
            except ValueError as exc:
                raise bad_request("bad_json", "Could not parse request body as JSON") from exc
        if not isinstance(data, dict):
            raise bad_request("bad_json", "Could not parse request body as JSON")
        self._json = data
        return data

    def str_field(self, name: str) -> str:
        value = self.json().get(name)
        return value.strip() if isinstance(value, str) else ""

    def bearer(self) -> str:
        value = self.header("authorization")
        scheme, _, token = value.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            return ""
        return token.strip()


@dataclass
class Response:
    status: int = 200
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)

    def encoded(self) -> bytes:
        if self.body is None:
            return b""
        return json.dumps(self.body).encode()


def ok(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(status=status, body=body, headers=headers or {})


def no_content() -> Response:
    return Response(status=204)
