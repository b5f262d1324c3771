"""POST /api/v1/network: the network spec request."""

from __future__ import annotations

from typing import Literal

from pydantic import (
    ConfigDict,
    Field,
    StrictInt,
)

from ...engine.network.spec import ACTIVATIONS, LOSSES
from .trace import DETAIL_DESCRIPTION, Detail
from .values import InputValue, StrictModel

# ---- networks (issue 4) --------------------------------------------------------------------
# The engine's enumerations (read from the op registry): one place names the activations.
Activation = Literal[ACTIVATIONS]  # type: ignore[valid-type]
Loss = Literal[LOSSES]  # type: ignore[valid-type]


class NetworkRequest(StrictModel):
    """A fully connected network, one sample (or a batch) and its target: POST /api/v1/network.

    Layer k computes a_k = act(W_k @ a_{k-1} + b_k). Omitted weights are drawn from
    numpy.random.default_rng(seed): W_k ~ N(0, s / n_{k-1}) with s = 2 for relu layers and 1
    otherwise, b_k = 0.
    """

    layers: list[StrictInt] = Field(
        description="Sizes [inputs, hidden..., outputs], e.g. [3, 4, 2]; at most 4,096 per layer."
    )
    activation: Activation | list[Activation] = Field(
        default="relu", description="Hidden-layer activation: one name, or one per hidden layer."
    )
    output_activation: Activation = Field(
        default="linear", description="Activation of the output layer."
    )
    loss: Loss = Field(
        default="squared_error",
        description="squared_error = ½ Σ (t - o)²; cross_entropy = softmax then negative "
        "log-likelihood of the class index `target`; none only for a single output.",
    )
    input: InputValue | None = Field(
        default=None,
        description="One sample (n_in,), or at layer granularity a batch (batch, n_in) whose "
        "loss is the mean of the per-sample losses.",
    )
    target: InputValue | None = Field(
        default=None,
        description="squared_error: the output's shape; cross_entropy: a class index (a list "
        "of them for a batch); none: omitted.",
    )
    weights: dict[str, InputValue] | None = Field(
        default=None, description='Optional {"W1": (h1, n_in), "b1": (h1,), ...}.'
    )
    bias: bool = Field(default=True, description="false drops every b_k (f = W2 max(0, W1 x)).")
    seed: StrictInt = Field(default=0, ge=0, description="Seed for omitted weights.")
    granularity: Literal["layer", "neuron"] = Field(
        default="layer",
        description="layer: one tensor node per step; neuron: one scalar node per weight, "
        "input and unit, grouped per neuron (node field `group`).",
    )
    detail: Detail = Field(default="compact", description=DETAIL_DESCRIPTION)

    model_config = ConfigDict(
        strict=True,
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "layers": [3, 4, 2],
                    "activation": "relu",
                    "loss": "squared_error",
                    "input": [1.0, -2.0, 0.5],
                    "target": [1.0, 0.0],
                    "bias": False,
                    "seed": 0,
                    "granularity": "layer",
                }
            ]
        },
    )
