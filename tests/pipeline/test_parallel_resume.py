"""Parallel build (worker processes prepare, one writer loads) and resumption after a kill."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from conftest import DEV, PDF, SEEDS, run_cli

EPOCH = {"SOURCE_DATE_EPOCH": "1700000000"}


def env() -> dict[str, str]:
    return {**os.environ, **EPOCH}


def dump(store: Path, out: Path) -> bytes:
    r = run_cli("export", "--format", "nq", "-o", str(out), "--store", str(store), env=env())
    assert r.returncode == 0, r.stderr
    return out.read_bytes()


def test_parallel_build_equals_sequential(tmp_path: Path) -> None:
    seq, par = tmp_path / "seq", tmp_path / "par"
    r1 = run_cli("build", str(SEEDS), str(DEV), "--store", str(seq), "-q", "-j", "1", env=env())
    r2 = run_cli("build", str(SEEDS), str(DEV), "--store", str(par), "-q", "-j", "2", env=env())
    assert r1.returncode == r2.returncode == 0, r1.stderr + r2.stderr
    assert dump(seq, tmp_path / "seq.nq") == dump(par, tmp_path / "par.nq")
    # outcomes are reported in input order whatever the workers: same summary line
    assert r1.stderr.splitlines()[-2:] == [line.replace(str(par), str(seq)) for line in r2.stderr.splitlines()[-2:]]


def test_rebuild_skips_loaded_files_by_checksum(tmp_path: Path) -> None:
    store = tmp_path / "store"
    assert run_cli("build", str(DEV), "--store", str(store), "-q", env=env()).returncode == 0
    t = time.monotonic()
    r = run_cli("build", str(DEV), "--store", str(store), env=env())
    assert r.returncode == 0
    assert "0 loaded, 41 unchanged, 0 rejected" in r.stderr
    assert time.monotonic() - t < 15  # nothing is parsed or validated again


def test_killed_build_resumes_to_the_same_store(tmp_path: Path) -> None:
    clean, killed = tmp_path / "clean", tmp_path / "killed"
    inputs = [str(SEEDS), str(DEV), str(PDF)]
    assert run_cli("build", *inputs, "--store", str(clean), "-q", env=env()).returncode == 0
    # start a build and kill it (SIGKILL: no clean-up) once it has written part of the corpus
    proc = subprocess.Popen([sys.executable, "-m", "unkg.cli", "build", *inputs, "--store", str(killed), "-j", "2"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env(), start_new_session=True)
    time.sleep(9)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(30)
    assert proc.returncode != 0, "the build finished before it could be killed; the test proves nothing"
    r = run_cli("build", *inputs, "--store", str(killed), "-q", env=env())
    assert r.returncode == 0, r.stderr
    loaded, unchanged = (int(x) for x in r.stderr.split("documents: ")[1].split(" loaded, ")[0:1] +
                         r.stderr.split(" loaded, ")[1].split(" unchanged")[0:1])
    assert loaded + unchanged == 53 and unchanged > 0, r.stderr  # some documents were not redone
    assert dump(clean, tmp_path / "clean.nq") == dump(killed, tmp_path / "killed.nq")
