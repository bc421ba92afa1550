"""``unkg serve``: run the linked-data server (uvicorn) on a read-only store."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from unkg.errors import RunAbort
from unkg.iri import DEFAULT_BASE, check_base
from unkg.store_options import store_option


@click.command("serve")
@store_option("Store directory (opened read-only), or the base URL of a SPARQL server (see --store-kind).")
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.option("--base-iri", default=DEFAULT_BASE, show_default=True, envvar="UNKG_BASE_IRI",
              help="IRI base of the data; request path /X is the IRI {base}X.")
@click.option("--dumps", "dumps", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="Directory of dumps written by `unkg export --format all` (served under /dumps/).")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=10.0, show_default=True,
              help="SPARQL query time limit, seconds (the query is stopped).")
@click.option("--max-result-mb", type=click.FloatRange(min=0.01), default=16.0, show_default=True,
              help="Largest SPARQL result sent, MB.")
@click.option("--workers", type=click.IntRange(1, 64), default=2, show_default=True,
              help="SPARQL worker processes.")
@click.option("--allow-service", is_flag=True, help="Allow SERVICE (federated queries to other hosts).")
def serve(store_path: Path | str, host: str, port: int, base_iri: str, dumps: Path | None, timeout: float,
          max_result_mb: float, workers: int, allow_service: bool) -> None:
    """Serve the store: dereferenceable IRIs (HTML, Turtle, N-Triples, JSON-LD), /sparql, /queries, /dumps."""
    import uvicorn

    from unkg.serve.app import Settings, create_app

    try:
        base = check_base(base_iri)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--base-iri") from None
    # a SPARQL server (a URL): pages and descriptions query it, /sparql passes queries on to it (updates
    # and SERVICE refused here as for a store directory; --timeout and --max-result-mb apply)
    if isinstance(store_path, Path) and not store_path.is_dir():
        click.echo(f"[ERROR] {store_path}: no store here (build one with `unkg build`)", err=True)
        sys.exit(2)
    if dumps is not None and not dumps.is_dir():
        click.echo(f"[ERROR] {dumps}: no such directory", err=True)
        sys.exit(2)
    try:
        app = create_app(Settings(store=store_path, base_iri=base, dumps=dumps, query_timeout=timeout,
                                  max_result_bytes=int(max_result_mb * (1 << 20)), workers=workers,
                                  allow_service=allow_service))
    except RunAbort as exc:
        click.echo(f"[ERROR] {exc}", err=True)
        sys.exit(2)
    except OSError as exc:
        click.echo(f"[ERROR] {store_path}: cannot open the store read-only ({exc})", err=True)
        sys.exit(2)
    uvicorn.run(app, host=host, port=port, log_level="warning")
