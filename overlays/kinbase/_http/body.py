"""How big a response body really is: raw bytes counted as they arrive, and what they
inflate to under ``Content-Encoding`` (sans-I/O).

:class:`BodySize` is fed the raw (still encoded) chunks of one body. It raises
:class:`BodyTooLarge` as soon as the raw bytes, or the bytes they decompress to, pass the
limit, so a 255 KiB gzip answer that inflates to 256 MiB is stopped after ``limit`` bytes
of output without that output ever being held: gzip and deflate are inflated here in
bounded steps (64 KiB of output at a time) and the output is only counted. httpx decodes
the body again when the caller reads it, so compressed answers cost a second inflate;
Kinto and GoTrue do not compress, so that is paid only behind a compressing proxy.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from typing import Final, Protocol

__all__ = ["BodySize", "BodyTooLarge"]

_STEP: Final = 64 * 1024


class BodyTooLarge(Exception):
    """The body passed the limit (``decoded`` says whether after decompression)."""

    def __init__(self, limit: int, decoded: bool) -> None:
        super().__init__(limit, decoded)
        self.limit = limit
        self.decoded = decoded


class _Stage(Protocol):
    def feed(self, data: bytes) -> Iterator[bytes]: ...


class _Inflate:
    """One gzip/deflate layer, inflated at most ``_STEP`` bytes per step."""

    def __init__(self, encoding: str) -> None:
        self._raw_deflate = False
        if encoding in ("gzip", "x-gzip"):
            self._inflater = zlib.decompressobj(zlib.MAX_WBITS | 16)
        else:  # deflate: zlib-wrapped per the RFC, raw deflate from some servers (as httpx)
            self._inflater = zlib.decompressobj()
            self._raw_deflate = True
        self._first = True
        self.broken = False

    def feed(self, data: bytes) -> Iterator[bytes]:
        while data and not self.broken:
            try:
                piece = self._inflater.decompress(data, _STEP)
            except zlib.error:
                if self._first and self._raw_deflate:
                    self._inflater = zlib.decompressobj(-zlib.MAX_WBITS)
                    self._raw_deflate = False
                    continue
                self.broken = True  # httpx will report the decoding error on its read
                return
            self._first = False
            if piece:
                yield piece
            data = self._inflater.unconsumed_tail
            if not piece and not data:
                return


class _Unbounded:
    """An encoding httpx decodes but zlib does not (br, zstd): its own decoder, fed small
    slices so that one step's output stays small."""

    def __init__(self, encoding: str) -> None:
        from httpx import _decoders  # private: the decoders httpx itself would use

        self._decoder = _decoders.SUPPORTED_DECODERS[encoding]()
        self.broken = False

    def feed(self, data: bytes) -> Iterator[bytes]:
        for start in range(0, len(data), 1024):
            if self.broken:
                return
            try:
                piece = self._decoder.decode(data[start : start + 1024])
            except Exception:
                self.broken = True  # httpx will report the decoding error on its read
                return
            if piece:
                yield piece


def _stages(content_encoding: str | None) -> list[_Stage]:
    if not content_encoding:
        return []
    from httpx import _decoders

    stages: list[_Stage] = []
    # Listed in the order applied: decode from the last one.
    for encoding in reversed([e.strip().lower() for e in content_encoding.split(",")]):
        if encoding in ("gzip", "x-gzip", "deflate"):
            stages.append(_Inflate(encoding))
        elif encoding in ("", "identity") or encoding not in _decoders.SUPPORTED_DECODERS:
            continue  # httpx passes it through undecoded
        else:
            stages.append(_Unbounded(encoding))
    return stages


class BodySize:
    """Counts one body's raw and decoded bytes against ``limit`` (``None``: no limit)."""

    def __init__(self, limit: int | None, content_encoding: str | None) -> None:
        self.limit = limit
        self.raw = 0
        self.decoded = 0
        self._stages = _stages(content_encoding) if limit is not None else []

    def feed(self, chunk: bytes) -> None:
        """Count ``chunk`` (raw bytes as received); raise :class:`BodyTooLarge` past the limit."""
        limit = self.limit
        if limit is None:
            return
        self.raw += len(chunk)
        if self.raw > limit:
            raise BodyTooLarge(limit, decoded=False)
        if self._stages:
            self._decode(chunk, 0, limit)

    def _decode(self, data: bytes, stage: int, limit: int) -> None:
        # Depth-first through the layers: one bounded piece in flight per layer.
        if stage == len(self._stages):
            self.decoded += len(data)
            if self.decoded > limit:
                raise BodyTooLarge(limit, decoded=True)
            return
        for piece in self._stages[stage].feed(data):
            self._decode(piece, stage + 1, limit)
