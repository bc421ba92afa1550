"""Wikidata client and linker, against a local Oxigraph server and a local HTTP stub.

No test here touches the internet: the Wikidata-shaped data is ``fixtures/wikidata.ttl``
(fake QIDs only), served by the ``oxigraph`` CLI on 127.0.0.1; error paths (429, 503, 403…)
come from a tiny ``http.server`` stub.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import deque
from collections.abc import Iterator
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from pyoxigraph import Literal, NamedNode, Quad, Store

from conftest import free_port, oxigraph_exe
from unkg.errors import RunAbort
from unkg.iri import Minter
from unkg.link import REFERENCE_SOURCE, WikidataClient, link_store, links_graph
from unkg.link.wikidata import USER_AGENT
from unkg.store import sync_static
from unkg.vocab import DCTERMS, OWL, PROV, RDF_TYPE, SKOS, UNKG, VOID, WD

FIXTURE = Path(__file__).parent / "fixtures" / "wikidata.ttl"
NOW = dt.datetime(2025, 3, 1, 12, 0, tzinfo=dt.UTC)


# ------------------------------------------------------------------ local servers


def _answers(url: str) -> bool:
    query = urllib.parse.urlencode({"query": "ASK {}"})
    req = urllib.request.Request(f"{url}?{query}", headers={"Accept": "application/sparql-results+json"})
    try:
        with urllib.request.build_opener(urllib.request.ProxyHandler({})).open(req, timeout=1) as resp:
            return resp.status == 200
    except (OSError, urllib.error.URLError):
        return False


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``http://127.0.0.1:PORT/query`` of an Oxigraph server holding the fixture."""
    exe = oxigraph_exe()
    if exe is None:
        pytest.skip("the Oxigraph server CLI is missing: pip install 'oxigraph>=0.5.13,<0.6'")
    location = tmp_path_factory.mktemp("wikidata") / "db"
    subprocess.run([exe, "load", "--location", str(location), "--file", str(FIXTURE)],
                   check=True, capture_output=True, timeout=60)
    for _ in range(3):  # the port may be taken between choosing and binding it
        port = free_port()
        url = f"http://127.0.0.1:{port}/query"
        proc = subprocess.Popen([exe, "serve-read-only", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 20
        while proc.poll() is None and time.monotonic() < deadline and not _answers(url):
            time.sleep(0.05)
        if proc.poll() is None and _answers(url):
            break
        proc.kill()
        proc.wait(5)
    else:
        pytest.fail("the local Oxigraph server did not start")
    try:
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)
        if proc.stderr:
            proc.stderr.close()


class Stub:
    """A local HTTP server answering from a script of (status, headers, body)."""

    def __init__(self) -> None:
        self.script: deque[tuple[int, dict[str, str], bytes]] = deque()
        self.requests: list[tuple[dict[str, str], str]] = []
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", 0))
                body = urllib.parse.parse_qs(self.rfile.read(length).decode())
                stub.requests.append((dict(self.headers), body.get("query", [""])[0]))
                status, headers, payload = stub.script.popleft() if stub.script else (500, {}, b"script empty")
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/sparql"
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.02,), daemon=True)
        self.thread.start()

    def ok(self, bindings: list[dict] | None = None) -> None:
        body = json.dumps({"head": {"vars": ["value", "item"]}, "results": {"bindings": bindings or []}})
        self.script.append((200, {"Content-Type": "application/sparql-results+json"}, body.encode()))

    def fail(self, status: int, **headers: str) -> None:
        self.script.append((status, {k.replace("_", "-"): v for k, v in headers.items()}, b"nope"))

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def stub() -> Iterator[Stub]:
    s = Stub()
    yield s
    s.close()


@pytest.fixture(autouse=True)
def _no_waiting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(WikidataClient, "BACKOFF_BASE", 0.0)
    monkeypatch.setattr(WikidataClient, "BACKOFF_MAX", 0.0)
    # urllib honours *_proxy variables; local servers must be reached directly
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")


def client_for(url: str, cache_dir: Path, **kwargs: object) -> tuple[WikidataClient, list[float]]:
    client = WikidataClient(url, cache_dir=cache_dir, timeout=10, **kwargs)  # type: ignore[arg-type]
    sleeps: list[float] = []
    client._sleep = sleeps.append
    return client, sleeps


# ------------------------------------------------------------------ lookups


def test_lookups_against_local_endpoint(endpoint: str, tmp_path: Path) -> None:
    client, _ = client_for(endpoint, tmp_path)
    symbols = ["A/HRC/RES/53/30", "S/RES/2623(2022)", "A/ES-11/1", "X/NONE/1", 'A/"q"\\ }\n']
    assert client.qids_by_un_symbol(symbols) == {
        "A/HRC/RES/53/30": "Q900000001",
        "S/RES/2623(2022)": "Q900000002",  # the fixture spells it "S/RES/2623 (2022)"
    }
    assert client.request_count == 1  # one batched query
    assert client.un_symbol_candidates(["A/ES-11/1"]) == {"A/ES-11/1": ["Q900000003", "Q900000004"]}
    assert client.qids_by_iso3(["ukr", "XAA", "ZZZ"]) == {"ukr": "Q900000010", "XAA": "Q900000011"}
    assert client.labels(["Q900000001", "Q900000010", "Q900000002", "Q900000011"]) == {
        "Q900000001": {"en": "Human Rights Council resolution 53/30 (fake)", "zh": "人权理事会第53/30号决议（虚构）"},
        "Q900000002": {"en": "Security Council resolution 2623 (fake)"},
        "Q900000010": {"en": "Ukraine (fake item)", "zh": "乌克兰（虚构条目）"},
    }
    assert client.labels(["Q900000001"], langs=("fr",)) == {"Q900000001": {"fr": "résolution 53/30 (fictive)"}}
    assert client.redirects(["Q900000020", "Q900000001"]) == {"Q900000020": "Q900000010"}
    assert client.request_count == 6


def test_batches_and_rejects_bad_keys(endpoint: str, tmp_path: Path) -> None:
    client, _ = client_for(endpoint, tmp_path)
    client.BATCH_SIZE = 2
    found = client.qids_by_iso3(["UKR", "XAA", "AAA", "BBB", "CCC"])
    assert found == {"UKR": "Q900000010", "XAA": "Q900000011"}
    assert client.request_count == 3
    with pytest.raises(ValueError):
        client.labels(["Q1 } DROP ALL"])
    with pytest.raises(ValueError):
        client.labels(["Q1"], langs=('en") || true || ("',))
    with pytest.raises(ValueError):
        client.items_by_property("P1> ?x <", ["a"])


def test_cache_second_run_sends_no_request(endpoint: str, tmp_path: Path) -> None:
    first, _ = client_for(endpoint, tmp_path)
    a = (first.qids_by_un_symbol(["A/HRC/RES/53/30"]), first.qids_by_iso3(["UKR"]), first.labels(["Q900000001"]))
    assert first.request_count == 3
    files = sorted(tmp_path.glob("*.json"))
    assert len(files) == 3
    entry = json.loads(files[0].read_text(encoding="utf-8"))
    assert entry["endpoint"] == endpoint and entry["query"].startswith("#Tool: unkg/")
    assert dt.datetime.fromisoformat(entry["fetched"]).tzinfo is not None

    second, _ = client_for(endpoint, tmp_path)
    b = (second.qids_by_un_symbol(["A/HRC/RES/53/30"]), second.qids_by_iso3(["UKR"]), second.labels(["Q900000001"]))
    assert a == b
    assert second.request_count == 0 and second.cache_hits == 3

    # past max_age the answer is fetched again; a corrupt file is refetched, not trusted
    stale, _ = client_for(endpoint, tmp_path, max_age=dt.timedelta(days=30))
    stale._now = lambda: dt.datetime.now(dt.UTC) + dt.timedelta(days=31)
    assert stale.qids_by_iso3(["UKR"]) == {"UKR": "Q900000010"}
    assert stale.request_count == 1
    for f in tmp_path.glob("*.json"):
        f.write_text("{not json", encoding="utf-8")
    again, _ = client_for(endpoint, tmp_path)
    assert again.qids_by_iso3(["UKR"]) == {"UKR": "Q900000010"} and again.request_count == 1


def test_cache_can_be_disabled(endpoint: str, tmp_path: Path) -> None:
    client, _ = client_for(endpoint, tmp_path / "c", cache=False)
    client.qids_by_iso3(["UKR"])
    client.qids_by_iso3(["UKR"])
    assert client.request_count == 2
    assert not (tmp_path / "c").exists()


# ------------------------------------------------------------------ politeness and errors


def test_polite_headers_and_tool_comment(stub: Stub, tmp_path: Path) -> None:
    stub.ok([{"value": {"type": "literal", "value": "UKR"},
              "item": {"type": "uri", "value": "http://www.wikidata.org/entity/Q900000010"}}])
    client, _ = client_for(stub.url, tmp_path)
    assert client.qids_by_iso3(["UKR"]) == {"UKR": "Q900000010"}
    headers, query = stub.requests[0]
    assert headers["User-Agent"] == USER_AGENT
    assert USER_AGENT.startswith("unkg/0.1.0 (https://w3id.org/unkg; knowledge graph of UN documents)")
    assert query.startswith("#Tool: unkg/")
    assert '"UKR"' in query and "wdt:P298" in query


def test_503_then_200_is_retried(stub: Stub, tmp_path: Path) -> None:
    stub.fail(503)
    stub.ok()
    client, sleeps = client_for(stub.url, tmp_path)
    assert client.qids_by_un_symbol(["A/1"]) == {}
    assert client.request_count == 2 and sleeps == [0.0]


def test_429_honours_retry_after(stub: Stub, tmp_path: Path) -> None:
    stub.fail(429, Retry_After="7")
    stub.fail(503, Retry_After=format_datetime(dt.datetime(2025, 3, 1, 12, 0, 30, tzinfo=dt.UTC), usegmt=True))
    stub.ok()
    client, sleeps = client_for(stub.url, tmp_path)
    client._now = lambda: NOW
    client.qids_by_iso3(["UKR"])
    assert sleeps == [7.0, 30.0] and client.request_count == 3


def test_retry_after_too_long_aborts(stub: Stub, tmp_path: Path) -> None:
    stub.fail(429, Retry_After="3600")
    client, sleeps = client_for(stub.url, tmp_path)
    with pytest.raises(RunAbort, match="3600 s"):
        client.qids_by_iso3(["UKR"])
    assert sleeps == [] and client.request_count == 1


@pytest.mark.parametrize("status", [401, 403])
def test_refusal_aborts_without_retry(stub: Stub, tmp_path: Path, status: int) -> None:
    stub.fail(status)
    client, _ = client_for(stub.url, tmp_path)
    with pytest.raises(RunAbort, match=f"{stub.url}.*HTTP {status}"):
        client.qids_by_iso3(["UKR"])
    assert client.request_count == 1
    assert not list(tmp_path.glob("*.json"))


def test_bad_query_aborts_without_retry(stub: Stub, tmp_path: Path) -> None:
    stub.fail(400)
    client, _ = client_for(stub.url, tmp_path)
    with pytest.raises(RunAbort, match="rejected the query"):
        client.qids_by_iso3(["UKR"])
    assert client.request_count == 1


def test_persistent_failure_aborts_naming_endpoint(stub: Stub, tmp_path: Path) -> None:
    for _ in range(3):
        stub.fail(500)
    client, sleeps = client_for(stub.url, tmp_path, retries=2)
    with pytest.raises(RunAbort, match=f"{stub.url} did not answer after 3 attempt"):
        client.qids_by_iso3(["UKR"])
    assert client.request_count == 3 and len(sleeps) == 2


def test_unreachable_endpoint_aborts(tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{free_port()}/sparql"  # nothing listens there
    client, _ = client_for(url, tmp_path, retries=1)
    with pytest.raises(RunAbort, match=f"{url} did not answer after 2 attempt"):
        client.qids_by_iso3(["UKR"])


def test_endpoint_must_be_http(tmp_path: Path) -> None:
    with pytest.raises(RunAbort):
        WikidataClient("file:///etc/passwd", cache_dir=tmp_path)


# ------------------------------------------------------------------ linker


def small_store(minter: Minter) -> Store:
    """Reference graph: FRA (QID), UKR (no QID), DEU (merged QID), organ GA; three Works."""
    store = Store()
    ref = minter.reference_graph()
    fra, ukr, deu, ga = minter.state("FRA"), minter.state("UKR"), minter.state("DEU"), minter.organ("GA")
    quads = [
        Quad(fra, RDF_TYPE, UNKG.State, ref), Quad(fra, UNKG.iso3, Literal("FRA"), ref),
        Quad(fra, SKOS.exactMatch, WD.Q900000090, ref),
        Quad(ukr, RDF_TYPE, UNKG.State, ref), Quad(ukr, UNKG.iso3, Literal("UKR"), ref),
        Quad(deu, RDF_TYPE, UNKG.State, ref), Quad(deu, UNKG.iso3, Literal("DEU"), ref),
        Quad(deu, SKOS.exactMatch, WD.Q900000020, ref),
        Quad(ga, RDF_TYPE, UNKG.Organ, ref), Quad(ga, SKOS.exactMatch, WD.Q900000091, ref),
    ]
    for symbol in ("A/HRC/RES/53/30", "A/ES-11/1", "A/NONE/1"):
        work = minter.work(symbol, "")
        graph = Minter.graph(Minter.expression(work, "en"))
        quads += [Quad(work, RDF_TYPE, UNKG.Work, graph), Quad(work, UNKG.symbol, Literal(symbol), graph)]
    store.extend(quads)
    return store


def test_link_store_offline_reports_reference_links() -> None:
    minter = Minter()
    store = small_store(minter)
    report = link_store(store, minter, client=None, now=NOW)
    assert [(lk.entity, lk.kind, lk.qid, lk.source) for lk in report.links] == [
        (minter.organ("GA").value, "organ", "Q900000091", REFERENCE_SOURCE),
        (minter.state("DEU").value, "state", "Q900000020", REFERENCE_SOURCE),
        (minter.state("FRA").value, "state", "Q900000090", REFERENCE_SOURCE),
    ]
    assert (minter.state("UKR").value, "state") in report.unmatched
    assert report.counts()["work"] == {"reference": 0, "online": 0, "unmatched": 3}
    assert report.graph is None and report.requests == 0
    assert not store.contains_named_graph(links_graph(minter))


def test_link_store_online_writes_links_graph(endpoint: str, tmp_path: Path) -> None:
    minter = Minter()
    store = small_store(minter)
    graph = links_graph(minter)
    store.add(Quad(NamedNode("https://example.org/stale"), SKOS.exactMatch, WD.Q1, graph))
    client, _ = client_for(endpoint, tmp_path)

    report = link_store(store, minter, client=client, now=NOW)

    work = minter.work("A/HRC/RES/53/30", "")
    online = [(lk.entity, lk.kind, lk.qid, lk.key, lk.label) for lk in report.links if lk.source == endpoint]
    assert online == [
        (minter.state("UKR").value, "state", "Q900000010", "UKR", "Ukraine (fake item)"),
        (work.value, "work", "Q900000001", "A/HRC/RES/53/30", "Human Rights Council resolution 53/30 (fake)"),
    ]
    assert report.ambiguous == [(minter.work("A/ES-11/1", "").value, "A/ES-11/1", ("Q900000003", "Q900000004"))]
    assert report.unmatched == [(minter.work("A/NONE/1", "").value, "work")]
    assert any("Q900000020" in w and "Q900000010" in w for w in report.warnings)
    assert report.graph == graph.value and report.requests == client.request_count > 0

    # the links graph: replaced (stale link gone), exactMatch only, described with provenance
    in_graph = set(store.quads_for_pattern(None, None, None, graph))
    links = {(q.subject, q.object) for q in in_graph if q.predicate == SKOS.exactMatch}
    assert links == {(work, WD.Q900000001), (minter.state("UKR"), WD.Q900000010)}
    assert not any(q.predicate == OWL.sameAs for q in store)
    rows = list(store.query(
        "SELECT ?endpoint ?ended WHERE { GRAPH ?g { ?g a void:Linkset ; dcterms:source ?endpoint ; "
        "prov:wasGeneratedBy ?a . ?a a prov:Activity ; prov:used ?endpoint ; prov:endedAtTime ?ended } }",
        prefixes={"void": VOID.base, "dcterms": DCTERMS.base, "prov": PROV.base},
    ))
    assert [(r["endpoint"].value, r["ended"].value) for r in rows] == [(endpoint, "2025-03-01T12:00:00Z")]

    # a second identical run sends no request and writes the same links
    again, _ = client_for(endpoint, tmp_path)
    second = link_store(store, minter, client=again, now=NOW + dt.timedelta(hours=1))
    assert again.request_count == 0 and second.requests == 0
    assert second.links == report.links
    assert {(q.subject, q.object) for q in store.quads_for_pattern(None, SKOS.exactMatch, None, graph)} == links

    # offline afterwards: the stored online links are reported with their endpoint
    offline = link_store(store, minter, client=None, now=NOW)
    assert {(lk.qid, lk.source) for lk in offline.links} >= {("Q900000001", endpoint), ("Q900000010", endpoint)}


def test_link_store_online_failure_leaves_store_untouched(stub: Stub, tmp_path: Path) -> None:
    minter = Minter()
    store = small_store(minter)
    before = set(store)
    stub.fail(403)
    client, _ = client_for(stub.url, tmp_path)
    with pytest.raises(RunAbort):
        link_store(store, minter, client=client, now=NOW)
    assert set(store) == before


def test_link_store_with_bundled_reference_data() -> None:
    minter = Minter("https://example.org/un/")
    store = Store()
    sync_static(store, minter)
    counts = link_store(store, minter, client=None, now=NOW).counts()
    assert counts["state"]["reference"] == 195 and counts["state"]["unmatched"] == 0
    assert counts["organ"]["reference"] >= 4


def test_link_store_needs_aware_time() -> None:
    with pytest.raises(ValueError):
        link_store(Store(), Minter(), client=None, now=dt.datetime(2025, 1, 1))


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_unwritable_cache_aborts(endpoint: str, tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a directory")
    client, _ = client_for(endpoint, blocked / "cache")
    with pytest.raises(RunAbort, match="cache"):
        client.qids_by_iso3(["UKR"])


def test_cli_link_against_local_endpoint_then_from_cache(endpoint: str, tmp_path: Path) -> None:
    """`unkg link --endpoint` end to end: links written, second run answered by the cache."""
    import csv
    import io
    import subprocess
    import sys

    seeds = Path(__file__).parents[1] / "fixtures" / "seeds"
    store, cache = tmp_path / "store", tmp_path / "cache"

    def unkg(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "unkg.cli", *args], capture_output=True, text=True, timeout=300)

    assert unkg("build", str(seeds / "001_c316506c3c2794f5.txt"), "--store", str(store), "-q").returncode == 0
    first = unkg("link", "--endpoint", endpoint, "--cache-dir", str(cache), "--store", str(store))
    assert first.returncode == 0, first.stderr
    assert "work: 0 from reference data, 1 online" in first.stderr
    sent = int(first.stderr.split("request(s) sent")[0].rsplit(" ", 2)[-2])
    assert sent >= 1
    second = unkg("link", "--endpoint", endpoint, "--cache-dir", str(cache), "--store", str(store))
    assert second.returncode == 0, second.stderr
    assert ": 0 request(s) sent" in second.stderr
    out = unkg("query", "wikidata-links", "--format", "csv", "--store", str(store))
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    docs = [(r["entity"], r["qid"]) for r in rows if r["kind"] == "document"]
    assert docs == [("https://w3id.org/unkg/doc/A/HRC/RES/53/30", "Q900000001")]
