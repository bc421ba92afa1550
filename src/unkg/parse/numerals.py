"""Numbers, ordinals, sessions and agenda items in the six UN languages.

Everything here is pure (no I/O). Functions that search running text return offsets
into the string they were given: the text is first passed through :func:`fold_text`,
which maps full-width forms, Arabic-Indic digits and odd spaces/hyphens one code point
to one code point, so the offsets found on the folded copy are valid in the original.

>>> zh_to_int("七十五")
75
>>> ordinal_to_int("fifty-fourth", "en")
54
>>> [(s.number, s.kind) for s in find_sessions("第十一届紧急特别会议")]
[(11, 'emergency_special')]
>>> find_agenda_items("议程项目 34、71 和 135")
[(['34', '71', '135'], 0, 16)]
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass

__all__ = [
    "LANGS",
    "ZH_NUM_CHARS",
    "SessionRef",
    "find_agenda_items",
    "find_sessions",
    "fold_text",
    "norm_lang",
    "ordinal_to_int",
    "zh_to_int",
]

#: The six official UN languages (ISO 639-1), the values every ``lang`` argument accepts.
LANGS: tuple[str, ...] = ("zh", "en", "fr", "es", "ru", "ar")

# --------------------------------------------------------------------------- folding

_FOLD: dict[int, str] = {cp: chr(cp - 0xFEE0) for cp in range(0xFF01, 0xFF5F)}
_FOLD.update({0x0660 + i: str(i) for i in range(10)})  # Arabic-Indic digits
_FOLD.update({0x06F0 + i: str(i) for i in range(10)})  # Extended Arabic-Indic digits
_FOLD.update(
    {
        0x3000: " ",  # ideographic space
        0x00A0: " ",  # no-break space
        0x202F: " ",  # narrow no-break space
        0x2007: " ",  # figure space
        0x2009: " ",  # thin space
        0x200A: " ",  # hair space
        0x2002: " ",
        0x2003: " ",
        0x2010: "-",  # hyphen
        0x2011: "-",  # non-breaking hyphen
        0x2212: "-",  # minus sign
        0x066B: ".",  # Arabic decimal separator
    }
)
assert min(_FOLD) >= 0x80  # fold_text returns ASCII text unchanged


def fold_text(text: str) -> str:
    """Fold full-width ASCII, Arabic-Indic digits and odd spaces/hyphens to ASCII.

    The result has exactly the same length as *text* (one code point for one), so
    offsets found in the folded string are offsets in the original. Unlike NFKC it
    leaves superscript footnote markers (``¹``) and CJK text alone.

    >>> fold_text("Ａ／７７／４（２０２２）")
    'A/77/4(2022)'
    >>> fold_text("٢٤ نيسان") == "24 نيسان"
    True
    >>> fold_text("A/77/4¹")
    'A/77/4¹'
    """
    if text.isascii():  # every folded code point is >= U+00A0
        return text
    return text.translate(_FOLD)


def _strip_accents(text: str) -> str:
    """Lower-case and remove Latin diacritics (``é`` → ``e``); keeps ``ё`` → ``е``."""
    decomposed = unicodedata.normalize("NFD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


# --------------------------------------------------------------------------- Chinese

_ZH_DIGITS: dict[str, int] = {
    "〇": 0, "零": 0, "○": 0, "洞": 0,
    "一": 1, "壹": 1, "幺": 1,
    "二": 2, "贰": 2, "貳": 2, "两": 2, "兩": 2,
    "三": 3, "叁": 3, "參": 3,
    "四": 4, "肆": 4,
    "五": 5, "伍": 5,
    "六": 6, "陆": 6, "陸": 6,
    "七": 7, "柒": 7,
    "八": 8, "捌": 8,
    "九": 9, "玖": 9,
}  # fmt: skip
_ZH_UNITS: dict[str, int] = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_ZH_BIG: dict[str, int] = {"万": 10_000, "萬": 10_000, "亿": 100_000_000, "億": 100_000_000}
_ZH_TOKEN = re.compile(r"[0-9]+|.", re.S)

#: Characters that can make up a Chinese numeral (used by the other modules' patterns).
ZH_NUM_CHARS = "〇零○一二三四五六七八九十百千两"


def zh_to_int(text: str) -> int | None:
    """Value of a Chinese numeral, or of a run of (full-width) digits; ``None`` otherwise.

    Both the positional form (``二〇二二``, used for years) and the unit form
    (``一百零三``) are read. Surrounding whitespace is ignored.

    >>> [zh_to_int(t) for t in ("五", "十一", "二十", "五十三", "一百零三", "两百")]
    [5, 11, 20, 53, 103, 200]
    >>> zh_to_int("二〇二二"), zh_to_int("〇"), zh_to_int("２０2２")
    (2022, 0, 2022)
    >>> zh_to_int("十五日") is None
    True
    """
    s = fold_text(text).strip()
    if not s:
        return None
    if s.isascii():
        return int(s) if s.isdigit() else None
    if all((c.isascii() and c.isdigit()) or c in _ZH_DIGITS for c in s):
        if any(c in "两兩" for c in s) and len(s) > 1:
            return None
        return int("".join(c if c.isascii() else str(_ZH_DIGITS[c]) for c in s))
    total = 0  # completed 万/亿 groups
    section = 0  # value below 万 so far
    pending: int | None = None  # digit waiting for its unit
    last_unit = 10**9
    for tok in _ZH_TOKEN.findall(s):
        if tok.isascii() and tok.isdigit():
            if pending is not None:
                return None
            pending = int(tok)
        elif tok in _ZH_DIGITS:
            d = _ZH_DIGITS[tok]
            if pending not in (None, 0) and d != 0:
                return None
            pending = d
        elif tok in _ZH_UNITS:
            unit = _ZH_UNITS[tok]
            if unit >= last_unit:
                return None
            section += (1 if pending is None else pending) * unit
            pending, last_unit = None, unit
        elif tok in _ZH_BIG:
            section += pending or 0
            if section == 0:
                return None
            total += section * _ZH_BIG[tok]
            section, pending, last_unit = 0, None, 10**9
        else:
            return None
    return total + section + (pending or 0)


# --------------------------------------------------------------------------- ordinals

_EN_CARD: dict[str, int] = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100,
}  # fmt: skip
_EN_ORD: dict[str, int] = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
    "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12,
    "thirteenth": 13, "fourteenth": 14, "fifteenth": 15, "sixteenth": 16,
    "seventeenth": 17, "eighteenth": 18, "nineteenth": 19, "twentieth": 20,
    "thirtieth": 30, "fortieth": 40, "fiftieth": 50, "sixtieth": 60, "seventieth": 70,
    "eightieth": 80, "ninetieth": 90, "hundredth": 100,
}  # fmt: skip
_EN_SKIP = frozenset({"and"})

_FR_CARD: dict[str, int] = {
    "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6,
    "sept": 7, "huit": 8, "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "treize": 13,
    "quatorze": 14, "quinze": 15, "seize": 16, "vingt": 20, "vingts": 20, "trente": 30,
    "quarante": 40, "cinquante": 50, "soixante": 60, "cent": 100, "cents": 100,
}  # fmt: skip
_FR_ORD: dict[str, int] = {
    "premier": 1, "premiere": 1, "unieme": 1, "deuxieme": 2, "second": 2, "seconde": 2,
    "troisieme": 3, "quatrieme": 4, "cinquieme": 5, "sixieme": 6, "septieme": 7,
    "huitieme": 8, "neuvieme": 9, "dixieme": 10, "onzieme": 11, "douzieme": 12,
    "treizieme": 13, "quatorzieme": 14, "quinzieme": 15, "seizieme": 16,
    "vingtieme": 20, "trentieme": 30, "quarantieme": 40, "cinquantieme": 50,
    "soixantieme": 60, "centieme": 100,
}  # fmt: skip
_FR_SKIP = frozenset({"et"})

_ES_UNIT: dict[str, int] = {
    "primero": 1, "primer": 1, "segundo": 2, "tercero": 3, "tercer": 3, "cuarto": 4,
    "quinto": 5, "sexto": 6, "septimo": 7, "setimo": 7, "octavo": 8, "noveno": 9,
    "nono": 9,
}  # fmt: skip
_ES_TENS: dict[str, int] = {
    "decimo": 10, "vigesimo": 20, "trigesimo": 30, "cuadragesimo": 40,
    "quincuagesimo": 50, "sexagesimo": 60, "septuagesimo": 70, "octogesimo": 80,
    "nonagesimo": 90, "centesimo": 100,
}  # fmt: skip
_ES_ORD: dict[str, int] = {**_ES_UNIT, **_ES_TENS, "undecimo": 11, "duodecimo": 12}

_RU_CARD: dict[str, int] = {
    "двадцать": 20, "тридцать": 30, "сорок": 40, "пятьдесят": 50, "шестьдесят": 60,
    "семьдесят": 70, "восемьдесят": 80, "девяносто": 90, "сто": 100,
}  # fmt: skip
_RU_STEMS: dict[str, int] = {
    "перв": 1, "втор": 2, "трет": 3, "четверт": 4, "пят": 5, "шест": 6, "седьм": 7,
    "восьм": 8, "девят": 9, "десят": 10, "одиннадцат": 11, "двенадцат": 12,
    "тринадцат": 13, "четырнадцат": 14, "пятнадцат": 15, "шестнадцат": 16,
    "семнадцат": 17, "восемнадцат": 18, "девятнадцат": 19, "двадцат": 20,
    "тридцат": 30, "сороков": 40, "пятидесят": 50, "шестидесят": 60,
    "семидесят": 70, "восьмидесят": 80, "девяност": 90, "сот": 100,
}  # fmt: skip
_RU_ENDINGS = (
    "ый|ий|ой|ая|яя|ое|ее|ого|его|ому|ему|ым|им|ом|ем|ую|юю|ые|ие|ых|их|ыми|ими|ей"
    "|ья|ье|ьей|ьего|ьему|ьим|ьем|ью|ьи|ьих|ьими"
)
_RU_ORD_WORD = re.compile(
    "(" + "|".join(sorted(_RU_STEMS, key=len, reverse=True)) + ")(" + _RU_ENDINGS + ")"
)

_AR_DIACRITICS = re.compile("[\u064b-\u065f\u0670\u0640]")
_AR_LETTER_FOLD = str.maketrans("أإآى", "اااي")
_AR_UNIT: dict[str, int] = {
    "اول": 1, "اولي": 1, "حادي": 1, "حادية": 1, "ثاني": 2, "ثانية": 2, "ثالث": 3,
    "ثالثة": 3, "رابع": 4, "رابعة": 4, "خامس": 5, "خامسة": 5, "سادس": 6, "سادسة": 6,
    "سابع": 7, "سابعة": 7, "ثامن": 8, "ثامنة": 8, "تاسع": 9, "تاسعة": 9, "عاشر": 10,
    "عاشرة": 10,
}  # fmt: skip
_AR_TENS: dict[str, int] = {
    "عشرون": 20, "عشرين": 20, "ثلاثون": 30, "ثلاثين": 30, "اربعون": 40, "اربعين": 40,
    "خمسون": 50, "خمسين": 50, "ستون": 60, "ستين": 60, "سبعون": 70, "سبعين": 70,
    "ثمانون": 80, "ثمانين": 80, "تسعون": 90, "تسعين": 90,
}  # fmt: skip
_AR_TEEN = frozenset({"عشر", "عشرة"})
_AR_HUNDRED = frozenset({"مائة", "مئة", "ماية"})
_AR_KNOWN = frozenset(_AR_UNIT) | frozenset(_AR_TENS) | _AR_TEEN | _AR_HUNDRED


def _ar_norm(word: str) -> str:
    """Arabic word without diacritics/tatweel, with hamzated alefs and alef maqsura folded."""
    return _AR_DIACRITICS.sub("", word).translate(_AR_LETTER_FOLD)


_DIGIT_ORD = {
    "en": re.compile(r"(\d{1,3})(?:st|nd|rd|th)", re.I),
    "fr": re.compile(r"(\d{1,3})(?:e|ème|eme|ᵉ|er|re|ère|ᵉʳ)", re.I),
    "es": re.compile(r"(\d{1,3})\.?\s?[ºª°oa]", re.I),
    "ru": re.compile(r"(\d{1,3})-?[а-я]{1,3}", re.I),
}
_WORD_SPLIT = re.compile(r"[\s\-‐‑–]+")


def _sum_words(
    words: list[str], card: dict[str, int], ords: dict[str, int], skip: frozenset[str]
) -> int | None:
    """Sum a cardinal prefix and a final ordinal word (``fifty`` + ``fourth``)."""
    words = [w for w in words if w and w not in skip]
    if not words or words[-1] not in ords:
        return None
    total = 0
    prev = ""
    last_added: int | None = None  # additive parts must decrease: fifty-four, not four-fifty
    for i, w in enumerate(words):
        last = i == len(words) - 1
        v = ords[w] if last else card.get(w)
        if v is None:
            return None
        if v == 100:
            if total >= 100:
                return None
            total, last_added = (total or 1) * 100, 100
        elif v == 20 and prev == "quatre":  # French quatre-vingt(s) = 80
            total, last_added = total + 80 - 4, 80
        else:
            if last_added is not None and v >= last_added and not (
                prev == "quatre" and v == 20
            ):
                return None
            total, last_added = total + v, v
        prev = w
    return total


def _es_words(words: list[str]) -> int | None:
    total = 0
    for w in words:
        if w.endswith("a") and w[:-1] + "o" in _ES_ORD:
            w = w[:-1] + "o"
        if w in _ES_ORD:
            total += _ES_ORD[w]
            continue
        for prefix, val in _ES_TENS.items():  # glued: decimoprimero, vigesimosegunda
            rest = w[len(prefix) :]
            if w.startswith(prefix) and rest:
                if rest.endswith("a") and rest[:-1] + "o" in _ES_UNIT:
                    rest = rest[:-1] + "o"
                if rest in _ES_UNIT:
                    total += val + _ES_UNIT[rest]
                    break
        else:
            return None
    return total or None


def _ru_words(words: list[str]) -> int | None:
    total = 0
    for i, w in enumerate(words):
        if i < len(words) - 1:
            if w not in _RU_CARD:
                return None
            total += _RU_CARD[w]
        else:
            m = _RU_ORD_WORD.fullmatch(w)
            if not m:
                return None
            total += _RU_STEMS[m.group(1)]
    return total


def _ar_words(words: list[str]) -> int | None:
    total = 0
    saw_ordinal = False
    prev_unit: int | None = None
    for raw in words:
        w = _ar_norm(raw)
        if w == "بعد":
            continue
        if w.removeprefix("ال") not in _AR_KNOWN and w[1:].removeprefix("ال") in _AR_KNOWN:
            if not w.startswith("و"):
                return None
            w = w[1:]
        definite = w.startswith("ال") and len(w) > 3
        if definite:
            w = w[2:]
        if w in _AR_UNIT:
            if prev_unit is not None:
                return None
            total += _AR_UNIT[w]
            prev_unit = _AR_UNIT[w]
            saw_ordinal = True
        elif w in _AR_TEEN:
            if prev_unit is None or prev_unit >= 10 or definite:
                return None
            total += 10
        elif w in _AR_TENS:
            total += _AR_TENS[w]
            saw_ordinal = saw_ordinal or definite
        elif w in _AR_HUNDRED:
            total += 100
            saw_ordinal = saw_ordinal or definite
        else:
            return None
    return total if saw_ordinal and total > 0 else None


def ordinal_to_int(text: str, lang: str) -> int | None:
    """Value of a spelled-out (or digit) ordinal in *lang*; ``None`` if not an ordinal.

    ``None`` too when *lang* is not one of :data:`LANGS` (see :func:`norm_lang`).

    Case, accents (fr/es) and ``ё``/``е`` (ru) do not matter. Feminine forms are read
    (French ``première``, Spanish ``quinta``, Russian ``пятая``, Arabic ``الخامسة``).

    >>> ordinal_to_int("Seventy-fifth", "en"), ordinal_to_int("one hundredth", "en")
    (75, 100)
    >>> ordinal_to_int("quatre-vingtième", "fr"), ordinal_to_int("soixante-quinzième", "fr")
    (80, 75)
    >>> ordinal_to_int("quincuagésimo cuarto", "es"), ordinal_to_int("decimoprimero", "es")
    (54, 11)
    >>> ordinal_to_int("пятьдесят четвёртой", "ru")
    54
    >>> ordinal_to_int("الثامنة والسبعون", "ar"), ordinal_to_int("الحادية عشرة", "ar")
    (78, 11)
    >>> ordinal_to_int("fifty", "en") is None
    True
    """
    code = norm_lang(lang)
    if code is None:
        return None
    lang = code
    s = fold_text(text).strip()
    if not s:
        return None
    if lang == "zh":
        return zh_to_int(s.removeprefix("第"))
    if s[0].isdigit():
        m = _DIGIT_ORD[lang].fullmatch(s) if lang != "ar" else None
        return int(m.group(1)) if m else None
    if lang == "ar":
        return _ar_words(s.split())
    words = _WORD_SPLIT.split(_strip_accents(s) if lang in ("fr", "es") else s.lower())
    if lang == "en":
        return _sum_words(words, _EN_CARD, _EN_ORD, _EN_SKIP)
    if lang == "fr":
        return _sum_words(words, _FR_CARD, _FR_ORD, _FR_SKIP)
    if lang == "es":
        return _es_words([w for w in words if w])
    return _ru_words([w.replace("ё", "е") for w in words if w])


# --------------------------------------------------------------------------- sessions


@dataclass(frozen=True, slots=True)
class SessionRef:
    """A session (or Security Council year) printed in text, with its offsets.

    ``kind`` is ``"regular"``, ``"special"``, ``"emergency_special"`` or ``"year"``
    (the Security Council counts years: ``第七十六年`` / ``Seventy-sixth year``).

    >>> SessionRef(53, "regular", 0, 8).kind
    'regular'
    """

    number: int
    kind: str
    start: int
    end: int


def _alt(words: Iterable[str]) -> str:
    return "|".join(sorted(set(words), key=len, reverse=True))


_ZN = rf"(?:[0-9]{{1,3}}|[{ZH_NUM_CHARS}]{{1,5}})"
_ZH_KIND = r"(紧急特别会议|特别会议|常会|会议)"
_ZH_SESSION = re.compile(rf"第\s*({_ZN})\s*届\s*{_ZH_KIND}")
_ZH_SESSION_LIST = re.compile(
    rf"第\s*({_ZN})\s*届(?=(?:\s*(?:至|到|和|、|及|与|以及|或)\s*第\s*{_ZN}\s*届)+\s*{_ZH_KIND})"
)
_ZH_YEAR = re.compile(rf"第\s*({_ZN})\s*年(?![代度初底中末份])")

_EN_ORD_RE = (
    rf"(?:\d{{1,3}}(?:st|nd|rd|th)|(?:(?:{_alt(_EN_CARD)})[\s\-]+(?:and\s+)?){{0,3}}"
    rf"(?:{_alt(_EN_ORD)}))"
)
_EN_SESSION = re.compile(
    rf"\b({_EN_ORD_RE})\s+(?:regular\s+)?((?:emergency\s+)?special\s+)?sessions?\b", re.I
)
_EN_SESSION_LIST = re.compile(
    rf"\b({_EN_ORD_RE})(?=(?:\s*,\s*|\s+(?:and|to|through)\s+|\s*,\s+and\s+){_EN_ORD_RE}"
    rf"(?:(?:\s*,\s*|\s+(?:and|to|through)\s+|\s*,\s+and\s+){_EN_ORD_RE})*"
    rf"\s+((?:emergency\s+)?special\s+)?sessions\b)",
    re.I,
)
_EN_YEAR = re.compile(rf"\b({_EN_ORD_RE})\s+year\b", re.I)

_FR_ORD_RE = (
    rf"(?:\d{{1,3}}(?:e|ème|ᵉ|er|re)|(?:(?:{_alt(_FR_CARD)})(?:[\s\-]+et)?[\s\-]+){{0,4}}"
    r"(?:[a-zàâçéèêëîïôûùüÿ]+i[eè]me|premi[eè]re?))"
)
_FR_SESSION = re.compile(
    rf"(?<![\w-])({_FR_ORD_RE})\s+sessions?(\s+extraordinaires?(\s+d['’]\s*urgence)?)?\b",
    re.I,
)
_FR_YEAR = re.compile(rf"(?<![\w-])({_FR_ORD_RE})\s+année\b", re.I)

_ES_UNIT_RE = r"(?:primer[oa]?|segund[oa]|tercer[oa]?|cuart[oa]|quint[oa]|sext[oa]|s[eé]p?tim[oa]|octav[oa]|noven[oa]|non[oa])"  # noqa: E501
_ES_TENS_RE = r"(?:d[eé]cim|vig[eé]sim|trig[eé]sim|cuadrag[eé]sim|quincuag[eé]sim|sexag[eé]sim|septuag[eé]sim|octog[eé]sim|nonag[eé]sim|cent[eé]sim)[oa]"  # noqa: E501
_ES_WORD = rf"(?:{_ES_TENS_RE}{_ES_UNIT_RE}|{_ES_TENS_RE}|und[eé]cim[oa]|duod[eé]cim[oa]|{_ES_UNIT_RE})"  # noqa: E501
_ES_ORD_RE = rf"(?:\d{{1,3}}\.?[ºª°]|{_ES_WORD}(?:[\s\-]+{_ES_WORD}){{0,2}})"
_ES_SESSION = re.compile(
    rf"(?<![\w-])({_ES_ORD_RE})\s+per[ií]odo\s+(extraordinario\s+)?de\s+sesiones"
    r"(\s+de\s+emergencia)?\b",
    re.I,
)
_ES_YEAR = re.compile(rf"(?<![\w-])({_ES_ORD_RE})\s+año\b", re.I)

_RU_ORD_RE = (
    rf"(?:\d{{1,3}}-?[а-я]{{0,3}}|(?:(?:{_alt(_RU_CARD)})\s+){{0,2}}"
    rf"(?:{_alt(_RU_STEMS).replace('е', '[её]')})(?:{_RU_ENDINGS}))"
)
_RU_SESSION = re.compile(
    rf"(?<![\w-])({_RU_ORD_RE})\s+(?:(чрезвычайн[а-я]*)\s+)?(?:(специальн[а-я]*)\s+)?"
    r"сесси[а-я]*",
    re.I,
)
_RU_YEAR = re.compile(rf"(?<![\w-])({_RU_ORD_RE})\s+год(?:а|у|ом)?\b", re.I)

_AR_NUM_WORDS = [
    "أول", "أولى", "اول", "اولى", "حادي", "حادية", "ثاني", "ثانية", "ثالث", "ثالثة",
    "رابع", "رابعة", "خامس", "خامسة", "سادس", "سادسة", "سابع", "سابعة", "ثامن",
    "ثامنة", "تاسع", "تاسعة", "عاشر", "عاشرة", "عشر", "عشرة", "عشرون", "عشرين",
    "ثلاثون", "ثلاثين", "أربعون", "أربعين", "اربعون", "اربعين", "خمسون", "خمسين",
    "ستون", "ستين", "سبعون", "سبعين", "ثمانون", "ثمانين", "تسعون", "تسعين", "مائة",
    "مئة", "بعد",
]  # fmt: skip
_AR_WORD = rf"(?:و?(?:ال)?(?:{_alt(_AR_NUM_WORDS)}))(?![\u0621-\u064a])"
_AR_ORD_RE = rf"(?:{_AR_WORD}(?:\s+{_AR_WORD}){{0,4}})"
_AR_SESSION = re.compile(
    r"(?<![\u0621-\u064a])[وفبل]{0,2}(?:ال)?دور(?:ة|تها|ته|تنا)"
    rf"(\s+(?:ال)?استثنائية)?(\s+(?:ال)?طارئة)?\s+({_AR_ORD_RE})"
)
_AR_YEAR = re.compile(rf"^[ \t]*((?:ال)?سنة)\s+({_AR_ORD_RE})", re.M)


def norm_lang(lang: str | None) -> str | None:
    """The ISO 639-1 code of *lang* among :data:`LANGS`, or ``None`` when unknown.

    Case and region subtags are ignored; UN's own ``ch`` (undocs.org) means Chinese.

    >>> norm_lang("zh-CN"), norm_lang("EN"), norm_lang("ch"), norm_lang("de")
    ('zh', 'en', 'zh', None)
    """
    if not lang:
        return None
    code = lang.strip().lower().replace("_", "-").split("-")[0]
    code = {"ch": "zh", "zho": "zh", "chi": "zh", "eng": "en", "fra": "fr", "fre": "fr",
            "spa": "es", "rus": "ru", "ara": "ar"}.get(code, code)  # fmt: skip
    return code if code in LANGS else None


def _check_lang(lang: str | None) -> tuple[str, ...]:
    """Languages to try: the one given, or all six when it is ``None`` or unknown."""
    code = norm_lang(lang)
    return LANGS if code is None else (code,)


def _ord_prefix(words_text: str, lang: str, offset: int) -> tuple[int, int] | None:
    """Read the longest leading run of *words_text* that is an ordinal: (value, end)."""
    tokens = list(re.finditer(r"\S+", words_text))
    for n in range(len(tokens), 0, -1):
        chunk = words_text[: tokens[n - 1].end()]
        v = ordinal_to_int(chunk, lang)
        if v is not None:
            return v, offset + tokens[n - 1].end()
    return None


def _zh_sessions(t: str) -> list[SessionRef]:
    out: list[SessionRef] = []
    kinds = {"紧急特别会议": "emergency_special", "特别会议": "special"}
    for m in _ZH_SESSION.finditer(t):
        n = zh_to_int(m.group(1))
        if n:
            out.append(SessionRef(n, kinds.get(m.group(2), "regular"), m.start(), m.end()))
    for m in _ZH_SESSION_LIST.finditer(t):
        n = zh_to_int(m.group(1))
        if n:
            out.append(SessionRef(n, kinds.get(m.group(2), "regular"), m.start(), m.end()))
    for m in _ZH_YEAR.finditer(t):
        n = zh_to_int(m.group(1))
        if n:
            out.append(SessionRef(n, "year", m.start(), m.end()))
    return out


def _kind(special: bool, emergency: bool) -> str:
    return "emergency_special" if emergency else "special" if special else "regular"


def _latin_sessions(t: str, lang: str) -> list[SessionRef]:
    out: list[SessionRef] = []
    session_re, year_re = {
        "en": (_EN_SESSION, _EN_YEAR),
        "fr": (_FR_SESSION, _FR_YEAR),
        "es": (_ES_SESSION, _ES_YEAR),
        "ru": (_RU_SESSION, _RU_YEAR),
    }[lang]
    for m in session_re.finditer(t):
        n = ordinal_to_int(m.group(1), lang)
        if not n:
            continue
        g2, g3 = m.group(2), m.group(3) if session_re.groups >= 3 else None
        if lang == "en":
            kind = _kind(bool(g2), bool(g2 and "emergency" in g2.lower()))
        elif lang == "fr" or lang == "es":
            kind = _kind(bool(g2), bool(g3))
        else:  # ru: чрезвычайная специальная сессия
            kind = _kind(bool(g2 or g3), bool(g2))
        out.append(SessionRef(n, kind, m.start(), m.end()))
    if lang == "en":
        for m in _EN_SESSION_LIST.finditer(t):
            n = ordinal_to_int(m.group(1), lang)
            if n:
                g2 = m.group(2)
                kind = _kind(bool(g2), bool(g2 and "emergency" in g2.lower()))
                out.append(SessionRef(n, kind, m.start(), m.end()))
    for m in year_re.finditer(t):
        # SC years are printed on cover pages, capitalised; lower case is ordinary prose
        if not m.group(1)[0].isupper():
            continue
        n = ordinal_to_int(m.group(1), lang)
        if n:
            out.append(SessionRef(n, "year", m.start(), m.end()))
    return out


def _ar_sessions(t: str) -> list[SessionRef]:
    out: list[SessionRef] = []
    for m in _AR_SESSION.finditer(t):
        got = _ord_prefix(m.group(3), "ar", m.start(3))
        if got:
            kind = _kind(bool(m.group(1)), bool(m.group(2)))
            out.append(SessionRef(got[0], kind, m.start(), got[1]))
    for m in _AR_YEAR.finditer(t):
        got = _ord_prefix(m.group(2), "ar", m.start(2))
        if got:
            out.append(SessionRef(got[0], "year", m.start(1), got[1]))
    return out


def _dedupe_spans(items: list[SessionRef]) -> list[SessionRef]:
    """Sort by start; among overlapping refs keep the earliest-starting, longest one."""
    out: list[SessionRef] = []
    for r in sorted(items, key=lambda r: (r.start, -(r.end - r.start))):
        if out and r.start < out[-1].end:
            continue
        out.append(r)
    return out


_SESSION_FINDERS: dict[str, Callable[[str], list[SessionRef]]] = {
    "zh": _zh_sessions,
    "en": lambda t: _latin_sessions(t, "en"),
    "fr": lambda t: _latin_sessions(t, "fr"),
    "es": lambda t: _latin_sessions(t, "es"),
    "ru": lambda t: _latin_sessions(t, "ru"),
    "ar": _ar_sessions,
}


def find_sessions(text: str, lang: str | None = None) -> list[SessionRef]:
    """All session references in *text* (all six languages when *lang* is ``None``/unknown).

    Offsets index the original string. A list such as ``seventy-fifth and
    seventy-sixth sessions`` / ``第四十八届至第五十三届会议`` gives one ref per number.
    ``year`` refs are the Security Council's (``第七十六年``, ``Seventy-sixth year``);
    outside Chinese they are only taken when capitalised (cover pages) or, in Arabic,
    at the start of a line.

    >>> [(s.number, s.kind) for s in find_sessions("第七十五届会议  第七十六年")]
    [(75, 'regular'), (76, 'year')]
    >>> [(s.number, s.kind) for s in find_sessions("its eleventh emergency special session")]
    [(11, 'emergency_special')]
    >>> [(s.number, s.kind) for s in find_sessions("الدورة الاستثنائية الطارئة الحادية عشرة")]
    [(11, 'emergency_special')]
    """
    t = fold_text(text)
    found: list[SessionRef] = []
    for lg in _check_lang(lang):
        found.extend(_SESSION_FINDERS[lg](t))
    return _dedupe_spans(found)


# --------------------------------------------------------------------------- agenda items

#: Arabic item letters in abjad order, as UN Arabic texts number sub-items.
_AR_LETTERS: dict[str, str] = {
    "ا": "a", "أ": "a", "ب": "b", "ج": "c", "د": "d", "ه": "e", "و": "f", "ز": "g",
    "ح": "h", "ط": "i", "ي": "j", "ك": "k", "ل": "l", "م": "m", "ن": "n", "س": "o",
    "ع": "p", "ف": "q", "ص": "r", "ق": "s", "ر": "t", "ش": "u", "ت": "v", "ث": "w",
    "خ": "x", "ذ": "y", "ض": "z",
}  # fmt: skip

_ITEM = r"\d{1,3}(?:\s*\(\s*[a-z]{1,3}\s*\))?"
_ITEM_OPEN = r"\d{1,3}(?:\s*\(?\s*[a-z]{1,3}\s*\))?"  # French/Spanish also print "75 c)"
_AR_ITEM = r"\d{1,3}(?:\s*\(\s*[\u0621-\u064a]ـ?(?:\s?[\u0621-\u064a]ـ?)?\s*\))?"


def _list_re(item: str, sep: str) -> str:
    return rf"({item}(?:(?:{sep}){item})*)"


_AGENDA: dict[str, re.Pattern[str]] = {
    "zh": re.compile(
        r"议程项目\s*" + _list_re(_ITEM, r"\s*(?:、|，|,|和|及|与|以及)\s*")
    ),
    "en": re.compile(
        r"\bagenda\s+items?\s+" + _list_re(_ITEM, r"\s*,\s*(?:and\s+)?|\s+and\s+") + r"(?!\d)",
        re.I,
    ),
    "fr": re.compile(
        r"\bpoints?\s+"
        + _list_re(_ITEM_OPEN, r"\s*,\s*|\s+et\s+")
        + r"\s+de\s+l['’]\s*ordre\s+du\s+jour",
        re.I,
    ),
    "es": re.compile(
        r"\btemas?\s+"
        + _list_re(_ITEM_OPEN, r"\s*,\s*|\s+[ye]\s+")
        + r"\s+del\s+programa",
        re.I,
    ),
    "ru": re.compile(
        r"(?<![\w-])пункт(?:ы|а|у|ом|ов|ам|ах|ами)?\s+"
        + _list_re(_ITEM, r"\s*,\s*|\s+и\s+")
        + r"\s+повестки\s+дня",
        re.I,
    ),
    "ar": re.compile(
        r"(?<![\u0621-\u064a])[وبلف]{0,2}(?:ال)?(?:بند|بنود|بندان|بندين)\s+"
        + _list_re(_AR_ITEM, r"\s*[،,]\s*|\s+و\s*")
        + r"\s+من\s+جدول\s+ال[أا]عمال"
    ),
}
_ITEM_PARTS = re.compile(r"(\d{1,3})\s*\(?\s*([a-z]{1,3})?\s*\)?", re.I)
_AR_ITEM_PARTS = re.compile(r"(\d{1,3})\s*(?:\(\s*([^)]*?)\s*\))?")


def _norm_item(raw: str, lang: str) -> str:
    if lang == "ar":
        m = _AR_ITEM_PARTS.match(raw)
        assert m is not None
        letters = "".join(
            _AR_LETTERS.get(c, "") for c in (m.group(2) or "").replace("ـ", "").replace(" ", "")
        )
        return f"{m.group(1)} ({letters})" if letters else m.group(1)
    m = _ITEM_PARTS.match(raw)
    assert m is not None
    return f"{m.group(1)} ({m.group(2).lower()})" if m.group(2) else m.group(1)


_ITEM_SPLIT = {
    "zh": re.compile(_ITEM),
    "en": re.compile(_ITEM),
    "fr": re.compile(_ITEM_OPEN),
    "es": re.compile(_ITEM_OPEN),
    "ru": re.compile(_ITEM),
    "ar": re.compile(_AR_ITEM),
}


def find_agenda_items(text: str, lang: str | None = None) -> list[tuple[list[str], int, int]]:
    """Agenda-item references: ``(item numbers, start, end)`` with normalised numbers.

    Numbers come out as ``"5"`` or ``"75 (c)"``; Arabic sub-item letters are mapped to
    Latin in abjad order (``ج`` → ``c``). For zh/en the span ends after the last number;
    for fr/es/ru/ar it includes the trailing ``de l’ordre du jour`` / ``من جدول الأعمال``.

    >>> find_agenda_items("Agenda item 75 (c)")
    [(['75 (c)'], 0, 18)]
    >>> find_agenda_items("议程项目75(c)")
    [(['75 (c)'], 0, 9)]
    >>> find_agenda_items("Points 34, 71 et 135 de l’ordre du jour", "fr")[0][0]
    ['34', '71', '135']
    """
    t = fold_text(text)
    found: list[tuple[list[str], int, int]] = []
    for lg in _check_lang(lang):
        for m in _AGENDA[lg].finditer(t):
            items = [_norm_item(x.group(0), lg) for x in _ITEM_SPLIT[lg].finditer(m.group(1))]
            end = m.end(1) if lg in ("zh", "en") else m.end()
            found.append((items, m.start(), end))
    found.sort(key=lambda x: (x[1], -(x[2] - x[1])))
    out: list[tuple[list[str], int, int]] = []
    for f in found:
        if out and f[1] < out[-1][2]:
            continue
        out.append(f)
    return out
