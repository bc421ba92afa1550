"""Step 4 end to end: citations in the store, Charter articles, cited-by across documents."""

from __future__ import annotations

from pathlib import Path

from conftest import query_rows, run_cli


_rows = query_rows


def test_charter_articles_of_the_sample(sample_store: Path) -> None:
    rows = {r["article"]: int(r["n_documents"]) for r in _rows(sample_store, "charter-articles")}
    # 000: Articles 2, 14, 33(1); 002: Article 24; 003: Article 1(2), Article 2
    assert rows == {"Article 2": 2, "Article 14": 1, "Article 33(1)": 1, "Article 24": 1, "Article 1(2)": 1}


def test_bodies_of_cited_resolutions_follow_the_sentence(sample_store: Path) -> None:
    cited = {r["cited_symbol"] for r in _rows(sample_store, "citations", "symbol=A/HRC/RES/53/30")}
    assert {"A/HRC/RES/29/23", "A/HRC/RES/S-34/1", "A/RES/68/262", "A/RES/ES-11/1", "A/HRC/44/21"} <= cited
    assert "A/RES/29/23" not in cited and "A/HRC/RES/68/262" not in cited


def test_citing_and_cited_documents_are_linked(all_store: Path) -> None:
    # A/ES-11/10 (seed) takes note of S/RES/2623 (2022), which is in the dev corpus
    rows = _rows(all_store, "cited-by", "symbol=S/RES/2623 (2022)")
    assert {r["citing_symbol"] for r in rows} == {"A/ES-11/10"}
    assert rows[0]["relation"] == "citesForInformation"
    works = {r["work"] for r in _rows(all_store, "documents", "symbol=S/RES/2623 (2022)")}
    cited = {r["cited"] for r in _rows(all_store, "citations", "symbol=A/ES-11/10") if r["cited_symbol"] == "S/RES/2623 (2022)"}
    assert works == cited and len(works) == 1


def test_citation_network_edges(all_store: Path) -> None:
    edges = {(r["citing_symbol"], r["cited_symbol"]): int(r["n"]) for r in _rows(all_store, "citation-network", "body=HRC")}
    assert edges[("A/HRC/RES/53/30", "A/HRC/RES/29/23")] >= 2  # preamble and operative paragraph 1
    assert all(c.startswith("A/HRC/") for c, _ in edges)


def test_lineage_from_draft_to_resolution(all_store: Path) -> None:
    # A/RES/80/3 prints "[without reference to a Main Committee (A/80/L.4)]"; A/80/604/Add.1 adds to A/80/604
    rows = {(r["from_symbol"], r["relation"], r["to_symbol"]) for r in _rows(all_store, "lineage", "symbol=A/RES/80/3")}
    assert rows == {("A/80/L.4", "adoptedAs", "A/RES/80/3")}
    rows = {(r["from_symbol"], r["relation"], r["to_symbol"]) for r in _rows(all_store, "lineage", "symbol=A/80/L.4")}
    assert ("A/80/L.4", "adoptedAs", "A/RES/80/3") in rows
    rows = {(r["from_symbol"], r["relation"], r["to_symbol"]) for r in _rows(all_store, "lineage", "symbol=A/80/604/Add.1")}
    assert rows == {("A/80/604/Add.1", "revisionOf", "A/80/604")}
