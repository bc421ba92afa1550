#!/usr/bin/env python3
"""Generate a synthetic, realistic UN-style corpus for benchmarking unkg.

    python bench/gen_corpus.py OUT_DIR --docs N [--seed S]

Every output is derived from one of the real fixture documents (``tests/fixtures/dev``,
English and Chinese, and ``tests/fixtures/seeds``), cycled through in a fixed order. Each
copy gets, deterministically from the seeded RNG:

* a new symbol, distinct across the corpus (``A/HRC/RES/<session>/<n>``, ``A/RES/<session>/<n>``,
  ``S/RES/<n> (<year>)``, ``S/<year>/<n>``, ``A/ES-11/<n>``, ...), written consistently on the
  symbol line, the resolution-number line (``54/2.`` / ``Resolution 2593 (2021)``) and the
  session line (``Fifty-fourth session`` / ``第五十四届会议``);
* dates moved by one offset on the cover page, the adoption line, the closing meeting/date
  lines and the letter headings (the session date range moves with them);
* for the one-block-per-line dev texts, a different main text: unfootnoted preambular
  paragraphs are sampled and shuffled, unfootnoted operative paragraphs are sampled and the
  rest renumbered. Paragraphs carrying footnote markers stay, in order, so the footnotes
  still resolve.

The seeds (text extracted from PDFs) keep their layout; their symbol is replaced (A/ES-11/10,
53/30) or, where the text prints none (002, 003), a running-head symbol line is added, as the
PDF's page header would carry it. The output file name is ``<nnnnn>_<symbol slug>.<lang>.txt``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT / "tests" / "fixtures" / "dev"
SEEDS = ROOT / "tests" / "fixtures" / "seeds"

SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December"]
ZH_DIGITS = "零一二三四五六七八九"
MONTHS_ZH = ["一月", "二月", "三月", "四月", "五月", "六月", "七月", "八月", "九月", "十月", "十一月", "十二月"]

_UNITS = ["", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
          "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
          "eighteen", "nineteen"]
_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_ORD_IRREGULAR = {"one": "first", "two": "second", "three": "third", "five": "fifth",
                  "eight": "eighth", "nine": "ninth", "twelve": "twelfth"}


def en_ordinal(n: int) -> str:
    """``54`` -> ``Fifty-fourth`` (1..99), as printed on session lines."""
    def ordword(w: str) -> str:
        if w in _ORD_IRREGULAR:
            return _ORD_IRREGULAR[w]
        if w.endswith("y"):
            return w[:-1] + "ieth"
        return w + "th"

    if n < 20:
        word = ordword(_UNITS[n])
    else:
        tens, unit = divmod(n, 10)
        word = ordword(_TENS[tens]) if unit == 0 else f"{_TENS[tens]}-{ordword(_UNITS[unit])}"
    return word[0].upper() + word[1:]


def en_ordinal_words() -> dict[str, int]:
    return {en_ordinal(n): n for n in range(1, 100)}


def zh_number(n: int) -> str:
    """``54`` -> ``五十四`` (1..99)."""
    if n < 10:
        return ZH_DIGITS[n]
    tens, unit = divmod(n, 10)
    return ("" if tens == 1 else ZH_DIGITS[tens]) + "十" + (ZH_DIGITS[unit] if unit else "")


def zh_number_words() -> dict[str, int]:
    return {zh_number(n): n for n in range(1, 100)}


def sup_count(text: str) -> bool:
    return any(ch in SUPERSCRIPTS for ch in text)


def slug(symbol: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "_", symbol).strip("_")


# --- dates ---------------------------------------------------------------------------------------

_M_EN = "|".join(MONTHS_EN)
_M_ZH = "|".join(sorted(MONTHS_ZH, key=len, reverse=True))
DATE_RE = re.compile(
    # 11 September–13 October 2023
    rf"(?P<er>(?P<er_d1>\d{{1,2}}) (?P<er_m1>{_M_EN})[–-](?P<er_d2>\d{{1,2}}) (?P<er_m2>{_M_EN}) (?P<er_y>\d{{4}}))"
    # 4–15 September 1995
    rf"|(?P<es>(?P<es_d1>\d{{1,2}})[–-](?P<es_d2>\d{{1,2}}) (?P<es_m>{_M_EN}) (?P<es_y>\d{{4}}))"
    # 11 October 2023
    rf"|(?P<e>(?P<e_d>\d{{1,2}}) (?P<e_m>{_M_EN}) (?P<e_y>\d{{4}}))"
    # 11 九月–13 十月 2023 (Chinese cover pages of HRC texts)
    rf"|(?P<zc>(?P<zc_d1>\d{{1,2}}) (?P<zc_m1>{_M_ZH})[–-](?P<zc_d2>\d{{1,2}}) (?P<zc_m2>{_M_ZH}) (?P<zc_y>\d{{4}}))"
    # 2023年6月19日至7月14日
    r"|(?P<zr>(?P<zr_y>\d{4})(?P<zr_s1>\s?)年(?P<zr_s2>\s?)(?P<zr_m1>\d{1,2})(?P<zr_s3>\s?)月(?P<zr_s4>\s?)(?P<zr_d1>\d{1,2})(?P<zr_s5>\s?)日至"
    r"(?P<zr_s6>\s?)(?P<zr_m2>\d{1,2})\s?月\s?(?P<zr_d2>\d{1,2})\s?日)"
    # 2023年10月11日 / 2022 年 11 月 7 日
    r"|(?P<z>(?P<z_y>\d{4})(?P<z_s1>\s?)年(?P<z_s2>\s?)(?P<z_m>\d{1,2})(?P<z_s3>\s?)月(?P<z_s4>\s?)(?P<z_d>\d{1,2})(?P<z_s5>\s?)日)"
)


def _date(y: str | int, m: int, d: str | int) -> dt.date | None:
    try:
        return dt.date(int(y), m, int(d))
    except ValueError:
        return None


def dates_in(line: str) -> list[dt.date]:
    """Every date printed in a line (both ends of a range)."""
    out: list[dt.date] = []
    for m in DATE_RE.finditer(line):
        g = m.groupdict()
        if g["er"]:
            out += [_date(g["er_y"], MONTHS_EN.index(g["er_m1"]) + 1, g["er_d1"]),
                    _date(g["er_y"], MONTHS_EN.index(g["er_m2"]) + 1, g["er_d2"])]
        elif g["es"]:
            out += [_date(g["es_y"], MONTHS_EN.index(g["es_m"]) + 1, g["es_d1"]),
                    _date(g["es_y"], MONTHS_EN.index(g["es_m"]) + 1, g["es_d2"])]
        elif g["e"]:
            out.append(_date(g["e_y"], MONTHS_EN.index(g["e_m"]) + 1, g["e_d"]))
        elif g["zc"]:
            out += [_date(g["zc_y"], MONTHS_ZH.index(g["zc_m1"]) + 1, g["zc_d1"]),
                    _date(g["zc_y"], MONTHS_ZH.index(g["zc_m2"]) + 1, g["zc_d2"])]
        elif g["zr"]:
            out += [_date(g["zr_y"], int(g["zr_m1"]), g["zr_d1"]), _date(g["zr_y"], int(g["zr_m2"]), g["zr_d2"])]
        elif g["z"]:
            out.append(_date(g["z_y"], int(g["z_m"]), g["z_d"]))
    return [d for d in out if d is not None]


def _en(d: dt.date) -> str:
    return f"{d.day} {MONTHS_EN[d.month - 1]} {d.year}"


def shift_line(line: str, delta: dt.timedelta, wanted: set[dt.date] | None) -> str:
    """Move dates in a line by ``delta``: every date when ``wanted`` is None, else only those in it.

    A range moves as a whole when one of its ends is wanted; its format is kept, and when
    its ends fall in different years after the move each end gets its own year.
    """
    def want(*ds: dt.date | None) -> bool:
        return all(d is not None for d in ds) and (wanted is None or any(d in wanted for d in ds))

    def repl(m: re.Match[str]) -> str:
        g = m.groupdict()
        if g["er"] or g["es"]:
            if g["er"]:
                a = _date(g["er_y"], MONTHS_EN.index(g["er_m1"]) + 1, g["er_d1"])
                b = _date(g["er_y"], MONTHS_EN.index(g["er_m2"]) + 1, g["er_d2"])
            else:
                a = _date(g["es_y"], MONTHS_EN.index(g["es_m"]) + 1, g["es_d1"])
                b = _date(g["es_y"], MONTHS_EN.index(g["es_m"]) + 1, g["es_d2"])
            if not want(a, b):
                return m.group(0)
            a, b = a + delta, b + delta  # type: ignore[operator]
            if a.year != b.year:
                return f"{_en(a)}–{_en(b)}"
            if a.month == b.month and g["es"]:
                return f"{a.day}–{b.day} {MONTHS_EN[a.month - 1]} {a.year}"
            return f"{a.day} {MONTHS_EN[a.month - 1]}–{b.day} {MONTHS_EN[b.month - 1]} {b.year}"
        if g["e"]:
            d = _date(g["e_y"], MONTHS_EN.index(g["e_m"]) + 1, g["e_d"])
            return _en(d + delta) if want(d) else m.group(0)  # type: ignore[operator]
        if g["zc"]:
            a = _date(g["zc_y"], MONTHS_ZH.index(g["zc_m1"]) + 1, g["zc_d1"])
            b = _date(g["zc_y"], MONTHS_ZH.index(g["zc_m2"]) + 1, g["zc_d2"])
            if not want(a, b):
                return m.group(0)
            a, b = a + delta, b + delta  # type: ignore[operator]
            if a.year != b.year:
                return f"{a.day} {MONTHS_ZH[a.month - 1]} {a.year}–{b.day} {MONTHS_ZH[b.month - 1]} {b.year}"
            return f"{a.day} {MONTHS_ZH[a.month - 1]}–{b.day} {MONTHS_ZH[b.month - 1]} {b.year}"
        if g["zr"]:
            a = _date(g["zr_y"], int(g["zr_m1"]), g["zr_d1"])
            b = _date(g["zr_y"], int(g["zr_m2"]), g["zr_d2"])
            if not want(a, b):
                return m.group(0)
            a, b = a + delta, b + delta  # type: ignore[operator]
            s = [g[f"zr_s{i}"] for i in range(1, 7)]
            head = f"{a.year}{s[0]}年{s[1]}{a.month}{s[2]}月{s[3]}{a.day}{s[4]}日至{s[5]}"
            if a.year != b.year:
                return head + f"{b.year}{s[0]}年{s[1]}{b.month}{s[2]}月{s[3]}{b.day}{s[4]}日"
            return head + f"{b.month}{s[2]}月{s[3]}{b.day}{s[4]}日"
        if g["z"]:
            d = _date(g["z_y"], int(g["z_m"]), g["z_d"])
            if not want(d):
                return m.group(0)
            d = d + delta  # type: ignore[operator]
            s = [g[f"z_s{i}"] for i in range(1, 6)]
            return f"{d.year}{s[0]}年{s[1]}{d.month}{s[2]}月{s[3]}{d.day}{s[4]}日"
        return m.group(0)

    return DATE_RE.sub(repl, line)


# --- templates -----------------------------------------------------------------------------------

OPENING = re.compile(r"^(?:The (?:Human Rights Council|General Assembly|Security Council),?|(?:人权理事会|大会|安全理事会)[，,])$")
MEETING = re.compile(r"^(?:\d+(?:st|nd|rd|th) (?:plenary )?meeting|第\s?\d+\s?次(?:全体)?会议)$")
CLOSING = re.compile(
    rf"^(?:\d+(?:st|nd|rd|th) (?:plenary )?meeting$|第\s?\d+\s?次(?:全体)?会议$|\[|Annex\b|附件|[{SUPERSCRIPTS}])"
)
TOPLEVEL = re.compile(r"^(\d{1,3})\. ")
SUBITEM = re.compile(r"^(?:\([a-z]{1,3}\)|\([ivxl]+\)|\(\d{1,2}\)|[•\-–])\s")


@dataclass(slots=True)
class Template:
    path: Path
    lang: str
    family: str  # hrc | ga | sc | scdraft | es_letter | hrc_seed | sc_letter | ga_sc_letter
    symbol: str | None
    lines: list[str]
    seed: bool = False


def load_templates() -> list[Template]:
    truth = {}
    for raw in (DEV / "truth.jsonl").read_text(encoding="utf-8").splitlines():
        if raw.strip():
            row = json.loads(raw)
            truth[row["file"]] = row
    out: list[Template] = []
    for path in sorted(DEV.glob("*.txt")):
        row = truth[path.name]
        if row["lang"] not in ("en", "zh"):
            continue
        sym = row["symbol"]
        if sym.startswith("A/HRC/RES/"):
            family = "hrc"
        elif sym.startswith("A/RES/"):
            family = "ga"
        elif sym.startswith("S/RES/"):
            family = "sc"
        else:
            family = "scdraft"
        out.append(Template(path, row["lang"], family, sym, path.read_text(encoding="utf-8").split("\n")))
    seed_family = {"000": ("es_letter", "A/ES-11/10"), "001": ("hrc_seed", "A/HRC/RES/53/30"),
                   "002": ("sc_letter", None), "003": ("ga_sc_letter", None)}
    for path in sorted(SEEDS.glob("*.txt")):
        fam, sym = seed_family.get(path.name[:3], ("other", None))
        out.append(Template(path, "zh", fam, sym, path.read_text(encoding="utf-8").split("\n"), seed=True))
    return out


# --- the generator ---------------------------------------------------------------------------------

@dataclass
class Generator:
    rng: random.Random
    used: dict[str, set[int]] = field(default_factory=dict)
    symbols: set[str] = field(default_factory=set)

    def alloc(self, key: str, lo: int, hi: int) -> int:
        """A number in [lo, hi] not yet used under ``key``; the range widens when crowded."""
        taken = self.used.setdefault(key, set())
        while True:
            for _ in range(40):
                n = self.rng.randint(lo, hi)
                if n not in taken:
                    taken.add(n)
                    return n
            hi += max(10, hi - lo + 1)

    # -- main-text variation (one-block-per-line dev texts) --

    def vary_body(self, lines: list[str]) -> list[str]:
        start = next((i for i, ln in enumerate(lines) if OPENING.match(ln.strip())), None)
        if start is None:
            return lines
        end = next((i for i in range(start + 1, len(lines)) if CLOSING.match(lines[i].strip())), len(lines))
        region = lines[start + 1:end]
        first_op = next((i for i, ln in enumerate(region) if ln.startswith("1. ")), len(region))
        pre = self._groups(region[:first_op], top=lambda ln: not SUBITEM.match(ln))
        ops = self._op_groups(region[first_op:])
        new_pre = self._sample_shuffle(pre)
        new_ops = self._sample_ops(ops)
        return lines[:start + 1] + [ln for g in new_pre for ln in g] + [ln for g in new_ops for ln in g] + lines[end:]

    @staticmethod
    def _groups(lines: list[str], top) -> list[list[str]]:
        groups: list[list[str]] = []
        for ln in lines:
            if groups and not top(ln):
                groups[-1].append(ln)
            else:
                groups.append([ln])
        return groups

    @staticmethod
    def _op_groups(lines: list[str]) -> list[list[str]]:
        groups: list[list[str]] = []
        expected = 1
        for ln in lines:
            m = TOPLEVEL.match(ln)
            if m and int(m.group(1)) == expected:
                groups.append([ln])
                expected += 1
            elif groups:
                groups[-1].append(ln)
            else:
                groups.append([ln])
        return groups

    def _sample_shuffle(self, groups: list[list[str]]) -> list[list[str]]:
        """Drop up to a fifth of the unfootnoted groups and shuffle the rest among their slots."""
        movable = [i for i, g in enumerate(groups) if not any(sup_count(ln) for ln in g)]
        if len(movable) < 2:
            return groups
        drop_n = self.rng.randint(0, len(movable) // 5)
        dropped = set(self.rng.sample(movable, drop_n))
        kept_slots = [i for i in movable if i not in dropped]
        content = [groups[i] for i in kept_slots]
        self.rng.shuffle(content)
        fill = dict(zip(kept_slots, content))
        return [fill.get(i, g) for i, g in enumerate(groups) if i not in dropped]

    def _sample_ops(self, groups: list[list[str]]) -> list[list[str]]:
        """Drop some unfootnoted operative paragraphs (never the first or last) and renumber."""
        if len(groups) < 4:
            return groups
        inner = [i for i in range(1, len(groups) - 1) if not any(sup_count(ln) for ln in groups[i])]
        drop_n = self.rng.randint(0, len(inner) // 4) if inner else 0
        dropped = set(self.rng.sample(inner, drop_n))
        out = []
        n = 0
        for i, g in enumerate(groups):
            if i in dropped:
                continue
            m = TOPLEVEL.match(g[0])
            if m:
                n += 1
                g = [f"{n}. {g[0][m.end():]}"] + g[1:]
            out.append(g)
        return out

    # -- one document --

    def make(self, t: Template) -> tuple[str, str]:
        """(new symbol, text) for one copy of template ``t``."""
        lines = list(t.lines)
        rng = self.rng
        if not t.seed:
            lines = self.vary_body(lines)
        cover_end = next((i for i, ln in enumerate(lines) if OPENING.match(ln.strip())), 0 if t.seed else min(len(lines), 12))
        frame = set(range(cover_end))
        for i, ln in enumerate(lines):
            s = ln.strip()
            if MEETING.match(s):
                frame.add(i)
                if i + 1 < len(lines):
                    frame.add(i + 1)
            elif t.seed and ("的信" in s or "代表给" in s or re.fullmatch(r"[\d\s年月日]+", s) or "通过的决议" in s):
                frame.add(i)
        wanted: set[dt.date] = set()
        for i in sorted(frame):
            wanted.update(dates_in(lines[i]))
        primary = sorted(wanted)[-1] if wanted else dt.date(2023, 1, 1)

        fam = t.family
        sess_en, sess_zh = en_ordinal_words(), zh_number_words()
        jitter = dt.timedelta(days=rng.randint(-20, 20))
        repl_lines: dict[int, str] = {}
        insert_top: list[str] = []

        if fam in ("hrc", "hrc_seed", "ga"):
            if fam == "ga":
                old_s, old_n = map(int, t.symbol.split("/")[2:4])  # type: ignore[union-attr]
                new_s = rng.randint(60, 80)
                delta = dt.timedelta(days=round((new_s - old_s) * 365.25)) + jitter
                new_n = self.alloc(f"GA{new_s}", 1, 330)
                symbol = f"A/RES/{new_s}/{new_n}"
            else:
                old_s, old_n = map(int, t.symbol.split("/")[3:5])  # type: ignore[union-attr]
                new_s = rng.randint(30, 60)
                delta = dt.timedelta(days=round((new_s - old_s) * 121.75)) + jitter
                new_n = self.alloc(f"HRC{new_s}", 1, 70)
                symbol = f"A/HRC/RES/{new_s}/{new_n}"
            for i, ln in enumerate(lines):
                s = ln.strip()
                if s == t.symbol:
                    repl_lines[i] = ln.replace(t.symbol, symbol)  # type: ignore[arg-type]
                elif s.startswith(f"{old_s}/{old_n}. "):
                    repl_lines[i] = ln.replace(f"{old_s}/{old_n}. ", f"{new_s}/{new_n}. ", 1)
                elif i < cover_end and re.fullmatch(r"(\S+) session", s) and sess_en.get(s[:-8]) == old_s:
                    repl_lines[i] = ln.replace(s, f"{en_ordinal(new_s)} session")
                elif i < cover_end and re.fullmatch(r"第(\S+)届会议", s) and sess_zh.get(s[1:-3]) == old_s:
                    repl_lines[i] = ln.replace(s, f"第{zh_number(new_s)}届会议")
                elif i < cover_end and s.startswith("[") and f"A/{old_s}/" in s:
                    repl_lines[i] = ln.replace(f"A/{old_s}/", f"A/{new_s}/")
        elif fam == "sc":
            m = re.fullmatch(r"S/RES/(\d+) ?\((\d{4})\)", t.symbol)  # type: ignore[arg-type]
            old_n, old_y = int(m.group(1)), int(m.group(2))  # type: ignore[union-attr]
            dy = rng.randint(-20, 1)
            delta = dt.timedelta(days=round(dy * 365.25)) + jitter
            new_y = (primary + delta).year
            new_n = self.alloc("SC", max(1, 2800 - (2025 - new_y) * 60 - 60), 2800 - (2025 - new_y) * 60)
            symbol = f"S/RES/{new_n} ({new_y})"
            meeting_shift = round(dy * 250)
            for i, ln in enumerate(lines):
                s = ln.strip()
                if re.fullmatch(r"S/RES/\d+ ?\(\d{4}\)", s):
                    spaced = " " in s
                    repl_lines[i] = f"S/RES/{new_n}{' ' if spaced else ''}({new_y})"
                elif s == f"Resolution {old_n} ({old_y})":
                    repl_lines[i] = f"Resolution {new_n} ({new_y})"
                elif s == f"第{old_n}({old_y})号决议":
                    repl_lines[i] = f"第{new_n}({new_y})号决议"
                elif i < cover_end:
                    def bump(mm: re.Match[str]) -> str:
                        n = max(1, int(mm.group(1)) + meeting_shift)
                        return f"{n}{_suffix(n)} meeting" if mm.group(2) else f"{n}次会议"
                    repl_lines[i] = re.sub(r"(\d{3,5})(?:(?:th|st|nd|rd)( meeting)|次会议)", bump, ln)
        elif fam in ("scdraft", "sc_letter"):
            dy = rng.randint(-15, 1)
            delta = dt.timedelta(days=round(dy * 365.25)) + jitter
            new_y = (primary + delta).year
            new_n = self.alloc(f"S{new_y}", 1, 1000)
            symbol = f"S/{new_y}/{new_n}"
            if t.symbol:
                for i, ln in enumerate(lines):
                    if ln.strip() == t.symbol:
                        repl_lines[i] = ln.replace(t.symbol, symbol)
            else:
                insert_top = [symbol]
        elif fam == "es_letter":
            delta = dt.timedelta(days=rng.randint(-400, 400))
            new_n = self.alloc("ES11", 11, 900)
            symbol = f"A/ES-11/{new_n}"
            job_y = (primary + delta).year % 100
            job = f"{job_y:02d}-{rng.randint(10000, 29999)}"
            for i, ln in enumerate(lines):
                s = ln.strip()
                if s == t.symbol:
                    repl_lines[i] = ln.replace(t.symbol, symbol)  # type: ignore[arg-type]
                elif re.match(r"^(?:\d{1,3}/\d{1,3}\s+)?\d{2}-\d{5}\b", s):
                    repl_lines[i] = re.sub(r"\d{2}-\d{5}", job, ln, count=1)
        else:  # ga_sc_letter and anything else without a symbol: add a running head
            delta = jitter
            new_y = (primary + delta).year
            a_n = self.alloc("A75", 100, 999)
            s_n = self.alloc(f"S{new_y}", 1, 1000)
            symbol = f"A/75/{a_n}-S/{new_y}/{s_n}"
            insert_top = [symbol]

        for i, text in repl_lines.items():
            lines[i] = text
        for i in sorted(frame):
            lines[i] = shift_line(lines[i], delta, None)
        if wanted:
            for i in range(len(lines)):
                if i not in frame:
                    lines[i] = shift_line(lines[i], delta, wanted)
        if symbol in self.symbols:
            raise AssertionError(f"duplicate symbol {symbol}")
        self.symbols.add(symbol)
        return symbol, "\n".join(insert_top + lines)


def _suffix(n: int) -> str:
    if 10 <= n % 100 <= 20:
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")


def generate(out_dir: Path, docs: int, seed: int = 0) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    templates = load_templates()
    gen = Generator(random.Random(seed))
    paths = []
    for i in range(docs):
        t = templates[i % len(templates)]
        symbol, text = gen.make(t)
        path = out_dir / f"{i:05d}_{slug(symbol)}.{t.lang}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out_dir", type=Path)
    ap.add_argument("--docs", type=int, required=True, help="number of documents to write")
    ap.add_argument("--seed", type=int, default=0, help="RNG seed (default 0)")
    args = ap.parse_args(argv)
    if args.docs < 1:
        ap.error("--docs must be at least 1")
    paths = generate(args.out_dir, args.docs, args.seed)
    print(f"wrote {len(paths)} documents to {args.out_dir}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
