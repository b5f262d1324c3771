"""chainrule.trace(fn, ...): the lecture's circuit, neuron and loops, checked by hand and by
central differences of the plain Python function (never by the trace's own numbers)."""

from __future__ import annotations

import math

import numpy as np
import pytest

import chainrule
from chainrule.engine.ops import REGISTRY
from chainrule.imports.result import document_of

from ..conftest import central_difference


def numeric_gradients(fn, values: dict, h: float = 1e-6) -> dict:
    """Central differences of fn(**values) with respect to each value, on plain floats."""
    grads = {}
    values = {k: float(v) if np.ndim(v) == 0 else np.asarray(v, float) for k, v in values.items()}
    for name, value in values.items():

        def f(v, name=name):
            return fn(**{**values, name: float(v) if np.ndim(v) == 0 else v})

        grads[name] = central_difference(f, np.asarray(value, dtype=np.float64), h)
    return grads


def backward_steps(t):
    return [s for s in t.steps if s.phase == "backward"]


def test_lecture_circuit_by_keywords_and_by_dict():
    def circuit(x, y, z):
        return (x + y) * z

    for t in (
        chainrule.trace(circuit, x=-2, y=5, z=-4),
        chainrule.trace(circuit, {"x": -2, "y": 5, "z": -4}),
    ):
        assert t.output.value == -12
        assert t.gradients == {"x": -4, "y": -4, "z": 3}  # hand-derived: z, z, x + y


def test_a_function_gives_the_same_document_as_the_typed_program():
    traced = chainrule.trace(lambda x, y, z: (x + y) * z, x=-2, y=5, z=-4)
    typed = chainrule.trace("(x + y) * z", {"x": -2, "y": 5, "z": -4})
    assert document_of(traced) == document_of(typed)


def test_cs231n_neuron():
    def neuron(w0, x0, w1, x1, w2):
        return chainrule.sigmoid(w0 * x0 + w1 * x1 + w2)

    values = {"w0": 2, "x0": -1, "w1": -3, "x1": -2, "w2": -3}
    t = chainrule.trace(neuron, **values)
    assert t.output.value == pytest.approx(1 / (1 + math.exp(-1.0)))
    expected = {"w0": -0.2, "x0": 0.39, "w1": -0.39, "x1": -0.59, "w2": 0.2}  # cs231n notes
    assert {k: round(v, 2) for k, v in t.gradients.items()} == expected

    def by_hand(w0, x0, w1, x1, w2):  # math.exp: independent of chainrule's sigmoid
        return 1 / (1 + math.exp(-(w0 * x0 + w1 * x1 + w2)))

    for name, g in numeric_gradients(by_hand, values).items():
        assert t.gradients[name] == pytest.approx(float(g), abs=1e-8)


def polynomial_with_branch(x):
    y = x
    for _ in range(3):
        y = y * x - 1  # y = x^4 - x^2 - x - 1 after the loop
    q = chainrule.name(y, "q")
    if q > 0:
        return q * q
    return -q


@pytest.mark.parametrize("x", [1.5, 0.5])
def test_python_loop_and_branch_the_graph_is_the_path_taken(x):
    t = chainrule.trace(polynomial_with_branch, x=x)
    q = x**4 - x**2 - x - 1
    dq = 4 * x**3 - 2 * x - 1
    expected = 2 * q * dq if q > 0 else -dq  # by hand
    assert t.gradients["x"] == pytest.approx(expected, rel=1e-12)
    numeric = numeric_gradients(polynomial_with_branch, {"x": x})["x"]
    assert t.gradients["x"] == pytest.approx(float(numeric), rel=1e-6)
    ops = [n.op for n in t.nodes if n.kind == "op"]
    assert ops == ["mul", "sub"] * 3 + (["mul"] if q > 0 else ["neg"])
    named = [n for n in t.nodes if n.label == "q"]
    assert len(named) == 1 and named[0].op == "sub"


def test_a_value_used_twice_is_one_node_whose_gradient_sums():
    def f(x, y):
        p = x * y
        return p + p * x  # p feeds two gates; x feeds two gates

    t = chainrule.trace(f, x=3, y=-4)
    products = [n for n in t.nodes if n.op == "mul"]
    assert len(products) == 2
    p = products[0]

    def arrivals(node):
        return [c.grad for s in backward_steps(t) for c in s.contributions if c.target == node.id]

    assert arrivals(p) == [1, 3]  # from + and from p*x (upstream 1 times x = 3): sums to 4
    x = next(n for n in t.nodes if n.label == "x")
    assert arrivals(x) == [-12, -16]  # p from p*x, then p's total 4 times y = -4
    # f = xy + x^2 y: df/dx = y + 2xy = -28, df/dy = x + x^2 = 12
    assert t.gradients == {"x": -28, "y": 12}


def test_negative_and_non_finite_constants_are_constants_not_gates():
    def f(x):
        return x * -2 + x**-1 + 0.1 * x

    t = chainrule.trace(f, x=4)
    constants = sorted(n.label for n in t.nodes if n.kind == "const")
    assert constants == ["-1", "-2", "0.1"]
    assert [n.op for n in t.nodes if n.kind == "op"].count("neg") == 0
    assert t.gradients["x"] == pytest.approx(-2 - 1 / 16 + 0.1, rel=1e-15)
    assert set(t.gradients) == {"x"}
    infinite = chainrule.trace(lambda x: chainrule.min(x, math.inf), x=2)
    assert infinite.gradients == {"x": 1.0}
    assert [n.label for n in infinite.nodes if n.kind == "const"] == ["inf"]


def test_constants_keep_full_precision():
    c = 0.1 + 0.2  # 0.30000000000000004: repr keeps every digit
    t = chainrule.trace(lambda x: x * c, x=1)
    assert t.output.value == c


def test_tensors_and_matmul_against_central_differences():
    def layer(W, x, b):
        return chainrule.sum(chainrule.tanh(W @ x + b) * chainrule.tanh(W @ x + b))

    values = {"W": [[0.5, -1.0, 0.3], [0.2, 0.4, -0.7]], "x": [1.0, -2.0, 0.5], "b": [0.1, -0.2]}
    t = chainrule.trace(layer, values)
    for name, g in numeric_gradients(layer, values).items():
        np.testing.assert_allclose(np.asarray(t.gradients[name]), g, rtol=1e-6, atol=1e-9)
    weights = next(n for n in t.nodes if n.label == "W")
    assert tuple(weights.shape) == (2, 3)


def test_array_constants_and_numpy_ufuncs():
    target = np.array([1.0, -1.0])

    def loss(o):
        return chainrule.sum((o - target) ** 2) + np.exp(chainrule.sum(o))

    t = chainrule.trace(loss, o=[0.5, 0.25])
    o = np.array([0.5, 0.25])
    np.testing.assert_allclose(np.asarray(t.gradients["o"]), 2 * (o - target) + np.exp(o.sum()))
    assert any(n.kind == "const" and tuple(n.shape) == (2,) for n in t.nodes)
    assert "exp" in [n.op for n in t.nodes]
    assert set(t.gradients) == {"o"}


def test_names_the_language_reserves_keep_their_labels():
    def f(e, exp, α):  # `e` is a constant and `exp` a function in chainrule's language
        return chainrule.name(e * exp, "pi") + α

    t = chainrule.trace(f, e=2, exp=3, α=5)
    assert t.gradients == {"e": 3, "exp": 2, "α": 1}
    assert {n.label for n in t.nodes} >= {"e", "exp", "α", "pi"}


def test_an_input_the_path_did_not_use_has_gradient_zero():
    t = chainrule.trace(lambda x, y: x * x if x > 0 else y, x=3, y=[1.0, 2.0])
    assert t.gradients["x"] == 6
    assert np.asarray(t.gradients["y"]).tolist() == [0.0, 0.0]


def test_naming_an_input_adds_a_named_gate():
    t = chainrule.trace(lambda x: chainrule.name(x, "copy") * 2, x=3)
    copy = next(n for n in t.nodes if n.label == "copy")
    assert copy.op == "identity" and t.gradients == {"x": 2}


@pytest.mark.parametrize(
    "op", [op for op in REGISTRY.values() if op.syntax != "none"], ids=lambda op: op.name
)
def test_every_registry_op_has_a_function_for_floats_arrays_and_traces(op):
    fn = getattr(chainrule, op.name)
    shapes = op.sample_shapes[0] if op.sample_shapes else ((),) * op.arity
    rng = np.random.default_rng(0)
    args = []
    for (low, high), shape in zip(op.domain, shapes, strict=True):
        args.append(rng.uniform(low, high, size=shape) if shape else float(rng.uniform(low, high)))
    if op.name == "cross_entropy":
        args[1] = 1.0 if not shapes[1] else np.array([1.0] * shapes[1][0])
    plain = fn(*args)
    expected = op.forward(*(np.asarray(a, dtype=np.float64) for a in args))
    np.testing.assert_allclose(plain, expected)
    assert type(plain) is float or isinstance(plain, np.ndarray)
    names = [f"a{k}" for k in range(op.arity)]

    def scalar_of(**kw):
        out = fn(*(kw[n] for n in names))
        return chainrule.sum(out) if np.ndim(out.value if hasattr(out, "value") else out) else out

    t = chainrule.trace(scalar_of, dict(zip(names, args, strict=True)))
    differentiable = names[:1] if op.name == "cross_entropy" else names
    numeric = numeric_gradients(scalar_of, dict(zip(names, args, strict=True)))
    for name in differentiable:
        np.testing.assert_allclose(
            np.asarray(t.gradients[name]), numeric[name], rtol=1e-5, atol=1e-7
        )


def test_mistakes_get_clear_errors():
    with pytest.raises(TypeError, match="does not depend on its inputs"):
        chainrule.trace(lambda x: 3.0, x=1)
    with pytest.raises(ValueError, match="must return a scalar"):
        chainrule.trace(lambda x: x * 2, x=[1.0, 2.0])
    with pytest.raises(TypeError, match="indexing"):
        chainrule.trace(lambda x: x[0], x=[1.0, 2.0])
    with pytest.raises(ValueError, match="given to two values"):
        chainrule.trace(lambda x: chainrule.name(x * 2, "q") + chainrule.name(x * 3, "q"), x=1)
    with pytest.raises(ValueError, match="shapes"):
        chainrule.trace(lambda a, b: chainrule.sum(a @ b), a=[[1.0, 2.0]], b=[1.0, 2.0, 3.0])
    with pytest.raises(AttributeError, match="no attribute 'nonsense'"):
        chainrule.nonsense  # noqa: B018
