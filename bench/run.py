"""`make bench`: run every benchmark in bench/, then print one table of ratios against targets.

Each benchmark runs as its own process (a clean interpreter and heap) and prints its details;
engine.py, load.py, training.py and frontend_layout.py also hand back their summary rows
(frontend_layout's are absolute times against the issue's frame budgets, shown in their own
units, or "timeout"), and the "engine / numpy" lines of network.py are picked up from its
output. bench/network.py and bench/frontend_layout.py run if present. Exit status 0 even when a
target is missed: the table says which.
"""

from __future__ import annotations

import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
# (script, arguments, whether it writes --summary rows)
BENCHMARKS = [
    ("engine.py", [], True),
    ("load.py", [], True),
    ("network.py", [], False),
    ("training.py", [], True),
    ("frontend_layout.py", [], True),
]
NETWORK_RATIO = re.compile(r"^\s*(numpy \(with dE/dx\))\s+[\d.]+ ms\s+engine / this =\s*([\d.]+)")


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} CPUs, Python {platform.python_version()}, {platform.system()}"


def run(script: str, args: list[str], summary: bool) -> tuple[list[dict], str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        command = [sys.executable, str(HERE / script), *args]
        out = Path(tmp) / "summary.json"
        if summary:
            command += ["--summary", str(out)]
        start = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True, timeout=1800)
        seconds = time.perf_counter() - start
        text = done.stdout + (
            f"\n[exit {done.returncode}]\n{done.stderr}" if done.returncode else ""
        )
        rows = json.loads(out.read_text()) if summary and out.exists() else []
    return rows, text, seconds


def network_rows(output: str) -> list[dict]:
    rows, batch = [], None
    for line in output.splitlines():
        if line.startswith("layers"):
            batch = line.split("batch")[1].split(",")[0].strip()
        match = NETWORK_RATIO.match(line)
        if match and batch == "64":
            # Issue 13's target: the public trace_network, .gradients read, within 1.2x of
            # a hand-written numpy forward + backward of the same net.
            ratio = float(match.group(2))
            rows.append(
                {
                    "what": f"network [784, 256, 10] batch 64: engine / {match.group(1)}",
                    "ratio": ratio,
                    "target": "<= 1.2",
                    "met": ratio <= 1.2,
                }
            )
    return rows


def main() -> int:
    print(f"machine: {machine()}")
    rows: list[dict] = []
    for script, args, summary in BENCHMARKS:
        if not (HERE / script).exists():
            continue
        print(f"\n== bench/{script} ==", flush=True)
        found, text, seconds = run(script, args, summary)
        print(text.rstrip())
        print(f"({seconds:.0f} s)", flush=True)
        rows += found if summary else network_rows(text) if script == "network.py" else []
    print("\n== ratios ==")
    width = max((len(r["what"]) for r in rows), default=10)
    for r in rows:
        mark = "ok" if r["met"] else "MISS"
        shown = r.get("value") or f"{r['ratio']:7.2f}"  # a row may carry its own unit
        print(f"{r['what']:<{width}}  {shown:>9}  {r['target']:>16}  {mark}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
