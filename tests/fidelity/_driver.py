"""A small, deterministic schemathesis driver shared by the fidelity tests.

Every operation of a spec gets a bounded number of generated cases (Hypothesis,
derandomized, no example database, no shrinking, no deadline). Each case is sent to a real
server and its response goes through the conformance checks only: documented status,
content type, body schema, declared headers. ``not_a_server_error`` is left out on purpose
(Kinto documents some 500s); a 5xx still has to be a declared status with a conforming body.

Failures are collected rather than raised, so one run reports every non-conforming
operation at once; the test asserts the collection is empty at the end.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import APIOperation, Case, GenerationMode
from schemathesis.core.failures import Failure, FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

VERBOSE = bool(os.environ.get("KINBASE_FIDELITY_VERBOSE"))
REPO_ROOT = Path(__file__).resolve().parents[2]
CHECKS = [
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]
CHECK_NAMES = tuple(check.__name__ for check in CHECKS)


def load_schema(name: str) -> Any:
    """Load ``openapi/<name>.yaml`` with generation set for reproducible, authenticated runs."""
    schema = schemathesis.openapi.from_path(REPO_ROOT / "openapi" / f"{name}.yaml")
    generation = schema.config.generation
    generation.modes = [GenerationMode.POSITIVE]
    # Credentials are injected by the tests (real accounts, real tokens); random
    # Authorization values would only ever test the 401 path.
    generation.with_security_parameters = False
    generation.allow_x00 = False
    return schema


def operations(schema: Any) -> list[APIOperation]:
    return [result.ok() for result in schema.get_all_operations()]


def operation_id(operation: APIOperation) -> str:
    return str(operation.definition.raw.get("operationId") or operation.label)


@dataclass
class Finding:
    operation: str
    status: int
    checks: tuple[str, ...]
    message: str


@dataclass
class Report:
    spec: str
    cases: int = 0
    operations: set[str] = field(default_factory=set)
    statuses: dict[str, set[int]] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    started: float = field(default_factory=time.monotonic)

    def summary(self) -> str:
        seconds = time.monotonic() - self.started
        lines = [
            f"{self.spec}: {self.cases} cases, {len(self.operations)} operations, "
            f"{len(self.findings)} non-conforming responses, {seconds:.1f}s"
        ]
        for name in sorted(self.statuses):
            lines.append(f"  {name}: {sorted(self.statuses[name])}")
        seen: set[tuple[str, int, tuple[str, ...]]] = set()
        for finding in self.findings:
            key = (finding.operation, finding.status, finding.checks)
            if key in seen:
                continue
            seen.add(key)
            lines.append(f"--- {finding.operation} -> {finding.status} {finding.checks}")
            lines.append(finding.message)
        return "\n".join(lines)


@dataclass
class Variant:
    """One family of cases for an operation: fixed parts, how many cases, a label."""

    label: str
    max_examples: int
    path_parameters: Mapping[str, Any] | None = None
    query: Mapping[str, Any] | None = None
    headers: Mapping[str, Any] | None = None
    body: Any = None
    has_body: bool = False
    media_type: str | None = None
    # Drop generated conditional headers (If-Match / If-None-Match), which otherwise send
    # most cases on seeded objects to 412.
    unconditional: bool = False
    # Overrides headers_for: fixed headers, or a function called for every case.
    auth: Mapping[str, str] | Callable[[], Mapping[str, str]] | None = None
    # Called with each case before it is sent: fills in values only known at run time
    # (current ids, fresh one-time codes, unique addresses).
    prepare: Callable[[Case], None] | None = None
    exact_query: bool = False  # send exactly ``query`` (no generated optional parameters)


@dataclass(frozen=True)
class Target:
    """Where and how cases are sent."""

    base_url: str
    session: requests.Session | None  # None: a new connection per request
    headers_for: Callable[[Case], Mapping[str, str]]  # credentials unless the variant says
    after: Callable[[Case, schemathesis.Response], None] | None = None  # reseed, repair


def run_operation(
    report: Report, operation: APIOperation, variants: Iterable[Variant], target: Target
) -> None:
    name = operation_id(operation)
    report.operations.add(name)
    for variant in variants:
        _run_variant(report, operation, variant, target)


def _run_variant(report: Report, operation: APIOperation, variant: Variant, target: Target) -> None:
    name = operation_id(operation)
    statuses = report.statuses.setdefault(name, set())
    kwargs: dict[str, Any] = {}
    if variant.path_parameters:
        kwargs["path_parameters"] = dict(variant.path_parameters)
    if variant.query:
        kwargs["query"] = dict(variant.query)
    if variant.headers:
        kwargs["headers"] = dict(variant.headers)
    if variant.has_body:
        kwargs["body"] = variant.body
    if variant.media_type:
        kwargs["media_type"] = variant.media_type
    strategy = operation.as_strategy(generation_mode=GenerationMode.POSITIVE, **kwargs)

    @settings(
        max_examples=variant.max_examples,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
        report_multiple_bugs=False,
    )
    @given(case=strategy)
    def one_case(case: Case) -> None:
        if variant.unconditional and case.headers:
            for header in ("If-Match", "If-None-Match"):
                case.headers.pop(header, None)
        if variant.exact_query:
            case.query = dict(variant.query or {})
        if variant.prepare is not None:
            variant.prepare(case)
        if variant.auth is None:
            auth = target.headers_for(case)
        elif callable(variant.auth):
            auth = variant.auth()
        else:
            auth = variant.auth
        response = case.call(
            base_url=target.base_url, session=target.session, headers=dict(auth), timeout=30
        )
        report.cases += 1
        statuses.add(response.status_code)
        if VERBOSE:
            print(
                f"{name} [{variant.label}] {case.method} {case.formatted_path} q={case.query} "
                f"h={dict(case.headers or {})} b={str(case.body)[:200]} "
                f"-> {response.status_code} {response.text[:200]}"
            )
        try:
            case.validate_response(response, checks=CHECKS)
        except FailureGroup as group:
            failures: list[Failure] = list(group.exceptions)
            report.findings.append(
                Finding(
                    operation=f"{name} [{variant.label}]",
                    status=response.status_code,
                    checks=tuple(sorted({type(f).__name__ for f in failures})),
                    message=str(group)[:3000],
                )
            )
        if target.after is not None:
            target.after(case, response)

    one_case()
