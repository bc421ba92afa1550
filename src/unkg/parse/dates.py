"""Full calendar dates in the six UN languages, with offsets into the original text.

Forms read (``lang`` code in brackets):

- [zh] ``2022 年 11 月 7 日`` / ``2022年11月7日`` (spaces and PDF line breaks between the
  parts allowed), full-width digits, Chinese numerals ``二〇二二年十一月七日``; ranges
  ``2023年6月19日至7月14日`` and ``2009 年 12 月 1 日至 2 日`` (the second date inherits
  year and, if absent, month); the XML rendering ``11 九月–13 十月 2023``.
- [en] ``7 November 2022``, ``6th February 2023``, ``November 7, 2022``; ranges
  ``11 September–13 October 2023``, ``31 August to 4 September 2026``, ``1–3 March 2023``,
  ``September 11–13, 2023``.
- [fr] ``12 octobre 2023``, ``1er mars 2022``; ranges with ``–`` or ``au``.
- [es] ``7 de noviembre de 2022``; ranges with ``–``, ``a`` or ``al``.
- [ru] ``7 ноября 2022 года`` (``года``/``г.`` inside the span); ranges with ``–``/``по``.
- [ar] ``24 نيسان/أبريل 2024``: Levantine and/or Gregorian month name, Western or
  Arabic-Indic digits; ranges with ``–`` or ``إلى``.

A date without a year (``6 月 2 日``, ``15 January``) is not a full date and is not
returned, except as the first or second member of a range whose year is printed once.
Such a member's span covers only its own day/month tokens, so it does not re-parse
alone with :func:`parse_date`. Impossible dates (31 February) are skipped.

>>> [(d.isoformat(), s, e) for d, s, e in find_dates("2023年6月19日至7月14日")]
[('2023-06-19', 0, 10), ('2023-07-14', 11, 16)]
>>> parse_date("24 نيسان/أبريل 2024")
datetime.date(2024, 4, 24)
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from unkg.parse.numerals import fold_text, norm_lang, zh_to_int

__all__ = ["find_dates", "parse_date"]

def _alt(words: Iterable[str]) -> str:
    return "|".join(sorted(set(words), key=len, reverse=True))


def _fold_latin(word: str) -> str:
    decomposed = unicodedata.normalize("NFD", word.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


_AR_DIACRITICS = re.compile("[\u064b-\u065f\u0670\u0640]")
_AR_LETTER_FOLD = str.maketrans("أإآىة", "ااايه")


def _fold_ar(word: str) -> str:
    return " ".join(_AR_DIACRITICS.sub("", word).translate(_AR_LETTER_FOLD).split())


_EN_MONTHS = [
    "january", "february", "march", "april", "may", "june", "july", "august",
    "september", "october", "november", "december",
]  # fmt: skip
_FR_MONTHS = [
    "janvier", "fevrier", "mars", "avril", "mai", "juin", "juillet", "aout", "septembre",
    "octobre", "novembre", "decembre",
]  # fmt: skip
_ES_MONTHS = [
    "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
    "septiembre", "octubre", "noviembre", "diciembre",
]  # fmt: skip
_RU_MONTHS = [
    "января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября",
    "октября", "ноября", "декабря",
]  # fmt: skip
_ZH_MONTHS = ["一月", "二月", "三月", "四月", "五月", "六月", "七月", "八月", "九月", "十月",
              "十一月", "十二月"]  # fmt: skip
_AR_LEVANTINE = [
    "كانون الثاني", "شباط", "اذار", "نيسان", "ايار", "حزيران", "تموز", "اب", "ايلول",
    "تشرين الاول", "تشرين الثاني", "كانون الاول",
]  # fmt: skip
_AR_GREGORIAN: dict[str, int] = {
    "يناير": 1, "فبراير": 2, "مارس": 3, "ابريل": 4, "مايو": 5, "يونيه": 6, "يونيو": 6,
    "يوليه": 7, "يوليو": 7, "اغسطس": 8, "سبتمبر": 9, "اكتوبر": 10, "نوفمبر": 11,
    "ديسمبر": 12,
}  # fmt: skip

_MONTHS: dict[str, dict[str, int]] = {
    "en": {m: i + 1 for i, m in enumerate(_EN_MONTHS)},
    "fr": {m: i + 1 for i, m in enumerate(_FR_MONTHS)},
    "es": {m: i + 1 for i, m in enumerate(_ES_MONTHS)} | {"setiembre": 9},
    "ru": {m: i + 1 for i, m in enumerate(_RU_MONTHS)},
    "zh": {m: i + 1 for i, m in enumerate(_ZH_MONTHS)},
    "ar": {_fold_ar(m): i + 1 for i, m in enumerate(_AR_LEVANTINE)} | _AR_GREGORIAN,
}


def _accent_re(word: str) -> str:
    """Regex for a folded French/Spanish month that also accepts the accented spelling."""
    repl = {"e": "[eéè]", "u": "[uû]", "a": "[aà]"}
    return "".join(repl.get(c, re.escape(c)) for c in word)


def _ar_re(word: str) -> str:
    """Regex for a folded Arabic month name accepting hamza/ta marbuta/space variants."""
    out = []
    for c in word:
        if c == "ا":
            out.append("[اأإآ]")
        elif c == "ه":
            out.append("[هة]")
        elif c == "ي":
            out.append("[يى]")
        elif c == " ":
            out.append(r"\s+")
        else:
            out.append(c)
    return "".join(out)


def _longest_first(words: Iterable[str]) -> list[str]:
    return sorted(set(words), key=len, reverse=True)


_AR_LEV_RE = "|".join(_ar_re(m) for m in _longest_first(map(_fold_ar, _AR_LEVANTINE)))
_AR_GREG_RE = "|".join(_ar_re(m) for m in _longest_first(_AR_GREGORIAN))
_FR_MON_RE = "|".join(_accent_re(m) for m in _longest_first(_FR_MONTHS))

_MON_RE: dict[str, str] = {
    "en": rf"(?:{_alt(_EN_MONTHS)})(?![a-z])",
    "fr": rf"(?:{_FR_MON_RE})(?![a-zéû])",
    "es": rf"(?:{_alt([*_ES_MONTHS, 'setiembre'])})(?![a-z])",
    "ru": rf"(?:{_alt(_RU_MONTHS)})(?![а-яё])",
    "zh": _alt(_ZH_MONTHS),
    "ar": rf"(?:(?:{_AR_LEV_RE})(?:\s*/\s*(?:{_AR_GREG_RE}))?|{_AR_GREG_RE})(?![\u0621-\u064a])",
}

_Y = r"(?P<y>\d{4})(?![0-9])"
_D_EN = r"(?<![0-9])\d{1,2}(?:st|nd|rd|th)?(?![0-9A-Za-z])"
_D_FR = r"(?<![0-9])(?:1er|1ᵉʳ|1re|\d{1,2})(?![0-9A-Za-z])"
_D_ES = r"(?<![0-9])\d{1,2}(?:\.?º|°)?(?![0-9A-Za-z])"
_D = r"(?<![0-9])\d{1,2}(?![0-9])"


def _g(name: str, body: str) -> str:
    return f"(?P<{name}>{body})"


def _range(day: str, mon: str, sep: str, mid: str = r"\s+", before_year: str = r"\s+") -> str:
    """``d1 [m1] SEP d2 m2 y`` with the language's joiners."""
    return (
        _g("d1", day) + rf"(?:{mid}" + _g("m1", mon) + rf")?(?:{sep})"
        + _g("d2", day) + mid + _g("m2", mon) + before_year + _Y
    )  # fmt: skip


def _single(day: str, mon: str, mid: str = r"\s+", before_year: str = r"\s+") -> str:
    return _g("d", day) + mid + _g("m", mon) + before_year + _Y


_EN_SEP = r"\s*[–—-]\s*|\s+(?:to|through|until|till)\s+"
_ZN = r"(?:\d{1,2}|[〇零一二三四五六七八九十]{1,3})"
_ZY = r"(?:\d{4}|[〇零○一二三四五六七八九]{4})"
_WS = r"\s{0,6}"


_EN_MDY_RANGE = (
    _g("m1", _MON_RE["en"]) + r"\s+" + _g("d1", _D_EN) + rf"(?:{_EN_SEP})"
    + r"(?:" + _g("m2", _MON_RE["en"]) + r"\s+)?" + _g("d2", _D_EN) + r",?\s+" + _Y
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class _Pattern:
    lang: str
    regex: re.Pattern[str]
    # A literal every match contains; ``None`` means the pattern needs a four-digit year
    # (``_Y``) and a month name of ``lang`` instead. See :func:`find_dates`.
    anchor: str | None = None


_PATTERNS: tuple[_Pattern, ...] = (
    _Pattern(
        "zh",
        re.compile(
            rf"(?<![0-9〇零○一二三四五六七八九十])(?P<y>{_ZY}){_WS}年{_WS}(?P<m>{_ZN}){_WS}月"
            rf"{_WS}(?P<d>{_ZN}){_WS}(?P<e1>日)"
            rf"(?:{_WS}(?:至|到|—|–|-|～|~){_WS}(?:(?P<m2>{_ZN}){_WS}月{_WS})?"
            rf"(?P<d2>{_ZN}){_WS}日)?"
        ),
        anchor="年",
    ),
    _Pattern("zh", re.compile(_range(_D, _MON_RE["zh"], r"\s*[–—-]\s*", r"\s*", r"\s*"))),
    _Pattern("zh", re.compile(_single(_D, _MON_RE["zh"], r"\s*", r"\s*"))),
    _Pattern("en", re.compile(_range(_D_EN, _MON_RE["en"], _EN_SEP, before_year=r",?\s+"), re.I)),
    _Pattern("en", re.compile(_EN_MDY_RANGE, re.I)),
    _Pattern("en", re.compile(_single(_D_EN, _MON_RE["en"], before_year=r",?\s+"), re.I)),
    _Pattern(
        "en",
        re.compile(_g("m", _MON_RE["en"]) + r"\s+" + _g("d", _D_EN) + r",?\s+" + _Y, re.I),
    ),
    _Pattern("fr", re.compile(_range(_D_FR, _MON_RE["fr"], r"\s*[–—-]\s*|\s+(?:au|à)\s+"), re.I)),
    _Pattern("fr", re.compile(_single(_D_FR, _MON_RE["fr"]), re.I)),
    _Pattern(
        "es",
        re.compile(
            _range(_D_ES, _MON_RE["es"], r"\s*[–—-]\s*|\s+al?\s+", r"\s+de\s+", r"\s+del?\s+"),
            re.I,
        ),
    ),
    _Pattern("es", re.compile(_single(_D_ES, _MON_RE["es"], r"\s+de\s+", r"\s+del?\s+"), re.I)),
    _Pattern(
        "ru",
        re.compile(
            _range(_D, _MON_RE["ru"], r"\s*[–—-]\s*|\s+(?:по|до)\s+")
            + r"(?:\s*(?:года|г\.))?",
            re.I,
        ),
    ),
    _Pattern(
        "ru", re.compile(_single(_D, _MON_RE["ru"]) + r"(?:\s*(?:года|г\.))?", re.I)
    ),
    _Pattern(
        "ar", re.compile(_range(_D, _MON_RE["ar"], r"\s*[–—-]\s*|\s+(?:إلى|الى|حتى)\s+"))
    ),
    _Pattern("ar", re.compile(_single(_D, _MON_RE["ar"]))),
)

# Pre-checks for find_dates. Every pattern without an anchor contains ``_Y`` (so its
# matches contain four digits) and a ``_MON_RE[lang]`` group compiled with the same flags
# (so the month regex alone matches somewhere in the text too). A text that fails these
# searches has no match for that pattern, and skipping it cannot change the result.
_FOUR_DIGITS = re.compile(r"\d{4}")
_MONTH_GATE: dict[str, re.Pattern[str]] = {
    lang: re.compile(_MON_RE[lang], 0 if lang in ("zh", "ar") else re.I) for lang in _MON_RE
}
assert all(
    p.anchor is not None or (p.regex.flags & re.I) == (_MONTH_GATE[p.lang].flags & re.I)
    for p in _PATTERNS
)

_LEADING_INT = re.compile(r"\d+")


def _num(token: str) -> int | None:
    m = _LEADING_INT.match(token)
    return int(m.group(0)) if m else zh_to_int(token)


def _month(lang: str, token: str) -> int | None:
    if lang == "zh":
        return _MONTHS["zh"].get(token) or zh_to_int(token)
    if lang == "ar":
        months = {_MONTHS["ar"].get(_fold_ar(p)) for p in token.split("/")}
        return months.pop() if len(months) == 1 else None
    key = _fold_latin(token) if lang in ("en", "fr", "es") else token.lower().replace("ё", "е")
    return _MONTHS[lang].get(key)


def _date(y: int | None, m: int | None, d: int | None) -> dt.date | None:
    if y is None or m is None or d is None or not 1000 <= y <= 2999:
        return None
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _interpret(p: _Pattern, m: re.Match[str]) -> list[tuple[dt.date, int, int]]:
    gd = m.groupdict()
    out: list[tuple[dt.date | None, int, int]] = []
    year = _num(m.group("y"))
    if "e1" in gd:  # numeric Chinese with optional tail
        month = _num(m.group("m"))
        out.append((_date(year, month, _num(m.group("d"))), m.start(), m.end("e1")))
        if gd["d2"] is not None:
            month2 = _num(gd["m2"]) if gd["m2"] else month
            start2 = m.start("m2") if gd["m2"] else m.start("d2")
            out.append((_date(year, month2, _num(gd["d2"])), start2, m.end()))
    elif "d1" in gd:
        first = gd["m1"] or gd["m2"]
        second = gd["m2"] or gd["m1"]
        m1 = _month(p.lang, first) if first else None
        m2 = _month(p.lang, second) if second else None
        if gd["m1"] is not None and m.start("m1") < m.start("d1"):  # "September 11–13, 2023"
            s1, e1 = m.start("m1"), m.end("d1")
        else:
            s1, e1 = m.start("d1"), m.end("m1") if gd["m1"] else m.end("d1")
        out.append((_date(year, m1, _num(gd["d1"])), s1, e1))
        start2 = m.start("m2") if gd["m2"] and m.start("m2") < m.start("d2") else m.start("d2")
        out.append((_date(year, m2, _num(gd["d2"])), start2, m.end()))
    else:
        out.append((_date(year, _month(p.lang, gd["m"]), _num(gd["d"])), m.start(), m.end()))
    return [(d, s, e) for d, s, e in out if d is not None]


def find_dates(text: str, lang: str | None = None) -> list[tuple[dt.date, int, int]]:
    """All full dates in *text*: ``(date, start, end)`` sorted by position.

    *lang* restricts the search to one language's forms; ``None`` (or an unknown code)
    tries all six. Offsets index the original string (full-width and Arabic-Indic digits
    are folded one-for-one).

    >>> [d.isoformat() for d, _, _ in find_dates("11 September–13 October 2023")]
    ['2023-09-11', '2023-10-13']
    >>> [d.isoformat() for d, _, _ in find_dates("二〇二二年十一月七日；１９７０ 年 10 月 24 日")]
    ['2022-11-07', '1970-10-24']
    >>> find_dates("31 February 2023") + find_dates("6 月 2 日")
    []
    """
    t = fold_text(text)
    code = norm_lang(lang)
    has_year = _FOUR_DIGITS.search(t) is not None
    if not has_year and "年" not in t:
        return []  # no pattern can match (see _MONTH_GATE)
    has_month: dict[str, bool] = {}
    groups: list[tuple[int, int, list[tuple[dt.date, int, int]]]] = []
    for p in _PATTERNS:
        if code is not None and p.lang != code:
            continue
        if p.anchor is not None:
            if p.anchor not in t:
                continue
        else:
            if not has_year:
                continue
            if p.lang not in has_month:
                has_month[p.lang] = _MONTH_GATE[p.lang].search(t) is not None
            if not has_month[p.lang]:
                continue
        for m in p.regex.finditer(t):
            found = _interpret(p, m)
            if found:
                groups.append((m.start(), m.end(), found))
    groups.sort(key=lambda g: (g[0], -(g[1] - g[0])))
    out: list[tuple[dt.date, int, int]] = []
    last_end = -1
    for start, end, found in groups:
        if start < last_end:
            continue
        out.extend(found)
        last_end = end
    return out


def parse_date(text: str, lang: str | None = None) -> dt.date | None:
    """The date if *text* (stripped) is exactly one full date, else ``None``.

    >>> parse_date(" 2022 年 11 月 7 日 "), parse_date("1er mars 2022", "fr")
    (datetime.date(2022, 11, 7), datetime.date(2022, 3, 1))
    >>> parse_date("7 ноября 2022 года"), parse_date("7 de noviembre de 2022")
    (datetime.date(2022, 11, 7), datetime.date(2022, 11, 7))
    >>> parse_date("11 September–13 October 2023") is None
    True
    """
    t = text.strip()
    found = find_dates(t, lang)
    if len(found) == 1 and found[0][1] == 0 and found[0][2] == len(t):
        return found[0][0]
    return None
