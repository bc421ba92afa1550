"""Shared fixtures: paths to the copied corpora and a built sample store."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
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
