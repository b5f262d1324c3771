"""Trace -> the JSON-ready document of the API contract (dicts, lists, floats and strings).

Built by hand rather than through pydantic validation: a 100,000-node trace is half a million
small objects, and this is the hot path of every request. The pydantic models in
chainrule.schemas describe exactly this shape.
"""

from __future__ import annotations

import bisect
import gc
import math
from contextlib import contextmanager
from typing import Any

import numpy as np

from ..autodiff.forward import Trace
from ..expression.parse import line_starts

_NONFINITE = {math.inf: "Infinity", -math.inf: "-Infinity"}


def json_number(x: Any) -> float | str:
    """A scalar as a JSON number, or "Infinity"/"-Infinity"/"NaN" when it is not finite."""
    x = float(x)
    if x - x == 0.0:  # finite (inf - inf and nan - nan are nan)
        return x
    return "NaN" if x != x else _NONFINITE[x]


def json_value(v: Any) -> Any:
    """A scalar or array as JSON: a number, a non-finite name, or nested lists of those."""
    if type(v) is float or type(v) is np.float64 or np.ndim(v) == 0:
        return json_number(v)
    v = np.asarray(v, dtype=np.float64)
    if np.isfinite(v).all():
        return v.tolist()
    shown = v.astype(object)
    shown[np.isnan(v)] = "NaN"
    shown[v == math.inf] = "Infinity"
    shown[v == -math.inf] = "-Infinity"
    return shown.tolist()


def json_values(vs: list[Any]) -> list[Any]:
    """json_value of each; finite floats (most of any trace) pass through untouched."""
    return [v if type(v) is float and v - v == 0.0 else json_value(v) for v in vs]


@contextmanager
def gc_paused():
    """Pause the cyclic garbage collector while building large acyclic data.

    A 50,000-node document is half a million dicts and lists; the collector would walk all
    of them again and again as they are created (doubling the time) and find nothing to free.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def trace_document(trace: Trace) -> dict[str, Any]:
    """The API response for a trace: output, input gradients, nodes, edges and steps."""
    with gc_paused():
        return _document(trace)


def _document(trace: Trace) -> dict[str, Any]:
    graph = trace.graph
    n = len(graph)
    values = json_values(trace.values)
    grads = json_values(trace.grads)
    ids = [f"n{i}" for i in range(n)]
    edge_ids = [f"e{e}" for e in range(graph.edge_count)]
    starts = line_starts(graph.text)
    ops, labels, inputs, offsets, edge_start = (
        graph.ops,
        graph.labels,
        graph.inputs,
        graph.offsets,
        graph.edge_start,
    )
    raw_values = trace.values
    groups = graph.groups
    where = bisect.bisect_right
    nodes = []
    add_node = nodes.append
    edges = []
    add_edge = edges.append
    edge_grads = json_values(trace.edge_grads)
    for i, kind in enumerate(graph.kinds):
        op = ops[i]
        offset = offsets[i]
        if offset >= 0:
            line = where(starts, offset)
            column = offset - starts[line - 1] + 1
        else:
            line = column = None
        raw = raw_values[i]
        node_id = ids[i]
        sources = inputs[i]
        node = {
            "id": node_id,
            "kind": kind,
            "op": op.name if op else None,
            "symbol": op.symbol if op else None,
            "label": labels[i],
            "value": values[i],
            "grad": grads[i],
            "shape": [] if type(raw) is float else list(np.shape(raw)),
            "inputs": [ids[j] for j in sources],
            "line": line,
            "column": column,
        }
        if i in groups:
            node["group"] = groups[i]
        add_node(node)
        for k, j in enumerate(sources, edge_start[i]):
            add_edge(
                {
                    "id": edge_ids[k],
                    "source": ids[j],
                    "target": node_id,
                    "index": k - edge_start[i],
                    "grad": edge_grads[k],
                }
            )
    steps: list[dict[str, Any]] = [
        {"phase": "forward", "node": ids[i], "value": values[i]}
        for i, op in enumerate(ops)
        if op is not None
    ]
    add_step = steps.append
    edge_locals, edge_totals = trace.edge_locals, trace.edge_totals
    for i in trace.step_nodes:
        start = edge_start[i]
        contributions = []
        for e, j in enumerate(inputs[i], start):
            local = edge_locals[e]
            total = edge_totals[e]
            contributions.append(
                {
                    "edge": edge_ids[e],
                    "target": ids[j],
                    "local": None
                    if local is None
                    else (
                        local
                        if type(local) is float and local - local == 0.0
                        else json_number(local)
                    ),
                    "grad": edge_grads[e],
                    "accumulated": total
                    if type(total) is float and total - total == 0.0
                    else json_value(total),
                }
            )
        add_step(
            {"phase": "backward", "node": ids[i], "grad": grads[i], "contributions": contributions}
        )
    out = graph.output
    return {
        "output": {"node": ids[out], "value": values[out]},
        "gradients": {name: grads[i] for name, i in graph.input_nodes.items()},
        "nodes": nodes,
        "edges": edges,
        "steps": steps,
    }
