"""Every document of the dev corpus against truth.jsonl: symbol, date, body, type, language, title."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from unkg.ingest import read_source
from unkg.iri import Minter
from unkg.mapping import document_iris
from unkg.parse import parse

DEV = Path(__file__).parents[1] / "fixtures" / "dev"
ROWS = [json.loads(line) for line in (DEV / "truth.jsonl").read_text(encoding="utf-8").splitlines() if line]


@pytest.mark.parametrize("row", ROWS, ids=[r["file"] for r in ROWS])
def test_document_metadata(row: dict) -> None:
    doc = parse(read_source(DEV / row["file"]))
    assert doc.symbol == row["symbol"]
    assert doc.lang == row["lang"]
    assert doc.bodies == [row["body"]]
    assert doc.doc_type.value == row["doc_type"]
    # drafts bear their issue date, which is the day they were voted on
    expected_date = row["date"] or row["vote_date"]
    assert doc.date is not None and doc.date.isoformat() == expected_date
    if row["title_source"].startswith("preface"):
        assert doc.title == row["title"]
    for p in doc.paragraphs:
        assert doc.text[p.span.start:p.span.end] == p.text


def test_language_versions_share_one_work() -> None:
    minter = Minter()
    works: dict[str, set[str]] = {}
    for row in ROWS:
        doc = parse(read_source(DEV / row["file"]))
        work, expr, _ = document_iris(doc, minter)
        works.setdefault(row["symbol"], set()).add(work.value)
        assert expr.value == f"{work.value}/{row['lang']}"
    assert all(len(v) == 1 for v in works.values())
    assert works["S/RES/2593 (2021)"] == {"https://w3id.org/unkg/doc/S/RES/2593(2021)"}


def test_footnotes_are_all_anchored() -> None:
    for row in ROWS:
        doc = parse(read_source(DEV / row["file"]))
        assert all(f.paragraph is not None for f in doc.footnotes), row["file"]


def test_implicit_annex_after_closing_lines() -> None:
    # A/RES/75/284 prints its annexed declaration with no "Annex" heading
    doc = parse(read_source(DEV / "A_RES_75_284.en.txt"))
    assert [p.kind for p in doc.parts] == ["main", "annex"]
    assert doc.parts[1].title.startswith("Political Declaration on HIV and AIDS")
    ops = [p for p in doc.paragraphs if p.part == "main" and p.kind.value == "operative"]
    assert len(ops) == 1 and ops[0].verb == "Adopts"


def test_pdf_manifest() -> None:
    pdf = Path(__file__).parents[1] / "fixtures" / "pdf"
    for line in (pdf / "manifest.jsonl").read_text().splitlines():
        row = json.loads(line)
        doc = parse(read_source(pdf / row["file"]))
        assert doc.symbol == row["symbol"], row["file"]
        assert doc.doc_type.value == row["doc_type"], row["file"]
        assert (doc.date.isoformat() if doc.date else None) == row["date"], row["file"]
        assert doc.bodies == ["GA"]
