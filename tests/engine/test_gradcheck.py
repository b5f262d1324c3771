"""Gradient check: passes on every lecture example, catches a wrong derivative, reports kinks."""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest

from chainrule import Limits
from chainrule.engine.budget import Budget
from chainrule.engine.errors import ChainruleError, EvalError, LimitError
from chainrule.engine.examples import EXAMPLES
from chainrule.engine.expression import parse
from chainrule.engine.gradients import gradcheck
from chainrule.engine.gradients.gradcheck import MAX_ELEMENTS, THRESHOLD, relative_error
from chainrule.engine.ops.registry import REGISTRY


# The engine returns GradcheckResult objects; these tests read the REST documents.
def gradcheck_program(text, values, *, limits=None, **kwargs):
    budget = Budget(limits or Limits())
    return gradcheck.check_gradients(text, values, budget=budget, **kwargs).to_dict()


def gradcheck_network(raw, *, limits=None, **kwargs):
    budget = Budget(limits or Limits())
    return gradcheck.check_gradients(network=raw, budget=budget, **kwargs).to_dict()


EXPRESSIONS = [e for e in EXAMPLES if e["kind"] == "expression"]


@pytest.mark.parametrize("example", EXPRESSIONS, ids=[e["id"] for e in EXPRESSIONS])
def test_every_builtin_example_passes(example):
    result = gradcheck_program(example["expression"], example["values"])
    assert result["passed"] is True
    assert result["max_relative_error"] < THRESHOLD
    assert set(result["inputs"]) == set(example["values"])
    assert result["kinks"] == []


def test_the_lecture_circuit_numbers():
    result = gradcheck_program("(x + y) * z", {"x": -2, "y": 5, "z": -4})
    for name, expected in {"x": -4.0, "y": -4.0, "z": 3.0}.items():
        entry = result["inputs"][name]
        assert entry["analytic"] == expected
        assert entry["numerical"] == pytest.approx(expected, rel=1e-8)
        assert entry["relative_error"] < 1e-8
        assert entry["at_kink"] is False
    assert result["output"] == -12.0
    assert result["forward_passes"] == 7  # one base pass + two per input


def _register_wrong_sin(monkeypatch):
    """A sin whose local derivative is (wrongly) sin instead of cos, for this test only."""
    wrong = dataclasses.replace(
        REGISTRY["sin"], name="wrongsin", spellings=("wrongsin",),
        partials=lambda xs, out: (np.sin(xs[0]),),
        kernel_partials=lambda a, out: (np.sin(a),),  # the float rule is wrong the same way
    )  # fmt: skip
    monkeypatch.setitem(REGISTRY, "wrongsin", wrong)
    monkeypatch.setitem(parse.FUNCTIONS, "wrongsin", wrong)


def test_a_wrong_derivative_is_flagged(monkeypatch):
    _register_wrong_sin(monkeypatch)
    result = gradcheck_program("y * wrongsin(x)", {"x": 0.7, "y": 2.0})
    assert result["passed"] is False
    x = result["inputs"]["x"]
    assert x["passed"] is False
    assert x["numerical"] == pytest.approx(2.0 * math.cos(0.7), rel=1e-7)
    assert x["analytic"] == pytest.approx(2.0 * math.sin(0.7))
    assert result["worst"]["input"] == "x"
    assert result["max_relative_error"] == pytest.approx(
        abs(math.sin(0.7) - math.cos(0.7)) / math.cos(0.7), rel=1e-6
    )
    assert result["inputs"]["y"]["passed"] is True  # d/dy = wrongsin(x) is right
    assert result["kinks"] == []


def test_the_wrong_op_is_gone_after_the_test():
    assert "wrongsin" not in REGISTRY and "wrongsin" not in parse.FUNCTIONS


def test_a_wrong_derivative_inside_a_tensor_is_flagged_per_element(monkeypatch):
    _register_wrong_sin(monkeypatch)
    w = [0.3, -1.2, 0.0]
    result = gradcheck_program("sum(wrongsin(w))", {"w": w})
    entry = result["inputs"]["w"]
    assert entry["shape"] == [3]
    assert entry["numerical"] == pytest.approx(np.cos(w).tolist(), rel=1e-7)
    assert entry["analytic"] == pytest.approx(np.sin(w).tolist())
    assert result["passed"] is False
    assert result["worst"]["index"] in ([1], [2])  # cos(0) = 1 vs sin(0) = 0 is 100% off


def test_relu_at_zero_is_reported_as_a_kink_not_a_failure():
    result = gradcheck_program("relu(x)", {"x": 0})
    x = result["inputs"]["x"]
    assert x["at_kink"] is True
    assert x["analytic"] == 0.0  # relu's choice at 0: [a > 0]
    assert x["numerical"] == pytest.approx(0.5)  # (h - 0) / 2h
    assert result["passed"] is True
    assert result["max_relative_error"] is None  # nothing away from a kink to judge
    (kink,) = result["kinks"]
    assert kink["op"] == "relu" and kink["at_point"] is True
    assert (kink["line"], kink["column"]) == (1, 1)
    (crossing,) = kink["crossings"]
    assert crossing["input"] == "x"
    assert crossing["left"] == 0.0
    assert crossing["right"] == pytest.approx(1.0)


def test_max_at_a_tie_is_reported_for_both_inputs():
    result = gradcheck_program("m = max(x, y)\nf = m * 3", {"x": 2, "y": 2})
    assert result["inputs"]["x"]["at_kink"] is True
    assert result["inputs"]["y"]["at_kink"] is True
    (kink,) = result["kinks"]
    assert kink["op"] == "max" and kink["label"] == "m"
    assert kink["at_point"] is True
    assert (kink["line"], kink["column"]) == (1, 5)
    assert {c["input"] for c in kink["crossings"]} == {"x", "y"}
    assert result["passed"] is True


def test_max_away_from_a_tie_has_no_kink():
    result = gradcheck_program("max(x, y) * 3", {"x": 2, "y": 1})
    assert result["kinks"] == []
    assert result["inputs"]["x"]["numerical"] == pytest.approx(3.0)
    assert result["inputs"]["y"]["numerical"] == 0.0
    assert result["passed"] is True


def test_a_nudge_that_crosses_a_nearby_kink_is_reported():
    # abs at 1e-7 is differentiable, but a nudge of h = 1e-6 crosses 0.
    result = gradcheck_program("abs(x)", {"x": 1e-7})
    assert result["inputs"]["x"]["at_kink"] is True
    (kink,) = result["kinks"]
    assert kink["at_point"] is False and kink["op"] == "abs"
    smaller = gradcheck_program("abs(x)", {"x": 1e-7}, h=1e-9)
    assert smaller["kinks"] == [] and smaller["passed"] is True


def test_kinks_inside_a_tensor_are_per_element():
    result = gradcheck_program("sum(max(0, W @ x))", {"W": [[1, -1], [2, 1]], "x": [1, 1]})
    # Unit 0's pre-activation is exactly 0: W[0][*] and x sit at its kink; unit 1 is smooth.
    assert result["inputs"]["W"]["at_kink"] == [[True, True], [False, False]]
    assert result["inputs"]["W"]["numerical"][1] == pytest.approx([1.0, 1.0])
    assert result["inputs"]["x"]["at_kink"] == [True, True]
    assert [k["op"] for k in result["kinks"]] == ["max"]
    assert result["passed"] is True


def test_relative_error_formula():
    assert relative_error(1.0, 1.0) == 0.0
    assert relative_error(2.0, 1.0) == 0.5
    assert relative_error(0.0, 0.0) == 0.0
    assert relative_error(0.0, 1e-13, tiny=1e-12) == pytest.approx(0.1)
    assert relative_error(math.inf, math.inf) == 0.0
    assert math.isnan(relative_error(math.inf, 1.0))


def test_zero_gradient_with_rounding_noise_agrees():
    # d/dy = 1 - 1 = 0 exactly, but f(y ± h) round at the scale of 1000·x, not of f (≈ 0).
    result = gradcheck_program("f = (y + x*1000) - x*1000 - y", {"x": 0.1, "y": 0.3})
    y = result["inputs"]["y"]
    assert y["analytic"] == 0.0 and y["numerical"] != 0.0  # the noise is really there
    assert result["passed"] is True


def test_a_small_wrong_gradient_is_not_mistaken_for_noise(monkeypatch):
    _register_wrong_sin(monkeypatch)
    # d/dx = 1e-3·cos(x), reported as 1e-3·sin(x): small, but far above the rounding noise.
    result = gradcheck_program("0.001 * wrongsin(x)", {"x": 0.7})
    assert result["passed"] is False


def test_non_finite_values_are_named_not_crashing():
    result = gradcheck_program("log(x)", {"x": 0})
    x = result["inputs"]["x"]
    assert x["analytic"] == "Infinity"
    assert result["output"] == "-Infinity"
    assert result["passed"] is False


def test_h_must_be_positive():
    with pytest.raises(EvalError, match="positive"):
        gradcheck_program("x * 2", {"x": 1}, h=0)


def test_checking_a_subset_and_unknown_inputs():
    result = gradcheck_program("x * y", {"x": 2, "y": 3}, inputs=["y"])
    assert list(result["inputs"]) == ["y"] and result["forward_passes"] == 3
    with pytest.raises(EvalError, match="q: not an input"):
        gradcheck_program("x * y", {"x": 2, "y": 3}, inputs=["q"])


def test_the_budget_is_enforced_before_any_nudging():
    n = MAX_ELEMENTS + 1
    with pytest.raises(LimitError, match="forward passes"):
        gradcheck_program("sum(w * w)", {"w": [1.0] * n})
    # The work limit covers all passes together.
    with pytest.raises(LimitError, match="CHAINRULE_MAX_WORK"):
        gradcheck_program("sum(w * w)", {"w": [1.0] * 100}, limits=Limits(max_work=10_000))


def test_program_errors_keep_their_position():
    with pytest.raises(ChainruleError) as info:
        gradcheck_program("x +", {"x": 1})
    assert info.value.line == 1


def test_a_network_passes_and_shows_its_relu_kinks():
    spec = {
        "layers": [3, 4, 2],
        "activation": "relu",
        "loss": "squared_error",
        "input": [1.0, -2.0, 0.5],
        "target": [1.0, 0.0],
        "seed": 3,
    }
    result = gradcheck_network(spec)
    assert result["passed"] is True
    assert set(result["inputs"]) == {"x", "W1", "b1", "W2", "b2"}
    assert result["inputs"]["W1"]["shape"] == [4, 3]
    # With zero biases and b1 a bias: a unit whose b1 nudge crosses 0 would be a kink; with
    # this seed no pre-activation is within h of 0, so nothing is reported.
    assert result["kinks"] == []
    batch = {**spec, "input": [[1.0, -2.0, 0.5], [0.0, 1.0, 2.0]], "target": [[1, 0], [0, 1]]}
    assert gradcheck_network(batch)["passed"] is True
    entropy = {**spec, "loss": "cross_entropy", "target": 1, "activation": "tanh"}
    assert gradcheck_network(entropy)["passed"] is True
