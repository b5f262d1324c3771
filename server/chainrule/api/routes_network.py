"""API v1 network route: a network spec in, the same trace document as /api/v1/graph out."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from ..engine.budget import Budget
from ..engine.network.build import network_gradients, trace_network
from ..engine.results.trace_result import TraceResult
from .openapi import name_operations
from .routes import PROGRAM_ERRORS, json_response
from .schemas import NetworkRequest, TraceResponse

router = APIRouter(prefix="/api/v1")


@router.post(
    "/network",
    response_model=TraceResponse,
    responses=PROGRAM_ERRORS,
    summary="Trace a neural network: forward values, gradients of every weight, steps",
)
def network(body: NetworkRequest, request: Request) -> Response:
    """Build the network's graph (layer or neuron granularity), run forward and backward and
    return the trace, with `gradients` keyed W1, b1, ..., x."""
    full = body.detail == "full"
    budget = Budget(request.app.state.settings.limits, full_edges=full)
    spec = body.model_dump(exclude_none=True, exclude={"detail"})
    trace = trace_network(spec, budget, record="arrays" if full else "summary")
    return json_response(TraceResult(trace, network_gradients(trace)).to_dict(body.detail, budget))


name_operations(router)
