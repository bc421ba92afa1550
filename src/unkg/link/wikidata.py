"""A polite, cached client for the Wikidata Query Service (or any Wikidata-shaped endpoint).

Reach for :class:`WikidataClient` whenever unkg needs something from Wikidata: it is the
only code that sends requests there. Each lookup is one SPARQL query per batch of keys
(``VALUES``), never one request per key.

Politeness, following the Wikimedia rules for the query service
(https://www.mediawiki.org/wiki/Wikidata_Query_Service/User_Manual#Query_limits and
https://foundation.wikimedia.org/wiki/Policy:Wikimedia_Foundation_User-Agent_Policy):

- a descriptive ``User-Agent``; Wikimedia answers 403 to generic ones;
- a ``#Tool: unkg …`` comment as the first line of each query, which is how WDQS operators
  tell tools apart in their logs;
- on 429 (too many requests) and 503 the server says when to come back in ``Retry-After``
  (seconds or an HTTP date); we wait that long, else back off exponentially;
- every successful answer is cached on disk (one JSON file per endpoint and query, with the
  time it was fetched), so an identical second run sends no request at all.

Tests point the client at a local endpoint and set the backoff constants to zero.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import http.client
import json
import os
import re
import tempfile
import time
import urllib.error
from collections.abc import Callable, Iterable, Iterator, Sequence
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

from pyoxigraph import Literal, NamedNode
from SPARQLWrapper import JSON, POST, SPARQLWrapper
from SPARQLWrapper import __version__ as _sparqlwrapper_version
from SPARQLWrapper.SPARQLExceptions import (
    EndPointInternalError,
    EndPointNotFound,
    QueryBadFormed,
    SPARQLWrapperException,
    Unauthorized,
    URITooLong,
)

from unkg import __version__
from unkg.errors import RunAbort
from unkg.vocab import WD

DEFAULT_ENDPOINT = "https://query.wikidata.org/sparql"

#: Wikidata properties used for matching.
P_UN_SYMBOL = "P3069"  # UN document symbol
P_ISO3 = "P298"  # ISO 3166-1 alpha-3 code

USER_AGENT = (
    f"unkg/{__version__} (https://w3id.org/unkg; knowledge graph of UN documents) "
    f"SPARQLWrapper/{_sparqlwrapper_version}"
)

_PREFIXES = (
    "PREFIX wd: <http://www.wikidata.org/entity/>\n"
    "PREFIX wdt: <http://www.wikidata.org/prop/direct/>\n"
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
    "PREFIX owl: <http://www.w3.org/2002/07/owl#>\n"
)

_QID = re.compile(r"^Q[1-9][0-9]*$")
_PID = re.compile(r"^P[1-9][0-9]*$")
_LANG = re.compile(r"^[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*$")


def default_cache_dir() -> Path:
    """``$XDG_CACHE_HOME/unkg/wikidata``, else ``~/.cache/unkg/wikidata``."""
    root = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(root) / "unkg" / "wikidata"


def qid_of(iri: str) -> str | None:
    """The QID of a Wikidata entity IRI, or ``None``.

    >>> qid_of("http://www.wikidata.org/entity/Q1065")
    'Q1065'
    >>> qid_of("https://example.org/Q1") is None
    True
    """
    if iri.startswith(WD.base):
        local = iri[len(WD.base):]
        if _QID.match(local):
            return local
    return None


def check_qid(qid: str) -> str:
    """Validate a QID (``Q`` and digits) so it can go into a query unquoted.

    :raises ValueError: for anything else.
    """
    if not _QID.match(qid):
        raise ValueError(f"not a Wikidata QID: {qid!r}")
    return qid


def symbol_variants(symbol: str) -> tuple[str, ...]:
    """Spellings of a UN symbol to try on Wikidata, whose P3069 values vary in spacing.

    >>> symbol_variants("S/RES/2623 (2022)")
    ('S/RES/2623 (2022)', 'S/RES/2623(2022)')
    >>> symbol_variants("S/RES/2623(2022)")
    ('S/RES/2623(2022)', 'S/RES/2623 (2022)')
    """
    base = " ".join(symbol.split())
    candidates = [base, base.replace(" ", ""), re.sub(r"\s*\(", " (", base.replace(" ", ""))]
    return tuple(dict.fromkeys(c for c in candidates if c))


def _batches(items: Sequence[str], size: int) -> Iterator[Sequence[str]]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


def _retry_after(headers: Any, now: dt.datetime) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delta-seconds or HTTP-date)."""
    value = headers.get("Retry-After") if headers is not None else None
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return max(0.0, (when - now).total_seconds())


class WikidataClient:
    """SPARQL client for Wikidata with an on-disk cache, retries and a request counter.

    :param endpoint: SPARQL endpoint URL (WDQS by default; tests use a local Oxigraph).
    :param cache_dir: where answers are cached; default :func:`default_cache_dir`.
    :param cache: ``False`` to neither read nor write the cache.
    :param max_age: cached answers older than this are fetched again.
    :param timeout: seconds per HTTP request.
    :param retries: further attempts after a failed one (timeouts, 429, 5xx, network).

    ``request_count`` counts HTTP requests actually sent (retries included);
    ``cache_hits`` counts queries answered from the cache.
    """

    #: First backoff delay in seconds; doubled on each further attempt. Tests set these to 0.
    BACKOFF_BASE: float = 2.0
    #: Longest backoff delay in seconds.
    BACKOFF_MAX: float = 60.0
    #: Longest wait we accept from a ``Retry-After`` header (seconds).
    RETRY_AFTER_MAX: float = 300.0
    #: Keys per query (``VALUES`` rows); keeps each query well under WDQS limits.
    BATCH_SIZE: int = 200

    def __init__(
        self,
        endpoint: str = DEFAULT_ENDPOINT,
        *,
        cache_dir: str | Path | None = None,
        cache: bool = True,
        max_age: dt.timedelta = dt.timedelta(days=30),
        timeout: float = 90.0,
        retries: int = 4,
        user_agent: str = USER_AGENT,
    ) -> None:
        if not re.match(r"^https?://", endpoint):
            raise RunAbort(f"the SPARQL endpoint must be an http(s) URL: {endpoint!r}")
        self.endpoint = endpoint
        self.cache_dir = Path(cache_dir) if cache_dir is not None else default_cache_dir()
        self.cache = cache
        self.max_age = max_age
        self.timeout = timeout
        self.retries = retries
        self.user_agent = user_agent
        self.request_count = 0
        self.cache_hits = 0
        self._sleep: Callable[[float], None] = time.sleep
        self._now: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC)

    def __repr__(self) -> str:
        return f"WikidataClient({self.endpoint!r}, cache_dir={str(self.cache_dir)!r})"

    # ------------------------------------------------------------------ queries

    def select(self, query: str, *, tool: str = "select") -> list[dict[str, dict[str, str]]]:
        """Run a SELECT query and return its JSON bindings (``results.bindings``).

        The ``#Tool`` comment and the ``wd:``/``wdt:``/``rdfs:``/``owl:`` prefixes are added
        here. The answer comes from the cache when a fresh one is stored.

        :raises RunAbort: endpoint refuses (401/403), rejects the query, or keeps failing.
        """
        text = f"#Tool: unkg/{__version__} unkg.link.wikidata.{tool}\n{_PREFIXES}{query}"
        key = hashlib.sha256(f"{self.endpoint}\n{text}".encode()).hexdigest()
        cached = self._cache_get(key)
        if cached is not None:
            self.cache_hits += 1
            return cached
        data = self._fetch(text)
        bindings = data["results"]["bindings"]
        self._cache_put(key, text, bindings)
        return bindings

    def _fetch(self, query: str) -> dict[str, Any]:
        sparql = SPARQLWrapper(self.endpoint, agent=self.user_agent)
        sparql.setMethod(POST)  # VALUES batches make long queries; GET URLs have limits
        sparql.setReturnFormat(JSON)
        sparql.setTimeout(self.timeout)  # type: ignore[arg-type]  # urllib accepts floats
        sparql.setQuery(query)
        attempt = 0
        while True:
            self.request_count += 1
            wait: float | None = None
            error: object = None
            try:
                result = sparql.query()
                try:
                    data = result.convert()
                finally:
                    result.response.close()
                if not isinstance(data, dict) or not isinstance(data.get("results", {}).get("bindings"), list):
                    raise ValueError("the answer is not SPARQL JSON results")
                return data
            except Unauthorized:
                raise RunAbort(
                    f"the SPARQL endpoint {self.endpoint} refused the query (HTTP 401 Unauthorized); "
                    "unkg does not send credentials: use another --endpoint"
                ) from None
            except (QueryBadFormed, URITooLong, EndPointNotFound) as exc:
                name = type(exc).__name__
                raise RunAbort(f"the SPARQL endpoint {self.endpoint} rejected the query ({name}): "
                               f"{_short(exc)}") from None
            except urllib.error.HTTPError as exc:
                if exc.code == 403:
                    # Wikimedia blocks clients with a generic or missing User-Agent, and ones
                    # that ignored earlier 429s; retrying only makes it worse
                    raise RunAbort(
                        f"the SPARQL endpoint {self.endpoint} refused the query (HTTP 403 Forbidden); "
                        f"it may block this client (User-Agent: {self.user_agent!r}) or this network; "
                        "wait before retrying, or use --offline"
                    ) from None
                if exc.code not in (408, 429) and exc.code < 500:
                    raise RunAbort(f"the SPARQL endpoint {self.endpoint} answered HTTP {exc.code} "
                                   f"{exc.reason}") from None
                if exc.code in (429, 503):
                    wait = _retry_after(exc.headers, self._now())
                error = f"HTTP {exc.code} {exc.reason}"
            except EndPointInternalError as exc:  # HTTP 500
                error = f"HTTP 500: {_short(exc)}"
            except (urllib.error.URLError, TimeoutError, ConnectionError, OSError,
                    http.client.HTTPException, ValueError, SPARQLWrapperException) as exc:
                error = getattr(exc, "reason", None) or exc
            if attempt >= self.retries:
                raise RunAbort(
                    f"the SPARQL endpoint {self.endpoint} did not answer after {attempt + 1} "
                    f"attempt(s): {error}"
                )
            if wait is not None:
                if wait > self.RETRY_AFTER_MAX:
                    raise RunAbort(
                        f"the SPARQL endpoint {self.endpoint} asks to wait {wait:.0f} s before the "
                        f"next request ({error}); try again later or use --offline"
                    )
                delay = wait
            else:
                delay = min(self.BACKOFF_MAX, self.BACKOFF_BASE * 2 ** attempt)
            self._sleep(delay)
            attempt += 1

    # -------------------------------------------------------------------- cache

    def _cache_file(self, key: str) -> Path:
        return self.cache_dir / f"{key}.json"

    def _cache_get(self, key: str) -> list[dict[str, dict[str, str]]] | None:
        if not self.cache:
            return None
        path = self._cache_file(key)
        try:
            entry = json.loads(path.read_text(encoding="utf-8"))
            fetched = dt.datetime.fromisoformat(entry["fetched"])
            bindings = entry["result"]
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError):
            return None  # unreadable or foreign file: fetch again and overwrite it
        if entry.get("endpoint") != self.endpoint or not isinstance(bindings, list):
            return None
        if fetched.tzinfo is None or self._now() - fetched > self.max_age:
            return None
        return bindings

    def _cache_put(self, key: str, query: str, bindings: list[dict[str, dict[str, str]]]) -> None:
        if not self.cache:
            return
        entry = {
            "endpoint": self.endpoint,
            "fetched": self._now().isoformat(timespec="seconds"),
            "query": query,
            "result": bindings,
        }
        try:
            self.cache_dir.mkdir(parents=True, exist_ok=True)
            # write then rename: a reader never sees half a file
            fd, tmp = tempfile.mkstemp(dir=self.cache_dir, prefix=f".{key[:16]}.", suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(entry, fh, ensure_ascii=False, indent=1, sort_keys=True)
            os.replace(tmp, self._cache_file(key))
        except OSError as exc:
            raise RunAbort(f"cannot write the Wikidata cache in {self.cache_dir}: {exc}") from None

    # ------------------------------------------------------------------ lookups

    def items_by_property(self, prop: str, values: Iterable[str]) -> dict[str, list[str]]:
        """Every item whose truthy ``wdt:{prop}`` value is one of ``values`` (exact string).

        Returns ``{value: [QID, ...]}`` (QIDs sorted) for the values that matched.
        One query per :attr:`BATCH_SIZE` values.
        """
        if not _PID.match(prop):
            raise ValueError(f"not a Wikidata property id: {prop!r}")
        keys = sorted(set(values))
        found: dict[str, set[str]] = {}
        for batch in _batches(keys, self.BATCH_SIZE):
            rows = " ".join(str(Literal(v)) for v in batch)  # pyoxigraph escapes the literal
            query = (
                "SELECT ?value ?item WHERE {\n"
                f"  VALUES ?value {{ {rows} }}\n"
                f"  ?item wdt:{prop} ?value .\n"
                "}"
            )
            for b in self.select(query, tool=f"items_by_property.{prop}"):
                qid = qid_of(b["item"]["value"])
                if qid:
                    found.setdefault(b["value"]["value"], set()).add(qid)
        return {k: sorted(v, key=_qid_order) for k, v in sorted(found.items())}

    def un_symbol_candidates(self, symbols: Iterable[str]) -> dict[str, list[str]]:
        """Items carrying each UN symbol (P3069), trying the spellings of :func:`symbol_variants`."""
        wanted = {s: symbol_variants(s) for s in set(symbols)}
        hits = self.items_by_property(P_UN_SYMBOL, (v for vs in wanted.values() for v in vs))
        out: dict[str, list[str]] = {}
        for symbol, variants in sorted(wanted.items()):
            qids = {q for v in variants for q in hits.get(v, ())}
            if qids:
                out[symbol] = sorted(qids, key=_qid_order)
        return out

    def iso3_candidates(self, codes: Iterable[str]) -> dict[str, list[str]]:
        """Items carrying each ISO 3166-1 alpha-3 code (P298); codes are upper-cased."""
        wanted: dict[str, str] = {c: c.strip().upper() for c in set(codes)}
        hits = self.items_by_property(P_ISO3, wanted.values())
        return {c: hits[u] for c, u in sorted(wanted.items()) if u in hits}

    def qids_by_un_symbol(self, symbols: Iterable[str]) -> dict[str, str]:
        """``{symbol: QID}`` for symbols that exactly one item carries (P3069)."""
        return _unambiguous(self.un_symbol_candidates(symbols))

    def qids_by_iso3(self, codes: Iterable[str]) -> dict[str, str]:
        """``{iso3: QID}`` for codes that exactly one item carries (P298)."""
        return _unambiguous(self.iso3_candidates(codes))

    def labels(self, qids: Iterable[str], langs: Sequence[str] = ("en", "zh")) -> dict[str, dict[str, str]]:
        """``{QID: {lang: label}}`` for the given languages (``rdfs:label``)."""
        keys = sorted({check_qid(q) for q in qids}, key=_qid_order)
        for lang in langs:
            if not _LANG.match(lang):
                raise ValueError(f"not a language tag: {lang!r}")
        wanted = ", ".join(str(Literal(lang.lower())) for lang in langs)
        out: dict[str, dict[str, str]] = {}
        for batch in _batches(keys, self.BATCH_SIZE):
            rows = " ".join(str(NamedNode(WD.base + q)) for q in batch)
            query = (
                "SELECT ?item ?label WHERE {\n"
                f"  VALUES ?item {{ {rows} }}\n"
                "  ?item rdfs:label ?label .\n"
                f"  FILTER(LANG(?label) IN ({wanted}))\n"
                "}"
            )
            for b in self.select(query, tool="labels"):
                qid = qid_of(b["item"]["value"])
                lang = b["label"].get("xml:lang", "").lower()
                if qid and lang:
                    out.setdefault(qid, {})[lang] = b["label"]["value"]
        return {q: dict(sorted(v.items())) for q, v in sorted(out.items(), key=lambda kv: _qid_order(kv[0]))}

    def redirects(self, qids: Iterable[str]) -> dict[str, str]:
        """``{old QID: target QID}`` for the QIDs that were merged into another item.

        WDQS exposes a redirect as ``wd:Qold owl:sameAs wd:Qnew``.
        """
        keys = sorted({check_qid(q) for q in qids}, key=_qid_order)
        out: dict[str, str] = {}
        for batch in _batches(keys, self.BATCH_SIZE):
            rows = " ".join(str(NamedNode(WD.base + q)) for q in batch)
            query = (
                "SELECT ?item ?target WHERE {\n"
                f"  VALUES ?item {{ {rows} }}\n"
                "  ?item owl:sameAs ?target .\n"
                "}"
            )
            for b in self.select(query, tool="redirects"):
                old, new = qid_of(b["item"]["value"]), qid_of(b["target"]["value"])
                if old and new and old != new:
                    out[old] = new
        return out


def _qid_order(qid: str) -> tuple[int, str]:
    return (int(qid[1:]), qid) if _QID.match(qid) else (0, qid)


def _unambiguous(candidates: dict[str, list[str]]) -> dict[str, str]:
    return {k: v[0] for k, v in candidates.items() if len(v) == 1}


def _short(exc: BaseException, limit: int = 300) -> str:
    text = " ".join(str(exc).split())
    return text if len(text) <= limit else text[:limit] + "…"


__all__ = [
    "DEFAULT_ENDPOINT", "P_ISO3", "P_UN_SYMBOL", "USER_AGENT", "WikidataClient", "check_qid",
    "default_cache_dir", "qid_of", "symbol_variants",
]
