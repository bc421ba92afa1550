"""From cleaned blocks to the structure of a document.

Roles are assigned in one pass (cover page, letter heading, annex headings and titles,
the address line that opens a resolution, closing lines and vote blocks); then each part
gets its signatures, headings and paragraphs (preambular / operative / body, with their
printed number and leading verb); footnote markers are resolved to the paragraph that
carries them. The Expression text is the blocks joined by ``\\n`` with the footnotes at
the end; every span points into it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from unkg.model import Block, BlockRole, Footnote, Paragraph, ParagraphKind, Part, Signature, Span
from unkg.parse import patterns as P
from unkg.parse.clean import Cleaned, RawBlock
from unkg.parse.dates import find_dates
from unkg.parse.numerals import find_agenda_items, find_sessions
from unkg.parse.verbs import leading_verb

_SUP = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_TO_SUP = str.maketrans("0123456789", _SUP)
_END_PUNCT = tuple("。；：！？.;:!?，,、")


@dataclass(slots=True)
class Structure:
    """What :func:`build` finds; :mod:`unkg.parse.metadata` reads the cover from it."""

    text: str
    blocks: list[Block]
    parts: list[Part]
    paragraphs: list[Paragraph]
    footnotes: list[Footnote]
    signatures: list[Signature]
    cover: list[tuple[str, str]]  # (kind, text) of the cover-page blocks, in order
    letter_heading: str | None = None
    closing: list[str] = field(default_factory=list)  # closing lines of the main part
    annex_titles: dict[str, str] = field(default_factory=dict)
    address_parts: set[str] = field(default_factory=set)  # parts that open with an address
    warnings: list[str] = field(default_factory=list)


def _compact(text: str) -> str:
    """Remove spaces between CJK characters ("大  会" -> "大会")."""
    return re.sub(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])", "", text)


def _covers(spans: list[tuple[int, int]], text: str, share: float = 0.6) -> bool:
    """Do the spans cover at least ``share`` of the non-space characters of ``text``?"""
    covered = sum(len(text[s:e].replace(" ", "")) for s, e in spans)
    return covered >= share * len(text.replace(" ", ""))


def _is_body_names(text: str) -> bool:
    rest = _compact(text).replace(" ", "")
    names = sorted((n.replace(" ", "") for v in P.BODY_NAMES.values() for n in v), key=len, reverse=True)
    while rest:
        for name in names:
            if rest.startswith(name):
                rest = rest[len(name):]
                break
        else:
            return False
    return True


def _is_date_line(text: str, lang: str) -> bool:
    dates = find_dates(text, None)  # cover pages mix languages ("30 August 2021" in zh)
    return bool(dates) and _covers([(s, e) for _, s, e in dates], text, 0.7)


def _cover_kind(text: str, lang: str) -> str | None:
    """Name the cover-page line, or ``None`` if this block is not cover material."""
    if P.UNITED_NATIONS.match(text) or P.DISTR.match(text) or P.ORIGINAL.match(text):
        return "fixed"
    if P.LANGUAGE_NAME.match(text):
        return "fixed"
    if _is_body_names(text):
        return "body"
    m = re.match(r"^(?P<body>.+?)\s+(?P<distr>(?:Distr\.|Distribución|Распр\.).*)$", text)
    if m and _is_body_names(m.group("body")) and P.DISTR.match(m.group("distr")):
        return "body_distr"  # two cover columns on one line (PDF text layer)
    if P.COMMITTEE.match(text):
        return "committee"
    if P.REPORT_TITLE.match(text):
        return "report_title"
    if P.ADOPTION.match(text):
        return "adoption"
    if P.REPORT_BASIS.match(text):
        return "basis"
    if P.SC_RESOLUTION_HEADING.match(text):
        return "sc_heading"
    if P.DRAFT_SPONSORS.match(text):
        return "sponsors"
    if P.RESOLUTION_TITLE.match(text) and not P.NUMBERED.match(text):
        return "title"
    sessions = find_sessions(text, lang)
    if sessions and _covers([(s.start, s.end) for s in sessions], text, 0.5):
        return "session"
    items = find_agenda_items(text, lang)
    if items and _covers([(s, e) for _, s, e in items], text, 0.5):
        return "agenda"
    if _is_date_line(text, lang):
        return "date"
    return None


def _is_short(text: str, lang: str) -> bool:
    limit = 40 if lang in {"zh"} else 100
    return len(text) <= limit and not text.endswith(_END_PUNCT)


def build(cleaned: Cleaned, lang: str) -> Structure:
    """Assign roles and build parts, paragraphs, footnotes and signatures."""
    body = [b for b in cleaned.blocks if not b.footnote]
    notes = [b for b in cleaned.blocks if b.footnote]
    roles: list[BlockRole | None] = []
    part_of: list[str] = []
    parts_meta: list[dict[str, object]] = [{"key": "main", "kind": "main"}]
    cover: list[tuple[str, str]] = []
    letter_heading: str | None = None
    annex_titles: dict[str, str] = {}
    address_parts: set[str] = set()

    phase = "cover"
    after_agenda = 0  # cover lines allowed as agenda-item titles
    after_sponsors = False
    in_vote = False
    closed = False  # a resolution part has printed its closing (meeting, date) lines
    expect_title = False
    part = "main"
    for block in body:
        text = block.text
        role: BlockRole | None = None
        if phase == "cover":
            kind = _cover_kind(text, lang)
            if after_agenda and kind in {None, "date", "body"} and not _is_date_line(text, lang):
                kind = None  # agenda-item titles may mention dates and organs
            if kind is None and (after_agenda or after_sponsors) and not (
                P.ADDRESS.match(text) or P.LETTER_HEADING.match(text) or P.NOTE_VERBALE_HEADING.match(text)
            ) and len(text) < 500:
                kind = "agenda_title" if after_agenda else "title"
                after_agenda = max(after_agenda - 1, 0)
                after_sponsors = False
            if kind is not None:
                if kind == "agenda":
                    after_agenda = 4
                elif kind == "sponsors":
                    after_sponsors = True
                    after_agenda = 0
                elif kind not in {"agenda_title"}:
                    after_agenda = 0
                cover.append((kind, text))
                roles.append(BlockRole.COVER)
                part_of.append(part)
                continue
            phase = "text"
        if in_vote:
            role = BlockRole.CLOSING
            in_vote = not text.rstrip().endswith("]")
        elif P.VOTE_BLOCK_START.match(text) and not P.REPORT_BASIS.match(text):
            role = BlockRole.CLOSING
            in_vote = not text.rstrip().endswith("]")
        elif (P.ANNEX_HEADING.match(text) and len(text) < 220) or (
            closed and part in address_parts and not P.MEETING_LINE.match(text) and not _is_date_line(text, lang)
        ):
            # an annex heading, or text after a resolution's closing lines (A/RES/75/284 prints
            # its annexed declaration with no "Annex" heading)
            implicit = not P.ANNEX_HEADING.match(text)
            part = f"annex-{len(parts_meta)}"
            closed = False
            if implicit:
                parts_meta.append({"key": part, "kind": "annex", "heading": None})
                annex_titles[part] = text
                role = BlockRole.HEADING
            else:
                parts_meta.append({"key": part, "kind": "annex", "heading": text})
                role = BlockRole.HEADING
                expect_title = True
        elif expect_title and not P.ADDRESS.match(text) and not P.NUMBERED.match(text) and len(text) < 300 and not text.endswith("。"):
            annex_titles[part] = text
            role = BlockRole.HEADING
            expect_title = False
        elif P.ADDRESS.match(text):
            role = BlockRole.ADDRESS
            address_parts.add(part)
            expect_title = False
        elif letter_heading is None and part == "main" and (
            P.LETTER_HEADING.match(text) or P.NOTE_VERBALE_HEADING.match(text)
        ):
            letter_heading = text
            role = BlockRole.HEADING
        elif P.MEETING_LINE.match(text) or (len(text) < 60 and _is_date_line(text, lang)):  # cheap test first
            role = BlockRole.CLOSING
            closed = closed or part in address_parts
        else:
            expect_title = False
        roles.append(role)
        part_of.append(part)

    # closing place line: a short line next to a closing date at the end of a part
    for i in range(len(body) - 1, 0, -1):
        if roles[i] is None and roles[i - 1] is BlockRole.CLOSING and part_of[i] == part_of[i - 1] and (
            i == len(body) - 1 or part_of[i + 1] != part_of[i]
        ) and _is_short(body[i].text, lang) and len(body[i].text) <= 30:
            roles[i] = BlockRole.CLOSING

    signatures = _signatures(body, roles, part_of, lang)
    _headings(body, roles, part_of, address_parts, lang)
    warnings = _resolve_markers(body, roles, notes)

    # assemble the text
    pieces: list[str] = []
    spans: list[Span] = []
    pos = 0
    for b in body + notes:
        pieces.append(b.text)
        spans.append(Span(pos, pos + len(b.text)))
        pos += len(b.text) + 1
    text = "\n".join(pieces)
    body_spans = spans[: len(body)]
    note_spans = spans[len(body):]

    blocks = [
        Block(text=b.text, span=s, part=p, role=r) for b, s, p, r in zip(body, body_spans, part_of, roles)
    ]
    paragraphs = _paragraphs(blocks, address_parts, lang)
    footnotes = _footnotes(notes, note_spans, blocks, paragraphs)
    sigs = _finish_signatures(signatures, blocks)
    parts = _parts(parts_meta, blocks, annex_titles)
    for fn_block, span in zip(notes, note_spans):
        blocks.append(Block(text=fn_block.text, span=span, part="notes", role=BlockRole.FOOTNOTE))
    closing = [b.text for b in blocks if b.role is BlockRole.CLOSING and b.part == "main"]
    return Structure(
        text=text,
        blocks=blocks,
        parts=parts,
        paragraphs=paragraphs,
        footnotes=footnotes,
        signatures=sigs,
        cover=cover,
        letter_heading=letter_heading,
        closing=closing,
        annex_titles=annex_titles,
        address_parts=address_parts,
        warnings=warnings,
    )


@dataclass(slots=True)
class _Sig:
    block: int  # index of the name block
    name: str
    posts: list[int]  # indices of the post lines


def _signatures(body: list[RawBlock], roles: list[BlockRole | None], part_of: list[str], lang: str) -> list[_Sig]:
    """Find signature names and their post lines; mark those blocks SIGNATURE."""
    found: list[_Sig] = []
    for i, b in enumerate(body):
        if roles[i] is not None:
            continue
        m = P.SIGNED_ZH.match(b.text)
        if m:
            posts: list[int] = []
            j = i - 1
            while j >= 0 and len(posts) < 3 and roles[j] is None and part_of[j] == part_of[i] and (
                _is_short(body[j].text, lang) and len(body[j].text) <= 30 and not P.NUMBERED.match(body[j].text)
                and not P.SIGNED_ZH.match(body[j].text)
            ):
                posts.insert(0, j)
                j -= 1
            found.append(_Sig(i, m.group("name").strip(), posts))
            continue
        m = P.SIGNED_EN.match(b.text)
        if m:
            posts = []
            j = i + 1
            while j < len(body) and len(posts) < 3 and roles[j] is None and part_of[j] == part_of[i] and (
                _is_short(body[j].text, lang) and not P.SIGNED_EN.match(body[j].text)
            ):
                posts.append(j)
                j += 1
            found.append(_Sig(i, m.group("name").strip(), posts))
    for sig in found:
        roles[sig.block] = BlockRole.SIGNATURE
        for j in sig.posts:
            roles[j] = BlockRole.SIGNATURE
    return found


def _finish_signatures(found: list[_Sig], blocks: list[Block]) -> list[Signature]:
    out: list[Signature] = []
    for sig in found:
        block = blocks[sig.block]
        post = " ".join(blocks[j].text for j in sig.posts) or None
        first = blocks[sig.posts[0]].span.start if sig.posts and sig.posts[0] < sig.block else block.span.start
        last = blocks[sig.posts[-1]].span.end if sig.posts and sig.posts[-1] > sig.block else block.span.end
        out.append(
            Signature(part=block.part, ordinal=len(out) + 1, name=sig.name, post=post, span=Span(first, last))
        )
    return out


def _headings(body: list[RawBlock], roles: list[BlockRole | None], part_of: list[str],
              address_parts: set[str], lang: str) -> None:
    """Short unpunctuated lines in letters, notes and annexes (not resolutions) are headings."""
    limit = 25 if lang == "zh" else 80
    for i, b in enumerate(body):
        if roles[i] is not None or part_of[i] in address_parts:
            continue
        t = b.text
        if len(t) <= limit and not t.endswith(_END_PUNCT) and not P.NUMBERED.match(t) and not P.BULLET.match(t) \
                and "：" not in t and ":" not in t and not re.search(r"\d{4}", t):
            roles[i] = BlockRole.HEADING


def _marker_pattern(marker: str) -> re.Pattern[str]:
    sup = marker.translate(_TO_SUP)
    plain = re.escape(marker)
    return re.compile(
        rf"(?<![{_SUP}]){sup}(?![{_SUP}])"
        rf"|(?<=[，。；：”’）)」』》、…,.;:\]\"'a-z])\s?{plain}(?=\s|$|[，。,.;:])"
    )


def _resolve_markers(body: list[RawBlock], roles: list[BlockRole | None], notes: list[RawBlock]) -> list[str]:
    """Find each footnote's marker in the body, in order; plain digits become superscripts."""
    warnings: list[str] = []
    cursor = (0, 0)
    for fn in notes:
        if not fn.marker or not fn.marker.isdigit():
            continue
        pat = _marker_pattern(fn.marker)
        bi, off = cursor
        hit = None
        while bi < len(body):
            if roles[bi] not in (BlockRole.COVER, BlockRole.CLOSING):
                m = pat.search(body[bi].text, off)
                if m:
                    hit = (bi, m)
                    break
            bi += 1
            off = 0
        if hit is None:
            warnings.append(f"footnote {fn.marker}: marker not found in the text")
            continue
        bi, m = hit
        sup = fn.marker.translate(_TO_SUP)
        t = body[bi].text
        body[bi].text = t[: m.start()] + sup + t[m.end():]
        cursor = (bi, m.start() + len(sup))
    return warnings


def _paragraphs(blocks: list[Block], address_parts: set[str], lang: str) -> list[Paragraph]:
    out: list[Paragraph] = []
    by_part: dict[str, list[int]] = {}
    for i, b in enumerate(blocks):
        by_part.setdefault(b.part, []).append(i)
    for part, idxs in by_part.items():
        resolution = part in address_parts
        seen_address = False
        seen_operative = False
        ordinal = 0
        last_operative: int | None = None
        last_number = 0  # the last printed paragraph number in this part
        part_paras: list[Paragraph] = []
        for i in idxs:
            b = blocks[i]
            if b.role is BlockRole.ADDRESS:
                seen_address = True
                continue
            if b.role is not None:
                continue
            m = P.NUMBERED.match(b.text)
            if m is None and last_number >= 999:
                m = P.LONG_NUMBERED.match(b.text)
                if m and int(m.group("num")) != last_number + 1:
                    m = None
            if m:
                last_number = int(m.group("num"))
            sub = None if m else P.SUBNUMBERED.match(b.text)
            prefix = m.end() if m else (sub.end() if sub else 0)
            number = m.group("num") if m else (sub.group("num") if sub else None)
            ordinal += 1
            body_text = b.text[prefix:]
            span = Span(b.span.start + prefix, b.span.end)
            if resolution and seen_address:
                if m:
                    kind = ParagraphKind.OPERATIVE
                    seen_operative = True
                elif seen_operative:
                    kind = ParagraphKind.OPERATIVE
                else:
                    kind = ParagraphKind.PREAMBULAR
            else:
                kind = ParagraphKind.BODY
            para = Paragraph(part=part, ordinal=ordinal, kind=kind, text=body_text, span=span, number=number)
            if kind is ParagraphKind.OPERATIVE and m:
                last_operative = ordinal
            elif kind is ParagraphKind.OPERATIVE and sub and last_operative is not None:
                para.parent = last_operative
            part_paras.append(para)
        if resolution and not seen_operative:
            # a resolution with one unnumbered operative paragraph ("Adopts the political declaration ...")
            pre = [p for p in part_paras if p.kind is ParagraphKind.PREAMBULAR]
            if pre:
                last = pre[-1]
                verb = leading_verb(last.text, lang) or ""
                if not (lang == "en" and verb.split(" ")[-1].endswith(("ing", "ed"))):
                    last.kind = ParagraphKind.OPERATIVE
        for p in part_paras:
            if p.kind is not ParagraphKind.BODY:
                p.verb = leading_verb(p.text, lang)
        out.extend(part_paras)
    return out


def _footnotes(notes: list[RawBlock], spans: list[Span], blocks: list[Block],
               paragraphs: list[Paragraph]) -> list[Footnote]:
    out: list[Footnote] = []
    for i, (fn, span) in enumerate(zip(notes, spans), start=1):
        marker = fn.marker or str(i)
        footnote = Footnote(ordinal=i, marker=marker, text=fn.text, span=span)
        out.append(footnote)
    # anchor: find the superscript marker inside paragraph spans, in order
    cursor = 0
    for footnote in out:
        sup = footnote.marker.translate(_TO_SUP)
        pat = re.compile(rf"(?<![{_SUP}]){re.escape(sup)}(?![{_SUP}])")
        for block in blocks:
            if block.span.end <= cursor or block.role in (BlockRole.COVER, BlockRole.CLOSING, BlockRole.FOOTNOTE):
                continue
            start = max(cursor - block.span.start, 0)
            m = pat.search(block.text, start)
            if not m:
                continue
            abs_start = block.span.start + m.start()
            footnote.marker_span = Span(abs_start, abs_start + len(sup))
            cursor = abs_start + len(sup)
            for p in paragraphs:
                if p.part == block.part and block.span.start <= p.span.start <= block.span.end:
                    footnote.part = p.part
                    footnote.paragraph = p.ordinal
                    p.footnotes.append(footnote.ordinal)
                    break
            break
    return out


def _parts(meta: list[dict[str, object]], blocks: list[Block], titles: dict[str, str]) -> list[Part]:
    parts: list[Part] = []
    for m in meta:
        key = str(m["key"])
        spans = [b.span for b in blocks if b.part == key]
        if not spans:
            continue
        heading = m.get("heading")
        number = None
        if isinstance(heading, str):
            nm = re.search(r"(?:Annex(?:e)?|Anexo|Приложение|附件)\s*([IVX]+|\d+|[一二三四五六七八九十]+)$", heading)
            number = nm.group(1) if nm else None
        parts.append(
            Part(
                key=key,
                kind=str(m["kind"]),
                span=Span(spans[0].start, spans[-1].end),
                heading=heading if isinstance(heading, str) else None,
                title=titles.get(key),
                number=number,
            )
        )
    return parts
