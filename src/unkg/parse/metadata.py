"""Document-level facts: language, symbols, bodies, sessions, agenda items, date, type, title.

Each fact comes from what the document prints (cover page, running heads, letter heading,
adoption line, closing lines). Nothing is guessed: a document that prints no symbol gets
none. A sidecar may fill a gap; where it contradicts the text, the text wins and a
warning says so.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

from unkg.model import AgendaItem, DocType, Meeting, Session
from unkg.parse import patterns as P
from unkg.parse.clean import Cleaned
from unkg.parse.dates import find_dates, parse_date
from unkg.parse.numerals import find_agenda_items, find_sessions
from unkg.parse.structure import Structure
from unkg.parse.symbols import parse_symbol, resolution_symbol

_BODY_ORDER = ("GA", "SC", "HRC", "ECOSOC", "SECRETARIAT")


@dataclass(slots=True)
class Metadata:
    symbols: list[str] = field(default_factory=list)
    bodies: list[str] = field(default_factory=list)
    sessions: list[Session] = field(default_factory=list)
    agenda_items: list[AgendaItem] = field(default_factory=list)
    date: dt.date | None = None
    date_role: str | None = None
    issue_date: dt.date | None = None
    doc_type: DocType = DocType.OTHER
    title: str | None = None
    job_number: str | None = None
    meeting: Meeting | None = None
    annex_types: dict[str, DocType] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def detect_language(text: str) -> str:
    """ISO 639-1 code of the dominant language: script first, then stop words for Latin.

    >>> detect_language("重申《联合国宪章》的宗旨和原则")
    'zh'
    >>> detect_language("The General Assembly, Recalling its resolution")
    'en'
    """
    head = text[:20000]
    # ASCII letters are the only ASCII characters counted (as Latin); count them on bytes
    ascii_only = head.encode("ascii", "ignore")
    ascii_letters = len(ascii_only) - len(ascii_only.translate(None, _ASCII_LETTERS))
    # the rest, one letter per character: h(an), a(rabic), c(yrillic), l(atin) or dropped
    scripts = "".join(_NON_ASCII.findall(head)).translate(_SCRIPT_OF)
    han, arabic, cyrillic, latin = (scripts.count(k) for k in "hacl")
    latin += ascii_letters
    letters = han + arabic + cyrillic + latin or 1
    if han / letters > 0.15:
        return "zh"
    if arabic / letters > 0.3:
        return "ar"
    if cyrillic / letters > 0.3:
        return "ru"
    counts = Counter(re.findall(r"[a-záéíóúñçàèêâîôûœ’']+", text[:20000].lower()))
    score = {lang: sum(counts[w] for w in stop) for lang, stop in _STOP_WORDS.items()}
    return max(score, key=lambda k: (score[k], k == "en"))


_STOP_WORDS: dict[str, frozenset[str]] = {
    "en": frozenset({"the", "of", "and", "to", "in", "that", "its", "with"}),
    "fr": frozenset({"le", "la", "les", "des", "et", "du", "aux", "dans", "sur"}),
    "es": frozenset({"el", "los", "las", "del", "y", "que", "por", "con", "en"}),
}


class _ScriptTable(dict[int, str | None]):
    """``str.translate`` table for :func:`detect_language`, filled on first sight of a code point."""

    def __missing__(self, o: int) -> str | None:
        if 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF:
            script = "h"
        elif 0x0600 <= o <= 0x06FF or 0x0750 <= o <= 0x077F or 0xFB50 <= o <= 0xFEFF:
            script = "a"
        elif 0x0400 <= o <= 0x04FF:
            script = "c"
        elif chr(o).isalpha() and o < 0x0250:
            script = "l"
        else:
            script = None
        self[o] = script
        return script


_SCRIPT_OF = _ScriptTable()
_ASCII_LETTERS = bytes(o for o in range(128) if chr(o).isalpha())
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


def _dates(text: str, lang: str) -> list[dt.date]:
    return [d for d, _, _ in find_dates(text, None)]


def _primary_body(bodies: list[str]) -> str | None:
    for code in ("HRC", "SC", "GA", "ECOSOC"):
        if code in bodies:
            return code
    return bodies[0] if bodies else None


def _cover_bodies(cover: list[tuple[str, str]]) -> list[str]:
    found: list[str] = []
    for kind, text in cover:
        if kind not in {"body", "body_distr"}:
            continue
        compact = re.sub(r"\s+", "", re.split(r"Distr|Distribución|Распр", text)[0])
        for code, names in P.BODY_NAMES.items():
            for name in names:
                if name.replace(" ", "") in compact and code not in found:
                    found.append(code)
    # "大会" is a substring of nothing else here, but "人权理事会" documents also print "大会"
    return found


_CIRCULATION = (
    (re.compile(r"作为安全理事会(?:的)?文件分发|circulated as a document of the Security Council", re.I), "SC"),
    (re.compile(r"作为大会.{0,40}文件分发|circulated as a document of the General Assembly", re.I), "GA"),
    (re.compile(r"作为人权理事会.{0,40}文件分发|circulated as a document of the Human Rights Council", re.I), "HRC"),
)


def extract(structure: Structure, cleaned: Cleaned, lang: str, meta: Mapping[str, str]) -> Metadata:
    """Read the document-level facts out of a parsed structure."""
    out = Metadata()
    cover = structure.cover
    kinds = [k for k, _ in cover]
    out.job_number = cleaned.job_numbers[0] if cleaned.job_numbers else None

    # --- symbols -------------------------------------------------------------------------
    for sym in cleaned.header_symbols:
        if sym not in out.symbols:
            out.symbols.append(sym)
    cover_bodies = _cover_bodies(cover)
    res_number: str | None = None
    for kind, text in cover:
        if kind == "title":
            m = P.RESOLUTION_TITLE.match(text)
            if m:
                res_number = m.group("num")
                out.title = m.group("title").strip()
        elif kind == "sc_heading":
            m = P.SC_RESOLUTION_HEADING.match(text)
            if m:
                res_number = (m.group("num") or m.group("numzh") or "").strip()
                out.title = text
    if not out.symbols and res_number:
        body = "HRC" if "HRC" in cover_bodies else ("SC" if "(" in res_number or "（" in res_number else (
            "SC" if cover_bodies == ["SC"] else "GA"))
        sym = resolution_symbol(body, res_number)
        if sym:
            out.symbols.append(sym)

    parsed = [s for s in (parse_symbol(x) for x in out.symbols) if s is not None]

    # --- bodies ----------------------------------------------------------------------------
    for s in parsed:
        if s.body and s.body not in out.bodies:
            out.bodies.append(s.body)
    if not out.bodies:
        out.bodies = [b for b in cover_bodies if b != "GA" or "HRC" not in cover_bodies]
    if not out.bodies:
        for pat, code in _CIRCULATION:
            if pat.search(structure.text):
                out.bodies.append(code)
                break

    # --- type --------------------------------------------------------------------------------
    main_resolution = "main" in structure.address_parts
    adoption = [t for k, t in cover if k == "adoption"]
    sponsors = [P.DRAFT_SPONSORS.match(t) for k, t in cover if k == "sponsors"]
    sym_kind = parsed[0].kind if parsed else None
    sponsor_kind = sponsors[0].group("kind").lower() if sponsors and sponsors[0] else None
    if sym_kind == "resolution" or adoption or "sc_heading" in kinds or (res_number and not sponsors):
        out.doc_type = DocType.RESOLUTION
    elif sponsor_kind and ("amendment" in sponsor_kind or "修正案" in sponsor_kind):
        out.doc_type = DocType.AMENDMENT
    elif sym_kind == "draft" or sponsor_kind is not None:
        out.doc_type = DocType.DRAFT_RESOLUTION
    elif structure.letter_heading and P.NOTE_VERBALE_HEADING.match(structure.letter_heading):
        out.doc_type = DocType.NOTE_VERBALE
    elif structure.letter_heading:
        out.doc_type = DocType.LETTER
    elif sym_kind == "meeting_record":
        out.doc_type = DocType.MEETING_RECORD
    elif sym_kind == "decision":
        out.doc_type = DocType.DECISION
    elif main_resolution:
        out.doc_type = DocType.DRAFT_RESOLUTION
    elif "report_title" in kinds:
        out.doc_type = DocType.REPORT
    else:
        out.doc_type = _type_from_title(structure.parts[0].title if structure.parts else None) or DocType.OTHER

    for part in structure.parts[1:]:
        if part.key in structure.address_parts:
            out.annex_types[part.key] = DocType.DRAFT_RESOLUTION
        else:
            guess = _type_from_title(part.title) or _type_from_title(part.heading)
            if guess:
                out.annex_types[part.key] = guess

    # --- title -----------------------------------------------------------------------------
    if out.doc_type in {DocType.LETTER, DocType.NOTE_VERBALE} and structure.letter_heading:
        out.title = structure.letter_heading
    elif out.title is None:
        for i, (kind, text) in enumerate(cover):
            if kind == "title" and not P.RESOLUTION_TITLE.match(text):
                out.title = text
                break

    # --- dates -------------------------------------------------------------------------------
    for i, (kind, text) in enumerate(cover):
        if kind == "date" and i > 0 and re.search(r"Distr|Распр", cover[i - 1][1]):
            ds = _dates(text, lang)
            out.issue_date = ds[0] if ds else None
            break
    if out.doc_type is DocType.RESOLUTION:
        for text in adoption:
            ds = _dates(text, lang)
            if ds:
                out.date, out.date_role = ds[-1], "adoption"
                break
        if out.date is None:
            for text in structure.closing:
                d = parse_date(text, None)
                if d:
                    out.date, out.date_role = d, "adoption"
                    break
    elif out.doc_type in {DocType.LETTER, DocType.NOTE_VERBALE} and structure.letter_heading:
        ds = _dates(structure.letter_heading, lang)
        if ds:
            out.date, out.date_role = ds[0], "letter"
    if out.date is None and out.issue_date is not None:
        out.date, out.date_role = out.issue_date, "issue"

    # --- sessions and agenda items ---------------------------------------------------------------
    primary = _primary_body(out.bodies)
    for s in parsed:
        if s.session is not None and s.body in {"GA", "HRC", "ECOSOC"}:
            _add_session(out.sessions, Session(s.body, s.session, s.session_kind or "regular", s.text))
    cover_sessions: list[Session] = []
    for kind, text in cover:
        if kind != "session":
            continue
        for ref in find_sessions(text, lang):
            body = "SC" if ref.kind == "year" else (
                "HRC" if "HRC" in out.bodies else ("GA" if "GA" in out.bodies or ref.kind == "emergency_special"
                                                   else (primary or "GA")))
            sess = Session(body, ref.number, ref.kind, text[ref.start:ref.end])
            cover_sessions.append(sess)
            _add_session(out.sessions, sess)
    out.agenda_items = _agenda_items(cover, lang, cover_sessions)

    # --- meeting ------------------------------------------------------------------------------------
    meeting_no: int | None = None
    for text in structure.closing + adoption:
        m = P.MEETING_LINE.match(text)
        if m:
            meeting_no = int(next(g for g in m.groups() if g))
            break
        m = re.search(r"(\d{1,5})\s*次会议|at its (\d{1,5})(?:st|nd|rd|th) meeting", text)
        if m:
            meeting_no = int(m.group(1) or m.group(2))
            break
    if meeting_no is not None and primary:
        sess = next((s for s in out.sessions if s.body == primary and s.kind != "year"), None)
        out.meeting = Meeting(primary, meeting_no, sess, out.date if out.date_role == "adoption" else None)

    _apply_sidecar(out, meta, lang)
    return out


def _add_session(sessions: list[Session], new: Session) -> None:
    if not any((s.body, s.number, s.kind) == (new.body, new.number, new.kind) for s in sessions):
        sessions.append(new)


def _agenda_items(cover: list[tuple[str, str]], lang: str, sessions: list[Session]) -> list[AgendaItem]:
    items: list[AgendaItem] = []
    for i, (kind, text) in enumerate(cover):
        if kind != "agenda":
            continue
        numbers: list[str] = []
        for nums, _, _ in find_agenda_items(text, lang):
            numbers.extend(nums)
        titles: list[str] = []
        for kind2, text2 in cover[i + 1:]:
            if kind2 != "agenda_title":
                break
            if titles and titles[-1].endswith(("、", "，", ",", "-", "—", " and", " et", " y")):
                titles[-1] = titles[-1] + text2
            else:
                titles.append(text2)
        if len(numbers) == 1 and titles:
            joined = titles[0]
            for t in titles[1:]:
                joined = joined + t if _is_cjk_edge(joined, t) else f"{joined} {t}"
            titles = [joined]
        session = next((s for s in sessions if s.kind != "year"), None)
        for n, number in enumerate(numbers):
            title = titles[n] if len(titles) == len(numbers) else None
            items.append(AgendaItem(session, number, title))
    return items


def _is_cjk_edge(a: str, b: str) -> bool:
    return bool(a and b) and (unicodedata.east_asian_width(a[-1]) in "WF" or unicodedata.east_asian_width(b[0]) in "WF")


_TITLE_TYPES = (
    (re.compile(r"概念说明|concept note|note de cadrage|nota conceptual", re.I), DocType.CONCEPT_NOTE),
    (re.compile(r"备忘录|memorandum|mémorandum|memorando", re.I), DocType.MEMORANDUM),
    (re.compile(r"决议草案|draft resolution|projet de résolution|proyecto de resolución", re.I),
     DocType.DRAFT_RESOLUTION),
    (re.compile(r"普通照会|note verbale", re.I), DocType.NOTE_VERBALE),
    (re.compile(r"^(?:.*的)?报告$|^report of|^rapport d|^informe d", re.I), DocType.REPORT),
)


def _type_from_title(title: str | None) -> DocType | None:
    if not title:
        return None
    for pat, kind in _TITLE_TYPES:
        if pat.search(title):
            return kind
    return None


def _apply_sidecar(out: Metadata, meta: Mapping[str, str], lang: str) -> None:
    """Fill gaps from the sidecar; never override printed values silently."""
    if not meta:
        return
    if sym := meta.get("symbol"):
        parsed = parse_symbol(sym)
        if parsed is None:
            out.warnings.append(f"sidecar symbol {sym!r} is not a UN symbol; ignored")
        elif not out.symbols:
            out.symbols.append(parsed.text)
            if parsed.body and parsed.body not in out.bodies:
                out.bodies.append(parsed.body)
        elif parsed.text != out.symbols[0]:
            out.warnings.append(f"sidecar symbol {parsed.text} differs from the printed {out.symbols[0]}; kept the printed one")
    if d := meta.get("date"):
        try:
            value = dt.date.fromisoformat(d)
        except ValueError:
            out.warnings.append(f"sidecar date {d!r} is not ISO 8601; ignored")
        else:
            if out.date is None:
                out.date, out.date_role = value, "sidecar"
            elif value != out.date:
                out.warnings.append(f"sidecar date {value} differs from the printed {out.date}; kept the printed one")
    body_value = meta.get("bodies") or meta.get("body")
    if body_value:
        codes = [c for c in re.split(r"[\s,;]+", body_value.upper()) if c]
        if not out.bodies:
            out.bodies = codes
        elif set(codes) != set(out.bodies):
            out.warnings.append(f"sidecar bodies {codes} differ from the printed {out.bodies}; kept the printed ones")
    if t := meta.get("doc_type"):
        try:
            kind = DocType(t)
        except ValueError:
            out.warnings.append(f"sidecar doc_type {t!r} is not one of {[d.value for d in DocType]}; ignored")
        else:
            if out.doc_type is DocType.OTHER:
                out.doc_type = kind
            elif kind is not out.doc_type:
                out.warnings.append(f"sidecar doc_type {kind} differs from the detected {out.doc_type}; kept the detected one")
    if (title := meta.get("title")) and not out.title:
        out.title = title
