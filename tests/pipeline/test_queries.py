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


# --- binding: VALUES blocks written into the query text ------------------------------------------

def _store_with(*triples: tuple[str, str, str]) -> ox.Store:
    store = ox.Store()
    g = ox.NamedNode("http://e/g")
    for s, p, o in triples:
        obj = ox.NamedNode(o) if o.startswith("http://") else ox.Literal(o)
        store.add(ox.Quad(ox.NamedNode(s), ox.NamedNode(p), obj, g))
    return store


@pytest.mark.parametrize("value", ['"> } ; DROP ALL ; #', 'a"b', "a\\b", "line\nbreak } VALUES", "x" * 1999,
                                   "\u0000\u001f\u2028 \"\"\" ''' #", "} } } ) ) )"])
def test_bound_strings_stay_literals(value: str) -> None:
    store = _store_with(("http://e/s", "http://e/p", value), ("http://e/t", "http://e/p", "other"))
    cq = q.CannedQuery("t", "t", (q.Param("v", "string"),), ("s",),
                       "SELECT ?s ?v WHERE { ?s <http://e/p> ?v }")
    text = cq.render({"v": value})
    rows = list(store.query(text, use_default_graph_as_union=True))
    assert [r["s"].value for r in rows] == ["http://e/s"] and len(store) == 2


def test_bound_iris_are_checked_terms() -> None:
    store = _store_with(("http://e/s", "http://e/p", "http://e/o"))
    cq = q.CannedQuery("t", "t", (q.Param("o", "iri"),), ("s",), "SELECT ?s ?o WHERE { ?s <http://e/p> ?o }")
    assert [r["s"].value for r in store.query(cq.render({"o": "http://e/o"}), use_default_graph_as_union=True)] \
        == ["http://e/s"]
    for hostile in ("http://e/o> } ; DROP ALL ; <http://x", "http://e/o b", "http://e/{o}"):
        with pytest.raises(QueryError):
            cq.render({"o": hostile})


def test_values_go_where_the_variable_is_projected() -> None:
    text = """PREFIX x: <http://e/>  # a comment with SELECT ?v WHERE { in it
SELECT ?a ?v WHERE {
  { SELECT ?v (COUNT(*) AS ?n) WHERE { ?a x:p "SELECT ?v WHERE {" . ?a x:q ?v } GROUP BY ?v }
  { SELECT ?a WHERE { ?a x:r ?w } }
  { SELECT * WHERE { ?a x:s ?v } }
}"""
    out = q.bind_text(text, {ox.Variable("v"): ox.Literal("1")})
    assert out.count('VALUES (?v) { ("1") }') == 3  # the outer query, the GROUP BY subquery, SELECT *
    assert 'SELECT ?a WHERE { ?a x:r' in out  # not projected there: untouched
    assert '"SELECT ?v WHERE {"' in out and "# a comment with SELECT ?v WHERE { in it" in out
    ox.Store().query(out)  # still SPARQL


def test_lines_for_given_parameters() -> None:
    text = "SELECT ?a WHERE {\n  ?s ?p ?a .\n#+if a:   ?a ?q ?z .\n  BIND(1 AS ?a)   #+unless a\n}\n"
    assert q.select_lines(text, set()) == "SELECT ?a WHERE {\n  ?s ?p ?a .\n  BIND(1 AS ?a)\n}\n"
    assert q.select_lines(text, {"a"}) == "SELECT ?a WHERE {\n  ?s ?p ?a .\n  ?a ?q ?z .\n}\n"
    # a parameter value never selects lines: only which parameters are given does
    cq = q.CannedQuery("t", "t", (q.Param("a", "string"),), ("a",), text)
    assert "?a ?q ?z" in cq.render({"a": "#+if a: x"}) and "BIND" not in cq.render({"a": "y"})


@pytest.mark.parametrize("name", sorted(q.registry()))
def test_every_query_parses_with_and_without_its_parameters(name: str) -> None:
    cq = q.registry()[name]
    examples = {p.name: str(p.example) for p in cq.params if p.example is not None}
    required = {p.name for p in cq.params if p.required}
    variants = [examples] + [{k: v for k, v in examples.items() if k == one or k in required} for one in examples]
    if not required and not cq.requires_one_of:
        variants.append({})
    store = ox.Store()
    for values in variants:
        if cq.requires_one_of and not set(values) & set(cq.requires_one_of):
            continue
        list(store.query(cq.render(values), use_default_graph_as_union=True))  # a syntax error raises
