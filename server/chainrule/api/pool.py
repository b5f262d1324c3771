"""A pool of compute worker processes that can be stopped at a request's deadline.

Why processes: a computation holds the GIL (numpy releases it only inside single calls), so a
thread running one would stall the event loop, /api/v1/health and every other client, and a
thread cannot be stopped. A worker process (api/worker.py) can be killed when its request's
deadline passes, has its own memory limit, runs at a lower priority than the server, and
hands back the finished JSON bytes, so the event loop never builds or serialises a document.

Each worker runs one job at a time. A request waits for an idle worker until its deadline
(then 429, "busy"); a worker past the deadline is killed (413, the time limit) and replaced.
The waiting happens on a thread of the pool's own (blocking socket reads release the GIL), so
the pool works from any event loop: uvicorn's, or each TestClient's. One pool per process and
configuration, started on first use; its workers exit when the server does (their socket
closes) and are killed at interpreter exit.
"""

from __future__ import annotations

import asyncio
import atexit
import json
import os
import socket
import subprocess
import sys
import threading
import time
from concurrent import futures
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict

from ..engine.budget import Limits, time_message
from .errors import error_bytes
from .worker import ANSWER_HEADER, JOB_HEADER

STARTUP_SECONDS = 60.0  # importing numpy and the engine on a loaded machine
BUSY_MESSAGE = "the server is busy with other computations; try again in a moment"
# 429 Too Many Requests with Retry-After, not 503: the server is up and answering (issue 14: no
# 5xx under hostile load); what it refuses is one more computation while every worker is taken.
BUSY_STATUS = 429
# One computation thread per BLAS: the pool itself is the parallelism.
WORKER_ENV = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


class WorkerDied(Exception):
    """The worker process ended without answering."""


class Worker:
    """One `python -m chainrule.api.worker` process and the socket to it."""

    def __init__(self, memory_bytes: int):
        ours, theirs = socket.socketpair()
        command = [sys.executable, "-m", "chainrule.api.worker", str(theirs.fileno())]
        self.process = subprocess.Popen(
            [*command, str(memory_bytes)],
            pass_fds=(theirs.fileno(),),
            env={**os.environ, **WORKER_ENV},
            stdin=subprocess.DEVNULL,
        )
        theirs.close()
        self.sock = ours
        self.rss_baseline = 0

    def wait_ready(self, timeout: float) -> None:
        status, _, _ = self._answer(time.monotonic() + timeout)
        if status != 0:
            raise WorkerDied(f"the worker announced status {status} instead of ready")

    def call(self, meta: dict, body: bytes, deadline: float | None) -> tuple[int, bytes, bool]:
        encoded = json.dumps(meta).encode()
        self.sock.settimeout(None if deadline is None else max(0.001, deadline - time.monotonic()))
        try:
            self.sock.sendall(JOB_HEADER.pack(len(encoded), len(body)) + encoded)
            self.sock.sendall(body)
        except TimeoutError:
            raise
        except OSError as exc:
            raise WorkerDied(str(exc)) from exc
        return self._answer(deadline)

    def _answer(self, deadline: float | None) -> tuple[int, bytes, bool]:
        status, retire, length = ANSWER_HEADER.unpack(self._exactly(ANSWER_HEADER.size, deadline))
        return status, self._exactly(length, deadline), bool(retire)

    def _exactly(self, n: int, deadline: float | None) -> bytes:
        buffer = bytearray(n)
        view = memoryview(buffer)
        got = 0
        while got < n:
            if deadline is not None:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError
                self.sock.settimeout(remaining)
            try:
                k = self.sock.recv_into(view[got:])
            except TimeoutError:
                raise
            except OSError as exc:
                raise WorkerDied(str(exc)) from exc
            if k == 0:
                raise WorkerDied("the worker closed its socket")
            got += k
        return bytes(buffer)

    def kill(self) -> None:
        """Stop it now (a signal; the answer need not wait for the process to be reaped)."""
        if self.process.poll() is None:
            self.process.kill()

    def stop(self) -> None:
        self.kill()
        self.process.wait()
        self.sock.close()


class ComputePool:
    """Up to `size` workers; run() sends one job to an idle one and waits for its answer."""

    def __init__(self, size: int, memory_bytes: int):
        self.size = size
        self.memory_bytes = memory_bytes
        self._idle: list[Worker] = []
        self._workers: set[Worker] = set()  # every running worker, idle or busy
        self._closed = False
        self._ready = threading.Condition()
        self._threads = ThreadPoolExecutor(max_workers=64, thread_name_prefix="chainrule-pool")
        self._alive = size  # started (or starting) and not yet discarded
        self._startup = [self._threads.submit(self._start_one) for _ in range(size)]

    def wait_started(self, timeout: float = STARTUP_SECONDS) -> None:
        """Block until the first workers are ready (or failed to start)."""
        futures.wait(self._startup, timeout)

    async def run_async(self, *args) -> tuple[int, bytes]:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._threads, self.run, *args)

    def run(
        self,
        endpoint: str,
        body: bytes,
        limits: Limits,
        max_response_bytes: int,
        deadline: float | None,
    ) -> tuple[int, bytes]:
        """(status, response body) of one request; never raises for a bad request."""
        worker = self._acquire(deadline)
        if worker is not None and deadline is not None and deadline <= time.monotonic():
            self._release(worker)  # no time left to compute: do not start
            worker = None
        if worker is None:
            return BUSY_STATUS, error_bytes(BUSY_MESSAGE)
        meta = {
            "endpoint": endpoint,
            "limits": asdict(limits),
            "deadline": deadline,  # time.monotonic() is one clock for all processes
            "max_response_bytes": max_response_bytes,
            "memory_bytes": self.memory_bytes,
        }
        try:
            status, answer, retire = worker.call(meta, body, deadline)
        except TimeoutError:
            self._discard(worker)
            return 413, error_bytes(time_message(limits))
        except WorkerDied:
            self._discard(worker)
            return 500, error_bytes("internal error: the computation's process ended")
        if retire:
            self._discard(worker)
        else:
            self._release(worker)
        return status, answer

    def _acquire(self, deadline: float | None) -> Worker | None:
        with self._ready:
            while not self._idle:
                if self._alive < self.size:
                    self._alive += 1
                    break
                remaining = None if deadline is None else deadline - time.monotonic()
                if remaining is not None and remaining <= 0:
                    return None
                self._ready.wait(remaining)
            else:
                return self._idle.pop(0)
        worker = self._spawn()
        if worker is None:
            raise RuntimeError("a compute worker could not be started")
        return worker

    def _spawn(self) -> Worker | None:
        worker = None
        try:
            worker = Worker(self.memory_bytes)
            with self._ready:
                self._workers.add(worker)
            worker.wait_ready(STARTUP_SECONDS)
            return worker
        except (OSError, TimeoutError, WorkerDied) as exc:
            print(f"chainrule: a compute worker failed to start: {exc}", file=sys.stderr)
            if worker is not None:
                worker.stop()
            with self._ready:
                self._workers.discard(worker)
                self._alive -= 1
                self._ready.notify()
            return None

    def _start_one(self) -> None:
        worker = self._spawn()
        if worker is not None:
            self._release(worker)

    def _release(self, worker: Worker) -> None:
        with self._ready:
            if self._closed:
                worker.stop()
                return
            self._idle.append(worker)
            self._ready.notify()

    def _discard(self, worker: Worker) -> None:
        worker.kill()
        with self._ready:
            self._workers.discard(worker)
            closed = self._closed
            if closed:
                self._alive -= 1
        if closed:  # no replacement (and the thread pool is shut down)
            worker.stop()
        else:
            self._threads.submit(self._replace, worker)

    def _replace(self, worker: Worker) -> None:
        """Reap a stopped worker and start its replacement, off the request's path."""
        worker.stop()
        self._start_one()

    def close(self) -> None:
        with self._ready:
            self._closed = True
            self._idle = []
            workers, self._workers = self._workers, set()
        for worker in workers:  # busy ones too: their requests get a 500 as the server stops
            worker.stop()
        self._threads.shutdown(wait=False, cancel_futures=True)


_POOLS: dict[tuple[int, int], ComputePool] = {}
_POOLS_LOCK = threading.Lock()


def shared_pool(size: int, memory_bytes: int) -> ComputePool:
    """The process's pool for this configuration, started on first use."""
    with _POOLS_LOCK:
        pool = _POOLS.get((size, memory_bytes))
        if pool is None:
            pool = _POOLS[(size, memory_bytes)] = ComputePool(size, memory_bytes)
        return pool


@atexit.register
def _close_pools() -> None:
    with _POOLS_LOCK:
        for pool in _POOLS.values():
            pool.close()
        _POOLS.clear()
