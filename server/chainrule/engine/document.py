"""Trace -> the JSON-ready document of the API contract (dicts, lists, floats and strings).

Built by hand rather than through pydantic validation: a 100,000-node trace is half a million
small objects, and this is the hot path of every request. The pydantic models in
chainrule.schemas describe exactly this shape.
"""

from __future__ import annotations

import bisect
import math
from typing import Any

import numpy as np

from .autodiff import Trace

_NONFINITE = {math.inf: "Infinity", -math.inf: "-Infinity"}


def json_number(x: Any) -> float | str:
    """A scalar as a JSON number, or "Infinity"/"-Infinity"/"NaN" when it is not finite."""
    x = float(x)
    if x - x == 0.0:  # finite (inf - inf and nan - nan are nan)
        return x
    return "NaN" if x != x else _NONFINITE[x]


def json_value(v: Any) -> Any:
    """A scalar or array as JSON: a number, a non-finite name, or nested lists of those."""
    if type(v) is np.float64 or np.ndim(v) == 0:
        return json_number(v)
    v = np.asarray(v, dtype=np.float64)
    if np.isfinite(v).all():
        return v.tolist()
    shown = v.astype(object)
    shown[np.isnan(v)] = "NaN"
    shown[v == math.inf] = "Infinity"
    shown[v == -math.inf] = "-Infinity"
    return shown.tolist()


def trace_document(trace: Trace) -> dict[str, Any]:
    """The API response for a trace: output, input gradients, nodes, edges and steps."""
    graph = trace.graph
    values = [json_value(v) for v in trace.values]
    grads = [json_value(g) for g in trace.grads]
    line_starts = _line_starts(graph.text)
    nodes = []
    groups = graph.groups
    for i, kind in enumerate(graph.kinds):
        op = graph.ops[i]
        offset = graph.offsets[i]
        if offset >= 0:
            line = bisect.bisect_right(line_starts, offset)
            column = offset - line_starts[line - 1] + 1
        else:
            line = column = None
        node = {
            "id": f"n{i}",
            "kind": kind,
            "op": op.name if op else None,
            "symbol": op.symbol if op else None,
            "label": graph.labels[i],
            "value": values[i],
            "grad": grads[i],
            "shape": list(np.shape(trace.values[i])),
            "inputs": [f"n{j}" for j in graph.inputs[i]],
            "line": line,
            "column": column,
        }
        if i in groups:
            node["group"] = groups[i]
        nodes.append(node)
    edge_grads = trace.edge_grads
    edges = [
        {
            "id": f"e{e}",
            "source": f"n{s}",
            "target": f"n{t}",
            "index": k,
            "grad": json_value(edge_grads[e]),
        }
        for e, s, t, k in graph.edges()
    ]
    steps: list[dict[str, Any]] = [
        {"phase": "forward", "node": f"n{i}", "value": values[i]}
        for i, op in enumerate(graph.ops)
        if op is not None
    ]
    for i, contributions in trace.backward_steps:
        steps.append(
            {
                "phase": "backward",
                "node": f"n{i}",
                "grad": grads[i],
                "contributions": [
                    {
                        "edge": f"e{c.edge}",
                        "target": f"n{c.target}",
                        "local": None if c.local is None else json_number(c.local),
                        "grad": json_value(c.grad),
                        "accumulated": json_value(c.accumulated),
                    }
                    for c in contributions
                ],
            }
        )
    out = graph.output
    return {
        "output": {"node": f"n{out}", "value": values[out]},
        "gradients": {name: grads[i] for name, i in graph.input_nodes.items()},
        "nodes": nodes,
        "edges": edges,
        "steps": steps,
    }


def _line_starts(text: str) -> list[int]:
    starts = [0]
    find = text.find
    at = find("\n")
    while at >= 0:
        starts.append(at + 1)
        at = find("\n", at + 1)
    return starts
