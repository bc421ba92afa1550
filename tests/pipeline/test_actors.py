"""Step 2 on the sample corpus: signatories, authors, mentions, other entities, Wikidata links."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import query_rows, run_cli
from unkg.extract.actors import extract_actors
from unkg.ingest import read_source
from unkg.parse import parse

SEEDS = Path(__file__).parents[1] / "fixtures" / "seeds"


_rows = query_rows


def test_signatories_of_a_es_11_10(sample_store: Path) -> None:
    rows = _rows(sample_store, "signatories", "symbol=A/ES-11/10")
    assert [(r["name"], r["state"], r["post"]) for r in rows] == [
        ("罗伯特·基思·雷", "CAN", "Permanent Representative"),
        ("卡拉·玛丽亚·罗德里格斯·曼恰", "GTM", "Permanent Representative"),
        ("约卡·布兰特", "NLD", "Permanent Representative"),
        ("谢尔盖·基斯利茨亚", "UKR", "Permanent Representative"),
    ]
    assert all(r["person"].startswith("https://w3id.org/unkg/person/") for r in rows)


@pytest.mark.parametrize("seed,name,state", [
    ("002_bd17d103bf40d524.txt", "费里特·霍查", "ALB"),
    ("003_dac56ef26cf31a19.txt", "米海尔·马尔加良", "ARM"),
])
def test_letters_without_symbol_have_their_signatory(sample_store: Path, seed: str, name: str, state: str) -> None:
    doc = parse(read_source(SEEDS / seed))
    actors = extract_actors(doc)
    assert [(s.name, s.state, s.post_title) for s in actors.signatures] == [(name, state, "Permanent Representative")]
    assert actors.authors == [state]


def test_authors_and_states_of_000() -> None:
    doc = parse(read_source(SEEDS / "000_151683289b9cb0c2.txt"))
    actors = extract_actors(doc)
    assert actors.authors == ["CAN", "GTM", "NLD", "UKR"]
    states = {f.key for f in actors.mentions if f.kind == "member_state"}
    assert states == {"UKR", "RUS", "CAN", "GTM", "NLD"}
    for f in actors.mentions:
        assert doc.text[f.start:f.end] == f.surface


def test_artsakh_is_not_a_member_state(sample_store: Path) -> None:
    doc = parse(read_source(SEEDS / "003_dac56ef26cf31a19.txt"))
    actors = extract_actors(doc)
    kinds = {f.key: f.kind for f in actors.mentions}
    assert kinds.get("artsakh") == "other_entity"
    assert {k for k, v in kinds.items() if v == "member_state"} >= {"ARM", "AZE", "TUR"}
    persons = {p.name for p in actors.persons}
    assert "伊利哈姆·阿利耶夫" in persons


def test_actors_query_gives_qids(sample_store: Path) -> None:
    rows = _rows(sample_store, "actors", "symbol=A/ES-11/10")
    by_iso = {r["iso3"]: r for r in rows if r["iso3"]}
    assert set(by_iso) == {"UKR", "RUS", "CAN", "GTM", "NLD"}
    assert by_iso["UKR"]["qid"] == "Q212" and by_iso["RUS"]["qid"] == "Q159" and by_iso["CAN"]["qid"] == "Q16"
    assert by_iso["NLD"]["qid"] == "Q29999" and by_iso["GTM"]["qid"] == "Q774"
    assert all(r["kind"] == "member_state" for r in by_iso.values())
    assert int(by_iso["RUS"]["mentions"]) >= 5


def test_mentions_query(sample_store: Path) -> None:
    rows = _rows(sample_store, "mentions", "state=ALB")
    assert rows and all(r["quote"] == "阿尔巴尼亚" for r in rows)
    assert {r["symbol"] for r in rows} == {""}  # 002 prints no symbol


def test_wikidata_links_offline(sample_store: Path) -> None:
    r = run_cli("link", "--store", str(sample_store), "--offline")
    assert r.returncode == 0, r.stderr
    assert "state: 195 from reference data, 0 online" in r.stderr
    assert "organ:" in r.stderr and "organ: 0 from" not in r.stderr
    assert all(" 0 online" in line for line in r.stderr.splitlines() if " online" in line)  # offline wrote nothing
    rows = _rows(sample_store, "wikidata-links")
    states = {r["qid"] for r in rows if r["kind"] in {"member_state", "observer_state"}}
    assert len(states) == 195 and "Q212" in states


@pytest.mark.parametrize("path,count,first,last", [
    ("pdf/A_80_L.4.en.pdf", 32, "AFG", "ZWE"),  # "... Zambia and Zimbabwe:* draft resolution"
    ("pdf/A_C.6_80_L.14.en.pdf", 33, "BHS", "PSE"),
    ("dev/S_2024_383.en.txt", 6, "BLR", "SYR"),
    ("dev/S_2023_506.zh.txt", 2, "BRA", "CHE"),  # 巴西和瑞士：决议草案
])
def test_sponsors_of_drafts(path: str, count: int, first: str, last: str) -> None:
    doc = parse(read_source(Path(__file__).parents[1] / "fixtures" / path))
    sponsors = extract_actors(doc).sponsors
    assert len(sponsors) == count and sponsors[0] == first and sponsors[-1] == last
    assert len(set(sponsors)) == count


def test_bodies_of_001_with_qids(sample_store: Path) -> None:
    rows = _rows(sample_store, "actors", "symbol=A/HRC/RES/53/30")
    bodies = {r["label"]: r["qid"] for r in rows if r["kind"] in {"organ", "organisation"}}
    osce = [label for label in bodies if "Security and Co-operation" in label or "OSCE" in label]
    assert osce, bodies
    ohchr = [q for label, q in bodies.items() if "High Commissioner" in label]
    assert "Q656812" in ohchr, bodies  # OHCHR, from the bundled reference data
