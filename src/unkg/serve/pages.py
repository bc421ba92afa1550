"""HTML pages: the data behind each page (read with SPARQL from the read-only store) and its
template. Every value from a document goes through Jinja2 autoescaping; highlighted spans are
built from escaped segments (:func:`marked`), never by inserting markup into document text.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from markupsafe import Markup, escape
from pyoxigraph import Literal, NamedNode, Quad

from unkg.query import CannedQuery, Result, run as run_query
from unkg.serve.describe import label_of

if TYPE_CHECKING:
    from unkg.serve.app import _State

U = "https://w3id.org/unkg/def/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
SHORT = {
    U: "unkg:", "http://www.w3.org/1999/02/22-rdf-syntax-ns#": "rdf:", "http://www.w3.org/2000/01/rdf-schema#": "rdfs:",
    "http://www.w3.org/2004/02/skos/core#": "skos:", "http://www.w3.org/ns/prov#": "prov:", "http://www.w3.org/ns/oa#": "oa:",
    "http://purl.org/dc/terms/": "dcterms:", "http://purl.org/spar/cito/": "cito:", "http://www.wikidata.org/entity/": "wd:",
    "http://www.w3.org/2001/XMLSchema#": "xsd:", "http://www.w3.org/2002/07/owl#": "owl:",
}


def short(iri: str) -> str:
    for ns, prefix in SHORT.items():
        if iri.startswith(ns):
            return prefix + iri[len(ns):]
    return iri


def marked(text: str, spans: list[tuple[int, int, str]]) -> Markup:
    """``text`` escaped, with each ``(start, end, css_class)`` span wrapped in ``<mark>``; spans
    are offsets into ``text`` and may not overlap (later overlapping spans are dropped)."""
    out: list[str] = []
    pos = 0
    for start, end, cls in sorted(spans):
        if start < pos or start >= end or end > len(text):
            continue
        out.append(str(escape(text[pos:start])))
        out.append(f'<mark class="{escape(cls)}">{escape(text[start:end])}</mark>')
        pos = end
    out.append(str(escape(text[pos:])))
    return Markup("".join(out))


def _rows(state: _State, query: str, names: list[str], **bind: str) -> list[dict[str, str | None]]:
    """Run ``query`` with each ``?name`` of ``bind`` replaced by that IRI (checked by NamedNode, so
    it cannot break out of the IRI syntax) and return the ``names`` columns as strings."""
    import re

    for k, v in bind.items():
        term = str(NamedNode(v))
        query = re.sub(r"[?$]" + re.escape(k) + r"\b", lambda _m: term, query)
    out = []
    for sol in state.store.query(query, use_default_graph_as_union=True):
        out.append({n: (sol[n].value if sol[n] is not None else None) for n in names})
    return out


P = f"PREFIX unkg: <{U}> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> PREFIX oa: <http://www.w3.org/ns/oa#> " \
    "PREFIX prov: <http://www.w3.org/ns/prov#> PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "


# --------------------------------------------------------------------------- generic resource

@dataclass
class Value:
    text: str
    href: str | None = None
    lang: str | None = None
    datatype: str | None = None


@dataclass
class Page:
    iri: str
    title: str
    types: list[str] = field(default_factory=list)
    props: list[tuple[str, list[Value]]] = field(default_factory=list)
    inbound: list[tuple[str, str, str]] = field(default_factory=list)  # (subject href, label, predicate)
    graphs: list[str] = field(default_factory=list)


def _value(state: _State, term: Any) -> Value:
    if isinstance(term, NamedNode):
        return Value(label_of(state.store, term.value) or short(term.value), state.local(term.value))
    if isinstance(term, Literal):
        dt = term.datatype.value if term.datatype else None
        return Value(term.value, None, term.language or None,
                     None if dt in (None, "http://www.w3.org/2001/XMLSchema#string",
                                    "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString") else short(dt))
    return Value(str(term))


def _page(state: _State, iri: str, quads: list[Quad]) -> Page:
    node = NamedNode(iri)
    page = Page(iri, label_of(state.store, iri) or short(iri))
    props: dict[str, list[Value]] = defaultdict(list)
    seen: set[tuple[str, str]] = set()
    graphs: set[str] = set()
    for q in quads:
        if q.subject == node:
            graphs.add(str(q.graph_name.value) if hasattr(q.graph_name, "value") else "")
            if q.predicate.value == RDF_TYPE:
                t = short(q.object.value)
                if t not in page.types:
                    page.types.append(t)
                continue
            key = (q.predicate.value, str(q.object))
            if key in seen:
                continue
            seen.add(key)
            props[q.predicate.value].append(_value(state, q.object))
        elif q.object == node and len(page.inbound) < 200:
            page.inbound.append((state.local(q.subject.value), label_of(state.store, q.subject.value) or short(q.subject.value),
                                 short(q.predicate.value)))
    page.props = sorted(((short(p), v) for p, v in props.items()), key=lambda kv: kv[0])
    page.graphs = sorted(g for g in graphs if g)
    return page


def render_resource(state: _State, iri: str, quads: list[Quad]) -> str:
    page = _page(state, iri, quads)
    kinds = set(page.types)
    extra: dict[str, Any] = {}
    template = "resource.html"
    if "unkg:Claim" in kinds:
        template, extra = "claim.html", _claim(state, iri)
    elif "unkg:VoteEvent" in kinds:
        template, extra = "vote.html", _vote(state, iri)
        page.title = f"Vote on {extra['meta'].get('symbol') or page.title}"
    elif "unkg:Expression" in kinds:
        template, extra = "document.html", _document(state, iri, single=True)
    elif "unkg:Work" in kinds:
        template, extra = "document.html", _document(state, iri, single=False)
    elif "unkg:MemberState" in kinds or "unkg:ObserverState" in kinds or "unkg:State" in kinds:
        template, extra = "state.html", _state_page(state, iri)
    return state.env.get_template(template).render(page=page, formats=["ttl", "nt", "jsonld", "nq"], **extra)


# --------------------------------------------------------------------------- documents

def _document(state: _State, iri: str, single: bool) -> dict[str, Any]:
    """Paragraphs (per language version, side by side), with claims and citations marked."""
    if single:
        exprs = [iri]
        work_rows = _rows(state, P + "SELECT ?w WHERE { ?e unkg:expressionOf ?w }", ["w"], e=iri)
        work = work_rows[0]["w"] if work_rows else None
    else:
        work = iri
        exprs = sorted(r["e"] for r in _rows(state, P + "SELECT DISTINCT ?e WHERE { ?e unkg:expressionOf ?w }", ["e"], w=iri)
                       if r["e"])
    meta = {}
    if work:
        for r in _rows(state, P + """SELECT ?symbol ?date ?title ?body WHERE {
                OPTIONAL { ?w unkg:symbol ?symbol } OPTIONAL { ?w unkg:date ?date }
                OPTIONAL { ?w unkg:body/skos:notation ?body } } LIMIT 1""", ["symbol", "date", "title", "body"], w=work):
            # (only the first row counts below; the body's code is repeated in every graph that
            # names the body, so the full product of the three would grow with the store)
            for k, v in r.items():
                if v and k not in meta:
                    meta[k] = v
    versions = []
    for e in exprs[:6]:
        lang = next((r["l"] for r in _rows(state, P + "SELECT ?l WHERE { ?e unkg:languageCode ?l }", ["l"], e=e)), None)
        title = next((r["t"] for r in _rows(state, P + "SELECT ?t WHERE { ?e unkg:title ?t }", ["t"], e=e)), None)
        paras = _rows(state, P + """SELECT ?p ?part ?n ?number ?kind ?text ?start WHERE {
            ?e unkg:hasPart ?pt . ?pt unkg:hasParagraph ?p . BIND(REPLACE(STR(?pt), "^.*/", "") AS ?part)
            ?p unkg:text ?text ; unkg:start ?start ; unkg:ordinal ?n ; a ?k .
            OPTIONAL { ?p unkg:number ?number }
            FILTER(?k IN (unkg:PreambularParagraph, unkg:OperativeParagraph, unkg:BodyParagraph))
            BIND(STRAFTER(STR(?k), "/def/") AS ?kind) } ORDER BY ?start""",
                      ["p", "part", "n", "number", "kind", "text", "start"], e=e)
        claims = _rows(state, P + """SELECT ?c ?start ?end ?cat ?acc WHERE {
            ?c a unkg:Claim ; prov:wasDerivedFrom ?e ; unkg:category ?catn ; unkg:accused ?a ;
               unkg:evidence/oa:hasTarget/oa:hasSelector ?s . ?s oa:start ?start ; oa:end ?end .
            BIND(STRAFTER(STR(?catn), "claim-category/") AS ?cat) BIND(REPLACE(STR(?a), "^.*/", "") AS ?acc) }""",
                       ["c", "start", "end", "cat", "acc"], e=e)
        cites = _rows(state, P + """SELECT ?start ?end ?cited WHERE {
            ?c a unkg:Citation ; prov:wasDerivedFrom ?e ; unkg:start ?start ; unkg:end ?end .
            OPTIONAL { ?c unkg:citedEntity ?cited } }""", ["start", "end", "cited"], e=e)
        items = []
        for p in paras:
            a = int(p["start"] or 0)
            text = p["text"] or ""
            b = a + len(text)
            spans: list[tuple[int, int, str]] = []
            links = []
            for c in claims:
                s, t = int(c["start"] or 0), int(c["end"] or 0)
                if a <= s and t <= b:
                    spans.append((s - a, t - a, "claim"))
                    links.append((state.local(c["c"] or ""), f"{c['cat']} → {c['acc']}"))
            for c in cites:
                s, t = int(c["start"] or 0), int(c["end"] or 0)
                if a <= s and t <= b and not any(x < t - a and s - a < y for x, y, _ in spans):
                    spans.append((s - a, t - a, "cite"))
            items.append({"iri": p["p"], "href": state.local(p["p"] or ""), "part": p["part"], "n": p["n"],
                          "number": p["number"],
                          "kind": p["kind"], "html": marked(text, spans), "claims": links})
        # the signatory's name and post as this document gives them (a person and a post are
        # described again in every document they sign: read everywhere, each signature would
        # come back once per copy of the name times each copy of the post)
        signatures = _rows(state, P + """SELECT DISTINCT ?name ?post ?state ?sig WHERE {
            ?e unkg:hasSignature ?sig . GRAPH ?g { ?sig unkg:signatory ?p . ?p rdfs:label ?name }
            OPTIONAL { ?sig unkg:onBehalfOf ?state }
            OPTIONAL { GRAPH ?g { ?p unkg:holdsPost ?po . ?po rdfs:label ?post FILTER(lang(?post) = "en") } } } ORDER BY ?sig""",
                           ["name", "post", "state", "sig"], e=e)
        sigs = [{"name": r["name"], "post": r["post"], "state": r["state"] and (label_of(state.store, r["state"], "en") or r["state"]),
                 "state_href": r["state"] and state.local(r["state"])} for r in signatures]
        versions.append({"iri": e, "href": state.local(e), "lang": lang, "title": title, "paragraphs": items,
                         "signatures": sigs})
    # align paragraphs of two versions by (part, ordinal) for the side-by-side view
    aligned = []
    if len(versions) >= 2:
        keys: list[tuple[str, str]] = []
        by: list[dict[tuple[str, str], Any]] = []
        for v in versions[:2]:
            m = {}
            for it in v["paragraphs"]:
                k = (it["part"] or "", it["n"] or "")
                m[k] = it
                if k not in keys:
                    keys.append(k)
            by.append(m)
        aligned = [(k, by[0].get(k), by[1].get(k)) for k in keys]
    return {"meta": meta, "versions": versions, "aligned": aligned, "work": work and state.local(work)}


# --------------------------------------------------------------------------- votes

def _vote(state: _State, iri: str) -> dict[str, Any]:
    votes = _rows(state, P + """SELECT DISTINCT ?option ?name ?iso ?voter ?lang WHERE {
        ?v unkg:voteEvent ?ev ; unkg:option ?option ; rdfs:label ?name .
        BIND(LANG(?name) AS ?lang)
        OPTIONAL { ?v unkg:voter ?voter . OPTIONAL { ?voter unkg:iso3 ?iso } } } ORDER BY ?option ?name""",
                  ["option", "name", "iso", "voter", "lang"], ev=iri)
    langs = sorted({v["lang"] for v in votes if v["lang"]})
    lang = "en" if "en" in langs else (langs[0] if langs else None)
    shown = [v for v in votes if v["lang"] == lang]
    counts: dict[str, int] = defaultdict(int)
    for v in shown:
        counts[v["option"] or ""] += 1
    stated = _rows(state, P + """SELECT ?option ?n WHERE { ?ev unkg:count ?c . ?c unkg:option ?option ; unkg:statedCount ?n }""",
                   ["option", "n"], ev=iri)
    stated_counts = {}
    for r in stated:
        stated_counts.setdefault(r["option"], r["n"])
    meta = next(iter(_rows(state, P + """SELECT ?result ?mode ?date ?motion ?symbol WHERE {
        ?ev unkg:result ?result ; unkg:votingMode ?mode ; unkg:motion ?motion .
        OPTIONAL { ?ev unkg:date ?date } OPTIONAL { ?motion unkg:symbol ?symbol } } LIMIT 1""",
                               ["result", "mode", "date", "motion", "symbol"], ev=iri)), {})
    order = ["yes", "no", "abstain", "not_voting", "absent"]
    total = max(sum(counts.values()), 1)
    bars = [{"option": o, "n": counts.get(o, 0), "pct": round(100 * counts.get(o, 0) / total, 1),
             "stated": stated_counts.get(o)} for o in order if o in counts or o in stated_counts]
    table = [{"name": v["name"], "iso": v["iso"], "option": v["option"], "href": state.local(v["voter"]) if v["voter"] else None}
             for v in shown]
    return {"meta": meta, "bars": bars, "table": table, "lang": lang,
            "motion_href": state.local(meta["motion"]) if meta.get("motion") else None}


# --------------------------------------------------------------------------- States

def _state_page(state: _State, iri: str) -> dict[str, Any]:
    iso = next((r["iso"] for r in _rows(state, P + "SELECT ?iso WHERE { ?s unkg:iso3 ?iso }", ["iso"], s=iri)), None)
    qid = next((r["q"] for r in _rows(state, P + "SELECT ?q WHERE { ?s skos:exactMatch ?q }", ["q"], s=iri)), None)
    data: dict[str, Any] = {"iso": iso, "qid": qid, "votes": [], "made": [], "received": [], "signed": []}
    if iso:
        data["votes"] = run_query(state.store, "votes-by-state", {"state": iso}).values()
        data["made"] = run_query(state.store, "claims", {"claimant": iso}).values()
        data["received"] = run_query(state.store, "claims", {"accused": iso}).values()
    # names and symbols as the signed document's graph gives them (each is repeated in every
    # document that names the person or cites the document)
    data["signed"] = _rows(state, P + """SELECT DISTINCT ?expr ?symbol ?name WHERE {
        ?sig unkg:onBehalfOf ?s . GRAPH ?g { ?sig unkg:signatory ?person . ?person rdfs:label ?name }
        ?expr unkg:hasSignature ?sig .
        OPTIONAL { GRAPH ?g { ?expr unkg:expressionOf ?w . ?w unkg:symbol ?symbol } } }""",
                           ["expr", "symbol", "name"], s=iri)
    for row in data["signed"]:
        row["href"] = state.local(row["expr"] or "")
    for row in data["made"] + data["received"]:
        row["href"] = state.local(row["claim"] or "")
    return data


# --------------------------------------------------------------------------- claims

def _claim(state: _State, iri: str) -> dict[str, Any]:
    rows = _rows(state, P + """SELECT ?para ?ptext ?pstart ?start ?end ?quote ?stance ?cat ?expr ?attributed WHERE {
        ?c unkg:statedIn ?para ; unkg:stance ?stance ; unkg:category ?cat ; prov:wasDerivedFrom ?expr ;
           unkg:attributed ?attributed ;
           unkg:evidence/oa:hasTarget/oa:hasSelector ?s , ?qs .
        ?s oa:start ?start ; oa:end ?end . ?qs oa:exact ?quote .
        OPTIONAL { ?para unkg:text ?ptext ; unkg:start ?pstart } } LIMIT 1""",
                 ["para", "ptext", "pstart", "start", "end", "quote", "stance", "cat", "expr", "attributed"], c=iri)
    if not rows:
        return {"context": None}
    r = rows[0]
    context_html = None
    if r["ptext"] is not None and r["pstart"] is not None:
        a = int(r["start"] or 0) - int(r["pstart"])
        b = int(r["end"] or 0) - int(r["pstart"])
        context_html = marked(r["ptext"], [(a, b, "claim")])
    actors = _rows(state, P + """SELECT ?role ?a WHERE {
        { ?c unkg:claimant ?a BIND("claimant" AS ?role) } UNION { ?c unkg:accused ?a BIND("accused" AS ?role) }
        UNION { ?c unkg:transmittedBy ?a BIND("transmitted by" AS ?role) } UNION { ?c unkg:legalBasis ?a BIND("legal basis" AS ?role) }
        UNION { ?c unkg:claimantAgency ?a BIND("through" AS ?role) } }""", ["role", "a"], c=iri)
    roles = [{"role": x["role"], "label": label_of(state.store, x["a"] or "") or short(x["a"] or ""),
              "href": state.local(x["a"] or "")} for x in actors]
    return {"context": context_html, "claim": r, "roles": roles,
            "category_label": label_of(state.store, r["cat"] or "", "en") or short(r["cat"] or ""),
            "para_href": state.local(r["para"] or ""), "expr_href": state.local(r["expr"] or "")}


# --------------------------------------------------------------------------- other pages

# The first rows of the canned query 'documents' (same columns, same order, bodies aside), for
# the 200 Works that come first: the Works are sorted on their first symbol before their versions
# are looked up, so the page does not list every document version of the store.
HOME_DOCS = P + """SELECT DISTINCT ?work ?expression ?symbol ?lang ?doc_type ?date ?title WHERE {
  { SELECT ?work ?symbol WHERE {
      { SELECT ?work (STR(COALESCE(MIN(?s), "")) AS ?symbol) WHERE {
          ?expression a unkg:Expression ; unkg:expressionOf ?work ; unkg:languageCode ?lang .
          ?work a ?class .
          FILTER(?class IN (unkg:Resolution, unkg:DraftResolution, unkg:Amendment, unkg:Decision, unkg:Letter,
                            unkg:NoteVerbale, unkg:ConceptNote, unkg:Memorandum, unkg:Report, unkg:MeetingRecord,
                            unkg:OtherDocument))
          # a Work's symbols as its own versions give them (every document that cites it repeats them)
          OPTIONAL { GRAPH ?gs { ?expression unkg:expressionOf ?work . ?work unkg:symbol ?s } }
        } GROUP BY ?work }
    } ORDER BY ?symbol ?work LIMIT 200 }
  ?expression a unkg:Expression ; unkg:expressionOf ?work ; unkg:languageCode ?lang .
  ?work a ?class .
  VALUES (?class ?doc_type) {
    (unkg:Resolution "resolution") (unkg:DraftResolution "draft_resolution") (unkg:Amendment "amendment")
    (unkg:Decision "decision") (unkg:Letter "letter") (unkg:NoteVerbale "note_verbale")
    (unkg:ConceptNote "concept_note") (unkg:Memorandum "memorandum") (unkg:Report "report")
    (unkg:MeetingRecord "meeting_record") (unkg:OtherDocument "other")
  }
  OPTIONAL { ?expression unkg:title ?title }
  OPTIONAL { ?work unkg:date ?date FILTER NOT EXISTS { ?work unkg:date ?earlier FILTER(?earlier < ?date) } }
} ORDER BY ?symbol ?work ?lang LIMIT 200"""


def render_home(state: _State) -> str:
    stats = state.stats()
    # counted once per server with the other dataset figures (export.dataset_stats)
    counts = {"claims": stats["claims"], "votes": stats["vote_events"], "citations": stats["citations"]}
    def listing() -> list[dict[str, str | None]]:
        docs = _rows(state, HOME_DOCS, ["work", "expression", "symbol", "lang", "doc_type", "date", "title"])
        for d in docs:
            d["href"] = state.local(d.get("expression") or "") if d.get("expression") else None
        return docs

    docs = state.home_docs(listing)
    return state.env.get_template("home.html").render(stats=stats, counts=counts, docs=docs[:200],
                                                      has_dumps=state.settings.dumps is not None)


def render_sparql_page(state: _State) -> str:
    example = "PREFIX unkg: <https://w3id.org/unkg/def/>\nSELECT ?claim ?quote WHERE {\n  ?claim a unkg:Claim ;\n    unkg:evidence/<http://www.w3.org/ns/oa#hasTarget>/<http://www.w3.org/ns/oa#hasSelector>/<http://www.w3.org/ns/oa#exact> ?quote .\n} LIMIT 20"
    return state.env.get_template("sparql.html").render(example=example)


def render_queries(state: _State, qs: dict[str, CannedQuery]) -> str:
    return state.env.get_template("queries.html").render(queries=sorted(qs.items()))


def render_result(state: _State, name: str, params: dict[str, str], result: Result) -> str:
    rows = []
    for row in result.rows:
        cells = []
        for v in row:
            if isinstance(v, NamedNode):
                cells.append(Value(label_of(state.store, v.value) or short(v.value), state.local(v.value)))
            else:
                cells.append(Value("" if v is None else v.value))
        rows.append(cells)
    return state.env.get_template("result.html").render(name=name, params=params, columns=result.columns, rows=rows)


def render_dumps(state: _State, files: list[Any]) -> str:
    return state.env.get_template("dumps.html").render(files=[(p.name, p.stat().st_size) for p in files])


def render_search(state: _State, q: str, lang: str | None) -> str:
    hits: list[Any] = []
    error = None
    if q.strip():
        try:
            from unkg import search as search_mod

            import secrets

            token = secrets.token_hex(8)  # markers no document text can contain
            found = search_mod.search(state.settings.store, q, lang=lang, limit=50,
                                      markers=(f"[{token}[", f"]{token}]"))
            for h in found:
                html = str(escape(h.snippet)).replace(f"[{token}[", '<mark class="hit">').replace(f"]{token}]", "</mark>")
                hits.append({"href": state.local(h.unit), "symbol": h.symbol, "expression": h.expression,
                             "lang": h.lang, "date": h.date, "where": f"{h.part or ''} {h.n or ''}".strip(),
                             "snippet": Markup(html)})
        except ImportError:
            error = "full-text search is not available in this build"
        except Exception as exc:  # noqa: BLE001 - shown to the user
            error = str(exc)
    return state.env.get_template("search.html").render(q=q, lang=lang or "", hits=hits, error=error,
                                                        local=state.local)
