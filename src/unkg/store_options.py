"""The ``--store`` and ``--store-kind`` command-line options, shared by ``unkg.cli`` and ``unkg serve``
(which lives in :mod:`unkg.serve.command` and cannot import ``unkg.cli``, which registers it)."""

from __future__ import annotations

from pathlib import Path

import click


class StoreLocation(click.ParamType):
    """A store directory (a Path), or the base URL of a SPARQL server (a str: ``http://…``)."""

    name = "DIR|URL"

    def convert(self, value, param, ctx):  # type: ignore[no-untyped-def]
        if isinstance(value, Path):
            return value
        text = str(value)
        return text.rstrip("/") if text.startswith(("http://", "https://")) else Path(text)


def _set_store_kind(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    from unkg.remote import set_default_kind

    set_default_kind(value)


STORE_KIND_OPTION = click.option(
    "--store-kind", type=click.Choice(["auto", "oxigraph", "virtuoso", "generic"]), default="auto",
    show_default=True, envvar="UNKG_STORE_KIND", expose_value=False, callback=_set_store_kind,
    help="What server a --store URL is (auto: ask it). oxigraph: URL/query, /update, /store; virtuoso: "
         "URL/sparql, /sparql-graph-crud; generic: the URL is the SPARQL query and update endpoint. "
         "Ignored for a store directory.",
)


def store_option(help: str):  # type: ignore[no-untyped-def]  # noqa: A002 - click's own word
    """``--store DIR|URL`` (``$UNKG_STORE``, default ``unkg-data``) and, for a URL, ``--store-kind``."""
    path_option = click.option("--store", "store_path", type=StoreLocation(), default=Path("unkg-data"),
                               show_default=True, envvar="UNKG_STORE", help=help)

    def decorate(f):  # type: ignore[no-untyped-def]
        return path_option(STORE_KIND_OPTION(f))

    return decorate
