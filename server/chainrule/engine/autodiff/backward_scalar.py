"""The backward pass of an all-scalar graph: plain floats, the fast path of 100,000-node programs.

autodiff.backward sends a graph here when every value is a Python float (no tensor anywhere).
Gradients start at 0.0 and each contribution is added as it arrives; add and mul are inlined
and other ops take their float kernels (scalar.py), numpy only where Python would raise. The
running totals are not stored: Trace.edge_totals replays the same float additions on demand.
"""

from __future__ import annotations

import time
from typing import Any

import numpy as np

from ..budget import Limits, located, time_message
from ..errors import LimitError
from ..graph import Graph
from ..ops.registry import REGISTRY
from ..ops.scalar import KERNEL_ERRORS, KERNELS
from .trace import Trace

_ADD, _MUL = REGISTRY["add"], REGISTRY["mul"]


def scalar_backward(
    graph: Graph, values: list[Any], limits: Limits, deadline: float | None
) -> Trace:
    """Reverse-mode pass over float values; the deadline is checked every 1,024 nodes."""
    out_index = graph.output
    n = len(graph)
    edges = graph.edge_count
    grads: list[Any] = [0.0] * n
    grads[out_index] = 1.0
    edge_grads: list[Any] = [0.0] * edges
    edge_locals: list[Any] = [None] * edges
    reach = bytearray(n)  # which nodes the output depends on, found during the sweep
    reach[out_index] = 1
    ops, inputs, edge_start = graph.ops, graph.inputs, graph.edge_start
    kernels = KERNELS
    add, mul = _ADD, _MUL
    for i in range(out_index, -1, -1):
        if not reach[i]:
            continue
        op = ops[i]
        if op is None:
            continue
        g = grads[i]
        sources = inputs[i]
        e = edge_start[i]
        if len(sources) == 2:
            j0, j1 = sources
            if op is add:  # g * 1.0 is g, bit for bit: send g itself, twice
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
            if op is mul:
                l1 = values[j0]
                l0 = values[j1]
            else:
                l0, l1 = scalar_partials(kernels, op, (values[j0], values[j1]), values[i])
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
            locals_ = scalar_partials(kernels, op, tuple(values[j] for j in sources), values[i])
            for k, j in enumerate(sources):
                local = locals_[k]
                c = g * local
                grads[j] += c
                edge_locals[e + k] = local
                edge_grads[e + k] = c
                reach[j] = 1
        if deadline is not None and not i & 1023 and time.monotonic() > deadline:
            raise located(LimitError, graph, i, time_message(limits))
    return Trace(graph, values, grads, edge_grads, edge_locals, reach, {})


def scalar_partials(kernels, op, xs: tuple, out: float) -> tuple:
    """Local derivatives of a scalar op as floats: its kernel, or numpy where that raises."""
    k = kernels.get(id(op))
    if k is not None and k[0] is op:
        try:
            return k[2](*xs, out)
        except KERNEL_ERRORS:
            pass
    f64 = np.float64
    with np.errstate(all="ignore"):  # overflow is inf and 0/0 is nan, as in IEEE arithmetic
        locals_ = op.partials(tuple(f64(x) for x in xs), f64(out))
    return tuple(float(p) for p in locals_)
