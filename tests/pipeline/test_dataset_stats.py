"""Dataset figures (VoID, the server's home page): counted, or read from the statistics graph."""

from __future__ import annotations

import pyoxigraph as ox

from unkg import export
from unkg.iri import Minter

U = "https://w3id.org/unkg/def/"


def _store() -> ox.Store:
    store = ox.Store()
    for n in range(3):
        g = ox.NamedNode(f"http://e/doc{n}/graph")
        e, w = ox.NamedNode(f"http://e/doc{n}/en"), ox.NamedNode(f"http://e/doc{n}")
        store.add(ox.Quad(e, ox.NamedNode(U + "expressionOf"), w, g))
        store.add(ox.Quad(e, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), ox.NamedNode(U + "Expression"), g))
        store.add(ox.Quad(w, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), ox.NamedNode(U + "Work"), g))
        store.add(ox.Quad(ox.NamedNode(f"http://e/doc{n}/claim1"), ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                          ox.NamedNode(U + "Claim"), g))
    return store


def test_figures_are_counted_then_kept_and_read_back() -> None:
    store = _store()
    counted = export.dataset_stats(store)
    assert counted == {"quads": 12, "expressions": 3, "works": 3, "graphs": 3, "subjects": 9, "claims": 3,
                       "vote_events": 0, "citations": 0}
    assert export.write_stats(store, Minter()) == counted
    assert len(store) == 12 + len(export.STATS_KEYS)  # the statistics graph...
    assert export.dataset_stats(store) == counted  # ...is read back, and describes the store without it
    store.add(ox.Quad(ox.NamedNode("http://e/x"), ox.NamedNode("http://e/p"), ox.Literal("1"), ox.NamedNode("http://e/g9")))
    assert export.write_stats(store, Minter())["quads"] == 13  # rewritten, not added to
    assert sum(1 for g in store.named_graphs() if g.value.endswith("graph/stats")) == 1
