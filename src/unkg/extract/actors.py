"""Actors of one document: mentions of States, other entities and bodies; authors, sponsors,
signatories with their posts, and persons named in the text.

Every fact keeps its character span in the Expression text, so that it can be traced to
the exact words. Nothing is inferred that the text does not print: a signature whose
post line names no State takes the State of the letter's author only when the letter has
exactly one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from unkg.extract.organs import Body, find_bodies
from unkg.extract.persons import PersonMention, find_zh_persons, post_titles
from unkg.extract.states import Entity, entities, find_states
from unkg.model import BlockRole, DocType, Document
from unkg.parse import patterns as P


@dataclass(frozen=True, slots=True)
class MentionFact:
    key: str  # State ISO3, entity slug or body key
    kind: str  # member_state | observer_state | other_entity | organ | organisation | ...
    start: int
    end: int
    surface: str


@dataclass(frozen=True, slots=True)
class SignatureFact:
    ordinal: int  # the Signature's ordinal in the document
    name: str
    post_title: str | None  # English title of the first post printed
    post_printed: str | None
    state: str | None  # entity key of the State the signatory acts for


@dataclass(slots=True)
class Actors:
    mentions: list[MentionFact] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    sponsors: list[str] = field(default_factory=list)
    signatures: list[SignatureFact] = field(default_factory=list)
    persons: list[PersonMention] = field(default_factory=list)
    entities: dict[str, Entity] = field(default_factory=dict)
    bodies: dict[str, Body] = field(default_factory=dict)


def _keys(text: str, lang: str) -> list[str]:
    out: list[str] = []
    for m in find_states(text, lang):
        if m.entity.key not in out:
            out.append(m.entity.key)
    return out


def extract_actors(doc: Document) -> Actors:
    """Recognise the actors of a parsed document."""
    out = Actors()
    for m in find_states(doc.text, doc.lang):
        out.entities[m.entity.key] = m.entity
        out.mentions.append(MentionFact(m.entity.key, m.entity.kind, m.start, m.end, m.surface))
    for body, start, end, surface in find_bodies(doc.text, doc.lang):
        out.bodies[body.key] = body
        out.mentions.append(MentionFact(body.key, body.kind, start, end, surface))
    out.mentions.sort(key=lambda f: (f.start, f.end))

    # authors of a letter: the States its heading names ("加拿大、危地马拉、荷兰和乌克兰常驻联合国代表给…的信")
    if doc.doc_type in {DocType.LETTER, DocType.NOTE_VERBALE} and doc.title:
        heading = re.split(r"给|addressed to|adressée|dirigida", doc.title)[0]
        out.authors = [k for k in _keys(heading, doc.lang) if out.entities.get(k) is None
                       or out.entities[k].kind != "other_entity"]
    # sponsors of a draft: "Brazil and Switzerland: draft resolution"
    if doc.doc_type in {DocType.DRAFT_RESOLUTION, DocType.AMENDMENT}:
        for block in doc.blocks:
            m = P.DRAFT_SPONSORS.match(block.text) if block.role is BlockRole.COVER else None
            if m:
                out.sponsors = _keys(m.group("sponsors"), doc.lang)
                break

    for sig in doc.signatures:
        printed = sig.post or ""
        titles = post_titles(printed)
        states = _keys(printed, doc.lang)
        state = states[0] if states else (out.authors[0] if len(out.authors) == 1 else None)
        out.signatures.append(SignatureFact(
            sig.ordinal, sig.name, titles[0][1] if titles else None, titles[0][0] if titles else None, state))

    if doc.lang == "zh":
        signed = [(s.span.start, s.span.end) for s in doc.signatures]
        out.persons = [p for p in find_zh_persons(doc.text)
                       if not any(a <= p.start < b for a, b in signed)]
    for key in out.authors + out.sponsors + [s.state for s in out.signatures if s.state]:
        if key not in out.entities and key in entities():
            out.entities[key] = entities()[key]
    return out
