"""Typed records passed between pipeline stages.

``ingest`` produces a :class:`SourceText`; ``parse`` turns it into a :class:`Document`;
``mapping`` turns a :class:`Document` into quads. Records are plain dataclasses: no RDF,
no I/O. Offsets (:class:`Span`) are Python string indices (Unicode code points) into
:attr:`Document.text`, the normalised text of one Expression: the same convention that
W3C Web Annotation ``TextPositionSelector`` uses.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path


class DocType(StrEnum):
    """Document types, as the ``doc_type`` column of the ``documents`` query prints them."""

    RESOLUTION = "resolution"
    DRAFT_RESOLUTION = "draft_resolution"
    AMENDMENT = "amendment"
    DECISION = "decision"
    LETTER = "letter"
    NOTE_VERBALE = "note_verbale"
    CONCEPT_NOTE = "concept_note"
    MEMORANDUM = "memorandum"
    REPORT = "report"
    MEETING_RECORD = "meeting_record"
    OTHER = "other"


class ParagraphKind(StrEnum):
    """Kind of a paragraph: preambular and operative in resolutions and drafts, body elsewhere."""

    PREAMBULAR = "preambular"
    OPERATIVE = "operative"
    BODY = "body"


class BlockRole(StrEnum):
    """What a non-paragraph block of text is."""

    COVER = "cover"  # cover-page lines (symbol, distribution, session, agenda item ...)
    HEADING = "heading"  # titles and section headings
    ADDRESS = "address"  # "The General Assembly," / "大会，" opening a resolution
    SIGNATURE = "signature"  # signature block lines
    CLOSING = "closing"  # meeting and date lines after the operative part, vote blocks
    FOOTNOTE = "footnote"


@dataclass(frozen=True, slots=True)
class Span:
    """Half-open ``[start, end)`` range of code points in the Expression text."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad span {self.start}..{self.end}")


@dataclass(frozen=True, slots=True)
class SourceText:
    """One input file decoded to text, with what is known about where it came from.

    ``text`` has ``\\n`` line ends. For PDFs, ``text`` is the text layer with pages
    separated by form feeds (``\\f``); ``layout`` says how lines were produced so that the
    parser can pick the right line-joining rules.
    """

    name: str  # display name (the path as given, or the sample's name)
    sha256: str  # SHA-256 of the raw bytes, hex
    text: str
    media_type: str  # "text/plain" or "application/pdf"
    encoding: str | None = None  # the decoding used for text input
    layout: str = "text"  # "text" or "pdf"
    pages: int | None = None
    path: Path | None = None
    meta: Mapping[str, str] = field(default_factory=dict)  # sidecar NAME.meta.json / .yaml
    meta_path: Path | None = None
    size: int = 0  # bytes


@dataclass(frozen=True, slots=True)
class Session:
    """A session of an organ: GA 75, GA ES-11 (emergency special), HRC S-34, SC year 76."""

    body: str  # organ code: GA, SC, HRC ...
    number: int
    kind: str = "regular"  # regular | special | emergency_special | year (SC counts years)
    label: str = ""  # as printed

    @property
    def code(self) -> str:
        """Short code used in IRIs: ``75``, ``ES-11``, ``S-34``, ``Y76``."""
        prefix = {"regular": "", "special": "S-", "emergency_special": "ES-", "year": "Y"}[
            self.kind
        ]
        return f"{prefix}{self.number}"


@dataclass(frozen=True, slots=True)
class AgendaItem:
    """An agenda item as printed on the cover page: number (``75 (c)``) and its title."""

    session: Session | None
    number: str
    title: str | None = None


@dataclass(frozen=True, slots=True)
class Meeting:
    """A meeting of an organ (``第 38 次会议``, ``46th meeting``, ``8848th meeting``)."""

    body: str
    number: int
    session: Session | None = None
    date: dt.date | None = None


@dataclass(slots=True)
class Block:
    """A unit of text after line joining: a paragraph, heading, cover line, ..."""

    text: str
    span: Span
    part: str  # part key: "main", "annex-1", ...
    role: BlockRole | None = None  # None for paragraphs


@dataclass(slots=True)
class Paragraph:
    """A numbered or unnumbered paragraph of a part.

    ``text`` excludes the printed number (``1.`` / ``(a)``); ``span`` is the span of ``text``.
    ``number`` for a sub-paragraph is its own label (``(a)``) and ``parent`` the ordinal of
    the operative paragraph it belongs to.
    """

    part: str
    ordinal: int  # 1-based position among the paragraphs of its part
    kind: ParagraphKind
    text: str
    span: Span
    number: str | None = None
    verb: str | None = None
    parent: int | None = None
    footnotes: list[int] = field(default_factory=list)  # ordinals of footnotes marked here


@dataclass(slots=True)
class Footnote:
    """A footnote: its marker as printed, its text, and the paragraph that carries the marker."""

    ordinal: int  # 1-based, in document order
    marker: str  # "1", "¹" ...
    text: str
    span: Span
    part: str | None = None  # part and paragraph ordinal that carry the marker
    paragraph: int | None = None
    marker_span: Span | None = None


@dataclass(slots=True)
class Signature:
    """A signature block: the printed name and the post lines above or below it."""

    part: str
    ordinal: int
    name: str
    post: str | None
    span: Span
    place: str | None = None
    date: dt.date | None = None


@dataclass(slots=True)
class Part:
    """The main text or an annex."""

    key: str  # "main", "annex-1", "annex-2" ...
    kind: str  # "main" | "annex"
    span: Span
    heading: str | None = None  # "附件", "Annex I", "... 的附件"
    title: str | None = None
    doc_type: DocType | None = None  # type of an annex (draft resolution, memorandum ...)
    number: str | None = None  # "I", "1"


@dataclass(slots=True)
class Document:
    """One Expression (one language version of one document), parsed."""

    source: SourceText
    text: str  # the normalised text all spans point into
    lang: str  # ISO 639-1
    doc_type: DocType
    symbols: list[str] = field(default_factory=list)  # UN form; joint documents carry two
    bodies: list[str] = field(default_factory=list)  # organ codes: GA, SC, HRC, ECOSOC ...
    sessions: list[Session] = field(default_factory=list)
    agenda_items: list[AgendaItem] = field(default_factory=list)
    date: dt.date | None = None  # the date the document bears
    date_role: str | None = None  # adoption | letter | issue
    issue_date: dt.date | None = None  # "Distr." date
    title: str | None = None
    job_number: str | None = None
    meeting: Meeting | None = None
    parts: list[Part] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    paragraphs: list[Paragraph] = field(default_factory=list)
    footnotes: list[Footnote] = field(default_factory=list)
    signatures: list[Signature] = field(default_factory=list)
    links: list[str] = field(default_factory=list)  # URLs from link lists (undocs.org ...)
    warnings: list[str] = field(default_factory=list)

    @property
    def symbol(self) -> str | None:
        """The primary symbol, or ``None`` when the text prints none."""
        return self.symbols[0] if self.symbols else None


@dataclass(frozen=True, slots=True)
class Unit:
    """A paragraph, heading or footnote of an Expression, as the search index keeps it
    (:mod:`unkg.search`): read from the store, or from a parsed document (:func:`unkg.mapping.text_units`)."""

    unit: str
    kind: str
    part: str
    n: str
    ordinal: int | None
    start: int | None
    end: int | None
    text: str
