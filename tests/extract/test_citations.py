"""Citations of UN documents and instruments (Step 4)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
import yaml

from unkg.extract.citations import Citation, find_citations, relation_for
from unkg.ingest import read_source
from unkg.model import Document
from unkg.parse import parse

FIXTURES = Path(__file__).parents[1] / "fixtures"
GOLD = Path(__file__).parent / "fixtures" / "citations_gold.yaml"


@cache
def doc(path: Path) -> Document:
    return parse(read_source(path))


def seed(prefix: str) -> Document:
    (path,) = (FIXTURES / "seeds").glob(f"{prefix}_*.txt")
    return doc(path)


def cites(d: Document) -> list[Citation]:
    return find_citations(d)


def symbols(d: Document) -> set[str]:
    return {c.symbol for c in cites(d) if c.kind == "document" and c.symbol}


def instr(d: Document) -> dict[str, set[str | None]]:
    out: dict[str, set[str | None]] = {}
    for c in cites(d):
        if c.kind == "instrument":
            out.setdefault(c.instrument or "", set()).add(c.locator)
    return out


EXPECTED = {
    "000": {"S/2014/136", "A/RES/ES-11/4", "S/RES/2623 (2022)", "A/RES/ES-11/1", "A/RES/ES-11/2",
            "A/RES/60/147", "A/77/4"},
    "001": {*(f"A/HRC/RES/{n}" for n in "26/30 29/23 32/29 35/31 41/25 47/22 49/1 52/32 S-34/1".split()),
            *(f"A/RES/{n}" for n in "68/262 71/205 72/190 73/263 74/168 75/192 76/179 77/229 ES-11/1".split()),
            "A/72/498", "A/73/404", "A/74/276", "A/75/334", "A/HRC/44/21", "A/HRC/47/58", "A/77/220"},
    "002": {"S/RES/2282 (2016)", "A/RES/60/1", "S/RES/2150 (2014)", "S/RES/2171 (2014)", "S/2017/507"},
    # 217 A (III): the form unkg.parse.symbols gives (undocs.org spells it A/RES/217(III))
    "003": {"A/RES/2625 (XXV)", "A/RES/3314 (XXIX)", "A/RES/217 A (III)", "A/74/542"},
}


@pytest.mark.parametrize("prefix", sorted(EXPECTED))
def test_seed_symbols_exact(prefix: str) -> None:
    d = seed(prefix)
    assert symbols(d) == EXPECTED[prefix]
    assert not set(d.symbols) & symbols(d)  # never cites itself
    assert all(c.unresolved_reason is None for c in cites(d) if c.kind == "document")


@pytest.mark.parametrize("prefix", sorted(EXPECTED))
def test_spans_and_precision(prefix: str) -> None:
    d = seed(prefix)
    for c in cites(d):
        assert d.text[c.start:c.end] == c.printed
        if c.kind == "document" and c.symbol:
            # the printed number is part of the canonical symbol
            core = c.printed.replace(" ", "").replace("(", " (").split(" (")[0]
            assert core.split("/")[-1] in c.symbol.replace(" ", ""), (c.printed, c.symbol)
        if c.instrument and c.instrument.startswith("title:"):
            assert c.instrument[6:] in c.printed


def test_count_es_11_4_twice() -> None:
    d = seed("000")
    assert [c.symbol for c in cites(d)].count("A/RES/ES-11/4") == 2
    cover = [c for c in cites(d) if c.symbol == "S/2014/136"]
    assert cover and cover[0].paragraph is None and cover[0].relation == "cites"


def test_charter_locators() -> None:
    assert {"Article 2", "Article 14", "Article 33(1)"} <= instr(seed("000"))["charter"]
    assert "Article 24" in instr(seed("002"))["charter"]
    assert {"Article 1(2)", "Article 2"} <= instr(seed("003"))["charter"]


def test_instruments_003() -> None:
    ins = instr(seed("003"))
    assert {"iccpr", "icescr", "vdpa", "udhr", "mercenaries_convention", "charter"} <= set(ins)
    assert "Article 1(1)" in ins["icescr"] and "Article 1(1)" in ins["iccpr"]
    icj = [c for c in cites(seed("003")) if (c.instrument or "").startswith("icj:")]
    assert {c.instrument for c in icj} == {"icj:NIC-v-USA:1986-06-27:judgment"}
    assert {c.locator for c in icj} == {"para 189", "para 250"}
    qids = {c.instrument: c.qid for c in cites(seed("003")) if c.kind == "instrument"}
    assert qids["charter"] == "Q171328" and qids["iccpr"] == "Q392119" and qids["vdpa"] is None


def test_instruments_000() -> None:
    ins = instr(seed("000"))
    assert "icj:UKR-v-RUS:2022-03-16:order" in ins
    assert any(k.startswith("title:严重违反国际人权法") for k in ins)


def test_relations() -> None:
    c000 = {c.symbol: c.relation for c in cites(seed("000")) if c.symbol}
    assert c000["S/RES/2623 (2022)"] == "citesForInformation"  # 表示注意到
    assert c000["A/77/4"] == "citesAsEvidence"  # footnote
    rel001 = {(c.instrument, c.relation) for c in cites(seed("001")) if c.kind == "instrument"}
    assert ("charter", "citesAsAuthority") in rel001 and ("udhr", "agreesWith") in rel001
    assert relation_for("Guided by") == "citesAsAuthority"
    assert relation_for("Recalling also") == "citesForInformation"


def test_footnote_and_paragraph_links() -> None:
    c = next(c for c in cites(seed("001")) if c.symbol == "A/HRC/44/21")
    assert c.footnote == 4 and c.paragraph == ("main", 10)
    c = next(c for c in cites(seed("002")) if c.symbol == "A/RES/60/1")
    assert c.locator == "paras 138-139"


def test_unresolved_is_kept_not_guessed() -> None:
    d = doc(FIXTURES / "dev" / "A_RES_78_272.en.txt")
    un = [c for c in cites(d) if c.kind == "document" and c.symbol is None]
    assert {c.printed for c in un} == {"72/249", "69/292"}  # "resolution 72/249" in op. paras
    assert all(c.unresolved_reason for c in un)
    d = doc(FIXTURES / "dev" / "A_HRC_RES_56_17.zh.txt")
    assert "91" in {c.printed for c in cites(d) if c.symbol is None}  # ACHPR, not UN


def test_unts_footnotes() -> None:
    d = doc(FIXTURES / "dev" / "A_RES_74_62.en.txt")
    fn = {c.instrument for c in cites(d) if c.footnote is not None and c.kind == "instrument"}
    assert {"crpd", "ccm"} <= fn  # "Ibid., vol. 2688, No. 47713" follows the UNTS note
    assert {"CCM/CONF/2015/7", "CCM/CONF/2015/7/Corr.1", "CCM/MSP/2016/9"} <= symbols(d)
    assert {f"A/RES/{n}" for n in "63/71 70/54 71/45 72/54 73/54".split()} <= symbols(d)


def test_dev_gold_precision_recall() -> None:
    gold = yaml.safe_load(GOLD.read_text(encoding="utf-8"))
    tp = fp = fn = 0
    for name, expected in gold.items():
        found = symbols(doc(FIXTURES / "dev" / name))
        exp = set(expected)
        tp += len(found & exp)
        fp += len(found - exp)
        fn += len(exp - found)
        print(name, "missing", sorted(exp - found), "extra", sorted(found - exp))
    precision = tp / (tp + fp)
    recall = tp / (tp + fn)
    print(f"citations gold: precision={precision:.3f} recall={recall:.3f} (tp={tp} fp={fp} fn={fn})")
    assert precision == 1.0
    assert recall >= 0.9


def test_whole_dev_corpus_spans() -> None:
    for path in sorted((FIXTURES / "dev").glob("*.txt")):
        d = doc(path)
        for c in cites(d):
            assert d.text[c.start:c.end] == c.printed
            assert c.symbol not in d.symbols
