"""Content negotiation: which representation of a resource or a result a client gets."""

from __future__ import annotations

__all__ = ["DATA_FORMATS", "RESULT_TYPES", "choose", "format_for_extension"]

#: Representations of a described resource: extension -> media type.
DATA_FORMATS: dict[str, str] = {
    "html": "text/html",
    "ttl": "text/turtle",
    "nt": "application/n-triples",
    "jsonld": "application/ld+json",
    "nq": "application/n-quads",
    "trig": "application/trig",
}
_ALIASES = {"turtle": "ttl", "ntriples": "nt", "n-triples": "nt", "json-ld": "jsonld", "json": "jsonld",
            "nquads": "nq", "n-quads": "nq"}

#: SPARQL result media types by the short names of the ``format`` parameter.
RESULT_TYPES: dict[str, str] = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "ttl": "text/turtle",
    "nt": "application/n-triples",
    "jsonld": "application/ld+json",
}


def format_for_extension(name: str | None) -> str | None:
    if not name:
        return None
    name = name.lower()
    name = _ALIASES.get(name, name)
    return name if name in DATA_FORMATS else None


def _parse_accept(header: str) -> list[tuple[str, float, int]]:
    out = []
    for i, part in enumerate(header.split(",")):
        bits = [b.strip() for b in part.split(";")]
        if not bits[0]:
            continue
        q = 1.0
        for b in bits[1:]:
            if b.startswith("q="):
                try:
                    q = float(b[2:])
                except ValueError:
                    q = 0.0
        out.append((bits[0].lower(), q, i))
    return out


def choose(accept: str | None, offered: list[str], default: str) -> str | None:
    """The offered media type the Accept header prefers (q-values, then specificity, then order);
    ``default`` when there is no header or it accepts anything; ``None`` when nothing offered is
    acceptable (the caller answers 406)."""
    if not accept or not accept.strip():
        return default
    ranges = _parse_accept(accept)
    best: tuple[float, int, int] | None = None
    chosen: str | None = None
    for media in offered:
        major = media.split("/")[0]
        for rng, q, order in ranges:
            if q <= 0:
                continue
            if rng == media:
                spec = 2
            elif rng == f"{major}/*":
                spec = 1
            elif rng == "*/*":
                spec = 0
            else:
                continue
            score = (q, spec, -order)
            if best is None or score > best:
                best, chosen = score, media
    if chosen is not None and best is not None and best[1] == 0 and default in offered:
        # only */* matched: the server's preference
        return default
    return chosen
