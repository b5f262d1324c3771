"""Result objects: Python floats and numpy arrays, documents on demand, and back from a dict."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

import chainrule
from chainrule import TraceResult
from chainrule.engine.autodiff.run import run_program
from chainrule.engine.results.document import trace_document


def test_non_finite_results_are_floats_in_python_and_names_on_the_wire():
    t = chainrule.trace("x / 0 + y", {"x": 1, "y": 0})
    assert t.output.value + 1 == math.inf and isinstance(t.output.value, float)
    assert t.to_dict()["output"]["value"] == "Infinity"
    assert math.isnan(chainrule.trace("0 / x", {"x": 0}).output.value)


def test_tensor_values_and_gradients_are_arrays_in_python_and_lists_in_the_document():
    t = chainrule.trace("sum(W @ x)", {"W": [[1, 2], [3, 4]], "x": [1, -1]})
    assert isinstance(t.gradients["W"], np.ndarray)
    np.testing.assert_array_equal(t.gradients["W"], [[1, -1], [1, -1]])  # d/dW = 1 xᵀ
    np.testing.assert_array_equal(t.gradients["x"], [4, 6])  # Wᵀ 1
    assert t.to_dict()["gradients"]["W"] == [[1.0, -1.0], [1.0, -1.0]]
    node = next(n for n in t.nodes if n.label == "W")
    assert node.shape == (2, 2) and isinstance(node.value, np.ndarray)


def test_the_document_is_the_engine_document_and_survives_json():
    values = {"x": -2, "y": 5, "z": -4}
    t = chainrule.trace("(x + y) * z", values)
    document = t.to_dict()
    assert document == trace_document(run_program("(x + y) * z", values))
    assert json.loads(json.dumps(document, allow_nan=False)) == document
    step = t.steps[2]
    assert step.phase == "backward" and [c.grad for c in step.contributions] == [-4.0, 3.0]


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("(x + y) * z", {"x": -2, "y": 5, "z": -4}),
        ("s = sum(W @ v)\ns * s + x / 0", {"W": [[1, 2], [3, 4]], "v": [1, 2], "x": 1}),
    ],
)
def test_from_dict_reads_a_document_back(text, values):
    original = chainrule.trace(text, values)
    document = original.to_dict()
    copy = TraceResult.from_dict(json.loads(json.dumps(document)))
    assert copy.to_dict() == document
    assert copy.output == original.output
    assert set(copy.gradients) == set(original.gradients)
    for name, g in original.gradients.items():
        np.testing.assert_array_equal(copy.gradients[name], g)
    assert [s.phase for s in copy.steps] == [s.phase for s in original.steps]
    assert [e.id for e in copy.edges] == [e.id for e in original.edges]
    assert copy == original


def test_from_dict_names_what_is_missing():
    with pytest.raises(ValueError, match="steps"):
        TraceResult.from_dict({"output": {}, "gradients": {}, "nodes": [], "edges": []})


def test_network_gradients_are_arrays_keyed_by_parameter():
    net = {"layers": [2, 1], "loss": "squared_error", "bias": False,
           "weights": {"W1": [[0.5, -0.3]]}, "input": [1, 2], "target": [1]}  # fmt: skip
    g = chainrule.trace_network(net).gradients
    np.testing.assert_allclose(g["W1"], [[-1.1, -2.2]])  # -(t - o) xᵀ with o = -0.1
    assert set(g) == {"W1", "x"}
