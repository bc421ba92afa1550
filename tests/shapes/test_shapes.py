"""SHACL shapes (``shapes/*.ttl``): test suite in the manner of the W3C SHACL test suite.

Every case is a complete data graph in ``cases/<NodeShape>/``: ``valid-*.ttl`` must give no
Violation and no Warning; ``invalid-*.ttl`` must give exactly the results that
``cases/manifest.yaml`` lists for it. One parametrised runner, no per-case code, run with both
SHACL engines (pyshacl, the reference, and ``unkg.shacl``, the fast one the build uses); and
for every case the two engines must give exactly the same results (severity, focus node,
shape, constraint, path, value and message). The other tests check the shapes themselves:
naming and message conventions, that they are valid SHACL, that every class and property
they use is declared in ``ontology/unkg.ttl``, and that a real document graph built by the
pipeline has no Violation.

Reads ``shapes/``, ``ontology/`` and ``tests/fixtures/seeds`` from the repository.
"""

from __future__ import annotations

import datetime as dt
import warnings
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pyoxigraph as ox
import pytest
import yaml
from pyshacl import validate
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF

from unkg import shacl

ROOT = Path(__file__).parents[2]
SHAPES_DIR = ROOT / "shapes"
ONTOLOGY_TTL = ROOT / "ontology" / "unkg.ttl"
CASES = Path(__file__).parent / "cases"
MANIFEST = CASES / "manifest.yaml"
SEEDS = ROOT / "tests" / "fixtures" / "seeds"

SH = Namespace("http://www.w3.org/ns/shacl#")
UNKG_NS = "https://w3id.org/unkg/def/"
SHAPES_NS = "https://w3id.org/unkg/shapes/"
SEVERITIES = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}
PREFIXES = {
    "unkg": UNKG_NS,
    "rdf": str(RDF),
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
}


# ------------------------------------------------------------------------------------------
# loading
# ------------------------------------------------------------------------------------------

@cache
def shapes_graph() -> Graph:
    g = Graph()
    for path in sorted(SHAPES_DIR.glob("*.ttl")):
        g.parse(path, format="turtle")
    return g


@cache
def fast_engine() -> shacl.Engine:
    return shacl.compile_shapes(sorted(SHAPES_DIR.glob("*.ttl")))


@cache
def ontology_graph() -> Graph:
    return Graph().parse(ONTOLOGY_TTL, format="turtle")


@cache
def manifest() -> dict[str, dict[str, list[dict[str, str]]]]:
    return yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))


def case_files(prefix: str) -> list[Path]:
    return sorted(CASES.glob(f"*/{prefix}-*.ttl"))


def case_id(path: Path) -> str:
    return f"{path.parent.name}/{path.name}"


def local(term: object) -> str | None:
    """Local name of an IRI in the shapes namespace (or the IRI itself), None for a blank node."""
    if not isinstance(term, URIRef):
        return None
    text = str(term)
    return text[len(SHAPES_NS):] if text.startswith(SHAPES_NS) else text


def render_path(g: Graph, path: object) -> str | None:
    """A result path as written in the manifest: prefixed names, ^inverse, a/b sequences."""
    if path is None:
        return None
    if isinstance(path, URIRef):
        for prefix, ns in PREFIXES.items():
            if str(path).startswith(ns):
                return f"{prefix}:{str(path)[len(ns):]}"
        return f"<{path}>"
    inverse = g.value(path, SH.inversePath)
    if inverse is not None:
        return "^" + str(render_path(g, inverse))
    if g.value(path, RDF.first) is not None:
        return "/".join(str(render_path(g, p)) for p in Collection(g, path))
    return "?"


ENGINES = ("pyshacl", "fast")


def run(data: Graph) -> list[dict[str, str | None]]:
    """Validate a data graph with all shapes, as unkg.validate does with pyshacl; one dict per result."""
    _, report, _ = validate(
        data,
        shacl_graph=shapes_graph(),
        inference="none",
        advanced=True,
        allow_warnings=True,
        abort_on_first=False,
    )
    results = []
    for r in report.subjects(RDF.type, SH.ValidationResult):
        value = report.value(r, SH.value)
        results.append({
            "severity": SEVERITIES.get(report.value(r, SH.resultSeverity), "?"),
            "shape": local(report.value(r, SH.sourceShape)),
            "constraint": local(report.value(r, SH.sourceConstraint)),
            "path": render_path(report, report.value(r, SH.resultPath)),
            "focus": str(report.value(r, SH.focusNode)),
            "message": "; ".join(sorted(str(m) for m in report.objects(r, SH.resultMessage))),
            "value": None if value is None else ("_:" if isinstance(value, BNode) else str(value)),
        })
    return results


def fast_local(term: object) -> str | None:
    """``local`` for a pyoxigraph term."""
    return local(URIRef(term.value)) if isinstance(term, ox.NamedNode) else None


def render_fast_path(path: object) -> str | None:
    """``render_path`` for a path of unkg.shacl."""
    if path is None:
        return None
    if isinstance(path, shacl.Inverse):
        return "^" + str(render_fast_path(path.path))
    if isinstance(path, shacl.SeqPath):
        return "/".join(str(render_fast_path(p)) for p in path.items)
    if isinstance(path, ox.NamedNode):
        return render_path(Graph(), URIRef(path.value))
    return "?"


def run_fast(quads: list[ox.Quad]) -> list[dict[str, str | None]]:
    """As :func:`run`, with the fast engine on pyoxigraph quads."""
    results = []
    for r in fast_engine().validate(quads):
        results.append({
            "severity": r.severity,
            "shape": fast_local(r.shape),
            "constraint": fast_local(r.constraint),
            "path": render_fast_path(r.path),
            "focus": r.focus.value,
            "message": "; ".join(r.messages),
            "value": None if r.value is None else ("_:" if isinstance(r.value, ox.BlankNode) else r.value.value),
        })
    return results


def case_quads(path: Path) -> list[ox.Quad]:
    """A case file as pyoxigraph reads it (the fast engine's input is pyoxigraph quads)."""
    return [ox.Quad(t.subject, t.predicate, t.object) for t in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)]


def graph_quads(g: Graph) -> list[ox.Quad]:
    """An rdflib graph as pyoxigraph quads (through N-Triples, as unkg.validate.to_rdflib goes the other way)."""
    data = g.serialize(format="nt", encoding="utf-8")
    return [ox.Quad(t.subject, t.predicate, t.object) for t in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)]


@cache
def case_results(path: Path, engine: str) -> tuple[dict[str, str | None], ...]:
    if engine == "pyshacl":
        return tuple(run(load_case(path)))
    return tuple(run_fast(case_quads(path)))


def load_case(path: Path) -> Graph:
    with warnings.catch_warnings():  # ill-typed literals are what some cases are about
        warnings.simplefilter("ignore")
        return Graph().parse(path, format="turtle")


def describe(results: list[dict[str, str | None]]) -> str:
    return "\n".join(
        f"  [{r['severity']}] shape={r['shape']} constraint={r['constraint']} path={r['path']} "
        f"focus={r['focus']}: {r['message']}"
        for r in results
    ) or "  (no results)"


def matches(entry: dict[str, str], result: dict[str, str | None]) -> bool:
    return all(result.get(key) == value for key, value in entry.items())


# ------------------------------------------------------------------------------------------
# the cases
# ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("path", case_files("valid"), ids=case_id)
def test_valid_case(path: Path, engine: str) -> None:
    results = [r for r in case_results(path, engine) if r["severity"] in ("Violation", "Warning")]
    assert not results, f"{case_id(path)} should conform without warnings, got:\n{describe(results)}"


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("path", case_files("invalid"), ids=case_id)
def test_invalid_case(path: Path, engine: str) -> None:
    expected = manifest().get(path.parent.name, {}).get(path.name)
    assert expected, f"{case_id(path)} is not listed in manifest.yaml"
    results = [r for r in case_results(path, engine) if r["severity"] in ("Violation", "Warning")]
    missing = [e for e in expected if not any(matches(e, r) for r in results)]
    unexpected = [r for r in results if not any(matches(e, r) for e in expected)]
    assert not missing and not unexpected, (
        f"{case_id(path)}\nexpected but not found: {missing}\n"
        f"unexpected results:\n{describe(unexpected)}\nall results:\n{describe(results)}"
    )


def result_key(r: dict[str, str | None]) -> tuple:
    return tuple(sorted((k, v or "") for k, v in r.items()))


@pytest.mark.parametrize("path", case_files("valid") + case_files("invalid"), ids=case_id)
def test_engines_agree_on_case(path: Path) -> None:
    """The fast engine gives exactly pyshacl's results (all of them, Info included, with values and
    messages; as multisets), pyshacl reading the case with rdflib and the fast engine with pyoxigraph."""
    reference = sorted(map(result_key, case_results(path, "pyshacl")))
    fast = sorted(map(result_key, case_results(path, "fast")))
    assert fast == reference, (
        f"{case_id(path)}\nonly pyshacl: {[r for r in reference if r not in fast]}\n"
        f"only fast: {[r for r in fast if r not in reference]}"
    )


def test_manifest_lists_exactly_the_invalid_cases() -> None:
    listed = {f"{shape}/{name}" for shape, cases in manifest().items() for name in cases}
    on_disk = {case_id(p) for p in case_files("invalid")}
    assert listed == on_disk
    for shape, cases in manifest().items():
        for name, entries in cases.items():
            for entry in entries:
                assert entry.get("severity") in ("Violation", "Warning"), (shape, name, entry)
                assert set(entry) <= {"shape", "constraint", "path", "severity"}, (shape, name, entry)
                assert set(entry) & {"shape", "constraint", "path"}, (shape, name, entry)
    assert all(p.name.startswith(("valid-", "invalid-")) for p in CASES.glob("*/*.ttl"))


def node_shapes() -> list[URIRef]:
    return sorted(s for s in shapes_graph().subjects(RDF.type, SH.NodeShape) if isinstance(s, URIRef))


def test_every_node_shape_has_valid_and_invalid_cases() -> None:
    names = {local(s) for s in node_shapes()}
    dirs = {p.name for p in CASES.iterdir() if p.is_dir()}
    assert dirs <= names, f"case folders without a NodeShape: {dirs - names}"
    for name in sorted(names):
        assert list((CASES / name).glob("valid-*.ttl")), f"{name} has no valid case"
        assert list((CASES / name).glob("invalid-*.ttl")), f"{name} has no invalid case"


def test_every_rule_fires_in_some_case() -> None:
    """Every property shape, SPARQL constraint and node-level (IRI) check is expected by at
    least one invalid case, so that no rule can be silently dead."""
    entries = [e for cases in manifest().values() for es in cases.values() for e in es]
    mentioned = {e.get("shape") for e in entries} | {e.get("constraint") for e in entries}
    g = shapes_graph()
    rules = {local(s) for s in g.subjects(RDF.type, SH.PropertyShape)}
    rules |= {local(s) for s in g.subjects(RDF.type, SH.SPARQLConstraint)}
    rules |= {local(s) for s in node_shapes() if g.value(s, SH.nodeKind) or g.value(s, SH.pattern)}
    assert None not in rules, "property shapes and SPARQL constraints must be named IRIs"
    untested = rules - mentioned
    assert not untested, f"rules without an invalid case: {sorted(untested)}"


# ------------------------------------------------------------------------------------------
# the shapes themselves
# ------------------------------------------------------------------------------------------

def property_shapes() -> list[URIRef | BNode]:
    g = shapes_graph()
    return sorted(set(g.objects(None, SH.property)) | set(g.subjects(RDF.type, SH.PropertyShape)), key=str)


def test_node_shapes_are_named_after_their_target_class() -> None:
    g = shapes_graph()
    assert node_shapes()
    for shape in node_shapes():
        assert str(shape).startswith(SHAPES_NS), shape
        targets = list(g.objects(shape, SH.targetClass))
        assert len(targets) == 1, f"{shape} must have exactly one sh:targetClass"
        assert str(targets[0]).startswith(UNKG_NS), f"{shape} targets a class outside unkg: {targets[0]}"
        assert local(shape) == str(targets[0])[len(UNKG_NS):] + "Shape", shape
        for other in (SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target):
            assert g.value(shape, other) is None, f"{shape} must target by class only"


def english(g: Graph, node: object, prop: URIRef) -> list[str]:
    return [str(v) for v in g.objects(node, prop) if isinstance(v, Literal) and v.language == "en" and str(v).strip()]


def test_every_property_shape_has_name_message_and_severity() -> None:
    g = shapes_graph()
    shapes = property_shapes()
    assert shapes
    for ps in shapes:
        assert g.value(ps, SH.path) is not None, f"{ps} has no sh:path"
        assert len(english(g, ps, SH.name)) == 1, f"{ps} needs one English sh:name"
        assert len(english(g, ps, SH.message)) == 1, f"{ps} needs one English sh:message"
        assert g.value(ps, SH.severity) in (SH.Violation, SH.Warning), f"{ps} needs sh:severity Violation or Warning"
        if isinstance(ps, URIRef):
            owners = list(g.subjects(SH.property, ps))
            assert len(owners) == 1, f"{ps} must belong to exactly one NodeShape"
            assert local(ps).startswith(local(owners[0]).removesuffix("Shape") + "-"), ps


def test_node_level_constraints_have_a_message_and_severity() -> None:
    g = shapes_graph()
    node_level = (SH.nodeKind, SH.pattern, SH["class"], SH.datatype, SH["in"])
    for shape in node_shapes():
        if any(g.value(shape, p) is not None for p in node_level):
            assert english(g, shape, SH.message), f"{shape} has node-level constraints but no sh:message"
            assert g.value(shape, SH.severity) in (SH.Violation, SH.Warning), shape
        for constraint in g.objects(shape, SH.sparql):
            assert english(g, constraint, SH.message), f"{constraint} needs an English sh:message"
            assert g.value(constraint, SH.select) is not None, constraint
            assert g.value(shape, SH.severity) == SH.Violation, f"SPARQL rules of {shape} report as Violation"


def test_sparql_constraints_are_anchored_on_this() -> None:
    g = shapes_graph()
    for constraint in g.subjects(RDF.type, SH.SPARQLConstraint):
        query = str(g.value(constraint, SH.select))
        body = query.split("WHERE", 1)[1]
        assert body.count("$this") >= 1, f"{constraint} does not start from $this"


def test_shapes_are_valid_shacl() -> None:
    """pyshacl checks the shapes graph against SHACL-SHACL (meta_shacl)."""
    conforms, _, text = validate(Graph(), shacl_graph=shapes_graph(), meta_shacl=True, advanced=True)
    assert conforms, text


def unkg_terms(g: Graph, node: object) -> Iterator[URIRef]:
    """The unkg: IRIs in a property path (plain, inverse or sequence)."""
    if isinstance(node, URIRef):
        if str(node).startswith(UNKG_NS):
            yield node
        return
    inverse = g.value(node, SH.inversePath)
    if inverse is not None:
        yield from unkg_terms(g, inverse)
    elif g.value(node, RDF.first) is not None:
        for item in Collection(g, node):
            yield from unkg_terms(g, item)


def declared(kind: URIRef) -> set[URIRef]:
    return set(ontology_graph().subjects(RDF.type, kind))


def test_target_classes_are_declared_in_the_ontology() -> None:
    classes = declared(OWL.Class)
    targets = set(shapes_graph().objects(None, SH.targetClass))
    assert targets
    assert targets <= classes, f"undeclared target classes: {sorted(targets - classes)}"
    used = {o for o in shapes_graph().objects(None, SH["class"]) if str(o).startswith(UNKG_NS)}
    assert used <= classes, f"undeclared classes in sh:class: {sorted(used - classes)}"


def test_paths_are_declared_properties_in_the_ontology() -> None:
    g = shapes_graph()
    properties = declared(OWL.ObjectProperty) | declared(OWL.DatatypeProperty)
    used: set[URIRef] = set()
    for path in g.objects(None, SH.path):
        used.update(unkg_terms(g, path))
    for prop in (SH.equals, SH.lessThanOrEquals, SH.lessThan, SH.disjoint):
        used.update(o for o in g.objects(None, prop) if str(o).startswith(UNKG_NS))
    assert used
    assert used <= properties, f"undeclared properties: {sorted(used - properties)}"


# ------------------------------------------------------------------------------------------
# a real document graph
# ------------------------------------------------------------------------------------------

def _real_graph(seed: Path) -> Graph:
    pytest.importorskip("unkg.parse.symbols", reason="parser not in place yet")
    from unkg.ingest import read_source
    from unkg.iri import Minter
    from unkg.mapping import Provenance, map_document
    from unkg.parse import parse
    from unkg.validate import to_rdflib

    prov = Provenance(pipeline_digest="0" * 64, generated_at=dt.datetime(2024, 5, 1, tzinfo=dt.timezone.utc))
    return to_rdflib(map_document(parse(read_source(seed)), Minter(), prov).quads)


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("seed", sorted(SEEDS.glob("*.txt")), ids=lambda p: p.name)
def test_real_document_graph_has_no_violation(seed: Path, engine: str) -> None:
    g = _real_graph(seed)
    results = run(g) if engine == "pyshacl" else run_fast(graph_quads(g))
    violations = [r for r in results if r["severity"] == "Violation"]
    assert not violations, f"{seed.name}:\n{describe(violations)}"


@pytest.mark.parametrize("engine", ENGINES)
def test_real_document_span_checks_bite(engine: str) -> None:
    """The span checks see real offsets: shifting one paragraph by a character is a Violation."""
    seed = SEEDS / "000_151683289b9cb0c2.txt"
    g = _real_graph(seed)
    unkg = Namespace(UNKG_NS)
    paragraph = next(iter(sorted(g.subjects(RDF.type, unkg.Paragraph))))
    start = g.value(paragraph, unkg.start)
    g.set((paragraph, unkg.start, Literal(int(start) + 1)))
    results = run(g) if engine == "pyshacl" else run_fast(graph_quads(g))
    assert any(r["constraint"] == "SpanTextConstraint" and r["severity"] == "Violation" for r in results), describe(results)
