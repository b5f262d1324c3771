"""Pydantic models of the API contract: requests are strict, responses describe the trace."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PlainValidator,
    StrictFloat,
    StrictInt,
    model_validator,
)
from pydantic.types import FiniteFloat
from pydantic_core import PydanticCustomError
from typing_extensions import TypeAliasType

# ---- values ------------------------------------------------------------------------------
# Inputs: finite numbers or nested lists of them; no "1" -> 1 or false -> 0 coercion. One
# validator walks a value iteratively, so a wrong element gets one clear error naming its
# position (not one error per union branch) and nothing the client sent is echoed back.
MAX_VALUE_DEPTH = 32  # numpy allows 64 dimensions; nothing here needs more than a few
_FLOAT_MAX = 1.7976931348623157e308
_JSON_KIND = {str: "a string", type(None): "null", dict: "an object", bool: "a boolean"}


def check_input_value(raw: Any) -> Any:
    """Accept a finite number or a nested list of them; raise one clean error otherwise."""
    stack: list[tuple[Any, tuple[int, ...]]] = [(raw, ())]
    pop, push = stack.pop, stack.append
    while stack:
        value, where = pop()
        kind = type(value)
        if kind is list:
            if len(where) >= MAX_VALUE_DEPTH:
                raise _value_error(
                    "nested_too_deeply", where, f"is nested deeper than {MAX_VALUE_DEPTH} levels"
                )
            for k, item in enumerate(value):
                if type(item) is float and item - item == 0.0:  # the common case, inline
                    continue
                push((item, (*where, k)))
        else:
            check_input_number(value, where)
    return raw


def check_input_number(value: Any, where: tuple[int, ...] = ()) -> Any:
    """Accept a finite int or float (not a bool, not a string); raise one clean error otherwise."""
    kind = type(value)
    if kind is float:
        if value - value != 0.0:  # NaN or infinite
            raise _value_error(
                "finite_number",
                where,
                "is not finite: JSON has no NaN or Infinity, and inputs must be finite numbers",
            )
    elif kind is int:
        if abs(value) > _FLOAT_MAX:
            raise _value_error("number_too_large", where, "is too large for a 64-bit float")
    else:
        shown = _JSON_KIND.get(kind, "a list" if kind is list else kind.__name__)
        raise _value_error(
            "number_type", where, f"is {shown}, but must be a number or a nested list of numbers"
        )
    return value


def _value_error(kind: str, where: tuple[int, ...], problem: str) -> PydanticCustomError:
    at = "element " + "".join(f"[{k}]" for k in where) if where else "the value"
    return PydanticCustomError(kind, f"{at} {problem}")  # no braces: they would be placeholders


InputNumber = Annotated[
    Any, PlainValidator(check_input_number, json_schema_input_type=StrictInt | StrictFloat)
]
_InputValueSchema = TypeAliasType("InputValue", "StrictInt | StrictFloat | list[InputValue]")
InputValue = Annotated[
    Any, PlainValidator(check_input_value, json_schema_input_type=_InputValueSchema)
]

# Outputs: numbers, the names of non-finite numbers (JSON has none), or nested lists.
NonFinite = Literal["Infinity", "-Infinity", "NaN"]
Number = float | NonFinite
JsonValue = TypeAliasType("JsonValue", "Number | list[JsonValue]")


class StrictModel(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid")


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


class TraceResponse(BaseModel):
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


# ---- gradient check, gradient step, training (issue 5) -------------------------------------
PositiveNumber = Annotated[StrictInt | Annotated[StrictFloat, FiniteFloat], Field(gt=0)]


def _one_source(model: Any) -> Any:
    if (model.expression is None) == (model.network is None):
        raise ValueError('give exactly one of "expression" (with "values") or "network"')
    if model.network is not None and model.values:
        raise ValueError('"values" goes with "expression"; a network carries its own values')
    return model


class GradcheckRequest(StrictModel):
    """An expression with values, or a network spec; optional step h and inputs to check."""

    expression: str | None = Field(default=None, description="A program, as for /graph.")
    values: dict[str, InputValue] = Field(default_factory=dict)
    network: dict[str, Any] | None = Field(default=None, description="A network spec.")
    h: PositiveNumber = Field(default=1e-6, le=1, description="Central-difference step.")
    inputs: list[str] | None = Field(
        default=None, description="Inputs to check (default: all of them)."
    )

    _check = model_validator(mode="after")(_one_source)


class ElementRef(BaseModel):
    input: str
    index: list[int] = Field(description="Element index; [] for a scalar input.")
    analytic: Number
    numerical: Number
    relative_error: Number


class InputCheck(BaseModel):
    shape: list[int]
    analytic: JsonValue
    numerical: JsonValue
    relative_error: JsonValue
    at_kink: bool | list[Any] = Field(description="Per element, like analytic.")
    passed: bool = Field(description="Every element not at a kink is within the threshold.")


class KinkCrossing(BaseModel):
    input: str
    index: list[int]
    left: Number = Field(description="(f(x) - f(x - h)) / h")
    right: Number = Field(description="(f(x + h) - f(x)) / h")
    analytic: Number


class Kink(BaseModel):
    node: str
    op: str
    label: str | None
    line: int | None
    column: int | None
    at_point: bool = Field(description="The node's inputs sit exactly at the kink.")
    crossings: list[KinkCrossing] = Field(description="Input elements whose nudge crosses it.")


class GradcheckResponse(BaseModel):
    """Analytic vs numerical gradients per input, the worst element and the verdict."""

    output: Number
    h: float
    threshold: float
    inputs: dict[str, InputCheck]
    max_relative_error: Number | None = Field(description="Over elements not at a kink.")
    worst: ElementRef | None
    passed: bool
    kinks: list[Kink]
    forward_passes: int


class StepRequest(StrictModel):
    """One gradient-descent step on an expression's parameters or a network's weights."""

    expression: str | None = None
    values: dict[str, InputValue] = Field(default_factory=dict)
    network: dict[str, Any] | None = None
    parameters: list[str] | None = Field(
        default=None,
        description="Inputs to update (default: every input of an expression; a network's "
        "weights and biases).",
    )
    learning_rate: PositiveNumber

    _check = model_validator(mode="after")(_one_source)


class ParameterStep(BaseModel):
    w: JsonValue
    grad: JsonValue
    w_new: JsonValue = Field(description="w - learning_rate * grad")


class StepResponse(BaseModel):
    learning_rate: float
    loss_before: Number
    loss_after: Number
    parameters: dict[str, ParameterStep]
    values: dict[str, JsonValue] = Field(description="Every input after the step.")
    network: dict[str, Any] | None = Field(
        default=None, description="For a network: the spec with the stepped weights."
    )


class DatasetSpec(StrictModel):
    name: Literal["xor", "circle", "spiral", "gaussians"]
    size: StrictInt | None = Field(default=None, ge=2)
    noise: Annotated[StrictInt | Annotated[StrictFloat, FiniteFloat], Field(ge=0)] | None = None


class Samples(StrictModel):
    inputs: list[list[InputNumber]]
    targets: list[InputNumber] | list[list[InputNumber]]


class TrainRequest(StrictModel):
    """A network spec (input and target come from the dataset), data and the schedule."""

    network: dict[str, Any]
    dataset: Literal["xor", "circle", "spiral", "gaussians"] | DatasetSpec | Samples
    learning_rate: PositiveNumber
    steps: StrictInt = Field(ge=1)
    batch_size: StrictInt | None = Field(default=None, ge=1, description="Default: full batch.")
    seed: StrictInt = Field(default=0, ge=0)
    snapshot_every: StrictInt | None = Field(default=None, ge=1)
    grid_size: StrictInt = Field(default=30, ge=2, le=100)


class Grid(BaseModel):
    x: list[float]
    y: list[float]
    values: list[list[Number]] = Field(description="values[i][j] is the output at (x[j], y[i]).")
    kind: Literal["probability", "output", "class"]


class Snapshot(BaseModel):
    step: int
    loss: Number
    accuracy: float | None
    weights: dict[str, JsonValue]
    grid: Grid | None


class TrainResponse(BaseModel):
    loss: list[Number] = Field(description="Loss over the whole dataset after each step.")
    initial_loss: Number
    accuracy: list[float] | None = Field(description="After each step, for classification.")
    weights: dict[str, JsonValue]
    snapshots: list[Snapshot]
    dataset: dict[str, Any]
    steps: int
    batch_size: int


# ---- networks (issue 4) --------------------------------------------------------------------
Activation = Literal["relu", "sigmoid", "tanh", "linear"]


class NetworkRequest(StrictModel):
    """A fully connected network, one sample (or a batch) and its target: POST /api/v1/network.

    Layer k computes a_k = act(W_k @ a_{k-1} + b_k). Omitted weights are drawn from
    numpy.random.default_rng(seed): W_k ~ N(0, s / n_{k-1}) with s = 2 for relu layers and 1
    otherwise, b_k = 0.
    """

    layers: list[StrictInt] = Field(
        description="Sizes [inputs, hidden..., outputs], e.g. [3, 4, 2]; at most 4,096 per layer."
    )
    activation: Activation | list[Activation] = Field(
        default="relu", description="Hidden-layer activation: one name, or one per hidden layer."
    )
    output_activation: Activation = "linear"
    loss: Literal["squared_error", "cross_entropy", "none"] = Field(
        default="squared_error",
        description="squared_error = ½ Σ (t - o)²; cross_entropy = softmax then negative "
        "log-likelihood of the class index `target`; none only for a single output.",
    )
    input: InputValue | None = Field(
        default=None,
        description="One sample (n_in,), or at layer granularity a batch (batch, n_in) whose "
        "loss is the mean of the per-sample losses.",
    )
    target: InputValue | None = Field(
        default=None,
        description="squared_error: the output's shape; cross_entropy: a class index (a list "
        "of them for a batch); none: omitted.",
    )
    weights: dict[str, InputValue] | None = Field(
        default=None, description='Optional {"W1": (h1, n_in), "b1": (h1,), ...}.'
    )
    bias: bool = Field(default=True, description="false drops every b_k (f = W2 max(0, W1 x)).")
    seed: StrictInt = Field(default=0, ge=0, description="Seed for omitted weights.")
    granularity: Literal["layer", "neuron"] = Field(
        default="layer",
        description="layer: one tensor node per step; neuron: one scalar node per weight, "
        "input and unit, grouped per neuron (node field `group`).",
    )

    model_config = ConfigDict(
        strict=True,
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "layers": [3, 4, 2],
                    "activation": "relu",
                    "loss": "squared_error",
                    "input": [1.0, -2.0, 0.5],
                    "target": [1.0, 0.0],
                    "bias": False,
                    "seed": 0,
                    "granularity": "layer",
                }
            ]
        },
    )
