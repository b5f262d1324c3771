"""The backward pass of a graph holding tensors (or numpy scalars): numpy, copying nothing.

autodiff.backward sends a graph here when any value is not a Python float. Float nodes among the
tensors (a scalar that scales a matrix) still take the float kernels of scalar.py. What keeps
the numpy side lean, since a [784, 256, 10] batch is millions of numbers per step:
- A gradient starts as None and the first array that arrives is kept as it is, so a node with
  one consumer costs no allocation, and its running total (`accumulated`) is the contribution
  object itself; only a second arrival allocates (prev + c, a new array). Nothing here or in
  the ops ever mutates an array once made, so sharing is safe.
- add sends the upstream gradient itself (summed over broadcast axes), not g × ones.
- Nodes the output does not depend on get zeros of their shape at the end.
"""

from __future__ import annotations

import time
from typing import Any

import numpy as np

from ..budget import Limits, located, time_message
from ..errors import LimitError
from ..graph import Graph
from ..ops.registry import REGISTRY, unbroadcast
from ..ops.scalar import KERNELS
from .backward_scalar import scalar_partials
from .trace import Trace

_ADD, _MUL = REGISTRY["add"], REGISTRY["mul"]
_f64 = np.float64
_ndarray = np.ndarray


def tensor_backward(
    graph: Graph, values: list[Any], limits: Limits, deadline: float | None
) -> Trace:
    """Reverse-mode pass over a graph with numpy values; the deadline is checked at every
    tensor step and every 1,024 scalar ones."""
    out_index = graph.output
    n = len(graph)
    edges = graph.edge_count
    grads: list[Any] = [None] * n  # None: nothing arrived yet
    grads[out_index] = 1.0 if type(values[out_index]) is float else _f64(1.0)
    edge_grads: list[Any] = [0.0] * edges
    edge_locals: list[Any] = [None] * edges
    tensor_totals: dict[int, Any] = {}
    reach = bytearray(n)
    reach[out_index] = 1
    ops, inputs, edge_start = graph.ops, graph.inputs, graph.edge_start
    kernels = KERNELS
    add, mul = _ADD, _MUL
    with np.errstate(all="ignore"):  # overflow is inf and 0/0 is nan, as in IEEE arithmetic
        for i in range(out_index, -1, -1):
            if not reach[i]:
                continue
            op = ops[i]
            if op is None:
                continue
            sources = inputs[i]
            for j in sources:
                reach[j] = 1
            if type(values[i]) is not float:
                _numpy_step(graph, i, values, grads, edge_grads, edge_locals, tensor_totals)
                if deadline is not None and time.monotonic() > deadline:
                    raise located(LimitError, graph, i, time_message(limits))
                continue
            # A float kernel made this node, so every input is a float too; totals start at 0.0
            # as in scalar_backward (0.0 + -0.0 is 0.0), which Trace.edge_totals replays.
            g = grads[i]
            e = edge_start[i]
            xs = tuple(values[j] for j in sources)
            if op is add:
                locals_ = (1.0, 1.0)
            elif op is mul:
                locals_ = (xs[1], xs[0])
            else:
                locals_ = scalar_partials(kernels, op, xs, values[i])
            for k, j in enumerate(sources):
                local = locals_[k]
                c = g if op is add else g * local
                prev = grads[j]
                grads[j] = (0.0 if prev is None else prev) + c
                edge_locals[e + k] = local
                edge_grads[e + k] = c
            if deadline is not None and not i & 1023 and time.monotonic() > deadline:
                raise located(LimitError, graph, i, time_message(limits))
    for i, g in enumerate(grads):  # a gradient has its node's shape, even if all zero
        if g is None or type(g) is float:
            v = values[i]
            if type(v) is float:
                grads[i] = 0.0 if g is None else g
            elif type(v) is _ndarray and v.ndim:
                grads[i] = np.zeros_like(v)
            else:
                grads[i] = _f64(0.0 if g is None else g)
    return Trace(graph, values, grads, edge_grads, edge_locals, reach, tensor_totals)


def _numpy_step(graph, i, values, grads, edge_grads, edge_locals, tensor_totals) -> None:
    """One backward step through numpy values (tensors or numpy scalars)."""
    op = graph.ops[i]
    sources = graph.inputs[i]
    start = graph.edge_start[i]
    g = grads[i]
    xs = tuple(_f64(values[j]) if type(values[j]) is float else values[j] for j in sources)
    out = values[i]
    if type(g) is float:
        g = _f64(g)
    if type(out) is _f64 and all(type(x) is _f64 for x in xs):
        locals_ = op.partials(xs, out) if op.partials else op.tensor_vjp(_f64(1.0), xs, out)
        for k, j in enumerate(sources):
            local = _f64(locals_[k])
            c = g * local
            prev = grads[j]
            total = (0.0 if prev is None else prev) + c
            grads[j] = total
            edge_locals[start + k] = local
            edge_grads[start + k] = c
            tensor_totals[start + k] = total
        return
    if op is _ADD:  # g × 1 is g: send it itself, summed back to each operand's shape
        vjps = tuple(unbroadcast(g, np.shape(x)) for x in xs)
    else:
        vjps = op.vjp(g, xs, out)
    for k, j in enumerate(sources):
        c = vjps[k]
        if type(c) is _ndarray:
            if not c.ndim:
                c = _f64(c)
        elif type(c) is not _f64:
            c = _f64(c)
        prev = grads[j]
        if prev is None:
            # The first arrival is the total itself; 0-d values add 0.0 as they always did.
            total = c if type(c) is _ndarray else 0.0 + c
        else:
            total = prev + c  # a new array: recorded totals are never mutated
        grads[j] = total
        edge_grads[start + k] = c
        tensor_totals[start + k] = total
