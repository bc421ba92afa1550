r"""Longest-match phrase matching over text, with offsets into the original string.

A :class:`Lexicon` is built once from ``(phrase, value)`` pairs and then scans any number of
texts in a single pass each. It returns every non-overlapping match, leftmost first and, at a
given position, the longest phrase (``刚果民主共和国`` before ``刚果``, ``Equatorial Guinea``
before ``Guinea``). Offsets are Python string indices into the text as given.

How the text is compared with the phrases:

1. **Folding**, one character to one character: NFKC (full-width forms ``Ａ``, Kangxi radicals
   and CJK compatibility ideographs that PDF text layers produce, Arabic presentation forms),
   accents stripped (``Côte`` = ``Cote``, ``é`` = ``e``, ``أ`` = ``ا``), case folded
   (``TÜRKİYE`` = ``Türkiye``: the dotted capital ``İ`` folds to ``i``), every apostrophe-like
   mark (``’ ‘ ʼ ′ ´ ＇``) to ``'``, every dash (``‐ ‑ – — − －``) to ``-``. Since the map is one
   to one, an offset into the folded text is an offset into the original. Characters that must
   vanish (combining marks of decomposed text, soft hyphens, zero-width and bidi controls,
   Arabic tatweel) are dropped with an index map back to the original; texts without any take
   the fast path. To keep folding cheap on Chinese text, white space and the full-width
   punctuation frequent there (``，：；！？（）［］``) stay as they are in the scanned text and
   the patterns accept them instead (``\s``, ``[(（]``).
2. **Canonical form** of a phrase: folded, white space kept (as one space) only between two
   letters or digits of a script written with spaces. A matched surface is looked up under its
   canonical form, so every phrase with the same canonical form is the same entry.
3. **A character trie compiled to a regular expression**, one per group of first characters
   (CJK, Latin, other scripts): at a position only the branch for that character is tried, and
   the compiled pattern skips positions that cannot start a phrase. The children of a trie node
   come before the end of its phrase, so the first match found is the longest. A space in a
   phrase matches any run of white space; wherever a CJK character or a punctuation mark is
   involved, white space is optional (``大 会`` and a line break inside ``阿尔扎赫共\n和国``
   still match, and the surface keeps them). A phrase that begins (ends) with a letter of a
   spaced script (Latin, Greek, Cyrillic, Armenian, Hebrew, Arabic) must not be preceded
   (followed) by another such letter, so ``Niger`` never matches in ``Nigeria``, ``Oman`` not
   in ``Romania``; an Arabic phrase may follow one proclitic letter (و ف ب ل ك: ``والصين``).
   CJK phrases have no boundary: longest-first decides (``印度尼西亚``, not ``印度``).

A phrase whose value is ``None`` is a *blocker*: it is matched like any other and consumes its
span, but is not reported. Blockers stop a shorter phrase from matching inside a longer
expression that is not a name (``北爱尔兰`` in ``Northern Ireland`` is not Ireland, ``发展中国家``
is not China). A phrase can be *case-sensitive* (acronyms: ``NAM`` must not match ``Nam`` in
``Viet Nam``): the letters of the surface must then have the phrase's upper/lower pattern.

Speed: a lexicon of ~1,500 names in six languages compiles in about 0.3 s (once, on first
use); a 20,000-character text then takes about 2 ms (Chinese or English, one pass per group).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any, NamedTuple

__all__ = ["Phrase", "Hit", "Lexicon", "fold", "canonical", "is_cjk"]


class Phrase(NamedTuple):
    """One phrase of a lexicon: its text, the value a match returns, and case sensitivity."""

    text: str
    value: Any  # None: a blocker
    case_sensitive: bool = False


@dataclass(frozen=True, slots=True)
class Hit:
    """A match: ``text[start:end] == surface``; ``phrase`` is the lexicon phrase it matched."""

    start: int
    end: int
    surface: str
    value: Any
    phrase: str


# --- character classes ---------------------------------------------------------------------

_APOSTROPHES = "'\u2019\u2018\u201b\u02bc\u02bb\u02b9\u2032\u00b4\u0060\uff07"
_DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2043\ufe58\ufe63\uff0d\u00ad"
_KEEP_TAGS = ("<super>", "<sub>", "<fraction>", "<circle>")  # footnote markers stay unfolded


def is_cjk(ch: str) -> bool:
    """Han, kana, Hangul, CJK punctuation and compatibility forms: scripts written without spaces."""
    o = ord(ch)
    return (
        0x2E80 <= o <= 0x9FFF
        or 0xAC00 <= o <= 0xD7FF
        or 0x1100 <= o <= 0x11FF
        or 0xA960 <= o <= 0xA97F
        or 0xF900 <= o <= 0xFAFF
        or 0xFE30 <= o <= 0xFE4F
        or 0xFF00 <= o <= 0xFFEF
        or 0x20000 <= o <= 0x3FFFF
    )


def _is_word(ch: str) -> bool:
    """A letter or digit of a script written with spaces between words."""
    return ch.isalnum() and not is_cjk(ch)


def _is_spaced_letter(ch: str) -> bool:
    return ch.isalpha() and not is_cjk(ch)


def _is_arabic(ch: str) -> bool:
    o = ord(ch)
    return 0x0600 <= o <= 0x06FF or 0x0750 <= o <= 0x077F or 0x08A0 <= o <= 0x08FF


# Letters of spaced scripts, as they can occur in folded text (lower case, no accents, but
# unfolded leftovers too). Used for word boundaries; digits are not letters here, so a
# footnote marker or a number glued to a name does not hide it.
_LETTER = (
    "A-Za-z\u00aa\u00b5\u00ba\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02af\u0370-\u03ff"
    "\u0400-\u052f\u0531-\u0587\u05d0-\u05f2\u0620-\u064a\u066e-\u06d3\u06d5\u06e5\u06e6"
    "\u06ee\u06ef\u06fa-\u06ff\u0750-\u077f\u08a0-\u08ff\u1e00-\u1fff\ufb00-\ufdff\ufe70-\ufefc"
)
_L = f"[{_LETTER}]"
_PROCLITICS = "[\u0648\u0641\u0628\u0644\u0643]"  # و ف ب ل ك

# Ranges whose characters may fold to something else (the rest of the BMP folds to itself,
# CJK unified ideographs included).
_FOLD_RANGES = (
    (0x0000, 0x007F), (0x0080, 0x02FF), (0x0300, 0x036F), (0x0370, 0x058F), (0x0590, 0x08FF),
    (0x1AB0, 0x1AFF), (0x1DC0, 0x1FFF), (0x2000, 0x2BFF), (0x2E80, 0x2FDF), (0x3000, 0x303F),
    (0x3190, 0x31FF), (0xF900, 0xFAFF), (0xFB00, 0xFDFF), (0xFE00, 0xFE6F), (0xFE70, 0xFEFF),
    (0xFF00, 0xFFEF),
)


def _strip_marks(s: str) -> str:
    decomposed = unicodedata.normalize("NFD", s)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if unicodedata.category(c) != "Mn"))


def _deletable(ch: str) -> bool:
    if ch in "\u00ad\u0640":  # soft hyphen, Arabic tatweel
        return True
    return unicodedata.category(ch) in ("Mn", "Me", "Cf")


def _fold_char(ch: str) -> str:
    """The one character ``ch`` folds to (``ch`` itself if nothing applies)."""
    if ch.isspace():
        return " "
    if ch in _APOSTROPHES:
        return "'"
    if ch in _DASHES:
        return "-"
    if ch == "\u0131":  # dotless i (TURKIYE typed on a Turkish keyboard)
        return "i"
    if unicodedata.decomposition(ch).startswith(_KEEP_TAGS):
        low = ch.lower()
        return low if len(low) == 1 else ch
    n = _strip_marks(unicodedata.normalize("NFKC", ch))
    n = _strip_marks(n.casefold())
    if len(n) == 1:
        if n in _APOSTROPHES:
            return "'"
        if n in _DASHES:
            return "-"
        return n
    low = ch.lower()
    return low if len(low) == 1 else ch


# Full-width punctuation that is frequent in Chinese text: the scan leaves it as it is (the
# patterns accept both widths), so that folding a Chinese text touches few characters.
_SCAN_EXEMPT = "，：；！？（）［］"


@cache
def _tables() -> tuple[dict[int, str], dict[str, str], re.Pattern[str], re.Pattern[str]]:
    """Fold table, its scan subset, the regex of characters the scan folds, the deletables."""
    table: dict[int, str] = {}
    deletable: list[int] = []
    for lo, hi in _FOLD_RANGES:
        for o in range(lo, hi + 1):
            ch = chr(o)
            if 0xD800 <= o <= 0xDFFF:
                continue
            if _deletable(ch) and not ch.isspace():
                deletable.append(o)
                continue
            f = _fold_char(ch)
            if f != ch:
                table[o] = f
    deletable.extend(range(0xE0100, 0xE01F0))  # variation selectors of the supplementary planes
    # The scan lower-cases first (C speed), then folds the rest; white space is left to the
    # patterns (\s), and so is the exempt punctuation.
    scan = {
        chr(o): f
        for o, f in table.items()
        if not chr(o).isspace() and chr(o) not in _SCAN_EXEMPT and chr(o).lower() == chr(o)
    }
    return (table, scan, re.compile("[" + _ranges([ord(c) for c in scan]) + "]"),
            re.compile("[" + _ranges(deletable) + "]"))


def _ranges(codepoints: list[int]) -> str:
    out: list[str] = []
    cps = sorted(set(codepoints))
    i = 0
    while i < len(cps):
        j = i
        while j + 1 < len(cps) and cps[j + 1] == cps[j] + 1:
            j += 1
        a, b = chr(cps[i]), chr(cps[j])
        out.append(re.escape(a) if i == j else f"{re.escape(a)}-{re.escape(b)}")
        i = j + 1
    return "".join(out)


def _scan_fold(text: str) -> str:
    """Length-preserving fold for scanning: case, accents, widths except :data:`_SCAN_EXEMPT`."""
    _table, scan, needs, _delete = _tables()
    low = text.replace("\u0130", "i").lower()  # İ is the one character whose lower() is longer
    return needs.sub(lambda m: scan[m.group()], low)


def _fold_text(text: str) -> tuple[str, list[int] | None]:
    """Scan-folded text and, when characters were deleted, the original index of each one left."""
    delete = _tables()[3]
    if delete.search(text) is None:
        return _scan_fold(text), None
    index: list[int] = []
    kept: list[str] = []
    pos = 0
    for m in delete.finditer(text):
        a = m.start()
        if a > pos:
            kept.append(text[pos:a])
            index.extend(range(pos, a))
        pos = m.end()
    kept.append(text[pos:])
    index.extend(range(pos, len(text)))
    return _scan_fold("".join(kept)), index


def fold(text: str) -> str:
    """The folded form of ``text`` (see the module docstring); deletable characters removed."""
    table, _scan, _needs, delete = _tables()
    return delete.sub("", text).translate(table)


def _collapse(folded: str) -> str:
    """Canonical form of folded text: spaces only between two letters/digits of spaced scripts."""
    tokens = folded.split()
    if not tokens:
        return ""
    out = [tokens[0]]
    for tok in tokens[1:]:
        if _is_word(out[-1][-1]) and _is_word(tok[0]):
            out.append(" ")
        out.append(tok)
    return "".join(out)


def canonical(phrase: str) -> str:
    """The canonical form under which a phrase is stored and a matched surface is looked up."""
    return _collapse(fold(phrase))


def _case_shape(s: str) -> list[bool]:
    return [c.isupper() for c in unicodedata.normalize("NFKC", s) if c.isalpha()]


# --- the lexicon -----------------------------------------------------------------------------


class _Candidate(NamedTuple):
    phrase: str
    value: Any
    case_shape: list[bool] | None  # None: any case


_TERMINAL = ""  # trie key marking the end of a phrase (canonical phrases contain no "")


class Lexicon:
    """A set of phrases matched longest-first over text (see the module docstring).

    Phrases with the same canonical form share one entry; the first one given wins, except that
    case-sensitive phrases are tried before case-insensitive ones. ``conflicts`` lists the
    phrases dropped because an earlier phrase with the same canonical form had another value.
    """

    def __init__(self, phrases: Iterable[Phrase | tuple[str, Any]]) -> None:
        self._table: dict[str, list[_Candidate]] = {}
        self.conflicts: list[tuple[str, Any, Any]] = []
        for p in phrases:
            p = p if isinstance(p, Phrase) else Phrase(*p)
            key = canonical(p.text)
            if not key:
                continue
            cands = self._table.setdefault(key, [])
            shape = _case_shape(p.text) if p.case_sensitive else None
            if any(c.case_shape == shape for c in cands):
                first = next(c for c in cands if c.case_shape == shape)
                if first.value != p.value:
                    self.conflicts.append((p.text, first.value, p.value))
                continue
            cands.append(_Candidate(p.text, p.value, shape))
            cands.sort(key=lambda c: c.case_shape is None)
        self._regexes: list[re.Pattern[str]] | None = None

    def __len__(self) -> int:
        return len(self._table)

    def __contains__(self, phrase: str) -> bool:
        return canonical(phrase) in self._table

    @property
    def regexes(self) -> list[re.Pattern[str]]:
        """The compiled scanners, one per group of first characters (built on first use).

        Phrases are split by the script of their first character (CJK, Latin, other), so that
        the alternation a position is tried against stays short: a Latin letter inside a word
        fails after a handful of branches instead of after every first character of every script.
        """
        if self._regexes is None:
            groups: dict[str, list[str]] = {}
            for key in self._table:
                groups.setdefault(_group(key[0]), []).append(key)
            self._regexes = [re.compile(_trie_pattern(keys)) for _g, keys in sorted(groups.items())]
        return self._regexes

    def _choose(self, key: str, surface: str) -> _Candidate | None:
        for cand in self._table.get(key, ()):
            if cand.case_shape is None or cand.case_shape == _case_shape(surface):
                return cand
        return None

    def lookup(self, name: str) -> Any:
        """The value of ``name`` taken as one whole phrase, or ``None``."""
        name = name.strip()
        cand = self._choose(canonical(name), name)
        return None if cand is None else cand.value

    def _scan(self, regex: re.Pattern[str], text: str, folded: str,
              index: list[int] | None) -> Iterator[tuple[int, int, _Candidate]]:
        search = regex.search
        n = len(text)
        pos = 0
        while True:
            m = search(folded, pos)
            if m is None:
                return
            a, b = m.span()
            if index is None:
                start, end = a, b
            else:
                start, end = index[a], index[b - 1] + 1
                while end < n and unicodedata.category(text[end]) in ("Mn", "Me"):
                    end += 1
            surface = text[start:end]
            cand = self._choose(canonical(surface), surface)
            if cand is None:
                pos = a + 1  # a case-sensitive phrase in the wrong case: look again further on
                continue
            pos = b
            yield start, end, cand

    def finditer(self, text: str) -> Iterator[Hit]:
        """Matches in ``text``, leftmost-longest, non-overlapping; blockers are not reported."""
        if not text or not self._table:
            return
        folded, index = _fold_text(text)
        found: list[tuple[int, int, _Candidate]] = []
        for regex in self.regexes:
            found.extend(self._scan(regex, text, folded, index))
        if len(self.regexes) > 1:
            found.sort(key=lambda f: (f[0], -f[1]))
        last = 0
        for start, end, cand in found:
            if start < last:  # overlaps a match of another group (mixed-script phrases only)
                continue
            last = end
            if cand.value is not None:
                yield Hit(start, end, text[start:end], cand.value, cand.phrase)

    def findall(self, text: str) -> list[Hit]:
        return list(self.finditer(text))


def _group(first: str) -> str:
    if first in _ATOMS:
        return "punct"
    if is_cjk(first):
        return "cjk"
    return "latin" if ord(first) < 0x370 or 0x1E00 <= ord(first) <= 0x1EFF else "other"


def _atoms() -> dict[str, str]:
    """Pattern atoms for canonical characters that the scan leaves unfolded in the text."""
    groups: dict[str, list[str]] = {}
    for ch in _SCAN_EXEMPT:
        groups.setdefault(_fold_char(ch), []).append(ch)
    return {c: "[" + re.escape(c) + "".join(re.escape(x) for x in xs) + "]" for c, xs in groups.items()}


_ATOMS = _atoms()


def _atom(ch: str) -> str:
    if ch == " ":
        return r"\s+"
    return _ATOMS.get(ch) or re.escape(ch)


def _sep(a: str, b: str) -> str:
    """What may stand between two consecutive characters of a canonical phrase."""
    if a == " " or b == " " or (_is_word(a) and _is_word(b)):
        return ""
    return r"\s*"


def _start_check(ch: str) -> str:
    """Boundary before a phrase, tested just after its first character has matched."""
    if not _is_spaced_letter(ch):
        return ""
    if _is_arabic(ch):
        return f"(?:(?<!{_L}.)|(?<={_PROCLITICS}.)(?<!{_L}..))"
    return f"(?<!{_L}.)"


def _trie_pattern(keys: Iterable[str]) -> str:
    root: dict[str, Any] = {}
    for key in keys:
        node = root
        for ch in key:
            node = node.setdefault(ch, {})
        node[_TERMINAL] = True

    def emit(node: dict[str, Any], prev: str) -> str:
        alts: list[str] = []
        for ch in sorted(k for k in node if k != _TERMINAL):
            alts.append(_sep(prev, ch) + _atom(ch) + emit(node[ch], ch))
        if _TERMINAL in node:  # after the children: the longest phrase is tried first
            alts.append(f"(?!{_L})" if _is_spaced_letter(prev) else "")
        if len(alts) == 1:
            return alts[0]
        return "(?:" + "|".join(alts) + ")"

    alts = [_atom(ch) + _start_check(ch) + emit(root[ch], ch) for ch in sorted(root)]
    # A bare top-level alternation of branches that each start with a literal: the compiled
    # pattern then carries the set of possible first characters and skips other positions.
    return "|".join(alts) if alts else "(?!)"
