"""A document with 10,000 paragraphs goes through every stage, whole and exact (Step 8).

The document is a real General Assembly resolution (``A/RES/76/151``, Chinese, from the dev
corpus) whose 22 operative paragraphs are repeated, renumbered 1 … 10,000 (numbers of four and
five digits included): about 2.4 MB of text and 150,000 quads. The build must load it in one graph (parse, extract, map, SHACL
validation and load are all linear in the document's size), and every paragraph must come back
with its printed number and its exact text, at the exact offsets of the Expression's text.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import DEV, query_rows, run_cli

N = 10_000
SOURCE = DEV / "A_RES_76_151.zh.txt"
OPERATIVE = re.compile(r"^(\d+)\. (.*)$")


def long_document(n: int) -> tuple[str, list[str]]:
    """The real document's heading, preamble and footnotes around ``n`` numbered operative paragraphs."""
    head: list[str] = []
    ops: list[str] = []
    tail: list[str] = []
    for line in SOURCE.read_text(encoding="utf-8").splitlines():
        m = OPERATIVE.match(line)
        if m:
            ops.append(m.group(2))
        elif not ops:
            head.append(line)
        else:
            tail.append(line)
    assert len(ops) == 22 and head[1] == "A/RES/76/151" and tail[-1].startswith("⁵")
    texts = [ops[i % len(ops)] for i in range(n)]
    body = [f"{i + 1}. {t}" for i, t in enumerate(texts)]
    return "\n".join(head + body + tail) + "\n", texts


@pytest.fixture(scope="module")
def long_store(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    work = tmp_path_factory.mktemp("long")
    text, texts = long_document(N)
    src = work / "A_RES_76_151.long.zh.txt"
    src.write_text(text, encoding="utf-8")
    store = work / "store"
    result = run_cli("build", str(src), "--store", str(store), "-q")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 loaded, 0 unchanged, 0 rejected, 0 with warnings" in result.stderr
    return store, texts


def test_every_paragraph_comes_back_with_its_number_and_text(long_store: tuple[Path, list[str]]) -> None:
    store, texts = long_store
    rows = query_rows(store, "paragraphs", "symbol=A/RES/76/151")
    operative = [r for r in rows if r["kind"] == "operative"]
    assert len(operative) == N
    assert [r["n"] for r in operative] == [str(i + 1) for i in range(N)]
    assert [r["text"] for r in operative] == texts
    preambular = [r for r in rows if r["kind"] == "preambular"]
    assert len(preambular) == 10  # the real preamble, untouched
    assert len(rows) == N + 10


def test_spans_point_into_the_expression_text(long_store: tuple[Path, list[str]]) -> None:
    """Each paragraph's start/end offsets cut its own text out of the Expression's full text."""
    from unkg.store import open_store

    store = open_store(long_store[0], read_only=True)
    texts = list(store.query(
        """PREFIX unkg: <https://w3id.org/unkg/def/>
           SELECT ?full WHERE { GRAPH ?g { ?e a unkg:Expression ; unkg:text ?full } }"""))
    assert len(texts) == 1
    full = texts[0]["full"].value
    assert len(full) > 800_000  # 2.4 MB of UTF-8, mostly three-byte Chinese characters
    # the paragraphs without the full text in each row (it is 2.4 MB)
    rows = list(store.query(
        """PREFIX unkg: <https://w3id.org/unkg/def/>
           SELECT ?text ?start ?end WHERE { GRAPH ?g {
             ?e a unkg:Expression ; unkg:hasPart/unkg:hasParagraph ?p .
             ?p a unkg:OperativeParagraph ; unkg:text ?text ; unkg:start ?start ; unkg:end ?end } }"""))
    assert len(rows) == N
    for row in rows:
        start, end = int(row["start"].value), int(row["end"].value)
        assert full[start:end] == row["text"].value


def _operative_numbers(text: str, tmp_path: Path) -> list[str | None]:
    from unkg.ingest import read_source
    from unkg.model import ParagraphKind
    from unkg.parse import parse

    src = tmp_path / "doc.zh.txt"
    src.write_text(text, encoding="utf-8")
    doc = parse(read_source(src))
    return [p.number for p in doc.paragraphs if p.kind is ParagraphKind.OPERATIVE]


def test_four_digit_numbers_only_in_sequence(tmp_path: Path) -> None:
    """A four-digit number is a paragraph number right after 999 (or its predecessor), never a
    year at the start of a line."""
    text, _ = long_document(1001)
    numbers = _operative_numbers(text, tmp_path)
    assert numbers[-3:] == ["999", "1000", "1001"]
    # a line that begins with a year after paragraph 3 is the text of an unnumbered paragraph
    text, _ = long_document(3)
    lines = text.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("3. "))
    lines.insert(at + 1, "2021. 年的报告所载各项建议；")
    numbers = _operative_numbers("\n".join(lines) + "\n", tmp_path)
    assert numbers == ["1", "2", "3", None]
    # a gap after 999 is not taken for a number either
    text, _ = long_document(1000)
    numbers = _operative_numbers(text.replace("\n1000. ", "\n1002. "), tmp_path)
    assert numbers[-2:] == ["999", None]
