"""API v1 routes: each handler validates, calls the engine and returns its document."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from .. import __version__
from ..engine.examples import EXAMPLES
from ..engine.ops import REGISTRY
from .dispatch import ComputeRoute, computed
from .openapi import name_operations
from .schemas import (
    ErrorResponse,
    Example,
    GraphRequest,
    Health,
    OpInfo,
    RequestErrorResponse,
    TraceResponse,
)

router = APIRouter(prefix="/api/v1", route_class=ComputeRoute)

# What a client can get back besides 200: 400 when the body cannot be read as JSON at all,
# 422 when it is JSON but not a valid request or its program cannot be computed.
PROGRAM_ERRORS: dict[int | str, dict[str, Any]] = {
    413: {
        "model": ErrorResponse,
        "description": "Over a size or time limit; the message names the limit.",
    },
    422: {
        "model": RequestErrorResponse,
        "description": "JSON that is not a valid request (`detail` is FastAPI's list of "
        "issues, each with its location), or a program that cannot be computed (`detail` "
        "has the message and its line and column).",
    },
    400: {
        "model": ErrorResponse,
        "description": "The body is not JSON (with the line and column where parsing "
        "stopped), or has a key twice in one object.",
    },
    415: {
        "model": ErrorResponse,
        "description": "The body is compressed (Content-Encoding) or not sent as application/json.",
    },
    429: {
        "model": ErrorResponse,
        "description": "Every compute worker stayed busy until the request's deadline; "
        "retry after the seconds in Retry-After.",
    },
}


@router.post(
    "/graph",
    response_model=TraceResponse,
    responses=PROGRAM_ERRORS,
    summary="Trace a program: values, gradients, edge contributions and steps",
)
async def graph(body: GraphRequest, request: Request) -> Response:
    """Parse the program, run forward and backward, return the full trace."""
    return await computed(request, "graph")


@router.get("/ops", response_model=list[OpInfo], summary="The op registry")
def ops() -> list[OpInfo]:
    """Every operation: symbol, spellings, local-derivative LaTeX and backward pattern."""
    return [op_info(op) for op in REGISTRY.values()]


@router.get("/examples", response_model=list[Example], summary="Built-in lecture examples")
def examples() -> list[dict]:
    return EXAMPLES


@router.get("/health", response_model=Health, summary="Liveness check")
async def health() -> Health:
    return Health(status="ok", version=__version__)


def op_info(op) -> OpInfo:
    return OpInfo(
        name=op.name,
        symbol=op.symbol,
        arity=op.arity,
        syntax=op.syntax,
        spellings=list(op.spellings),
        latex=list(op.latex),
        vjp_latex=list(op.vjp_latex),
        expression_latex=op.expression_latex,
        pattern=op.pattern,
        description=op.description,
        elementwise=op.elementwise,
        role=op.role or None,
        class_off=op.class_off,
        undefined_where=op.undefined_where,
    )


name_operations(router)
