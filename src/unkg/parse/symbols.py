"""The grammar of United Nations document symbols (``A/RES/78/272``, ``S/RES/2728 (2024)``).

A symbol is a root series (``A`` General Assembly, ``S`` Security Council, ``E`` ECOSOC,
``ST`` Secretariat, or a treaty-body / conference root such as ``CCPR`` or ``FCCC``)
followed by ``/``-separated components: subsidiary organs (``HRC``, ``C.3``, ``CN.4``),
a type marker (``RES``, ``DEC``, ``PRST``), a session (``75``, ``ES-11``, ``S-34``) or year
(``2023``), the number (``272``, ``L.41``, ``PV.9000``) and modifiers (``Rev.1``,
``Add.1``, ``Corr.1``). Old resolutions carry their session (GA, ECOSOC: a Roman numeral)
or year (SC) in parentheses: ``A/RES/2625 (XXV)``, ``S/RES/2623 (2022)``.

Canonical forms follow UN usage: one space before a parenthesised suffix, none around
``/``. ``217 A (III)`` (the Universal Declaration of Human Rights, part A of resolution 217
of the third session) keeps its part letter: canonical ``A/RES/217 A (III)``, with
``number="217"`` and ``part="A"``; the undocs.org spelling ``A/RES/217(III)`` gives
``A/RES/217 (III)``, a different string for the same resolution (compare ``number``,
``session`` and ``part``, or :attr:`Symbol.base`).

All functions are pure. Input is folded with :func:`unkg.parse.numerals.fold_text`
(full-width ``Ａ／７７／４（２０２２）`` reads as ``A/77/4(2022)``), which keeps offsets.

>>> parse_symbol("S/RES/2728(2024)").text
'S/RES/2728 (2024)'
>>> [s.text for s, _, _ in find_symbols("见 https://undocs.org/ch/A/RES/ES-11/4 和(A/77/4)。")]
['A/RES/ES-11/4', 'A/77/4']
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from unkg.parse.numerals import fold_text

__all__ = [
    "ROOTS",
    "SYMBOL_PATTERN",
    "Symbol",
    "find_symbols",
    "parse_symbol",
    "resolution_symbol",
    "split_joint",
]


@dataclass(frozen=True, slots=True)
class Symbol:
    """One parsed document symbol.

    ``series`` is the root with its subsidiary organs (``A``, ``A/HRC``, ``A/C.3``,
    ``E/CN.4``); ``body`` the organ code (``GA``, ``SC``, ``HRC``, ``ECOSOC``,
    ``SECRETARIAT``, or the root itself for treaty bodies and conferences, e.g. ``CRPD``);
    ``kind`` one of ``resolution``, ``draft`` (``L.``), ``meeting_record`` (``PV.``),
    ``decision``, ``presidential_statement`` or ``document``; ``number`` the number
    without its ``L.``/``PV.`` prefix; ``year`` the year component (SC, ECOSOC,
    Secretariat) or an SC resolution's parenthesised year; ``part`` the letter of
    ``217 A (III)``.

    >>> s = parse_symbol("A/C.3/78/L.41/Rev.1")
    >>> (s.series, s.body, s.committee, s.session, s.kind, s.number, s.modifiers)
    ('A/C.3', 'GA', 'C.3', 78, 'draft', '41', ('Rev.1',))
    >>> str(s), s.base
    ('A/C.3/78/L.41/Rev.1', 'A/C.3/78/L.41')
    """

    text: str
    series: str
    body: str
    committee: str | None = None
    session: int | None = None
    session_kind: str | None = None  # regular | special | emergency_special
    kind: str = "document"
    number: str = ""
    year: int | None = None
    modifiers: tuple[str, ...] = ()
    part: str | None = None

    def __str__(self) -> str:
        return self.text

    @property
    def base(self) -> str:
        """The symbol without modifiers and part letter (``A/80/604/Add.1`` → ``A/80/604``).

        >>> parse_symbol("A/RES/217 A (III)").base
        'A/RES/217 (III)'
        """
        text = self.text
        for mod in self.modifiers:
            text = text.replace("/" + mod, "", 1)
        if self.part:
            text = text.replace(f" {self.part} (", " (", 1)
        return text


#: Roots (first components) accepted as document series. ``A``, ``S``, ``E`` and ``ST``
#: are the principal organs and the Secretariat; the others are treaty bodies,
#: conferences and programmes whose symbols UN texts cite.
ROOTS: tuple[str, ...] = (
    "A", "S", "E", "ST",
    "APLC", "BWC", "CAT", "CCM", "CCPR", "CCW", "CD", "CED", "CEDAW", "CERD", "CMW",
    "CRC", "CRPD", "CTOC", "DP", "ECE", "ESCAP", "FCCC", "HRI", "ICCD", "ISBA", "NPT",
    "SPLOS", "TD", "UNEP", "UNW",
)  # fmt: skip
_BODY_OF_ROOT = {"A": "GA", "S": "SC", "E": "ECOSOC", "ST": "SECRETARIAT"}

_ROOT_ALT = "|".join(sorted(ROOTS, key=len, reverse=True))
# A component: letters/digits with inner "." or "-" (C.3, L.41, ES-11, 2-4); a hyphen
# followed by another root and "/" is the joint-symbol separator, not part of a component.
_COMP = rf"[A-Za-z0-9]+(?:\.[A-Za-z0-9]+|-(?!(?:{_ROOT_ALT})/)[A-Za-z0-9]+)*"
_CORE = rf"(?P<core>(?:{_ROOT_ALT})(?:/{_COMP})+)"

#: Symbol in running text, matched on :func:`fold_text`-folded input (same offsets).
#: Groups: ``core`` (``S/RES/2623``), ``part`` (``A`` of ``217 A (III)``) and ``suf``
#: (``2022``, ``XXV``). :func:`find_symbols` adds the checks a regex cannot make.
SYMBOL_PATTERN: re.Pattern[str] = re.compile(
    rf"(?<![A-Za-z0-9._]){_CORE}"
    r"(?:[ ]{1,2}(?P<part>[A-Z])(?=[ ]{0,2}\())?"
    r"(?:[ ]{0,2}\([ ]?(?P<suf>[A-Za-z0-9\-]{1,12})[ ]?\))?"
)
_STRICT = re.compile(
    rf"{_CORE}(?:\s*(?P<part>[A-Z])(?=\s*\())?(?:\s*\(\s*(?P<suf>[A-Za-z0-9\-]{{1,12}})\s*\))?"
)
_SLASH_SPACES = re.compile(r"\s*/\s*")
# "/" is a boundary only after a documents link: undocs.org/ch/S/2014/136
_LINK_BEFORE = re.compile(
    r"(?:undocs\.org|docs\.un\.org|documents\.un\.org|daccess-ods\.un\.org)(?:/[A-Za-z]{2})?/$",
    re.I,
)
_JOINT_SPLIT = re.compile(rf"\s*[–—-]\s*(?=(?:{_ROOT_ALT})\s*/)")

_MODIFIER = re.compile(r"(rev|add|corr|amend|summary)\.(\d+(?:-\d+)?)", re.I)
_ORGAN = re.compile(r"[A-Z]{1,8}(?:\.\d+)?")
_NOT_ORGAN = frozenset({"RES", "DEC", "PRST", "PV", "SR", "L", "INF", "BUR", "CRP", "WP"})
_TYPE_MARKERS = {
    "RES": "resolution",
    "DEC": "decision",
    "PRST": "presidential_statement",
    "INF": "document",
    "BUR": "document",
}
_NUMBER_PREFIX = re.compile(r"(L|PV|SR)\.(\d+[A-Za-z]?)")
_NUMBER_KIND = {"L": "draft", "PV": "meeting_record", "SR": "document"}
_GLUED_PART = re.compile(r"(\d{1,4})([A-Z])")
_SESSION = re.compile(r"(?:(ES|S)-)?(\d{1,3})")
_YEAR = re.compile(r"\d{4}")
_ROMAN = re.compile(r"M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})")
_ROMAN_SUFFIX = re.compile(r"(?:(ES|S)-)?([IVXLCDM]+)", re.I)
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
_SESSION_KINDS = {None: "regular", "S": "special", "ES": "emergency_special"}


def _roman_to_int(text: str) -> int | None:
    """Value of a well-formed upper-case Roman numeral (``XXV`` → 25), else ``None``."""
    if not text or not _ROMAN.fullmatch(text):
        return None
    total = 0
    for a, b in zip(text, text[1:] + " ", strict=True):
        v = _ROMAN_VALUES[a]
        total += -v if b != " " and _ROMAN_VALUES[b] > v else v
    return total


def _is_year(text: str) -> bool:
    return bool(_YEAR.fullmatch(text)) and 1946 <= int(text) <= 2100


def _build(core: str, part: str | None, suf: str | None) -> Symbol | None:
    """Interpret a matched symbol; ``None`` when the components do not form one."""
    comps = core.split("/")
    root, rest = comps[0], comps[1:]
    if root not in ROOTS or not rest or not all(rest):
        return None
    mods: list[str] = []
    while len(rest) > 1 and (mm := _MODIFIER.fullmatch(rest[-1])):
        mods.insert(0, f"{mm.group(1).capitalize()}.{mm.group(2)}")
        rest = rest[:-1]
    i = 0
    organs: list[str] = []
    committee: str | None = None
    while (
        i < len(rest) - 1
        and _ORGAN.fullmatch(rest[i])
        and rest[i].split(".")[0] not in _NOT_ORGAN
    ):
        organs.append(rest[i])
        if committee is None and re.fullmatch(r"C\.\d+", rest[i]):
            committee = rest[i]
        i += 1
    kind = "document"
    if i < len(rest) - 1 and rest[i] in _TYPE_MARKERS:
        kind = _TYPE_MARKERS[rest[i]]
        i += 1
    session: int | None = None
    session_kind: str | None = None
    year: int | None = None
    if i < len(rest) - 1:
        if _is_year(rest[i]):
            year = int(rest[i])
            i += 1
        elif sm := _SESSION.fullmatch(rest[i]):
            session, session_kind = int(sm.group(2)), _SESSION_KINDS[sm.group(1)]
            if session == 0:
                return None
            i += 1
    number_comps = rest[i:]
    nm = _NUMBER_PREFIX.fullmatch(number_comps[0])
    if nm:
        if kind == "document":
            kind = _NUMBER_KIND[nm.group(1)]
        number_comps = [nm.group(2), *number_comps[1:]]
    number = "/".join(number_comps)
    if not any(c.isdigit() for c in number):
        return None
    body = _BODY_OF_ROOT.get(root, root)
    if root == "A" and organs[:1] == ["HRC"]:
        body = "HRC"
    suffix = ""
    printed = rest[i:]  # number components as printed (L.41, PV.9000)
    if part and not suf:
        return None
    if suf and not part and root in ("A", "E") and (pm := _GLUED_PART.fullmatch(number)):
        number, part = pm.group(1), pm.group(2)  # 217A(III) = 217 A (III)
        printed = [number]
    if suf:
        if kind != "resolution" or session is not None or year is not None:
            return None
        if not number.isdigit() or organs:
            return None
        if root == "S":
            if part or not _is_year(suf):
                return None
            year = int(suf)
            suffix = f" ({suf})"
        elif root in ("A", "E"):
            rm = _ROMAN_SUFFIX.fullmatch(suf)
            value = _roman_to_int(rm.group(2).upper()) if rm else None
            if rm is None or value is None:
                return None
            prefix = rm.group(1).upper() if rm.group(1) else None
            session, session_kind = value, _SESSION_KINDS[prefix]
            roman = (f"{prefix}-" if prefix else "") + rm.group(2).upper()
            suffix = (f" {part}" if part else "") + f" ({roman})"
        else:
            return None
    text = "/".join([root, *rest[:i], *printed, *mods])  # modifiers canonical
    return Symbol(
        text=text + suffix,
        series="/".join([root, *organs]),
        body=body,
        committee=committee,
        session=session,
        session_kind=session_kind,
        kind=kind,
        number=number,
        year=year,
        modifiers=tuple(mods),
        part=part,
    )


def parse_symbol(text: str) -> Symbol | None:
    """Parse *text* if, as a whole, it is one symbol; ``None`` otherwise.

    Surrounding whitespace, full-width forms, spaces around ``/`` and before ``(`` are
    tolerated; the result's ``text`` is canonical.

    >>> parse_symbol(" S/RES/2728(2024) ").text
    'S/RES/2728 (2024)'
    >>> s = parse_symbol("Ａ／ＲＥＳ／ＥＳ－１１／４")
    >>> (s.text, s.session, s.session_kind, s.kind, s.number)
    ('A/RES/ES-11/4', 11, 'emergency_special', 'resolution', '4')
    >>> parse_symbol("A / RES / 2625 (XXV)").session
    25
    >>> parse_symbol("2/3") is None, parse_symbol("A/77/4 and more") is None
    (True, True)
    """
    t = _SLASH_SPACES.sub("/", fold_text(text).strip())
    m = _STRICT.fullmatch(t)
    if not m:
        return None
    return _build(m.group("core"), m.group("part"), m.group("suf"))


def find_symbols(text: str) -> list[tuple[Symbol, int, int]]:
    """Every symbol in running text, with ``[start, end)`` offsets into *text*.

    A symbol must not be glued to a longer token (``xA/77/4``, ``foo/A/77/4``), except
    after a documents link (``https://undocs.org/en/A/77/4``). An SC resolution's year
    may follow with or without a space (``S/RES/2623(2022)``); a parenthesis that does not
    belong to the symbol (``A/74/542 (2019 年 …``) is left out of the span.

    >>> [(s.text, a, b) for s, a, b in find_symbols("(S/2014/136)；S/RES/2623(2022)")]
    [('S/2014/136', 1, 11), ('S/RES/2623 (2022)', 13, 29)]
    >>> find_symbols("22-25095 2/3")
    []
    """
    t = fold_text(text)
    out: list[tuple[Symbol, int, int]] = []
    for m in SYMBOL_PATTERN.finditer(t):
        start = m.start()
        if start and t[start - 1] == "/" and not _LINK_BEFORE.search(t, max(0, start - 40), start):
            continue
        end = m.end()
        sym = _build(m.group("core"), m.group("part"), m.group("suf"))
        if sym is None and (m.group("part") or m.group("suf")):
            sym, end = _build(m.group("core"), None, None), m.end("core")
        if sym is not None:
            out.append((sym, start, end))
    return out


_RES_SHAPES: dict[str, tuple[str, re.Pattern[str]]] = {
    "GA": (
        "A/RES/",
        re.compile(r"(?:\d{1,3}|ES-\d{1,2}|S-\d{1,2})/\d{1,4}|\d{1,4}(?: [A-Z])? \([A-Z\-]+\)"),
    ),
    "HRC": ("A/HRC/RES/", re.compile(r"(?:\d{1,3}|S-\d{1,2})/\d{1,4}")),
    "SC": ("S/RES/", re.compile(r"\d{1,4}(?: \(\d{4}\))?")),
    "ECOSOC": ("E/RES/", re.compile(r"\d{4}/\d{1,4}|\d{1,4} \([A-Z\-]+\)")),
}
_BODY_ALIASES = {"A": "GA", "S": "SC", "E": "ECOSOC"}


def resolution_symbol(body: str, number: str) -> str | None:
    """Canonical symbol of resolution *number* (as printed) of organ *body*.

    *body* is ``GA``, ``SC``, ``HRC`` or ``ECOSOC``; anything that cannot be built gives
    ``None``.

    >>> resolution_symbol("HRC", "53/30"), resolution_symbol("HRC", "S-34/1")
    ('A/HRC/RES/53/30', 'A/HRC/RES/S-34/1')
    >>> resolution_symbol("GA", "ES-11/4"), resolution_symbol("GA", "2625 (XXV)")
    ('A/RES/ES-11/4', 'A/RES/2625 (XXV)')
    >>> resolution_symbol("SC", "2593(2021)"), resolution_symbol("SC", "53/30")
    ('S/RES/2593 (2021)', None)
    """
    code = body.strip().upper()
    code = _BODY_ALIASES.get(code, code)
    if code not in _RES_SHAPES:
        return None
    n = _SLASH_SPACES.sub("/", fold_text(number).strip().rstrip("."))
    n = re.sub(r"\s*\(\s*", " (", n)
    n = re.sub(r"\s*\)", ")", n)
    n = re.sub(r"\s+", " ", n)
    prefix, shape = _RES_SHAPES[code]
    if not shape.fullmatch(n):
        return None
    sym = parse_symbol(prefix + n)
    return sym.text if sym is not None and sym.kind == "resolution" else None


def split_joint(text: str) -> list[Symbol]:
    """Symbols of a cover/header line that is one symbol or joint symbols.

    Joint symbols are joined by an en dash, em dash or hyphen; the line must hold
    nothing else.

    >>> [s.text for s in split_joint("A/75/731–S/2021/196")]
    ['A/75/731', 'S/2021/196']
    >>> [s.text for s in split_joint("A/ES-11/10")]
    ['A/ES-11/10']
    >>> split_joint("22-25095 2/3")
    []
    """
    if "/" not in text and "／" not in text:
        # every symbol has a "/" (full-width "／" folds to it), so parse_symbol would
        # reject the first piece; skip the folding and splitting
        return []
    t = fold_text(text).strip()
    out: list[Symbol] = []
    for piece in _JOINT_SPLIT.split(t):
        sym = parse_symbol(piece)
        if sym is None:
            return []
        out.append(sym)
    return out
