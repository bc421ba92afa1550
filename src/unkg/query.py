"""Canned, parameterised SPARQL queries from ``queries/*.rq``.

Each file starts with a header of ``#+`` lines (valid SPARQL comments, YAML once the
prefix is stripped)::

    #+ name: paragraphs
    #+ summary: The paragraphs of one document version, in order.
    #+ params:
    #+   symbol: {kind: symbol, example: "A/HRC/RES/53/30"}
    #+   expression: {kind: iri, example: "https://w3id.org/unkg/doc/A/HRC/RES/53/30/zh"}
    #+ requires_one_of: [symbol, expression]
    #+ returns: [part, n, kind, verb, text]

Parameters are checked against their kind and converted to RDF terms (``NamedNode``,
``Literal``: pyoxigraph checks an IRI and escapes a literal, so a value cannot break out of
its term). The terms are then bound by a ``VALUES`` block written at the top of the outer
``WHERE`` group and of every subquery that projects the parameter's variable
(:func:`bind_text`). That is the same join on the variable as pyoxigraph's ``substitutions``
(which joins the finished result on a projected variable), but at the start of the
evaluation, so that Oxigraph's join ordering starts from the bound value instead of scanning
the store; and it is plain SPARQL 1.1, sent as is to a remote store. Every parameter is
projected by the outer query; the output keeps only the ``returns`` columns. A query that
wants a parameter bound early writes the parameter's variable in a mandatory triple pattern
of those groups (not in an ``OPTIONAL`` or a ``BIND``: a ``BIND`` to a variable already bound
by the ``VALUES`` block is a syntax error).

Where a parameter must be matched one way when it is given and computed another way when it is
not (a claim's accused actor: found from the given key, or the key computed from each claim),
the query text marks lines for one case (:func:`select_lines`):

* ``#+if NAME: TEXT`` -- a comment, so the file as it is asks the unparameterised question;
  ``TEXT`` becomes part of the query when parameter ``NAME`` is given;
* ``TEXT #+unless NAME`` -- part of the query unless ``NAME`` is given.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache

import yaml
from pyoxigraph import BlankNode, Literal, NamedNode, Store, Variable

from unkg.errors import QueryError
from unkg.parse.symbols import parse_symbol
from unkg.resources import Kind, files_of
from unkg.vocab import XSD

Term = NamedNode | BlankNode | Literal

MAX_PARAM_LENGTH = 2000
_KINDS = {"symbol", "iri", "iso3", "lang", "string", "date", "integer", "code", "actor", "category"}


@dataclass(frozen=True, slots=True)
class Param:
    name: str
    kind: str
    example: str | None = None
    required: bool = False
    description: str | None = None


@dataclass(frozen=True, slots=True)
class CannedQuery:
    name: str
    summary: str
    params: tuple[Param, ...]
    returns: tuple[str, ...]
    text: str
    requires_one_of: tuple[str, ...] = ()

    def bind(self, values: Mapping[str, str]) -> dict[Variable, Term]:
        """Check and convert raw parameter values to RDF terms."""
        known = {p.name: p for p in self.params}
        unknown = sorted(set(values) - set(known))
        if unknown:
            raise QueryError(
                f"query '{self.name}' has no parameter {', '.join(unknown)}; "
                f"its parameters: {', '.join(known) or 'none'}"
            )
        for p in self.params:
            if p.required and p.name not in values:
                raise QueryError(f"query '{self.name}' needs --param {p.name}=VALUE (e.g. {p.example})")
        if self.requires_one_of and not any(n in values for n in self.requires_one_of):
            names = " or ".join(self.requires_one_of)
            raise QueryError(f"query '{self.name}' needs one of the parameters {names}")
        return {Variable(name): _term(known[name], raw) for name, raw in values.items()}

    def render(self, values: Mapping[str, str]) -> str:
        """The SPARQL text to run for raw parameter values: the lines for the parameters given
        (:func:`select_lines`), each value checked and bound by ``VALUES`` (:func:`bind_text`)."""
        terms = self.bind(values)
        return bind_text(select_lines(self.text, frozenset(values)), terms)


def _term(param: Param, raw: str) -> Term:
    if len(raw) > MAX_PARAM_LENGTH:
        raise QueryError(f"parameter {param.name} is longer than {MAX_PARAM_LENGTH} characters")
    value = raw.strip()
    kind = param.kind
    if kind == "iri":
        if not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:[^\s<>\"{}|\\^`]*$", value):
            raise QueryError(f"parameter {param.name}: {raw!r} is not an absolute IRI")
        try:
            return NamedNode(value)
        except ValueError as exc:
            raise QueryError(f"parameter {param.name}: {raw!r} is not a valid IRI ({exc})") from None
    if kind == "symbol":
        parsed = parse_symbol(value)
        if parsed is None:
            raise QueryError(f"parameter {param.name}: {raw!r} is not a UN document symbol (e.g. A/HRC/RES/53/30)")
        return Literal(parsed.text)
    if kind == "iso3":
        if not re.fullmatch(r"[A-Za-z]{3}", value):
            raise QueryError(f"parameter {param.name}: {raw!r} is not an ISO 3166-1 alpha-3 code (e.g. UKR)")
        return Literal(value.upper())
    if kind == "actor":
        # an ISO3 code (RUS), an organ code (GA), an entity key (artsakh) or the actor's IRI
        key = value.rstrip("/").rsplit("/", 1)[-1] if re.match(r"^https?://", value) else value
        if not re.fullmatch(r"[A-Za-z0-9_-]{1,64}", key):
            raise QueryError(f"parameter {param.name}: {raw!r} is not an actor (an ISO3 code such as RUS, "
                             "an organ code such as GA, an entity key such as artsakh, or an actor IRI)")
        return Literal(key.upper() if re.fullmatch(r"[A-Za-z]{3}", key) else key)
    if kind == "category":
        from unkg.extract.claims import CATEGORIES

        slug = value.rstrip("/").rsplit("/", 1)[-1]
        if slug not in CATEGORIES:
            raise QueryError(f"parameter {param.name}: {raw!r} is not a claim category; known: {', '.join(CATEGORIES)}")
        return Literal(slug)
    if kind == "lang":
        if not re.fullmatch(r"[a-z]{2}", value.lower()):
            raise QueryError(f"parameter {param.name}: {raw!r} is not an ISO 639-1 language code (e.g. zh)")
        return Literal(value.lower())
    if kind == "code":
        if not re.fullmatch(r"[A-Za-z0-9_.-]{1,64}", value):
            raise QueryError(f"parameter {param.name}: {raw!r} is not a code (letters, digits, _ . -)")
        return Literal(value)
    if kind == "date":
        try:
            return Literal(dt.date.fromisoformat(value).isoformat(), datatype=XSD.date)
        except ValueError:
            raise QueryError(f"parameter {param.name}: {raw!r} is not an ISO 8601 date (YYYY-MM-DD)") from None
    if kind == "integer":
        if not re.fullmatch(r"-?\d{1,18}", value):
            raise QueryError(f"parameter {param.name}: {raw!r} is not an integer")
        return Literal(value, datatype=XSD.integer)
    return Literal(raw)


# strings, IRIs and comments, masked out before looking for keywords in a query's text
_OPAQUE = re.compile(r'"""(?:.|\n)*?"""|\'\'\'(?:.|\n)*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\s]*>|#[^\n]*')
_SELECT = re.compile(r"\bSELECT\b(.*?)\bWHERE\s*\{", re.S | re.I)


def _masked(text: str) -> str:
    return _OPAQUE.sub(lambda m: " " * len(m.group(0)), text)


def _projected(clause: str) -> set[str]:
    """The variables a SELECT clause projects as they are (``?v``, not ``(... AS ?v)``)."""
    out: set[str] = set()
    depth = 0
    for m in re.finditer(r"[()]|[?$](\w+)", clause):
        if m.group(0) == "(":
            depth += 1
        elif m.group(0) == ")":
            depth -= 1
        elif depth == 0:
            out.add(m.group(1))
    return out


def select_groups(text: str) -> list[tuple[int, set[str] | None]]:
    """For the outer query and each subquery: the offset just after the ``{`` that opens its
    ``WHERE`` group, and the variables it projects as they are (``None`` for ``SELECT *``,
    which projects every variable of its group)."""
    masked = _masked(text)
    out: list[tuple[int, set[str] | None]] = []
    for m in _SELECT.finditer(masked):
        clause = m.group(1).strip()
        star = re.fullmatch(r"(?:DISTINCT\s+|REDUCED\s+)?\*", clause, re.I) is not None
        out.append((m.end(), None if star else _projected(clause)))
    return out


_IF_LINE = re.compile(r"^(\s*)#\+if\s+(\w+):[ ]?(.*)$")
_UNLESS_LINE = re.compile(r"^(.*?)\s*#\+unless\s+(\w+)\s*$")


def select_lines(text: str, given: set[str] | frozenset[str]) -> str:
    """``text`` with its ``#+if NAME:`` lines uncommented when ``NAME`` is in ``given`` (dropped
    otherwise) and its ``... #+unless NAME`` lines dropped when ``NAME`` is in ``given`` (kept,
    without the marker, otherwise). The lines are the query author's; parameter values never
    reach this step."""
    out = []
    for line in text.splitlines():
        m = _IF_LINE.match(line)
        if m:
            if m.group(2) in given:
                out.append(m.group(1) + m.group(3))
            continue
        m = _UNLESS_LINE.match(line)
        if m and not line.lstrip().startswith("#"):
            if m.group(2) not in given:
                out.append(m.group(1))
            continue
        out.append(line)
    return "\n".join(out) + ("\n" if text.endswith("\n") else "")


def bind_text(text: str, terms: Mapping[Variable, Term]) -> str:
    """``text`` with each bound variable joined to its term by a ``VALUES`` block at the top of
    the outer ``WHERE`` group and of every subquery that projects the variable (a ``SELECT *``
    subquery is taken to project it: it is the query author's to bind it there).

    The terms are written in their N-Triples form (``str()`` of a pyoxigraph term: a checked
    IRI, an escaped literal), so no value can end the block or the query."""
    if not terms:
        return text
    bound = {v.value: t for v, t in terms.items()}
    inserts: list[tuple[int, str]] = []
    for n, (at, projected) in enumerate(select_groups(text)):
        names = sorted(bound if n == 0 or projected is None else set(bound) & projected)
        if names:
            values = " ".join(str(bound[k]) for k in names)
            inserts.append((at, f" VALUES ({' '.join('?' + k for k in names)}) {{ ({values}) }}"))
    for at, block in sorted(inserts, reverse=True):
        text = text[:at] + block + text[at:]
    return text


def parse_header(text: str, origin: str) -> dict[str, object]:
    lines = []
    for line in text.splitlines():
        if line.startswith("#+"):
            lines.append(line[2:].removeprefix(" "))
        elif line.strip() and not line.startswith("#"):
            break
    try:
        header = yaml.safe_load("\n".join(lines)) or {}
    except yaml.YAMLError as exc:
        raise QueryError(f"{origin}: malformed #+ header: {exc}") from None
    if not isinstance(header, dict):
        raise QueryError(f"{origin}: the #+ header must be a mapping")
    return header


def load(text: str, origin: str) -> CannedQuery:
    """Build a :class:`CannedQuery` from the text of a ``.rq`` file, checking its header."""
    h = parse_header(text, origin)
    for key in ("name", "summary", "returns"):
        if key not in h:
            raise QueryError(f"{origin}: header lacks '{key}'")
    params = []
    for name, spec in (h.get("params") or {}).items():
        spec = spec or {}
        kind = spec.get("kind", "string")
        if kind not in _KINDS:
            raise QueryError(f"{origin}: parameter {name} has unknown kind {kind!r}")
        params.append(Param(str(name), kind, spec.get("example"), bool(spec.get("required", False)),
                            spec.get("description")))
    q = CannedQuery(
        name=str(h["name"]),
        summary=str(h["summary"]),
        params=tuple(params),
        returns=tuple(str(c) for c in h["returns"]),  # type: ignore[union-attr]
        text=text,
        requires_one_of=tuple(h.get("requires_one_of") or ()),  # type: ignore[arg-type]
    )
    groups = select_groups(text)
    if not groups:
        raise QueryError(f"{origin}: the query must be a SELECT ... WHERE {{ ... }}")
    select = re.search(r"SELECT\s+(?:DISTINCT\s+)?(.*?)\s+(?:WHERE|FROM|\{)", _masked(text), re.S | re.I)
    projected = set(re.findall(r"\?(\w+)", select.group(1))) if select else set()
    for col in q.returns:
        if col not in projected:
            raise QueryError(f"{origin}: returns column {col} is not projected")
    marked = {m.group(2) for line in text.splitlines() for m in [_IF_LINE.match(line) or _UNLESS_LINE.match(line)] if m}
    for name in sorted(marked - {p.name for p in q.params}):
        raise QueryError(f"{origin}: a #+if/#+unless line names {name}, which is not a parameter")
    for p in q.params:
        if p.name not in projected:
            raise QueryError(f"{origin}: parameter {p.name} must be projected (it is bound by a VALUES join on the variable)")
    return q


@cache
def registry() -> dict[str, CannedQuery]:
    """All shipped queries by name."""
    out: dict[str, CannedQuery] = {}
    for path in files_of(Kind.QUERIES, ".rq"):
        q = load(path.read_text(encoding="utf-8"), path.name)
        if q.name != path.stem:
            raise QueryError(f"{path.name}: header name {q.name!r} differs from the file name")
        out[q.name] = q
    return out


def get(name: str) -> CannedQuery:
    try:
        return registry()[name]
    except KeyError:
        raise QueryError(f"no query named {name!r}; known: {', '.join(sorted(registry()))}") from None


@dataclass(slots=True)
class Result:
    columns: tuple[str, ...]
    rows: list[tuple[Term | None, ...]] = field(default_factory=list)

    def values(self) -> list[dict[str, str | None]]:
        """Rows as plain strings (lexical forms), for tests and scripts."""
        return [{c: (None if v is None else v.value) for c, v in zip(self.columns, row)} for row in self.rows]


def run(store: Store, name: str, params: Mapping[str, str] | None = None) -> Result:
    """Run a canned query with raw parameter values."""
    q = get(name)
    text = q.render(params or {})
    try:
        solutions = store.query(text, use_default_graph_as_union=True)
    except SyntaxError as exc:
        raise QueryError(f"query {name}: {exc}") from None
    result = Result(q.returns)
    for sol in solutions:
        result.rows.append(tuple(sol[c] for c in q.returns))
    return result


# --- output formats ---------------------------------------------------------------------------

def to_csv(result: Result) -> str:
    """SPARQL 1.1 Query Results CSV: header of variable names, plain lexical values."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(result.columns)
    for row in result.rows:
        w.writerow(["" if v is None else v.value for v in row])
    return buf.getvalue()


def _json_term(term: Term) -> dict[str, str]:
    if isinstance(term, NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, BlankNode):
        return {"type": "bnode", "value": term.value}
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
        out["datatype"] = term.datatype.value
    return out


def to_json(result: Result) -> str:
    """SPARQL 1.1 Query Results JSON."""
    bindings = [
        {c: _json_term(v) for c, v in zip(result.columns, row) if v is not None} for row in result.rows
    ]
    return json.dumps({"head": {"vars": list(result.columns)}, "results": {"bindings": bindings}},
                      ensure_ascii=False, indent=1) + "\n"


def to_table(result: Result, max_width: int = 60) -> str:
    """A plain text table for people."""
    def cell(v: Term | None) -> str:
        s = "" if v is None else v.value.replace("\n", " ")
        return s if len(s) <= max_width else s[: max_width - 1] + "…"

    rows = [[cell(v) for v in row] for row in result.rows]
    from unkg.parse.clean import display_width

    widths = [max([display_width(c)] + [display_width(r[i]) for r in rows]) for i, c in enumerate(result.columns)]

    def line(values: Sequence[str]) -> str:
        return "  ".join(v + " " * (w - display_width(v)) for v, w in zip(values, widths)).rstrip()

    out = [line(result.columns), line(["-" * w for w in widths])]
    out.extend(line(r) for r in rows)
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out) + "\n"
