"""Linking unkg entities to Wikidata.

Two modules:

- :mod:`unkg.link.wikidata`: :class:`~unkg.link.wikidata.WikidataClient`, the one place that
  talks to a SPARQL endpoint. It is polite (descriptive User-Agent, a ``#Tool: unkg`` comment
  on every query, retries honouring ``Retry-After``) and caches every answer on disk, so a
  repeated run makes no request at all.
- :mod:`unkg.link.linker`: :func:`~unkg.link.linker.link_store` reads the States, organs and
  Works of a store, reports the links the bundled reference data already carries, and (given
  a client) looks up the rest and writes them as ``skos:exactMatch`` into one named graph,
  ``{base}graph/links``, replaced as a whole on every online run.

Links are ``skos:exactMatch``, never ``owl:sameAs``: a UN document and the Wikidata item
about it are close enough to share an identifier, not so close that every statement about
one holds of the other.
"""

from __future__ import annotations

from unkg.link.linker import REFERENCE_SOURCE, Link, LinkReport, link_store, links_graph
from unkg.link.wikidata import DEFAULT_ENDPOINT, WikidataClient, default_cache_dir

__all__ = [
    "DEFAULT_ENDPOINT", "REFERENCE_SOURCE", "Link", "LinkReport", "WikidataClient",
    "default_cache_dir", "link_store", "links_graph",
]
