"""Every op registry entry against central differences, scalars and arrays, on its domain."""

from __future__ import annotations

import numpy as np
import pytest

from chainrule.engine.ops.registry import REGISTRY, Op

from ..conftest import central_difference

ELEMENTWISE = [op for op in REGISTRY.values() if op.elementwise]
TENSOR = [op for op in REGISTRY.values() if not op.elementwise]


def sample(op: Op, k: int, shape, rng) -> np.ndarray:
    low, high = op.domain[k] if k < len(op.domain) else op.domain[0]
    x = rng.uniform(low, high, size=shape)
    if op.kink is not None:  # keep away from points where the derivative is undefined
        x = np.where(np.abs(x) < 0.05, 0.3, x)
    return x


def check_vjp(op: Op, xs: list[np.ndarray], rng) -> None:
    with np.errstate(all="ignore"):
        out = op.forward(*xs)
        g = rng.uniform(-1.5, 1.5, size=np.shape(out))
        grads = op.vjp(g, tuple(xs), out)
    assert len(grads) == op.arity
    for k, x in enumerate(xs):

        def f(v, k=k):
            args = list(xs)
            args[k] = v if np.ndim(xs[k]) else np.float64(v)
            return float(np.sum(g * op.forward(*args)))

        numeric = central_difference(f, x)
        assert np.shape(grads[k]) == np.shape(x), f"{op.name}: gradient shape for input {k}"
        np.testing.assert_allclose(grads[k], numeric, rtol=1e-5, atol=1e-6, err_msg=op.name)


@pytest.mark.parametrize("op", ELEMENTWISE, ids=lambda op: op.name)
def test_elementwise_scalar_partials_match_central_differences(op):
    rng = np.random.default_rng(0)
    for _ in range(20):
        xs = [np.float64(sample(op, k, (), rng)) for k in range(op.arity)]
        out = op.forward(*xs)
        partials = op.partials(tuple(xs), out)
        for k in range(op.arity):

            def f(v, k=k, xs=xs):
                args = list(xs)
                args[k] = np.float64(v)
                return float(op.forward(*args))

            numeric = central_difference(f, np.array(xs[k]))
            assert float(partials[k]) == pytest.approx(float(numeric), rel=1e-5, abs=1e-6)


@pytest.mark.parametrize("op", ELEMENTWISE, ids=lambda op: op.name)
def test_elementwise_arrays_with_broadcasting(op):
    rng = np.random.default_rng(1)
    shapes = (
        [[(4,)], [(2, 3)]]
        if op.arity == 1
        else [[(4,), (4,)], [(2, 3), (3,)], [(3, 1), (1, 4)], [(), (2, 2)]]
    )
    for combo in shapes:
        xs = [sample(op, k, shape, rng) for k, shape in enumerate(combo)]
        xs = [np.float64(x) if np.ndim(x) == 0 else x for x in xs]
        check_vjp(op, xs, rng)


@pytest.mark.parametrize("op", TENSOR, ids=lambda op: op.name)
def test_tensor_vjp_matches_central_differences(op):
    rng = np.random.default_rng(2)
    assert op.sample_shapes, f"{op.name} needs sample_shapes for its derivative test"
    for shapes in op.sample_shapes:
        xs = [sample(op, k, shape, rng) for k, shape in enumerate(shapes)]
        xs = [np.float64(x) if np.ndim(x) == 0 else x for x in xs]
        check_vjp(op, xs, rng)


@pytest.mark.parametrize("op", list(REGISTRY.values()), ids=lambda op: op.name)
def test_entry_is_complete(op):
    assert len(op.latex) == op.arity and all(op.latex)
    assert op.pattern and op.description and op.symbol
    assert len(op.domain) >= 1
    assert (op.partials is None) != (op.tensor_vjp is None)


def test_spellings_are_unique_per_syntax():
    seen = {}
    for op in REGISTRY.values():
        for spelling in op.spellings:
            key = (spelling, op.arity if not spelling[0].isalpha() else "call")
            assert key not in seen, f"{spelling} used by {seen.get(key)} and {op.name}"
            seen[key] = op.name
