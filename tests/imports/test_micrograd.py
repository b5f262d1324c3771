"""chainrule.from_micrograd: leaves' gradients equal micrograd's own backward(); the drawn
graph reads a - b and a / b back from micrograd's a + (b * -1) and a * b**-1."""

from __future__ import annotations

import random
import sys

import pytest
from micrograd.engine import Value
from micrograd.nn import MLP, Neuron

import chainrule


def assert_matches_backward(t, leaves: dict[str, Value]) -> None:
    for name, leaf in leaves.items():
        assert t.gradients[name] == pytest.approx(leaf.grad, rel=1e-12, abs=1e-15), name


def test_lecture_circuit():
    x, y, z = Value(-2.0), Value(5.0), Value(-4.0)
    t = chainrule.from_micrograd((x + y) * z, {"x": x, "y": y, "z": z})
    assert t.output.value == -12
    assert t.gradients == {"x": -4, "y": -4, "z": 3}


def test_micrograd_neuron_against_its_backward():
    random.seed(1)
    neuron = Neuron(3)
    xs = [Value(v) for v in (0.5, -1.5, 2.0)]
    out = neuron(xs)
    out.backward()
    leaves = {f"w{k}": w for k, w in enumerate(neuron.w)} | {"b": neuron.b}
    leaves |= {f"x{k}": x for k, x in enumerate(xs)}
    t = chainrule.from_micrograd(out, leaves)
    assert t.output.value == pytest.approx(out.data, rel=1e-15)
    assert_matches_backward(t, leaves)
    assert "relu" in [n.op for n in t.nodes]


def test_two_layer_mlp_loss_against_its_backward():
    random.seed(0)
    model = MLP(3, [4, 4, 1])  # two hidden layers, as in micrograd's demo
    xs = [[2.0, 3.0, -1.0], [3.0, -1.0, 0.5], [0.5, 1.0, 1.0], [1.0, 1.0, -1.0]]
    ys = [1.0, -1.0, -1.0, 1.0]
    loss = sum((model(x) - y) ** 2 for x, y in zip(xs, ys, strict=True))
    loss.backward()
    parameters = {f"p{k}": p for k, p in enumerate(model.parameters())}
    t = chainrule.from_micrograd(loss, parameters)
    assert t.output.value == pytest.approx(loss.data, rel=1e-12)
    assert_matches_backward(t, parameters)
    ops = {n.op for n in t.nodes}
    assert "sub" in ops and "pow" in ops  # model(x) - y is drawn as a subtraction


def test_sub_div_neg_and_powers_read_back_as_typed():
    a, b = Value(3.0), Value(-1.5)
    out = (a - b) / b + 2 / a - a**2 + (-b) * a * a - 1 - a**0.5 * 0 + (a * a) / (b + b)
    out.backward()
    t = chainrule.from_micrograd(out, {"a": a, "b": b})
    assert_matches_backward(t, {"a": a, "b": b})
    ops = [n.op for n in t.nodes if n.kind == "op"]
    assert ops.count("div") == 3 and ops.count("neg") == 1 and "sub" in ops
    # Leaves: a, b and micrograd's wrapped numbers 2, -1 (from `- 1`) and 0; the fresh -1s of
    # the three negations (a - b, - a**2, -b) are absorbed into sub and neg.
    inputs = sorted(n.value for n in t.nodes if n.kind == "input")
    assert inputs == [-1.5, -1.0, 0.0, 2.0, 3.0]
    # hand-derived: d/da = 1/b - 2/a^2 - 2a - 2ab + 2a/(2b); d/db = ...
    da = 1 / -1.5 - 2 / 9 - 6 - 2 * 3 * -1.5 + 2 * 3 / -3.0
    assert t.gradients["a"] == pytest.approx(da, rel=1e-12)


def test_order_matters_only_where_it_can_be_read():
    x, y = Value(4.0), Value(2.0)
    t = chainrule.from_micrograd(1 - x / y, {"x": x, "y": y})
    assert t.gradients == {"x": -0.5, "y": 1.0, "v0": 1.0}  # -1/y, x/y^2; v0 is the 1
    ids = {n.id: n for n in t.nodes}
    sub = next(n for n in t.nodes if n.op == "sub")
    assert ids[sub.inputs[0]].value == 1 and ids[sub.inputs[1]].op == "div"
    div = ids[sub.inputs[1]]
    assert [ids[i].label for i in div.inputs] == ["x", "y"]
    # x / 2 is x * 0.5 in micrograd (2**-1 is Python arithmetic): drawn as it was built
    t = chainrule.from_micrograd(x / 2, {"x": x})
    assert [n.op for n in t.nodes if n.kind == "op"] == ["mul"]


def test_a_value_times_itself_has_two_edges():
    x = Value(3.0)
    t = chainrule.from_micrograd(x * x + x, {"x": x})
    assert t.gradients == {"x": 7.0}
    square = next(n for n in t.nodes if n.op == "mul")
    assert len(square.inputs) == 2 and square.inputs[0] == square.inputs[1]


def test_unnamed_leaves_get_stable_names_and_labels_are_used():
    class Labelled(Value):  # the lecture's Value carries a label
        def __init__(self, data, _children=(), _op="", label=""):
            super().__init__(data, _children, _op)
            self.label = label

    w = Labelled(2.0, label="w")
    out = w * Value(-1.0) * Value(3.0)
    t1 = chainrule.from_micrograd(out)
    t2 = chainrule.from_micrograd(out)
    assert set(t1.gradients) == {"w", "v0"} and t1.gradients == t2.gradients
    assert t1.gradients["w"] == -3.0 and t1.gradients["v0"] == -2.0


def test_a_10000_node_chain_needs_no_recursion_limit():
    w, c = Value(0.9999), Value(0.0001)
    v = Value(1.0)
    start = v
    for _ in range(5000):
        v = v * w + c  # 10,000 op nodes, w and c shared by all of them
    limit = sys.getrecursionlimit()
    t = chainrule.from_micrograd(v, {"w": w, "c": c, "x": start})
    assert sys.getrecursionlimit() == limit
    assert len(t.nodes) == 10_003
    sys.setrecursionlimit(30_000)  # micrograd's own backward recurses once per node
    try:
        v.backward()
    finally:
        sys.setrecursionlimit(limit)
    assert_matches_backward(t, {"w": w, "c": c, "x": start})


def test_an_unknown_op_is_named():
    odd = Value(2.0, (Value(1.0),), "sinh")
    with pytest.raises(ValueError, match="'sinh'"):
        chainrule.from_micrograd(odd)
    with pytest.raises(TypeError, match="micrograd Value"):
        chainrule.from_micrograd(3.0)
