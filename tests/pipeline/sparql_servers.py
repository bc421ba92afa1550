"""SPARQL servers for the remote-store tests, each on loopback with free ports and a temporary
database: an Oxigraph server, a Virtuoso 7 server, and a fault-injecting HTTP proxy."""

from __future__ import annotations

import base64
import http.client
import http.server
import os
import shutil
import socket
import subprocess
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from conftest import free_port, oxigraph_exe
from liveserver import stop_server

VIRTUOSO_USER = {"UNKG_STORE_USER": "dba", "UNKG_STORE_PASSWORD": "dba"}  # a fresh database's administrator


def _wait_for(url: str, proc: subprocess.Popen[bytes], what: str, log: Path | None = None, timeout: float = 60) -> None:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            break
        try:
            with opener.open(url, timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    proc.kill()
    tail = log.read_text(errors="replace")[-2000:] if log and log.exists() else ""
    pytest.fail(f"{what} did not start (exit code {proc.poll()}) {tail}")


@contextmanager
def oxigraph_server(location: Path) -> Iterator[str]:
    """An Oxigraph server on a free loopback port, storing into ``location``; yields its base URL."""
    exe = oxigraph_exe()
    if exe is None:
        pytest.skip("the Oxigraph server CLI is missing: pip install 'oxigraph>=0.5.13,<0.6'")
    port = free_port()
    proc = subprocess.Popen([exe, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_for(url + "/query?query=ASK%7B%7D", proc, "the Oxigraph server")
        yield url
    finally:
        stop_server(proc, grace=20)


def virtuoso_exe() -> str | None:
    return shutil.which("virtuoso-t") or shutil.which("virtuoso")


VIRTUOSO_INI = """\
[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
MaxClientConnections = 10
CheckpointInterval = 60
CaseMode = 2
DirsAllowed = ., {d}
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
ThreadsPerQuery = 2

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {d}
MaxClientConnections = 10
ServerThreads = 10
Charset = UTF-8
EnabledGzipContent = 0

[SPARQL]
; as in Debian's virtuoso.ini: answers are cut off at 10 000 rows (unkg says so when it happens)
ResultSetMaxRows = 10000
MaxQueryExecutionTime = 60
; not 400 (Debian's): on a small, new database Virtuoso estimates some canned queries at more
; than 400 s and refuses them (they take milliseconds); 0 turns the estimate check off
MaxQueryCostEstimationTime = 0
"""


@contextmanager
def virtuoso_server(directory: Path) -> Iterator[str]:
    """A Virtuoso 7 server (``virtuoso-t``) with a new database in ``directory`` on free loopback
    ports; yields its HTTP base URL. Its administrator is dba/dba (:data:`VIRTUOSO_USER`)."""
    exe = virtuoso_exe()
    if exe is None:
        pytest.skip("Virtuoso 7 is not installed (no virtuoso-t on PATH): on Debian or Ubuntu, "
                    "apt-get install virtuoso-opensource")
    http_port, sql_port = free_port(), free_port()
    ini = directory / "virtuoso.ini"
    ini.write_text(VIRTUOSO_INI.format(d=directory, sql_port=sql_port, http_port=http_port), encoding="utf-8")
    log = directory / "stdout.log"
    with log.open("wb") as out:
        proc = subprocess.Popen([exe, "+foreground", "+configfile", str(ini)], cwd=directory,
                                stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{http_port}"
    try:
        _wait_for(url + "/sparql?query=ASK%7B%7D", proc, "Virtuoso", log, timeout=90)
        yield url
    finally:
        stop_server(proc, grace=20)


# --- a proxy that injects faults --------------------------------------------------------------

Fault = str  # "503", "500-after", "timeout", "drop", "drop-after", "cut", "" (none)


class FaultProxy:
    """A threading HTTP proxy in front of ``upstream`` that injects faults.

    ``plan(n, method, path, body)`` says what to do with the n-th request (from 1):

    - ``""``: forward it and pass the answer back;
    - ``"503"``: answer 503 without forwarding;
    - ``"500-after"``: forward it (the server applies it), then answer 500;
    - ``"timeout"``: wait ``delay`` seconds (longer than the client's timeout), then forward it;
    - ``"drop"``: close the connection without forwarding or answering;
    - ``"drop-after"``: forward it, then close the connection without answering;
    - ``"cut"``: forward only the first half of the body, close both connections;
    - ``"down"``: the server is gone for good: stop listening (connections are refused).
    """

    def __init__(self, upstream: str, plan: Callable[[int, str, str, bytes], Fault], delay: float = 3.0,
                 basic_auth: str | None = None) -> None:
        self.upstream = upstream.removeprefix("http://")
        self.plan, self.delay = plan, delay
        self.basic_auth = basic_auth  # "user:password" that every request must bring (HTTP Basic)
        self.count = 0
        self.log: list[tuple[int, str, str, Fault]] = []
        self._lock = threading.Lock()
        # set by close(): a request still in the proxy (one held back by a "timeout") is then
        # dropped, never forwarded late into the next test's store
        self._closed = threading.Event()
        proxy = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def _handle(self) -> None:
                with proxy._lock:
                    proxy.count += 1
                    n = proxy.count
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                if proxy.basic_auth is not None:
                    token = base64.b64encode(proxy.basic_auth.encode()).decode()
                    if self.headers.get("Authorization") != f"Basic {token}":
                        self.send_response(401)
                        self.send_header("WWW-Authenticate", 'Basic realm="unkg test"')
                        self.send_header("Content-Length", "0")
                        self.end_headers()
                        return
                fault = proxy.plan(n, self.command, self.path, body)
                proxy.log.append((n, self.command, self.path.split("?")[0], fault))
                if fault == "down":
                    proxy.go_down()
                    self.close_connection = True
                    return
                if fault == "drop":
                    self.close_connection = True
                    return
                if fault == "503":
                    self._answer(503, b"injected: service unavailable")
                    return
                if fault == "timeout" and proxy._closed.wait(proxy.delay):
                    self.close_connection = True
                    return
                if fault == "cut":
                    proxy._cut(self.command, self.path, dict(self.headers), body)
                    self.close_connection = True
                    return
                status, headers, data = proxy._forward(self.command, self.path, dict(self.headers), body)
                if fault == "drop-after":
                    self.close_connection = True
                    return
                if fault == "500-after":
                    self._answer(500, b"injected: internal error")
                    return
                self.send_response(status)
                for k, v in headers:
                    if k.lower() not in ("transfer-encoding", "connection", "content-length"):
                        self.send_header(k, v)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _answer(self, status: int, text: bytes) -> None:
                self.send_response(status)
                self.send_header("Content-Type", "text/plain")
                self.send_header("Content-Length", str(len(text)))
                self.end_headers()
                self.wfile.write(text)

            do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = _handle

        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = False  # server_close() joins the threads handling requests
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def _forward(self, method: str, path: str, headers: dict[str, str], body: bytes
                 ) -> tuple[int, list[tuple[str, str]], bytes]:
        conn = http.client.HTTPConnection(self.upstream, timeout=60)
        headers = {k: v for k, v in headers.items() if k.lower() not in ("host", "connection")}
        conn.request(method, path, body=body or None, headers=headers)
        r = conn.getresponse()
        data = r.read()
        conn.close()
        return r.status, r.getheaders(), data

    def _cut(self, method: str, path: str, headers: dict[str, str], body: bytes) -> None:
        host, port = self.upstream.split(":")
        with socket.create_connection((host, int(port)), timeout=10) as s:
            head = f"{method} {path} HTTP/1.1\r\nHost: {self.upstream}\r\n"
            for k, v in headers.items():
                if k.lower() not in ("host", "connection"):
                    head += f"{k}: {v}\r\n"
            s.sendall((head + "Connection: close\r\n\r\n").encode("latin-1") + body[: len(body) // 2])
            time.sleep(0.3)  # the server has read half the body when the connection goes

    def go_down(self) -> None:
        """Stop listening: from now on, connections are refused."""
        def stop() -> None:
            self._server.shutdown()
            self._server.server_close()

        threading.Thread(target=stop, daemon=True).start()

    def close(self) -> None:
        """Stop, and wait until no request is being handled (none reaches the server after this)."""
        self._closed.set()
        if self._thread.is_alive():
            self._server.shutdown()
        self._server.server_close()


def fast_retries(timeout: float = 1.5) -> dict[str, str]:
    """Environment for a RemoteStore that gives up quickly (tests of faults)."""
    return {"UNKG_STORE_TIMEOUT": str(timeout), "UNKG_STORE_RETRIES": "3", "UNKG_STORE_BACKOFF": "0.05"}


def env_with(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("UNKG_STORE")}
    env.update(SOURCE_DATE_EPOCH="1700000000", **extra)
    return env


# module-scoped servers for the tests that compare stores (import these names into the test module)
@pytest.fixture(scope="module")
def oxigraph(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with oxigraph_server(tmp_path_factory.mktemp("oxigraph") / "db") as url:
        yield url


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with virtuoso_server(tmp_path_factory.mktemp("virtuoso")) as url:
        yield url
