"""Tests of unkg.ingest: input discovery, text decoding, PDF text layers, sidecars.

Reads only tests/fixtures and tmp_path.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import random
import re
import textwrap
import time
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import encrypted_pdf, minimal_pdf
from unkg import ingest
from unkg.errors import InputError
from unkg.ingest import (
    decode_text,
    extract_pdf_text,
    iter_inputs,
    load_sidecar,
    read_source,
    source_from_bytes,
)
from unkg.model import SourceText

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SEEDS = sorted((FIXTURES / "seeds").glob("*.txt"))
DEV = sorted((FIXTURES / "dev").glob("*.txt"))
PDF_DIR = FIXTURES / "pdf"
MANIFEST = [
    json.loads(line)
    for line in (PDF_DIR / "manifest.jsonl").read_text(encoding="utf-8").splitlines()
    if line.strip()
]
L14 = PDF_DIR / "A_C.6_80_L.14.en.pdf"


def _write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    p = tmp_path / name
    p.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        p.write_text(data, encoding="utf-8")
    else:
        p.write_bytes(data)
    return p


def _error(path: Path, max_bytes: int = ingest.DEFAULT_MAX_BYTES) -> InputError:
    with pytest.raises(InputError) as info:
        read_source(path, max_bytes=max_bytes)
    assert str(path) in str(info.value), "error message must name the file"
    assert info.value.path == str(path)
    return info.value


# --------------------------------------------------------------------------- text


def test_fixtures_present() -> None:
    assert len(SEEDS) == 4
    assert DEV
    assert MANIFEST and all((PDF_DIR / row["file"]).is_file() for row in MANIFEST)


@pytest.mark.parametrize("path", SEEDS + DEV, ids=lambda p: p.name)
def test_real_text_decodes_as_utf8_unchanged(path: Path) -> None:
    raw = path.read_bytes()
    src = read_source(path)
    assert src.encoding == "utf-8"  # no mojibake "repair" of real French, Arabic, Chinese
    assert src.text == raw.decode("utf-8")
    assert src.media_type == "text/plain"
    assert src.layout == "text"
    assert src.pages is None
    assert src.size == len(raw)
    assert src.name == str(path)
    assert src.path == path
    assert src.meta == {} and src.meta_path is None
    assert src.sha256 == hashlib.sha256(raw).hexdigest()


@pytest.mark.parametrize(
    ("codec", "bom", "label"),
    [
        ("utf-8", b"\xef\xbb\xbf", "utf-8-sig"),
        ("utf-16-le", b"\xff\xfe", "utf-16"),
        ("utf-16-be", b"\xfe\xff", "utf-16"),
        ("gb18030", b"", "gb18030"),
        ("gbk", b"", "gb18030"),
    ],
)
@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name)
def test_seed_reencoded_gives_identical_text(
    tmp_path: Path, seed: Path, codec: str, bom: bytes, label: str
) -> None:
    text = seed.read_text(encoding="utf-8")
    try:
        data = bom + text.encode(codec)
    except UnicodeEncodeError:
        pytest.skip(f"{seed.name} has characters outside {codec} (superscript digits)")
    p = _write(tmp_path, seed.name, data)
    src = read_source(p)
    assert src.text == text
    assert src.encoding == label
    assert not src.text.startswith("\ufeff")


def test_crlf_and_cr_line_ends_become_lf(tmp_path: Path) -> None:
    seed = SEEDS[0].read_text(encoding="utf-8")
    for i, nl in enumerate(("\r\n", "\r")):
        p = _write(tmp_path, f"s{i}.txt", seed.replace("\n", nl).encode("utf-8"))
        assert read_source(p).text == seed


def test_controls_removed_everything_else_kept(tmp_path: Path) -> None:
    text = (
        "大会，\r\n“决议”；（一）\x07第\x0b1 段\tA\fB\u2028"
        "مرحبا بالعالم\n"  # right-to-left text
        "e\u0301 n\u0303\u00a0x\n"  # combining marks, no-break space
    )
    got, enc = decode_text(text.encode("utf-8"), "x.txt")
    assert enc == "utf-8"
    assert got == ("大会，\n“决议”；（一）第1 段\tA\fB\nمرحبا بالعالم\ne\u0301 n\u0303\u00a0x\n")


def test_latin1_mojibake_of_chinese_is_repaired(tmp_path: Path) -> None:
    text = SEEDS[1].read_text(encoding="utf-8")
    mangled = text.encode("utf-8").decode("latin-1")
    assert "å" in mangled and "大会" not in mangled
    p = _write(tmp_path, "moji.txt", mangled.encode("utf-8"))
    src = read_source(p)
    assert src.text == text
    assert src.encoding == "utf-8 (repaired from latin-1 mojibake)"


def test_cp1252_mojibake_is_repaired() -> None:
    # the way Windows "Western" shows UTF-8: cp1252 where defined, else the latin-1 code point
    def cp1252ish(raw: bytes) -> str:
        return "".join(
            bytes([b]).decode("cp1252") if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D) else chr(b)
            for b in raw
        )

    for text in ("大会第十一届紧急特别会议", "Assemblée générale — résolution « 54/2 »"):
        mangled = cp1252ish(text.encode("utf-8"))
        assert mangled != text
        got, enc = decode_text(mangled.encode("utf-8"), "x.txt")
        assert (got, enc) == (text, "utf-8 (repaired from latin-1 mojibake)")
    got, enc = decode_text("å¤§ä¼š and CafÃ©".encode(), "x.txt")
    assert (got, enc) == ("大会 and Café", "utf-8 (repaired from latin-1 mojibake)")


def test_accented_text_is_not_taken_for_mojibake() -> None:
    for text in ("Café, naïve, Ã la carte", "Â«Â» ÃÃ", "Ökonomie Übersicht"):
        assert decode_text(text.encode("utf-8"), "x.txt") == (text, "utf-8")


def test_legacy_single_byte_text_via_charset_normalizer() -> None:
    fr = (FIXTURES / "dev" / "A_HRC_RES_54_2.fr.txt").read_text(encoding="utf-8")
    fr = fr.replace("’", "'")[:4000]
    data = fr.encode("cp1252", errors="replace")
    text, enc = decode_text(data, "fr.txt")
    assert enc != "gb18030"
    assert "Assemblée générale" in text


def test_big5_and_euc_kr_are_not_taken_for_gb18030() -> None:
    zh = SEEDS[0].read_text(encoding="utf-8")
    for data in (
        zh.encode("big5", errors="replace"),
        "국제연합 총회는 결의한다 안전보장이사회 사무총장 보고서".encode("euc-kr") * 5,
    ):
        try:
            _, enc = decode_text(data, "x.txt")
        except InputError:
            continue
        assert enc != "gb18030"


def test_empty_file(tmp_path: Path) -> None:
    err = _error(_write(tmp_path, "empty.txt", b""))
    assert err.reason == "empty file"
    assert _error(_write(tmp_path, "empty.pdf", b"")).reason == "empty file"


def test_whitespace_only_file(tmp_path: Path) -> None:
    assert "no text" in _error(_write(tmp_path, "ws.txt", b" \n\t\r\n")).reason


def test_png_renamed_txt_is_binary(tmp_path: Path) -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00"
    err = _error(_write(tmp_path, "image.txt", png))
    assert err.reason.startswith("binary file, not text")
    assert "PNG" in err.reason


def test_random_bytes_are_binary(tmp_path: Path) -> None:
    rng = random.Random(7)
    data = bytes(rng.randrange(256) for _ in range(4096))
    assert b"\x00" in data
    assert _error(_write(tmp_path, "random.txt", data)).reason.startswith("binary file")
    no_nul = data.replace(b"\x00", b"")
    reason = _error(_write(tmp_path, "random2.txt", no_nul)).reason
    assert reason.startswith("binary file") or reason.startswith("cannot determine")


def test_nul_bytes_in_text(tmp_path: Path) -> None:
    err = _error(_write(tmp_path, "nul.txt", "大会，决定\x00第一段".encode()))
    assert "NUL" in err.reason and err.reason.startswith("binary file, not text")
    # UTF-16 without a byte-order mark is not guessed
    err = _error(_write(tmp_path, "u16.txt", "General Assembly".encode("utf-16-le")))
    assert "byte-order mark" in err.reason


def test_undecodable_text(tmp_path: Path) -> None:
    data = bytes(range(0x80, 0x100)) * 4
    err = _error(_write(tmp_path, "odd.txt", data))
    assert err.reason.startswith(("cannot determine the text encoding", "binary file"))


def test_file_over_max_bytes(tmp_path: Path) -> None:
    p = _write(tmp_path, "big.txt", "大会" * 100)
    err = _error(p, max_bytes=100)
    assert err.reason.startswith("file is 600 bytes, larger than the 100 bytes limit")
    assert "--max-size" in err.reason
    assert read_source(p, max_bytes=600).text == "大会" * 100
    mb = 1024 * 1024
    assert ingest._too_large(200 * mb, 64 * mb) == (
        "file is 200.0 MB, larger than the 64.0 MB limit; raise --max-size if this is intended"
    )
    with pytest.raises(InputError, match="larger than"):
        source_from_bytes(b"x" * 10, "x.txt", max_bytes=5)


def test_unsupported_suffix(tmp_path: Path) -> None:
    err = _error(_write(tmp_path, "letter.docx", b"PK\x03\x04"))
    assert err.reason == "unsupported file type '.docx' (expected .txt or .pdf)"
    assert "unsupported file type" in _error(_write(tmp_path, "README", b"hi")).reason


def test_directory_and_missing_file(tmp_path: Path) -> None:
    d = tmp_path / "dir.txt"
    d.mkdir()
    assert _error(d).reason == "is a directory, not a file"
    assert _error(tmp_path / "missing.txt").reason == "no such file or directory"


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    p = _write(tmp_path, "locked.txt", "text")

    def deny(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "open", deny)
    assert _error(p).reason == "permission denied"


def test_content_decides_over_suffix(tmp_path: Path) -> None:
    p = _write(tmp_path, "actually_pdf.txt", (PDF_DIR / "A_C.6_80_L.24.en.pdf").read_bytes())
    src = read_source(p)
    assert src.media_type == "application/pdf" and src.pages == 1
    err = _error(_write(tmp_path, "fake.pdf", "not a pdf at all"))
    assert err.reason.startswith("not a readable PDF: no %PDF- header")


@settings(max_examples=60, deadline=None)
@given(
    st.text(
        alphabet=st.one_of(
            st.characters(min_codepoint=0x20, max_codepoint=0x7E),
            st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5),
            st.sampled_from("\n，。；：“”（）《》、"),
        ),
        min_size=1,
        max_size=200,
    ).filter(lambda s: s.strip())
)
def test_chinese_round_trips_in_every_supported_encoding(text: str) -> None:
    for data in (
        text.encode("utf-8"),
        b"\xef\xbb\xbf" + text.encode("utf-8"),
        b"\xff\xfe" + text.encode("utf-16-le"),
        b"\xfe\xff" + text.encode("utf-16-be"),
    ):
        assert decode_text(data, "h.txt")[0] == text
    gb = text.encode("gb18030")
    try:
        got, enc = decode_text(gb, "h.txt")
    except InputError:
        return  # a few odd characters alone are not enough to recognise GB18030
    if enc == "gb18030":
        assert got == text


# --------------------------------------------------------------------------- inputs


def test_iter_inputs_order_filters_and_duplicates(tmp_path: Path) -> None:
    root = tmp_path / "in"
    for name in (
        "b.txt",
        "a.PDF",
        "C.Txt",
        "notes.md",
        "x.meta.json",
        "x.meta.yaml",
        ".hidden.txt",
        ".git/inside.txt",
        "sub/d.txt",
        "sub/deeper/e.pdf",
        "sub/z.docx",
        "a-b.txt",
    ):
        _write(root, name, "x")
    got = list(iter_inputs([root]))
    rel = [p.relative_to(root).as_posix() for p in got]
    assert rel == ["C.Txt", "a-b.txt", "a.PDF", "b.txt", "sub/d.txt", "sub/deeper/e.pdf"]
    # files given directly are yielded as given; the same real file only once
    direct = root / "notes.md"
    again = list(iter_inputs([direct, root / "b.txt", root, root / "sub" / ".." / "b.txt"]))
    assert again[0] == direct
    assert [p.name for p in again].count("b.txt") == 1
    assert len(again) == 1 + len(got)


def test_iter_inputs_symlink_loop_terminates(tmp_path: Path) -> None:
    root = tmp_path / "in"
    _write(root, "a.txt", "x")
    _write(root, "sub/b.txt", "x")
    os.symlink(root, root / "sub" / "loop")  # sub/loop -> its parent
    os.symlink(root / "sub", root / "sub2")  # a second route to sub
    os.symlink(root / "a.txt", root / "sub" / "link.txt")  # a second route to a.txt
    os.symlink(root / "nowhere", root / "broken.txt")
    got = list(iter_inputs([root]))
    assert sorted(p.name for p in got) == ["a.txt", "b.txt"]


def test_iter_inputs_missing_path_fails_at_once(tmp_path: Path) -> None:
    _write(tmp_path, "a.txt", "x")
    missing = tmp_path / "nope"
    with pytest.raises(InputError) as info:
        iter_inputs([tmp_path, missing])  # before iterating
    assert str(missing) in str(info.value)
    assert info.value.reason == "no such file or directory"
    os.symlink(tmp_path / "gone", tmp_path / "dangling.txt")
    with pytest.raises(InputError, match="broken symbolic link"):
        iter_inputs([tmp_path / "dangling.txt"])


def test_iter_inputs_unreadable_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    real_scandir = os.scandir

    def scandir(path: object) -> object:
        if Path(str(path)) == locked:
            raise PermissionError(13, "Permission denied")
        return real_scandir(str(path))

    monkeypatch.setattr(os, "scandir", scandir)
    with pytest.raises(InputError) as info:
        list(iter_inputs([tmp_path]))
    assert str(locked) in str(info.value)
    assert "permission denied" in info.value.reason


# --------------------------------------------------------------------------- sidecars


def test_sidecar_json(tmp_path: Path) -> None:
    p = _write(tmp_path, "A_ES-11_10.zh.txt", SEEDS[0].read_bytes())
    side = _write(
        tmp_path,
        "A_ES-11_10.zh.meta.json",
        json.dumps(
            {
                "symbol": "A/ES-11/10",
                "date": "2022-11-14",
                "lang": "zh",
                "doc_type": "letter",
                "session": 11,
                "official": True,
                "note": None,
            }
        ),
    )
    meta, path = load_sidecar(p)
    assert path == side
    assert meta == {
        "symbol": "A/ES-11/10",
        "date": "2022-11-14",
        "lang": "zh",
        "doc_type": "letter",
        "session": "11",
        "official": "true",
    }
    src = read_source(p)
    assert src.meta == meta and src.meta_path == side


@pytest.mark.parametrize("suffix", [".meta.yaml", ".meta.yml"])
def test_sidecar_yaml(tmp_path: Path, suffix: str) -> None:
    p = _write(tmp_path, "S_RES_2623_2022.zh.txt", "x")
    _write(
        tmp_path,
        "S_RES_2623_2022.zh" + suffix,
        "symbol: S/RES/2623 (2022)\ndate: 2022-02-27\nbody: SC\ntitle: '乌克兰'\n",
    )
    meta, path = load_sidecar(p)
    assert path is not None and path.name.endswith(suffix)
    assert meta == {
        "symbol": "S/RES/2623 (2022)",
        "date": "2022-02-27",
        "body": "SC",
        "title": "乌克兰",
    }


def test_no_sidecar(tmp_path: Path) -> None:
    p = _write(tmp_path, "a.txt", "x")
    _write(tmp_path, "a.txt.meta.json", "{}")  # NAME is the file name without its suffix
    assert load_sidecar(p) == ({}, None)


@pytest.mark.parametrize(
    ("suffix", "content", "reason"),
    [
        (".meta.json", '{"symbol": "A/1",}', "invalid JSON"),
        (".meta.json", '["A/1"]', "expected a mapping"),
        (".meta.json", '{"symbol": {"en": "A/1"}}', "must be single"),
        (".meta.json", b"\xff\xfe{}", "not UTF-8"),
        (".meta.yaml", "symbol: [A/1\n", "invalid YAML"),
        (".meta.yaml", "- a\n- b\n", "expected a mapping"),
        (".meta.yml", "symbols:\n  - A/1\n", "must be single"),
        (".meta.yml", "2022: x\n", "not a string"),
    ],
)
def test_malformed_sidecar(tmp_path: Path, suffix: str, content: str | bytes, reason: str) -> None:
    p = _write(tmp_path, "doc.zh.txt", "大会")
    side = _write(tmp_path, "doc.zh" + suffix, content)
    with pytest.raises(InputError) as info:
        read_source(p)
    assert info.value.path == str(side)
    assert info.value.reason.startswith(f"malformed sidecar {side.name}: ")
    assert reason in info.value.reason


def test_two_sidecars_are_ambiguous(tmp_path: Path) -> None:
    p = _write(tmp_path, "doc.txt", "x")
    _write(tmp_path, "doc.meta.json", "{}")
    _write(tmp_path, "doc.meta.yaml", "a: b\n")
    with pytest.raises(InputError, match="more than one sidecar"):
        load_sidecar(p)


# --------------------------------------------------------------------------- PDF


@pytest.fixture(scope="module")
def pdf_sources() -> dict[str, SourceText]:
    return {row["file"]: read_source(PDF_DIR / row["file"]) for row in MANIFEST}


@pytest.mark.parametrize("row", MANIFEST, ids=lambda r: r["file"])
def test_manifest_pdfs(row: dict[str, object], pdf_sources: dict[str, SourceText]) -> None:
    src = pdf_sources[str(row["file"])]
    assert src.media_type == "application/pdf"
    assert src.layout == "pdf"
    assert src.encoding is None
    assert src.pages == row["pages"]
    assert src.sha256 == row["sha256"]
    text = src.text
    assert str(row["symbol"]) in text
    assert src.pages is not None
    assert text.count("\f\n") == src.pages - 1
    assert text.endswith("\n")
    assert "\r" not in text and "\ufffe" not in text
    assert not re.search("[\x00-\x08\x0b\x0e-\x1f]", text)
    assert all(line == line.strip(" \t") for line in text.split("\n"))


def _lines(src: SourceText) -> list[str]:
    return [ln for ln in src.text.replace("\f", "").split("\n") if ln]


def test_l14_logical_lines(pdf_sources: dict[str, SourceText]) -> None:
    lines = _lines(pdf_sources["A_C.6_80_L.14.en.pdf"])
    sponsors = [ln for ln in lines if ln.startswith("Bahamas (The), Bangladesh")]
    assert sponsors == [
        "Bahamas (The), Bangladesh, Barbados, Bosnia and Herzegovina, Colombia, Croatia, "
        "Cyprus, Denmark, Finland, Germany, Greece, Honduras, Hungary, Iceland, Italy, "
        "Jamaica, Luxembourg, Mozambique, Nepal, Netherlands (Kingdom of the), Norway, Peru, "
        "Philippines, Portugal, San Marino, Slovenia, Spain, Suriname, Sweden, Thailand, "
        "Uruguay, Zambia and State of Palestine: draft resolution"
    ]
    i = lines.index("The General Assembly,")
    assert lines[i - 1] == (
        "United Nations Conference of Plenipotentiaries on Protection of Persons in the "
        "Event of Disasters"
    )
    assert lines[i + 1] == (
        "Having considered chapter IV of the report of the International Law Commission on "
        "the work of its sixty-eighth session,1 which contains the draft articles on "
        "protection of persons in the event of disasters,"
    )
    assert lines[i + 2].startswith("Recalling that the International Law Commission")
    # cover lines stay apart, paragraph ends with a stray trailing space stay ends
    for cover in ("Eightieth session", "Sixth Committee", "Agenda item 86", "13 November 2025"):
        assert cover in lines
    assert any(ln.endswith("agreed by the Conference;") for ln in lines)
    assert any(ln.startswith("5. Also decides that the Conference shall exhaust") for ln in lines)
    assert "their intensity and impact on affected populations," in "\n".join(lines)
    assert any(ln.startswith("Stressing once again") for ln in lines)
    # PDFium artefacts repaired: its own space before a hyphen, a footnote marker alone
    text = "\n".join(lines)
    assert "seventy-seventh and seventy-eighth sessions" in text
    assert "Secretary-General" in text and "Secretary -General" not in text
    assert "2 Ibid., chap. IV, sect. E.1." in lines
    assert "relevant non-governmental organizations, civil society organizations" in text


def test_wrapped_headings_and_cover_lines(pdf_sources: dict[str, SourceText]) -> None:
    lines = _lines(pdf_sources["A_80_604_Add.1.en.pdf"])
    assert lines[6:9] == [
        "Eightieth session",
        "Agenda item 156 (a)",
        "Financing of the United Nations peacekeeping forces in the Middle East: United "
        "Nations Disengagement Observer Force",
    ]
    assert (
        "Budget performance for the period from 1 July 2024 to 30 June 2025 and budget for "
        "the period from 1 July 2026 to 30 June 2027 for the United Nations Disengagement "
        "Observer Force"
    ) in lines
    # hanging indent of a numbered heading
    assert "II. Budget performance report for the period from 1 July 2024 to 30 June 2025" in lines
    assert "I. Introduction" in lines
    assert any(
        ln.startswith("1. During its consideration") and ln.endswith("(A/80/633).") for ln in lines
    )


def test_pdfium_hyphen_marks_and_superscripts(pdf_sources: dict[str, SourceText]) -> None:
    text = pdf_sources["A_RES_80_3.en.pdf"].text
    assert "action-oriented framework" in text
    assert "Sustainable Development5 and" in text
    assert "Development 5 and" not in text
    l4 = pdf_sources["A_80_L.4.en.pdf"].text
    assert "for the Decade 2024–2034 throughout the coming decade" in l4
    assert "on 24 December 2024,1 which builds" in l4


def test_ocr_scan_reads(pdf_sources: dict[str, SourceText]) -> None:
    text = pdf_sources["A_L.632.en.pdf"].text
    assert "A/L.632" in text
    assert "The General Assembly," in text.split("\n")
    assert "important question under Article 18 of the Charter" in text


def _blank_pdf(pages: int = 2) -> bytes:
    doc = pdfium.PdfDocument.new()
    for _ in range(pages):
        doc.new_page(612, 792)
    buf = io.BytesIO()
    doc.save(buf)
    doc.close()
    return buf.getvalue()


def test_pdf_without_text_layer(tmp_path: Path) -> None:
    p = _write(tmp_path, "scan.pdf", _blank_pdf())
    err = _error(p)
    assert err.reason.startswith("PDF has no text layer (scanned image?)")
    assert "ocrmypdf" in err.reason


def test_truncated_pdf(tmp_path: Path) -> None:
    p = _write(tmp_path, "cut.pdf", L14.read_bytes()[:3000])
    assert _error(p).reason.startswith("not a readable PDF")


def test_encrypted_pdf(tmp_path: Path) -> None:
    data = encrypted_pdf()
    err = _error(_write(tmp_path, "locked.pdf", data))
    assert err.reason.startswith("encrypted PDF: ")


def _cjk_pdf(lines: list[tuple[float, float, str]]) -> bytes:
    """A PDF printing CJK lines at (x, y) in a non-embedded Adobe-GB1 font, 12 pt."""
    content = b"\n".join(
        b"BT /F1 12 Tf %.1f %.1f Td <%s> Tj ET" % (x, y, t.encode("utf-16-be").hex().encode())
        for x, y, t in lines
    )
    return minimal_pdf(
        [
            b"<</Type/Catalog/Pages 2 0 R>>",
            b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
            b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]"
            b"/Resources<</Font<</F1 5 0 R>>>>/Contents 4 0 R>>",
            b"<</Length %d>>stream\n" % len(content) + content + b"\nendstream",
            b"<</Type/Font/Subtype/Type0/BaseFont/STSong-Light/Encoding/UniGB-UCS2-H"
            b"/DescendantFonts[6 0 R]>>",
            b"<</Type/Font/Subtype/CIDFontType0/BaseFont/STSong-Light"
            b"/CIDSystemInfo<</Registry(Adobe)/Ordering(GB1)/Supplement 4>>"
            b"/FontDescriptor 7 0 R/DW 1000>>",
            b"<</Type/FontDescriptor/FontName/STSong-Light/Flags 6"
            b"/FontBBox[-25 -254 1000 880]/ItalicAngle 0/Ascent 880/Descent -120"
            b"/CapHeight 880/StemV 93>>",
        ]
    )


def test_chinese_pdf_lines_join_without_spaces() -> None:
    paras = [
        "大会，回顾其关于联合国会员国之间友好关系与合作的国际法原则的宣言，又回顾其以往关于"
        "这一问题的各项决议，表示严重关切当前局势。",
        "决定将题为“推进就侵略乌克兰行为提供补救和赔偿”的项目列入第七十八届会议临时议程。",
        "请秘书长提交报告。",  # block style: no indent, no extra spacing
        "又决定继续审议这一问题。",
    ]
    width, x0, y = 30, 72.0, 760.0
    lines: list[tuple[float, float, str]] = [(x0 + 12.5 * 12, y, "决议草案")]
    y -= 30
    for k, para in enumerate(paras):
        indent = 2 if k < 2 else 0
        first = True
        while para:
            n = width - indent if first else width
            lines.append((x0 + (indent * 12 if first else 0), y, para[:n]))
            para, first, y = para[n:], False, y - 18
        if k < 2:
            y -= 8
    text, pages = extract_pdf_text(_cjk_pdf(lines), "zh.pdf")
    assert pages == 1
    assert text == "决议草案\n" + "\n".join(paras) + "\n"


def _latin_pdf(lines: list[tuple[float, float, str]], rotate: bool) -> bytes:
    """A PDF printing lines at (x, y) in Helvetica 10 pt; with ``rotate`` the page has
    /Rotate 90 and its content is turned the other way, so it reads the same."""
    ops = []
    for x, y, t in lines:
        s = t.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)").encode("latin-1")
        if rotate:
            ops.append(b"BT /F1 10 Tf 0 1 -1 0 %.1f %.1f Tm (%s) Tj ET" % (792 - y, x, s))
        else:
            ops.append(b"BT /F1 10 Tf %.1f %.1f Td (%s) Tj ET" % (x, y, s))
    content = b"\n".join(ops)
    box = b"[0 0 792 792]" + (b"/Rotate 90" if rotate else b"")
    return minimal_pdf(
        [
            b"<</Type/Catalog/Pages 2 0 R>>",
            b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
            b"<</Type/Page/Parent 2 0 R/MediaBox" + box + b"/Resources<</Font<</F1 5 0 R>>>>"
            b"/Contents 4 0 R>>",
            b"<</Length %d>>stream\n" % len(content) + content + b"\nendstream",
            b"<</Type/Font/Subtype/Type1/BaseFont/Helvetica/Encoding/WinAnsiEncoding>>",
        ]
    )


@pytest.mark.parametrize("rotate", [False, True])
def test_synthetic_word_layout(rotate: bool) -> None:
    # Word's layout: first-line indents, a space kept at soft wraps, spacing between paragraphs
    paras = [
        "Recalling its resolutions on the convening of the Third United Nations Conference "
        "on Landlocked Developing Countries, held at Awaza,",
        "Noting with concern the increasing number of disasters in the world, as well as their "
        "intensity and impact on affected populations,",
        "1. Decides to convene the United Nations Conference of Plenipotentiaries on "
        "Protection of Persons in the Event of Disasters;",
    ]
    lines: list[tuple[float, float, str]] = []
    y = 700.0
    for para in paras:
        wrapped = textwrap.wrap(para, 60)
        for k, line in enumerate(wrapped):
            soft = " " if k < len(wrapped) - 1 else ""
            lines.append((72.0 + (24 if k == 0 else 0), y, line + soft))
            y -= 12
        y -= 6
    text, _ = extract_pdf_text(_latin_pdf(lines, rotate), "w.pdf")
    assert text == "\n".join(paras) + "\n"


def test_join_without_geometry_uses_trailing_spaces() -> None:
    line = ingest._Line
    lines = [
        line("大会，回顾其", True),
        line("各项决议，", False),
        line("Recalling the", True),
        line("Charter,", False),
        line("The General Assembly,", False),
    ]
    assert ingest._join_lines(lines, False) == [
        "大会，回顾其各项决议，",
        "Recalling the Charter,",
        "The General Assembly,",
    ]


def test_pdf_speed() -> None:
    data = [(PDF_DIR / row["file"]).read_bytes() for row in MANIFEST]
    start = time.perf_counter()
    pages = sum(extract_pdf_text(d, "x.pdf")[1] for d in data)
    elapsed = time.perf_counter() - start
    assert pages == sum(int(row["pages"]) for row in MANIFEST)
    assert pages / elapsed > 20, f"{pages / elapsed:.0f} pages/s"
