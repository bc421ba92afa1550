"""``unkg build`` killed (SIGKILL) again and again, at random moments and at chosen phases.

After every kill the store must open, every graph in it must be byte for byte the graph of a
clean build (a document graph is there whole, with its provenance, or not at all), and the
next run must resume from there; whenever a run gets to its end, and at the very end, the
store and the search index must be exactly those of the clean build. Runs alternate ``-j 1``
and ``-j 2``; random delays come from a seeded generator, uniform over the length of a clean
build. Five kills are aimed at phases a uniform draw can miss: start-up, the first
milliseconds of the store's creation, just after the first graph is written, just after the
last one (flush, cross-checks), and while the search index is written. Progress is read from
the build's own warnings on stderr: the store itself is not read while a build runs
(Oxigraph leaves that undefined, and unkg's readers refuse a store held by a writer).
"""

from __future__ import annotations

import os
import random
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from conftest import DEV, SEEDS, BackgroundBuild, graph_dumps

# small bulk batches (one or two documents each, see unkg.build.LOAD_BATCH_QUADS), so that kills
# land between batches and inside them, as in a long build
EPOCH = {"SOURCE_DATE_EPOCH": "1700000000", "UNKG_LOAD_BATCH_QUADS": "4000"}
# in input order; the first, the fifth and the last have SHACL warnings, printed as each is written
INPUTS = [SEEDS / "002_bd17d103bf40d524.txt", SEEDS / "000_151683289b9cb0c2.txt", SEEDS / "001_c316506c3c2794f5.txt",
          DEV / "S_RES_2593_2021.zh.txt", DEV / "S_RES_2623_2022.en.txt", DEV / "S_RES_2623_2022.zh.txt"]
RANDOM_KILLS = 8
SEED = 20261203
PROV = "http://www.w3.org/ns/prov#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
HALF_CREATED = -1  # Checker.check: the store directory is there, RocksDB had not finished creating it


def env() -> dict[str, str]:
    return {**os.environ, **EPOCH}


def build_args(store: Path, jobs: int) -> list[str]:
    return ["build", *map(str, INPUTS), "--store", str(store), "-j", str(jobs)]


def index_rows(store: Path) -> list[tuple[object, ...]]:
    with sqlite3.connect(store.with_name(store.name + ".search.sqlite")) as con:
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        return sorted(con.execute("SELECT * FROM docs").fetchall())


def journal(store: Path) -> Path:
    return store.with_name(store.name + ".journal")  # unkg.store.journal_path


def reset(store: Path) -> None:
    shutil.rmtree(store, ignore_errors=True)
    for p in [*store.parent.glob(store.name + ".search.sqlite*"), *store.parent.glob(store.name + ".journal*")]:
        p.unlink()


class Checker:
    """Compares what is in a store with the clean build."""

    def __init__(self, clean: dict[str, bytes]) -> None:
        self.clean = clean
        self.documents = sum(1 for g in clean if g.endswith("/graph"))

    def check(self, store: Path, when: str) -> int:
        """Assert that every graph present is whole; return the number of document graphs."""
        if not store.exists():
            return 0
        try:
            graphs = graph_dumps(store)
        except (OSError, RuntimeError) as exc:
            message = str(exc)
            if ("Column family not found" in message or "CURRENT: No such file" in message
                    or "only possible on read-write instances" in message):  # version marker not yet written
                return HALF_CREATED  # killed while RocksDB was creating the store
            raise AssertionError(f"{when}: the store does not open: {exc}") from None
        # graphs of a bulk batch cut off by the kill: readers refuse the store (checked by the
        # caller), the next build drops them first
        pending = set(journal(store).read_text().split()) if journal(store).exists() else set()
        docs = 0
        for name, dump in graphs.items():
            if name in pending:
                continue
            assert name in self.clean, f"{when}: a graph no clean build has: {name}"
            assert dump == self.clean[name], f"{when}: graph {name} differs from the clean build (partial?)"
            if name.endswith("/graph"):
                docs += 1
                quads = list(ox.parse(dump, format=ox.RdfFormat.N_QUADS))
                activities = [q.object for q in quads
                              if q.subject.value == name and q.predicate.value == PROV + "wasGeneratedBy"]
                assert len(activities) == 1, f"{when}: {name} without its provenance"
                assert any(q.subject == activities[0] and q.predicate.value == RDF_TYPE for q in quads), when
        return docs


@dataclass
class Kill:
    jobs: int
    aim: str
    after: float  # seconds from start to the kill
    graphs: int  # whole document graphs in the store after the kill (HALF_CREATED: -1)
    cut_batch: bool = False  # the kill came while a bulk batch was being written (its journal is there)


def test_many_kills_then_resume_equals_a_clean_build(tmp_path: Path) -> None:
    clean_store, store = tmp_path / "clean", tmp_path / "killed"
    index = store.with_name(store.name + ".search.sqlite")
    t = time.monotonic()
    r = subprocess.run([sys.executable, "-m", "unkg.cli", *build_args(clean_store, 1)], capture_output=True, text=True, env=env(), timeout=600)
    duration = {1: time.monotonic() - t}
    duration[2] = duration[1] * 1.5  # worker processes start first
    assert r.returncode == 0, r.stderr
    assert [line.split(":")[0] for line in r.stderr.splitlines() if line.startswith("[WARNING]")] == [
        f"[WARNING] [Warning] {p}" for p in (INPUTS[0], INPUTS[4], INPUTS[5])], r.stderr  # the progress marks
    clean = graph_dumps(clean_store)
    clean_index = index_rows(clean_store)
    checker = Checker(clean)
    assert checker.documents == len(INPUTS)
    rng = random.Random(SEED)
    kills: list[Kill] = []
    completed = 0

    def same_as_clean() -> None:
        assert graph_dumps(store) == clean
        assert index_rows(store) == clean_index

    def run(jobs: int, aim: str, trigger: Callable[[BackgroundBuild], bool]) -> None:
        nonlocal completed
        b = BackgroundBuild(build_args(store, jobs), env())
        try:
            aimed = trigger(b)
        finally:
            after = time.monotonic() - b.started
            was_killed = b.kill()
        if not was_killed:
            completed += 1
            same_as_clean()
            reset(store)  # start a new series, so that later kills find work to interrupt
            return
        graphs = checker.check(store, f"after the kill '{aim}' at {after:.2f} s")
        cut_batch = journal(store).exists()
        if graphs == HALF_CREATED or cut_batch:
            # readers say so plainly (exit 2, no traceback); the next build completes the store
            q = subprocess.run([sys.executable, "-m", "unkg.cli", "query", "documents", "--store", str(store)],
                               capture_output=True, text=True, timeout=600)
            assert q.returncode == 2 and f"the store at {store} is not complete" in q.stderr, q.stderr
            assert "Traceback" not in q.stderr
        kills.append(Kill(jobs, aim if aimed else f"{aim} (missed)", after, graphs, cut_batch))

    def finish() -> None:
        """Run the build to its end from what the kills left."""
        r = subprocess.run([sys.executable, "-m", "unkg.cli", *build_args(store, 1)], capture_output=True, text=True, env=env(), timeout=600)
        assert r.returncode == 0, r.stderr
        same_as_clean()

    # aimed kills; each run after the first resumes from what the kill before it left
    run(1, "start-up", lambda b: b.wait_for(lambda: False, rng.uniform(0.0, 0.4)) or True)
    reset(store)
    run(2, "store creation", lambda b: b.wait_for(store.exists, every=0.0002))
    run(2, "first graph written", lambda b: b.wait_for(lambda: b.wrote(INPUTS[0])))
    run(1, "last graph written", lambda b: b.wait_for(lambda: b.wrote(INPUTS[-1]), every=0.001))
    reset(store)  # the next kill needs a search index with work to do
    run(2, "search index", lambda b: b.wait_for(index.exists, every=0.001)
        and (time.sleep(rng.uniform(0.0, 0.05)) or True))
    finish()
    reset(store)
    # random kills, alternating -j 1 and -j 2, each run resuming from what the previous one left;
    # a new series starts when a run (or a late kill) left the whole store
    attempts = 0
    while sum(1 for k in kills if k.aim == "random") < RANDOM_KILLS and attempts < 3 * RANDOM_KILLS:
        attempts += 1
        jobs = 1 + attempts % 2
        delay = rng.uniform(0.0, duration[jobs])
        run(jobs, "random", lambda b, d=delay: b.wait_for(lambda: False, d) or True)
        if store.exists() and kills and kills[-1].graphs == checker.documents:
            reset(store)
    finish()

    report = "\n".join(f"  -j {k.jobs}  {k.after:5.2f} s  {k.graphs:2d}/{checker.documents} graphs  {k.aim}"
                       + ("  (inside a bulk batch)" if k.cut_batch else "") for k in kills)
    print(f"\nclean build {duration[1]:.1f} s; {len(kills)} kills, {completed} runs ended first:\n{report}")
    assert sum(1 for k in kills if k.aim == "random") >= RANDOM_KILLS, report
    assert all("missed" not in k.aim for k in kills), report
    assert {k.jobs for k in kills} == {1, 2}
    assert any(k.graphs == 0 for k in kills) and any(0 < k.graphs < checker.documents for k in kills), report
    assert any(k.graphs == checker.documents for k in kills), report
