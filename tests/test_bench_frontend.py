"""The frontend benchmark's scenarios and its target bookkeeping (no browser, nothing timed)."""

from __future__ import annotations

import importlib.util
import math
import sys
from pathlib import Path

import pytest

import chainrule

BENCH = Path(__file__).resolve().parents[1] / "bench"


@pytest.fixture(scope="module")
def bench():
    sys.path.insert(0, str(BENCH))
    try:
        spec = importlib.util.spec_from_file_location(
            "frontend_layout", BENCH / "frontend_layout.py"
        )
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        yield module
    finally:
        sys.path.remove(str(BENCH))


def test_fanout_chain_is_the_issues_program(bench):
    program, values = bench.fanout_chain(300)
    lines = program.splitlines()
    assert lines[:4] == ["a1 = x * y", "a2 = a1 + x", "a3 = a2 * y", "a4 = a3 + x"]
    assert len(lines) == 300 and values == {"x": 0.5, "y": 0.9}
    assert all(line.endswith((" x", " y")) for line in lines)  # every statement reuses an input


def test_fanout_chain_at_2000_stays_finite(bench):
    program, values = bench.fanout_chain(2000)
    trace = chainrule.trace(program, values)
    assert len(trace.nodes) == 2002  # x, y and one gate per statement
    # a -> 0.9 a on odd steps, a + 0.5 on even ones: the fixed point of a = 0.9 a + 0.5 is 5.
    assert all(math.isfinite(node.value) for node in trace.nodes)
    assert trace.output.value == pytest.approx(5.0, abs=1e-6)


def test_sum_of_30_terms(bench):
    program, values = bench.sum_of_terms(30)
    trace = chainrule.trace(program, values)
    assert sum(node.kind == "input" for node in trace.nodes) == 30
    assert trace.output.value == pytest.approx(sum(0.1 * k for k in range(1, 31)))


def test_scenarios_include_only_expression_examples(bench):
    examples = [
        {"id": "c", "kind": "expression", "expression": "x * y", "values": {"x": 1, "y": 2}},
        {"id": "n", "kind": "network", "network": {}},
    ]
    table = bench.scenarios(examples)
    assert {"fanout-300", "fanout-1000", "fanout-2000", "sum-30", "random-2000"} <= set(table)
    assert table["example:c"]["example"] == "c" and "example:n" not in table


def row(**changes):
    base = {
        "status": "ok",
        "drawn_s": [1.0, 3.0, 1.5],
        "drawn_task_ms": [120, 80, 90],
        "step_ms": [10, 70, 60],
        "zoom_ms": [5, 6, 7],
        "interact_task_ms": 40,
    }
    return {**base, **changes}


def test_misses_compare_median_and_longest_with_the_targets(bench):
    assert bench.misses(row()) == ["step"]  # drawn median 1.5 s <= 2 s; step median 60 > 50 ms
    assert bench.misses(row(drawn_task_ms=[250], interact_task_ms=201)) == [
        "step",
        "task(drawn)",
        "task(step/zoom)",
    ]
    assert bench.misses(row(status="timeout", drawn_s=[])) == ["timeout"]


def test_summary_folds_examples_and_reports_timeouts(bench):
    rows = {
        "fanout-300": row(status="timeout", drawn_s=[], step_ms=[], zoom_ms=[]),
        "example:a": row(),
        "example:b": row(zoom_ms=[80, 90, 100]),
    }
    out = {r["what"]: r for r in bench.summary(rows)}
    assert out["frontend fanout-300: typed->drawn"]["value"] == "timeout"
    assert not out["frontend fanout-300: typed->drawn"]["met"]
    zoom = out["frontend examples (worst of 2): zoom frame"]
    assert (zoom["ratio"], zoom["met"]) == (90, False)
    assert out["frontend examples (worst of 2): typed->drawn"]["met"]
    assert len(out) == 8
