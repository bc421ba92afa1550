"""RDF vocabularies as pyoxigraph terms.

``UNKG`` holds every term of our own ontology (``ontology/unkg.ttl``); asking for a term
that is not declared here raises ``AttributeError``, and a test checks that this list and
the ontology file agree both ways, so the mapper cannot emit an undeclared term.
The other namespaces are the anchors of ``ontology/alignment.ttl``.
"""

from __future__ import annotations

from pyoxigraph import NamedNode

#: Namespace of the unkg ontology. Fixed, whatever base IRI the data is published under.
UNKG_NS = "https://w3id.org/unkg/def/"

CLASSES: tuple[str, ...] = (
    # FRBR levels and files
    "Work", "Expression", "SourceFile", "DocumentGraph", "ExtractionActivity",
    # document types (subclasses of Work); each carries skos:notation = DocType value
    "Resolution", "DraftResolution", "Amendment", "Decision", "Letter", "NoteVerbale",
    "ConceptNote", "Memorandum", "Report", "MeetingRecord", "OtherDocument",
    # structure
    "Part", "MainText", "Annex", "Paragraph", "PreambularParagraph", "OperativeParagraph",
    "BodyParagraph", "Heading", "Footnote",
    # actors
    "Actor", "State", "MemberState", "ObserverState", "OtherEntity", "Organ",
    "Organisation", "Person", "Post", "Signature", "Sponsorship",
    # proceedings
    "Session", "AgendaItem", "Meeting",
    # votes (Popolo)
    "VoteEvent", "Vote", "VoteCount", "VoteStatement",
    # instruments and citations (CiTO)
    "Instrument", "Treaty", "Declaration", "JudicialDecision", "Citation", "Locator",
    # claims and evidence
    "Claim", "Mention", "Evidence",
)

PROPERTIES: tuple[str, ...] = (
    # identification and FRBR
    "symbol", "jobNumber", "hasExpression", "expressionOf", "language", "languageCode",
    "title", "text", "date", "adoptionDate", "issueDate", "body", "session", "agendaItem",
    "adoptedAt", "printedLink", "parseNote",
    # structure
    "hasPart", "partOf", "contentType", "partNumber", "heading", "hasParagraph",
    "inPart", "ordinal", "number", "verb", "parentParagraph", "hasHeading", "hasFootnote",
    "marker", "anchoredIn", "start", "end",
    # proceedings
    "sessionNumber", "sessionKind", "ofBody", "inSession", "itemNumber", "meetingNumber",
    # signatures, persons, actors
    "hasSignature", "signatory", "signedName", "postText", "holdsPost", "onBehalfOf",
    "signedAt", "sponsor", "author", "iso3", "m49", "memberSince", "mentions", "inParagraph",
    # provenance
    "describes", "sha256", "fileName", "mediaType", "byteSize", "pageCount", "encoding",
    "sidecar", "extractorVersion", "pipelineDigest",
    # votes
    "motion", "voteEvent", "voter", "option", "result", "votingMode", "count",
    "statedCount", "countedCount", "veto",
    # citations
    "cites", "citedEntity", "citingEntity", "characterization", "locator", "quote",
    "adoptedAs", "revisionOf",
    # claims
    "claimant", "accused", "category", "stance", "legalBasis", "statedIn", "evidence",
    "extractionRule", "transmittedBy", "attributed", "claimantAgency", "eventDate",
)


class _Namespace:
    """Closed namespace: only declared local names resolve."""

    __slots__ = ("_base", "_terms")

    def __init__(self, base: str, names: tuple[str, ...]) -> None:
        self._base = base
        self._terms = {name: NamedNode(base + name) for name in names}

    def __getattr__(self, name: str) -> NamedNode:
        try:
            return self._terms[name]
        except KeyError:
            raise AttributeError(f"{name!r} is not a term of {self._base}") from None

    def __contains__(self, name: str) -> bool:
        return name in self._terms

    @property
    def base(self) -> str:
        return self._base

    def names(self) -> tuple[str, ...]:
        return tuple(self._terms)


UNKG = _Namespace(UNKG_NS, CLASSES + PROPERTIES)


class _Open:
    """Open namespace for well-known vocabularies (no closed term list)."""

    __slots__ = ("_base",)

    def __init__(self, base: str) -> None:
        self._base = base

    def __getattr__(self, name: str) -> NamedNode:
        return NamedNode(self._base + name)

    def __getitem__(self, name: str) -> NamedNode:
        return NamedNode(self._base + name)

    @property
    def base(self) -> str:
        return self._base


RDF = _Open("http://www.w3.org/1999/02/22-rdf-syntax-ns#")
RDFS = _Open("http://www.w3.org/2000/01/rdf-schema#")
XSD = _Open("http://www.w3.org/2001/XMLSchema#")
OWL = _Open("http://www.w3.org/2002/07/owl#")
SKOS = _Open("http://www.w3.org/2004/02/skos/core#")
DCTERMS = _Open("http://purl.org/dc/terms/")
PROV = _Open("http://www.w3.org/ns/prov#")
OA = _Open("http://www.w3.org/ns/oa#")
CITO = _Open("http://purl.org/spar/cito/")
OPENGOV = _Open("http://www.w3.org/ns/opengov#")
SCHEMA = _Open("http://schema.org/")
FOAF = _Open("http://xmlns.com/foaf/0.1/")
ORG = _Open("http://www.w3.org/ns/org#")
VOID = _Open("http://rdfs.org/ns/void#")
DCAT = _Open("http://www.w3.org/ns/dcat#")
SPDX = _Open("http://spdx.org/rdf/terms#")
WD = _Open("http://www.wikidata.org/entity/")

RDF_TYPE = RDF.type

#: Prefixes used in Turtle/TriG output and the JSON-LD context.
PREFIXES: dict[str, str] = {
    "unkg": UNKG_NS,
    "rdf": RDF.base,
    "rdfs": RDFS.base,
    "xsd": XSD.base,
    "owl": OWL.base,
    "skos": SKOS.base,
    "dcterms": DCTERMS.base,
    "prov": PROV.base,
    "oa": OA.base,
    "cito": CITO.base,
    "opengov": OPENGOV.base,
    "schema": SCHEMA.base,
    "foaf": FOAF.base,
    "org": ORG.base,
    "void": VOID.base,
    "dcat": DCAT.base,
    "wd": WD.base,
}
