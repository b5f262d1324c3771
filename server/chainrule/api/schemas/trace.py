"""The trace contract: POST /api/v1/graph request and response, errors, metadata."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
)

from ...display import TraceDisplay  # .to_html(), .show(), notebook display
from .values import InputValue, JsonValue, Number, StrictModel


class GraphRequest(StrictModel):
    """A program and a value for each of its free names."""

    expression: str = Field(description="The program: statements separated by newlines or ';'.")
    values: dict[str, InputValue] = Field(
        default_factory=dict, description="A value for each input name."
    )

    model_config = ConfigDict(
        strict=True,
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"expression": "(x + y) * z", "values": {"x": -2, "y": 5, "z": -4}},
                {
                    "expression": "sigmoid(w0*x0 + w1*x1 + w2)",
                    "values": {"w0": 2, "x0": -1, "w1": -3, "x1": -2, "w2": -3},
                },
            ]
        },
    )


# ---- the trace document --------------------------------------------------------------------
class Output(BaseModel):
    node: str
    value: JsonValue


class Node(BaseModel):
    id: str = Field(description="Stable id, in topological order (n0, n1, ...).")
    kind: Literal["input", "const", "op"]
    op: str | None = Field(description="Op registry name for op nodes.")
    symbol: str | None = Field(description="What the gate shows: + × σ max ...")
    label: str | None = Field(description="Input name, assigned name, or constant text.")
    value: JsonValue
    grad: JsonValue = Field(description="d output / d this node.")
    shape: list[int] = Field(description="[] for scalars.")
    inputs: list[str]
    line: int | None = None
    column: int | None = None
    group: str | None = None


class Edge(BaseModel):
    id: str
    source: str
    target: str
    index: int = Field(description="Argument position at the target.")
    grad: JsonValue = Field(description="Gradient contribution sent back along this edge.")


class Contribution(BaseModel):
    edge: str
    target: str = Field(description="The node receiving the gradient (the edge's source).")
    local: Number | None = Field(description="Local derivative; null for tensor edges.")
    grad: JsonValue = Field(description="upstream × local (a vector-Jacobian product).")
    accumulated: JsonValue = Field(description="The target's running total after this.")


class ForwardStep(BaseModel):
    phase: Literal["forward"]
    node: str
    value: JsonValue


class BackwardStep(BaseModel):
    phase: Literal["backward"]
    node: str
    grad: JsonValue
    contributions: list[Contribution]


class TraceResponse(TraceDisplay, BaseModel):
    """The graph with every forward value, gradient, edge contribution and step."""

    output: Output
    gradients: dict[str, JsonValue]
    nodes: list[Node]
    edges: list[Edge]
    steps: list[Annotated[ForwardStep | BackwardStep, Field(discriminator="phase")]]


# ---- errors and metadata -------------------------------------------------------------------
class ErrorDetail(BaseModel):
    message: str
    line: int | None = None
    column: int | None = None


class ErrorResponse(BaseModel):
    detail: ErrorDetail


class ValidationIssue(BaseModel):
    type: str
    loc: list[str | int] = Field(description='Where: ["body", field, ...].')
    msg: str


class RequestErrorResponse(BaseModel):
    """A 422: a program error (message, line, column) or a malformed body (FastAPI's list)."""

    detail: ErrorDetail | list[ValidationIssue]


class OpInfo(BaseModel):
    name: str
    symbol: str
    arity: int
    syntax: Literal["infix", "prefix", "call", "none"]
    spellings: list[str]
    latex: list[str]
    vjp_latex: list[str]
    expression_latex: str
    pattern: str
    description: str
    elementwise: bool


class Example(BaseModel):
    id: str
    title: str
    description: str
    kind: Literal["expression", "network"]
    expression: str | None = None
    values: dict[str, Any] | None = None
    network: dict[str, Any] | None = None


class Health(BaseModel):
    status: Literal["ok"]
    version: str
