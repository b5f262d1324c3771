"""API v1 routes: each handler validates, calls the engine and returns its document."""

from __future__ import annotations

import json

from fastapi import APIRouter, Request
from fastapi.responses import Response

from .. import __version__
from ..engine.document import trace_document
from ..engine.examples import EXAMPLES
from ..engine.ops import REGISTRY
from ..engine.run import run_program
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

router = APIRouter(prefix="/api/v1")

# What a client can get back besides 200: 400 when the body cannot be read as JSON at all,
# 422 when it is JSON but not a valid request or its program cannot be computed.
PROGRAM_ERRORS = {
    400: {
        "model": ErrorResponse,
        "description": "The body is not JSON: it does not parse, is not UTF-8 or is nested too "
        "deeply to parse. `detail` says why.",
    },
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
}


def json_response(document: object) -> Response:
    """Serialize without re-validating: the engine already produced the contract's shape."""
    body = json.dumps(document, allow_nan=False, separators=(",", ":"))
    return Response(body, media_type="application/json")


@router.post(
    "/graph",
    response_model=TraceResponse,
    responses=PROGRAM_ERRORS,
    summary="Trace a program: values, gradients, edge contributions and steps",
)
def graph(body: GraphRequest, request: Request) -> Response:
    """Parse the program, run forward and backward, return the full trace."""
    limits = request.app.state.settings.limits
    return json_response(trace_document(run_program(body.expression, body.values, limits)))


@router.get("/ops", response_model=list[OpInfo], summary="The op registry")
def ops() -> list[OpInfo]:
    """Every operation: symbol, spellings, local-derivative LaTeX and backward pattern."""
    return [op_info(op) for op in REGISTRY.values()]


@router.get("/examples", response_model=list[Example], summary="Built-in lecture examples")
def examples() -> list[dict]:
    return EXAMPLES


@router.get("/health", response_model=Health, summary="Liveness check")
def health() -> Health:
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
        undefined_where=op.undefined_where,
    )


name_operations(router)
