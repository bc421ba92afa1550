"""Hostile input end to end, through the command line (``unkg build`` in a fresh process).

The ingest tests check each bad input at the function level; here every one goes through a
real build into a store that already holds documents, and the tests check what a user sees
and what the store keeps: each bad file is named with its reason, the exit code is non-zero,
the documents already in the store are untouched (per-graph N-Quads), and the good files of
the same run still load.

One build takes all the content-level bad files at once (start-up costs more than the files);
the cases that abort a run or need other privileges have builds of their own.
"""

from __future__ import annotations

import io
import os
import random
import shutil
import stat
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pytest

from conftest import DEV, PDF, SEEDS, encrypted_pdf

EPOCH = {"SOURCE_DATE_EPOCH": "1700000000"}
PROV = "http://www.w3.org/ns/prov#"

#: documents in the store before each hostile build
BASE_DOCS = [SEEDS / "000_151683289b9cb0c2.txt", SEEDS / "001_c316506c3c2794f5.txt",
             DEV / "S_RES_2623_2022.en.txt", DEV / "S_RES_2593_2021.zh.txt"]
#: a good document given in the same run as the bad ones: it must load
GOOD_NEW = DEV / "S_RES_2623_2022.zh.txt"


def env() -> dict[str, str]:
    return {**os.environ, **EPOCH}


def unkg(*args: str, prefix: tuple[str, ...] = (), timeout: float = 600) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*prefix, sys.executable, "-m", "unkg.cli", *args], capture_output=True, text=True,
                          env=env(), timeout=timeout)


def graph_dumps(store: Path) -> dict[str, bytes]:
    """Every graph of the store (default graph under ``""``) as sorted N-Quads."""
    s = ox.Store.read_only(str(store))
    names = [g.value for g in s.named_graphs()]
    out: dict[str, bytes] = {}
    for name in [*names, ""]:
        g = ox.NamedNode(name) if name else ox.DefaultGraph()
        data = ox.serialize(s.quads_for_pattern(None, None, None, g), format=ox.RdfFormat.N_QUADS) or b""
        if data or name:
            out[name] = b"".join(sorted(data.splitlines(keepends=True)))
    del s
    return out


def copy_store(src: Path, dest: Path) -> Path:
    shutil.copytree(src, dest)
    index = src.with_name(src.name + ".search.sqlite")
    if index.exists():
        shutil.copy2(index, dest.with_name(dest.name + ".search.sqlite"))
    return dest


@pytest.fixture(scope="module")
def base_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    store = tmp_path_factory.mktemp("base") / "store"
    r = unkg("build", *map(str, BASE_DOCS), "--store", str(store), "-q", "-j", "1")
    assert r.returncode == 0, r.stderr
    return store


@pytest.fixture(scope="module")
def base_graphs(base_store: Path) -> dict[str, bytes]:
    graphs = graph_dumps(base_store)
    assert sum(1 for g in graphs if g.endswith("/graph")) == len(BASE_DOCS)
    return graphs


# --------------------------------------------------------------------------- bad files


def scanned_pdf() -> bytes:
    """An image-only PDF: page 1 of a real UN PDF rendered to pixels and placed as an image."""
    import pypdfium2 as pdfium

    src = pdfium.PdfDocument(str(PDF / "A_C.6_80_L.24.en.pdf"))
    try:
        page = src[0]
        width, height = page.get_size()
        bitmap = page.render(scale=1)
        out = pdfium.PdfDocument.new()
        new = out.new_page(width, height)
        image = pdfium.PdfImage.new(out)
        image.set_bitmap(bitmap)
        image.set_matrix(pdfium.PdfMatrix().scale(width, height))
        new.insert_obj(image)
        new.gen_content()
        buf = io.BytesIO()
        out.save(buf)
        return buf.getvalue()
    finally:
        src.close()


def _seed(i: int) -> bytes:
    return sorted(SEEDS.glob("*.txt"))[i].read_bytes()


def _cut_mid_character(data: bytes) -> bytes:
    """The first half of UTF-8 text, cut inside a multi-byte character."""
    n = len(data) // 2
    while data[n] < 0xC0:  # move to the lead byte of a multi-byte character
        n += 1
    return data[: n + 1]


@dataclass(frozen=True)
class Bad:
    name: str  # file name in the input folder
    data: Callable[[], bytes]
    reason: str  # how the [REJECTED] reason starts
    also: str = ""  # further text the reason must contain


BAD = {
    "empty": Bad("empty.txt", lambda: b"", "empty file"),
    "empty-pdf": Bad("empty.pdf", lambda: b"", "empty file"),
    "whitespace-only": Bad("blank.txt", lambda: b" \r\n\t\n  \n", "file has no text (only white space)"),
    "png-renamed-txt": Bad("photo.txt", lambda: b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4,
                           "binary file, not text", "PNG"),
    "random-bytes": Bad("noise.txt", lambda: random.Random(7).randbytes(64 * 1024), "binary file, not text"),
    "nul-bytes": Bad("nul.txt", lambda: _seed(1)[:600] + b"\x00" + _seed(1)[600:], "binary file, not text",
                     "NUL"),
    "utf16-without-bom": Bad("u16.txt", lambda: DEV.joinpath("S_RES_2532_2020.zh.txt").read_text("utf-8")
                             .encode("utf-16-le"), "binary file, not text", "byte-order mark"),
    "undecodable": Bad("odd.txt", lambda: bytes(range(0x80, 0x100)) * 16, "cannot determine the text encoding"),
    "truncated-text": Bad("cut.txt", lambda: _cut_mid_character(_seed(1)), "truncated file", "cut off"),
    "image-only-pdf": Bad("scan.pdf", scanned_pdf, "PDF has no text layer (scanned image?)", "ocrmypdf"),
    "encrypted-pdf": Bad("locked.pdf", encrypted_pdf, "encrypted PDF: ", "decrypt"),
    "truncated-pdf": Bad("cut.pdf", lambda: (PDF / "A_C.6_80_L.14.en.pdf").read_bytes()[:3000],
                         "not a readable PDF: corrupt or truncated"),
    "corrupt-pdf": Bad("garbled.pdf", lambda: b"%PDF-1.7\n" + random.Random(3).randbytes(20000),
                       "not a readable PDF"),
    "text-named-pdf": Bad("fake.pdf", lambda: _seed(3), "not a readable PDF: no %PDF- header"),
}
#: given on the command line (a folder walk only picks .txt and .pdf)
DIRECT = {
    "unsupported-suffix": Bad("letter.docx", lambda: b"PK\x03\x04" + bytes(200),
                              "unsupported file type '.docx' (expected .txt or .pdf)"),
    "no-suffix": Bad("README", lambda: b"just a note\n", "unsupported file type without a suffix"),
}


@dataclass
class Run:
    result: subprocess.CompletedProcess[str]
    folder: Path
    direct: Path
    before: dict[str, bytes]
    after: dict[str, bytes]


@pytest.fixture(scope="module")
def hostile_run(base_store: Path, base_graphs: dict[str, bytes], tmp_path_factory: pytest.TempPathFactory) -> Run:
    root = tmp_path_factory.mktemp("hostile")
    folder, direct = root / "in", root / "direct"
    (folder / "sub").mkdir(parents=True)
    direct.mkdir()
    for bad in BAD.values():
        (folder / bad.name).write_bytes(bad.data())
    for bad in DIRECT.values():
        (direct / bad.name).write_bytes(bad.data())
    shutil.copy(GOOD_NEW, folder / "sub" / GOOD_NEW.name)
    # a symbolic-link loop, a second route to the good file, a dangling link, a named pipe
    os.symlink(folder, folder / "sub" / "loop")
    os.symlink(folder / "sub", folder / "again")
    os.symlink(folder / "nowhere.txt", folder / "dangling.txt")
    os.mkfifo(folder / "pipe.txt")
    store = copy_store(base_store, root / "store")
    r = unkg("build", str(folder), *(str(direct / b.name) for b in DIRECT.values()), "--store", str(store),
             "-j", "1")
    return Run(r, folder, direct, base_graphs, graph_dumps(store))


@pytest.mark.parametrize("case", [*BAD, *DIRECT])
def test_bad_file_is_named_with_its_reason(hostile_run: Run, case: str) -> None:
    bad = BAD.get(case) or DIRECT[case]
    path = (hostile_run.folder if case in BAD else hostile_run.direct) / bad.name
    lines = [line for line in hostile_run.result.stderr.splitlines() if line.startswith(f"[REJECTED] {path}: ")]
    assert len(lines) == 1, hostile_run.result.stderr
    reason = lines[0].removeprefix(f"[REJECTED] {path}: ")
    assert reason.startswith(bad.reason), reason
    assert bad.also in reason, reason


def test_bad_files_exit_1_and_the_good_file_loads(hostile_run: Run) -> None:
    r = hostile_run.result
    assert r.returncode == 1, r.stderr
    assert "Traceback" not in r.stderr and "internal error" not in r.stderr
    rejected = len(BAD) + len(DIRECT)
    assert f"documents: 1 loaded, 0 unchanged, {rejected} rejected" in r.stderr, r.stderr


def test_store_as_before_but_for_the_good_file(hostile_run: Run) -> None:
    before, after = hostile_run.before, hostile_run.after
    new = set(after) - set(before)
    assert len(new) == 1 and next(iter(new)).endswith("/S/RES/2623(2022)/zh/graph"), sorted(new)
    assert {g: after[g] for g in before} == before  # every graph already there, byte for byte


def test_symlink_loop_and_special_files_in_a_folder(hostile_run: Run) -> None:
    # the walk ended (the build returned), the good file reached by two routes loaded once,
    # the dangling link and the named pipe were passed over without a word
    err = hostile_run.result.stderr
    assert "same document version" not in err
    assert "dangling" not in err and "pipe.txt" not in err


# --------------------------------------------------------------------------- readable oddities


def _moji(data: bytes) -> bytes:
    """UTF-8 read as Latin-1 and saved again as UTF-8 (大会 -> å¤§ä¼\x9a)."""
    return data.decode("latin-1").encode("utf-8")


def _with_controls(data: bytes) -> bytes:
    text = data.decode("utf-8")
    lines = text.split("\n")
    return "\n".join(line + "\x07\x1b" if i % 5 == 2 else line for i, line in enumerate(lines)).encode("utf-8")


#: file name -> (original in the store, how it is re-encoded, the encoding the store records)
VARIANTS = {
    "gb18030.txt": (BASE_DOCS[1], lambda b: b.decode("utf-8").encode("gb18030"), "gb18030"),
    "utf16.txt": (BASE_DOCS[2], lambda b: b"\xff\xfe" + b.decode("utf-8").encode("utf-16-le"), "utf-16"),
    "mojibake.txt": (BASE_DOCS[3], _moji, "utf-8 (repaired from latin-1 mojibake)"),
    "controls.txt": (BASE_DOCS[0], _with_controls, "utf-8"),
}
UNIT = "UNKG"  # placeholder for the source file and extraction activity IRIs


def _without_source(dump: bytes) -> tuple[list[bytes], str]:
    """A document graph's quads with the source file and its extraction activity taken out (they
    describe the bytes: checksum, size, name, encoding), and the recorded encoding."""
    quads = list(ox.parse(dump, format=ox.RdfFormat.N_QUADS))
    graph = quads[0].graph_name
    source = next(q.object for q in quads if q.subject == graph and q.predicate.value == PROV + "wasDerivedFrom")
    activity = next(q.object for q in quads if q.subject == graph and q.predicate.value == PROV + "wasGeneratedBy")
    encoding = next((q.object.value for q in quads if q.subject == source and q.predicate.value.endswith("encoding")),
                    "")
    kept = []
    for q in quads:
        if q.subject in (source, activity):
            continue
        obj = ox.NamedNode(f"urn:{UNIT}") if q.object in (source, activity) else q.object
        kept.append(ox.Quad(q.subject, q.predicate, obj, q.graph_name))
    out = ox.serialize(kept, format=ox.RdfFormat.N_QUADS) or b""
    return sorted(out.splitlines()), encoding


MARKED = ["\u200f\u0627\u0644\u0623\u0645\u0645 \u0627\u0644\u0645\u062a\u062d\u062f\u0629\u200f",  # RLM, Arabic
          "\u202eevil\u202c",  # right-to-left override ... pop
          "Cafe\u0301 and n\u0303o\u0308",  # combining acute, tilde, diaeresis
          "\u5b89\u200b\u5168\u200d\u7406\u4e8b\u4f1a"]  # zero-width space and joiner in 安全理事会


def _marked_text() -> str:
    """A real resolution with MARKED put in the middle of its first paragraphs."""
    lines = DEV.joinpath("S_RES_2593_2021.en.txt").read_text("utf-8").split("\n")
    paras = [i for i, line in enumerate(lines) if len(line) > 80]  # one paragraph a line
    for s, k in zip(MARKED, paras, strict=False):
        cut = lines[k].index(" ", len(lines[k]) // 2)
        lines[k] = lines[k][:cut] + " " + s + lines[k][cut:]
    return "\n".join(lines)


@dataclass
class ReadableRun:
    result: subprocess.CompletedProcess[str]
    before: dict[str, bytes]
    after: dict[str, bytes]


@pytest.fixture(scope="module")
def readable_run(base_store: Path, base_graphs: dict[str, bytes],
                 tmp_path_factory: pytest.TempPathFactory) -> ReadableRun:
    """One build of odd but readable files into a copy of the base store."""
    root = tmp_path_factory.mktemp("readable")
    folder = root / "in"
    folder.mkdir()
    for name, (original, encode, _) in VARIANTS.items():
        (folder / name).write_bytes(encode(original.read_bytes()))
    (folder / "marked.en.txt").write_text(_marked_text(), encoding="utf-8")
    shutil.copy(DEV / "A_RES_78_272.ar.txt", folder)
    store = copy_store(base_store, root / "store")
    r = unkg("build", str(folder), "--store", str(store), "-q", "-j", "1")
    return ReadableRun(r, base_graphs, graph_dumps(store))


def test_readable_oddities_load_and_exit_0(readable_run: ReadableRun) -> None:
    r = readable_run.result
    assert r.returncode == 0, r.stderr
    assert f"documents: {len(VARIANTS) + 2} loaded, 0 unchanged, 0 rejected" in r.stderr, r.stderr


def test_other_encodings_and_control_characters_give_the_same_graph(readable_run: ReadableRun) -> None:
    """GB18030, UTF-16 with a byte-order mark, Latin-1 mojibake and stray control characters are
    not errors: each file replaces the graph of its UTF-8 original with the same content (only the
    description of the source file differs), and no other graph already there changes."""
    before, after = readable_run.before, readable_run.after
    assert set(before) <= set(after)
    changed = {g for g in before if after[g] != before[g]}
    assert len(changed) == len(VARIANTS)  # the four document graphs (their source changed)
    encodings = set()
    for g in changed:
        new, encoding = _without_source(after[g])
        old, _ = _without_source(before[g])
        assert new == old, g
        encodings.add(encoding)
    assert encodings == {enc for _, _, enc in VARIANTS.values()}


def test_rtl_and_combining_characters_are_kept_exactly(readable_run: ReadableRun) -> None:
    """Bidirectional marks and overrides, combining accents, zero-width spaces and real Arabic text
    load as they are: every inserted sequence is in the store, character for character."""
    before, after = readable_run.before, readable_run.after
    new = [g for g in after if g not in before]
    assert len(new) == 2
    literals = {q.object.value for g in new for q in ox.parse(after[g], format=ox.RdfFormat.N_QUADS)
                if isinstance(q.object, ox.Literal)}
    for s in MARKED:
        assert any(s in v for v in literals), repr(s)
    arabic = DEV.joinpath("A_RES_78_272.ar.txt").read_text("utf-8")
    verbatim = [v for v in literals if sum("\u0600" <= c <= "\u06ff" for c in v) > 40 and v in arabic]
    assert len(verbatim) >= 20  # paragraphs of Arabic, as in the file


# --------------------------------------------------------------------------- runs that abort


def test_pipe_or_device_given_directly_is_refused_at_once(base_store: Path, base_graphs: dict[str, bytes],
                                                          tmp_path: Path) -> None:
    """A named pipe would block the build for ever (it was checksummed before being read), and
    /dev/zero would never end: both are refused before anything is read, exit 2."""
    pipe = tmp_path / "pipe.txt"
    os.mkfifo(pipe)
    store = copy_store(base_store, tmp_path / "store")
    for path, kind in ((pipe, "a named pipe"), (Path("/dev/zero"), "a device")):
        r = unkg("build", str(path), str(GOOD_NEW), "--store", str(store), "-j", "1")
        assert r.returncode == 2, r.stderr
        assert f"[ERROR] {path}: not a regular file or a folder ({kind})" in r.stderr, r.stderr
        assert "Traceback" not in r.stderr
    assert graph_dumps(store) == base_graphs


def _deny_reading() -> tuple[str, ...] | None:
    """A command prefix under which file permissions hold: none for an ordinary user; for root
    (CI runs as root, and root reads a mode-000 file), ``setpriv`` dropping the two capabilities
    that let root ignore them. None when neither works (then the test skips, saying why)."""
    if os.geteuid() != 0:
        return ()
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        return None
    return (setpriv, "--bounding-set", "-dac_override,-dac_read_search")


def test_unreadable_file_and_folder(base_store: Path, base_graphs: dict[str, bytes], tmp_path: Path) -> None:
    prefix = _deny_reading()
    if prefix is None:
        pytest.skip("running as root without setpriv: a mode-000 file stays readable, nothing to test")
    folder = tmp_path / "in"
    folder.mkdir()
    locked = folder / "locked.txt"
    shutil.copy(SEEDS / "002_bd17d103bf40d524.txt", locked)
    shutil.copy(GOOD_NEW, folder)
    locked_dir = tmp_path / "walk" / "closed"
    locked_dir.mkdir(parents=True)
    shutil.copy(GOOD_NEW, locked_dir)
    shutil.copy(GOOD_NEW, tmp_path / "walk")
    store = copy_store(base_store, tmp_path / "store")
    os.chmod(locked, 0)
    os.chmod(locked_dir, 0)
    try:
        probe = subprocess.run([*prefix, sys.executable, "-c", f"open({str(locked)!r}, 'rb')"], capture_output=True)
        if probe.returncode == 0:
            pytest.skip("a mode-000 file is readable here even with the capabilities dropped")
        r = unkg("build", str(folder), "--store", str(store), "-j", "1", prefix=prefix)
        assert r.returncode == 1, r.stderr
        assert f"[REJECTED] {locked}: permission denied" in r.stderr, r.stderr
        assert "documents: 1 loaded, 0 unchanged, 1 rejected" in r.stderr, r.stderr
        after = graph_dumps(store)
        assert {g: after[g] for g in base_graphs} == base_graphs and len(after) == len(base_graphs) + 1
        # given on the command line, the same file stops the run before anything is read (the
        # command line checks that its arguments are readable): exit 2, the store as it was
        r = unkg("build", str(locked), str(GOOD_NEW), "--store", str(store), "-j", "1", prefix=prefix)
        assert r.returncode == 2 and f"Path '{locked}' is not readable" in r.stderr, r.stderr
        assert graph_dumps(store) == after
        # a folder that cannot be listed stops the run (exit 2) before any document is written:
        # given on the command line, or met in the walk
        store2 = copy_store(base_store, tmp_path / "store2")
        r = unkg("build", str(locked_dir), "--store", str(store2), "-j", "1", prefix=prefix)
        assert r.returncode == 2, r.stderr
        assert f"Path '{locked_dir}' is not readable" in r.stderr, r.stderr
        r = unkg("build", str(tmp_path / "walk"), "--store", str(store2), "-j", "1", prefix=prefix)
        assert r.returncode == 2, r.stderr
        assert f"[ERROR] {locked_dir}: cannot list directory: permission denied" in r.stderr, r.stderr
        assert "Traceback" not in r.stderr
        assert graph_dumps(store2) == base_graphs
    finally:
        os.chmod(locked, stat.S_IRUSR | stat.S_IWUSR)
        os.chmod(locked_dir, stat.S_IRWXU)


# --------------------------------------------------------------------------- a cut-short new version


def test_a_much_shorter_version_of_a_stored_document_is_flagged(base_store: Path, tmp_path: Path) -> None:
    """Text cut on a line boundary is valid text: it replaces the stored version (it may be a real
    new version), but the build warns that it is much smaller and to check the file."""
    store = copy_store(base_store, tmp_path / "store")
    whole = BASE_DOCS[0].read_bytes()
    lines = whole.splitlines(keepends=True)
    cut = tmp_path / BASE_DOCS[0].name
    cut.write_bytes(b"".join(lines[: len(lines) // 2]))
    r = unkg("build", str(cut), "--store", str(store), "-j", "1")
    assert r.returncode == 0, r.stderr
    assert "1 loaded, 0 unchanged, 0 rejected, 1 with warnings" in r.stderr
    assert "fewer than the version it replaces" in r.stderr and "check that the file is complete" in r.stderr
    # the whole document again: no such warning
    r = unkg("build", str(BASE_DOCS[0]), "--store", str(store), "-j", "1")
    assert r.returncode == 0 and "fewer than the version it replaces" not in r.stderr
