"""Size limits of network specs, checked before any weight is drawn or node is built.

Every spec: at most MAX_UNITS_PER_LAYER units in any layer. With configured Limits: neuron
granularity is held to max_nodes (its exact node count is known from the sizes), layer
granularity to max_tensor_elements (the largest weight matrix or batch activation) and max_nodes.
"""

from __future__ import annotations

from ..budget import Limits
from ..errors import LimitError

MAX_UNITS_PER_LAYER = 4096  # any one entry of `layers`; a spec sanity limit, always applied


def neuron_node_count(layers, activations, loss: str, bias: bool) -> int:
    """The exact node count of the neuron-granularity graph (so limits act before building)."""
    count = layers[0]
    for k in range(1, len(layers)):
        n, m = layers[k], layers[k - 1]
        count += n * (2 * m + (m - 1))  # weights, products, sums of products
        count += 2 * n if bias else 0  # biases and their additions
        count += n if activations[k - 1] != "linear" else 0
    n_out = layers[-1]
    if loss == "squared_error":
        count += 3 * n_out - 1  # targets, per-unit errors, sums
    elif loss == "cross_entropy":
        count += 2 * n_out + 1  # exps, sums, log, minus the true class's logit
    return count


def check_limits(layers, batch, granularity, loss, activations, bias, limits: Limits) -> None:
    """LimitError when the network would be over a configured limit (nothing is built yet)."""
    if granularity == "neuron":
        nodes = neuron_node_count(layers, activations, loss, bias)
        if limits.max_nodes is not None and nodes > limits.max_nodes:
            raise LimitError(
                f"layers {_shown(layers)} at neuron granularity make {nodes:,} nodes; the limit "
                f"is {limits.max_nodes:,} (CHAINRULE_MAX_NODES): use granularity layer"
            )
        return
    # Layer granularity: at most 6 nodes a layer (W, Wᵀ, @, b, +, activation) and 4 more.
    nodes = 6 * (len(layers) - 1) + 4
    if limits.max_nodes is not None and nodes > limits.max_nodes:
        raise LimitError(
            f"{len(layers):,} layers make up to {nodes:,} nodes; the limit is "
            f"{limits.max_nodes:,} (CHAINRULE_MAX_NODES)"
        )
    # All parameters and activations together, not just the largest tensor: a few bytes of spec
    # can ask for seeded weights, and the trace document repeats each tensor several times.
    rows = batch or 1
    total = sum(n * (m + 1) for m, n in zip(layers, layers[1:], strict=False))
    total += rows * 2 * sum(layers)
    if limits.max_tensor_elements is not None and total > limits.max_tensor_elements:
        raise LimitError(
            f"layers {_shown(layers)}{f' with a batch of {batch}' if batch else ''} need "
            f"{total:,} parameters and activations; the limit is "
            f"{limits.max_tensor_elements:,} (CHAINRULE_MAX_TENSOR_ELEMENTS)"
        )


def _shown(layers) -> str:
    return str(list(layers)) if len(layers) <= 12 else f"({len(layers):,} sizes)"
