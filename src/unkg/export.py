"""Export stage: dumps of the store in five formats, checksums, and a VoID/DCAT description.

pyoxigraph serialises N-Quads, TriG, Turtle and N-Triples (rdflib was measured 150x
slower on Turtle). JSON-LD is written here, streaming one named graph at a time, compacted
with the project's own ``@context`` (``ontology/context.jsonld``) so that keys read
``symbol``, ``title``, ``hasParagraph``; a test parses it back to the same quads.
Turtle and N-Triples carry triples only: they hold the union of all graphs.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future
from functools import cache
from pathlib import Path
from typing import BinaryIO

from pyoxigraph import BlankNode, DefaultGraph, Literal, NamedNode, Quad, RdfFormat, Store, Triple, serialize

from unkg import __version__
from unkg.iri import Minter
from unkg.resources import Kind, path_for
from unkg.vocab import DCAT, DCTERMS, FOAF, PREFIXES, RDF_TYPE, SPDX, VOID, XSD

FORMATS: dict[str, tuple[str, str]] = {
    # name: (file extension, media type)
    "nq": ("nq", "application/n-quads"),
    "trig": ("trig", "application/trig"),
    "ttl": ("ttl", "text/turtle"),
    "nt": ("nt", "application/n-triples"),
    "jsonld": ("jsonld", "application/ld+json"),
}
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


def export(store: Store, fmt: str, out: BinaryIO, *, location: Path | None = None, jobs: int = 1) -> None:
    """Write the whole store to ``out`` in one format. ``location`` (the directory of ``store``, an
    embedded store) and ``jobs`` let JSON-LD be written by several processes (:func:`write_jsonld`)."""
    if fmt == "nq":
        store.dump(out, RdfFormat.N_QUADS)
    elif fmt == "trig":
        store.dump(out, RdfFormat.TRIG, prefixes=PREFIXES)
    elif fmt in {"ttl", "nt"}:
        triples = (q.triple for q in store)
        rdf_format = RdfFormat.TURTLE if fmt == "ttl" else RdfFormat.N_TRIPLES
        serialize(triples, out, rdf_format, prefixes=PREFIXES if fmt == "ttl" else None)
    elif fmt == "jsonld":
        write_jsonld(store, out, location=location, jobs=jobs)
    else:
        raise ValueError(f"unknown export format {fmt!r}; known: {', '.join(FORMATS)}")


# --- JSON-LD ------------------------------------------------------------------------------------

@cache
def context() -> dict[str, object]:
    """The project's JSON-LD ``@context`` (the value, not the wrapping object)."""
    data = json.loads(path_for(Kind.ONTOLOGY, "context.jsonld").read_text(encoding="utf-8"))
    ctx = data["@context"]
    assert isinstance(ctx, dict)
    return ctx


class _Compactor:
    """Compacts terms with the shipped context: predicate -> term, IRI -> prefix:name."""

    def __init__(self, ctx: dict[str, object]) -> None:
        self.prefixes: list[tuple[str, str]] = sorted(
            ((k, v) for k, v in ctx.items() if isinstance(v, str) and v.endswith(("/", "#"))),
            key=lambda kv: -len(kv[1]),
        )
        self._ns_names: dict[str, str] = {}
        for name, ns in reversed(self.prefixes):
            self._ns_names[ns] = name  # two prefixes for one namespace: the first listed wins
        self._iri_cache: dict[str, str] = {}
        self.by_iri: dict[str, tuple[str, str | None, bool]] = {}  # iri -> (term, @type, is language-neutral)
        self.type_key = next((k for k, v in ctx.items() if v == "@type"), "@type")
        self.id_key = next((k for k, v in ctx.items() if v == "@id"), "@id")
        for term, definition in ctx.items():
            if term.startswith("@") or term in (self.type_key, self.id_key):
                continue
            if isinstance(definition, str):
                iri, coercion = self.expand(definition), None
            elif isinstance(definition, dict) and isinstance(definition.get("@id"), str):
                iri, coercion = self.expand(definition["@id"]), definition.get("@type")
                if "@container" in definition or "@language" in definition or "@reverse" in definition:
                    continue
            else:
                continue
            if iri.endswith(("/", "#")):
                continue
            coercion = self.expand(coercion) if isinstance(coercion, str) and coercion != "@id" else coercion
            current = self.by_iri.get(iri)
            if current is None or len(term) < len(current[0]):
                self.by_iri[iri] = (term, coercion if isinstance(coercion, str) else None, True)

    def expand(self, value: str) -> str:
        if ":" in value:
            prefix, local = value.split(":", 1)
            for name, ns in self.prefixes:
                if name == prefix:
                    return ns + local
        return value

    def iri(self, value: str) -> str:
        """``prefix:local`` with the longest namespace that ``value`` starts with (namespaces end in
        ``/`` or ``#``, so only the prefixes of ``value`` ending there are looked up)."""
        cached = self._iri_cache.get(value)
        if cached is not None:
            return cached
        out = value
        end = len(value) - 1  # the local part must not be empty
        while end > 0:
            cut = max(value.rfind("/", 0, end), value.rfind("#", 0, end))
            if cut < 0:
                break
            name = self._ns_names.get(value[:cut + 1])
            if name is not None:
                out = f"{name}:{value[cut + 1:]}"
                break
            end = cut
        if len(self._iri_cache) < 100_000:  # predicates, classes, datatypes, shared nodes repeat
            self._iri_cache[value] = out
        return out

    def vocab_iri(self, value: str) -> str:
        """An IRI in @type position: a class term when the context has one."""
        entry = self.by_iri.get(value)
        if entry and entry[1] is None:
            return entry[0]
        return self.iri(value)

    def node_ref(self, term: NamedNode | BlankNode) -> str:
        return f"_:{term.value}" if isinstance(term, BlankNode) else self.iri(term.value)

    def value(self, obj: NamedNode | BlankNode | Literal | Triple, coercion: str | None) -> object:
        if isinstance(obj, (NamedNode, BlankNode)):
            return self.node_ref(obj) if coercion == "@id" else {"@id": self.node_ref(obj)}
        if isinstance(obj, Triple):
            raise ValueError("RDF-star triples are not exported to JSON-LD")
        dtype = obj.datatype.value
        if obj.language:
            return {"@value": obj.value, "@language": obj.language}
        if coercion is not None and coercion == dtype:
            return obj.value
        if coercion is None and dtype == _XSD_STRING:
            return obj.value
        return {"@value": obj.value, "@type": self.iri(dtype)}

    def key_for(self, predicate: str, obj: NamedNode | BlankNode | Literal | Triple) -> tuple[str, str | None]:
        """The key to use and the coercion its values get."""
        entry = self.by_iri.get(predicate)
        if entry is not None:
            term, coercion, _ = entry
            if coercion == "@id" and isinstance(obj, (NamedNode, BlankNode)):
                return term, "@id"
            if coercion is not None and coercion != "@id" and isinstance(obj, Literal) and obj.datatype.value == coercion and not obj.language:
                return term, coercion
            if coercion is None and (isinstance(obj, Literal) and (obj.language or obj.datatype.value == _XSD_STRING)):
                return term, None
        return self.iri(predicate), "_expanded"


def _sort_key(v: object) -> str:
    return json.dumps(v, sort_keys=True, ensure_ascii=False)


def _nodes(c: _Compactor, quads: Iterator[Quad]) -> list[dict[str, object]]:
    subjects: dict[str, dict[str, list[object]]] = {}
    for q in quads:
        s = c.node_ref(q.subject)  # type: ignore[arg-type]
        node = subjects.setdefault(s, {})
        if q.predicate == RDF_TYPE and isinstance(q.object, NamedNode):
            node.setdefault(c.type_key, []).append(c.vocab_iri(q.object.value))
            continue
        key, coercion = c.key_for(q.predicate.value, q.object)
        value = c.value(q.object, None if coercion == "_expanded" else coercion)
        if coercion == "_expanded" and isinstance(value, str):
            value = {"@value": value}
        node.setdefault(key, []).append(value)
    out = []
    for s in sorted(subjects):
        node_out: dict[str, object] = {c.id_key: s}
        for key in sorted(subjects[s], key=lambda k: (k != c.type_key, k)):
            values = subjects[s][key]
            node_out[key] = values[0] if len(values) == 1 else sorted(values, key=_sort_key)
        out.append(node_out)
    return out


def jsonld_bytes(triples: Iterable[Triple]) -> bytes:
    """A small set of triples (one resource's description) as compacted JSON-LD, same context
    and node layout as the dump."""
    ctx = context()
    nodes = _nodes(_Compactor(ctx), (Quad(t.subject, t.predicate, t.object, DefaultGraph()) for t in triples))
    return json.dumps({"@context": ctx, "@graph": nodes}, ensure_ascii=False, indent=1).encode() + b"\n"


def write_jsonld(store: Store, out: BinaryIO, *, location: Path | None = None, jobs: int = 1) -> None:
    """Stream the store as compacted JSON-LD, one named graph at a time.

    With ``location`` (the directory of ``store``, an embedded store) and ``jobs`` > 1, that many
    worker processes each open the store read-only and compact a share of the named graphs, which
    this process writes in order: the same bytes as one process writes. Reading a graph out of
    Oxigraph and compacting it in Python cost about the same (some 14 µs a quad each), so a
    single process takes 2.5× pyoxigraph's own (expanded) JSON-LD dump."""
    ctx = context()
    c = _Compactor(ctx)
    out.write(b'{\n"@context": ')
    out.write(json.dumps(ctx, ensure_ascii=False, sort_keys=True).encode("utf-8"))
    out.write(b',\n"@graph": [\n')
    first = True
    graphs = sorted(store.named_graphs(), key=lambda g: g.value)
    for node in _nodes(c, store.quads_for_pattern(None, None, None, DefaultGraph())):
        out.write((b"" if first else b",\n") + json.dumps(node, ensure_ascii=False).encode("utf-8"))
        first = False
    for block in _graph_blocks(store, [g.value for g in graphs], location, jobs):
        out.write((b"" if first else b",\n") + block)
        first = False
    out.write(b"\n]\n}\n")


#: named graphs per task of a JSON-LD export in worker processes
JSONLD_CHUNK = 64


def _graph_blocks(store: Store, graphs: list[str], location: Path | None, jobs: int) -> Iterator[bytes]:
    """The JSON-LD block of each named graph, in order: here, or in ``jobs`` worker processes."""
    if location is None or jobs <= 1 or len(graphs) < 2 * JSONLD_CHUNK:
        yield from _blocks(store, graphs)
        return
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor

    chunks = [graphs[i:i + JSONLD_CHUNK] for i in range(0, len(graphs), JSONLD_CHUNK)]
    with ProcessPoolExecutor(max_workers=jobs, mp_context=mp.get_context("spawn"), initializer=_open_for_export,
                             initargs=(str(location),)) as pool:
        window: deque[Future[list[bytes]]] = deque()
        pending = iter(chunks)
        for chunk in pending:  # a bounded window: memory stays flat whatever the store's size
            window.append(pool.submit(_blocks_in_worker, chunk))
            if len(window) >= 2 * jobs:
                break
        while window:
            done = window.popleft().result()
            nxt = next(pending, None)
            if nxt is not None:
                window.append(pool.submit(_blocks_in_worker, nxt))
            yield from done


def _blocks(store: Store, graphs: list[str]) -> Iterator[bytes]:
    c = _Compactor(context())
    for iri in graphs:
        g = NamedNode(iri)
        block = {c.id_key: c.node_ref(g), "@graph": _nodes(c, store.quads_for_pattern(None, None, None, g))}
        yield json.dumps(block, ensure_ascii=False).encode("utf-8")


_EXPORT_STORE: Store | None = None


def _open_for_export(location: str) -> None:
    global _EXPORT_STORE
    _EXPORT_STORE = Store.read_only(location)


def _blocks_in_worker(graphs: list[str]) -> list[bytes]:
    assert _EXPORT_STORE is not None
    return list(_blocks(_EXPORT_STORE, graphs))


# --- checksums and the dataset description ------------------------------------------------------

def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


#: what :func:`dataset_stats` reports; the last three are for the server's home page
STATS_KEYS = ("quads", "expressions", "works", "graphs", "subjects", "claims", "vote_events", "citations")
_STAT_PREDICATE = "https://w3id.org/unkg/def/stat/"  # + key: the figures in the statistics graph


def count_stats(store: Store) -> dict[str, int]:
    """Count the figures of :data:`STATS_KEYS` over the whole store (the statistics graph aside).

    Triples and distinct subjects need a pass over every quad: seconds for a 10,000-document
    store. :func:`write_stats` keeps the result in the store for :func:`dataset_stats`."""
    def count(query: str) -> int:
        for row in store.query(query, use_default_graph_as_union=True):
            return int(row[0].value)  # type: ignore[union-attr]
        return 0

    stats_graphs = _stats_graphs(store)
    own = sum(sum(1 for _ in store.quads_for_pattern(None, None, None, g)) for g in stats_graphs)
    u = "https://w3id.org/unkg/def/"
    return {
        "quads": len(store) - own,  # (counted in Rust: iterating the quads in Python took 40x longer)
        "expressions": count(f"SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE {{ ?e a <{u}Expression> }}"),
        "works": count(f"SELECT (COUNT(DISTINCT ?w) AS ?n) WHERE {{ ?w a <{u}Work> }}"),
        "graphs": sum(1 for _ in store.named_graphs()) - len(stats_graphs),
        # (a statistics graph says things of itself only: one subject)
        "subjects": count("SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o }") - len(stats_graphs),
        # as the home page has always counted them: type statements, over every graph
        "claims": count(f"SELECT (COUNT(?x) AS ?n) WHERE {{ ?x a <{u}Claim> }}"),
        "vote_events": count(f"SELECT (COUNT(?x) AS ?n) WHERE {{ ?x a <{u}VoteEvent> }}"),
        "citations": count(f"SELECT (COUNT(?x) AS ?n) WHERE {{ ?x a <{u}Citation> }}"),
    }


def _stats_graphs(store: Store) -> list[NamedNode]:
    """The statistics graph(s): the graphs that hold a ``stat/quads`` figure about themselves."""
    out = []
    for q in store.quads_for_pattern(None, NamedNode(_STAT_PREDICATE + "quads"), None, None):
        if q.subject == q.graph_name and isinstance(q.subject, NamedNode) and q.subject not in out:
            out.append(q.subject)
    return out


def stats_graph(minter: Minter) -> NamedNode:
    """The named graph where :func:`write_stats` keeps the dataset figures: ``{base}graph/stats``."""
    return NamedNode(minter.base + "graph/stats")


def write_stats(store: Store, minter: Minter) -> dict[str, int]:
    """Count the dataset figures (:func:`count_stats`) and keep them in the statistics graph,
    replacing what it held; a writer calls this last, once everything else is written (the build,
    ``unkg link``), so that :func:`dataset_stats` need not read every quad of the store again."""
    from unkg.store import replace_graph

    for g in _stats_graphs(store):
        store.remove_graph(g)
    stats = count_stats(store)
    g = stats_graph(minter)
    quads = [Quad(g, NamedNode(_STAT_PREDICATE + k), Literal(str(stats[k]), datatype=XSD.integer), g)
             for k in STATS_KEYS]
    replace_graph(store, g, quads)
    return stats


def dataset_stats(store: Store) -> dict[str, int]:
    """Counts for VoID and the server's home page (:data:`STATS_KEYS`): triples, documents
    (Expressions), works, named graphs, distinct subjects, claims, vote events, citations.

    Read from the statistics graph when the last writer left one (:func:`write_stats`), counted
    otherwise (the figures then describe the store without that graph)."""
    for g in _stats_graphs(store):
        found: dict[str, int] = {}
        for q in store.quads_for_pattern(g, None, None, g):
            key = q.predicate.value.removeprefix(_STAT_PREDICATE)
            if key in STATS_KEYS and isinstance(q.object, Literal):
                try:
                    found[key] = int(q.object.value)
                except ValueError:
                    pass
        if len(found) == len(STATS_KEYS):
            return found
    return count_stats(store)


def void_description(store: Store, minter: Minter, dumps: dict[str, Path], modified: dt.datetime,
                     download_base: str | None = None) -> bytes:
    """VoID + DCAT description of the dataset and its dumps (Turtle)."""
    d = minter.dataset()
    stats = dataset_stats(store)
    triples: list[Triple] = []

    def add(s: NamedNode | BlankNode, p: NamedNode, o: NamedNode | BlankNode | Literal) -> None:
        triples.append(Triple(s, p, o))

    def integer(n: int) -> Literal:
        return Literal(str(n), datatype=XSD.integer)

    add(d, RDF_TYPE, VOID.Dataset)
    add(d, RDF_TYPE, DCAT.Dataset)
    add(d, DCTERMS.title, Literal("unkg knowledge graph of United Nations documents", language="en"))
    add(d, DCTERMS.title, Literal("联合国文件知识图谱", language="zh"))
    add(d, DCTERMS.description, Literal(
        "UN documents parsed into Works, Expressions, parts, paragraphs and footnotes, one named graph "
        "per Expression, with provenance. Source: United Nations.", language="en"))
    add(d, DCTERMS.source, NamedNode("https://undocs.org/"))
    add(d, DCTERMS.modified, Literal(modified.isoformat(), datatype=XSD.dateTime))
    add(d, DCTERMS.publisher, Literal(f"unkg {__version__}"))
    add(d, VOID.uriSpace, Literal(minter.base))
    add(d, VOID.triples, integer(stats["quads"]))
    add(d, VOID.distinctSubjects, integer(stats["subjects"]))
    add(d, VOID.documents, integer(stats["expressions"]))
    add(d, VOID.entities, integer(stats["works"]))
    add(d, DCTERMS.conformsTo, NamedNode("https://w3id.org/unkg/shapes/"))
    for ns in sorted(set(PREFIXES.values())):
        add(d, VOID.vocabulary, NamedNode(ns))
    for fmt, path in sorted(dumps.items()):
        dist = NamedNode(f"{d.value}/dump/{path.name}")
        add(d, DCAT.distribution, dist)
        add(d, VOID.dataDump, NamedNode((download_base or minter.base + "dumps/") + path.name))
        add(dist, RDF_TYPE, DCAT.Distribution)
        add(dist, DCAT.mediaType, Literal(FORMATS[fmt][1]))
        add(dist, DCAT.downloadURL, NamedNode((download_base or minter.base + "dumps/") + path.name))
        add(dist, DCAT.byteSize, Literal(str(path.stat().st_size), datatype=XSD.nonNegativeInteger))
        checksum = BlankNode(f"checksum_{fmt}")
        add(dist, SPDX.checksum, checksum)
        add(checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256)
        add(checksum, SPDX.checksumValue, Literal(sha256_file(path), datatype=XSD.hexBinary))
        add(dist, FOAF.page, NamedNode("https://w3id.org/unkg/"))
    data = serialize(triples, format=RdfFormat.TURTLE,
                     prefixes={**PREFIXES, "spdx": SPDX.base}) or b""
    return data


def export_all(store: Store, outdir: Path, minter: Minter, modified: dt.datetime, stem: str = "unkg", *,
               location: Path | None = None, jobs: int = 1) -> dict[str, Path]:
    """Write every format, ``SHA256SUMS`` and ``void.ttl`` into ``outdir`` (``location`` and ``jobs``:
    as for :func:`export`)."""
    outdir.mkdir(parents=True, exist_ok=True)
    dumps: dict[str, Path] = {}
    for fmt, (ext, _) in FORMATS.items():
        path = outdir / f"{stem}.{ext}"
        tmp = path.with_suffix(path.suffix + ".part")
        with tmp.open("wb") as fh:
            export(store, fmt, fh, location=location, jobs=jobs)
        tmp.replace(path)
        dumps[fmt] = path
    sums = "".join(f"{sha256_file(p)}  {p.name}\n" for _, p in sorted(dumps.items(), key=lambda kv: kv[1].name))
    (outdir / "SHA256SUMS").write_text(sums, encoding="utf-8")
    (outdir / "void.ttl").write_bytes(void_description(store, minter, dumps, modified))
    return dumps


__all__ = ["FORMATS", "STATS_KEYS", "count_stats", "dataset_stats", "export", "export_all", "write_jsonld", "jsonld_bytes",
           "void_description", "sha256_file", "context", "stats_graph", "write_stats"]
