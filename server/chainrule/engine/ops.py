"""THE op registry: every operation chainrule knows, in one table read by parser, API and tests.

An entry says how to compute the op (numpy, so scalars and arrays share one code path) and how
its gradient flows back. Elementwise ops give their local partial derivatives; the registry
turns those into vector-Jacobian products, summing broadcast axes back to each input's shape.
Tensor ops (matmul, sum, ...) give their vector-Jacobian product directly. Ops never mutate
anything: only the backward pass in autodiff.py accumulates gradients.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from .errors import EvalError

Value = Any  # np.float64 for scalars, np.ndarray (float64) for tensors


@dataclass(frozen=True)
class Op:
    """One operation: how to compute it, differentiate it, draw it and explain it."""

    name: str
    symbol: str  # drawn inside the gate
    arity: int
    forward: Callable[..., Value]
    latex: tuple[str, ...]  # LaTeX of d(out)/d(input_i), one per input
    pattern: str  # the gate's backward behaviour in words
    description: str
    domain: tuple[tuple[float, float], ...]  # per-input sample range for derivative tests
    # How the user writes it: symbols are infix (arity 2) or prefix (arity 1) operators,
    # words are function names. pow is ("**", "^", "pow").
    spellings: tuple[str, ...] = ()
    # Elementwise ops: (inputs, output) -> one local partial per input, broadcastable to output.
    partials: Callable[..., tuple[Value, ...]] | None = None
    # Tensor ops: (upstream grad, inputs, output) -> one gradient per input, in its shape.
    tensor_vjp: Callable[..., tuple[Value, ...]] | None = None
    # LaTeX of the vector-Jacobian product, for tensor inspectors (e.g. dL/dW = G x^T).
    vjp_latex: tuple[str, ...] = ()
    # (inputs) -> bool (array): where the derivative is not defined (relu at 0, max at a tie).
    kink: Callable[..., Any] | None = None
    # Sample input shapes for tensor-op derivative tests.
    sample_shapes: tuple[tuple[tuple[int, ...], ...], ...] = ()
    expression_latex: str = ""  # the forward formula in terms of a, b
    # (input shapes) -> work units (about one per output element or multiply-add); raises
    # ValueError naming the shapes when they do not fit. Lets limits act before computing.
    work: Callable[..., int] | None = None
    # Where the op is undefined, in words, for explaining a NaN from finite inputs.
    undefined_where: str = ""
    # (input shapes) -> per input, an example value of the shape it needs (None: it fits), for
    # the message when a program gets scalars where it needs tensors.
    needs: Callable[..., tuple[str | None, ...]] | None = None

    @property
    def syntax(self) -> str:
        """How the op is typed: "infix", "prefix", "call", or "none" (made by the builder)."""
        if not self.spellings:
            return "none"
        if self.spellings[0][0].isalpha():
            return "call"
        return "infix" if self.arity == 2 else "prefix"

    @property
    def elementwise(self) -> bool:
        return self.partials is not None

    def estimate_work(self, shapes: tuple[tuple[int, ...], ...]) -> int:
        """Work units this op will take on inputs of these shapes (ValueError if they clash)."""
        if self.work is not None:
            return self.work(*shapes)
        if len(set(shapes)) == 1:  # no broadcasting (the common case): skip numpy's helper
            return math.prod(shapes[0])
        return math.prod(np.broadcast_shapes(*shapes))

    def vjp(self, g: Value, xs: tuple[Value, ...], out: Value) -> tuple[Value, ...]:
        """Gradients for each input given the upstream gradient g (vector-Jacobian product)."""
        if self.partials is None:
            return self.tensor_vjp(g, xs, out)
        return tuple(
            unbroadcast(g * p, np.shape(x)) for p, x in zip(self.partials(xs, out), xs, strict=True)
        )


def unbroadcast(g: Value, shape: tuple[int, ...]) -> Value:
    """Sum a broadcast gradient back to an operand's own shape (numpy broadcasting reversed)."""
    gshape = np.shape(g)
    if gshape == shape:
        return g
    g = np.asarray(g)
    extra = g.ndim - len(shape)
    if extra > 0:
        g = g.sum(axis=tuple(range(extra)))
    axes = tuple(i for i, n in enumerate(shape) if n == 1 and g.shape[i] != 1)
    if axes:
        g = g.sum(axis=axes, keepdims=True)
    g = g.reshape(shape)
    return np.float64(g) if shape == () else g


REGISTRY: dict[str, Op] = {}


def register(op: Op) -> Op:
    """Add an op to the registry; the one place a new operation is declared."""
    if op.name in REGISTRY:
        raise ValueError(f"op {op.name!r} registered twice")
    REGISTRY[op.name] = op
    return op


def _one(x: Value) -> Value:
    return np.ones_like(x) if np.ndim(x) else np.float64(1.0)


def _route(winner: Value, loser: Value) -> tuple[Value, Value]:
    """Local gradients of max(winner, loser): all to the larger, halves on a tie.

    Halving on a tie is a valid subgradient, matches central differences and PyTorch, and
    keeps max(a, b) + min(a, b) = a + b differentiating to (1, 1).
    """
    tie = (winner == loser) * 0.5
    return (winner > loser) + tie, (loser > winner) + tie


def _sigmoid(a: Value) -> Value:
    return 1.0 / (1.0 + np.exp(-a))


WIDE = ((-3.0, 3.0),)  # sample ranges for the derivative tests
WIDE2 = ((-3.0, 3.0), (-3.0, 3.0))

# fmt: off
# ---- arithmetic -----------------------------------------------------------------------------
register(Op(
    "add", "+", 2, operator.add, (r"\frac{\partial (a+b)}{\partial a} = 1",
                                  r"\frac{\partial (a+b)}{\partial b} = 1"),
    "add distributes the gradient: each input gets the upstream gradient unchanged",
    "Addition", WIDE2, ("+",), partials=lambda xs, out: (_one(xs[0]), _one(xs[1])),
    expression_latex="a + b"))
register(Op(
    "sub", "−", 2, operator.sub, (r"\frac{\partial (a-b)}{\partial a} = 1",
                                  r"\frac{\partial (a-b)}{\partial b} = -1"),
    "sub passes the gradient to the first input and its negation to the second",
    "Subtraction", WIDE2, ("-",), partials=lambda xs, out: (_one(xs[0]), -_one(xs[1])),
    expression_latex="a - b"))
register(Op(
    "mul", "×", 2, operator.mul, (r"\frac{\partial (ab)}{\partial a} = b",
                                  r"\frac{\partial (ab)}{\partial b} = a"),
    "mul swaps the inputs: each input gets the upstream gradient times the other input",
    "Multiplication", WIDE2, ("*",), partials=lambda xs, out: (xs[1], xs[0]),
    expression_latex=r"a \times b"))
register(Op(
    "div", "÷", 2, operator.truediv, (r"\frac{\partial (a/b)}{\partial a} = \frac{1}{b}",
                                      r"\frac{\partial (a/b)}{\partial b} = -\frac{a}{b^2}"),
    "div scales the gradient by 1/b for a and by -a/b² for b",
    "Division", ((-3.0, 3.0), (0.5, 3.0)), ("/",),
    partials=lambda xs, out: (1.0 / xs[1], -out / xs[1]), expression_latex=r"\frac{a}{b}",
    undefined_where="0 / 0 is undefined"))


def _pow_partials(xs, out):
    a, b = xs
    safe_log = np.log(np.where(a > 0, a, 1.0))
    return b * a ** (b - 1.0), np.where(a > 0, out * safe_log, 0.0)


register(Op(
    "pow", "^", 2, lambda a, b: a**b, (r"\frac{\partial a^b}{\partial a} = b\,a^{b-1}",
                                       r"\frac{\partial a^b}{\partial b} = a^b \ln a"),
    "pow scales the gradient by b·a^(b-1) for the base and a^b·ln a for the exponent",
    "Power (also written ** or ^)", ((0.5, 3.0), (-2.0, 2.0)), ("**", "^", "pow"),
    partials=_pow_partials, expression_latex="a^{b}",
    undefined_where="a negative number to a non-integer power is undefined (not a real number)"))
register(Op(
    "neg", "−", 1, operator.neg, (r"\frac{\partial (-a)}{\partial a} = -1",),
    "neg flips the sign of the gradient", "Negation", WIDE, ("-",),
    partials=lambda xs, out: (-_one(xs[0]),), expression_latex="-a"))
register(Op(
    "identity", "=", 1, lambda a: a, (r"\frac{\partial a}{\partial a} = 1",),
    "identity passes the gradient through unchanged", "A name given to another name",
    WIDE, (), partials=lambda xs, out: (_one(xs[0]),), expression_latex="a"))

# ---- elementwise functions ------------------------------------------------------------------
register(Op(
    "exp", "exp", 1, np.exp, (r"\frac{\partial e^a}{\partial a} = e^a",),
    "exp scales the gradient by its own output", "Exponential", WIDE, spellings=("exp",),
    partials=lambda xs, out: (out,), expression_latex="e^{a}"))
register(Op(
    "log", "log", 1, np.log, (r"\frac{\partial \ln a}{\partial a} = \frac{1}{a}",),
    "log scales the gradient by 1/a", "Natural logarithm", ((0.2, 4.0),), spellings=("log",),
    partials=lambda xs, out: (1.0 / xs[0],), expression_latex=r"\ln a",
    undefined_where="the log of a negative number is undefined (log is defined for a > 0)"))
register(Op(
    "sqrt", "√", 1, np.sqrt, (r"\frac{\partial \sqrt{a}}{\partial a} = \frac{1}{2\sqrt{a}}",),
    "sqrt scales the gradient by 1/(2√a)", "Square root", ((0.2, 4.0),), spellings=("sqrt",),
    partials=lambda xs, out: (0.5 / out,), expression_latex=r"\sqrt{a}",
    undefined_where="the square root of a negative number is undefined (sqrt needs a ≥ 0)"))
register(Op(
    "sin", "sin", 1, np.sin, (r"\frac{\partial \sin a}{\partial a} = \cos a",),
    "sin scales the gradient by cos a", "Sine", WIDE, spellings=("sin",),
    partials=lambda xs, out: (np.cos(xs[0]),), expression_latex=r"\sin a"))
register(Op(
    "cos", "cos", 1, np.cos, (r"\frac{\partial \cos a}{\partial a} = -\sin a",),
    "cos scales the gradient by -sin a", "Cosine", WIDE, spellings=("cos",),
    partials=lambda xs, out: (-np.sin(xs[0]),), expression_latex=r"\cos a"))
register(Op(
    "tan", "tan", 1, np.tan, (r"\frac{\partial \tan a}{\partial a} = 1 + \tan^2 a",),
    "tan scales the gradient by 1 + tan² a", "Tangent", ((-1.2, 1.2),), spellings=("tan",),
    partials=lambda xs, out: (1.0 + out * out,), expression_latex=r"\tan a"))
register(Op(
    "tanh", "tanh", 1, np.tanh, (r"\frac{\partial \tanh a}{\partial a} = 1 - \tanh^2 a",),
    "tanh scales the gradient by 1 - tanh² a", "Hyperbolic tangent", WIDE, spellings=("tanh",),
    partials=lambda xs, out: (1.0 - out * out,), expression_latex=r"\tanh a"))
register(Op(
    "sigmoid", "σ", 1, _sigmoid,
    (r"\frac{\partial \sigma(a)}{\partial a} = \sigma(a)\,(1 - \sigma(a))",),
    "sigmoid scales the gradient by σ(a)(1 - σ(a))", "Logistic sigmoid 1/(1+e^-a)", WIDE,
    spellings=("sigmoid",), partials=lambda xs, out: (out * (1.0 - out),),
    expression_latex=r"\sigma(a)"))
register(Op(
    "relu", "relu", 1, lambda a: np.maximum(a, 0.0),
    (r"\frac{\partial \max(0,a)}{\partial a} = [a > 0]",),
    "relu routes the gradient through where the input is positive and blocks it elsewhere",
    "Rectified linear unit max(0, a)", WIDE, spellings=("relu",),
    partials=lambda xs, out: ((xs[0] > 0) * 1.0,), kink=lambda a: a == 0,
    expression_latex=r"\max(0, a)"))
register(Op(
    "abs", "|a|", 1, np.abs, (r"\frac{\partial |a|}{\partial a} = \operatorname{sign}(a)",),
    "abs passes the gradient with the sign of its input", "Absolute value", WIDE,
    spellings=("abs",), partials=lambda xs, out: (np.sign(xs[0]) * 1.0,), kink=lambda a: a == 0,
    expression_latex="|a|"))
register(Op(
    "max", "max", 2, np.maximum,
    (r"\frac{\partial \max(a,b)}{\partial a} = [a > b] + \tfrac{1}{2}[a = b]",
     r"\frac{\partial \max(a,b)}{\partial b} = [b > a] + \tfrac{1}{2}[a = b]"),
    "max routes the gradient to the larger input (split evenly on a tie)",
    "Elementwise maximum", WIDE2, spellings=("max",),
    partials=lambda xs, out: _route(xs[0], xs[1]),
    kink=lambda a, b: a == b, expression_latex=r"\max(a, b)"))
register(Op(
    "min", "min", 2, np.minimum,
    (r"\frac{\partial \min(a,b)}{\partial a} = [a < b] + \tfrac{1}{2}[a = b]",
     r"\frac{\partial \min(a,b)}{\partial b} = [b < a] + \tfrac{1}{2}[a = b]"),
    "min routes the gradient to the smaller input (split evenly on a tie)",
    "Elementwise minimum", WIDE2, spellings=("min",),
    partials=lambda xs, out: _route(xs[1], xs[0]),
    kink=lambda a, b: a == b, expression_latex=r"\min(a, b)"))


# ---- tensor ops -----------------------------------------------------------------------------
def _matmul_work(a: tuple[int, ...], b: tuple[int, ...]) -> int:
    if not a or not b:
        raise ValueError(f"@ needs a matrix or vector on each side, got shapes {a} and {b}")
    k_a = a[-1]
    k_b = b[0] if len(b) == 1 else b[-2]
    if k_a != k_b:
        raise ValueError(f"@ needs matching inner dimensions, got shapes {a} and {b}")
    batch = np.broadcast_shapes(a[:-2], b[:-2]) if len(a) > 2 or len(b) > 2 else ()
    rows = a[-2] if len(a) > 1 else 1
    cols = b[-1] if len(b) > 1 else 1
    return max(1, math.prod(batch) * rows * cols * k_a)


def _example_tensor(*shape: int) -> str:
    """A value of this shape as the user types it: [1, 2] or [[1, 2], [3, 4]]."""
    numbers = np.arange(1, math.prod(shape) + 1).reshape(shape).tolist()
    return str(numbers)


def _matmul_needs(a: tuple[int, ...], b: tuple[int, ...]) -> tuple[str | None, str | None]:
    """For a scalar operand of @: a matrix (left) or vector (right) that fits the other side."""
    inner = a[-1] if a else (b[0] if len(b) == 1 else b[-2] if b else 2)
    left = None if a else _example_tensor(2, inner)
    right = None if b else _example_tensor(inner)
    return left, right


def _f_ordered(m) -> bool:
    """A 2-D matrix laid out column by column (a transposed view), not row by row."""
    return m.ndim == 2 and m.flags.f_contiguous and not m.flags.c_contiguous


def _matmul_vjp(g, xs, out):
    a, b = xs
    # Promote vectors to matrices (a row for the left operand, a column for the right) so one
    # formula covers all four cases, then undo the promotion and any batch broadcasting.
    a2 = a[None, :] if a.ndim == 1 else a
    b2 = b[:, None] if b.ndim == 1 else b
    g2 = np.asarray(g)
    if b.ndim == 1:  # restore the column axis first: g may be 0-d for vector @ vector
        g2 = g2[..., None]
    if a.ndim == 1:
        g2 = np.expand_dims(g2, -2)
    # Each gradient is made in its operand's memory order: a transposed weight (X @ Wᵀ) gets
    # its gradient as (Gᵀ X)ᵀ, so the transpose node hands W a C-ordered gradient, no copy.
    if _f_ordered(a2) and g2.ndim == 2:
        ga = (b2 @ g2.T).T
    else:
        ga = g2 @ np.swapaxes(b2, -1, -2)
    if _f_ordered(b2) and g2.ndim == 2:
        gb = (g2.T @ a2).T
    else:
        gb = np.swapaxes(a2, -1, -2) @ g2
    if a.ndim == 1:
        ga = ga[..., 0, :]
    if b.ndim == 1:
        gb = gb[..., :, 0]
    return unbroadcast(ga, a.shape), unbroadcast(gb, b.shape)


def _sum_vjp(g, xs, out):
    return (np.full(np.shape(xs[0]), g, dtype=np.float64) if np.ndim(xs[0]) else g,)


def _mean_vjp(g, xs, out):
    # Keyed on ndim, not size: a (1,) vector's gradient must stay a (1,) vector.
    if not np.ndim(xs[0]):
        return (g,)
    return (np.full(np.shape(xs[0]), g / np.size(xs[0]), dtype=np.float64),)


def _transpose(a):
    # np.transpose of a numpy scalar is a 0-d array; keep scalars np.float64 like every op.
    return np.transpose(a) if np.ndim(a) else np.float64(a)


def _softmax_work(a: tuple[int, ...]) -> int:
    if not a:
        raise ValueError("softmax needs a vector or matrix (it normalises over the last axis), "
                         "got a scalar")
    return math.prod(a)


def _softmax(a):
    shifted = a - np.max(a, axis=-1, keepdims=True)
    exps = np.exp(shifted)
    return exps / np.sum(exps, axis=-1, keepdims=True)


def _softmax_vjp(g, xs, out):
    return (out * (g - np.sum(g * out, axis=-1, keepdims=True)),)


def _size(shape: tuple[int, ...]) -> int:
    return math.prod(shape)


register(Op(
    "matmul", "@", 2, np.matmul,
    (r"\frac{\partial (AB)}{\partial A} = B^\top", r"\frac{\partial (AB)}{\partial B} = A^\top"),
    "matmul sends G·Bᵀ to the left operand and Aᵀ·G to the right one",
    "Matrix product (numpy matmul: matrix @ vector, matrix @ matrix)",
    ((-2.0, 2.0), (-2.0, 2.0)), ("@",), tensor_vjp=_matmul_vjp, needs=_matmul_needs,
    vjp_latex=(r"\frac{\partial L}{\partial A} = G\,B^\top",
               r"\frac{\partial L}{\partial B} = A^\top G"),
    sample_shapes=(((3, 4), (4,)), ((2, 3), (3, 4)), ((4,), (4, 2)), ((3,), (3,)),
                   ((2, 2, 3), (3, 2))),
    expression_latex="A B", work=_matmul_work))
register(Op(
    "sum", "Σ", 1, lambda a: np.float64(np.sum(a)),
    (r"\frac{\partial \sum_i a_i}{\partial a_j} = 1",),
    "sum copies the upstream gradient to every element", "Sum of all elements (a scalar)",
    WIDE, ("sum",), tensor_vjp=_sum_vjp,
    vjp_latex=(r"\frac{\partial L}{\partial a} = g\,\mathbf{1}",),
    sample_shapes=(((4,),), ((2, 3),), ((),)), expression_latex=r"\sum_i a_i", work=_size))
register(Op(
    "mean", "mean", 1, lambda a: np.float64(np.mean(a)),
    (r"\frac{\partial \frac{1}{n}\sum_i a_i}{\partial a_j} = \frac{1}{n}",),
    "mean copies the upstream gradient divided by the element count to every element",
    "Mean of all elements (a scalar)", WIDE, ("mean",), tensor_vjp=_mean_vjp,
    vjp_latex=(r"\frac{\partial L}{\partial a} = \frac{g}{n}\mathbf{1}",),
    sample_shapes=(((4,),), ((2, 3),), ((),)), expression_latex=r"\frac{1}{n}\sum_i a_i",
    work=_size))
register(Op(
    "transpose", "ᵀ", 1, _transpose, (r"\frac{\partial A^\top}{\partial A} = \text{transpose}",),
    "transpose sends the transposed gradient back", "Matrix transpose (reverses all axes)",
    WIDE, ("transpose",), tensor_vjp=lambda g, xs, out: (np.transpose(g),),
    vjp_latex=(r"\frac{\partial L}{\partial A} = G^\top",),
    sample_shapes=(((2, 3),), ((4,),), ((2, 3, 4),)), expression_latex=r"A^\top", work=_size))
register(Op(
    "softmax", "softmax", 1, _softmax,
    (r"\frac{\partial s_i}{\partial a_j} = s_i(\delta_{ij} - s_j)",),
    "softmax sends s ⊙ (g - (g·s)) back: gradients of all classes interact",
    "Softmax over the last axis", WIDE, ("softmax",), tensor_vjp=_softmax_vjp,
    vjp_latex=(r"\frac{\partial L}{\partial a} = s \odot (g - g \cdot s)",),
    sample_shapes=(((4,),), ((2, 3),)), expression_latex=r"\mathrm{softmax}(a)",
    work=_softmax_work))


# ---- losses ---------------------------------------------------------------------------------
# Both reduce over the last axis only, so a batch (rows = samples) gives one loss per sample
# and mean(...) averages them; a vector gives a scalar.
def _squared_error(o, t):
    d = t - o
    if np.ndim(d) == 0:
        return np.float64(0.5 * d * d)
    return 0.5 * np.sum(d * d, axis=-1)


def _squared_error_vjp(g, xs, out):
    o, t = xs
    d = t - o
    gd = d * np.expand_dims(g, -1) if np.ndim(d) else d * g
    return unbroadcast(-gd, np.shape(o)), unbroadcast(gd, np.shape(t))


def _cross_entropy_work(z: tuple[int, ...], k: tuple[int, ...]) -> int:
    if not z or tuple(k) != tuple(z[:-1]):
        raise ValueError(
            "cross_entropy needs logits of shape (..., classes) and class indices of shape "
            f"(...), one per row of logits; got shapes {z} and {k}"
        )
    return math.prod(z)


def _class_indices(k, classes: int) -> np.ndarray:
    """Class indices as ints; a 4xx (not a crash) when one is not a whole number in range."""
    k = np.asarray(k, dtype=np.float64)
    with np.errstate(invalid="ignore"):  # nan or inf cast to int: caught by idx == k below
        idx = k.astype(np.intp)
    if k.size and (idx == k).all() and idx.min() >= 0 and idx.max() < classes:
        return idx  # the usual case, whole numbers in range: a few numpy calls, no rounding
    whole = np.round(k)
    # A tolerance lets indices that went through float arithmetic (1.0000001) through.
    bad = ~(np.abs(k - whole) <= 1e-3) | (whole < 0) | (whole >= classes)
    if bad.any():
        value = float(k[bad][0]) if k.ndim else float(k)
        raise EvalError(
            f"cross_entropy: class index {value:g} is not a whole number from 0 to {classes - 1}"
        )
    return whole.astype(np.intp)


def _log_softmax(z):
    # Array methods, not np.max/np.sum: the same reductions without numpy's Python wrappers.
    shifted = z - z.max(axis=-1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))


def _picked(idx):
    """(row, class) index arrays into logits viewed as (rows, classes): one class per row."""
    return np.arange(idx.size), idx.ravel()


def _cross_entropy(z, k):
    idx = _class_indices(k, np.shape(z)[-1])
    logp = _log_softmax(z)
    picked = logp.reshape(-1, logp.shape[-1])[_picked(idx)].reshape(idx.shape)
    return np.float64(-picked) if picked.ndim == 0 else -picked


def _cross_entropy_vjp(g, xs, out):
    z, k = xs
    idx = _class_indices(k, np.shape(z)[-1])
    dz = np.exp(_log_softmax(z))  # softmax(z) - onehot(k), scaled by the upstream gradient
    dz.reshape(-1, dz.shape[-1])[_picked(idx)] -= 1.0  # dz is new here: editing it is safe
    dz *= g[..., None] if type(g) is np.ndarray else g
    # The class index is data: its gradient is zero.
    return dz, (np.zeros_like(k) if np.ndim(k) else np.float64(0.0))


register(Op(
    "squared_error", "½Σ(t−o)²", 2, _squared_error,
    (r"\frac{\partial E}{\partial o_j} = -(t_j - o_j)",
     r"\frac{\partial E}{\partial t_j} = t_j - o_j"),
    "squared error sends -(t - o) back to the output (the delta rule's error signal) and "
    "t - o to the target",
    "Squared error ½ Σ_j (t_j − o_j)² of output o and target t, summed over the last axis "
    "(one loss per row for a batch)",
    WIDE2, ("squared_error",), tensor_vjp=_squared_error_vjp,
    vjp_latex=(r"\frac{\partial L}{\partial o} = -g\,(t - o)",
               r"\frac{\partial L}{\partial t} = g\,(t - o)"),
    sample_shapes=(((2,), (2,)), ((3, 4), (3, 4)), ((3, 4), (4,)), ((), ())),
    expression_latex=r"\tfrac{1}{2}\sum_j (t_j - o_j)^2"))
register(Op(
    "cross_entropy", "CE", 2, _cross_entropy,
    (r"\frac{\partial E}{\partial z_j} = \mathrm{softmax}(z)_j - [j = k]",
     r"\frac{\partial E}{\partial k} = 0"),
    "cross-entropy sends softmax(z) minus the one-hot target back to the logits; the class "
    "index gets nothing",
    "Softmax cross-entropy −log softmax(z)_k of logits z (last axis) and class index k "
    "(a whole number, one per row for a batch)",
    # The class index is sampled at 0: it is data, not something to differentiate.
    ((-3.0, 3.0), (0.0, 0.0)), ("cross_entropy",), tensor_vjp=_cross_entropy_vjp,
    vjp_latex=(r"\frac{\partial L}{\partial z} = g\,(\mathrm{softmax}(z) - \mathrm{onehot}(k))",
               r"\frac{\partial L}{\partial k} = 0"),
    sample_shapes=(((3,), ()), ((2, 4), (2,))),
    expression_latex=r"-\log \mathrm{softmax}(z)_k", work=_cross_entropy_work))
# fmt: on
