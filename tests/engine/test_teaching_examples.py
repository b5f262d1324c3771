"""Why deep nets are hard (issue 11): the built-in examples' gradients, derived by hand and by
central differences, the numbers their descriptions quote, and the messages that teach shapes."""

from __future__ import annotations

import math

import numpy as np
import pytest

from chainrule import gradcheck, trace
from chainrule.engine.errors import ChainruleError
from chainrule.engine.examples import EXAMPLES

BY_TITLE = {word: next(e for e in EXAMPLES if word in e["title"]) for word in (
    "Vanishing", "Dying ReLU", "Exploding", "Saturated")}  # fmt: skip


def run(example):
    return trace(example["expression"], example["values"])


def sigmoid(a: float) -> float:
    return 1.0 / (1.0 + math.exp(-a))


@pytest.mark.parametrize("word", list(BY_TITLE))
def test_each_example_agrees_with_central_differences(word):
    example = BY_TITLE[word]
    check = gradcheck(example["expression"], example["values"])
    judged = [name for name, r in check.inputs.items() if not r.at_kink]
    assert judged and check.passed, check
    assert set(example["parameters"]) <= set(example["values"])


def test_vanishing_each_sigmoid_multiplies_by_its_local_slope():
    t = run(BY_TITLE["Vanishing"])
    # By hand: h_k = σ(h_{k-1}) from x = 1 (all weights 1); ∂f/∂w_k = h_{k-1} Π_{j>=k} σ'(z_j).
    h = [1.0]
    for _ in range(6):
        h.append(sigmoid(h[-1]))
    slopes = [h[k] * (1 - h[k]) for k in range(1, 7)]  # σ'(z_k) = h_k (1 - h_k)
    for k in range(1, 7):
        expected = h[k - 1] * math.prod(slopes[k - 1 :])
        assert t.gradients[f"w{k}"] == pytest.approx(expected, rel=1e-12)
    assert all(s <= 0.25 for s in slopes)
    assert t.gradients["w6"] == pytest.approx(0.148, abs=5e-4)
    assert t.gradients["w1"] == pytest.approx(0.00011, abs=5e-6)
    assert t.gradients["w6"] / t.gradients["w1"] == pytest.approx(1356, rel=1e-3)


def test_dying_relu_sends_zero_to_every_parameter_while_the_error_is_not_zero():
    t = run(BY_TITLE["Dying ReLU"])
    assert t.output.value == pytest.approx(0.5)  # o = v·relu(-2) = 0, E = ½ (1 - 0)²
    assert t.gradients["w"] == t.gradients["b"] == t.gradients["v"] == 0.0
    z = next(n for n in t.nodes if n.label == "z")
    assert z.value == -2.0


def test_exploding_gradients_grow_by_the_weight_at_each_gate():
    t = run(BY_TITLE["Exploding"])
    labels = {n.label: n for n in t.nodes if n.label}
    # By hand: h6 = 3^6 = 729, ∂E/∂h6 = h6 - t = 728, then ×3 per gate going left.
    assert labels["h6"].value == 729
    for k, expected in zip(range(6, 0, -1), (728, 2184, 6552, 19656, 58968, 176904), strict=True):
        assert labels[f"h{k}"].grad == expected
    assert t.gradients["x"] == 530712
    assert t.gradients["w1"] == 176904  # ∂E/∂h1 · x
    assert 0.01 * t.gradients["w1"] == pytest.approx(1769, abs=1)


def test_saturated_tanh_has_a_large_error_and_a_tiny_gradient():
    t = run(BY_TITLE["Saturated"])
    y = math.tanh(5.0)  # w·x + b = 2·2 + 1
    local = 1 - y * y
    assert local == pytest.approx(0.00018, abs=5e-6)
    assert t.output.value == pytest.approx(0.5 * (-1 - y) ** 2) and t.output.value > 1.99
    assert t.gradients["w"] == pytest.approx((y + 1) * local * 2, rel=1e-12)  # (y - t)·tanh'·x
    assert t.gradients["b"] == pytest.approx((y + 1) * local, rel=1e-12)
    assert t.gradients["w"] == pytest.approx(0.00073, abs=5e-6)


def test_matmul_on_scalars_says_what_shape_to_type():
    with pytest.raises(ChainruleError) as info:
        trace("sum(W @ x)", {"W": 1, "x": 2})
    message = str(info.value)
    assert "give W a value like [[1, 2], [3, 4]] and x a value like [1, 2]" in message
    assert (info.value.line, info.value.column) == (1, 7)
    with pytest.raises(ChainruleError) as info:
        trace("sum(W @ x)", {"W": [[1, 2, 3], [4, 5, 6]], "x": 2})
    assert "give x a value like [1, 2, 3]" in str(info.value)
    # The suggestion works: typed as the message says, the program runs.
    t = trace("sum(W @ x)", {"W": [[1, 2], [3, 4]], "x": [1, 2]})
    assert t.output.value == float(np.sum(np.array([[1, 2], [3, 4]]) @ np.array([1, 2])))
