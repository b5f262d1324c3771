"""Arithmetic ops: + - × ÷ ^, negation and the identity a named copy makes."""

from __future__ import annotations

import math
import operator

import numpy as np

from .registry import Op, Value, register

WIDE = ((-3.0, 3.0),)  # sample ranges for the derivative tests
WIDE2 = ((-3.0, 3.0), (-3.0, 3.0))


def ones(x: Value) -> Value:
    """A local derivative of 1 in x's shape (a numpy scalar for a scalar)."""
    return np.ones_like(x) if np.ndim(x) else np.float64(1.0)


def _pow_partials(xs, out):
    a, b = xs
    safe_log = np.log(np.where(a > 0, a, 1.0))
    return b * a ** (b - 1.0), np.where(a > 0, out * safe_log, 0.0)


def _pow_kernel_partials(a: float, b: float, out: float) -> tuple[float, float]:
    return b * math.pow(a, b - 1.0), (out * math.log(a) if a > 0.0 else 0.0)


# fmt: off
register(Op(
    "add", "+", 2, operator.add, (r"\frac{\partial (a+b)}{\partial a} = 1",
                                  r"\frac{\partial (a+b)}{\partial b} = 1"),
    "add distributes the gradient: each input gets the upstream gradient unchanged",
    "Addition", WIDE2, ("+",), partials=lambda xs, out: (ones(xs[0]), ones(xs[1])),
    expression_latex="a + b", kernel=operator.add, kernel_partials=(1.0, 1.0)))
register(Op(
    "sub", "−", 2, operator.sub, (r"\frac{\partial (a-b)}{\partial a} = 1",
                                  r"\frac{\partial (a-b)}{\partial b} = -1"),
    "sub passes the gradient to the first input and its negation to the second",
    "Subtraction", WIDE2, ("-",), partials=lambda xs, out: (ones(xs[0]), -ones(xs[1])),
    expression_latex="a - b", kernel=operator.sub, kernel_partials=(1.0, -1.0)))
register(Op(
    "mul", "×", 2, operator.mul, (r"\frac{\partial (ab)}{\partial a} = b",
                                  r"\frac{\partial (ab)}{\partial b} = a"),
    "mul swaps the inputs: each input gets the upstream gradient times the other input",
    "Multiplication", WIDE2, ("*",), partials=lambda xs, out: (xs[1], xs[0]),
    expression_latex=r"a \times b", kernel=operator.mul,
    kernel_partials=lambda a, b, out: (b, a)))
register(Op(
    "div", "÷", 2, operator.truediv, (r"\frac{\partial (a/b)}{\partial a} = \frac{1}{b}",
                                      r"\frac{\partial (a/b)}{\partial b} = -\frac{a}{b^2}"),
    "div scales the gradient by 1/b for a and by -a/b² for b",
    "Division", ((-3.0, 3.0), (0.5, 3.0)), ("/",),
    partials=lambda xs, out: (1.0 / xs[1], -out / xs[1]), expression_latex=r"\frac{a}{b}",
    kernel=operator.truediv, kernel_partials=lambda a, b, out: (1.0 / b, -out / b)))
register(Op(
    "pow", "^", 2, lambda a, b: a**b, (r"\frac{\partial a^b}{\partial a} = b\,a^{b-1}",
                                       r"\frac{\partial a^b}{\partial b} = a^b \ln a"),
    "pow scales the gradient by b·a^(b-1) for the base and a^b·ln a for the exponent",
    "Power (also written ** or ^)", ((0.5, 3.0), (-2.0, 2.0)), ("**", "^", "pow"),
    partials=_pow_partials, expression_latex="a^{b}", kernel=math.pow,
    kernel_partials=_pow_kernel_partials))
register(Op(
    "neg", "−", 1, operator.neg, (r"\frac{\partial (-a)}{\partial a} = -1",),
    "neg flips the sign of the gradient", "Negation", WIDE, ("-",),
    partials=lambda xs, out: (-ones(xs[0]),), expression_latex="-a", kernel=operator.neg,
    kernel_partials=(-1.0,)))
register(Op(
    "identity", "=", 1, lambda a: a, (r"\frac{\partial a}{\partial a} = 1",),
    "identity passes the gradient through unchanged", "A name given to another name",
    WIDE, (), partials=lambda xs, out: (ones(xs[0]),), expression_latex="a",
    kernel=lambda a: a, kernel_partials=(1.0,)))
# fmt: on
