"""Link the States, organs and Works of a store to Wikidata items.

:func:`link_store` is the whole of ``unkg link``:

- offline (``client=None``): the bundled reference data already gives States and organs a
  ``skos:exactMatch wd:Q…`` (graph ``{base}graph/reference``); those links are reported,
  with whatever an earlier online run left in the links graph. Nothing is written.
- online: Works are looked up by UN symbol (P3069) and States without a QID by ISO 3166-1
  alpha-3 code (P298), one batched query each. What is found replaces the named graph
  ``{base}graph/links`` in one transaction. The graph describes itself: a ``void:Linkset``
  of ``skos:exactMatch`` links, ``dcterms:source`` the endpoint, ``prov:wasGeneratedBy`` an
  activity that ``prov:used`` the endpoint and ``prov:endedAtTime`` the run time.

Only one item per key is linked: a symbol or code that several items carry is reported as
ambiguous and left unlinked.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from pyoxigraph import Literal, NamedNode, Quad, Store

from unkg.iri import Minter
from unkg.link.wikidata import WikidataClient, qid_of
from unkg.store import replace_graph
from unkg.vocab import DCTERMS, PROV, RDF_TYPE, RDFS, SKOS, UNKG, VOID, WD, XSD

#: ``source`` of the links that come with unkg (reference graph).
REFERENCE_SOURCE = "unkg bundled reference data (states.csv/organs.csv)"


def links_graph(minter: Minter) -> NamedNode:
    """The named graph that holds the links found online: ``{base}graph/links``."""
    mint = getattr(minter, "links_graph", None)  # Minter.links_graph, where the minter has it
    return mint() if callable(mint) else NamedNode(minter.base + "graph/links")


@dataclass(frozen=True, slots=True)
class Link:
    """One ``skos:exactMatch`` from an unkg entity to a Wikidata item."""

    entity: str  # IRI
    kind: str  # state | organ | work
    qid: str
    source: str  # REFERENCE_SOURCE, or the endpoint URL
    key: str = ""  # what matched: ISO code, symbol, or "" for reference links
    label: str | None = None  # English (else Chinese) Wikidata label, when fetched

    @property
    def iri(self) -> str:
        return WD.base + self.qid


@dataclass(slots=True)
class LinkReport:
    """What :func:`link_store` found; ``graph`` is set when the links graph was written."""

    links: list[Link] = field(default_factory=list)
    unmatched: list[tuple[str, str]] = field(default_factory=list)  # (entity, kind)
    ambiguous: list[tuple[str, str, tuple[str, ...]]] = field(default_factory=list)  # (entity, key, QIDs)
    warnings: list[str] = field(default_factory=list)
    endpoint: str | None = None
    graph: str | None = None
    requests: int = 0  # HTTP requests sent (0 when everything came from the cache)

    def counts(self) -> dict[str, dict[str, int]]:
        """``{kind: {"reference": n, "online": n, "unmatched": n}}``."""
        out: dict[str, dict[str, int]] = {}
        for kind in ("state", "organ", "work"):
            out[kind] = {"reference": 0, "online": 0, "unmatched": 0}
        for link in self.links:
            out[link.kind]["reference" if link.source == REFERENCE_SOURCE else "online"] += 1
        for _, kind in self.unmatched:
            out[kind]["unmatched"] += 1
        return out


# ---------------------------------------------------------------------- reading


_PREFIXES = {"unkg": UNKG.base, "skos": SKOS.base, "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#"}


def _select(store: Store, query: str, names: tuple[str, ...]) -> list[tuple[str, ...]]:
    out = []
    for solution in store.query(query, prefixes=_PREFIXES, use_default_graph_as_union=True):
        out.append(tuple(solution[n].value for n in names))
    return out


def _entities(store: Store) -> dict[str, list[tuple[str, str]]]:
    """``{kind: [(entity IRI, key), ...]}``; a Work may come several times, once per symbol."""
    states = _select(store, "SELECT DISTINCT ?s ?k WHERE { ?s a unkg:State ; unkg:iso3 ?k }", ("s", "k"))
    organs = _select(store, "SELECT DISTINCT ?s WHERE { ?s a unkg:Organ }", ("s",))
    works = _select(store, "SELECT DISTINCT ?s ?k WHERE { ?s a unkg:Work ; unkg:symbol ?k }", ("s", "k"))
    return {
        "state": sorted((s, k) for s, k in states),
        "organ": sorted((s[0], "") for s in organs),
        "work": sorted((s, k) for s, k in works),
    }


def _existing(store: Store, links: NamedNode, reference: NamedNode) -> tuple[list[tuple[str, str, str]], list[tuple[str, str]]]:
    """Wikidata ``skos:exactMatch`` already stored.

    :returns: ``(kept, previous)``: kept are ``(entity, QID, source)`` outside the links
        graph; previous are ``(entity, QID)`` inside it.
    """
    kept: list[tuple[str, str, str]] = []
    previous: list[tuple[str, str]] = []
    for quad in store.quads_for_pattern(None, SKOS.exactMatch, None, None):
        qid = qid_of(quad.object.value) if isinstance(quad.object, NamedNode) else None
        if qid is None or not isinstance(quad.subject, NamedNode):
            continue
        if quad.graph_name == links:
            previous.append((quad.subject.value, qid))
        else:
            # the reference graph and the document graphs (QIDs of bodies) both take their QIDs
            # from the bundled reference tables
            source = REFERENCE_SOURCE
            kept.append((quad.subject.value, qid, source))
    return sorted(set(kept)), sorted(set(previous))


def _previous_source(store: Store, graph: NamedNode) -> str:
    for quad in store.quads_for_pattern(graph, DCTERMS.source, None, graph):
        return quad.object.value
    return graph.value


# ---------------------------------------------------------------------- linking


def link_store(store: Store, minter: Minter, *, client: WikidataClient | None, now: dt.datetime) -> LinkReport:
    """Report the Wikidata links of a store and, given a client, find and store new ones.

    :param store: an open, writable store (read-only is enough offline).
    :param minter: the minter of the dataset (its base IRI names the links graph).
    :param client: ``None`` for ``--offline``; else the client that answers the lookups.
    :param now: the run time (timezone-aware), written as ``prov:endedAtTime``.
    :raises RunAbort: from the client, when the endpoint cannot be used; the store is then
        left as it was.
    :raises ValueError: if ``now`` is naive.
    """
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    graph = links_graph(minter)
    report = LinkReport(endpoint=client.endpoint if client else None)
    entities = _entities(store)
    kind_of = {e: kind for kind, rows in entities.items() for e, _ in rows}
    kept, previous = _existing(store, graph, minter.reference_graph())

    linked: dict[str, set[str]] = {}
    for entity, qid, source in kept:
        if entity in kind_of:
            report.links.append(Link(entity, kind_of[entity], qid, source))
            linked.setdefault(entity, set()).add(qid)

    if client is None:
        source = _previous_source(store, graph)
        for entity, qid in previous:
            if entity in kind_of and qid not in linked.get(entity, set()):
                report.links.append(Link(entity, kind_of[entity], qid, source))
                linked.setdefault(entity, set()).add(qid)
    else:
        before = client.request_count
        _link_online(store, minter, client, now, entities, linked, report)
        report.requests = client.request_count - before

    for kind, rows in entities.items():
        for entity in sorted({e for e, _ in rows}):
            if entity not in linked and not any(a[0] == entity for a in report.ambiguous):
                report.unmatched.append((entity, kind))
    report.links.sort(key=lambda link: (link.kind, link.entity, link.qid))
    return report


def _link_online(
    store: Store,
    minter: Minter,
    client: WikidataClient,
    now: dt.datetime,
    entities: dict[str, list[tuple[str, str]]],
    linked: dict[str, set[str]],
    report: LinkReport,
) -> None:
    found: list[Link] = []

    works = entities["work"]
    candidates = client.un_symbol_candidates(k for _, k in works)
    for entity, symbol in works:
        qids = candidates.get(symbol, [])
        if len(qids) == 1:
            found.append(Link(entity, "work", qids[0], client.endpoint, symbol))
        elif qids:
            report.ambiguous.append((entity, symbol, tuple(qids)))

    states = [(e, k) for e, k in entities["state"] if e not in linked]
    candidates = client.iso3_candidates(k for _, k in states)
    for entity, code in states:
        qids = candidates.get(code, [])
        if len(qids) == 1:
            found.append(Link(entity, "state", qids[0], client.endpoint, code))
        elif qids:
            report.ambiguous.append((entity, code, tuple(qids)))

    # a Work with several symbols may match the same item twice
    found = list({(link.entity, link.qid): link for link in found}.values())
    for link in found:
        linked.setdefault(link.entity, set()).add(link.qid)
    for entity in {link.entity for link in found}:
        if len(linked[entity]) > 1:
            report.warnings.append(f"{entity} now matches several Wikidata items: "
                                   f"{', '.join(sorted(linked[entity]))}")

    # merged items: the reference data may name a QID that now redirects
    reference_qids = {link.qid for link in report.links}
    for old, new in sorted(client.redirects(reference_qids).items()):
        report.warnings.append(f"wd:{old} (reference data) was merged into wd:{new}")

    if found:
        labels = client.labels({link.qid for link in found})
        found = [
            Link(link.entity, link.kind, link.qid, link.source, link.key,
                 labels.get(link.qid, {}).get("en") or labels.get(link.qid, {}).get("zh"))
            for link in found
        ]

    replace_graph(store, links_graph(minter), _link_quads(minter, client.endpoint, now, found))
    report.links.extend(found)
    report.graph = links_graph(minter).value


def _link_quads(minter: Minter, endpoint: str, now: dt.datetime, links: list[Link]) -> list[Quad]:
    graph = links_graph(minter)
    activity = minter.activity("wikidata-link", endpoint)
    source = NamedNode(endpoint)
    quads = [
        Quad(graph, RDF_TYPE, VOID.Linkset, graph),
        Quad(graph, VOID.linkPredicate, SKOS.exactMatch, graph),
        Quad(graph, RDFS.label, Literal("Links to Wikidata found by unkg link", language="en"), graph),
        Quad(graph, DCTERMS.source, source, graph),
        Quad(graph, PROV.wasGeneratedBy, activity, graph),
        Quad(activity, RDF_TYPE, PROV.Activity, graph),
        Quad(activity, PROV.used, source, graph),
        Quad(activity, PROV.wasAssociatedWith, minter.agent(), graph),
        Quad(activity, PROV.endedAtTime,
             Literal(now.astimezone(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z"),
                     datatype=XSD.dateTime), graph),
    ]
    for link in sorted(links, key=lambda lk: (lk.entity, lk.qid)):
        quads.append(Quad(NamedNode(link.entity), SKOS.exactMatch, WD[link.qid], graph))
    return quads


__all__ = ["REFERENCE_SOURCE", "Link", "LinkReport", "link_store", "links_graph"]
