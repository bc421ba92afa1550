"""A remote SPARQL 1.1 store (the Oxigraph server) behind the small part of pyoxigraph's
``Store`` interface that the build and the canned queries use.

``--store http://127.0.0.1:7878`` points unkg at an Oxigraph server's base URL: queries go to
``/query`` (SPARQL 1.1 Protocol), updates to ``/update`` (SPARQL 1.1 Update). Each Expression
graph is replaced by one update request (``DROP SILENT GRAPH … ; INSERT DATA …``), which the
server applies as one transaction, so a document enters whole or not at all, as in the
embedded store. Requests are retried with exponential backoff on connection errors, timeouts
and 5xx answers, then fail with a clear :class:`~unkg.errors.RunAbort`.

Credentials come from ``UNKG_STORE_USER`` / ``UNKG_STORE_PASSWORD`` or from ``~/.netrc`` for the
server's host, never from the command line.

Not yet here (Step 7): Virtuoso, the Graph Store Protocol, and exports, ``serve`` and the
search index over a remote store (they refuse a URL with a clear message).
"""

from __future__ import annotations

import base64
import netrc
import os
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator, Mapping
from typing import Any

from pyoxigraph import (BlankNode, DefaultGraph, Literal, NamedNode, Quad, QueryBoolean, QueryResultsFormat,
                        Variable, parse_query_results)

from unkg.errors import RunAbort

__all__ = ["RemoteStore", "is_remote"]

Term = NamedNode | BlankNode | Literal


def is_remote(location: object) -> bool:
    return isinstance(location, str) and location.startswith(("http://", "https://"))


def _auth_header(url: str) -> dict[str, str]:
    user, password = os.environ.get("UNKG_STORE_USER"), os.environ.get("UNKG_STORE_PASSWORD")
    if not user:
        host = urllib.parse.urlsplit(url).hostname or ""
        try:
            found = netrc.netrc().authenticators(host)
        except (FileNotFoundError, netrc.NetrcParseError):
            found = None
        if found:
            user, _, password = found
    if not user:
        return {}
    token = base64.b64encode(f"{user}:{password or ''}".encode()).decode()
    return {"Authorization": f"Basic {token}"}


def _sparql_term(term: Term) -> str:
    return str(term)  # N-Triples form, validated by pyoxigraph: cannot break out of the term


class RemoteStore:
    """The parts of ``pyoxigraph.Store`` that unkg's build and queries call, over HTTP."""

    def __init__(self, url: str, *, timeout: float = 60.0, retries: int = 4) -> None:
        self.url = url.rstrip("/")
        self.timeout = timeout
        self.retries = retries
        self._headers = _auth_header(self.url)
        host = urllib.parse.urlsplit(self.url).hostname or ""
        # a server on this machine is never reached through an HTTP proxy from the environment
        self._opener = (urllib.request.build_opener(urllib.request.ProxyHandler({}))
                        if host in ("localhost", "127.0.0.1", "::1") else urllib.request.build_opener())
        self.query("ASK {}")  # fail now, clearly, when the server is not there

    # -- HTTP ---------------------------------------------------------------------------------
    def _post(self, path: str, form: Mapping[str, str], accept: str) -> bytes:
        data = urllib.parse.urlencode(form).encode("utf-8")
        delay = 0.5
        last: str = ""
        for attempt in range(self.retries + 1):
            req = urllib.request.Request(f"{self.url}{path}", data=data, method="POST",
                                         headers={"Content-Type": "application/x-www-form-urlencoded",
                                                  "Accept": accept, **self._headers})
            try:
                with self._opener.open(req, timeout=self.timeout) as r:
                    return r.read()
            except urllib.error.HTTPError as exc:
                body = exc.read().decode("utf-8", "replace")[:500]
                if exc.code < 500:
                    raise RunAbort(f"the SPARQL store at {self.url} refused the request ({exc.code}): {body}") from None
                last = f"HTTP {exc.code}: {body}"
            except (urllib.error.URLError, TimeoutError, ConnectionError, OSError) as exc:
                last = str(getattr(exc, "reason", exc))
            if attempt < self.retries:
                time.sleep(delay)
                delay *= 2
        raise RunAbort(f"the SPARQL store at {self.url} did not answer after {self.retries + 1} attempts ({last})")

    # -- the Store interface ----------------------------------------------------------------------
    def query(self, text: str, *, use_default_graph_as_union: bool = False,
              substitutions: Mapping[Variable, Term] | None = None) -> Any:
        if substitutions:
            # a trailing VALUES clause joins the bindings like pyoxigraph's substitutions
            names = " ".join(f"?{v.value}" for v in substitutions)
            values = " ".join(_sparql_term(t) for t in substitutions.values())
            text = f"{text}\nVALUES ({names}) {{ ({values}) }}"
        form = {"query": text}
        if use_default_graph_as_union:
            form["union-default-graph"] = ""
        body = self._post("/query", form, "application/sparql-results+json")
        result = parse_query_results(body, format=QueryResultsFormat.JSON)
        return result

    def update(self, text: str) -> None:
        self._post("/update", {"update": text}, "*/*")

    def quads_for_pattern(self, subject: Any, predicate: Any, obj: Any, graph_name: Any = None) -> Iterator[Quad]:
        s = _sparql_term(subject) if subject is not None else "?s"
        p = _sparql_term(predicate) if predicate is not None else "?p"
        o = _sparql_term(obj) if obj is not None else "?o"
        if isinstance(graph_name, DefaultGraph):
            where = f"{s} {p} {o} ."
        elif graph_name is not None:
            where = f"GRAPH {_sparql_term(graph_name)} {{ {s} {p} {o} }}"
        else:
            where = f"GRAPH ?g {{ {s} {p} {o} }}"
        for row in self.query(f"SELECT * WHERE {{ {where} }}"):
            g = graph_name if graph_name is not None else row["g"]
            yield Quad(subject if subject is not None else row["s"], predicate if predicate is not None else row["p"],
                       obj if obj is not None else row["o"], g)

    def contains_named_graph(self, graph: NamedNode) -> bool:
        result = self.query(f"ASK {{ GRAPH {_sparql_term(graph)} {{ ?s ?p ?o }} }}")
        return bool(result) if isinstance(result, QueryBoolean) else bool(result)

    def named_graphs(self) -> Iterator[NamedNode]:
        for row in self.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"):
            yield row["g"]

    def __len__(self) -> int:
        for row in self.query("SELECT (COUNT(*) AS ?n) WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"):
            return int(row["n"].value)
        return 0

    def flush(self) -> None:
        """Every update is already committed by the server."""
