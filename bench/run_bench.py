#!/usr/bin/env python3
"""Benchmark the unkg build on a generated corpus: throughput per stage, memory, store, exports, queries.

    python bench/run_bench.py --docs 1000 10000 [--jobs N] [--workdir DIR] [--seed S]
                              [--query-runs 20] [--query-timeout 120] [--formats nq jsonld ...]
                              [--report docs/performance.md] [--no-report]

For each size N:

1. ``bench/gen_corpus.py`` writes N documents (timed, not counted in any rate).
2. A fresh child process runs the real build, :func:`unkg.build.build`, into a fresh store with
   ``--jobs`` worker processes (default: all cores, as ``unkg build``) and one writer. Each
   document's outcome carries the seconds of its stages (read, parse, extract, map, validate,
   index in the worker; load in the writer), summed per stage; the wall time of the whole build (store
   set-up, flush, cross-check and search-index refresh included) gives documents/s and
   triples/s. (Validation is always on, as in ``unkg build``; ``bench/bench_validate.py`` measures it alone.)
3. The same child then measures peak RSS of the writer (``ru_maxrss``) and of the largest
   worker (``RUSAGE_CHILDREN``), the writer's RSS at 25/50/75/100 % of the documents, the
   store's size on disk, each export format beside pyoxigraph's own ``Store.dump`` of the same
   data, the p50/p95 latency of every canned query, and the floor: pyoxigraph
   ``Store.bulk_load`` of the N-Quads dump into another fresh store. Query variants are: no
   parameter (when the query allows it) and each parameter alone, with the header's
   ``example`` value, except that a ``symbol`` parameter gets the symbol of a document in the
   corpus and an ``expression`` IRI that document's Expression. Each variant runs in its own
   process on the read-only store: one untimed warm-up, then up to ``--query-runs`` timed runs,
   within ``--query-timeout`` seconds (a variant cut off by the limit is marked as such).

Each size runs in its own process so that peak RSS is that size's. Results are printed as
markdown and appended to ``docs/performance.md`` with the date, machine and versions.
"""

from __future__ import annotations

import argparse
import gc
import datetime as dt
import json
import math
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"


# --- helpers ----------------------------------------------------------------------------------------

def du_bytes(path: Path) -> tuple[int, int]:
    """(allocated bytes as ``du`` counts them, apparent bytes) of a directory tree."""
    alloc = apparent = 0
    for dirpath, _, files in os.walk(path):
        for name in files:
            try:
                st = os.lstat(os.path.join(dirpath, name))
            except FileNotFoundError:
                continue
            alloc += st.st_blocks * 512
            apparent += st.st_size
    return alloc, apparent


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def current_rss_mib() -> float:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)]


def machine() -> dict[str, str]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = "unknown"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                ram = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
                break
    except OSError:
        pass
    try:
        nproc = str(len(os.sched_getaffinity(0)))
    except AttributeError:
        nproc = str(os.cpu_count())
    versions = {}
    for mod in ("pyoxigraph", "pyshacl", "rdflib"):
        try:
            versions[mod] = __import__(mod).__version__
        except Exception:  # noqa: BLE001 - a missing version is reported as such
            versions[mod] = "?"
    return {"nproc": nproc, "cpu": cpu, "ram": ram, "python": platform.python_version(),
            "os": f"{platform.system()} {platform.release()}", **versions}


# --- the measured run (child process) ------------------------------------------------------------

def time_query(store_dir: Path, name: str, params: dict[str, str], runs: int, timeout: float) -> dict:
    """Latency of one canned query variant, measured in a separate process.

    The helper prints one JSON line per finished run (the first is the untimed warm-up), so
    a run cut off by ``timeout`` still reports what it measured.
    """
    cmd = [sys.executable, str(Path(__file__).resolve()), "--_query", name, "--_params", json.dumps(params),
           "--_store", str(store_dir), "--query-runs", str(runs)]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(SRC), os.environ.get("PYTHONPATH")]))}
    timed_out = False
    try:
        out = subprocess.run(cmd, env=env, stdout=subprocess.PIPE, text=True, timeout=timeout, check=True).stdout
    except subprocess.TimeoutExpired as exc:
        timed_out = True
        raw = exc.stdout or ""
        out = raw.decode() if isinstance(raw, bytes) else raw
    lines = [json.loads(x) for x in out.splitlines() if x.strip()]
    warm = lines[0] if lines else None
    lat = [x["s"] for x in lines[1:]]
    return {"query": name, "params": params, "rows": warm["rows"] if warm else None,
            "first_ms": warm["s"] * 1000 if warm else None, "runs": len(lat), "timed_out": timed_out,
            "timeout_s": timeout,
            "p50_ms": percentile(lat, 50) * 1000 if lat else None,
            "p95_ms": percentile(lat, 95) * 1000 if lat else None}


def query_worker(store_dir: Path, name: str, params: dict[str, str], runs: int) -> None:
    sys.path.insert(0, str(SRC))
    from unkg.query import run
    from unkg.store import open_store

    store = open_store(store_dir, read_only=True)
    for _ in range(runs + 1):
        a = time.perf_counter()
        rows = len(run(store, name, params).rows)
        print(json.dumps({"s": time.perf_counter() - a, "rows": rows}), flush=True)


def child(n: int, corpus: Path, workdir: Path, validate: bool, query_runs: int, query_timeout: float,
          jobs: int, formats: list[str] | None = None) -> dict:
    """Build ``corpus`` with :func:`unkg.build.build` (the real, parallel build) and measure it all."""
    sys.path.insert(0, str(SRC))
    from pyoxigraph import RdfFormat, Store

    from unkg import build as build_mod
    from unkg.export import FORMATS, export
    from unkg.query import registry
    from unkg.store import open_store

    store_dir = workdir / f"store-{n}"
    floor_dir = workdir / f"floor-{n}"
    export_dir = workdir / f"export-{n}"
    for d in (store_dir, floor_dir, export_dir):
        shutil.rmtree(d, ignore_errors=True)
        Path(str(d) + ".search.sqlite").unlink(missing_ok=True)
    export_dir.mkdir(parents=True)

    clock = time.perf_counter
    res: dict = {"n": n, "validate": validate, "jobs": jobs or build_mod.default_jobs()}
    checkpoints = {max(1, round(n * f)) for f in (0.25, 0.5, 0.75, 1.0)}
    rss_trace: list[tuple[int, float]] = []
    per_doc: list[float] = []
    symbols: list[tuple[str, str]] = []
    count = 0

    def on_outcome(o) -> None:  # noqa: ANN001 - unkg.build.Outcome
        nonlocal count
        count += 1
        per_doc.append(sum(o.seconds.values()))
        if count in checkpoints:
            rss_trace.append((count, current_rss_mib()))
        if o.status == "loaded" and o.graph and "/doc/_/" not in o.graph:
            symbols.append((o.graph, o.expression))

    a = clock()
    summary = build_mod.build([corpus], store_dir, "https://w3id.org/unkg/", on_outcome=on_outcome, jobs=jobs)
    wall = clock() - a
    stage = summary.stage_seconds()
    quads_loaded = sum(o.quads for o in summary.outcomes if o.status == "loaded")
    res.update(
        docs=len(summary.outcomes), wall_s=wall, stage_s=stage, finish_s=summary.finish_seconds,
        status={k: summary.count(k) for k in ("loaded", "unchanged", "rejected")}, warned=summary.warned,
        quads_loaded=quads_loaded, store_quads=summary.store_quads,
        doc_p50_ms=percentile(per_doc, 50) * 1000, doc_p95_ms=percentile(per_doc, 95) * 1000,
        doc_max_ms=max(per_doc) * 1000, rss_trace=rss_trace,
        rss_writer_mib=peak_rss_mib(),
        rss_worker_mib=resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
        rejected=[(o.source, o.reason) for o in summary.outcomes if o.status == "rejected"][:5],
    )
    res["store_du_bytes"], res["store_apparent_bytes"] = du_bytes(store_dir)
    index = Path(str(store_dir) + ".search.sqlite")
    res["index_bytes"] = index.stat().st_size if index.exists() else 0

    # exports: unkg's export of each format beside pyoxigraph's own dump of the same data in the
    # nearest dataset format (Turtle and N-Triples are triple formats: unkg writes the union of all
    # graphs; pyoxigraph dumps a dataset only as N-Quads, TriG or its own expanded JSON-LD)
    store = open_store(store_dir, read_only=True)
    exports = {}
    nq_path = export_dir / "unkg.nq"
    reference = {"nq": RdfFormat.N_QUADS, "trig": RdfFormat.TRIG, "ttl": RdfFormat.TRIG,
                 "nt": RdfFormat.N_QUADS, "jsonld": RdfFormat.JSON_LD}
    for fmt, (ext, _) in FORMATS.items():
        if formats is not None and fmt not in formats and fmt != "nq":  # the floor loads the nq export
            continue
        out = export_dir / f"unkg.{ext}"
        a = clock()
        with out.open("wb") as fh:
            export(store, fmt, fh, location=store_dir, jobs=res["jobs"])
        secs = clock() - a
        ref = export_dir / "oxigraph.dump"
        a = clock()
        with ref.open("wb") as fh:
            store.dump(fh, format=reference[fmt])
        ref_s = clock() - a
        exports[fmt] = {"s": secs, "bytes": out.stat().st_size, "oxigraph_s": ref_s,
                        "oxigraph_format": reference[fmt].name, "oxigraph_bytes": ref.stat().st_size}
        ref.unlink()
        if out != nq_path:
            out.unlink()
    res["exports"] = exports
    res["rss_after_export_mib"] = peak_rss_mib()
    del store
    gc.collect()

    # canned queries: each parameter variant in its own process (read-only store), with a
    # wall-clock limit, since one slow query could otherwise hold the run for hours
    sample = symbols[len(symbols) // 2] if symbols else None
    sample_symbol = None
    if sample:
        st = open_store(store_dir, read_only=True)
        rows = list(st.query(f"SELECT ?s WHERE {{ GRAPH <{sample[0]}> {{ <{sample[1]}> <https://w3id.org/unkg/def/expressionOf> ?w . "
                             "?w <https://w3id.org/unkg/def/symbol> ?s } } ORDER BY ?s LIMIT 1"))
        sample_symbol = rows[0]["s"].value if rows else None
        del st
        gc.collect()
    queries = []
    for qname, q in sorted(registry().items()) if query_runs > 0 else ():
        variants: list[dict[str, str]] = []
        if not any(p.required for p in q.params) and not q.requires_one_of:
            variants.append({})
        for p in q.params:
            value = p.example
            if p.kind == "symbol" and sample_symbol:
                value = sample_symbol
            elif p.kind == "iri" and p.name == "expression" and sample:
                value = sample[1]
            if value is None:
                continue
            variants.append({p.name: str(value)})
        required = [p for p in q.params if p.required]
        if len(required) > 1:  # e.g. voting-agreement a= b=: one variant with all of them
            variants = [{p.name: str(p.example) for p in required}]
        for params in variants:
            queries.append(time_query(store_dir, qname, params, query_runs, query_timeout))
    res["queries"] = queries
    res["query_sample_symbol"] = sample_symbol

    # floor: bulk load of the N-Quads dump into a fresh store
    a = clock()
    floor = Store(str(floor_dir))
    floor.bulk_load(path=str(nq_path), format=RdfFormat.N_QUADS)
    floor.flush()
    floor_s = clock() - a
    res["floor"] = {"s": floor_s, "quads": len(floor), "du_bytes": du_bytes(floor_dir)[0]}
    del floor
    res["rss_end_mib"] = peak_rss_mib()
    nq_path.unlink()
    return res


# --- reporting ------------------------------------------------------------------------------------

def mib(b: float) -> str:
    return f"{b / 1024 / 1024:,.1f}"


def rate(count: float, secs: float) -> str:
    return f"{count / secs:,.0f}" if secs > 0 else "—"


def render(results: list[dict], info: dict[str, str], stamp: str, argv: list[str]) -> str:
    out: list[str] = []
    validate = results[0]["validate"]
    out.append(f"## Run {stamp}{'' if validate else ' (no validation)'}\n")
    out.append(f"- Command: `python bench/run_bench.py {' '.join(argv)}`")
    out.append(f"- Machine: {info['nproc']} CPUs ({info['cpu']}), {info['ram']} RAM, {info['os']}")
    out.append(f"- Python {info['python']}, pyoxigraph {info['pyoxigraph']}, pyshacl {info['pyshacl']}, "
               f"rdflib {info['rdflib']}")
    out.append(f"- Corpus: `bench/gen_corpus.py` (fixture-derived zh/en documents, distinct symbols), built by "
               f"`unkg.build.build` into a fresh on-disk store with {results[0]['jobs']} worker process(es) "
               "and one writer, search index included.\n")

    for r in results:
        wall = r["wall_s"]
        busy = sum(r["stage_s"].values())
        docs = r["docs"]
        out.append(f"### Stages, {docs:,} documents\n")
        out.append("Seconds are summed over documents (in the workers for read…index, in the writer for "
                   "load), so with several workers they add up to more than the wall time.\n")
        out.append("| stage | seconds (sum) | share | ms/doc | docs/s per process | triples/s per process |")
        out.append("|---|---:|---:|---:|---:|---:|")
        for st, secs in r["stage_s"].items():  # in pipeline order (unkg.build.STAGES)
            if st == "validate" and not r["validate"]:
                out.append("| validate | skipped | — | — | — | — |")
                continue
            out.append(f"| {st} | {secs:.2f} | {100 * secs / busy:.1f}% | {1000 * secs / docs:.2f} | "
                       f"{rate(docs, secs)} | {rate(r['quads_loaded'], secs)} |")
        for st, secs in r["finish_s"].items():
            out.append(f"| after the documents: {st} | {secs:.2f} | — | — | — | — |")
        out.append(f"| **wall time, whole build** | **{wall:.2f}** | | {1000 * wall / docs:.2f} | "
                   f"**{rate(docs, wall)}** | **{rate(r['quads_loaded'], wall)}** |")
        out.append("")

    head = "| | " + " | ".join(f"{r['n']:,} docs" for r in results) + " |"
    sep = "|---|" + "---:|" * len(results)

    def row(label: str, fn) -> str:
        return f"| {label} | " + " | ".join(fn(r) for r in results) + " |"

    out.append("### Summary\n")
    out += [head, sep]
    out.append(row("corpus generation (s, not counted)", lambda r: f"{r['gen_s']:.2f}"))
    out.append(row("documents loaded / unchanged / rejected",
                   lambda r: f"{r['status']['loaded']} / {r['status']['unchanged']} / {r['status']['rejected']}"))
    out.append(row("documents with warnings", lambda r: str(r["warned"])))
    out.append(row("quads loaded (documents)", lambda r: f"{r['quads_loaded']:,}"))
    out.append(row("quads in store (incl. ontology + reference)", lambda r: f"{r['store_quads']:,}"))
    out.append(row("build wall time (s)", lambda r: f"{r['wall_s']:.1f}"))
    out.append(row("**documents/s**", lambda r: f"**{rate(r['docs'], r['wall_s'])}**"))
    out.append(row("triples/s", lambda r: rate(r["quads_loaded"], r["wall_s"])))
    out.append(row("per-document busy time p50 / p95 / max (ms)",
                   lambda r: f"{r['doc_p50_ms']:.0f} / {r['doc_p95_ms']:.0f} / {r['doc_max_ms']:.0f}"))
    out.append(row("writer RSS at 25 / 50 / 75 / 100% of documents (MiB)",
                   lambda r: " / ".join(f"{v:,.0f}" for _, v in r["rss_trace"][-4:])))
    out.append(row("peak RSS, writer during build (MiB)", lambda r: f"{r['rss_writer_mib']:,.0f}"))
    out.append(row("peak RSS, largest worker (MiB)", lambda r: f"{r['rss_worker_mib']:,.0f}"))
    out.append(row("peak RSS, writer after exports (MiB)", lambda r: f"{r['rss_after_export_mib']:,.0f}"))
    out.append(row("store on disk, du (MiB)", lambda r: mib(r["store_du_bytes"])))
    out.append(row("search index (MiB)", lambda r: mib(r["index_bytes"])))
    out.append(row("floor: bulk_load of the N-Quads dump (s)", lambda r: f"{r['floor']['s']:.2f}"))
    out.append(row("floor triples/s", lambda r: rate(r["floor"]["quads"], r["floor"]["s"])))
    out.append(row("floor store on disk, du (MiB)", lambda r: mib(r["floor"]["du_bytes"])))
    out.append(row("**build wall time / floor**", lambda r: f"**{r['wall_s'] / r['floor']['s']:.1f}×**"))
    out.append(row("load stage alone / floor", lambda r: f"{r['stage_s']['load'] / r['floor']['s']:.1f}×"))
    out.append("")

    out.append("### Export (whole store, one format at a time) against pyoxigraph's own dump\n")
    out.append("| format | " + " | ".join(f"{r['n']:,} docs: s | MiB | pyoxigraph dump s | ratio" for r in results) + " |")
    out.append("|---|" + "---:|---:|---:|---:|" * len(results))
    for fmt in results[0]["exports"]:
        cells = []
        for r in results:
            e = r["exports"][fmt]
            cells.append(f"{e['s']:.2f} | {mib(e['bytes'])} | {e['oxigraph_s']:.2f} ({e['oxigraph_format']}) | "
                         f"{e['s'] / e['oxigraph_s']:.2f}×")
        out.append(f"| {fmt} | " + " | ".join(cells) + " |")
    out.append("")

    runs = results[0].get("query_runs", 20)
    if not runs:
        out.append("### Canned queries\n\nNot timed in this run (`--query-runs 0`).\n")
        return "\n".join(out)
    limit = results[0]["queries"][0]["timeout_s"] if results[0]["queries"] else 0
    out.append(f"### Canned queries (latency in ms: one untimed warm-up, then up to {runs} timed runs, "
               f"within {limit:.0f} s per variant)\n")
    out.append("| query | params | " + " | ".join(f"{r['n']:,} docs: p50 | p95 | runs | rows" for r in results) + " |")
    out.append("|---|---|" + "---:|---:|---:|---:|" * len(results))
    keys = [(q["query"], tuple(q["params"])) for q in results[0]["queries"]]
    for qname, pnames in keys:
        cells = []
        for r in results:
            q = next(x for x in r["queries"] if x["query"] == qname and tuple(x["params"]) == pnames)
            rows = "—" if q["rows"] is None else f"{q['rows']:,}"
            if q["runs"]:
                cells.append(f"{q['p50_ms']:,.1f} | {q['p95_ms']:,.1f} | {q['runs']}{'*' if q['timed_out'] else ''} | {rows}")
            elif q["first_ms"] is not None:
                cells.append(f"first run {q['first_ms']:,.0f} | — | 0* | {rows}")
            else:
                cells.append(f"> {q['timeout_s']:,.0f} s | — | 0* | —")
        shown = [f"{k}=<a corpus document>" if k in ("symbol", "expression") else
                 f"{k}={results[0]['queries'][keys.index((qname, pnames))]['params'][k]}" for k in pnames]
        out.append(f"| {qname} | {', '.join(shown) or '(none)'} | " + " | ".join(cells) + " |")
    out.append("")
    out.append("\\* stopped by the per-variant time limit before all runs finished.")
    out.append("")
    return "\n".join(out)


REPORT_HEAD = """# Performance

Measured with `bench/run_bench.py` on a corpus written by `bench/gen_corpus.py` (copies of the
real fixture documents in `tests/fixtures/dev` and `tests/fixtures/seeds`, zh and en, each with
its own symbol, shifted dates and a sampled/shuffled main text, so each is its own graph).
Reproduce with:

    . /work/.venv/bin/activate
    python bench/run_bench.py --docs 100 1000

Every run appends a section below. "triples/s" counts the quads of the documents that passed
through a stage. "Floor" is pyoxigraph's `Store.bulk_load` of the store's own N-Quads dump into
an empty store: the fastest way the same data can get into Oxigraph.
"""


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, nargs="+", default=[100, 1000], help="corpus sizes (default 100 1000)")
    ap.add_argument("--workdir", type=Path, help="where corpora, stores and dumps go (default: a temporary directory, removed)")
    ap.add_argument("--jobs", type=int, default=0, help="worker processes (default 0: all cores, as unkg build)")
    ap.add_argument("--seed", type=int, default=0, help="corpus RNG seed")
    ap.add_argument("--query-runs", type=int, default=20,
                    help="timed runs per query variant (default 20; 0: no query timings)")
    ap.add_argument("--formats", nargs="+", help="export formats timed (default all; nq always, the floor loads it)")
    ap.add_argument("--query-timeout", type=float, default=120.0,
                    help="wall-clock limit per query variant, warm-up included (default 120 s)")
    ap.add_argument("--report", type=Path, default=ROOT / "docs" / "performance.md",
                    help="markdown file the results are appended to")
    ap.add_argument("--no-report", action="store_true", help="print only; do not append to the report")
    ap.add_argument("--_child", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--_corpus", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--_query", help=argparse.SUPPRESS)
    ap.add_argument("--_params", help=argparse.SUPPRESS)
    ap.add_argument("--_store", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)

    if args._query is not None:
        query_worker(args._store, args._query, json.loads(args._params), args.query_runs)
        return 0
    if args._child is not None:
        res = child(args._child, args._corpus, args.workdir, True, args.query_runs,
                    args.query_timeout, args.jobs, args.formats)
        print(json.dumps(res))
        return 0

    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="unkg-bench-"))
    workdir = workdir.resolve()
    workdir.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(SRC), os.environ.get("PYTHONPATH")]))}
    results = []
    try:
        for n in args.docs:
            corpus = workdir / f"corpus-{n}"
            shutil.rmtree(corpus, ignore_errors=True)
            a = time.perf_counter()
            subprocess.run([sys.executable, str(ROOT / "bench" / "gen_corpus.py"), str(corpus), "--docs", str(n),
                            "--seed", str(args.seed)], check=True, env=env)
            gen_s = time.perf_counter() - a
            print(f"[bench] {n} docs generated in {gen_s:.1f}s; building…", file=sys.stderr, flush=True)
            cmd = [sys.executable, str(Path(__file__).resolve()), "--_child", str(n), "--_corpus", str(corpus),
                   "--workdir", str(workdir), "--query-runs", str(args.query_runs),
                   "--query-timeout", str(args.query_timeout), "--jobs", str(args.jobs)]
            if args.formats:
                cmd += ["--formats", *args.formats]
            proc = subprocess.run(cmd, check=True, env=env, stdout=subprocess.PIPE, text=True)
            res = json.loads(proc.stdout.strip().splitlines()[-1])
            res["gen_s"] = gen_s
            res["query_runs"] = args.query_runs
            print(f"[bench] {n} docs: {res['wall_s']:.1f}s build, {res['docs'] / res['wall_s']:.1f} docs/s",
                  file=sys.stderr, flush=True)
            results.append(res)
            if args.workdir is None:
                shutil.rmtree(corpus, ignore_errors=True)
                for d in ("store", "floor", "export"):
                    shutil.rmtree(workdir / f"{d}-{n}", ignore_errors=True)
    finally:
        if args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    md = render(results, machine(), stamp, argv)
    print(md)
    (workdir if args.workdir else Path(tempfile.gettempdir())).joinpath("unkg-bench-last.json").write_text(
        json.dumps(results, indent=1))
    if not args.no_report:
        report = args.report
        report.parent.mkdir(parents=True, exist_ok=True)
        existing = report.read_text(encoding="utf-8") if report.exists() else REPORT_HEAD
        report.write_text(existing.rstrip("\n") + "\n\n" + md + "\n", encoding="utf-8")
        print(f"[bench] appended to {report}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
