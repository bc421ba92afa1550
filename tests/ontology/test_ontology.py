"""The ontology files agree with ``unkg.vocab`` and with each other.

Reads ``ontology/*.ttl`` and ``ontology/context.jsonld`` from the repository (allowed for
these files only).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pyoxigraph
import pytest
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from unkg.model import DocType, ParagraphKind
from unkg.vocab import CLASSES, PREFIXES, PROPERTIES, UNKG_NS

ONTOLOGY_DIR = Path(__file__).parents[2] / "ontology"
UNKG_TTL = ONTOLOGY_DIR / "unkg.ttl"
ALIGNMENT_TTL = ONTOLOGY_DIR / "alignment.ttl"
CONCEPTS_TTL = ONTOLOGY_DIR / "concepts.ttl"
CONTEXT = ONTOLOGY_DIR / "context.jsonld"

U = Namespace(UNKG_NS)
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")  # open: rdflib's XSD warns under pytest
ONTOLOGY_IRI = URIRef(UNKG_NS)
ALIGNMENT_IRI = URIRef(UNKG_NS + "alignment")

#: Namespaces of ontology-anchors.md §0 (plus the W3C core vocabularies).
ANCHOR_NAMESPACES = (
    "https://w3id.org/un/ontology/undo/",
    "https://w3id.org/akn/ontology/allot/",
    "http://purl.org/vocab/frbr/core#",
    "http://purl.org/spar/fabio/",
    "http://purl.org/spar/cito/",
    "http://purl.org/spar/doco/",
    "http://data.europa.eu/eli/ontology#",
    "http://data.europa.eu/eli/eli-draft-legislation-ontology#",
    "http://schema.org/",
    "http://www.w3.org/ns/opengov#",
    "http://www.w3.org/ns/person#",
    "http://www.w3.org/ns/org#",
    "http://xmlns.com/foaf/0.1/",
    "http://www.w3.org/2004/02/skos/core#",
    "http://purl.org/dc/terms/",
    "http://www.w3.org/ns/prov#",
    "http://www.w3.org/ns/oa#",
    "http://rdfs.org/ns/void#",
    "http://www.w3.org/ns/dcat#",
    "http://data.vlaanderen.be/ns/besluit#",
    "http://www.wikidata.org/entity/",
    "http://www.wikidata.org/prop/direct/",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "http://www.w3.org/2000/01/rdf-schema#",
)

#: skos:notation of classes; queries read these codes.
NOTATIONS = {
    "Resolution": "resolution",
    "DraftResolution": "draft_resolution",
    "Amendment": "amendment",
    "Decision": "decision",
    "Letter": "letter",
    "NoteVerbale": "note_verbale",
    "ConceptNote": "concept_note",
    "Memorandum": "memorandum",
    "Report": "report",
    "MeetingRecord": "meeting_record",
    "OtherDocument": "other",
    "PreambularParagraph": "preambular",
    "OperativeParagraph": "operative",
    "BodyParagraph": "body",
    "MemberState": "member_state",
    "ObserverState": "observer_state",
    "OtherEntity": "other_entity",
    "Person": "person",
    "Organ": "organ",
    "Organisation": "organisation",
    "Instrument": "instrument",
}
DOC_TYPE_CLASSES = list(NOTATIONS)[:11]

#: Concept schemes of concepts.ttl: scheme name -> (property carrying the code, notations).
SCHEMES = {
    "vote-option": ("option", {"yes", "no", "abstain", "not_voting", "absent"}),
    "vote-result": ("result", {"adopted", "not_adopted"}),
    "voting-mode": ("votingMode", {"recorded", "without_vote", "consensus"}),
    "claim-stance": ("stance", {"asserts", "condemns", "demands", "denies", "welcomes"}),
    "session-kind": ("sessionKind", {"regular", "special", "emergency_special", "year"}),
}

CJK = re.compile(r"[\u3400-\u9fff]")


def _parse(path: Path) -> Graph:
    return Graph().parse(path, format="turtle")


@pytest.fixture(scope="module")
def onto() -> Graph:
    return _parse(UNKG_TTL)


@pytest.fixture(scope="module")
def alignment() -> Graph:
    return _parse(ALIGNMENT_TTL)


@pytest.fixture(scope="module")
def concepts() -> Graph:
    return _parse(CONCEPTS_TTL)


@pytest.fixture(scope="module")
def context() -> dict:
    def no_duplicates(pairs: list[tuple[str, object]]) -> dict:
        keys = [k for k, _ in pairs]
        dupes = {k for k in keys if keys.count(k) > 1}
        assert not dupes, f"duplicate JSON keys: {dupes}"
        return dict(pairs)

    return json.loads(CONTEXT.read_text(encoding="utf-8"), object_pairs_hook=no_duplicates)


def _unkg_iris(graph: Graph) -> set[URIRef]:
    return {
        term
        for triple in graph
        for term in triple
        if isinstance(term, URIRef) and str(term).startswith(UNKG_NS)
    }


def _scheme_iris() -> set[URIRef]:
    return {URIRef(UNKG_NS + name) for name in SCHEMES}


# --- parsing ----------------------------------------------------------------------------


@pytest.mark.parametrize("path", [UNKG_TTL, ALIGNMENT_TTL, CONCEPTS_TTL], ids=lambda p: p.name)
def test_turtle_parses_with_rdflib_and_pyoxigraph(path: Path) -> None:
    assert len(_parse(path)) > 0
    quads = list(pyoxigraph.parse(path.read_bytes(), format=pyoxigraph.RdfFormat.TURTLE))
    assert quads


def test_context_is_a_jsonld_context(context: dict) -> None:
    assert set(context) == {"@context"}
    assert context["@context"]["@version"] == 1.1


# --- unkg.ttl agrees with vocab.py ------------------------------------------------------


def test_vocab_has_no_duplicates() -> None:
    names = CLASSES + PROPERTIES
    assert len(names) == len(set(names))


def test_ontology_header(onto: Graph) -> None:
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in onto
    assert onto.value(ONTOLOGY_IRI, OWL.versionInfo) == Literal("0.1.0")
    for prop in (URIRef("http://purl.org/dc/terms/title"), RDFS.label):
        langs = {o.language for o in onto.objects(ONTOLOGY_IRI, prop)}
        assert {"en", "zh"} <= langs, prop
    assert onto.value(ONTOLOGY_IRI, URIRef("http://purl.org/dc/terms/description"))


@pytest.mark.parametrize("name", CLASSES)
def test_class_declared(onto: Graph, name: str) -> None:
    assert (U[name], RDF.type, OWL.Class) in onto


@pytest.mark.parametrize("name", PROPERTIES)
def test_property_declared(onto: Graph, name: str) -> None:
    types = set(onto.objects(U[name], RDF.type))
    assert types in ({OWL.ObjectProperty}, {OWL.DatatypeProperty}), types


def test_no_undeclared_term_in_our_namespace(onto: Graph, alignment: Graph) -> None:
    known = {U[n] for n in CLASSES + PROPERTIES}
    # Declared terms: anything typed as class or property.
    declared = {
        s
        for t in (OWL.Class, RDFS.Class, OWL.ObjectProperty, OWL.DatatypeProperty,
                  OWL.AnnotationProperty, RDF.Property)
        for g in (onto, alignment)
        for s in g.subjects(RDF.type, t)
        if isinstance(s, URIRef) and str(s).startswith(UNKG_NS)
    }
    assert declared == known
    # Any IRI of our namespace used anywhere is a term, an ontology or a concept scheme.
    allowed = known | {ONTOLOGY_IRI, ALIGNMENT_IRI} | _scheme_iris()
    assert _unkg_iris(onto) - allowed == set()
    assert _unkg_iris(alignment) - allowed == set()


@pytest.mark.parametrize("name", CLASSES + PROPERTIES)
def test_labels_and_comment(onto: Graph, name: str) -> None:
    labels = {o.language: str(o) for o in onto.objects(U[name], RDFS.label)}
    assert set(labels) == {"en", "zh"}, labels
    assert CJK.search(labels["zh"]), labels["zh"]
    comments = [o for o in onto.objects(U[name], RDFS.comment) if o.language == "en"]
    assert len(comments) == 1 and len(str(comments[0])) > 20


def test_domains_and_ranges_resolve(onto: Graph) -> None:
    """Every unkg class named in a domain, range or union is declared."""
    classes = {U[n] for n in CLASSES}
    for prop in (RDFS.domain, RDFS.range):
        for s, o in onto.subject_objects(prop):
            members = [o]
            if isinstance(o, BNode):
                members = list(onto.items(onto.value(o, OWL.unionOf)))
                assert members, f"{s} {prop}: blank node is not a union"
            for m in members:
                if str(m).startswith(UNKG_NS):
                    assert m in classes, (s, prop, m)


def test_datatype_and_object_ranges(onto: Graph) -> None:
    for name in PROPERTIES:
        rng = onto.value(U[name], RDFS.range)
        if (U[name], RDF.type, OWL.DatatypeProperty) in onto:
            assert rng is not None, name
            assert str(rng).startswith(str(XSD)) or rng == RDF.langString, (name, rng)
        elif rng is not None and not isinstance(rng, BNode):
            assert not str(rng).startswith(str(XSD)) and rng != RDF.langString, (name, rng)


def test_inverses(onto: Graph) -> None:
    for a, b in (("hasExpression", "expressionOf"), ("hasPart", "partOf"),
                 ("hasParagraph", "inPart")):
        assert (U[a], OWL.inverseOf, U[b]) in onto


def test_class_hierarchy(onto: Graph) -> None:
    def ancestors(c: URIRef) -> set[URIRef]:
        return set(onto.transitive_objects(c, RDFS.subClassOf)) - {c}

    for name in DOC_TYPE_CLASSES:
        assert U.Work in ancestors(U[name]), name
    for name in ("PreambularParagraph", "OperativeParagraph", "BodyParagraph"):
        assert ancestors(U[name]) == {U.Paragraph}
    for name in ("MainText", "Annex"):
        assert ancestors(U[name]) == {U.Part}
    for name in ("MemberState", "ObserverState"):
        assert ancestors(U[name]) == {U.State, U.Actor}
    for name in ("OtherEntity", "Organ", "Organisation", "Person"):
        assert ancestors(U[name]) == {U.Actor}
    for name in ("Treaty", "Declaration", "JudicialDecision"):
        assert ancestors(U[name]) == {U.Instrument}
    assert U.Work not in ancestors(U.Instrument)
    # subclass axioms in unkg.ttl stay within our namespace
    for _, o in onto.subject_objects(RDFS.subClassOf):
        assert str(o).startswith(UNKG_NS), o


# --- notations --------------------------------------------------------------------------


def test_notations(onto: Graph) -> None:
    found = {
        str(s)[len(UNKG_NS):]: str(o)
        for s, o in onto.subject_objects(SKOS.notation)
        if str(s).startswith(UNKG_NS)
    }
    assert found == NOTATIONS
    for name, code in NOTATIONS.items():
        assert list(onto.objects(U[name], SKOS.notation)) == [Literal(code)], name


def test_notations_match_model_enums() -> None:
    assert {NOTATIONS[c] for c in DOC_TYPE_CLASSES} == {d.value for d in DocType}
    paragraph_codes = {NOTATIONS[c] for c in
                       ("PreambularParagraph", "OperativeParagraph", "BodyParagraph")}
    assert paragraph_codes == {k.value for k in ParagraphKind}


# --- alignment.ttl ----------------------------------------------------------------------

ALIGNMENT_PREDICATES = {RDFS.subClassOf, RDFS.subPropertyOf, SKOS.closeMatch,
                        SKOS.exactMatch, SKOS.broadMatch, SKOS.narrowMatch}


def test_alignment_targets_are_anchor_namespaces(alignment: Graph) -> None:
    count = 0
    for s, p, o in alignment:
        if s == ALIGNMENT_IRI:
            continue
        assert str(s).startswith(UNKG_NS), s
        assert p in ALIGNMENT_PREDICATES, (s, p)
        assert isinstance(o, URIRef), (s, p, o)
        assert str(o).startswith(ANCHOR_NAMESPACES), (s, p, o)
        count += 1
    assert count > 100


def test_alignment_kinds(alignment: Graph) -> None:
    classes = {U[n] for n in CLASSES}
    properties = {U[n] for n in PROPERTIES}
    assert set(alignment.subjects(RDFS.subClassOf)) <= classes
    assert set(alignment.subjects(RDFS.subPropertyOf)) <= properties
    for p in (OWL.equivalentClass, OWL.equivalentProperty, OWL.sameAs):
        assert not list(alignment.triples((None, p, None)))


@pytest.mark.parametrize(
    ("name", "prop", "target"),
    [
        ("Work", RDFS.subClassOf, "http://purl.org/vocab/frbr/core#Work"),
        ("Work", RDFS.subClassOf, "https://w3id.org/un/ontology/undo/Document"),
        ("Resolution", RDFS.subClassOf, "https://w3id.org/un/ontology/undo/Resolution"),
        ("DraftResolution", RDFS.subClassOf, "http://www.w3.org/ns/opengov#Motion"),
        ("Paragraph", RDFS.subClassOf, "http://purl.org/spar/doco/Paragraph"),
        ("VoteEvent", RDFS.subClassOf, "http://www.w3.org/ns/opengov#VoteEvent"),
        ("Citation", RDFS.subClassOf, "http://purl.org/spar/cito/Citation"),
        ("Claim", RDFS.subClassOf, "http://schema.org/Claim"),
        ("Evidence", RDFS.subClassOf, "http://www.w3.org/ns/oa#Annotation"),
        ("DocumentGraph", RDFS.subClassOf, "http://www.w3.org/ns/prov#Entity"),
        ("symbol", RDFS.subPropertyOf, "http://purl.org/dc/terms/identifier"),
        ("symbol", SKOS.closeMatch, "http://www.wikidata.org/prop/direct/P3069"),
        ("hasExpression", RDFS.subPropertyOf, "http://purl.org/vocab/frbr/core#realization"),
        ("cites", RDFS.subPropertyOf, "http://purl.org/spar/cito/cites"),
        ("start", SKOS.closeMatch, "http://www.w3.org/ns/oa#start"),
    ],
)
def test_key_alignments(alignment: Graph, name: str, prop: URIRef, target: str) -> None:
    assert (U[name], prop, URIRef(target)) in alignment


# --- concepts.ttl -----------------------------------------------------------------------


def test_concept_schemes(concepts: Graph) -> None:
    schemes = set(concepts.subjects(RDF.type, SKOS.ConceptScheme))
    assert schemes == _scheme_iris()
    for name, (prop, codes) in SCHEMES.items():
        scheme = URIRef(UNKG_NS + name)
        assert (scheme, RDFS.seeAlso, U[prop]) in concepts
        members = set(concepts.subjects(SKOS.inScheme, scheme))
        assert {str(c) for c in members} == {f"{scheme}/{code}" for code in codes}
        assert set(concepts.objects(scheme, SKOS.hasTopConcept)) == members
        for c in members:
            assert (c, RDF.type, SKOS.Concept) in concepts
            assert [str(n) for n in concepts.objects(c, SKOS.notation)] == [
                str(c).rsplit("/", 1)[1]
            ]
            labels = {o.language for o in concepts.objects(c, SKOS.prefLabel)}
            assert labels == {"en", "zh"}, c
            assert concepts.value(c, SKOS.definition) is not None, c


def test_concept_iris_do_not_shadow_terms(concepts: Graph) -> None:
    terms = {U[n] for n in CLASSES + PROPERTIES}
    iris = _unkg_iris(concepts)
    for iri in iris - terms:
        assert str(iri)[len(UNKG_NS):].split("/")[0] in SCHEMES, iri


# --- context.jsonld ---------------------------------------------------------------------


def _expand(value: str, ctx: dict) -> str:
    prefix, sep, local = value.partition(":")
    if sep and prefix in ctx and isinstance(ctx[prefix], str):
        return ctx[prefix] + local
    return value


def test_context_is_sorted_and_deterministic(context: dict) -> None:
    text = CONTEXT.read_text(encoding="utf-8")
    assert text == json.dumps(context, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def test_context_prefixes(context: dict) -> None:
    ctx = context["@context"]
    for prefix, iri in PREFIXES.items():
        assert ctx[prefix] == iri, prefix
    assert ctx["type"] == "@type" and ctx["id"] == "@id"
    assert _expand(ctx["label"]["@id"], ctx) == str(RDFS.label)


def test_context_terms_map_to_declared_terms(onto: Graph, context: dict) -> None:
    ctx = context["@context"]
    known = {UNKG_NS + n for n in CLASSES + PROPERTIES}
    for key, value in ctx.items():
        if key.startswith("@"):
            continue
        iri = value if isinstance(value, str) else value.get("@id", "")
        iri = _expand(iri, ctx)
        if iri.startswith(UNKG_NS) and key != "unkg":
            assert iri in known, key
            assert key == iri[len(UNKG_NS):], key  # same local name


def test_context_has_one_term_per_property(onto: Graph, context: dict) -> None:
    ctx = context["@context"]
    xsd_ns = str(XSD)
    for name in PROPERTIES:
        entry = ctx[name]
        assert isinstance(entry, dict) and _expand(entry["@id"], ctx) == UNKG_NS + name
        rng = onto.value(U[name], RDFS.range)
        if (U[name], RDF.type, OWL.ObjectProperty) in onto:
            assert entry.get("@type") == "@id", name
        elif rng in (XSD.string, RDF.langString):
            assert "@type" not in entry, name
        else:
            assert _expand(entry["@type"], ctx) == str(rng), name
            assert str(rng).startswith(xsd_ns)
    for name in ("title", "verb", "label"):
        assert "@type" not in ctx[name] and "@language" not in ctx[name]


@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
def test_context_expands_a_sample(context: dict) -> None:
    doc = {
        "@context": context["@context"],
        "id": "https://example.org/A-RES-78-1",
        "type": "Resolution",
        "symbol": "A/RES/78/1",
        "adoptionDate": "2023-10-05",
        "body": "https://example.org/GA",
        "hasExpression": {
            "id": "https://example.org/A-RES-78-1/zh",
            "type": "Expression",
            "title": {"@value": "政治宣言", "@language": "zh"},
            "language": "http://id.loc.gov/vocabulary/iso639-1/zh",
        },
    }
    g = Graph().parse(data=json.dumps(doc), format="json-ld")
    work = URIRef("https://example.org/A-RES-78-1")
    expr = URIRef("https://example.org/A-RES-78-1/zh")
    assert (work, RDF.type, U.Resolution) in g
    assert (work, U.symbol, Literal("A/RES/78/1")) in g
    assert (work, U.adoptionDate, Literal("2023-10-05", datatype=XSD.date)) in g
    assert (work, U.body, URIRef("https://example.org/GA")) in g
    assert (work, U.hasExpression, expr) in g
    assert (expr, U.title, Literal("政治宣言", lang="zh")) in g
    assert (expr, U.language, URIRef("http://id.loc.gov/vocabulary/iso639-1/zh")) in g
