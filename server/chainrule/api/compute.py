"""The computations behind the POST endpoints: request body in, the response document out.

Run inside a worker process (api/worker.py), never on the server's event loop. Each entry
validates the body with the endpoint's own request model (the server validated it too, for
the 422s and the OpenAPI contract) and calls the engine with the server's limits.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import BaseModel

from ..engine.autodiff import run_program
from ..engine.budget import Budget, Limits
from ..engine.gradients.gradcheck import check_gradients
from ..engine.gradients.step import gradient_step
from ..engine.network.build import network_gradients, trace_network
from ..engine.results.document import trace_document
from ..engine.results.trace_result import TraceResult
from ..engine.training.train import train_network
from .schemas import GradcheckRequest, GraphRequest, NetworkRequest, StepRequest, TrainRequest


def graph(body: GraphRequest, limits: Limits) -> dict:
    full = body.detail == "full"  # tensor edges in full are counted as numbers, summaries not
    budget = Budget(limits, full_edges=full)
    record = "arrays" if full else "summary"
    trace = run_program(body.expression, body.values, budget=budget, record=record)
    return trace_document(trace, body.detail, budget)


def network(body: NetworkRequest, limits: Limits) -> dict:
    full = body.detail == "full"
    budget = Budget(limits, full_edges=full)
    spec = body.model_dump(exclude_none=True, exclude={"detail"})
    trace = trace_network(spec, budget, record="arrays" if full else "summary")
    return TraceResult(trace, network_gradients(trace)).to_dict(body.detail, budget)


def gradcheck(body: GradcheckRequest, limits: Limits) -> dict:
    budget = Budget(limits)  # one deadline for every pass of the check
    # The request model requires exactly one of expression and network.
    result = check_gradients(
        body.expression, body.values, network=body.network, h=body.h, inputs=body.inputs,
        budget=budget,
    )  # fmt: skip
    return result.to_dict()


def step(body: StepRequest, limits: Limits) -> dict:
    result = gradient_step(
        body.expression, body.values, network=body.network, parameters=body.parameters,
        learning_rate=body.learning_rate, budget=Budget(limits),
    )  # fmt: skip
    return result.to_dict()


def train(body: TrainRequest, limits: Limits) -> dict:
    budget = Budget(limits)  # made first: setup counts too
    dataset = body.dataset if isinstance(body.dataset, str) else body.dataset.model_dump()
    if isinstance(dataset, dict) and dataset.get("name") is not None:
        dataset = {k: v for k, v in dataset.items() if v is not None}
    # The schedule's fields are train_network's keyword parameters, by the same names.
    schedule = body.model_dump(exclude={"network", "dataset"})
    return train_network(body.network, dataset, **schedule, budget=budget).to_dict()


# endpoint name -> (request model, computation)
ENDPOINTS: dict[str, tuple[type[BaseModel], Callable[[Any, Limits], dict]]] = {
    "graph": (GraphRequest, graph),
    "network": (NetworkRequest, network),
    "gradcheck": (GradcheckRequest, gradcheck),
    "step": (StepRequest, step),
    "train": (TrainRequest, train),
}
