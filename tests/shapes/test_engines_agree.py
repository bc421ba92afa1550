"""The fast SHACL engine (``unkg.shacl``) gives exactly pyshacl's results on real document graphs.

Differential tests: the document graphs that the pipeline builds from ``tests/fixtures`` (seeds,
the dev corpus, the PDFs) are validated by both engines, and so are hypothesis-driven mutations of
them (triples dropped or repeated, literals retyped or given another language or a non-canonical
lexical form, nodes retyped or renamed, objects swapped between IRIs and literals, offsets and
texts changed, subclass axioms added), made so that many constraints fire. Each comparison is of
the complete results, as multisets: severity, focus node, source shape, source constraint,
result path (inverse and sequence paths rendered), value and messages. Where pyshacl raises, the
fast engine must raise too.

pyshacl is slow (a third of a second for a typical document), so the mutations are made on
*slices* of the documents (their first paragraphs, footnotes, claims and votes, without the actor
mentions) and on the test cases of ``cases/`` (which have what the documents lack: States,
vetoes, vote statements...), and the number of examples is kept moderate by default: set ``UNKG_SHACL_EXAMPLES`` for
a longer run (``UNKG_SHACL_EXAMPLES=2000`` takes about five minutes), and ``UNKG_SHACL_RANDOM=1`` for
another sample than the fixed one.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import re
from collections import Counter
from functools import cache
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pyshacl import validate as pyshacl_validate
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH

from unkg import shacl
from unkg.validate import _cache_sparql_translation, shapes_graph, to_rdflib, validate_quads

ROOT = Path(__file__).parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
SHAPES = sorted((ROOT / "shapes").glob("*.ttl"))
UNKG = "https://w3id.org/unkg/def/"
XSD = "http://www.w3.org/2001/XMLSchema#"
OA = "http://www.w3.org/ns/oa#"
EXAMPLES = int(os.environ.get("UNKG_SHACL_EXAMPLES", "120"))
RANDOM = bool(os.environ.get("UNKG_SHACL_RANDOM"))  # a new sample each run (else the same one)


def fixture_paths() -> list[Path]:
    return (sorted((FIXTURES / "seeds").glob("*.txt")) + sorted((FIXTURES / "dev").glob("*.txt"))
            + sorted((FIXTURES / "pdf").glob("*.pdf")))


def fixture_id(path: Path) -> str:
    return f"{path.parent.name}/{path.name}"


@cache
def engine() -> shacl.Engine:
    return shacl.compile_shapes(SHAPES)


@cache
def document_quads(path: Path) -> tuple[ox.Quad, ...]:
    """The quads the pipeline makes of one fixture (every stage but validation and the store)."""
    from unkg.extract.actors import extract_actors
    from unkg.extract.citations import find_citations
    from unkg.extract.claims import find_claims
    from unkg.extract.votes import find_votes
    from unkg.ingest import read_source
    from unkg.iri import Minter
    from unkg.mapping import Provenance, map_document
    from unkg.parse import parse

    prov = Provenance(pipeline_digest="0" * 64, generated_at=dt.datetime(2024, 5, 1, tzinfo=dt.timezone.utc))
    doc = parse(read_source(path))
    actors = extract_actors(doc)
    citations = find_citations(doc)
    mapped = map_document(doc, Minter(), prov, actors, find_votes(doc), citations,
                          find_claims(doc, actors, citations))
    return tuple(mapped.quads)


# ------------------------------------------------------------------------------------------
# the two engines' results, in one comparable form
# ------------------------------------------------------------------------------------------

_BNODE_LABEL = re.compile(r"\bN[0-9a-f]{32}\b|\bb0\b")  # rdflib's (random) and the mutations' labels


def _text(term: object) -> str | None:
    if term is None:
        return None
    if isinstance(term, (rdflib.BNode, ox.BlankNode)):
        return "_:"  # blank node labels are not kept by rdflib's N-Triples parser
    return str(term) if isinstance(term, rdflib.term.Node) else term.value


def _messages(texts) -> str:
    return "; ".join(sorted({_BNODE_LABEL.sub("_:", str(m)) for m in texts}))


def _rdflib_path(g: rdflib.Graph, path: object) -> str | None:
    if path is None:
        return None
    if isinstance(path, rdflib.BNode):
        inverse = g.value(path, SH.inversePath)
        if inverse is not None:
            return "^" + str(_rdflib_path(g, inverse))
        if g.value(path, RDF.first) is not None:
            return "/".join(str(_rdflib_path(g, p)) for p in Collection(g, path))
        return "_:"
    return _text(path)


def _fast_path(path: object) -> str | None:
    if isinstance(path, shacl.Inverse):
        return "^" + str(_fast_path(path.path))
    if isinstance(path, shacl.SeqPath):
        return "/".join(str(_fast_path(p)) for p in path.items)
    return _text(path)


Key = tuple[str | None, ...]


def pyshacl_results(quads: list[ox.Quad]) -> Counter[Key]:
    _cache_sparql_translation()
    _, g, _ = pyshacl_validate(to_rdflib(quads), shacl_graph=shapes_graph(), inference="none", advanced=True,
                               allow_warnings=True, abort_on_first=False)
    out: Counter[Key] = Counter()
    for r in g.subjects(RDF.type, SH.ValidationResult):
        severity = str(g.value(r, SH.resultSeverity))
        out[(severity.removeprefix(str(SH)), _text(g.value(r, SH.focusNode)), _text(g.value(r, SH.sourceShape)),
             _text(g.value(r, SH.sourceConstraint)), _rdflib_path(g, g.value(r, SH.resultPath)),
             _text(g.value(r, SH.value)),
             _messages(g.objects(r, SH.resultMessage)))] += 1
    return out


def fast_results(quads: list[ox.Quad], generic_sparql: bool = False) -> Counter[Key]:
    out: Counter[Key] = Counter()
    for r in engine().validate(quads, generic_sparql=generic_sparql):
        out[(r.severity, _text(r.focus), _text(r.shape), _text(r.constraint), _fast_path(r.path), _text(r.value),
             _messages(r.messages))] += 1
    return out


def outcome(fn, quads: list[ox.Quad]) -> Counter[Key] | str:
    """The results, or the kind of failure (both engines must fail alike)."""
    try:
        return fn(quads)
    except Exception as exc:  # noqa: BLE001 - pyshacl raises many kinds
        return f"raised {type(exc).__name__}"


def describe(reference: Counter[Key] | str, fast: Counter[Key] | str) -> str:
    if isinstance(reference, str) or isinstance(fast, str):
        return f"pyshacl: {reference if isinstance(reference, str) else 'results'}; fast: " \
               f"{fast if isinstance(fast, str) else 'results'}"
    lines = [f"only pyshacl: {k} x{n}" for k, n in (reference - fast).items()]
    lines += [f"only fast:    {k} x{n}" for k, n in (fast - reference).items()]
    return "\n".join(lines)


def assert_same(quads: list[ox.Quad]) -> Counter[Key] | str:
    reference = outcome(pyshacl_results, quads)
    fast = outcome(fast_results, quads)
    if reference == "raised error" and not isinstance(fast, str):
        return reference  # re.error in pyshacl's message templating: shacl.KNOWN_DIFFERENCES[0]
    if isinstance(reference, str) or isinstance(fast, str):
        assert isinstance(reference, str) and isinstance(fast, str), describe(reference, fast)
    else:
        assert fast == reference, describe(reference, fast)
    return reference


# ------------------------------------------------------------------------------------------
# real documents
# ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("path", fixture_paths(), ids=fixture_id)
def test_engines_agree_on_fixture_document(path: Path) -> None:
    quads = list(document_quads(path))
    assert_same(quads)
    # and the generic SPARQL path (Oxigraph, no native twin) agrees on real data as well
    assert fast_results(quads, generic_sparql=True) == fast_results(quads)


def test_validate_quads_engines_give_the_same_report() -> None:
    quads = list(document_quads(FIXTURES / "dev" / "S_RES_2731_2024.en.txt"))
    fast = validate_quads(quads, "doc", engine="fast")
    reference = validate_quads(quads, "doc", engine="pyshacl")
    assert fast.results and fast.results == reference.results


# ------------------------------------------------------------------------------------------
# mutations
# ------------------------------------------------------------------------------------------

_NUMBERED = re.compile(r"/(?:p|h|fn|sig|claim|m)([0-9]+)$|/vote/.+/[a-z]{2}/([0-9]+)$")
_MENTION = re.compile(r"/m[0-9]+(?:/|$)")
#: documents whose slices hold votes, claims, signatures, footnotes, annexes, several languages
MUTATED = ["dev/A_HRC_RES_54_2.en.txt", "dev/A_HRC_RES_55_22.zh.txt", "dev/S_2023_506.en.txt",
           "dev/A_RES_78_272.ar.txt", "dev/S_RES_2731_2024.en.txt", "seeds/003_dac56ef26cf31a19.txt",
           "pdf/A_80_L.4.en.pdf", "dev/A_HRC_RES_58_3.zh.txt", "dev/A_RES_75_284.en.txt"]


def _dropped(iri: str, keep: int) -> bool:
    if _MENTION.search(iri):
        return True
    m = _NUMBERED.search(iri)
    return bool(m) and int(m.group(1) or m.group(2)) > keep


@cache
def document_slice(name: str, keep: int = 4) -> tuple[tuple[object, object, object], ...]:
    """The triples of a fixture without its actor mentions and without the paragraphs, headings,
    footnotes, signatures, claims and votes numbered above ``keep`` (and whatever hangs below them)."""
    out = []
    for q in document_quads(FIXTURES / name):
        s, o = q.subject, q.object
        if _dropped(s.value, keep) or (isinstance(o, ox.NamedNode) and _dropped(o.value, keep)):
            continue
        prefix = s.value.split("/evidence")[0]
        if prefix != s.value and _dropped(prefix, keep):
            continue
        out.append((s, q.predicate, o))
    return tuple(out)


CASES = sorted((Path(__file__).parent / "cases").glob("*/*.ttl"))


@cache
def source_triples(name: str) -> tuple[tuple[object, object, object], ...]:
    """A slice of a fixture document, or a test case of tests/shapes/cases (these have the States,
    vetoes, vote statements... that the fixture documents lack)."""
    if name.startswith("case:"):
        path = Path(__file__).parent / "cases" / name.removeprefix("case:")
        return tuple((t.subject, t.predicate, t.object) for t in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
    return document_slice(name)


SOURCES = MUTATED + [f"case:{p.parent.name}/{p.name}" for p in CASES]


def _nn(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


DATATYPES = [XSD + t for t in ("string", "integer", "decimal", "date", "dateTime", "boolean", "anyURI", "double",
                               "nonNegativeInteger")] + ["http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"]
CLASSES = [UNKG + c for c in ("Work", "Resolution", "Expression", "Part", "MainText", "Annex", "Paragraph",
                              "OperativeParagraph", "PreambularParagraph", "Heading", "Footnote", "Signature",
                              "Claim", "Evidence", "Vote", "VoteEvent", "VoteCount", "State", "Organ", "Session",
                              "Meeting", "AgendaItem", "SourceFile", "DocumentGraph", "ExtractionActivity",
                              "Letter", "DraftResolution", "MemberState")] + [OA + "TextPositionSelector",
                                                                             OA + "SpecificResource"]
ODD_LEXICAL = ["", " ", "0", "-1", "+7", "007", "5.0", "1e3", "abc", "true", "1", "2024-02-30", "2024-05-01",
               "2024-05-01Z", "2024-05-01T00:00:00Z", "-0", "１２", "\\d", "{?end}", "a\\nb", "x" * 3]
OFFSETS = [-5, -1, 0, 1, 2, 3, 7, 10, 100, 10**6]
LANGS = [None, "en", "zh", "fr", "en-gb", "de", "ar"]
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
STR_READ = {UNKG + "text", OA + "exact", UNKG + "signedName", UNKG + "languageCode", UNKG + "language", RDFS_LABEL}


def _literal(lex: str, datatype: str | None = None, language: str | None = None) -> ox.Literal:
    if language:
        return ox.Literal(lex, language=language)
    return ox.Literal(lex, datatype=_nn(datatype) if datatype else None)


class _Nothing(Exception):
    """This mutation has nothing to change in this graph."""


class Chooser:
    """Choices for :func:`mutate`: from hypothesis (shrinkable) or from a seeded random generator."""

    def __init__(self, data: st.DataObject | None = None, rng: random.Random | None = None) -> None:
        self.data = data
        self.rng = rng

    def pick(self, seq):
        seq = list(seq)
        if not seq:
            raise _Nothing
        if self.data is not None:
            return self.data.draw(st.sampled_from(seq))
        return self.rng.choice(seq)

    def integer(self, lo: int, hi: int) -> int:
        if self.data is not None:
            return self.data.draw(st.integers(lo, hi))
        return self.rng.randint(lo, hi)

    def flip(self) -> bool:
        return bool(self.integer(0, 1))


def mutate(triples: list[tuple], c: Chooser) -> list[tuple]:
    """Change a document's triples in one of several ways (the same triples where there is nothing
    to change)."""
    if not triples:
        return triples
    try:
        return _mutate(list(triples), c)
    except _Nothing:
        return triples


def _mutate(triples: list[tuple], c: Chooser) -> list[tuple]:  # noqa: C901 - one branch per kind of mutation
    kind = c.pick([
        "drop", "drop", "duplicate", "retype_literal", "language", "retype_node", "untype_node", "swap_object",
        "offset", "offset", "text", "rename", "blank", "subclass", "lexical", "swap_objects", "drop_node",
        "same_voter", "veto"])
    i = c.integer(0, len(triples) - 1)
    s, p, o = triples[i]
    if kind == "drop":
        del triples[i]
    elif kind == "duplicate":  # another value for the same property (from the same property elsewhere)
        others = [t[2] for t in triples if t[1] == p and t[2] != o]
        if others:
            triples.append((s, p, c.pick(others)))
        else:
            triples.append((s, p, _literal(c.pick(ODD_LEXICAL))))
    elif kind == "retype_literal":
        literals = [j for j, t in enumerate(triples) if isinstance(t[2], ox.Literal)]
        j = c.pick(literals)
        s, p, o = triples[j]
        datatype = c.pick(DATATYPES)
        if datatype.endswith("langString"):
            triples[j] = (s, p, _literal(o.value, language=c.pick(LANGS[1:])))
        else:
            triples[j] = (s, p, _literal(o.value, datatype))
    elif kind == "language":
        literals = [j for j, t in enumerate(triples) if isinstance(t[2], ox.Literal)
                    and (t[2].language or t[2].datatype.value == XSD + "string")]
        j = c.pick(literals)
        s, p, o = triples[j]
        triples[j] = (s, p, _literal(o.value, XSD + "string", c.pick(LANGS)))
    elif kind == "retype_node":
        typed = [j for j, t in enumerate(triples) if t[1].value.endswith("#type")]
        j = c.pick(typed)
        s, p, o = triples[j]
        new = (s, p, _nn(c.pick(CLASSES)))
        if c.flip():
            triples[j] = new
        else:
            triples.append(new)
    elif kind == "untype_node":
        typed = [j for j, t in enumerate(triples) if t[1].value.endswith("#type")]
        del triples[c.pick(typed)]
    elif kind == "swap_object":  # IRI <-> literal, or another node of the document
        if isinstance(o, ox.Literal):
            new = _nn(UNKG + "x/" + re.sub(r"[^A-Za-z0-9]", "", o.value)[:20]) if c.flip() else \
                c.pick([t[0] for t in triples])
        elif isinstance(o, ox.NamedNode):
            new = _literal(o.value) if c.flip() else c.pick([t[0] for t in triples])
        else:
            new = _literal("b")
        triples[i] = (s, p, new)
    elif kind == "swap_objects":  # two values of the same property exchanged (links made to disagree)
        same = [j for j, t in enumerate(triples) if t[1] == p and j != i]
        if same:
            j = c.pick(same)
            triples[i], triples[j] = (s, p, triples[j][2]), (triples[j][0], p, o)
    elif kind == "offset":
        spans = [j for j, t in enumerate(triples) if t[1].value in (UNKG + "start", UNKG + "end", OA + "start",
                                                                    OA + "end", UNKG + "ordinal",
                                                                    UNKG + "statedCount", UNKG + "countedCount")]
        if spans:
            j = c.pick(spans)
            s, p, o = triples[j]
            base = int(o.value) if re.fullmatch(r"-?[0-9]+", o.value) else 0
            value = c.pick(([base + d for d in (-1, 1, 2)] + OFFSETS))
            triples[j] = (s, p, _literal(str(value), XSD + "integer"))
    elif kind == "text":
        texts = [j for j, t in enumerate(triples) if isinstance(t[2], ox.Literal) and t[1].value in (
            UNKG + "text", OA + "exact", UNKG + "signedName", UNKG + "title", UNKG + "symbol", RDFS_LABEL)]
        if texts:
            j = c.pick(texts)
            s, p, o = triples[j]
            new = c.pick((["", o.value + " ", o.value[1:], "x" + o.value, "{?found} \\1",
                                        o.value.upper(), "a\\db", o.value[:3]]))
            triples[j] = (s, p, ox.Literal(new, language=o.language) if o.language else ox.Literal(new))
    elif kind == "rename":  # a node gets another IRI (subject and object positions alike)
        nodes = sorted({t[0].value for t in triples if isinstance(t[0], ox.NamedNode)})
        old = c.pick(nodes)
        new = _nn(c.pick(([old + "x", old.rsplit("/", 1)[0] + "/Q1", old + "/", old.upper(),
                                        "https://w3id.org/unkg/doc/_/0123456789abcdef"])))
        triples = [(new if a.value == old else a, b, new if isinstance(c, ox.NamedNode) and c.value == old else c)
                   for a, b, c in triples]
    elif kind == "blank":  # a value that is a blank node (not where a SPARQL constraint reads its label:
        # rdflib's STR() gives a blank node's label, and rdflib's labels are random)
        if p.value not in STR_READ:
            triples[i] = (s, p, ox.BlankNode("b0"))
    elif kind == "subclass":  # subclass axioms in the data graph: targets and sh:class follow them
        sub, sup = c.pick(CLASSES + [UNKG + "Thing"]), c.pick(CLASSES)
        triples.append((_nn(sub), _nn("http://www.w3.org/2000/01/rdf-schema#subClassOf"), _nn(sup)))
    elif kind == "drop_node":  # a node and every triple that mentions it
        node = c.pick([t[0] for t in triples])
        triples = [t for t in triples if t[0] != node and t[2] != node]
    elif kind == "same_voter":  # two names of a vote list for the same State
        voter = [j for j, t in enumerate(triples) if t[1].value == UNKG + "voter"]
        if len(voter) >= 2:
            a, b = c.pick(voter), c.pick(voter)
            triples[a] = (triples[a][0], triples[a][1], triples[b][2])
    elif kind == "veto":  # a veto (by a voter of the document, or another State), the result "adopted"
        events = sorted({t[0] for t in triples if t[1].value.endswith("#type") and t[2].value == UNKG + "VoteEvent"},
                        key=str)
        if events:
            event = c.pick(events)
            voters = [t[2] for t in triples if t[1].value == UNKG + "voter"] + [_nn("https://w3id.org/unkg/state/USA")]
            triples.append((event, _nn(UNKG + "veto"), c.pick(voters)))
            triples = [t for t in triples if not (t[0] == event and t[1].value == UNKG + "result")]
            triples.append((event, _nn(UNKG + "result"), _literal(c.pick(["adopted", "not_adopted"]))))
    elif kind == "lexical":  # non-canonical or ill-typed lexical forms, odd strings
        literals = [j for j, t in enumerate(triples) if isinstance(t[2], ox.Literal)]
        j = c.pick(literals)
        s, p, o = triples[j]
        lex = c.pick(ODD_LEXICAL + ["0" + o.value, "+" + o.value, o.value + ".0"])
        dtype = o.datatype.value if not o.language else None
        triples[j] = (s, p, _literal(lex, dtype, o.language))
    return triples


def as_quads(triples: list[tuple]) -> list[ox.Quad]:
    g = _nn("https://w3id.org/unkg/graph")
    return [ox.Quad(s, p, o, g) for s, p, o in triples]


@settings(max_examples=EXAMPLES, deadline=None, derandomize=not RANDOM, print_blob=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_engines_agree_on_mutated_documents(data: st.DataObject) -> None:
    name = data.draw(st.sampled_from(SOURCES), label="document")
    triples = list(source_triples(name))
    chooser = Chooser(data=data)
    for _ in range(data.draw(st.integers(1, 4), label="mutations")):
        triples = mutate(triples, chooser)
    assert_same(as_quads(triples))


def reporting_rules() -> set[str]:
    """Local names of the shapes that report results of their own and of the SPARQL constraints."""
    names: set[str] = set()
    todo = [shape for shape, _ in engine().targets]
    while todo:
        shape = todo.pop()
        if any(not isinstance(c, (shacl._Property, shacl._SparqlConstraint)) for c in shape.constraints):
            names.add(shape.node.value.rsplit("/", 1)[-1])
        todo.extend(c.shape for c in shape.constraints if isinstance(c, shacl._Property))
    return names | {q.node.value.rsplit("/", 1)[-1] for q in engine().sparql}


def test_mutations_make_constraints_fire() -> None:
    """The mutations are not idle: over a fixed random sample (fast engine only), every property
    shape, node-level check and SPARQL constraint of the shapes reports something."""
    rng = random.Random(7)
    chooser = Chooser(rng=rng)
    fired: Counter[str] = Counter()
    for n in range(800):
        triples = list(source_triples(SOURCES[n % len(SOURCES)]))
        for _ in range(rng.randint(1, 4)):
            triples = mutate(triples, chooser)
        try:
            for r in engine().validate(as_quads(triples)):
                fired[(r.constraint or r.shape).value.rsplit("/", 1)[-1]] += 1
        except Exception:  # noqa: BLE001 - where pyshacl raises (see test_engines_agree_on_mutated_documents)
            fired["(raised)"] += 1
    assert len(reporting_rules()) > 200
    assert not reporting_rules() - set(fired)


# ------------------------------------------------------------------------------------------
# the parts the differential tests rely on
# ------------------------------------------------------------------------------------------

def test_every_sparql_constraint_has_a_native_twin() -> None:
    """Each SPARQL constraint of the shapes runs as a native twin (else it would run on Oxigraph:
    correct, but quadratic in the text length for the span checks). A changed query text loses its
    twin: update the twin in unkg/shacl.py with the query."""
    missing = [q.node.value for q in engine().sparql if q.twin is None]
    assert not missing
    assert len(engine().sparql) == 10


def _algebra_predicates(node, found: set, variables: set) -> None:
    from rdflib.paths import Path as RdfPath
    from rdflib.plugins.sparql.parserutils import CompValue

    if isinstance(node, CompValue):
        if node.name == "BGP":
            for _, p, _ in node.triples:
                _term_predicates(p, found, variables)
        for value in node.values():
            _algebra_predicates(value, found, variables)
    elif isinstance(node, (list, tuple)):
        for value in node:
            _algebra_predicates(value, found, variables)
    elif isinstance(node, RdfPath):
        _term_predicates(node, found, variables)


def _term_predicates(p, found: set, variables: set) -> None:
    from rdflib.paths import AlternativePath, InvPath, MulPath, NegatedPath, SequencePath

    if isinstance(p, rdflib.Variable):
        variables.add(str(p))
    elif isinstance(p, rdflib.URIRef):
        found.add(str(p))
    elif isinstance(p, (SequencePath, AlternativePath)):
        for a in p.args:
            _term_predicates(a, found, variables)
    elif isinstance(p, (InvPath, MulPath)):
        _term_predicates(p.path, found, variables)
    elif isinstance(p, NegatedPath):
        variables.add("negated path")


def test_query_predicates_cover_every_triple_pattern() -> None:
    """The store of the generic SPARQL path and the rdflib fallback hold only the triples whose
    predicate a query names; rdflib's algebra of each query confirms that no pattern has a variable
    (or negated) predicate and that no predicate is missed."""
    from rdflib.plugins.sparql import prepareQuery

    for q in engine().sparql:
        found: set[str] = set()
        variables: set[str] = set()
        _algebra_predicates(prepareQuery(q.text).algebra, found, variables)
        assert not variables, (q.node, variables)
        assert found and found <= q.predicates, (q.node, found - q.predicates)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(lex=st.one_of(st.sampled_from(ODD_LEXICAL + ["2024-05-01T10:00:00-05:30", "2024-05-01T00:00:00",
                                                    "0001-01-01", "false", "12", "-12"]),
                     st.from_regex(r"[-+]?[0-9]{1,4}(-[0-9]{2}-[0-9]{2}(T[0-9:]{8}([+-][0-9]{2}:[0-9]{2}|Z)?)?)?",
                                   fullmatch=True),
                     st.text(max_size=6)),
       datatype=st.sampled_from(DATATYPES[1:-1]))
def test_literals_are_normalised_as_rdflib_does(lex: str, datatype: str) -> None:
    """The engine's view of a literal (canonical lexical form, value, ill-typedness) is rdflib's."""
    import logging
    import warnings

    logging.getLogger("rdflib.term").disabled = True
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            expected = rdflib.Literal(lex, datatype=rdflib.URIRef(datatype))
    finally:
        logging.getLogger("rdflib.term").disabled = False
    lexical, value, ill_typed = shacl.literal_view(ox.Literal(lex, datatype=_nn(datatype)))
    assert lexical == str(expected)
    assert ill_typed == bool(expected.ill_typed)
    assert type(value) is type(expected.value) and value == expected.value


# ------------------------------------------------------------------------------------------
# choosing the engine
# ------------------------------------------------------------------------------------------

def test_engine_is_chosen_by_argument_then_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    from unkg import validate as validation
    from unkg.errors import RunAbort

    quads = list(document_quads(FIXTURES / "dev" / "S_RES_2623_2022.en.txt"))
    calls: list[str] = []
    monkeypatch.setattr(validation, "_validate_pyshacl",
                        lambda q, source: calls.append(source) or validation.ValidationReport())
    monkeypatch.delenv("UNKG_VALIDATOR", raising=False)
    validate_quads(quads, "default")
    validate_quads(quads, "argument", engine="pyshacl")
    monkeypatch.setenv("UNKG_VALIDATOR", "pyshacl")
    validate_quads(quads, "environment")
    validate_quads(quads, "argument wins", engine="fast")
    assert calls == ["argument", "environment"]
    with pytest.raises(RunAbort, match="unknown SHACL engine"):
        validate_quads(quads, "?", engine="jena")


def test_shapes_the_fast_engine_cannot_run_fall_back_to_pyshacl(monkeypatch: pytest.MonkeyPatch,
                                                                 caplog: pytest.LogCaptureFixture) -> None:
    from unkg import validate as validation

    def refuse(paths):
        raise shacl.UnsupportedShapes("sh:hasValue")

    calls: list[str] = []
    monkeypatch.setattr(validation, "_validate_pyshacl",
                        lambda q, source: calls.append(source) or validation.ValidationReport())
    monkeypatch.setattr(shacl, "compile_shapes", refuse)
    validation.fast_engine.cache_clear()
    try:
        validate_quads([], "doc", engine="fast")
    finally:
        monkeypatch.undo()
        validation.fast_engine.cache_clear()
    assert calls == ["doc"]
    assert "sh:hasValue" in caplog.text


@pytest.mark.parametrize("extra", [
    "ex:S sh:hasValue ex:v .",
    "ex:S sh:targetNode ex:n .",
    "ex:P sh:flags \"i\" .",
    "ex:S sh:deactivated true .",
    "ex:S sh:property ex:R . ex:R sh:path [ sh:zeroOrMorePath ex:p ] ; sh:minCount 1 ; sh:message \"m\" .",
    "ex:P sh:path ex:q .",  # two paths
    "ex:S sh:property ex:Q . ex:Q sh:path ex:q ; sh:minCount 1 .",  # a reporting shape without sh:message
])
def test_features_outside_the_subset_are_refused(extra: str) -> None:
    base = """@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .
        ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property ex:P .
        ex:P sh:path ex:p ; sh:pattern "a" ; sh:message "m" .
    """
    def triples(text: str) -> list[tuple]:
        return [(t.subject, t.predicate, t.object) for t in ox.parse(text.encode(), format=ox.RdfFormat.TURTLE)]

    shacl.compile_shapes(triples=triples(base))
    with pytest.raises(shacl.UnsupportedShapes):
        shacl.compile_shapes(triples=triples(base + extra))


def test_worker_start_up_compiles_the_fast_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    """Build workers call ``warm_up()`` before their first document (calling ``_init_worker`` here
    would start its parent watch in the test process), and ``warm_up()`` compiles the fast engine
    without loading pyshacl's shapes graph."""
    import inspect

    from unkg import build
    from unkg import validate as validation

    assert "warm_up()" in inspect.getsource(build._init_worker)
    monkeypatch.delenv("UNKG_VALIDATOR", raising=False)
    validation.fast_engine.cache_clear()
    monkeypatch.setattr(validation, "shapes_graph", lambda: pytest.fail("pyshacl's shapes graph was loaded"))
    validation.warm_up()
    assert validation.fast_engine.cache_info().currsize == 1 and validation.fast_engine() is not None
