"""Map stage: :class:`~unkg.model.Document` -> quads in one named graph per Expression.

Everything about one Expression, and the provenance of that graph, goes into the same
named graph, so that the graph is replaced as a unit. Types are materialised (a
resolution is ``unkg:Work`` *and* ``unkg:Resolution``) because the store does no inference.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections.abc import Iterator
from itertools import chain
from dataclasses import dataclass
from pathlib import PurePath

from pyoxigraph import Literal, NamedNode, Quad

from unkg import __version__
from unkg.extract.actors import Actors
from unkg.extract.citations import Citation
from unkg.extract.claims import Claim
from unkg.extract.organs import Body
from unkg.extract.states import Entity, entities
from unkg.extract.votes import VoteRecord
from unkg.iri import Minter
from unkg.model import Block, BlockRole, DocType, Document, ParagraphKind, Session, Span, Unit
from unkg.parse import patterns as P
from unkg.parse.symbols import find_symbols, parse_symbol
from unkg.vocab import CITO, OA, PROV, RDF_TYPE, RDFS, SKOS, UNKG, WD, XSD

DOC_CLASS: dict[DocType, NamedNode] = {
    DocType.RESOLUTION: UNKG.Resolution,
    DocType.DRAFT_RESOLUTION: UNKG.DraftResolution,
    DocType.AMENDMENT: UNKG.Amendment,
    DocType.DECISION: UNKG.Decision,
    DocType.LETTER: UNKG.Letter,
    DocType.NOTE_VERBALE: UNKG.NoteVerbale,
    DocType.CONCEPT_NOTE: UNKG.ConceptNote,
    DocType.MEMORANDUM: UNKG.Memorandum,
    DocType.REPORT: UNKG.Report,
    DocType.MEETING_RECORD: UNKG.MeetingRecord,
    DocType.OTHER: UNKG.OtherDocument,
}
PARAGRAPH_CLASS: dict[ParagraphKind, NamedNode] = {
    ParagraphKind.PREAMBULAR: UNKG.PreambularParagraph,
    ParagraphKind.OPERATIVE: UNKG.OperativeParagraph,
    ParagraphKind.BODY: UNKG.BodyParagraph,
}
LANGUAGE_BASE = "http://id.loc.gov/vocabulary/iso639-1/"


@dataclass(frozen=True, slots=True)
class Provenance:
    """What the graph records about how it was made."""

    pipeline_digest: str
    generated_at: dt.datetime


@dataclass(frozen=True, slots=True)
class Mapped:
    """The quads of one Expression graph and the IRIs a caller reports."""

    graph: NamedNode
    work: NamedNode
    expression: NamedNode
    quads: list[Quad]


def _int(value: int) -> Literal:
    return Literal(str(value), datatype=XSD.integer)


def _date(value: dt.date) -> Literal:
    return Literal(value.isoformat(), datatype=XSD.date)


def _headings(doc: Document) -> Iterator[tuple[Block, int]]:
    """Heading blocks with their 1-based position in their part (the number in their IRI)."""
    counts: dict[str, int] = {}
    for block in doc.blocks:
        if block.role is BlockRole.HEADING:
            counts[block.part] = counts.get(block.part, 0) + 1
            yield block, counts[block.part]


def _located(node: NamedNode, ordinal: int, span: Span) -> Iterator[tuple[NamedNode, NamedNode, Literal]]:
    """Position of a unit of text: its ordinal and its span in the Expression text."""
    yield node, UNKG.ordinal, _int(ordinal)
    yield node, UNKG.start, _int(span.start)
    yield node, UNKG.end, _int(span.end)


def document_iris(doc: Document, minter: Minter) -> tuple[NamedNode, NamedNode, NamedNode]:
    """(work, expression, graph) IRIs of a parsed document."""
    work = minter.work(doc.symbol, doc.source.sha256)
    expression = minter.expression(work, doc.lang)
    return work, expression, minter.graph(expression)


def map_document(doc: Document, minter: Minter, prov: Provenance, actors: Actors | None = None,
                 votes: list[VoteRecord] | None = None, citations: list[Citation] | None = None,
                 claims: list[Claim] | None = None) -> Mapped:
    """All quads of one Expression, in its own named graph."""
    work, expr, graph = document_iris(doc, minter)
    triples = _triples(doc, minter, prov, work, expr, graph)
    if actors is not None:
        triples = chain(triples, _actor_triples(doc, actors, minter, work, expr))
    if votes:
        triples = chain(triples, _vote_triples(doc, votes, minter, work, expr))
    if citations:
        triples = chain(triples, _citation_triples(doc, citations, minter, expr))
    if claims:
        triples = chain(triples, _claim_triples(doc, claims, citations or [], minter, expr))
    quads = [Quad(s, p, o, graph) for s, p, o in triples]
    return Mapped(graph=graph, work=work, expression=expr, quads=quads)


def text_units(doc: Document, minter: Minter) -> list[Unit]:
    """The paragraphs, headings and footnotes of the Expression as the search index keeps them
    (:class:`unkg.model.Unit`), in text order: the IRIs, kinds, parts, numbers and spans of the
    triples :func:`map_document` writes for them, from the parsed document. A build's workers
    index from here; :func:`unkg.search.graph_units` reads the same from the store (a test checks
    that the two agree). A part is labelled as ``paragraphs.rq`` labels it: ``main``, or
    ``annex`` and its printed number, else its position among the annexes."""
    _, expr, _ = document_iris(doc, minter)
    part_iris: dict[str, NamedNode] = {}
    labels: dict[str, str] = {}
    for n, part in enumerate(doc.parts, start=1):
        part_iris[part.key] = minter.part(expr, part.key)
        labels[part.key] = "main" if part.kind == "main" else f"annex {part.number or n - 1}"
    units = [Unit(unit=minter.paragraph(part_iris[para.part], para.ordinal).value, kind=str(para.kind),
                  part=labels[para.part], n=para.number or str(para.ordinal), ordinal=para.ordinal,
                  start=para.span.start, end=para.span.end, text=para.text) for para in doc.paragraphs]
    units += [Unit(unit=minter.heading(part_iris[block.part], ordinal).value, kind="heading", part=labels[block.part],
                   n=str(ordinal), ordinal=ordinal, start=block.span.start, end=block.span.end, text=block.text)
              for block, ordinal in _headings(doc)]
    units += [Unit(unit=minter.footnote(expr, fn.ordinal).value, kind="footnote",
                   part=labels[fn.part] if fn.part is not None and fn.paragraph is not None else "", n=fn.marker,
                   ordinal=fn.ordinal, start=fn.span.start, end=fn.span.end, text=fn.text) for fn in doc.footnotes]
    return sorted(units, key=lambda u: (u.start if u.start is not None else -1, u.unit))


def _triples(doc: Document, m: Minter, prov: Provenance, work: NamedNode, expr: NamedNode,
             graph: NamedNode) -> Iterator[tuple[NamedNode, NamedNode, NamedNode | Literal]]:
    lang = doc.lang

    def text(value: str) -> Literal:
        return Literal(value, language=lang)

    # --- Work ---------------------------------------------------------------------------------
    yield work, RDF_TYPE, UNKG.Work
    yield work, RDF_TYPE, DOC_CLASS[doc.doc_type]
    for symbol in doc.symbols:
        yield work, UNKG.symbol, Literal(symbol)
    for code in doc.bodies:
        organ = m.organ(code)
        yield work, UNKG.body, organ
        yield organ, RDF_TYPE, UNKG.Organ
        yield organ, SKOS.notation, Literal(code)
    if doc.date:
        yield work, UNKG.date, _date(doc.date)
        if doc.date_role == "adoption":
            yield work, UNKG.adoptionDate, _date(doc.date)
    if doc.issue_date:
        yield work, UNKG.issueDate, _date(doc.issue_date)
    for session in doc.sessions:
        s = m.session(session)
        yield work, UNKG.session, s
        yield from _session(m, s, session)
    for item in doc.agenda_items:
        a = m.agenda_item(item, expr)
        yield work, UNKG.agendaItem, a
        yield a, RDF_TYPE, UNKG.AgendaItem
        yield a, UNKG.itemNumber, Literal(item.number)
        if item.title:
            yield a, UNKG.title, text(item.title)
        if item.session:
            yield a, UNKG.inSession, m.session(item.session)
    if doc.meeting:
        meeting = m.meeting(doc.meeting)
        yield work, UNKG.adoptedAt, meeting
        yield meeting, RDF_TYPE, UNKG.Meeting
        yield meeting, UNKG.meetingNumber, _int(doc.meeting.number)
        yield meeting, UNKG.ofBody, m.organ(doc.meeting.body)
        if doc.meeting.session:
            yield meeting, UNKG.inSession, m.session(doc.meeting.session)
        if doc.meeting.date:
            yield meeting, UNKG.date, _date(doc.meeting.date)
    yield work, UNKG.hasExpression, expr
    yield from _lineage(doc, m, work)

    # --- Expression ---------------------------------------------------------------------------
    yield expr, RDF_TYPE, UNKG.Expression
    yield expr, UNKG.expressionOf, work
    yield expr, UNKG.language, NamedNode(LANGUAGE_BASE + lang)
    yield expr, UNKG.languageCode, Literal(lang)
    if doc.title:
        yield expr, UNKG.title, text(doc.title)
    yield expr, UNKG.text, Literal(doc.text)
    if doc.job_number:
        yield expr, UNKG.jobNumber, Literal(doc.job_number)
    for url in dict.fromkeys(doc.links):
        yield expr, UNKG.printedLink, Literal(url, datatype=XSD.anyURI)
    for note in doc.warnings:
        yield expr, UNKG.parseNote, Literal(note)

    # --- parts, paragraphs, headings ------------------------------------------------------------
    part_iris: dict[str, NamedNode] = {}
    for n, part in enumerate(doc.parts, start=1):
        p = m.part(expr, part.key)
        part_iris[part.key] = p
        yield expr, UNKG.hasPart, p
        yield p, UNKG.partOf, expr
        yield p, RDF_TYPE, UNKG.Part
        yield p, RDF_TYPE, UNKG.MainText if part.kind == "main" else UNKG.Annex
        yield from _located(p, n, part.span)
        if part.heading:
            yield p, UNKG.heading, text(part.heading)
        if part.title:
            yield p, UNKG.title, text(part.title)
        if part.number:
            yield p, UNKG.partNumber, Literal(part.number)
        if part.doc_type:
            yield p, UNKG.contentType, DOC_CLASS[part.doc_type]
    para_iris: dict[tuple[str, int], NamedNode] = {}
    for para in doc.paragraphs:
        part_iri = part_iris[para.part]
        q = m.paragraph(part_iri, para.ordinal)
        para_iris[(para.part, para.ordinal)] = q
        yield part_iri, UNKG.hasParagraph, q
        yield q, UNKG.inPart, part_iri
        yield q, RDF_TYPE, UNKG.Paragraph
        yield q, RDF_TYPE, PARAGRAPH_CLASS[para.kind]
        yield q, UNKG.text, Literal(para.text)
        yield from _located(q, para.ordinal, para.span)
        if para.number:
            yield q, UNKG.number, Literal(para.number)
        if para.verb:
            yield q, UNKG.verb, text(para.verb)
    for para in doc.paragraphs:
        if para.parent is not None:
            yield para_iris[(para.part, para.ordinal)], UNKG.parentParagraph, para_iris[(para.part, para.parent)]
    for block, ordinal in _headings(doc):
        h = m.heading(part_iris[block.part], ordinal)
        yield part_iris[block.part], UNKG.hasHeading, h
        yield h, RDF_TYPE, UNKG.Heading
        yield h, UNKG.text, Literal(block.text)
        yield from _located(h, ordinal, block.span)

    # --- footnotes and signatures ---------------------------------------------------------------
    for fn in doc.footnotes:
        f = m.footnote(expr, fn.ordinal)
        yield expr, UNKG.hasFootnote, f
        yield f, RDF_TYPE, UNKG.Footnote
        yield f, UNKG.marker, Literal(fn.marker)
        yield f, UNKG.text, Literal(fn.text)
        yield from _located(f, fn.ordinal, fn.span)
        if fn.part is not None and fn.paragraph is not None:
            yield f, UNKG.anchoredIn, para_iris[(fn.part, fn.paragraph)]
    for sig in doc.signatures:
        s = m.signature(expr, sig.ordinal)
        yield expr, UNKG.hasSignature, s
        yield s, RDF_TYPE, UNKG.Signature
        yield s, UNKG.signedName, text(sig.name)
        if sig.post:
            yield s, UNKG.postText, text(sig.post)
        yield from _located(s, sig.ordinal, sig.span)

    # --- provenance of the graph ------------------------------------------------------------------
    src = doc.source
    source = m.source(src.sha256)
    activity = m.activity(src.sha256, prov.pipeline_digest)
    yield graph, RDF_TYPE, UNKG.DocumentGraph
    yield graph, UNKG.describes, expr
    yield graph, PROV.wasDerivedFrom, source
    yield graph, PROV.wasGeneratedBy, activity
    yield graph, PROV.generatedAtTime, Literal(prov.generated_at.isoformat(), datatype=XSD.dateTime)
    yield expr, PROV.wasDerivedFrom, source
    yield source, RDF_TYPE, UNKG.SourceFile
    yield source, UNKG.sha256, Literal(src.sha256)
    yield source, UNKG.fileName, Literal(PurePath(src.name).name)
    yield source, UNKG.mediaType, Literal(src.media_type)
    yield source, UNKG.byteSize, _int(src.size)
    if src.pages is not None:
        yield source, UNKG.pageCount, _int(src.pages)
    if src.encoding:
        yield source, UNKG.encoding, Literal(src.encoding)
    if src.meta_path is not None:
        yield source, UNKG.sidecar, Literal(src.meta_path.name)
    yield activity, RDF_TYPE, UNKG.ExtractionActivity
    yield activity, PROV.used, source
    yield activity, PROV.wasAssociatedWith, m.agent()
    yield activity, UNKG.extractorVersion, Literal(f"unkg {__version__}")
    yield activity, UNKG.pipelineDigest, Literal(prov.pipeline_digest)


# States are described (typed, named, coded, linked) once, in the reference graph
_KIND_CLASS: dict[str, tuple[NamedNode, ...]] = {
    "member_state": (),
    "observer_state": (),
    "other_entity": (UNKG.OtherEntity,),
    "organ": (UNKG.Organ,),
}
_QUOTE_CONTEXT = 16


def _text_units(doc: Document, m: Minter, expr: NamedNode) -> tuple[list[int], list[tuple[int, NamedNode]]]:
    """Spans of paragraphs, headings and footnotes (sorted), to find the unit holding a mention."""
    units: list[tuple[int, int, NamedNode]] = []
    for para in doc.paragraphs:
        units.append((para.span.start, para.span.end, m.paragraph(m.part(expr, para.part), para.ordinal)))
    for block, ordinal in _headings(doc):
        units.append((block.span.start, block.span.end, m.heading(m.part(expr, block.part), ordinal)))
    for fn in doc.footnotes:
        units.append((fn.span.start, fn.span.end, m.footnote(expr, fn.ordinal)))
    units.sort(key=lambda u: u[0])
    return [u[0] for u in units], [(u[1], u[2]) for u in units]


def _text_target(annotation: NamedNode, doc: Document, expr: NamedNode, start: int, end: int,
                 quoted: bool = True) -> Iterator[tuple[NamedNode, NamedNode, NamedNode | Literal]]:
    """The Web Annotation target of a span of the Expression text: a position selector and, when
    ``quoted``, a quote selector with the exact words and some context (mentions, claim evidence)."""
    target = NamedNode(f"{annotation.value}/target")
    pos = NamedNode(f"{annotation.value}/position")
    yield annotation, OA.hasTarget, target
    yield target, RDF_TYPE, OA.SpecificResource
    yield target, OA.hasSource, expr
    yield target, OA.hasSelector, pos
    yield pos, RDF_TYPE, OA.TextPositionSelector
    yield pos, OA.start, _int(start)
    yield pos, OA.end, _int(end)
    if quoted:
        quote = NamedNode(f"{annotation.value}/quote")
        yield target, OA.hasSelector, quote
        yield quote, RDF_TYPE, OA.TextQuoteSelector
        yield quote, OA.exact, Literal(doc.text[start:end])
        yield quote, OA.prefix, Literal(doc.text[max(0, start - _QUOTE_CONTEXT):start])
        yield quote, OA.suffix, Literal(doc.text[end:end + _QUOTE_CONTEXT])


def _actor_description(node: NamedNode, kind: str, entity: Entity | None,
                       body: Body | None) -> Iterator[tuple[NamedNode, NamedNode, NamedNode | Literal]]:
    """What a document graph says about an actor it names: its class (States are described in the
    reference graph), the labels of an entity outside the reference data, a body's code and QID."""
    for cls in _KIND_CLASS.get(kind, (UNKG.Organisation,)):
        yield node, RDF_TYPE, cls
    if kind == "other_entity" and entity is not None:
        for label_lang, label in sorted(entity.labels.items()):
            yield node, RDFS.label, Literal(label, language=label_lang)
    if body is not None:
        yield node, SKOS.notation, Literal(body.key)
        if body.qid:
            yield node, SKOS.exactMatch, WD[body.qid]
        for label_lang, label in sorted(body.labels.items()):
            yield node, RDFS.label, Literal(label, language=label_lang)


def _actor_triples(doc: Document, actors: Actors, m: Minter, work: NamedNode,
                   expr: NamedNode) -> Iterator[tuple[NamedNode, NamedNode, NamedNode | Literal]]:
    lang = doc.lang
    typed: set[str] = set()

    def actor(key: str, kind: str) -> NamedNode:
        node = m.actor(key, kind)
        if key not in typed:
            typed.add(key)
            triples_out.extend(_actor_description(node, kind, actors.entities.get(key), actors.bodies.get(key)))
        return node

    def kind_of(key: str) -> str:
        entity = actors.entities.get(key)
        return entity.kind if entity is not None else "member_state"

    triples_out: list[tuple[NamedNode, NamedNode, NamedNode | Literal]] = []
    starts, units = _text_units(doc, m, expr)
    for n, f in enumerate(actors.mentions, start=1):
        node = m.mention(expr, n)
        triples_out += [(node, RDF_TYPE, UNKG.Mention), (node, UNKG.mentions, actor(f.key, f.kind))]
        triples_out += _text_target(node, doc, expr, f.start, f.end)
        i = bisect_right(starts, f.start) - 1
        if i >= 0 and f.end <= units[i][0]:
            triples_out.append((node, UNKG.inParagraph, units[i][1]))
    for key in actors.authors:
        triples_out.append((work, UNKG.author, actor(key, kind_of(key))))
    for key in actors.sponsors:
        triples_out.append((work, UNKG.sponsor, actor(key, kind_of(key))))
    for sig in actors.signatures:
        s = m.signature(expr, sig.ordinal)
        person = m.person(sig.name)
        triples_out += [(s, UNKG.signatory, person), (person, RDF_TYPE, UNKG.Person),
                        (person, RDFS.label, Literal(sig.name, language=lang))]
        if sig.state:
            triples_out.append((s, UNKG.onBehalfOf, actor(sig.state, kind_of(sig.state))))
        if sig.post_title:
            post = m.post(sig.post_title, sig.state)
            triples_out += [(person, UNKG.holdsPost, post), (post, RDF_TYPE, UNKG.Post),
                            (post, RDFS.label, Literal(sig.post_title, language="en"))]
            if sig.post_printed and lang != "en":
                triples_out.append((post, RDFS.label, Literal(sig.post_printed, language=lang)))
            if sig.state:
                triples_out.append((post, UNKG.onBehalfOf, actor(sig.state, kind_of(sig.state))))
    offset = len(actors.mentions)
    for n, p in enumerate(actors.persons, start=offset + 1):
        node = m.mention(expr, n)
        person = m.person(p.name)
        triples_out += [
            (person, RDF_TYPE, UNKG.Person), (person, RDFS.label, Literal(p.name, language=lang)),
            (node, RDF_TYPE, UNKG.Mention), (node, UNKG.mentions, person),
        ]
        triples_out += _text_target(node, doc, expr, p.start, p.end, quoted=False)
        if p.post:
            post = m.post(p.post, None)
            triples_out += [(person, UNKG.holdsPost, post), (post, RDF_TYPE, UNKG.Post),
                            (post, RDFS.label, Literal(p.post, language="en"))]
    yield from triples_out


#: Permanent members of the Security Council: their negative vote on a draft that fails is a veto.
PERMANENT_MEMBERS = frozenset({"CHN", "FRA", "GBR", "RUS", "USA"})


def _vote_triples(doc: Document, records: list[VoteRecord], m: Minter, work: NamedNode,
                  expr: NamedNode) -> Iterator[tuple[NamedNode, NamedNode, NamedNode | Literal]]:
    """Popolo vote events: one per motion (shared by the language versions), positions and
    counts per language version, so that the versions can be compared."""
    lang = doc.lang
    known = entities()
    for rec in records:
        motion = m.work(rec.motion_symbol, "") if rec.motion_symbol else work
        ev = m.vote_event(motion)
        yield ev, RDF_TYPE, UNKG.VoteEvent
        yield ev, UNKG.motion, motion
        if rec.motion_symbol:
            yield motion, UNKG.symbol, Literal(rec.motion_symbol)
            if rec.resolution_symbol and rec.result == "adopted":
                resolution = m.work(rec.resolution_symbol, "")
                yield motion, UNKG.adoptedAs, resolution
                yield resolution, UNKG.symbol, Literal(rec.resolution_symbol)
        yield ev, UNKG.result, Literal(rec.result)
        yield ev, UNKG.votingMode, Literal(rec.mode)
        yield ev, PROV.wasDerivedFrom, expr
        # the date of the vote: the adoption date a resolution prints, or the date of the meeting record
        if doc.date is not None and (doc.date_role == "adoption" or rec.motion_symbol is not None):
            yield ev, UNKG.date, _date(doc.date)
        for code in doc.bodies:
            yield ev, UNKG.ofBody, m.organ(code)
        for n, pos in enumerate(rec.positions, start=1):
            v = m.vote(ev, lang, n)
            yield v, RDF_TYPE, UNKG.Vote
            yield v, UNKG.voteEvent, ev
            yield v, UNKG.option, Literal(pos.option)
            yield v, RDFS.label, Literal(pos.name, language=lang)
            yield v, UNKG.start, _int(pos.start)
            yield v, UNKG.end, _int(pos.end)
            if pos.state is not None:
                entity = known.get(pos.state)
                yield v, UNKG.voter, m.actor(pos.state, entity.kind if entity else "member_state")
        counted = rec.counted
        for option in sorted(set(rec.stated) | set(counted)):
            c = m.vote_count(ev, lang, option)
            yield ev, UNKG.count, c
            yield c, RDF_TYPE, UNKG.VoteCount
            yield c, UNKG.option, Literal(option)
            if option in rec.stated:
                yield c, UNKG.statedCount, _int(rec.stated[option])
            if rec.mode == "recorded":
                yield c, UNKG.countedCount, _int(counted.get(option, 0))
        for n, st in enumerate(rec.statements, start=1):
            node = m.vote_statement(ev, lang, n)
            yield node, RDF_TYPE, UNKG.VoteStatement
            yield node, UNKG.voteEvent, ev
            yield node, UNKG.option, Literal(st.intended)
            yield node, UNKG.text, Literal(st.text)
            yield node, UNKG.start, _int(st.start)
            yield node, UNKG.end, _int(st.end)
            if st.state is not None:
                yield node, UNKG.voter, m.actor(st.state, known[st.state].kind if st.state in known else "member_state")
        # a veto is the negative vote of a permanent member on a draft that had the nine votes it
        # needed; a draft short of nine votes fails whatever the permanent members did (S/2024/383)
        yes = rec.stated.get("yes", counted.get("yes", 0))
        if rec.result == "not_adopted" and "SC" in doc.bodies and yes >= 9:
            for pos in rec.positions:
                if pos.option == "no" and pos.state in PERMANENT_MEMBERS:
                    yield ev, UNKG.veto, m.state(pos.state)
        for problem in rec.problems:
            yield expr, UNKG.parseNote, Literal(f"vote: {problem}")


_INSTRUMENT_CLASS = {"icj": UNKG.JudicialDecision, "unts": UNKG.Treaty}


def _citation_triples(doc: Document, citations: list[Citation], m: Minter,
                      expr: NamedNode) -> Iterator[tuple[NamedNode, NamedNode, NamedNode | Literal]]:
    """CiTO citations: who cites (paragraph or footnote), what (Work or instrument), how, where."""
    for n, c in enumerate(citations, start=1):
        node = m.citation(expr, n)
        yield node, RDF_TYPE, UNKG.Citation
        yield node, PROV.wasDerivedFrom, expr
        yield node, UNKG.characterization, CITO[c.relation]
        yield node, UNKG.quote, Literal(c.printed)
        yield node, UNKG.start, _int(c.start)
        yield node, UNKG.end, _int(c.end)
        citing: NamedNode | None = None
        if c.footnote is not None:
            citing = m.footnote(expr, c.footnote)
        elif c.paragraph is not None:
            citing = m.paragraph(m.part(expr, c.paragraph[0]), c.paragraph[1])
        if citing is not None:
            yield node, UNKG.citingEntity, citing
        cited: NamedNode | None = None
        if c.kind == "document" and c.symbol:
            cited = m.work(c.symbol, "")
            yield cited, UNKG.symbol, Literal(c.symbol)
        elif c.kind == "instrument" and c.instrument:
            cited = m.instrument(c.instrument)
            yield cited, RDF_TYPE, UNKG.Instrument
            yield cited, SKOS.notation, Literal(c.instrument)
            extra = _INSTRUMENT_CLASS.get(c.instrument.split(":", 1)[0])
            if extra is not None:
                yield cited, RDF_TYPE, extra
            if c.label:
                yield cited, RDFS.label, Literal(c.label, language="en" if c.label.isascii() else doc.lang)
            if c.qid:
                yield cited, SKOS.exactMatch, WD[c.qid]
        if cited is not None:
            yield node, UNKG.citedEntity, cited
            if citing is not None:
                yield citing, UNKG.cites, cited
        else:
            yield node, RDFS.comment, Literal(f"unresolved: {c.unresolved_reason or 'the sentence does not say which body'}")
        if c.locator:
            loc = NamedNode(f"{node.value}/locator")
            yield node, UNKG.locator, loc
            yield loc, RDF_TYPE, UNKG.Locator
            yield loc, RDFS.label, Literal(c.locator)


def _cited_node(c: Citation, m: Minter) -> NamedNode | None:
    if c.kind == "document" and c.symbol:
        return m.work(c.symbol, "")
    if c.kind == "instrument" and c.instrument:
        return m.instrument(c.instrument)
    return None


def _claim_triples(doc: Document, claims: list[Claim], citations: list[Citation], m: Minter,
                   expr: NamedNode) -> Iterator[tuple[NamedNode, NamedNode, NamedNode | Literal]]:
    """schema:Claim-like statements: claimant, accused, category, stance, legal basis, and the
    evidence as a Web Annotation with quote and position selectors on the Expression text."""
    known = entities()
    typed: set[str] = set()

    def actor(key: str, kind: str) -> Iterator[tuple[NamedNode, NamedNode, NamedNode | Literal]]:
        # organs that speak in a claim are the document's own bodies, coded with the Work
        if key not in typed:
            typed.add(key)
            yield from _actor_description(m.actor(key, kind), kind, known.get(key), None)

    for n, c in enumerate(claims, start=1):
        node = m.claim(expr, n)
        yield node, RDF_TYPE, UNKG.Claim
        yield node, PROV.wasDerivedFrom, expr
        for key, kind in zip(c.claimants, c.claimant_kinds):
            yield from actor(key, kind)
            yield node, UNKG.claimant, m.actor(key, kind)
        for key in c.transmitted_by:
            kind = known[key].kind if key in known else "organ"
            yield from actor(key, kind)
            yield node, UNKG.transmittedBy, m.actor(key, kind)
        if c.claimant_agency and len(c.claimants) == 1:
            agency = m.agency(m.actor(c.claimants[0], c.claimant_kinds[0]), c.claimant_agency)
            yield node, UNKG.claimantAgency, agency
            yield agency, RDF_TYPE, UNKG.Organisation
            yield agency, RDFS.label, Literal(c.claimant_agency, language="en")
            if c.claimant_agency_printed and doc.lang != "en":
                yield agency, RDFS.label, Literal(c.claimant_agency_printed, language=doc.lang)
        yield from actor(c.accused, c.accused_kind)
        yield node, UNKG.accused, m.actor(c.accused, c.accused_kind)
        yield node, UNKG.category, m.claim_category(c.category)
        yield node, UNKG.stance, Literal(c.stance)
        yield node, UNKG.attributed, Literal("true" if c.attributed else "false", datatype=XSD.boolean)
        yield node, UNKG.extractionRule, Literal(c.rule)
        if c.event_date is not None:
            yield node, UNKG.eventDate, _date(c.event_date)
        yield node, UNKG.statedIn, m.paragraph(m.part(expr, c.paragraph[0]), c.paragraph[1])
        for i in c.legal_basis:
            cited = _cited_node(citations[i], m)
            if cited is not None:
                yield node, UNKG.legalBasis, cited
        ev = NamedNode(f"{node.value}/evidence")
        yield node, UNKG.evidence, ev
        yield ev, RDF_TYPE, UNKG.Evidence
        yield from _text_target(ev, doc, expr, c.start, c.end)


def _lineage(doc: Document, m: Minter, work: NamedNode) -> Iterator[tuple[NamedNode, NamedNode, NamedNode | Literal]]:
    """Draft -> resolution and revision -> original edges the document itself prints."""
    for text in doc.symbols:
        sym = parse_symbol(text)
        if sym is not None and sym.modifiers and sym.base != sym.text:
            original = m.work(sym.base, "")
            yield work, UNKG.revisionOf, original
            yield original, UNKG.symbol, Literal(sym.base)
    if doc.doc_type is DocType.RESOLUTION:
        # "[without reference to a Main Committee (A/80/L.4)]": the draft this resolution was adopted from
        for block in doc.blocks:
            if block.role is BlockRole.COVER and P.REPORT_BASIS.match(block.text):
                for sym, _, _ in find_symbols(block.text):
                    if sym.kind == "draft":
                        draft = m.work(sym.text, "")
                        yield draft, UNKG.adoptedAs, work
                        yield draft, UNKG.symbol, Literal(sym.text)


def _session(m: Minter, s: NamedNode, session: Session) -> Iterator[tuple[NamedNode, NamedNode, NamedNode | Literal]]:
    yield s, RDF_TYPE, UNKG.Session
    yield s, UNKG.ofBody, m.organ(session.body)
    yield s, UNKG.sessionNumber, _int(session.number)
    yield s, UNKG.sessionKind, Literal(session.kind)
    yield s, SKOS.notation, Literal(session.code)


__all__ = ["Mapped", "Provenance", "map_document", "document_iris", "DOC_CLASS", "PARAGRAPH_CLASS",
           "LANGUAGE_BASE"]
