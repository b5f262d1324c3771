"""The per-request Budget: limits act from shapes before allocating, every number the response
carries is counted, and one deadline covers every pass of a request."""

from __future__ import annotations

import time
import tracemalloc

import numpy as np
import pytest

from chainrule import LimitError, Limits
from chainrule.engine.autodiff.run import run_program
from chainrule.engine.budget import Budget
from chainrule.engine.gradients.gradcheck import check_gradients
from chainrule.engine.results.document import trace_document


def test_an_outer_product_over_the_limit_is_refused_from_its_shapes_before_allocating():
    # 8000x1 @ 1x8000 would be 64 million numbers (512 MB); the request itself is small.
    a, b = np.ones((8000, 1)), np.ones((1, 8000))
    tracemalloc.start()
    try:
        with pytest.raises(LimitError, match="CHAINRULE_MAX_TENSOR_ELEMENTS") as caught:
            run_program("sum(a @ b)", {"a": a, "b": b}, Limits(max_tensor_elements=1_000_000))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert "64,000,000" in caught.value.message and (caught.value.line, caught.value.column) == (
        1,
        7,
    )
    assert peak < 20_000_000, peak  # far below the 512 MB the product would take


def test_broadcasting_is_sized_from_shapes_too():
    with pytest.raises(LimitError, match=r"\(3000, 1\) and \(1, 3000\)"):
        run_program(
            "sum(a + b)",
            {"a": np.ones((3000, 1)), "b": np.ones((1, 3000))},
            Limits(max_tensor_elements=1_000_000),
        )


REUSED = "\n".join(
    ["s0 = x * 1"] + [f"s{i} = s{i - 1} + x * {i}" for i in range(1, 32)] + ["sum(s31)"]
)


def test_full_tensor_edges_are_counted_and_compact_ones_are_not():
    """x (10,000 numbers) feeds 32 gates: in full every use carries a 10,000-number
    contribution and running total; compact sends summaries."""
    values = {"x": np.ones(10_000)}
    limits = Limits(max_trace_elements=1_500_000)
    compact = run_program(REUSED, values, budget=Budget(limits), record="summary")
    document = trace_document(compact, "compact")
    x_edges = [e for e in document["edges"] if e["source"] == "n0"]
    assert len(x_edges) == 32 and all(
        set(e["grad"]) == {"shape", "norm", "min", "max"} for e in x_edges
    )
    with pytest.raises(LimitError, match="CHAINRULE_MAX_TRACE_ELEMENTS"):
        run_program(REUSED, values, budget=Budget(limits, full_edges=True), record="arrays")


def test_a_compact_summary_describes_the_full_contribution():
    values = {"x": np.array([3.0, -4.0]), "W": np.array([[1.0, 2.0], [3.0, 4.0]])}
    trace = run_program("sum(W @ x) + sum(x)", values)
    full = trace_document(trace, "full")
    compact = trace_document(trace, "compact")
    for f, c in zip(full["edges"], compact["edges"], strict=True):
        if isinstance(f["grad"], list):
            g = np.array(f["grad"])
            assert c["grad"] == {
                "shape": list(g.shape),
                "norm": pytest.approx(float(np.linalg.norm(g))),
                "min": g.min(),
                "max": g.max(),
            }
        else:
            assert c["grad"] == f["grad"]
    assert compact["nodes"] == full["nodes"]  # node values and gradients always in full


def test_summary_recording_gives_the_compact_document_of_full_recording():
    values = {"x": np.linspace(-1, 1, 6).reshape(2, 3)}
    text = "y = x * x + x\nz = y * x\nsum(z + y)"
    summary = trace_document(run_program(text, values, record="summary"), "compact")
    arrays = trace_document(run_program(text, values, record="arrays"), "compact")
    assert summary == arrays


def test_gradcheck_has_one_deadline_for_the_whole_request():
    # 1,000 elements, 2,001 forward passes of a few ms each: seconds in all, 0.3 s allowed.
    text = "\n".join(["h0 = relu(x)"] + [f"h{i} = relu(h{i - 1} * 1.01)" for i in range(1, 60)])
    text += "\nsum(h59)"
    start = time.perf_counter()
    with pytest.raises(LimitError, match="CHAINRULE_MAX_SECONDS"):
        check_gradients(
            text, {"x": np.linspace(0.1, 1, 1000)}, budget=Budget(Limits(max_seconds=0.3))
        )
    assert time.perf_counter() - start < 3.0


def test_the_document_is_built_within_the_deadline():
    trace = run_program("\n".join(f"a{i} = x * {i}" for i in range(5000)) + "\nx", {"x": 1.0})
    budget = Budget(Limits(max_seconds=0.001))
    time.sleep(0.01)
    with pytest.raises(LimitError, match="CHAINRULE_MAX_SECONDS"):
        trace_document(trace, budget=budget)
