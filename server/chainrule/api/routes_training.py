"""API v1 routes for checking and using gradients: gradient check, one gradient step, training."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from .dispatch import ComputeRoute, computed
from .openapi import name_operations
from .routes import PROGRAM_ERRORS
from .schemas import (
    GradcheckRequest,
    GradcheckResponse,
    StepRequest,
    StepResponse,
    TrainRequest,
    TrainResponse,
)

router = APIRouter(prefix="/api/v1", route_class=ComputeRoute)


@router.post(
    "/gradcheck",
    response_model=GradcheckResponse,
    responses=PROGRAM_ERRORS,
    summary="Check every input gradient against central differences",
)
async def gradcheck(body: GradcheckRequest, request: Request) -> Response:
    """Analytic gradients (the backward pass) against (f(x+h) - f(x-h)) / 2h per element.

    Relative error |a - n| / max(|a|, |n|, tiny); an element passes at relative error ≤ 1e-5
    (`threshold`). Elements whose nudge crosses a kink of relu/abs/max/min are reported
    `at_kink` (with one-sided differences under `kinks`) and left out of the verdict. Budget:
    2 forward passes per scalar element, at most 2,000 elements and 10⁶ node evaluations
    (passes × nodes); over them, 413.
    """
    return await computed(request, "gradcheck")


@router.post(
    "/step",
    response_model=StepResponse,
    responses=PROGRAM_ERRORS,
    summary="Take one gradient-descent step w ← w − α ∂J/∂w",
)
async def step(body: StepRequest, request: Request) -> Response:
    """Each parameter's w, ∂J/∂w and w − α ∂J/∂w, the loss J before and after, and every
    input's new value (for a network, also the spec with the new weights) to step again."""
    return await computed(request, "step")


@router.post(
    "/train",
    response_model=TrainResponse,
    responses=PROGRAM_ERRORS,
    summary="Train a network on a dataset by gradient descent",
)
async def train(body: TrainRequest, request: Request) -> Response:
    """Loss (and accuracy for classification) after every step, final weights, and snapshots
    with, for 2-D data, the model's output on a grid_size × grid_size grid. Limits: 20,000
    steps, 200 snapshots, 10,000 samples, samples × widest layer within
    CHAINRULE_MAX_TENSOR_ELEMENTS, (steps × batch) × (parameters + 30 × units + 50) at most
    3·10⁹ (a few seconds), snapshots × (grid_size² + parameters) at most 10⁶ numbers, and the
    time budget CHAINRULE_MAX_SECONDS (checked after every step); over them, 413."""
    return await computed(request, "train")


name_operations(router)
