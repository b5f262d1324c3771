"""Training data: built-in 2-D classification sets made from a seed, or samples the user gives.

Built-ins (two classes, labels 0 and 1; the same seed, size and noise always give the same
points):
- xor: the four corners of the unit square labelled x1 XOR x2, repeated to `size` points with
  Gaussian jitter of standard deviation `noise` (default size 4 and noise 0: the truth table).
- circle: class 1 inside a disk of radius 0.5, class 0 on a ring from 0.7 to 1.0, jittered.
- spiral: two interleaved spirals (one per class) of 1.75 turns out to radius 1, jittered.
- gaussians: two round blobs centred at (-0.5, -0.5) (class 0) and (0.5, 0.5) (class 1), with
  standard deviation `noise`.
Points alternate between the classes, so every prefix of the set is balanced.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..errors import LimitError, SpecError

MAX_SAMPLES = 10_000
MAX_FEATURES = 100
MAX_NOISE = 5.0
DEFAULTS: dict[str, tuple[int, float]] = {  # name -> (size, noise)
    "xor": (4, 0.0),
    "circle": (200, 0.05),
    "spiral": (200, 0.05),
    "gaussians": (200, 0.3),
}
NAMES = tuple(DEFAULTS)


@dataclass(frozen=True)
class Dataset:
    """Samples as rows. `labels` are class indices for classification sets, else None."""

    name: str
    inputs: np.ndarray  # (n, features)
    targets: np.ndarray  # (n,) or (n, k): as given, or the labels as floats
    labels: np.ndarray | None  # (n,) integer class indices

    @property
    def size(self) -> int:
        return int(self.inputs.shape[0])

    @property
    def features(self) -> int:
        return int(self.inputs.shape[1])

    def summary(self) -> dict[str, Any]:
        """What the API reports about the data: name, size, features, and the points themselves."""
        return {
            "name": self.name,
            "size": self.size,
            "features": self.features,
            "inputs": self.inputs.tolist(),
            "targets": self.targets.tolist(),
            "labels": None if self.labels is None else self.labels.tolist(),
        }


def builtin(
    name: str, size: int | None = None, noise: float | None = None, seed: int = 0
) -> Dataset:
    """One of the built-in 2-D sets, deterministic in (name, size, noise, seed)."""
    if name not in DEFAULTS:
        raise SpecError(f"unknown dataset {name!r}: choose one of {', '.join(NAMES)}")
    default_size, default_noise = DEFAULTS[name]
    size = default_size if size is None else size
    noise = default_noise if noise is None else noise
    if isinstance(size, bool) or not isinstance(size, int) or size < 2:
        raise SpecError(f"dataset size must be a whole number of at least 2, got {size!r}")
    if size > MAX_SAMPLES:
        raise LimitError(f"dataset size {size:,} is over the limit of {MAX_SAMPLES:,} samples")
    if not (isinstance(noise, int | float) and math.isfinite(noise) and 0 <= noise <= MAX_NOISE):
        raise SpecError(f"dataset noise must be a number from 0 to {MAX_NOISE}, got {noise!r}")
    rng = np.random.default_rng(seed)
    labels = np.arange(size) % 2
    points = _GENERATORS[name](rng, labels, float(noise))
    return Dataset(name, points, labels.astype(np.float64), labels)


def from_samples(inputs: Any, targets: Any) -> Dataset:
    """A dataset from given rows of inputs and one target (a number or a list) per row."""
    try:
        x = np.asarray(inputs, dtype=np.float64)
    except (TypeError, ValueError):
        raise SpecError(
            "dataset inputs must be a list of rows of numbers, all rows the same length"
        ) from None
    if x.ndim != 2 or x.shape[0] == 0 or x.shape[1] == 0:
        raise SpecError(
            "dataset inputs must be a non-empty list of non-empty rows, such as [[0, 1], [1, 0]]"
        )
    if x.shape[0] > MAX_SAMPLES:
        raise LimitError(f"the dataset has {x.shape[0]:,} samples; the limit is {MAX_SAMPLES:,}")
    if x.shape[1] > MAX_FEATURES:
        raise LimitError(f"samples have {x.shape[1]} features; the limit is {MAX_FEATURES}")
    try:
        t = np.asarray(targets, dtype=np.float64)
    except (TypeError, ValueError):
        raise SpecError(
            "dataset targets must be one number or one list of numbers per sample, "
            "all lists the same length"
        ) from None
    if t.ndim not in (1, 2) or t.size == 0:
        raise SpecError("dataset targets must be a list of numbers or a list of equal-length lists")
    if t.shape[0] != x.shape[0]:
        raise SpecError(
            f"the dataset has {x.shape[0]} input rows but {t.shape[0]} targets: "
            "give one target per sample"
        )
    if not (np.isfinite(x).all() and np.isfinite(t).all()):
        raise SpecError("dataset inputs and targets must be finite numbers")
    labels = None
    if t.ndim == 1 and np.all(t == np.round(t)) and t.min() >= 0:
        labels = t.astype(np.int64)  # whole numbers from 0: usable as class indices
    return Dataset("samples", x, t, labels)


def resolve(dataset: Any, seed: int = 0) -> Dataset:
    """The dataset a request names: "xor", {"name", "size", "noise"}, or {"inputs", "targets"}."""
    if isinstance(dataset, str):
        return builtin(dataset, seed=seed)
    if isinstance(dataset, dict) and "name" in dataset:
        extra = set(dataset) - {"name", "size", "noise"}
        if extra:
            raise SpecError(f"unknown dataset field(s): {', '.join(sorted(extra))}")
        return builtin(dataset["name"], dataset.get("size"), dataset.get("noise"), seed)
    if isinstance(dataset, dict) and "inputs" in dataset and "targets" in dataset:
        return from_samples(dataset["inputs"], dataset["targets"])
    raise SpecError(
        'dataset must be a name ("xor", "circle", "spiral", "gaussians"), '
        '{"name": ..., "size": ..., "noise": ...} or {"inputs": [[...]], "targets": [...]}'
    )


def _xor(rng: np.random.Generator, labels: np.ndarray, noise: float) -> np.ndarray:
    # Corners in truth-table order, chosen so that position i has label i % 2.
    corners = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 1.0], [1.0, 0.0]])
    points = corners[np.arange(labels.size) % 4]
    return points + noise * rng.standard_normal(points.shape)


def _circle(rng: np.random.Generator, labels: np.ndarray, noise: float) -> np.ndarray:
    n = labels.size
    angle = rng.uniform(0.0, 2.0 * math.pi, n)
    inner = 0.5 * np.sqrt(rng.uniform(0.0, 1.0, n))  # uniform over the disk's area
    outer = rng.uniform(0.7, 1.0, n)
    radius = np.where(labels == 1, inner, outer)
    points = np.stack([radius * np.cos(angle), radius * np.sin(angle)], axis=1)
    return points + noise * rng.standard_normal(points.shape)


def _spiral(rng: np.random.Generator, labels: np.ndarray, noise: float) -> np.ndarray:
    n = labels.size
    t = rng.uniform(0.0, 1.0, n)
    radius = 0.05 + 0.95 * t
    angle = 1.75 * 2.0 * math.pi * t + math.pi * labels
    points = np.stack([radius * np.cos(angle), radius * np.sin(angle)], axis=1)
    return points + noise * rng.standard_normal(points.shape)


def _gaussians(rng: np.random.Generator, labels: np.ndarray, noise: float) -> np.ndarray:
    centres = np.where(labels[:, None] == 1, 0.5, -0.5) * np.ones((1, 2))
    return centres + noise * rng.standard_normal((labels.size, 2))


_GENERATORS = {"xor": _xor, "circle": _circle, "spiral": _spiral, "gaussians": _gaussians}
