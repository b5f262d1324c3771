"""The per-request Budget: limits act from shapes before allocating, every number the response
carries is counted, and one deadline covers every pass of a request."""

from __future__ import annotations

import importlib
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


# ---- a graph traced request after request: checked once per set of shapes -----------------
def _network(batch: int, layers=(6, 5, 4)) -> dict:
    rng = np.random.default_rng(batch)
    return {
        "layers": list(layers),
        "loss": "cross_entropy",
        "input": rng.normal(size=(batch, layers[0])),
        "target": rng.integers(0, layers[-1], size=batch),
    }


def _graph(spec: dict):
    from chainrule.engine.network.build import build_network, parse_spec

    return build_network(parse_spec(spec))


def _unkept(graph):
    """The same graph with no kept checks: every forward pass checks op by op."""
    import dataclasses

    return dataclasses.replace(graph, checked=None)


def _charged(graph, values, budget: Budget) -> tuple[int, int]:
    from chainrule.engine.autodiff import forward

    forward(graph, values, budget)
    return budget.work, budget.numbers


@pytest.mark.parametrize("full_edges", [False, True])
def test_a_network_traced_again_is_charged_what_checking_every_op_charges(full_edges, monkeypatch):
    forward_module = importlib.import_module("chainrule.engine.autodiff.forward")

    graph, values = _graph(_network(batch=7, layers=(9, 8, 3)))
    checked_work = _charged(_unkept(graph), values, Budget(full_edges=full_edges))
    assert checked_work[0] > 0 and checked_work[1] > 0
    _charged(graph, values, Budget(full_edges=full_edges))  # keeps what the checks found
    checks = []
    monkeypatch.setattr(
        forward_module, "tensor_op", lambda *a: checks.append(a) or forward_module.tensor_op(*a)
    )
    again, values_again = _graph(_network(batch=7, layers=(9, 8, 3)))
    assert again.checked is graph.checked  # one network, one graph structure, kept checks
    assert _charged(again, values_again, Budget(full_edges=full_edges)) == checked_work
    assert checks == []  # charged from the kept checks, op by op checks skipped


def test_kept_checks_do_not_let_a_tighter_limit_through():
    graph, values = _graph(_network(batch=5, layers=(7, 6, 3)))
    _charged(graph, values, Budget())  # the checks are kept, under no limits
    for limits in (
        Limits(max_work=100),
        Limits(max_trace_elements=60),
        Limits(max_tensor_elements=20),
    ):
        with pytest.raises(LimitError) as unkept:
            _charged(_unkept(graph), values, Budget(limits))
        with pytest.raises(LimitError) as kept:
            _charged(graph, values, Budget(limits))
        assert kept.value.message == unkept.value.message  # the same op, the same words


def test_kept_checks_are_per_shape_and_bounded():
    from chainrule.engine.autodiff.shape_check import MAX_KEPT

    graph, _ = _graph(_network(batch=2, layers=(5, 4, 3)))
    for batch in range(1, 40):
        again, values = _graph(_network(batch=batch, layers=(5, 4, 3)))
        work = _charged(again, values, Budget())
        assert work == _charged(_unkept(again), values, Budget())
    assert 0 < len(graph.checked) <= MAX_KEPT
