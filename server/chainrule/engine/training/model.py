"""A training spec's network as the engine's own layer graph, run step after step.

The graph is the one /api/v1/network draws at layer granularity for a batch (rows = samples,
A_k = act_k(A_{k-1} W_kᵀ + b_k), loss = the mean over the rows of the spec's loss), with the
target an input so each step can give a new batch. Every step is one forward and one backward
pass over that graph with the registry's derivative rules; nothing here restates one.
The first pass over the whole data set goes through the engine's checked forward pass (the
request's limits, from the shapes); every pass after it replays a Plan compiled once per
batch shape (autodiff/plan.py), which keeps the request's deadline but repeats no checks.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..autodiff import forward
from ..autodiff.plan import Plan
from ..budget import Budget, Limits
from ..errors import SpecError
from ..network.build import batch_graph
from ..network.spec import parse_spec

TRAINING_LOSSES = ("squared_error", "cross_entropy")


class Model:
    """Layer sizes, activations and loss of a spec, and the graph that computes them."""

    def __init__(self, raw: Any, seed: int = 0, limits: Limits | None = None) -> None:
        """From a training spec (input and target are ignored: the data supplies them); its
        weights are given or drawn from the spec's seed, which defaults to `seed`."""
        if not isinstance(raw, dict):
            raise SpecError(f"a network spec is an object, not {type(raw).__name__}")
        spec = {k: v for k, v in raw.items() if k not in ("input", "target")}
        spec.setdefault("seed", seed)
        parsed = parse_spec({**spec, "granularity": "layer"}, limits or Limits())
        if parsed.loss not in TRAINING_LOSSES:
            raise SpecError(
                f"training needs a loss to minimise: set loss to {' or '.join(TRAINING_LOSSES)}, "
                f'not "{parsed.loss}"'
            )
        self.layers = parsed.layers
        self.activations = parsed.activations
        self.loss = parsed.loss
        self.bias = parsed.bias
        self.weights = {name: np.array(w, dtype=np.float64) for name, w in parsed.weights.items()}
        self.graph = batch_graph(parsed)
        labels = self.graph.labels
        self.output_node = labels.index("o")
        self._plans: dict[tuple, Plan] = {}  # by the shapes of x and the targets (or None)

    def parameter_count(self) -> int:
        return sum(int(np.size(w)) for w in self.weights.values())

    def _plan(self, x: np.ndarray, targets: np.ndarray | None, budget: Budget) -> Plan:
        """The compiled passes for these shapes: with the loss and every weight's gradient
        when targets are given, else the network's outputs only."""
        key = (x.shape, None if targets is None else targets.shape)
        plan = self._plans.get(key)
        if plan is None:
            shapes = {name: np.shape(w) for name, w in self.weights.items()}
            shapes["x"] = x.shape
            if targets is None:
                plan = Plan(self.graph, shapes, stop=self.output_node + 1, budget=budget)
            else:
                shapes["t"] = targets.shape
                plan = Plan(self.graph, shapes, self.weights, budget=budget)
            self._plans[key] = plan
        return plan

    def loss_and_grads(
        self,
        weights: dict[str, np.ndarray],
        x: np.ndarray,
        targets: np.ndarray,
        budget: Budget,
        *,
        checked: bool = False,
    ) -> tuple[float, dict[str, np.ndarray], np.ndarray]:
        """Mean loss over the rows, its gradient for every weight, and the outputs (one row per
        sample). checked: through the checked forward pass, charged to the budget (the first
        pass over the data)."""
        inputs = {**weights, "x": x, "t": targets}
        plan = self._plan(x, targets, budget)
        if checked:
            values = forward(self.graph, inputs, budget)
        else:
            values = plan.forward(inputs, budget)
        grads = plan.gradients(values, budget)
        return float(values[self.graph.output]), grads, values[self.output_node]

    def output(
        self, weights: dict[str, np.ndarray], x: np.ndarray, budget: Budget, *, checked: bool
    ) -> np.ndarray:
        """The network's outputs for inputs x (rows), without the loss."""
        inputs = {**weights, "x": x}
        if checked:
            stop = self.output_node + 1
            return forward(self.graph, inputs, budget, stop=stop)[self.output_node]
        return self._plan(x, None, budget).forward(inputs, budget)[self.output_node]

    def losses(
        self, weights: dict[str, np.ndarray], x: np.ndarray, targets: np.ndarray, budget: Budget
    ) -> tuple[float, np.ndarray]:
        """Mean loss and outputs over the rows (no gradients)."""
        values = self._plan(x, targets, budget).forward({**weights, "x": x, "t": targets}, budget)
        return float(values[self.graph.output]), values[self.output_node]
