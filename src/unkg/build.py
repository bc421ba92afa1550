"""The build: inputs -> ingest -> parse -> map -> validate -> store, one document at a time.

This module only composes the stages. Every input ends in exactly one outcome:
``loaded`` (new or changed graph written), ``unchanged`` (the store already holds the same
graph), or ``rejected`` (unreadable input, or a SHACL violation: nothing of it is written).
Warnings are reported and do not stop a document.
"""

from __future__ import annotations

import datetime as dt
import os
import traceback
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pyoxigraph import Store

from unkg.errors import InputError, RunAbort, UnkgError
from unkg.extract.actors import extract_actors
from unkg.extract.citations import find_citations
from unkg.extract.claims import find_claims
from unkg.extract.votes import find_votes
from unkg.ingest import DEFAULT_MAX_BYTES, iter_inputs, read_source
from unkg.iri import Minter
from unkg.mapping import Provenance, map_document
from unkg.parse import parse
from unkg.resources import pipeline_digest, samples_dir
from unkg.store import graph_unchanged, open_store, replace_graph, sync_static
from unkg.validate import ValidationResult, cross_check_votes, validate_quads


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

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

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


def process(path: Path, store: Store, minter: Minter, prov: Provenance, *,
            max_bytes: int = DEFAULT_MAX_BYTES, seen: dict[str, str] | None = None) -> Outcome:
    """Run one file through every stage and write it if it validates."""
    name = str(path)
    try:
        source = read_source(path, max_bytes=max_bytes)
        doc = parse(source)
        actors = extract_actors(doc)
        citations = find_citations(doc)
        mapped = map_document(doc, minter, prov, actors, find_votes(doc), citations,
                              find_claims(doc, actors, citations))
    except InputError as exc:
        return Outcome(name, "rejected", reason=exc.reason)
    except Exception as exc:  # a bug in a stage must not take the other documents down
        detail = "".join(traceback.format_exception_only(type(exc), exc)).strip()
        return Outcome(name, "rejected", reason=f"internal error while reading ({detail}); please report it")
    outcome = Outcome(name, "rejected", graph=mapped.graph.value, expression=mapped.expression.value,
                      quads=len(mapped.quads), notes=list(doc.warnings))
    if seen is not None:
        previous = seen.get(mapped.graph.value)
        if previous is not None:
            outcome.notes.append(f"same document version as {previous}; this file replaces it")
        seen[mapped.graph.value] = name
    report = validate_quads(mapped.quads, name)
    outcome.findings = report.results
    if not report.conforms:
        outcome.reason = f"{len(report.violations)} SHACL violation(s)"
        return outcome
    if graph_unchanged(store, mapped.graph, mapped.quads):
        outcome.status = "unchanged"
        return outcome
    replace_graph(store, mapped.graph, mapped.quads)
    outcome.status = "loaded"
    return outcome


def build(inputs: Sequence[Path], store_path: Path, base: str, *, max_bytes: int = DEFAULT_MAX_BYTES,
          on_outcome: Callable[[Outcome], None] | None = None,
          progress: Callable[[Iterable[Path]], Iterable[Path]] | None = None, search_index: bool = True) -> Summary:
    """Build (or update) the store from input files and directories.

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
    iterable: Iterable[Path] = progress(paths) if progress else paths
    for path in iterable:
        outcome = process(path, store, minter, prov, max_bytes=max_bytes, seen=seen)
        summary.outcomes.append(outcome)
        if on_outcome:
            on_outcome(outcome)
    store.flush()
    summary.cross_checks = cross_check_votes(store)
    summary.store_quads = len(store)
    if search_index:
        # the full-text index (a sibling SQLite file) follows the store, from the same open store
        from unkg.search import refresh_index

        try:
            summary.search = refresh_index(store_path, store=store).summary()
        except (UnkgError, OSError) as exc:
            summary.search_error = f"search index not refreshed: {exc} (run 'unkg index')"
    return summary
