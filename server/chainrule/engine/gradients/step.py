"""One gradient-descent step on a graph: w <- w - α ∂J/∂w for chosen inputs, J the output.

Computed by the engine's own forward and backward passes, so the numbers are the ones the graph
view shows; the answer carries every input's new value so the client can step again (and keep
the old ones to undo). All three passes share the request's one Budget.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ..autodiff import backward, coerce_value, forward
from ..budget import Budget
from ..errors import SpecError
from ..graph import Graph
from ..results.gradient_results import ParameterStep, StepResult
from .subject import subject_graph


def gradient_step(
    expression: str | None = None,
    values: dict[str, Any] | None = None,
    *,
    network: dict[str, Any] | None = None,
    parameters: list[str] | None = None,
    learning_rate: float,
    budget: Budget | None = None,
) -> StepResult:
    """One step on a program's inputs named in `parameters` (default: every input), or on a
    network spec's weights (default: all of them) for its input and target.

    A network runs at layer granularity (the same loss and gradients as neuron granularity);
    the answer's `network` is the spec with the stepped weights, ready for the next step.
    """
    check_learning_rate(learning_rate)
    budget = Budget() if budget is None else budget
    graph, values, spec = subject_graph(expression, values, network, budget)
    if spec is None:
        return gradient_step_graph(graph, values, parameters, learning_rate, budget)
    names = list(spec.weights) if parameters is None else parameters
    result = gradient_step_graph(graph, values, names, learning_rate, budget)
    stepped = {**(network or {}), "weights": {k: result.values[k] for k in spec.weights}}
    return StepResult(
        result.learning_rate,
        result.loss_before,
        result.loss_after,
        result.parameters,
        result.values,
        stepped,
    )


def gradient_step_graph(
    graph: Graph,
    values: dict[str, Any],
    parameters: list[str] | None,
    learning_rate: float,
    budget: Budget | None = None,
) -> StepResult:
    """One step w <- w - learning_rate * dJ/dw on the named inputs of a graph (J = its output).

    Returns the loss before and after, each parameter's w, grad and w_new, and `values`: every
    input's value after the step, ready to send back for the next step.
    """
    check_learning_rate(learning_rate)
    budget = Budget() if budget is None else budget
    names = _parameter_names(graph, parameters)
    spent = budget.work
    before = forward(graph, values, budget)
    trace = backward(graph, before, budget, record="gradients")
    point = {name: coerce_value(name, values[name]) for name in graph.input_nodes}
    updated = dict(point)
    report = {}
    with np.errstate(all="ignore"):
        for name in names:
            w = point[name]
            grad = trace.grads[graph.input_nodes[name]]
            w_new = w - learning_rate * grad
            updated[name] = w_new if np.ndim(w_new) else float(w_new)
            report[name] = ParameterStep(w, grad if np.ndim(grad) else float(grad), updated[name])
    # The second pass costs the first one's work; its values are not part of the answer.
    budget.spend(budget.work - spent)
    after = forward(graph, updated, budget, charge=False)
    return StepResult(
        learning_rate,
        float(before[graph.output]),
        float(after[graph.output]),
        report,
        updated,
    )


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
