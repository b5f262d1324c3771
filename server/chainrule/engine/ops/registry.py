"""THE op registry: the Op record and the one table of every operation chainrule knows.

An entry holds everything about its op: how to compute it (numpy, so scalars and arrays share
one code path, plus a plain-float kernel where it has one), its derivative rule, the shape of
its result, its work, how it is drawn and explained, and whether networks may use it as an
activation or a loss. Elementwise ops give their local partial derivatives; Op.vjp turns
those into vector-Jacobian products, summing broadcast axes back to each input's shape.
Tensor ops (matmul, sum, ...) give their vector-Jacobian product directly. Nothing outside
this package states a derivative, and ops never mutate an array: only the backward pass
accumulates gradients. The entries live in arithmetic.py, functions.py, tensor.py and
losses.py; importing chainrule.engine.ops registers all of them.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

Value = Any  # a float for scalars, np.float64 or np.ndarray (float64) through numpy
Shape = tuple[int, ...]

# Where Python raises instead of returning inf or nan (OverflowError from exp or pow,
# ZeroDivisionError, ValueError from math.log or math.sqrt), a float kernel's caller falls back
# to the op's numpy function, so IEEE results are unchanged.
KERNEL_ERRORS = (ArithmeticError, ValueError)


@dataclass(frozen=True)
class Op:
    """One operation: how to compute it, differentiate it, size it, draw it and explain it."""

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
    sample_shapes: tuple[tuple[Shape, ...], ...] = ()
    expression_latex: str = ""  # the forward formula in terms of a, b
    # (input shapes) -> the result's shape; raises ValueError naming the shapes when they do
    # not fit. Elementwise ops broadcast. Lets every limit act before anything is allocated.
    shape: Callable[..., Shape] | None = None
    # (input shapes) -> work units (about one per multiply-add); default: the result's size.
    work: Callable[..., int] | None = None
    # The same op on plain floats (math module, no numpy): the speed of 100,000-node programs.
    # Must match forward bit for bit up to a few ulps (tests/engine/test_scalar_kernels.py).
    kernel: Callable[..., float] | None = None
    # Its local derivatives on floats: (inputs..., output) -> one per input, or a tuple of
    # constants when they do not depend on the inputs (add: (1.0, 1.0)).
    kernel_partials: Callable[..., tuple[float, ...]] | tuple[float, ...] | None = None
    # Networks: "activation" (a hidden or output activation) or "loss" (compares the output
    # with the target); "" for everything else. The spec's enumerations are read from these.
    role: str = ""
    # Activations: the target value that means "not this class" for a squared-error output
    # with this activation (0 where the activation's output is nonnegative, else -1).
    class_off: float | None = None
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

    def result_shape(self, shapes: tuple[Shape, ...]) -> Shape:
        """The shape of this op's result on inputs of these shapes (ValueError if they clash)."""
        if self.shape is not None:
            return self.shape(*shapes)
        if len(set(shapes)) == 1:  # no broadcasting (the common case): skip numpy's helper
            return shapes[0]
        return tuple(np.broadcast_shapes(*shapes))

    def estimate_work(self, shapes: tuple[Shape, ...], result: Shape | None = None) -> int:
        """Work units this op will take on inputs of these shapes (ValueError if they clash)."""
        if self.work is not None:
            return self.work(*shapes)
        return math.prod(self.result_shape(shapes) if result is None else result)

    def scalar(self, *xs: float) -> float:
        """The op on floats: its kernel, or numpy where the kernel raises or is missing."""
        kernel = self.kernel
        if kernel is not None:
            try:
                return kernel(*xs)
            except KERNEL_ERRORS:
                pass
        with np.errstate(all="ignore"):  # overflow is inf and 0/0 is nan, as in IEEE arithmetic
            return float(self.forward(*(np.float64(x) for x in xs)))

    def scalar_partials(self, xs: tuple[float, ...], out: float) -> tuple[float, ...]:
        """Local derivatives on floats: the kernel's, or numpy's where that raises."""
        rule = self.kernel_partials
        if type(rule) is tuple:
            return rule
        if rule is not None:
            try:
                return rule(*xs, out)  # type: ignore[operator]
            except KERNEL_ERRORS:
                pass
        f64 = np.float64
        with np.errstate(all="ignore"):
            if self.partials is not None:
                found = self.partials(tuple(f64(x) for x in xs), f64(out))
            else:  # a tensor op given numbers (`2 @ 3`): its vjp of 1 is the local derivative
                found = self.tensor_vjp(f64(1.0), tuple(f64(x) for x in xs), f64(out))  # type: ignore[misc]
        return tuple(float(p) for p in found)

    def vjp(self, g: Value, xs: tuple[Value, ...], out: Value) -> tuple[Value, ...]:
        """Gradients for each input given the upstream gradient g (vector-Jacobian product)."""
        if self.partials is None:
            return self.tensor_vjp(g, xs, out)  # type: ignore[misc]
        locals_ = self.kernel_partials
        constant = type(locals_) is tuple  # constant locals (add: 1, 1): ±g, no multiply by 1
        if not constant:
            locals_ = self.partials(xs, out)
        # (A value that is not an array is a number, of shape ().)
        return tuple(
            unbroadcast(
                g if constant and p == 1.0 else g * p, x.shape if type(x) is np.ndarray else ()
            )
            for p, x in zip(locals_, xs, strict=True)  # type: ignore[arg-type]
        )


def unbroadcast(g: Value, shape: Shape) -> Value:
    """Sum a broadcast gradient back to an operand's own shape (numpy broadcasting reversed)."""
    gshape = g.shape if type(g) is np.ndarray else np.shape(g)
    if gshape == shape:
        return g
    if type(g) is not np.ndarray:
        g = np.asarray(g)
    extra = g.ndim - len(shape)
    if extra > 0:
        g = np.add.reduce(g, axis=tuple(range(extra)))  # (what ndarray.sum calls)
        if g.shape == shape:  # (a bias: only the leading axes were broadcast)
            return g
    axes = tuple(i for i, n in enumerate(shape) if n == 1 and g.shape[i] != 1)
    if axes:
        g = np.add.reduce(g, axis=axes, keepdims=True)
    if g.shape != shape:
        g = g.reshape(shape)
    return np.float64(g) if shape == () else g


REGISTRY: dict[str, Op] = {}


def register(op: Op) -> Op:
    """Add an op to the registry; the one place a new operation is declared."""
    if op.name in REGISTRY:
        raise ValueError(f"op {op.name!r} registered twice")
    REGISTRY[op.name] = op
    return op


def with_role(role: str) -> tuple[str, ...]:
    """Names of the registered ops with this network role, in registry order."""
    return tuple(op.name for op in REGISTRY.values() if op.role == role)
