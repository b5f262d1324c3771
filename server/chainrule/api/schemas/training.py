"""Gradient check, gradient step and training: requests and responses."""

from __future__ import annotations

import math
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    Field,
    StrictFloat,
    StrictInt,
    model_validator,
)
from pydantic.types import FiniteFloat
from pydantic_core import PydanticCustomError

from .values import InputNumber, InputValue, JsonValue, Number, StrictModel


# ---- gradient check, gradient step, training (issue 5) -------------------------------------
def _finite_first(value: Any) -> Any:
    """NaN and infinities are named as such, before any bound ("must be <= 1") is checked."""
    if isinstance(value, float) and not math.isfinite(value):
        raise PydanticCustomError("finite_number", "must be a finite number")
    return value


PositiveNumber = Annotated[
    StrictInt | Annotated[StrictFloat, FiniteFloat], Field(gt=0), BeforeValidator(_finite_first)
]


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
