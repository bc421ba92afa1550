"""The command-line contract: exit codes, summaries, queries, exports, rebuild identity."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from conftest import DEV, PDF, SEEDS, run_cli


def _sorted_nquads(store: Path, tmp: Path, name: str) -> bytes:
    out = tmp / name
    r = run_cli("export", "--format", "nq", "-o", str(out), "--store", str(store))
    assert r.returncode == 0, r.stderr
    return b"".join(sorted(out.read_bytes().splitlines(keepends=True)))


def test_build_sample_and_query_documents(sample_store: Path) -> None:
    r = run_cli("query", "documents", "--format", "csv", "--store", str(sample_store))
    assert r.returncode == 0, r.stderr
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert list(rows[0]) == ["work", "expression", "symbol", "lang", "doc_type", "bodies", "date", "title"]
    got = sorted((row["symbol"], row["doc_type"], row["bodies"], row["date"]) for row in rows)
    assert got == sorted([
        ("A/ES-11/10", "letter", "GA", "2022-11-07"),
        ("A/HRC/RES/53/30", "resolution", "HRC", "2023-07-14"),
        ("", "letter", "SC", "2022-05-24"),
        ("", "letter", "GA SC", "2021-02-25"),
    ])


def test_query_json_and_paragraphs(sample_store: Path) -> None:
    r = run_cli("query", "paragraphs", "-p", "symbol=A/HRC/RES/53/30", "--format", "json", "--store", str(sample_store))
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["head"]["vars"] == ["part", "n", "kind", "verb", "text"]
    rows = [{k: v["value"] for k, v in b.items()} for b in data["results"]["bindings"]]
    ops = [(row["n"], row["verb"]) for row in rows if row["kind"] == "operative"]
    assert ops == [("1", "欢迎"), ("2", "请")]
    assert sum(row["kind"] == "preambular" for row in rows) == 15
    assert all(row["part"] == "main" for row in rows)


def test_query_list_and_errors(sample_store: Path) -> None:
    r = run_cli("query", "--list")
    assert r.returncode == 0 and "documents:" in r.stdout and "paragraphs:" in r.stdout
    assert run_cli("query", "nope", "--store", str(sample_store)).returncode == 2
    r = run_cli("query", "paragraphs", "--store", str(sample_store))
    assert r.returncode == 2 and "one of the parameters symbol or expression" in r.stderr
    r = run_cli("query", "paragraphs", "-p", 'symbol="> } ; DROP ALL ; #', "--store", str(sample_store))
    assert r.returncode == 2 and "not a UN document symbol" in r.stderr
    r = run_cli("query", "paragraphs", "-p", "expression=http://x y", "--store", str(sample_store))
    assert r.returncode == 2 and "not an absolute IRI" in r.stderr


def test_build_twice_is_identical(tmp_path: Path) -> None:
    store = tmp_path / "s"
    first = run_cli("build", str(SEEDS), "--store", str(store))
    assert first.returncode == 0, first.stderr
    assert "4 loaded, 0 unchanged, 0 rejected" in first.stderr
    a = _sorted_nquads(store, tmp_path, "a.nq")
    second = run_cli("build", str(SEEDS), "--store", str(store))
    assert "0 loaded, 4 unchanged" in second.stderr
    assert _sorted_nquads(store, tmp_path, "b.nq") == a


def test_reproducible_across_stores(tmp_path: Path) -> None:
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}
    for name in ("x", "y"):
        assert run_cli("build", str(SEEDS / "001_c316506c3c2794f5.txt"), "--store", str(tmp_path / name), env=env).returncode == 0
    assert _sorted_nquads(tmp_path / "x", tmp_path, "x.nq") == _sorted_nquads(tmp_path / "y", tmp_path, "y.nq")


def test_rejected_inputs_exit_1_and_the_rest_loads(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copy(SEEDS / "001_c316506c3c2794f5.txt", inputs)
    (inputs / "empty.txt").write_bytes(b"")
    (inputs / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    r = run_cli("build", str(inputs), "--store", str(tmp_path / "s"))
    assert r.returncode == 1
    assert f"[REJECTED] {inputs / 'empty.txt'}: empty file" in r.stderr
    assert "image.txt" in r.stderr and "binary" in r.stderr
    assert "1 loaded, 0 unchanged, 2 rejected" in r.stderr


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert run_cli("build", str(tmp_path / "missing"), "--store", str(tmp_path / "s")).returncode == 2
    assert run_cli("build", "--base-iri", "not an iri", "--store", str(tmp_path / "s")).returncode == 2
    r = run_cli("query", "documents", "--store", str(tmp_path / "nostore"))
    assert r.returncode == 2 and "no store" in r.stderr


def test_locked_store_is_a_clear_error(tmp_path: Path) -> None:
    store = tmp_path / "s"
    holder = ox.Store(str(store))  # this process holds the write lock
    try:
        r = run_cli("build", str(SEEDS / "001_c316506c3c2794f5.txt"), "--store", str(store))
    finally:
        del holder
    assert r.returncode == 2
    assert "in use by another" in r.stderr and "Traceback" not in r.stderr


def _quads(path: Path, fmt: ox.RdfFormat) -> set:
    with path.open("rb") as fh:
        return set(ox.parse(fh, format=fmt))


def test_every_export_format_parses_back(all_store: Path, tmp_path: Path) -> None:
    out = tmp_path / "dumps"
    r = run_cli("export", "--format", "all", "-o", str(out), "--store", str(all_store))
    assert r.returncode == 0, r.stderr
    nq = _quads(out / "unkg.nq", ox.RdfFormat.N_QUADS)
    assert len(nq) > 10000
    assert _quads(out / "unkg.trig", ox.RdfFormat.TRIG) == nq
    assert _quads(out / "unkg.jsonld", ox.RdfFormat.JSON_LD) == nq
    triples = {q.triple for q in nq}
    assert {q.triple for q in _quads(out / "unkg.ttl", ox.RdfFormat.TURTLE)} == triples
    assert {q.triple for q in _quads(out / "unkg.nt", ox.RdfFormat.N_TRIPLES)} == triples
    sums = (out / "SHA256SUMS").read_text().splitlines()
    assert len(sums) == 5
    from unkg.export import sha256_file
    for line in sums:
        digest, name = line.split("  ")
        assert sha256_file(out / name) == digest
    void = _quads(out / "void.ttl", ox.RdfFormat.TURTLE)
    assert any(q.predicate.value == "http://rdfs.org/ns/void#triples" and int(q.object.value) == len(nq) for q in void)
    # readable JSON-LD keys from the project's context
    data = json.loads((out / "unkg.jsonld").read_text(encoding="utf-8"))
    keys = {k for g in data["@graph"] for n in g.get("@graph", []) for k in n}
    assert {"symbol", "hasExpression", "text", "type", "id"} <= keys


def test_jsonld_written_by_worker_processes_is_the_same_bytes(all_store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from unkg import export as E
    from unkg.store import open_store

    store = open_store(all_store, read_only=True)
    monkeypatch.setattr(E, "JSONLD_CHUNK", 5)  # the 53 document graphs (and the static ones) in a dozen tasks
    one, two = io.BytesIO(), io.BytesIO()
    E.write_jsonld(store, one, location=all_store, jobs=1)
    E.write_jsonld(store, two, location=all_store, jobs=2)
    assert one.getvalue() == two.getvalue()
    blocks = json.loads(two.getvalue())["@graph"]
    assert len([b for b in blocks if "@graph" in b]) > 53


def test_validate_store(sample_store: Path) -> None:
    r = run_cli("validate", "--store", str(sample_store))
    assert r.returncode == 0, r.stderr
    assert "4 validated, 0 violation(s)" in r.stderr


def test_all_corpora_build(all_store: Path) -> None:
    r = run_cli("query", "documents", "--format", "csv", "--store", str(all_store))
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    # 4 seeds + 41 dev files + 8 PDFs, each its own Expression
    assert len(rows) == 53
    works = {row["work"] for row in rows if row["symbol"] == "A/HRC/RES/54/2"}
    assert len(works) == 1 and {row["lang"] for row in rows if row["symbol"] == "A/HRC/RES/54/2"} == {"zh", "en", "fr"}
