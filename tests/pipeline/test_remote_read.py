"""Reading a remote store: exports, the search index and `unkg serve` give the same answers from an
Oxigraph or Virtuoso server as from an embedded store built from the same inputs."""

from __future__ import annotations

import json
import subprocess
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from conftest import DEV, run_cli
from liveserver import start_server, stop_server
from sparql_servers import VIRTUOSO_USER, env_with, oxigraph, virtuoso  # noqa: F401 (fixtures)

INPUTS = [str(DEV / "A_HRC_RES_54_2.en.txt"), str(DEV / "A_HRC_RES_54_2.zh.txt"), str(DEV / "S_2024_383.en.txt")]
SERVERS = ["oxigraph", "virtuoso"]
CREDENTIALS = {"oxigraph": {}, "virtuoso": VIRTUOSO_USER}


@pytest.fixture(scope="module")
def embedded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    local = tmp_path_factory.mktemp("embedded") / "store"
    r = run_cli("build", *INPUTS, "--store", str(local), "-q", "-j", "1", env=env_with())
    assert r.returncode == 0, r.stderr
    return local


@pytest.fixture(scope="module")
def built(request: pytest.FixtureRequest, embedded: Path) -> Callable[[str], str]:
    """A server (started on first use) that a build filled with the same documents."""
    urls: dict[str, str] = {}

    def build(kind: str) -> str:
        if kind not in urls:
            url = request.getfixturevalue(kind)
            r = run_cli("build", *INPUTS, "--store", url, "-q", "-j", "1", env=env_with(**CREDENTIALS[kind]))
            assert r.returncode == 0, r.stderr
            urls[kind] = url
        return urls[kind]

    return build


def cli(kind: str | None, *args: str, **extra: str) -> subprocess.CompletedProcess[str]:
    r = run_cli(*args, env=env_with(**(CREDENTIALS[kind] if kind else {}), **extra))
    assert r.returncode == 0, r.stderr
    return r


# --- export ----------------------------------------------------------------------------------

@pytest.mark.parametrize("kind", SERVERS)
def test_export_from_a_server_is_byte_identical(built: Callable[[str], str], embedded: Path, kind: str,
                                                tmp_path: Path) -> None:
    url = built(kind)
    cli(None, "export", "--format", "all", "--store", str(embedded), "-o", str(tmp_path / "local"))
    cli(kind, "export", "--format", "all", "--store", url, "-o", str(tmp_path / "remote"), TMPDIR=str(tmp_path))
    names = sorted(p.name for p in (tmp_path / "local").iterdir())
    assert names == ["SHA256SUMS", "unkg.jsonld", "unkg.nq", "unkg.nt", "unkg.trig", "unkg.ttl", "void.ttl"]
    assert sorted(p.name for p in (tmp_path / "remote").iterdir()) == names
    for name in names:
        assert (tmp_path / "remote" / name).read_bytes() == (tmp_path / "local" / name).read_bytes(), name
    assert (tmp_path / "local" / "unkg.nq").stat().st_size > 10_000
    # one format to standard output, and the temporary copy is gone afterwards
    one = cli(kind, "export", "--format", "ttl", "--store", url, TMPDIR=str(tmp_path))
    assert one.stdout.encode() == (tmp_path / "local" / "unkg.ttl").read_bytes()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith("unkg-snapshot-")]


# --- search ----------------------------------------------------------------------------------

def _hits(kind: str | None, store: str, text: str, **extra: str) -> list[dict[str, object]]:
    r = cli(kind, "search", text, "--store", store, "--format", "json", "--limit", "50", **extra)
    return json.loads(r.stdout)["hits"]


@pytest.mark.parametrize("kind", SERVERS)
def test_index_and_search_a_server(built: Callable[[str], str], embedded: Path, kind: str, tmp_path: Path) -> None:
    url = built(kind)
    r = cli(kind, "index", "--store", url, XDG_CACHE_HOME=str(tmp_path / "cache"))
    port = urllib.parse.urlsplit(url).port
    index = tmp_path / "cache" / "unkg" / "search" / f"127.0.0.1_{port}.sqlite"
    assert index.is_file() and str(index) in r.stderr, r.stderr
    for text in ("人权", "human rights"):
        local = _hits(None, str(embedded), text)
        assert local, text
        assert _hits(kind, url, text, XDG_CACHE_HOME=str(tmp_path / "cache")) == local
        # an index file of one's choosing, refreshed by the search itself
        assert _hits(kind, url, text, UNKG_SEARCH_INDEX=str(tmp_path / "mine.sqlite")) == local
    assert (tmp_path / "mine.sqlite").is_file()


# --- serve -----------------------------------------------------------------------------------

def _start(store: str, kind: str | None) -> tuple[subprocess.Popen[bytes], str]:
    return start_server(store, "--workers", "1", "--timeout", "5", env=env_with(**(CREDENTIALS[kind] if kind else {})))


def _get(url: str, accept: str | None = None, data: bytes | None = None,
         ctype: str | None = None) -> tuple[int, bytes]:
    headers = {k: v for k, v in (("Accept", accept), ("Content-Type", ctype)) if v}
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(urllib.request.Request(url, data=data, headers=headers), timeout=30) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


@pytest.fixture(scope="module")
def local_server(embedded: Path) -> Iterator[str]:
    proc, url = _start(str(embedded), None)
    yield url
    stop_server(proc)


SELECT = ("SELECT ?p ?text WHERE { ?p <https://w3id.org/unkg/def/text> ?text } ORDER BY ?p LIMIT 5")
PARAGRAPH = "doc/A/HRC/RES/54/2/zh/main/p1"


@pytest.mark.parametrize("kind", SERVERS)
def test_serve_a_server(built: Callable[[str], str], local_server: str, kind: str) -> None:
    proc, url = _start(built(kind), kind)
    try:
        # a page, its Turtle description, content negotiation
        status, html = _get(f"{url}/{PARAGRAPH}.html")
        assert status == 200
        _, local_html = _get(f"{local_server}/{PARAGRAPH}.html")
        text = json.loads(_get(f"{local_server}/sparql?query=" + urllib.parse.quote(
            f"SELECT ?t WHERE {{ <https://w3id.org/unkg/{PARAGRAPH}> <https://w3id.org/unkg/def/text> ?t }}"),
            "application/sparql-results+json")[1])["results"]["bindings"][0]["t"]["value"]
        assert text[:20] in html.decode()
        assert html == local_html
        for media in ("text/turtle", "application/n-triples", "application/ld+json"):
            status, body = _get(f"{url}/{PARAGRAPH}", media)
            assert status == 200
            # (the description names the document it is in: the server's own URL)
            assert body.replace(url.encode(), b"SERVER") == _get(f"{local_server}/{PARAGRAPH}", media)[1].replace(
                local_server.encode(), b"SERVER"), media
        # /sparql: the same answers, in every result format
        q = urllib.parse.quote(SELECT)
        for media in ("application/sparql-results+json", "text/csv", "application/sparql-results+xml"):
            status, body = _get(f"{url}/sparql?query={q}", media)
            assert status == 200, body
            assert body == _get(f"{local_server}/sparql?query={q}", media)[1]
        construct = urllib.parse.quote(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ BIND(<https://w3id.org/unkg/{PARAGRAPH}> "
                                       "AS ?s) ?s ?p ?o }")
        status, body = _get(f"{url}/sparql?query={construct}", "application/n-triples")
        assert status == 200 and body
        assert sorted(body.splitlines()) == sorted(_get(f"{local_server}/sparql?query={construct}",
                                                        "application/n-triples")[1].splitlines())
        ask = urllib.parse.quote("ASK { ?s a <https://w3id.org/unkg/def/Expression> }")
        assert json.loads(_get(f"{url}/sparql?query={ask}")[1])["boolean"] is True
        # the safety rules hold
        assert _get(f"{url}/sparql", data=b"INSERT DATA { <a:a> <a:b> <a:c> }",
                    ctype="application/sparql-update")[0] == 403
        assert _get(f"{url}/sparql?query=" + urllib.parse.quote(
            "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"))[0] == 403
        assert _get(f"{url}/sparql?query=" + urllib.parse.quote("SELECT * WHERE { ?s ?p"))[0] == 400
    finally:
        stop_server(proc)


def test_validate_and_link_refuse_a_url(oxigraph: str) -> None:
    for args in (["validate"], ["link"]):
        r = run_cli(*args, "--store", oxigraph)
        assert r.returncode == 2 and "remote store" in r.stderr and "directory only" in r.stderr, (args, r.stderr)
