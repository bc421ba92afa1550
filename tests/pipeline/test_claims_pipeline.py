"""Claims in the store: the canned queries claims, claims-network and claims-and-votes."""

from __future__ import annotations

from pathlib import Path

from pyoxigraph import Store

from conftest import query_rows, run_cli


def test_claims_filtered_by_claimant_and_category(sample_store: Path) -> None:
    rows = query_rows(sample_store, "claims", "claimant=artsakh", "category=aggression")
    assert rows
    assert {r["accused"] for r in rows} == {"AZE"}
    assert {r["transmitted_by"] for r in rows} == {"ARM"}
    assert {r["attributed"] for r in rows} == {"false"}
    assert any(r["quote"].endswith("对阿尔扎赫共和国发动大规模侵略") for r in rows)
    assert any(r["legal_basis"] == "A/RES/3314 (XXIX)" for r in rows)
    assert {r["date"] for r in rows} == {"2021-02-25"}  # the letter's date; the symbol is not printed
    assert "2020-09-27" in {r["event_date"] for r in rows}  # the date of the aggression the memorandum names
    assert {r["symbol"] for r in rows} == {""}


def test_claims_by_accused_iri_or_code_agree(sample_store: Path) -> None:
    by_code = query_rows(sample_store, "claims", "accused=rus")
    by_iri = query_rows(sample_store, "claims", "accused=https://w3id.org/unkg/state/RUS")
    assert by_code == by_iri and by_code
    assert {r["claimant"] for r in by_code} == {"CAN", "GTM", "NLD", "UKR"}
    assert {r["symbol"] for r in by_code} == {"A/ES-11/10"}
    cats = {r["category"] for r in by_code}
    assert {"aggression", "demand-withdrawal", "demand-reparation", "demand-accountability"} <= cats


def test_claims_network_counts_direct_claims(sample_store: Path) -> None:
    rows = query_rows(sample_store, "claims-network")
    edges = {(r["claimant"], r["accused"], r["category"]): int(r["n"]) for r in rows}
    assert edges[("artsakh", "AZE", "aggression")] >= 4
    assert edges[("CAN", "RUS", "aggression")] == 1
    assert edges[("ARM", "AZE", "aggression")] == 1
    assert all(accused != "ALB" for _, accused, _ in edges)  # 002: no claim


def test_claim_graph_links_evidence_paragraph_and_agency(sample_store: Path) -> None:
    store = Store.read_only(str(sample_store))
    rows = list(store.query("""
        PREFIX unkg: <https://w3id.org/unkg/def/>
        PREFIX oa: <http://www.w3.org/ns/oa#>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT ?claim ?para ?agency ?label ?start ?end WHERE {
          ?claim unkg:claimantAgency ?agency ; unkg:statedIn ?para ;
                 unkg:evidence/oa:hasTarget/oa:hasSelector ?pos .
          ?pos oa:start ?start ; oa:end ?end .
          ?agency rdfs:label ?label FILTER(lang(?label) = "zh")
        }""", use_default_graph_as_union=True))
    assert rows
    assert {r["label"].value for r in rows} == {"阿尔扎赫共和国外交部"}
    assert {r["agency"].value for r in rows} == {"https://w3id.org/unkg/entity/artsakh/ministry-of-foreign-affairs"}
    assert all("/annex-1/p" in r["para"].value for r in rows)


def test_claims_and_votes_puts_eritrea_vote_beside_the_claims(all_store: Path) -> None:
    # A/HRC/RES/56/17 accuses the Government of Eritrea; Eritrea voted against it (truth.jsonl: ERI "N")
    rows = query_rows(all_store, "claims-and-votes", "state=ERI")
    same = [r for r in rows if r["relation"] == "same document"]
    assert same and {r["symbol"] for r in same} == {"A/HRC/RES/56/17"}
    assert {r["option"] for r in same} == {"no"}
    assert {r["vote_motion"] for r in same} == {"A/HRC/RES/56/17"}
    assert {r["vote_date"] for r in same} == {"2024-07-11"}
    assert {r["claimant"] for r in same} == {"HRC"}
    # the Sudan: A/HRC/RES/54/2, voted against by the Sudan
    sdn = query_rows(all_store, "claims-and-votes", "state=SDN")
    assert {(r["symbol"], r["option"]) for r in sdn} == {("A/HRC/RES/54/2", "no")}
    # GA resolutions print no vote list: Israel's claims have no vote beside them
    assert query_rows(all_store, "claims-and-votes", "state=ISR") == []


def test_claims_and_votes_requires_a_state(sample_store: Path) -> None:
    r = run_cli("query", "claims-and-votes", "--store", str(sample_store))
    assert r.returncode != 0 and "state" in r.stderr


def test_hostile_claim_parameters_are_refused(sample_store: Path) -> None:
    for value in ('accused="> } ; DROP ALL ; #', "category=bombing", "claimant=a b", "accused=" + "x" * 5000):
        r = run_cli("query", "claims", "--store", str(sample_store), "-p", value)
        assert r.returncode != 0, value
        assert "parameter" in r.stderr
    # the store is intact
    assert query_rows(sample_store, "claims", "accused=AZE")
