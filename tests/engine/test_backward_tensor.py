"""The numpy backward pass: gradients by hand formulas, running totals, no shared mutation."""

from __future__ import annotations

import numpy as np
import pytest

from chainrule.engine.autodiff.run import run_program
from chainrule.engine.errors import SpecError
from chainrule.engine.network.build import parse_spec

RNG = np.random.default_rng(7)
W = RNG.normal(size=(3, 4))
X = RNG.normal(size=4)


def node(trace, label: str) -> int:
    return trace.graph.labels.index(label)


def contributions_into(trace, target: int):
    return [c for _, cs in trace.backward_steps for c in cs if c.target == target]


def test_a_single_consumer_node_gets_its_contribution_as_its_gradient():
    trace = run_program("h = W @ x\nsum(h)", {"W": W.tolist(), "x": X.tolist()})
    h = node(trace, "h")
    (arrival,) = contributions_into(trace, h)
    np.testing.assert_array_equal(trace.grads[h], np.ones(3))  # d sum(h) / dh = 1
    assert arrival.accumulated is arrival.grad  # kept as it is: no copy for a lone arrival
    w_grad = trace.grads[trace.graph.input_nodes["W"]]
    np.testing.assert_allclose(w_grad, np.outer(np.ones(3), X), rtol=1e-15)  # g xᵀ


def test_a_branch_sums_its_arrivals_and_each_running_total_stays_as_recorded():
    # sum(a * a) with a = W x: both edges of × carry a, so dE/da = 2a, arriving as a, then 2a.
    trace = run_program("a = W @ x\nsum(a * a)", {"W": W.tolist(), "x": X.tolist()})
    a = node(trace, "a")
    value = W @ X
    first, second = contributions_into(trace, a)
    np.testing.assert_allclose(first.accumulated, value, rtol=1e-15)
    np.testing.assert_allclose(second.accumulated, 2 * value, rtol=1e-15)
    np.testing.assert_allclose(trace.grads[a], 2 * value, rtol=1e-15)
    np.testing.assert_allclose(trace.grads[trace.graph.input_nodes["x"]], W.T @ (2 * value))


def test_nodes_the_output_does_not_depend_on_get_zeros_of_their_shape():
    trace = run_program("u = W @ x\nv = sum(x)\nv", {"W": W.tolist(), "x": X.tolist()})
    u, w = node(trace, "u"), trace.graph.input_nodes["W"]
    assert not trace.reached[u]
    np.testing.assert_array_equal(trace.grads[u], np.zeros(3))
    np.testing.assert_array_equal(trace.grads[w], np.zeros((3, 4)))
    np.testing.assert_array_equal(trace.grads[trace.graph.input_nodes["x"]], np.ones(4))


def test_float_nodes_among_tensors_accumulate_from_both_kinds_of_step():
    # E = sum(v * s) + y with s = 2y: dE/dy = 2 Σv + 1, dE/ds = Σv, dE/dv = s.
    v = [1.5, -0.5, 2.0]
    trace = run_program("s = y * 2\nsum(v * s) + y", {"v": v, "y": 0.75})
    inputs = trace.graph.input_nodes
    assert trace.grads[inputs["y"]] == pytest.approx(2 * sum(v) + 1)
    assert trace.grads[node(trace, "s")] == pytest.approx(sum(v))
    np.testing.assert_allclose(trace.grads[inputs["v"]], np.full(3, 1.5))
    # y's two arrivals, in the order of the backward pass: 1 from the sum, then 2 Σv via s.
    totals = [c.accumulated for c in contributions_into(trace, inputs["y"])]
    assert totals == [pytest.approx(1.0), pytest.approx(1.0 + 2 * sum(v))]


def test_matmul_with_transposed_operands_matches_the_hand_formula():
    # A transposed right operand (X @ Wᵀ, as in a batched layer), then a transposed left one;
    # the vector-Jacobian products are made in the operand's memory order (see ops.py).
    a, b = RNG.normal(size=(2, 3)), RNG.normal(size=(5, 3))
    grads = run_program("sum(A @ transpose(B))", {"A": a, "B": b}).input_gradients()
    np.testing.assert_allclose(grads["A"], np.ones((2, 5)) @ b, rtol=1e-13)  # G B
    np.testing.assert_allclose(grads["B"], np.ones((5, 2)) @ a, rtol=1e-13)  # Gᵀ A
    a, b = RNG.normal(size=(2, 3)), RNG.normal(size=(2, 5))
    grads = run_program("sum(transpose(A) @ B)", {"A": a, "B": b}).input_gradients()
    np.testing.assert_allclose(grads["A"], b @ np.ones((5, 3)), rtol=1e-13)  # B Gᵀ
    np.testing.assert_allclose(grads["B"], a @ np.ones((3, 5)), rtol=1e-13)  # A G


def test_class_targets_given_as_integer_arrays_are_checked_as_a_whole():
    spec = {"layers": [3, 4], "loss": "cross_entropy", "input": np.zeros((2, 3))}
    parsed = parse_spec({**spec, "target": np.array([0, 3])})
    np.testing.assert_array_equal(parsed.target, [0.0, 3.0])
    with pytest.raises(SpecError, match="target 4 is out of range"):
        parse_spec({**spec, "target": np.array([0, 4])})
    with pytest.raises(SpecError, match="list of 2 class indices"):
        parse_spec({**spec, "target": np.array([0, 1, 2])})
