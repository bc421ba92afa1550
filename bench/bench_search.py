#!/usr/bin/env python3
"""Benchmark the full-text search index (``unkg.search``) at 10,000 documents.

    python bench/bench_search.py [--docs 10000] [--queries 200] [--seed 7] [--workdir DIR]
                                 [--keep] [--report docs/performance.md]

1. Real units of text: every paragraph, heading and footnote of the zh and en documents of
   ``tests/fixtures/dev`` and ``tests/fixtures/seeds``, read and parsed by unkg itself.
2. ``--docs`` synthetic Expressions, half zh and half en, each derived from a random real
   document of its language: a random 60-100 % of its units in a shuffled order, and in each
   unit State names swapped for random other States (names from the bundled reference
   table), digit runs replaced by random digits, and with probability 1/3 the text after a
   clause boundary (，；, ;) replaced by the tail of a random unit of another document. So
   the corpus has the vocabulary of real UN texts without being copies of a few dozen.
3. The index is filled through the same functions a refresh uses (``replace_document`` for
   each document, one transaction, then ``optimize``), timed; its size on disk measured.
4. ``--queries`` queries of mixed kinds (zh 1-2 characters frequent and rare, zh 3-5
   characters, en words frequent and rare, multi-term and phrase, some with a language
   filter), drawn with the seeded RNG, each run once through ``unkg.search.search`` (limit
   20) after one untimed warm-up pass over the distinct queries; p50/p95/max per kind and
   overall, with how many units each query matches (counted apart, untimed).

5. With ``--store-docs N``: the refresh from a real store. ``bench/gen_corpus.py`` writes N
   documents, they are loaded into a fresh store as ``unkg build`` does but without SHACL
   validation (read, parse, extract, map, ``replace_graph``), and ``refresh_index`` is timed:
   the first (every graph read), a second with nothing changed (what ``unkg search`` pays
   before each search), and one after one document was rewritten.

Results are printed as markdown; with ``--report FILE`` they are appended to it.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import math
import os
import platform
import random
import re
import shutil
import sqlite3
import sys
import tempfile
import time
from collections import defaultdict
from contextlib import closing
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from unkg import search as S  # noqa: E402
from unkg.ingest import read_source  # noqa: E402
from unkg.model import BlockRole  # noqa: E402
from unkg.parse import parse  # noqa: E402
from unkg.resources import reference_path  # noqa: E402

DEV = ROOT / "tests" / "fixtures" / "dev"
SEEDS = ROOT / "tests" / "fixtures" / "seeds"
LANGS = ("zh", "en")

# query kinds: (kind, terms); a kind's queries are drawn from its terms
QUERY_KINDS: list[tuple[str, list[str]]] = [
    ("zh 1-2 chars, frequent", ["国家", "联合", "人权", "决议", "国际", "会议", "发展", "安全", "法", "国"]),
    ("zh 1-2 chars, rare", ["侵略", "谴责", "赔偿", "雇佣", "酷刑", "地雷", "疫苗", "难民", "制裁", "核"]),
    ("zh 3-5 chars", ["联合国", "人权理事会", "安全理事会", "侵略乌克兰", "强迫失踪", "国际法院", "联合国宪章",
                      "表示关切", "恐怖主义", "雇佣军", "人道主义", "俄罗斯联邦"]),
    ("en word, frequent", ["the", "United Nations", "resolution", "human rights", "States", "Council", "and",
                           "international"]),
    ("en word, rare", ["aggression", "mercenaries", "reparation", "landmines", "torture", "sanctions", "vaccine",
                       "refugees", "genocide", "Crimea"]),
    ("en 1-2 chars", ["UN", "EU", "of", "5G"]),
    ("multi-term / phrase", ['"human rights" Council', "俄罗斯 侵略", "aggression Ukraine", '"United Nations" Charter',
                             "安全理事会 决议", "强烈 谴责"]),
]
# share of the queries per kind (sums to 1) and how often a language filter is added
KIND_SHARE = {"zh 1-2 chars, frequent": 0.15, "zh 1-2 chars, rare": 0.15, "zh 3-5 chars": 0.2,
              "en word, frequent": 0.15, "en word, rare": 0.15, "en 1-2 chars": 0.05, "multi-term / phrase": 0.15}
LANG_FILTER_SHARE = 0.3
# measured apart, not in the mix: short terms no index holds, found by scanning the units
SCAN_TERMS = ["-", "%", "§"]


# --- the corpus -----------------------------------------------------------------------------

def real_units() -> dict[str, list[list[tuple[str, str]]]]:
    """By language: one list of (kind, text) per real document."""
    out: dict[str, list[list[tuple[str, str]]]] = defaultdict(list)
    for path in sorted(DEV.glob("*.txt")) + sorted(SEEDS.glob("*.txt")):
        doc = parse(read_source(path))
        if doc.lang not in LANGS:
            continue
        units = [(p.kind.value, p.text) for p in doc.paragraphs]
        units += [("heading", b.text) for b in doc.blocks if b.role is BlockRole.HEADING]
        units += [("footnote", f.text) for f in doc.footnotes]
        if units:
            out[doc.lang].append(units)
    return out


def state_names() -> dict[str, list[str]]:
    names: dict[str, list[str]] = {"zh": [], "en": []}
    with reference_path("states.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            for lang in LANGS:
                for col in (f"name_{lang}_short", f"name_{lang}_formal"):
                    if row.get(col):
                        names[lang].append(row[col])
    return names


_CLAUSE = {"zh": re.compile(r"[，；]"), "en": re.compile(r", |; ")}


def synthesise(n_docs: int, rng: random.Random):  # -> Iterator[tuple[DocInfo, list[Unit]]]
    pool = real_units()
    names = state_names()
    swap = {lang: re.compile("|".join(re.escape(x) for x in sorted(names[lang], key=len, reverse=True)))
            for lang in LANGS}
    flat = {lang: [t for doc in pool[lang] for _, t in doc] for lang in LANGS}

    def vary(lang: str, text: str) -> str:
        text = swap[lang].sub(lambda m: rng.choice(names[lang]), text)
        text = re.sub(r"\d+", lambda m: "".join(rng.choice("0123456789") for _ in m.group()), text)
        if rng.random() < 1 / 3:
            cuts = [m.end() for m in _CLAUSE[lang].finditer(text)]
            donor = rng.choice(flat[lang])
            donor_cuts = [m.end() for m in _CLAUSE[lang].finditer(donor)]
            if cuts and donor_cuts:
                text = text[: rng.choice(cuts)] + donor[rng.choice(donor_cuts):]
        return text

    for i in range(n_docs):
        lang = LANGS[i % 2]
        base = rng.choice(pool[lang])
        chosen = rng.sample(base, max(1, round(len(base) * rng.uniform(0.6, 1.0))))
        symbol = f"A/BENCH/{i // 100}/{i % 100 + 1}"
        expr = f"https://w3id.org/unkg/doc/{symbol}/{lang}"
        date = (dt.date(2000, 1, 1) + dt.timedelta(days=rng.randrange(9000))).isoformat()
        doc = S.DocInfo(graph=f"{expr}/graph", expression=expr, symbol=symbol, lang=lang, date=date,
                        fingerprint=f"bench-{i}")
        units, pos, counters = [], 0, defaultdict(int)
        for kind, text in chosen:
            text = vary(lang, text)
            counters[kind] += 1
            short = {"heading": "h", "footnote": "fn"}.get(kind, "p")
            units.append(S.Unit(unit=f"{expr}/main/{short}{counters[kind]}", kind=kind, part="main",
                                n=str(counters[kind]), ordinal=counters[kind], start=pos, end=pos + len(text),
                                text=text))
            pos += len(text) + 1
        yield doc, units


# --- measuring ------------------------------------------------------------------------------

def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)]


def file_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.parent.glob(path.name + "*") if p.is_file())


def machine() -> str:
    cpu = "unknown"
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                   if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    ram = "?"
    try:
        kib = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal:"))
        ram = f"{kib / 1024 / 1024:.1f} GiB"
    except (OSError, StopIteration):
        pass
    return (f"{len(os.sched_getaffinity(0))} CPUs ({cpu}), {ram} RAM, {platform.system()} {platform.release()}, "
            f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}")


def draw_queries(n: int, rng: random.Random) -> list[tuple[str, str, str | None]]:
    """(kind, text, lang) for n queries."""
    out = []
    terms = dict(QUERY_KINDS)
    for kind, share in KIND_SHARE.items():
        for _ in range(round(n * share)):
            text = rng.choice(terms[kind])
            lang = None
            if rng.random() < LANG_FILTER_SHARE:
                lang = "en" if re.search(r"[A-Za-z]", text) else "zh"
            out.append((kind, text, lang))
    rng.shuffle(out)
    return out[:n]


def store_refresh(n_docs: int, workdir: Path) -> dict[str, float]:
    """Build a store of n_docs generated documents (no SHACL) and time refresh_index on it."""
    import subprocess

    from unkg.build import run_time
    from unkg.extract.actors import extract_actors
    from unkg.extract.citations import find_citations
    from unkg.extract.claims import find_claims
    from unkg.extract.votes import find_votes
    from unkg.iri import DEFAULT_BASE, Minter
    from unkg.mapping import Provenance, map_document
    from unkg.resources import pipeline_digest
    from unkg.store import open_store, replace_graph, sync_static

    corpus, store_dir = workdir / f"corpus-{n_docs}", workdir / f"real-store-{n_docs}"
    for p in (corpus, store_dir):
        shutil.rmtree(p, ignore_errors=True)
    for p in store_dir.parent.glob(store_dir.name + ".search.sqlite*"):
        p.unlink()
    subprocess.run([sys.executable, str(ROOT / "bench" / "gen_corpus.py"), str(corpus), "--docs", str(n_docs)],
                   check=True, stdout=subprocess.DEVNULL)
    minter = Minter(DEFAULT_BASE)
    prov = Provenance(pipeline_digest=pipeline_digest(), generated_at=run_time())
    store = open_store(store_dir)
    sync_static(store, minter)
    t0 = time.perf_counter()
    files = sorted(p for p in corpus.iterdir() if p.suffix == ".txt")
    for path in files:
        doc = parse(read_source(path))
        actors, citations = extract_actors(doc), find_citations(doc)
        mapped = map_document(doc, minter, prov, actors, find_votes(doc), citations,
                              find_claims(doc, actors, citations))
        replace_graph(store, mapped.graph, mapped.quads)
    store.flush()
    load_s = time.perf_counter() - t0
    out: dict[str, float] = {"docs": len(files), "quads": len(store), "load_s": load_s}
    first = S.refresh_index(store_dir, store=store)
    again = S.refresh_index(store_dir, store=store)
    # rewrite one document (a new generation time, as a rebuild of a changed file gives it)
    path = files[len(files) // 2]
    doc = parse(read_source(path))
    actors, citations = extract_actors(doc), find_citations(doc)
    later = Provenance(pipeline_digest=prov.pipeline_digest, generated_at=prov.generated_at + dt.timedelta(seconds=1))
    mapped = map_document(doc, minter, later, actors, find_votes(doc), citations, find_claims(doc, actors, citations))
    replace_graph(store, mapped.graph, mapped.quads)
    one = S.refresh_index(store_dir, store=store)
    assert (first.indexed, again.indexed, one.indexed) == (len(files), 0, 1), (first, again, one)
    out.update(units=first.units, first_s=first.seconds, noop_s=again.seconds, one_s=one.seconds,
               index_mib=file_size(S.index_path(store_dir)) / 2**20)
    del store
    shutil.rmtree(corpus, ignore_errors=True)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=10_000)
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--workdir", type=Path, default=None)
    ap.add_argument("--keep", action="store_true", help="keep the index (and reuse it when present)")
    ap.add_argument("--store-docs", type=int, default=0,
                    help="also time refresh_index on a real store of this many generated documents")
    ap.add_argument("--no-count", action="store_true", help="do not count the units each query matches")
    ap.add_argument("--report", type=Path, default=None, help="append the results to this markdown file")
    args = ap.parse_args()

    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="unkg-search-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    if any((workdir / name).exists() for name in ("CURRENT", "IDENTITY", "LOCK")):
        sys.exit(f"{workdir} looks like a RocksDB store directory: pick another --workdir")
    store = workdir / f"store-{args.docs}"  # never created: only its sibling index is
    path = S.index_path(store)
    rng = random.Random(args.seed)
    fill_s = None
    units_total = chars_total = 0
    if not (args.keep and path.exists()):
        for p in path.parent.glob(path.name + "*"):
            p.unlink()
        t0 = time.perf_counter()
        with closing(S.connect_index(path)) as con:
            con.execute("BEGIN IMMEDIATE")
            for doc, units in synthesise(args.docs, rng):
                units_total += S.replace_document(con, doc, units)
                chars_total += sum(len(u.text) for u in units)
            t_insert = time.perf_counter() - t0
            S.optimize(con)
            con.execute("COMMIT")
            con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        fill_s = time.perf_counter() - t0
        print(f"filled {args.docs} documents, {units_total} units, {chars_total} characters in {fill_s:.1f} s "
              f"(inserts {t_insert:.1f} s, optimize {fill_s - t_insert:.1f} s)", file=sys.stderr)
    with closing(sqlite3.connect(path)) as con:
        docs, units_total, chars_total = con.execute(
            "SELECT (SELECT COUNT(*) FROM docs), COUNT(*), SUM(length(text)) FROM units").fetchone()
        by_lang = dict(con.execute("SELECT lang, COUNT(*) FROM units GROUP BY lang").fetchall())
        text_bytes = con.execute("SELECT SUM(length(CAST(text AS BLOB))) FROM units").fetchone()[0]
    size = file_size(path)

    queries = draw_queries(args.queries, random.Random(args.seed + 1))
    for _, text, lang in {(q[1], q[2]): q for q in queries}.values():  # warm-up: each distinct query once
        S.search(store, text, lang=lang)
    timings: list[tuple[str, str, str | None, float, int]] = []
    for kind, text, lang in queries:
        t = time.perf_counter()
        hits = S.search(store, text, lang=lang)
        timings.append((kind, text, lang, (time.perf_counter() - t) * 1000, len(hits)))
    scans = []
    for text in SCAN_TERMS:
        S.search(store, text)
        t = time.perf_counter()
        S.search(store, text)
        scans.append(("scan", text, None, (time.perf_counter() - t) * 1000, 0))
    matches = {(text, lang): -1 if args.no_count else S.count_matches(store, text, lang)
               for _, text, lang, _, _ in timings + scans}
    refresh = store_refresh(args.store_docs, workdir) if args.store_docs else None

    lines = report(args, docs, units_total, chars_total, text_bytes, by_lang, size, fill_s, timings, matches,
                   scans, refresh)
    print("\n".join(lines))
    if args.report:
        with args.report.open("a", encoding="utf-8") as fh:
            fh.write("\n" + "\n".join(lines) + "\n")
    if not args.keep and args.workdir is None:
        shutil.rmtree(workdir, ignore_errors=True)


def report(args, docs, units, chars, text_bytes, by_lang, size, fill_s, timings, matches, scans,
           refresh) -> list[str]:
    ms = [t[3] for t in timings]
    command = f"python bench/bench_search.py --docs {args.docs} --queries {args.queries} --seed {args.seed}"
    if args.store_docs:
        command += f" --store-docs {args.store_docs}"
    out = [f"### Search benchmark {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC", "",
           f"- Command: `{command}`",
           f"- Machine: {machine()}",
           f"- Index: {docs:,} documents, {units:,} units ({', '.join(f'{k} {v:,}' for k, v in sorted(by_lang.items()))}), "
           f"{chars:,} characters ({text_bytes / 2**20:,.0f} MiB of UTF-8 text); file {size / 2**20:,.0f} MiB"
           + (f"; filled in {fill_s:,.0f} s" if fill_s is not None else ""),
           f"- {len(timings)} queries, limit 20, one run each after a warm-up pass: "
           f"**p50 {percentile(ms, 50):.1f} ms, p95 {percentile(ms, 95):.1f} ms, max {max(ms):.1f} ms**", "",
           "| kind | queries | p50 (ms) | p95 (ms) | max (ms) | units matched (min–max) |",
           "|---|---:|---:|---:|---:|---:|"]
    by_kind: dict[str, list[tuple]] = defaultdict(list)
    for t in timings:
        by_kind[t[0]].append(t)
    for kind, _ in QUERY_KINDS:
        rows = by_kind.get(kind, [])
        if not rows:
            continue
        k_ms = [r[3] for r in rows]
        m = [matches[(r[1], r[2])] for r in rows]
        out.append(f"| {kind} | {len(rows)} | {percentile(k_ms, 50):.1f} | {percentile(k_ms, 95):.1f} | "
                   f"{max(k_ms):.1f} | {min(m):,}–{max(m):,} |")
    out += ["", "Slowest queries:", ""]
    for kind, text, lang, t, _ in sorted(timings, key=lambda r: -r[3])[:8]:
        out.append(f"- `{text}`{' --lang ' + lang if lang else ''} ({kind}): {t:.1f} ms, "
                   f"{matches[(text, lang)]:,} units match")
    out += ["", "Not in the mix, short terms found by scanning the units (LIKE): "
            + ", ".join(f"`{text}` {t:.0f} ms ({matches[(text, None)]:,} units match)" for _, text, _, t, _ in scans)]
    if refresh:
        out += ["", f"Refresh from a real store of {refresh['docs']:,} generated documents "
                f"({refresh['quads']:,} quads, loaded without SHACL in {refresh['load_s']:.0f} s): "
                f"first refresh {refresh['first_s']:.1f} s ({refresh['units']:,} units, index "
                f"{refresh['index_mib']:.0f} MiB), nothing changed {refresh['noop_s'] * 1000:.0f} ms, "
                f"one document rewritten {refresh['one_s'] * 1000:.0f} ms."]
    return out


if __name__ == "__main__":
    main()
