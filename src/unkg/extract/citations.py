"""Citations: the UN documents and the instruments that a document cites.

:func:`find_citations` reads the paragraphs and the footnotes of a parsed
:class:`~unkg.model.Document` (not the cover page, the signatures nor the vote block) and
returns one :class:`Citation` per printed reference, in text order.

Documents
    * full symbols in any spelling (``A/RES/ES-11/4``, ``S/RES/2728(2024)``, ``A/74/542``,
      ``A/C.3/78/L.41/Rev.1``, ``S/PV.9000``, ``https://undocs.org/ch/A/77/4``), via
      :func:`unkg.parse.symbols.find_symbols`;
    * resolution numbers as printed in running text: ``第 60/147 号决议``, ``ES-11/4 号决议``,
      ``第2623(2022)号决议``, ``第 2625(XXV)号决议``, ``resolution 2728 (2024)``,
      ``resolutions 1564 (2004) … and 1593 (2005)``, ``第 2150 (2014)和 2171 (2014)号决议``,
      ``第5/1号和第5/2号决议``, and the bare ``217 A (III)``.

    The adopting organ of a bare number is settled by its shape when the shape allows one
    organ only (``2623 (2022)`` is the Security Council, ``ES-11/4`` the General Assembly),
    otherwise by the *nearest organ named before it in the same sentence*: ``人权理事会…第
    26/30 号决议`` is ``A/HRC/RES/26/30``, ``大会…第 68/262 号决议`` is ``A/RES/68/262``;
    ``理事会`` / ``the Council`` / ``its resolution`` / a leading ``其`` name the document's
    own organ. A footnote of a resolution that starts ``Resolution 2625 (XXV)`` cites the
    document's own organ (UN editorial usage). When nothing settles it, the citation is
    kept with ``symbol=None`` and ``unresolved_reason`` set: nothing is guessed.

    On the cover page only the agenda-item title is read (A/ES-11/10's agenda item is the
    letter S/2014/136); ``[on the report of the … Committee (A/74/368)]`` is not a citation.
    The document's own symbols are never cited.

Instruments
    the Charter (``《联合国宪章》``, ``《宪章》``, ``Charter of the United Nations``, ``the
    Charter``) with article locators (``第三十三条第一项`` = ``Article 33(1)``, ``Article 13,
    paragraph 1 (a), of the Charter`` = ``Article 13(1)(a)``); the instruments of
    ``instruments.csv`` by name; any other ``《…》`` title in a Chinese text
    (``title:<title>``); ICJ judgments, orders and advisory opinions (``icj:<slug>``, with
    parties as ISO codes, date, kind and paragraphs); *United Nations, Treaty Series*
    references (``unts:<vol>:<no>``, or the instrument's key when the reference data knows the
    volume and number).

Relation (CiTO): from the paragraph's leading verb: 回顾 / Recalling → ``citesForInformation``;
重申 / Reaffirming → ``agreesWith``; 遵循 / Guided by → ``citesAsAuthority``; 注意到 / 知悉 /
Taking note / Noting → ``citesForInformation``; footnotes → ``citesAsEvidence``; otherwise
``cites``.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from unkg.model import BlockRole, Document, DocType
from unkg.parse.numerals import fold_text, zh_to_int
from unkg.parse.symbols import find_symbols, parse_symbol, resolution_symbol
from unkg.resources import reference_path

__all__ = ["Citation", "Instrument", "find_citations", "instruments", "relation_for"]


@dataclass(frozen=True, slots=True)
class Citation:
    """One printed reference to a UN document or an instrument."""

    kind: str  # "document" | "instrument"
    symbol: str | None  # canonical UN symbol for documents, None if unresolved
    printed: str  # the printed reference text (== Document.text[start:end])
    instrument: str | None  # key: "charter", "iccpr", "icj:<slug>", "unts:<vol>:<no>", "title:<t>"
    label: str | None  # instrument title (en if known, else printed)
    qid: str | None
    locator: str | None  # "Article 33(1)", "paras 189, 250", "annex"
    relation: str  # CiTO local name
    start: int
    end: int
    paragraph: tuple[str, int] | None  # (part, ordinal) of the paragraph holding it
    footnote: int | None  # footnote ordinal when in a footnote
    unresolved_reason: str | None = None


@dataclass(frozen=True, slots=True)
class Instrument:
    key: str
    name_en: str
    name_zh: str
    aliases_en: tuple[str, ...]
    aliases_zh: tuple[str, ...]
    qid: str | None
    unts_vol: str | None
    unts_no: str | None


@cache
def instruments() -> dict[str, Instrument]:
    """The instruments of ``instruments.csv`` by key."""
    out: dict[str, Instrument] = {}
    with reference_path("instruments.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            split = lambda cell: tuple(x.strip() for x in (cell or "").split(";") if x.strip())  # noqa: E731
            out[row["key"]] = Instrument(
                key=row["key"],
                name_en=row["name_en"],
                name_zh=row["name_zh"],
                aliases_en=split(row["aliases_en"]),
                aliases_zh=split(row["aliases_zh"]),
                qid=row["wikidata_qid"] or None,
                unts_vol=row["unts_vol"] or None,
                unts_no=row["unts_no"] or None,
            )
    return out


# ---------------------------------------------------------------------------- relations

_RELATIONS_ZH = (("遵循", "citesAsAuthority"), ("重申", "agreesWith"), ("回顾", "citesForInformation"),
                 ("注意到", "citesForInformation"), ("知悉", "citesForInformation"))
_RELATIONS_EN = (("guided", "citesAsAuthority"), ("reaffirm", "agreesWith"),
                 ("recall", "citesForInformation"), ("taking note", "citesForInformation"),
                 ("takes note", "citesForInformation"), ("noting", "citesForInformation"),
                 ("notes", "citesForInformation"))


def relation_for(verb: str | None, footnote: bool = False) -> str:
    """CiTO local name for a citation in a paragraph led by *verb* (or in a footnote).

    >>> relation_for("又回顾"), relation_for("Reaffirming"), relation_for("遵循")
    ('citesForInformation', 'agreesWith', 'citesAsAuthority')
    >>> relation_for("Taking note also"), relation_for(None, footnote=True), relation_for("决定")
    ('citesForInformation', 'citesAsEvidence', 'cites')
    """
    if footnote:
        return "citesAsEvidence"
    if not verb:
        return "cites"
    v = verb.lower()
    for table in (_RELATIONS_ZH, _RELATIONS_EN):
        for word, rel in table:
            if word in v:
                return rel
    return "cites"


# ---------------------------------------------------------------------------- organs in context

_OWN = "OWN"
_OTHER = "OTHER"
_COUNCIL = "COUNCIL"  # "理事会" / "the Council" alone: the document's own council, else the last one named
_COUNCILS = ("HRC", "SC", "ECOSOC")
# nearest-before wins; longest alternatives first
_BODY_WORDS: tuple[tuple[str, str], ...] = (
    ("联合国人权事务高级专员办事处", "-"), ("人权理事会", "HRC"), ("安全理事会", "SC"), ("安理会", "SC"),
    ("经济及社会理事会", "ECOSOC"), ("经社理事会", "ECOSOC"), ("人权委员会", _OTHER),
    ("部长级理事会", _OTHER), ("委员会", _OTHER), ("理事会", _COUNCIL), ("大会", "GA"),
    ("Human Rights Council", "HRC"), ("Security Council", "SC"), ("Economic and Social Council", "ECOSOC"),
    ("General Assembly", "GA"), ("Commission on Human Rights", _OTHER), ("Commission", _OTHER),
    ("Council", _COUNCIL), ("Assembly", "GA"),
)
_BODY_RE = re.compile("|".join(re.escape(w) for w, _ in _BODY_WORDS))
_BODY_OF = dict(_BODY_WORDS)
_ITS_RE = re.compile(r"\b[Ii]ts\s+(?:own\s+|previous\s+|relevant\s+|earlier\s+)?resolutions?\b")
_SENTENCE_END = re.compile(r"[。；;]|\.\s")

# resolution numbers as printed
_ROMAN = r"(?:ES-|S-)?[IVXL]{1,6}"
_NUM = (
    r"(?:(?:ES|S)-\d{1,2}/\d{1,4}"
    r"|\d{4}/\d{1,3}"
    r"|\d{1,3}/\d{1,4}"
    rf"|\d{{1,4}}(?:[ ]?[A-Z])?[ ]?\([ ]?(?:\d{{4}}|{_ROMAN})[ ]?\)"
    r"|\d{1,4})"
)
_NUM_RE = re.compile(rf"(?<![A-Za-z0-9/.\-]){_NUM}(?![A-Za-z0-9/])")
_STRONG_RE = re.compile(
    rf"(?<![A-Za-z0-9/.\-])(?:(?:ES|S)-\d{{1,2}}/\d{{1,4}}|\d{{1,3}}/\d{{1,4}}"
    rf"|\d{{1,4}}(?:[ ]?[A-Z])?[ ]?\([ ]?(?:\d{{4}}|{_ROMAN})[ ]?\))(?![A-Za-z0-9/])"
)
_ZH_ITEM = rf"(?:第[ ]?)?{_NUM}(?:[ ]?号)?"
_ZH_SEP = r"[ ]?(?:、|和|及|以及|与|,|，)[ ]?"
_ZH_RES = re.compile(rf"(?<![A-Za-z0-9/.\-]){_ZH_ITEM}(?:{_ZH_SEP}{_ZH_ITEM})*[ ]?号?决议")
_EN_KW = re.compile(r"\b([Rr]esolutions?)\s+")
_UDHR_FORM = re.compile(r"(?<![A-Za-z0-9/.\-])\d{1,4} [A-Z] \((?:[IVXL]{1,6})\)")
_EN_STOP = re.compile(r"\b(?:decisions?|reports?|documents?|paragraphs?|Articles?|articles?)\b|[;:]")


def _shape_body(num: str) -> str | None:
    """The organ a number's shape implies on its own (SC year, GA emergency session)."""
    if re.search(r"\(\s*\d{4}\s*\)", num):
        return "SC"
    if num.startswith("ES-"):
        return "GA"
    return None


def _context_body(text: str, pos: int, own: str | None, verb: str | None) -> str | None:
    """Nearest organ named before *pos* in the same sentence of *text*."""
    start = 0
    for m in _SENTENCE_END.finditer(text, 0, pos):
        start = m.end()
    best: tuple[int, str] | None = None
    last_council: str | None = None
    for m in _BODY_RE.finditer(text, start, pos):
        code = _BODY_OF[m.group(0)]
        if code == "-":
            continue
        if code == _COUNCIL:
            code = own if own in _COUNCILS else (last_council or _OTHER)
        if code in _COUNCILS:
            last_council = code
        best = (m.start(), code)
    for m in _ITS_RE.finditer(text, start, pos + 12):
        if m.start() < pos and (best is None or m.start() > best[0]):
            best = (m.start(), _OWN)
    if verb and start == 0:
        lead = re.match(rf"\s*{re.escape(verb)}其", text)
        if lead and (best is None or lead.end() - 1 > best[0]):
            best = (lead.end() - 1, _OWN)
    if best is None:
        return None
    code = best[1]
    if code == _OWN:
        return own
    return code


# ---------------------------------------------------------------------------- units of text


@dataclass(frozen=True, slots=True)
class _Unit:
    text: str
    offset: int
    paragraph: tuple[str, int] | None
    footnote: int | None
    verb: str | None


def _units(doc: Document) -> Iterator[_Unit]:
    for p in doc.paragraphs:
        yield _Unit(p.text, p.span.start, (p.part, p.ordinal), None, p.verb)
    for f in doc.footnotes:
        para = (f.part, f.paragraph) if f.part is not None and f.paragraph is not None else None
        yield _Unit(f.text, f.span.start, para, f.ordinal, None)


def _own_body(doc: Document) -> str | None:
    if doc.symbol and (s := parse_symbol(doc.symbol)) is not None:
        return s.body
    return doc.bodies[0] if len(doc.bodies) == 1 else None


# ---------------------------------------------------------------------------- documents


def _doc_citations(doc: Document, u: _Unit, own: str | None, rel: str) -> list[Citation]:
    text = fold_text(u.text)
    out: list[Citation] = []
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= x or a >= y for x, y in taken)

    def add(symbol: str | None, a: int, b: int, reason: str | None = None) -> None:
        if not free(a, b):
            return
        taken.append((a, b))
        if symbol is not None and symbol in doc.symbols:
            return
        out.append(Citation(
            kind="document", symbol=symbol, printed=u.text[a:b], instrument=None, label=None,
            qid=None, locator=_doc_locator(text, a, b), relation=rel, start=u.offset + a,
            end=u.offset + b, paragraph=u.paragraph, footnote=u.footnote,
            unresolved_reason=reason,
        ))

    for sym, a, b in find_symbols(u.text):
        add(sym.text, a, b)

    def bare(num_m: re.Match[str], pos_for_context: int) -> None:
        num = num_m.group(0)
        a, b = num_m.start(), num_m.end()
        if not free(a, b):
            return
        body = _shape_body(num) or _context_body(text, pos_for_context, own, u.verb)
        if body is None and u.footnote is not None and own and _footnote_own(text, a):
            body = own
        if body is None:
            add(None, a, b, "adopting organ not named in the sentence")
        elif body == _OTHER:
            add(None, a, b, "adopted by a body that is not a UN organ with resolution symbols")
        else:
            sym = resolution_symbol(body, num)
            if sym is None:
                add(None, a, b, f"{num!r} is not a {body} resolution number")
            else:
                add(sym, a, b)

    for m in _ZH_RES.finditer(text):
        for n in _NUM_RE.finditer(text, m.start(), m.end()):
            bare(n, n.start())
    for kw in _EN_KW.finditer(text):
        pos = kw.end()
        first = _NUM_RE.match(text, pos)
        if first is None:
            continue
        bare(first, kw.start())
        if kw.group(1).endswith("s"):
            cursor = first.end()
            while True:
                nxt = _STRONG_RE.search(text, cursor, min(len(text), cursor + 160))
                if nxt is None:
                    break
                gap = text[cursor:nxt.start()]
                if _SENTENCE_END.search(gap) or _EN_STOP.search(gap) or _EN_KW.search(gap):
                    break
                bare(nxt, kw.start())
                cursor = nxt.end()
    for m in _UDHR_FORM.finditer(text):
        bare(m, m.start())
    return out


def _footnote_own(text: str, pos: int) -> bool:
    """A footnote that starts with ``Resolution(s) N`` / ``第 N 号决议`` and names no organ."""
    head = text[:pos]
    return bool(re.fullmatch(r"\s*(?:(?:See|see|见)\s*)?(?:[Rr]esolutions?\s*|第\s*)?", head)) or bool(
        re.fullmatch(r"\s*(?:[Rr]esolutions?|第)[\s\S]*", head) and not _BODY_RE.search(head)
    )


_ZH_PARAS = re.compile(r"^[ ]?[)）]?[ ]?[，,]?[ ]?第[ ]?(\d+(?:[ ]?[-–至和、][ ]?\d+)*)[ ]?段")
_ZH_ANNEX = re.compile(r"^[^。；，,]{0,6}[，,][ ]?附件")
_EN_PARAS_AFTER = re.compile(r"^\)?,?\s*paras?\.?\s*(\d+(?:\s*[-–,]\s*\d+)*)")
_EN_ANNEX = re.compile(r"^[^.;]{0,30}?,\s*annex\b")
_EN_PARAS_BEFORE = re.compile(
    r"\bparagraphs?\s+(\d+(?:\s*\([a-z]\))?(?:(?:,\s*|\s+and\s+)\d+(?:\s*\([a-z]\))?)*)\s+of\s+(?:its\s+)?resolutions?\s*$"
)


def _doc_locator(text: str, a: int, b: int) -> str | None:
    after = text[b:b + 40]
    after = re.sub(r"^[ ]?号?决议", "", after)
    if m := _ZH_PARAS.match(after):
        n = m.group(1).replace(" ", "")
        return ("paras " if re.search(r"\D", n) else "para ") + n
    if m := _EN_PARAS_AFTER.match(after):
        n = m.group(1)
        return ("paras " if re.search(r"\D", n) else "para ") + n
    if _ZH_ANNEX.match(after) or _EN_ANNEX.match(after):
        return "annex"
    if m := _EN_PARAS_BEFORE.search(text[max(0, a - 80):a]):
        n = m.group(1)
        return ("paras " if re.search(r"[,]|and", n) else "para ") + n
    return None


# ---------------------------------------------------------------------------- instruments

_ZH_ARTICLE = re.compile(
    r"第[ ]?([一二三四五六七八九十百零〇\d]+)[ ]?条(?:[ ]?第[ ]?([一二三四五六七八九十\d]+)[ ]?[项款])?"
    r"(?:[ ]?[(（]([a-z甲乙丙丁])[)）]项?)?"
)
_EN_ARTICLE = re.compile(
    r"\bArticles?\s+(\d+)(?:\s*\((\d+)\))?(?:,\s*paragraph\s+(\d+)(?:\s*\(([a-z])\))?)?"
)
_GENERIC_ZH_TITLES = frozenset({"公约", "协定", "宣言", "政治宣言", "议定书", "规约", "行动计划", "条约", "行动纲领"})
_NOT_INSTRUMENT_ZH = re.compile(r"^(?:条约汇编|国际法院案例汇编|.*正式记录.*)$")


def _zh_int(s: str) -> int | None:
    return int(s) if s.isdigit() else zh_to_int(s)


def _article(m: re.Match[str], lang: str) -> str | None:
    if lang == "zh":
        art = _zh_int(m.group(1))
        if art is None:
            return None
        loc = f"Article {art}"
        if m.group(2) and (p := _zh_int(m.group(2))) is not None:
            loc += f"({p})"
        if m.group(3):
            loc += f"({m.group(3)})"
        return loc
    loc = f"Article {m.group(1)}"
    if m.group(2):
        loc += f"({m.group(2)})"
    if m.group(3):
        loc += f"({m.group(3)})"
    if m.group(4):
        loc += f"({m.group(4)})"
    return loc


@cache
def _name_index() -> tuple[re.Pattern[str], dict[str, str]]:
    names: dict[str, str] = {}
    for ins in instruments().values():
        for n in (ins.name_en, *ins.aliases_en, ins.name_zh, *ins.aliases_zh):
            if n:
                names[n] = ins.key
    alt = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(alt), names


def _instrument_citation(u: _Unit, key: str, a: int, b: int, rel: str, locator: str | None,
                         label: str | None = None) -> Citation:
    ins = instruments().get(key)
    return Citation(
        kind="instrument", symbol=None, printed=u.text[a:b], instrument=key,
        label=(ins.name_en if ins else label), qid=ins.qid if ins else None, locator=locator,
        relation=rel, start=u.offset + a, end=u.offset + b, paragraph=u.paragraph,
        footnote=u.footnote,
    )


def _clause_end(text: str, pos: int, limit: int = 90) -> int:
    m = re.compile(r"[。；;]|《(?!条约汇编)|\.\s").search(text, pos, min(len(text), pos + limit))
    return m.start() if m else min(len(text), pos + limit)


def _instrument_citations(doc: Document, u: _Unit, rel: str, blocked: list[tuple[int, int]]
                          ) -> list[Citation]:
    text = fold_text(u.text)
    lang = doc.lang
    out: list[Citation] = []
    taken: list[tuple[int, int]] = list(blocked)
    pattern, names = _name_index()

    def free(a: int, b: int) -> bool:
        return all(b <= x or a >= y for x, y in taken)

    def zh_locator(end: int) -> str | None:
        stop = _clause_end(text, end)
        seg = text[end:stop]
        # 《A》和《B》第一条: the article follows the last title of a list
        m = _ZH_ARTICLE.search(seg)
        if m is None:
            nxt = re.match(r"[ ]?(?:和|及|、)[ ]?《[^》]{1,80}》", text[end:])
            if nxt:
                seg2 = text[end + nxt.end():_clause_end(text, end + nxt.end())]
                m = _ZH_ARTICLE.match(seg2.lstrip(" ，,"))
            if m is None:
                return None
        else:
            pre = seg[:m.start()]
            if re.search(r"[\u4e00-\u9fff]{3,}", re.sub(r"年|月|日|联合国|条约汇编|卷|第|号|可查阅", "", pre)):
                return None
        return _article(m, "zh")

    if lang == "zh":
        for m in re.finditer(r"《([^《》]{1,120})》", text):
            inner = m.group(1)
            a, b = m.start(), m.end()
            if not free(a, b) or _NOT_INSTRUMENT_ZH.match(inner):
                continue
            key = names.get(inner)
            if inner == "宪章":
                key = "charter"
            if key is None and inner in _GENERIC_ZH_TITLES:
                continue
            taken.append((a, b))
            loc = zh_locator(b)
            if key is not None:
                out.append(_instrument_citation(u, key, a, b, rel, loc))
            else:
                out.append(_instrument_citation(u, f"title:{inner}", a, b, rel, loc, label=inner))
    # names without 《》 (English; Chinese when the brackets were lost)
    for m in pattern.finditer(text):
        a, b = m.start(), m.end()
        if not free(a, b):
            continue
        key = names[m.group(0)]
        taken.append((a, b))
        loc = None
        if lang == "zh":
            loc = zh_locator(b)
        else:
            before = text[max(0, a - 60):a]
            if bm := re.search(
                r"\bArticles?\s+\d+[^.;]{0,40}?,?\s+of\s+the\s+$", before
            ):
                if am := _EN_ARTICLE.search(bm.group(0)):
                    loc = _article(am, "en")
        out.append(_instrument_citation(u, key, a, b, rel, loc))
    if lang != "zh":
        # "Article 13, paragraph 1 (a), of the Charter" / "Chapter VII of the Charter"
        for m in re.finditer(r"\bthe Charter\b(?! of the United Nations)", text):
            a, b = m.start() + 4, m.end()
            if not free(a, b):
                continue
            taken.append((a, b))
            before = text[max(0, a - 70):a]
            loc = None
            if bm := re.search(r"(\bArticles?\s+\d+[^.;]{0,40}?,?|\bChapter\s+[IVX]+)\s+of\s+the\s+$", before):
                am = _EN_ARTICLE.search(bm.group(0))
                loc = _article(am, "en") if am else bm.group(1).strip(" ,")
            out.append(_instrument_citation(u, "charter", a, b, rel, loc))
        for c in list(out):
            if c.instrument == "charter" and c.locator is None:
                before = text[max(0, c.start - u.offset - 70):c.start - u.offset]
                if bm := re.search(r"\bChapter\s+([IVX]+)\s+of\s+the\s+$", before):
                    out[out.index(c)] = _replace_locator(c, f"Chapter {bm.group(1)}")
    out.extend(_unts(u, text, rel, taken, out))
    out.extend(_icj(u, text, rel, lang))
    return out


def _replace_locator(c: Citation, loc: str) -> Citation:
    from dataclasses import replace

    return replace(c, locator=loc)


_UNTS_EN = re.compile(r"(?:United Nations, Treaty Series|(?P<ibid>Ibid\.)),\s*vol\.\s*(?P<vol>\d+),\s*No\.\s*(?P<no>\d+)")
_UNTS_ZH = re.compile(r"(?:《条约汇编》|(?P<ibid>同上))[，,][ ]?第[ ]?(?P<vol>\d+)[ ]?卷(?:[，,][ ]?第[ ]?(?P<no>\d+)[ ]?号)?")


def _unts(u: _Unit, text: str, rel: str, taken: list[tuple[int, int]], already: list[Citation]
          ) -> list[Citation]:
    out: list[Citation] = []
    for pat in (_UNTS_EN, _UNTS_ZH):
        for m in pat.finditer(text):
            if m.group("ibid") and m.start() > 3:
                continue  # "Ibid." only opening a footnote
            vol, no = m.group("vol"), m.group("no")
            key = None
            for ins in instruments().values():
                if ins.unts_vol == vol and (no is None or ins.unts_no in (None, no)):
                    key = ins.key
                    break
            if key is not None and any(c.instrument == key for c in already):
                continue  # the title is printed in the same note: one citation
            if key is None:
                key = f"unts:{vol}:{no}" if no else f"unts:{vol}"
            label = f"United Nations, Treaty Series, vol. {vol}" + (f", No. {no}" if no else "")
            out.append(_instrument_citation(u, key, m.start(), m.end(), rel, None, label=label))
    return out


_ZH_DATE = re.compile(r"(\d{4})[ ]?年[ ]?(\d{1,2})[ ]?月[ ]?(\d{1,2})[ ]?日")
_EN_MONTHS = {m: i for i, m in enumerate(
    "January February March April May June July August September October November December".split(), 1)}
_EN_DATE = re.compile(r"(\d{1,2}) (" + "|".join(_EN_MONTHS) + r") (\d{4})")
_ZH_ICJ_KIND = re.compile(r"临时措施命令|咨询意见|判决书|判决|命令")
_EN_ICJ_KIND = re.compile(r"[Aa]dvisory [Oo]pinion|Judgment|[Oo]rder on provisional measures|Order")
_KIND_NAMES = {"临时措施命令": "order", "命令": "order", "咨询意见": "advisory_opinion", "判决书": "judgment",
               "判决": "judgment"}


def _icj(u: _Unit, text: str, rel: str, lang: str) -> list[Citation]:
    from unkg.extract.states import find_states

    out: list[Citation] = []
    kinds = _ZH_ICJ_KIND if lang == "zh" else _EN_ICJ_KIND
    last_end = 0
    for k in kinds.finditer(text):
        if k.start() < last_end:
            continue
        sent = 0
        for m in re.finditer(r"[。；;]|\.\s(?=[A-Z])", text[:k.start()]):
            sent = m.end()
        window = text[sent:k.end()]
        parties = re.search(r"\(([^()]{1,40}?)(?:诉| v\. )([^()]{1,60})\)", window)
        court = re.search(r"国际法院|International Court of Justice|I\.C\.J\.", window + text[k.end():k.end() + 40])
        if not (parties or court):
            continue
        if court is None and not parties:
            continue
        kind = _KIND_NAMES.get(k.group(0)) if lang == "zh" else (
            "advisory_opinion" if "dvisory" in k.group(0) else "order" if "rder" in k.group(0) else "judgment")
        dates = list((_ZH_DATE if lang == "zh" else _EN_DATE).finditer(window))
        date = None
        if dates:
            d = dates[-1]
            if lang == "zh":
                date = f"{int(d.group(1)):04d}-{int(d.group(2)):02d}-{int(d.group(3)):02d}"
            else:
                date = f"{int(d.group(3)):04d}-{_EN_MONTHS[d.group(2)]:02d}-{int(d.group(1)):02d}"
        slug_parts: list[str] = []
        if parties:
            codes = []
            for side in (parties.group(1), parties.group(2)):
                st = find_states(side, lang)
                codes.append(st[0].entity.key if st and hasattr(st[0], "entity") else (
                    getattr(st[0], "key", None) if st else None) or side.strip())
            slug_parts.append(f"{codes[0]}-v-{codes[1]}")
        else:
            slug_parts.append("advisory" if kind == "advisory_opinion" else "case")
        if date:
            slug_parts.append(date)
        slug_parts.append(kind or "decision")
        start = sent + (parties.start() if parties else (court.start() if court and court.start() < len(window) else 0))
        # case name: text before the parties back to the clause start
        start = sent + len(window[: start - sent]) - len(window[: start - sent].lstrip())
        case_start = sent
        lead = re.search(r"(?:见|就)(?=[^见就]*$)", window[: (parties.start() if parties else 0)]) if lang == "zh" else None
        if lead:
            case_start = sent + lead.end()
        case_start = max(case_start, sent)
        end = k.end()
        sm = re.compile(r"[。；;]").search(text, end, min(len(text), end + 120))
        stop = sm.start() if sm else min(len(text), end + 120)
        tail = text[end:stop]
        loc = None
        if pm := re.search(r"第[ ]?(\d+(?:[ ]?[-–和、][ ]?\d+)*)[ ]?段|paras?\.\s*(\d+(?:\s*[-–,]\s*\d+)*)", tail):
            n = (pm.group(1) or pm.group(2)).replace(" ", "")
            loc = ("paras " if re.search(r"\D", n) else "para ") + n
            end = end + pm.end()
        a = case_start
        while a < k.start() and text[a] in " ，,":
            a += 1
        label = text[a:k.end()].strip()
        out.append(Citation(
            kind="instrument", symbol=None, printed=u.text[a:end], instrument="icj:" + ":".join(slug_parts),
            label=label, qid=None, locator=loc, relation=rel, start=u.offset + a, end=u.offset + end,
            paragraph=u.paragraph, footnote=u.footnote,
        ))
        last_end = end
    return out


# ---------------------------------------------------------------------------- entry point


def _cover_citations(doc: Document) -> list[Citation]:
    """Symbols printed in the cover's agenda-item titles (A/ES-11/10: the letter S/2014/136)."""
    wanted = {s.text for ai in doc.agenda_items if ai.title for s, _, _ in find_symbols(ai.title)}
    out: list[Citation] = []
    if not wanted:
        return out
    for block in doc.blocks:
        if block.role is not BlockRole.COVER:
            continue
        for sym, a, b in find_symbols(block.text):
            if sym.text in wanted and sym.text not in doc.symbols:
                out.append(Citation(
                    kind="document", symbol=sym.text, printed=block.text[a:b], instrument=None,
                    label=None, qid=None, locator=None, relation="cites",
                    start=block.span.start + a, end=block.span.start + b, paragraph=None,
                    footnote=None,
                ))
    return out


def find_citations(doc: Document) -> list[Citation]:
    """Every citation of a UN document or an instrument in *doc*, in text order."""
    own = _own_body(doc)
    out: list[Citation] = _cover_citations(doc)
    seen: set[tuple[int, int, str]] = set()
    for u in _units(doc):
        rel = relation_for(u.verb, footnote=u.footnote is not None)
        docs = _doc_citations(doc, u, own, rel)
        blocked = [(c.start - u.offset, c.end - u.offset) for c in docs]
        for c in docs + _instrument_citations(doc, u, rel, blocked):
            k = (c.start, c.end, c.kind)
            if k not in seen:
                seen.add(k)
                out.append(c)
    out.sort(key=lambda c: (c.start, c.end))
    return out


_ = DocType  # re-exported types used in docs
