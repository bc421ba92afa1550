"""UN document symbol grammar: parse_symbol, find_symbols, resolution_symbol, split_joint."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from unkg.parse.symbols import (
    SYMBOL_PATTERN,
    Symbol,
    find_symbols,
    parse_symbol,
    resolution_symbol,
    split_joint,
)

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SEEDS = FIXTURES / "seeds"
DEV = FIXTURES / "dev"
TRUTH: list[dict[str, Any]] = [
    json.loads(line) for line in (DEV / "truth.jsonl").read_text("utf-8").splitlines() if line
]

# --------------------------------------------------------------------------- parse_symbol

# (input, canonical text, expected fields)
CANONICAL: list[tuple[str, str, dict[str, Any]]] = [
    ("A/RES/ES-11/4", "A/RES/ES-11/4",
     dict(series="A", body="GA", kind="resolution", session=11,
          session_kind="emergency_special", number="4", year=None)),
    ("A/RES/60/147", "A/RES/60/147",
     dict(series="A", body="GA", kind="resolution", session=60, session_kind="regular",
          number="147")),
    ("A/RES/2625 (XXV)", "A/RES/2625 (XXV)",
     dict(body="GA", kind="resolution", session=25, session_kind="regular", number="2625")),
    ("A/RES/2625(XXV)", "A/RES/2625 (XXV)", dict(session=25, number="2625")),
    ("A/RES/3314 (XXIX)", "A/RES/3314 (XXIX)", dict(session=29, number="3314")),
    ("A/RES/217 (III)", "A/RES/217 (III)", dict(session=3, number="217", part=None)),
    ("A/RES/217(III)", "A/RES/217 (III)", dict(session=3, number="217", part=None)),
    ("A/RES/217 A (III)", "A/RES/217 A (III)",
     dict(session=3, number="217", part="A", kind="resolution")),
    ("A/RES/217A(III)", "A/RES/217 A (III)", dict(part="A")),
    ("A/RES/997 (ES-I)", "A/RES/997 (ES-I)",
     dict(session=1, session_kind="emergency_special")),
    ("S/RES/2728 (2024)", "S/RES/2728 (2024)",
     dict(series="S", body="SC", kind="resolution", number="2728", year=2024, session=None)),
    ("S/RES/2728(2024)", "S/RES/2728 (2024)", dict(year=2024)),
    ("S/RES/2728   (2024)", "S/RES/2728 (2024)", dict(year=2024)),
    ("S/RES/2532(2020)", "S/RES/2532 (2020)", dict(year=2020, number="2532")),
    ("S/RES/242", "S/RES/242", dict(year=None, number="242", kind="resolution")),
    ("A/HRC/RES/53/30", "A/HRC/RES/53/30",
     dict(series="A/HRC", body="HRC", kind="resolution", session=53,
          session_kind="regular", number="30")),
    ("A/HRC/RES/S-34/1", "A/HRC/RES/S-34/1",
     dict(series="A/HRC", body="HRC", kind="resolution", session=34, session_kind="special",
          number="1")),
    ("A/74/542", "A/74/542",
     dict(series="A", body="GA", kind="document", session=74, number="542")),
    ("A/C.3/78/L.41/Rev.1", "A/C.3/78/L.41/Rev.1",
     dict(series="A/C.3", body="GA", committee="C.3", session=78, kind="draft",
          number="41", modifiers=("Rev.1",))),
    ("S/PV.9000", "S/PV.9000",
     dict(series="S", body="SC", kind="meeting_record", number="9000", year=None)),
    ("S/2014/136", "S/2014/136", dict(body="SC", kind="document", year=2014, number="136")),
    ("A/ES-11/10", "A/ES-11/10",
     dict(body="GA", session=11, session_kind="emergency_special", kind="document",
          number="10")),
    ("A/77/4", "A/77/4", dict(body="GA", session=77, number="4", kind="document")),
    ("S/PRST/2011/16", "S/PRST/2011/16",
     dict(body="SC", kind="presidential_statement", year=2011, number="16")),
    ("A/80/604/Add.1", "A/80/604/Add.1",
     dict(session=80, number="604", modifiers=("Add.1",))),
    ("A/L.632", "A/L.632", dict(kind="draft", number="632", session=None)),
    ("E/2023/1", "E/2023/1", dict(series="E", body="ECOSOC", year=2023, number="1")),
    ("A/HRC/44/21", "A/HRC/44/21",
     dict(series="A/HRC", body="HRC", session=44, number="21", kind="document")),
    ("A/C.6/80/L.14", "A/C.6/80/L.14", dict(committee="C.6", kind="draft", session=80)),
    ("A/77/PV.5", "A/77/PV.5", dict(kind="meeting_record", session=77, number="5")),
    ("A/C.6/77/SR.21", "A/C.6/77/SR.21", dict(kind="document", committee="C.6")),
    ("E/CN.4/2002/28/Rev.1", "E/CN.4/2002/28/Rev.1",
     dict(series="E/CN.4", body="ECOSOC", year=2002, number="28", modifiers=("Rev.1",))),
    ("E/RES/2023/5", "E/RES/2023/5", dict(body="ECOSOC", kind="resolution", year=2023)),
    ("ST/SGB/2019/8", "ST/SGB/2019/8",
     dict(series="ST/SGB", body="SECRETARIAT", year=2019, number="8")),
    ("A/HRC/DEC/53/101", "A/HRC/DEC/53/101", dict(body="HRC", kind="decision", session=53)),
    ("A/CONF.189/12/Corr.1", "A/CONF.189/12/Corr.1",
     dict(series="A/CONF.189", body="GA", number="12", modifiers=("Corr.1",))),
    ("S/AC.57/2024/COMM.18", "S/AC.57/2024/COMM.18", dict(series="S/AC.57", year=2024)),
    ("A/HRC/WG.6/40/SYR/1", "A/HRC/WG.6/40/SYR/1",
     dict(series="A/HRC/WG.6", body="HRC", session=40, number="SYR/1")),
    ("CEDAW/C/PRK/CO/2-4", "CEDAW/C/PRK/CO/2-4", dict(body="CEDAW", number="2-4")),
    ("FCCC/CP/2015/10/Add.1", "FCCC/CP/2015/10/Add.1",
     dict(body="FCCC", year=2015, modifiers=("Add.1",))),
    ("A/80/604/add.1", "A/80/604/Add.1", dict(modifiers=("Add.1",))),
    # full-width forms, spaces around "/", surrounding whitespace
    ("Ａ／ＲＥＳ／ＥＳ－１１／４", "A/RES/ES-11/4", dict(session=11)),
    ("Ｓ／ＲＥＳ／２６２３（２０２２）", "S/RES/2623 (2022)", dict(year=2022)),
    ("  A / HRC / RES / 53 / 30 ", "A/HRC/RES/53/30", dict(session=53)),
    ("A/ES\u201111/10", "A/ES-11/10", dict(session=11)),  # non-breaking hyphen
]  # fmt: skip


@pytest.mark.parametrize(("raw", "canonical", "fields"), CANONICAL)
def test_parse_symbol_canonical(raw: str, canonical: str, fields: dict[str, Any]) -> None:
    sym = parse_symbol(raw)
    assert sym is not None, raw
    assert sym.text == canonical
    assert str(sym) == canonical
    for name, value in fields.items():
        assert getattr(sym, name) == value, (raw, name)
    # canonical text is a fixed point
    assert parse_symbol(canonical) == sym


REJECTED = [
    "", "   ", "2/3", "22-25095 2/3", "2022/11/07", "1/2", "3:2", "12345", "A", "A/",
    "A/RES", "A/B", "S/he", "HIV/AIDS", "https://undocs.org/ch/A/77/4", "undocs.org/A/77/4",
    "A/77/4 and A/77/5", "A/75/731–S/2021/196", "A/77/4.", "(A/77/4)", "a/77/4",
    "S/2014/136 (2014)", "A/74/542 (2019)", "S/RES/2728 (XXV)", "A/RES/60/147 (LX)",
    "A/RES/2625 (XXVV)", "S/RES/2728 A (2024)", "A/77/4 A", "X/77/4", "A/RES/ES-0/1",
    "S/RES/2728 (1800)",
]  # fmt: skip


@pytest.mark.parametrize("raw", REJECTED)
def test_parse_symbol_rejects(raw: str) -> None:
    assert parse_symbol(raw) is None


def test_symbol_is_frozen_and_has_base() -> None:
    sym = parse_symbol("A/C.3/78/L.41/Rev.1")
    assert isinstance(sym, Symbol)
    with pytest.raises(AttributeError):
        sym.text = "x"  # type: ignore[misc]
    assert sym.base == "A/C.3/78/L.41"
    assert parse_symbol("A/RES/217 A (III)").base == "A/RES/217 (III)"  # type: ignore[union-attr]


# --------------------------------------------------------------------------- find_symbols

RUNNING: list[tuple[str, list[str]]] = [
    ("《大会正式记录，第七十七届会议，补编第 4 号》(A/77/4)，第 189-197 段。", ["A/77/4"]),
    ("https://undocs.org/ch/S/2014/136", ["S/2014/136"]),
    ("https://undocs.org/ch/S/RES/2623(2022)", ["S/RES/2623 (2022)"]),
    ("https://www.undocs.org/en/A/74/542。", ["A/74/542"]),
    ("https://undocs.org/ch/A/RES/217(III)", ["A/RES/217 (III)"]),
    ("https://docs.un.org/fr/A/RES/78/272", ["A/RES/78/272"]),
    ("view_doc.asp?symbol=S/2017/507", ["S/2017/507"]),
    ("A/74/542 (2019 年 11 月 8 日 )，第 7 页", ["A/74/542"]),
    ("Recalling resolution S/RES/2150 (2014) and A/RES/60/1, paras. 138–139",
     ["S/RES/2150 (2014)", "A/RES/60/1"]),
    ("⁴ A/75/334 和 A/HRC/44/21。", ["A/75/334", "A/HRC/44/21"]),
    ("document S/Agenda/8979.", ["S/Agenda/8979"]),
    ("A/66/371-S/2011/592, annex", ["A/66/371", "S/2011/592"]),
    ("A/75/731–S/2021/196", ["A/75/731", "S/2021/196"]),
    ("the Universal Declaration (A/RES/217 A (III)) provides", ["A/RES/217 A (III)"]),
    ("见Ａ／７７／４（第 3 段）", ["A/77/4"]),
    ("A/HRC/RES/54/2号决议", ["A/HRC/RES/54/2"]),
    ("A/HRC/57/70.", ["A/HRC/57/70"]),
    ("footnote A/HRC/44/21¹ here", ["A/HRC/44/21"]),
    # not symbols, or glued to a longer token
    ("22-25095 2/3", []),
    ("2/3 页；1:2；HIV/AIDS；S/he；A/C units", []),
    ("https://www.osce.org/files/f/documents/5/0/40690.pdf", []),
    ("https://example.org/S/2014/136", []),
    ("xA/77/4 A/77/4", ["A/77/4"]),
    ("MA/77/4", []),
    ("1.A/77/4", []),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), RUNNING)
def test_find_symbols_running_text(text: str, expected: list[str]) -> None:
    found = find_symbols(text)
    assert [s.text for s, _, _ in found] == expected
    for sym, start, end in found:
        assert parse_symbol(text[start:end]) == sym


def test_find_symbols_offsets_in_original_full_width_text() -> None:
    text = "（见Ｓ／ＲＥＳ／２６２３（２０２２））和 A/77/4"
    found = find_symbols(text)
    assert [(s.text, text[a:b]) for s, a, b in found] == [
        ("S/RES/2623 (2022)", "Ｓ／ＲＥＳ／２６２３（２０２２）"),
        ("A/77/4", "A/77/4"),
    ]


def test_symbol_pattern_is_compiled() -> None:
    assert isinstance(SYMBOL_PATTERN, re.Pattern)
    m = SYMBOL_PATTERN.search("see S/RES/2623(2022).")
    assert m is not None and m.group("core") == "S/RES/2623" and m.group("suf") == "2022"


SEED_SYMBOLS: dict[str, set[str]] = {
    "000_151683289b9cb0c2.txt": {
        "A/ES-11/10", "S/2014/136", "A/RES/ES-11/4", "S/RES/2623 (2022)", "A/RES/ES-11/1",
        "A/RES/ES-11/2", "A/RES/60/147", "A/77/4",
    },
    "001_c316506c3c2794f5.txt": {
        "A/72/498", "A/73/404", "A/74/276", "A/75/334", "A/HRC/44/21", "A/HRC/47/58",
        "A/77/220",
    },
    "002_bd17d103bf40d524.txt": {
        "S/RES/2282 (2016)", "A/RES/60/1", "S/RES/2150 (2014)", "S/RES/2171 (2014)",
        "S/2017/507",
    },
    "003_dac56ef26cf31a19.txt": {
        "A/RES/2625 (XXV)", "A/RES/3314 (XXIX)", "A/RES/217 (III)", "A/74/542",
    },
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(SEED_SYMBOLS))
def test_seed_symbols(name: str) -> None:
    text = (SEEDS / name).read_text("utf-8")
    found = find_symbols(text)
    assert {s.text for s, _, _ in found} == SEED_SYMBOLS[name]
    for sym, start, end in found:
        assert parse_symbol(text[start:end]) == sym


def test_seed_000_header_symbol_and_job_line() -> None:
    text = (SEEDS / "000_151683289b9cb0c2.txt").read_text("utf-8")
    lines = [ln.strip() for ln in text.splitlines()]
    assert [s.text for s in split_joint("A/ES-11/10  ")] == ["A/ES-11/10"]
    assert "A/ES-11/10" in lines
    job = next(ln for ln in lines if ln.startswith("22-25095"))
    assert split_joint(job) == [] and find_symbols(job) == [] and parse_symbol(job) is None


@pytest.mark.parametrize("row", TRUTH, ids=lambda r: r["file"])
def test_dev_cover_symbol(row: dict[str, Any]) -> None:
    """The second line of every dev file is the symbol; it canonicalises to the truth."""
    lines = (DEV / row["file"]).read_text("utf-8").splitlines()
    syms = split_joint(lines[1])
    assert [s.text for s in syms] == [row["symbol"]]
    sym = syms[0]
    assert sym.body == row["body"]
    expected_kind = "resolution" if row["doc_type"] == "resolution" else "document"
    assert sym.kind == expected_kind


@pytest.mark.parametrize("row", TRUTH, ids=lambda r: r["file"])
def test_dev_symbols_round_trip(row: dict[str, Any]) -> None:
    text = (DEV / row["file"]).read_text("utf-8")
    found = find_symbols(text)
    assert row["symbol"] in {s.text for s, _, _ in found}
    for sym, start, end in found:
        assert parse_symbol(text[start:end]) == sym


_TITLE_NUMBER = re.compile(r"^((?:S-)?\d{1,3}/\d{1,4})\.?\s")
_SC_HEADING = re.compile(r"^(?:Resolution\s+(\d{3,4}\s*\(\d{4}\))|第(\d{3,4}\(\d{4}\))号决议)$")


@pytest.mark.parametrize(
    "row", [r for r in TRUTH if r["doc_type"] == "resolution"], ids=lambda r: r["file"]
)
def test_resolution_symbol_from_printed_numbers(row: dict[str, Any]) -> None:
    """Build the symbol from the printed number ("54/2." / "Resolution 2593 (2021)")."""
    lines = (DEV / row["file"]).read_text("utf-8").splitlines()[:20]
    numbers = [m.group(1) for ln in lines if (m := _TITLE_NUMBER.match(ln))]
    numbers += [m.group(1) or m.group(2) for ln in lines if (m := _SC_HEADING.match(ln))]
    assert numbers, "no printed resolution number on the cover"
    assert resolution_symbol(row["body"], numbers[0]) == row["symbol"]


# --------------------------------------------------------------------------- resolution_symbol

RESOLUTIONS: list[tuple[str, str, str | None]] = [
    ("HRC", "53/30", "A/HRC/RES/53/30"),
    ("HRC", "S-34/1", "A/HRC/RES/S-34/1"),
    ("HRC", "26/30", "A/HRC/RES/26/30"),
    ("GA", "78/272", "A/RES/78/272"),
    ("GA", "ES-11/4", "A/RES/ES-11/4"),
    ("GA", "2625 (XXV)", "A/RES/2625 (XXV)"),
    ("GA", "2625(XXV)", "A/RES/2625 (XXV)"),
    ("GA", "217 A (III)", "A/RES/217 A (III)"),
    ("GA", "217 (III)", "A/RES/217 (III)"),
    ("GA", "３３１４（ＸＸＩＸ）", "A/RES/3314 (XXIX)"),
    ("ga", " 60/147 ", "A/RES/60/147"),
    ("SC", "2593 (2021)", "S/RES/2593 (2021)"),
    ("SC", "2593(2021)", "S/RES/2593 (2021)"),
    ("SC", "２６２３（２０２２）", "S/RES/2623 (2022)"),
    ("SC", "242", "S/RES/242"),
    ("ECOSOC", "2023/5", "E/RES/2023/5"),
    ("HRC", "53/30.", "A/HRC/RES/53/30"),
    # cannot be built
    ("SC", "53/30", None),
    ("HRC", "2593 (2021)", None),
    ("GA", "2593 (2021)", None),
    ("GA", "ES-11", None),
    ("GA", "", None),
    ("UNESCO", "1/2", None),
    ("SC", "2593 (1800)", None),
    ("GA", "2625 (XXVV)", None),
    ("HRC", "53/30/1", None),
]


@pytest.mark.parametrize(("body", "number", "expected"), RESOLUTIONS)
def test_resolution_symbol(body: str, number: str, expected: str | None) -> None:
    assert resolution_symbol(body, number) == expected


# --------------------------------------------------------------------------- split_joint

JOINT: list[tuple[str, list[str]]] = [
    ("A/75/731–S/2021/196", ["A/75/731", "S/2021/196"]),
    ("A/75/731-S/2021/196", ["A/75/731", "S/2021/196"]),
    ("A/75/731 – S/2021/196", ["A/75/731", "S/2021/196"]),
    ("A/75/731—S/2021/196", ["A/75/731", "S/2021/196"]),
    ("A/48/486-S/26560", ["A/48/486", "S/26560"]),
    ("Ａ／７５／７３１－Ｓ／２０２１／１９６", ["A/75/731", "S/2021/196"]),
    ("A/ES-11/10", ["A/ES-11/10"]),
    ("A/HRC/RES/S-34/1", ["A/HRC/RES/S-34/1"]),
    ("S/RES/2532(2020)", ["S/RES/2532 (2020)"]),
    ("CEDAW/C/PRK/CO/2-4", ["CEDAW/C/PRK/CO/2-4"]),
    ("", []),
    ("22-25095 2/3", []),
    ("A/75/731–", []),
    ("A/75/731–S/2021/196 annex", []),
    ("Distr.: General", []),
    ("A/75/731 and S/2021/196", []),
]


@pytest.mark.parametrize(("line", "expected"), JOINT)
def test_split_joint(line: str, expected: list[str]) -> None:
    assert [s.text for s in split_joint(line)] == expected


# --------------------------------------------------------------------------- properties

_FRAGMENTS = [
    "A/", "S/", "E/", "ST/", "HRC/", "RES/", "ES-", "S-", "C.3/", "L.", "PV.", "Add.1",
    "Rev.1", "/", "／", "（", "）", "(", ")", " (", "2022", "XXV", "III", " A ", "77", "4",
    "2623", "-", "–", " ", "\n", "undocs.org/ch/", "https://", ".", "号", "，", "Ａ", "２",
    "A/RES/ES-11/4", "S/RES/2623(2022)", "A/RES/217 A (III)", "A/75/731-S/2021/196",
]  # fmt: skip
_NOISY_TEXT = st.lists(
    st.one_of(st.sampled_from(_FRAGMENTS), st.text(max_size=3)), max_size=25
).map("".join)


@settings(max_examples=400, deadline=None)
@given(_NOISY_TEXT)
def test_find_symbols_offsets_round_trip(text: str) -> None:
    found = find_symbols(text)
    last_end = 0
    for sym, start, end in found:
        assert last_end <= start < end <= len(text)
        last_end = end
        assert parse_symbol(text[start:end]) == sym
        assert parse_symbol(sym.text) == sym


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_symbol_functions_never_raise(text: str) -> None:
    find_symbols(text)
    parse_symbol(text)
    split_joint(text)
    for body in ("GA", "SC", "HRC", "ECOSOC", "X"):
        resolution_symbol(body, text)
