"""Benchmark: chainrule.trace against micrograd (and PyTorch if installed) on the same graphs.

Programs of 1e3, 1e4 and 1e5 one-op statements over 16 inputs, in two forms:
- deep: a chain, each statement uses the one before (`a5 = a4 * x5`), depth n;
- wide: n/2 products of reused input names (`p7 = x7 * x0`), then a balanced tree of sums
  (`s3 = p6 + p7`), depth about log2 n, every input feeding n/16 gates.
Times: chainrule.trace (parse, build, forward, backward, steps); separately, producing the JSON
response from that trace (trace_document + json.dumps, what the REST API adds); micrograd 0.1.0
building the same graph from Values and calling backward() (its backward recurses, so the deep
chain needs sys.setrecursionlimit, as people run it); PyTorch scalar autograd when importable.
Each is the best of --repeats runs after a warm-up, the contenders taking turns: on a shared
machine other work only ever adds time, so the minimum is the steadiest estimate of the cost.
Run: .venv/bin/python bench/engine.py
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
import time
from collections.abc import Callable

from micrograd.engine import Value

import chainrule
from chainrule.engine.autodiff.run import run_program
from chainrule.engine.results.document import trace_document

try:  # optional: only when already installed
    import torch
except ImportError:  # pragma: no cover - depends on the machine
    torch = None

SIZES = (1_000, 10_000, 100_000)
FORMS = ("deep", "wide")
INPUTS = 16
# Close to 1 so that 50,000 multiplications neither overflow nor underflow (no denormals).
VALUES = {f"x{k}": 1.0 + (k - 7.5) * 1e-4 for k in range(INPUTS)}


def deep(n: int) -> list[tuple[str, str, str, str]]:
    """(target, left, op, right) statements of the deep chain."""
    statements = [("a0", "x0", "+", "x1")]
    for i in range(1, n):
        op = "*" if i % 2 else "+"
        statements.append((f"a{i}", f"a{i - 1}", op, f"x{i % INPUTS}"))
    return statements


def wide(n: int) -> list[tuple[str, str, str, str]]:
    """n/2 products of reused inputs, then a balanced tree of sums: n - 1 statements."""
    layer = [f"p{i}" for i in range(n // 2)]
    statements = [
        (p, f"x{i % INPUTS}", "*", f"x{(7 * i + 3) % INPUTS}") for i, p in enumerate(layer)
    ]
    count = 0
    while len(layer) > 1:
        nxt = []
        for k in range(0, len(layer) - 1, 2):
            target = f"s{count}"
            count += 1
            statements.append((target, layer[k], "+", layer[k + 1]))
            nxt.append(target)
        if len(layer) % 2:
            nxt.append(layer[-1])
        layer = nxt
    return statements


def program_text(statements) -> str:
    return "\n".join(f"{t} = {a} {op} {b}" for t, a, op, b in statements)


def run_micrograd(statements) -> dict[str, float]:
    env: dict[str, Value] = {name: Value(v) for name, v in VALUES.items()}
    for target, a, op, b in statements:
        env[target] = env[a] + env[b] if op == "+" else env[a] * env[b]
    env[statements[-1][0]].backward()
    return {name: env[name].grad for name in VALUES}


def run_torch(statements) -> dict[str, float]:
    env = {
        name: torch.tensor(v, dtype=torch.float64, requires_grad=True) for name, v in VALUES.items()
    }
    inputs = dict(env)
    for target, a, op, b in statements:
        env[target] = env[a] + env[b] if op == "+" else env[a] * env[b]
    env[statements[-1][0]].backward()
    return {name: float(t.grad) for name, t in inputs.items()}


def measure(sizes, repeats: int) -> dict[tuple[int, str], dict[str, float | None]]:
    """Best seconds of each contender on each program; runs take turns (interleaved), so a
    busy moment on a shared machine does not land on one size or one contender."""
    jobs: dict[tuple[int, str, str], Callable[[], object]] = {}
    for form in FORMS:
        for n in sizes:
            statements = deep(n) if form == "deep" else wide(n)
            text = program_text(statements)
            trace = run_program(text, VALUES)
            expected = run_micrograd(statements)
            got = trace.input_gradients()
            for name, g in expected.items():  # the same graph: the same gradients
                assert abs(float(got[name]) - g) <= 1e-9 * max(1.0, abs(g)), (name, got[name], g)
            jobs[(n, form, "trace")] = lambda text=text: chainrule.trace(text, VALUES)
            jobs[(n, form, "json")] = lambda trace=trace: json.dumps(
                trace_document(trace), allow_nan=False, separators=(",", ":")
            )
            jobs[(n, form, "micrograd")] = lambda s=statements: run_micrograd(s)
            if torch is not None:
                jobs[(n, form, "torch")] = lambda s=statements: run_torch(s)
    times: dict[tuple[int, str, str], list[float]] = {key: [] for key in jobs}
    for fn in jobs.values():
        fn()  # warm-up (and a check that it runs)
    for _ in range(repeats):
        for key, fn in jobs.items():
            gc.collect()
            start = time.perf_counter()
            result = fn()
            times[key].append(time.perf_counter() - start)
            del result  # freeing what a call returns is not part of its time
    return {
        (n, form): {
            what: min(times[(n, form, what)]) if (n, form, what) in times else None
            for what in ("trace", "json", "micrograd", "torch")
        }
        for form in FORMS
        for n in sizes
    }


def run_all(sizes=SIZES, repeats: int = 5) -> dict[tuple[int, str], dict]:
    # chainrule needs no recursion-limit tricks: the deepest chain runs at the default limit.
    assert sys.getrecursionlimit() <= 1000
    chainrule.trace(program_text(deep(max(sizes))), VALUES)
    # micrograd's backward builds its topological order recursively: the deep chain needs this.
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 4 * max(sizes) + 1000))
    return measure(sizes, repeats)


def summary(results: dict[tuple[int, str], dict]) -> list[dict]:
    """The rows of bench/run.py's table of ratios: (what, ratio, target, met)."""
    rows = []
    for (n, form), row in results.items():
        if n >= 10_000:
            ratio = row["trace"] / row["micrograd"]
            rows.append(
                {
                    "what": f"engine {form} {n:,}: trace / micrograd",
                    "ratio": ratio,
                    "target": "<= 1.0",
                    "met": ratio <= 1.0,
                }
            )
    for form in FORMS:
        if (10_000, form) in results and (100_000, form) in results:
            growth = results[(100_000, form)]["trace"] / results[(10_000, form)]["trace"]
            rows.append(
                {
                    "what": f"engine {form}: trace 1e5 / trace 1e4",
                    "ratio": growth,
                    "target": "<= 11",
                    "met": growth <= 11,
                }
            )
    return rows


def table(results: dict[tuple[int, str], dict]) -> list[str]:
    lines = [
        f"{'form':5} {'nodes':>7} {'trace s':>9} {'json s':>8} {'micrograd s':>12} "
        f"{'torch s':>8} {'trace/mg':>9} {'target':>7}"
    ]
    for (n, form), row in results.items():
        ratio = row["trace"] / row["micrograd"]
        target = "≤ 1.0" if n >= 10_000 else ""
        mark = ("ok" if ratio <= 1.0 else "MISS") if target else ""
        torch_s = f"{row['torch']:8.4f}" if row["torch"] is not None else f"{'-':>8}"
        lines.append(
            f"{form:5} {n:7,} {row['trace']:9.4f} {row['json']:8.4f} {row['micrograd']:12.4f} "
            f"{torch_s} {ratio:9.2f} {target:>5} {mark}"
        )
    for form in FORMS:
        if (10_000, form) in results and (100_000, form) in results:
            growth = results[(100_000, form)]["trace"] / results[(10_000, form)]["trace"]
            mark = "ok" if growth <= 11 else "MISS"
            lines.append(f"{form}: trace(1e5) / trace(1e4) = {growth:.1f} (target ≤ 11) {mark}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--summary", help="also write the ratio rows to this JSON file")
    args = parser.parse_args(argv)
    torch_state = "on" if torch else "not installed"
    print(f"engine: best of {args.repeats} interleaved runs after a warm-up; torch {torch_state}")
    results = run_all(tuple(args.sizes), args.repeats)
    for line in table(results):
        print(line)
    if args.summary:
        with open(args.summary, "w") as f:
            json.dump(summary(results), f)
    return 0


if __name__ == "__main__":
    sys.exit(main())
