"""Tensor ops (matmul, sum, mean, transpose, softmax, losses) against central differences."""

from __future__ import annotations

import numpy as np
import pytest

from chainrule.engine.autodiff.run import run_program
from chainrule.engine.errors import EvalError
from chainrule.engine.ops.registry import REGISTRY

H = 1e-6
TENSOR_OPS = [op for op in REGISTRY.values() if op.tensor_vjp is not None]
CASES = [(op.name, shapes) for op in TENSOR_OPS for shapes in op.sample_shapes]


def numeric_grad(f, x: np.ndarray) -> np.ndarray:
    """d f / d x by central differences, one element at a time."""
    x = np.array(x, dtype=np.float64)
    grad = np.zeros_like(x)
    for index in np.ndindex(x.shape):
        plus, minus = x.copy(), x.copy()
        plus[index] += H
        minus[index] -= H
        grad[index] = (f(plus) - f(minus)) / (2 * H)
    return grad


def sample(op, shapes, rng):
    xs = []
    for (lo, hi), shape in zip(op.domain, shapes, strict=True):
        if op.name == "cross_entropy" and len(xs) == 1:  # class indices: whole numbers
            classes = shapes[0][-1]
            value = rng.integers(0, classes, size=shape).astype(np.float64)
        else:
            value = rng.uniform(lo, hi, size=shape)
        xs.append(np.float64(value) if shape == () else value)
    return xs


def test_every_tensor_op_has_samples():
    assert {op.name for op in TENSOR_OPS} >= {
        "matmul",
        "sum",
        "mean",
        "transpose",
        "softmax",
        "squared_error",
        "cross_entropy",
    }
    for op in TENSOR_OPS:
        assert op.sample_shapes, op.name
        assert len(op.latex) == op.arity and len(op.vjp_latex) == op.arity, op.name


@pytest.mark.parametrize(("name", "shapes"), CASES, ids=[f"{n}-{s}" for n, s in CASES])
def test_vjp_matches_central_differences_per_element(name, shapes):
    op = REGISTRY[name]
    rng = np.random.default_rng(7)
    xs = sample(op, shapes, rng)
    out = op.forward(*xs)
    g = rng.normal(size=np.shape(out))
    g = np.float64(g) if np.ndim(out) == 0 else g
    analytic = op.vjp(g, tuple(xs), out)
    for k, x in enumerate(xs):
        assert np.shape(analytic[k]) == np.shape(x), (name, k)

        def f(value, k=k):
            args = list(xs)
            args[k] = np.float64(value) if np.ndim(value) == 0 else value
            return float(np.sum(g * op.forward(*args)))

        np.testing.assert_allclose(analytic[k], numeric_grad(f, x), rtol=1e-6, atol=1e-7)


def check_program(text, values, f, rtol=1e-6, atol=1e-7):
    """Engine gradients of a program vs central differences of the numpy function f."""
    trace = run_program(text, values)
    arrays = {k: np.asarray(v, dtype=np.float64) for k, v in values.items()}
    assert trace.output_value == pytest.approx(f(**arrays), rel=1e-12, abs=1e-12)
    grads = trace.input_gradients()
    for name, x in arrays.items():
        assert np.shape(grads[name]) == x.shape, name

        def g(value, name=name):
            return f(**{**arrays, name: value})

        np.testing.assert_allclose(grads[name], numeric_grad(g, x), rtol=rtol, atol=atol)
    return trace


RNG = np.random.default_rng(3)


def rand(*shape):
    return RNG.uniform(-2, 2, size=shape).round(3).tolist()


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ((3, 4), (4,)),  # matrix @ vector
        ((4,), (4, 2)),  # vector @ matrix
        ((2, 3), (3, 4)),  # matrix @ matrix
        ((3,), (3,)),  # vector @ vector: a scalar
        ((2, 3, 4), (4, 2)),  # batch @ matrix
        ((2, 3, 4), (2, 4, 5)),  # batch @ batch
        ((4,), (2, 4, 3)),  # vector @ batch
        ((2, 3, 4), (4,)),  # batch @ vector
    ],
)
def test_matmul_through_the_engine(a, b):
    r_shape = np.matmul(np.zeros(a), np.zeros(b)).shape
    values = {"A": rand(*a), "B": rand(*b), "R": rand(*r_shape) if r_shape else 1.5}
    check_program("sum((A @ B) * R)", values, lambda A, B, R: float(np.sum((A @ B) * R)))


def test_sum_mean_transpose_softmax_through_the_engine():
    values = {"A": rand(2, 3), "R": rand(3, 2), "S": rand(2, 3)}
    check_program(
        "sum(transpose(A) * R) + mean(A * A) + sum(softmax(A) * S)",
        values,
        lambda A, R, S: float(
            np.sum(A.T * R)
            + np.mean(A * A)
            + np.sum(np.exp(A) / np.exp(A).sum(-1, keepdims=True) * S)
        ),
    )


def test_relu_layer_max_zero_is_elementwise():
    # W1 @ x has no zero entries here, so max(0, .) is differentiable at the sample.
    values = {"W1": rand(4, 3), "x": [1.0, -2.0, 0.5], "r": [1.0, -2.0, 3.0, 0.5]}
    check_program(
        "h = max(0, W1 @ x)\nsum(h * r)",
        values,
        lambda W1, x, r: float(np.sum(np.maximum(0, W1 @ x) * r)),
    )
    z = np.asarray(values["W1"]) @ values["x"]
    assert (z != 0).all() and (z > 0).any() and (z < 0).any()


def test_losses_through_the_engine_batch_mean():
    o, t = rand(5, 3), rand(5, 3)
    check_program(
        "mean(squared_error(o, t))",
        {"o": o, "t": t},
        lambda o, t: float(np.mean(0.5 * np.sum((t - o) ** 2, axis=-1))),
    )

    def ce(z, k):
        z = z - z.max(-1, keepdims=True)
        logp = z - np.log(np.exp(z).sum(-1, keepdims=True))
        return float(-np.mean(logp[np.arange(len(k)), np.round(k).astype(int)]))

    trace = check_program("mean(cross_entropy(z, k))", {"z": rand(4, 3), "k": [0, 2, 1, 2]}, ce)
    assert trace.input_gradients()["k"].tolist() == [0.0] * 4


def test_cross_entropy_is_stable_for_large_logits():
    trace = run_program("cross_entropy(z, 0)", {"z": [1000.0, 0.0, -1000.0]})
    assert trace.output_value == pytest.approx(0.0, abs=1e-12)
    np.testing.assert_allclose(trace.input_gradients()["z"], [0.0, 0.0, 0.0], atol=1e-12)


@pytest.mark.parametrize("k", [3, -1, 0.5])
def test_cross_entropy_rejects_bad_class_index(k):
    with pytest.raises(EvalError, match="class index .* not a whole number from 0 to 2"):
        run_program("cross_entropy(z, k)", {"z": [1.0, 2.0, 3.0], "k": k})


def test_cross_entropy_shape_mismatch_names_both_shapes():
    with pytest.raises(EvalError, match=r"\(2, 3\) and \(3,\)") as info:
        run_program("cross_entropy(z, k)", {"z": rand(2, 3), "k": [0, 1, 2]})
    assert (info.value.line, info.value.column) == (1, 1)


def test_matmul_shape_mismatch_names_both_shapes_and_position():
    with pytest.raises(EvalError, match=r"\(4, 3\) and \(4,\)") as info:
        run_program("y = 1\nz = W @ x", {"W": rand(4, 3), "x": rand(4)})
    assert (info.value.line, info.value.column) == (2, 7)


def test_tensor_output_suggests_sum():
    with pytest.raises(EvalError, match=r"shape \(2,\).*sum\(") as info:
        run_program("W @ x", {"W": rand(2, 3), "x": rand(3)})
    assert info.value.line == 1


# ---- regressions for bugs fixed in the registry ---------------------------------------------
def test_mean_of_one_element_vector_keeps_the_vector_shape():
    trace = run_program("mean(v)", {"v": [2.0]})
    assert np.shape(trace.input_gradients()["v"]) == (1,)
    (contribution,) = trace.backward_steps[0][1]
    assert np.shape(contribution.grad) == (1,)


def test_transpose_of_a_scalar_stays_a_float64():
    trace = run_program("transpose(x) * 3", {"x": 2.0})
    assert type(trace.values[1]) is np.float64
    assert trace.input_gradients()["x"] == 3.0


def test_softmax_of_a_scalar_is_a_clear_error_not_a_crash():
    with pytest.raises(EvalError, match="softmax needs a vector"):
        run_program("sum(softmax(x))", {"x": 2.0})
