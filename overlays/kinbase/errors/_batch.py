"""A storage batch that had failures: :class:`BatchError` (a :class:`StorageError`) and its
:class:`BatchOutcome`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from kinbase.errors._base import KinbaseError
from kinbase.errors._storage import StorageError


class BatchOutcome:
    """What happened to one sub-request of a batch (not an exception: not in ``__all__``;
    also exported as ``kinbase.storage.BatchOutcome``).

    ``outcome`` is one of:

    - ``"ok"``: 2xx/3xx, committed with its chunk;
    - ``"tolerated"``: an error status the call accepts (``if_exists`` 404,
      ``if_not_exists`` 412, the replay of this client's own create);
    - ``"ignored"``: a 4xx ignored because of ``ignore_4xx``;
    - ``"failed"``: an error status (``error`` is the matching :class:`StorageError`);
    - ``"rolled back"``: answered, but its chunk was not committed (another sub-request of
      the chunk failed with a 5xx or a 409);
    - ``"not sent"``: its chunk was never sent;
    - ``"unknown"``: its chunk's request failed without an answer (``error`` says why): the
      server may or may not have applied it.
    """

    __slots__ = ("chunk", "error", "index", "method", "outcome", "path", "status")

    def __init__(
        self,
        *,
        index: int,
        chunk: int,
        method: str,
        path: str,
        status: int | None = None,
        outcome: str = "not sent",
        error: KinbaseError | None = None,
    ) -> None:
        self.index = index
        self.chunk = chunk
        self.method = method
        self.path = path
        self.status = status
        self.outcome = outcome
        self.error = error

    @property
    def message(self) -> str | None:
        """The server's message for a failed sub-request."""
        return getattr(self.error, "message", None) if self.error is not None else None

    def __repr__(self) -> str:
        status = "-" if self.status is None else str(self.status)
        return (
            f"BatchOutcome(#{self.index} chunk {self.chunk}: {self.method} {self.path} "
            f"-> {status} {self.outcome})"
        )


class BatchError(StorageError):
    """A batch had failures; raised once, after every chunk that could be sent was sent.

    A :class:`StorageError`, so ``except StorageError`` (kinto-http's ``except
    KintoException``) catches batch failures too; it stands for many answers, not one, so
    its ``request``, ``response``, ``status_code`` and ``errno`` are ``None`` (as on
    kinto-http's ``KintoBatchException``) and ``message`` is the summary below.

    ``outcomes`` has one :class:`BatchOutcome` per sub-request, in the order queued.
    ``committed_chunks``, ``rolled_back_chunks`` (answered but not committed: a 5xx or a 409
    in them), ``unknown_chunks`` (no answer: may have been applied) and ``unsent_chunks``
    list chunk numbers (0-based); ``results`` holds the bodies of the answered sub-requests
    (``None`` for the others); ``errors`` (also ``exceptions``, kinto-http's name) the
    :class:`StorageError` of each failed sub-request. Request bodies never appear in the
    message. Built from a message alone (``BatchError("boom")``, for test doubles), it has
    no outcomes; built as kinto-http builds ``KintoBatchException(exceptions, results)``
    (a list of errors first), ``errors`` are those and the message joins their texts.
    """

    outcomes: list[BatchOutcome]
    committed_chunks: list[int]
    rolled_back_chunks: list[int]
    unknown_chunks: list[int]
    unsent_chunks: list[int]
    results: list[Any]

    def __init__(
        self,
        message: str | Sequence[BaseException] | None = None,
        results: list[Any] | None = None,
        *,
        outcomes: list[BatchOutcome] | None = None,
        committed_chunks: list[int] | None = None,
        rolled_back_chunks: list[int] | None = None,
        unknown_chunks: list[int] | None = None,
        unsent_chunks: list[int] | None = None,
    ) -> None:
        self._given_errors: list[BaseException] = []
        if message is not None and not isinstance(message, str):  # kinto-http's form
            self._given_errors = list(message)
            message = "\n".join(str(error) for error in self._given_errors)
        self.outcomes = outcomes if outcomes is not None else []
        self.committed_chunks = committed_chunks if committed_chunks is not None else []
        self.rolled_back_chunks = rolled_back_chunks if rolled_back_chunks is not None else []
        self.unknown_chunks = unknown_chunks if unknown_chunks is not None else []
        self.unsent_chunks = unsent_chunks if unsent_chunks is not None else []
        self.results = results if results is not None else []
        super().__init__(self._outcome_summary() if message is None else message)

    @property
    def exceptions(self) -> list[KinbaseError]:
        """kinto-http's name for :attr:`errors`."""
        return self.errors

    @property
    def errors(self) -> list[KinbaseError]:
        """The error of every sub-request that failed (or whose outcome is unknown)."""
        given: list[Any] = self.__dict__.get("_given_errors", [])
        return [o.error for o in self.outcomes if o.error is not None] + given

    @property
    def failed(self) -> list[BatchOutcome]:
        """The outcomes that were not applied, or may not have been (``failed``,
        ``unknown``)."""
        return [o for o in self.outcomes if o.outcome in ("failed", "unknown")]

    def _outcome_summary(self) -> str:
        failed = self.failed
        lines = [
            f"batch failed: {len(failed)} of {len(self.outcomes)} sub-requests failed; "
            f"chunks committed {self.committed_chunks}, rolled back {self.rolled_back_chunks}, "
            f"unknown {self.unknown_chunks}, not sent {self.unsent_chunks}"
        ]
        for o in self.outcomes:
            if o.outcome in ("ok", "tolerated"):
                continue
            status = "-" if o.status is None else str(o.status)
            detail = f": {o.message}" if o.message else ""
            if o.outcome == "unknown" and o.error is not None:
                detail = f": {o.error}"
            where = f"#{o.index} (chunk {o.chunk}) {o.method} {o.path}"
            lines.append(f"  {where} -> {status} {o.outcome}{detail}")
        return "\n".join(lines)

    def __repr__(self) -> str:
        return (
            f"BatchError(failed={len(self.failed)}, committed={self.committed_chunks}, "
            f"rolled_back={self.rolled_back_chunks}, unknown={self.unknown_chunks}, "
            f"not_sent={self.unsent_chunks})"
        )
