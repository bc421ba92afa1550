"""Validate stage: SHACL shapes from ``shapes/`` over one document graph at a time.

pyshacl works on rdflib graphs, so each document's quads cross over once, as N-Triples
(the only place the two libraries meet). A ``sh:Violation`` rejects the document; a
``sh:Warning`` (or ``sh:Info``) is reported and the document loads.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache

import rdflib
from pyoxigraph import Quad, RdfFormat, serialize
from pyshacl import validate as shacl_validate
from rdflib.namespace import SH

from unkg.errors import RunAbort
from unkg.resources import Kind, files_of


class Severity(StrEnum):
    VIOLATION = "Violation"
    WARNING = "Warning"
    INFO = "Info"


@dataclass(frozen=True, slots=True)
class ValidationResult:
    """One SHACL result, with the document it came from."""

    source: str  # the input file (or graph) the data came from
    severity: Severity
    focus_node: str
    shape: str
    path: str | None
    message: str
    value: str | None = None

    def __str__(self) -> str:
        path = f" path {self.path}" if self.path else ""
        value = f" (value {self.value})" if self.value else ""
        return f"[{self.severity.value}] {self.source}: {self.focus_node}{path}: {self.message}{value} [shape {self.shape}]"


@dataclass(slots=True)
class ValidationReport:
    results: list[ValidationResult] = field(default_factory=list)

    @property
    def violations(self) -> list[ValidationResult]:
        return [r for r in self.results if r.severity is Severity.VIOLATION]

    @property
    def warnings(self) -> list[ValidationResult]:
        return [r for r in self.results if r.severity is not Severity.VIOLATION]

    @property
    def conforms(self) -> bool:
        return not self.violations


@cache
def shapes_graph() -> rdflib.Graph:
    """All shapes, parsed once per process."""
    g = rdflib.Graph()
    paths = files_of(Kind.SHAPES, ".ttl")
    if not paths:
        raise RunAbort("no SHACL shapes found in the shapes/ folder")
    for path in paths:
        try:
            g.parse(path, format="turtle")
        except Exception as exc:  # rdflib raises many parser exception types
            raise RunAbort(f"cannot load shapes from {path.name}: {exc}") from None
    return g


def to_rdflib(quads: Iterable[Quad]) -> rdflib.Graph:
    """The triples of the quads as an rdflib graph (graph names dropped)."""
    data = serialize((q.triple for q in quads), format=RdfFormat.N_TRIPLES) or b""
    g = rdflib.Graph()
    g.parse(data=data.decode("utf-8"), format="nt")
    return g


def _short(term: rdflib.term.Node | None) -> str | None:
    if term is None:
        return None
    if isinstance(term, rdflib.BNode):
        return "_:" + str(term)
    return str(term)


def validate_quads(quads: Iterable[Quad], source: str) -> ValidationReport:
    """Validate one document's quads against the shapes."""
    data = to_rdflib(quads)
    _, results_graph, _ = shacl_validate(
        data,
        shacl_graph=shapes_graph(),
        inference="none",
        advanced=True,
        allow_warnings=True,
        abort_on_first=False,
    )
    report = ValidationReport()
    for result in results_graph.subjects(rdflib.RDF.type, SH.ValidationResult):
        severity_node = results_graph.value(result, SH.resultSeverity)
        severity = {SH.Violation: Severity.VIOLATION, SH.Warning: Severity.WARNING}.get(
            severity_node, Severity.INFO  # type: ignore[arg-type]
        )
        messages = sorted(str(m) for m in results_graph.objects(result, SH.resultMessage))
        report.results.append(
            ValidationResult(
                source=source,
                severity=severity,
                focus_node=_short(results_graph.value(result, SH.focusNode)) or "?",
                shape=_short(results_graph.value(result, SH.sourceShape)) or "?",
                path=_short(results_graph.value(result, SH.resultPath)),
                message="; ".join(messages) or "constraint not met",
                value=_short(results_graph.value(result, SH.value)),
            )
        )
    report.results.sort(key=lambda r: (r.severity != Severity.VIOLATION, r.focus_node, r.shape, r.message))
    return report
