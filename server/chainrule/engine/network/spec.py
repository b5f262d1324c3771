"""Network specs: validate a plain dict into a NetworkSpec, initialising omitted weights.

A spec describes a fully connected net: `layers` [n_in, h1, ..., n_out]; layer k computes
a_k = act_k(W_k @ a_{k-1} + b_k) with W_k of shape (n_k, n_{k-1}) and b_k of shape (n_k,)
(no b_k when `bias` is false, as in the lecture's f = W2 max(0, W1 x)).

Omitted weights are drawn from numpy.random.default_rng(seed) (seed 0 by default): for
k = 1, 2, ... in order, W_k = standard_normal((n_k, n_{k-1})) * sqrt(s / n_{k-1}), with s = 2 when
layer k's activation is relu (He) and s = 1 otherwise (LeCun); every b_k = 0. A given W_k is
still drawn (and discarded) when a later one is omitted, so giving W1 does not change the W2 a
seed produces.

`input` is one sample (n_in,) or, at layer granularity, a batch (batch, n_in) whose loss is
the mean of the per-sample losses. `target` is the output's shape for squared_error (a number
is accepted for a single output) and a class index (one per sample) for cross_entropy.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from numbers import Integral, Real
from typing import Any

import numpy as np

from ..budget import UNLIMITED, Limits
from ..errors import LimitError, SpecError, excerpt
from ..ops import with_role
from .limits import MAX_UNITS_PER_LAYER, check_limits

# The registry's activation and loss ops, plus "no activation" and "no loss".
ACTIVATIONS = (*sorted(with_role("activation")), "linear")
LOSSES = (*with_role("loss"), "none")
GRANULARITIES = ("layer", "neuron")
KEYS = (
    "layers",
    "activation",
    "output_activation",
    "loss",
    "input",
    "target",
    "weights",
    "bias",
    "seed",
    "granularity",
)
_KEYS = frozenset(KEYS)
_UNSIGNED = {n: np.dtype(f"u{n}") for n in (1, 2, 4, 8)}  # by itemsize, for integer targets


@dataclass(frozen=True)
class NetworkSpec:
    """A validated network: sizes, activations, loss, data and every parameter as float64."""

    layers: tuple[int, ...]
    activations: tuple[str, ...]  # one per weight layer; the last is the output activation
    loss: str
    input: np.ndarray | None  # (n_in,) or (batch, n_in)
    target: np.ndarray | None  # squared_error: like the output; cross_entropy: () or (batch,)
    weights: dict[str, np.ndarray] = field(default_factory=dict)  # W1, b1, W2, ... in order
    bias: bool = True
    seed: int = 0
    granularity: str = "layer"

    @property
    def batched(self) -> bool:
        return self.input is not None and self.input.ndim == 2

    @property
    def depth(self) -> int:
        """The number of weight layers (hidden layers + 1)."""
        return len(self.layers) - 1


def param_shapes(layers: tuple[int, ...], bias: bool = True) -> dict[str, tuple[int, ...]]:
    """Parameter names and shapes in layer order: {"W1": (h1, n_in), "b1": (h1,), ...}."""
    return dict(_param_shapes(tuple(layers), bias))


@functools.lru_cache(maxsize=64)
def _param_shapes(layers: tuple[int, ...], bias: bool) -> dict[str, tuple[int, ...]]:
    """param_shapes, made once per network shape (read only: spec after spec has the same)."""
    shapes: dict[str, tuple[int, ...]] = {}
    for k in range(1, len(layers)):
        shapes[f"W{k}"] = (layers[k], layers[k - 1])
        if bias:
            shapes[f"b{k}"] = (layers[k],)
    return shapes


def parse_spec(raw: dict[str, Any], limits: Limits = UNLIMITED) -> NetworkSpec:
    """Validate a spec dict; raises SpecError naming the parameter (and both shapes), or
    LimitError when the network is over a limit, before any weight is allocated."""
    if not isinstance(raw, dict):
        raise SpecError(f"a network spec is an object, not {type(raw).__name__}")
    if not _KEYS.issuperset(raw):
        first = sorted(raw.keys() - _KEYS, key=str)[0]
        raise SpecError(f"unknown spec field {first!r}; the fields are {', '.join(KEYS)}")
    layers = _layers(raw.get("layers"))
    hidden = len(layers) - 2
    activations = (*_activations(raw.get("activation", "relu"), hidden), _output_activation(raw))
    loss = _choice(raw.get("loss", "squared_error"), LOSSES, "loss")
    granularity = _choice(raw.get("granularity", "layer"), GRANULARITIES, "granularity")
    bias = raw.get("bias", True)
    if not isinstance(bias, bool):
        raise SpecError("bias must be true or false")
    seed = raw.get("seed", 0)
    if (type(seed) is not int and (isinstance(seed, bool) or not isinstance(seed, Integral))) or (
        seed < 0
    ):
        raise SpecError("seed must be a whole number ≥ 0")
    n_out = layers[-1]
    if loss == "none" and n_out != 1:
        raise SpecError(
            f'loss "none" needs a single output (the output is the function itself), but '
            f"layers ends in {n_out}; use squared_error or cross_entropy"
        )
    if loss == "cross_entropy" and n_out < 2:
        raise SpecError("cross_entropy needs at least 2 outputs (one logit per class)")
    x = None if raw.get("input") is None else _input(raw["input"], layers, granularity)
    batch = x.shape[0] if x is not None and x.ndim == 2 else None
    target = _target(raw.get("target"), loss, n_out, batch, x is not None)
    check_limits(layers, batch, granularity, loss, activations, bias, limits)
    weights = _weights(raw.get("weights"), layers, activations, bias, int(seed))
    # The numbers given are checked for inf and nan together, last (drawn weights are finite).
    arrays = [] if x is None else [("input", x)]
    if target is not None and loss != "cross_entropy":  # (class indices were checked whole)
        arrays.append(("target", target))
    given = raw.get("weights") or {}
    arrays += [(f"weights.{name}", weights[name]) for name in weights if name in given]
    require_finite(arrays)
    return NetworkSpec(layers, activations, loss, x, target, weights, bias, int(seed), granularity)


def _layers(layers: Any) -> tuple[int, ...]:
    example = "e.g. [3, 4, 2] for 3 inputs, 4 hidden units and 2 outputs"
    if layers is None:
        raise SpecError(f"layers is required: the size of each layer, {example}")
    if not isinstance(layers, (list, tuple)):  # noqa: UP038 (the tuple form is faster)
        raise SpecError(f"layers must be a list of sizes, {example}")
    if len(layers) < 2:
        what = "empty" if not layers else "a single size"
        raise SpecError(f"layers is {what}: give at least the input and output sizes, {example}")
    for k, n in enumerate(layers):
        # type(n) is int first: the Integral ABC check costs more than the rest of this loop.
        if type(n) is not int and (isinstance(n, bool) or not isinstance(n, Integral)):
            raise SpecError(f"layers[{k}] must be a whole number, not {excerpt(repr(n))}")
        n = int(n)
        if n < 1:
            raise SpecError(
                f"layers[{k}] is {excerpt(str(n))}: every layer needs at least one unit"
            )
        if n > MAX_UNITS_PER_LAYER:
            raise LimitError(
                f"layers[{k}] has {excerpt(f'{n:,}')} units; the limit is "
                f"{MAX_UNITS_PER_LAYER:,} per layer"
            )
    return tuple(map(int, layers))


def _choice(value: Any, allowed: tuple[str, ...], name: str) -> str:
    if not isinstance(value, str) or value not in allowed:
        shown = repr(value) if isinstance(value, str) else type(value).__name__
        raise SpecError(f"unknown {name} {shown}: choose one of {', '.join(allowed)}")
    return value


def _activations(value: Any, hidden: int) -> tuple[str, ...]:
    if isinstance(value, str):
        return (_choice(value, ACTIVATIONS, "activation"),) * hidden
    if not isinstance(value, list | tuple):
        raise SpecError("activation must be a name or a list of names, one per hidden layer")
    if len(value) != hidden:
        raise SpecError(
            f"activation lists {len(value)} name(s), but there are {hidden} hidden layer(s): "
            "give one name per hidden layer, or a single name for all"
        )
    return tuple(_choice(a, ACTIVATIONS, f"activation[{k}]") for k, a in enumerate(value))


def _output_activation(raw: dict) -> str:
    return _choice(raw.get("output_activation", "linear"), ACTIVATIONS, "output_activation")


def _float_array(name: str, raw: Any) -> np.ndarray:
    """A float64 array from a number, nested list or ndarray (finiteness not yet checked)."""
    if isinstance(raw, np.ndarray):
        if raw.dtype.kind not in "iuf":
            raise SpecError(f"{name} must contain numbers")
        return raw.astype(np.float64, copy=False)
    if not _numeric_tree(raw):
        raise SpecError(f"{name} must be a number or a nested list of numbers")
    try:
        return np.asarray(raw, dtype=np.float64)
    except ValueError:
        raise SpecError(f"{name} is not rectangular: its rows have different lengths") from None
    except OverflowError:  # an integer such as 10**400 that no float64 holds
        raise SpecError(f"{name} has a number too large for a 64-bit float") from None


def require_finite(named: Iterable[tuple[str, np.ndarray]]) -> None:
    """SpecError naming the first array with an inf or nan in it.

    A C-ordered array is checked by one BLAS dot product, its first half against its second
    (plus the last element squared, for an odd count), which is finite only if every element
    is: each element is in one product, a product with an inf in it is ±inf or nan (inf·0), a
    nan stays nan, and a sum holding any of those is not finite. On a weight matrix it is a
    fifth of isfinite's time (and two halves are read faster than one stream: 54 against 68 µs
    on 784×256). Finite elements whose products overflow (above about 1e154) make it inf too, so
    a sum that is not finite is confirmed element by element. All the arrays share one errstate.
    """
    with np.errstate(over="ignore", invalid="ignore"):
        for name, array in named:
            if array.flags.c_contiguous:  # (ravel is then a view)
                flat = array.ravel()
                half = flat.size // 2
                last = flat[-1]
                if math.isfinite(np.dot(flat[:half], flat[half : 2 * half]) + last * last):
                    continue
            if not np.isfinite(array).all():
                raise SpecError(f"{name} contains a non-finite number")


def _numeric_tree(raw: Any) -> bool:
    stack = [raw]
    while stack:  # iterative: a deeply nested list cannot exhaust the stack
        item = stack.pop()
        if isinstance(item, list | tuple):
            stack.extend(item)
        elif isinstance(item, bool) or not isinstance(item, Real):
            return False
    return True


def _input(raw: Any, layers: tuple[int, ...], granularity: str) -> np.ndarray:
    n_in = layers[0]
    x = _float_array("input", raw)
    if x.ndim == 1 and x.shape == (n_in,):
        return x
    if x.ndim == 2 and x.shape[1] == n_in and x.shape[0] >= 1:
        if granularity == "neuron":
            raise SpecError(
                f"input has shape {x.shape}, a batch: neuron granularity draws one sample, "
                f"so give input shape ({n_in},) or use granularity layer"
            )
        return x
    raise SpecError(
        f"input has shape {x.shape}, but layers[0] = {n_in} needs shape ({n_in},), "
        f"or (batch, {n_in}) for a batch"
    )


def _target(raw: Any, loss: str, n_out: int, batch: int | None, has_input: bool):
    if loss == "none":
        if raw is not None:
            raise SpecError('loss "none" takes no target: the output itself is differentiated')
        return None
    if raw is None:
        if has_input:
            raise SpecError(f"target is required for loss {loss}")
        return None
    if loss == "cross_entropy":
        return _class_target(raw, n_out, batch)
    t = _float_array("target", raw)
    want = (n_out,) if batch is None else (batch, n_out)
    if n_out == 1 and t.shape == want[:-1]:  # a number per sample for a single output
        return t.reshape(want)
    if t.shape != want:
        raise SpecError(
            f"target has shape {t.shape}, but the output has {n_out} unit(s) "
            f"{'' if batch is None else f'for {batch} samples '}so it needs shape {want}"
        )
    return t


def _class_target(raw: Any, classes: int, batch: int | None) -> np.ndarray:
    if isinstance(raw, np.ndarray) and raw.dtype.kind in "iu":
        shape_ok = raw.shape == (() if batch is None else (batch,))
        # Viewed as unsigned, a negative index is huge: one max checks both ends of the range.
        unsigned = raw.view(_UNSIGNED[raw.itemsize])
        if shape_ok and raw.size and np.maximum.reduce(unsigned, axis=None) < classes:
            return raw.astype(np.float64)  # valid as a whole: no per-item checks needed
        raw = raw.tolist()  # let the checks below name the bad item
    what = f"a class index from 0 to {classes - 1}"
    items = [raw] if batch is None else raw
    if batch is None and isinstance(raw, list | tuple):
        raise SpecError(f"target for cross_entropy is {what} (a whole number), not a list")
    if batch is not None and (not isinstance(raw, list | tuple) or len(raw) != batch):
        raise SpecError(f"target for a batch of {batch} samples is a list of {batch} class indices")
    for k in items:
        # type(k) is int first: the Integral ABC check is slow for a batch of thousands.
        if type(k) is not int and (isinstance(k, bool) or not isinstance(k, Integral)):
            raise SpecError(
                f"target {excerpt(repr(k))} is not {what}: cross_entropy targets are whole numbers"
            )
        if not 0 <= int(k) < classes:
            raise SpecError(
                f"target {excerpt(str(k))} is out of range: the output has {classes} classes, "
                f"{what}"
            )
    return np.asarray(raw, dtype=np.float64)


def _weights(raw, layers, activations, bias, seed: int) -> dict[str, np.ndarray]:
    shapes = _param_shapes(layers, bias)
    given = {} if raw is None else raw
    if not isinstance(given, dict):
        raise SpecError('weights must be an object such as {"W1": [[...]], "b1": [...]}')
    for name in given:
        if name not in shapes:
            expected = ", ".join(shapes)
            why = " (bias is false)" if not bias and name.startswith("b") else ""
            raise SpecError(
                f"weights has no parameter {name!r}{why}: layers {list(layers)} have {expected}"
            )
    missing = [k for k in range(1, len(layers)) if f"W{k}" not in given]
    last_drawn = max(missing, default=0)  # no draws at all when every W_k is given
    rng = np.random.default_rng(seed) if last_drawn else None
    out: dict[str, np.ndarray] = {}
    for k in range(1, len(layers)):
        w_name, b_name = f"W{k}", f"b{k}"
        shape = shapes[w_name]
        if k <= last_drawn:
            assert rng is not None
            scale = math.sqrt((2.0 if activations[k - 1] == "relu" else 1.0) / layers[k - 1])
            drawn = rng.standard_normal(shape) * scale
        out[w_name] = _given(w_name, given, shape, layers) if w_name in given else drawn
        if bias:
            b_shape = shapes[b_name]
            out[b_name] = (
                _given(b_name, given, b_shape, layers) if b_name in given else np.zeros(b_shape)
            )
    return out


def _given(name: str, given: dict, shape: tuple[int, ...], layers) -> np.ndarray:
    value = _float_array(f"weights.{name}", given[name])
    if value.shape != shape:
        k = int(name[1:])
        meaning = (
            f"{shape[0]} units × {shape[1]} inputs"
            if len(shape) == 2
            else f"one per unit of layer {k}"
        )
        raise SpecError(
            f"weights.{name} has shape {value.shape}, but layers {list(layers)} need "
            f"shape {shape} ({meaning})"
        )
    return value
