"""Forward and backward passes over a Graph, recording every step for replay (public entry).

The backward pass is the one place gradients are accumulated. It visits op nodes in reverse
topological order starting from the output (gradient 1); at each it asks the op for the
local derivatives (scalars) or the vector-Jacobian product (tensors), sends one contribution
along each input edge and records the receiving node's running total, so a branch shows its
sum growing one arrival at a time.

Scalars are plain floats computed by the kernels of scalar.py (numpy only where Python would
raise), so a 100,000-statement program runs at the speed of Python arithmetic; tensors go
through numpy, each op checked against the request's limits (limits.py) first. The forward
pass is here; the backward pass dispatches to backward_scalar.py (all floats) or
backward_tensor.py (any numpy value).
"""

from __future__ import annotations

import re
import time
from typing import Any

import numpy as np

from .backward_scalar import scalar_backward
from .backward_tensor import tensor_backward
from .errors import ChainruleError, EvalError, LimitError, excerpt
from .graph import Graph
from .limits import (
    UNLIMITED,
    Budget,
    Limits,
    located,
    tensor_forward,
    time_message,
    trace_message,
)
from .ops import REGISTRY
from .parse import position
from .scalar import KERNEL_ERRORS, KERNELS
from .trace import Contribution, Trace

__all__ = ["Contribution", "Limits", "Trace", "UNLIMITED", "backward", "forward"]


_ADD, _MUL = REGISTRY["add"], REGISTRY["mul"]


def coerce_value(name: str, raw: Any) -> Any:
    """A user-supplied value as float64: a float for a number, an ndarray for nested lists."""
    if isinstance(raw, bool) or raw is None or isinstance(raw, str | dict):
        raise EvalError(
            f"the value of {name} must be a number or a nested list of numbers, "
            f"not {type(raw).__name__}"
        )
    if isinstance(raw, int | float | np.floating | np.integer):
        return float(raw)  # scalars are plain floats: the passes compute them without numpy
    try:
        array = np.asarray(raw, dtype=np.float64)
    except (ValueError, TypeError) as exc:
        raise EvalError(
            f"the value of {name} is not a rectangular list of numbers "
            "(rows of different lengths, or non-numbers)"
        ) from exc
    if array.ndim == 0:
        return float(array)
    if array.size == 0:
        raise EvalError(f"the value of {name} is empty")
    return array


def _check_not_assigned(graph: Graph, values: dict[str, Any]) -> None:
    """A value given for a name the program assigns would be silently ignored: refuse it."""
    labels = set(graph.labels)
    for name in values:
        if name in graph.input_nodes or name not in labels:
            continue  # an input, or a value the program does not mention
        where = graph.offsets[graph.labels.index(name)]
        line, column = position(graph.text, where) if where >= 0 else (None, None)
        if where >= 0:  # point at the assignment's target, `name = ...`, on that line
            start = graph.text.rfind("\n", 0, where) + 1
            found = re.search(rf"(?<![A-Za-z0-9_]){re.escape(name)}\s*=", graph.text[start:where])
            if found:
                column = found.start() + 1
        raise EvalError(
            f"{excerpt(name)} is given in values but the program assigns it (line {line}); "
            "the given value would be ignored: rename one of them",
            line,
            column,
        )


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
    if len(values) > len(graph.input_nodes):
        _check_not_assigned(graph, values)
    if deadline is None and limits.max_seconds is not None:
        deadline = time.monotonic() + limits.max_seconds
    out: list[Any] = [None] * len(graph)
    max_elements = limits.max_tensor_elements
    max_trace = limits.max_trace_elements
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
        raise LimitError(trace_message(max_trace))
    for i, value in graph.constants.items():
        if type(value) is float or np.ndim(value) == 0:
            out[i] = float(value)
        else:  # a tensor constant (a network's target vector)
            out[i] = np.float64(value)
            elements += out[i].size - 1
    if max_trace is not None and elements > max_trace:
        raise LimitError(trace_message(max_trace))
    state = Budget(elements)
    ops, inputs = graph.ops, graph.inputs
    kernels = KERNELS
    f64 = np.float64
    with np.errstate(all="ignore"):  # overflow is inf and 0/0 is nan, as in IEEE arithmetic
        try:
            for i in range(len(out)):
                op = ops[i]
                if op is None:
                    continue
                sources = inputs[i]
                # Scalars: float kernels (add and mul inline), numpy only where Python would raise.
                if len(sources) == 2:
                    a = out[sources[0]]
                    b = out[sources[1]]
                    if type(a) is float and type(b) is float:
                        if op is _ADD:
                            out[i] = a + b
                        elif op is _MUL:
                            out[i] = a * b
                        else:
                            k = kernels.get(id(op))
                            if k is not None and k[0] is op:
                                try:
                                    out[i] = k[1](a, b)
                                except KERNEL_ERRORS:
                                    out[i] = float(op.forward(f64(a), f64(b)))
                            elif op.elementwise:
                                out[i] = float(op.forward(f64(a), f64(b)))
                            else:  # a tensor op given two numbers (`2 @ 3`): numpy, with checks
                                out[i] = tensor_forward(graph, i, (f64(a), f64(b)), limits, state)
                        if deadline is not None and not i & 1023 and time.monotonic() > deadline:
                            raise located(LimitError, graph, i, time_message(limits))
                        continue
                elif len(sources) == 1:
                    a = out[sources[0]]
                    if type(a) is float and op.elementwise:
                        k = kernels.get(id(op))
                        if k is not None and k[0] is op:
                            try:
                                out[i] = k[1](a)
                            except KERNEL_ERRORS:
                                out[i] = float(op.forward(f64(a)))
                        else:
                            out[i] = float(op.forward(f64(a)))
                        if deadline is not None and not i & 1023 and time.monotonic() > deadline:
                            raise located(LimitError, graph, i, time_message(limits))
                        continue
                args = tuple(f64(out[j]) if type(out[j]) is float else out[j] for j in sources)
                out[i] = tensor_forward(graph, i, args, limits, state)
                if deadline is not None and time.monotonic() > deadline:
                    raise located(LimitError, graph, i, time_message(limits))
        except ChainruleError as exc:
            # An op that refuses its inputs (a class index out of range) knows what, not where.
            if exc.line is None:
                raise located(type(exc), graph, i, exc.message) from None
            raise
    return out


def backward(
    graph: Graph, values: list[Any], limits: Limits = UNLIMITED, *, deadline: float | None = None
) -> Trace:
    """Reverse-mode pass from the output; returns the full Trace with every contribution.

    All-float graphs take the float fast path (backward_scalar.py), any other the numpy one
    (backward_tensor.py). Only limits.max_seconds applies here (forward bounded the sizes).
    """
    if deadline is None and limits.max_seconds is not None:
        deadline = time.monotonic() + limits.max_seconds
    out_index = graph.output
    if np.ndim(values[out_index]) != 0:
        raise located(
            EvalError,
            graph,
            out_index,
            f"the output has shape {tuple(np.shape(values[out_index]))}, but it must "
            "be a scalar: reduce it, for example with sum(...) or mean(...)",
        )
    if set(map(type, values)) == {float}:  # one C-level sweep, cheaper than a generator
        return scalar_backward(graph, values, limits, deadline)
    return tensor_backward(graph, values, limits, deadline)
