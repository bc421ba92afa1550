"""Shared fixtures: paths to the copied corpora and a built sample store."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
SEEDS = FIXTURES / "seeds"
DEV = FIXTURES / "dev"
PDF = FIXTURES / "pdf"


def truth() -> list[dict]:
    return [json.loads(line) for line in (DEV / "truth.jsonl").read_text(encoding="utf-8").splitlines() if line]


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on (for local servers started by tests)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def oxigraph_exe() -> str | None:
    """The Oxigraph server CLI (PyPI package ``oxigraph``), on PATH or beside this Python."""
    return shutil.which("oxigraph") or shutil.which("oxigraph", path=str(Path(sys.executable).parent))


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run the installed console entry point as a user would (a fresh process)."""
    return subprocess.run([sys.executable, "-m", "unkg.cli", *args], capture_output=True, text=True,
                          env=env, timeout=600)


def query_rows(store: Path, name: str, *params: str) -> list[dict[str, str]]:
    """Run a canned query through the command line and return its CSV rows."""
    import csv
    import io

    args = ["query", name, "--format", "csv", "--store", str(store)]
    for p in params:
        args += ["-p", p]
    r = run_cli(*args)
    assert r.returncode == 0, r.stderr
    return list(csv.DictReader(io.StringIO(r.stdout)))


@pytest.fixture(scope="session")
def sample_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled sample corpus built once, for read-only tests."""
    store = tmp_path_factory.mktemp("sample") / "store"
    result = run_cli("build", "--store", str(store), "-q")
    assert result.returncode == 0, result.stderr
    return store


@pytest.fixture(scope="session")
def all_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Seeds, dev corpus and PDFs built into one store."""
    store = tmp_path_factory.mktemp("all") / "store"
    result = run_cli("build", str(SEEDS), str(DEV), str(PDF), "--store", str(store), "-q")
    assert result.returncode == 0, result.stderr
    return store


# --- PDFs made in the tests -----------------------------------------------------------------------

def minimal_pdf(objects: list[bytes], trailer: bytes = b"") -> bytes:
    """A minimal PDF file from object bodies (object 1 is the catalog)."""
    out = b"%PDF-1.4\n"
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<</Size %d/Root 1 0 R" % (len(objects) + 1) + trailer + b">>\n"
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return out


def encrypted_pdf() -> bytes:
    """A PDF with a Standard security handler: PDFium asks for a password."""
    return minimal_pdf(
        [
            b"<</Type/Catalog/Pages 2 0 R>>",
            b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
            b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>",
            b"<</Filter/Standard/V 1/R 2/O <" + b"11" * 32 + b">/U <" + b"22" * 32 + b">/P -4>>",
        ],
        b"/Encrypt 4 0 R/ID[<" + b"33" * 16 + b"><" + b"33" * 16 + b">]",
    )


# --- comparing stores ------------------------------------------------------------------------------

def graph_dumps(store: Path) -> dict[str, bytes]:
    """Every named graph of an embedded store as sorted N-Quads; the default graph must be empty."""
    import pyoxigraph as ox

    s = ox.Store.read_only(str(store))
    out = {}
    for g in s.named_graphs():
        data = ox.serialize(s.quads_for_pattern(None, None, None, g), format=ox.RdfFormat.N_QUADS) or b""
        out[g.value] = b"".join(sorted(data.splitlines(keepends=True)))
    assert not list(s.quads_for_pattern(None, None, None, ox.DefaultGraph())), "quads in the default graph"
    return out


class BackgroundBuild:
    """``unkg ARGS`` (a build) in its own process group, its stderr lines collected as they come."""

    def __init__(self, args: list[str], env: dict[str, str]) -> None:
        self.started = time.monotonic()
        self.proc = subprocess.Popen([sys.executable, "-m", "unkg.cli", *args], stdout=subprocess.DEVNULL,
                                     stderr=subprocess.PIPE, env=env, start_new_session=True)
        self.lines: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.proc.stderr is not None
        for raw in self.proc.stderr:
            self.lines.append(raw.decode("utf-8", "replace"))

    def wrote(self, path: Path) -> bool:
        """The build reported (after writing its graph) the document of ``path``."""
        return any(line.startswith(f"[WARNING] [Warning] {path}:") for line in list(self.lines))

    def wait_for(self, condition: Callable[[], bool], limit: float = 600, every: float = 0.005) -> bool:
        """Poll until ``condition`` holds (True), or the build ends or ``limit`` seconds pass (False)."""
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline and self.proc.poll() is None:
            if condition():
                return True
            time.sleep(every)
        return False

    def kill(self) -> bool:
        """SIGKILL the build and its workers; False when it had already finished (successfully)."""
        finished = self.proc.poll() is not None
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.proc.wait(30)
        self._reader.join(30)
        if finished:
            assert self.proc.returncode == 0, "a build that ran to its end failed:\n" + "".join(self.lines)
        return not finished
