"""Every IRI unkg mints, in one place.

IRIs are deterministic: the same input gives the same IRI in every run. They are slash
IRIs under a configurable base (default ``https://w3id.org/unkg/``); the server answers
them with 303 See Other to a description (W3C Cool URIs). Layout::

    {base}doc/A/ES-11/10                      Work (one per UN symbol)
    {base}doc/_/3f2a9c0d1e2b4a5c              Work of a document that prints no symbol
    {base}doc/A/ES-11/10/zh                   Expression (one per language version)
    {base}doc/A/ES-11/10/zh/graph             named graph holding that Expression
    {base}doc/A/ES-11/10/zh/annex-1           Part (main, annex-1, annex-2 ...)
    {base}doc/A/ES-11/10/zh/annex-1/p5        Paragraph 5 of that part (h2: heading 2)
    {base}doc/A/ES-11/10/zh/fn1               Footnote 1 (document order)
    {base}doc/A/ES-11/10/zh/sig1              Signature 1
    {base}organ/GA  {base}state/UKR  {base}session/GA/ES-11  {base}meeting/SC/8848
    {base}agenda-item/GA/75/34  {base}source/{sha256}  {base}activity/{hash}

Symbols keep their slashes (readable, reversible); spaces are dropped (``S/RES/2593 (2021)``
-> ``S/RES/2593(2021)``) and anything outside the IRI-safe set is percent-encoded.
"""

from __future__ import annotations

import hashlib
import re
from urllib.parse import quote

from pyoxigraph import NamedNode

from unkg.model import AgendaItem, Meeting, Session

DEFAULT_BASE = "https://w3id.org/unkg/"
#: Namespace of the claim-category concepts (``ontology/claim-categories.ttl``); not under the data base.
CLAIM_CATEGORY_NS = "https://w3id.org/unkg/def/claim-category/"

_SAFE = "/.-()_~"


def check_base(base: str) -> str:
    """Validate a base IRI: absolute http(s), ending with ``/`` or ``#``.

    >>> check_base("https://example.org/un/")
    'https://example.org/un/'
    """
    if not re.match(r"^https?://[^\s<>\"{}|\\^`]+[/#]$", base):
        raise ValueError(f"base IRI must be an absolute http(s) IRI ending with '/' or '#': {base!r}")
    return base


def symbol_slug(symbol: str) -> str:
    """The path form of a UN symbol.

    >>> symbol_slug("S/RES/2593 (2021)")
    'S/RES/2593(2021)'
    """
    return quote(re.sub(r"\s+", "", symbol), safe=_SAFE)


def _slug(text: str) -> str:
    return quote(re.sub(r"\s+", "", text), safe=_SAFE)


def short_hash(*parts: str, length: int = 16) -> str:
    """Hex SHA-256 prefix over the parts (joined by NUL), for keys with no natural name."""
    return hashlib.sha256("\x00".join(parts).encode("utf-8")).hexdigest()[:length]


class Minter:
    """Mints the IRIs of one dataset (one base IRI)."""

    def __init__(self, base: str = DEFAULT_BASE) -> None:
        self.base = check_base(base)

    def _n(self, path: str) -> NamedNode:
        return NamedNode(self.base + path)

    # documents
    def work(self, symbol: str | None, content_sha256: str) -> NamedNode:
        """The Work of a symbol, or of a source file's content when no symbol is printed."""
        if symbol:
            return self._n(f"doc/{symbol_slug(symbol)}")
        return self._n(f"doc/_/{content_sha256[:16]}")

    @staticmethod
    def expression(work: NamedNode, lang: str) -> NamedNode:
        return NamedNode(f"{work.value}/{lang}")

    @staticmethod
    def graph(expression: NamedNode) -> NamedNode:
        return NamedNode(f"{expression.value}/graph")

    @staticmethod
    def part(expression: NamedNode, key: str) -> NamedNode:
        return NamedNode(f"{expression.value}/{key}")

    @staticmethod
    def paragraph(part: NamedNode, ordinal: int) -> NamedNode:
        return NamedNode(f"{part.value}/p{ordinal}")

    @staticmethod
    def heading(part: NamedNode, ordinal: int) -> NamedNode:
        return NamedNode(f"{part.value}/h{ordinal}")

    @staticmethod
    def footnote(expression: NamedNode, ordinal: int) -> NamedNode:
        return NamedNode(f"{expression.value}/fn{ordinal}")

    @staticmethod
    def signature(expression: NamedNode, ordinal: int) -> NamedNode:
        return NamedNode(f"{expression.value}/sig{ordinal}")

    # actors and proceedings
    def organ(self, code: str) -> NamedNode:
        return self._n(f"organ/{_slug(code)}")

    def state(self, iso3: str) -> NamedNode:
        return self._n(f"state/{_slug(iso3.upper())}")

    def entity(self, key: str) -> NamedNode:
        """An actor that is not a UN Member or observer State (Artsakh, Kosovo, historical States)."""
        return self._n(f"entity/{_slug(key)}")

    def actor(self, key: str, kind: str) -> NamedNode:
        """The IRI of a recognised actor, by the kind the recogniser gave it."""
        if kind in {"member_state", "observer_state"}:
            return self.state(key)
        if kind == "other_entity":
            return self.entity(key)
        return self.organ(key)

    def person(self, name: str) -> NamedNode:
        """Persons are keyed by their printed name (one IRI per printed form)."""
        return self._n(f"person/{short_hash(name)}")

    def post(self, title: str, state: str | None) -> NamedNode:
        slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-") or short_hash(title)
        return self._n(f"post/{slug}/{_slug(state) if state else '_'}")

    def vote_event(self, motion: NamedNode) -> NamedNode:
        """One vote event per motion: the language versions that print it share it."""
        return self._n("vote/" + motion.value.removeprefix(self.base + "doc/"))

    @staticmethod
    def vote(event: NamedNode, lang: str, ordinal: int) -> NamedNode:
        """A position as printed in one language version (the lists are compared across languages)."""
        return NamedNode(f"{event.value}/{lang}/{ordinal}")

    @staticmethod
    def vote_count(event: NamedNode, lang: str, option: str) -> NamedNode:
        return NamedNode(f"{event.value}/{lang}/count/{option}")

    @staticmethod
    def vote_statement(event: NamedNode, lang: str, ordinal: int) -> NamedNode:
        return NamedNode(f"{event.value}/{lang}/statement/{ordinal}")

    def instrument(self, key: str) -> NamedNode:
        """A cited instrument that is not a UN document: the Charter, a treaty, a judgment."""
        if key.startswith("title:"):
            return self._n(f"instrument/t/{short_hash(key)}")
        return self._n("instrument/" + quote(key.replace(":", "/"), safe="/.-_~"))

    @staticmethod
    def citation(expression: NamedNode, ordinal: int) -> NamedNode:
        return NamedNode(f"{expression.value}/cit{ordinal}")

    @staticmethod
    def mention(expression: NamedNode, ordinal: int) -> NamedNode:
        return NamedNode(f"{expression.value}/m{ordinal}")

    @staticmethod
    def claim(expression: NamedNode, ordinal: int) -> NamedNode:
        return NamedNode(f"{expression.value}/claim{ordinal}")

    @staticmethod
    def claim_category(slug: str) -> NamedNode:
        """A concept of the claim-category scheme (``ontology/claim-categories.ttl``): fixed, like the ontology."""
        return NamedNode(f"{CLAIM_CATEGORY_NS}{slug}")

    @staticmethod
    def agency(actor: NamedNode, name_en: str) -> NamedNode:
        """A ministry, mission or office of an actor, speaking for it ("Ministry of Foreign Affairs")."""
        slug = re.sub(r"[^a-z0-9]+", "-", name_en.lower()).strip("-")
        return NamedNode(f"{actor.value}/{slug}")

    def links_graph(self) -> NamedNode:
        return self._n("graph/links")

    def session(self, session: Session) -> NamedNode:
        return self._n(f"session/{_slug(session.body)}/{session.code}")

    def agenda_item(self, item: AgendaItem, expression: NamedNode) -> NamedNode:
        """Agenda items are identified within their session; without one, within the document."""
        if item.session is None:
            return NamedNode(f"{expression.value}/agenda-item/{_slug(item.number)}")
        s = item.session
        return self._n(f"agenda-item/{_slug(s.body)}/{s.code}/{_slug(item.number)}")

    def meeting(self, meeting: Meeting) -> NamedNode:
        """SC meetings are numbered across years; other organs' within a session."""
        if meeting.session is None or meeting.body == "SC":
            return self._n(f"meeting/{_slug(meeting.body)}/{meeting.number}")
        return self._n(f"meeting/{_slug(meeting.body)}/{meeting.session.code}/{meeting.number}")

    # provenance
    def source(self, sha256: str) -> NamedNode:
        return self._n(f"source/{sha256}")

    def activity(self, sha256: str, pipeline_digest: str) -> NamedNode:
        return self._n(f"activity/{short_hash(sha256, pipeline_digest)}")

    def agent(self) -> NamedNode:
        return self._n("agent/unkg")

    # dataset-level graphs
    def ontology_graph(self) -> NamedNode:
        return self._n("graph/ontology")

    def reference_graph(self) -> NamedNode:
        return self._n("graph/reference")

    def dataset(self) -> NamedNode:
        return self._n("dataset")
