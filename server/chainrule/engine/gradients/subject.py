"""What a gradient tool works on: a program and its values, or a network spec (layer graph)."""

from __future__ import annotations

from typing import Any

from ..budget import Budget
from ..expression import compile_program
from ..graph import Graph
from ..network.build import layer_network
from ..network.spec import NetworkSpec


def subject_graph(
    expression: str | None, values: dict[str, Any] | None, network: Any, budget: Budget
) -> tuple[Graph, dict[str, Any], NetworkSpec | None]:
    """(graph, input values, network spec or None) of exactly one of a program (`expression`
    and its `values`) and a network spec (its weights, input and target; the same loss and
    gradients as neuron granularity), within the request's limits."""
    if (expression is None) == (network is None):
        raise TypeError("give exactly one of expression (with values) or network")
    if network is not None:
        spec, graph, network_values = layer_network(network, budget)
        return graph, network_values, spec
    assert expression is not None  # (exactly one of the two, checked above)
    limits = budget.limits
    graph = compile_program(expression, limits.max_program_chars, limits.max_nodes)
    return graph, values or {}, None
