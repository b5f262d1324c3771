"""Shape checks kept for a graph that is run request after request (a network's layer graph).

A tensor op's checks (its result's shape and size, its work, the numbers the response will
carry) depend on its input shapes alone, so a graph's checked forward pass on one set of leaf
shapes charges the same every time. ShapeCheck is what that pass charged; the graph keeps one
per set of leaf shapes in `Graph.checked`, and a later pass on the same shapes is charged it in
one step instead of op by op. A request whose limits those charges would break is checked op
by op again, so it fails at the same op with the same message.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..budget import Budget
from ..graph import Graph

MAX_KEPT = 16  # sets of shapes kept per graph: a few batch shapes at a time is the use


class ShapeCheck:
    """The work and numbers a checked pass's ops charged, and the largest result and the
    costliest op it let through (what the per-op limits compare)."""

    __slots__ = ("work", "numbers", "largest", "costliest")

    def __init__(self) -> None:
        self.work = 0
        self.numbers = 0
        self.largest = 0
        self.costliest = 0

    def note(self, size: int, work: int, numbers: int) -> None:
        """One tensor op's charge: a result of `size` elements, `work` units, `numbers`."""
        self.work += work
        self.numbers += numbers
        self.largest = max(self.largest, size)
        self.costliest = max(self.costliest, work)

    def allows(self, budget: Budget) -> bool:
        """Whether every op check would pass under this budget's limits and what it has used."""
        limits = budget.limits
        most = limits.max_tensor_elements
        if most is not None and (self.largest > most or self.costliest > 64 * most):
            return False
        if limits.max_work is not None and budget.work + self.work > limits.max_work:
            return False
        most = limits.max_trace_elements
        return most is None or budget.numbers + self.numbers <= most

    def charge(self, budget: Budget) -> None:
        budget.work += self.work
        budget.numbers += self.numbers


def shape_key(graph: Graph, values: list[Any], n: int, budget: Budget) -> tuple:
    """What the checks of the first n nodes depend on: the leaves' shapes (and whether tensor
    edges are counted as response numbers)."""
    leaves = (*graph.input_nodes.values(), *graph.constants)
    return (n, budget.full_edges, *[_shape(values[i]) for i in leaves if i < n])


def keep(graph: Graph, key: tuple, check: ShapeCheck) -> None:
    assert graph.checked is not None
    if len(graph.checked) >= MAX_KEPT:
        graph.checked.clear()
    graph.checked[key] = check


def _shape(value: Any) -> tuple[int, ...]:
    return value.shape if type(value) is np.ndarray else ()  # (floats and np.float64: 0-d)
