"""A compute worker process: reads jobs from its socket, answers each with (status, JSON bytes).

Started by api/pool.py as `python -m chainrule.api.worker FD MEMORY_BYTES`. It computes and
serialises the document here, so the server's event loop only moves bytes. Its address space
may grow by at most MEMORY_BYTES past what it holds when ready (RLIMIT_AS): an allocation
beyond that fails with MemoryError, answered 413, and the worker retires. It runs at a lower
CPU priority than the server, so /api/v1/health stays prompt while computations run.

Wire format (both directions little-endian, see api/pool.py): a job is
`<II` (meta length, body length), the meta JSON, the raw request body; an answer is
`<HBQ` (status, retire flag, length) and the response body. Status 0 announces readiness.
"""

from __future__ import annotations

import json
import os
import socket
import struct
import sys
import traceback

JOB_HEADER = struct.Struct("<II")
ANSWER_HEADER = struct.Struct("<HBQ")
# CPU weight a third of the server's (nice 0): the event loop comes first. (10, a tenth,
# starved computations of all time on a machine shared with other busy processes.)
WORKER_NICE = 5
RETIRE_AFTER_GROWTH = 64 * 2**20  # a worker whose heap did not come back is replaced


def main(argv: list[str]) -> int:
    fd, memory_bytes = int(argv[0]), int(argv[1])
    sock = socket.socket(fileno=fd)
    _lower_priority()
    from .worker_jobs import handle  # the engine and numpy, imported before the limit is set

    baseline = _address_space()
    _limit_address_space(baseline, memory_bytes)
    send(sock, 0, False, b"")
    while True:
        try:
            meta, body = receive(sock)
        except (ConnectionError, EOFError):
            return 0  # the server went away
        status, answer, retire = handle(meta, body)
        grown = _address_space() - baseline
        retire = retire or (baseline > 0 and grown > RETIRE_AFTER_GROWTH)
        try:
            send(sock, status, retire, answer)
        except OSError:
            return 0
        if retire:
            return 0


def receive(sock: socket.socket) -> tuple[dict, bytes]:
    meta_length, body_length = JOB_HEADER.unpack(_exactly(sock, JOB_HEADER.size))
    meta = json.loads(_exactly(sock, meta_length))
    return meta, _exactly(sock, body_length)


def send(sock: socket.socket, status: int, retire: bool, body: bytes) -> None:
    sock.sendall(ANSWER_HEADER.pack(status, retire, len(body)))
    sock.sendall(body)


def _exactly(sock: socket.socket, n: int) -> bytes:
    buffer = bytearray(n)
    view = memoryview(buffer)
    got = 0
    while got < n:
        k = sock.recv_into(view[got:])
        if k == 0:
            raise EOFError
        got += k
    return bytes(buffer)


def _lower_priority() -> None:
    """Computations yield the CPU to the server's event loop (health, reading, sending)."""
    try:
        os.nice(WORKER_NICE)
    except (AttributeError, OSError):
        pass


def _address_space() -> int:
    """This process's virtual memory size in bytes (0 where /proc is missing)."""
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError):
        return 0


def _limit_address_space(baseline: int, memory_bytes: int) -> None:
    try:
        import resource
    except ImportError:
        return
    if baseline > 0:
        limit = baseline + memory_bytes
        try:
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        except (ValueError, OSError):
            traceback.print_exc()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
