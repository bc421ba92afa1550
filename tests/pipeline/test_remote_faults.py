"""Faults between unkg and a remote store (an Oxigraph server behind a fault-injecting proxy),
in the middle of a build: answers 5xx, timeouts, dropped connections, a request body cut off,
and a server that goes away for good.

Transient faults are retried with backoff and the build ends with the same store as a clean
build; persistent ones end in a clear error (exit 2, no traceback, naming the server and the
reason) with no document graph half written; and the build started again resumes (documents
already loaded are skipped by checksum) and ends with the same store as a clean build."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from pyoxigraph import NamedNode, Quad

from conftest import DEV, SEEDS, run_cli
from sparql_servers import FaultProxy, env_with, fast_retries, oxigraph_server
from unkg.remote import RemoteStore
from unkg.store import open_store

INPUTS = [str(SEEDS), str(DEV / "A_HRC_RES_56_17.en.txt")]
N_DOCS = 5


def _graphs(store: object) -> dict[NamedNode, set[Quad]]:
    graphs = store.named_graphs()  # type: ignore[attr-defined]
    return {g: set(store.quads_for_pattern(None, None, None, g)) for g in graphs}  # type: ignore[attr-defined]


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> dict[NamedNode, set[Quad]]:
    """Every graph of a clean build (embedded store, same inputs, same build time)."""
    store = tmp_path_factory.mktemp("clean") / "store"
    r = run_cli("build", *INPUTS, "--store", str(store), "-q", env=env_with())
    assert r.returncode == 0, r.stderr
    graphs = _graphs(open_store(store, read_only=True))
    assert len(graphs) == N_DOCS + 2  # the documents, the ontology and the reference data
    return graphs


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with oxigraph_server(tmp_path_factory.mktemp("oxigraph") / "db") as url:
        yield url


@pytest.fixture()
def empty(server: str) -> str:
    """The server, emptied."""
    RemoteStore(server).update("DROP ALL")
    return server


def _build(url: str, **env: str) -> tuple[int, str]:
    r = run_cli("build", *INPUTS, "--store", url, "--store-kind", "oxigraph", env=env_with(**fast_retries(), **env))
    return r.returncode, r.stderr


def test_transient_faults_are_retried(empty: str, clean: dict[NamedNode, set[Quad]]) -> None:
    """One fault of each kind, each on a different request (and the retry of each goes through);
    every one is retried, and the build ends as a clean build would."""
    puts: list[int] = []
    others: list[int] = []

    def plan(n: int, method: str, path: str, body: bytes) -> str:
        if method == "PUT":
            puts.append(n)
            return {1: "cut", 3: "500-after", 5: "drop-after", 7: "timeout"}.get(len(puts), "")
        others.append(n)
        return {3: "503", 6: "drop", 9: "timeout", 12: "503"}.get(len(others), "")

    proxy = FaultProxy(empty, plan)
    try:
        code, err = _build(proxy.url)
    finally:
        proxy.close()
    assert code == 0 and "Traceback" not in err, err
    assert f"{N_DOCS} loaded, 0 unchanged" in err, err
    injected = sorted({fault for *_, fault in proxy.log if fault})
    assert injected == ["500-after", "503", "cut", "drop", "drop-after", "timeout"], proxy.log
    assert _graphs(RemoteStore(empty)) == clean


@pytest.mark.parametrize("fault", ["down", "503"])
def test_persistent_fault_stops_cleanly_and_the_build_resumes(empty: str, clean: dict[NamedNode, set[Quad]],
                                                              fault: str) -> None:
    """After the third document graph is written, the server goes away for good (or answers 503 to
    everything): a clear error, no graph half there; the next build skips what was loaded."""
    puts: list[int] = []
    broken: list[int] = []

    def plan(n: int, method: str, path: str, body: bytes) -> str:
        if method == "PUT":
            puts.append(n)
        if broken or len(puts) > 3 + 2:  # the two static graphs (ontology, reference data), then 3 documents
            broken.append(n)
            return fault
        return ""

    proxy = FaultProxy(empty, plan)
    try:
        code, err = _build(proxy.url)
    finally:
        proxy.close()
    assert code == 2 and "Traceback" not in err, err
    reason = "Connection refused" if fault == "down" else "HTTP 503"
    assert re.search(rf"\[ERROR\] the SPARQL store at {re.escape(proxy.url)} did not answer after 4 attempts "
                     rf"\([^)]*{reason}", err), err
    # nothing half written: every graph on the server is the clean build's graph, or absent
    graphs = _graphs(RemoteStore(empty))
    assert graphs and all(graphs[g] == clean.get(g) for g in graphs), sorted(g.value for g in graphs)
    loaded = len(graphs) - 2
    assert loaded == 3
    # the build started again resumes: the documents already loaded are skipped by checksum
    code, err = _build(empty)
    assert code == 0, err
    assert f"{N_DOCS - loaded} loaded, {loaded} unchanged" in err, err
    assert _graphs(RemoteStore(empty)) == clean


def test_put_cut_off_mid_body_is_not_applied(empty: str, clean: dict[NamedNode, set[Quad]]) -> None:
    """Every write is a PUT cut off half-way (the server goes on waiting for the rest, then the
    connection is gone): nothing at all is written, and the error says so."""
    proxy = FaultProxy(empty, lambda n, method, path, body: "cut" if method == "PUT" else "")
    try:
        code, err = _build(proxy.url)
    finally:
        proxy.close()
    assert code == 2 and "Traceback" not in err, err
    assert "did not answer after 4 attempts" in err, err
    assert _graphs(RemoteStore(empty)) == {}
