"""Full-text search over the paragraphs, headings and footnotes of every Expression.

pyoxigraph has no text index, so the text is copied into an SQLite database beside the
store, ``<store dir>.search.sqlite`` (a sibling file: nothing is ever written inside the
RocksDB directory; for a SPARQL server, a file per server in the user's cache, see
:func:`index_path`), indexed with FTS5's ``trigram`` tokenizer and a side table for terms of
one or two characters. Trigrams need no word boundaries, so Chinese (no spaces) is searched
the same way as English or French: a query term matches wherever it occurs as a substring,
case-insensitively.

**Units.** One row per paragraph (preambular, operative, body), heading and footnote of
each Expression graph, with its IRI, kind, part (``main``, ``annex 1``, ...), printed number
and ordinal, its span (``unkg:start``/``unkg:end``) in the Expression text, and the
Expression's IRI, Work symbol (the smallest, as the ``documents`` query picks it; empty when
the document prints none), language code and date.

**Refresh.** :func:`refresh_index` keeps one fingerprint per Expression graph and re-reads
only the graphs whose fingerprint changed; rows of graphs no longer in the store are
deleted; all of it in one SQLite transaction, and a second run with nothing changed writes
nothing. The fingerprint hashes what the store offers cheaply, one index lookup per graph:
``prov:generatedAtTime``, the ``prov:wasGeneratedBy`` activity (whose IRI is minted from the
source file's SHA-256 and the pipeline digest, so it changes with the input and with the
code), the Expression IRI, language, symbol(s) and date. The store rewrites a graph only when
its content changed, and a content change without a new source or pipeline (a sidecar's
date or symbol, say) shows in the time or the metadata. The graph's triple count was
considered and left out: counting runs at about 1.5 M quads/s, some 14 s per refresh at
10,000 documents, and the refresh runs before every ``unkg search``. ``rebuild=True`` (``unkg
index --rebuild``) re-reads every graph whatever the fingerprints say.

**Index.** Two FTS5 tables over the units. ``units_fts`` (``trigram`` tokenizer) holds every
substring of three characters, in any script. ``grams_fts`` (``unicode61``, contentless) holds
what a trigram cannot: each Han character, each pair of adjacent Han characters, and each word
of one or two letters or digits (:func:`grams`). A unit's row number encodes its language
(``lang_range``), so ``--lang`` is a row range on both indexes, and grows with each unit indexed
(a refresh indexes the changed documents oldest first).

**Search.** :func:`search` splits the query into terms at white space (a ``"double-quoted
phrase"`` is one term, spaces included); a unit matches when it contains every term. Each term
goes to the index that can find it, quoted as an FTS5 string (quotes, ``*``, ``-``, ``OR``,
``NEAR(`` in it are plain text, never operators):

- three or more characters: ``units_fts``, a case-insensitive substring match (``aggress``
  finds "aggression", 侵略乌克兰 finds it inside a sentence);
- one or two Han characters (侵略, 谴责, 国): ``grams_fts``, also a substring match;
- one or two letters or digits (UN, EU, 5G): ``grams_fts``, a *whole-word* match (UN finds "UN"
  and French "un", not "under": as substrings such terms would match nearly everything);
- anything else that short (``-``, ``*``, ``"``): ``LIKE '%term%'`` (``%``, ``_`` and ``\\``
  escaped), a scan of the units, checked on the other terms' candidates when there are any.

Ranking is BM25 (k1 1.2, b 0.75, as FTS5's ``bm25()``): the term frequency counted in the unit's
text (as a substring, ASCII case folded, at least 1), the unit's length in characters against its language's average, and
each term's idf from its document frequency, counted in the index up to ``DF_CAP`` units (a term
found in more counts as found in ``DF_CAP``; a query of one term needs no idf). Per language,
only the ``RANK_WINDOW`` matching units indexed last are ranked: a broad query ("the", 国家)
ranks the matches of the most recently indexed documents and pages through at most that many,
which keeps its cost from growing with the corpus. FTS5's own ``bm25()`` is not used: it first
evaluates every phrase over the whole index to count its documents (40-45 ms for "United
Nations" or "international" at 10,000 documents, whatever the LIMIT). ``Hit.score`` is the BM25
score: higher is better, comparable within one query. Measured figures: ``docs/performance.md``.
"""

from __future__ import annotations

import hashlib
import math
import os
import pickle
import re
import sqlite3
import tempfile
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import closing
from dataclasses import asdict, dataclass
from pathlib import Path

from pyoxigraph import NamedNode, Store

from unkg.errors import QueryError, RunAbort
from unkg.model import Unit

#: Suffix of the index file, appended to the store directory's name.
INDEX_SUFFIX = ".search.sqlite"
#: Bumped whenever the tables or what goes into them change: an index of another
#: version is dropped and rebuilt by the next refresh.
SCHEMA_VERSION = "3"
#: Shortest term FTS5's trigram tokenizer can match through its index.
MIN_INDEXED_CHARS = 3
MAX_QUERY_CHARS = 500
MAX_TERMS = 16
MAX_LIMIT = 1000
DEFAULT_MARKERS = ("[", "]")

_UNKG = "https://w3id.org/unkg/def/"
_PROV = "http://www.w3.org/ns/prov#"

_GRAPHS_QUERY = f"""
PREFIX unkg: <{_UNKG}>
PREFIX prov: <{_PROV}>
SELECT ?g ?expr ?lang ?time ?activity ?symbol ?date WHERE {{
  GRAPH ?g {{
    ?g a unkg:DocumentGraph ; unkg:describes ?expr .
    OPTIONAL {{ ?g prov:generatedAtTime ?time }}
    OPTIONAL {{ ?g prov:wasGeneratedBy ?activity }}
    OPTIONAL {{ ?expr unkg:languageCode ?lang }}
    OPTIONAL {{
      ?expr unkg:expressionOf ?work .
      OPTIONAL {{ ?work unkg:symbol ?symbol }}
      OPTIONAL {{ ?work unkg:date ?date }}
    }}
  }}
}}
"""

# run with the Expression graph as the default graph; ?partNode is the part a unit is in
# (for a footnote: the part of the paragraph that carries its marker, when resolved)
_UNITS_QUERY = f"""
PREFIX unkg: <{_UNKG}>
SELECT ?unit ?kind ?partNode ?n ?marker ?ordinal ?start ?end ?text WHERE {{
  {{
    ?partNode unkg:hasParagraph ?unit .
    ?unit a ?class .
    # the codes are the skos:notation of these classes in ontology/unkg.ttl
    VALUES (?class ?kind) {{
      (unkg:PreambularParagraph "preambular") (unkg:OperativeParagraph "operative") (unkg:BodyParagraph "body")
    }}
  }} UNION {{
    ?partNode unkg:hasHeading ?unit .
    BIND("heading" AS ?kind)
  }} UNION {{
    ?expression unkg:hasFootnote ?unit .
    BIND("footnote" AS ?kind)
    OPTIONAL {{ ?unit unkg:anchoredIn ?anchor . ?anchor unkg:inPart ?partNode }}
  }}
  ?unit unkg:text ?text .
  OPTIONAL {{ ?unit unkg:ordinal ?ordinal }}
  OPTIONAL {{ ?unit unkg:start ?start }}
  OPTIONAL {{ ?unit unkg:end ?end }}
  OPTIONAL {{ ?unit unkg:number ?n }}
  OPTIONAL {{ ?unit unkg:marker ?marker }}
}}
"""

# the part labels of paragraphs.rq: "main", or "annex <printed number or position>"
_PARTS_QUERY = f"""
PREFIX unkg: <{_UNKG}>
SELECT ?partNode ?part WHERE {{
  ?partNode a ?partClass ; unkg:ordinal ?partOrder .
  VALUES (?partClass ?partKind) {{ (unkg:MainText "main") (unkg:Annex "annex") }}
  OPTIONAL {{ ?partNode unkg:partNumber ?partNumber }}
  BIND(IF(?partKind = "main", "main", CONCAT("annex ", COALESCE(?partNumber, STR(?partOrder - 1)))) AS ?part)
}}
"""

_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE docs (
  id INTEGER PRIMARY KEY,
  graph TEXT NOT NULL UNIQUE,
  expression TEXT NOT NULL,
  symbol TEXT NOT NULL,
  lang TEXT NOT NULL,
  date TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  units INTEGER NOT NULL,
  chars INTEGER NOT NULL
);
-- per language: units and characters (the average unit length of BM25)
CREATE TABLE langs (lang TEXT PRIMARY KEY, units INTEGER NOT NULL, chars INTEGER NOT NULL);
-- id = (language bucket << 40) + a sequence that only grows: each language is one rowid range
-- (the language filter is a range on every index) and, within it, the order of indexing
CREATE TABLE units (
  id INTEGER PRIMARY KEY,
  doc INTEGER NOT NULL REFERENCES docs(id),
  lang TEXT NOT NULL,
  unit TEXT NOT NULL,
  kind TEXT NOT NULL,
  part TEXT NOT NULL,
  n TEXT NOT NULL,
  ordinal INTEGER,
  span_start INTEGER,
  span_end INTEGER,
  text TEXT NOT NULL
);
CREATE INDEX units_doc ON units(doc);
-- every substring of three or more characters, in any script
CREATE VIRTUAL TABLE units_fts USING fts5(text, content='units', content_rowid='id', tokenize='trigram');
-- for terms of one or two characters, which have no trigram: Han characters, pairs of adjacent
-- Han characters, words of one or two letters or digits (grams()); contentless: a row is deleted
-- with its grams computed again from the unit's text
CREATE VIRTUAL TABLE grams_fts USING fts5(grams, content='', tokenize='unicode61');
"""

# --- records --------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Hit:
    """One matching unit of text."""

    unit: str          # IRI of the paragraph, heading or footnote
    expression: str    # IRI of its Expression (language version)
    symbol: str        # the Work's symbol, "" when the document prints none
    lang: str          # ISO 639-1 code of the Expression
    date: str          # the Work's date (YYYY-MM-DD), "" when unknown
    kind: str          # preambular | operative | body | heading | footnote
    part: str          # main | annex N | "" (a footnote not resolved to a paragraph)
    n: str             # printed number (a footnote's marker), else the ordinal in its part
    start: int | None  # span of the unit in the Expression text
    end: int | None
    snippet: str       # plain text around the first match, matches between the markers
    score: float       # higher is better (see the module docstring)

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class DocInfo:
    """One Expression graph as the index records it."""

    graph: str
    expression: str
    symbol: str
    lang: str
    date: str
    fingerprint: str


@dataclass(slots=True)
class RefreshStats:
    """What a refresh did."""

    path: Path
    graphs: int = 0      # Expression graphs in the store
    indexed: int = 0     # graphs (re-)indexed by this refresh
    removed: int = 0     # graphs gone from the store, their rows deleted
    unchanged: int = 0   # graphs whose fingerprint matched
    units_written: int = 0
    units: int = 0       # units in the index after the refresh
    seconds: float = 0.0

    @property
    def changed(self) -> bool:
        return bool(self.indexed or self.removed)

    def summary(self) -> str:
        return (f"search index: {self.indexed} document(s) indexed, {self.removed} removed, "
                f"{self.unchanged} unchanged; {self.units} units from {self.graphs} document(s) in {self.path}")


# --- the index file -------------------------------------------------------------------------

def index_path(store_path: str | Path, index: str | Path | None = None) -> Path:
    """Where the search index of a store lives: ``index`` when given; for a store directory
    ``<store dir>.search.sqlite``, beside it (never inside it); for a SPARQL server (a URL), a
    file per server in the user's cache, ``$XDG_CACHE_HOME/unkg/search/<host>_<port>.sqlite``
    (``~/.cache/unkg/search/...`` without ``XDG_CACHE_HOME``; a URL with a path adds it to the
    name), whose directory is created when needed."""
    if index is not None:
        return Path(index)
    if isinstance(store_path, str) and store_path.startswith(("http://", "https://")):
        return _remote_index_path(store_path)
    p = Path(store_path)
    if p.name in ("", ".", ".."):
        p = p.resolve()
    return p.with_name(p.name + INDEX_SUFFIX)


def _remote_index_path(url: str) -> Path:
    import os
    import urllib.parse

    parts = urllib.parse.urlsplit(url.rstrip("/"))
    port = parts.port or (443 if parts.scheme == "https" else 80)
    name = f"{parts.hostname or 'localhost'}_{port}"
    if parts.path.strip("/"):
        name += "_" + parts.path.strip("/")
    name = re.sub(r"[^A-Za-z0-9._-]", "_", name)
    root = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return root / "unkg" / "search" / (name + ".sqlite")


def _check_sqlite() -> None:
    if sqlite3.sqlite_version_info < (3, 34, 0):
        raise RunAbort(f"full-text search needs SQLite 3.34 or later (FTS5 trigram tokenizer); "
                       f"this Python has SQLite {sqlite3.sqlite_version}")


def connect_index(path: Path, *, create: bool = True) -> sqlite3.Connection:
    """Open the index (creating or resetting its tables when missing or of another version).

    :raises RunAbort: when the file cannot be opened or this SQLite lacks FTS5 trigram.
    """
    _check_sqlite()
    if not create and not path.exists():
        raise RunAbort(f"no search index at {path} (run 'unkg index')")
    try:
        con = sqlite3.connect(path, timeout=60, isolation_level=None)
    except sqlite3.Error as exc:
        raise RunAbort(f"cannot open the search index {path}: {exc}") from None
    try:
        con.execute("PRAGMA journal_mode=WAL")
        con.execute("PRAGMA synchronous=NORMAL")
        if _schema_version(con) != SCHEMA_VERSION:
            if not create:
                raise RunAbort(f"the search index {path} is of another version (run 'unkg index')")
            _reset(con)
    except sqlite3.Error as exc:
        con.close()
        if "fts5" in str(exc).lower():
            raise RunAbort(f"this Python's SQLite has no FTS5 ({exc})") from None
        raise RunAbort(f"cannot use the search index {path}: {exc}") from None
    except RunAbort:
        con.close()
        raise
    return con


def _schema_version(con: sqlite3.Connection) -> str | None:
    has_meta = con.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name='meta'").fetchone()
    if not has_meta:
        return None
    row = con.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
    return row[0] if row else None


def _reset(con: sqlite3.Connection) -> None:
    con.execute("BEGIN IMMEDIATE")
    try:
        if _schema_version(con) == SCHEMA_VERSION:  # another process got there first
            con.execute("COMMIT")
            return
        # virtual tables first (they drop their own shadow tables), then what is left
        master = "SELECT name, type, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"
        for name, _, sql in con.execute(master).fetchall():
            if (sql or "").upper().startswith("CREATE VIRTUAL TABLE"):
                con.execute(f'DROP TABLE IF EXISTS "{name}"')
        for name, kind, _ in con.execute(master).fetchall():
            if kind in ("table", "trigger", "view"):  # indexes go with their tables
                con.execute(f'DROP {kind.upper()} IF EXISTS "{name}"')
        for statement in _statements(_SCHEMA):
            con.execute(statement)
        con.execute("INSERT INTO meta(key, value) VALUES ('schema', ?)", (SCHEMA_VERSION,))
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


def _statements(script: str) -> Iterator[str]:
    """The SQL statements of a script, triggers whole (``sqlite3.complete_statement``)."""
    buf = ""
    for line in script.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            yield buf.strip()
            buf = ""
    if buf.strip():
        raise ValueError(f"incomplete SQL statement: {buf!r}")


# --- reading the store ----------------------------------------------------------------------

def _fingerprint(*values: str) -> str:
    return hashlib.sha256("\x1f".join(values).encode("utf-8")).hexdigest()[:32]


def store_documents(store: Store) -> dict[str, DocInfo]:
    """Every Expression graph of the store with its metadata and fingerprint, by graph IRI."""
    rows: dict[str, dict[str, set[str]]] = {}
    for sol in store.query(_GRAPHS_QUERY):
        g = sol["g"].value
        acc = rows.setdefault(g, {})
        for name in ("expr", "lang", "time", "activity", "symbol", "date"):
            term = sol[name]
            if term is not None:
                acc.setdefault(name, set()).add(term.value)
    docs: dict[str, DocInfo] = {}
    for g, acc in rows.items():
        def first(name: str) -> str:
            return min(acc.get(name, {""}))

        def every(name: str) -> str:
            return " ".join(sorted(acc.get(name, ())))

        docs[g] = DocInfo(graph=g, expression=first("expr"), symbol=first("symbol"), lang=first("lang"),
                          date=first("date"),
                          fingerprint=_fingerprint(every("time"), every("activity"), every("expr"), every("lang"),
                                                   every("symbol"), every("date")))
    return docs


def _int(term: object) -> int | None:
    value = getattr(term, "value", None)
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def graph_units(store: Store, graph: str) -> list[Unit]:
    """The paragraphs, headings and footnotes of one Expression graph in the store, in text order.

    A build takes them from the parsed document instead (:func:`unkg.mapping.text_units`, through
    :class:`UnitSpool`); a test checks that the two agree on every fixture document."""
    g = NamedNode(graph)
    parts = {sol["partNode"].value: sol["part"].value
             for sol in store.query(_PARTS_QUERY, default_graph=g)}
    units: dict[str, Unit] = {}
    for sol in store.query(_UNITS_QUERY, default_graph=g):
        iri = sol["unit"].value
        part_node, ordinal = sol["partNode"], _int(sol["ordinal"])
        number = sol["n"] if sol["n"] is not None else sol["marker"]
        unit = Unit(unit=iri, kind=sol["kind"].value,
                    part=parts.get(part_node.value, "") if part_node is not None else "",
                    n=number.value if number is not None else ("" if ordinal is None else str(ordinal)),
                    ordinal=ordinal, start=_int(sol["start"]), end=_int(sol["end"]), text=sol["text"].value)
        units.setdefault(iri, unit)  # one row per unit, whatever the data repeats
    return sorted(units.values(), key=lambda u: (u.start if u.start is not None else -1, u.unit))


# --- writing the index ----------------------------------------------------------------------

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_HAN_RUN = re.compile(f"[{_HAN}]+")
_WORD = re.compile(r"[^\W_]+")  # a run of letters and digits, as FTS5's unicode61 tokenizer sees one
_SHORT_WORD = re.compile(r"[^\W_]{1,2}")
_LANG_SHIFT = 40


def grams(text: str) -> str:
    """What ``grams_fts`` indexes of a text, space-separated: each Han character, each pair
    of adjacent Han characters, and each word of one or two letters or digits outside Han runs."""
    out: list[str] = []
    for run in _HAN_RUN.findall(text):
        out.extend(run)
        out.extend(run[i:i + 2] for i in range(len(run) - 1))
    out.extend(w for w in _WORD.findall(_HAN_RUN.sub(" ", text)) if len(w) <= 2)
    return " ".join(out)


def lang_range(lang: str) -> tuple[int, int]:
    """The rowid range of a language's units (codes other than two letters share bucket 0)."""
    if re.fullmatch(r"[a-z]{2}", lang):
        bucket = (ord(lang[0]) - 97) * 26 + (ord(lang[1]) - 97) + 1
    else:
        bucket = 0
    return bucket << _LANG_SHIFT, ((bucket + 1) << _LANG_SHIFT) - 1


def _count_lang(con: sqlite3.Connection, lang: str, units: int, chars: int) -> None:
    con.execute("INSERT INTO langs(lang, units, chars) VALUES (?, ?, ?) ON CONFLICT(lang) DO UPDATE SET "
                "units = units + excluded.units, chars = chars + excluded.chars", (lang, units, chars))


def _delete_units(con: sqlite3.Connection, doc_id: int) -> None:
    lang, units, chars = con.execute("SELECT lang, units, chars FROM docs WHERE id = ?", (doc_id,)).fetchone()
    rows = con.execute("SELECT id, text FROM units WHERE doc = ?", (doc_id,)).fetchall()
    con.executemany("INSERT INTO units_fts(units_fts, rowid, text) VALUES ('delete', ?, ?)", rows)
    con.executemany("INSERT INTO grams_fts(grams_fts, rowid, grams) VALUES ('delete', ?, ?)",
                    [(i, g) for i, t in rows if (g := grams(t))])
    con.execute("DELETE FROM units WHERE doc = ?", (doc_id,))
    con.execute("UPDATE docs SET units = 0, chars = 0 WHERE id = ?", (doc_id,))
    _count_lang(con, lang, -units, -chars)


def replace_document(con: sqlite3.Connection, doc: DocInfo, units: Iterable[Unit],
                     unit_grams: Sequence[str] | None = None) -> int:
    """Replace the rows of one Expression graph (inside the caller's transaction); returns units
    written. ``unit_grams``: the :func:`grams` of each unit, when already computed."""
    row = con.execute("SELECT id FROM docs WHERE graph = ?", (doc.graph,)).fetchone()
    if row:
        doc_id = row[0]
        _delete_units(con, doc_id)
        con.execute("UPDATE docs SET expression=?, symbol=?, lang=?, date=?, fingerprint=? WHERE id=?",
                    (doc.expression, doc.symbol, doc.lang, doc.date, doc.fingerprint, doc_id))
    else:
        doc_id = con.execute(
            "INSERT INTO docs(graph, expression, symbol, lang, date, fingerprint, units, chars) "
            "VALUES (?,?,?,?,?,?,0,0)", (doc.graph, doc.expression, doc.symbol, doc.lang, doc.date, doc.fingerprint)
        ).lastrowid
    lo, hi = lang_range(doc.lang)
    last = con.execute("SELECT id FROM units WHERE id BETWEEN ? AND ? ORDER BY id DESC LIMIT 1", (lo, hi)).fetchone()
    first = (last[0] if last else lo) + 1
    rows = [(first + i, doc_id, doc.lang, u.unit, u.kind, u.part, u.n, u.ordinal, u.start, u.end, u.text)
            for i, u in enumerate(units)]
    if rows and rows[-1][0] > hi:
        raise RunAbort(f"the search index has no row numbers left for language {doc.lang!r}; "
                       "run 'unkg index --rebuild'")
    con.executemany("INSERT INTO units(id, doc, lang, unit, kind, part, n, ordinal, span_start, span_end, text) "
                    "VALUES (?,?,?,?,?,?,?,?,?,?,?)", rows)
    con.executemany("INSERT INTO units_fts(rowid, text) VALUES (?, ?)", [(r[0], r[-1]) for r in rows])
    if unit_grams is None:
        unit_grams = [grams(r[-1]) for r in rows]
    con.executemany("INSERT INTO grams_fts(rowid, grams) VALUES (?, ?)",
                    [(r[0], g) for r, g in zip(rows, unit_grams, strict=True) if g])
    chars = sum(len(r[-1]) for r in rows)
    con.execute("UPDATE docs SET units = ?, chars = ? WHERE id = ?", (len(rows), chars, doc_id))
    _count_lang(con, doc.lang, len(rows), chars)
    return len(rows)


class UnitSpool:
    """Units of graphs taken from their parsed documents before the graphs reached the store (by a
    build's workers, :func:`pack_units`), held in an anonymous temporary file until the index is
    refreshed, so that the writer's memory does not grow with them. Valid while the store holds
    exactly those graphs: the build that wrote them holds the store's write lock until its refresh."""

    def __init__(self) -> None:
        self._file = tempfile.TemporaryFile(prefix="unkg-units-")
        self._at: dict[str, tuple[int, int]] = {}

    def put(self, graph: str, packed: bytes) -> None:
        offset = self._file.seek(0, os.SEEK_END)
        self._file.write(packed)
        self._at[graph] = (offset, len(packed))

    def get(self, graph: str) -> tuple[list[Unit], list[str]] | None:
        """The graph's units and their grams, or None when the graph is not spooled."""
        if graph not in self._at:
            return None
        offset, size = self._at[graph]
        self._file.seek(offset)
        rows = pickle.loads(self._file.read(size))
        return [Unit(*fields) for fields, _ in rows], [g for _, g in rows]

    def __len__(self) -> int:
        return len(self._at)

    def close(self) -> None:
        self._file.close()


def pack_units(units: Iterable[Unit]) -> bytes:
    """Units with their :func:`grams`, as :class:`UnitSpool` keeps them (computed in a build's worker)."""
    return pickle.dumps([((u.unit, u.kind, u.part, u.n, u.ordinal, u.start, u.end, u.text), grams(u.text))
                         for u in units], protocol=pickle.HIGHEST_PROTOCOL)


def remove_document(con: sqlite3.Connection, graph: str) -> None:
    """Delete the rows of one Expression graph (inside the caller's transaction)."""
    row = con.execute("SELECT id FROM docs WHERE graph = ?", (graph,)).fetchone()
    if row:
        _delete_units(con, row[0])
        con.execute("DELETE FROM docs WHERE id = ?", (row[0],))


def optimize(con: sqlite3.Connection) -> None:
    """Merge each FTS5 index into one b-tree (worth it after indexing many documents at once)."""
    con.execute("INSERT INTO units_fts(units_fts) VALUES ('optimize')")
    con.execute("INSERT INTO grams_fts(grams_fts) VALUES ('optimize')")


#: A refresh that indexes at least this many documents ends with :func:`optimize`.
OPTIMIZE_AFTER = 200


def refresh_index(store_path: str | Path, *, store: Store | None = None, rebuild: bool = False,
                  index: str | Path | None = None, spool: UnitSpool | None = None) -> RefreshStats:
    """Bring the search index of the store at ``store_path`` (a directory or a SPARQL server's
    URL) up to date.

    Re-indexes the Expression graphs whose fingerprint changed (all of them with
    ``rebuild``), deletes the rows of graphs gone from the store, in one SQLite
    transaction; writes nothing when nothing changed. ``store`` is an already open store
    at that path (else it is opened read-only); ``index`` the index file, when not the
    default one (:func:`index_path`); ``spool`` the units of graphs a build has just written,
    taken from there instead of being read back from the store (12-20 ms per graph).

    :raises RunAbort: no store at ``store_path``, or the index cannot be written.
    """
    from unkg.store import open_store

    started = time.perf_counter()
    path = index_path(store_path, index)
    if store is None:
        store = open_store(store_path, read_only=True)
    try:
        current = store_documents(store)
    except (OSError, RuntimeError) as exc:
        raise RunAbort(f"cannot read the store at {store_path}: {exc}") from None
    stats = RefreshStats(path=path, graphs=len(current))
    if index is None and isinstance(store_path, str):
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise RunAbort(f"cannot create the directory of the search index {path}: {exc}") from None
    try:
        with closing(connect_index(path)) as con:
            changed, gone = _diff(con, current, rebuild)
            if changed or gone:
                con.execute("BEGIN IMMEDIATE")
                try:
                    changed, gone = _diff(con, current, rebuild)  # another process may have refreshed
                    for graph in gone:
                        remove_document(con, graph)
                    # oldest first: within a language, row order follows the order of indexing
                    for graph in sorted(changed, key=lambda g: (current[g].date, g)):
                        spooled = spool.get(graph) if spool is not None else None
                        if spooled is not None:
                            units, unit_grams = spooled
                        else:
                            try:
                                units, unit_grams = graph_units(store, graph), None
                            except (OSError, RuntimeError) as exc:
                                raise RunAbort(f"cannot read the store at {store_path}: {exc}") from None
                        stats.units_written += replace_document(con, current[graph], units, unit_grams)
                    if len(changed) >= OPTIMIZE_AFTER:
                        optimize(con)
                    con.execute("COMMIT")
                except BaseException:
                    con.execute("ROLLBACK")
                    raise
            stats.indexed, stats.removed = len(changed), len(gone)
            stats.unchanged = stats.graphs - stats.indexed
            stats.units = con.execute("SELECT COALESCE(SUM(units), 0) FROM docs").fetchone()[0]
    except sqlite3.Error as exc:
        raise RunAbort(f"cannot write the search index {path}: {exc}") from None
    stats.seconds = time.perf_counter() - started
    return stats


def _diff(con: sqlite3.Connection, current: dict[str, DocInfo], rebuild: bool) -> tuple[list[str], list[str]]:
    known = dict(con.execute("SELECT graph, fingerprint FROM docs").fetchall())
    changed = sorted(g for g, doc in current.items() if rebuild or known.get(g) != doc.fingerprint)
    gone = sorted(set(known) - set(current))
    return changed, gone


# --- searching ------------------------------------------------------------------------------

_TERM = re.compile(r'"([^"]*)"?|([^\s"]+)')
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_SPACE = re.compile(r"\s+")


def parse_query(text: str) -> tuple[str, ...]:
    """The terms of a query: white-space separated words and ``"quoted phrases"``.

    A closing quote may be left out; quotes alone (``"``) are searched as text. Every
    other character is plain text: nothing in a term is an operator.

    :raises QueryError: empty, too long, too many terms, or not valid Unicode.
    """
    if not isinstance(text, str):
        raise QueryError("the search text must be a string")
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(f"the search text is longer than {MAX_QUERY_CHARS} characters")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise QueryError("the search text is not valid Unicode") from None
    text = _CONTROL.sub(" ", text)
    if not text.strip():
        raise QueryError("empty search: give a word or a few characters to look for (e.g. 侵略 or aggression)")
    terms: dict[str, str] = {}
    for m in _TERM.finditer(text):
        term = _SPACE.sub(" ", m.group(1) if m.group(1) is not None else m.group(2)).strip()
        if term:
            terms.setdefault(term.casefold(), term)
    if not terms:  # nothing but quotes
        whole = _SPACE.sub(" ", text).strip()
        terms[whole] = whole
    if len(terms) > MAX_TERMS:
        raise QueryError(f"the search text has {len(terms)} terms; at most {MAX_TERMS} are searched at once")
    return tuple(terms.values())


def check_lang(lang: str | None) -> str | None:
    """The language filter as a lower-case ISO 639-1 code; None or blank: no filter."""
    if lang is None or not lang.strip():
        return None
    code = lang.strip().lower()
    if not re.fullmatch(r"[a-z]{2}", code):
        raise QueryError(f"language {lang!r} is not an ISO 639-1 code (e.g. zh, en, fr)")
    return code


def _fts_string(term: str) -> str:
    """An FTS5 string literal: the term between double quotes, its own quotes doubled."""
    return '"' + term.replace('"', '""') + '"'


def _like_pattern(term: str) -> str:
    return "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


#: Per language, a query is ranked among the matching units indexed last, at most this many
#: (see the module docstring). Bounds the cost of broad queries ("the", 国家); paging stops there.
RANK_WINDOW = 2000
#: Document frequencies are counted up to this many units; a term found in more is "common".
DF_CAP = 10_000
K1, B = 1.2, 0.75  # BM25 parameters, as FTS5's bm25()

_COLUMNS = "u.unit, d.expression, d.symbol, u.lang, d.date, u.kind, u.part, u.n, u.span_start, u.span_end, u.text"


def _kind(term: str) -> str:
    """trigram | han | word (one or two letters or digits) | like (anything else that short)."""
    if len(term) >= MIN_INDEXED_CHARS:
        return "trigram"
    if _HAN_RUN.fullmatch(term):
        return "han"
    return "word" if _SHORT_WORD.fullmatch(term) and not _HAN_RUN.search(term) else "like"


@dataclass(frozen=True, slots=True)
class _Plan:
    """How one query is run: where its candidates come from, what else they must match."""

    terms: tuple[str, ...]
    fts: str | None        # units_fts | grams_fts | None (a LIKE scan)
    match: str | None      # the FTS5 query on it: quoted strings joined by AND
    words: str | None      # an FTS5 query on grams_fts the candidates must also match
    likes: tuple[str, ...]  # LIKE patterns the candidates must also match
    lang: str | None


def _plan(terms: Sequence[str], lang: str | None) -> _Plan:
    kinds = {t: _kind(t) for t in terms}
    trigram = [t for t in terms if kinds[t] == "trigram"]
    short = [t for t in terms if kinds[t] in ("han", "word")]
    likes = [t for t in terms if kinds[t] == "like"]
    if trigram:
        # Han pairs are substrings either way: LIKE on the candidates is the cheaper check
        likes += [t for t in short if kinds[t] == "han"]
        words = [t for t in short if kinds[t] == "word"]
        return _Plan(tuple(terms), "units_fts", _and(trigram), _and(words) if words else None,
                     tuple(map(_like_pattern, likes)), lang)
    if short:
        return _Plan(tuple(terms), "grams_fts", _and(short), None, tuple(map(_like_pattern, likes)), lang)
    return _Plan(tuple(terms), None, None, None, tuple(map(_like_pattern, likes)), lang)


def _and(terms: Sequence[str]) -> str:
    return " AND ".join(map(_fts_string, terms))


def _where(plan: _Plan, rowid: str, params: dict[str, object], lo: str | None, hi: str | None) -> str:
    where: list[str] = []
    if plan.fts:
        where.append(f"{plan.fts} MATCH :match")
        params["match"] = plan.match
    if lo and hi:
        where.append(f"{rowid} BETWEEN :{lo} AND :{hi}")
    if plan.words:
        where.append(f"{rowid} IN (SELECT rowid FROM grams_fts WHERE grams_fts MATCH :words)")
        params["words"] = plan.words
    for i, pattern in enumerate(plan.likes):
        where.append(f"u.text LIKE :like{i} ESCAPE '\\'")
        params[f"like{i}"] = pattern
    return " AND ".join(where)


def _check_args(limit: int, offset: int) -> None:
    if not 1 <= limit <= MAX_LIMIT:
        raise QueryError(f"limit must be between 1 and {MAX_LIMIT}, got {limit}")
    if offset < 0:
        raise QueryError(f"offset must be 0 or more, got {offset}")


def _open_for_search(store_path: str | Path, index: str | Path | None = None) -> sqlite3.Connection:
    path = index_path(store_path, index)
    if not path.exists():
        if isinstance(store_path, str) and store_path.startswith(("http://", "https://")):
            raise RunAbort(f"no search index at {path} (run 'unkg index --store {store_path}')")
        if not Path(store_path).exists():
            raise RunAbort(f"no store at {store_path} (run 'unkg build' first, or pass --store)")
        raise RunAbort(f"no search index at {path} (run 'unkg index')")
    con = connect_index(path, create=False)
    con.execute(f"PRAGMA mmap_size={MMAP_BYTES}")  # read through the OS page cache, no copies
    return con


#: Bytes of the index a search maps into memory.
MMAP_BYTES = 1 << 30


def search(store_path: str | Path, text: str, lang: str | None = None, limit: int = 20, offset: int = 0, *,
           markers: Sequence[str] = DEFAULT_MARKERS, context: int = 40, index: str | Path | None = None) -> list[Hit]:
    """Search the index of the store at ``store_path`` (see the module docstring for the rules).

    ``markers`` (opening, closing) surround each match in ``Hit.snippet``; ``context`` is the
    number of characters kept on each side of the first match. The index is read as it
    is: call :func:`refresh_index` first when the store may have changed.

    :raises QueryError: empty or malformed query, bad language code, limit or offset.
    :raises RunAbort: no store or no index at that path.
    """
    plan = _plan(parse_query(text), check_lang(lang))
    _check_args(limit, offset)
    if len(markers) != 2:
        raise QueryError("markers must be a pair (opening, closing)")
    try:
        with closing(_open_for_search(store_path, index)) as con:
            rows = _run(con, plan, limit, offset)
    except sqlite3.Error as exc:
        raise RunAbort(f"cannot read the search index {index_path(store_path, index)}: {exc}") from None
    pattern = _highlighter(plan.terms)
    focus = _highlighter(plan.terms[:1] if len(plan.terms) == 1 else [max(plan.terms, key=len)])
    return [Hit(unit=r[0], expression=r[1], symbol=r[2], lang=r[3], date=r[4], kind=r[5], part=r[6], n=r[7],
                start=r[8], end=r[9], snippet=snippet(r[10], pattern, markers, context, focus), score=round(r[11], 6))
            for r in rows]


def _highlighter(terms: Sequence[str]) -> re.Pattern[str]:
    """Case-insensitive matches of the terms (a short word only as a whole word), longest first."""
    parts = []
    for t in sorted(terms, key=len, reverse=True):
        p = re.escape(t)
        parts.append(rf"(?<![^\W_{_HAN}]){p}(?![^\W_{_HAN}])" if _kind(t) == "word" else p)
    return re.compile("|".join(parts), re.IGNORECASE)


def _ranges(con: sqlite3.Connection, lang: str | None) -> list[tuple[int, int]]:
    langs = [lang] if lang else [r[0] for r in con.execute("SELECT lang FROM langs WHERE units > 0")]
    return sorted({lang_range(x) for x in langs}, reverse=True)


def _run(con: sqlite3.Connection, plan: _Plan, limit: int, offset: int) -> list[tuple]:
    ranges = _ranges(con, plan.lang)
    if not ranges:
        return []
    params: dict[str, object] = {"window": RANK_WINDOW, "limit": limit, "offset": offset}
    # candidates: per language, the RANK_WINDOW matches indexed last (an FTS5 table walks its
    # matches in rowid order, the units table its rows)
    fts = plan.fts
    parts = []
    for i, (lo, hi) in enumerate(ranges):
        params[f"lo{i}"], params[f"hi{i}"] = lo, hi
        if fts:
            join = f" JOIN units u ON u.id = {fts}.rowid" if plan.likes else ""
            parts.append(f"SELECT id FROM (SELECT {fts}.rowid AS id FROM {fts}{join} "
                         f"WHERE {_where(plan, f'{fts}.rowid', params, f'lo{i}', f'hi{i}')} "
                         f"ORDER BY {fts}.rowid DESC LIMIT :window)")
        else:
            parts.append(f"SELECT id FROM (SELECT u.id FROM units u "
                         f"WHERE {_where(plan, 'u.id', params, f'lo{i}', f'hi{i}')} ORDER BY u.id DESC LIMIT :window)")
    # BM25 of each candidate: term frequency counted in its text (at least 1: every term
    # matched), length in characters against its language's average, idf per term
    idf = _idf(con, plan)
    tfs, score = [], []
    for i, term in enumerate(plan.terms):
        params[f"t{i}"], params[f"idf{i}"] = term, idf[i]
        tfs.append(f"max(1.0, (length(u.text) - length(replace(lower(u.text), lower(:t{i}), ''))) "
                   f"/ CAST(length(:t{i}) AS REAL)) AS tf{i}")
        score.append(f":idf{i} * tf{i} * {K1 + 1} / (tf{i} + {K1} * ({1 - B} + {B} * len / avglen))")
    sql = (f"WITH cand(id) AS ({' UNION ALL '.join(parts)}), "
           f"scored AS (SELECT u.id, length(u.text) AS len, max(1.0, l.chars * 1.0 / max(l.units, 1)) AS avglen, "
           f"{', '.join(tfs)} FROM cand JOIN units u ON u.id = cand.id JOIN langs l ON l.lang = u.lang), "
           f"top AS (SELECT id, {' + '.join(score)} AS score FROM scored ORDER BY score DESC, id DESC "
           f"LIMIT :limit OFFSET :offset) "
           f"SELECT {_COLUMNS}, top.score FROM top JOIN units u ON u.id = top.id JOIN docs d ON d.id = u.doc "
           f"ORDER BY top.score DESC, u.id DESC")
    return con.execute(sql, params).fetchall()


def _idf(con: sqlite3.Connection, plan: _Plan) -> list[float]:
    """BM25's idf of each term; one term: 1 (the order does not depend on it)."""
    if len(plan.terms) == 1:
        return [1.0]
    if plan.lang:
        row = con.execute("SELECT units FROM langs WHERE lang = ?", (plan.lang,)).fetchone()
        total = row[0] if row else 0
    else:
        total = con.execute("SELECT COALESCE(SUM(units), 0) FROM langs").fetchone()[0]
    lo, hi = lang_range(plan.lang) if plan.lang else (0, 1 << 62)
    out = []
    for term in plan.terms:
        kind = _kind(term)
        if kind == "like":
            df = DF_CAP  # no index to count with: taken as common
        else:
            fts = "units_fts" if kind == "trigram" else "grams_fts"
            df = con.execute(f"SELECT count(*) FROM (SELECT rowid FROM {fts} WHERE {fts} MATCH ? "
                             f"AND rowid BETWEEN ? AND ? LIMIT ?)", (_fts_string(term), lo, hi, DF_CAP)).fetchone()[0]
        out.append(math.log(1 + (max(total, df) - df + 0.5) / (df + 0.5)))
    return out


def count_matches(store_path: str | Path, text: str, lang: str | None = None, *,
                  index: str | Path | None = None) -> int:
    """How many units match a query, all of them (no window; a LIKE-only query reads every unit)."""
    plan = _plan(parse_query(text), check_lang(lang))
    params: dict[str, object] = {}
    if plan.lang:
        params["lo"], params["hi"] = lang_range(plan.lang)
    rowid = f"{plan.fts}.rowid" if plan.fts else "u.id"
    where = _where(plan, rowid, params, "lo" if plan.lang else None, "hi" if plan.lang else None)
    source = f"{plan.fts} JOIN units u ON u.id = {plan.fts}.rowid" if plan.fts else "units u"
    try:
        with closing(_open_for_search(store_path, index)) as con:
            return con.execute(f"SELECT count(*) FROM {source} WHERE {where}", params).fetchone()[0]
    except sqlite3.Error as exc:
        raise RunAbort(f"cannot read the search index {index_path(store_path, index)}: {exc}") from None


def snippet(text: str, pattern: re.Pattern[str], markers: Sequence[str] = DEFAULT_MARKERS, context: int = 40,
            focus: re.Pattern[str] | None = None) -> str:
    """Plain text around the first match of ``focus`` (else of ``pattern``), with every match
    of ``pattern`` inside the window between the markers; white space collapsed."""
    opening, closing_ = markers
    first = (focus.search(text) if focus else None) or pattern.search(text)
    if first is None:  # matched by a folding the regex does not share: show the start
        start, end = 0, min(len(text), 2 * context)
    else:
        start, end = max(0, first.start() - context), min(len(text), first.end() + context)
    pieces = ["…"] if start > 0 else []
    pos = start
    for m in pattern.finditer(text, start, end):
        pieces += [_SPACE.sub(" ", text[pos:m.start()]), opening, _SPACE.sub(" ", m.group()), closing_]
        pos = m.end()
    pieces.append(_SPACE.sub(" ", text[pos:end]))
    if end < len(text):
        pieces.append("…")
    return "".join(pieces).strip()
