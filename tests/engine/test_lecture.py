"""The lecture's worked numbers, exactly: the (x+y)z circuit, the sigmoid neuron, branches."""

from __future__ import annotations

import math

import pytest

from chainrule import trace


def by_id(t):
    return {n.id: n for n in t.nodes}


def test_circuit_values_and_gradients():
    t = trace("(x + y) * z", {"x": -2, "y": 5, "z": -4})
    assert t.output.value == -12
    assert t.gradients == {"x": -4, "y": -4, "z": 3}


def test_circuit_add_gate_sends_minus_four_to_both_inputs():
    t = trace("q = x + y\nf = q * z", {"x": -2, "y": 5, "z": -4})
    nodes = by_id(t)
    add = next(n for n in t.nodes if n.op == "add")
    assert add.label == "q" and add.value == 3 and add.grad == -4
    step = next(s for s in t.steps if s.phase == "backward" and s.node == add.id)
    sent = {nodes[c.target].label: (c.local, c.grad) for c in step.contributions}
    assert sent == {"x": (1, -4), "y": (1, -4)}
    mul_step = next(s for s in t.steps if s.phase == "backward")
    assert mul_step.grad == 1  # the backward pass starts at the output with gradient 1
    assert {nodes[c.target].label: c.local for c in mul_step.contributions} == {"q": -4, "z": 3}


NEURON = {"w0": 2, "x0": -1, "w1": -3, "x1": -2, "w2": -3}
NEURON_GRADS = {"w0": -0.1966, "x0": 0.3932, "w1": -0.3932, "x1": -0.5898, "w2": 0.1966}


@pytest.mark.parametrize(
    "program", ["1 / (1 + exp(-(w0*x0 + w1*x1 + w2)))", "sigmoid(w0*x0 + w1*x1 + w2)"]
)
def test_sigmoid_neuron(program):
    t = trace(program, NEURON)
    assert t.output.value == pytest.approx(1 / (1 + math.exp(-1.0)))
    for name, expected in NEURON_GRADS.items():
        assert round(t.gradients[name], 4) == expected


def test_sigmoid_gate_local_gradient_is_point_two():
    t = trace("sigmoid(w0*x0 + w1*x1 + w2)", NEURON)
    sigma = next(s for s in t.steps if s.phase == "backward")
    assert sigma.contributions[0].local == pytest.approx(0.7311 * 0.2689, abs=1e-4)


def test_branch_sums_contributions_in_order():
    t = trace("x*y + x", {"x": 3, "y": -4})
    x = next(n for n in t.nodes if n.label == "x")
    arrivals = [
        (c.grad, c.accumulated)
        for s in t.steps
        if s.phase == "backward"
        for c in s.contributions
        if c.target == x.id
    ]
    assert arrivals == [(1, 1), (-4, -3)]
    assert t.gradients["x"] == -3 and t.gradients["y"] == 3
    assert len([e for e in t.edges if e.source == x.id]) == 2


def test_square_is_two_edges_into_one_gate():
    t = trace("x * x", {"x": 3})
    x = next(n for n in t.nodes if n.label == "x")
    edges = [e for e in t.edges if e.source == x.id]
    assert [e.index for e in edges] == [0, 1]
    assert len({e.target for e in edges}) == 1
    step = next(s for s in t.steps if s.phase == "backward")
    assert [(c.grad, c.accumulated) for c in step.contributions] == [(3, 3), (3, 6)]
    assert t.gradients["x"] == 6


def test_max_gate_routes_to_larger_input():
    t = trace("max(x, y) * z", {"x": 4, "y": -1, "z": 2})
    assert t.gradients == {"x": 2, "y": 0, "z": 4}


def test_delta_rule_matches_hand_derivation():
    values = {"w0": 0.5, "x0": 1.0, "w1": -0.3, "x1": 2.0, "t": 1.0}
    t = trace("o = w0*x0 + w1*x1\nE = 0.5 * (t - o)^2", values)
    o = 0.5 * 1.0 + -0.3 * 2.0
    delta = values["t"] - o
    assert t.output.value == pytest.approx(0.5 * delta**2)
    assert t.gradients["w0"] == pytest.approx(-delta * values["x0"])
    assert t.gradients["w1"] == pytest.approx(-delta * values["x1"])


def test_steps_are_forward_then_reverse_topological_backward():
    t = trace("q = x + y; f = q * z", {"x": -2, "y": 5, "z": -4})
    phases = [s.phase for s in t.steps]
    assert phases == ["forward", "forward", "backward", "backward"]
    order = [int(s.node[1:]) for s in t.steps if s.phase == "backward"]
    assert order == sorted(order, reverse=True)
    ids = [n.id for n in t.nodes]
    for node in t.nodes:
        for source in node.inputs:
            assert ids.index(source) < ids.index(node.id)


def test_max_and_min_split_a_tie_evenly_like_central_differences():
    t = trace("max(x, y) + min(x, y)", {"x": 1.5, "y": 1.5})
    assert t.gradients == {"x": 1, "y": 1}  # max + min = x + y
    assert trace("max(x, y)", {"x": 2, "y": 2}).gradients == {"x": 0.5, "y": 0.5}
