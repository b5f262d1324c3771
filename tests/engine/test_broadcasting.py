"""Broadcasting like numpy, and its backward pass: gradients summed back to each operand's shape."""

from __future__ import annotations

import numpy as np
import pytest

from chainrule.engine.autodiff.run import run_program
from chainrule.engine.errors import EvalError
from chainrule.engine.ops.registry import REGISTRY, unbroadcast

from .test_tensor_ops import check_program, numeric_grad

RNG = np.random.default_rng(11)


def rand(*shape, low=-2.0, high=2.0):
    return RNG.uniform(low, high, size=shape).round(3).tolist()


def test_bias_row_broadcast_over_a_batch_gets_column_sums():
    X, b, R = rand(5, 3), rand(3), rand(5, 3)
    trace = check_program(
        "sum((X + b) * R)", {"X": X, "b": b, "R": R}, lambda X, b, R: float(np.sum((X + b) * R))
    )
    # d/db of sum((X + b) * R) is R summed over the batch: one column sum per bias entry.
    np.testing.assert_allclose(trace.input_gradients()["b"], np.sum(R, axis=0), rtol=1e-12)


def test_column_plus_row_makes_a_matrix():
    a, b, R = rand(3, 1), rand(1, 4), rand(3, 4)
    trace = check_program(
        "sum((a + b) * R)", {"a": a, "b": b, "R": R}, lambda a, b, R: float(np.sum((a + b) * R))
    )
    grads = trace.input_gradients()
    np.testing.assert_allclose(grads["a"], np.sum(R, axis=1, keepdims=True), rtol=1e-12)
    np.testing.assert_allclose(grads["b"], np.sum(R, axis=0, keepdims=True), rtol=1e-12)


def test_scalar_times_matrix():
    M, R = rand(2, 3), rand(2, 3)
    trace = check_program(
        "sum(s * M * R)", {"s": 1.5, "M": M, "R": R}, lambda s, M, R: float(np.sum(s * M * R))
    )
    grads = trace.input_gradients()
    assert type(grads["s"]) is np.float64
    assert grads["s"] == pytest.approx(float(np.sum(np.asarray(M) * R)), rel=1e-12)


@pytest.mark.parametrize(
    ("op", "a", "b"),
    [
        ("-", (2, 3, 4), (4,)),
        ("/", (4, 1), (3,)),
        ("*", (1, 3), (2, 1)),
        ("^", (2, 3), (3,)),
        ("max", (2, 3), (1, 3)),
        ("min", (3,), (2, 3)),
    ],
)
def test_elementwise_binary_ops_broadcast(op, a, b):
    high = 3.0 if op in ("/", "^") else 2.0
    low = 0.5 if op in ("/", "^") else -2.0
    values = {"A": rand(*a, low=low, high=high), "B": rand(*b, low=low, high=high)}
    out_shape = np.broadcast_shapes(a, b)
    values["R"] = rand(*out_shape)
    forward = {
        "-": np.subtract,
        "/": np.divide,
        "*": np.multiply,
        "^": np.power,
        "max": np.maximum,
        "min": np.minimum,
    }[op]
    text = f"sum({op}(A, B) * R)" if op in ("max", "min") else f"sum((A {op} B) * R)"
    check_program(text, values, lambda A, B, R: float(np.sum(forward(A, B) * R)))


@pytest.mark.parametrize("name", ["exp", "log", "sqrt", "tanh", "sigmoid", "relu", "abs"])
def test_elementwise_unary_ops_on_a_matrix(name):
    low = 0.2 if name in ("log", "sqrt") else -2.0
    values = {"A": rand(3, 2, low=low), "R": rand(3, 2)}
    op = REGISTRY[name]
    check_program(
        f"sum({name}(A) * R)", values, lambda A, R: float(np.sum(op.forward(A) * R)), rtol=1e-5
    )


def test_one_vector_used_twice_sums_both_contributions():
    trace = check_program("sum(v * v)", {"v": [1.0, -2.0, 3.0]}, lambda v: float(np.sum(v * v)))
    mul = next(i for i, op in enumerate(trace.graph.ops) if op is REGISTRY["mul"])
    step = next(c for i, c in trace.backward_steps if i == mul)
    first, second = step
    np.testing.assert_array_equal(first.grad, [1.0, -2.0, 3.0])
    np.testing.assert_array_equal(second.accumulated, [2.0, -4.0, 6.0])  # the running total


def test_edge_contributions_have_the_operands_shape():
    trace = run_program("sum(X + b)", {"X": rand(4, 3), "b": rand(3)})
    graph = trace.graph
    for edge, source, _target, _k in graph.edges():
        assert np.shape(trace.edge_grads[edge]) == np.shape(trace.values[source])


@pytest.mark.parametrize(
    ("g_shape", "shape", "axes"),
    [
        ((5, 3), (3,), (0,)),
        ((3, 4), (3, 1), (1,)),
        ((2, 3, 4), (), (0, 1, 2)),
        ((2, 3), (2, 3), ()),
    ],
)
def test_unbroadcast_sums_broadcast_axes(g_shape, shape, axes):
    g = RNG.normal(size=g_shape)
    expected = np.sum(g, axis=axes).reshape(shape) if axes else g
    out = unbroadcast(g, shape)
    assert np.shape(out) == shape
    np.testing.assert_allclose(out, expected, rtol=1e-12)
    if shape == ():
        assert type(out) is np.float64


def test_broadcast_mismatch_names_both_shapes_and_position():
    with pytest.raises(EvalError, match=r"add: shapes \(3,\) and \(4,\) cannot be broadcast") as e:
        run_program("q = 2 * a\nsum(q + b)", {"a": rand(3), "b": rand(4)})
    assert (e.value.line, e.value.column) == (2, 7)


def test_central_difference_helper_is_itself_right():
    np.testing.assert_allclose(
        numeric_grad(lambda v: float(np.sum(v**3)), np.array([1.0, 2.0])), [3.0, 12.0], rtol=1e-8
    )
