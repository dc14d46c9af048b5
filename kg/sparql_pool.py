"""A pool of persistent SPARQL worker processes, each killable at the time limit.

:class:`WorkerPool` keeps ``size`` workers (``python -m kg.sparql_worker``, connected by a socket
pair), hands each job to an idle one and waits at most until the job's deadline; a worker that
overruns is killed (SIGKILL) and replaced in the background, so the server keeps answering others.
A worker that dies (e.g. the engine's parser overflowing its stack) is replaced the same way.

Loading the search index and the embedding model for the similarity extension happens once per
worker and generation; the worker reports it (:class:`kg.sparql_worker.Progress`) and that time is
not counted against the query's limit (up to :data:`LOAD_ALLOWANCE` seconds).
"""

from __future__ import annotations

import contextlib
import logging
import os
import queue
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path

from kg.sparql_worker import Answer, Job, Progress

log = logging.getLogger(__name__)
ROOT = Path(__file__).resolve().parent.parent
#: Seconds a worker may spend loading the similarity resources (model, index) outside the time limit.
LOAD_ALLOWANCE = 120.0


class PoolError(RuntimeError):
    """The pool could not answer: ``status`` and the message say why."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


class QueryTimeout(PoolError):
    pass


class PoolBusy(PoolError):
    pass


# -- the pool --------------------------------------------------------------------------------------------


@dataclass(eq=False)
class _Worker:
    process: subprocess.Popen[bytes]
    conn: Connection
    started: float = field(default_factory=time.monotonic)

    def alive(self) -> bool:
        return self.process.poll() is None

    def kill(self) -> None:
        with contextlib.suppress(OSError):
            self.process.kill()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            log.warning("sparql worker %s did not exit after SIGKILL", self.process.pid)
        self.conn.close()


class WorkerPool:
    """``size`` persistent workers, started on first use; thread-safe."""

    def __init__(self, size: int = 2) -> None:
        if size < 1:
            raise ValueError(f"a worker pool needs at least one worker, got {size}")
        self.size = size
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._lock = threading.Lock()
        self._started = False
        self._closed = False
        self._workers: set[_Worker] = set()

    def _spawn_process(self) -> _Worker:
        parent, child = socket.socketpair()
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH", "")) if p)
        process = subprocess.Popen(
            [sys.executable, "-m", "kg.sparql_worker", str(child.fileno())],
            pass_fds=(child.fileno(),),
            stdin=subprocess.DEVNULL,
            env=env,
            cwd=str(ROOT),
        )
        child.close()
        conn = Connection(os.dup(parent.fileno()))
        parent.close()
        return _Worker(process, conn)

    def _spawn_locked(self) -> _Worker:
        worker = self._spawn_process()
        self._workers.add(worker)
        return worker

    def _spawn(self) -> _Worker:
        worker = self._spawn_process()
        with self._lock:
            self._workers.add(worker)
        return worker

    def start(self) -> None:
        with self._lock:
            if self._started or self._closed:
                return
            workers = [self._spawn_locked() for _ in range(self.size)]
            self._started = True
        for worker in workers:
            self._idle.put(worker)

    def _take(self, deadline: float) -> _Worker:
        while True:
            remaining = deadline - time.monotonic()
            try:
                worker = self._idle.get(timeout=max(0.0, remaining))
            except queue.Empty:
                raise PoolBusy(
                    "all query workers stayed busy until the time limit; retry later", 503
                ) from None
            if worker.alive():
                return worker
            self._retire(worker)

    def _retire(self, worker: _Worker) -> None:
        """Kill ``worker`` and start its replacement (in the background: the caller answers at once)."""
        with self._lock:
            self._workers.discard(worker)
            closed = self._closed

        def replace() -> None:
            worker.kill()
            if closed:
                return
            fresh = self._spawn()
            if self._closed:  # closed while it started
                fresh.kill()
            else:
                self._idle.put(fresh)

        threading.Thread(target=replace, name="sparql-worker-replace", daemon=True).start()

    def run(self, job: Job, timeout: float) -> Answer:
        """Evaluate ``job`` in a worker within ``timeout`` seconds (waiting for a free worker included)."""
        if self._closed:
            raise PoolError("the query workers are shut down", 503)
        self.start()
        deadline = time.monotonic() + timeout
        worker = self._take(deadline)
        healthy = False
        try:
            worker.conn.send(job)
            paused: float | None = None  # time left when loading started
            while True:
                if not worker.conn.poll(max(0.0, deadline - time.monotonic())):
                    raise QueryTimeout(
                        f"the query ran longer than the time limit of {timeout:g} s and was stopped; "
                        "narrow it down (fewer joins, a LIMIT, more specific patterns)",
                        503,
                    )
                message = worker.conn.recv()
                if isinstance(message, Progress):
                    now = time.monotonic()
                    if message.kind == "loading":
                        paused = deadline - now
                        deadline = now + LOAD_ALLOWANCE
                    elif paused is not None:
                        deadline, paused = now + paused, None
                    continue
                answer: Answer = message
                healthy = True
                return answer
        except (EOFError, OSError):
            code: int | None = None
            with contextlib.suppress(subprocess.TimeoutExpired):
                code = worker.process.wait(timeout=1)
            raise PoolError(
                f"the query engine stopped while evaluating this query (exit status {code}); "
                "the query was not answered",
                500,
            ) from None
        finally:
            if healthy:
                self._idle.put(worker)
            else:
                self._retire(worker)

    def close(self) -> None:
        with self._lock:
            self._closed = True
            workers = list(self._workers)
            self._workers.clear()
        for worker in workers:
            with contextlib.suppress(OSError):
                worker.conn.send(None)
            worker.kill()

    def pids(self) -> list[int]:
        with self._lock:
            return [w.process.pid for w in self._workers]
