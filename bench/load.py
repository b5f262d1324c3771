"""Load benchmark: N concurrent clients on loopback against `chainrule serve --workers W`.

For each worker count (1 and 2 by default) the benchmark starts its own server on a free
127.0.0.1 port, then for T seconds each of N clients posts the lecture's examples (GET
/api/v1/examples, kind "expression") to POST /api/v1/graph over one keep-alive connection,
one request at a time; then the same for GET /api/v1/health, whose throughput on the same
server is the ceiling. Reports requests per second, p50/p99 latency and errors (a non-200
answer, a broken connection, or a wrong output value). Everything stops by itself.
Targets (issue 6): zero errors at 32 clients; graph throughput >= 50 % of the health ceiling.
Then, unless --no-mixed, the mixed hostile load of bench/load_mixed.py (graph, network,
gradcheck and train worst cases at once, /health p50/p99 under them; issue 14).
Run: .venv/bin/python bench/load.py [--clients 32] [--seconds 5] [--workers 1 2] [--no-mixed]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

HOST = "127.0.0.1"  # loopback only
CHAINRULE = Path(sys.executable).with_name("chainrule")


@dataclass
class Result:
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    seconds: float = 0.0

    @property
    def throughput(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    def percentile(self, q: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def start_server(workers: int, port: int, extra: list[str] = ()) -> subprocess.Popen:
    command = [str(CHAINRULE), "serve", "--host", HOST, "--port", str(port)]
    command += ["--workers", str(workers), *extra]
    server = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the server exited with {server.returncode}")
        try:
            with urllib.request.urlopen(f"http://{HOST}:{port}/api/v1/health", timeout=1):
                return server
        except OSError:
            time.sleep(0.1)
    stop_server(server)
    raise RuntimeError("the server did not answer within 30 s")


def stop_server(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def examples(port: int) -> list[tuple[bytes, float]]:
    """(request body, expected output value) of each lecture expression example."""
    url = f"http://{HOST}:{port}/api/v1/examples"
    with urllib.request.urlopen(url, timeout=5) as response:
        found = json.load(response)
    bodies = []
    for ex in found:
        if ex["kind"] != "expression":
            continue
        body = json.dumps({"expression": ex["expression"], "values": ex["values"]}).encode()
        request = urllib.request.Request(
            f"http://{HOST}:{port}/api/v1/graph",
            data=body,
            headers={"content-type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=5) as response:
            bodies.append((body, json.load(response)["output"]["value"]))
    return bodies


def request_bytes(port: int, method: str, path: str, body: bytes = b"") -> bytes:
    head = f"{method} {path} HTTP/1.1\r\nhost: {HOST}:{port}\r\n"
    if body:
        head += f"content-type: application/json\r\ncontent-length: {len(body)}\r\n"
    return (head + "\r\n").encode() + body


async def client(port: int, requests: list[tuple[bytes, object]], stop: float, result: Result):
    """One keep-alive connection, one request at a time, until the stop time."""
    k = 0
    reader = writer = None
    while time.monotonic() < stop:
        payload, expected = requests[k % len(requests)]
        k += 1
        start = time.perf_counter()
        try:
            if writer is None:
                reader, writer = await asyncio.open_connection(HOST, port)
            writer.write(payload)
            status, body = await read_response(reader)
            ok = status == 200 and (
                expected is None or json.loads(body)["output"]["value"] == expected
            )
        except (OSError, asyncio.IncompleteReadError, ValueError, KeyError):
            ok = False
            writer = None
        if ok:
            result.latencies.append(time.perf_counter() - start)
        else:
            result.errors += 1
    if writer is not None:
        writer.close()


async def read_response(reader: asyncio.StreamReader) -> tuple[int, bytes]:
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    length = 0
    for line in lines[1:]:
        name, _, value = line.partition(":")
        if name.lower() == "content-length":
            length = int(value)
    return status, await reader.readexactly(length)


async def run_load(port: int, requests, clients: int, seconds: float) -> Result:
    result = Result()
    start = time.monotonic()
    stop = start + seconds
    await asyncio.gather(*(client(port, requests, stop, result) for _ in range(clients)))
    result.seconds = time.monotonic() - start
    return result


def measure(workers: int, clients: int, seconds: float) -> dict[str, Result]:
    port = free_port()
    server = start_server(workers, port)
    try:
        graph = [
            (request_bytes(port, "POST", "/api/v1/graph", body), value)
            for body, value in examples(port)
        ]
        health = [(request_bytes(port, "GET", "/api/v1/health"), None)]
        asyncio.run(run_load(port, graph, clients, min(1.0, seconds)))  # warm-up
        return {
            "graph": asyncio.run(run_load(port, graph, clients, seconds)),
            "health": asyncio.run(run_load(port, health, clients, seconds)),
        }
    finally:
        stop_server(server)


def table(results: dict[int, dict[str, Result]], clients: int) -> list[str]:
    lines = [
        f"load: {clients} clients on {HOST}, keep-alive, one request at a time per client",
        f"{'workers':>7} {'endpoint':>8} {'req/s':>8} {'p50 ms':>7} {'p99 ms':>7} {'errors':>6}",
    ]
    for workers, rows in results.items():
        for name, r in rows.items():
            lines.append(
                f"{workers:>7} {name:>8} {r.throughput:8.0f} {r.percentile(0.5) * 1e3:7.1f} "
                f"{r.percentile(0.99) * 1e3:7.1f} {r.errors:6d}"
            )
        ratio = rows["graph"].throughput / rows["health"].throughput
        errors = rows["graph"].errors + rows["health"].errors
        ok = "ok" if ratio >= 0.5 and errors == 0 else "MISS"
        lines.append(f"{workers:>7} graph/health = {ratio:.2f} (target >= 0.50, 0 errors) {ok}")
    return lines


def summary(results: dict[int, dict[str, Result]], clients: int) -> list[dict]:
    """The rows of bench/run.py's table of ratios."""
    rows = []
    for workers, r in results.items():
        ratio = r["graph"].throughput / r["health"].throughput
        errors = r["graph"].errors + r["health"].errors
        rows.append(
            {
                "what": f"load {workers} worker(s), {clients} clients: graph / health req/s "
                f"({r['graph'].throughput:.0f} / {r['health'].throughput:.0f}, {errors} errors)",
                "ratio": ratio,
                "target": ">= 0.5, 0 errors",
                "met": ratio >= 0.5 and errors == 0,
            }
        )
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--summary", help="also write the ratio rows to this JSON file")
    parser.add_argument("--no-mixed", action="store_true", help="skip the mixed hostile load")
    args = parser.parse_args(argv)
    os.environ.pop("CHAINRULE_CORS_ORIGINS", None)
    results = {w: measure(w, args.clients, args.seconds) for w in args.workers}
    for line in table(results, args.clients):
        print(line)
    rows = summary(results, args.clients)
    if not args.no_mixed:
        import load_mixed

        mixed = load_mixed.run(max_seconds=5)
        print()
        for line in load_mixed.table(mixed):
            print(line)
        p99 = mixed["health"].percentile(0.99)
        rows.append(
            {
                "what": "mixed hostile load: /health p99 under 4 worst cases / 100 ms "
                f"({p99 * 1e3:.0f} ms; {len(load_mixed.failures(mixed))} figures missed)",
                "ratio": p99 / load_mixed.HEALTH_P99_TARGET,
                "target": "<= 1.0, none missed",
                "met": not load_mixed.failures(mixed),
            }
        )
    if args.summary:
        with open(args.summary, "w") as f:
            json.dump(rows, f)
    return 0


if __name__ == "__main__":
    sys.exit(main())
