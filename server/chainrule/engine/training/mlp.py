"""A vectorised forward and backward pass of a network spec's MLP over a whole batch, for training.

Layer k computes a_k = act_k(W_k a_{k-1} + b_k), as the network graph does; with the samples as
rows that is A_k = act_k(A_{k-1} W_kᵀ + b_k). The loss is the mean over the batch of the per-sample
loss of the spec: squared_error = ½ Σ_j (t_j - o_j)², cross_entropy = -log softmax(o)[t] with t a
class index. The graph engine computes the same numbers one sample at a time; a test checks this
module's gradients against it. Training uses this instead of the graph because a 1,000-step run
must take well under a second, which means numpy over the batch, not Python per node.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..autodiff.forward import UNLIMITED, Limits
from ..errors import SpecError
from ..network.spec import parse_spec


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * z))  # = 1/(1+e^-z) without overflow warnings


# name -> (activation, derivative given (activation output, pre-activation))
ACTIVATIONS: dict[str, tuple[Callable, Callable]] = {
    "linear": (lambda z: z, lambda a, z: np.ones_like(z)),
    "relu": (lambda z: np.maximum(z, 0.0), lambda a, z: (z > 0) * 1.0),
    "sigmoid": (_sigmoid, lambda a, z: a * (1.0 - a)),
    "tanh": (np.tanh, lambda a, z: 1.0 - a * a),
}
LOSSES = ("squared_error", "cross_entropy")


@dataclass(frozen=True)
class MLP:
    """Layer sizes [n_in, hidden..., n_out], one activation per weight layer, and the loss."""

    layers: tuple[int, ...]
    activations: tuple[str, ...]
    loss: str
    bias: bool = True

    @property
    def depth(self) -> int:
        return len(self.layers) - 1

    def parameter_names(self) -> list[str]:
        names = ("W", "b") if self.bias else ("W",)
        return [f"{p}{k}" for k in range(1, self.depth + 1) for p in names]

    def parameter_count(self) -> int:
        extra = 1 if self.bias else 0
        return sum(m * (n + extra) for n, m in zip(self.layers, self.layers[1:], strict=False))

    def forward(self, weights: dict[str, np.ndarray], x: np.ndarray) -> list[np.ndarray]:
        """Pre-activations and activations [A_0, Z_1, A_1, ..., Z_L, A_L] for inputs as rows."""
        cache = [x]
        a = x
        for k in range(1, self.depth + 1):
            z = a @ weights[f"W{k}"].T
            if self.bias:
                z = z + weights[f"b{k}"]
            a = ACTIVATIONS[self.activations[k - 1]][0](z)
            cache += [z, a]
        return cache

    def output(self, weights: dict[str, np.ndarray], x: np.ndarray) -> np.ndarray:
        """The last layer's activations, one row per sample."""
        with np.errstate(all="ignore"):
            return self.forward(weights, x)[-1]

    def losses(self, out: np.ndarray, targets: np.ndarray) -> np.ndarray:
        """Per-sample loss; targets are (n, n_out), or (n,) class indices for cross_entropy."""
        if self.loss == "cross_entropy":
            shifted = out - out.max(axis=1, keepdims=True)
            log_z = np.log(np.exp(shifted).sum(axis=1))
            return log_z - shifted[np.arange(out.shape[0]), targets.astype(np.int64)]
        return 0.5 * np.sum((targets - out) ** 2, axis=1)

    def loss_and_grads(
        self, weights: dict[str, np.ndarray], x: np.ndarray, targets: np.ndarray
    ) -> tuple[float, dict[str, np.ndarray], np.ndarray]:
        """Mean loss over the rows, its gradient for every weight, and the outputs."""
        n = x.shape[0]
        with np.errstate(all="ignore"):
            cache = self.forward(weights, x)
            out = cache[-1]
            loss = float(np.mean(self.losses(out, targets)))
            if self.loss == "cross_entropy":
                probs = np.exp(out - out.max(axis=1, keepdims=True))
                probs /= probs.sum(axis=1, keepdims=True)
                probs[np.arange(n), targets.astype(np.int64)] -= 1.0
                g = probs / n  # d mean loss / d output
            else:
                g = (out - targets) / n
            grads: dict[str, np.ndarray] = {}
            for k in range(self.depth, 0, -1):
                a_prev, z, a = cache[2 * k - 2], cache[2 * k - 1], cache[2 * k]
                g = g * ACTIVATIONS[self.activations[k - 1]][1](a, z)  # d loss / d z_k
                grads[f"W{k}"] = g.T @ a_prev
                if self.bias:
                    grads[f"b{k}"] = g.sum(axis=0)
                if k > 1:
                    g = g @ weights[f"W{k}"]
        return loss, grads, out


def network_model(
    raw: dict[str, Any], seed: int = 0, limits: Limits = UNLIMITED
) -> tuple[MLP, dict[str, np.ndarray]]:
    """The MLP of a training spec and its starting weights (given, or drawn from the spec's
    seed, which defaults to `seed`). Input and target are ignored: the data supplies them."""
    if not isinstance(raw, dict):
        raise SpecError(f"a network spec is an object, not {type(raw).__name__}")
    spec = {k: v for k, v in raw.items() if k not in ("input", "target")}
    spec.setdefault("seed", seed)
    parsed = parse_spec(spec, limits)
    if parsed.loss not in LOSSES:
        raise SpecError(
            f"training needs a loss to minimise: set loss to {' or '.join(LOSSES)}, "
            f'not "{parsed.loss}"'
        )
    mlp = MLP(parsed.layers, parsed.activations, parsed.loss, parsed.bias)
    return mlp, {name: np.array(w, dtype=np.float64) for name, w in parsed.weights.items()}
