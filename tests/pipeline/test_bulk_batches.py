"""New document graphs are bulk-loaded in batches under a journal (``STORE.journal``).

A batch cut off half-way (here: part of a graph bulk-loaded, its journal written, as a kill
inside ``Store.bulk_load`` leaves it) is refused by every reader with a clear message; the next
build drops the journaled graphs first and then writes them again, ending with the store of a
clean build. Batches of any size give the same store as one transaction per graph."""

from __future__ import annotations

import os
from pathlib import Path

import pyoxigraph as ox

from conftest import DEV, SEEDS, graph_dumps, run_cli

INPUTS = [str(SEEDS), str(DEV / "A_HRC_RES_56_17.en.txt"), str(DEV / "S_RES_2623_2022.zh.txt")]


def env(batch: str | None = None) -> dict[str, str]:
    e = {k: v for k, v in os.environ.items() if k != "UNKG_LOAD_BATCH_QUADS"}
    e["SOURCE_DATE_EPOCH"] = "1700000000"
    if batch is not None:
        e["UNKG_LOAD_BATCH_QUADS"] = batch
    return e


def build(store: Path, batch: str | None = None) -> str:
    r = run_cli("build", *INPUTS, "--store", str(store), "-q", "-j", "1", env=env(batch))
    assert r.returncode == 0, r.stderr
    return r.stderr


def test_batch_sizes_give_the_same_store(tmp_path: Path) -> None:
    # 0: one transaction per graph; 1: a bulk batch per graph; default: one batch for all
    dumps = {b: (build(tmp_path / f"s{b}", b), graph_dumps(tmp_path / f"s{b}"))[1] for b in ("0", "1", None)}
    assert len(dumps["0"]) == len(INPUTS) - 1 + 4 + 2  # 4 seeds + 2 dev documents, ontology, reference data
    assert dumps["0"] == dumps["1"] == dumps[None]
    assert not (tmp_path / "s1.journal").exists() and not (tmp_path / "sNone.journal").exists()


def test_cut_batch_is_refused_then_dropped_and_rewritten(tmp_path: Path) -> None:
    clean, store = tmp_path / "clean", tmp_path / "store"
    build(clean)
    want = graph_dumps(clean)
    build(store)
    # what a kill inside the bulk loader leaves: the batch's journal, one of its graphs half
    # written, another not at all (here made by hand: drop two graphs, bulk-load half of one)
    docs = sorted(g for g in want if g.endswith("/graph"))
    half, absent = docs[0], docs[1]
    s = ox.Store(str(store))
    s.remove_graph(ox.NamedNode(half))
    s.remove_graph(ox.NamedNode(absent))
    lines = want[half].splitlines(keepends=True)
    s.bulk_load(b"".join(lines[: len(lines) // 2]), format=ox.RdfFormat.N_QUADS)
    s.flush()
    del s
    journal = tmp_path / "store.journal"
    journal.write_text(f"{half}\n{absent}\n", encoding="utf-8")

    for args in (["query", "documents"], ["export", "--format", "nq", "-o", str(tmp_path / "out.nq")],
                 ["search", "Ukraine"]):
        r = run_cli(*args, "--store", str(store), env=env())
        assert r.returncode == 2, (args, r.stdout, r.stderr)
        assert (f"[ERROR] the store at {store} is not complete: a build was stopped while writing a batch of "
                f"documents ({journal} lists them); run 'unkg build' (again) first") in r.stderr, r.stderr
        assert "Traceback" not in r.stderr
    assert not (tmp_path / "out.nq").exists()

    err = build(store)
    assert "2 loaded, 4 unchanged, 0 rejected" in err, err  # the two journaled documents, written again
    assert not journal.exists()
    assert graph_dumps(store) == want
