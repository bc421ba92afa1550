"""Remote stores: an Oxigraph server and a Virtuoso 7 server, each started here on free loopback
ports. The build writes through the Graph Store Protocol and SPARQL 1.1 Update, and every canned
query gives the same answer (same rows, same RDF terms) as on the embedded store."""

from __future__ import annotations

import json
import socket
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Callable
from functools import cache
from pathlib import Path

import pytest
from pyoxigraph import Literal, NamedNode, Quad

from conftest import DEV, SEEDS, free_port, run_cli
from sparql_servers import VIRTUOSO_USER, FaultProxy, env_with, oxigraph, virtuoso  # noqa: F401 (fixtures)
from unkg import query as q
from unkg.errors import RunAbort
from unkg.remote import RemoteStore
from unkg.store import document_graphs, open_store

INPUTS = [str(SEEDS), str(DEV / "A_HRC_RES_54_2.en.txt"), str(DEV / "A_HRC_RES_54_2.zh.txt"),
          str(DEV / "A_HRC_RES_56_17.en.txt"), str(DEV / "A_RES_79_81.en.txt"), str(DEV / "S_2024_383.en.txt")]
SERVERS = ["oxigraph", "virtuoso"]
CREDENTIALS = {"oxigraph": {}, "virtuoso": VIRTUOSO_USER}


def remote_store(url: str, server: str, **kw: object) -> RemoteStore:
    """A RemoteStore in this process, with the server's credentials from the environment."""
    with pytest.MonkeyPatch.context() as mp:
        for k, v in CREDENTIALS[server].items():
            mp.setenv(k, v)
        return RemoteStore(url, **kw)  # type: ignore[arg-type]


def store_quads(store: object) -> set[Quad]:
    """Every quad of every named graph."""
    graphs = store.named_graphs()  # type: ignore[attr-defined]
    return {quad for g in graphs for quad in store.quads_for_pattern(None, None, None, g)}  # type: ignore[attr-defined]


@pytest.fixture(scope="module")
def embedded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    local = tmp_path_factory.mktemp("embedded") / "store"
    r = run_cli("build", *INPUTS, "--store", str(local), "-q", "-j", "1", env=env_with())
    assert r.returncode == 0, r.stderr
    return local


@pytest.fixture(scope="module")
def built(request: pytest.FixtureRequest, embedded: Path) -> Callable[[str], str]:
    """The servers that the build (a fresh process, kind detected) filled with the same documents."""
    urls: dict[str, str] = {}

    def build(kind: str) -> str:
        if kind not in urls:
            url = request.getfixturevalue(kind)
            r = run_cli("build", *INPUTS, "--store", url, "-q", "-j", "1", env=env_with(**CREDENTIALS[kind]))
            assert r.returncode == 0, r.stderr
            local = open_store(embedded, read_only=True)
            assert f"store: {len(local)} quads in {url}" in r.stderr, r.stderr
            urls[kind] = url
        return urls[kind]

    return build


@cache
def _answers(store: object, name: str) -> list[str]:
    """The canned query's answer with its example parameters: sorted rows of SPARQL JSON terms
    (so types, datatypes and language tags count, not only the lexical values)."""
    cq = q.registry()[name]
    params = {p.name: p.example for p in cq.params if p.example is not None
              and (p.required or not cq.requires_one_of or p.name == cq.requires_one_of[0])}
    rows = json.loads(q.to_json(q.run(store, name, params)))["results"]["bindings"]  # type: ignore[arg-type]
    return sorted(json.dumps(row, sort_keys=True, ensure_ascii=False) for row in rows)


@pytest.fixture(scope="module")
def local_store(embedded: Path) -> object:
    return open_store(embedded, read_only=True)


@pytest.mark.parametrize("kind", SERVERS)
@pytest.mark.parametrize("name", sorted(q.registry()))
def test_every_canned_query_answers_the_same(built: Callable[[str], str], local_store: object, kind: str,
                                             name: str) -> None:
    store = remote_store(built(kind), kind)
    assert _answers(store, name) == _answers(local_store, name)


@pytest.mark.parametrize("kind", SERVERS)
def test_the_servers_hold_the_same_graphs(built: Callable[[str], str], local_store: object, kind: str) -> None:
    store = remote_store(built(kind), kind)
    assert store.kind == kind
    assert document_graphs(store) == document_graphs(local_store)  # type: ignore[arg-type]
    assert store_quads(store) == store_quads(local_store)


@pytest.mark.parametrize("kind", SERVERS)
def test_rebuild_against_the_server_skips_by_checksum(built: Callable[[str], str], kind: str) -> None:
    url = built(kind)
    r = run_cli("build", *INPUTS, "--store", url, "--store-kind", kind, env=env_with(**CREDENTIALS[kind]))
    assert r.returncode == 0 and "0 loaded, 9 unchanged, 0 rejected" in r.stderr, r.stderr


def test_query_from_the_command_line(built: Callable[[str], str]) -> None:
    for kind in SERVERS:
        r = run_cli("query", "vote-tally", "-p", "symbol=A/HRC/RES/53/30", "--format", "csv",
                    "--store", built(kind), "--store-kind", kind, env=env_with(**CREDENTIALS[kind]))
        assert r.returncode == 0 and r.stdout.startswith("option,"), r.stderr


def test_server_down_is_a_clear_error() -> None:
    port = free_port()
    t = time.monotonic()
    r = run_cli("query", "documents", "--store", f"http://127.0.0.1:{port}", env=env_with(UNKG_STORE_BACKOFF="0.05"))
    assert r.returncode == 2 and "did not answer" in r.stderr and f"127.0.0.1:{port}" in r.stderr, r.stderr
    assert "Traceback" not in r.stderr and time.monotonic() - t < 30


def test_credentials_from_the_environment_or_netrc(oxigraph: str, tmp_path: Path) -> None:
    """A server behind HTTP Basic authentication (a proxy here): the credentials come from the
    environment or ~/.netrc; wrong or missing ones are a clear error."""
    proxy = FaultProxy(oxigraph, lambda n, method, path, body: "", basic_auth="reader:s3cret")
    try:
        args = ["query", "vote-tally", "-p", "symbol=A/HRC/RES/53/30", "--store", proxy.url, "--store-kind", "oxigraph"]
        r = run_cli(*args, env=env_with(UNKG_STORE_USER="reader", UNKG_STORE_PASSWORD="s3cret"))
        assert r.returncode == 0, r.stderr
        (tmp_path / ".netrc").write_text("machine 127.0.0.1 login reader password s3cret\n", encoding="utf-8")
        (tmp_path / ".netrc").chmod(0o600)
        r = run_cli(*args, env=env_with(HOME=str(tmp_path)))
        assert r.returncode == 0, r.stderr
        r = run_cli(*args, env=env_with(UNKG_STORE_USER="reader", UNKG_STORE_PASSWORD="wrong"))
        assert r.returncode == 2 and "refused access to user reader (401" in r.stderr and "Traceback" not in r.stderr
        r = run_cli(*args[:-2], env=env_with(HOME=str(tmp_path / "nowhere")))
        assert r.returncode == 2 and "401" in r.stderr and "UNKG_STORE_USER" in r.stderr, r.stderr
    finally:
        proxy.close()


# --- a test graph ---------------------------------------------------------------------------------

G = NamedNode("https://example.org/atomicity/graph")


def _graph(tag: str, n: int) -> list[Quad]:
    return [Quad(NamedNode(f"https://example.org/s{i}"), NamedNode("https://example.org/p"), Literal(f"{tag}{i}"), G)
            for i in range(n)] + [Quad(G, NamedNode("https://example.org/marker"), Literal(tag), G)]


def _tags(store: RemoteStore) -> dict[str, int]:
    rows = store.query(f"SELECT ?t (COUNT(*) AS ?n) WHERE {{ GRAPH <{G.value}> {{ ?s ?p ?o }} "
                       "BIND(SUBSTR(STR(?o), 1, 1) AS ?t) } GROUP BY ?t")
    return {r["t"].value: int(r["n"].value) for r in rows}



# --- Virtuoso specifics --------------------------------------------------------------------------

def test_virtuoso_refusal_is_clear_and_not_retried(virtuoso: str) -> None:
    """Without credentials, Virtuoso's SPARQL user may read but not write: a 500 with a permission
    error, which unkg reports at once instead of retrying it as a server failure."""
    store = RemoteStore(virtuoso, backoff=5)
    t = time.monotonic()
    with pytest.raises(RunAbort, match=f"the SPARQL store at {virtuoso} refused the request .*permission"):
        store.replace_graph(G, _graph("a", 3))
    assert time.monotonic() - t < 5  # not retried (it would have waited 5 + 10 + 20 + 30 s)


def test_virtuoso_answers_cut_off_are_an_error(virtuoso: str) -> None:
    """Virtuoso cuts SELECT answers at ResultSetMaxRows (10 000 here): an error, not a short answer."""
    store = remote_store(virtuoso, "virtuoso")
    numbers = " ".join(str(i) for i in range(101))
    assert len(list(store.query(f"SELECT ?a WHERE {{ VALUES ?a {{ {numbers} }} }}"))) == 101
    with pytest.raises(RunAbort, match="cut the answer off at 10000 rows"):
        store.query(f"SELECT ?a ?b WHERE {{ VALUES ?a {{ {numbers} }} VALUES ?b {{ {numbers} }} }}")


# --- atomicity of one graph's replacement -----------------------------------------------------------

def _raw_put(url: str, body: bytes, cut: bool) -> int | None:
    """PUT ``body`` to Oxigraph's GSP endpoint, or only half of it before closing the connection."""
    host, port = urllib.parse.urlsplit(url).hostname, urllib.parse.urlsplit(url).port
    path = "/store?" + urllib.parse.urlencode({"graph": G.value})
    with socket.create_connection((host, port)) as s:  # type: ignore[arg-type]
        s.sendall(f"PUT {path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/n-triples\r\n"
                  f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n".encode()
                  + body[: len(body) // 2 if cut else None])
        if cut:
            time.sleep(0.5)
            return None
        return int(s.recv(64).split()[1])


def test_oxigraph_put_is_atomic(oxigraph: str) -> None:
    """The GSP PUT that replaces a graph on Oxigraph: a reader meanwhile sees the old graph or the
    new one, never a mixture, part or nothing; a malformed or cut-off body leaves the old graph."""
    store = remote_store(oxigraph, "oxigraph")
    n = 4000
    store.replace_graph(G, _graph("a", n))
    seen: set[tuple[tuple[str, int], ...]] = set()
    stop = threading.Event()

    def read() -> None:
        while not stop.is_set():
            seen.add(tuple(sorted(_tags(store).items())))

    reader = threading.Thread(target=read)
    reader.start()
    try:
        for tag in "bcde":
            store.replace_graph(G, _graph(tag, n))
    finally:
        stop.set()
        reader.join()
    assert seen <= {((t, n + 1),) for t in "abcde"}, seen
    assert len(seen) >= 2  # the reader did run while graphs were replaced
    body = b"".join(f"<https://example.org/s{i}> <https://example.org/p> \"f{i}\" .\n".encode() for i in range(n))
    assert _raw_put(oxigraph, body + b"<https://example.org/x> <https://example.org/p> oops .\n", cut=False) == 400
    assert _tags(store) == {"e": n + 1}
    _raw_put(oxigraph, body, cut=True)
    assert _tags(store) == {"e": n + 1}
    assert _raw_put(oxigraph, body, cut=False) in (200, 201, 204)
    assert _tags(store) == {"f": n}


def test_virtuoso_graph_is_whole_or_unmarked(virtuoso: str) -> None:
    """Virtuoso writes a graph in pieces, so unkg writes the marker (the triples about the graph
    itself) last, after checking the count: the graph is complete exactly when it has its marker."""
    store = remote_store(virtuoso, "virtuoso")
    store.replace_graph(G, _graph("a", 3000))
    assert _tags(store) == {"a": 3001}
    marker = NamedNode("https://example.org/marker")
    assert [quad.object for quad in store.quads_for_pattern(G, marker, None, G)] == [Literal("a")]
    store.replace_graph(G, _graph("b", 5))
    assert _tags(store) == {"b": 6}


def test_virtuoso_unfinished_graph_is_removed(virtuoso: str) -> None:
    """When the marker cannot be written (every INSERT DATA fails), the write fails with a clear
    error and the graph, whose old version is already gone, is dropped rather than left half there."""
    store = remote_store(virtuoso, "virtuoso")
    store.replace_graph(G, _graph("a", 10))
    proxy = FaultProxy(virtuoso, lambda n, method, path, body: "503" if b"INSERT+DATA" in body else "")
    try:
        through = remote_store(proxy.url, "virtuoso", retries=1, backoff=0.01)
        failed = r"did not answer after 2 attempts \(HTTP 503.*the unfinished graph was removed"
        with pytest.raises(RunAbort, match=failed):
            through.replace_graph(G, _graph("b", 10))
    finally:
        proxy.close()
    assert not store.contains_named_graph(G)


def test_generic_kind(virtuoso: str) -> None:
    """--store-kind generic: the URL is the SPARQL endpoint, for queries and updates alike."""
    store = remote_store(virtuoso + "/sparql-auth", "virtuoso", kind="generic")
    assert store.endpoints.gsp is None
    store.replace_graph(G, _graph("g", 50))
    assert _tags(store) == {"g": 51}
    assert set(store.quads_for_pattern(None, None, None, G)) == set(_graph("g", 50))
