"""Benchmark: time from "program typed" to "graph drawn" in headless Chromium for 50-1000 nodes.

Run: .venv/bin/python bench/frontend_layout.py [--sizes 50 200 1000] [--repeat 3]
The page marks `chainrule:typed` on the editor's input event and measures to the moment the
graph is drawn (debounce + API + ELK layout in a Web Worker + d3 drawing). Long main-thread
tasks are recorded too: the page must stay responsive while ELK works.
"""

from __future__ import annotations

import argparse
import random
import socket
import statistics
import threading
import time

import uvicorn
from playwright.sync_api import expect, sync_playwright

from chainrule.api.app import create_app

TARGETS = {200: 0.5, 1000: 2.0}
LONGTASK_OBSERVER = """
window.__longtasks = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) window.__longtasks.push(e.duration);
}).observe({ entryTypes: ["longtask"] });
"""


def generate_program(nodes: int, seed: int = 0) -> tuple[str, dict]:
    """A random layered expression with about `nodes` graph nodes and ~1.5 edges per node."""
    rng = random.Random(seed)
    n_inputs = max(2, nodes // 6)
    names = [f"x{i}" for i in range(n_inputs)]
    values = {name: round(rng.uniform(-2, 2), 2) for name in names}
    lines = []
    unused = list(names)
    count = n_inputs
    i = 0
    while count < nodes - 1:
        recent = names[-12:]
        a = unused.pop(0) if unused else rng.choice(recent)
        if rng.random() < 0.2:
            expr = f"tanh({a})"
        else:
            b = rng.choice(names) if rng.random() < 0.3 else rng.choice(recent)
            expr = f"{a} {rng.choice(['+', '*', '-'])} {b}"
        name = f"t{i}"
        lines.append(f"{name} = {expr}")
        names.append(name)
        unused.append(name)
        count += 1
        i += 1
    lines.append(f"out = {names[-1]} + {names[-2]}")
    return "\n".join(lines), values


def type_program(page, text: str) -> None:
    """Puts the program into "Expression" as a paste does: one input event.

    (Playwright's fill() types a 1000-line program slowly enough to dominate the measurement.)
    """
    page.evaluate(
        """(text) => {
          performance.clearMarks(); performance.clearMeasures();
          const editor = document.getElementById("program");
          editor.value = text;
          editor.dispatchEvent(new Event("input", { bubbles: true }));
        }""",
        text,
    )


def wait_until_drawn(page, program: str) -> None:
    """Waits for the page's typed-to-drawn measure of `program` with a cheap in-page check.

    Not expect(): while its condition fails, Playwright's expect snapshots the page's whole
    accessibility tree on the page's main thread at every poll, which on a 1,000-node graph
    costs it about 0.7 s of the measured interval (bypass_csp lets wait_for_function run).
    """
    page.wait_for_function(
        """(program) => document.body.dataset.expression === program
          && performance.getEntriesByName("chainrule:typed-to-drawn").length > 0""",
        arg=program,
        polling=100,
        timeout=60_000,
    )


def serve():
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    server = uvicorn.Server(
        uvicorn.Config(create_app(), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    return server, thread, f"http://127.0.0.1:{port}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[50, 200, 1000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    server, thread, url = serve()
    rows = []
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--disable-background-networking",
                "--disable-component-update",
            ],
        )
        # bypass_csp only so the benchmark may read performance entries with evaluate().
        context = browser.new_context(viewport={"width": 1280, "height": 800}, bypass_csp=True)
        page = context.new_page()
        page.add_init_script(LONGTASK_OBSERVER)
        page.goto(f"{url}/")
        expect(page.locator("body")).to_have_attribute("data-status", "ready")
        for size in args.sizes:
            times, longest = [], []
            for r in range(args.repeat):
                program, values = generate_program(size, seed=r)
                # Values first (one request), then the program: the measured edit is the typing.
                type_program(page, program)
                expect(page.locator("body")).to_have_attribute(
                    "data-expression", program, timeout=60_000
                )
                for name, value in values.items():
                    page.get_by_label(name, exact=True).fill(str(value))
                expect(page.locator("body")).to_have_attribute(
                    "data-status", "ready", timeout=60_000
                )
                page.wait_for_timeout(300)
                # Now the measured run: retype the program with a change that alters the structure.
                page.evaluate("() => { window.__longtasks = []; }")
                program2 = program + f"\nz = out * {r + 2}"
                type_program(page, program2)
                wait_until_drawn(page, program2)
                expect(page.locator("body")).to_have_attribute("data-expression", program2)
                expect(page.locator("body")).to_have_attribute("data-status", "ready")
                ms = page.evaluate(
                    "() => performance.getEntriesByName('chainrule:typed-to-drawn').at(-1).duration"
                )
                nodes = int(page.locator("svg.graph-svg").get_attribute("data-node-count"))
                times.append(ms / 1000)
                longest.append(max(page.evaluate("() => window.__longtasks"), default=0) / 1000)
            rows.append((size, nodes, statistics.median(times), min(times), max(longest)))
        browser.close()
    server.should_exit = True
    thread.join(timeout=5)
    print(f"typed -> drawn in headless Chromium (median of {args.repeat}; includes the debounce)")
    header = ("nodes", "drawn", "median s", "best s", "longest task s", "target")
    print("{:>6} {:>6} {:>9} {:>7} {:>15} {:>7}".format(*header))
    ok = True
    for size, nodes, med, best, task in rows:
        target = TARGETS.get(size)
        mark = "" if target is None else ("ok" if med <= target else "SLOW")
        ok = ok and mark != "SLOW"
        tgt = f"≤{target}" if target else "-"
        print(f"{size:>6} {nodes:>6} {med:>9.3f} {best:>7.3f} {task:>15.3f} {tgt:>5} {mark}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
