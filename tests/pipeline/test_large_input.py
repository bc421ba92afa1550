"""Real 200 MB input files through ``unkg build``: refused by size before they are read.

Three files of 200 MB each are written to disk (real document text repeated, random bytes
named ``.txt``, a real PDF padded to 200 MB) and given to a build with a good document,
into a store that already holds one. Each is rejected with a message naming it, its size,
the limit and the option that raises it; the good document loads; the documents already in
the store keep their exact N-Quads; and the build's peak memory stays that of an ordinary
build (a file read into memory would add 200 MB).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path


from conftest import DEV, PDF, SEEDS, graph_dumps

MB = 1024 * 1024
SIZE = 200 * MB
EPOCH = {"SOURCE_DATE_EPOCH": "1700000000"}

# runs the command line in this process and reports its peak resident memory (KB) on exit
_RSS = ("import atexit, resource, sys\n"
        "atexit.register(lambda: sys.stderr.write("
        "'\\n[maxrss] %d\\n' % resource.getrusage(resource.RUSAGE_SELF).ru_maxrss))\n"
        "sys.argv = ['unkg', *sys.argv[1:]]\n"
        "from unkg.cli import main\n"
        "main()\n")


def unkg_rss(*args: str) -> tuple[subprocess.CompletedProcess[str], int]:
    r = subprocess.run([sys.executable, "-c", _RSS, *args], capture_output=True, text=True,
                       env={**os.environ, **EPOCH}, timeout=600)
    peak = re.findall(r"\[maxrss\] (\d+)", r.stderr)
    assert peak, r.stderr
    return r, int(peak[-1]) // 1024  # MB


def _fill(path: Path, head: bytes, chunk: bytes) -> Path:
    """Write ``head`` then ``chunk`` again and again: exactly SIZE bytes of real data on disk."""
    with path.open("wb") as fh:
        fh.write(head)
        left = SIZE - len(head)
        while left > 0:
            fh.write(chunk[:left])
            left -= min(left, len(chunk))
    assert path.stat().st_size == SIZE
    return path


def test_200_mb_files_are_refused_before_reading(tmp_path: Path) -> None:
    store = tmp_path / "store"
    r, base_peak = unkg_rss("build", str(SEEDS / "000_151683289b9cb0c2.txt"), "--store", str(store), "-q",
                            "-j", "1")
    assert r.returncode == 0, r.stderr
    before = graph_dumps(store)

    big = tmp_path / "big"
    big.mkdir()
    text = DEV.joinpath("A_HRC_RES_54_18.en.txt").read_bytes()
    noise = os.urandom(8 * MB)
    pdf = PDF.joinpath("A_C.6_80_L.14.en.pdf").read_bytes()
    files = [
        _fill(big / "A_HRC_RES_54_18.repeated.en.txt", b"", text * (8 * MB // len(text) + 1)),
        _fill(big / "noise.txt", b"", noise),
        _fill(big / "padded.pdf", pdf + b"\n%", b"%" * MB),  # a real PDF, then comment bytes
    ]
    try:
        good = SEEDS / "001_c316506c3c2794f5.txt"
        t = time.monotonic()
        r, peak = unkg_rss("build", str(big), str(good), "--store", str(store), "-j", "1")
        seconds = time.monotonic() - t
        assert r.returncode == 1, r.stderr
        for f in files:
            assert (f"[REJECTED] {f}: file is 200.0 MB, larger than the 64.0 MB limit; "
                    "raise --max-size if this is intended") in r.stderr, r.stderr
        assert "documents: 1 loaded, 0 unchanged, 3 rejected" in r.stderr, r.stderr
        assert "Traceback" not in r.stderr
        # the documents already in the store are untouched; the good document of the run loaded
        after = graph_dumps(store)
        assert {g: after[g] for g in before} == before
        assert [g for g in after if g not in before] == ["https://w3id.org/unkg/doc/A/HRC/RES/53/30/zh/graph"]
        # nothing of the 600 MB was held in memory (one file read whole would add 200 MB)
        assert peak < base_peak + 64, (peak, base_peak)
        print(f"\n200 MB x3: build {seconds:.1f} s, peak RSS {peak} MB (build of one document: {base_peak} MB)")
    finally:
        for f in files:
            f.unlink()


def test_the_option_named_in_the_message_exists() -> None:
    from unkg.cli import build

    option = next(p for p in build.params if "--max-size" in p.opts)
    assert option.default == 64.0  # MB: the "64.0 MB limit" of the message
