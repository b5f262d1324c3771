"""Huge programs trace iteratively: no recursion limits, no quadratic costs."""

from __future__ import annotations

import sys

from chainrule import trace


def test_100k_statement_chain_traces_without_recursion():
    n = 100_000
    lines = ["a1 = x * y"] + [f"a{i} = a{i - 1} + x" for i in range(2, n + 1)]
    limit = sys.getrecursionlimit()
    t = trace("\n".join(lines), {"x": 0.5, "y": 2.0})
    assert sys.getrecursionlimit() == limit
    # a_n = x*y + (n-1)*x: d/dx = y + n - 1, d/dy = x
    assert t.gradients["x"] == 2.0 + n - 1
    assert t.gradients["y"] == 0.5
    assert len(t.nodes) == n + 2


def test_100k_term_sum_in_one_expression():
    n = 100_000
    program = " + ".join(f"x{i % 16}" for i in range(n))
    values = {f"x{k}": float(k) for k in range(16)}
    t = trace(program, values)
    assert t.output.value == sum(float(i % 16) for i in range(n))
    assert t.gradients == {f"x{k}": n / 16 for k in range(16)}


def test_deeply_nested_parentheses():
    depth = 50_000
    t = trace("(" * depth + "x" + ")" * depth + " * 2", {"x": 3})
    assert t.gradients["x"] == 2
