"""The ``unkg`` command line.

Exit codes: 0 success; 1 data problem (documents rejected, SHACL violations); 2 usage,
configuration or environment error (bad option, store locked, missing input). Data goes
to stdout, diagnostics to stderr as ``[LEVEL] file: message``.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path
from typing import NoReturn

import click

from unkg import __version__
from unkg.errors import QueryError, RunAbort, UnkgError
from unkg.iri import DEFAULT_BASE, check_base
from unkg.store_options import store_option

EXIT_OK, EXIT_DATA, EXIT_USAGE = 0, 1, 2

STORE_OPTION = store_option(
    "Store directory (pyoxigraph on disk), or the base URL of a SPARQL server (all commands but validate and link).")


def _local_only(store_path: object, command: str) -> None:
    if isinstance(store_path, str):
        _fail(f"{command} works on a store directory only; a remote store ({store_path}) is not supported "
              "(build, query, export, index, search and serve accept one)")


def _fail(message: str, code: int = EXIT_USAGE) -> NoReturn:
    click.echo(f"[ERROR] {message}", err=True)
    sys.exit(code)


def _base(value: str) -> str:
    try:
        return check_base(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="unkg")
def cli() -> None:
    """unkg: a knowledge graph of United Nations documents.

    \b
    Exit codes: 0 success; 1 documents rejected or data not conforming;
    2 usage or environment error (bad option, store locked, missing input).
    """


@cli.command()
@click.argument("inputs", nargs=-1, type=click.Path(path_type=Path))
@STORE_OPTION
@click.option("--base-iri", default=DEFAULT_BASE, show_default=True, envvar="UNKG_BASE_IRI",
              help="Base IRI of the minted identifiers.")
@click.option("--max-size", "max_size_mb", type=click.FloatRange(min=0.001), default=64.0, show_default=True,
              help="Largest input file accepted, in MB.")
@click.option("--quiet", "-q", is_flag=True, help="Only the summary and errors.")
@click.option("--jobs", "-j", type=click.IntRange(min=0), default=0, show_default=True,
              help="Worker processes that prepare documents (one writer loads them); 0 = all cores.")
def build(inputs: tuple[Path, ...], store_path: Path, base_iri: str, max_size_mb: float, quiet: bool,
          jobs: int) -> None:
    """Build the knowledge graph from INPUT files and folders (.txt, .pdf).

    With no INPUT, builds the bundled sample corpus. Each document version becomes one
    named graph; building the same input again leaves the store identical. A file already
    loaded by this version of unkg (same bytes) is skipped, so an interrupted build resumes.
    """
    from unkg.build import Outcome, build as run_build, sample_inputs

    base = _base(base_iri)
    paths = list(inputs) or sample_inputs()
    show_bar = sys.stderr.isatty() and not quiet

    def report(o: Outcome) -> None:
        if o.status == "rejected":
            click.echo(f"[REJECTED] {o.source}: {o.reason}", err=True)
            for f in o.findings:
                if f.severity.value == "Violation":
                    click.echo(f"  {f}", err=True)
        if not quiet:
            for f in o.findings:
                if f.severity.value != "Violation":
                    click.echo(f"[WARNING] {f}", err=True)
            for note in o.notes:
                click.echo(f"[NOTE] {o.source}: {note}", err=True)

    def progress(items: list[Path]) -> Iterable[Path]:
        if not show_bar:
            return items
        bar = click.progressbar(items, label="building", file=sys.stderr, show_pos=True,
                                item_show_func=lambda p: p.name if p else "")
        return _closing(bar)

    try:
        summary = run_build(paths, store_path, base, max_bytes=int(max_size_mb * 1024 * 1024),
                            on_outcome=report, progress=progress, jobs=jobs)
    except RunAbort as exc:
        _fail(str(exc))
    for finding in summary.cross_checks:
        click.echo(f"[WARNING] {finding}", err=True)
    loaded, unchanged = summary.count("loaded"), summary.count("unchanged")
    click.echo(
        f"documents: {loaded} loaded, {unchanged} unchanged, {summary.rejected} rejected, "
        f"{summary.warned} with warnings; store: {summary.store_quads} quads in {store_path}",
        err=True,
    )
    if summary.search_error:
        click.echo(f"[WARNING] {summary.search_error}", err=True)
    elif summary.search and not quiet:
        click.echo(summary.search, err=True)
    sys.exit(summary.exit_code)


def _closing(bar: "click.progressbar[Path]") -> Iterable[Path]:
    with bar as items:
        yield from items


@cli.command()
@click.argument("name", required=False)
@click.option("--param", "-p", "params", multiple=True, metavar="KEY=VALUE", help="Query parameter (repeatable).")
@STORE_OPTION
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True)
@click.option("--list", "list_queries", is_flag=True, help="List the canned queries and their parameters.")
def query(name: str | None, params: tuple[str, ...], store_path: Path, fmt: str, list_queries: bool) -> None:
    """Run the canned query NAME (see --list)."""
    from unkg import query as q
    from unkg.store import open_store

    try:
        if list_queries or not name:
            for cq in sorted(q.registry().values(), key=lambda c: c.name):
                click.echo(f"{cq.name}: {cq.summary}")
                for p in cq.params:
                    need = " (required)" if p.required else ""
                    click.echo(f"    --param {p.name}=<{p.kind}>{need}  e.g. {p.example}")
                if cq.requires_one_of:
                    click.echo(f"    (one of: {', '.join(cq.requires_one_of)})")
                click.echo(f"    columns: {', '.join(cq.returns)}")
            if not name:
                return
            return
        values: dict[str, str] = {}
        for item in params:
            if "=" not in item:
                _fail(f"--param takes KEY=VALUE, got {item!r}")
            key, value = item.split("=", 1)
            values[key.strip()] = value
        cq = q.get(name)
        cq.bind(values)  # check parameters before opening the store
        store = open_store(store_path, read_only=True)
        result = q.run(store, name, values)
    except (QueryError, RunAbort) as exc:
        _fail(str(exc))
    out = {"table": q.to_table, "csv": q.to_csv, "json": q.to_json}[fmt](result)
    click.echo(out, nl=False)


@cli.command("export")
@click.option("--format", "fmt", type=click.Choice(["ttl", "nt", "nq", "trig", "jsonld", "void", "all"]),
              default="trig", show_default=True,
              help="Dump format; 'all' writes every format, SHA256SUMS and void.ttl into -o DIR.")
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None,
              help="Output file (or folder with --format all). Default: standard output.")
@STORE_OPTION
@click.option("--base-iri", default=DEFAULT_BASE, show_default=True, envvar="UNKG_BASE_IRI")
@click.option("--jobs", "-j", type=click.IntRange(min=0), default=0, show_default=True,
              help="Worker processes that write JSON-LD (an embedded store); 0 = all cores.")
def export_cmd(fmt: str, output: Path | None, store_path: Path, base_iri: str, jobs: int) -> None:
    """Export the store (Turtle, N-Triples, N-Quads, TriG, JSON-LD) with checksums.

    From a SPARQL server (--store URL), the dataset is first copied, one named graph at a
    time, into a temporary embedded store (removed afterwards): the dumps are the same, byte
    for byte, as those of an embedded store holding the same quads.
    """
    from contextlib import nullcontext

    from unkg.build import default_jobs
    from unkg.iri import Minter
    from unkg.remote import RemoteStore
    from unkg.store import open_store

    minter = Minter(_base(base_iri))
    jobs = jobs or default_jobs()
    if fmt == "all" and output is None:
        _fail("--format all needs -o DIR")
    try:
        store = open_store(store_path, read_only=True)
        remote = isinstance(store, RemoteStore)
        with (store.snapshot() if remote else nullcontext(store)) as local:
            try:
                _export(local, fmt, output, minter, None if remote else Path(store_path), jobs)
            finally:
                del local  # a temporary copy is closed before its directory is removed
    except RunAbort as exc:
        _fail(str(exc))


def _export(store: object, fmt: str, output: Path | None, minter: object, location: Path | None, jobs: int) -> None:
    from unkg.build import run_time
    from unkg.export import export, export_all, sha256_file, void_description

    if fmt == "all":
        assert output is not None
        dumps = export_all(store, output, minter, run_time(), location=location, jobs=jobs)
        for path in dumps.values():
            click.echo(f"{sha256_file(path)}  {path}", err=True)
        return
    if fmt == "void":
        data = void_description(store, minter, {}, run_time())
        if output:
            output.write_bytes(data)
        else:
            sys.stdout.buffer.write(data)
        return
    if output is None:
        export(store, fmt, sys.stdout.buffer, location=location, jobs=jobs)
        sys.stdout.buffer.flush()
        return
    tmp = output.with_name(output.name + ".part")
    with tmp.open("wb") as fh:
        export(store, fmt, fh, location=location, jobs=jobs)
    tmp.replace(output)
    digest = sha256_file(output)
    output.with_name(output.name + ".sha256").write_text(f"{digest}  {output.name}\n", encoding="utf-8")
    click.echo(f"{digest}  {output}", err=True)


@cli.command()
@STORE_OPTION
def validate(store_path: Path) -> None:
    """Re-validate every document graph in the store; exit 1 on any violation."""
    _local_only(store_path, "unkg validate")
    from unkg.store import document_graphs, graph_quads, open_store
    from unkg.validate import validate_quads

    try:
        store = open_store(store_path, read_only=True)
    except RunAbort as exc:
        _fail(str(exc))
    graphs = document_graphs(store)
    violations = warnings = 0
    for g in graphs:
        report = validate_quads(list(graph_quads(store, g)), g.value)
        for r in report.results:
            click.echo(str(r), err=True)
        violations += len(report.violations)
        warnings += len(report.warnings)
    from unkg.validate import cross_check_votes

    for finding in cross_check_votes(store):
        click.echo(str(finding), err=True)
        warnings += 1
    click.echo(f"graphs: {len(graphs)} validated, {violations} violation(s), {warnings} warning(s)", err=True)
    sys.exit(EXIT_DATA if violations else EXIT_OK)


@cli.command()
@STORE_OPTION
@click.option("--endpoint", default=None, envvar="UNKG_WIKIDATA_ENDPOINT",
              help="SPARQL endpoint to look up Wikidata items (implies online).")
@click.option("--online", is_flag=True, help="Look up online at the Wikidata Query Service.")
@click.option("--offline", is_flag=True, help="Only the bundled reference data (the default).")
@click.option("--cache-dir", type=click.Path(path_type=Path), default=None, envvar="UNKG_CACHE_DIR",
              help="Where answers of the endpoint are cached (default ~/.cache/unkg/wikidata).")
@click.option("--base-iri", default=DEFAULT_BASE, show_default=True, envvar="UNKG_BASE_IRI")
def link(store_path: Path, endpoint: str | None, online: bool, offline: bool, cache_dir: Path | None,
         base_iri: str) -> None:
    """Link States, organs and documents to Wikidata (skos:exactMatch, with provenance).

    Offline (default): the QIDs of the bundled reference data. Online (--online or
    --endpoint URL): documents by UN symbol (P3069) and States by ISO code (P298),
    through SPARQLWrapper, cached on disk so that a second run sends no request.
    """
    _local_only(store_path, "unkg link")
    from unkg.build import run_time
    from unkg.iri import Minter
    from unkg.link.linker import link_store
    from unkg.link.wikidata import DEFAULT_ENDPOINT, WikidataClient
    from unkg.store import open_store

    if offline and (online or endpoint):
        _fail("--offline cannot be combined with --online or --endpoint")
    minter = Minter(_base(base_iri))
    try:
        client = None
        if online or endpoint:
            client = WikidataClient(endpoint or DEFAULT_ENDPOINT, cache_dir=cache_dir)
        store = open_store(store_path, create=False, read_only=client is None)
        report = link_store(store, minter, client=client, now=run_time())
    except RunAbort as exc:
        _fail(str(exc))
    for warning in report.warnings:
        click.echo(f"[WARNING] {warning}", err=True)
    for kind, c in report.counts().items():
        click.echo(f"{kind}: {c['reference']} from reference data, {c['online']} online, {c['unmatched']} unmatched",
                   err=True)
    if report.endpoint:
        click.echo(f"endpoint {report.endpoint}: {report.requests} request(s) sent", err=True)


def _register_serve() -> None:
    from unkg.serve.command import serve

    cli.add_command(serve)


_register_serve()


# --- full-text search -----------------------------------------------------------------------

_INDEX_OPTION = click.option(
    "--index", "index_file", type=click.Path(path_type=Path, dir_okay=False), default=None,
    envvar="UNKG_SEARCH_INDEX",
    help="The search index file. Default: DIR.search.sqlite beside a store directory; for a --store URL, "
         "$XDG_CACHE_HOME/unkg/search/HOST_PORT.sqlite (~/.cache/unkg/search/...).")


@cli.command("index")
@STORE_OPTION
@click.option("--rebuild", is_flag=True, help="Index every document again, whatever changed.")
@_INDEX_OPTION
def index_cmd(store_path: Path, rebuild: bool, index_file: Path | None) -> None:
    """Build or refresh the full-text search index (DIR.search.sqlite, beside the store).

    Only documents whose graph changed since the last refresh are read again; 'unkg build'
    and 'unkg search' refresh it too. For a SPARQL server (--store URL) the index is a file
    per server in the user's cache (see --index).
    """
    from unkg.search import refresh_index

    try:
        stats = refresh_index(store_path, rebuild=rebuild, index=index_file)
    except RunAbort as exc:
        _fail(str(exc))
    click.echo(stats.summary(), err=True)


@cli.command("search")
@click.argument("text")
@click.option("--lang", default=None, metavar="CODE", help="Only this language (ISO 639-1: zh, en, fr, ...).")
@click.option("--limit", type=click.IntRange(1, 1000), default=20, show_default=True, help="Hits to show.")
@click.option("--offset", type=click.IntRange(min=0), default=0, show_default=True, help="Hits to skip first.")
@STORE_OPTION
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True)
@_INDEX_OPTION
def search_cmd(text: str, lang: str | None, limit: int, offset: int, store_path: Path, fmt: str,
               index_file: Path | None) -> None:
    """Full-text search of paragraphs, headings and footnotes in every language.

    \b
    A unit matches when it contains every term; "a quoted phrase" is one term.
    Terms match as substrings, case-insensitively (侵略 and aggress both work),
    except words of one or two letters or digits (UN, EU), which match whole words.
    Ranked by BM25; matches are marked [like this]. The index beside the store
    (DIR.search.sqlite; for a --store URL, see --index) is refreshed first when the store
    changed.
    """
    from unkg import search as s
    from unkg.store import open_store

    try:
        s.parse_query(text)  # bad input is reported before anything is opened
        s.check_lang(lang)
        store = open_store(store_path, read_only=True)
        try:
            s.refresh_index(store_path, store=store, index=index_file)
        except RunAbort as exc:
            if not s.index_path(store_path, index_file).exists():
                raise
            click.echo(f"[WARNING] search index not refreshed, results may be stale: {exc}", err=True)
        del store
        hits = s.search(store_path, text, lang=lang, limit=limit, offset=offset,
                        context=20 if fmt == "table" else 40, index=index_file)
    except (QueryError, RunAbort) as exc:
        _fail(str(exc))
    if fmt == "json":
        import json

        click.echo(json.dumps({"query": text, "lang": lang, "offset": offset, "hits": [h.as_dict() for h in hits]},
                              ensure_ascii=False, indent=1))
    elif fmt == "csv":
        import csv
        import io

        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=list(s.Hit.__dataclass_fields__), lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(h.as_dict() for h in hits)
        click.echo(buf.getvalue(), nl=False)
    else:
        rows = [[str(offset + i), f"{h.score:.2f}", h.symbol, h.lang, h.date,
                 " ".join(x for x in (h.part, h.kind, h.n) if x), h.snippet, h.unit]
                for i, h in enumerate(hits, start=1)]
        click.echo(_hits_table(["#", "score", "symbol", "lang", "date", "where", "snippet", "unit"], rows), nl=False)


def _hits_table(columns: list[str], rows: list[list[str]], snippet_width: int = 72) -> str:
    """A plain text table of search hits; the snippet column is clipped to ``snippet_width`` columns."""
    from unkg.parse.clean import display_width

    def clip(value: str, width: int) -> str:
        if display_width(value) <= width:
            return value
        out, used = "", 0
        for ch in value:
            w = display_width(ch)
            if used + w > width - 1:
                return out + "…"
            out, used = out + ch, used + w
        return out

    col = columns.index("snippet")
    rows = [[clip(v, snippet_width) if i == col else v for i, v in enumerate(r)] for r in rows]
    widths = [max([display_width(c)] + [display_width(r[i]) for r in rows]) for i, c in enumerate(columns)]

    def line(values: list[str]) -> str:
        return "  ".join(v + " " * (w - display_width(v)) for v, w in zip(values, widths)).rstrip()

    out = [line(columns), line(["-" * w for w in widths])] + [line(r) for r in rows]
    out.append(f"({len(rows)} hit{'s' if len(rows) != 1 else ''})")
    return "\n".join(out) + "\n"


def main() -> None:
    """Entry point of the console script."""
    try:
        cli.main(prog_name="unkg", standalone_mode=True)
    except UnkgError as exc:  # anything a command did not handle itself
        _fail(str(exc))
    except BrokenPipeError:
        sys.exit(EXIT_OK)


if __name__ == "__main__":
    main()
