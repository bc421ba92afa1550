"""Validate stage: SHACL shapes from ``shapes/`` over one document graph at a time.

Two engines give the same results (``tests/shapes`` proves it on the shape test cases, the
fixture documents and thousands of mutations of them):

* ``fast`` (the default): :mod:`unkg.shacl`, which compiles the shapes once per process and
  checks pyoxigraph quads directly, a few milliseconds per document, linear in its size;
* ``pyshacl``: the reference engine. pyshacl works on rdflib graphs, so each document's quads
  cross over once, as N-Triples (the only place the two libraries meet); hundreds of
  milliseconds per document.

``validate_quads(..., engine="pyshacl")`` or the environment variable ``UNKG_VALIDATOR=pyshacl``
selects the reference engine. Should the shapes ever use a SHACL feature that :mod:`unkg.shacl`
does not implement, ``fast`` falls back to pyshacl (with a warning on the log).

A ``sh:Violation`` rejects the document; a ``sh:Warning`` (or ``sh:Info``) is reported and the
document loads.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from typing import TYPE_CHECKING

from pyoxigraph import BlankNode, Literal, NamedNode, Quad, RdfFormat, Store, Variable, serialize

from unkg import shacl
from unkg.errors import RunAbort
from unkg.resources import Kind, files_of

if TYPE_CHECKING:
    import rdflib

log = logging.getLogger(__name__)

#: the engines :func:`validate_quads` knows
ENGINES = ("fast", "pyshacl")
ENV_VAR = "UNKG_VALIDATOR"


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


def _cache_sparql_translation() -> None:
    """Parse and translate each SPARQL constraint once per process, not once per focus node.

    pyshacl hands rdflib the text of a SPARQL constraint for every node it checks, and rdflib
    parses it with pyparsing every time (about a third of a document's validation time). rdflib's
    prepared queries (``translateQuery`` results) are made to be evaluated many times with other
    bindings, so the translation is cached by (text, base, namespaces)."""
    from functools import lru_cache

    from rdflib.plugins.sparql import processor

    if getattr(processor.SPARQLProcessor.query, "_unkg_cached", False):
        return
    original = processor.SPARQLProcessor.query

    @lru_cache(maxsize=512)
    def translated(text: str, base: str | None, ns: tuple[tuple[str, str], ...]):  # type: ignore[no-untyped-def]
        return processor.translateQuery(processor.parseQuery(text), base, dict(ns))

    def query(self, strOrQuery, initBindings=None, initNs=None, base=None, DEBUG=False):  # type: ignore[no-untyped-def]  # noqa: N803
        if isinstance(strOrQuery, str):
            ns = tuple(sorted((str(k), str(v)) for k, v in (initNs or {}).items()))
            strOrQuery = translated(strOrQuery, base, ns)
        return original(self, strOrQuery, initBindings, initNs, base, DEBUG)

    query._unkg_cached = True  # type: ignore[attr-defined]
    processor.SPARQLProcessor.query = query  # type: ignore[method-assign]


def _shape_files() -> list:
    paths = files_of(Kind.SHAPES, ".ttl")
    if not paths:
        raise RunAbort("no SHACL shapes found in the shapes/ folder")
    return paths


@cache
def fast_engine() -> shacl.Engine | None:
    """The shapes compiled for :mod:`unkg.shacl`, once per process (None: they use a feature it
    lacks, and pyshacl is used instead)."""
    paths = _shape_files()
    try:
        return shacl.compile_shapes(paths)
    except shacl.UnsupportedShapes as exc:
        log.warning("the fast SHACL engine cannot run these shapes (%s); validating with pyshacl", exc)
        return None
    except SyntaxError as exc:
        raise RunAbort(f"cannot load the SHACL shapes: {exc}") from None


def selected_engine(engine: str | None = None) -> str:
    """``engine``, else ``$UNKG_VALIDATOR``, else ``fast``."""
    name = (engine or os.environ.get(ENV_VAR) or "fast").strip().lower()
    if name not in ENGINES:
        raise RunAbort(f"unknown SHACL engine {name!r} ({ENV_VAR}); use one of: {', '.join(ENGINES)}")
    return name


def warm_up(engine: str | None = None) -> None:
    """Load (and compile) the shapes for the selected engine, e.g. once per worker process."""
    if selected_engine(engine) == "fast" and fast_engine() is not None:
        return
    _cache_sparql_translation()
    shapes_graph()


@cache
def shapes_graph() -> rdflib.Graph:
    """All shapes, parsed once per process (as an rdflib graph, for pyshacl)."""
    import rdflib

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
    import rdflib

    data = serialize((q.triple for q in quads), format=RdfFormat.N_TRIPLES) or b""
    g = rdflib.Graph()
    g.parse(data=data.decode("utf-8"), format="nt")
    return g


def _short(term: rdflib.term.Node | None) -> str | None:
    import rdflib

    if term is None:
        return None
    if isinstance(term, rdflib.BNode):
        return "_:" + str(term)
    return str(term)


def _path(term: rdflib.term.Node | None) -> str | None:
    """A result path; a complex path (a blank node) is not printed as its node ID."""
    import rdflib

    if term is None or isinstance(term, rdflib.BNode):
        return None
    return str(term)


def validate_quads(quads: Iterable[Quad], source: str, *, engine: str | None = None) -> ValidationReport:
    """Validate one document's quads against the shapes.

    ``engine``: ``"fast"`` (:mod:`unkg.shacl`) or ``"pyshacl"``; by default ``$UNKG_VALIDATOR``, else
    ``"fast"``. Both give the same results.
    """
    compiled = fast_engine() if selected_engine(engine) == "fast" else None
    if compiled is None:
        report = _validate_pyshacl(quads, source)
    else:
        report = ValidationReport([_result(r, source) for r in compiled.validate(quads)])
    report.results.sort(key=lambda r: (r.severity != Severity.VIOLATION, r.focus_node, r.shape, r.message))
    return report


_SEVERITIES = {"Violation": Severity.VIOLATION, "Warning": Severity.WARNING}


def _result_path(path: object) -> str | None:
    """As :func:`_path`: an IRI (or another term a SPARQL constraint bound ?path to), not a complex path."""
    if path is None or isinstance(path, (shacl.Inverse, shacl.SeqPath, BlankNode)):
        return None
    return path.value  # type: ignore[attr-defined]


def _result(r: shacl.Result, source: str) -> ValidationResult:
    return ValidationResult(
        source=source,
        severity=_SEVERITIES.get(r.severity, Severity.INFO),
        focus_node=shacl.term_text(r.focus) or "?",
        shape=shacl.term_text(r.shape) or "?",
        path=_result_path(r.path),
        message="; ".join(r.messages) or "constraint not met",
        value=shacl.term_text(r.value),
    )


def _validate_pyshacl(quads: Iterable[Quad], source: str) -> ValidationReport:
    import rdflib
    from pyshacl import validate as shacl_validate
    from rdflib.namespace import SH

    _cache_sparql_translation()
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
                path=_path(results_graph.value(result, SH.resultPath)),
                message="; ".join(messages) or "constraint not met",
                value=_short(results_graph.value(result, SH.value)),
            )
        )
    return report


# every vote event with the graphs that type it (the mapping types the event in each graph that
# records votes on it: unkg.mapping._vote_triples)
_VOTE_EVENTS = """
PREFIX unkg: <https://w3id.org/unkg/def/>
SELECT ?event ?g WHERE { GRAPH ?g { ?event a unkg:VoteEvent } }
"""
# the positions on one event (?event, bound by unkg.query.bind_text), in every graph
_POSITIONS = """
PREFIX unkg: <https://w3id.org/unkg/def/>
SELECT ?g ?s ?o WHERE {
  GRAPH ?g { ?v unkg:voteEvent ?event OPTIONAL { ?v unkg:voter ?s } OPTIONAL { ?v unkg:option ?o } }
}
"""
_ISO3 = """
PREFIX unkg: <https://w3id.org/unkg/def/>
SELECT DISTINCT ?s ?iso WHERE { ?s unkg:iso3 ?iso }
"""


def cross_check_votes(store: Store, graphs: Iterable[str] | None = None) -> list[ValidationResult]:
    """Language versions of one document must give the same votes (a Warning names each difference).

    Each document graph is validated on its own, so this check reads across graphs: for each vote
    event recorded in two graphs or more, a State that has different options in two of them
    (``X voted A in G1 but B in G2``), and a State listed in one but absent from another that
    records votes on the event (``X is listed in G1 but not in G2``). ``graphs``: only the events
    that these graphs record (a build passes the graphs it wrote); by default every event.

    One query finds the events, one per event shared by several graphs reads its positions: the
    cost follows the votes of the events checked, not the store (a single query joining every vote
    of the store with every other took 104 s at 10,000 documents).
    """
    from unkg.query import bind_text  # here: the workers, which import this module, never need it (nor yaml)

    in_graphs: dict[str, set[str]] = {}
    for row in store.query(_VOTE_EVENTS):
        in_graphs.setdefault(row["event"].value, set()).add(row["g"].value)
    wanted = None if graphs is None else set(graphs)
    events = sorted(e for e, gs in in_graphs.items() if len(gs) > 1 and (wanted is None or not gs.isdisjoint(wanted)))
    if not events:
        return []
    iso: dict[str, list[str]] = {}
    for row in store.query(_ISO3, use_default_graph_as_union=True):
        iso.setdefault(row["s"].value, []).append(row["iso"].value)
    differ: set[tuple[str, str, str, str, str, str]] = set()
    absent: set[tuple[str, str, str, str]] = set()
    for event in events:
        # graph -> voter -> options (a graph with a vote on the event is here even without a voter)
        positions: dict[str, dict[str, set[Literal | NamedNode | BlankNode]]] = {}
        for row in store.query(bind_text(_POSITIONS, {Variable("event"): NamedNode(event)})):
            voters = positions.setdefault(row["g"].value, {})
            if row["s"] is not None:
                options = voters.setdefault(row["s"].value, set())
                if row["o"] is not None:
                    options.add(row["o"])
        for g1, voters1 in positions.items():
            for g2, voters2 in positions.items():
                if g1 == g2:
                    continue
                for state, options1 in voters1.items():
                    codes = iso.get(state, ())
                    if state not in voters2:
                        absent.update((event, code, g1, g2) for code in codes)
                    elif g1 < g2:
                        differ.update((event, code, o1.value, g1, o2.value, g2) for code in codes
                                      for o1 in options1 for o2 in voters2[state] if o1 != o2)
    shape = "store check: the language versions of a vote agree (unkg.validate.cross_check_votes)"
    out = [ValidationResult(source=g1, severity=Severity.WARNING, focus_node=event, shape=shape,
                            path="https://w3id.org/unkg/def/option",
                            message=f"{code} voted {o1} in {g1} but {o2} in {g2}")
           for event, code, o1, g1, o2, g2 in sorted(differ)]
    out += [ValidationResult(source=g2, severity=Severity.WARNING, focus_node=event, shape=shape,
                             path="https://w3id.org/unkg/def/voter",
                             message=f"{code} is listed in {g1} but not in {g2}")
            for event, code, g1, g2 in sorted(absent)]
    return out
