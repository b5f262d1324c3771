"""Tensor ops: matrix product, sum, mean, transpose and softmax (each its own vector-Jacobian
product, written in the memory order of its operands so no gradient is copied)."""

from __future__ import annotations

import math

import numpy as np

from .arithmetic import WIDE
from .registry import Op, Shape, register, unbroadcast

# ufunc reductions called directly: ndarray.max() and .sum() go through numpy's Python wrappers
# (numpy/_core/_methods.py) first, which cost more than the work on a batch's logits.
_max = np.maximum.reduce


def _matmul_shape(a: Shape, b: Shape) -> Shape:
    """numpy.matmul's result shape: vectors are promoted, then demoted, batches broadcast."""
    _matmul_work(a, b)  # the same checks
    batch = tuple(np.broadcast_shapes(a[:-2], b[:-2])) if len(a) > 2 or len(b) > 2 else ()
    rows = (a[-2],) if len(a) > 1 else ()
    cols = (b[-1],) if len(b) > 1 else ()
    return (*batch, *rows, *cols)


def _matmul_work(a: Shape, b: Shape) -> int:
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
    return str(np.arange(1, math.prod(shape) + 1).reshape(shape).tolist())


def _matmul_needs(a: Shape, b: Shape) -> tuple[str | None, str | None]:
    """For a scalar operand of @: a matrix (left) or vector (right) that fits the other side."""
    inner = a[-1] if a else (b[0] if len(b) == 1 else b[-2] if b else 2)
    left = None if a else _example_tensor(2, inner)
    right = None if b else _example_tensor(inner)
    return left, right


def _f_ordered(m) -> bool:
    """A 2-D matrix laid out column by column (a transposed view), not row by row."""
    if m.ndim != 2:
        return False
    flags = m.flags  # (made anew on each access: read it once)
    return flags.f_contiguous and not flags.c_contiguous


def _matmul_vjp(g, xs, out):
    a, b = xs
    if a.ndim == 2 and b.ndim == 2 and type(g) is np.ndarray:  # the common case, directly
        ga = (b @ g.T).T if _f_ordered(a) else g @ b.T
        gb = (g.T @ a).T if _f_ordered(b) else a.T @ g
        return ga, gb
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
    a = xs[0]
    if type(a) is not np.ndarray or not a.ndim:
        return (g,)
    grad = np.empty(a.shape)  # (empty and fill: np.full's own steps, without its Python)
    grad.fill(g / a.size)
    return (grad,)


# Where the value is an array: the ufunc reduction and a.T, the same computations as np.sum and
# np.transpose without numpy's Python wrappers, which cost more than the work on small arrays.
def _sum(a):
    return np.add.reduce(a, axis=None) if type(a) is np.ndarray else np.float64(np.sum(a))


def _mean(a):
    # The sum divided by the count is np.mean's own arithmetic (np.add.reduce is what its sum
    # calls).
    return np.add.reduce(a, axis=None) / a.size if type(a) is np.ndarray else np.float64(np.mean(a))


def _transpose(a):
    # np.transpose of a numpy scalar is a 0-d array; keep scalars np.float64 like every op.
    return a.T if type(a) is np.ndarray and a.ndim else np.float64(a)


def _transpose_vjp(g, xs, out):
    return (g.T if type(g) is np.ndarray else np.float64(g),)


def _softmax_shape(a: Shape) -> Shape:
    if not a:
        raise ValueError(
            "softmax needs a vector or matrix (it normalises over the last axis), got a scalar"
        )
    return a


def shifted_exp(a):
    """(a - max a, its exponentials) over the last axis: the one max-shift of every softmax
    (softmax here, cross_entropy and its gradient, and training's decision surface)."""
    shifted = a - _max(a, axis=-1, keepdims=True)
    return shifted, np.exp(shifted)


def softmax(a):
    """Softmax over the last axis."""
    exps = shifted_exp(np.asarray(a))[1]
    return exps / np.add.reduce(exps, axis=-1, keepdims=True)


def _softmax_vjp(g, xs, out):
    return (out * (g - np.sum(g * out, axis=-1, keepdims=True)),)


def _size(shape: Shape) -> int:
    return math.prod(shape)


def _scalar_shape(shape: Shape) -> Shape:
    return ()


def _reversed_shape(shape: Shape) -> Shape:
    return shape[::-1]


# fmt: off
register(Op(
    "matmul", "@", 2, np.matmul,
    (r"\frac{\partial (AB)}{\partial A} = B^\top", r"\frac{\partial (AB)}{\partial B} = A^\top"),
    "matmul sends G·Bᵀ to the left operand and Aᵀ·G to the right one",
    "Matrix product (numpy matmul: matrix @ vector, matrix @ matrix)",
    ((-2.0, 2.0), (-2.0, 2.0)), ("@",), tensor_vjp=_matmul_vjp,
    vjp_latex=(r"\frac{\partial L}{\partial A} = G\,B^\top",
               r"\frac{\partial L}{\partial B} = A^\top G"),
    sample_shapes=(((3, 4), (4,)), ((2, 3), (3, 4)), ((4,), (4, 2)), ((3,), (3,)),
                   ((2, 2, 3), (3, 2))),
    expression_latex="A B", shape=_matmul_shape, work=_matmul_work, needs=_matmul_needs))
register(Op(
    "sum", "Σ", 1, _sum,
    (r"\frac{\partial \sum_i a_i}{\partial a_j} = 1",),
    "sum copies the upstream gradient to every element", "Sum of all elements (a scalar)",
    WIDE, ("sum",), tensor_vjp=_sum_vjp,
    vjp_latex=(r"\frac{\partial L}{\partial a} = g\,\mathbf{1}",),
    sample_shapes=(((4,),), ((2, 3),), ((),)), expression_latex=r"\sum_i a_i",
    shape=_scalar_shape, work=_size))
register(Op(
    "mean", "mean", 1, _mean,
    (r"\frac{\partial \frac{1}{n}\sum_i a_i}{\partial a_j} = \frac{1}{n}",),
    "mean copies the upstream gradient divided by the element count to every element",
    "Mean of all elements (a scalar)", WIDE, ("mean",), tensor_vjp=_mean_vjp,
    vjp_latex=(r"\frac{\partial L}{\partial a} = \frac{g}{n}\mathbf{1}",),
    sample_shapes=(((4,),), ((2, 3),), ((),)), expression_latex=r"\frac{1}{n}\sum_i a_i",
    shape=_scalar_shape, work=_size))
register(Op(
    "transpose", "ᵀ", 1, _transpose, (r"\frac{\partial A^\top}{\partial A} = \text{transpose}",),
    "transpose sends the transposed gradient back", "Matrix transpose (reverses all axes)",
    WIDE, ("transpose",), tensor_vjp=_transpose_vjp,
    vjp_latex=(r"\frac{\partial L}{\partial A} = G^\top",),
    sample_shapes=(((2, 3),), ((4,),), ((2, 3, 4),)), expression_latex=r"A^\top",
    shape=_reversed_shape, work=_size))
register(Op(
    "softmax", "softmax", 1, softmax,
    (r"\frac{\partial s_i}{\partial a_j} = s_i(\delta_{ij} - s_j)",),
    "softmax sends s ⊙ (g - (g·s)) back: gradients of all classes interact",
    "Softmax over the last axis", WIDE, ("softmax",), tensor_vjp=_softmax_vjp,
    vjp_latex=(r"\frac{\partial L}{\partial a} = s \odot (g - g \cdot s)",),
    sample_shapes=(((4,),), ((2, 3),)), expression_latex=r"\mathrm{softmax}(a)",
    shape=_softmax_shape))
# fmt: on
