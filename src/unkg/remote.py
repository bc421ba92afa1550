"""A remote SPARQL store behind the small part of pyoxigraph's ``Store`` interface that the build
and the canned queries use.

``--store URL`` gives the server's *base* URL; ``--store-kind`` (or ``UNKG_STORE_KIND``) says what
it is, or unkg finds out (``auto``: the ``Server`` header, then which of ``/query``, ``/sparql`` or
the URL itself answers ``ASK {}``):

==========  ===========================  =====================================  ====================
kind        queries and updates          Graph Store Protocol                   a graph is written
==========  ===========================  =====================================  ====================
oxigraph    ``/query``, ``/update``      ``/store?graph=IRI``                   one GSP ``PUT``
virtuoso    ``/sparql`` (``-auth``)      ``/sparql-graph-crud`` (``-auth``)     marker last (below)
generic     the URL itself (both)        not used                               one SPARQL Update
==========  ===========================  =====================================  ====================

Writing one graph (each document version is one named graph; :meth:`RemoteStore.replace_graph`):

* **Oxigraph** (tested with 0.5.13): ``PUT /store?graph=IRI`` with an N-Triples body. The tests
  check that this PUT is atomic: a concurrent reader sees the old graph or the new one, never a
  mixture or an empty graph, and a body that is malformed or cut off mid-way leaves the old graph.
* **Virtuoso** (tested with 7.2): neither its GSP ``PUT`` nor a SPARQL Update request is atomic.
  The PUT clears the graph, then loads it in commits of 10 000 triples (a reader sees an empty or
  half graph meanwhile); an update request is applied operation by operation (when one fails, the
  earlier ones stay committed, and readers see mixtures of old and new); and one ``INSERT DATA``
  stops at about 5 000 triples ("SP030 memory exhausted"). Only a PUT whose body is cut off is not
  applied at all. So unkg writes a graph in an order that makes a partial write harmless and
  visible: (1) delete the graph's *marker*, the triples whose subject is the graph itself (its
  ``unkg:DocumentGraph`` type and its provenance: ``prov:wasGeneratedBy`` the activity that
  carries the file's checksum); (2) ``PUT`` the rest; (3) check that the server holds exactly that
  many triples; (4) ``INSERT DATA`` the marker. A graph without its marker is not a document graph
  (``store.document_graphs``), is never skipped by the resume check (which looks for the marker)
  and is rewritten by the next build. When a write fails for good, unkg drops the unfinished graph
  before it stops, so that the graph is absent rather than half there. A query that runs *while*
  a document is being written may still see part of it: Virtuoso's SPARQL endpoint offers no
  isolation level that would prevent this.
* **generic**: one SPARQL Update request (delete the marker; ``DROP SILENT GRAPH``; ``INSERT
  DATA`` the rest), the same count check, then the marker: atomic wherever the server applies an
  update request as one transaction (as SPARQL 1.1 Update asks), marker-last where it does not.
  The server's default graph must be the union of its named graphs (the canned queries read it).

Whole graphs are read back with a GSP ``GET`` where there is a GSP endpoint (no row limits).

Every write above is idempotent, so every request is retried, with exponential backoff, on
connection errors, timeouts, dropped connections and 5xx answers (but not on a Virtuoso error
that would only repeat, such as a permission or syntax error), then fails with a clear
:class:`~unkg.errors.RunAbort` naming the server and the reason. ``UNKG_STORE_TIMEOUT``
(seconds to wait for the server at each step of a request, default 60), ``UNKG_STORE_RETRIES``
(default 4) and ``UNKG_STORE_BACKOFF`` (first delay in seconds, default 0.5, doubling up to 30)
tune this.

Virtuoso differs from Oxigraph in ways this module evens out: its default graph is always the
union of all graphs, including its own system graphs (which ``named_graphs`` and ``len`` leave
out); it cuts results off at ``ResultSetMaxRows`` (reported by an ``X-SPARQL-MaxRows`` header,
turned into an error here rather than a silently short answer); it may answer a stored
``"false"^^xsd:boolean`` as ``"0"^^xsd:boolean`` (turned back into ``false`` here); and it stores
numbers in canonical form (``"007"^^xsd:integer`` comes back as ``7``; unkg writes canonical
numbers). The canned queries avoid the rest of its dialect (see ``queries/``): it cannot compile
``COALESCE`` around an aggregate in some queries, divides integers as integers, finds the result
of a ``MIN`` over literals unequal to the very same literal in a join, gives ``""`` (not nothing) for
a ``GROUP_CONCAT`` of no value, moves a trailing ``VALUES`` (or a ``FILTER``) on a variable set by
a ``BIND`` before the ``BIND`` (and so ignores it), and refuses a query whose
*estimated* cost exceeds ``MaxQueryCostEstimationTime`` (400 s in Debian's ``virtuoso.ini``, an
estimate that can be wildly off on small data: set it to 0).

Credentials come from ``UNKG_STORE_USER`` / ``UNKG_STORE_PASSWORD`` or from ``~/.netrc`` for the
server's host, never from the command line; they are sent when the server asks for them (HTTP
Digest or Basic). With credentials, Virtuoso is reached through its ``-auth`` endpoints.

Reading a whole server (``unkg export``): :meth:`RemoteStore.snapshot` copies every named graph
(and, on Oxigraph, the default graph), one Graph Store Protocol ``GET`` at a time, into a
temporary embedded store in a temporary directory, removed afterwards; the export code then runs
on that copy, so a dump of a server is byte for byte the dump of an embedded store that holds the
same quads. ``unkg serve`` sends its queries to the server (:meth:`RemoteStore.query` also answers
``CONSTRUCT`` and ``DESCRIBE``); the search index of a server lives in a cache file
(``unkg.search.index_path``). ``validate`` and ``link`` refuse a URL.
"""

from __future__ import annotations

import http.client
import json
import netrc
import os
import re
import shutil
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any, BinaryIO, NamedTuple

from pyoxigraph import (BlankNode, DefaultGraph, Literal, NamedNode, Quad, QueryBoolean, QueryResultsFormat,
                        RdfFormat, Store, Triple, parse, parse_query_results, serialize)

from unkg.errors import RunAbort

__all__ = ["KINDS", "AnswerTooLarge", "GraphResult", "RemoteRefused", "RemoteStore", "is_remote", "query_form",
           "set_default_kind"]

Term = NamedNode | BlankNode | Literal

KINDS = ("oxigraph", "virtuoso", "generic")
DEFAULT_TIMEOUT, DEFAULT_RETRIES, DEFAULT_BACKOFF, MAX_DELAY = 60.0, 4, 0.5, 30.0

#: graphs that Virtuoso keeps for itself (besides the graph of its SPARQL service description)
VIRTUOSO_SYSTEM_GRAPHS = ("http://www.openlinksw.com/schemas/virtrdf#", "http://www.w3.org/ns/ldp#")
_SD_SERVICE = "http://www.w3.org/ns/sparql-service-description#Service"

_default_kind: str | None = None


def set_default_kind(kind: str | None) -> None:
    """The server kind for stores opened without one (the command line's ``--store-kind``)."""
    global _default_kind
    _default_kind = None if kind in (None, "auto") else kind


def is_remote(location: object) -> bool:
    return isinstance(location, str) and location.startswith(("http://", "https://"))


def env_number(name: str, default: float) -> float:
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        value = float(raw)
    except ValueError:
        raise RunAbort(f"{name} must be a number, got {raw!r}") from None
    if value < 0:
        raise RunAbort(f"{name} must not be negative, got {raw!r}")
    return value


def _credentials(url: str) -> tuple[str, str] | None:
    user, password = os.environ.get("UNKG_STORE_USER"), os.environ.get("UNKG_STORE_PASSWORD")
    if not user:
        host = urllib.parse.urlsplit(url).hostname or ""
        try:
            found = netrc.netrc().authenticators(host)
        except (FileNotFoundError, netrc.NetrcParseError):
            found = None
        if found:
            user, _, password = found
    return (user, password or "") if user else None


def _sparql_term(term: Term) -> str:
    return str(term)  # N-Triples form, validated by pyoxigraph: cannot break out of the term


def _ntriples(triples: Sequence[Triple]) -> bytes:
    return serialize(triples, format=RdfFormat.N_TRIPLES) or b""


_BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"


def _canonical_booleans(body: bytes) -> bytes:
    """Virtuoso stores xsd:boolean as a number and may answer ``"0"^^xsd:boolean`` for a stored
    ``"false"^^xsd:boolean``: the same value, another term. Booleans are given their canonical
    form (``true``, ``false``), the form the embedded store keeps."""
    if _BOOLEAN.encode() not in body:
        return body
    data = json.loads(body)
    for row in data.get("results", {}).get("bindings", []):
        for term in row.values():
            if term.get("datatype") == _BOOLEAN and term.get("value") in ("0", "1"):
                term["value"] = "true" if term["value"] == "1" else "false"
    return json.dumps(data).encode("utf-8")


class _Endpoints(NamedTuple):
    query: str
    update: str
    gsp: str | None  # the Graph Store Protocol endpoint; None: not used
    gsp_param: str = "graph"


def _endpoints(kind: str, authenticated: bool) -> _Endpoints:
    if kind == "oxigraph":
        return _Endpoints("/query", "/update", "/store")
    if kind == "virtuoso":
        auth = "-auth" if authenticated else ""
        return _Endpoints(f"/sparql{auth}", f"/sparql{auth}", f"/sparql-graph-crud{auth}", "graph-uri")
    return _Endpoints("", "", None)


def _reason(exc: BaseException) -> str:
    reason = getattr(exc, "reason", None) or exc
    text = str(reason) or type(reason).__name__
    if isinstance(reason, TimeoutError) or "timed out" in text:
        return f"timed out after the client timeout: {text}"
    if isinstance(reason, http.client.RemoteDisconnected):
        return f"connection closed without an answer: {text}"
    if isinstance(reason, http.client.IncompleteRead):
        return "connection closed in the middle of the answer"
    if isinstance(reason, ConnectionResetError):
        return f"connection reset: {text}"
    return text


def _error_text(exc: urllib.error.HTTPError) -> str:
    try:
        body = exc.read().decode("utf-8", "replace")
    except (OSError, http.client.HTTPException):
        body = ""
    body = body.split("\n\nSPARQL query:", 1)[0]  # Virtuoso repeats the whole request after the error
    return " ".join(body.split())[:300] or str(exc.reason)


_VIRTUOSO_ERROR = re.compile(r"Virtuoso (\w{5}) Error")


def _transient(code: int, text: str) -> bool:
    """Whether the same request, sent again, may succeed."""
    m = _VIRTUOSO_ERROR.match(text)
    if m:  # Virtuoso answers 500 to permission and syntax errors too: retry deadlocks and lost links only
        return m.group(1).startswith(("40", "08"))
    return code in (408, 425, 429) or code >= 500


class RemoteRefused(RunAbort):
    """The server refused a request for good (a 4xx answer, or a Virtuoso error that would repeat)."""

    def __init__(self, message: str, code: int) -> None:
        super().__init__(message)
        self.code = code


class AnswerTooLarge(RunAbort):
    """The server's answer is larger than the store's ``max_answer_bytes``."""


_QUERY_FORM = re.compile(r"(?<![\w:$?])(SELECT|ASK|CONSTRUCT|DESCRIBE)(?![\w:])", re.IGNORECASE)
_SKIP = re.compile(r"\"\"\".*?\"\"\"|'''.*?'''|\"(?:[^\"\\\n]|\\.)*\"|'(?:[^'\\\n]|\\.)*'|<[^>\s]*>|#[^\n]*", re.S)


def query_form(text: str) -> str:
    """``SELECT``, ``ASK``, ``CONSTRUCT`` or ``DESCRIBE``: the form of a SPARQL query (its first such
    keyword outside strings, IRIs and comments); ``SELECT`` when none is found (the server will say)."""
    m = _QUERY_FORM.search(_SKIP.sub(" ", text))
    return m.group(1).upper() if m else "SELECT"


class GraphResult:
    """The triples of a ``CONSTRUCT`` or ``DESCRIBE`` answer, like pyoxigraph's ``QueryTriples``."""

    def __init__(self, triples: list[Triple]) -> None:
        self.triples = triples

    def __iter__(self) -> Iterator[Triple]:
        return iter(self.triples)

    def __len__(self) -> int:
        return len(self.triples)

    def serialize(self, output: BinaryIO | None = None, format: RdfFormat = RdfFormat.N_TRIPLES) -> bytes | None:
        return serialize(self.triples, output, format)


class RemoteStore:
    """The parts of ``pyoxigraph.Store`` that unkg's build and queries call, over HTTP."""

    def __init__(self, url: str, *, kind: str | None = None, timeout: float | None = None,
                 retries: int | None = None, backoff: float | None = None) -> None:
        self.url = url.rstrip("/")
        self.timeout = timeout if timeout is not None else env_number("UNKG_STORE_TIMEOUT", DEFAULT_TIMEOUT)
        self.retries = retries if retries is not None else int(env_number("UNKG_STORE_RETRIES", DEFAULT_RETRIES))
        self.backoff = backoff if backoff is not None else env_number("UNKG_STORE_BACKOFF", DEFAULT_BACKOFF)
        kind = kind or _default_kind or os.environ.get("UNKG_STORE_KIND") or "auto"
        if kind not in (*KINDS, "auto"):
            raise RunAbort(f"unknown store kind {kind!r}; one of: auto, {', '.join(KINDS)}")
        self._credentials = _credentials(self.url)
        handlers: list[urllib.request.BaseHandler] = []
        # a server on this machine is never reached through an HTTP proxy from the environment
        if (urllib.parse.urlsplit(self.url).hostname or "") in ("localhost", "127.0.0.1", "::1"):
            handlers.append(urllib.request.ProxyHandler({}))
        if self._credentials:  # HTTP Digest (Virtuoso's -auth endpoints) or Basic, as the server asks
            passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
            passwords.add_password(None, self.url, *self._credentials)
            handlers += [urllib.request.HTTPDigestAuthHandler(passwords),
                         urllib.request.HTTPBasicAuthHandler(passwords)]
        self._opener = urllib.request.build_opener(*handlers)
        self.kind = self._detect() if kind == "auto" else kind
        self.endpoints = _endpoints(self.kind, self._credentials is not None)
        self._system_graphs: frozenset[str] | None = None
        #: an answer larger than this is refused (:class:`AnswerTooLarge`); None: no limit
        self.max_answer_bytes: int | None = None
        self.query("ASK {}")  # fail now, clearly, when the server is not there or refuses us

    # -- HTTP ---------------------------------------------------------------------------------
    def _pause(self, attempt: int) -> None:
        time.sleep(min(self.backoff * 2 ** attempt, MAX_DELAY))

    def _send(self, method: str, path: str, *, params: Mapping[str, str] | None = None, body: bytes | None = None,
              content_type: str | None = None, accept: str = "*/*", missing_ok: bool = False,
              retries: int | None = None, answer_type: list[str] | None = None) -> bytes | None:
        """One request, sent again with backoff while the failure may be transient.

        Returns the answer's body, or ``None`` for a 404 when ``missing_ok``; its media type is
        appended to ``answer_type`` when given."""
        url = f"{self.url}{path}" + (f"?{urllib.parse.urlencode(params)}" if params else "")
        retries = self.retries if retries is None else retries
        last = ""
        for attempt in range(retries + 1):
            headers = {"Accept": accept}
            if content_type:
                headers["Content-Type"] = content_type
            req = urllib.request.Request(url, data=body, method=method, headers=headers)
            try:
                with self._opener.open(req, timeout=self.timeout) as r:
                    limit = self.max_answer_bytes
                    data = r.read() if limit is None else r.read(limit + 1)
                    if limit is not None and len(data) > limit:
                        raise AnswerTooLarge(f"the answer of the SPARQL store at {self.url} is larger than "
                                             f"{limit} bytes")
                    cut = r.headers.get("X-SPARQL-MaxRows")
                    if answer_type is not None:
                        answer_type.append((r.headers.get("Content-Type") or "").split(";")[0].strip().lower())
                if cut:
                    raise RunAbort(f"the SPARQL store at {self.url} cut the answer off at {cut} rows "
                                   "(Virtuoso: raise ResultSetMaxRows in the [SPARQL] section of virtuoso.ini)")
                return data
            except urllib.error.HTTPError as exc:
                text = _error_text(exc)
                if exc.code == 404 and missing_ok:
                    return None
                if exc.code in (401, 403):
                    who = f"to user {self._credentials[0]}" if self._credentials else "without credentials"
                    raise RunAbort(f"the SPARQL store at {self.url} refused access {who} ({exc.code}: {text}); "
                                   "credentials come from UNKG_STORE_USER/UNKG_STORE_PASSWORD or ~/.netrc") from None
                if not _transient(exc.code, text):
                    raise RemoteRefused(f"the SPARQL store at {self.url} refused the request ({exc.code}): {text}",
                                        exc.code) from None
                last = f"HTTP {exc.code}: {text}"
            except (urllib.error.URLError, OSError, http.client.HTTPException) as exc:
                last = _reason(exc)
            if attempt < retries:
                self._pause(attempt)
        raise RunAbort(f"the SPARQL store at {self.url} did not answer after {retries + 1} attempts ({last})")

    def _detect(self) -> str:
        """The server's kind: from its ``Server`` header, else from which endpoint answers ``ASK {}``."""
        ask = urllib.parse.urlencode({"query": "ASK {}"})
        last, denied = "", ""
        for attempt in range(self.retries + 1):
            for path, kind in (("/query", "oxigraph"), ("/sparql", "virtuoso"), ("", "generic")):
                req = urllib.request.Request(f"{self.url}{path}?{ask}",
                                             headers={"Accept": "application/sparql-results+json"})
                try:
                    with self._opener.open(req, timeout=self.timeout) as r:
                        server, status, data = r.headers.get("Server", ""), r.status, r.read()
                except urllib.error.HTTPError as exc:
                    server, status, data = (exc.headers.get("Server", "") if exc.headers else ""), exc.code, b""
                except (urllib.error.URLError, OSError, http.client.HTTPException) as exc:
                    last = _reason(exc)
                    break  # not there (yet): wait and try again
                if server.startswith(("Oxigraph", "Virtuoso")):
                    return server.split("/")[0].lower()
                if status == 200 and b'"boolean"' in data:
                    return kind
                if status in (401, 403):
                    denied = (f" ({status} at {self.url}{path}: credentials come from "
                              "UNKG_STORE_USER/UNKG_STORE_PASSWORD or ~/.netrc)")
            else:
                raise RunAbort(f"no SPARQL endpoint found at {self.url} (tried {self.url}/query, {self.url}/sparql "
                               f"and {self.url} itself){denied}: give --store-kind, or the endpoint's own URL with "
                               "--store-kind generic")
            if attempt < self.retries:
                self._pause(attempt)
        raise RunAbort(f"the SPARQL store at {self.url} did not answer after {self.retries + 1} attempts ({last})")

    def _form(self, path: str, form: Sequence[tuple[str, str]], accept: str, **kw: Any) -> bytes:
        data = self._send("POST", path, body=urllib.parse.urlencode(form).encode("utf-8"),
                          content_type="application/x-www-form-urlencoded", accept=accept, **kw)
        return data or b""

    # -- the Store interface ----------------------------------------------------------------------
    def query(self, text: str, *, use_default_graph_as_union: bool = False, prefixes: Mapping[str, str] | None = None,
              default_graph: Any = None) -> Any:
        """Like ``Store.query``; parameters come already bound in the text (``unkg.query.bind_text``)."""
        if prefixes:
            text = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in prefixes.items()) + text
        form = [("query", text)]
        if default_graph is not None:
            graphs = default_graph if isinstance(default_graph, (list, tuple)) else [default_graph]
            form += [("default-graph-uri", g.value) for g in graphs]
        elif use_default_graph_as_union and self.kind == "oxigraph":
            form.append(("union-default-graph", ""))  # elsewhere the default graph is the union already
        if query_form(text) in ("CONSTRUCT", "DESCRIBE"):
            media: list[str] = []
            body = self._form(self.endpoints.query, form, "application/n-triples, text/turtle;q=0.9",
                              answer_type=media)
            fmt = (RdfFormat.from_media_type(media[0]) if media and media[0] else None) or RdfFormat.N_TRIPLES
            if fmt not in (RdfFormat.N_TRIPLES, RdfFormat.TURTLE, RdfFormat.N_QUADS):
                fmt = RdfFormat.N_TRIPLES
            return GraphResult(list(parse(body, format=fmt)))
        body = self._form(self.endpoints.query, form, "application/sparql-results+json")
        if self.kind == "virtuoso":
            body = _canonical_booleans(body)
        return parse_query_results(body, format=QueryResultsFormat.JSON)

    # -- reading the whole dataset ------------------------------------------------------------------
    def dump_to(self, target: Store) -> int:
        """Copy every named graph of the server (and Oxigraph's default graph) into ``target``, one
        graph at a time (a Graph Store Protocol ``GET`` each where there is one; the triples of one
        graph are in memory at once, never the whole dataset). Returns the number of quads copied."""
        copied = 0
        if self.kind == "oxigraph" and self.endpoints.gsp is not None:
            data = self._send("GET", self.endpoints.gsp, params={"default": ""}, accept="application/n-triples",
                              missing_ok=True)
            if data:
                before = len(target)
                target.load(data, format=RdfFormat.N_TRIPLES, to_graph=DefaultGraph())
                copied += len(target) - before
        for graph in sorted(self.named_graphs(), key=lambda g: g.value):
            if self.endpoints.gsp is not None:
                data = self._send("GET", self.endpoints.gsp, params={self.endpoints.gsp_param: graph.value},
                                  accept="application/n-triples", missing_ok=True)
                if not data:
                    continue
                before = len(target)
                target.load(data, format=RdfFormat.N_TRIPLES, to_graph=graph)
                copied += len(target) - before
            else:
                quads = list(self.quads_for_pattern(None, None, None, graph))
                target.extend(quads)
                copied += len(quads)
        return copied

    @contextmanager
    def snapshot(self, directory: str | os.PathLike[str] | None = None) -> Iterator[Store]:
        """A copy of the whole dataset (:meth:`dump_to`) in a temporary embedded store on disk,
        in a temporary directory (under ``directory``, default the system's temporary directory)
        that is removed when the block ends. The caller drops its reference to the store before
        the block ends (``del``), so that the store is closed before its files are removed."""
        import gc

        tmp = tempfile.mkdtemp(prefix="unkg-snapshot-", dir=directory)
        local: Store | None = None
        try:
            local = Store(os.path.join(tmp, "store"))
            self.dump_to(local)
            local.flush()
            yield local
        finally:
            local = None
            gc.collect()  # a store still referenced somewhere is closed when collected
            for _ in range(20):
                shutil.rmtree(tmp, ignore_errors=True)
                if not os.path.exists(tmp):
                    break
                time.sleep(0.1)

    def update(self, text: str) -> None:
        self._form(self.endpoints.update, [("update", text)], "*/*")

    def _graph_quads(self, graph: NamedNode) -> list[Quad]:
        """Every quad of one graph, by a Graph Store Protocol GET (no limit on result rows)."""
        assert self.endpoints.gsp is not None
        data = self._send("GET", self.endpoints.gsp, params={self.endpoints.gsp_param: graph.value},
                          accept="application/n-triples", missing_ok=True)
        if not data:
            return []
        return [Quad(t.subject, t.predicate, t.object, graph) for t in parse(data, format=RdfFormat.N_TRIPLES)]

    def quads_for_pattern(self, subject: Any, predicate: Any, obj: Any, graph_name: Any = None) -> Iterator[Quad]:
        if (subject is None and predicate is None and obj is None and isinstance(graph_name, NamedNode)
                and self.endpoints.gsp is not None):
            yield from self._graph_quads(graph_name)
            return
        s = _sparql_term(subject) if subject is not None else "?s"
        p = _sparql_term(predicate) if predicate is not None else "?p"
        o = _sparql_term(obj) if obj is not None else "?o"
        if isinstance(graph_name, DefaultGraph):
            if self.kind != "oxigraph":
                return  # no default graph of its own there (it is the union); unkg never writes one
            where = f"{s} {p} {o} ."
        elif graph_name is not None:
            where = f"GRAPH {_sparql_term(graph_name)} {{ {s} {p} {o} }}"
        else:
            where = f"GRAPH ?g {{ {s} {p} {o} }}"
        system = self._virtuoso_system_graphs() if graph_name is None else frozenset()
        for row in self.query(f"SELECT * WHERE {{ {where} }}"):
            g = graph_name if graph_name is not None else row["g"]
            if g.value not in system:
                yield Quad(subject if subject is not None else row["s"],
                           predicate if predicate is not None else row["p"], obj if obj is not None else row["o"], g)

    def contains_named_graph(self, graph: NamedNode) -> bool:
        result = self.query(f"ASK {{ GRAPH {_sparql_term(graph)} {{ ?s ?p ?o }} }}")
        return bool(result) if isinstance(result, QueryBoolean) else bool(result)

    def _virtuoso_system_graphs(self) -> frozenset[str]:
        if self.kind != "virtuoso":
            return frozenset()
        if self._system_graphs is None:
            sd = self.query(f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?g a <{_SD_SERVICE}> }} }}")
            found = {row["g"].value for row in sd}
            self._system_graphs = frozenset(found | set(VIRTUOSO_SYSTEM_GRAPHS))
        return self._system_graphs

    def named_graphs(self) -> Iterator[NamedNode]:
        system = self._virtuoso_system_graphs()
        # GROUP BY, not DISTINCT: Virtuoso answers this at once, DISTINCT in seconds
        for row in self.query("SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"):
            if row["g"].value not in system:
                yield row["g"]

    def __len__(self) -> int:
        if self.kind == "oxigraph":
            text = "SELECT (COUNT(*) AS ?n) WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"
        else:  # every triple is in a named graph there; Virtuoso's own graphs are left out
            skip = ", ".join(f"<{g}>" for g in sorted(self._virtuoso_system_graphs()))
            text = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } " + (
                f"FILTER (?g NOT IN ({skip})) }}" if skip else "}")
        for row in self.query(text):
            return int(row["n"].value)
        return 0

    def flush(self) -> None:
        """Every update is already committed by the server."""

    # -- writing one graph ------------------------------------------------------------------------
    def _count(self, graph: NamedNode) -> int:
        for row in self.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {_sparql_term(graph)} {{ ?s ?p ?o }} }}"):
            return int(row["n"].value)
        return 0

    def replace_graph(self, graph: NamedNode, quads: Sequence[Quad]) -> None:
        """Replace the content of one named graph, whole (see the module docstring for how, per server)."""
        triples = list(dict.fromkeys(q.triple for q in quads))
        g = _sparql_term(graph)
        if self.kind == "oxigraph":
            assert self.endpoints.gsp is not None
            self._send("PUT", self.endpoints.gsp, params={self.endpoints.gsp_param: graph.value},
                       body=_ntriples(triples), content_type="application/n-triples")
            return
        marker = [t for t in triples if t.subject == graph]
        content = [t for t in triples if t.subject != graph]
        try:
            for _ in range(2):
                if self.kind == "virtuoso" and self.endpoints.gsp is not None:
                    self.update(f"DELETE WHERE {{ GRAPH {g} {{ {g} ?p ?o }} }}")
                    self._send("PUT", self.endpoints.gsp, params={self.endpoints.gsp_param: graph.value},
                               body=_ntriples(content), content_type="application/n-triples")
                else:
                    self.update(f"DELETE WHERE {{ GRAPH {g} {{ {g} ?p ?o }} }} ;\nDROP SILENT GRAPH {g} ;\n"
                                f"INSERT DATA {{ GRAPH {g} {{\n{_ntriples(content).decode('utf-8')}}} }}")
                stored = self._count(graph)
                if stored == len(content):
                    break
            else:
                raise RunAbort(f"the SPARQL store at {self.url} holds {stored} of the {len(content)} triples "
                               f"written to <{graph.value}>")
            if marker:
                self.update(f"INSERT DATA {{ GRAPH {g} {{\n{_ntriples(marker).decode('utf-8')}}} }}")
        except RunAbort as exc:
            try:  # an unfinished graph is removed rather than left half there
                self._form(self.endpoints.update, [("update", f"DROP SILENT GRAPH {g}")], "*/*", retries=0)
                note = "the unfinished graph was removed"
            except RunAbort:
                note = "the unfinished graph has no completion marker: the next build rewrites it"
            raise RunAbort(f"{exc} (while writing <{graph.value}>; {note})") from None
