"""The Trace: what the forward and backward passes computed, stored flat and compact.

A 100,000-node trace is kept as lists indexed by node and by edge (edge k of node i is
edge_start[i] + k); the step-by-step views (backward_steps, each arrival's running total) are
derived from them on first use, so the passes themselves store as little as they can.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..graph import Graph


@dataclass(frozen=True, slots=True)
class TensorSummary:
    """A tensor contribution or running total in the compact document: shape, Frobenius norm,
    smallest and largest element (the full tensor is sent only with "detail": "full")."""

    shape: tuple[int, ...]
    norm: float
    min: float
    max: float

    @classmethod
    def of(cls, a: np.ndarray) -> TensorSummary:
        flat = a.ravel()
        return cls(
            a.shape, float(np.sqrt(np.dot(flat, flat))), float(flat.min()), float(flat.max())
        )


@dataclass(slots=True)
class Contribution:
    edge: int
    target: int
    local: Any  # scalar local derivative, or None for tensor edges
    grad: Any  # upstream x local (or the vector-Jacobian product)
    accumulated: Any  # the target's running total after adding grad


@dataclass(slots=True)
class Trace:
    """Everything the forward and backward passes computed, indexed like the graph.

    edge_grads[e] is the contribution sent along edge e (upstream x local, or a vector-Jacobian
    product), edge_locals[e] its scalar local derivative (None for tensor edges); reached[i]
    says whether the output depends on node i. Derived on first use: step_nodes (the op nodes
    in the order the backward pass visited them), edge_totals (the receiving node's running
    total right after each arrival) and backward_steps ((node, [Contribution, ...]) pairs).
    """

    graph: Graph
    values: list[Any]
    grads: list[Any]
    edge_grads: list[Any]
    edge_locals: list[Any]
    reached: bytearray
    # Running totals the backward pass made with numpy (tensors), by edge: kept rather than
    # recomputed. Scalar totals are recomputed by replaying the float additions in order.
    tensor_totals: dict[int, Any] = field(default_factory=dict)
    record: str = "arrays"  # what the backward pass kept: "arrays", "summary" or "gradients"
    _step_nodes: list[int] | None = None
    _edge_totals: list[Any] | None = None
    _steps: list[tuple[int, list[Contribution]]] | None = None

    @property
    def step_nodes(self) -> list[int]:
        """Op nodes the output depends on, in reverse topological order (the backward pass)."""
        if self._step_nodes is None:
            ops, reached = self.graph.ops, self.reached
            self._step_nodes = [
                i for i in range(self.graph.output, -1, -1) if reached[i] and ops[i] is not None
            ]
        return self._step_nodes

    @property
    def edge_totals(self) -> list[Any]:
        """For each edge, the receiving node's gradient right after that contribution arrived."""
        if self._edge_totals is None:
            if self.record == "gradients":
                raise ValueError("this trace kept only node gradients (record='gradients')")
            graph = self.graph
            inputs, edge_start = graph.inputs, graph.edge_start
            grads, kept = self.edge_grads, self.tensor_totals
            totals: list[Any] = [0.0] * graph.edge_count
            running: list[Any] = [0.0] * len(graph)  # as the backward pass starts them
            for i in self.step_nodes:
                for e, j in enumerate(inputs[i], edge_start[i]):
                    t = kept[e] if kept and e in kept else running[j] + grads[e]
                    running[j] = t
                    totals[e] = t
            self._edge_totals = totals
        return self._edge_totals

    @property
    def backward_steps(self) -> list[tuple[int, list[Contribution]]]:
        """(node, contributions) in the order of the backward pass."""
        if self._steps is None:
            inputs, edge_start = self.graph.inputs, self.graph.edge_start
            grads, locals_, totals = self.edge_grads, self.edge_locals, self.edge_totals
            self._steps = [
                (
                    i,
                    [
                        Contribution(e, j, locals_[e], grads[e], totals[e])
                        for e, j in enumerate(inputs[i], edge_start[i])
                    ],
                )
                for i in self.step_nodes
            ]
        return self._steps

    @property
    def output_value(self) -> Any:
        return self.values[self.graph.output]

    def input_gradients(self) -> dict[str, Any]:
        return {name: self.grads[i] for name, i in self.graph.input_nodes.items()}
