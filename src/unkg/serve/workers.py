"""SPARQL queries in worker processes, so that a time limit really stops a query.

pyoxigraph evaluates a query inside Rust and cannot be interrupted from Python, and an
``ORDER BY`` or an aggregate computes everything before the first row: checking a deadline
between rows does not stop it. Each worker process opens the store read-only and runs one
query at a time; when a query outlives the limit, the worker is killed and replaced. A result
larger than the size limit is cut off in the worker and reported, not sent.

Workers are started with the ``spawn`` method (no fork of a threaded server process).

Over a SPARQL server (a URL, :class:`unkg.remote.RemoteStore`), each worker passes its query on to
the server, waits at most the time limit for the answer (then it is killed and replaced, which
closes the connection; the server's own limits, such as Virtuoso's ``MaxQueryExecutionTime``,
stop the query there), refuses an answer much larger than the size limit before reading it
whole, and writes the result in the format asked for, as for a store directory.
"""

from __future__ import annotations

import multiprocessing as mp
import queue
import threading
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path

__all__ = ["Answer", "QueryPool"]


@dataclass(frozen=True, slots=True)
class Answer:
    status: int  # HTTP status
    media_type: str
    body: bytes


# --------------------------------------------------------------------------- in the worker

def _run(store, text: str, media_type: str, max_bytes: int, union: bool) -> Answer:  # type: ignore[no-untyped-def]
    from pyoxigraph import QueryBoolean, QueryResultsFormat, QuerySolutions, QueryTriples, RdfFormat

    from unkg.remote import AnswerTooLarge, GraphResult, RemoteRefused

    try:
        result = store.query(text, use_default_graph_as_union=union)
    except SyntaxError as exc:
        return Answer(400, "text/plain; charset=utf-8", f"SPARQL syntax error: {exc}".encode())
    except AnswerTooLarge:
        return Answer(413, "text/plain; charset=utf-8",
                      f"the result is larger than the limit of {max_bytes} bytes; add a LIMIT".encode())
    except RemoteRefused as exc:  # the server's own verdict on the query (a syntax error, say)
        status = 400 if 400 <= exc.code < 500 else 502
        return Answer(status, "text/plain; charset=utf-8", f"the SPARQL store refused the query: {exc}".encode())
    buf = _Capped(max_bytes)
    try:
        if isinstance(result, (QueryTriples, GraphResult)):
            fmt = RdfFormat.from_media_type(media_type) or RdfFormat.TURTLE
            result.serialize(buf, fmt)
            out_type = fmt.media_type
        elif isinstance(result, QuerySolutions):
            fmt = QueryResultsFormat.from_media_type(media_type) or QueryResultsFormat.JSON
            result.serialize(buf, fmt)
            out_type = fmt.media_type
        elif isinstance(result, QueryBoolean):
            fmt = QueryResultsFormat.from_media_type(media_type) or QueryResultsFormat.JSON
            if fmt in (QueryResultsFormat.CSV, QueryResultsFormat.TSV):
                fmt = QueryResultsFormat.JSON
            result.serialize(buf, fmt)
            out_type = fmt.media_type
        else:  # pragma: no cover - pyoxigraph returns one of the three
            return Answer(500, "text/plain; charset=utf-8", b"unexpected result kind")
    except _TooLarge:
        return Answer(413, "text/plain; charset=utf-8",
                      f"the result is larger than the limit of {max_bytes} bytes; add a LIMIT".encode())
    except OSError as exc:
        return Answer(500, "text/plain; charset=utf-8", f"store error: {exc}".encode())
    charset = "; charset=utf-8" if not out_type.endswith("charset=utf-8") else ""
    return Answer(200, out_type + charset, buf.getvalue())


class _TooLarge(Exception):
    pass


class _Capped:
    """A write-only byte buffer that refuses to grow beyond a limit."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.parts: list[bytes] = []
        self.size = 0

    def write(self, data: bytes) -> int:
        self.size += len(data)
        if self.size > self.limit:
            raise _TooLarge
        self.parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass

    def getvalue(self) -> bytes:
        return b"".join(self.parts)


def _worker(store_path: str, conn: Connection, kind: str | None = None, timeout: float = 10.0,
            max_bytes: int = 16 << 20) -> None:
    from unkg.remote import RemoteStore, is_remote
    from unkg.store import open_store

    if is_remote(store_path):
        # one attempt, no retry: the pool's time limit covers the whole query
        store = RemoteStore(store_path, kind=kind, timeout=timeout + 1, retries=0)
        # the server's JSON is larger than the result written here: room for that, not for unlimited
        store.max_answer_bytes = 4 * max_bytes + (1 << 20)
    else:
        store = open_store(Path(store_path), read_only=True)
    conn.send(("ready", None))
    while True:
        try:
            message = conn.recv()
        except EOFError:
            return
        if message is None:
            return
        text, media_type, max_bytes, union = message
        try:
            answer = _run(store, text, media_type, max_bytes, union)
        except Exception as exc:  # noqa: BLE001 - reported to the client, the worker lives on
            answer = Answer(500, "text/plain; charset=utf-8", f"query failed: {exc}".encode())
        conn.send(("answer", answer))


# --------------------------------------------------------------------------- in the server

class _Worker:
    def __init__(self, ctx: mp.context.BaseContext, store_path: str, kind: str | None = None,
                 timeout: float = 10.0, max_bytes: int = 16 << 20) -> None:
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_worker, args=(store_path, child, kind, timeout, max_bytes), daemon=True)
        self.process.start()
        child.close()
        self.ready = False

    def wait_ready(self, timeout: float) -> None:
        if not self.ready:
            if not self.conn.poll(timeout):
                raise RuntimeError("a SPARQL worker did not start")
            kind, _ = self.conn.recv()
            self.ready = kind == "ready"

    def kill(self) -> None:
        try:
            self.process.kill()
            self.process.join(5)
        finally:
            self.conn.close()


class QueryPool:
    """A fixed number of worker processes; :meth:`run` blocks the calling thread (use a thread pool)."""

    def __init__(self, store_path: Path | str, size: int = 2, timeout: float = 10.0, max_bytes: int = 16 << 20,
                 store_kind: str | None = None) -> None:
        self.store_path = str(store_path)  # a directory, or a SPARQL server's URL (kept a str: Path mangles it)
        self.store_kind = store_kind
        self.timeout = timeout
        self.max_bytes = max_bytes
        self._ctx = mp.get_context("spawn")
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._lock = threading.Lock()
        self._closed = False
        self._all: list[_Worker] = []
        for _ in range(max(1, size)):
            w = _Worker(self._ctx, self.store_path, self.store_kind, timeout, max_bytes)
            self._all.append(w)
            self._idle.put(w)
        for w in self._all:
            w.wait_ready(60)

    def _replace(self, dead: _Worker) -> None:
        dead.kill()
        with self._lock:
            if dead in self._all:
                self._all.remove(dead)
            if self._closed:
                return
            fresh = _Worker(self._ctx, self.store_path, self.store_kind, self.timeout, self.max_bytes)
            self._all.append(fresh)
        self._idle.put(fresh)

    def run(self, text: str, media_type: str, union: bool = True) -> Answer:
        if self._closed:
            return Answer(503, "text/plain; charset=utf-8", b"the server is shutting down")
        try:
            worker = self._idle.get(timeout=self.timeout)
        except queue.Empty:
            return Answer(503, "text/plain; charset=utf-8", b"all query workers are busy; try again")
        started = time.monotonic()
        try:
            worker.wait_ready(60)
            worker.conn.send((text, media_type, self.max_bytes, union))
            remaining = self.timeout - (time.monotonic() - started)
            if not worker.conn.poll(max(0.0, remaining)):
                threading.Thread(target=self._replace, args=(worker,), daemon=True).start()
                return Answer(503, "text/plain; charset=utf-8",
                              f"the query was stopped after the time limit of {self.timeout:g} s".encode())
            _, answer = worker.conn.recv()
        except (EOFError, OSError, BrokenPipeError):
            threading.Thread(target=self._replace, args=(worker,), daemon=True).start()
            return Answer(500, "text/plain; charset=utf-8", b"the query worker failed")
        self._idle.put(worker)
        return answer

    def close(self) -> None:
        with self._lock:
            self._closed = True
            workers = list(self._all)
        for w in workers:
            try:
                w.conn.send(None)
            except (OSError, BrokenPipeError):
                pass
            w.kill()
