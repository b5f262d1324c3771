"""Elementwise functions: exp, log, sqrt, trigonometry, the activations, abs, max and min."""

from __future__ import annotations

import math

import numpy as np

from .arithmetic import WIDE, WIDE2
from .registry import Op, Value, register


def _route(winner: Value, loser: Value) -> tuple[Value, Value]:
    """Local gradients of max(winner, loser): all to the larger, halves on a tie.

    Halving on a tie is a valid subgradient, matches central differences and PyTorch, and
    keeps max(a, b) + min(a, b) = a + b differentiating to (1, 1).
    """
    tie = (winner == loser) * 0.5
    return (winner > loser) + tie, (loser > winner) + tie


def _route_float(winner: float, loser: float) -> tuple[float, float]:
    """_route on floats: all to the larger input, halves on a tie, none if either is nan."""
    if winner > loser:
        return 1.0, 0.0
    if loser > winner:
        return 0.0, 1.0
    return (0.5, 0.5) if winner == loser else (0.0, 0.0)


def _sigmoid(a: Value) -> Value:
    return 1.0 / (1.0 + np.exp(-a))


def _sigmoid_float(a: float) -> float:
    return 1.0 / (1.0 + math.exp(-a))


def _relu_float(a: float) -> float:
    return a if a > 0.0 else (0.0 if a <= 0.0 else a)  # nan stays nan, -0.0 becomes 0.0


def _positive(a):
    """1.0 where a > 0 and 0.0 elsewhere (nan too), relu's derivative: for an array, written
    straight into a float array in one pass rather than a boolean array and a multiply."""
    if type(a) is np.ndarray:
        return np.greater(a, 0.0, out=np.empty(a.shape), casting="unsafe")
    return (a > 0) * 1.0


def _sign_float(a: float) -> float:
    return 1.0 if a > 0.0 else (-1.0 if a < 0.0 else (0.0 if a == 0.0 else a))


def _max_float(a: float, b: float) -> float:
    return a if (a > b or a != a) else b  # numpy: nan wins, a tie returns b


def _min_float(a: float, b: float) -> float:
    return a if (a < b or a != a) else b


# fmt: off
register(Op(
    "exp", "exp", 1, np.exp, (r"\frac{\partial e^a}{\partial a} = e^a",),
    "exp scales the gradient by its own output", "Exponential", WIDE, spellings=("exp",),
    partials=lambda xs, out: (out,), expression_latex="e^{a}", kernel=math.exp,
    kernel_partials=lambda a, out: (out,)))
register(Op(
    "log", "log", 1, np.log, (r"\frac{\partial \ln a}{\partial a} = \frac{1}{a}",),
    "log scales the gradient by 1/a", "Natural logarithm", ((0.2, 4.0),), spellings=("log",),
    partials=lambda xs, out: (1.0 / xs[0],), expression_latex=r"\ln a", kernel=math.log,
    kernel_partials=lambda a, out: (1.0 / a,),
    undefined_where="the log of a negative number is undefined (log is defined for a > 0)"))
register(Op(
    "sqrt", "√", 1, np.sqrt, (r"\frac{\partial \sqrt{a}}{\partial a} = \frac{1}{2\sqrt{a}}",),
    "sqrt scales the gradient by 1/(2√a)", "Square root", ((0.2, 4.0),), spellings=("sqrt",),
    partials=lambda xs, out: (0.5 / out,), expression_latex=r"\sqrt{a}", kernel=math.sqrt,
    kernel_partials=lambda a, out: (0.5 / out,),
    undefined_where="the square root of a negative number is undefined (sqrt needs a ≥ 0)"))
register(Op(
    "sin", "sin", 1, np.sin, (r"\frac{\partial \sin a}{\partial a} = \cos a",),
    "sin scales the gradient by cos a", "Sine", WIDE, spellings=("sin",),
    partials=lambda xs, out: (np.cos(xs[0]),), expression_latex=r"\sin a", kernel=math.sin,
    kernel_partials=lambda a, out: (math.cos(a),)))
register(Op(
    "cos", "cos", 1, np.cos, (r"\frac{\partial \cos a}{\partial a} = -\sin a",),
    "cos scales the gradient by -sin a", "Cosine", WIDE, spellings=("cos",),
    partials=lambda xs, out: (-np.sin(xs[0]),), expression_latex=r"\cos a", kernel=math.cos,
    kernel_partials=lambda a, out: (-math.sin(a),)))
register(Op(
    "tan", "tan", 1, np.tan, (r"\frac{\partial \tan a}{\partial a} = 1 + \tan^2 a",),
    "tan scales the gradient by 1 + tan² a", "Tangent", ((-1.2, 1.2),), spellings=("tan",),
    partials=lambda xs, out: (1.0 + out * out,), expression_latex=r"\tan a", kernel=math.tan,
    kernel_partials=lambda a, out: (1.0 + out * out,)))
register(Op(
    "tanh", "tanh", 1, np.tanh, (r"\frac{\partial \tanh a}{\partial a} = 1 - \tanh^2 a",),
    "tanh scales the gradient by 1 - tanh² a", "Hyperbolic tangent", WIDE, spellings=("tanh",),
    partials=lambda xs, out: (1.0 - out * out,), expression_latex=r"\tanh a",
    kernel=math.tanh, kernel_partials=lambda a, out: (1.0 - out * out,),
    role="activation", class_off=-1.0))
register(Op(
    "sigmoid", "σ", 1, _sigmoid,
    (r"\frac{\partial \sigma(a)}{\partial a} = \sigma(a)\,(1 - \sigma(a))",),
    "sigmoid scales the gradient by σ(a)(1 - σ(a))", "Logistic sigmoid 1/(1+e^-a)", WIDE,
    spellings=("sigmoid",), partials=lambda xs, out: (out * (1.0 - out),),
    expression_latex=r"\sigma(a)", kernel=_sigmoid_float,
    kernel_partials=lambda a, out: (out * (1.0 - out),), role="activation", class_off=0.0))
register(Op(
    "relu", "relu", 1, lambda a: np.maximum(a, 0.0),
    (r"\frac{\partial \max(0,a)}{\partial a} = [a > 0]",),
    "relu routes the gradient through where the input is positive and blocks it elsewhere",
    "Rectified linear unit max(0, a)", WIDE, spellings=("relu",),
    partials=lambda xs, out: (_positive(xs[0]),), kink=lambda a: a == 0,
    expression_latex=r"\max(0, a)", kernel=_relu_float,
    kernel_partials=lambda a, out: (1.0 if a > 0.0 else 0.0,), role="activation",
    class_off=0.0))
register(Op(
    "abs", "|a|", 1, np.abs, (r"\frac{\partial |a|}{\partial a} = \operatorname{sign}(a)",),
    "abs passes the gradient with the sign of its input", "Absolute value", WIDE,
    spellings=("abs",), partials=lambda xs, out: (np.sign(xs[0]) * 1.0,), kink=lambda a: a == 0,
    expression_latex="|a|", kernel=abs, kernel_partials=lambda a, out: (_sign_float(a),)))
register(Op(
    "max", "max", 2, np.maximum,
    (r"\frac{\partial \max(a,b)}{\partial a} = [a > b] + \tfrac{1}{2}[a = b]",
     r"\frac{\partial \max(a,b)}{\partial b} = [b > a] + \tfrac{1}{2}[a = b]"),
    "max routes the gradient to the larger input (split evenly on a tie)",
    "Elementwise maximum", WIDE2, spellings=("max",),
    partials=lambda xs, out: _route(xs[0], xs[1]),
    kink=lambda a, b: a == b, expression_latex=r"\max(a, b)", kernel=_max_float,
    kernel_partials=lambda a, b, out: _route_float(a, b)))
register(Op(
    "min", "min", 2, np.minimum,
    (r"\frac{\partial \min(a,b)}{\partial a} = [a < b] + \tfrac{1}{2}[a = b]",
     r"\frac{\partial \min(a,b)}{\partial b} = [b < a] + \tfrac{1}{2}[a = b]"),
    "min routes the gradient to the smaller input (split evenly on a tie)",
    "Elementwise minimum", WIDE2, spellings=("min",),
    partials=lambda xs, out: _route(xs[1], xs[0]),
    kink=lambda a, b: a == b, expression_latex=r"\min(a, b)", kernel=_min_float,
    kernel_partials=lambda a, b, out: _route_float(b, a)))
# fmt: on
