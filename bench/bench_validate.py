#!/usr/bin/env python3
"""Time SHACL validation alone, with both engines (``unkg.shacl`` and pyshacl).

    python bench/bench_validate.py [--repeat 3] [--long 1000,2500,5000,10000] [--pyshacl-long 1000]

1. The document graphs of ``tests/fixtures`` (seeds, dev corpus, PDFs) are built once by the
   pipeline stages (read, parse, extract, map; no validation, no store); then each engine
   validates each of them: milliseconds per document (CPU time of this process, best of
   ``--repeat`` for the fast engine) and triples per second.
2. Scaling: one real resolution (A/RES/76/151, Chinese) with its operative paragraphs repeated
   to N paragraphs (as ``tests/pipeline/test_long_document.py`` makes it), validated by the fast
   engine (and by pyshacl for the sizes in ``--pyshacl-long``): microseconds per triple should
   stay flat.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"


def build_quads(path: Path) -> list:
    from unkg.extract.actors import extract_actors
    from unkg.extract.citations import find_citations
    from unkg.extract.claims import find_claims
    from unkg.extract.votes import find_votes
    from unkg.ingest import read_source
    from unkg.iri import Minter
    from unkg.mapping import Provenance, map_document
    from unkg.parse import parse

    prov = Provenance(pipeline_digest="0" * 64, generated_at=dt.datetime(2024, 5, 1, tzinfo=dt.timezone.utc))
    doc = parse(read_source(path))
    actors = extract_actors(doc)
    citations = find_citations(doc)
    return map_document(doc, Minter(), prov, actors, find_votes(doc), citations,
                        find_claims(doc, actors, citations)).quads


def long_document(n: int) -> str:
    """The document ``tests/pipeline/test_long_document.py`` builds (that module makes it)."""
    sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "tests" / "pipeline")]
    from test_long_document import long_document as make

    return make(n)[0]


def cpu(fn) -> float:
    t = time.process_time()
    fn()
    return time.process_time() - t


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--long", default="1000,2500,5000,10000")
    ap.add_argument("--pyshacl-long", default="1000")
    ap.add_argument("--no-pyshacl", action="store_true")
    args = ap.parse_args()

    from unkg.validate import validate_quads, warm_up

    warm_up("fast")
    if not args.no_pyshacl:
        warm_up("pyshacl")
    paths = (sorted((FIXTURES / "seeds").glob("*.txt")) + sorted((FIXTURES / "dev").glob("*.txt"))
             + sorted((FIXTURES / "pdf").glob("*.pdf")))
    docs = {f"{p.parent.name}/{p.name}": build_quads(p) for p in paths}
    for quads in docs.values():  # first calls (imports, caches) out of the way
        validate_quads(quads, "warm", engine="fast")
        break

    print(f"{'corpus':8} {'docs':>4} {'triples':>8} {'engine':8} {'ms/doc':>8} {'median':>8} {'max':>8} {'triples/s':>10}")
    for corpus in ("seeds", "dev", "pdf", "all"):
        chosen = {k: v for k, v in docs.items() if corpus == "all" or k.startswith(corpus + "/")}
        triples = sum(len(q) for q in chosen.values())
        for engine in ("fast", "pyshacl"):
            if engine == "pyshacl" and args.no_pyshacl:
                continue
            repeat = args.repeat if engine == "fast" else 1
            times = []
            for quads in chosen.values():
                times.append(min(cpu(lambda: validate_quads(quads, "bench", engine=engine)) for _ in range(repeat)))
            total = sum(times)
            print(f"{corpus:8} {len(chosen):4d} {triples:8d} {engine:8} {total / len(times) * 1000:8.1f} "
                  f"{statistics.median(times) * 1000:8.1f} {max(times) * 1000:8.1f} {triples / total:10.0f}")

    sizes = [int(n) for n in args.long.split(",") if n]
    py_sizes = {int(n) for n in args.pyshacl_long.split(",") if n} if not args.no_pyshacl else set()
    if sizes:
        print(f"\n{'paragraphs':>10} {'triples':>8} {'engine':8} {'ms':>9} {'µs/triple':>10}")
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            path = Path(tmp) / f"A_RES_76_151_x{n}.zh.txt"
            path.write_text(long_document(n), encoding="utf-8")
            quads = build_quads(path)
            for engine in ("fast", "pyshacl"):
                if engine == "pyshacl" and n not in py_sizes:
                    continue
                repeat = args.repeat if engine == "fast" else 1
                t = min(cpu(lambda: validate_quads(quads, "bench", engine=engine)) for _ in range(repeat))
                print(f"{n:10d} {len(quads):8d} {engine:8} {t * 1000:9.0f} {t / len(quads) * 1e6:10.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
