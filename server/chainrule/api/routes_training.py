"""API v1 routes for checking and using gradients: gradient check, one gradient step, training."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from ..engine.gradcheck import gradcheck_network, gradcheck_program
from ..engine.step import gradient_step_network, gradient_step_program
from ..engine.train import train_network
from .openapi import name_operations
from .routes import PROGRAM_ERRORS, json_response
from .schemas import (
    GradcheckRequest,
    GradcheckResponse,
    StepRequest,
    StepResponse,
    TrainRequest,
    TrainResponse,
)

router = APIRouter(prefix="/api/v1")


@router.post(
    "/gradcheck",
    response_model=GradcheckResponse,
    responses=PROGRAM_ERRORS,
    summary="Check every input gradient against central differences",
)
def gradcheck(body: GradcheckRequest, request: Request) -> Response:
    """Analytic gradients (the backward pass) against (f(x+h) - f(x-h)) / 2h per element.

    Relative error |a - n| / max(|a|, |n|, tiny); an element passes at relative error ≤ 1e-5
    (`threshold`). Elements whose nudge crosses a kink of relu/abs/max/min are reported
    `at_kink` (with one-sided differences under `kinks`) and left out of the verdict. Budget:
    2 forward passes per scalar element, at most 2,000 elements and 10⁶ node evaluations
    (passes × nodes); over them, 413.
    """
    limits = request.app.state.settings.limits
    if body.network is not None:
        document = gradcheck_network(body.network, h=body.h, inputs=body.inputs, limits=limits)
    else:
        document = gradcheck_program(
            body.expression, body.values, h=body.h, inputs=body.inputs, limits=limits
        )
    return json_response(document)


@router.post(
    "/step",
    response_model=StepResponse,
    responses=PROGRAM_ERRORS,
    summary="Take one gradient-descent step w ← w − α ∂J/∂w",
)
def step(body: StepRequest, request: Request) -> Response:
    """Each parameter's w, ∂J/∂w and w − α ∂J/∂w, the loss J before and after, and every
    input's new value (for a network, also the spec with the new weights) to step again."""
    limits = request.app.state.settings.limits
    if body.network is not None:
        document = gradient_step_network(
            body.network, body.parameters, body.learning_rate, limits=limits
        )
    else:
        document = gradient_step_program(
            body.expression, body.values, body.parameters, body.learning_rate, limits=limits
        )
    return json_response(document)


@router.post(
    "/train",
    response_model=TrainResponse,
    responses=PROGRAM_ERRORS,
    summary="Train a network on a dataset by gradient descent",
)
def train(body: TrainRequest, request: Request) -> Response:
    """Loss (and accuracy for classification) after every step, final weights, and snapshots
    with, for 2-D data, the model's output on a grid_size × grid_size grid. Limits: 20,000
    steps, 200 snapshots, 10,000 samples, samples × widest layer within
    CHAINRULE_MAX_TENSOR_ELEMENTS, (steps × batch) × (parameters + 30 × units + 50) at most
    3·10⁹ (a few seconds), snapshots × (grid_size² + parameters) at most 10⁶ numbers, and the
    time budget CHAINRULE_MAX_SECONDS (checked after every step); over them, 413."""
    dataset = body.dataset if isinstance(body.dataset, str) else body.dataset.model_dump()
    if isinstance(dataset, dict) and dataset.get("name") is not None:
        dataset = {k: v for k, v in dataset.items() if v is not None}
    document = train_network(
        body.network,
        dataset,
        learning_rate=body.learning_rate,
        steps=body.steps,
        batch_size=body.batch_size,
        seed=body.seed,
        snapshot_every=body.snapshot_every,
        grid_size=body.grid_size,
        limits=request.app.state.settings.limits,
    )
    return json_response(document)


name_operations(router)
