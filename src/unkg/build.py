"""The build: inputs -> ingest -> parse -> map -> validate -> store, one graph per document version.

This module only composes the stages. Every input ends in exactly one outcome:
``loaded`` (new or changed graph written), ``unchanged`` (the store already holds the same
graph), or ``rejected`` (unreadable input, or a SHACL violation: nothing of it is written).
Warnings are reported and do not stop a document.

Worker processes prepare documents (every stage but the store); this process alone writes. New
graphs go to the store in bulk batches (:class:`_Batch`, under the store's journal); an outcome
is reported once its graph is in the store, in input order.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing as mp
import os
import stat
import threading
import time
import traceback
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from pyoxigraph import NamedNode, Quad, RdfFormat, Store, parse, serialize

from unkg.errors import InputError, RunAbort, UnkgError
from unkg.export import sha256_file
from unkg.extract.actors import extract_actors
from unkg.extract.citations import find_citations
from unkg.extract.claims import find_claims
from unkg.extract.votes import find_votes
from unkg.ingest import DEFAULT_MAX_BYTES, iter_inputs, read_source, sidecar_files
from unkg.iri import Minter
from unkg.mapping import Provenance, map_document, text_units
from unkg.remote import env_number
from unkg.parse import parse as parse_document
from unkg.resources import pipeline_digest, samples_dir
from unkg.search import UnitSpool, pack_units, refresh_index
from unkg.store import add_graph, bulk_add_graphs, graph_unchanged, journal_path, open_store, replace_graph, sync_static
from unkg.validate import ValidationResult, cross_check_votes, validate_quads
from unkg.vocab import PROV


#: the per-document stages, in order, as timed in :attr:`Outcome.seconds`
STAGES = ("read", "parse", "extract", "map", "validate", "index", "load")


@dataclass(slots=True)
class Outcome:
    """What happened to one input file."""

    source: str
    status: str  # loaded | unchanged | rejected
    graph: str | None = None
    expression: str | None = None
    quads: int = 0
    reason: str | None = None
    findings: list[ValidationResult] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # parser warnings
    #: seconds spent in each stage (read, parse, extract, map, validate, index, load) on this document
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def warned(self) -> bool:
        return bool(self.findings and self.status != "rejected") or bool(self.notes)


@dataclass(slots=True)
class Summary:
    outcomes: list[Outcome] = field(default_factory=list)
    store_quads: int = 0
    cross_checks: list[ValidationResult] = field(default_factory=list)  # across language versions
    search: str | None = None  # what the search-index refresh did (a one-line summary)
    search_error: str | None = None  # why it could not (the store is built all the same)
    #: seconds of the whole-store steps after the documents: flush, cross-check, search index
    finish_seconds: dict[str, float] = field(default_factory=dict)

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    def stage_seconds(self) -> dict[str, float]:
        """Seconds per stage summed over the documents (CPU spent in workers counts in full, so with
        several workers the sum exceeds the wall time)."""
        total: dict[str, float] = dict.fromkeys(STAGES, 0.0)
        for o in self.outcomes:
            for stage, secs in o.seconds.items():
                total[stage] = total.get(stage, 0.0) + secs
        return total

    @property
    def rejected(self) -> int:
        return self.count("rejected")

    @property
    def warned(self) -> int:
        return sum(1 for o in self.outcomes if o.warned)

    @property
    def exit_code(self) -> int:
        return 1 if self.rejected else 0


def run_time() -> dt.datetime:
    """The time recorded as ``prov:generatedAtTime``; ``SOURCE_DATE_EPOCH`` pins it."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc)
    return dt.datetime.now(tz=dt.timezone.utc).replace(microsecond=0)


def sample_inputs() -> list[Path]:
    """The bundled sample corpus."""
    return [samples_dir()]


@dataclass(slots=True)
class Prepared:
    """A document read, parsed, extracted, mapped and validated; not yet written.

    The graph travels as N-Triples bytes (``data``), serialised by pyoxigraph in the worker: pickling
    a few thousand ``Quad`` objects to the writer and back cost far more than the whole load."""

    outcome: Outcome
    graph: NamedNode | None = None
    data: bytes = b""  # the graph's quads as N-Quads
    conforms: bool = False
    units: bytes = b""  # its search-index rows (unkg.search.pack_units), when asked for

    @property
    def quads(self) -> list[Quad]:
        if self.graph is None or not self.data:
            return []
        return list(parse(self.data, format=RdfFormat.N_QUADS))


class _Laps:
    """A stopwatch that writes each lap's seconds under the stage's name."""

    __slots__ = ("mark", "seconds")

    def __init__(self, seconds: dict[str, float]) -> None:
        self.seconds, self.mark = seconds, time.perf_counter()

    def __call__(self, stage: str) -> None:
        now = time.perf_counter()
        self.seconds[stage] = now - self.mark
        self.mark = now


def prepare(path: Path, minter: Minter, prov: Provenance, max_bytes: int = DEFAULT_MAX_BYTES,
            index: bool = False) -> Prepared:
    """Every stage but the store, for one file (with ``index``, the rows of the search index too).
    Never raises for a bad document."""
    name = str(path)
    seconds: dict[str, float] = {}
    lap = _Laps(seconds)
    try:
        source = read_source(path, max_bytes=max_bytes)
        lap("read")
        doc = parse_document(source)
        lap("parse")
        actors = extract_actors(doc)
        citations = find_citations(doc)
        extracted = (actors, find_votes(doc), citations, find_claims(doc, actors, citations))
        lap("extract")
        mapped = map_document(doc, minter, prov, *extracted)
        lap("map")
    except InputError as exc:
        return Prepared(Outcome(name, "rejected", reason=exc.reason, seconds=seconds))
    except Exception as exc:  # a bug in a stage must not take the other documents down
        detail = "".join(traceback.format_exception_only(type(exc), exc)).strip()
        return Prepared(Outcome(name, "rejected", reason=f"internal error while reading ({detail}); please report it",
                                seconds=seconds))
    outcome = Outcome(name, "rejected", graph=mapped.graph.value, expression=mapped.expression.value,
                      quads=len(mapped.quads), notes=list(doc.warnings), seconds=seconds)
    try:
        report = validate_quads(mapped.quads, name)
        lap("validate")
    except Exception as exc:  # noqa: BLE001 - same rule as above
        detail = "".join(traceback.format_exception_only(type(exc), exc)).strip()
        outcome.reason = f"internal error while validating ({detail}); please report it"
        return Prepared(outcome)
    outcome.findings = report.results
    if not report.conforms:
        outcome.reason = f"{len(report.violations)} SHACL violation(s)"
        return Prepared(outcome)
    units = b""
    if index:
        units = pack_units(text_units(doc, minter))
        lap("index")
    return Prepared(outcome, mapped.graph, serialize(mapped.quads, format=RdfFormat.N_QUADS) or b"", True, units)


#: the writer flushes the store after this many new quads: without it the process grows with the
#: store (measured: 450 MB to 1.2 GB over 600 documents; flushed every 100 documents: flat at 880 MB)
FLUSH_EVERY_QUADS = 250_000

#: a new version of a document under this share of the stored version's size gets a warning (a
#: truncated download is valid text and would otherwise replace the whole document silently)
SHRINK_WARNING = 0.8


#: new graphs are bulk-loaded in batches of about this many quads (``UNKG_LOAD_BATCH_QUADS``;
#: 0 writes each in its own transaction). Measured on 300 generated documents: 33 µs per quad one
#: transaction per graph, 12 µs bulk-loaded in batches of 50 or 200 documents
LOAD_BATCH_QUADS = 200_000

#: ... or once the oldest document of the batch has waited this long, so that progress is reported
#: (outcomes wait for their batch) and an interrupted build loses little
LOAD_BATCH_SECONDS = 10.0


class _Batch:
    """New graphs waiting to be bulk-loaded together (:func:`unkg.store.bulk_add_graphs`) under the
    store's journal, with the outcomes of their documents; outcomes of documents after the first
    one waiting are held too, so that they are reported in input order, and only once written."""

    def __init__(self, store: Store, journal: Path, quads: int, seconds: float,
                 report: Callable[[Outcome], None]) -> None:
        self.store, self.journal, self.max_quads, self.max_seconds = store, journal, quads, seconds
        self.report = report
        self.graphs: dict[NamedNode, bytes] = {}
        self.held: list[Outcome] = []  # in input order, written or not
        self.written: list[Outcome] = []  # those whose graph is in this batch
        self.quads = 0
        self.since = 0.0

    def add(self, graph: NamedNode, nquads: bytes, outcome: Outcome) -> None:
        if not self.graphs:
            self.since = time.monotonic()
        self.graphs[graph] = nquads
        self.written.append(outcome)
        self.quads += outcome.quads

    def finish(self, outcome: Outcome) -> None:
        """Report ``outcome`` now, or after the batch when documents are waiting in it."""
        if self.graphs:
            self.held.append(outcome)
        else:
            self.report(outcome)

    def due(self) -> bool:
        return bool(self.graphs) and (self.quads >= self.max_quads
                                      or time.monotonic() - self.since >= self.max_seconds)

    def write(self) -> None:
        if self.graphs:
            t = time.perf_counter()
            bulk_add_graphs(self.store, self.journal, list(self.graphs), b"".join(self.graphs.values()))
            secs = time.perf_counter() - t
            for o in self.written:  # the batch's time, shared by quads
                o.seconds["load"] = o.seconds.get("load", 0.0) + secs * o.quads / max(self.quads, 1)
            self.graphs, self.written, self.quads = {}, [], 0
        held, self.held = self.held, []
        for o in held:
            self.report(o)


def commit(prepared: Prepared, store: Store, seen: dict[str, str] | None = None,
           batch: _Batch | None = None) -> Outcome:
    """The writer's part: write a prepared document's graph unless it is unchanged: a new graph in
    ``batch`` when given (written with the batch), otherwise in one transaction."""
    outcome = prepared.outcome
    if outcome.graph and seen is not None:
        previous = seen.get(outcome.graph)
        if previous is not None:
            outcome.notes.append(f"same document version as {previous}; this file replaces it")
        seen[outcome.graph] = outcome.source
    if not prepared.conforms or prepared.graph is None:
        return outcome
    t = time.perf_counter()
    if batch is not None and prepared.graph in batch.graphs:
        batch.write()  # the same document version twice in one run: the second compares with the first
    if not store.contains_named_graph(prepared.graph):
        outcome.status = "loaded"
        if batch is not None:
            batch.add(prepared.graph, prepared.data, outcome)
            outcome.seconds["load"] = time.perf_counter() - t
            return outcome
        add_graph(store, prepared.graph, prepared.data)  # a new graph: one transaction, nothing to drop
    else:
        quads = prepared.quads
        if graph_unchanged(store, prepared.graph, quads):
            outcome.status = "unchanged"
        else:
            before = sum(1 for _ in store.quads_for_pattern(None, None, None, prepared.graph))
            if len(quads) < SHRINK_WARNING * before:
                outcome.notes.append(
                    f"this version of {outcome.expression} has {len(quads)} quads, {100 - 100 * len(quads) // before}% "
                    f"fewer than the version it replaces ({before}): check that the file is complete")
            replace_graph(store, prepared.graph, quads)
            outcome.status = "loaded"
    outcome.seconds["load"] = time.perf_counter() - t
    return outcome


def already_loaded(store: Store, minter: Minter, prov: Provenance, path: Path,
                   max_bytes: int = DEFAULT_MAX_BYTES) -> NamedNode | None:
    """The graph that this very file (same bytes, same pipeline, same base IRI) already produced, or None.

    The extraction activity's IRI hashes the file's SHA-256 and the pipeline digest, so finding a
    document graph generated by it means that processing the file again would write the same
    graph: a resumed or repeated build skips it without parsing. A file with a metadata sidecar is
    always processed (the sidecar is not part of the checksum), and so is a file that reading will
    refuse anyway (over ``max_bytes``, or not a regular file): it is not hashed first."""
    if sidecar_files(path):
        return None
    try:
        st = path.stat()
    except OSError:
        return None
    if not stat.S_ISREG(st.st_mode) or st.st_size > max_bytes:
        return None
    try:
        activity = minter.activity(sha256_file(path), prov.pipeline_digest)
    except OSError:
        return None
    for q in store.quads_for_pattern(None, PROV.wasGeneratedBy, activity, None):
        if q.subject == q.graph_name and isinstance(q.subject, NamedNode):
            return q.subject
    return None


_WORKER: tuple[Minter, Provenance, int, bool] | None = None


def _exit_with_parent(parent: int) -> None:
    """A worker whose writer died (killed, out of memory) ends too, instead of idling on."""
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(3)


def _init_worker(base: str, prov: Provenance, max_bytes: int, index: bool, writer: int) -> None:
    global _WORKER
    _WORKER = (Minter(base), prov, max_bytes, index)
    # ``writer`` comes from the writer itself: if it died before this ran, getppid() is already not it
    threading.Thread(target=_exit_with_parent, args=(writer,), daemon=True, name="unkg-parent-watch").start()
    from unkg.validate import warm_up

    warm_up()  # load and compile the shapes once per worker (for the selected engine), before the first document


def _prepare_in_worker(path: Path) -> Prepared:
    assert _WORKER is not None
    minter, prov, max_bytes, index = _WORKER
    return prepare(path, minter, prov, max_bytes, index)


def default_jobs() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))


#: below this many documents to prepare, worker processes cost more than they save
PARALLEL_THRESHOLD = 8


def _prepared_in_order(paths: list[Path], workers: int, base: str, prov: Provenance, max_bytes: int,
                       minter: Minter, index: bool) -> Iterator[Prepared]:
    """Prepared documents in input order: in this process, or in ``workers`` processes with a bounded
    window of documents in flight (memory stays flat however long the input list)."""
    if workers <= 1 or len(paths) <= 1:
        for path in paths:
            yield prepare(path, minter, prov, max_bytes, index)
        return
    ctx = mp.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_init_worker,
                             initargs=(base, prov, max_bytes, index, os.getpid())) as pool:
        window: deque[Future[Prepared]] = deque()
        it = iter(paths)
        for path in it:
            window.append(pool.submit(_prepare_in_worker, path))
            if len(window) >= workers * 4:
                break
        while window:
            done = window.popleft()
            nxt = next(it, None)
            if nxt is not None:
                window.append(pool.submit(_prepare_in_worker, nxt))
            yield done.result()


def build(inputs: Sequence[Path], store_path: Path, base: str, *, max_bytes: int = DEFAULT_MAX_BYTES,
          on_outcome: Callable[[Outcome], None] | None = None,
          progress: Callable[[Iterable[Path]], Iterable[Path]] | None = None, search_index: bool = True,
          jobs: int = 0) -> Summary:
    """Build (or update) the store from input files and directories.

    ``jobs`` worker processes read, parse, extract, map and validate; this process alone writes
    (``0``: all cores, or none for fewer than :data:`PARALLEL_THRESHOLD` documents). Outcomes come
    in input order whatever the number of workers. A file whose graph is already in the store
    (same bytes, pipeline and base IRI) is skipped unparsed, so an interrupted build resumes.

    :raises RunAbort: when the store cannot be opened, or an input path does not exist.
    """
    for p in inputs:
        if not p.exists() and not p.is_symlink():
            raise RunAbort(f"{p}: no such file or directory")
    minter = Minter(base)
    store = open_store(store_path)
    sync_static(store, minter)
    prov = Provenance(pipeline_digest=pipeline_digest(), generated_at=run_time())
    summary = Summary()
    seen: dict[str, str] = {}
    try:
        paths = list(iter_inputs(list(inputs)))
    except InputError as exc:
        raise RunAbort(str(exc)) from None
    # resume: files whose graph this pipeline already wrote are skipped by checksum, unparsed
    todo: list[Path] = []
    skipped: dict[Path, NamedNode] = {}
    for path in paths:
        graph = already_loaded(store, minter, prov, path, max_bytes)
        if graph is None:
            todo.append(path)
        else:
            skipped[path] = graph
    workers = default_jobs() if jobs <= 0 else jobs
    if jobs <= 0 and len(todo) < PARALLEL_THRESHOLD:
        workers = 1

    def report(outcome: Outcome) -> None:
        summary.outcomes.append(outcome)
        if on_outcome:
            on_outcome(outcome)

    # a local store takes new graphs in bulk batches (a remote one, one PUT per graph)
    batch_quads = int(env_number("UNKG_LOAD_BATCH_QUADS", LOAD_BATCH_QUADS))
    batch = None if isinstance(store_path, str) or batch_quads == 0 else _Batch(
        store, journal_path(Path(store_path)), batch_quads, LOAD_BATCH_SECONDS, report)

    # a local store's search index is refreshed at the end; the workers send the rows of the graphs
    # they prepare, so that the refresh need not read them back from the store
    index = search_index and not isinstance(store_path, str)  # a remote store has no local index (yet)
    spool = UnitSpool() if index else None
    try:
        _write_documents(paths, skipped, seen, store, batch, report,
                         _prepared_in_order(todo, workers, base, prov, max_bytes, minter, index), spool,
                         progress)
        _finish(summary, store, store_path, spool)
    finally:
        if spool is not None:
            spool.close()
    return summary


def _write_documents(paths: list[Path], skipped: dict[Path, NamedNode], seen: dict[str, str],
                     store: Store, batch: _Batch | None, report: Callable[[Outcome], None],
                     prepared: Iterator[Prepared], spool: UnitSpool | None,
                     progress: Callable[[Iterable[Path]], Iterable[Path]] | None) -> None:
    """The writer's loop: every input in order, skipped or committed, outcomes reported in order."""
    finish = batch.finish if batch is not None else report
    iterable: Iterable[Path] = progress(paths) if progress else paths
    unflushed = 0
    for path in iterable:
        if path in skipped:
            graph = skipped[path].value
            if graph in seen:
                note = [f"same document version as {seen[graph]}; this file replaces it"]
            else:
                note = []
            seen[graph] = str(path)
            finish(Outcome(str(path), "unchanged", graph=graph, notes=note, reason="already loaded (same checksum)"))
            continue
        ready = next(prepared)
        outcome = commit(ready, store, seen, batch)
        if spool is not None and outcome.status == "loaded" and outcome.graph and ready.units:
            spool.put(outcome.graph, ready.units)
        finish(outcome)
        if batch is not None and batch.due():
            batch.write()
        if outcome.status == "loaded":
            unflushed += outcome.quads
            if unflushed >= FLUSH_EVERY_QUADS:
                store.flush()  # RocksDB's write buffers grow with the store until flushed
                unflushed = 0
    if batch is not None:
        batch.write()


def _finish(summary: Summary, store: Store, store_path: Path | str, spool: UnitSpool | None) -> None:
    """The whole-store steps after the documents: flush, vote cross-check, quad count, search index."""
    clock = time.perf_counter
    t = clock()
    store.flush()
    t, summary.finish_seconds["flush"] = clock(), clock() - t
    # the vote events of the graphs this build wrote, against every language version in the store
    # ('unkg validate' checks every event)
    written = [o.graph for o in summary.outcomes if o.status == "loaded" and o.graph]
    summary.cross_checks = cross_check_votes(store, written) if written else []
    t, summary.finish_seconds["cross-check"] = clock(), clock() - t
    summary.store_quads = len(store)  # reads every quad: 10 s at 10,000 documents
    summary.finish_seconds["quad count"] = clock() - t
    if spool is not None:
        # the full-text index (a sibling SQLite file) follows the store, from the same open store
        t = clock()
        try:
            summary.search = refresh_index(store_path, store=store, spool=spool).summary()
        except (UnkgError, OSError) as exc:
            summary.search_error = f"search index not refreshed: {exc} (run 'unkg index')"
        summary.finish_seconds["search index"] = clock() - t
