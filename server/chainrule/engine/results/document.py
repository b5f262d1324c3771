"""Trace -> the JSON-ready document of the API contract (dicts, lists, floats and strings).

Built by hand rather than through pydantic validation: a 100,000-node trace is half a million
small objects, and this is the hot path of every request. The pydantic models in
chainrule.api.schemas describe exactly this shape.

Detail: node values and gradients are always sent in full. A tensor edge's contribution and
the running total it makes are, by default ("compact"), sent as a summary
{"shape", "norm", "min", "max"}: the receiving node's gradient (in full on its node) and the
op's rule determine them, and in full they would repeat every reused tensor once per use.
"full" sends them as nested lists, as scalar edges always are.
"""

from __future__ import annotations

import bisect
from typing import Any

import numpy as np

from ..autodiff.trace import TensorSummary, Trace
from ..budget import Budget
from ..source import line_starts
from .jsonable import gc_paused, json_number, json_value, json_values

DETAILS = ("compact", "full")


def summary_document(s: TensorSummary) -> dict[str, Any]:
    """A TensorSummary as JSON."""
    return {
        "shape": list(s.shape),
        "norm": json_number(s.norm),
        "min": json_number(s.min),
        "max": json_number(s.max),
    }


def _edge_json(v: Any, full: bool) -> Any:
    """A contribution or running total as JSON: numbers and (in full) tensors as values, tensors
    otherwise as summaries."""
    if type(v) is float:
        return v if v - v == 0.0 else json_number(v)
    if type(v) is TensorSummary:
        if full:
            raise ValueError("this trace kept tensor contributions as summaries only")
        return summary_document(v)
    if not full and type(v) is np.ndarray and v.ndim:
        return summary_document(TensorSummary.of(v))
    return json_value(v)


def trace_document(
    trace: Trace, detail: str = "compact", budget: Budget | None = None
) -> dict[str, Any]:
    """The API response for a trace: output, input gradients, nodes, edges and steps.

    detail "compact" or "full" (see above); budget's deadline is checked as it is built.
    """
    if detail not in DETAILS:
        raise ValueError(f"detail must be one of {DETAILS}, not {detail!r}")
    with gc_paused():
        return _document(trace, detail == "full", budget or Budget())


def _document(trace: Trace, full: bool, budget: Budget) -> dict[str, Any]:
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
    nodes: list[dict[str, Any]] = []
    add_node = nodes.append
    edges: list[dict[str, Any]] = []
    add_edge = edges.append
    edge_grads = [_edge_json(v, full) for v in trace.edge_grads]
    timed = budget.deadline is not None
    for i, kind in enumerate(graph.kinds):
        if timed and not i & 1023:
            budget.check_time()
        op = ops[i]
        offset = offsets[i]
        line: int | None
        column: int | None
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
                    "accumulated": _edge_json(total, full),
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
