"""End-to-end build throughput: one process against worker processes, and the resumed rebuild.

    python bench/bench_build.py [--docs 200] [--jobs 2] [--workdir DIR]

Generates a corpus with ``bench/gen_corpus.py`` (realistic UN-style documents varied from the
real samples), then times ``unkg.build.build`` with ``jobs=1`` and ``jobs=N`` into fresh stores,
and a second build with ``jobs=N`` over the same store (every file skipped by checksum). Prints
documents/s and quads/s; checks that both stores hold the same quads.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from gen_corpus import generate  # noqa: E402

from unkg.build import build  # noqa: E402
from unkg.iri import DEFAULT_BASE  # noqa: E402


def timed(inputs: list[Path], store: Path, jobs: int) -> tuple[float, int, int]:
    t = time.perf_counter()
    summary = build(inputs, store, DEFAULT_BASE, jobs=jobs, search_index=False)
    return time.perf_counter() - t, summary.store_quads, summary.count("loaded")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=200)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--workdir", type=Path)
    args = ap.parse_args(argv)
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1700000000")
    work = args.workdir or Path(tempfile.mkdtemp(prefix="unkg-bench-build-"))
    try:
        corpus = work / "corpus"
        paths = generate(corpus, args.docs)
        rows = []
        for label, jobs, store in (("1 process", 1, work / "s1"), (f"{args.jobs} workers", args.jobs, work / "sN"),
                                   (f"rebuild, {args.jobs} workers", args.jobs, work / "sN")):
            if label != f"rebuild, {args.jobs} workers" and store.exists():
                shutil.rmtree(store)
            secs, quads, loaded = timed([corpus], store, jobs)
            rows.append((label, secs, quads, loaded))
        print(f"build of {len(paths)} generated documents, {os.cpu_count()} CPUs")
        print(f"{'build':28} {'s':>8} {'docs/s':>8} {'quads/s':>10} {'loaded':>7}")
        for label, secs, quads, loaded in rows:
            print(f"{label:28} {secs:8.1f} {len(paths) / secs:8.1f} {quads / secs:10,.0f} {loaded:7}")
        from pyoxigraph import Store

        a = {str(q) for q in Store.read_only(str(work / "s1"))}
        b = {str(q) for q in Store.read_only(str(work / "sN"))}
        print("stores identical:", a == b)
        return 0 if a == b else 1
    finally:
        if args.workdir is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
