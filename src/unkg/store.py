"""Store stage: pyoxigraph on disk, one named graph per Expression.

A document's graph (with its provenance) is replaced in one SPARQL update, which
Oxigraph runs as one transaction: the old graph and the new one are never mixed, and an
interrupted write leaves the previous state. A graph whose new content equals what is
stored (ignoring the generation time) is left as it is, so building the same input
twice yields the identical store.

Graphs the store does not hold yet are written in batches by Oxigraph's bulk loader, about
three times faster than a transaction but not atomic. A *journal* beside the store
(``STORE.journal``) lists the graphs of the batch being written; it is written (and synced)
before the batch and removed after it. When a process is killed in between, readers refuse
the store until a writer opens it: that drops every graph the journal lists (all of them new
in that batch, so nothing older is lost) before anything else, and the next build writes
them again.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from pyoxigraph import (
    BlankNode,
    Literal,
    NamedNode,
    Quad,
    RdfFormat,
    Store,
    parse,
    serialize,
)

from unkg.errors import RunAbort
from unkg.iri import Minter
from unkg.resources import Kind, files_of, reference_path
from unkg.vocab import DCTERMS, PROV, RDF_TYPE, RDFS, SKOS, UNKG, WD, XSD

DEFAULT_STORE = Path("unkg-data")


def open_store(path: str | Path, *, read_only: bool = False, create: bool = True) -> Store:
    """Open (or create) the on-disk store.

    A write open first drops the graphs of a bulk batch that an interrupted build left half
    written (see :func:`recover_journal`).

    :raises RunAbort: if the store is locked by another process (read-only opens too: reading
        while another process writes is undefined in Oxigraph), missing (read-only or
        ``create=False``), not complete (a build was stopped while creating it or while
        bulk-writing graphs) or not an Oxigraph store.
    """
    from unkg.remote import RemoteStore, is_remote

    if is_remote(path):
        return RemoteStore(str(path))  # type: ignore[return-value]
    path = Path(path)
    if not path.exists() and (read_only or not create):
        raise RunAbort(f"no store at {path} (run 'unkg build' first, or pass --store)")
    if path.exists() and not path.is_dir():
        raise RunAbort(f"{path} is a file, not a store directory")
    if read_only and _held_by_writer(path):
        # Oxigraph: opening read-only while another process writes is undefined behaviour (files
        # the reader needs can vanish under it); the write lock says a writer may be at work
        raise RunAbort(_IN_USE.format(path=path))
    if read_only and journal_path(path).exists():
        raise RunAbort(
            f"the store at {path} is not complete: a build was stopped while writing a batch of "
            f"documents ({journal_path(path)} lists them); run 'unkg build' (again) first"
        )
    try:
        if read_only:
            return Store.read_only(str(path))
        store = Store(str(path))
        recover_journal(store, journal_path(path))
        return store
    except (OSError, RuntimeError) as exc:  # RocksDB reports some states as RuntimeError
        message = str(exc)
        if "lock" in message.lower() or "resource temporarily unavailable" in message.lower():
            raise RunAbort(_IN_USE.format(path=path)) from None
        if read_only and _half_created(message):
            # a build is creating the store, or was killed while creating it: a write open
            # (the next build) completes it
            raise RunAbort(
                f"the store at {path} is not complete: a build is creating it or was stopped while "
                f"creating it; run 'unkg build' (again) first ({message})"
            ) from None
        raise RunAbort(f"cannot open the store at {path}: {message}") from None


_IN_USE = ("the store at {path} is in use by another unkg process (or an Oxigraph server); "
           "wait for it to finish or use another --store")


def _held_by_writer(path: Path) -> bool:
    """True when another process holds the store's write lock (RocksDB's fcntl lock on DIR/LOCK).

    Reads the kernel's lock table (``/proc/locks``, Linux) instead of asking through a file
    descriptor: closing any descriptor of the LOCK file would release the locks this process
    holds on it (POSIX rules), so a reader in a process that also writes would free the store
    for a second writer. False where there is no ``/proc/locks``.
    """
    try:
        st = os.stat(path / "LOCK")
        with open("/proc/locks", encoding="ascii", errors="replace") as fh:
            table = fh.read()
    except OSError:
        return False  # no lock file (no writer has opened this store yet), or not Linux
    me = os.getpid()
    for line in table.splitlines():
        fields = line.split()
        if len(fields) < 6 or fields[1] != "POSIX" or fields[3] != "WRITE":
            continue  # another kind of lock, or a request waiting for one ("N: -> POSIX …")
        try:
            major, minor, inode = fields[5].split(":")
            holder = int(fields[4])
            lock_file = (int(major, 16), int(minor, 16), int(inode))
        except ValueError:
            continue
        same = lock_file == (os.major(st.st_dev), os.minor(st.st_dev), st.st_ino)
        if same and holder != me:
            return True
    return False


def _half_created(message: str) -> bool:
    # RocksDB files missing, or Oxigraph's storage version not written yet (a read-only open then
    # tries to write it)
    return "Column family not found" in message or (
        "CURRENT" in message and "No such file or directory" in message
    ) or "only possible on read-write instances" in message


def _ntriples(quads: Iterable[Quad]) -> str:
    data = serialize((q.triple for q in quads), format=RdfFormat.N_TRIPLES)
    assert data is not None
    return data.decode("utf-8")


def replace_graph(store: Store, graph: NamedNode, quads: list[Quad]) -> None:
    """Atomically replace the content of one named graph."""
    from unkg.remote import RemoteStore

    if isinstance(store, RemoteStore):  # a SPARQL server: its own way per kind of server (unkg.remote)
        store.replace_graph(graph, quads)
        return
    body = _ntriples(quads)
    store.update(f"DROP SILENT GRAPH <{graph.value}> ;\nINSERT DATA {{ GRAPH <{graph.value}> {{\n{body}}} }}")


def add_graph(store: Store, graph: NamedNode, nquads: bytes) -> None:
    """Write a graph that the store does not hold yet, from its N-Quads (all in ``graph``), in one
    transaction (pyoxigraph's ``Store.load`` writes all or nothing; only one unkg process writes a
    store)."""
    from unkg.remote import RemoteStore

    if isinstance(store, RemoteStore):
        store.replace_graph(graph, list(parse(nquads, format=RdfFormat.N_QUADS)))
        return
    store.load(nquads, format=RdfFormat.N_QUADS)


def journal_path(store_path: Path) -> Path:
    """Where the journal of the bulk batch being written lives: ``STORE.journal``, beside the store
    (as the search index is), so that nothing foreign goes into RocksDB's own directory."""
    return store_path.with_name(store_path.name + ".journal")


def _write_durably(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    _sync_directory(path.parent)


def _sync_directory(directory: Path) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return  # not possible on this system: the rename is still atomic
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def bulk_add_graphs(store: Store, journal: Path, graphs: Sequence[NamedNode], nquads: bytes) -> None:
    """Write graphs that the store does not hold yet, from their N-Quads, with Oxigraph's bulk
    loader, under the journal: if the process dies before this returns, the next write open of
    the store drops all of ``graphs`` (:func:`recover_journal`) and readers refuse it until then."""
    _write_durably(journal, "".join(f"{g.value}\n" for g in graphs))
    store.bulk_load(nquads, format=RdfFormat.N_QUADS)
    # the bulk loader ingests finished files into RocksDB (recorded in its synced manifest): the
    # graphs are durable when it returns, and the journal can go
    journal.unlink()
    _sync_directory(journal.parent)


def recover_journal(store: Store, journal: Path) -> list[NamedNode]:
    """Drop the graphs of a bulk batch that was being written when its process died, then the
    journal (in that order: a crash in between repeats a harmless drop). Returns those graphs."""
    try:
        text = journal.read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    graphs = [NamedNode(line) for line in text.split()]
    if graphs:
        store.update(" ;\n".join(f"DROP SILENT GRAPH <{g.value}>" for g in graphs))  # one transaction
        store.flush()
    journal.unlink()
    _sync_directory(journal.parent)
    return graphs


def _volatile(q: Quad) -> bool:
    return q.predicate == PROV.generatedAtTime


def graph_unchanged(store: Store, graph: NamedNode, quads: list[Quad]) -> bool:
    """True when the stored graph already holds exactly these quads (generation time aside)."""
    if not store.contains_named_graph(graph):
        return False
    stored = {q for q in store.quads_for_pattern(None, None, None, graph) if not _volatile(q)}
    new = {q for q in quads if not _volatile(q)}
    return stored == new


def graph_quads(store: Store, graph: NamedNode) -> Iterator[Quad]:
    return store.quads_for_pattern(None, None, None, graph)


def document_graphs(store: Store) -> list[NamedNode]:
    """Named graphs that hold one Expression each (sorted): each types itself unkg:DocumentGraph."""
    graphs = {q.subject for q in store.quads_for_pattern(None, RDF_TYPE, UNKG.DocumentGraph, None)
              if isinstance(q.subject, NamedNode) and q.subject == q.graph_name}
    return sorted(graphs, key=lambda g: g.value)


def static_graphs(minter: Minter) -> dict[NamedNode, list[Quad]]:
    """The ontology graph and the reference graph (organs and States with their QIDs)."""
    onto_graph = minter.ontology_graph()
    onto: list[Quad] = []
    labels: dict[str, NamedNode] = {}

    def stable(term: Any) -> Any:
        # blank nodes (owl:unionOf lists) become skolem IRIs numbered in parse order: the
        # store relabels blank nodes on every write, and reloads must compare equal
        if isinstance(term, BlankNode):
            return labels.setdefault(term.value, NamedNode(f"{onto_graph.value}/.well-known/genid/{len(labels)}"))
        return term

    for path in files_of(Kind.ONTOLOGY, ".ttl"):
        with path.open("rb") as fh:
            for q in parse(fh, format=RdfFormat.TURTLE):
                onto.append(Quad(stable(q.subject), q.predicate, stable(q.object), onto_graph))
    ref_graph = minter.reference_graph()
    ref = [Quad(s, p, o, ref_graph) for s, p, o in _reference_triples(minter)]
    # provenance of the offline Wikidata links: the bundled reference tables
    ref.append(Quad(ref_graph, DCTERMS.source, Literal("unkg bundled reference data (states.csv/organs.csv)"), ref_graph))
    return {onto_graph: onto, ref_graph: ref}


def _reference_triples(m: Minter) -> Iterator[tuple[NamedNode, NamedNode, NamedNode | Literal]]:
    with reference_path("states.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            s = m.state(row["iso3"])
            yield s, RDF_TYPE, UNKG.State
            yield s, RDF_TYPE, UNKG.MemberState if row["un_status"] == "member state" else UNKG.ObserverState
            yield s, UNKG.iso3, Literal(row["iso3"])
            yield s, UNKG.m49, Literal(row["m49"])
            if row["un_member_since"]:
                yield s, UNKG.memberSince, Literal(row["un_member_since"], datatype=XSD.date)
            for lang in ("en", "zh", "fr", "es", "ru", "ar"):
                if row[f"name_{lang}_short"]:
                    yield s, RDFS.label, Literal(row[f"name_{lang}_short"], language=lang)
            for lang in ("en", "zh"):
                if row[f"name_{lang}_formal"]:
                    yield s, SKOS.altLabel, Literal(row[f"name_{lang}_formal"], language=lang)
            if row["wikidata_qid"]:
                yield s, SKOS.exactMatch, WD[row["wikidata_qid"]]
    codes = {"United Nations General Assembly": "GA", "United Nations Security Council": "SC",
             "Human Rights Council": "HRC", "United Nations Economic and Social Council": "ECOSOC",
             "Economic and Social Council": "ECOSOC", "United Nations Secretariat": "SECRETARIAT"}
    with reference_path("organs.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            code = codes.get(row["name_en"])
            if code is None or row["type"] != "organ":
                continue  # other bodies and instruments arrive with the actor step
            o = m.organ(code)
            yield o, RDF_TYPE, UNKG.Organ
            yield o, SKOS.notation, Literal(code)
            yield o, RDFS.label, Literal(row["name_en"], language="en")
            yield o, RDFS.label, Literal(row["name_zh"], language="zh")
            if row["wikidata_qid"]:
                yield o, SKOS.exactMatch, WD[row["wikidata_qid"]]


def sync_static(store: Store, minter: Minter) -> None:
    """Load or refresh the ontology and reference graphs."""
    for graph, quads in static_graphs(minter).items():
        if not graph_unchanged(store, graph, quads):
            replace_graph(store, graph, quads)


__all__ = [
    "DEFAULT_STORE", "open_store", "replace_graph", "add_graph", "bulk_add_graphs", "recover_journal",
    "journal_path", "graph_unchanged", "graph_quads", "document_graphs", "static_graphs", "sync_static"
]
