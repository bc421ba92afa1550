"""Step 3 end to end: recorded votes in the store, exact per State, language versions merged."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import DEV, query_rows, run_cli

TRUTH = [json.loads(line) for line in (DEV / "truth.jsonl").read_text(encoding="utf-8").splitlines() if line]
OPTION = {"Y": "yes", "N": "no", "A": "abstain"}
# documents whose text prints a recorded vote block (the HRC resolutions)
PRINTED = sorted({t["symbol"] for t in TRUTH if t["symbol"].startswith("A/HRC/") and t["tally"]})

EXPECTED_001 = {
    "yes": "ARG BEL BEN CHL CRI CIV CZE FIN FRA GAB GMB GEO DEU HND LTU LUX MWI MDV MEX MNE PRY QAT ROU SEN SOM UKR GBR USA",
    "no": "CHN CUB ERI",
    "abstain": "DZA BGD BOL CMR IND KAZ KGZ MYS MAR NPL PAK ZAF SDN ARE UZB VNM",
}


_rows = query_rows


def test_sample_hrc_53_30_exact_lists(sample_store: Path) -> None:
    rows = _rows(sample_store, "vote-record", "symbol=A/HRC/RES/53/30")
    got = {opt: sorted(r["state"] for r in rows if r["option"] == opt) for opt in EXPECTED_001}
    assert got == {opt: sorted(v.split()) for opt, v in EXPECTED_001.items()}
    assert len(rows) == 47
    tally = {r["option"]: (r["stated"], r["counted"]) for r in _rows(sample_store, "vote-tally", "symbol=A/HRC/RES/53/30")}
    assert tally == {"yes": ("28", "28"), "no": ("3", "3"), "abstain": ("16", "16")}


@pytest.mark.parametrize("symbol", PRINTED)
def test_dev_votes_exact_and_merged(all_store: Path, symbol: str) -> None:
    truth = next(t for t in TRUTH if t["symbol"] == symbol)
    rows = _rows(all_store, "vote-record", f"symbol={symbol}")
    got = {(r["state"], r["option"]) for r in rows}
    assert got == {(iso, OPTION[v]) for iso, v in truth["votes"].items()}
    assert len(rows) == len(got)  # zh, en (and fr) versions merged: no State twice


def test_without_a_vote(all_store: Path) -> None:
    assert _rows(all_store, "vote-record", "symbol=A/HRC/RES/54/12") == []
    assert _rows(all_store, "vote-tally", "symbol=A/HRC/RES/54/12") == []


def test_votes_by_state_and_agreement(all_store: Path) -> None:
    rows = _rows(all_store, "votes-by-state", "state=CHN")
    expected = {(t["symbol"], OPTION[t["votes"]["CHN"]]) for t in TRUTH
                if t["symbol"] in PRINTED and "CHN" in t["votes"]}
    expected.add(("A/HRC/RES/53/30", "no"))
    assert {(r["symbol"], r["option"]) for r in rows} == expected
    assert all(r["body"] == "HRC" and r["date"] for r in rows)
    # agreement of China and Cuba over every printed vote in which both took part
    events = {t["symbol"]: t["votes"] for t in TRUTH if t["symbol"] in PRINTED}
    events["A/HRC/RES/53/30"] = {"CHN": "N", "CUB": "N"}
    both = [v for v in events.values() if "CHN" in v and "CUB" in v]
    together = sum(v["CHN"] == v["CUB"] for v in both)
    (row,) = _rows(all_store, "voting-agreement", "a=CHN", "b=CUB")
    assert (int(row["votes_together"]), int(row["both_present"])) == (together, len(both))
    assert int(row["votes_apart"]) == len(both) - together


def test_damaged_vote_block_warns_and_loses_nothing_else(tmp_path: Path) -> None:
    text = (DEV / "A_HRC_RES_54_2.en.txt").read_text(encoding="utf-8")
    damaged = (text.replace("Argentina, Belgium,", "Argentinaa, Belgium,")  # misspelt
                   .replace("Chile, Costa Rica,", "Chile, Chile, Costa Rica,")  # repeated
                   .replace("Malaysia, Maldives,", "Malaysia,"))  # removed
    assert damaged != text
    src = tmp_path / "in" / "A_HRC_RES_54_2.en.txt"
    src.parent.mkdir()
    src.write_text(damaged, encoding="utf-8")
    store = tmp_path / "s"
    r = run_cli("build", str(src), "--store", str(store))
    assert r.returncode == 0, r.stderr  # loaded, with warnings
    assert "1 loaded" in r.stderr and "[WARNING]" in r.stderr
    assert "more than once" in r.stderr
    assert "not recognised" in r.stderr
    assert "differs from the tally" in r.stderr
    # nothing else of the document is lost
    paras = _rows(store, "paragraphs", "symbol=A/HRC/RES/54/2")
    assert sum(p["kind"] == "operative" for p in paras) == 34
    tally = {r["option"]: (r["stated"], r["counted"]) for r in _rows(store, "vote-tally", "symbol=A/HRC/RES/54/2")}
    assert tally["no"] == ("16", "15")


def test_security_council_veto_from_meeting_records(tmp_path: Path) -> None:
    """S/2023/506 failed by the negative vote of a permanent member; S/2024/383 lacked nine votes."""
    fixtures = Path(__file__).parents[1] / "extract" / "fixtures"
    store = tmp_path / "s"
    r = run_cli("build", str(fixtures / "sc_meeting_record_9371.en.txt"),
                str(fixtures / "sc_meeting_record_9630.en.txt"), "--store", str(store), "-q")
    assert r.returncode == 0, r.stderr
    assert [(v["symbol"], v["state"]) for v in _rows(store, "vetoes")] == [("S/2023/506", "RUS")]
    tally = {t["option"]: t["stated"] for t in _rows(store, "vote-tally", "symbol=S/2024/383")}
    assert tally == {"yes": "7", "no": "7", "abstain": "1"}
    record = {(v["state"], v["option"]) for v in _rows(store, "vote-record", "symbol=S/2023/506")}
    truth = next(t for t in TRUTH if t["file"] == "S_2023_506.en.txt")
    assert record == {(iso, OPTION[v]) for iso, v in truth["votes"].items()}


def _disagreements(stderr: str) -> list[str]:
    """The messages of the vote cross-check's warnings, in the order printed."""
    return re.findall(r"path https://w3id.org/unkg/def/(?:option|voter): (.*?) \[shape store check: the language "
                      r"versions of a vote agree", stderr)


def test_language_versions_that_disagree_are_reported(tmp_path: Path) -> None:
    """zh moves Argentina from the yes list to the abstentions of A/HRC/RES/54/2 and drops Bangladesh
    from the abstentions of A/HRC/RES/55/22: a warning names each difference, exactly; a later build
    that writes nothing on these votes does not repeat them, 'unkg validate' does."""
    inputs = tmp_path / "in"
    inputs.mkdir()
    for name in ("A_HRC_RES_54_2.en.txt", "A_HRC_RES_55_22.en.txt"):
        (inputs / name).write_text((DEV / name).read_text(encoding="utf-8"), encoding="utf-8")
    zh = (DEV / "A_HRC_RES_54_2.zh.txt").read_text(encoding="utf-8")
    changed = zh.replace("阿根廷、", "", 1).replace("孟加拉国、", "阿根廷、孟加拉国、", 1)
    assert changed != zh
    (inputs / "A_HRC_RES_54_2.zh.txt").write_text(changed, encoding="utf-8")
    zh = (DEV / "A_HRC_RES_55_22.zh.txt").read_text(encoding="utf-8")
    changed = zh.replace("孟加拉国、", "", 1)
    assert changed != zh
    (inputs / "A_HRC_RES_55_22.zh.txt").write_text(changed, encoding="utf-8")
    r = run_cli("build", str(inputs), "--store", str(tmp_path / "s"))
    assert r.returncode == 0, r.stderr
    doc = "https://w3id.org/unkg/doc/"
    expected = [
        f"ARG voted yes in {doc}A/HRC/RES/54/2/en/graph but abstain in {doc}A/HRC/RES/54/2/zh/graph",
        f"BGD is listed in {doc}A/HRC/RES/55/22/en/graph but not in {doc}A/HRC/RES/55/22/zh/graph",
    ]
    assert _disagreements(r.stderr) == expected
    v = run_cli("validate", "--store", str(tmp_path / "s"))
    assert v.returncode == 0
    assert _disagreements(v.stderr) == expected
    # another document: the build checks only the votes of the graphs it writes
    (inputs / "A_HRC_RES_56_17.en.txt").write_text((DEV / "A_HRC_RES_56_17.en.txt").read_text(encoding="utf-8"),
                                                  encoding="utf-8")
    again = run_cli("build", str(inputs), "--store", str(tmp_path / "s"))
    assert again.returncode == 0, again.stderr
    assert "1 loaded, 4 unchanged" in again.stderr
    assert "language versions of a vote agree" not in again.stderr
