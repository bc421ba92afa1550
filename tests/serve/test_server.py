"""The linked-data server over HTTP: dereferencing with content negotiation, the SPARQL 1.1
Protocol endpoint (SPARQLWrapper), limits, canned queries, the dataset description."""

from __future__ import annotations

import csv
import io
import json
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from pyoxigraph import NamedNode, RdfFormat, parse
from SPARQLWrapper import CSV, JSON, TURTLE, SPARQLWrapper

from conftest import run_cli
from unkg.iri import Minter
from liveserver import start_server, stop_server

BASE = "https://w3id.org/unkg/"


@pytest.fixture(scope="module")
def server(all_store: Path) -> Iterator[str]:
    proc, url = start_server(all_store, "--timeout", "3", "--max-result-mb", "2")
    yield url
    stop_server(proc)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None


_plain = urllib.request.build_opener(NoRedirect)


def get(url: str, accept: str | None = None, follow: bool = True) -> tuple[int, dict[str, str], bytes]:
    req = urllib.request.Request(url, headers={"Accept": accept} if accept else {})
    opener = urllib.request.build_opener() if follow else _plain
    try:
        with opener.open(req, timeout=30) as r:
            return r.status, {k.lower(): v for k, v in r.headers.items()}, r.read()
    except urllib.error.HTTPError as e:
        return e.code, {k.lower(): v for k, v in e.headers.items()}, e.read()


def post(url: str, data: bytes, ctype: str, accept: str | None = None) -> tuple[int, dict[str, str], bytes]:
    headers = {"Content-Type": ctype}
    if accept:
        headers["Accept"] = accept
    req = urllib.request.Request(url, data=data, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, {k.lower(): v for k, v in r.headers.items()}, r.read()
    except urllib.error.HTTPError as e:
        return e.code, {k.lower(): v for k, v in e.headers.items()}, e.read()


# one IRI of each kind the store mints, with a triple that its description must contain
KINDS = {
    "work": ("doc/A/HRC/RES/54/2", "https://w3id.org/unkg/def/symbol"),
    "expression": ("doc/A/ES-11/10/zh", "https://w3id.org/unkg/def/expressionOf"),
    "paragraph": ("doc/A/ES-11/10/zh/annex-1/p9", "https://w3id.org/unkg/def/text"),
    "state": ("state/ERI", "https://w3id.org/unkg/def/iso3"),
    "vote event": ("vote/A/HRC/RES/54/2", "https://w3id.org/unkg/def/result"),
    "claim": ("doc/A/ES-11/10/zh/claim1", "https://w3id.org/unkg/def/accused"),
    "ontology term": ("def/Claim", "http://www.w3.org/2000/01/rdf-schema#label"),
    "organ": ("organ/HRC", "http://www.w3.org/2004/02/skos/core#notation"),
    # the signatory 罗伯特·基思·雷 (Robert Keith Rae) of A/ES-11/10
    "person": (Minter().person("罗伯特·基思·雷").value.removeprefix("https://w3id.org/unkg/"),
               "http://www.w3.org/2000/01/rdf-schema#label"),
}
FORMATS = {"text/turtle": RdfFormat.TURTLE, "application/n-triples": RdfFormat.N_TRIPLES,
           "application/ld+json": RdfFormat.JSON_LD}


@pytest.mark.parametrize("kind", sorted(KINDS))
@pytest.mark.parametrize("media", sorted(FORMATS))
def test_dereferencing_each_kind_in_each_format(server: str, kind: str, media: str) -> None:
    path, predicate = KINDS[kind]
    status, headers, _ = get(f"{server}/{path}", accept=media, follow=False)
    assert status == 303, (kind, status)
    location = headers["location"]
    assert location.startswith("/" + path + ".") and "accept" in headers.get("vary", "").lower()
    status, headers, body = get(server + location)
    assert status == 200
    assert headers["content-type"].startswith(media)
    triples = list(parse(body, format=FORMATS[media], base_iri=BASE))
    subject = NamedNode(BASE + path)
    assert any(t.subject == subject and t.predicate.value == predicate for t in triples), (kind, media)


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_html_for_people(server: str, kind: str) -> None:
    path, _ = KINDS[kind]
    status, headers, _ = get(f"{server}/{path}", accept="text/html,application/xhtml+xml;q=0.9,*/*;q=0.8", follow=False)
    assert status == 303 and headers["location"] == f"/{path}.html"
    status, headers, body = get(f"{server}/{path}.html")
    assert status == 200 and headers["content-type"].startswith("text/html")
    assert (BASE + path).encode() in body


def test_format_parameter_for_browsers(server: str) -> None:
    status, headers, _ = get(f"{server}/state/ERI?format=jsonld", accept="text/html", follow=False)
    assert status == 303 and headers["location"] == "/state/ERI.jsonld"
    status, headers, body = get(f"{server}/state/ERI.jsonld")
    doc = json.loads(body)
    assert "@context" in doc and any(n.get("@id", n.get("id")) in ("state:ERI", BASE + "state/ERI")
                                     or str(n).find("state/ERI") >= 0 for n in doc["@graph"])


def test_descriptions_name_their_source_graphs(server: str) -> None:
    status, _, body = get(f"{server}/state/ERI.ttl")
    triples = list(parse(body, format=RdfFormat.TURTLE))
    sources = {t.object.value for t in triples if t.predicate.value == "http://purl.org/dc/terms/source"}
    assert BASE + "graph/reference" in sources
    assert BASE + "doc/A/HRC/RES/56/17/en/graph" in sources  # Eritrea is voted on and accused there
    assert any(t.predicate.value == "http://xmlns.com/foaf/0.1/primaryTopic" and t.object.value == BASE + "state/ERI"
               for t in triples)


def test_named_graph_formats_keep_the_graph(server: str) -> None:
    status, _, body = get(f"{server}/doc/A/ES-11/10/zh/claim1.nq")
    assert status == 200
    quads = list(parse(body, format=RdfFormat.N_QUADS))
    assert quads and {q.graph_name.value for q in quads} == {BASE + "doc/A/ES-11/10/zh/graph"}


def test_unknown_iris_are_404(server: str) -> None:
    for path in ("doc/A/RES/99999/1", "state/XXX", "doc/A/ES-11/10/zh/claim999", "nothing-here.ttl"):
        status, _, body = get(f"{server}/{path}", accept="text/turtle", follow=False)
        assert status == 404, path
        assert b"no resource" in body


def test_not_acceptable(server: str) -> None:
    status, _, _ = get(f"{server}/state/ERI", accept="image/png", follow=False)
    assert status == 406


def test_sparqlwrapper_json_and_csv(server: str) -> None:
    q = """PREFIX unkg: <https://w3id.org/unkg/def/>
           SELECT ?iso WHERE { ?v unkg:voteEvent <https://w3id.org/unkg/vote/A/HRC/RES/54/2> ; unkg:option "no" ;
                                  unkg:voter/unkg:iso3 ?iso } ORDER BY ?iso"""
    sw = SPARQLWrapper(server + "/sparql")
    sw.setQuery(q)
    sw.setReturnFormat(JSON)
    res = sw.query().convert()
    got = sorted({b["iso"]["value"] for b in res["results"]["bindings"]})
    # A/HRC/RES/54/2: 16 against (truth.jsonl)
    assert got == ["ARE", "BOL", "CHN", "CIV", "CUB", "DZA", "ERI", "MAR", "MDV", "MYS", "PAK", "QAT", "SDN", "SEN",
                   "SOM", "VNM"]
    sw.setReturnFormat(CSV)
    text = sw.query().convert().decode("utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert sorted({r["iso"] for r in rows}) == got


def test_construct_returns_turtle(server: str) -> None:
    sw = SPARQLWrapper(server + "/sparql")
    sw.setQuery("""PREFIX unkg: <https://w3id.org/unkg/def/>
                   CONSTRUCT { ?c unkg:accused ?a } WHERE { ?c a unkg:Claim ; unkg:accused ?a }""")
    sw.setReturnFormat(TURTLE)
    body = sw.query().convert()
    triples = list(parse(body, format=RdfFormat.TURTLE))
    assert {t.object.value for t in triples} >= {BASE + "state/RUS", BASE + "state/AZE"}


def test_post_query_and_xml_tsv(server: str) -> None:
    q = "SELECT (COUNT(*) AS ?n) WHERE { ?s a <https://w3id.org/unkg/def/Claim> }"
    status, headers, body = post(server + "/sparql", q.encode(), "application/sparql-query",
                                 accept="application/sparql-results+xml")
    assert status == 200 and "sparql-results+xml" in headers["content-type"] and b"<sparql" in body
    status, headers, body = post(server + "/sparql", urllib.parse.urlencode({"query": q}).encode(),
                                 "application/x-www-form-urlencoded", accept="text/tab-separated-values")
    assert status == 200 and headers["content-type"].startswith("text/tab-separated-values")
    assert int(body.decode().splitlines()[1].split("^^")[0].strip('"')) > 50


def test_updates_are_refused(server: str) -> None:
    upd = "INSERT DATA { <http://x/s> <http://x/p> <http://x/o> }"
    assert post(server + "/sparql", upd.encode(), "application/sparql-update")[0] == 403
    assert post(server + "/sparql", urllib.parse.urlencode({"update": upd}).encode(),
                "application/x-www-form-urlencoded")[0] == 403
    assert get(server + "/sparql?query=" + urllib.parse.quote("PREFIX x: <http://x/>\n" + upd))[0] == 403
    assert get(server + "/sparql?query=" + urllib.parse.quote("DROP ALL"))[0] == 403
    # nothing was written
    status, _, body = get(server + "/sparql?query=" + urllib.parse.quote("ASK { <http://x/s> ?p ?o }"),
                          accept="application/sparql-results+json")
    assert status == 200 and json.loads(body)["boolean"] is False


def test_service_is_refused(server: str) -> None:
    q = "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"
    status, _, body = get(server + "/sparql?query=" + urllib.parse.quote(q))
    assert status == 403 and b"SERVICE" in body


def test_endless_query_is_stopped_within_the_limit(server: str) -> None:
    q = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?a ?d ?g"
    t = time.monotonic()
    status, _, body = get(server + "/sparql?query=" + urllib.parse.quote(q), accept="text/csv")
    elapsed = time.monotonic() - t
    assert status == 503 and b"time limit" in body
    assert elapsed < 3 + 2.5
    # the endpoint still answers afterwards
    status, _, _ = get(server + "/sparql?query=" + urllib.parse.quote("ASK {}"), accept="application/sparql-results+json")
    assert status == 200


def test_result_size_limit(server: str) -> None:
    status, _, body = get(server + "/sparql?query=" + urllib.parse.quote("SELECT * WHERE { ?s ?p ?o }"), accept="text/csv")
    assert status == 413 and b"LIMIT" in body


def test_syntax_error_is_400(server: str) -> None:
    status, _, body = get(server + "/sparql?query=" + urllib.parse.quote("SELEC ?x WHERE {"))
    assert status == 400 and b"syntax" in body.lower()


def test_oversized_query_is_refused(server: str) -> None:
    q = "SELECT * WHERE { ?s ?p ?o } #" + "x" * (70 << 10)
    assert post(server + "/sparql", q.encode(), "application/sparql-query")[0] == 413


def test_service_description_and_cors(server: str) -> None:
    status, headers, body = get(server + "/sparql", accept="text/turtle")
    assert status == 200
    triples = list(parse(body, format=RdfFormat.TURTLE))
    sd = "http://www.w3.org/ns/sparql-service-description#"
    assert any(t.object.value == sd + "Service" for t in triples)
    assert any(t.predicate.value == sd + "supportedLanguage" and t.object.value == sd + "SPARQL11Query" for t in triples)
    req = urllib.request.Request(server + "/sparql?query=" + urllib.parse.quote("ASK {}"),
                                 headers={"Origin": "http://example.org"})
    with urllib.request.urlopen(req, timeout=10) as r:
        assert r.headers["access-control-allow-origin"] == "*"


def test_canned_queries_as_named_endpoints(server: str) -> None:
    status, headers, body = get(server + "/queries/claims?accused=AZE&claimant=artsakh&format=csv")
    assert status == 200 and headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8"))))
    assert rows and {r["transmitted_by"] for r in rows} == {"ARM"}
    status, _, body = get(server + "/queries/claims?accused=" + urllib.parse.quote('"> } ; DROP ALL ; #'))
    assert status == 400 and b"parameter accused" in body
    status, _, body = get(server + "/queries", accept="application/json")
    assert status == 200 and "claims-and-votes" in json.loads(body)
    assert get(server + "/queries/nope")[0] == 404


def test_void_description(server: str) -> None:
    status, headers, body = get(server + "/.well-known/void")
    assert status == 200 and headers["content-type"].startswith("text/turtle")
    triples = list(parse(body, format=RdfFormat.TURTLE))
    assert any(t.predicate.value == "http://rdfs.org/ns/void#triples" and int(t.object.value) > 100000 for t in triples)


def test_dumps_with_checksums(all_store: Path, tmp_path: Path) -> None:
    dumps = tmp_path / "dumps"
    r = run_cli("export", "--format", "all", "-o", str(dumps), "--store", str(all_store))
    assert r.returncode == 0, r.stderr
    proc, url = start_server(all_store, "--dumps", str(dumps))
    try:
        status, _, sums = get(url + "/dumps/SHA256SUMS")
        assert status == 200
        import hashlib

        for line in sums.decode().splitlines():
            digest, name = line.split()
            status, _, data = get(f"{url}/dumps/{name}")
            assert status == 200 and hashlib.sha256(data).hexdigest() == digest, name
        status, _, body = get(url + "/.well-known/void")
        triples = list(parse(body, format=RdfFormat.TURTLE))
        assert any(t.predicate.value == "http://rdfs.org/ns/void#dataDump" and t.object.value.startswith(url + "/dumps/")
                   for t in triples)
        assert get(url + "/dumps/../secret")[0] == 404
    finally:
        stop_server(proc)


def test_base_iri_maps_public_iris_to_the_server(tmp_path: Path) -> None:
    store = tmp_path / "store"
    base = "http://data.example.org/un/"
    seeds = Path(__file__).parent.parent / "fixtures" / "seeds"
    r = run_cli("build", str(seeds / "000_151683289b9cb0c2.txt"), "--store", str(store), "--base-iri", base, "-q")
    assert r.returncode == 0, r.stderr
    proc, url = start_server(store, "--base-iri", base)
    try:
        status, headers, _ = get(url + "/doc/A/ES-11/10", accept="text/turtle", follow=False)
        assert status == 303
        status, _, body = get(url + headers["location"])
        triples = list(parse(body, format=RdfFormat.TURTLE))
        assert any(t.subject.value == base + "doc/A/ES-11/10" for t in triples)
    finally:
        stop_server(proc)


def test_document_text_is_escaped(tmp_path: Path) -> None:
    store = tmp_path / "store"
    doc = tmp_path / "hostile.txt"
    doc.write_text("United Nations\nS/2099/1\nSecurity Council\n\nLetter dated 1 January 2099 from the Permanent "
                   "Representative of France addressed to the Secretary-General\n\n"
                   "I have the honour to <script>alert('x')</script> transmit <b>bold</b> & more.\n", encoding="utf-8")
    r = run_cli("build", str(doc), "--store", str(store), "-q")
    assert r.returncode in (0, 1), r.stderr
    proc, url = start_server(store)
    try:
        status, _, body = get(url + "/doc/S/2099/1", accept="text/html")
        assert status == 200
        assert b"<script>alert" not in body and b"&lt;script&gt;alert" in body
        assert b"<b>bold</b>" not in body
    finally:
        stop_server(proc)


def test_search_page_links_to_the_paragraph(server: str) -> None:
    status, headers, body = get(server + "/search?q=" + urllib.parse.quote("侵略乌克兰") + "&lang=zh")
    assert status == 200 and headers["content-type"].startswith("text/html")
    html = body.decode("utf-8")
    assert 'href="/doc/A/ES-11/10/zh/annex-1/p9"' in html
    assert '<mark class="hit">侵略乌克兰</mark>' in html
    status, _, body = get(server + "/search?q=" + urllib.parse.quote('"><script>alert(1)</script>'))
    assert status == 200 and b"<script>alert(1)" not in body
