"""Remove PDF-extraction artefacts and join lines into blocks.

Input is the decoded text of one file; output is a list of :class:`RawBlock` (body text
and footnote text, in reading order) plus what the artefacts themselves tell us: running
header symbols, job numbers and the URLs of link lists.

Three line conventions occur and are told apart per document:

- *marked wraps* (text extracted by Word-generated PDF tools, the seed corpus): a line that
  ends a paragraph carries trailing white space; a line without it was wrapped, and the
  next content line continues it, even across a page break or a footnote region;
- *one block per line* (text rendered from AKN XML, the dev corpus; PDFium output after
  :mod:`unkg.ingest` joined its soft wraps): every non-blank line is a block;
- *width-wrapped* (plain text wrapped at a fixed width, no trailing-space signal): a line
  continues the previous one when that one filled the width and did not end a sentence.

Chinese lines join without a space, other scripts with one.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from unkg.parse.symbols import split_joint

__all__ = ["RawBlock", "Cleaned", "clean", "join_text", "is_cjk", "display_width"]

_RULE = re.compile(r"^[_\u2014\u2015\-]{8,}$")
_LINK = re.compile(r"^(?:https?://|www\.)[^\s。，；、]+$", re.IGNORECASE)  # a link-list line, not a note ending in a URL
# job numbers and page counters: "22-25095 2/3", "2/4 25-18380", "25-18380 (E) 191125",
# "GE.23-12345(E)", "*2518380*", "2/3", "- 2 -"
_JOB = re.compile(
    r"^(?:(?P<p1>\d{1,3}/\d{1,3})\s+)?(?:GE\.)?(?P<job>\d{2}-\d{5})\s*(?:\([A-Z]\))?"
    r"(?:\s+\d{6})?(?:\s+(?P<p2>\d{1,3}/\d{1,3}))?$"
)
_BARCODE = re.compile(r"^\*\d{6,}\*$")
_PAGENO = re.compile(r"^(?:-\s*\d{1,3}\s*-|\d{1,3}/\d{1,3}|\d{1,3})$")
_SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_SUP_TO_DIGIT = str.maketrans(_SUPERSCRIPTS, "0123456789")
_DIGIT_TO_SUP = str.maketrans("0123456789", _SUPERSCRIPTS)
# a footnote line: "1 text", " 12 text" (after a rule) or "¹ text" (anywhere)
_FN_PLAIN = re.compile(r"^\s*(\d{1,3})\s+(?=\S)")
_FN_SUP = re.compile(rf"^\s*([{_SUPERSCRIPTS}]+)\s*(?=\S)")
_FN_PAREN = re.compile(r"^\s*\((\d{1,3}|[" + _SUPERSCRIPTS + r"]+)\)\s*(?=\S)")
_TERMINAL = tuple("。；：！？.;:!?…")


@dataclass(slots=True)
class RawBlock:
    """A block of joined text. ``marker`` is set for footnote blocks."""

    text: str
    footnote: bool = False
    marker: str | None = None
    page: int = 1


@dataclass(slots=True)
class Cleaned:
    """The result of :func:`clean`."""

    blocks: list[RawBlock] = field(default_factory=list)
    header_symbols: list[str] = field(default_factory=list)  # symbols printed alone on a line
    job_numbers: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    convention: str = "one-per-line"


def is_cjk(ch: str) -> bool:
    """True for Han, kana, Hangul and full-width/CJK punctuation."""
    o = ord(ch)
    return (
        0x2E80 <= o <= 0x9FFF
        or 0xF900 <= o <= 0xFAFF
        or 0xFF00 <= o <= 0xFFEF
        or 0x3000 <= o <= 0x303F
        or 0xAC00 <= o <= 0xD7AF
        or 0x20000 <= o <= 0x2FA1F
        or ch in "“”‘’—…·"
    )


class _WideOnly(dict[int, int | None]):
    """``str.translate`` table that keeps wide (W/F) characters and deletes all others.

    Entries are filled on first sight of a code point, so translating runs in C.
    """

    def __missing__(self, cp: int) -> int | None:
        kept = cp if unicodedata.east_asian_width(chr(cp)) in "WF" else None
        self[cp] = kept
        return kept


_WIDE_ONLY = _WideOnly()


def display_width(text: str) -> int:
    """Columns a line takes in a monospace rendering (wide East Asian characters count 2)."""
    if text.isascii():  # ASCII is never wide ("Na"/"N")
        return len(text)
    # one column per character plus one more per wide character
    return len(text) + len(text.translate(_WIDE_ONLY))


def join_text(left: str, right: str) -> str:
    """Join two pieces of a wrapped line: no space next to CJK, none after a hyphen."""
    left = left.rstrip()
    right = right.lstrip()
    if not left:
        return right
    if not right:
        return left
    if is_cjk(left[-1]) or is_cjk(right[0]):
        return left + right
    if left.endswith("-") and left[-2:-1].isalpha() and right[:1].islower():
        return left + right
    return left + " " + right


_SPACES = re.compile(r"[ \t\u00a0\u2002\u2003\u2009\u202f\u3000]+")


def _collapse(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def _convention(lines: list[str]) -> str:
    content = [ln for ln in lines if ln.strip() and not _is_artefact(ln.strip())]
    if not content:
        return "one-per-line"
    trailing = sum(1 for ln in content if ln != ln.rstrip())
    if 0.15 <= trailing / len(content) <= 0.9:
        return "marked-wraps"
    widths = sorted(display_width(ln.strip()) for ln in content)
    p90 = widths[int(len(widths) * 0.9) - 1] if len(widths) >= 10 else widths[-1]
    near_full = sum(1 for w in widths if w >= 0.85 * p90)
    if len(content) >= 10 and p90 <= 110 and near_full >= 0.3 * len(content):
        return "width-wrapped"
    return "one-per-line"


def _is_artefact(line: str) -> bool:
    return bool(_JOB.match(line) or _BARCODE.match(line) or _PAGENO.match(line))


_ORG_NAME = re.compile(r"^(?:United Nations|联合国|Nations Unies|Naciones Unidas|Организация Объединенных Наций)\s+")


def _header_symbols(line: str) -> list[str]:
    text = _ORG_NAME.sub("", line)
    return [s.text for s in split_joint(text)]


def clean(text: str, layout: str = "text") -> Cleaned:
    """Turn raw extracted text into blocks, removing running heads, job numbers, rules and links.

    ``layout`` is :attr:`unkg.model.SourceText.layout`.
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    out = Cleaned(convention="one-per-line" if layout == "pdf" else _convention(lines))
    return _Joiner(out, layout).run(lines)


class _Joiner:
    """State machine over lines: body blocks, footnote regions, artefacts."""

    def __init__(self, out: Cleaned, layout: str) -> None:
        self.out = out
        self.marked = out.convention == "marked-wraps"
        self.pdf = layout == "pdf"
        # in a footnote region, do lines without a marker continue the footnote?
        self.notes_continue = self.marked or self.pdf
        self.full_width = 0.0
        self.page = 1
        self.page_of_last_body = 1
        self.body_open = False
        self.last_body: RawBlock | None = None
        self.last_body_width = 0
        self.in_notes = False
        self.after_rule = False
        self.last_fn: RawBlock | None = None
        self.fn_open = False
        self.next_marker = 1

    def run(self, lines: list[str]) -> Cleaned:
        if self.out.convention == "width-wrapped":
            widths = sorted(display_width(ln.strip()) for ln in lines if ln.strip())
            self.full_width = 0.85 * widths[int(len(widths) * 0.9) - 1]
        for raw in lines:
            if "\f" in raw:
                self.page += raw.count("\f")
                raw = raw.replace("\f", "")
                self._end_notes()
            stripped = _collapse(raw)
            if stripped:
                self._line(raw, stripped)
        return self.out

    def _end_notes(self) -> None:
        self.in_notes = self.after_rule = self.fn_open = False

    def _line(self, raw: str, stripped: str) -> None:
        out = self.out
        ends_open = self.marked and raw == raw.rstrip()  # no trailing space: wrapped
        if _RULE.match(stripped):
            self.in_notes = self.after_rule = True
            self.fn_open = False
            return
        if _LINK.match(stripped):
            out.links.append(stripped)
            self._end_notes()
            return
        job = _JOB.match(stripped)
        if job or _BARCODE.match(stripped):
            if job:
                out.job_numbers.append(job.group("job"))
            self._end_notes()
            return
        if self.in_notes and stripped.isdigit() and int(stripped) == self.next_marker:
            self._new_footnote(stripped, "", ends_open=True)  # marker alone on its line (PDFium)
            return
        if _PAGENO.match(stripped):
            return
        symbols = _header_symbols(stripped)
        if symbols:
            out.header_symbols.extend(symbols)
            self._end_notes()
            return
        if self._footnote_line(stripped, ends_open):
            return
        self._body_line(raw, stripped, ends_open)

    def _new_footnote(self, marker: str, text: str, *, ends_open: bool) -> None:
        digits = marker.translate(_SUP_TO_DIGIT)
        self.last_fn = RawBlock(text, footnote=True, marker=digits, page=self.page)
        self.out.blocks.append(self.last_fn)
        self.in_notes = True
        self.fn_open = ends_open
        if digits.isdigit():
            self.next_marker = int(digits) + 1

    def _footnote_line(self, stripped: str, ends_open: bool) -> bool:
        if self.in_notes and self.fn_open and self.last_fn is not None:
            self.last_fn.text = join_text(self.last_fn.text, stripped)
            self.fn_open = ends_open
            return True
        m = _FN_SUP.match(stripped) or _FN_PAREN.match(stripped)
        if m is None and self.after_rule:
            m = _FN_PLAIN.match(stripped)
            if m is not None and int(m.group(1)) != self.next_marker and self.last_fn is not None:
                m = None  # "14 日访问]" continues a note; markers run in sequence
        if m is not None:
            self._new_footnote(m.group(1), stripped[m.end() :], ends_open=ends_open)
            return True
        if self.in_notes and self.last_fn is not None and self.notes_continue:
            sep = "\n" if self.marked else " "
            self.last_fn.text = (self.last_fn.text + sep + stripped).strip()
            self.fn_open = ends_open
            return True
        self._end_notes()
        return False

    def _body_line(self, raw: str, stripped: str, ends_open: bool) -> None:
        last = self.last_body
        width = display_width(stripped)
        continues = last is not None and self.body_open
        if self.out.convention == "width-wrapped" and last is not None:
            continues = (
                self.last_body_width >= self.full_width
                and not last.text.endswith(_TERMINAL)
                and raw == raw.lstrip()
                and not _NUMBERED.match(stripped)
            )
        elif self.pdf and last is not None and self.page != self.page_of_last_body:
            # a paragraph broken by a page break: PDFium gives no wrap signal there
            continues = not last.text.endswith(_TERMINAL + tuple("，,")) and (
                stripped[:1].islower() or (is_cjk(last.text[-1]) and is_cjk(stripped[0]))
            ) and not _NUMBERED.match(stripped)
        if continues and last is not None:
            last.text = join_text(last.text, stripped)
        else:
            self.last_body = RawBlock(stripped, page=self.page)
            self.out.blocks.append(self.last_body)
        self.body_open = ends_open
        self.last_body_width = width
        self.page_of_last_body = self.page


_NUMBERED = re.compile(r"^(?:\d{1,3}\s?[.．]|\d{1,3}\s-|\([a-z]{1,4}\)|（[a-z]{1,4}）|[•·▪])\s*")
