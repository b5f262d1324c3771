"""Losses: squared error and softmax cross-entropy, each reduced over the last axis only.

A batch (rows = samples) gives one loss per sample and mean(...) averages them; a vector gives
a scalar.
"""

from __future__ import annotations

import math

import numpy as np

from ..errors import EvalError
from .arithmetic import WIDE2
from .registry import Op, Shape, register, unbroadcast
from .tensor import shifted_exp  # (and so tensor ops register before the losses)

# ufunc reductions called directly (ndarray.all() and .max() go through Python wrappers first).
_all = np.logical_and.reduce
_max = np.maximum.reduce


def _squared_error(o, t):
    d = t - o
    if type(d) is not np.ndarray or not d.ndim:
        return np.float64(0.5 * d * d)
    return 0.5 * np.add.reduce(d * d, axis=-1)  # (what ndarray.sum calls, without its wrapper)


def _squared_error_vjp(g, xs, out):
    o, t = xs
    d = t - o
    if type(d) is not np.ndarray or not d.ndim:
        gd = d * g
    else:  # g has one entry per row: the same for each of the row's outputs
        gd = d * (g[..., None] if type(g) is np.ndarray else np.expand_dims(g, -1))
    shape_o = o.shape if type(o) is np.ndarray else np.shape(o)
    shape_t = t.shape if type(t) is np.ndarray else np.shape(t)
    return unbroadcast(-gd, shape_o), unbroadcast(gd, shape_t)


def _squared_error_shape(o: Shape, t: Shape) -> Shape:
    both = tuple(np.broadcast_shapes(o, t))
    return both[:-1]


def _squared_error_work(o: Shape, t: Shape) -> int:
    return math.prod(np.broadcast_shapes(o, t))


def _cross_entropy_shape(z: Shape, k: Shape) -> Shape:
    if not z or tuple(k) != tuple(z[:-1]):
        raise ValueError(
            "cross_entropy needs logits of shape (..., classes) and class indices of shape "
            f"(...), one per row of logits; got shapes {z} and {k}"
        )
    return tuple(k)


def _cross_entropy_work(z: Shape, k: Shape) -> int:
    _cross_entropy_shape(z, k)
    return math.prod(z)


def _class_indices(k, classes: int) -> np.ndarray:
    """Class indices as ints; a 4xx (not a crash) when one is not a whole number in range."""
    k = np.asarray(k, dtype=np.float64)
    # (A nan or inf cast to int is caught by idx == k below; the passes, which call this, run
    # with numpy's floating-point warnings off.)
    idx = k.astype(np.intp)
    # The usual case, whole numbers in range: a few numpy calls, no rounding. (Viewed as
    # unsigned, a negative index is huge, so one max checks both ends of the range.)
    whole_numbers = k.size and _all(idx == k, axis=None)
    if whole_numbers and _max(idx.view(np.uintp), axis=None) < classes:
        return idx
    whole = np.round(k)
    # A tolerance lets indices that went through float arithmetic (1.0000001) through.
    bad = ~(np.abs(k - whole) <= 1e-3) | (whole < 0) | (whole >= classes)
    if bad.any():
        value = float(k[bad][0]) if k.ndim else float(k)
        raise EvalError(
            f"cross_entropy: class index {value:g} is not a whole number from 0 to {classes - 1}"
        )
    return whole.astype(np.intp)


def _rows(a: np.ndarray) -> np.ndarray:
    """a viewed as (rows, classes): one row per class index (a batch is that already)."""
    return a if a.ndim == 2 else a.reshape(-1, a.shape[-1])


def _picked(idx):
    """(row, class) index arrays into _rows(logits): one class per row."""
    return np.arange(idx.size), (idx if idx.ndim == 1 else idx.ravel())


def _cross_entropy(z, k):
    idx = _class_indices(k, z.shape[-1] if type(z) is np.ndarray else np.shape(z)[-1])
    shifted, exps = shifted_exp(z)
    # -log softmax(z)_k = log Σ_j exp(z_j - max z) - (z_k - max z): only the picked logit is
    # needed, so the whole log-softmax is never formed.
    log_sums = np.log(np.add.reduce(exps, axis=-1))
    if idx.ndim == 0:
        return np.float64(log_sums - shifted[int(idx)])
    losses = log_sums.reshape(-1) - _rows(shifted)[_picked(idx)]
    return losses if idx.ndim == 1 else losses.reshape(idx.shape)


def _cross_entropy_vjp(g, xs, out):
    z, k = xs
    # The forward pass checked k on these values; here it is only rounded as it was there.
    idx = np.rint(k).astype(np.intp)
    exps = shifted_exp(z)[1]
    dz = exps / np.add.reduce(exps, axis=-1, keepdims=True)  # softmax(z) - onehot(k), below
    _rows(dz)[_picked(idx)] -= 1.0  # dz is new here: editing it is safe
    dz *= g[..., None] if type(g) is np.ndarray else g  # scaled by the upstream gradient
    # The class index is data: its gradient is zero.
    return dz, (np.zeros(k.shape) if type(k) is np.ndarray and k.ndim else np.float64(0.0))


# fmt: off
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
    expression_latex=r"\tfrac{1}{2}\sum_j (t_j - o_j)^2", shape=_squared_error_shape,
    work=_squared_error_work, role="loss"))
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
    expression_latex=r"-\log \mathrm{softmax}(z)_k", shape=_cross_entropy_shape,
    work=_cross_entropy_work, role="loss"))
# fmt: on
