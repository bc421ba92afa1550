"""A store held by another process: every command that opens it says so and exits 2.

Oxigraph takes a write lock on the store directory. Writers (``build``, ``link --online``) cannot
get it; readers (``query``, ``export``, ``validate``, ``index``, ``search``, offline ``link``, ``serve``)
could open the store read-only, but Oxigraph leaves reading while another process writes
undefined (files the reader needs can vanish under it), so they check the lock first. The lock
check must not disturb a writer in the same process, nor outlive the holder.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from conftest import SEEDS, free_port

EPOCH = {"SOURCE_DATE_EPOCH": "1700000000"}
IN_USE = "is in use by another unkg process (or an Oxigraph server); wait for it to finish or use another --store"


def unkg(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "unkg.cli", *args], capture_output=True, text=True,
                          env={**os.environ, **EPOCH}, timeout=600)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("lock") / "store"
    r = unkg("build", str(SEEDS / "001_c316506c3c2794f5.txt"), "--store", str(path), "-q", "-j", "1")
    assert r.returncode == 0, r.stderr
    return path


COMMANDS = {
    "build": ["build", str(SEEDS / "000_151683289b9cb0c2.txt")],
    "link --online": ["link", "--endpoint", "http://127.0.0.1:9/sparql", "--cache-dir", "/nonexistent/cache"],
    "query": ["query", "documents", "--format", "csv"],
    "export": ["export", "--format", "nq"],
    "validate": ["validate"],
    "index": ["index"],
    "search": ["search", "人权"],
    "link": ["link"],
    "serve": ["serve", "--port", str(free_port())],
}


def test_every_command_on_a_held_store_exits_2(store: Path) -> None:
    holder = ox.Store(str(store))  # this process holds the write lock, as a running build would
    try:
        # a reader in the holder's own process reads, and leaves the lock where it is
        from unkg.store import open_store

        assert len(open_store(store, read_only=True)) == len(holder)
        for name, args in COMMANDS.items():
            r = unkg(*args, "--store", str(store))
            assert r.returncode == 2, (name, r.stderr)
            assert f"[ERROR] the store at {store} {IN_USE}" in r.stderr, (name, r.stderr)
            assert "Traceback" not in r.stderr and not r.stdout, name
    finally:
        del holder
    # the lock goes with its holder
    r = unkg("query", "documents", "--format", "csv", "--store", str(store))
    assert r.returncode == 0 and "A/HRC/RES/53/30" in r.stdout, r.stderr
