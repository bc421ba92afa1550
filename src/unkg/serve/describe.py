"""What the server says about one IRI: its description, from every named graph.

The description of a resource is (1) every quad with the resource as subject, (2) the quads of
the nodes it *owns* — nodes whose IRI extends its own (``…/claim3/evidence``,
``…/claim3/evidence/target``), down to three levels, so that a claim comes with its evidence
and selectors, and (3) up to :data:`MAX_INBOUND` quads that point at it (who cites, mentions or
votes on it). Each quad keeps its named graph, so a client sees which document version said
what, and the graph's provenance is one link away.
"""

from __future__ import annotations

from pyoxigraph import NamedNode, Quad, Store

__all__ = ["MAX_INBOUND", "describe", "exists", "label_of"]

MAX_INBOUND = 500
_OWNED_DEPTH = 3


def exists(store: Store, iri: str) -> bool:
    node = NamedNode(iri)
    for _ in store.quads_for_pattern(node, None, None, None):
        return True
    for _ in store.quads_for_pattern(None, None, node, None):
        return True
    for g in store.quads_for_pattern(None, None, None, node):
        return True
    return False


def describe(store: Store, iri: str) -> list[Quad]:
    """Quads describing ``iri`` (see the module docstring), deduplicated, in a stable order."""
    node = NamedNode(iri)
    seen: set[Quad] = set()
    out: list[Quad] = []

    def add(q: Quad) -> None:
        if q not in seen:
            seen.add(q)
            out.append(q)

    frontier = [node]
    for _ in range(_OWNED_DEPTH + 1):
        nxt: list[NamedNode] = []
        for s in frontier:
            for q in store.quads_for_pattern(s, None, None, None):
                add(q)
                o = q.object
                if isinstance(o, NamedNode) and o.value.startswith(s.value + "/"):
                    nxt.append(o)
        frontier = nxt
        if not frontier:
            break
    for n, q in enumerate(store.quads_for_pattern(None, None, node, None)):
        if n >= MAX_INBOUND:
            break
        add(q)
    out.sort(key=lambda q: (q.subject != node, str(q.subject), str(q.predicate), str(q.object), str(q.graph_name)))
    return out


def label_of(store: Store, iri: str, lang: str | None = None) -> str | None:
    """A human label: rdfs:label / skos:prefLabel / unkg:title / unkg:symbol, in ``lang`` if given."""
    node = NamedNode(iri)
    preds = ("http://www.w3.org/2000/01/rdf-schema#label", "http://www.w3.org/2004/02/skos/core#prefLabel",
             "https://w3id.org/unkg/def/title", "https://w3id.org/unkg/def/symbol",
             "https://w3id.org/unkg/def/iso3")
    best: str | None = None
    for p in preds:
        for q in store.quads_for_pattern(node, NamedNode(p), None, None):
            value = q.object.value
            language = getattr(q.object, "language", None)
            if lang is None or language == lang:
                return value
            if best is None or language == "en":
                best = value
        if best is not None:
            return best
    return best
