"""The computations behind the POST endpoints: request body in, the response document out.

Run inside a worker process (api/worker.py), never on the server's event loop. Each entry
validates the body with the endpoint's own request model (the server validated it too, for
the 422s and the OpenAPI contract) and calls the engine with the server's limits.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..engine.autodiff import Limits
from ..engine.document import trace_document
from ..engine.gradcheck import gradcheck_network, gradcheck_program
from ..engine.network import network_document, trace_network
from ..engine.run import run_program
from ..engine.step import gradient_step_network, gradient_step_program
from ..engine.train import train_network
from .schemas import GradcheckRequest, GraphRequest, NetworkRequest, StepRequest, TrainRequest


def graph(body: GraphRequest, limits: Limits) -> dict:
    return trace_document(run_program(body.expression, body.values, limits))


def network(body: NetworkRequest, limits: Limits) -> dict:
    spec = body.model_dump(exclude_none=True)
    return network_document(trace_network(spec, limits))


def gradcheck(body: GradcheckRequest, limits: Limits) -> dict:
    if body.network is not None:
        return gradcheck_network(body.network, h=body.h, inputs=body.inputs, limits=limits)
    return gradcheck_program(
        body.expression, body.values, h=body.h, inputs=body.inputs, limits=limits
    )


def step(body: StepRequest, limits: Limits) -> dict:
    if body.network is not None:
        return gradient_step_network(
            body.network, body.parameters, body.learning_rate, limits=limits
        )
    return gradient_step_program(
        body.expression, body.values, body.parameters, body.learning_rate, limits=limits
    )


def train(body: TrainRequest, limits: Limits) -> dict:
    dataset = body.dataset if isinstance(body.dataset, str) else body.dataset.model_dump()
    if isinstance(dataset, dict) and dataset.get("name") is not None:
        dataset = {k: v for k, v in dataset.items() if v is not None}
    return train_network(
        body.network,
        dataset,
        learning_rate=body.learning_rate,
        steps=body.steps,
        batch_size=body.batch_size,
        seed=body.seed,
        snapshot_every=body.snapshot_every,
        grid_size=body.grid_size,
        limits=limits,
    )


# endpoint name -> (request model, computation)
ENDPOINTS: dict[str, tuple[type, Callable[[Any, Limits], dict]]] = {
    "graph": (GraphRequest, graph),
    "network": (NetworkRequest, network),
    "gradcheck": (GradcheckRequest, gradcheck),
    "step": (StepRequest, step),
    "train": (TrainRequest, train),
}
