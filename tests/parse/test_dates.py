"""Dates in six languages: find_dates and parse_date."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from unkg.parse.dates import find_dates, parse_date

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SEEDS = FIXTURES / "seeds"
DEV = FIXTURES / "dev"
TRUTH: list[dict[str, Any]] = [
    json.loads(line) for line in (DEV / "truth.jsonl").read_text("utf-8").splitlines() if line
]


def iso(found: list[tuple[dt.date, int, int]]) -> list[str]:
    return [d.isoformat() for d, _, _ in found]


# (text, lang, expected ISO dates in order)
CASES: list[tuple[str, str | None, list[str]]] = [
    # zh
    ("2022 年 11 月 7 日", "zh", ["2022-11-07"]),
    ("2022年11月7日", "zh", ["2022-11-07"]),
    ("２０２２年１１月７日", "zh", ["2022-11-07"]),
    ("２０２２ 年 １１ 月 ７ 日", "zh", ["2022-11-07"]),
    ("二〇二二年十一月七日", "zh", ["2022-11-07"]),
    ("二零二三年六月十九日", "zh", ["2023-06-19"]),
    ("一九四五年十月二十四日", "zh", ["1945-10-24"]),
    ("人权理事会 2023年7月14日通过的决议", "zh", ["2023-07-14"]),
    ("2023年6月19日至7月14日", "zh", ["2023-06-19", "2023-07-14"]),
    ("2009 年 12 月 1 日至 2 日在雅典举行", "zh", ["2009-12-01", "2009-12-02"]),
    ("2023年6月19日至2024年1月5日", "zh", ["2023-06-19", "2024-01-05"]),
    ("大会 1970 年 10 月 24\n\n日第 2625 (XXV)号决议", "zh", ["1970-10-24"]),
    ("[2021 年 2 月\n\n14 日访问]", "zh", ["2021-02-14"]),
    ("11 九月–13 十月 2023", "zh", ["2023-09-11", "2023-10-13"]),
    ("26 二月–5 四月 2024", "zh", ["2024-02-26", "2024-04-05"]),
    ("11 十一月 2023", "zh", ["2023-11-11"]),
    ("公开辩论将于 6 月 2 日星期四上午 10 时举行", "zh", []),
    ("在 2023 年和 2024 年年底之前", "zh", []),
    ("2023 年 2 月 30 日", "zh", []),
    # en
    ("7 November 2022", "en", ["2022-11-07"]),
    ("November 7, 2022", "en", ["2022-11-07"]),
    ("the attacks of August 26, 2021, near", "en", ["2021-08-26"]),
    ("the devastating 6th February 2023 earthquakes", "en", ["2023-02-06"]),
    ("11 September–13 October 2023", "en", ["2023-09-11", "2023-10-13"]),
    ("31 August to 4 September 2026", "en", ["2026-08-31", "2026-09-04"]),
    ("1–3 March 2023", "en", ["2023-03-01", "2023-03-03"]),
    ("September 11–13, 2023", "en", ["2023-09-11", "2023-09-13"]),
    ("resolutions 63/71 of 2 December 2008 and 70/54 of 7 December 2015", "en",
     ["2008-12-02", "2015-12-07"]),
    ("…9639th meeting, on 30 May 2024", "en", ["2024-05-30"]),
    ("31 February 2023", "en", []),
    ("in December 2008", "en", []),
    ("on 15 January", "en", []),
    # fr
    ("12 octobre 2023", "fr", ["2023-10-12"]),
    ("1er mars 2022", "fr", ["2022-03-01"]),
    ("le 15 août 2023", "fr", ["2023-08-15"]),
    ("le 15 aout 2023", "fr", ["2023-08-15"]),
    ("11 septembre–13 octobre 2023", "fr", ["2023-09-11", "2023-10-13"]),
    ("du 31 août au 4 septembre 2026", "fr", ["2026-08-31", "2026-09-04"]),
    ("17 décembre 2024", "fr", ["2024-12-17"]),
    # es
    ("7 de noviembre de 2022", "es", ["2022-11-07"]),
    ("1º de marzo de 2022", "es", ["2022-03-01"]),
    ("11 de septiembre a 13 de octubre de 2023", "es", ["2023-09-11", "2023-10-13"]),
    ("del 31 de agosto al 4 de septiembre de 2026", "es", ["2026-08-31", "2026-09-04"]),
    # ru
    ("7 ноября 2022 года", "ru", ["2022-11-07"]),
    ("7 ноября 2022 г.", "ru", ["2022-11-07"]),
    ("11 сентября – 13 октября 2023 года", "ru", ["2023-09-11", "2023-10-13"]),
    ("с 31 августа по 4 сентября 2026 года", "ru", ["2026-08-31", "2026-09-04"]),
    # ar
    ("24 نيسان/أبريل 2024", "ar", ["2024-04-24"]),
    ("٢٤ نيسان/أبريل ٢٠٢٤", "ar", ["2024-04-24"]),
    ("24 نيسان 2024", "ar", ["2024-04-24"]),
    ("24 أبريل 2024", "ar", ["2024-04-24"]),
    ("24 كانون الأول/ديسمبر 2017", "ar", ["2017-12-24"]),
    ("20 أيلول/ سبتمبر 2023", "ar", ["2023-09-20"]),
    ("19 حزيران/يونيه 2015", "ar", ["2015-06-19"]),
    ("من 31 آب/أغسطس إلى 4 أيلول/سبتمبر 2026", "ar", ["2026-08-31", "2026-09-04"]),
    ("24 نيسان/مايو 2024", "ar", []),  # inconsistent double month name
    # lang=None tries all
    ("Distr.: General 13 October 2023 / 2023年10月11日 / 12 octobre 2023", None,
     ["2023-10-13", "2023-10-11", "2023-10-12"]),
    ("٢٤ نيسان/أبريل ٢٠٢٤ — 7 ноября 2022 года", None, ["2024-04-24", "2022-11-07"]),
]  # fmt: skip


@pytest.mark.parametrize(("text", "lang", "expected"), CASES)
def test_find_dates(text: str, lang: str | None, expected: list[str]) -> None:
    found = find_dates(text, lang)
    assert iso(found) == expected
    assert iso(find_dates(text)) == expected  # all languages at once finds the same


def test_find_dates_offsets_full_width() -> None:
    text = "于２０２２年１１月７日和 ٢٤ نيسان/أبريل ٢٠٢٤"
    found = find_dates(text)
    assert [(d.isoformat(), text[s:e]) for d, s, e in found] == [
        ("2022-11-07", "２０２２年１１月７日"),
        ("2024-04-24", "٢٤ نيسان/أبريل ٢٠٢٤"),
    ]


def test_range_member_spans() -> None:
    text = "2023年6月19日至7月14日"
    assert [(d.isoformat(), text[s:e]) for d, s, e in find_dates(text)] == [
        ("2023-06-19", "2023年6月19日"),
        ("2023-07-14", "7月14日"),
    ]
    text = "11 September–13 October 2023"
    assert [text[s:e] for _, s, e in find_dates(text)] == ["11 September", "13 October 2023"]


PARSE: list[tuple[str, str | None, dt.date | None]] = [
    (" 2022 年 11 月 7 日 ", None, dt.date(2022, 11, 7)),
    ("二〇二二年十一月七日", "zh", dt.date(2022, 11, 7)),
    ("7 November 2022", "en", dt.date(2022, 11, 7)),
    ("November 7, 2022", None, dt.date(2022, 11, 7)),
    ("1er mars 2022", "fr", dt.date(2022, 3, 1)),
    ("7 de noviembre de 2022", "es", dt.date(2022, 11, 7)),
    ("7 ноября 2022 года", "ru", dt.date(2022, 11, 7)),
    ("24 نيسان/أبريل 2024", "ar", dt.date(2024, 4, 24)),
    ("11 September–13 October 2023", None, None),
    ("on 7 November 2022", None, None),
    ("7 November 2022.", None, None),
    ("7 November", None, None),
    ("31 February 2023", None, None),
    ("", None, None),
    ("2022", None, None),
    ("7 November 2022", "fr", None),
]


@pytest.mark.parametrize(("text", "lang", "expected"), PARSE)
def test_parse_date(text: str, lang: str | None, expected: dt.date | None) -> None:
    assert parse_date(text, lang) == expected


# --------------------------------------------------------------------------- dev corpus

# en/fr/ar adoption lines; zh: "人权理事会2023年10月11日通过的决议", "2024年12月3日大会决议",
# "2021年8月30日安全理事会8848次会议通过" (not "[未经发交主要委员会而通过 (A/79/L.23)]")
_ADOPTION = re.compile(r"[Aa]dopted by|adoptée par|اتخذته|(?:通过(?:的决议)?|大会决议)$")


@pytest.mark.parametrize("row", [r for r in TRUTH if r["date"]], ids=lambda r: r["file"])
def test_dev_adoption_date(row: dict[str, Any]) -> None:
    """The cover's adoption line prints the adoption date of truth.jsonl."""
    lines = (DEV / row["file"]).read_text("utf-8").splitlines()[:16]
    line = next(ln for ln in lines if _ADOPTION.search(ln))
    found = find_dates(line, row["lang"])
    assert found, line
    assert found[-1][0].isoformat() == row["date"]


@pytest.mark.parametrize("row", TRUTH, ids=lambda r: r["file"])
def test_dev_issue_date_line(row: dict[str, Any]) -> None:
    """The line after ``Distr.`` is one date (English in zh/ar files, as printed)."""
    lines = (DEV / row["file"]).read_text("utf-8").splitlines()
    idx = next(i for i, ln in enumerate(lines) if ln.startswith("Distr"))
    issued = parse_date(lines[idx + 1])
    assert issued is not None
    if row["date"]:
        assert issued >= dt.date.fromisoformat(row["date"])
    else:  # SC drafts are issued on the day of the vote
        assert issued.isoformat() == row["vote_date"]


@pytest.mark.parametrize(
    "row", [r for r in TRUTH if r["body"] == "HRC"], ids=lambda r: r["file"]
)
def test_dev_hrc_session_dates(row: dict[str, Any]) -> None:
    """HRC covers print the session's dates as a range; adoption falls inside it."""
    lines = (DEV / row["file"]).read_text("utf-8").splitlines()[:12]
    ranges = [found for ln in lines if len(found := find_dates(ln, row["lang"])) == 2]
    assert len(ranges) == 1
    (first, _, _), (last, _, _) = ranges[0]
    assert first < dt.date.fromisoformat(row["date"]) <= last
    assert first.year == last.year


# --------------------------------------------------------------------------- seeds

SEED_DATES: dict[str, list[str]] = {
    "000_151683289b9cb0c2.txt": [
        "2014-02-28", "2022-11-07", "2022-10-22", "2022-11-07", "2022-02-27", "2022-03-02",
        "2022-03-24", "2022-10-12", "2022-03-16", "2005-12-16",
    ],
    "001_c316506c3c2794f5.txt": [
        "2023-06-19", "2023-07-14", "2023-07-14", "2014-06-27", "2015-07-03", "2016-07-01",
        "2017-06-23", "2019-07-12", "2021-07-13", "2022-03-04", "2023-04-04", "2022-05-12",
        "2014-03-27", "2016-12-19", "2017-12-19", "2018-12-22", "2019-12-18", "2020-12-15",
        "2021-12-16", "2022-12-15", "2022-03-02", "2023-07-14",
    ],
    "002_bd17d103bf40d524.txt": [
        "2022-05-24", "2022-05-24", "2022-06-02", "2019-03-11", "2017-01-10", "2022-05-27",
    ],
    "003_dac56ef26cf31a19.txt": [
        "2021-02-25", "2020-09-27", "2021-02-25", "2020-09-27", "2021-01-15", "2009-12-01",
        "2009-12-02", "1945-10-24", "1993-06-25", "1966-12-16", "2021-02-14", "2009-12-01",
        "2009-12-02", "2019-11-08", "1970-10-24", "1945-10-24", "1986-06-27", "1948-12-10",
        "2021-02-14", "1986-06-27", "2021-02-23",
    ],
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(SEED_DATES))
def test_seed_dates(name: str) -> None:
    text = (SEEDS / name).read_text("utf-8")
    assert iso(find_dates(text, "zh")) == SEED_DATES[name]
    assert iso(find_dates(text)) == SEED_DATES[name]


def test_seed_letter_dates() -> None:
    """The letter dates of EXPECTED.md are the first full date of each letter heading."""
    expected = {
        "000_151683289b9cb0c2.txt": ("危地马拉、荷兰和乌克兰常驻联合国代表给", "2022-11-07"),
        "002_bd17d103bf40d524.txt": ("阿尔巴尼亚常驻联合国代表给秘书长的信", "2022-05-24"),
        "003_dac56ef26cf31a19.txt": ("亚美尼亚常驻联合国代表给秘书长的信", "2021-02-25"),
    }
    for name, (marker, date) in expected.items():
        line = next(ln for ln in (SEEDS / name).read_text("utf-8").splitlines() if marker in ln)
        assert iso(find_dates(line)) == [date]
        assert parse_date(line[: line.index("日") + 1]) == dt.date.fromisoformat(date)


# --------------------------------------------------------------------------- properties

_FRAGMENTS = [
    "2022", "1970", "二〇二二", "年", "月", "日", "十一", "七", "11", "7", "31", "1",
    "２０２２", "１１", "٢٤", "٢٠٢٤", " ", "\n", "–", "-", " to ", "至", " au ", " de ",
    "November", "September", "février", "août", "1er", "noviembre", "ноября", "года",
    "نيسان/أبريل", "أيلول/ سبتمبر", "九月", "十月", ",", "th", "February",
    "7 November 2022", "11 September–13 October 2023", "2023年6月19日至7月14日",
    "11 九月–13 十月 2023", "24 نيسان/أبريل 2024",
]  # fmt: skip
_NOISY_TEXT = st.lists(
    st.one_of(st.sampled_from(_FRAGMENTS), st.text(max_size=3)), max_size=25
).map("".join)


@settings(max_examples=400, deadline=None)
@given(_NOISY_TEXT, st.sampled_from([None, "zh", "en", "fr", "es", "ru", "ar"]))
def test_find_dates_offsets_round_trip(text: str, lang: str | None) -> None:
    """Offsets slice back to the date; a range member needs its partner's text too."""
    found = find_dates(text, lang)
    last_end = 0
    for i, (date, start, end) in enumerate(found):
        assert last_end <= start < end <= len(text)
        last_end = end
        if parse_date(text[start:end], lang) == date:
            continue
        partners = [found[j] for j in (i - 1, i + 1) if 0 <= j < len(found)]
        assert any(
            date in [d for d, _, _ in find_dates(text[min(start, s):max(end, e)], lang)]
            for _, s, e in partners
        ), (text, date, text[start:end])


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60), st.sampled_from([None, "zh", "en", "xx"]))
def test_date_functions_never_raise(text: str, lang: str | None) -> None:
    find_dates(text, lang)
    parse_date(text, lang)
