"""Full-text search: the index beside the store, incremental refresh, queries, the command line."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pyoxigraph as ox
import pytest

from conftest import DEV, PDF, SEEDS, run_cli
from unkg import search as S
from unkg.errors import QueryError, RunAbort

DOC = "https://w3id.org/unkg/doc/"
P9 = DOC + "A/ES-11/10/zh/annex-1/p9"  # 表示严重关切俄罗斯联邦侵略乌克兰造成的生命损失……
HOSTILE = ['"', "*", "NEAR(", "OR", "-", "a OR b", "NOT x", "AND", '"unbalanced', "(", ")", "^", ":", "text:foo",
           "{text}: x", "NEAR(a b, 2)", "'", "; DROP TABLE units; --", "%", "_", "\\", "%%_\\", "*侵略*", "侵略 OR",
           "-侵略", '""', '" "', "\x00", "a\x00b", "x" * 3, "ü", "\u200b"]


def units_of(hits: list[S.Hit]) -> list[str]:
    return [h.unit for h in hits]


# --- the index file -------------------------------------------------------------------------

def test_index_is_a_sibling_of_the_store(sample_store: Path) -> None:
    path = S.index_path(sample_store)
    assert path == sample_store.with_name(sample_store.name + ".search.sqlite")
    assert path.is_file()  # written by 'unkg build'
    assert not [p for p in sample_store.rglob("*") if "sqlite" in p.name or "search" in p.name]
    assert S.index_path(Path("unkg-data/")) == Path("unkg-data.search.sqlite")


# --- queries on the sample corpus -----------------------------------------------------------

def test_two_chinese_characters_find_the_aggression_paragraph(sample_store: Path) -> None:
    hits = S.search(sample_store, "侵略", lang="zh", limit=100)
    assert len(hits) == S.count_matches(sample_store, "侵略", lang="zh") == 16
    hit = next(h for h in hits if h.unit == P9)
    assert (hit.expression, hit.symbol, hit.lang, hit.date) == (DOC + "A/ES-11/10/zh", "A/ES-11/10", "zh", "2022-11-07")
    assert (hit.kind, hit.part, hit.n) == ("preambular", "annex 1", "9")
    assert hit.snippet.startswith("表示严重关切俄罗斯联邦[侵略]乌克兰造成的生命损失")
    assert all("[侵略]" in h.snippet for h in hits)
    scores = [h.score for h in hits]
    assert scores == sorted(scores, reverse=True) and scores[-1] > 0


def test_a_long_phrase_and_the_span_in_the_expression_text(sample_store: Path) -> None:
    [hit] = S.search(sample_store, "表示严重关切俄罗斯联邦侵略乌克兰")
    assert hit.unit == P9
    assert hit.snippet.startswith("[表示严重关切俄罗斯联邦侵略乌克兰]造成")
    store = ox.Store.read_only(str(sample_store))
    [row] = store.query(f"SELECT ?t ?u WHERE {{ GRAPH ?g {{ <{hit.expression}> <https://w3id.org/unkg/def/text> ?t . "
                        f"<{hit.unit}> <https://w3id.org/unkg/def/text> ?u }} }}")
    assert row["t"].value[hit.start:hit.end] == row["u"].value


def test_words_are_anded_and_chinese_bigrams_work_with_trigrams(sample_store: Path) -> None:
    both = S.search(sample_store, "俄罗斯 侵略")
    assert P9 in units_of(both)
    assert all("[俄罗斯]" in h.snippet or "[侵略]" in h.snippet for h in both)
    assert set(units_of(both)) <= set(units_of(S.search(sample_store, "侵略", limit=100)))
    assert S.count_matches(sample_store, "俄罗斯 侵略") < S.count_matches(sample_store, "侵略")


def test_one_and_two_character_queries(sample_store: Path) -> None:
    hits = S.search(sample_store, "谴责")
    assert [(h.unit.rsplit("/", 1)[-1], h.lang) for h in hits] == [("p9", "zh"), ("p13", "zh")]
    assert all("[谴责]" in h.snippet for h in hits)
    one = S.search(sample_store, "国", lang="zh", limit=1000)
    assert len(one) == S.count_matches(sample_store, "国", lang="zh") > 50
    assert all("[国]" in h.snippet for h in one)


def test_markers_are_configurable_and_snippets_plain_text(sample_store: Path) -> None:
    hits = S.search(sample_store, "侵略", markers=("<mark>", "</mark>"), context=5, limit=100)
    hit = next(h for h in hits if h.unit == P9)
    assert hit.snippet == "…俄罗斯联邦<mark>侵略</mark>乌克兰造成…"
    assert all("\n" not in h.snippet and "&" not in h.snippet for h in hits)


def test_paging(sample_store: Path) -> None:
    first, second = S.search(sample_store, "国", limit=5), S.search(sample_store, "国", limit=5, offset=5)
    assert units_of(first) + units_of(second) == units_of(S.search(sample_store, "国", limit=10))
    assert S.search(sample_store, "国", offset=10_000) == []


# --- languages, short words, hostile input (all corpora) ------------------------------------

def test_language_filter(all_store: Path) -> None:
    en = S.search(all_store, "aggression", lang="en")
    assert en and {h.lang for h in en} == {"en"}
    assert {h.symbol for h in en} == {"A/HRC/RES/54/18"}
    assert all("[aggression]" in h.snippet.lower() for h in en)
    assert S.search(all_store, "aggression", lang="zh") == []
    # the same symbol printed in a zh and an en footnote
    assert {h.lang for h in S.search(all_store, "A/ES-10/794")} == {"zh", "en"}
    assert {h.lang for h in S.search(all_store, "A/ES-10/794", lang="EN")} == {"en"}
    assert {h.lang for h in S.search(all_store, "A/ES-10/794", lang="zh")} == {"zh"}
    assert S.search(all_store, "A/ES-10/794", lang="ru") == []


def test_two_letter_words_match_whole_words(all_store: Path) -> None:
    hits = S.search(all_store, "or", lang="en", limit=1000)
    assert hits and all("[or]" in h.snippet.lower() for h in hits)
    with closing(sqlite3.connect(S.index_path(all_store))) as con:
        substrings = con.execute("SELECT COUNT(*) FROM units WHERE lang = 'en' AND text LIKE '%or%'").fetchone()[0]
    assert len(hits) == S.count_matches(all_store, "or", lang="en") < substrings / 2
    # three characters and more are substrings
    assert any("a[ggressio]n" in h.snippet for h in S.search(all_store, "ggressio"))


def test_hostile_input_never_raises_an_fts5_error(all_store: Path) -> None:
    for text in HOSTILE:
        try:
            hits = S.search(all_store, text, limit=5)
        except QueryError as exc:  # only "empty" is acceptable as an error
            assert "empty search" in str(exc), (text, exc)
            continue
        assert isinstance(hits, list), text
        assert S.count_matches(all_store, text) >= len(hits)
    # LIKE wildcards are plain characters
    assert all("%" in h.snippet for h in S.search(all_store, "%", limit=50))
    assert S.count_matches(all_store, "%") < S.count_matches(all_store, "-")
    # an FTS5 operator inside a longer term is text
    assert S.search(all_store, "NEAR(") == []


@pytest.mark.parametrize("text", ["", "   ", "\t\n", "\x00"])
def test_empty_query_is_a_query_error(sample_store: Path, text: str) -> None:
    with pytest.raises(QueryError, match="empty search"):
        S.search(sample_store, text)


def test_bad_arguments(sample_store: Path, tmp_path: Path) -> None:
    with pytest.raises(QueryError, match="ISO 639-1"):
        S.search(sample_store, "侵略", lang="chinese")
    with pytest.raises(QueryError, match="limit"):
        S.search(sample_store, "侵略", limit=0)
    with pytest.raises(QueryError, match="offset"):
        S.search(sample_store, "侵略", offset=-1)
    with pytest.raises(QueryError, match="longer than"):
        S.search(sample_store, "x" * (S.MAX_QUERY_CHARS + 1))
    with pytest.raises(QueryError, match="terms"):
        S.search(sample_store, " ".join(f"w{i}xx" for i in range(S.MAX_TERMS + 1)))
    with pytest.raises(QueryError, match="Unicode"):
        S.search(sample_store, "\ud800")
    with pytest.raises(RunAbort, match="no store"):
        S.search(tmp_path / "nowhere", "侵略")
    (tmp_path / "store").mkdir()
    with pytest.raises(RunAbort, match="unkg index"):
        S.search(tmp_path / "store", "侵略")


def test_term_kinds() -> None:
    assert [S._kind(t) for t in ("侵略", "国", "UN", "5", "é", "国A", "-", "%", "侵略者", "aggression")] == [
        "han", "han", "word", "word", "word", "like", "like", "like", "trigram", "trigram"]
    assert S.grams("联合国UN会员国, the EU and 5G") == "联 合 国 联合 合国 会 员 国 会员 员国 UN EU 5G"


def test_query_terms() -> None:
    assert S.parse_query('俄罗斯  "armed  attack" 侵略 侵略') == ("俄罗斯", "armed attack", "侵略")
    assert S.parse_query('"unclosed phrase') == ("unclosed phrase",)
    assert S.parse_query('"') == ('"',)
    assert S.parse_query("Aggression aggression") == ("Aggression",)


# --- incremental refresh ----------------------------------------------------------------------

def _inputs(tmp_path: Path) -> Path:
    inputs = tmp_path / "in"
    inputs.mkdir()
    for name in ("000_151683289b9cb0c2.txt", "001_c316506c3c2794f5.txt"):
        shutil.copy(SEEDS / name, inputs / name)
    return inputs


def test_refresh_is_incremental(tmp_path: Path) -> None:
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}  # the graphs' time stays the same
    inputs, store = _inputs(tmp_path), tmp_path / "store"
    first = run_cli("build", str(inputs), "--store", str(store), env=env)
    assert first.returncode == 0, first.stderr
    assert "search index: 2 document(s) indexed, 0 removed, 0 unchanged" in first.stderr
    assert first.stderr.index("documents: 2 loaded") < first.stderr.index("search index:")
    again = S.refresh_index(store)
    assert (again.graphs, again.indexed, again.removed, again.unchanged, again.units_written) == (2, 0, 0, 2, 0)
    second = run_cli("build", str(inputs), "--store", str(store), env=env)
    assert "0 loaded, 2 unchanged" in second.stderr
    assert "search index: 0 document(s) indexed, 0 removed, 2 unchanged" in second.stderr
    # one document changes: only its graph is read again
    path = inputs / "000_151683289b9cb0c2.txt"
    text = path.read_text(encoding="utf-8")
    assert "表示严重关切俄罗斯联邦侵略" in text
    path.write_text(text.replace("表示严重关切俄罗斯联邦侵略", "表示极其严重关切俄罗斯联邦侵略"), encoding="utf-8")
    third = run_cli("build", str(inputs), "--store", str(store), env=env)
    assert "1 loaded, 1 unchanged" in third.stderr
    assert "search index: 1 document(s) indexed, 0 removed, 1 unchanged" in third.stderr
    assert [h.unit for h in S.search(store, "表示极其严重关切")] == [P9]
    assert S.search(store, "表示严重关切俄罗斯联邦侵略") == []
    assert S.refresh_index(store).indexed == 0


def test_units_from_the_parsed_document_equal_the_units_in_the_store(all_store: Path) -> None:
    """A build's workers take each graph's units from the parsed document (mapping.text_units,
    through the spool); 'unkg index' reads them from the store (graph_units): the two agree on
    every fixture document, zh, en, fr, ar and the PDFs, footnotes and annexes included."""
    from unkg.build import prepare, run_time
    from unkg.ingest import iter_inputs
    from unkg.iri import DEFAULT_BASE, Minter
    from unkg.mapping import Provenance
    from unkg.resources import pipeline_digest
    from unkg.store import open_store

    store = open_store(all_store, read_only=True)
    minter, prov = Minter(DEFAULT_BASE), Provenance(pipeline_digest=pipeline_digest(), generated_at=run_time())
    spool = S.UnitSpool()
    graphs: list[str] = []
    for path in iter_inputs([SEEDS, DEV, PDF]):
        prepared = prepare(path, minter, prov, index=True)
        assert prepared.graph is not None and prepared.units, path
        spool.put(prepared.graph.value, prepared.units)
        graphs.append(prepared.graph.value)
    assert len(graphs) == len(set(graphs)) == len(S.store_documents(store)) == 53
    kinds: set[str] = set()
    for graph in graphs:
        spooled = spool.get(graph)
        assert spooled is not None
        units, unit_grams = spooled
        assert units == S.graph_units(store, graph), graph
        assert unit_grams == [S.grams(u.text) for u in units]
        kinds.update(f"{u.kind} {u.part.split()[0] if u.part else '-'}" for u in units)
    spool.close()
    assert kinds >= {"preambular main", "operative main", "body main", "heading main", "footnote main",
                     "body annex", "operative annex", "footnote annex", "footnote -"}


def test_the_index_a_build_writes_equals_a_rebuild_from_the_store(all_store: Path, tmp_path: Path) -> None:
    rebuilt = tmp_path / "rebuilt.sqlite"
    stats = S.refresh_index(all_store, rebuild=True, index=rebuilt)
    assert stats.indexed == stats.graphs == 53
    tables = {"docs": "SELECT * FROM docs ORDER BY id", "units": "SELECT * FROM units ORDER BY id",
              "langs": "SELECT * FROM langs ORDER BY lang",
              "grams": "SELECT rowid FROM grams_fts WHERE grams_fts MATCH '国 OR 俄罗 OR UN OR 5' ORDER BY rowid",
              "trigrams": "SELECT rowid FROM units_fts WHERE units_fts MATCH 'aggression OR 侵略乌克兰 OR the OR 联合国' ORDER BY rowid"}
    with closing(sqlite3.connect(S.index_path(all_store))) as built, closing(sqlite3.connect(rebuilt)) as again:
        for name, sql in tables.items():
            rows = built.execute(sql).fetchall()
            assert len(rows) >= (4 if name == "langs" else 50), name
            assert rows == again.execute(sql).fetchall(), name


def test_graphs_gone_from_the_store_leave_the_index(tmp_path: Path) -> None:
    inputs, store = _inputs(tmp_path), tmp_path / "store"
    assert run_cli("build", str(inputs), "--store", str(store), "-q").returncode == 0
    before = S.count_matches(store, "国")
    s = ox.Store(str(store))
    s.update(f"DROP GRAPH <{DOC}A/ES-11/10/zh/graph>")
    del s
    stats = S.refresh_index(store)
    assert (stats.graphs, stats.indexed, stats.removed, stats.unchanged) == (1, 0, 1, 1)
    assert S.search(store, "表示严重关切俄罗斯联邦侵略") == []
    assert 0 < S.count_matches(store, "国") < before
    with closing(sqlite3.connect(S.index_path(store))) as con:
        assert con.execute("SELECT COUNT(*) FROM docs").fetchone()[0] == 1
        units = con.execute("SELECT COUNT(*) FROM units").fetchone()[0]
        assert con.execute("SELECT SUM(units) FROM langs").fetchone()[0] == units == stats.units
    assert S.refresh_index(store).changed is False


def test_a_failed_refresh_changes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    inputs, store = _inputs(tmp_path), tmp_path / "store"
    assert run_cli("build", str(inputs), "--store", str(store), "-q").returncode == 0

    def rows() -> list[tuple]:
        with closing(sqlite3.connect(S.index_path(store))) as con:
            return con.execute("SELECT d.graph, d.fingerprint, u.id, u.unit FROM units u JOIN docs d ON d.id = u.doc "
                               "ORDER BY u.id").fetchall()

    before = rows()
    calls = []
    real = S.replace_document

    def failing(con: sqlite3.Connection, doc: S.DocInfo, units: list[S.Unit], unit_grams: list[str] | None) -> int:
        calls.append(doc.graph)
        if len(calls) == 2:
            raise RuntimeError("disk on fire")
        return real(con, doc, units, unit_grams)

    monkeypatch.setattr(S, "replace_document", failing)
    with pytest.raises(RuntimeError, match="disk on fire"):
        S.refresh_index(store, rebuild=True)
    monkeypatch.undo()
    assert len(calls) == 2
    assert rows() == before  # the first document's rewrite was rolled back with the rest
    assert S.search(store, "表示严重关切俄罗斯联邦侵略")[0].unit == P9
    assert S.refresh_index(store).indexed == 0


def test_an_index_of_another_version_is_rebuilt(tmp_path: Path) -> None:
    inputs, store = _inputs(tmp_path), tmp_path / "store"
    assert run_cli("build", str(inputs), "--store", str(store), "-q").returncode == 0
    with closing(sqlite3.connect(S.index_path(store))) as con, con:
        con.execute("UPDATE meta SET value = '0' WHERE key = 'schema'")
    with pytest.raises(RunAbort, match="another version"):
        S.search(store, "侵略")
    assert S.refresh_index(store).indexed == 2
    assert S.search(store, "侵略")


# --- command line ---------------------------------------------------------------------------

def test_cli_search_formats(sample_store: Path) -> None:
    r = run_cli("search", "侵略", "--lang", "zh", "--limit", "50", "--store", str(sample_store), "--format", "json")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["query"] == "侵略" and len(data["hits"]) == 16
    assert P9 in [h["unit"] for h in data["hits"]]
    r = run_cli("search", "侵略", "--store", str(sample_store), "--format", "csv", "--limit", "3")
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert r.returncode == 0 and len(rows) == 3
    assert list(rows[0]) == ["unit", "expression", "symbol", "lang", "date", "kind", "part", "n", "start", "end",
                             "snippet", "score"]
    r = run_cli("search", "表示严重关切俄罗斯联邦侵略乌克兰", "--store", str(sample_store))
    assert r.returncode == 0 and "(1 hit)" in r.stdout and P9 in r.stdout and "A/ES-11/10" in r.stdout
    r = run_cli("search", "aggression", "--lang", "en", "--store", str(sample_store))
    assert r.returncode == 0 and "(0 hits)" in r.stdout


def test_cli_errors_exit_2(sample_store: Path, tmp_path: Path) -> None:
    for args, message in [
        (["search", "  ", "--store", str(sample_store)], "empty search"),
        (["search", "侵略", "--lang", "chinese", "--store", str(sample_store)], "ISO 639-1"),
        (["search", "侵略", "--store", str(tmp_path / "none")], "no store"),
        (["search", "侵略", "--limit", "0", "--store", str(sample_store)], "--limit"),
        (["index", "--store", str(tmp_path / "none")], "no store"),
    ]:
        r = run_cli(*args)
        assert r.returncode == 2, (args, r.stderr)
        assert message in r.stderr and "Traceback" not in r.stderr, (args, r.stderr)
    for text in ['"', "NEAR(", "OR", "-", "*"]:
        r = run_cli("search", text, "--store", str(sample_store))
        assert r.returncode == 0 and "Traceback" not in r.stderr, (text, r.stderr)
    assert not (tmp_path / "none").exists() and not S.index_path(tmp_path / "none").exists()


def test_cli_index_and_search_refresh_a_stale_index(tmp_path: Path) -> None:
    inputs, store = _inputs(tmp_path), tmp_path / "store"
    assert run_cli("build", str(inputs), "--store", str(store), "-q").returncode == 0
    r = run_cli("index", "--store", str(store))
    assert r.returncode == 0 and "0 document(s) indexed, 0 removed, 2 unchanged" in r.stderr
    r = run_cli("index", "--rebuild", "--store", str(store))
    assert r.returncode == 0 and "2 document(s) indexed" in r.stderr
    for p in store.parent.glob(store.name + ".search.sqlite*"):
        p.unlink()
    r = run_cli("search", "侵略", "--store", str(store), "--format", "json")
    assert r.returncode == 0, r.stderr
    assert P9 in [h["unit"] for h in json.loads(r.stdout)["hits"]]
