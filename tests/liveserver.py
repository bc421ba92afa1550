"""Start and stop a live `unkg serve` on a free local port (used by the server, browser and remote-store tests)."""

from __future__ import annotations

import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from conftest import free_port


def start_server(store: Path | str, *extra: str, env: dict[str, str] | None = None
                 ) -> tuple[subprocess.Popen[bytes], str]:
    """``unkg serve`` on ``store`` (a directory or a SPARQL server's URL), once it answers."""
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "unkg.cli", "serve", "--store", str(store), "--port", str(port),
                             *extra], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"unkg serve exited: {proc.stderr.read().decode() if proc.stderr else ''}")
        try:
            with urllib.request.urlopen(url + "/sparql", timeout=2):
                return proc, url
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError("unkg serve did not start within 60 s")


def stop_server(proc: subprocess.Popen[bytes], grace: float = 10.0) -> None:
    """Stop a server process (``unkg serve``, Oxigraph, Virtuoso): SIGTERM, then SIGKILL after ``grace`` s."""
    proc.terminate()
    try:
        proc.wait(grace)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(10)
