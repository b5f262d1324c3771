"""A training spec's network as the engine's own layer graph, run step after step.

The graph is the one /api/v1/network draws at layer granularity for a batch (rows = samples,
A_k = act_k(A_{k-1} W_kᵀ + b_k), loss = the mean over the rows of the spec's loss), with the
target an input so each step can give a new batch. Every step is one forward and one backward
pass of the engine: the derivative rules are the registry's, nothing here restates one.
The first pass over the whole data set is checked against the request's limits; later passes
over the same or smaller shapes skip the checks (forward's charge=False) but keep its deadline.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..autodiff import backward, forward
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
        self._parameters = {name: self.graph.input_nodes[name] for name in self.weights}

    def parameter_count(self) -> int:
        return sum(int(np.size(w)) for w in self.weights.values())

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
        sample). checked: charge this pass to the budget (the first one over the data)."""
        graph = self.graph
        values = forward(graph, {**weights, "x": x, "t": targets}, budget, charge=checked)
        trace = backward(graph, values, budget, record="gradients")
        grads = trace.grads
        return (
            float(values[graph.output]),
            {name: grads[i] for name, i in self._parameters.items()},
            values[self.output_node],
        )

    def output(
        self, weights: dict[str, np.ndarray], x: np.ndarray, budget: Budget, *, checked: bool
    ) -> np.ndarray:
        """The network's outputs for inputs x (rows), without the loss."""
        stop = self.output_node + 1
        values = forward(self.graph, {**weights, "x": x}, budget, charge=checked, stop=stop)
        return values[self.output_node]

    def losses(
        self, weights: dict[str, np.ndarray], x: np.ndarray, targets: np.ndarray, budget: Budget
    ) -> tuple[float, np.ndarray]:
        """Mean loss and outputs over the rows (no gradients)."""
        graph = self.graph
        values = forward(graph, {**weights, "x": x, "t": targets}, budget, charge=False)
        return float(values[graph.output]), values[self.output_node]
