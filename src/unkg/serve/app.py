"""The linked-data server: dereferenceable IRIs, a SPARQL 1.1 Protocol endpoint, canned queries,
dumps and HTML pages, on Starlette (ASGI) served by uvicorn.

IRI policy (W3C "Cool URIs", 303 flavour): a resource IRI ``{base}doc/A/RES/79/81`` answers
``303 See Other`` to one of its descriptions, chosen by the ``Accept`` header or ``?format=``:
``doc/A/RES/79/81.html``, ``.ttl``, ``.nt``, ``.jsonld`` (and ``.nq``, ``.trig``, which keep the
named graphs). A description lists what every named graph says about the resource. The store is
opened read-only; nothing here writes.

When the data is published under another host name than the server's, ``base_iri`` (the IRI
base of the data, ``https://w3id.org/unkg/`` by default) is mapped to the server root: request
path ``/doc/X`` is IRI ``{base_iri}doc/X``.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, quote

from jinja2 import Environment, PackageLoader, select_autoescape
from pyoxigraph import NamedNode, Quad, RdfFormat, serialize
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from unkg import __version__
from unkg.errors import QueryError
from unkg.export import dataset_stats, jsonld_bytes, void_description
from unkg.iri import Minter
from unkg.query import registry, run as run_query, to_csv, to_json
from unkg.serve import pages
from unkg.serve.conneg import DATA_FORMATS, RESULT_TYPES, choose, format_for_extension
from unkg.serve.describe import describe, exists
from unkg.serve.workers import QueryPool
from unkg.store import open_store
from unkg.vocab import PREFIXES

__all__ = ["Settings", "create_app"]

_TEXT = "text/plain; charset=utf-8"
_SD = "http://www.w3.org/ns/sparql-service-description#"


@dataclass(frozen=True, slots=True)
class Settings:
    store: Path | str  # a store directory, or the base URL of a SPARQL server (unkg.remote)
    base_iri: str = "https://w3id.org/unkg/"
    dumps: Path | None = None
    query_timeout: float = 10.0  # seconds
    max_result_bytes: int = 16 << 20
    max_query_bytes: int = 64 << 10
    workers: int = 2
    allow_service: bool = False


class _State:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        # RunAbort: locked, missing, incomplete; for a URL: the server does not answer or refuses us
        self.store = open_store(settings.store, read_only=True)
        if isinstance(settings.store, str):  # a SPARQL server: no page waits longer than a query may
            self.store.timeout = min(self.store.timeout, max(settings.query_timeout, 1.0) * 3)
        self.minter = Minter(settings.base_iri)
        self.pool: QueryPool | None = None
        self.env = Environment(loader=PackageLoader("unkg.serve", "templates"),
                               autoescape=select_autoescape(["html"], default=True))
        self.env.filters["local"] = self.local
        self.env.globals["version"] = __version__
        self._stats: dict[str, int] | None = None
        self._home_docs: list[dict[str, str | None]] | None = None

    def local(self, iri: str) -> str:
        """The server path of an IRI under the base, else the IRI itself."""
        base = self.settings.base_iri
        if iri.startswith(base):
            return "/" + quote(iri[len(base):], safe="/()_-.,:~")
        return iri

    def stats(self) -> dict[str, int]:
        if self._stats is None:
            self._stats = dataset_stats(self.store)
        return self._stats

    def home_docs(self, compute: Callable[[], list[dict[str, str | None]]]) -> list[dict[str, str | None]]:
        """The home page's document listing, computed once per server, as the dataset figures are
        (about 2 s at 10,000 documents). An embedded store is opened read-only, which shows it as
        it was when the server started; a remote store's listing is refreshed by a restart."""
        if self._home_docs is None:
            self._home_docs = compute()
        return self._home_docs


def _plain(status: int, message: str) -> PlainTextResponse:
    return PlainTextResponse(message + "\n", status_code=status, media_type=_TEXT)


# --------------------------------------------------------------------------- descriptions

_FOAF_TOPIC = NamedNode("http://xmlns.com/foaf/0.1/primaryTopic")
_DCT_SOURCE = NamedNode("http://purl.org/dc/terms/source")


def _serialize(quads: list[Quad], fmt: str, iri: str | None = None, url: str | None = None) -> bytes:
    if fmt in ("nq", "trig"):
        return serialize(quads, format=RdfFormat.N_QUADS if fmt == "nq" else RdfFormat.TRIG,
                         prefixes=PREFIXES if fmt == "trig" else None) or b""
    triples = sorted({q.triple for q in quads}, key=str)
    if iri and url:
        # the description document: its topic, and the named graphs (document versions, reference data)
        # it was taken from, each of which dereferences to its provenance
        from pyoxigraph import Triple

        doc = NamedNode(url)
        triples.append(Triple(doc, _FOAF_TOPIC, NamedNode(iri)))
        for g in sorted({q.graph_name.value for q in quads if isinstance(q.graph_name, NamedNode)}):
            triples.append(Triple(doc, _DCT_SOURCE, NamedNode(g)))
    if fmt == "jsonld":
        return jsonld_bytes(triples)
    if fmt == "nt":
        return serialize(triples, format=RdfFormat.N_TRIPLES) or b""
    return serialize(triples, format=RdfFormat.TURTLE, prefixes=PREFIXES) or b""


def _resource(state: _State, request: Request, path: str) -> Response:
    base = state.settings.base_iri
    ext = None
    m = re.match(r"^(.*)\.(html|ttl|nt|jsonld|nq|trig)$", path)
    if m and exists(state.store, base + m.group(1)):
        path, ext = m.group(1), m.group(2)
    iri = base + path
    if ext is None:
        if not exists(state.store, iri):
            return _plain(404, f"no resource {iri} in this dataset")
        fmt = format_for_extension(request.query_params.get("format"))
        if fmt is None:
            media = choose(request.headers.get("accept"), list(DATA_FORMATS.values()), "text/html")
            if media is None:
                return _plain(406, "acceptable: " + ", ".join(DATA_FORMATS.values()))
            fmt = next(k for k, v in DATA_FORMATS.items() if v == media)
        return RedirectResponse(state.local(iri) + "." + fmt, status_code=303, headers={"Vary": "Accept"})
    quads = describe(state.store, iri)
    if ext == "html":
        return HTMLResponse(pages.render_resource(state, iri, quads))
    media = DATA_FORMATS[ext]
    return Response(_serialize(quads, ext, iri, str(request.url.replace(query=""))),
                    media_type=media + ("; charset=utf-8" if ext != "jsonld" else ""),
                    headers={"Link": f'<{iri}>; rel="describes"'})


# --------------------------------------------------------------------------- SPARQL protocol

_UPDATE = re.compile(r"^\s*(?:(?:PREFIX|BASE)\s[^\n]*\n\s*)*(?:INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b",
                     re.IGNORECASE)
_SERVICE = re.compile(r"\bSERVICE\b", re.IGNORECASE)
_STRINGS = re.compile(r"\"\"\".*?\"\"\"|'''.*?'''|\"(?:[^\"\\\n]|\\.)*\"|'(?:[^'\\\n]|\\.)*'|<[^>\s]*>|#[^\n]*", re.S)


def _service_description(state: _State, request: Request) -> Response:
    endpoint = str(request.url_for("sparql"))
    sd = f"""@prefix sd: <{_SD}> .
@prefix void: <http://rdfs.org/ns/void#> .
<{endpoint}> a sd:Service ;
    sd:endpoint <{endpoint}> ;
    sd:supportedLanguage sd:SPARQL11Query ;
    sd:resultFormat <http://www.w3.org/ns/formats/SPARQL_Results_JSON> , <http://www.w3.org/ns/formats/SPARQL_Results_XML> ,
        <http://www.w3.org/ns/formats/SPARQL_Results_CSV> , <http://www.w3.org/ns/formats/SPARQL_Results_TSV> ,
        <http://www.w3.org/ns/formats/Turtle> , <http://www.w3.org/ns/formats/N-Triples> , <http://www.w3.org/ns/formats/JSON-LD> ;
    sd:feature sd:UnionDefaultGraph ;
    sd:defaultDataset [ a sd:Dataset ; sd:defaultGraph [ a sd:Graph ] ] ;
    sd:defaultEntailmentRegime <http://www.w3.org/ns/entailment/Simple> ;
    void:sparqlEndpoint <{endpoint}> .
"""
    return Response(sd.encode(), media_type="text/turtle; charset=utf-8")


async def sparql(request: Request) -> Response:
    state: _State = request.app.state.unkg
    s = state.settings
    query: str | None = None
    if request.method == "POST":
        ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
        length = int(request.headers.get("content-length") or 0)
        if length > s.max_query_bytes:
            return _plain(413, f"the request body is larger than {s.max_query_bytes} bytes")
        body = await request.body()
        if len(body) > s.max_query_bytes:
            return _plain(413, f"the request body is larger than {s.max_query_bytes} bytes")
        if ctype == "application/sparql-update":
            return _plain(403, "updates are refused: this endpoint is read-only")
        if ctype == "application/sparql-query":
            query = body.decode("utf-8", "replace")
        elif ctype == "application/x-www-form-urlencoded":
            form = parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)
            if "update" in form:
                return _plain(403, "updates are refused: this endpoint is read-only")
            query = (form.get("query") or [""])[0] or None
        else:
            return _plain(415, "POST a query as application/sparql-query or application/x-www-form-urlencoded")
    else:
        if "update" in request.query_params:
            return _plain(403, "updates are refused: this endpoint is read-only")
        query = request.query_params.get("query")
        if query is None:
            media = choose(request.headers.get("accept"), ["text/html", "text/turtle"], "text/turtle")
            if media == "text/html":
                return HTMLResponse(pages.render_sparql_page(state))
            return _service_description(state, request)
    if not query or not query.strip():
        return _plain(400, "empty query")
    if len(query.encode("utf-8")) > s.max_query_bytes:
        return _plain(413, f"the query is longer than {s.max_query_bytes} bytes")
    bare = _STRINGS.sub(" ", query)
    if _UPDATE.match(bare):
        return _plain(403, "updates are refused: this endpoint is read-only")
    if _SERVICE.search(bare) and not s.allow_service:
        return _plain(403, "SERVICE (federated query) is disabled on this endpoint")
    fmt = request.query_params.get("format")
    accept = RESULT_TYPES.get(fmt or "") or request.headers.get("accept") or "application/sparql-results+json"
    media = _result_media(accept)
    if state.pool is None:
        return _plain(503, "the query workers are not running")
    answer = await asyncio.to_thread(state.pool.run, query, media)
    return Response(answer.body, status_code=answer.status, media_type=answer.media_type)


def _result_media(accept: str) -> str:
    """The first media type of the Accept header that a SPARQL result can take (the worker picks
    the kind: solutions or triples)."""
    known = list(RESULT_TYPES.values()) + ["application/json", "application/xml", "text/plain"]
    best = choose(accept, known, "application/sparql-results+json")
    return {"application/json": "application/sparql-results+json", "application/xml": "application/sparql-results+xml",
            "text/plain": "text/tab-separated-values"}.get(best or "", best or "application/sparql-results+json")


# --------------------------------------------------------------------------- canned queries

async def canned_list(request: Request) -> Response:
    state: _State = request.app.state.unkg
    qs = registry()
    media = choose(request.headers.get("accept"), ["text/html", "application/json"], "text/html")
    if media == "application/json" or request.query_params.get("format") == "json":
        data = {name: {"summary": q.summary, "params": {p.name: {"kind": p.kind, "required": p.required,
                                                                 "example": p.example} for p in q.params},
                       "returns": list(q.returns)} for name, q in sorted(qs.items())}
        return Response(json.dumps(data, ensure_ascii=False, indent=1), media_type="application/json")
    return HTMLResponse(pages.render_queries(state, qs))


async def canned(request: Request) -> Response:
    state: _State = request.app.state.unkg
    name = request.path_params["name"]
    if name not in registry():
        return _plain(404, f"no query named {name!r}")
    params = {k: v for k, v in request.query_params.items() if k != "format"}
    try:
        result = await asyncio.to_thread(run_query, state.store, name, params)
    except QueryError as exc:
        return _plain(400, str(exc))
    fmt = request.query_params.get("format")
    media = RESULT_TYPES.get(fmt or "") if fmt in ("json", "csv") else None
    if media is None:
        media = choose(request.headers.get("accept"), ["text/html", "application/sparql-results+json", "text/csv",
                                                       "application/json"], "text/html")
    if media == "text/csv":
        return Response(to_csv(result), media_type="text/csv; charset=utf-8")
    if media in ("application/sparql-results+json", "application/json"):
        return Response(to_json(result), media_type="application/sparql-results+json")
    return HTMLResponse(pages.render_result(state, name, params, result))


# --------------------------------------------------------------------------- dataset, dumps, home

async def void(request: Request) -> Response:
    state: _State = request.app.state.unkg
    dumps: dict[str, Path] = {}
    d = state.settings.dumps
    if d is not None and d.is_dir():
        from unkg.export import FORMATS

        for fmt, (ext, _) in FORMATS.items():
            p = d / f"unkg.{ext}"
            if p.is_file():
                dumps[fmt] = p
    if d is not None and (d / "void.ttl").is_file() and not dumps:
        return FileResponse(d / "void.ttl", media_type="text/turtle; charset=utf-8")
    if isinstance(state.settings.store, Path):
        modified = dt.datetime.fromtimestamp(state.settings.store.stat().st_mtime, dt.UTC).replace(microsecond=0)
    else:  # a SPARQL server does not say when its data last changed
        modified = dt.datetime.now(dt.UTC).replace(microsecond=0)
    body = await asyncio.to_thread(void_description, state.store, state.minter, dumps, modified,
                                   str(request.base_url) + "dumps/")
    return Response(body, media_type="text/turtle; charset=utf-8")


async def dump(request: Request) -> Response:
    state: _State = request.app.state.unkg
    d = state.settings.dumps
    name = request.path_params.get("name", "")
    if d is None or not d.is_dir():
        return _plain(404, "no dumps are published by this server (start it with --dumps DIR)")
    if not name:
        files = sorted(p for p in d.iterdir() if p.is_file())
        return HTMLResponse(pages.render_dumps(state, files))
    if "/" in name or name.startswith("."):
        return _plain(404, "no such dump")
    path = d / name
    if not path.is_file():
        return _plain(404, "no such dump")
    return FileResponse(path)


async def home(request: Request) -> Response:
    state: _State = request.app.state.unkg
    media = choose(request.headers.get("accept"), ["text/html", "text/turtle"], "text/html")
    if media == "text/turtle":
        return RedirectResponse("/.well-known/void", status_code=303)
    return HTMLResponse(pages.render_home(state))


async def resource(request: Request) -> Response:
    state: _State = request.app.state.unkg
    path = request.path_params["path"]
    return await asyncio.to_thread(_resource, state, request, path)


async def search(request: Request) -> Response:
    state: _State = request.app.state.unkg
    return HTMLResponse(await asyncio.to_thread(pages.render_search, state, request.query_params.get("q", ""),
                                                request.query_params.get("lang") or None))


def create_app(settings: Settings, *, start_workers: bool = True) -> Starlette:
    state = _State(settings)

    async def lifespan(app: Starlette):  # type: ignore[no-untyped-def]
        if start_workers:
            state.pool = await asyncio.to_thread(QueryPool, settings.store, settings.workers,
                                                 settings.query_timeout, settings.max_result_bytes,
                                                 getattr(state.store, "kind", None))
        try:
            yield
        finally:
            if state.pool is not None:
                state.pool.close()

    static = Path(__file__).parent / "static"
    routes = [
        Route("/", home),
        Route("/favicon.ico", lambda request: FileResponse(static / "favicon.svg", media_type="image/svg+xml")),
        Route("/sparql", sparql, methods=["GET", "POST"], name="sparql"),
        Route("/queries", canned_list),
        Route("/queries/{name}", canned),
        Route("/search", search),
        Route("/.well-known/void", void),
        Route("/dumps/", dump),
        Route("/dumps/{name}", dump),
        Mount("/static", StaticFiles(directory=static), name="static"),
        Route("/{path:path}", resource),
    ]
    app = Starlette(routes=routes, lifespan=lifespan,
                    middleware=[Middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET", "POST"],
                                           allow_headers=["*"], expose_headers=["Link", "Location"])])
    app.state.unkg = state
    return app
