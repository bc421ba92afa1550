"""A small, fast SHACL engine for exactly the SHACL features that ``shapes/*.ttl`` use.

Why
---
pyshacl (the reference engine, still selectable in :mod:`unkg.validate`) costs a few hundred
milliseconds for one document graph of a few thousand triples, and minutes for a very long
document: it copies the data into rdflib (and copies the graph again in advanced mode), builds
Python objects per constraint per focus node, and evaluates every SPARQL constraint with rdflib
once per focus node. Validation was about 80 % of a build. This engine compiles the shapes graph
once per process into plain Python checks, indexes each document's pyoxigraph quads in
dictionaries (predicate -> subject -> objects, and predicate -> object -> subjects for the
predicates that shapes follow backwards), and evaluates each SPARQL constraint once per document
for all its focus nodes. It costs a few milliseconds for a typical document (about 3 µs per
triple) and grows linearly with the document (see ``bench/bench_validate.py``).

What (the subset)
-----------------
Targets: ``sh:targetClass`` (instances of the class and of its ``rdfs:subClassOf`` subclasses in
the *data* graph: pyshacl runs with ``inference="none"`` and the document graphs hold no subclass
axioms). Shapes: node shapes, and shapes reached through ``sh:property``, ``sh:or`` and
``sh:qualifiedValueShape``. Paths: an IRI, ``sh:inversePath`` of an IRI, and sequences of those.
Core constraints: ``sh:class``, ``sh:datatype``, ``sh:nodeKind``, ``sh:minCount``,
``sh:maxCount``, ``sh:minInclusive``, ``sh:minLength``, ``sh:pattern`` (without ``sh:flags``),
``sh:languageIn``, ``sh:uniqueLang``, ``sh:in``, ``sh:equals``, ``sh:disjoint``,
``sh:lessThanOrEquals``, ``sh:or``, ``sh:qualifiedValueShape`` with ``sh:qualifiedMinCount`` /
``sh:qualifiedMaxCount``. SHACL-SPARQL: ``sh:sparql`` with ``sh:select`` (``sh:prefixes``,
``sh:declare``; ``$this`` pre-bound) on a node shape with a target or on one of its property
shapes. Non-validating: ``sh:name``, ``sh:description``, ``sh:message``, ``sh:severity`` and the
like. Anything else (another constraint parameter or target, another kind of path,
``sh:deactivated``, ``$PATH``/``$currentShape``/``$shapesGraph``, a reporting shape without
``sh:message``, for which pyshacl makes up a message) raises :class:`UnsupportedShapes` when the
shapes are compiled; :func:`unkg.validate.validate_quads` then validates with pyshacl.

Semantics: pyshacl's
--------------------
The results are pyshacl 0.40's (``inference="none"``, ``advanced=True``,
``allow_warnings=True``), including where pyshacl departs from the letter of the specification:

* pyshacl reads the data through rdflib, which normalises well-typed literals
  (``"05"^^xsd:integer`` becomes ``"5"``, ``"1"^^xsd:boolean`` ``"true"``) and so merges triples
  that differ only in such a lexical form. This engine normalises every literal that is not a
  string the same way: the canonical forms the pipeline writes (integers, booleans, dates,
  date-times) are recognised directly, any other literal goes through rdflib's ``Literal`` once
  (cached). See :func:`literal_view`.
* ``sh:datatype`` is pyshacl's ``_assert_actual_datatype`` (ill-typed literals fail; a datatype
  it does not know passes when the IRIs agree); ``sh:pattern`` and ``sh:minLength`` look at the
  (normalised) lexical form, with Python's ``re.search``; ``sh:languageIn`` also accepts a tag
  whose first subtag is listed; ``sh:uniqueLang`` reports once per repeated tag, without
  ``sh:value``; ``sh:minInclusive`` and ``sh:lessThanOrEquals`` compare strings with strings and
  anything else with rdflib's literal comparison (canonical integers directly), one result per
  failing pair for ``sh:lessThanOrEquals``; a blank node compared raises
  :class:`ShaclRuntimeError`, as pyshacl raises. Conformance of the shapes in ``sh:or`` and
  ``sh:qualifiedValueShape`` follows pyshacl's ``allow_warnings`` rule (a nested shape of severity
  Warning or Info always conforms).
* SPARQL constraints: a result's messages are those of the *shape* that holds the constraint
  (for the constraints on ``ExpressionShape``, its message about the Expression's IRI: pyshacl's
  quirk) and the constraint's own ``sh:message``, with ``{?var}``/``{$var}`` filled in as pyshacl
  does (``re.sub``; the other projected variables, then ``this``, ``path``, ``value``); the focus
  node is ``?this``, the value ``?value`` (else the focus node for a node shape, nothing for a
  property shape), the path ``?path`` (else the property shape's path); a solution repeated is
  reported once.
* SPARQL evaluation. Each constraint of ``shapes/`` has a *native twin* here (``_TWIN_SOURCES``,
  matched on the exact query text and prefixes): Python over the document index computing the
  solutions rdflib computes, with rdflib's functions (``SUBSTR(STR(?full), ?start + 1, ?end -
  ?start)`` is Python's ``full[start:end]``, negative offsets included). Twins exist because on
  Oxigraph the span checks copy and scan the whole Expression text for each paragraph (quadratic:
  7 s for a 94,000-triple document, against 0.2 s here) and because a store per document costs
  more than all the core checks. Where a twin meets data it does not judge (an offset that is
  not a canonical integer, a blank node whose label rdflib would print), it hands that focus node
  to rdflib's own SPARQL engine, on the triples the query can match, ``$this`` bound: pyshacl's
  evaluation exactly (exceptions included). A constraint without a twin (a query edited, a new
  one) runs once per document on an in-memory :class:`pyoxigraph.Store` of the triples whose
  predicates it names, ``$this`` unbound and the solutions kept for the focus nodes: correct for
  well-formed data, with the differences of :data:`KNOWN_DIFFERENCES` on odd data.

Proof of equivalence
--------------------
``tests/shapes/test_shapes.py`` runs every case of ``tests/shapes/cases`` (267 data graphs) with
both engines against the manifest, and requires the complete results of the two engines
(severity, focus node, shape, constraint, path, value, message) to be equal for every case.
``tests/shapes/test_engines_agree.py`` requires the same of every document graph the pipeline
builds from ``tests/fixtures`` (seeds, dev corpus, PDFs; and of the generic SPARQL path against
the twins), and of hypothesis-driven mutations of slices of those documents and of the cases
(triples dropped or repeated, literals retyped, given another language or a non-canonical or
ill-typed lexical form, nodes retyped, renamed or dropped, objects swapped between IRIs, literals
and blank nodes, offsets and texts changed, subclass axioms, vetoes, repeated voters added), which
make every rule of the shapes fire. It also checks the literal normalisation against rdflib, and
that the predicates a SPARQL constraint names cover its triple patterns (rdflib's algebra).
"""

from __future__ import annotations

import datetime as _dt
import gc
import logging
import re
import warnings
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Union

from pyoxigraph import BlankNode, Literal, NamedNode, Quad, RdfFormat, Store, Triple, parse, serialize

__all__ = [
    "KNOWN_DIFFERENCES",
    "Engine",
    "Inverse",
    "Result",
    "SeqPath",
    "ShaclRuntimeError",
    "UnsupportedShapes",
    "compile_shapes",
    "term_text",
]

SH = "http://www.w3.org/ns/shacl#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
OWL = "http://www.w3.org/2002/07/owl#"


def _sh(name: str) -> NamedNode:
    return NamedNode(SH + name)


RDF_TYPE = NamedNode(RDF + "type")
RDF_FIRST = NamedNode(RDF + "first")
RDF_REST = NamedNode(RDF + "rest")
RDF_NIL = NamedNode(RDF + "nil")
RDF_LANGSTRING = NamedNode(RDF + "langString")
RDFS_SUBCLASSOF = NamedNode(RDFS + "subClassOf")
RDFS_LITERAL = NamedNode(RDFS + "Literal")
RDFS_DATATYPE = NamedNode(RDFS + "Datatype")
OWL_ONTOLOGY = NamedNode(OWL + "Ontology")
XSD_STRING = NamedNode(XSD + "string")
XSD_INTEGER = NamedNode(XSD + "integer")
XSD_BOOLEAN = NamedNode(XSD + "boolean")
XSD_DATE = NamedNode(XSD + "date")
XSD_DATETIME = NamedNode(XSD + "dateTime")

SH_NODE_SHAPE = _sh("NodeShape")
SH_PROPERTY_SHAPE = _sh("PropertyShape")

#: Where this engine and pyshacl are known to give different results. The first is deliberate
#: (pyshacl fails where this engine reports); the second concerns only SPARQL constraints without
#: a native twin, and there is none in shapes/ today.
KNOWN_DIFFERENCES = (
    "pyshacl fills a SPARQL constraint's message with re.sub, reading the value as a replacement "
    "template: a value with a backslash followed by a digit or an unknown letter (a paragraph text "
    "with '\\1' or '\\d' in it) makes it raise re.error, and the whole document fails to validate. "
    "This engine puts such a value in verbatim and reports the result (any other value gives the "
    "same message as pyshacl, '\\n' read as a line break included).",
    "Generic SPARQL path only (a constraint without a native twin, none in shapes/ today): Oxigraph "
    "follows the SPARQL specification where rdflib does not, e.g. SUBSTR with a negative start "
    "(rdflib slices from the end of the string, Oxigraph follows XPath fn:substring) or numbers "
    "that are ill-typed literals.",
)

Term = Union[NamedNode, BlankNode, Literal]


class UnsupportedShapes(Exception):
    """The shapes graph uses a SHACL feature this engine does not implement."""


class ShaclRuntimeError(Exception):
    """Validation cannot proceed, where pyshacl raises as well (e.g. a blank node compared with
    ``sh:lessThanOrEquals``)."""


# ------------------------------------------------------------------------------------------
# paths and results
# ------------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Inverse:
    """``[ sh:inversePath p ]``"""

    path: NamedNode


@dataclass(frozen=True, slots=True)
class SeqPath:
    """``( p1 p2 ... )``: a sequence path."""

    items: tuple[NamedNode | Inverse, ...]


PathExpr = Union[NamedNode, Inverse, SeqPath]


@dataclass(frozen=True, slots=True)
class Result:
    """One validation result, as pyshacl would put it in its results graph."""

    severity: str  # local name of the severity IRI: Violation, Warning, Info (or another IRI)
    focus: Term
    shape: NamedNode | BlankNode  # sh:sourceShape
    component: str  # local name of sh:sourceConstraintComponent
    path: PathExpr | Term | None  # sh:resultPath (a SPARQL constraint may bind ?path to any term)
    value: Term | None  # sh:value
    messages: tuple[str, ...]  # the sh:resultMessage texts, sorted, without duplicates
    constraint: NamedNode | BlankNode | None = None  # sh:sourceConstraint (SPARQL constraints)


def term_text(term: Term | None) -> str | None:
    """A term as :class:`unkg.validate.ValidationResult` prints it: IRI, lexical form or ``_:id``."""
    if term is None:
        return None
    if type(term) is BlankNode:
        return "_:" + term.value
    return term.value


# ------------------------------------------------------------------------------------------
# literals, the way rdflib (and so pyshacl) sees them
# ------------------------------------------------------------------------------------------

_rdflib_logger = logging.getLogger("rdflib.term")
_RDFLIB_CACHE: dict[tuple[str, str], Any] = {}
_CACHE_LIMIT = 50_000


def _canonical_int(lex: str) -> bool:
    """``lex`` is the canonical form of an xsd:integer (what rdflib would not change)."""
    if lex.isascii() and lex.isdigit():
        return lex[0] != "0" or len(lex) == 1
    if lex[:1] == "-":
        rest = lex[1:]
        return rest.isascii() and rest.isdigit() and rest[0] != "0"
    return False


def _rdflib_literal(lex: str, datatype: str) -> Any:
    """rdflib's ``Literal`` for a typed literal (normalised lexical form, value, ill_typed), cached."""
    key = (lex, datatype)
    lit = _RDFLIB_CACHE.get(key)
    if lit is None:
        import rdflib

        was = _rdflib_logger.disabled
        _rdflib_logger.disabled = True  # rdflib logs every ill-typed literal (and warns of odd booleans)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                lit = rdflib.Literal(lex, datatype=rdflib.URIRef(datatype))
        finally:
            _rdflib_logger.disabled = was
        if len(_RDFLIB_CACHE) >= _CACHE_LIMIT:
            _RDFLIB_CACHE.clear()
        _RDFLIB_CACHE[key] = lit
    return lit


def _to_rdflib(term: Term) -> Any:
    """A term as an rdflib term (for the rare comparisons that are delegated to rdflib)."""
    import rdflib

    if type(term) is NamedNode:
        return rdflib.URIRef(term.value)
    if type(term) is BlankNode:
        return rdflib.BNode(term.value)
    if term.language is not None:
        return rdflib.Literal(term.value, lang=term.language)
    if term.datatype == XSD_STRING:
        return rdflib.Literal(term.value)
    return _rdflib_literal(term.value, term.datatype.value)


_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_DATETIME = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(?:[+-][0-9]{2}:[0-9]{2})?")


def _canonical_value(lex: str, dt: NamedNode) -> Any:
    """The value of a literal already in the canonical form rdflib gives it, for the datatypes the
    pipeline writes (so that rdflib is not needed for them); None: ask rdflib."""
    if dt == XSD_INTEGER:
        return int(lex) if _canonical_int(lex) else None
    if dt == XSD_BOOLEAN:
        return (lex == "true") if lex in ("true", "false") else None
    if dt == XSD_DATE:
        if _DATE.fullmatch(lex):
            try:
                d = _dt.date.fromisoformat(lex)
            except ValueError:
                return None
            return d if d.isoformat() == lex else None
    elif dt == XSD_DATETIME:
        if _DATETIME.fullmatch(lex):
            try:
                d = _dt.datetime.fromisoformat(lex)
            except ValueError:
                return None
            return d if d.isoformat() == lex else None
    return None


def normalise(o: Term) -> Term:
    """The term as it is after a round trip through rdflib (well-typed literals in canonical form)."""
    if type(o) is not Literal:
        return o
    dt = o.datatype
    if dt == XSD_STRING or dt == RDF_LANGSTRING:
        return o
    lex = o.value
    if _canonical_value(lex, dt) is not None:
        return o
    norm = str(_rdflib_literal(lex, dt.value))
    return o if norm == lex else Literal(norm, datatype=dt)


def literal_view(o: Literal) -> tuple[str, Any, bool]:
    """(lexical form, value, ill-typed) of a literal as rdflib (and so pyshacl) holds it.

    Almost always the normalised literal tells all; rdflib however normalises a few ill-typed
    literals and keeps them flagged (``""^^xsd:boolean`` becomes ``"false"``, ill-typed): the index
    of a document records where they are (``_Doc.ill``)."""
    n = normalise(o)
    value, ill_typed = _lit_value(n)
    if n is not o and type(o) is Literal and o.datatype not in (XSD_STRING, RDF_LANGSTRING):
        ill_typed = bool(ill_typed) or bool(_rdflib_literal(o.value, o.datatype.value).ill_typed)
    return n.value, value, bool(ill_typed)


def _lit_value(o: Literal) -> tuple[Any, bool | None]:
    """(Python value, ill_typed) of a normalised literal, as rdflib gives them."""
    dt = o.datatype
    if dt == XSD_STRING or dt == RDF_LANGSTRING:
        return o.value, False
    lex = o.value
    value = _canonical_value(lex, dt)
    if value is not None:
        return value, False
    lit = _rdflib_literal(lex, dt.value)
    return lit.value, lit.ill_typed


def _is_str_valued(o: Term) -> bool:
    """rdflib ``isinstance(literal.value, str)`` for a literal (False for anything else)."""
    if type(o) is not Literal:
        return False
    dt = o.datatype
    if dt == XSD_STRING or dt == RDF_LANGSTRING:
        return True
    return isinstance(_lit_value(o)[0], str)


def _datatype_ok(v: Term, rule: NamedNode, flagged: bool = False) -> bool:
    """pyshacl's DatatypeConstraintComponent for one value node (``flagged``: the literal is one that
    rdflib normalises and yet flags as ill-typed, see :func:`literal_view` and ``_Doc.ill``)."""
    if type(v) is not Literal:
        return False
    dt = v.datatype
    lang = v.language
    if lang is not None:  # rdflib: datatype None, language set
        if rule == RDF_LANGSTRING:
            return True  # value is a str
        return rule == RDFS_LITERAL  # rdf:langString literals have no datatype in rdflib
    if dt == XSD_STRING:  # rdflib: a plain literal, datatype None
        if rule == XSD_STRING or rule == RDFS_LITERAL:
            return True
        return False
    if dt == rule:
        value, ill_typed = _lit_value(v)
        if ill_typed is True or flagged:
            return False
        return _actual_datatype(value, rule)
    if rule == RDFS_LITERAL or rule == RDFS_DATATYPE:
        return True
    return False


def _actual_datatype(value: Any, rule: NamedNode) -> bool:
    from decimal import Decimal

    dt = _dt
    r = rule.value
    if r == XSD + "string" or r == RDF + "langString":
        return isinstance(value, (str, bytes))
    if r == XSD + "integer":
        return isinstance(value, int)
    if r == XSD + "float":
        return isinstance(value, float)
    if r == XSD + "decimal":
        return isinstance(value, Decimal)
    if r == XSD + "boolean":
        return isinstance(value, bool)
    if r == XSD + "date":
        return isinstance(value, dt.date)
    if r == XSD + "time":
        return isinstance(value, dt.time)
    if r == XSD + "dateTime":
        return isinstance(value, dt.datetime)
    return True


def _string_of(v: Term) -> str:
    """pyshacl's ``value_node_to_string`` (on normalised terms: always the lexical form / IRI)."""
    return v.value


# ------------------------------------------------------------------------------------------
# the shapes graph
# ------------------------------------------------------------------------------------------

class _ShapesGraph:
    """The triples of the shapes files, indexed by subject and by object."""

    def __init__(self, triples: Iterable[tuple[Term, NamedNode, Term]]) -> None:
        self.sp: dict[Term, dict[NamedNode, list[Term]]] = {}
        self.po: dict[NamedNode, dict[Term, list[Term]]] = {}
        for s, p, o in triples:
            lst = self.sp.setdefault(s, {}).setdefault(p, [])
            if o not in lst:
                lst.append(o)
                self.po.setdefault(p, {}).setdefault(o, []).append(s)

    def objects(self, s: Term, p: NamedNode) -> list[Term]:
        return self.sp.get(s, {}).get(p, [])

    def subjects(self, p: NamedNode, o: Term) -> list[Term]:
        return self.po.get(p, {}).get(o, [])

    def predicates(self, s: Term) -> list[NamedNode]:
        return list(self.sp.get(s, {}))

    def items(self, head: Term) -> list[Term]:
        out: list[Term] = []
        seen = set()
        node = head
        while node != RDF_NIL:
            if node in seen:
                raise UnsupportedShapes(f"cyclic RDF list at {node}")
            seen.add(node)
            first = self.objects(node, RDF_FIRST)
            rest = self.objects(node, RDF_REST)
            if len(first) != 1 or len(rest) != 1:
                raise UnsupportedShapes(f"malformed RDF list at {node}")
            out.append(first[0])
            node = rest[0]
        return out


# constraint parameters of SHACL Core and SHACL-SPARQL (all of them, to refuse what is not handled)
_SUPPORTED = {
    "class", "datatype", "nodeKind", "minCount", "maxCount", "minInclusive", "minLength", "pattern",
    "languageIn", "uniqueLang", "in", "equals", "disjoint", "lessThanOrEquals", "or",
    "qualifiedValueShape", "qualifiedMinCount", "qualifiedMaxCount", "property", "sparql",
}
_ALL_PARAMETERS = _SUPPORTED | {
    "maxExclusive", "maxInclusive", "minExclusive", "maxLength", "flags", "lessThan", "hasValue",
    "node", "not", "and", "xone", "closed", "ignoredProperties", "qualifiedValueShapesDisjoint",
    "targetNode", "targetSubjectsOf", "targetObjectsOf", "target", "deactivated", "rule",
    "expression", "js", "condition",
}
_SEVERITY_NAMES = {SH + "Violation": "Violation", SH + "Warning": "Warning", SH + "Info": "Info"}


def _severity_name(term: Term) -> str:
    return _SEVERITY_NAMES.get(term.value, term.value)


# ------------------------------------------------------------------------------------------
# per-document index
# ------------------------------------------------------------------------------------------

_EMPTY: dict = {}


class _Doc:
    """One document graph: forward and inverse indexes (predicate -> node -> nodes) for the
    predicates that shapes and SPARQL constraints follow, literals normalised as rdflib would."""

    __slots__ = ("fwd", "inv", "quads", "ill", "_stores", "_rdflib", "_subclass_closure")

    def __init__(self, fwd: dict, inv: dict, quads: list[Quad], ill: dict[tuple[NamedNode, Term], set[Term]]) -> None:
        self.fwd = fwd
        self.inv = inv
        self.quads = quads  # kept for the generic SPARQL path and the rdflib fallback
        # (predicate, normalised literal) -> subjects, for the literals that rdflib normalises and yet
        # flags ill-typed (""^^xsd:boolean is "false", ill-typed): the flag belongs to the triple
        # ("false"^^xsd:boolean itself is well-typed). Almost always empty.
        self.ill = ill
        self._stores: dict[frozenset[str], tuple[Store, dict[str, Any]]] = {}
        self._rdflib: dict[frozenset[str], Any] = {}
        self._subclass_closure: dict[Term, set[Term]] | None = None

    def flagged(self, focus: Term, path: PathExpr | None, v: Term) -> bool:
        """Whether value ``v`` of ``focus`` along ``path`` is such a flagged literal. (Without a path,
        as in a nested shape, any triple of the document with that object counts.)"""
        if not self.ill or type(v) is not Literal:
            return False
        if path is None:
            return any(o == v for _, o in self.ill)
        if type(path) is NamedNode:
            return focus in self.ill.get((path, v), ())
        if type(path) is Inverse:
            return False
        last = path.items[-1]
        if type(last) is Inverse:
            return False
        subjects = self.ill.get((last, v), ())
        before = _seq_values(self, focus, SeqPath(path.items[:-1])) if len(path.items) > 1 else {focus}
        return any(s in subjects for s in before)

    def objects(self, s: Term, p: NamedNode) -> Sequence[Term]:
        return self.fwd.get(p, _EMPTY).get(s, ())

    def subjects(self, p: NamedNode, o: Term) -> Sequence[Term]:
        return self.inv.get(p, _EMPTY).get(o, ())

    def superclasses(self, c: Term) -> set[Term]:
        """``c`` and its rdfs:subClassOf ancestors in the data graph (rdflib ``transitive_objects``)."""
        if self._subclass_closure is None:
            closure: dict[Term, set[Term]] = {}
            direct = self.fwd.get(RDFS_SUBCLASSOF, _EMPTY)
            for start in direct:
                seen = {start}
                todo = [start]
                while todo:
                    for sup in direct.get(todo.pop(), ()):
                        if sup not in seen:
                            seen.add(sup)
                            todo.append(sup)
                closure[start] = seen
            self._subclass_closure = closure
        return self._subclass_closure.get(c) or {c}

    def instances(self, cls: Term) -> set[Term]:
        """Focus nodes of ``sh:targetClass cls``: instances of it and of its subclasses."""
        types = self.inv.get(RDF_TYPE, _EMPTY)
        found = set(types.get(cls, ()))
        sub = self.inv.get(RDFS_SUBCLASSOF, _EMPTY)
        if sub:
            seen = {cls}
            todo = [cls]
            while todo:
                for c in sub.get(todo.pop(), ()):
                    if c not in seen:
                        seen.add(c)
                        todo.append(c)
                        found.update(types.get(c, ()))
        return found

    def _triples(self, predicates: frozenset[str]) -> dict[tuple[Term, NamedNode, Term], None]:
        """The (normalised) triples whose predicate is one of ``predicates``, without duplicates."""
        out: dict[tuple[Term, NamedNode, Term], None] = {}
        for q in self.quads:
            p = q.predicate
            if p.value in predicates:
                out[(q.subject, p, normalise(q.object))] = None
        return out

    def store(self, predicates: frozenset[str]) -> tuple[Store, dict[str, Any]]:
        """An Oxigraph store with the triples a SPARQL query can match (all in the default graph)."""
        found = self._stores.get(predicates)
        if found is None:
            store = Store()
            store.extend(Quad(s, p, o) for s, p, o in self._triples(predicates))
            found = self._stores[predicates] = (store, {})
        return found

    def rdflib_graph(self, predicates: frozenset[str]) -> Any:
        """The same triples as an rdflib graph, for the exact (pyshacl's own) evaluation of a SPARQL
        constraint over odd data."""
        graph = self._rdflib.get(predicates)
        if graph is None:
            import rdflib

            graph = rdflib.Graph()
            data = serialize((Triple(s, p, o) for s, p, o in self._triples(predicates)), format=RdfFormat.N_TRIPLES)
            was = _rdflib_logger.disabled
            _rdflib_logger.disabled = True
            try:
                graph.parse(data=(data or b"").decode("utf-8"), format="nt")
            finally:
                _rdflib_logger.disabled = was
            self._rdflib[predicates] = graph
        return graph


# ------------------------------------------------------------------------------------------
# compiled shapes
# ------------------------------------------------------------------------------------------

FocusValues = list[tuple[Term, Sequence[Term]]]


class _Shape:
    __slots__ = ("node", "path", "severity", "messages", "texts", "constraints", "reports", "_simple")

    def __init__(self, node: Term, path: PathExpr | None, severity: str, messages: tuple[tuple[str, str | None], ...]):
        self.node = node
        self.path = path
        self.severity = severity
        self.messages = messages  # (text, language) of each sh:message
        self.texts = tuple(sorted({m for m, _ in messages}))
        self.constraints: list[_Constraint] = []
        self.reports = False  # has a constraint that makes results (not only sh:property)
        self._simple: bool | None = None

    @property
    def is_property(self) -> bool:
        return self.path is not None

    def focus_values(self, doc: _Doc, focus: Iterable[Term]) -> FocusValues:
        """(focus node, its value nodes) for each focus node; the value nodes have no duplicate."""
        path = self.path
        if path is None:
            return [(f, (f,)) for f in focus]
        if type(path) is NamedNode:
            d = doc.fwd.get(path, _EMPTY)
            return [(f, d.get(f, ())) for f in focus]
        if type(path) is Inverse:
            d = doc.inv.get(path.path, _EMPTY)
            return [(f, d.get(f, ())) for f in focus]
        return [(f, _seq_values(doc, f, path)) for f in focus]

    def validate(self, doc: _Doc, focus: Iterable[Term]) -> tuple[bool, list[Result]]:
        """pyshacl ``Shape.validate`` with explicit focus nodes: (conforms, results)."""
        fv = self.focus_values(doc, focus)
        results: list[Result] = []
        non_conformant = False
        allow_conform = self.severity in ("Warning", "Info")
        for c in self.constraints:
            ok, res = c.evaluate(doc, self, fv)
            if ok or allow_conform:
                pass
            else:  # filter_reports: only results of a severity that is not allowed count
                if any(r.severity not in ("Warning", "Info") for r in res):
                    non_conformant = True
            results.extend(res)
        return not non_conformant, results

    def conforms(self, doc: _Doc, v: Term) -> bool:
        """Whether one node conforms (pyshacl: ``validate(focus=v)[0]`` with ``allow_warnings``)."""
        if self.severity in ("Warning", "Info"):
            return True  # pyshacl's allow_conform: such a shape never fails a nested check
        if self._simple is None:
            self._simple = self.path is None and all(isinstance(c, _PerValue) for c in self.constraints)
        if self._simple:
            for c in self.constraints:
                if not c.ok(doc, v):
                    return False
            return True
        return self.validate(doc, (v,))[0]

    def result(self, component: str, focus: Term, value: Term | None = None, *, path: Any = None,
               constraint: Term | None = None, messages: tuple[str, ...] | None = None) -> Result:
        if path is None:
            path = self.path
        if messages is None:
            messages = self.texts
        return Result(self.severity, focus, self.node, component, path, value, messages, constraint)


def _seq_values(doc: _Doc, f: Term, path: SeqPath) -> set[Term]:
    current: Iterable[Term] = (f,)
    for step in path.items:
        nxt: set[Term] = set()
        if type(step) is NamedNode:
            d = doc.fwd.get(step, _EMPTY)
        else:
            d = doc.inv.get(step.path, _EMPTY)
        for node in current:
            nxt.update(d.get(node, ()))
        current = nxt
    return current if isinstance(current, set) else set(current)


class _Constraint:
    component = "?"

    def evaluate(self, doc: _Doc, shape: _Shape, fv: FocusValues) -> tuple[bool, list[Result]]:
        raise NotImplementedError


class _MinCount(_Constraint):
    component = "MinCountConstraintComponent"

    def __init__(self, n: int) -> None:
        self.n = n

    def evaluate(self, doc, shape, fv):
        n = self.n
        if n == 0:
            return True, []
        out = [shape.result(self.component, f) for f, vs in fv if len(vs) < n]
        return not out, out


class _MaxCount(_Constraint):
    component = "MaxCountConstraintComponent"

    def __init__(self, n: int) -> None:
        self.n = n

    def evaluate(self, doc, shape, fv):
        n = self.n
        out = [shape.result(self.component, f) for f, vs in fv if len(vs) > n]
        return not out, out


class _PerValue(_Constraint):
    """A constraint that judges each value node on its own."""

    def ok(self, doc: _Doc, v: Term) -> bool:
        raise NotImplementedError

    def evaluate(self, doc, shape, fv):
        out = []
        ok = self.ok
        for f, vs in fv:
            for v in vs:
                if not ok(doc, v):
                    out.append(shape.result(self.component, f, v))
        return not out, out


class _Class(_PerValue):
    component = "ClassConstraintComponent"

    def __init__(self, cls: Term) -> None:
        self.cls = cls

    def ok(self, doc, v):
        if type(v) is Literal:
            return False
        types = doc.objects(v, RDF_TYPE)
        cls = self.cls
        for t in types:
            if t == cls:
                return True
        if RDFS_SUBCLASSOF in doc.fwd:
            for t in types:
                if cls in doc.superclasses(t):
                    return True
        return False


class _Datatype(_PerValue):
    component = "DatatypeConstraintComponent"

    def __init__(self, dt: NamedNode) -> None:
        self.dt = dt
        # the common cases, inlined (same answers as _datatype_ok)
        if dt == XSD_STRING:
            self.ok = lambda doc, v: type(v) is Literal and v.datatype == XSD_STRING
        elif dt == RDF_LANGSTRING:
            self.ok = lambda doc, v: type(v) is Literal and v.language is not None
        elif dt == XSD_INTEGER:
            self.ok = lambda doc, v: (type(v) is Literal and v.datatype == XSD_INTEGER
                                      and (_canonical_int(v.value) or _datatype_ok(v, dt)))

    def ok(self, doc, v):
        return _datatype_ok(v, self.dt, doc.flagged(v, None, v))

    def evaluate(self, doc, shape, fv):
        if not doc.ill:
            return super().evaluate(doc, shape, fv)
        out = [shape.result(self.component, f, v) for f, vs in fv for v in vs
               if not _datatype_ok(v, self.dt, doc.flagged(f, shape.path, v))]
        return not out, out


_NODE_KINDS = {
    "IRI": (NamedNode,), "BlankNode": (BlankNode,), "Literal": (Literal,),
    "BlankNodeOrIRI": (BlankNode, NamedNode), "BlankNodeOrLiteral": (BlankNode, Literal),
    "IRIOrLiteral": (NamedNode, Literal),
}


class _NodeKind(_PerValue):
    component = "NodeKindConstraintComponent"

    def __init__(self, kind: NamedNode) -> None:
        name = kind.value[len(SH):] if kind.value.startswith(SH) else ""
        if name not in _NODE_KINDS:
            raise UnsupportedShapes(f"sh:nodeKind {kind}")
        self.kinds = _NODE_KINDS[name]

    def ok(self, doc, v):
        return type(v) in self.kinds


class _Pattern(_PerValue):
    component = "PatternConstraintComponent"

    def __init__(self, pattern: str) -> None:
        self.regex = re.compile(pattern)

    def ok(self, doc, v):
        if type(v) is BlankNode:
            return False
        return self.regex.search(_string_of(v)) is not None


class _MinLength(_PerValue):
    component = "MinLengthConstraintComponent"

    def __init__(self, n: int) -> None:
        self.n = n

    def ok(self, doc, v):
        if self.n == 0:
            return True
        if type(v) is BlankNode:
            return False
        return len(_string_of(v)) >= self.n


class _MinInclusive(_PerValue):
    component = "MinInclusiveConstraintComponent"

    def __init__(self, bound: Literal) -> None:
        self.bound = bound
        self.bound_is_str = _is_str_valued(bound)
        value, _ = _lit_value(bound)
        self.fast = bound.datatype == XSD_INTEGER and _canonical_int(bound.value)
        self.int_bound = value if self.fast else None

    def ok(self, doc, v):
        if type(v) is not Literal:
            return False
        if self.fast and v.datatype == XSD_INTEGER and _canonical_int(v.value):
            return int(v.value) >= self.int_bound
        v_is_str = _is_str_valued(v)
        if v_is_str != self.bound_is_str:
            return False
        try:
            return _compare_literal(_to_rdflib(v), _to_rdflib(self.bound)) >= 0
        except (TypeError, NotImplementedError):
            return False


def _compare_literal(l1: Any, l2: Any) -> int:
    """pyshacl.rdfutil.compare.compare_literal (on rdflib literals)."""
    import datetime as dt

    if l1.eq(l2):
        return 0
    if l1.value.__class__ in (dt.datetime, dt.time):
        if l1.value == l2.value:
            return 0
        elif l1.value > l2.value:
            return 1
    elif l1 > l2:
        return 1
    return -1


class _LanguageIn(_PerValue):
    component = "LanguageInConstraintComponent"

    def __init__(self, langs: list[Term]) -> None:
        need = set()
        for lang in langs:
            if not _is_str_valued(lang):
                raise UnsupportedShapes("sh:languageIn members must be strings")
            need.add(lang.value.lower())
        self.need = need
        self.wildcard = "*" in need

    def ok(self, doc, v):
        if type(v) is not Literal:
            return False
        lang = v.language
        if not lang:
            return False
        if self.wildcard:
            return True
        low = lang.lower()
        return low in self.need or lang.split("-")[0].lower() in self.need


class _In(_PerValue):
    component = "InConstraintComponent"

    def __init__(self, members: list[Term]) -> None:
        self.members = frozenset(normalise(m) for m in members)

    def ok(self, doc, v):
        return v in self.members


class _UniqueLang(_Constraint):
    component = "UniqueLangConstraintComponent"

    def evaluate(self, doc, shape, fv):
        out = []
        for f, vs in fv:
            if len(vs) < 2:
                continue
            found: set[str] = set()
            dups: set[str] = set()
            for v in vs:
                if type(v) is Literal and v.language:
                    low = v.language.lower()
                    if low in found:
                        dups.add(low)
                    else:
                        found.add(low)
            out.extend(shape.result(self.component, f) for _ in dups)
        return not out, out


class _Equals(_Constraint):
    component = "EqualsConstraintComponent"

    def __init__(self, prop: NamedNode) -> None:
        self.prop = prop

    def evaluate(self, doc, shape, fv):
        out = []
        d = doc.fwd.get(self.prop, _EMPTY)
        for f, vs in fv:
            values = set(vs)
            others = set(d.get(f, ()))
            if values == others:
                continue
            out.extend(shape.result(self.component, f, v) for v in values - others)
            out.extend(shape.result(self.component, f, v) for v in others - values)
        return not out, out


class _Disjoint(_Constraint):
    component = "DisjointConstraintComponent"

    def __init__(self, prop: NamedNode) -> None:
        self.prop = prop

    def evaluate(self, doc, shape, fv):
        out = []
        d = doc.fwd.get(self.prop, _EMPTY)
        for f, vs in fv:
            others = d.get(f)
            if not others or not vs:
                continue
            out.extend(shape.result(self.component, f, v) for v in set(vs) & set(others))
        return not out, out


class _LessThanOrEquals(_Constraint):
    component = "LessThanOrEqualsConstraintComponent"

    def __init__(self, prop: NamedNode) -> None:
        self.prop = prop

    def evaluate(self, doc, shape, fv):
        out = []
        d = doc.fwd.get(self.prop, _EMPTY)
        for f, vs in fv:
            if not vs:
                continue
            others = d.get(f, ())
            for v in vs:
                if type(v) is BlankNode:
                    raise ShaclRuntimeError("Cannot use sh:lessThanOrEquals to compare a BlankNode.")
                for o in others:
                    if type(o) is BlankNode:
                        raise ShaclRuntimeError("Cannot use sh:lessThanOrEquals to compare a BlankNode.")
                    if not _le(v, o):
                        out.append(shape.result(self.component, f, v))
        return not out, out


def _le(v: Term, o: Term) -> bool:
    """pyshacl's LessThanOrEquals comparison of one pair (False: a result)."""
    if (type(v) is Literal and type(o) is Literal and v.datatype == XSD_INTEGER and o.datatype == XSD_INTEGER
            and _canonical_int(v.value) and _canonical_int(o.value)):
        return int(v.value) <= int(o.value)
    v_str = type(v) is NamedNode or _is_str_valued(v)
    o_str = type(o) is NamedNode or _is_str_valued(o)
    if v_str != o_str:
        return False
    if v_str:
        return v.value <= o.value
    return bool(_to_rdflib(v) <= _to_rdflib(o))


class _Property(_Constraint):
    component = "PropertyConstraintComponent"

    def __init__(self, shape: _Shape) -> None:
        self.shape = shape

    def evaluate(self, doc, shape, fv):
        focus = [v for _, vs in fv for v in vs]
        if not focus:
            return True, []
        return self.shape.validate(doc, focus)


class _Or(_Constraint):
    component = "OrConstraintComponent"

    def __init__(self, shapes: list[_Shape]) -> None:
        self.shapes = shapes

    def evaluate(self, doc, shape, fv):
        out = []
        for f, vs in fv:
            for v in vs:
                if not any(s.conforms(doc, v) for s in self.shapes):
                    out.append(shape.result(self.component, f, v))
        return not out, out


class _Qualified(_Constraint):
    component = "QualifiedValueShapeConstraintComponent"

    def __init__(self, shapes: list[_Shape], min_count: int | None, max_count: int | None) -> None:
        self.shapes = shapes
        self.min_count = min_count
        self.max_count = max_count

    def evaluate(self, doc, shape, fv):
        out = []
        if self.min_count is None or self.min_count < 1:
            if not any(vs for _, vs in fv):
                return True, []
        for q in self.shapes:
            for f, vs in fv:
                n = sum(1 for v in vs if q.conforms(doc, v))
                if self.max_count is not None and n > self.max_count:
                    out.append(shape.result("QualifiedMaxCountConstraintComponent", f))
                if self.min_count is not None and n < self.min_count:
                    out.append(shape.result("QualifiedMinCountConstraintComponent", f))
        return not out, out


# ------------------------------------------------------------------------------------------
# SPARQL constraints
# ------------------------------------------------------------------------------------------
#
# A SPARQL constraint is evaluated once per document for all its focus nodes, in one of three
# ways:
#
# 1. a *native twin*: Python code over the document index that computes exactly the solutions
#    rdflib computes for that query text, for the data it can judge (numbers that are canonical
#    xsd:integer literals, which is what the pipeline writes). The twins exist because Oxigraph
#    evaluates SUBSTR(STR(?full), ...) by copying and scanning the whole Expression text for each
#    paragraph, which is quadratic in the length of a document (7 s for a 94,000-triple document,
#    against 0.2 s here), and because building a store per document costs more than the core
#    checks. A twin is used only for the exact query text (and prefixes) it was written for:
#    edit a query and it falls back to 2.
# 2. the generic path: Oxigraph over a store holding the triples whose predicates the query
#    names, ``$this`` unbound, solutions kept for the focus nodes.
# 3. for the focus nodes where a twin meets data it does not judge (an offset that is a decimal,
#    a string or an ill-typed number...), rdflib's own SPARQL engine, on the triples the query can
#    match, once per focus node with ``$this`` bound, exactly as pyshacl runs it.

# pyshacl's checks of a constraint's text (sparql_query_helper.SPARQLQueryHelper)
_HAS_MINUS = re.compile(r"^(?:[^#]*|M)(?!#)#?[^\?\$\#]M?INUS[\s\{]", flags=re.M | re.I)
_HAS_VALUES = re.compile(r"^(?!\s*#).*?(?<![\w\-\:])VALUES\b(?:\s*(?:\(|[\?\$]\w+|\{|\w|\s))", flags=re.M | re.I)
_HAS_SERVICE = re.compile(r"^(?:[^#]*|S)(?!#)#?[^\?\$\#]S?ERVICE[\s\<]", flags=re.M | re.I)
_HAS_NESTED_SELECT = re.compile(r"SELECT[\s\(\)\$\?\a-z]*\{[^\}]*SELECT\s+((?:(?:[\?\$]\w+\s+)|(?:\*\s+))+)",
                                flags=re.M | re.I)
_HAS_AS_VAR = re.compile(r"[^\w]+AS[\s]+[\$\?](\w+)", flags=re.M | re.I)
_BINDS = {name: re.compile(r"([\s{}()])[\$\?]" + name, flags=re.M)
          for name in ("this", "PATH", "shapesGraph", "currentShape")}
# IRIs a query can match triples with: <...>, prefixed names, and 'a'
_IRI_REF = re.compile(r"<([^<>\"{}|^`\\\s]*)>")
_PNAME = re.compile(r"(?<![\w?$:<\"'])([A-Za-z][\w.-]*)?:([\w-][\w.-]*)?")
_A = re.compile(r"(?<![\w?$:<\"'])a(?![\w:])")
_STRINGS = re.compile(r"\"\"\".*?\"\"\"|'''.*?'''|\"(?:[^\"\\\n]|\\.)*\"|'(?:[^'\\\n]|\\.)*'", re.S)
_COMMENTS = re.compile(r"#[^\n]*")


def query_predicates(query: str, prefixes: dict[str, str]) -> frozenset[str]:
    """Every IRI the text of a query names: an over-approximation of the predicates its triple
    patterns can match (``tests/shapes/test_engines_agree.py`` checks it against rdflib's algebra:
    no variable predicate, no predicate missed)."""
    body = _COMMENTS.sub(" ", _STRINGS.sub(" ", query))
    found = set(_IRI_REF.findall(body))
    for prefix, local in _PNAME.findall(body):
        if prefix in prefixes:
            found.add(prefixes[prefix] + (local or ""))
    if _A.search(body):
        found.add(RDF + "type")
    return frozenset(found)


Row = dict[str, Term]  # one solution: variable name -> term, in projection order


@dataclass(slots=True)
class _Sparql:
    node: Term
    text: str  # the sh:select text with PREFIX declarations, as pyshacl sends it to rdflib
    messages: tuple[tuple[str, str | None], ...]  # the constraint's own sh:message
    variables: tuple[str, ...]  # projected, in order
    predicates: frozenset[str]  # IRIs the query names
    twin: Callable[[_Doc, set[Term]], tuple[list[Row], set[Term]]] | None = None


class _SparqlConstraint(_Constraint):
    """The ``sh:sparql`` constraints of one shape; evaluated once per document by :meth:`results`."""

    component = "SPARQLConstraintComponent"

    def __init__(self, queries: list[_Sparql]) -> None:
        self.queries = queries

    def evaluate(self, doc, shape, fv):  # never reached: the compiler refuses nested SPARQL
        raise UnsupportedShapes("SPARQL constraints are only supported on shapes validated against targets")

    def results(self, doc: _Doc, shape: _Shape, focus: set[Term], generic: bool = False) -> list[Result]:
        out: list[Result] = []
        for q in self.queries:
            seen: set = set()
            for row in _solutions(doc, q, focus, generic):
                out.extend(_sparql_result(shape, q, row, seen))
        return out


def _solutions(doc: _Doc, q: _Sparql, focus: set[Term], generic: bool) -> list[Row]:
    if q.twin is not None and not generic:
        rows, odd = q.twin(doc, focus)
        for f in odd:
            rows.extend(_rdflib_rows(doc, q, f))
        return rows
    store, kwargs = doc.store(q.predicates)
    names = q.variables
    rows = []
    for solution in store.query(q.text, **kwargs):
        this = solution["this"]
        if this is None or this not in focus:
            continue
        row = {}
        for name in names:
            value = solution[name]
            if value is not None:
                row[name] = value
        rows.append(row)
    return rows


def _from_rdflib(term: Any) -> Term:
    import rdflib

    if isinstance(term, rdflib.URIRef):
        return NamedNode(str(term))
    if isinstance(term, rdflib.BNode):
        return BlankNode(str(term))
    if term.language is not None:
        return Literal(str(term), language=term.language)
    if term.datatype is not None:
        return Literal(str(term), datatype=NamedNode(str(term.datatype)))
    return Literal(str(term))


def _rdflib_rows(doc: _Doc, q: _Sparql, focus: Term) -> list[Row]:
    """pyshacl's evaluation of the query for one focus node: rdflib, ``$this`` bound."""
    graph = doc.rdflib_graph(q.predicates)
    result = graph.query(q.text, initBindings={"this": _to_rdflib(focus)})
    rows = []
    for r in result:
        rows.append({name: _from_rdflib(value) for name, value in r.asdict().items()})
    return rows


def _fill(msg: str, fdict: dict[str, Term]) -> str:
    """pyshacl's ``_format_sparql_based_result_message``: ``re.sub`` in the same order, so that the
    value is read as a replacement template (``\\n`` becomes a line break) as there. Where that
    raises (a value with ``\\1`` or ``\\d`` in it: pyshacl fails on the whole document), the value
    is put in as it is instead (the one deliberate difference, see :data:`KNOWN_DIFFERENCES`)."""
    for var, val in fdict.items():
        pattern = "{{[?$]{}}}".format(var)
        text = str(val.value)
        try:
            msg = re.sub(pattern, text, msg)
        except re.error:
            msg = re.sub(pattern, lambda _: text, msg)
    return msg


def _sparql_result(shape: _Shape, q: _Sparql, row: Row, seen: set) -> list[Result]:
    """pyshacl's ``_evaluate_sparql_constraint`` for one solution (nothing for a duplicate)."""
    row = dict(row)
    p = row.pop("path", None)
    v = row.pop("value", None)
    t = row.pop("this")
    key = (t, p, v, frozenset(row.items()))
    if key in seen:
        return []
    seen.add(key)
    if v is None and not shape.is_property:
        v = t
    fdict = dict(row)
    fdict["this"] = t
    if p is not None:
        fdict["path"] = p
    if v is not None:
        fdict["value"] = v
    texts: set[str] = set()
    for m in q.messages:
        if m not in shape.messages:
            texts.add(_fill(m[0], fdict))
    for m in shape.messages:
        texts.add(_fill(m[0], fdict))
    return [shape.result(_SparqlConstraint.component, t, v, path=p, constraint=q.node,
                         messages=tuple(sorted(texts)))]


# --- native twins -------------------------------------------------------------------------
#
# Each twin mirrors rdflib's evaluation of one query: SPARQL's bag semantics (duplicates do not
# matter, pyshacl drops duplicate solutions), BIND errors leaving a variable unbound, FILTER
# errors dropping a solution, STR() of a literal its lexical form and of an IRI its string (of a
# blank node an error), SUBSTR(s, a + 1, b - a) being Python's s[a:b] (rdflib slices; negative
# numbers included), STRLEN Python's len. A focus node whose solutions would involve a number that
# is not a canonical xsd:integer literal is handed back as "odd" (evaluated by rdflib itself).

_UNKG = "https://w3id.org/unkg/def/"
_OA = "http://www.w3.org/ns/oa#"


def _u(name: str) -> NamedNode:
    return NamedNode(_UNKG + name)


def _oa(name: str) -> NamedNode:
    return NamedNode(_OA + name)


_TEXT, _START, _END = _u("text"), _u("start"), _u("end")
_HAS_PART, _HAS_PARAGRAPH, _HAS_HEADING, _HAS_FOOTNOTE, _HAS_SIGNATURE = (
    _u("hasPart"), _u("hasParagraph"), _u("hasHeading"), _u("hasFootnote"), _u("hasSignature"))
_EVIDENCE, _STATED_IN, _SIGNED_NAME = _u("evidence"), _u("statedIn"), _u("signedName")
_LANGUAGE_CODE, _LANGUAGE, _TITLE = _u("languageCode"), _u("language"), _u("title")
_RESULT, _VETO, _VOTER, _VOTING_MODE, _VOTE_EVENT, _VOTE = (
    _u("result"), _u("veto"), _u("voter"), _u("votingMode"), _u("voteEvent"), _u("Vote"))
_OA_HAS_TARGET, _OA_HAS_SOURCE, _OA_HAS_SELECTOR = _oa("hasTarget"), _oa("hasSource"), _oa("hasSelector")
_OA_START, _OA_END, _OA_EXACT = _oa("start"), _oa("end"), _oa("exact")


class _Odd(Exception):
    """A twin meets data it does not judge itself: rdflib evaluates the query for that focus node."""


def _str(term: Term) -> str:
    """SPARQL STR() of an IRI or a literal. rdflib gives a blank node's label (pyshacl's are random):
    left to rdflib."""
    if type(term) is BlankNode:
        raise _Odd
    return term.value


def _int(term: Term) -> int:
    """The value of a canonical xsd:integer literal; anything else is left to rdflib."""
    if type(term) is Literal and term.datatype == XSD_INTEGER:
        lex = term.value
        if _canonical_int(lex):
            return int(lex)
    raise _Odd


def _plain(text: str) -> Literal:
    return Literal(text)


def _integer(n: int) -> Literal:
    return Literal(str(n), datatype=XSD_INTEGER)


def _values_via(doc: _Doc, start: Term, steps: Sequence[NamedNode]) -> list[Term]:
    nodes: list[Term] = [start]
    for step in steps:
        d = doc.fwd.get(step, _EMPTY)
        nodes = [o for n in nodes for o in d.get(n, ())]
    return nodes


def _claims_citing(doc: _Doc, target: Term) -> list[Term]:
    """?value such that ?value unkg:evidence/oa:hasTarget target."""
    evidence_of = doc.inv.get(_EVIDENCE, _EMPTY)
    return [value for ev in doc.inv.get(_OA_HAS_TARGET, _EMPTY).get(target, ())
            for value in evidence_of.get(ev, ())]


def _evidence_positions(doc: _Doc, this: Term) -> list[tuple[Term, Term, Term]]:
    """(claim, target, position): ?claim unkg:evidence/oa:hasTarget ?target .
    ?target oa:hasSource this ; oa:hasSelector ?position."""
    selectors = doc.fwd.get(_OA_HAS_SELECTOR, _EMPTY)
    out = []
    for target in doc.inv.get(_OA_HAS_SOURCE, _EMPTY).get(this, ()):
        positions = selectors.get(target, ())
        if positions:
            for claim in _claims_citing(doc, target):
                out.extend((claim, target, position) for position in positions)
    return out


_TwinFn = Callable[[_Doc, Term], list[Row]]


def _per_focus(fn: _TwinFn) -> Callable[[_Doc, set[Term]], tuple[list[Row], set[Term]]]:
    """A twin from the solutions for one focus node (an :class:`_Odd` one goes to rdflib)."""

    def twin(doc: _Doc, focus: set[Term]) -> tuple[list[Row], set[Term]]:
        rows: list[Row] = []
        odd: set[Term] = set()
        for this in focus:
            try:
                rows.extend(fn(doc, this))
            except _Odd:
                odd.add(this)
        return rows, odd

    twin.__name__ = fn.__name__
    return twin


@_per_focus
def _twin_span_text(doc: _Doc, this: Term) -> list[Row]:
    texts = doc.fwd.get(_TEXT, _EMPTY)
    fulls = [_str(f) for f in texts.get(this, ())]
    if not fulls:
        return []
    starts = doc.fwd.get(_START, _EMPTY)
    ends = doc.fwd.get(_END, _EMPTY)
    values = set(_values_via(doc, this, (_HAS_PART, _HAS_PARAGRAPH)))
    values.update(_values_via(doc, this, (_HAS_PART, _HAS_HEADING)))
    values.update(_values_via(doc, this, (_HAS_HEADING,)))
    values.update(_values_via(doc, this, (_HAS_FOOTNOTE,)))
    rows: list[Row] = []
    for value in values:
        vtexts = texts.get(value, ())
        if not vtexts:
            continue
        vtexts = [_str(t) for t in vtexts]
        for s in starts.get(value, ()):
            for e in ends.get(value, ()):
                a, b = _int(s), _int(e)
                for full in fulls:
                    found = full[a:b]  # SUBSTR(STR(?full), ?start + 1, ?end - ?start) in rdflib
                    for t in vtexts:
                        if t != found:
                            rows.append({"this": this, "value": value, "start": s, "end": e, "found": _plain(found)})
    return rows


@_per_focus
def _twin_span_in_text(doc: _Doc, this: Term) -> list[Row]:
    lengths = [len(_str(f)) for f in doc.fwd.get(_TEXT, _EMPTY).get(this, ())]
    if not lengths:
        return []
    ends = doc.fwd.get(_END, _EMPTY)
    rows: list[Row] = []
    for value in set(_values_via(doc, this, (_HAS_PART,))) | set(_values_via(doc, this, (_HAS_SIGNATURE,))):
        for e in ends.get(value, ()):
            b = _int(e)
            for n in lengths:
                if b > n:
                    rows.append({"this": this, "value": value, "end": e, "length": _integer(n)})
    return rows


@_per_focus
def _twin_signature_name(doc: _Doc, this: Term) -> list[Row]:
    fulls = [_str(f) for f in doc.fwd.get(_TEXT, _EMPTY).get(this, ())]
    if not fulls:
        return []
    names = doc.fwd.get(_SIGNED_NAME, _EMPTY)
    starts = doc.fwd.get(_START, _EMPTY)
    ends = doc.fwd.get(_END, _EMPTY)
    rows: list[Row] = []
    for value in doc.fwd.get(_HAS_SIGNATURE, _EMPTY).get(this, ()):
        for name in names.get(value, ()):
            name_s = _str(name)
            for s in starts.get(value, ()):
                for e in ends.get(value, ()):
                    a, b = _int(s), _int(e)
                    for full in fulls:
                        if name_s not in full[a:b]:
                            rows.append({"this": this, "value": value, "name": name, "start": s, "end": e})
    return rows


@_per_focus
def _twin_claim_quote(doc: _Doc, this: Term) -> list[Row]:
    fulls = [_str(f) for f in doc.fwd.get(_TEXT, _EMPTY).get(this, ())]
    if not fulls:
        return []
    selectors = doc.fwd.get(_OA_HAS_SELECTOR, _EMPTY)
    starts = doc.fwd.get(_OA_START, _EMPTY)
    ends = doc.fwd.get(_OA_END, _EMPTY)
    exacts = doc.fwd.get(_OA_EXACT, _EMPTY)
    rows: list[Row] = []
    for value, target, position in _evidence_positions(doc, this):
        quotes = [x for q in selectors.get(target, ()) for x in exacts.get(q, ())]
        if not quotes:
            continue
        for s in starts.get(position, ()):
            for e in ends.get(position, ()):
                a, b = _int(s), _int(e)
                for full in fulls:
                    found = full[a:b]
                    for exact in quotes:
                        if _str(exact) != found:
                            rows.append({"this": this, "value": value, "exact": exact, "start": s, "end": e,
                                         "found": _plain(found)})
    return rows


_NUMERIC_TYPES = frozenset(XSD + t for t in (
    "float", "double", "decimal", "integer", "nonPositiveInteger", "negativeInteger", "nonNegativeInteger",
    "positiveInteger", "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte", "long", "int", "short",
    "byte"))


def _is_numeric(term: Term) -> bool:
    """rdflib's isNumeric: a literal whose datatype is numeric (well-typed or not)."""
    return type(term) is Literal and term.datatype.value in _NUMERIC_TYPES


@_per_focus
def _twin_evidence_order(doc: _Doc, this: Term) -> list[Row]:
    starts = doc.fwd.get(_OA_START, _EMPTY)
    ends = doc.fwd.get(_OA_END, _EMPTY)
    rows: list[Row] = []
    for value, _, position in _evidence_positions(doc, this):
        for s in starts.get(position, ()):
            for e in ends.get(position, ()):
                if _is_numeric(s) and _is_numeric(e) and _int(s) >= _int(e):
                    rows.append({"this": this, "value": value, "start": s, "end": e})
    return rows


@_per_focus
def _twin_claim_in_paragraph(doc: _Doc, this: Term) -> list[Row]:
    starts = doc.fwd.get(_OA_START, _EMPTY)
    ends = doc.fwd.get(_OA_END, _EMPTY)
    stated = doc.fwd.get(_STATED_IN, _EMPTY)
    p_starts = doc.fwd.get(_START, _EMPTY)
    p_ends = doc.fwd.get(_END, _EMPTY)
    rows: list[Row] = []
    for value, _, position in _evidence_positions(doc, this):
        for paragraph in stated.get(value, ()):
            for s in starts.get(position, ()):
                for e in ends.get(position, ()):
                    for ps in p_starts.get(paragraph, ()):
                        for pe in p_ends.get(paragraph, ()):
                            if not (_is_numeric(s) and _is_numeric(e)):
                                continue  # isNumeric false: the filter is false, whatever follows
                            a, b, c, d = _int(s), _int(e), _int(ps), _int(pe)
                            if a < c or b > d:
                                rows.append({"this": this, "value": value, "start": s, "end": e,
                                             "paragraph": paragraph, "paragraphStart": ps, "paragraphEnd": pe})
    return rows


_LOC = "http://id.loc.gov/vocabulary/iso639-1/"


def _strafter(a: str, b: str) -> str:
    i = a.find(b)
    return "" if i == -1 else a[i + len(b):]


@_per_focus
def _twin_language_agreement(doc: _Doc, this: Term) -> list[Row]:
    rows: list[Row] = []
    for code in doc.fwd.get(_LANGUAGE_CODE, _EMPTY).get(this, ()):
        want = _str(code).lower()
        for value in doc.fwd.get(_LANGUAGE, _EMPTY).get(this, ()):
            tag = _strafter(_str(value), _LOC)
            if tag.lower() != want:
                rows.append({"this": this, "path": _LANGUAGE, "value": value, "code": code, "tag": _plain(tag)})
        for value in doc.fwd.get(_TITLE, _EMPTY).get(this, ()):
            if type(value) is not Literal:
                continue  # LANG() of an IRI or a blank node: an error, no solution
            tag = value.language or ""
            if tag.lower() != want:
                rows.append({"this": this, "path": _TITLE, "value": value, "code": code, "tag": _plain(tag)})
    return rows


_RDFS_LABEL = NamedNode(RDFS + "label")
_ADOPTED = Literal("adopted")
_RECORDED = Literal("recorded")


@_per_focus
def _twin_veto_on_adopted(doc: _Doc, this: Term) -> list[Row]:
    if _ADOPTED not in doc.fwd.get(_RESULT, _EMPTY).get(this, ()):
        return []
    voters = doc.fwd.get(_VOTER, _EMPTY)
    labels = doc.fwd.get(_RDFS_LABEL, _EMPTY)
    votes = doc.inv.get(_VOTE_EVENT, _EMPTY).get(this, ())
    rows: list[Row] = []
    for value in doc.fwd.get(_VETO, _EMPTY).get(this, ()):
        code = _strafter(_str(value), "/state/")
        names = [name for vote in votes if value in voters.get(vote, ()) for name in labels.get(vote, ())]
        for name in names or [None]:  # OPTIONAL: no name, ?name unbound
            who = code if name is None else f"{_str(name)} ({code})"  # COALESCE(CONCAT(...), ?code)
            rows.append({"this": this, "value": value, "who": _plain(who)})
    return rows


@_per_focus
def _twin_recorded_votes(doc: _Doc, this: Term) -> list[Row]:
    if _RECORDED not in doc.fwd.get(_VOTING_MODE, _EMPTY).get(this, ()):
        return []
    types = doc.fwd.get(RDF_TYPE, _EMPTY)
    if any(_VOTE in types.get(vote, ()) for vote in doc.inv.get(_VOTE_EVENT, _EMPTY).get(this, ())):
        return []
    return [{"this": this}]


@_per_focus
def _twin_listed_once(doc: _Doc, this: Term) -> list[Row]:
    types = doc.fwd.get(RDF_TYPE, _EMPTY)
    voters = doc.fwd.get(_VOTER, _EMPTY)
    labels = doc.fwd.get(_RDFS_LABEL, _EMPTY)
    by_voter: dict[Term, list[Term]] = {}
    for vote in doc.inv.get(_VOTE_EVENT, _EMPTY).get(this, ()):
        if _VOTE in types.get(vote, ()) and labels.get(vote):
            for voter in voters.get(vote, ()):
                by_voter.setdefault(voter, []).append(vote)
    rows: list[Row] = []
    for votes in by_voter.values():
        if len(votes) < 2:
            continue
        for first in votes:
            first_s = _str(first)
            first_langs = set()
            for n in labels[first]:
                if type(n) is not Literal:  # LANG(?firstName) is an error: only with an error
                    raise _Odd
                first_langs.add(n.language or "")
            for value in votes:
                if not first_s < _str(value):
                    continue
                for name in labels[value]:
                    if type(name) is not Literal:
                        raise _Odd
                    if (name.language or "") in first_langs:
                        rows.append({"this": this, "value": value, "name": name})
    return rows


def _normalise_query(select: str, prefixes: dict[str, str]) -> tuple[str, tuple[tuple[str, str], ...]]:
    return " ".join(select.split()), tuple(sorted(prefixes.items()))


_STD_PREFIXES = {"rdf": RDF, "rdfs": RDFS, "owl": OWL}

#: The query texts (as in the shapes files, whitespace aside) that have a native twin.
_TWIN_SOURCES: list[tuple[str, dict[str, str], Callable]] = [
    ("""SELECT $this ?value ?start ?end ?found WHERE {
            $this unkg:text ?full .
            $this (unkg:hasPart/unkg:hasParagraph|unkg:hasPart/unkg:hasHeading|unkg:hasHeading|unkg:hasFootnote) ?value .
            ?value unkg:text ?text ;
                   unkg:start ?start ;
                   unkg:end ?end .
            BIND (SUBSTR(STR(?full), ?start + 1, ?end - ?start) AS ?found)
            FILTER (STR(?text) != ?found)
        }""", {"unkg": _UNKG}, _twin_span_text),
    ("""SELECT $this ?value ?end ?length WHERE {
            $this unkg:text ?full .
            $this (unkg:hasPart|unkg:hasSignature) ?value .
            ?value unkg:end ?end .
            BIND (STRLEN(STR(?full)) AS ?length)
            FILTER (?end > ?length)
        }""", {"unkg": _UNKG}, _twin_span_in_text),
    ("""SELECT $this ?value ?name ?start ?end WHERE {
            $this unkg:text ?full ;
                  unkg:hasSignature ?value .
            ?value unkg:signedName ?name ;
                   unkg:start ?start ;
                   unkg:end ?end .
            FILTER (!CONTAINS(SUBSTR(STR(?full), ?start + 1, ?end - ?start), STR(?name)))
        }""", {"unkg": _UNKG}, _twin_signature_name),
    ("""SELECT $this ?value ?exact ?start ?end ?found WHERE {
            $this unkg:text ?full .
            ?value unkg:evidence/oa:hasTarget ?target .
            ?target oa:hasSource $this ;
                    oa:hasSelector ?position , ?quote .
            ?position oa:start ?start ;
                      oa:end ?end .
            ?quote oa:exact ?exact .
            BIND (SUBSTR(STR(?full), ?start + 1, ?end - ?start) AS ?found)
            FILTER (STR(?exact) != ?found)
        }""", {"unkg": _UNKG, "oa": _OA}, _twin_claim_quote),
    ("""SELECT $this ?value ?start ?end WHERE {
            ?value unkg:evidence/oa:hasTarget ?target .
            ?target oa:hasSource $this ;
                    oa:hasSelector ?position .
            ?position oa:start ?start ;
                      oa:end ?end .
            FILTER (isNumeric(?start) && isNumeric(?end) && ?start >= ?end)
        }""", {"unkg": _UNKG, "oa": _OA}, _twin_evidence_order),
    ("""SELECT $this ?value ?start ?end ?paragraph ?paragraphStart ?paragraphEnd WHERE {
            ?value unkg:evidence/oa:hasTarget ?target ;
                   unkg:statedIn ?paragraph .
            ?target oa:hasSource $this ;
                    oa:hasSelector ?position .
            ?position oa:start ?start ;
                      oa:end ?end .
            ?paragraph unkg:start ?paragraphStart ;
                       unkg:end ?paragraphEnd .
            FILTER (isNumeric(?start) && isNumeric(?end) && (?start < ?paragraphStart || ?end > ?paragraphEnd))
        }""", {"unkg": _UNKG, "oa": _OA}, _twin_claim_in_paragraph),
    ("""SELECT $this ?path ?value ?code ?tag WHERE {
            $this unkg:languageCode ?code .
            {
                $this unkg:language ?value .
                BIND (unkg:language AS ?path)
                BIND (STRAFTER(STR(?value), "http://id.loc.gov/vocabulary/iso639-1/") AS ?tag)
            } UNION {
                $this unkg:title ?value .
                BIND (unkg:title AS ?path)
                BIND (LANG(?value) AS ?tag)
            }
            FILTER (LCASE(?tag) != LCASE(STR(?code)))
        }""", {"unkg": _UNKG}, _twin_language_agreement),
    ("""SELECT DISTINCT $this ?value ?who WHERE {
            $this unkg:result "adopted" ;
                  unkg:veto ?value .
            OPTIONAL {
                ?vote unkg:voteEvent $this ;
                      unkg:voter ?value ;
                      rdfs:label ?name .
            }
            BIND (STRAFTER(STR(?value), "/state/") AS ?code)
            BIND (COALESCE(CONCAT(STR(?name), " (", ?code, ")"), ?code) AS ?who)
        }""", {"unkg": _UNKG, "rdfs": RDFS}, _twin_veto_on_adopted),
    ("""SELECT $this WHERE {
            $this unkg:votingMode "recorded" .
            FILTER NOT EXISTS { ?vote unkg:voteEvent $this ; a unkg:Vote . }
        }""", {"unkg": _UNKG}, _twin_recorded_votes),
    ("""SELECT DISTINCT $this ?value ?name WHERE {
            ?first unkg:voteEvent $this ;
                   a unkg:Vote ;
                   unkg:voter ?voter ;
                   rdfs:label ?firstName .
            ?value unkg:voteEvent $this ;
                   a unkg:Vote ;
                   unkg:voter ?voter ;
                   rdfs:label ?name .
            FILTER (STR(?first) < STR(?value) && LANG(?firstName) = LANG(?name))
        }""", {"unkg": _UNKG, "rdfs": RDFS}, _twin_listed_once),
]
_TWINS = {_normalise_query(text, {**_STD_PREFIXES, **prefixes}): fn for text, prefixes, fn in _TWIN_SOURCES}

#: the predicates the twins look up forwards and backwards
_TWIN_FORWARD = {_u(n) for n in ("text", "start", "end", "hasPart", "hasParagraph", "hasHeading", "hasFootnote",
                                 "hasSignature", "signedName", "statedIn", "languageCode", "language", "title",
                                 "result", "veto", "voter", "votingMode")} | {
    _oa(n) for n in ("hasSelector", "start", "end", "exact")} | {RDF_TYPE, _RDFS_LABEL}
_TWIN_INVERSE = {_u("evidence"), _oa("hasTarget"), _oa("hasSource"), _u("voteEvent")}


# ------------------------------------------------------------------------------------------
# compiling
# ------------------------------------------------------------------------------------------

def _int_param(g: _ShapesGraph, node: Term, name: str) -> int | None:
    values = g.objects(node, _sh(name))
    if not values:
        return None
    if len(values) > 1:
        raise UnsupportedShapes(f"{node}: more than one sh:{name}")
    value = values[0]
    if type(value) is not Literal or not isinstance(_lit_value(normalise(value))[0], int):
        raise UnsupportedShapes(f"{node}: sh:{name} must be an integer")
    return int(_lit_value(normalise(value))[0])


class _Compiler:
    def __init__(self, g: _ShapesGraph) -> None:
        self.g = g
        self.shapes: dict[Term, _Shape] = {}
        self.inverse_predicates: set[NamedNode] = {RDF_TYPE, RDFS_SUBCLASSOF}
        self.forward_predicates: set[NamedNode] = {RDF_TYPE, RDFS_SUBCLASSOF}
        self.sparql: list[tuple[_Shape, _SparqlConstraint]] = []
        self._ontologies = set(g.subjects(RDF_TYPE, OWL_ONTOLOGY))

    def path(self, node: Term, top: bool = True) -> PathExpr:
        g = self.g
        if type(node) is NamedNode:
            self.forward_predicates.add(node)
            return node
        if type(node) is Literal:
            raise UnsupportedShapes("a path cannot be a literal")
        inverse = g.objects(node, _sh("inversePath"))
        if inverse:
            target = inverse[0]
            if type(target) is not NamedNode:
                raise UnsupportedShapes(f"sh:inversePath of a complex path ({node})")
            self.inverse_predicates.add(target)
            return Inverse(target)
        if g.objects(node, RDF_FIRST):
            if not top:
                raise UnsupportedShapes("nested sequence path")
            items = g.items(node)
            if len(items) < 2:
                raise UnsupportedShapes("a sequence path needs two items")
            steps = []
            for item in items:
                step = self.path(item, top=False)
                if type(step) is SeqPath:
                    raise UnsupportedShapes("nested sequence path")
                steps.append(step)
            return SeqPath(tuple(steps))
        raise UnsupportedShapes(f"unsupported kind of path at {node}")

    def shape(self, node: Term) -> _Shape:
        known = self.shapes.get(node)
        if known is not None:
            return known
        g = self.g
        path_nodes = g.objects(node, _sh("path"))
        if len(path_nodes) > 1:
            raise UnsupportedShapes(f"{node} has more than one sh:path")
        path = self.path(path_nodes[0]) if path_nodes else None
        severity_nodes = g.objects(node, _sh("severity"))
        severity = _severity_name(severity_nodes[0]) if severity_nodes else "Violation"
        messages = tuple((m.value, m.language) for m in g.objects(node, _sh("message")) if type(m) is Literal)
        shape = _Shape(node, path, severity, messages)
        self.shapes[node] = shape
        params = {p.value[len(SH):] for p in g.predicates(node) if p.value.startswith(SH)}
        unsupported = (params & _ALL_PARAMETERS) - _SUPPORTED
        if unsupported:
            raise UnsupportedShapes(f"{node} uses " + ", ".join(f"sh:{p}" for p in sorted(unsupported)))
        add = shape.constraints.append
        one = lambda name: self._one(node, name)  # noqa: E731
        reports = False
        if "class" in params:
            for c in g.objects(node, _sh("class")):
                add(_Class(c))
            reports = True
        if "datatype" in params:
            add(_Datatype(one("datatype")))
            reports = True
        if "nodeKind" in params:
            add(_NodeKind(one("nodeKind")))
            reports = True
        if "minCount" in params:
            add(_MinCount(_int_param(g, node, "minCount")))
            reports = True
        if "maxCount" in params:
            add(_MaxCount(_int_param(g, node, "maxCount")))
            reports = True
        if "minInclusive" in params:
            for bound in g.objects(node, _sh("minInclusive")):
                if type(bound) is not Literal:
                    raise UnsupportedShapes(f"{node}: sh:minInclusive must be a literal")
                add(_MinInclusive(normalise(bound)))
            reports = True
        if "minLength" in params:
            add(_MinLength(_int_param(g, node, "minLength")))
            reports = True
        if "pattern" in params:
            for pattern in g.objects(node, _sh("pattern")):
                if type(pattern) is not Literal:
                    raise UnsupportedShapes(f"{node}: sh:pattern must be a literal")
                add(_Pattern(pattern.value))
            reports = True
        if "languageIn" in params:
            add(_LanguageIn(g.items(one("languageIn"))))
            reports = True
        if "uniqueLang" in params:
            flag = one("uniqueLang")
            if path is None or type(flag) is not Literal or flag.datatype != XSD_BOOLEAN:
                raise UnsupportedShapes(f"{node}: sh:uniqueLang")
            if _lit_value(normalise(flag))[0] is True:
                add(_UniqueLang())
                reports = True
        if "in" in params:
            add(_In(g.items(one("in"))))
            reports = True
        for name, cls in (("equals", _Equals), ("disjoint", _Disjoint), ("lessThanOrEquals", _LessThanOrEquals)):
            if name in params:
                if path is None and name == "lessThanOrEquals":
                    raise UnsupportedShapes(f"{node}: sh:{name} on a node shape")
                for prop in g.objects(node, _sh(name)):
                    if type(prop) is not NamedNode:
                        raise UnsupportedShapes(f"{node}: sh:{name} must be an IRI")
                    self.forward_predicates.add(prop)
                    add(cls(prop))
                reports = True
        if "or" in params:
            for lst in g.objects(node, _sh("or")):
                add(_Or([self.shape(m) for m in g.items(lst)]))
            reports = True
        if "qualifiedValueShape" in params:
            if path is None:
                raise UnsupportedShapes(f"{node}: sh:qualifiedValueShape on a node shape")
            min_count = _int_param(g, node, "qualifiedMinCount")
            max_count = _int_param(g, node, "qualifiedMaxCount")
            if min_count is None and max_count is None:
                raise UnsupportedShapes(f"{node}: sh:qualifiedValueShape without a count")
            add(_Qualified([self.shape(q) for q in g.objects(node, _sh("qualifiedValueShape"))],
                           min_count, max_count))
            reports = True
        elif "qualifiedMinCount" in params or "qualifiedMaxCount" in params:
            raise UnsupportedShapes(f"{node}: qualified count without sh:qualifiedValueShape")
        if "property" in params:
            for ps in g.objects(node, _sh("property")):
                if not g.objects(ps, _sh("path")):
                    raise UnsupportedShapes(f"{ps} is referenced by sh:property but has no sh:path")
                add(_Property(self.shape(ps)))
        if "sparql" in params:
            sc = _SparqlConstraint([self.sparql_query(shape, s) for s in g.objects(node, _sh("sparql"))])
            add(sc)
            self.sparql.append((shape, sc))
            if not shape.messages and not any(q.messages for q in sc.queries):
                raise UnsupportedShapes(f"{node}: SPARQL constraint without sh:message")
        shape.reports = reports
        return shape

    def check(self, targets: list[_Shape]) -> None:
        """Shapes validated against targets (and their sh:property shapes) report results: each needs
        an sh:message. SPARQL constraints are run once per document, so only there."""
        reporting: set[int] = set()
        todo = list(targets)
        while todo:
            shape = todo.pop()
            if id(shape) in reporting:
                continue
            reporting.add(id(shape))
            if shape.reports and not shape.messages:
                raise UnsupportedShapes(f"{shape.node} reports results but has no sh:message (pyshacl makes one up)")
            todo.extend(c.shape for c in shape.constraints if type(c) is _Property)
        # a SPARQL constraint is run once per document with the target nodes of its node shape as
        # focus nodes: so it may sit on that node shape or on one of its property shapes only
        direct = {id(t) for t in targets} | {id(c.shape) for t in targets for c in t.constraints
                                              if type(c) is _Property}
        for shape, _ in self.sparql:
            if id(shape) not in direct:
                raise UnsupportedShapes(f"{shape.node}: sh:sparql must be on a node shape with a target or on "
                                        f"one of its property shapes")

    def _one(self, node: Term, name: str) -> Term:
        values = self.g.objects(node, _sh(name))
        if len(values) != 1:
            raise UnsupportedShapes(f"{node}: exactly one sh:{name} expected")
        return values[0]

    def sparql_query(self, shape: _Shape, node: Term) -> _Sparql:
        g = self.g
        selects = g.objects(node, _sh("select"))
        if len(selects) != 1 or type(selects[0]) is not Literal:
            raise UnsupportedShapes(f"{node}: exactly one sh:select expected")
        if g.objects(node, _sh("deactivated")) or g.objects(node, _sh("ask")):
            raise UnsupportedShapes(f"{node}: sh:deactivated / sh:ask")
        text = selects[0].value
        for regex, what in ((_HAS_MINUS, "MINUS"), (_HAS_VALUES, "VALUES"), (_HAS_SERVICE, "SERVICE"),
                            (_HAS_NESTED_SELECT, "a nested SELECT")):
            if regex.search(text):
                raise UnsupportedShapes(f"{node}: {what} in a SPARQL constraint (pyshacl refuses it)")
        as_var = _HAS_AS_VAR.search(text)
        if as_var and as_var.group(1) in ("this", "shapesGraph", "currentShape"):
            raise UnsupportedShapes(f"{node}: AS ?{as_var.group(1)}")
        if not _BINDS["this"].search(text):
            raise UnsupportedShapes(f"{node}: the SPARQL constraint does not use $this")
        for name in ("PATH", "shapesGraph", "currentShape"):
            if _BINDS[name].search(text):
                raise UnsupportedShapes(f"{node}: ${name} in a SPARQL constraint")
        prefixes = self.prefixes(node)
        full = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in prefixes.items()) + "\n" + text
        try:
            variables = tuple(v.value for v in Store().query(full).variables)
        except SyntaxError as exc:
            raise UnsupportedShapes(f"{node}: {exc}") from None
        if "this" not in variables:
            raise UnsupportedShapes(f"{node}: the SPARQL constraint must select $this")
        if "failure" in variables:
            raise UnsupportedShapes(f"{node}: ?failure")
        messages = tuple((m.value, m.language) for m in g.objects(node, _sh("message")) if type(m) is Literal)
        twin = _TWINS.get(_normalise_query(text, prefixes))
        return _Sparql(node, full, messages, variables, query_predicates(full, prefixes), twin)

    def prefixes(self, node: Term) -> dict[str, str]:
        """pyshacl's ``collect_prefixes``: rdf, rdfs, owl, then the sh:declare of sh:prefixes."""
        g = self.g
        out = {"rdf": RDF, "rdfs": RDFS, "owl": OWL}
        ont_declares: set[Term] = set()
        for ont in self._ontologies:
            ont_declares.update(g.objects(ont, _sh("declare")))
        for pfx_node in g.objects(node, _sh("prefixes")):
            declares = set(g.objects(pfx_node, _sh("declare")))
            if not (declares and pfx_node in self._ontologies):
                declares |= ont_declares
            for dec in declares:
                prefix = g.objects(dec, _sh("prefix"))
                namespace = g.objects(dec, _sh("namespace"))
                if len(prefix) != 1 or len(namespace) != 1:
                    raise UnsupportedShapes(f"{dec}: sh:declare needs one sh:prefix and one sh:namespace")
                out[prefix[0].value] = namespace[0].value
        return out


# ------------------------------------------------------------------------------------------
# the engine
# ------------------------------------------------------------------------------------------

class Engine:
    """Compiled shapes: :meth:`validate` checks one document graph."""

    def __init__(self, targets: list[tuple[_Shape, list[Term]]], forward: set[NamedNode], inverse: set[NamedNode],
                 sparql: list[_Sparql]) -> None:
        self.targets = targets  # (node shape, its target classes)
        self.sparql = sparql
        if any(q.twin is not None for q in sparql):
            forward = forward | _TWIN_FORWARD
            inverse = inverse | _TWIN_INVERSE
        # predicate -> (index forwards?, index backwards?)
        self._modes = {p: (p in forward, p in inverse) for p in forward | inverse}

    def index(self, quads: Iterable[Quad]) -> _Doc:
        """Index one document's quads (graph names are dropped, as they are for pyshacl)."""
        quads = quads if isinstance(quads, list) else list(quads)
        fwd: dict[NamedNode, dict[Term, list[Term]]] = {}
        inv: dict[NamedNode, dict[Term, list[Term]]] = {}
        # predicate -> (its forward index or None, its inverse index or None)
        modes: dict[NamedNode, tuple[dict | None, dict | None]] = {}
        for p, (f, i) in self._modes.items():
            modes[p] = (fwd.setdefault(p, {}) if f else None, inv.setdefault(p, {}) if i else None)
        long: list[list[Term]] = []  # lists that may hold a duplicate (checked after the loop)
        ill: dict[tuple[NamedNode, Term], set[Term]] = {}
        for q in quads:
            mode = modes.get(q.predicate)
            if mode is None:
                continue
            o = q.object
            if type(o) is Literal:
                dt = o.datatype
                if dt != XSD_STRING and dt != RDF_LANGSTRING:
                    n = normalise(o)
                    if n is not o:
                        if _rdflib_literal(o.value, dt.value).ill_typed:
                            ill.setdefault((q.predicate, n), set()).add(q.subject)
                        o = n
            s = q.subject
            d, di = mode
            if d is not None:
                lst = d.get(s)
                if lst is None:
                    d[s] = [o]
                elif len(lst) < 8:
                    if o not in lst:
                        lst.append(o)
                else:
                    if len(lst) == 8:
                        long.append(lst)
                    lst.append(o)
            if di is not None:
                lst = di.get(o)
                if lst is None:
                    di[o] = [s]
                elif len(lst) < 8:
                    if s not in lst:
                        lst.append(s)
                else:
                    if len(lst) == 8:
                        long.append(lst)
                    lst.append(s)
        for lst in long:  # a triple given twice (or twice after normalisation) counts once
            distinct = dict.fromkeys(lst)
            if len(distinct) < len(lst):
                lst[:] = distinct
        return _Doc(fwd, inv, quads, ill)

    def validate(self, quads: Iterable[Quad], *, generic_sparql: bool = False) -> list[Result]:
        """All validation results for one document graph.

        ``generic_sparql`` evaluates every SPARQL constraint with Oxigraph instead of its native twin
        (for the tests that check the generic path).

        :raises ShaclRuntimeError: where pyshacl raises too.
        """
        # No reference cycle is made here; the collector's passes over the many index objects of a
        # long document would make validation superlinear (a third of the time at 100,000 triples).
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            doc = self.index(quads)
            results: list[Result] = []
            for shape, classes in self.targets:
                focus: set[Term] = set()
                for cls in classes:
                    focus |= doc.instances(cls)
                if focus:
                    _run(doc, shape, focus, results, generic_sparql)
            return results
        finally:
            if was_enabled:
                gc.enable()


def _run(doc: _Doc, shape: _Shape, focus: Iterable[Term], results: list[Result], generic: bool) -> None:
    """Validate a shape against distinct focus nodes, collecting results (no conformance needed)."""
    fv = shape.focus_values(doc, focus)
    for c in shape.constraints:
        kind = type(c)
        if kind is _Property:
            _run(doc, c.shape, [v for _, vs in fv for v in vs], results, generic)
        elif kind is _SparqlConstraint:
            results.extend(c.results(doc, shape, set(focus), generic))
        else:
            results.extend(c.evaluate(doc, shape, fv)[1])


def compile_shapes(paths: Sequence[Path] | None = None, *, triples: Iterable[Any] | None = None) -> Engine:
    """Compile the shapes in ``paths`` (Turtle files), or the given (s, p, o) triples.

    :raises UnsupportedShapes: when the shapes use a SHACL feature this engine does not implement.
    """
    if triples is None:
        collected: list = []
        for path in paths or ():
            for t in parse(path=str(path), format=RdfFormat.TURTLE):
                collected.append((t.subject, t.predicate, t.object))
        triples = collected
    g = _ShapesGraph(triples)
    for p in (_sh("targetNode"), _sh("targetSubjectsOf"), _sh("targetObjectsOf"), _sh("target")):
        if g.po.get(p):
            raise UnsupportedShapes(f"{p.value} targets are not supported")
    comp = _Compiler(g)
    by_shape: dict[Term, list[Term]] = {}
    for cls, nodes in g.po.get(_sh("targetClass"), {}).items():
        for node in nodes:
            by_shape.setdefault(node, []).append(cls)
    targets = [(comp.shape(node), classes) for node, classes in by_shape.items()]
    # implicit class targets (a shape that is also an rdfs:Class) are not supported
    for node in g.subjects(RDF_TYPE, NamedNode(RDFS + "Class")):
        if node in comp.shapes or g.objects(node, _sh("property")):
            raise UnsupportedShapes(f"{node}: implicit class target")
    # every shape of the graph is compiled, so that an unsupported feature is noticed even where
    # no target reaches it
    for kind in (SH_NODE_SHAPE, SH_PROPERTY_SHAPE):
        for node in g.subjects(RDF_TYPE, kind):
            comp.shape(node)
    comp.check([shape for shape, _ in targets])
    queries = [q for _, sc in comp.sparql for q in sc.queries]
    return Engine(targets, comp.forward_predicates, comp.inverse_predicates, queries)
