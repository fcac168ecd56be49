"""HTTP/1.1 messages as bytes: read a head and a body (Content-Length, chunked or until
close) from an asyncio stream, keeping the raw framing so it can be forwarded, cut or
replaced byte for byte."""

from __future__ import annotations

import asyncio
import email.utils
import math
import time
from dataclasses import dataclass, field

CRLF = b"\r\n"
HEAD_END = b"\r\n\r\n"


class ProtocolError(Exception):
    """The peer sent something that is not HTTP/1.x we can frame."""


@dataclass
class Head:
    """A request or response head: the start line and the headers in their order and case."""

    start: str
    headers: list[tuple[str, str]] = field(default_factory=list)

    def get(self, name: str) -> str | None:
        lowered = name.lower()
        for key, value in self.headers:
            if key.lower() == lowered:
                return value
        return None

    def get_all(self, name: str) -> list[str]:
        lowered = name.lower()
        return [value for key, value in self.headers if key.lower() == lowered]

    def remove(self, name: str) -> None:
        lowered = name.lower()
        self.headers = [(k, v) for k, v in self.headers if k.lower() != lowered]

    def put(self, name: str, value: str) -> None:
        """Replace the header in place (first occurrence) or append it."""
        lowered = name.lower()
        for index, (key, _) in enumerate(self.headers):
            if key.lower() == lowered:
                self.headers = [h for h in self.headers if h[0].lower() != lowered]
                self.headers.insert(index, (key, value))
                return
        self.headers.append((name, value))

    def tokens(self, name: str) -> set[str]:
        """Comma-separated tokens of all ``name`` headers, lower-cased."""
        return {
            token.strip().lower()
            for value in self.get_all(name)
            for token in value.split(",")
            if token.strip()
        }

    def encode(self) -> bytes:
        lines = [self.start, *(f"{key}: {value}" for key, value in self.headers)]
        return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")

    @property
    def version(self) -> str:
        """``HTTP/1.1`` or ``HTTP/1.0`` (last word of a request line, first of a status)."""
        words = self.start.split(" ")
        return words[-1] if not self.start.startswith("HTTP/") else words[0]

    @property
    def chunked(self) -> bool:
        return "chunked" in self.tokens("Transfer-Encoding")

    @property
    def content_length(self) -> int | None:
        values = {value.strip() for value in self.get_all("Content-Length")}
        if not values:
            return None
        if len(values) != 1 or not next(iter(values)).isdigit():
            raise ProtocolError(f"bad Content-Length {sorted(values)}")
        return int(next(iter(values)))


@dataclass
class Request:
    head: Head
    method: str
    target: str
    path: str


@dataclass
class Response:
    head: Head
    status: int
    body: bytes  # raw, with its framing (chunks) if chunked
    until_close: bool = False  # the body ended with the connection

    def encode(self) -> bytes:
        return self.head.encode() + self.body


async def read_head(reader: asyncio.StreamReader, timeout: float) -> Head | None:
    """Read a head; ``None`` if the peer closed cleanly before sending any byte."""
    try:
        raw = await asyncio.wait_for(reader.readuntil(HEAD_END), timeout)
    except asyncio.IncompleteReadError as exc:
        if not exc.partial.strip():
            return None
        raise ProtocolError("connection closed inside a head") from exc
    except asyncio.LimitOverrunError as exc:
        raise ProtocolError("head too large") from exc
    lines = raw.decode("latin-1").split("\r\n")
    while lines and not lines[0]:  # tolerate stray CRLFs between messages (RFC 9112 2.2)
        lines.pop(0)
    if not lines:
        raise ProtocolError("empty head")
    head = Head(lines[0])
    for line in lines[1:]:
        if not line:
            continue
        if line[0] in " \t" and head.headers:  # obsolete line folding
            key, value = head.headers[-1]
            head.headers[-1] = (key, f"{value} {line.strip()}")
            continue
        key, sep, value = line.partition(":")
        if not sep or not key or key != key.strip():
            raise ProtocolError(f"bad header line {line!r}")
        head.headers.append((key, value.strip()))
    return head


def parse_request(head: Head) -> Request:
    parts = head.start.split(" ")
    if len(parts) != 3 or not parts[2].startswith("HTTP/1."):
        raise ProtocolError(f"bad request line {head.start!r}")
    method, target, _ = parts
    path = target.split("?", 1)[0]
    if "://" in path:  # absolute form
        path = "/" + path.split("://", 1)[1].partition("/")[2]
    return Request(head, method, target, path)


def parse_status(head: Head) -> int:
    parts = head.start.split(" ", 2)
    if len(parts) < 2 or not parts[0].startswith("HTTP/1.") or not parts[1].isdigit():
        raise ProtocolError(f"bad status line {head.start!r}")
    return int(parts[1])


async def read_chunked(reader: asyncio.StreamReader, timeout: float) -> bytes:
    """Read a chunked body and its trailers, returning the raw bytes (framing included)."""
    parts: list[bytes] = []

    async def line() -> bytes:
        data = await asyncio.wait_for(reader.readuntil(CRLF), timeout)
        parts.append(data)
        return data

    while True:
        size_line = await line()
        size_text = size_line.split(b";", 1)[0].strip()
        try:
            size = int(size_text, 16)
        except ValueError as exc:
            raise ProtocolError(f"bad chunk size {size_line!r}") from exc
        if size == 0:
            while (await line()) != CRLF:  # trailers, then the empty line
                pass
            return b"".join(parts)
        data = await asyncio.wait_for(reader.readexactly(size + 2), timeout)
        if not data.endswith(CRLF):
            raise ProtocolError("chunk not followed by CRLF")
        parts.append(data)


def dechunk(raw: bytes) -> bytes:
    """The payload of a raw chunked body (trailers dropped)."""
    out: list[bytes] = []
    position = 0
    while True:
        end = raw.index(CRLF, position)
        size = int(raw[position:end].split(b";", 1)[0].strip(), 16)
        if size == 0:
            return b"".join(out)
        out.append(raw[end + 2 : end + 2 + size])
        position = end + 2 + size + 2


async def read_request_body(reader: asyncio.StreamReader, head: Head, timeout: float) -> bytes:
    if head.chunked:
        return await read_chunked(reader, timeout)
    length = head.content_length or 0
    return await asyncio.wait_for(reader.readexactly(length), timeout) if length else b""


async def read_response(
    reader: asyncio.StreamReader, method: str, timeout: float
) -> Response | None:
    """Read one final response (1xx interim ones are skipped); ``None`` if the upstream
    closed before sending a byte (a stale keep-alive connection)."""
    while True:
        head = await read_head(reader, timeout)
        if head is None:
            return None
        status = parse_status(head)
        if not 100 <= status < 200 or status == 101:
            break
    if method == "HEAD" or status in (204, 304) or 100 <= status < 200:
        return Response(head, status, b"")
    if head.chunked:
        return Response(head, status, await read_chunked(reader, timeout))
    length = head.content_length
    if length is not None:
        body = await asyncio.wait_for(reader.readexactly(length), timeout) if length else b""
        return Response(head, status, body)
    return Response(head, status, await asyncio.wait_for(reader.read(), timeout), True)


def keep_alive(head: Head) -> bool:
    """Whether the sender of ``head`` keeps the connection open after this message."""
    tokens = head.tokens("Connection")
    if head.version == "HTTP/1.0":
        return "keep-alive" in tokens
    return "close" not in tokens


def http_date(seconds_ahead: float) -> str:
    """An IMF-fixdate at least ``seconds_ahead`` from now (rounded up to a whole second)."""
    return email.utils.formatdate(math.ceil(time.time() + seconds_ahead), usegmt=True)


def simple_response(
    status: int,
    reason: str,
    body: bytes,
    content_type: str = "application/json",
    extra: list[tuple[str, str]] | None = None,
    close: bool = False,
) -> bytes:
    head = Head(
        f"HTTP/1.1 {status} {reason}",
        [
            ("Content-Type", content_type),
            ("Content-Length", str(len(body))),
            ("Date", email.utils.formatdate(usegmt=True)),
            *(extra or []),
        ],
    )
    if close:
        head.headers.append(("Connection", "close"))
    return head.encode() + body
