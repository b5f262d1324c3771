"""A recorded PyTorch pass -> the REST trace document (nodes, edges, steps with contributions).

Values, gradients and contributions are torch's own, read by the hooks (see torch_import.py).
The contract is the engine's (README "REST API"): node ids in topological order, one forward
step per op, one backward step per op the output depends on in reverse order, each listing one
contribution per edge with its running total. `local` is the scalar local derivative where the
op is a registry op on scalars (from the registry's rule at torch's values) and null otherwise
(tensor edges, opaque gates). Constants (tensors that do not require grad) get no gradient from
torch: their edges carry zeros and no contribution. A call with several differentiable outputs
(split, chunk) reports its gradient to each input once, on the first output's edges.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..engine.results.jsonable import json_value
from .torch_record import Node, Recording, snapshot


def torch_document(recording: Recording, output: int, seen: dict[int, tuple]) -> dict[str, Any]:
    nodes = recording.nodes
    totals = [_total(node, i == output, seen) for i, node in enumerate(nodes)]
    reached = bytearray(len(nodes))
    reached[output] = 1
    for i in range(output, -1, -1):
        if reached[i]:
            for j in nodes[i].inputs:
                reached[j] = 1
    edge_ids: list[list[str]] = []
    sent: list[list[Any]] = []
    count = 0
    for i, node in enumerate(nodes):
        edge_ids.append([f"e{count + k}" for k in range(len(node.inputs))])
        count += len(node.inputs)
        sent.append(_contributions(node, nodes, seen) if reached[i] else _zeros(node, nodes))

    ids = [f"n{i}" for i in range(len(nodes))]
    document_nodes, document_edges = [], []
    for i, node in enumerate(nodes):
        entry = {
            "id": ids[i],
            "kind": node.kind,
            "op": node.op,
            "symbol": node.symbol,
            "label": node.label,
            "value": json_value(node.value),
            "grad": json_value(totals[i]),
            "shape": list(np.shape(node.value)),
            "inputs": [ids[j] for j in node.inputs],
            "line": None,
            "column": None,
        }
        if node.group is not None:
            entry["group"] = node.group
        document_nodes.append(entry)
        for k, j in enumerate(node.inputs):
            document_edges.append(
                {
                    "id": edge_ids[i][k],
                    "source": ids[j],
                    "target": ids[i],
                    "index": k,
                    "grad": json_value(sent[i][k]),
                }
            )

    steps: list[dict[str, Any]] = [
        {"phase": "forward", "node": ids[i], "value": json_value(node.value)}
        for i, node in enumerate(nodes)
        if node.kind == "op"
    ]
    backward = [i for i in range(output, -1, -1) if reached[i] and nodes[i].kind == "op"]
    arrivals: dict[int, list[tuple[int, int]]] = {}  # target -> (step, contribution) in order
    running: dict[int, Any] = {}
    for i in backward:
        node = nodes[i]
        local = _locals(node, nodes)
        contributions: list[dict[str, Any]] = []
        for k, j in enumerate(node.inputs):
            if nodes[j].kind == "const":
                continue
            g = sent[i][k]
            running[j] = g if j not in running else running[j] + g
            arrivals.setdefault(j, []).append((len(steps), len(contributions)))
            contributions.append(
                {
                    "edge": edge_ids[i][k],
                    "target": ids[j],
                    "local": local[k],
                    "grad": json_value(g),
                    "accumulated": running[j],
                }
            )
        steps.append(
            {
                "phase": "backward",
                "node": ids[i],
                "grad": json_value(totals[i]),
                "contributions": contributions,
            }
        )
    # The last arrival's running total is the node's gradient as torch summed it (the same up
    # to rounding when torch summed in float32); the others are shown as chainrule added them.
    for j, where in arrivals.items():
        at, position = where[-1]
        steps[at]["contributions"][position]["accumulated"] = totals[j]
    for step in steps[len(steps) - len(backward) :]:
        for c in step["contributions"]:
            c["accumulated"] = json_value(c["accumulated"])

    inputs = [i for i, node in enumerate(nodes) if node.kind == "input"]
    return {
        "output": {"node": ids[output], "value": json_value(nodes[output].value)},
        "gradients": {nodes[i].label: json_value(totals[i]) for i in inputs},
        "nodes": document_nodes,
        "edges": document_edges,
        "steps": steps,
    }


def _total(node: Node, is_output: bool, seen: dict[int, tuple]) -> Any:
    """d output / d node, as torch summed it (zeros for constants and unreached nodes)."""
    if node.kind == "input":
        return snapshot(node.total)
    if node.kind == "op":
        hooked = seen.get(node.grad_key[0])
        if hooked is not None:
            g = hooked[1][node.grad_key[1]]
            if g is not None:
                return snapshot(g)
        if is_output:
            return np.ones_like(node.value)
    return np.zeros_like(node.value)


def _zeros(node: Node, nodes: list[Node]) -> list[Any]:
    return [np.zeros_like(nodes[j].value) for j in node.inputs]


def _contributions(node: Node, nodes: list[Node], seen: dict[int, tuple]) -> list[Any]:
    """What torch sent along each input edge of an op node (zeros to constants)."""
    by_key: dict[Any, list[Any]] = {}
    for autograd_node, k, key in node.boundary:
        hooked = seen.get(id(autograd_node))
        g = hooked[0][k] if hooked is not None else None
        by_key.setdefault(key, []).append(g)
    sent = _zeros(node, nodes)
    positions: dict[Any, list[int]] = {}
    for k, key in enumerate(node.edge_keys):
        if key is not None:
            positions.setdefault(key, []).append(k)
    for key, where in positions.items():
        grads = by_key.get(key, [])
        pairs: list[tuple[int, Any]]
        if len(grads) == len(where):  # one autograd edge per argument (x * x: two)
            pairs = list(zip(where, grads, strict=True))
        else:  # the call spread one argument over several edges: their sum, on the first
            present = [g for g in grads if g is not None]
            pairs = [(where[0], sum(present[1:], present[0]) if present else None)]
        for k, g in pairs:
            if g is not None:
                sent[k] = snapshot(g).reshape(np.shape(nodes[node.inputs[k]].value))
    return sent


def _locals(node: Node, nodes: list[Node]) -> list[float | None]:
    """Scalar local derivatives from the registry's rule, where the op has one."""
    op = node.registry
    values = [nodes[j].value for j in node.inputs]
    if op is None or op.partials is None or np.ndim(node.value) or any(map(np.ndim, values)):
        return [None] * len(node.inputs)
    xs = tuple(np.float64(v) for v in values)
    with np.errstate(all="ignore"):
        partials = op.partials(xs, np.float64(node.value))
    return [json_value(p) for p in partials]
