"""A remote store (the Oxigraph server, started here on a free local port): the build writes
through SPARQL 1.1 Update, and every canned query answers as on the embedded store."""

from __future__ import annotations

import csv
import io
import os
import re
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import DEV, SEEDS, free_port, oxigraph_exe, run_cli
from unkg.query import registry

EPOCH = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}
INPUTS = [str(SEEDS), str(DEV / "A_HRC_RES_54_2.en.txt"), str(DEV / "A_HRC_RES_54_2.zh.txt"),
          str(DEV / "A_HRC_RES_56_17.en.txt"), str(DEV / "A_RES_79_81.en.txt"), str(DEV / "S_2024_383.en.txt")]


@pytest.fixture(scope="module")
def remote(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    exe = oxigraph_exe()
    if exe is None:
        pytest.skip("the Oxigraph server CLI is missing: pip install 'oxigraph>=0.5.13,<0.6'")
    location = tmp_path_factory.mktemp("oxigraph") / "db"
    port = free_port()
    proc = subprocess.Popen([exe, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with opener.open(url + "/query?query=ASK%7B%7D", timeout=1):
                break
        except OSError:
            time.sleep(0.1)
    else:
        proc.kill()
        pytest.fail("the Oxigraph server did not start")
    yield url
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture(scope="module")
def stores(remote: str, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    local = tmp_path_factory.mktemp("embedded") / "store"
    r1 = run_cli("build", *INPUTS, "--store", str(local), "-q", env=EPOCH)
    r2 = run_cli("build", *INPUTS, "--store", remote, "-q", env=EPOCH)
    assert r1.returncode == r2.returncode == 0, r1.stderr + r2.stderr
    # same quads in both
    counts = [re.search(r"store: (\d+) quads", r.stderr) for r in (r1, r2)]
    assert counts[0] and counts[1] and counts[0].group(1) == counts[1].group(1), r1.stderr + r2.stderr
    return remote, local


def _rows(store: str, name: str, params: list[str]) -> list[dict[str, str]]:
    args = ["query", name, "--format", "csv", "--store", store]
    for p in params:
        args += ["-p", p]
    r = run_cli(*args)
    assert r.returncode == 0, r.stderr
    return list(csv.DictReader(io.StringIO(r.stdout)))


@pytest.mark.parametrize("name", sorted(registry()))
def test_every_canned_query_answers_the_same(stores: tuple[str, Path], name: str) -> None:
    remote, local = stores
    q = registry()[name]
    params = [f"{p.name}={p.example}" for p in q.params if p.example is not None
              and (p.required or not q.requires_one_of or p.name == q.requires_one_of[0])]
    a = _rows(str(local), name, params)
    b = _rows(remote, name, params)
    key = lambda r: tuple(sorted(r.items()))  # noqa: E731
    assert sorted(a, key=key) == sorted(b, key=key)


def test_rebuild_against_the_server_skips_by_checksum(stores: tuple[str, Path]) -> None:
    remote, _ = stores
    r = run_cli("build", *INPUTS, "--store", remote, env=EPOCH)
    assert r.returncode == 0 and "0 loaded, 9 unchanged, 0 rejected" in r.stderr, r.stderr


def test_server_down_is_a_clear_error() -> None:
    port = free_port()
    t = time.monotonic()
    r = run_cli("query", "documents", "--store", f"http://127.0.0.1:{port}")
    assert r.returncode == 2 and "did not answer" in r.stderr and "Traceback" not in r.stderr
    assert time.monotonic() - t < 30


def test_commands_without_remote_support_say_so(remote: str) -> None:
    for args in (["export", "--format", "nt"], ["search", "x"], ["serve"]):
        r = run_cli(*args, "--store", remote)
        assert r.returncode == 2 and "remote store" in r.stderr, (args, r.stderr)
