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

DETAIL_DESCRIPTION = (
    'How tensor edges are sent: "compact" (the default) gives each tensor contribution and '
    "running total as a summary {shape, norm, min, max} (node values and gradients are always "
    'in full); "full" sends them as nested lists.'
)
Detail = Literal["compact", "full"]


class GraphRequest(StrictModel):
    """A program and a value for each of its free names."""

    expression: str = Field(description="The program: statements separated by newlines or ';'.")
    values: dict[str, InputValue] = Field(
        default_factory=dict, description="A value for each input name."
    )
    detail: Detail = Field(default="compact", description=DETAIL_DESCRIPTION)

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
    """The program's last statement: its node and value (a scalar)."""

    node: str = Field(description="Id of the output node.")
    value: JsonValue = Field(description="The output's value.")


class Node(BaseModel):
    """One node of the graph: an input, a constant or a gate, with its value and gradient."""

    id: str = Field(description="Stable id, in topological order (n0, n1, ...).")
    kind: Literal["input", "const", "op"] = Field(
        description="input (a free name), const (a number or pi, e) or op (a gate)."
    )
    op: str | None = Field(description="Op registry name for op nodes.")
    symbol: str | None = Field(description="What the gate shows: + × σ max ...")
    label: str | None = Field(description="Input name, assigned name, or constant text.")
    value: JsonValue = Field(description="Forward value: a number or a nested list.")
    grad: JsonValue = Field(description="d output / d this node.")
    shape: list[int] = Field(description="[] for scalars.")
    inputs: list[str] = Field(description="Ids of the argument nodes, in argument order.")
    line: int | None = Field(default=None, description="1-based line in the program, if any.")
    column: int | None = Field(default=None, description="1-based column in the program.")
    group: str | None = Field(
        default=None, description="The neuron this node belongs to (networks at neuron level)."
    )


class TensorSummary(BaseModel):
    """A tensor contribution or running total in the compact document."""

    shape: list[int] = Field(description="The tensor's shape.")
    norm: Number = Field(description="Frobenius norm.")
    min: Number = Field(description="Smallest element.")
    max: Number = Field(description="Largest element.")


EdgeValue = JsonValue | TensorSummary


class Edge(BaseModel):
    """A wire from an argument to the gate that reads it."""

    id: str = Field(description="Stable id (e0, e1, ...).")
    source: str = Field(description="The node whose value flows along the edge.")
    target: str = Field(description="The gate that reads it.")
    index: int = Field(description="Argument position at the target.")
    grad: EdgeValue = Field(
        description="Gradient contribution sent back along this edge (a summary for a tensor "
        'unless "detail": "full").'
    )


class Contribution(BaseModel):
    """One gradient arrival during a backward step."""

    edge: str = Field(description="The edge the gradient travels back along.")
    target: str = Field(description="The node receiving the gradient (the edge's source).")
    local: Number | None = Field(description="Local derivative; null for tensor edges.")
    grad: EdgeValue = Field(description="upstream × local (a vector-Jacobian product).")
    accumulated: EdgeValue = Field(description="The target's running total after this.")


class ForwardStep(BaseModel):
    """A node's value becomes known (inputs and constants first, then one step per gate)."""

    phase: Literal["forward"] = Field(description="Always forward.")
    node: str = Field(description="The node computed in this step.")
    value: JsonValue = Field(description="Its value.")


class BackwardStep(BaseModel):
    """A gate sends its gradient back to its arguments (reverse topological order)."""

    phase: Literal["backward"] = Field(description="Always backward.")
    node: str = Field(description="The gate whose gradient is passed back.")
    grad: JsonValue = Field(description="d output / d this gate, complete at this step.")
    contributions: list[Contribution] = Field(description="One per input edge of the gate.")


class TraceResponse(TraceDisplay, BaseModel):
    """The graph with every forward value, gradient, edge contribution and step."""

    output: Output = Field(description="The output node and its value.")
    gradients: dict[str, JsonValue] = Field(
        description="d output / d input for every input name (networks: x, W1, b1, ...)."
    )
    nodes: list[Node] = Field(description="Every node, in topological order.")
    edges: list[Edge] = Field(description="Every edge, with its gradient contribution.")
    steps: list[Annotated[ForwardStep | BackwardStep, Field(discriminator="phase")]] = Field(
        description="The forward steps, then the backward steps, in the order they happen."
    )


# ---- errors and metadata -------------------------------------------------------------------
class ErrorDetail(BaseModel):
    """What went wrong and, for a program error, where."""

    message: str = Field(description="What is wrong, in a sentence.")
    line: int | None = Field(default=None, description="1-based line of the problem, if any.")
    column: int | None = Field(default=None, description="1-based column of the problem.")


class ErrorResponse(BaseModel):
    """An error other than a malformed request: 400, 413 and program errors."""

    detail: ErrorDetail = Field(description="The message, with line and column where known.")


class ValidationIssue(BaseModel):
    """One way the request body breaks the schema."""

    type: str = Field(description="pydantic's error type, such as missing or string_type.")
    loc: list[str | int] = Field(description='Where: ["body", field, ...].')
    msg: str = Field(description="What is wrong there.")


class RequestErrorResponse(BaseModel):
    """A 422: a program error (message, line, column) or a malformed body (FastAPI's list)."""

    detail: ErrorDetail | list[ValidationIssue] = Field(
        description="A program error, or the list of schema violations."
    )


class OpInfo(BaseModel):
    """One operation of the language and how its gradient flows."""

    name: str = Field(description="Registry name, as in a node's `op`.")
    symbol: str = Field(description="What its gate shows: + × σ ...")
    arity: int = Field(description="Number of arguments.")
    syntax: Literal["infix", "prefix", "call", "none"] = Field(
        description="How it is written: infix (x * y), prefix (-x), call (exp(x)) or none."
    )
    spellings: list[str] = Field(description="Ways to write it in a program.")
    latex: list[str] = Field(description="Local derivative per argument, as LaTeX.")
    vjp_latex: list[str] = Field(description="Vector-Jacobian product per argument (tensors).")
    expression_latex: str = Field(description="The operation itself, as LaTeX.")
    pattern: str = Field(description="Backward pattern: how the gate routes the gradient.")
    description: str = Field(description="A sentence on what it computes.")
    elementwise: bool = Field(description="Applies per element and broadcasts like numpy.")
    role: Literal["activation", "loss"] | None = Field(
        default=None, description="Whether a network spec may use it as an activation or loss."
    )
    class_off: float | None = Field(
        default=None,
        description='Activations: the squared-error target meaning "not this class" (0 where '
        "the output is never negative, else -1).",
    )
    undefined_where: str = Field("", description="Where the op is undefined (why a NaN came out).")


class Example(BaseModel):
    """A built-in example: an expression with values, or a network spec."""

    id: str = Field(description="Stable id, usable in links.")
    title: str = Field(description="Short title for a menu.")
    description: str = Field(description="What it shows.")
    kind: Literal["expression", "network"] = Field(description="Which mode it opens in.")
    expression: str | None = Field(default=None, description="The program (expression kind).")
    values: dict[str, Any] | None = Field(
        default=None, description="The program's input values (expression kind)."
    )
    network: dict[str, Any] | None = Field(
        default=None, description="A NetworkRequest body (network kind)."
    )
    parameters: list[str] | None = Field(
        default=None,
        description="Inputs a gradient step updates by default (the rest are data and targets).",
    )


class Health(BaseModel):
    """The server is up."""

    status: Literal["ok"] = Field(description="Always ok.")
    version: str = Field(description="chainrule's version.")
