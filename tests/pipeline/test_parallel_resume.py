"""Parallel build (worker processes prepare, one writer loads) and resumption after a kill."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from conftest import DEV, PDF, SEEDS, BackgroundBuild, run_cli

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
    # start a build and kill it (SIGKILL: no clean-up) once it has written part of the corpus: the
    # fourth seed's warning is printed after its graph is written, 49 documents before the end
    # (in bulk batches of a few documents, as a long build writes them)
    b = BackgroundBuild(["build", *inputs, "--store", str(killed), "-j", "2"], {**env(), "UNKG_LOAD_BATCH_QUADS": "20000"})
    fourth = SEEDS / "003_dac56ef26cf31a19.txt"
    try:
        reached = b.wait_for(lambda: any(line.startswith(f"[WARNING] [Warning] {fourth}:") for line in b.lines))
        if reached:
            time.sleep(0.5)
    finally:
        killed_it = b.kill()
    assert reached and killed_it, "the build finished before it could be killed; the test proves nothing"
    r = run_cli("build", *inputs, "--store", str(killed), "-q", env=env())
    assert r.returncode == 0, r.stderr
    loaded, unchanged = (int(x) for x in r.stderr.split("documents: ")[1].split(" loaded, ")[0:1] +
                         r.stderr.split(" loaded, ")[1].split(" unchanged")[0:1])
    assert loaded + unchanged == 53 and unchanged > 0, r.stderr  # some documents were not redone
    assert dump(clean, tmp_path / "clean.nq") == dump(killed, tmp_path / "killed.nq")


def _children(pid: int) -> list[int]:
    """Processes whose parent is ``pid`` (from /proc)."""
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                out.append(int(entry.name))
    return out


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_workers_end_when_the_writer_is_killed_alone(tmp_path: Path) -> None:
    """The out-of-memory killer ends one process, the writer: its workers must not idle on."""
    if not Path("/proc/self/stat").exists():
        import pytest

        pytest.skip("needs /proc (Linux) to find the worker processes")
    proc = subprocess.Popen([sys.executable, "-m", "unkg.cli", "build", str(DEV), "--store", str(tmp_path / "s"),
                             "-j", "2", "-q"], env=env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    workers: list[int] = []
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        # the pool's workers are the writer's children running the multiprocessing entry point
        workers = [c for c in _children(proc.pid)
                   if b"spawn_main" in Path(f"/proc/{c}/cmdline").read_bytes().replace(b"\0", b" ")]
        if len(workers) >= 2:
            break
        time.sleep(0.2)
    assert len(workers) >= 2 and proc.poll() is None, "no worker processes seen while the build ran"
    os.kill(proc.pid, signal.SIGKILL)  # the writer alone, not its process group
    proc.wait()
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and any(_alive(w) for w in workers):
        time.sleep(0.2)
    left = [w for w in workers if _alive(w)]
    for w in left:
        os.kill(w, signal.SIGKILL)
    assert not left, f"worker processes {left} outlived the killed writer"
