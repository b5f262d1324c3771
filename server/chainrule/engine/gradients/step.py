"""One gradient-descent step on a graph: w <- w - α ∂J/∂w for chosen inputs, J the output.

Computed by the engine's own forward and backward passes, so the numbers are the ones the graph
view shows; the response carries every input's new value so the client can step again (and keep
the old ones to undo).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ..autodiff.forward import UNLIMITED, Limits, backward, coerce_value, forward
from ..errors import SpecError
from ..expression.parse import parse_program
from ..graph import Graph, build_graph
from ..results.document import json_number, json_value


def gradient_step_program(
    text: str,
    values: dict[str, Any],
    parameters: list[str] | None,
    learning_rate: float,
    limits: Limits = UNLIMITED,
) -> dict[str, Any]:
    """One step on a program's inputs named in `parameters` (default: every input)."""
    check_learning_rate(learning_rate)
    graph = build_graph(parse_program(text, limits.max_program_chars), limits.max_nodes)
    return gradient_step_graph(graph, values, parameters, learning_rate, limits)


def gradient_step_network(
    raw: dict[str, Any],
    parameters: list[str] | None,
    learning_rate: float,
    limits: Limits = UNLIMITED,
) -> dict[str, Any]:
    """One step on a network's weights (default: all of them) for its input and target.

    Runs at layer granularity (the same loss and gradients as neuron granularity); the answer's
    `network` is the spec with the stepped weights, ready for the next step.
    """
    check_learning_rate(learning_rate)
    spec, graph, values = network_graph(raw, limits)
    names = list(spec.weights) if parameters is None else parameters
    document = gradient_step_graph(graph, values, names, learning_rate, limits)
    document["network"] = {**raw, "weights": {k: document["values"][k] for k in spec.weights}}
    return document


def network_graph(raw: dict[str, Any], limits: Limits = UNLIMITED):
    """(NetworkSpec, Graph, input values) of a network spec at layer granularity."""
    from ..network.build import build_network
    from ..network.spec import parse_spec

    if not isinstance(raw, dict):
        raise SpecError(f"a network spec is an object, not {type(raw).__name__}")
    spec = parse_spec({**raw, "granularity": "layer"}, limits)
    if spec.input is None:
        raise SpecError("the network needs an input (and a target, unless loss is none)")
    graph, values = build_network(spec)
    return spec, graph, values


def gradient_step_graph(
    graph: Graph,
    values: dict[str, Any],
    parameters: list[str] | None,
    learning_rate: float,
    limits: Limits = UNLIMITED,
) -> dict[str, Any]:
    """One step w <- w - learning_rate * dJ/dw on the named inputs of a graph (J = its output).

    Returns the loss before and after, each parameter's w, grad and w_new, and `values`: every
    input's value after the step, ready to send back for the next step.
    """
    check_learning_rate(learning_rate)
    names = _parameter_names(graph, parameters)
    before = forward(graph, values, limits)
    trace = backward(graph, before)
    point = {name: coerce_value(name, values[name]) for name in graph.input_nodes}
    updated = dict(point)
    report = {}
    with np.errstate(all="ignore"):
        for name in names:
            w = point[name]
            grad = trace.grads[graph.input_nodes[name]]
            w_new = w - learning_rate * grad
            updated[name] = w_new
            report[name] = {
                "w": json_value(w),
                "grad": json_value(grad),
                "w_new": json_value(w_new),
            }
    after = forward(graph, updated, limits)
    return {
        "learning_rate": learning_rate,
        "loss_before": json_number(before[graph.output]),
        "loss_after": json_number(after[graph.output]),
        "parameters": report,
        "values": {name: json_value(v) for name, v in updated.items()},
    }


def check_learning_rate(learning_rate: Any) -> None:
    """A positive finite number, or SpecError."""
    if (
        isinstance(learning_rate, bool)
        or not isinstance(learning_rate, int | float)
        or not math.isfinite(learning_rate)
        or learning_rate <= 0
    ):
        raise SpecError(f"learning_rate must be a positive number, got {learning_rate!r}")


def _parameter_names(graph: Graph, parameters: list[str] | None) -> list[str]:
    if parameters is None:
        return list(graph.input_nodes)
    if not parameters:
        raise SpecError("name at least one parameter to update")
    unknown = [name for name in parameters if name not in graph.input_nodes]
    if unknown:
        known = ", ".join(graph.input_nodes) or "none"
        raise SpecError(
            f"{', '.join(unknown)} cannot be a parameter: only inputs can be updated "
            f"(inputs: {known})"
        )
    return list(dict.fromkeys(parameters))
