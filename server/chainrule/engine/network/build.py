"""Network spec -> computational graph, at layer granularity (tensors) or neuron granularity.

Layer granularity draws one tensor node per step: `W1 @ x`, `+ b1` (labelled z1), the
activation (h1), ..., the output (o) and the loss (E). A batch input X (batch, n_in) holds one
sample per row, so each layer is `X @ transpose(W1) + b1` and the loss is the mean of the
per-sample losses (node E_p, then E = mean(E_p)).

Neuron granularity draws the classic diagram: one scalar node per input, weight and unit.
Names are 1-based like the lecture's units: inputs x[i], weights W1[j,i] (unit j of layer 1,
input i), biases b1[j], targets t[j]. Unit j's weight and bias nodes, products, sums (the
last labelled z1[j]) and activation (h1[j], or o[j] on the output layer) share the node field
`group`: "hidden k · unit j" or "output · unit j"; the loss nodes are in group "loss".
Both granularities compute the same loss and gradients; `network_gradients` collects the
neuron graph's scalars back into arrays keyed W1, b1, ..., x.
"""

from __future__ import annotations

import functools
import re
from typing import Any

import numpy as np

from ..autodiff import Trace, backward, forward
from ..budget import Budget
from ..errors import LimitError, SpecError
from ..graph import OPERATION, Graph
from ..ops import REGISTRY
from .spec import NetworkSpec, parse_spec

__all__ = [
    "NetworkSpec",
    "build_network",
    "layer_network",
    "network_gradients",
    "parse_spec",
    "trace_network",
]

_ADD, _MUL, _SUB = REGISTRY["add"], REGISTRY["mul"], REGISTRY["sub"]
_ELEMENT = re.compile(r"^(\w+)\[(\d+(?:,\d+)*)\]$")


def build_network(spec: NetworkSpec) -> tuple[Graph, dict[str, Any]]:
    """The graph of a validated spec and the value of each of its input nodes (by name)."""
    if spec.input is None:
        raise SpecError("input is required: the sample (or batch) to push through the network")
    if spec.loss != "none" and spec.target is None:
        raise SpecError(f"target is required for loss {spec.loss}")
    if spec.granularity == "neuron":
        return _neuron_graph(spec)
    return _layer_graph(spec)


def trace_network(
    spec: dict[str, Any] | NetworkSpec, budget: Budget | None = None, *, record: str = "arrays"
) -> Trace:
    """Validate (unless already a NetworkSpec), build, run forward and backward, all within
    the request's budget (unlimited if None)."""
    budget = Budget() if budget is None else budget
    limits = budget.limits
    if not isinstance(spec, NetworkSpec):
        spec = parse_spec(spec, limits)
    graph, values = build_network(spec)
    if limits.max_nodes is not None and len(graph) > limits.max_nodes:
        raise LimitError(
            f"the network makes {len(graph):,} nodes; the limit is {limits.max_nodes:,} "
            "(CHAINRULE_MAX_NODES)"
        )
    return backward(graph, forward(graph, values, budget), budget, record=record)


def layer_network(raw: Any, budget: Budget | None = None) -> tuple[NetworkSpec, Graph, dict]:
    """(NetworkSpec, Graph, input values) of a network spec at layer granularity: what a
    gradient step or check runs on (the same loss and gradients as neuron granularity)."""
    if not isinstance(raw, dict):
        raise SpecError(f"a network spec is an object, not {type(raw).__name__}")
    limits = (Budget() if budget is None else budget).limits
    spec = parse_spec({**raw, "granularity": "layer"}, limits)
    if spec.input is None:
        raise SpecError("the network needs an input (and a target, unless loss is none)")
    graph, values = build_network(spec)
    return spec, graph, values


def network_gradients(trace: Trace) -> dict[str, Any]:
    """Input gradients keyed W1, b1, ..., x, with each parameter's own shape.

    At neuron granularity the scalar inputs W1[j,i] are gathered into the matrix W1 (and so
    on), so both granularities answer the same dictionary.
    """
    grads = trace.grads
    out: dict[str, Any] = {}
    elements: dict[str, list[tuple[tuple[int, ...], Any]]] = {}
    for name, node in trace.graph.input_nodes.items():
        match = _ELEMENT.match(name) if "[" in name else None  # (layer graphs have none)
        if match is None:
            out[name] = grads[node]
            continue
        index = tuple(int(i) - 1 for i in match.group(2).split(","))
        elements.setdefault(match.group(1), []).append((index, grads[node]))
        out.setdefault(match.group(1), None)  # keeps first-appearance order
    for base, items in elements.items():
        shape = tuple(max(index[a] for index, _ in items) + 1 for a in range(len(items[0][0])))
        array = np.zeros(shape)
        for index, g in items:
            array[index] = g
        out[base] = array
    return out


# ---- layer granularity ---------------------------------------------------------------------
def batch_graph(spec: NetworkSpec) -> Graph:
    """The layer graph for batches (rows = samples) with the target an input named "t", not a
    constant: what training runs, step after step, on new weights and batches. The network's
    output is the node labelled "o" (or the loss's first input); nodes up to it are the net."""
    if spec.loss == "none":
        raise SpecError("training needs a loss")
    graph, _values = _layer_graph(spec, batched=True, target_input=True)
    return graph


def _layer_graph(
    spec: NetworkSpec, *, batched: bool | None = None, target_input: bool = False
) -> tuple[Graph, dict[str, Any]]:
    batched = spec.batched if batched is None else batched
    template = _layer_template(
        spec.layers, spec.activations, spec.loss, spec.bias, batched, target_input
    )
    graph = template
    if template.constants:  # the target, a constant of this call's graph
        (t,) = template.constants
        graph = template.with_constants({t: spec.target})
    return graph, {"x": spec.input, **spec.weights}


@functools.lru_cache(maxsize=64)
def _layer_template(
    layers: tuple[int, ...],
    activations: tuple[str, ...],
    loss: str,
    bias: bool,
    batched: bool,
    target_input: bool,
) -> Graph:
    """The layer graph of these sizes, made once: a network traced request after request
    reuses it (and the shape checks its forward passes keep in `checked`). Nothing changes
    a built graph; each call's graph is this one with its own target constant."""
    graph = Graph(checked={})
    a = graph.add_input("x")
    depth = len(layers) - 1
    for k in range(1, depth + 1):
        name = "o" if k == depth else f"h{k}"
        w = graph.add_input(f"W{k}")
        if batched:  # rows are samples: X @ Wᵀ keeps one row per sample
            wt = graph.add(OPERATION, REGISTRY["transpose"], None, (w,))
            z = graph.add(OPERATION, REGISTRY["matmul"], None, (a, wt))
        else:
            z = graph.add(OPERATION, REGISTRY["matmul"], None, (w, a))
        if bias:
            b = graph.add_input(f"b{k}")
            z = graph.add(OPERATION, _ADD, None, (z, b))
        activation = activations[k - 1]
        if activation == "linear":
            graph.labels[z] = name
            a = z
        else:
            graph.labels[z] = f"z{k}"
            a = graph.add(OPERATION, REGISTRY[activation], name, (z,))
    if loss == "none":
        reduce = "mean" if batched else "sum"  # o has one element per sample
        graph.output = graph.add(OPERATION, REGISTRY[reduce], "f", (a,))
        return graph
    t = graph.add_input("t") if target_input else graph.add_constant(None, "t")
    out = graph.add(OPERATION, REGISTRY[loss], "E", (a, t))
    if batched:
        graph.labels[out] = "E_p"  # one loss per sample (pattern p, as in the lecture)
        out = graph.add(OPERATION, REGISTRY["mean"], "E", (out,))
    graph.output = out
    return graph


# ---- neuron granularity --------------------------------------------------------------------
def _neuron_graph(spec: NetworkSpec) -> tuple[Graph, dict[str, Any]]:
    graph = Graph()
    groups = graph.groups
    values: dict[str, Any] = {}

    def parameter(name: str, value: float, group: str) -> int:
        node = graph.add_input(name)
        values[name] = np.float64(value)
        groups[node] = group
        return node

    def op(operation, inputs: tuple[int, ...], group: str, label: str | None = None) -> int:
        node = graph.add(OPERATION, operation, label, inputs)
        groups[node] = group
        return node

    assert spec.input is not None  # build_network checked
    previous: list[int] = []
    for i, value in enumerate(spec.input, start=1):
        previous.append(graph.add_input(f"x[{i}]"))
        values[f"x[{i}]"] = np.float64(value)
    for k in range(1, spec.depth + 1):
        last = k == spec.depth
        weights = spec.weights[f"W{k}"]
        activation = spec.activations[k - 1]
        units = []
        for j in range(weights.shape[0]):
            group = f"output · unit {j + 1}" if last else f"hidden {k} · unit {j + 1}"
            total = -1  # the unit's running sum node (every layer has at least one input)
            for i, source in enumerate(previous):
                w = parameter(f"W{k}[{j + 1},{i + 1}]", weights[j, i], group)
                product = op(_MUL, (w, source), group)
                total = product if i == 0 else op(_ADD, (total, product), group)
            if spec.bias:
                b = parameter(f"b{k}[{j + 1}]", spec.weights[f"b{k}"][j], group)
                total = op(_ADD, (total, b), group)
            name = f"o[{j + 1}]" if last else f"h{k}[{j + 1}]"
            if activation == "linear":
                graph.labels[total] = name
                units.append(total)
            else:
                graph.labels[total] = f"z{k}[{j + 1}]"
                units.append(op(REGISTRY[activation], (total,), group, name))
        previous = units
    graph.output = _neuron_loss(graph, spec, previous, op)
    return graph, values


def _neuron_loss(graph: Graph, spec: NetworkSpec, outputs: list[int], op) -> int:
    if spec.loss == "none":
        return outputs[0]
    assert spec.target is not None  # build_network checked
    if spec.loss == "squared_error":
        terms = []
        for j, o in enumerate(outputs):
            t = graph.add_constant(np.float64(spec.target[j]), f"t[{j + 1}]")
            graph.groups[t] = "loss"
            terms.append(op(REGISTRY["squared_error"], (o, t), "loss"))
        total = _sum(terms, op)
    else:
        # Softmax then negative log-likelihood, spelled in scalar gates:
        # E = -log(e^{o_k} / Σ_j e^{o_j}) = log Σ_j e^{o_j} - o_k.
        exps = [op(REGISTRY["exp"], (o,), "loss") for o in outputs]
        log_sum = op(REGISTRY["log"], (_sum(exps, op),), "loss")
        total = op(_SUB, (log_sum, outputs[int(spec.target)]), "loss")
    graph.labels[total] = "E"
    return total


def _sum(terms: list[int], op) -> int:
    total = terms[0]
    for term in terms[1:]:
        total = op(_ADD, (total, term), "loss")
    return total
