"""Score the claim extractor against the hand-annotated gold set.

    python bench/score_claims.py [--gold DIR] [--fixtures DIR] [--verbose] [--json]

The gold set (``tests/fixtures/claims/gold-*.jsonl``) and the matching rule are described in
``docs/claims-guideline.md`` §6: a predicted claim matches a gold claim of the same
paragraph (the one holding the gold anchor), accused and category — the guideline's unit.
Reports precision and recall overall and per category, and on matched pairs the agreement of
claimant, stance, ``attributed`` and span (the evidence quote overlaps the gold anchor). ``--verbose`` lists every false positive and miss.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from unkg.extract.actors import extract_actors
from unkg.extract.citations import find_citations
from unkg.extract.claims import Claim, find_claims
from unkg.ingest import read_source
from unkg.model import Document
from unkg.parse import parse

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Gold:
    file: str
    claimant: list[str]
    accused: str
    category: str
    stance: str
    attributed: bool
    anchor: str
    note: str = ""
    start: int = -1
    end: int = -1
    paragraph: tuple[str, int] | None = None


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    per_category: dict[str, Counter[str]] = field(default_factory=dict)
    agree: Counter[str] = field(default_factory=Counter)
    false_positives: list[tuple[str, Claim]] = field(default_factory=list)
    misses: list[Gold] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def count(self, category: str, what: str) -> None:
        self.per_category.setdefault(category, Counter())[what] += 1

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


def load_gold(gold_dir: Path) -> list[Gold]:
    out = []
    for path in sorted(gold_dir.glob("gold-*.jsonl")):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            r = json.loads(line)
            out.append(Gold(r["file"], list(r.get("claimant") or []), r["accused"], r["category"], r["stance"],
                            bool(r.get("attributed")), r["anchor"], r.get("note", "")))
    return out


def extract(path: Path) -> tuple[Document, list[Claim]]:
    doc = parse(read_source(path))
    actors = extract_actors(doc)
    return doc, find_claims(doc, actors, find_citations(doc))


def _paragraph_at(doc: Document, pos: int) -> tuple[str, int] | None:
    for p in doc.paragraphs:
        if p.span.start <= pos < p.span.end:
            return p.part, p.ordinal
    return None


def score(gold: list[Gold], fixtures: Path) -> Score:
    result = Score()
    files = sorted({g.file for g in gold})
    for name in files:
        doc, predicted = extract(fixtures / name)
        text = doc.text
        golds = [g for g in gold if g.file == name]
        for g in golds:
            at = text.find(g.anchor)
            if at < 0 or text.find(g.anchor, at + 1) >= 0:
                result.problems.append(f"{name}: anchor {'not found' if at < 0 else 'not unique'} "
                                       f"in the Expression text: {g.anchor!r}")
                continue
            g.start, g.end = at, at + len(g.anchor)
            g.paragraph = _paragraph_at(doc, at)
            if g.paragraph is None:
                result.problems.append(f"{name}: anchor is not in a body paragraph: {g.anchor!r}")
                g.start = -1
        free = [g for g in golds if g.start >= 0]
        for c in predicted:
            match = next((g for g in free if g.accused == c.accused and g.category == c.category
                          and g.paragraph == c.paragraph), None)
            if match is None:
                result.fp += 1
                result.count(c.category, "fp")
                result.false_positives.append((name, c))
                continue
            free.remove(match)
            result.tp += 1
            result.count(c.category, "tp")
            result.agree["claimant"] += sorted(match.claimant) == sorted(c.claimants)
            result.agree["stance"] += match.stance == c.stance
            result.agree["attributed"] += match.attributed == c.attributed
            result.agree["span"] += match.start < c.end and c.start < match.end
        for g in golds:
            if g.start >= 0 and g in free:
                result.fn += 1
                result.count(g.category, "fn")
                result.misses.append(g)
    return result


def report(s: Score, verbose: bool) -> str:
    lines = [f"claims: precision {s.precision:.3f} ({s.tp}/{s.tp + s.fp}), recall {s.recall:.3f} "
             f"({s.tp}/{s.tp + s.fn})", "", f"{'category':30} {'tp':>4} {'fp':>4} {'fn':>4} {'P':>6} {'R':>6}"]
    for cat in sorted(s.per_category):
        c = s.per_category[cat]
        p = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else float("nan")
        r = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else float("nan")
        lines.append(f"{cat:30} {c['tp']:>4} {c['fp']:>4} {c['fn']:>4} {p:>6.2f} {r:>6.2f}")
    if s.tp:
        lines.append("")
        lines.append("agreement on matched claims: " + ", ".join(
            f"{k} {s.agree[k]}/{s.tp}" for k in ("claimant", "stance", "attributed", "span")))
    for p in s.problems:
        lines.append(f"GOLD PROBLEM: {p}")
    if verbose:
        lines.append("")
        for name, c in s.false_positives:
            lines.append(f"FP {name} {c.accused} {c.category} {c.stance} [{c.rule}] {c.quote[:90]!r}")
        for g in s.misses:
            lines.append(f"FN {g.file} {g.accused} {g.category} {g.stance} {g.anchor!r} ({g.note})")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gold", type=Path, default=ROOT / "tests/fixtures/claims")
    ap.add_argument("--fixtures", type=Path, default=ROOT / "tests/fixtures")
    ap.add_argument("--verbose", "-v", action="store_true")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = ap.parse_args(argv)
    s = score(load_gold(args.gold), args.fixtures)
    if args.json:
        print(json.dumps({"precision": s.precision, "recall": s.recall, "tp": s.tp, "fp": s.fp, "fn": s.fn,
                          "per_category": {k: dict(v) for k, v in sorted(s.per_category.items())},
                          "agreement": dict(s.agree), "problems": s.problems}, indent=2))
    else:
        print(report(s, args.verbose))
    return 1 if s.problems else 0


if __name__ == "__main__":
    sys.exit(main())
