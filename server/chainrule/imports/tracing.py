"""chainrule.trace(fn, x=...): run a Python function on traced values and trace the path taken.

A Traced value carries its real forward value (so `if x > 0:` and loops work: the function
really runs) and its node on a Tape. Operators, chainrule's math functions and the numpy ufuncs
that match a registry op record one node each; the finished tape goes to program.py, which
runs it through chainrule's engine.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from ..engine.ops import REGISTRY, Op
from .program import CONST, INPUT, OP, Tape, run_tape

_UFUNCS = {
    np.add: "add",
    np.subtract: "sub",
    np.multiply: "mul",
    np.true_divide: "div",
    np.power: "pow",
    np.negative: "neg",
    np.matmul: "matmul",
    np.exp: "exp",
    np.log: "log",
    np.sqrt: "sqrt",
    np.sin: "sin",
    np.cos: "cos",
    np.tan: "tan",
    np.tanh: "tanh",
    np.absolute: "abs",
    np.maximum: "max",
    np.minimum: "min",
}


class Traced:
    """A value inside `chainrule.trace(fn, ...)`: use it like a number (or numpy array)."""

    __slots__ = ("_tape", "_node")

    def __init__(self, tape: Tape, node: int):
        self._tape = tape
        self._node = node

    @property
    def value(self) -> Any:
        """The forward value: a float, or a numpy array for tensors."""
        v = self._tape.values[self._node]
        return float(v) if np.ndim(v) == 0 else v

    @property
    def shape(self) -> tuple[int, ...]:
        return np.shape(self._tape.values[self._node])

    @property
    def T(self) -> Traced:  # noqa: N802 (numpy's spelling)
        return apply(REGISTRY["transpose"], (self,))

    def sum(self) -> Traced:
        return apply(REGISTRY["sum"], (self,))

    def mean(self) -> Traced:
        return apply(REGISTRY["mean"], (self,))

    def __repr__(self) -> str:
        label = self._tape.labels[self._node]
        shown = f"{label} = " if label else ""
        return f"Traced({shown}{self.value!r})"

    # Arithmetic records a node; comparisons and truth read the real value (control flow).
    def __add__(self, other):
        return apply(REGISTRY["add"], (self, other))

    def __radd__(self, other):
        return apply(REGISTRY["add"], (other, self))

    def __sub__(self, other):
        return apply(REGISTRY["sub"], (self, other))

    def __rsub__(self, other):
        return apply(REGISTRY["sub"], (other, self))

    def __mul__(self, other):
        return apply(REGISTRY["mul"], (self, other))

    def __rmul__(self, other):
        return apply(REGISTRY["mul"], (other, self))

    def __truediv__(self, other):
        return apply(REGISTRY["div"], (self, other))

    def __rtruediv__(self, other):
        return apply(REGISTRY["div"], (other, self))

    def __pow__(self, other):
        return apply(REGISTRY["pow"], (self, other))

    def __rpow__(self, other):
        return apply(REGISTRY["pow"], (other, self))

    def __matmul__(self, other):
        return apply(REGISTRY["matmul"], (self, other))

    def __rmatmul__(self, other):
        return apply(REGISTRY["matmul"], (other, self))

    def __neg__(self):
        return apply(REGISTRY["neg"], (self,))

    def __pos__(self):
        return self

    def __abs__(self):
        return apply(REGISTRY["abs"], (self,))

    def __lt__(self, other):
        return self.value < _plain(other)

    def __le__(self, other):
        return self.value <= _plain(other)

    def __gt__(self, other):
        return self.value > _plain(other)

    def __ge__(self, other):
        return self.value >= _plain(other)

    def __eq__(self, other):
        return self.value == _plain(other)

    def __ne__(self, other):
        return self.value != _plain(other)

    __hash__ = object.__hash__  # identity: equality compares values

    def __bool__(self) -> bool:
        return bool(self.value)

    def __float__(self) -> float:
        return float(self.value)

    def __getitem__(self, key):
        raise TypeError(
            "indexing is not in chainrule's language: write the computation on whole values "
            "(sum, mean, @, elementwise ops), or pass the elements as separate inputs"
        )

    def __iter__(self):
        raise TypeError("a traced value cannot be iterated: pass elements as separate inputs")

    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        """numpy ufuncs that are registry ops (np.exp, np.maximum, ...) record like ours."""
        name = _UFUNCS.get(ufunc)
        if method != "__call__" or kwargs or name is None:
            return NotImplemented  # numpy then raises TypeError naming the ufunc
        return apply(REGISTRY[name], inputs)


def _plain(x: Any) -> Any:
    return x.value if isinstance(x, Traced) else x


def as_number(x: Any) -> Any:
    """A plain operand as the engine's value type: np.float64 or a float64 array."""
    if np.ndim(x) == 0:
        return np.float64(x)
    return np.asarray(x, dtype=np.float64)


def apply(op: Op, args: tuple[Any, ...]) -> Any:
    """Compute op on args; record a node when any of them is traced."""
    if len(args) != op.arity:
        raise TypeError(f"{op.name} takes {op.arity} argument(s), got {len(args)}")
    tape = None
    for a in args:
        if isinstance(a, Traced):
            if tape is not None and a._tape is not tape:
                raise ValueError("these values come from two different traces")
            tape = a._tape
    if tape is None:  # plain numbers and arrays: just compute
        result = op.forward(*(as_number(a) for a in args))
        return float(result) if np.ndim(result) == 0 else result
    nodes = []
    for a in args:
        if isinstance(a, Traced):
            nodes.append(a._node)
        else:
            value = as_number(a)
            nodes.append(tape.add(CONST, None, (), None, value))
    values = tape.values
    with np.errstate(all="ignore"):  # inf and nan are values, as in the engine
        try:
            result = op.forward(*(values[j] for j in nodes))
        except ValueError as exc:
            shapes = " and ".join(str(np.shape(values[j])) for j in nodes)
            raise ValueError(f"{op.name} cannot take shapes {shapes}: {exc}") from None
    return Traced(tape, tape.add(OP, op, tuple(nodes), None, result))


def name(value: Any, label: str) -> Any:
    """Label a value inside a traced function: `q = chainrule.name(x + y, "q")`.

    Returns the value. An unnamed intermediate takes the label; a value that already has one
    (an input, or a value named before) gets a new node: `label = other`. Outside a trace the
    value is returned unchanged.
    """
    if not isinstance(label, str) or not label:
        raise TypeError("a name must be a non-empty string")
    if not isinstance(value, Traced):
        return value
    tape, node = value._tape, value._node
    if tape.kinds[node] == OP and tape.labels[node] is None:
        tape.labels[node] = label
        return value
    identity = Traced(tape, tape.add(OP, REGISTRY["identity"], (node,), label, tape.values[node]))
    return identity


def trace_function(
    fn: Callable[..., Any], values: Mapping[str, Any] | None, named: Mapping[str, Any], limits=None
) -> Any:
    """Call fn with a traced value per input (by argument name) and trace what it computed."""
    given = {**(values or {}), **named}
    if not given:
        given = _defaults(fn)
    tape = Tape()
    traced = {}
    for key, raw in given.items():
        value = as_number(raw)
        traced[key] = Traced(tape, tape.add(INPUT, None, (), key, value))
    out = fn(**traced)
    if not isinstance(out, Traced):
        raise TypeError(
            f"{getattr(fn, '__name__', 'the function')} returned {out!r}, which does not "
            "depend on its inputs: return a value computed from them"
        )
    if out._tape is not tape:
        raise ValueError("the function returned a value from another trace")
    if np.ndim(tape.values[out._node]) != 0:
        raise ValueError(
            f"the function returned a value of shape {np.shape(tape.values[out._node])}; it must "
            "return a scalar (reduce it, e.g. with chainrule.sum)"
        )
    return run_tape(tape, out._node, limits=limits)


def _defaults(fn: Callable[..., Any]) -> dict[str, Any]:
    """Values from the function's defaults, when no values are given."""
    try:
        parameters = inspect.signature(fn).parameters.values()
    except (TypeError, ValueError):
        return {}
    return {p.name: p.default for p in parameters if p.default is not inspect.Parameter.empty}
