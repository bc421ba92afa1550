"""Turn input files (plain text or PDF) into :class:`~unkg.model.SourceText` records.

This is the first pipeline stage: bytes in, normalised text out. Nothing here knows about
UN documents beyond the shape of their PDFs; structure is the parser's job.

- :func:`iter_inputs` expands the paths given on the command line into input files.
- :func:`read_source` reads one file (``.txt`` or ``.pdf``) with its sidecar metadata.
- :func:`source_from_bytes` does the same for bytes already in memory (packaged samples).
- :func:`decode_text` and :func:`extract_pdf_text` are the two halves of the work, for
  callers that need only the text.
- :func:`load_sidecar` reads ``NAME.meta.json`` / ``NAME.meta.yaml`` next to an input.

Every problem with an input raises :class:`~unkg.errors.InputError`, which names the file
and says what is wrong and, where there is one, what to do about it.

Text output conventions (what the parser can rely on):

- line ends are ``\\n``; the only other control characters left are ``\\t`` and ``\\f``;
- PDF text is the text layer as *logical lines*: soft-wrapped lines are joined (with a
  space, or with nothing between CJK characters), hard line ends (paragraph ends, headings,
  cover-page lines, table rows) are kept; pages are separated by ``"\\f\\n"``.
"""

from __future__ import annotations

import codecs
import hashlib
import itertools
import json
import os
import re
import stat
import statistics
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from unkg.errors import InputError
from unkg.model import SourceText

if TYPE_CHECKING:  # pragma: no cover
    import pypdfium2 as pdfium

__all__ = [
    "DEFAULT_MAX_BYTES",
    "INPUT_SUFFIXES",
    "SIDECAR_SUFFIXES",
    "decode_text",
    "extract_pdf_text",
    "is_sidecar",
    "iter_inputs",
    "load_sidecar",
    "read_source",
    "source_from_bytes",
]

DEFAULT_MAX_BYTES = 64 * 1024 * 1024
INPUT_SUFFIXES = (".txt", ".pdf")
SIDECAR_SUFFIXES = (".meta.json", ".meta.yaml", ".meta.yml")

MEDIA_TEXT = "text/plain"
MEDIA_PDF = "application/pdf"
ENCODING_MOJIBAKE = "utf-8 (repaired from latin-1 mojibake)"

# A document whose text layer averages fewer non-space characters per page has none to
# speak of (a scan, or only page numbers / a job-number stamp).
MIN_CHARS_PER_PAGE = 20
# More C0 control characters (other than \t \n \r \f) than this share: binary, not text.
MAX_CONTROL_SHARE = 0.05


# --------------------------------------------------------------------------- inputs


def is_sidecar(path: Path) -> bool:
    """True for ``*.meta.json`` / ``*.meta.yaml`` / ``*.meta.yml``: metadata, not input.

    Use it to keep sidecars out of anything that lists input files.
    """
    return path.name.lower().endswith(SIDECAR_SUFFIXES)


def iter_inputs(paths: Sequence[Path]) -> Iterator[Path]:
    """Expand command-line paths into the input files to read, in a deterministic order.

    Use it on the paths a user gave. Files given directly are yielded as given (whatever
    their suffix: :func:`read_source` then says if the type is unsupported). Directories are
    walked recursively, entries sorted by name, yielding ``*.txt`` and ``*.pdf`` (suffix
    case-insensitive) and skipping hidden entries (``.name``), sidecars and anything that is
    not a regular file. Symbolic links are followed, but each real directory is walked once,
    so link cycles end; a file reached twice (same real path) is yielded once.

    Every given path is checked before anything is yielded: one that does not exist, or is
    neither a regular file nor a directory (a named pipe or a device, which would block or
    never end when read), raises :class:`InputError` at once. A directory that cannot be
    listed raises :class:`InputError` when the walk reaches it.
    """
    for p in paths:
        if not os.path.lexists(p):
            raise InputError(p, "no such file or directory")
        try:
            mode = os.stat(p).st_mode
        except FileNotFoundError:
            raise InputError(p, "no such file or directory (broken symbolic link)") from None
        except OSError as exc:
            raise InputError(p, f"cannot read: {exc.strerror or exc}") from None
        if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
            # a FIFO or a device would block or never end when read (or checksummed)
            raise InputError(p, f"not a regular file or a folder ({_file_kind(mode)})")
    return _iter_inputs([Path(p) for p in paths])


def _file_kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a special file"


def _iter_inputs(paths: list[Path]) -> Iterator[Path]:
    seen_files: set[str] = set()
    seen_dirs: set[str] = set()
    for p in paths:
        if p.is_dir():
            yield from _walk(p, seen_files, seen_dirs)
        else:
            real = os.path.realpath(p)
            if real not in seen_files:
                seen_files.add(real)
                yield p


def _walk(directory: Path, seen_files: set[str], seen_dirs: set[str]) -> Iterator[Path]:
    real_dir = os.path.realpath(directory)
    if real_dir in seen_dirs:
        return
    seen_dirs.add(real_dir)
    try:
        with os.scandir(directory) as it:
            entries = sorted(it, key=lambda e: e.name)
    except PermissionError:
        raise InputError(directory, "cannot list directory: permission denied") from None
    except OSError as exc:
        raise InputError(directory, f"cannot list directory: {exc.strerror or exc}") from None
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = directory / entry.name
        try:
            if entry.is_dir():  # follows symbolic links
                yield from _walk(path, seen_files, seen_dirs)
                continue
            if not entry.is_file():  # broken link, FIFO, socket ...
                continue
        except OSError:
            continue
        if is_sidecar(path) or path.suffix.lower() not in INPUT_SUFFIXES:
            continue
        real = os.path.realpath(path)
        if real not in seen_files:
            seen_files.add(real)
            yield path


# --------------------------------------------------------------------------- sidecars


def sidecar_files(path: Path) -> list[Path]:
    """The metadata sidecars present beside an input file (``NAME.meta.json`` … for ``NAME.SUFFIX``)."""
    stem = path.name[: -len(path.suffix)] if path.suffix else path.name
    return [f for f in (path.with_name(stem + sfx) for sfx in SIDECAR_SUFFIXES) if f.is_file()]


def load_sidecar(path: Path) -> tuple[dict[str, str], Path | None]:
    """Read the metadata sidecar of an input file, if it has one.

    Use it to get what a user says about a file that the text may not (symbol, date, body,
    lang, doc_type, title ...). The sidecar of ``DIR/NAME.SUFFIX`` is ``DIR/NAME.meta.json``,
    ``DIR/NAME.meta.yaml`` or ``DIR/NAME.meta.yml`` (``A_ES-11_10.zh.txt`` ->
    ``A_ES-11_10.zh.meta.json``). It must be a flat mapping of string keys to scalar values;
    values come back as strings (``true``/``false`` for booleans, ISO dates for YAML dates),
    keys whose value is null are left out. Returns ``({}, None)`` when there is no sidecar.

    Raises :class:`InputError` naming the sidecar when it is malformed, and when two
    sidecars of the same file exist.
    """
    found = sidecar_files(path)
    if not found:
        return {}, None
    if len(found) > 1:
        names = ", ".join(f.name for f in found)
        raise InputError(found[0], f"{path.name} has more than one sidecar ({names}); keep one")
    sidecar = found[0]
    try:
        raw = sidecar.read_bytes()
    except OSError as exc:
        raise InputError(
            sidecar, f"cannot read sidecar {sidecar.name}: {exc.strerror or exc}"
        ) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            sidecar, f"malformed sidecar {sidecar.name}: not UTF-8 (byte {exc.start})"
        ) from None
    data = _parse_sidecar(sidecar, text)
    return _flatten_sidecar(sidecar, data), sidecar


def _parse_sidecar(sidecar: Path, text: str) -> object:
    if sidecar.name.lower().endswith(".json"):
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError(
                sidecar,
                f"malformed sidecar {sidecar.name}: invalid JSON at line {exc.lineno} "
                f"column {exc.colno}: {exc.msg}",
            ) from None
    import yaml  # PyYAML: only needed for YAML sidecars

    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        where = ""
        mark = getattr(exc, "problem_mark", None)
        if mark is not None:
            where = f" at line {mark.line + 1} column {mark.column + 1}"
        problem = getattr(exc, "problem", None) or type(exc).__name__
        raise InputError(
            sidecar, f"malformed sidecar {sidecar.name}: invalid YAML{where}: {problem}"
        ) from None


def _flatten_sidecar(sidecar: Path, data: object) -> dict[str, str]:
    import datetime as dt

    if data is None:  # an empty YAML file
        return {}
    if not isinstance(data, dict):
        raise InputError(
            sidecar,
            f"malformed sidecar {sidecar.name}: expected a mapping of keys to values, "
            f"got {_kind(data)}",
        )
    out: dict[str, str] = {}
    for key, value in data.items():
        if not isinstance(key, str):
            raise InputError(
                sidecar, f"malformed sidecar {sidecar.name}: key {key!r} is not a string"
            )
        if value is None:
            continue
        if isinstance(value, bool):
            out[key] = "true" if value else "false"
        elif isinstance(value, (str, int, float)):
            out[key] = str(value).strip()
        elif isinstance(value, (dt.date, dt.datetime)):
            out[key] = value.isoformat()
        else:
            raise InputError(
                sidecar,
                f"malformed sidecar {sidecar.name}: value of {key!r} is {_kind(value)}; "
                "sidecar values must be single strings, numbers or dates",
            )
    return out


def _kind(value: object) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, (list, tuple)):
        return "a list"
    return f"a {type(value).__name__}"


# --------------------------------------------------------------------------- reading


def read_source(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> SourceText:
    """Read one input file (``.txt`` or ``.pdf``) into a :class:`SourceText`.

    Use it for every file :func:`iter_inputs` yields. The bytes are read once; ``sha256``
    and ``size`` are of those bytes. The type is told by content (``%PDF-`` header) and
    suffix; text is decoded by :func:`decode_text`, PDFs by :func:`extract_pdf_text`. The
    file's sidecar (:func:`load_sidecar`) fills ``meta`` and ``meta_path``.

    Raises :class:`InputError` (the message names the file) for a missing, unreadable or
    empty file, a directory, a file larger than ``max_bytes``, an unsupported suffix,
    binary data, an undetectable text encoding, and encrypted, broken or image-only PDFs.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    try:
        st = path.stat()
    except FileNotFoundError:
        raise InputError(path, "no such file or directory") from None
    except PermissionError:
        raise InputError(path, "permission denied") from None
    except OSError as exc:
        raise InputError(path, f"cannot read: {exc.strerror or exc}") from None
    if stat.S_ISDIR(st.st_mode):
        raise InputError(path, "is a directory, not a file")
    if not stat.S_ISREG(st.st_mode):
        raise InputError(path, "not a regular file")
    if suffix not in INPUT_SUFFIXES:
        raise InputError(path, _unsupported(suffix))
    if st.st_size > max_bytes:
        raise InputError(path, _too_large(st.st_size, max_bytes))
    try:
        with path.open("rb") as fh:
            data = fh.read(max_bytes + 1)
    except PermissionError:
        raise InputError(path, "permission denied") from None
    except IsADirectoryError:
        raise InputError(path, "is a directory, not a file") from None
    except OSError as exc:
        raise InputError(path, f"cannot read: {exc.strerror or exc}") from None
    meta, meta_path = load_sidecar(path)
    return source_from_bytes(
        data, str(path), path=path, max_bytes=max_bytes, meta=meta, meta_path=meta_path
    )


def source_from_bytes(
    data: bytes,
    name: str,
    *,
    path: Path | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    meta: dict[str, str] | None = None,
    meta_path: Path | None = None,
) -> SourceText:
    """Build a :class:`SourceText` from bytes already in memory.

    Use it for inputs that are not files of their own (packaged samples, tests); use
    :func:`read_source` for files. ``name`` is the display name and its suffix (``.txt``,
    ``.pdf``) picks the type unless the bytes start with a PDF header. Errors are
    :class:`InputError` naming ``name``.
    """
    label = path if path is not None else name
    suffix = Path(name).suffix.lower()
    if not data:
        raise InputError(label, "empty file")
    if len(data) > max_bytes:
        raise InputError(label, _too_large(len(data), max_bytes))
    common: dict[str, Any] = {
        "name": name,
        "sha256": hashlib.sha256(data).hexdigest(),
        "path": path,
        "meta": dict(meta or {}),
        "meta_path": meta_path,
        "size": len(data),
    }
    if _is_pdf(data):
        text, pages = extract_pdf_text(data, label)
        return SourceText(text=text, media_type=MEDIA_PDF, layout="pdf", pages=pages, **common)
    if suffix == ".pdf":
        head = data[:8].decode("latin-1").encode("unicode_escape").decode("ascii")
        raise InputError(label, f"not a readable PDF: no %PDF- header (file starts with {head!r})")
    if suffix != ".txt":
        raise InputError(label, _unsupported(suffix))
    text, encoding = decode_text(data, label)
    return SourceText(text=text, media_type=MEDIA_TEXT, encoding=encoding, **common)


def _is_pdf(data: bytes) -> bool:
    # PDF readers accept the header anywhere in the first 1024 bytes.
    return b"%PDF-" in data[:1024]


def _unsupported(suffix: str) -> str:
    shown = f"'{suffix}'" if suffix else "without a suffix"
    return f"unsupported file type {shown} (expected .txt or .pdf)"


def _too_large(size: int, limit: int) -> str:
    return (
        f"file is {_human(size)}, larger than the {_human(limit)} limit; "
        "raise --max-size if this is intended"
    )


def _human(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.1f} MB"
    if n >= 1024:
        return f"{n / 1024:.1f} KB"
    return f"{n} bytes"


# --------------------------------------------------------------------------- text files

_BOMS: tuple[tuple[bytes, str, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32", "utf-32"),  # before UTF-16 LE: same first two bytes
    (codecs.BOM_UTF32_BE, "utf-32", "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig", "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16", "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16", "utf-16"),
)

# Magic numbers of binary formats that users are likely to rename or mix up.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"PK\x03\x04", "a ZIP archive (.docx, .xlsx, .odt ...)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office file (.doc, .xls)"),
    (b"{\\rtf", "an RTF document"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"\x7fELF", "an executable"),
)

# C0 controls other than \t \n \f; \r is handled by line-end normalisation. Also DEL.
_CONTROL_RE = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f]")
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13)) + b"\x7f"
_LINE_END_RE = re.compile("\r\n|\r|\u2028|\u2029")

# cp1252 bytes 0x80-0x9F decode to these characters; undefined ones (0x81 0x8D 0x8F 0x90
# 0x9D) pass through latin-1 as U+0081 ... Mapping them back gives the original bytes.
_CP1252_TO_LATIN1 = {
    ord(bytes([b]).decode("cp1252")): b
    for b in range(0x80, 0xA0)
    if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)
}
# Lead characters of a UTF-8 multi-byte sequence seen through latin-1/cp1252 (bytes C2-F4).
_MOJIBAKE_HINT = re.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178"
    "\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201e"
    "\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]"
)


def decode_text(data: bytes, name: str | Path | None = None) -> tuple[str, str]:
    """Decode the bytes of a text file; return ``(text, encoding)``.

    Use it for ``.txt`` input (``read_source`` calls it). Tried in order: a byte-order mark
    (UTF-8, UTF-16, UTF-32); UTF-8; GB18030 (GBK, GB2312) when the result reads as Chinese;
    charset-normalizer, accepted only when it is confident. UTF-8 text that is really
    UTF-8 seen through Latin-1/cp1252 (``å¤§ä¼š`` for ``大会``) is repaired, and the encoding
    says so. Line ends become ``\\n``; C0 control characters other than ``\\t`` ``\\n``
    ``\\f`` are removed; everything else is kept as it is.

    Raises :class:`InputError` (naming ``name``) for binary data and unknown encodings.
    """
    text, encoding = _decode(data, name)
    if encoding in ("utf-8", "utf-8-sig"):
        repaired = _repair_mojibake(text)
        if repaired is not None:
            text, encoding = repaired, ENCODING_MOJIBAKE
    text = _LINE_END_RE.sub("\n", text)
    text = _CONTROL_RE.sub("", text)
    if not text.strip():
        raise InputError(name, "file has no text (only white space)")
    return text, encoding


def _decode(data: bytes, name: str | Path | None) -> tuple[str, str]:
    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError as exc:
                raise InputError(
                    name,
                    f"not valid {label.upper()} although it starts with a byte-order "
                    f"mark (bad bytes at offset {exc.start})",
                ) from None
            if label == "utf-8-sig":  # "utf-8-sig" strips one BOM; drop a doubled one too
                text = text.removeprefix("\ufeff")
            _check_controls(text, name)
            return text, label
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise InputError(name, f"binary file, not text (looks like {what})")
    if b"\x00" in data:
        raise InputError(
            name,
            "binary file, not text (contains NUL bytes; UTF-16 text needs a byte-order mark)",
        )
    controls = sum(data.count(bytes([b])) for b in _CONTROL_BYTES)
    if controls > MAX_CONTROL_SHARE * len(data):
        raise InputError(
            name,
            f"binary file, not text ({controls} control bytes in {len(data)}, "
            f"more than {MAX_CONTROL_SHARE:.0%})",
        )
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        # valid UTF-8 up to a multi-byte character cut off by the end of the file
        cut_off = exc.reason == "unexpected end of data" and exc.end == len(data)
    gb = _try_gb18030(data)
    if gb is not None:
        return gb, "gb18030"
    if cut_off:
        raise InputError(
            name,
            f"truncated file: UTF-8 text that ends in the middle of a character (after "
            f"{len(data)} bytes); the file looks cut off, use a complete copy",
        )
    return _charset_normalizer(data, name)


def _check_controls(text: str, name: str | Path | None) -> None:
    if not text:
        return
    controls = len(_CONTROL_RE.findall(text))
    if "\x00" in text or controls > MAX_CONTROL_SHARE * len(text):
        raise InputError(name, "binary file, not text (control characters after decoding)")


# The most frequent Han characters of modern Chinese: over half of the Han characters of
# the UN texts in tests/fixtures, under a tenth of Korean (EUC-KR) read as GB2312.
_FREQUENT_HAN = frozenset(
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能"
    "下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量"
    "都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各"
    "重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代"
    "想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接"
    "知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处世车"
)


def _try_gb18030(data: bytes) -> str | None:
    """GB18030 text, if the bytes decode to plausible Chinese; else ``None``.

    Other double-byte encodings (Big5, Shift-JIS, Latin-1 with accents) often decode as
    GB18030 too, but to rare characters: real simplified-Chinese text keeps nearly all of
    its Han characters inside GB2312, the common set, and over half of them among the
    most frequent few hundred (EUC-KR Korean decodes inside GB2312, but not to those).
    """
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        return None
    han = common = frequent = odd = 0
    for ch in text:
        o = ord(ch)
        if o < 0x80:
            if ch.isprintable() or ch in "\t\n\r\f":
                continue
            odd += 1
        elif _is_cjk_char(ch):
            if 0x3400 <= o <= 0x9FFF or 0x20000 <= o <= 0x3FFFF or 0xF900 <= o <= 0xFAFF:
                han += 1
                frequent += ch in _FREQUENT_HAN
                try:
                    ch.encode("gb2312")
                    common += 1
                except UnicodeEncodeError:
                    pass
        elif not ((ch.isprintable() and o < 0xE000) or 0xFF00 <= o <= 0xFFEF):
            odd += 1  # private use, unassigned ...
    if han == 0 or common < 0.8 * han or odd > 0.02 * len(text):
        return None
    if han >= 20 and frequent < 0.25 * han:  # GB2312 characters, but not Chinese
        return None
    return text


def _charset_normalizer(data: bytes, name: str | Path | None) -> tuple[str, str]:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is not None and best.chaos <= 0.1 and best.encoding:
        text = str(best)
        _check_controls(text, name)
        return text, best.encoding
    raise InputError(name, "cannot determine the text encoding (not UTF-8, UTF-16 or GB18030)")


def _repair_mojibake(text: str) -> str | None:
    """Undo UTF-8 that was decoded as Latin-1/cp1252 and encoded again; ``None`` if not."""
    if not _MOJIBAKE_HINT.search(text):
        return None
    repaired = text
    for _ in range(2):  # twice-mangled text occurs too
        try:
            candidate = repaired.translate(_CP1252_TO_LATIN1).encode("latin-1").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            break
        if candidate == repaired:
            break
        repaired = candidate
        if not _MOJIBAKE_HINT.search(repaired):
            break
    return repaired if repaired != text else None


# --------------------------------------------------------------------------- PDF


def extract_pdf_text(data: bytes, name: str | Path | None = None) -> tuple[str, int]:
    """Extract the text layer of a PDF as logical lines; return ``(text, page_count)``.

    Use it for PDF input (``read_source`` calls it). Uses PDFium (pypdfium2) page by page.
    Soft-wrapped lines are joined (see :func:`_join` for the rules, which use PDFium's
    trailing-space signal together with line geometry), hard line ends are kept, and pages
    are joined with ``"\\f\\n"``.

    Raises :class:`InputError` (naming ``name``) for encrypted PDFs, PDFs PDFium cannot
    read, and PDFs without a text layer (scans): those need OCR first.

    PDFium is not thread-safe: call this from one thread at a time.
    """
    import pypdfium2 as pdfium

    try:
        doc = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise InputError(name, _pdf_open_error(exc)) from None
    try:
        n = len(doc)
        if n == 0:
            raise InputError(name, "not a readable PDF: it has no pages")
        pages: list[str] = []
        for i in range(n):
            try:
                pages.append(_page_text(doc, i))
            except pdfium.PdfiumError as exc:
                raise InputError(name, f"not a readable PDF: page {i + 1}: {exc}") from None
    finally:
        doc.close()
    visible = sum(len(p) - p.count(" ") - p.count("\n") for p in pages)
    if visible < MIN_CHARS_PER_PAGE * n:
        raise InputError(
            name,
            f"PDF has no text layer (scanned image?): {visible} characters on {n} "
            f"page{'s' if n != 1 else ''}; run OCR first, e.g. ocrmypdf, then try again",
        )
    return "\f\n".join(pages) + "\n", n


def _pdf_open_error(exc: Exception) -> str:
    code = getattr(exc, "err_code", None)
    if code == 4:  # FPDF_ERR_PASSWORD
        return "encrypted PDF: it needs a password to open; decrypt it first (e.g. qpdf --decrypt)"
    if code == 5:  # FPDF_ERR_SECURITY
        return "encrypted PDF: unsupported security handler; decrypt it first"
    return f"not a readable PDF: corrupt or truncated ({exc})"


@dataclass(slots=True)
class _Line:
    """One line of PDFium output with the geometry the joining rules need (PDF points)."""

    text: str  # cleaned, stripped
    trailing_space: bool  # PDFium's soft-wrap signal
    left: float = 0.0  # left edge of the first visible character
    right: float = 0.0  # right edge of the last visible character
    head_bottom: float = 0.0  # loose box of the first full-size character
    head_top: float = 0.0
    tail_bottom: float = 0.0  # loose box of the last full-size character
    tail_top: float = 0.0
    height: float = 0.0  # loose box height of the full-size text
    first_word: float = 0.0  # width of the first word
    first_word_len: int = 0
    second_word_left: float | None = None  # where the text after a number/label starts


_PROSE_END = re.compile(r"(?:[^\W\d_]\)?[,;:]?|\(\w+\)[,;:])$")
_SPLIT_LINES_RE = re.compile(r"\r\n|\r|\n")
_GENERATED_SPACE_DASH = re.compile(r"(?<=\w) (?=[-\u2013])")
_SPACE_DIGIT = re.compile(r"(?<=\S) (?=\d)")


class _Geometry:
    """Character boxes and font sizes of one text page, in the page's reading frame.

    PDFium gives boxes in unrotated page space; a page with ``/Rotate`` shows its text
    turned, so boxes are turned the same way (only differences matter to the rules, so
    the frame's origin is left where it falls).
    """

    def __init__(self, textpage: pdfium.PdfTextPage, rotation: int) -> None:
        import pypdfium2.raw as pdfium_c

        self._tp = textpage
        self._raw = textpage.raw
        self._c = pdfium_c
        self._rotation = rotation % 360

    def box(self, index: int, loose: bool = False) -> tuple[float, float, float, float]:
        """(left, bottom, right, top) of character ``index`` as the page is shown."""
        left, bottom, right, top = self._tp.get_charbox(index, loose=loose)
        if self._rotation == 90:
            return bottom, -right, top, -left
        if self._rotation == 180:
            return -right, -top, -left, -bottom
        if self._rotation == 270:
            return -top, left, -bottom, right
        return left, bottom, right, top

    def size(self, index: int) -> float:
        """Font size of character ``index`` in points."""
        return float(self._c.FPDFText_GetFontSize(self._raw, index))

    def generated(self, index: int) -> bool:
        """True when PDFium made character ``index`` up (a space or line break)."""
        return bool(self._c.FPDFText_IsGenerated(self._raw, index) == 1)


def _page_text(doc: pdfium.PdfDocument, index: int) -> str:
    page = doc[index]
    try:
        textpage = page.get_textpage()
        try:
            raw = textpage.get_text_range()
            # text and character indices must agree for the geometry to be usable
            geometry = (
                _Geometry(textpage, page.get_rotation())
                if len(raw) == textpage.count_chars()
                else None
            )
            lines = _lines(raw, geometry)
        finally:
            textpage.close()
    finally:
        page.close()
    return "\n".join(_join_lines(lines, geometry is not None))


def _lines(raw: str, geometry: _Geometry | None) -> list[_Line]:
    """Split PDFium's page text into lines and measure them."""
    out: list[_Line] = []
    pos = 0
    for m in [*_SPLIT_LINES_RE.finditer(raw), None]:
        end = m.start() if m is not None else len(raw)
        seg, start = raw[pos:end], pos
        pos = m.end() if m is not None else len(raw)
        if not seg.strip():
            continue
        text = seg
        if geometry is not None:
            text = _drop_generated_spaces(seg, start, geometry)
        # PDFium marks a hyphen it took for a line-end word break with U+FFFE and joins the
        # two halves; in UN documents such hyphens are real ("action-oriented").
        text = _CONTROL_RE.sub("", text.replace("\ufffe", "-").replace("\f", ""))
        line = _Line(text=text.strip(), trailing_space=seg != seg.rstrip())
        if not line.text:
            continue
        if geometry is not None:
            _measure(line, seg, start, geometry)
        out.append(line)
    return out


def _drop_generated_spaces(seg: str, start: int, geo: _Geometry) -> str:
    """Remove spaces PDFium made up where the printed text has none.

    PDFium reports a space of its own at some gaps that are narrower than a space: before
    a dash ("Secretary -General", "2024 -" at a line end: about 0.17 em in the UN PDFs,
    where a dash in a table cell is 4 em or more away) and before a superscript footnote
    marker ("Development 5"). Only spaces PDFium reports as generated are dropped.
    """
    drop: list[int] = []
    for m in _GENERATED_SPACE_DASH.finditer(seg):
        k = start + m.start()
        gap = geo.box(k + 1)[0] - geo.box(k - 1)[2]
        if gap < 0.3 * geo.size(k - 1):
            drop.append(m.start())
    for m in _SPACE_DIGIT.finditer(seg):
        k = start + m.start()
        if geo.size(k + 1) < 0.8 * geo.size(k - 1):
            drop.append(m.start())
    for d in sorted((d for d in drop if geo.generated(start + d)), reverse=True):
        seg = seg[:d] + seg[d + 1 :]
    return seg


def _measure(line: _Line, seg: str, start: int, geo: _Geometry) -> None:
    visible = [i for i, ch in enumerate(seg) if not ch.isspace()]
    first, last = visible[0], visible[-1]
    line.left = geo.box(start + first)[0]
    line.right = geo.box(start + last)[2]
    # the first / last character at the line's full size, skipping superscript markers
    h = max(visible[:6], key=lambda i: (geo.size(start + i), -i))
    t = max(visible[-6:], key=lambda i: (geo.size(start + i), i))
    hb = geo.box(start + h, loose=True)
    tb = geo.box(start + t, loose=True)
    line.head_bottom, line.head_top = hb[1], hb[3]
    line.tail_bottom, line.tail_top = tb[1], tb[3]
    line.height = max(hb[3] - hb[1], tb[3] - tb[1])
    # the first unit a line break could not split: a word, or one CJK character
    word_end = first
    while (
        word_end + 1 < len(seg)
        and not seg[word_end + 1].isspace()
        and not _is_cjk_char(seg[word_end])
        and not _is_cjk_char(seg[word_end + 1])
    ):
        word_end += 1
    line.first_word = geo.box(start + word_end)[2] - line.left
    line.first_word_len = word_end - first + 1
    nxt = word_end + 1
    while nxt < len(seg) and seg[nxt].isspace():
        nxt += 1
    if nxt < len(seg):
        line.second_word_left = geo.box(start + nxt)[0]


def _join_lines(lines: list[_Line], geometric: bool) -> list[str]:
    """Join soft-wrapped lines; return the logical lines of one page."""
    if not lines:
        return []
    breaks: list[bool] = []
    if geometric:
        pitch = _typical_pitch(lines)
        breaks = [True] + [_gap_break(a, b, pitch) for a, b in itertools.pairwise(lines)]
    out: list[str] = []
    current = lines[0].text
    margin: float | None = None  # left edge of continuation lines of the current block
    for i in range(1, len(lines)):
        a, b = lines[i - 1], lines[i]
        if geometric:
            joined = _join(lines, i, margin, breaks)
        else:
            joined = (_sep(a.text, b.text), True) if a.trailing_space else None
        if joined is None:
            out.append(current)
            current, margin = b.text, None
        else:
            sep, wrapped = joined
            current = current.rstrip() + sep + b.text
            if wrapped:
                margin = b.left
    out.append(current)
    return out


def _typical_pitch(lines: list[_Line]) -> dict[int, float]:
    """Median baseline-to-baseline distance of consecutive lines, by rounded text height."""
    drops: dict[int, list[float]] = {}
    for a, b in itertools.pairwise(lines):
        if abs(a.height - b.height) > 0.5:
            continue
        drop = a.tail_bottom - b.head_bottom
        if 0.8 * a.height < drop < 2.5 * a.height:
            drops.setdefault(round(a.height), []).append(drop)
    return {k: statistics.median(v) for k, v in drops.items() if len(v) >= 3}


def _same_printed_line(a: _Line, b: _Line) -> bool:
    """``b`` continues ``a`` on the same printed line, to its right."""
    overlap = min(a.tail_top, b.head_top) - max(a.tail_bottom, b.head_bottom)
    return overlap > 0.5 * min(a.height, b.height) and b.left >= a.right - 1.0


def _gap_break(a: _Line, b: _Line, pitch: dict[int, float]) -> bool:
    """More space between ``a`` and ``b`` than between the lines of a paragraph."""
    if _same_printed_line(a, b):
        return False
    drop = a.tail_bottom - b.head_bottom
    usual = pitch.get(round(a.height)) if abs(a.height - b.height) <= 0.5 else None
    limit = max(1.25 * usual, usual + 0.25 * a.height) if usual else 1.6 * a.height
    return drop > limit or drop < 0.5 * min(a.height, b.height)


def _join(
    lines: list[_Line], i: int, margin: float | None, breaks: list[bool]
) -> tuple[str, bool] | None:
    """Decide whether line ``i`` continues line ``i - 1``.

    Returns ``(separator, wrapped)`` to join (``wrapped`` is false when the two are pieces
    of one printed line) or ``None`` for a hard line end. ``breaks[i]`` says whether there
    is paragraph spacing above line ``i``. The rules, from what the UN PDFs (Word-generated,
    justified, first-line indents, spacing between paragraphs) show:

    1. PDFium splits a printed line at superscripts and some gaps: a line that continues
       on the same printed line, to the right, is joined.
    2. A larger gap than the page's usual line pitch ends a paragraph.
    3. A line indented against the previous one starts a paragraph (first-line indent),
       unless it lines up with the text after a label (hanging indent: ``II.  Budget``,
       ``b  Excludes``) or both lines are centred.
    4. A line indented less than the block's continuation lines starts a new block.
    5. The previous line must be full: the next line's first word would (nearly) have
       fitted after it otherwise. The right margin is the widest line of the same block
       starting where the next line starts. This drops PDFium's trailing space at
       paragraph ends (``Conference; ``) and at short cover-page lines
       (``Eightieth session ``).
    6. Then a trailing space (PDFium's soft-wrap signal) joins, the fullness test allowing
       12% of the width (a date glued by no-break spaces, "30 June 2025", wraps whole).
       Without the signal the previous line must be full to within 2 pt, and the line
       joins only as a clear continuation: either side CJK (no space), a hyphen or en dash
       before a letter or digit (``seventy-|seventh``, ``2024–|2034``, no space), a lower-
       case start (``civil|society``), or prose that ends in a letter or ``,;:`` (table
       rows end in figures).
    """
    a, b = lines[i - 1], lines[i]
    # 1. same printed line
    if _same_printed_line(a, b):
        return _sep(a.text, b.text), False
    # 2. paragraph spacing (or the next line is not below this one)
    if breaks[i]:
        return None
    # 3. first-line indent
    if b.left > a.left + 3.0:
        hanging = (
            a.second_word_left is not None
            and a.first_word_len <= 6
            and abs(b.left - a.second_word_left) <= 2.0
        )
        centred = abs((b.left + b.right) - (a.left + a.right)) <= 6.0
        if not (hanging or centred):
            return None
    # 4. outdent against the block's continuation lines
    if margin is not None and b.left < margin - 3.0:
        return None
    # 5. the previous line is full
    right = a.right
    lo = i - 1
    while lo > max(0, i - 6) and not breaks[lo]:
        lo -= 1
    hi = i
    while hi + 1 < min(len(lines), i + 6) and not breaks[hi + 1]:
        hi += 1
    for j in range(lo, hi + 1):
        if abs(lines[j].left - b.left) <= 3.0:
            right = max(right, lines[j].right)
    reach = a.right + b.first_word
    if a.trailing_space:  # 6. PDFium's signal
        if reach >= right - max(2.0, 0.12 * (right - b.left)):
            return _sep(a.text, b.text), True
        return None
    if reach < right - 2.0:
        return None
    # 6. no signal: only clear continuations
    if _is_cjk_char(_last_letter(a.text)) or _is_cjk_char(_first_letter(b.text)):
        return "", True
    if (
        len(a.text) >= 2
        and a.text[-1] in "-\u2013"
        and a.text[-2].isalnum()
        and b.text[:1].isalnum()
    ):
        return "", True  # "seventy-|seventh", "2024–|2034"
    if b.text[:1].islower():
        return " ", True
    # a full line of prose ("... States (8);|Latin American ...", "24 December|2024,"),
    # not a table row: rows end in figures
    if b.text[:1].isalnum() and _PROSE_END.search(a.text) and a.text.count(" ") >= 4:
        return " ", True
    return None


def _sep(a: str, b: str) -> str:
    """Separator for joining ``a`` and ``b``: none between CJK, else one space."""
    if _is_cjk_char(_last_letter(a)) or _is_cjk_char(_first_letter(b)):
        return ""
    return " "


_QUOTES = "\"'“”‘’«»()[]（）《》〈〉「」『』【】"


def _last_letter(s: str) -> str:
    s = s.rstrip()
    stripped = s.rstrip(_QUOTES)
    return stripped[-1:] or s[-1:]


def _first_letter(s: str) -> str:
    s = s.lstrip()
    stripped = s.lstrip(_QUOTES)
    return stripped[:1] or s[:1]


def _is_cjk_char(ch: str) -> bool:
    """True for Han characters, kana, CJK punctuation and full-width forms."""
    if not ch:
        return False
    o = ord(ch)
    return (
        0x2E80 <= o <= 0x2FDF  # radicals
        or 0x3000 <= o <= 0x30FF  # CJK punctuation, kana
        or 0x3100 <= o <= 0x31BF  # bopomofo
        or 0x3400 <= o <= 0x4DBF  # extension A
        or 0x4E00 <= o <= 0x9FFF  # unified ideographs
        or 0xF900 <= o <= 0xFAFF  # compatibility ideographs
        or 0xFE30 <= o <= 0xFE4F  # compatibility forms
        or 0xFF00 <= o <= 0xFF60  # full-width forms
        or 0xFFE0 <= o <= 0xFFE6
        or 0x20000 <= o <= 0x3FFFF  # extensions B-H
    )
