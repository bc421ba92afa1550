"""Canned queries: headers, code tables that mirror the ontology, parameter binding safety."""

from __future__ import annotations

import re

import pyoxigraph as ox
import pytest

from unkg import query as q
from unkg.errors import QueryError
from unkg.resources import Kind, directory, files_of
from unkg.vocab import UNKG_NS


def _notations() -> dict[str, str]:
    out = {}
    with (directory(Kind.ONTOLOGY) / "unkg.ttl").open("rb") as fh:
        for t in ox.parse(fh, format=ox.RdfFormat.TURTLE):
            if t.predicate.value == "http://www.w3.org/2004/02/skos/core#notation":
                out[t.subject.value] = t.object.value
    return out


def test_every_query_file_loads_with_a_valid_header() -> None:
    names = {p.stem for p in files_of(Kind.QUERIES, ".rq")}
    assert names == set(q.registry())
    assert {"documents", "paragraphs"} <= names


@pytest.mark.parametrize("path", files_of(Kind.QUERIES, ".rq"), ids=lambda p: p.stem)
def test_code_tables_mirror_the_ontology(path) -> None:
    notations = _notations()
    pairs = re.findall(r"\(unkg:(\w+) \"(\w+)\"\)", path.read_text(encoding="utf-8"))
    for local, code in pairs:
        if local in {"MainText", "Annex"} or (local, code) == ("Work", "document"):
            continue  # part labels and the 'document' kind of wikidata-links are not notations
        assert notations.get(UNKG_NS + local) == code, (local, code)


def test_malformed_header_is_rejected() -> None:
    with pytest.raises(QueryError, match="header lacks 'returns'"):
        q.load("#+ name: x\n#+ summary: y\nSELECT ?a WHERE { ?a ?b ?c }", "x.rq")
    with pytest.raises(QueryError, match="must be projected"):
        q.load("#+ name: x\n#+ summary: y\n#+ params:\n#+   s: {kind: string}\n#+ returns: [a]\n"
               "SELECT ?a WHERE { ?a ?b ?s }", "x.rq")


@pytest.mark.parametrize("kind,value", [
    ("symbol", '"> } ; DROP ALL ; #'),
    ("iri", "http://example.org/a b"),
    ("iri", "<http://x> } ; DROP ALL"),
    ("iso3", "UKRAINE"),
    ("lang", "zh-Hans; DROP"),
    ("date", "2022-13-01"),
    ("integer", "1 OR 1=1"),
    ("code", "a b"),
])
def test_hostile_values_are_refused(kind: str, value: str) -> None:
    cq = q.CannedQuery("t", "t", (q.Param("v", kind),), ("v",), "SELECT ?v WHERE {}")
    with pytest.raises(QueryError):
        cq.bind({"v": value})
    with pytest.raises(QueryError, match="longer than"):
        cq.bind({"v": "A" * 5000})


def test_string_values_stay_literals() -> None:
    store = ox.Store()
    g = ox.NamedNode("http://e/g")
    store.add(ox.Quad(ox.NamedNode("http://e/s"), ox.NamedNode("http://e/p"), ox.Literal("x"), g))
    cq = q.CannedQuery("t", "t", (q.Param("v", "string"),), ("v", "s"), "SELECT ?v ?s WHERE { ?s ?p ?v }")
    subs = cq.bind({"v": '"> } ; DROP ALL ; #'})
    rows = list(store.query(cq.text, use_default_graph_as_union=True, substitutions=subs))
    assert rows == [] and len(store) == 1
