"""Results of using gradients: a gradient check, one gradient step, a training run.

Dataclasses of Python floats and numpy arrays; `.to_dict()` gives the REST document of
/api/v1/gradcheck, /api/v1/step and /api/v1/train (nested lists, "Infinity"/"NaN" strings).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from .jsonable import json_number, json_value

Value = Any  # float or numpy.ndarray


def _json_dict(d: dict[str, Any]) -> dict[str, Any]:
    """A dict of Python values (floats, arrays, nested dicts of them) as JSON."""
    return {k: _json_any(v) for k, v in d.items()}


def _json_any(v: Any) -> Any:
    if isinstance(v, dict):
        return _json_dict(v)
    if isinstance(v, list):
        return [_json_any(x) for x in v]
    if isinstance(v, bool | int | str) or v is None:
        return v
    return json_value(v)


@dataclass(frozen=True, slots=True)
class InputCheck:
    """One checked input: analytic and numerical gradients and their relative error, per
    element; at_kink marks elements whose nudge crossed a kink (left out of `passed`)."""

    shape: tuple[int, ...]
    analytic: Value
    numerical: Value
    relative_error: Value
    at_kink: bool | np.ndarray
    passed: bool

    def to_dict(self) -> dict[str, Any]:
        return {
            "shape": list(self.shape),
            "analytic": json_value(self.analytic),
            "numerical": json_value(self.numerical),
            "relative_error": json_value(self.relative_error),
            "at_kink": self.at_kink.tolist()
            if isinstance(self.at_kink, np.ndarray)
            else bool(self.at_kink),
            "passed": self.passed,
        }


@dataclass(frozen=True, slots=True)
class GradcheckResult:
    """Analytic gradients against central differences (see chainrule.gradcheck).

    worst: the checked element with the largest relative error ({"input", "index", "analytic",
    "numerical", "relative_error"}); kinks: the kink nodes at or crossed by a nudge.
    """

    output: float
    h: float
    threshold: float
    inputs: dict[str, InputCheck]
    max_relative_error: float | None
    worst: dict[str, Any] | None
    passed: bool
    kinks: list[dict[str, Any]]
    forward_passes: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "output": json_number(self.output),
            "h": self.h,
            "threshold": self.threshold,
            "inputs": {k: v.to_dict() for k, v in self.inputs.items()},
            "max_relative_error": None
            if self.max_relative_error is None
            else json_number(self.max_relative_error),
            "worst": None if self.worst is None else _json_dict(self.worst),
            "passed": self.passed,
            "kinks": [_json_dict(k) for k in self.kinks],
            "forward_passes": self.forward_passes,
        }


@dataclass(frozen=True, slots=True)
class ParameterStep:
    w: Value
    grad: Value
    w_new: Value

    def to_dict(self) -> dict[str, Any]:
        return {
            "w": json_value(self.w),
            "grad": json_value(self.grad),
            "w_new": json_value(self.w_new),
        }


@dataclass(frozen=True, slots=True)
class StepResult:
    """One step w <- w - learning_rate * dJ/dw: the loss before and after, each parameter's w,
    grad and w_new, every input's value after the step, and for a network the spec with the
    stepped weights (ready for the next step)."""

    learning_rate: float
    loss_before: float
    loss_after: float
    parameters: dict[str, ParameterStep]
    values: dict[str, Value]
    network: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        document: dict[str, Any] = {
            "learning_rate": self.learning_rate,
            "loss_before": json_number(self.loss_before),
            "loss_after": json_number(self.loss_after),
            "parameters": {k: p.to_dict() for k, p in self.parameters.items()},
            "values": {k: json_value(v) for k, v in self.values.items()},
        }
        if self.network is not None:  # the spec as given, with the stepped weights
            weights = {k: json_value(w) for k, w in self.network.get("weights", {}).items()}
            document["network"] = {**self.network, "weights": weights}
        return document


@dataclass(frozen=True, slots=True)
class Grid:
    """The model's output on a grid over the data (row i is y = y[i]): a decision surface."""

    x: np.ndarray
    y: np.ndarray
    values: np.ndarray
    kind: str  # "probability", "output" or "class"

    def to_dict(self) -> dict[str, Any]:
        return {
            "x": self.x.tolist(),
            "y": self.y.tolist(),
            "values": json_value(self.values),
            "kind": self.kind,
        }


@dataclass(frozen=True, slots=True)
class Snapshot:
    step: int
    loss: float
    accuracy: float | None
    weights: dict[str, np.ndarray]
    grid: Grid | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "step": self.step,
            "loss": json_number(self.loss),
            "accuracy": self.accuracy,
            "weights": {k: json_value(w) for k, w in self.weights.items()},
            "grid": None if self.grid is None else self.grid.to_dict(),
        }


@dataclass(frozen=True, slots=True)
class TrainResult:
    """A training run: loss (and accuracy) after every step, final weights, snapshots."""

    loss: list[float]
    initial_loss: float
    accuracy: list[float] | None
    weights: dict[str, np.ndarray]
    snapshots: list[Snapshot]
    dataset: dict[str, Any]
    steps: int
    batch_size: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "loss": [json_number(x) for x in self.loss],
            "initial_loss": json_number(self.initial_loss),
            "accuracy": self.accuracy,
            "weights": {k: json_value(w) for k, w in self.weights.items()},
            "snapshots": [s.to_dict() for s in self.snapshots],
            "dataset": self.dataset,
            "steps": self.steps,
            "batch_size": self.batch_size,
        }
