"""The claim-category SKOS scheme (ontology/claim-categories.ttl) and the extractor agree."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SKOS

from unkg.extract.claims import CATEGORIES
from unkg.iri import Minter


def cat(slug: str) -> URIRef:
    return URIRef(Minter.claim_category(slug).value)

ROOT = Path(__file__).resolve().parents[2]
SCHEME = URIRef("https://w3id.org/unkg/def/claim-category")
CAMEO = URIRef("https://w3id.org/unkg/def/cameo")
PLOVER = URIRef("https://w3id.org/unkg/def/plover")
UNBIS = "http://metadata.un.org/thesaurus/"


@pytest.fixture(scope="module")
def g() -> Graph:
    return Graph().parse(ROOT / "ontology" / "claim-categories.ttl")


def concepts(g: Graph, scheme: URIRef) -> set[URIRef]:
    return {c for c in g.subjects(SKOS.inScheme, scheme) if isinstance(c, URIRef)}


def test_the_scheme_holds_exactly_the_extractor_categories(g: Graph) -> None:
    got = concepts(g, SCHEME)
    assert got == {cat(slug) for slug in CATEGORIES} and len(got) == 24
    assert (SCHEME, RDF.type, SKOS.ConceptScheme) in g


def test_every_category_is_labelled_and_defined(g: Graph) -> None:
    for slug in CATEGORIES:
        c = cat(slug)
        assert {str(n) for n in g.objects(c, SKOS.notation)} == {slug}
        langs = {label.language for label in g.objects(c, SKOS.prefLabel)}
        assert {"en", "zh"} <= langs, slug
        assert any(d.language == "en" for d in g.objects(c, SKOS.definition)), slug
        assert (c, SKOS.topConceptOf, SCHEME) in g


def test_mappings_point_at_declared_proxy_concepts(g: Graph) -> None:
    cameo, plover = concepts(g, CAMEO), concepts(g, PLOVER)
    assert cameo and plover
    for proxy in cameo | plover:
        assert list(g.objects(proxy, SKOS.notation)) and list(g.objects(proxy, SKOS.prefLabel))
    for slug in CATEGORIES:
        c = cat(slug)
        for prop in (SKOS.closeMatch, SKOS.broadMatch, SKOS.narrowMatch, SKOS.relatedMatch, SKOS.exactMatch):
            for target in g.objects(c, prop):
                t = str(target)
                assert t.startswith(UNBIS) or target in cameo or target in plover, (slug, t)
    # the anchor mappings named in the issue
    assert (cat("aggression"), SKOS.closeMatch, URIRef(str(CAMEO) + "/1123")) in g
    assert (cat("war-crimes"), SKOS.closeMatch, URIRef(str(CAMEO) + "/1124")) in g
    assert (cat("human-rights-violation"), SKOS.closeMatch, URIRef(str(CAMEO) + "/1122")) in g
