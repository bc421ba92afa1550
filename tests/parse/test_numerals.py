"""Numerals: Chinese numbers, spelled ordinals, sessions and agenda items."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from unkg.parse.numerals import (
    SessionRef,
    find_agenda_items,
    find_sessions,
    fold_text,
    norm_lang,
    ordinal_to_int,
    zh_to_int,
)
from unkg.parse.symbols import parse_symbol

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SEEDS = FIXTURES / "seeds"
DEV = FIXTURES / "dev"
TRUTH: list[dict[str, Any]] = [
    json.loads(line) for line in (DEV / "truth.jsonl").read_text("utf-8").splitlines() if line
]

# --------------------------------------------------------------------------- fold_text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ａ／７７／４（２０２２）", "A/77/4(2022)"),
        ("٢٠٢٤", "2024"),
        ("۲۰۲۴", "2024"),
        ("第\u3000５３\u00a0届", "第 53 届"),
        ("ES\u201111", "ES-11"),
        ("A/77/4¹", "A/77/4¹"),
        ("二〇二二年", "二〇二二年"),
    ],
)
def test_fold_text(text: str, expected: str) -> None:
    assert fold_text(text) == expected
    assert len(fold_text(text)) == len(text)


def test_norm_lang() -> None:
    assert [norm_lang(x) for x in ("zh", "ZH", "zh-CN", "zh_Hans", "ch", "en", "ara")] == [
        "zh", "zh", "zh", "zh", "zh", "en", "ar",
    ]  # fmt: skip
    assert norm_lang(None) is None and norm_lang("de") is None and norm_lang("") is None


# --------------------------------------------------------------------------- zh_to_int

ZH: list[tuple[str, int | None]] = [
    ("五", 5), ("十", 10), ("十一", 11), ("二十", 20), ("五十三", 53), ("七十五", 75),
    ("一百", 100), ("一百零三", 103), ("一百一十", 110), ("两百", 200), ("二百三十四", 234),
    ("一千九百四十五", 1945), ("一万", 10000), ("二〇二二", 2022), ("二零二二", 2022),
    ("一九四五", 1945), ("〇", 0), ("零", 0), ("○", 0), ("53", 53), ("５３", 53),
    ("２０2２", 2022), (" 七十六 ", 76), ("十四", 14), ("三十一", 31),
    ("", None), ("  ", None), ("五十三届", None), ("十十", None), ("百十百", None),
    ("二二十", None), ("abc", None), ("5a", None), ("-5", None), ("两两", None),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), ZH)
def test_zh_to_int(text: str, expected: int | None) -> None:
    assert zh_to_int(text) == expected


# --------------------------------------------------------------------------- ordinal_to_int

ORDINALS: list[tuple[str, str, int | None]] = [
    ("fifty-fourth", "en", 54), ("Seventy-fifth", "en", 75), ("eleventh", "en", 11),
    ("eightieth", "en", 80), ("twenty-first", "en", 21), ("one hundredth", "en", 100),
    ("one hundred and first", "en", 101), ("FIRST", "en", 1), ("Tenth", "en", 10),
    ("fifty fourth", "en", 54), ("80th", "en", 80), ("1st", "en", 1), ("22nd", "en", 22),
    ("cinquante-quatrième", "fr", 54), ("Cinquante-quatrième", "fr", 54),
    ("soixante-quinzième", "fr", 75), ("quatre-vingtième", "fr", 80), ("onzième", "fr", 11),
    ("premier", "fr", 1), ("première", "fr", 1), ("vingt et unième", "fr", 21),
    ("soixante et onzième", "fr", 71), ("quatre-vingt-dixième", "fr", 90),
    ("soixante-dix-neuvième", "fr", 79), ("cinquante\u2011septième", "fr", 57),
    ("cinquante-quatrieme", "fr", 54), ("80e", "fr", 80),
    ("quincuagésimo cuarto", "es", 54), ("Quincuagésimo cuarto", "es", 54),
    ("septuagésimo quinto", "es", 75), ("undécimo", "es", 11), ("decimoprimero", "es", 11),
    ("décimo primero", "es", 11), ("septuagésima quinta", "es", 75), ("primer", "es", 1),
    ("trigésimo cuarto", "es", 34), ("80º", "es", 80),
    ("пятьдесят четвертая", "ru", 54), ("пятьдесят четвёртой", "ru", 54),
    ("Пятьдесят четвертая", "ru", 54), ("семьдесят пятая", "ru", 75),
    ("одиннадцатая", "ru", 11), ("тридцать четвертой", "ru", 34), ("третья", "ru", 3),
    ("семьдесят шестой", "ru", 76), ("восьмидесятая", "ru", 80),
    ("الثامنة والسبعون", "ar", 78), ("الخامسة والسبعين", "ar", 75),
    ("الحادية عشرة", "ar", 11), ("الرابعة والخمسون", "ar", 54), ("الثمانون", "ar", 80),
    ("الأولى", "ar", 1), ("العاشرة", "ar", 10), ("الرابعة والثلاثون", "ar", 34),
    ("الحادية والثمانون", "ar", 81),
    ("第五十三", "zh", 53), ("七十五", "zh", 75),
    # not ordinals
    ("fifty", "en", None), ("fifty-four", "en", None), ("the", "en", None), ("", "en", None),
    ("session", "en", None), ("80", "en", None), ("fourth-fifty", "en", None),
    ("four-fiftieth", "en", None), ("fifty-fifty-first", "en", None),
    ("cinquante", "fr", None), ("cuarto período", "es", None), ("пятьдесят", "ru", None),
    ("сессия", "ru", None), ("عشرة", "ar", None), ("الدورة", "ar", None),
    ("سبعون", "ar", None), ("fifty-fourth", "de", None),
]  # fmt: skip


@pytest.mark.parametrize(("text", "lang", "expected"), ORDINALS)
def test_ordinal_to_int(text: str, lang: str, expected: int | None) -> None:
    assert ordinal_to_int(text, lang) == expected


# --------------------------------------------------------------------------- find_sessions

SESSIONS: list[tuple[str, str | None, list[tuple[int, str]]]] = [
    ("第十一届紧急特别会议", "zh", [(11, "emergency_special")]),
    ("第五十三届会议", "zh", [(53, "regular")]),
    ("第 53 届会议", "zh", [(53, "regular")]),
    ("第５３届会议", "zh", [(53, "regular")]),
    ("第三十四届特别会议", "zh", [(34, "special")]),
    ("第七十六年", "zh", [(76, "year")]),
    ("第七十五届会议  第七十六年", "zh", [(75, "regular"), (76, "year")]),
    ("在理事会第四十八届至第五十三届会议上", "zh", [(48, "regular"), (53, "regular")]),
    ("第十八届不结盟运动国家元首和政府首脑会议", "zh", []),
    ("欧安组织第 17 届部长级理事会", "zh", []),
    ("20世纪70年代", "zh", []),
    ("Fifty-fourth session", "en", [(54, "regular")]),
    ("eleventh emergency special session", "en", [(11, "emergency_special")]),
    ("its tenth emergency special session", "en", [(10, "emergency_special")]),
    ("thirty-fourth special session", "en", [(34, "special")]),
    ("Tenth Special Session of the General Assembly", "en", [(10, "special")]),
    ("Seventy-sixth year", "en", [(76, "year")]),
    ("80th session", "en", [(80, "regular")]),
    ("at its fifty-seventh and fifty-eighth sessions", "en",
     [(57, "regular"), (58, "regular")]),
    ("in the first year of the programme", "en", []),
    ("a session of fifty-fourth", "en", []),
    ("Cinquante-quatrième session", "fr", [(54, "regular")]),
    ("onzième session extraordinaire d’urgence", "fr", [(11, "emergency_special")]),
    ("dixième session extraordinaire", "fr", [(10, "special")]),
    ("Soixante-seizième année", "fr", [(76, "year")]),
    ("Quincuagésimo cuarto período de sesiones", "es", [(54, "regular")]),
    ("undécimo período extraordinario de sesiones de emergencia", "es",
     [(11, "emergency_special")]),
    ("trigésimo cuarto período extraordinario de sesiones", "es", [(34, "special")]),
    ("Septuagésimo sexto año", "es", [(76, "year")]),
    ("Пятьдесят четвертая сессия", "ru", [(54, "regular")]),
    ("на своей пятьдесят четвёртой сессии", "ru", [(54, "regular")]),
    ("одиннадцатая чрезвычайная специальная сессия", "ru", [(11, "emergency_special")]),
    ("тридцать четвертая специальная сессия", "ru", [(34, "special")]),
    ("Семьдесят шестой год", "ru", [(76, "year")]),
    ("الدورة الثامنة والسبعون", "ar", [(78, "regular")]),
    ("الدورة الاستثنائية الطارئة الحادية عشرة", "ar", [(11, "emergency_special")]),
    ("الدورة الاستثنائية الرابعة والثلاثون", "ar", [(34, "special")]),
    ("لدورتها التاسعة والسبعين، البند", "ar", [(79, "regular")]),
    ("السنة السادسة والسبعون", "ar", [(76, "year")]),
    # all languages at once
    ("第五十三届会议 / Fifty-third session / الدورة الثالثة والخمسون", None,
     [(53, "regular"), (53, "regular"), (53, "regular")]),
]  # fmt: skip


@pytest.mark.parametrize(("text", "lang", "expected"), SESSIONS)
def test_find_sessions(text: str, lang: str | None, expected: list[tuple[int, str]]) -> None:
    found = find_sessions(text, lang)
    assert [(r.number, r.kind) for r in found] == expected
    assert [(r.number, r.kind) for r in find_sessions(text)] == expected


def test_session_offsets() -> None:
    text = "大会第十一届紧急特别会议 2022 年"
    (ref,) = find_sessions(text)
    assert ref == SessionRef(11, "emergency_special", 2, 12)
    assert text[ref.start : ref.end] == "第十一届紧急特别会议"
    text = "Seventy-fifth session\nSeventy-sixth year"
    assert [text[r.start : r.end] for r in find_sessions(text, "en")] == [
        "Seventy-fifth session",
        "Seventy-sixth year",
    ]


def _cover(name: str, n: int = 12) -> str:
    return "\n".join((DEV / name).read_text("utf-8").splitlines()[:n])


@pytest.mark.parametrize("row", TRUTH, ids=lambda r: r["file"])
def test_dev_cover_session(row: dict[str, Any]) -> None:
    """GA/HRC covers print the session of the symbol; SC covers print none."""
    sym = parse_symbol(row["symbol"])
    assert sym is not None
    found = find_sessions(_cover(row["file"]), row["lang"])
    if row["body"] == "SC":
        assert found == []
    else:
        assert [(r.number, r.kind) for r in found[:1]] == [(sym.session, "regular")]


SEED_SESSIONS: dict[str, list[tuple[int, str]]] = {
    "000_151683289b9cb0c2.txt": [
        (11, "emergency_special"), (11, "emergency_special"), (11, "emergency_special"),
        (11, "emergency_special"), (77, "regular"), (11, "emergency_special"),
    ],
    "001_c316506c3c2794f5.txt": [
        (53, "regular"), (11, "emergency_special"), (48, "regular"), (53, "regular"),
        (59, "regular"),
    ],
    "002_bd17d103bf40d524.txt": [],
    "003_dac56ef26cf31a19.txt": [(75, "regular"), (76, "year"), (75, "regular"), (74, "regular")],
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(SEED_SESSIONS))
def test_seed_sessions(name: str) -> None:
    text = (SEEDS / name).read_text("utf-8")
    found = find_sessions(text, "zh")
    assert [(r.number, r.kind) for r in found] == SEED_SESSIONS[name]
    assert find_sessions(text) == found
    for ref in found:
        assert text[ref.start] == "第"


# --------------------------------------------------------------------------- agenda items

AGENDA: list[tuple[str, str | None, list[list[str]]]] = [
    ("议程项目 5", "zh", [["5"]]),
    ("议程项目5", "zh", [["5"]]),
    ("议程项目 34、71 和 135", "zh", [["34", "71", "135"]]),
    ("议程项目75(c)", "zh", [["75 (c)"]]),
    ("议程项目 75 (c)", "zh", [["75 (c)"]]),
    ("议程项目７５（ｃ）", "zh", [["75 (c)"]]),
    ("议程项目98(gg)", "zh", [["98 (gg)"]]),
    ("大会第七十五届会议议程项目 34、71 和 135 以及安全理事会的文件", "zh",
     [["34", "71", "135"]]),
    ("Agenda item 2", "en", [["2"]]),
    ("Agenda items 34, 71 and 135", "en", [["34", "71", "135"]]),
    ("Agenda items 34, 71, and 135", "en", [["34", "71", "135"]]),
    ("Agenda item 75 (c)", "en", [["75 (c)"]]),
    ("under agenda item 98 (gg), entitled", "en", [["98 (gg)"]]),
    ("Point 2 de l’ordre du jour", "fr", [["2"]]),
    ("Points 34, 71 et 135 de l’ordre du jour", "fr", [["34", "71", "135"]]),
    ("Point 75 c) de l'ordre du jour", "fr", [["75 (c)"]]),
    ("Tema 2 del programa", "es", [["2"]]),
    ("Temas 34, 71 y 135 del programa", "es", [["34", "71", "135"]]),
    ("Пункт 2 повестки дня", "ru", [["2"]]),
    ("Пункты 34, 71 и 135 повестки дня", "ru", [["34", "71", "135"]]),
    ("البند 75 (ج) من جدول الأعمال", "ar", [["75 (c)"]]),
    ("البند 5 من جدول الأعمال", "ar", [["5"]]),
    ("البنود 34 و 71 و 135 من جدول الأعمال", "ar", [["34", "71", "135"]]),
    ("البند 98 (هـ) من جدول الأعمال", "ar", [["98 (e)"]]),
    ("البند 73 (أ) من جدول الأعمال", "ar", [["73 (a)"]]),
    # not agenda items
    ("item 5 of the list", "en", []),
    ("Point 2 of the agenda", "fr", []),
    ("项目 5", "zh", []),
]  # fmt: skip


@pytest.mark.parametrize(("text", "lang", "expected"), AGENDA)
def test_find_agenda_items(text: str, lang: str | None, expected: list[list[str]]) -> None:
    found = find_agenda_items(text, lang)
    assert [items for items, _, _ in found] == expected
    assert [items for items, _, _ in find_agenda_items(text)] == expected


def test_agenda_item_spans() -> None:
    text = "大会第十一届紧急特别会议议程项目 5 的文件"
    ((items, start, end),) = find_agenda_items(text)
    assert (items, text[start:end]) == (["5"], "议程项目 5")
    text = "البند 75 (ج) من جدول الأعمال"
    ((items, start, end),) = find_agenda_items(text, "ar")
    assert (start, end) == (0, len(text))


DEV_AGENDA: dict[str, list[str]] = {
    "A/HRC/RES/54/12": ["3"], "A/HRC/RES/54/18": ["3"], "A/HRC/RES/54/2": ["2"],
    "A/HRC/RES/55/22": ["4"], "A/HRC/RES/56/17": ["2"], "A/HRC/RES/57/25": ["9"],
    "A/HRC/RES/58/17": ["4"], "A/HRC/RES/58/3": ["3"], "A/HRC/RES/59/7": ["3"],
    "A/RES/74/62": ["98 (gg)"], "A/RES/75/284": ["10"], "A/RES/76/151": ["73"],
    "A/RES/77/104": ["77"], "A/RES/78/272": ["75 (c)"], "A/RES/79/81": ["35"],
}  # fmt: skip


@pytest.mark.parametrize("row", TRUTH, ids=lambda r: r["file"])
def test_dev_cover_agenda_item(row: dict[str, Any]) -> None:
    found = find_agenda_items(_cover(row["file"]), row["lang"])
    assert [items for items, _, _ in found] == (
        [DEV_AGENDA[row["symbol"]]] if row["symbol"] in DEV_AGENDA else []
    )


SEED_AGENDA: dict[str, list[list[str]]] = {
    "000_151683289b9cb0c2.txt": [["5"], ["5"]],
    "001_c316506c3c2794f5.txt": [["10"]],
    "002_bd17d103bf40d524.txt": [],
    "003_dac56ef26cf31a19.txt": [["34", "71", "135"], ["34", "71", "135"]],
}


@pytest.mark.parametrize("name", sorted(SEED_AGENDA))
def test_seed_agenda_items(name: str) -> None:
    text = (SEEDS / name).read_text("utf-8")
    assert [items for items, _, _ in find_agenda_items(text, "zh")] == SEED_AGENDA[name]


# --------------------------------------------------------------------------- properties

_FRAGMENTS = [
    "第", "届", "会议", "紧急特别", "特别", "年", "五十三", "十一", "七十六", "53", "５３",
    " ", "\n", "session", "special ", "emergency ", "Fifty-fourth ", "eleventh ", "year",
    "sessions", " and ", "onzième ", "session extraordinaire", "d’urgence",
    "período de sesiones", "Пятьдесят четвертая ", "сессия", "الدورة ", "الثامنة ",
    "والسبعون", "الحادية عشرة", "议程项目", "Agenda item ", "34", "、", "和", "(c)",
    ", ", "de l’ordre du jour", "Point ", "البند ", "(ج)", " من جدول الأعمال",
]  # fmt: skip
_NOISY_TEXT = st.lists(
    st.one_of(st.sampled_from(_FRAGMENTS), st.text(max_size=3)), max_size=20
).map("".join)


@settings(max_examples=300, deadline=None)
@given(_NOISY_TEXT, st.sampled_from([None, "zh", "en", "fr", "es", "ru", "ar"]))
def test_sessions_and_items_offsets(text: str, lang: str | None) -> None:
    last = 0
    for ref in find_sessions(text, lang):
        assert last <= ref.start < ref.end <= len(text)
        last = ref.end
        assert ref.number > 0
        assert ref.kind in {"regular", "special", "emergency_special", "year"}
        again = find_sessions(text[ref.start : ref.end], lang)
        if again:
            assert [(r.number, r.kind) for r in again] == [(ref.number, ref.kind)]
        else:  # a list member ("第四十八届至…", "fifty-seventh and …") needs what follows
            first = find_sessions(text[ref.start :], lang)[0]
            assert (first.number, first.kind, first.start, first.end) == (
                ref.number, ref.kind, 0, ref.end - ref.start,
            )  # fmt: skip
    last = 0
    for items, start, end in find_agenda_items(text, lang):
        assert last <= start < end <= len(text)
        last = end
        assert items and find_agenda_items(text[start:end], lang)[0][0] == items


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40), st.sampled_from(["zh", "en", "fr", "es", "ru", "ar", "xx"]))
def test_numeral_functions_never_raise(text: str, lang: str) -> None:
    zh_to_int(text)
    ordinal_to_int(text, lang)
    find_sessions(text, lang)
    find_agenda_items(text, lang)
