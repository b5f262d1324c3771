"""Forward and backward passes over a Graph, recording every step for replay.

The backward pass is the one place gradients are accumulated. It visits op nodes in reverse
topological order starting from the output (gradient 1); at each it asks the op for the
local derivatives (scalars) or the vector-Jacobian product (tensors), sends one contribution
along each input edge and records the receiving node's running total, so a branch shows its
sum growing one arrival at a time.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import Any

import numpy as np

from .errors import EvalError, LimitError
from .graph import CONSTANT, INPUT, Graph
from .parse import position


@dataclass(frozen=True, slots=True)
class Limits:
    """Size limits checked before the expensive work; None means unlimited."""

    max_program_chars: int | None = None
    max_nodes: int | None = None
    max_tensor_elements: int | None = None  # elements in any one value
    max_work: int | None = None  # total work units (elements / multiply-adds) of a forward pass
    # Numbers in the whole trace (every node's value, counted once): the response repeats each
    # several times (value, gradient, steps, edges), so this bounds the response size.
    max_trace_elements: int | None = None
    max_seconds: float | None = None  # wall-clock budget of forward + backward


UNLIMITED = Limits()


@dataclass(slots=True)
class Contribution:
    edge: int
    target: int
    local: Any  # scalar local derivative, or None for tensor edges
    grad: Any  # upstream x local (or the vector-Jacobian product)
    accumulated: Any  # the target's running total after adding grad


@dataclass(slots=True)
class Trace:
    """Everything the forward and backward passes computed, indexed like the graph."""

    graph: Graph
    values: list[Any]
    grads: list[Any]
    edge_grads: list[Any]
    backward_steps: list[tuple[int, list[Contribution]]]  # (node, contributions) in order

    @property
    def output_value(self) -> Any:
        return self.values[self.graph.output]

    def input_gradients(self) -> dict[str, Any]:
        return {name: self.grads[i] for name, i in self.graph.input_nodes.items()}


def coerce_value(name: str, raw: Any) -> Any:
    """A user-supplied value as float64: np.float64 for numbers, ndarray for nested lists."""
    if isinstance(raw, bool) or raw is None or isinstance(raw, str | dict):
        raise EvalError(
            f"the value of {name} must be a number or a nested list of numbers, "
            f"not {type(raw).__name__}"
        )
    if isinstance(raw, int | float | np.floating | np.integer):
        return np.float64(raw)
    try:
        array = np.asarray(raw, dtype=np.float64)
    except (ValueError, TypeError) as exc:
        raise EvalError(
            f"the value of {name} is not a rectangular list of numbers "
            "(rows of different lengths, or non-numbers)"
        ) from exc
    if array.ndim == 0:
        return np.float64(array)
    if array.size == 0:
        raise EvalError(f"the value of {name} is empty")
    return array


def forward(
    graph: Graph,
    values: dict[str, Any],
    limits: Limits = UNLIMITED,
    *,
    deadline: float | None = None,
) -> list[Any]:
    """Compute every node's value in topological order.

    deadline (time.monotonic()) defaults to now + limits.max_seconds; run_program passes one
    deadline to both passes so the budget covers the whole request.
    """
    missing = [name for name in graph.input_nodes if name not in values]
    if missing:
        first = missing[0]
        where = graph.offsets[graph.input_nodes[first]]
        line, column = position(graph.text, where) if where >= 0 else (None, None)
        names = ", ".join(missing)
        raise EvalError(
            f"no value given for {names}: every free name is an input and needs a value",
            line,
            column,
        )
    if deadline is None and limits.max_seconds is not None:
        deadline = time.monotonic() + limits.max_seconds
    out: list[Any] = [None] * len(graph)
    max_elements = limits.max_tensor_elements
    max_trace = limits.max_trace_elements
    budget = limits.max_work
    spent = 0
    elements = len(out)  # numbers in the trace: every node holds at least one
    for name, i in graph.input_nodes.items():
        value = coerce_value(name, values[name])
        size = np.size(value)
        if max_elements is not None and size > max_elements:
            raise LimitError(
                f"the value of {name} has {size:,} elements; the limit "
                f"is {max_elements:,} (CHAINRULE_MAX_TENSOR_ELEMENTS)"
            )
        elements += size - 1
        out[i] = value
    if max_trace is not None and elements > max_trace:
        raise LimitError(_trace_message(max_trace))
    for i, value in graph.constants.items():
        out[i] = np.float64(value)
    ops, inputs = graph.ops, graph.inputs
    with np.errstate(all="ignore"):  # overflow is inf and 0/0 is nan, as in IEEE arithmetic
        for i in range(len(out)):
            op = ops[i]
            if op is None:
                continue
            args = tuple(out[j] for j in inputs[i])
            if (
                type(args[0]) is not np.float64
                or (len(args) > 1 and type(args[1]) is not np.float64)
                or not op.elementwise
            ):
                spent += _check_work(graph, i, args, limits)
                if budget is not None and spent > budget:
                    raise _located(
                        LimitError,
                        graph,
                        i,
                        f"the computation needs more than "
                        f"{budget:,} work units (CHAINRULE_MAX_WORK)",
                    )
                result = op.forward(*args)
                size = np.size(result)
                if max_elements is not None and size > max_elements:
                    raise _located(LimitError, graph, i, _elements_message(op, size, limits))
                elements += size - 1
                if max_trace is not None and elements > max_trace:
                    raise _located(LimitError, graph, i, _trace_message(max_trace))
                if deadline is not None and time.monotonic() > deadline:
                    raise _located(LimitError, graph, i, _time_message(limits))
                out[i] = result
            else:
                out[i] = op.forward(*args)
                if deadline is not None and not i & 1023 and time.monotonic() > deadline:
                    raise _located(LimitError, graph, i, _time_message(limits))
    return out


def _elements_message(op, size: int, limits: Limits) -> str:
    return (
        f"{op.name} would make a value of {size:,} elements; the limit is "
        f"{limits.max_tensor_elements:,} (CHAINRULE_MAX_TENSOR_ELEMENTS)"
    )


def _trace_message(max_trace: int) -> str:
    return (
        f"the trace would hold more than {max_trace:,} numbers (every node's value and "
        "gradient is part of the response; CHAINRULE_MAX_TRACE_ELEMENTS)"
    )


def _time_message(limits: Limits) -> str:
    return (
        f"the computation took longer than {limits.max_seconds:g} s and was stopped "
        "(CHAINRULE_MAX_SECONDS)"
    )


def _check_work(graph: Graph, i: int, args: tuple, limits: Limits) -> int:
    op = graph.ops[i]
    shapes = tuple(np.shape(a) for a in args)
    try:
        work = op.estimate_work(shapes)
    except ValueError as exc:
        message = str(exc)
        if "broadcast" in message or "shape mismatch" in message:
            shown = " and ".join(str(tuple(s)) for s in shapes)
            message = f"{op.name}: shapes {shown} cannot be broadcast together"
        raise _located(EvalError, graph, i, message) from None
    max_elements = limits.max_tensor_elements
    if max_elements is not None and (
        work > max_elements * 64 or (op.work is None and work > max_elements)
    ):
        # Elementwise work is the size of the result; other ops' results are checked after.
        raise _located(
            LimitError,
            graph,
            i,
            f"{op.name} on shapes "
            f"{' and '.join(str(s) for s in shapes)} is too large: {work:,} elements or "
            f"multiply-adds; the limit is {max_elements:,} elements "
            "(CHAINRULE_MAX_TENSOR_ELEMENTS)",
        )
    return work


def _located(cls, graph: Graph, i: int, message: str):
    offset = graph.offsets[i]
    if offset < 0:
        return cls(message)
    return cls(message, *position(graph.text, offset))


def backward(
    graph: Graph, values: list[Any], limits: Limits = UNLIMITED, *, deadline: float | None = None
) -> Trace:
    """Reverse-mode pass from the output; returns the full Trace with every contribution.

    Only limits.max_seconds applies here (forward already bounded the sizes).
    """
    if deadline is None and limits.max_seconds is not None:
        deadline = time.monotonic() + limits.max_seconds
    out_index = graph.output
    if np.ndim(values[out_index]) != 0:
        raise _located(
            EvalError,
            graph,
            out_index,
            f"the output has shape {tuple(np.shape(values[out_index]))}, but it must "
            "be a scalar: reduce it, for example with sum(...) or mean(...)",
        )
    n = len(graph)
    zero = np.float64(0.0)
    grads: list[Any] = [zero if type(v) is np.float64 else np.zeros_like(v) for v in values]
    edge_grads: list[Any] = [zero] * graph.edge_count
    grads[out_index] = np.float64(1.0)
    reach = graph.reaches_output()
    ops, inputs, edge_start = graph.ops, graph.inputs, graph.edge_start
    steps: list[tuple[int, list[Contribution]]] = []
    with np.errstate(all="ignore"):
        for i in range(out_index, -1, -1):
            op = ops[i]
            if op is None or not reach[i]:
                continue
            g = grads[i]
            sources = inputs[i]
            xs = tuple(values[j] for j in sources)
            out = values[i]
            start = edge_start[i]
            contributions = []
            scalar = type(out) is np.float64 and all(type(x) is np.float64 for x in xs)
            if scalar:
                locals_ = (
                    op.partials(xs, out) if op.partials else op.tensor_vjp(np.float64(1.0), xs, out)
                )
                for k, j in enumerate(sources):
                    local = np.float64(locals_[k])
                    c = g * local
                    total = grads[j] + c
                    grads[j] = total
                    edge_grads[start + k] = c
                    contributions.append(Contribution(start + k, j, local, c, total))
            else:
                vjps = op.vjp(g, xs, out)
                for k, j in enumerate(sources):
                    c = vjps[k]
                    if type(c) is not np.float64 and np.ndim(c) == 0:
                        c = np.float64(c)
                    total = grads[j] + c  # a new array: recorded totals are never mutated
                    grads[j] = total
                    edge_grads[start + k] = c
                    contributions.append(Contribution(start + k, j, None, c, total))
            steps.append((i, contributions))
            if deadline is not None and (not scalar or not i & 1023):
                if time.monotonic() > deadline:
                    raise _located(LimitError, graph, i, _time_message(limits))
    del n
    return Trace(graph, values, grads, edge_grads, steps)


def is_leaf(kind: str) -> bool:
    return kind in (INPUT, CONSTANT)


def finite_or_name(x: float) -> float | str:
    """A float for JSON: finite numbers as they are, others as "Infinity"/"-Infinity"/"NaN"."""
    if math.isfinite(x):
        return x
    if math.isnan(x):
        return "NaN"
    return "Infinity" if x > 0 else "-Infinity"
