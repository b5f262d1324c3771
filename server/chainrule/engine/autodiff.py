"""Forward and backward passes over a Graph, recording every step for replay.

The backward pass is the one place gradients are accumulated. It visits op nodes in reverse
topological order starting from the output (gradient 1); at each it asks the op for the
local derivatives (scalars) or the vector-Jacobian product (tensors), sends one contribution
along each input edge and records the receiving node's running total, so a branch shows its
sum growing one arrival at a time.

Scalars are plain floats computed by the kernels of scalar.py (numpy only where Python would
raise), so a 100,000-statement program runs at the speed of Python arithmetic; tensors go
through numpy, each op checked against the request's limits (limits.py) first.
"""

from __future__ import annotations

import math
import time
from typing import Any

import numpy as np

from .errors import EvalError, LimitError
from .graph import CONSTANT, INPUT, Graph
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
    return out


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
        raise located(
            EvalError,
            graph,
            out_index,
            f"the output has shape {tuple(np.shape(values[out_index]))}, but it must "
            "be a scalar: reduce it, for example with sum(...) or mean(...)",
        )
    n = len(graph)
    edges = graph.edge_count
    # Tensor nodes get np.zeros_like after the pass if nothing arrived (see below).
    grads: list[Any] = [0.0] * n
    grads[out_index] = 1.0 if type(values[out_index]) is float else np.float64(1.0)
    edge_grads: list[Any] = [0.0] * edges
    edge_locals: list[Any] = [None] * edges
    tensor_totals: dict[int, Any] = {}
    reach = bytearray(n)  # which nodes the output depends on, found during the sweep
    reach[out_index] = 1
    ops, inputs, edge_start = graph.ops, graph.inputs, graph.edge_start
    kernels = KERNELS
    tensors = False
    with np.errstate(all="ignore"):
        for i in range(out_index, -1, -1):
            if not reach[i]:
                continue
            op = ops[i]
            if op is None:
                continue
            g = grads[i]
            sources = inputs[i]
            e = edge_start[i]
            o = values[i]
            if type(o) is float:  # a float kernel made it: every input is a float too
                if len(sources) == 2:
                    j0, j1 = sources
                    if op is _ADD:  # g * 1.0 is g, bit for bit: send g itself, twice
                        grads[j0] += g
                        edge_locals[e] = 1.0
                        edge_grads[e] = g
                        grads[j1] += g
                        edge_locals[e + 1] = 1.0
                        edge_grads[e + 1] = g
                        reach[j0] = reach[j1] = 1
                        if deadline is not None and not i & 1023 and time.monotonic() > deadline:
                            raise located(LimitError, graph, i, time_message(limits))
                        continue
                    if op is _MUL:
                        l1 = values[j0]
                        l0 = values[j1]
                    else:
                        l0, l1 = _scalar_partials(kernels, op, (values[j0], values[j1]), o)
                    c = g * l0
                    grads[j0] += c
                    edge_locals[e] = l0
                    edge_grads[e] = c
                    c = g * l1
                    grads[j1] += c
                    edge_locals[e + 1] = l1
                    edge_grads[e + 1] = c
                    reach[j0] = reach[j1] = 1
                else:
                    xs = tuple(values[j] for j in sources)
                    locals_ = _scalar_partials(kernels, op, xs, o)
                    for k, j in enumerate(sources):
                        local = locals_[k]
                        c = g * local
                        grads[j] += c
                        edge_locals[e + k] = local
                        edge_grads[e + k] = c
                        reach[j] = 1
                if deadline is not None and not i & 1023 and time.monotonic() > deadline:
                    raise located(LimitError, graph, i, time_message(limits))
                continue
            tensors = True
            _numpy_step(graph, i, values, grads, edge_grads, edge_locals, tensor_totals)
            for j in sources:
                reach[j] = 1
            if deadline is not None and time.monotonic() > deadline:
                raise located(LimitError, graph, i, time_message(limits))
    if tensors or any(type(v) is not float for v in values):
        for i, v in enumerate(values):  # a gradient has its node's shape, even if all zero
            if type(v) is not float and type(grads[i]) is float:
                grads[i] = np.zeros_like(v) if np.ndim(v) else np.float64(grads[i])
    return Trace(graph, values, grads, edge_grads, edge_locals, reach, tensor_totals)


def _scalar_partials(kernels, op, xs: tuple, out: float) -> tuple:
    """Local derivatives of a scalar op as floats: its kernel, or numpy where that raises."""
    k = kernels.get(id(op))
    if k is not None and k[0] is op:
        try:
            return k[2](*xs, out)
        except KERNEL_ERRORS:
            pass
    f64 = np.float64
    locals_ = op.partials(tuple(f64(x) for x in xs), f64(out))
    return tuple(float(p) for p in locals_)


def _numpy_step(graph, i, values, grads, edge_grads, edge_locals, tensor_totals) -> None:
    """One backward step through numpy values (tensors or numpy scalars)."""
    op = graph.ops[i]
    f64 = np.float64
    sources = graph.inputs[i]
    start = graph.edge_start[i]
    g = grads[i]
    xs = tuple(f64(values[j]) if type(values[j]) is float else values[j] for j in sources)
    out = values[i]
    if type(g) is float:
        g = f64(g)
    if type(out) is np.float64 and all(type(x) is np.float64 for x in xs):
        locals_ = op.partials(xs, out) if op.partials else op.tensor_vjp(f64(1.0), xs, out)
        for k, j in enumerate(sources):
            local = f64(locals_[k])
            c = g * local
            total = grads[j] + c
            grads[j] = total
            edge_locals[start + k] = local
            edge_grads[start + k] = c
            tensor_totals[start + k] = total
        return
    vjps = op.vjp(g, xs, out)
    for k, j in enumerate(sources):
        c = vjps[k]
        if type(c) is not f64 and np.ndim(c) == 0:
            c = f64(c)
        total = grads[j] + c  # a new array: recorded totals are never mutated
        grads[j] = total
        edge_grads[start + k] = c
        tensor_totals[start + k] = total


def is_leaf(kind: str) -> bool:
    return kind in (INPUT, CONSTANT)


def finite_or_name(x: float) -> float | str:
    """A float for JSON: finite numbers as they are, others as "Infinity"/"-Infinity"/"NaN"."""
    if math.isfinite(x):
        return x
    if math.isnan(x):
        return "NaN"
    return "Infinity" if x > 0 else "-Infinity"
