"""API v1 network route: a network spec in, the same trace document as /api/v1/graph out."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from .dispatch import ComputeRoute, computed
from .openapi import name_operations
from .routes import PROGRAM_ERRORS
from .schemas import NetworkRequest, TraceResponse

router = APIRouter(prefix="/api/v1", route_class=ComputeRoute)


@router.post(
    "/network",
    response_model=TraceResponse,
    responses=PROGRAM_ERRORS,
    summary="Trace a neural network: forward values, gradients of every weight, steps",
)
async def network(body: NetworkRequest, request: Request) -> Response:
    """Build the network's graph (layer or neuron granularity), run forward and backward and
    return the trace, with `gradients` keyed W1, b1, ..., x."""
    return await computed(request, "network")


name_operations(router)
