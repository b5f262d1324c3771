"""Scalar kernels for elementwise ops: plain Python floats and the math module, no numpy.

A np.float64 operation costs several times a float's, and a 100,000-statement program is
100,000 scalar ops, so the passes in autodiff.py compute scalars with these kernels. Each one
matches its registry op's numpy forward and partials (tests/engine/test_scalar_kernels.py checks
every kernel on ordinary and special values). Where Python raises instead of returning inf or
nan (OverflowError from exp or pow, ZeroDivisionError, ValueError from math.log or math.sqrt),
the caller catches KERNEL_ERRORS and falls back to the registry's numpy function, so IEEE
results are unchanged. An op without a kernel (one added to the registry later) simply takes
that numpy path every time.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable

import numpy as np

from .registry import REGISTRY, Op

KERNEL_ERRORS = (ArithmeticError, ValueError)
_exp, _log, _pow = math.exp, math.log, math.pow


def _sigmoid(a: float) -> float:
    return 1.0 / (1.0 + _exp(-a))


def _relu(a: float) -> float:
    return a if a > 0.0 else (0.0 if a <= 0.0 else a)  # nan stays nan, -0.0 becomes 0.0


def _max(a: float, b: float) -> float:
    return a if (a > b or a != a) else b  # numpy: nan wins, a tie returns b


def _min(a: float, b: float) -> float:
    return a if (a < b or a != a) else b


def _sign(a: float) -> float:
    return 1.0 if a > 0.0 else (-1.0 if a < 0.0 else (0.0 if a == 0.0 else a))


def _pow_partials(a: float, b: float, out: float) -> tuple[float, float]:
    return b * _pow(a, b - 1.0), (out * _log(a) if a > 0.0 else 0.0)


# name -> (forward, partials); partials take (inputs..., out) and return one local per input.
_UNARY: dict[str, tuple[Callable, Callable]] = {
    "neg": (operator.neg, lambda a, out: (-1.0,)),
    "identity": (lambda a: a, lambda a, out: (1.0,)),
    "exp": (_exp, lambda a, out: (out,)),
    "log": (_log, lambda a, out: (1.0 / a,)),
    "sqrt": (math.sqrt, lambda a, out: (0.5 / out,)),
    "sin": (math.sin, lambda a, out: (math.cos(a),)),
    "cos": (math.cos, lambda a, out: (-math.sin(a),)),
    "tan": (math.tan, lambda a, out: (1.0 + out * out,)),
    "tanh": (math.tanh, lambda a, out: (1.0 - out * out,)),
    "sigmoid": (_sigmoid, lambda a, out: (out * (1.0 - out),)),
    "relu": (_relu, lambda a, out: (1.0 if a > 0.0 else 0.0,)),
    "abs": (abs, lambda a, out: (_sign(a),)),
}
_BINARY: dict[str, tuple[Callable, Callable]] = {
    "add": (operator.add, lambda a, b, out: (1.0, 1.0)),
    "sub": (operator.sub, lambda a, b, out: (1.0, -1.0)),
    "mul": (operator.mul, lambda a, b, out: (b, a)),
    "div": (operator.truediv, lambda a, b, out: (1.0 / b, -out / b)),
    "pow": (_pow, _pow_partials),
    "max": (_max, lambda a, b, out: _route(a, b)),
    "min": (_min, lambda a, b, out: _route(b, a)),  # as the registry: d/da = [b > a] + tie
}


def _route(winner: float, loser: float) -> tuple[float, float]:
    """max's locals: all to the larger input, halves on a tie, none if either is nan."""
    if winner > loser:
        return 1.0, 0.0
    if loser > winner:
        return 0.0, 1.0
    return (0.5, 0.5) if winner == loser else (0.0, 0.0)


def _kernels() -> dict[int, tuple[Op, Callable, Callable]]:
    found = {}
    for op in REGISTRY.values():
        table = _BINARY if op.arity == 2 else _UNARY
        if op.name in table and agrees(op, *table[op.name]):
            found[id(op)] = (op, *table[op.name])
    return found


_SAMPLES = (-1000.0, -3.0, -1.5, -1.0, -0.5, -0.0, 0.0, 1e-300, 0.3, 0.5, 1.0, 2.0, 3.0, 1000.0)
_SPECIAL = (math.inf, -math.inf, math.nan)


def agrees(op: Op, forward: Callable, partials: Callable) -> bool:
    """Whether a kernel gives the registry op's results (within 4 ulps, same sign of zero) on
    ordinary, boundary and non-finite inputs, counting its numpy fallback where it raises.
    Checked at import, so a kernel left behind by a change to the registry is not used."""
    points = _SAMPLES + _SPECIAL
    if op.arity == 2:
        small = (-2.0, -0.5, -0.0, 0.0, 0.5, 1.0, 2.0, 3.0, *_SPECIAL)
        cases = [(a, b) for a in small for b in small]
    else:
        cases = [(a,) for a in points]
    f64 = np.float64
    with np.errstate(all="ignore"):
        for xs in cases:
            wide = tuple(f64(x) for x in xs)
            out = float(op.forward(*wide))
            expected = (out, *(float(p) for p in op.partials(wide, f64(out))))
            try:
                got_out = forward(*xs)
            except KERNEL_ERRORS:
                got_out = out
            try:
                got = (got_out, *partials(*xs, out))
            except KERNEL_ERRORS:
                got = (got_out, *expected[1:])
            if len(got) != len(expected) or not all(map(_same, got, expected)):
                return False
    return True


def _same(x: float, y: float) -> bool:
    if x != x or y != y:
        return x != x and y != y
    if x == y:
        return x != 0.0 or math.copysign(1.0, x) == math.copysign(1.0, y)
    return abs(x - y) <= 4 * 2.220446049250313e-16 * max(abs(x), abs(y))


# id(op) -> (op, forward, partials) for the registry's own entries (keeping each op alive, so
# an id is never reused); the passes look an op up by id and confirm with `is`.
KERNELS = _kernels()
KERNEL_NAMES = frozenset(_UNARY) | frozenset(_BINARY)
