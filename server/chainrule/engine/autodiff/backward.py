"""The backward pass: the one place gradients are summed, for scalar and tensor nodes alike.

It visits op nodes in reverse topological order starting from the output (gradient 1), asks
each node's op for its rule — float local derivatives for a float node, numpy partials for
numpy scalars, the vector-Jacobian product for tensors — sends one contribution along each
input edge and adds it to the receiving node's gradient, so a branch sums its arrivals in
order. What it keeps besides the node gradients is the caller's choice (`record`):
- "arrays": every edge's contribution and every tensor running total as it was made (the
  library's default; both documents can be built from it);
- "summary": tensor contributions and running totals as TensorSummary (shape, norm, min,
  max), the running total summed in place: the compact document, in bounded memory;
- "gradients": nothing but the node gradients (gradient steps, checks and training).
A tensor gradient starts as the first array that arrives (no allocation for a node with one
consumer); the second arrival allocates prev + c, and only a total nothing else holds is
summed in place, since contributions are shared (add sends g itself to both inputs).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..budget import Budget
from ..errors import EvalError
from ..graph import Graph
from ..ops import KERNEL_ERRORS
from .forward import numpy_args
from .trace import TensorSummary, Trace

RECORDS = ("arrays", "summary", "gradients")
_NOTHING = 0.0  # the gradient of a node nothing has arrived at yet (compared by identity)
_f64 = np.float64
_ndarray = np.ndarray


def backward(
    graph: Graph, values: list[Any], budget: Budget | None = None, *, record: str = "arrays"
) -> Trace:
    """Reverse-mode pass from the output over the forward pass's values; returns the Trace."""
    if record not in RECORDS:
        raise ValueError(f"record must be one of {RECORDS}, not {record!r}")
    budget = Budget() if budget is None else budget
    out_index = graph.output
    out_value = values[out_index]
    if type(out_value) is np.ndarray and out_value.ndim:
        raise graph.error(
            EvalError,
            out_index,
            f"the output has shape {tuple(np.shape(values[out_index]))}, but it must "
            "be a scalar: reduce it, for example with sum(...) or mean(...)",
        )
    n = len(graph)
    keep = record != "gradients"
    summary = record == "summary"
    grads: list[Any] = [_NOTHING] * n
    grads[out_index] = 1.0 if type(values[out_index]) is float else _f64(1.0)
    edge_grads: list[Any] = [0.0] * graph.edge_count if keep else []
    edge_locals: list[Any] = [None] * graph.edge_count if keep else []
    totals: dict[int, Any] = {}  # tensor running totals by edge (scalar ones are replayed)
    owned: set[int] = set()  # tensor gradients made here and held by nothing else
    reach = bytearray(n)  # which nodes the output depends on, found during the sweep
    reach[out_index] = 1
    ops, inputs, edge_start = graph.ops, graph.inputs, graph.edge_start
    deadline = budget.deadline
    with np.errstate(all="ignore"):  # overflow is inf and 0/0 is nan, as in IEEE arithmetic
        for i in range(out_index, -1, -1):
            if not reach[i]:
                continue
            op = ops[i]
            if op is None:
                continue
            sources = inputs[i]
            g = grads[i]
            v = values[i]
            e = edge_start[i]
            if type(v) is float:
                # A float kernel made this node, so every input is a float: float locals.
                rule = op.kernel_partials
                if type(rule) is tuple:
                    locals_ = rule
                elif len(sources) == 2:
                    a, b = values[sources[0]], values[sources[1]]
                    try:
                        locals_ = rule(a, b, v)  # type: ignore[misc,operator]
                    except (TypeError, *KERNEL_ERRORS):  # no kernel, or Python raised
                        locals_ = op.scalar_partials((a, b), v)
                else:
                    xs = tuple(values[j] for j in sources)
                    try:
                        locals_ = rule(*xs, v)  # type: ignore[misc,operator]
                    except (TypeError, *KERNEL_ERRORS):
                        locals_ = op.scalar_partials(xs, v)
                for k, j in enumerate(sources):
                    local = locals_[k]
                    c = g * local
                    grads[j] = grads[j] + c  # 0.0 + c on the first arrival, as always
                    reach[j] = 1
                    if keep:
                        edge_locals[e + k] = local
                        edge_grads[e + k] = c
                if deadline is not None and not i & 1023:
                    budget.check_time()
                continue
            xs = numpy_args(values, sources)
            if type(g) is float:
                g = _f64(g)
            if type(v) is _f64 and _ndarray not in map(type, xs):
                # numpy scalars all round: numpy locals, recorded like float ones.
                if op.partials is not None:
                    found = op.partials(xs, v)
                else:
                    found = op.tensor_vjp(_f64(1.0), xs, v)  # type: ignore[misc]
                for k, j in enumerate(sources):
                    local = _f64(found[k])
                    c = g * local
                    prev = grads[j]
                    total = (0.0 if prev is _NOTHING else prev) + c
                    grads[j] = total
                    reach[j] = 1
                    if keep:
                        edge_locals[e + k] = local
                        edge_grads[e + k] = c
                        totals[e + k] = total
                if deadline is not None:
                    budget.check_time()
                continue
            vjps = op.vjp(g, xs, v)
            for k, j in enumerate(sources):
                c = vjps[k]
                if type(c) is _ndarray:
                    if not c.ndim:
                        c = _f64(c)
                elif type(c) is not _f64:
                    c = _f64(c)
                prev = grads[j]
                if prev is _NOTHING:
                    # The first arrival is the total itself; 0-d values add 0.0 as they did.
                    total = c if type(c) is _ndarray else 0.0 + c
                elif summary and j in owned:
                    prev += c  # nothing else holds this total: sum in place
                    total = prev
                else:
                    total = prev + c  # a new array: a recorded total is never changed
                    if summary and type(total) is _ndarray:
                        owned.add(j)
                grads[j] = total
                reach[j] = 1
                if keep:
                    if summary and type(c) is _ndarray:
                        edge_grads[e + k] = TensorSummary.of(c)
                        totals[e + k] = TensorSummary.of(total)
                    else:
                        edge_grads[e + k] = c
                        totals[e + k] = total
            if deadline is not None:
                budget.check_time()
    if set(map(type, values)) != {float}:  # one C-level sweep: any value not a float
        _zeros_where_nothing_arrived(values, grads)
    return Trace(graph, values, grads, edge_grads, edge_locals, reach, totals, record)


def _zeros_where_nothing_arrived(values: list[Any], grads: list[Any]) -> None:
    """A gradient has its node's shape, even if all zero; numpy values get numpy gradients."""
    for i, g in enumerate(grads):
        if type(g) is not float:
            continue
        v = values[i]
        if type(v) is float:
            continue
        if type(v) is _ndarray and v.ndim:
            grads[i] = np.zeros_like(v)
        else:
            grads[i] = _f64(g)
