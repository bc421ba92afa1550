"""Parse stage: :class:`~unkg.model.SourceText` -> :class:`~unkg.model.Document`.

``clean`` removes PDF artefacts and joins lines into blocks; ``structure`` assigns roles
and builds parts, paragraphs, footnotes and signatures; ``metadata`` reads the
document-level facts. ``symbols``, ``dates`` and ``numerals`` are the grammars they share.
"""

from __future__ import annotations

from unkg.errors import InputError
from unkg.model import DocType, Document, SourceText

__all__ = ["parse"]


def parse(source: SourceText) -> Document:
    """Parse one decoded file into a :class:`Document` (one Expression).

    :raises InputError: when no text is left after the artefacts are removed.
    """
    from unkg.parse.clean import clean
    from unkg.parse.metadata import detect_language, extract
    from unkg.parse.structure import build

    cleaned = clean(source.text, source.layout)
    body = " ".join(b.text for b in cleaned.blocks if not b.footnote)
    if len(body.strip()) < 20:
        raise InputError(source.path or source.name, "no document text found (the file holds only page furniture or is too short)")
    lang = source.meta.get("lang") or detect_language(body)
    structure = build(cleaned, lang)
    meta = extract(structure, cleaned, lang, source.meta)
    for part in structure.parts:
        part.doc_type = meta.annex_types.get(part.key) if part.kind == "annex" else meta.doc_type
    if meta.doc_type is DocType.OTHER and not structure.paragraphs:
        structure.warnings.append("no paragraphs recognised")
    return Document(
        source=source,
        text=structure.text,
        lang=lang,
        doc_type=meta.doc_type,
        symbols=meta.symbols,
        bodies=meta.bodies,
        sessions=meta.sessions,
        agenda_items=meta.agenda_items,
        date=meta.date,
        date_role=meta.date_role,
        issue_date=meta.issue_date,
        title=meta.title,
        job_number=meta.job_number,
        meeting=meta.meeting,
        parts=structure.parts,
        blocks=structure.blocks,
        paragraphs=structure.paragraphs,
        footnotes=structure.footnotes,
        signatures=structure.signatures,
        links=cleaned.links,
        warnings=structure.warnings + meta.warnings,
    )
