"""Gradient check, gradient step and training: requests and responses."""

from __future__ import annotations

import math
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictFloat,
    StrictInt,
    WithJsonSchema,
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


# An int or a finite float within bounds. The bounds apply after the union (one clear error);
# the JSON Schema is written out because pydantic would put `gt` beside anyOf, which is not
# JSON Schema: a JSON "number" already includes integers.
_Real = StrictInt | Annotated[StrictFloat, FiniteFloat]
PositiveNumber = Annotated[
    _Real,
    Field(gt=0),
    BeforeValidator(_finite_first),
    WithJsonSchema({"type": "number", "exclusiveMinimum": 0}),
]
StepSize = Annotated[
    _Real,
    Field(gt=0, le=1),
    BeforeValidator(_finite_first),
    WithJsonSchema({"type": "number", "exclusiveMinimum": 0, "maximum": 1}),
]
NonNegativeNumber = Annotated[_Real, Field(ge=0), WithJsonSchema({"type": "number", "minimum": 0})]


def _one_source(model: Any) -> Any:
    if (model.expression is None) == (model.network is None):
        raise ValueError('give exactly one of "expression" (with "values") or "network"')
    if model.network is not None and model.values:
        raise ValueError('"values" goes with "expression"; a network carries its own values')
    return model


class GradcheckRequest(StrictModel):
    """An expression with values, or a network spec; optional step h and inputs to check."""

    expression: str | None = Field(default=None, description="A program, as for /graph.")
    values: dict[str, InputValue] = Field(
        default_factory=dict, description="A value for each input of the expression."
    )
    network: dict[str, Any] | None = Field(
        default=None, description="A network spec (a NetworkRequest body) instead."
    )
    h: StepSize = Field(default=1e-6, description="Central-difference step, 0 < h ≤ 1.")
    inputs: list[str] | None = Field(
        default=None, description="Inputs to check (default: all of them)."
    )

    _check = model_validator(mode="after")(_one_source)
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"expression": "sigmoid(w*x)", "values": {"w": 2, "x": -1}},
                {"network": {"layers": [2, 2, 1], "input": [1, -1], "target": [0.5]}, "h": 1e-5},
            ]
        }
    )


class ElementRef(BaseModel):
    """One checked element: where it is and how the two gradients compare."""

    input: str = Field(description="The input's name.")
    index: list[int] = Field(description="Element index; [] for a scalar input.")
    analytic: Number = Field(description="The backward pass's gradient.")
    numerical: Number = Field(description="(f(x + h) - f(x - h)) / 2h.")
    relative_error: Number = Field(description="|a - n| / max(|a|, |n|, tiny).")


class InputCheck(BaseModel):
    """One input's gradients, analytic and numerical, element by element."""

    shape: list[int] = Field(description="The input's shape; [] for a scalar.")
    analytic: JsonValue = Field(description="The backward pass's gradient, input-shaped.")
    numerical: JsonValue = Field(description="Central differences, input-shaped.")
    relative_error: JsonValue = Field(description="Per element, input-shaped.")
    at_kink: bool | list[Any] = Field(description="Per element, like analytic.")
    passed: bool = Field(description="Every element not at a kink is within the threshold.")


class KinkCrossing(BaseModel):
    """An input element whose nudge by ±h crosses a kink: the one-sided slopes differ."""

    input: str = Field(description="The input's name.")
    index: list[int] = Field(description="Element index; [] for a scalar input.")
    left: Number = Field(description="(f(x) - f(x - h)) / h")
    right: Number = Field(description="(f(x + h) - f(x)) / h")
    analytic: Number = Field(description="The backward pass's gradient (one subgradient).")


class Kink(BaseModel):
    """A relu, abs, max or min gate near its kink, where central differences mislead."""

    node: str = Field(description="The gate's node id.")
    op: str = Field(description="Its op.")
    label: str | None = Field(description="Its assigned name, if any.")
    line: int | None = Field(description="1-based line in the program, if any.")
    column: int | None = Field(description="1-based column in the program, if any.")
    at_point: bool = Field(description="The node's inputs sit exactly at the kink.")
    crossings: list[KinkCrossing] = Field(description="Input elements whose nudge crosses it.")


class GradcheckResponse(BaseModel):
    """Analytic vs numerical gradients per input, the worst element and the verdict."""

    output: Number = Field(description="f at the given point.")
    h: float = Field(description="The central-difference step used.")
    threshold: float = Field(description="Relative error at or below which an element passes.")
    inputs: dict[str, InputCheck] = Field(description="Per checked input.")
    max_relative_error: Number | None = Field(description="Over elements not at a kink.")
    worst: ElementRef | None = Field(description="The element with the largest relative error.")
    passed: bool = Field(description="Every element not at a kink is within the threshold.")
    kinks: list[Kink] = Field(description="Gates whose kink a nudge crosses.")
    forward_passes: int = Field(description="Forward passes the check ran (2 per element).")


class StepRequest(StrictModel):
    """One gradient-descent step on an expression's parameters or a network's weights."""

    expression: str | None = Field(default=None, description="A program, as for /graph.")
    values: dict[str, InputValue] = Field(
        default_factory=dict, description="A value for each input of the expression."
    )
    network: dict[str, Any] | None = Field(
        default=None, description="A network spec (a NetworkRequest body) instead."
    )
    parameters: list[str] | None = Field(
        default=None,
        description="Inputs to update (default: every input of an expression; a network's "
        "weights and biases).",
    )
    learning_rate: PositiveNumber = Field(description="The step size α > 0.")

    _check = model_validator(mode="after")(_one_source)
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "expression": "0.5*(t - w*x)^2",
                    "values": {"w": 0.5, "x": 1, "t": 1},
                    "parameters": ["w"],
                    "learning_rate": 0.1,
                }
            ]
        }
    )


class ParameterStep(BaseModel):
    """One parameter before and after the step."""

    w: JsonValue = Field(description="The value before the step.")
    grad: JsonValue = Field(description="∂J/∂w at w.")
    w_new: JsonValue = Field(description="w - learning_rate * grad")


class StepResponse(BaseModel):
    """The step: each parameter's w, ∂J/∂w and new value, and the loss before and after."""

    learning_rate: float = Field(description="The α used.")
    loss_before: Number = Field(description="J at the given values.")
    loss_after: Number = Field(description="J after the step.")
    parameters: dict[str, ParameterStep] = Field(description="Per updated parameter.")
    values: dict[str, JsonValue] = Field(description="Every input after the step.")
    network: dict[str, Any] | None = Field(
        default=None, description="For a network: the spec with the stepped weights."
    )


class DatasetSpec(StrictModel):
    """A built-in 2-D dataset with its size and noise."""

    name: Literal["xor", "circle", "spiral", "gaussians"] = Field(description="Which dataset.")
    size: StrictInt | None = Field(default=None, ge=2, description="Number of samples.")
    noise: NonNegativeNumber | None = Field(
        default=None, description="Standard deviation of the noise added to each point."
    )


class Samples(StrictModel):
    """Your own samples."""

    inputs: list[list[InputNumber]] = Field(description="One row per sample.")
    targets: list[InputNumber] | list[list[InputNumber]] = Field(
        description="One target (a class index or a number) or target row per sample."
    )


class TrainRequest(StrictModel):
    """A network spec (input and target come from the dataset), data and the schedule."""

    network: dict[str, Any] = Field(
        description="A network spec without input and target (they come from the dataset)."
    )
    dataset: Literal["xor", "circle", "spiral", "gaussians"] | DatasetSpec | Samples = Field(
        description="A built-in dataset by name, with its size and noise, or your samples."
    )
    learning_rate: PositiveNumber = Field(description="The step size α > 0.")
    steps: StrictInt = Field(ge=1, description="Gradient-descent steps to take (≤ 20,000).")
    batch_size: StrictInt | None = Field(default=None, ge=1, description="Default: full batch.")
    seed: StrictInt = Field(default=0, ge=0, description="Seed for weights, data and batches.")
    snapshot_every: StrictInt | None = Field(
        default=None, ge=1, description="Steps between snapshots (default: steps / 20, rounded up)."
    )
    grid_size: StrictInt = Field(
        default=30, ge=2, le=100, description="Decision-surface grid points per side."
    )

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "network": {"layers": [2, 4, 1], "activation": "tanh"},
                    "dataset": "xor",
                    "learning_rate": 0.5,
                    "steps": 200,
                }
            ]
        }
    )


class Grid(BaseModel):
    """The model's output on a grid over the data, for a decision surface."""

    x: list[float] = Field(description="Grid coordinates along the first input.")
    y: list[float] = Field(description="Grid coordinates along the second input.")
    values: list[list[Number]] = Field(description="values[i][j] is the output at (x[j], y[i]).")
    kind: Literal["probability", "output", "class"] = Field(
        description="What values holds: a class-1 probability, a raw output or a class index."
    )


class Snapshot(BaseModel):
    """The model at one step of training."""

    step: int = Field(description="Steps taken (0 = before training).")
    loss: Number = Field(description="Loss over the whole dataset.")
    accuracy: float | None = Field(description="Fraction classified right (classification).")
    weights: dict[str, JsonValue] = Field(description="W1, b1, ... at this step.")
    grid: Grid | None = Field(description="Decision surface, for 2-D inputs.")


class TrainResponse(BaseModel):
    """The run: loss per step, accuracy, final weights and snapshots."""

    loss: list[Number] = Field(description="Loss over the whole dataset after each step.")
    initial_loss: Number = Field(description="Loss before the first step.")
    accuracy: list[float] | None = Field(description="After each step, for classification.")
    weights: dict[str, JsonValue] = Field(description="W1, b1, ... after the last step.")
    snapshots: list[Snapshot] = Field(description="The model at evenly spaced steps.")
    dataset: dict[str, Any] = Field(
        description="The data trained on: name, size, features, inputs, targets, labels."
    )
    steps: int = Field(description="Steps taken.")
    batch_size: int = Field(description="Samples per step.")
