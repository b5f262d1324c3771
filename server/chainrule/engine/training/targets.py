"""Training targets: a dataset's labels in the form the network's loss needs, and how its
outputs are scored (accuracy) and drawn (the decision surface's quantity)."""

from __future__ import annotations

import numpy as np

from ..errors import SpecError
from ..ops import REGISTRY
from . import datasets
from .model import Model


class Task:
    """How outputs compare with the data: class labels for accuracy, and the grid's quantity."""

    def __init__(self, labels: np.ndarray | None, classes: int, decide, grid_kind: str):
        self.labels = labels
        self.classes = classes
        self.decide = decide  # outputs -> predicted class per row
        self.grid_kind = grid_kind

    def accuracy(self, out: np.ndarray) -> float | None:
        if not self.classes:
            return None
        right = self.decide(out) == self.labels
        return np.count_nonzero(right) / right.size  # the mean, without np.mean's wrapper


def training_targets(mlp: Model, data: datasets.Dataset) -> tuple[np.ndarray, Task]:
    """Targets in the form the loss needs, and how to score the outputs (a Task).

    Built-in sets' labels become class indices for cross_entropy; for squared_error, ±1 for a
    single output (0/1 when the output activation is sigmoid or relu), one-hot rows (with -1
    for "off" likewise) for several outputs. Given targets are used as they are.
    """
    output_activation = mlp.activations[-1]
    n_out = mlp.layers[-1]
    labels = data.labels
    builtin = data.name != "samples"
    if mlp.loss == "cross_entropy":
        if n_out < 2:
            raise SpecError(
                "cross_entropy needs one output per class: make layers end in 2 or more"
            )
        if labels is None or labels.max() >= n_out:
            raise SpecError(
                f"cross_entropy needs targets that are class indices from 0 to {n_out - 1}"
            )
        kind = "probability" if n_out == 2 else "class"
        return labels.astype(np.float64), Task(labels, n_out, _argmax, kind)
    # "Off" is 0 for an output activation that is never negative (the registry says which).
    off = REGISTRY[output_activation].class_off if output_activation in REGISTRY else None
    low = -1.0 if off is None else off
    if n_out == 1:
        t = data.targets
        if builtin:
            t = np.where(labels == 1, 1.0, low)
        if t.ndim == 2:
            if t.shape[1] != 1:
                raise SpecError(f"the network has 1 output but the targets have {t.shape[1]}")
            t = t[:, 0]
        kind = "probability" if output_activation == "sigmoid" else "output"
        values = set(np.unique(t).tolist())
        for lo in (0.0, -1.0):
            if values <= {lo, 1.0}:
                cut = (lo + 1.0) / 2.0
                decide = lambda out, cut=cut: out[:, 0] > cut  # noqa: E731  (True is class 1)
                return t[:, None], Task((t == 1.0).astype(np.int64), 2, decide, kind)
        return t[:, None], Task(None, 0, None, kind)
    if data.targets.ndim == 2 and not builtin:
        if data.targets.shape[1] != n_out:
            raise SpecError(
                f"the network has {n_out} outputs but each target has {data.targets.shape[1]}"
            )
        return data.targets, Task(None, 0, None, "class")
    if labels is None or labels.max() >= n_out:
        raise SpecError(
            f"the network has {n_out} outputs: give each target as a list of {n_out} numbers, "
            f"or as a class index from 0 to {n_out - 1}"
        )
    onehot = np.full((data.size, n_out), low)
    onehot[np.arange(data.size), labels] = 1.0
    return onehot, Task(labels, n_out, _argmax, "class")


def _argmax(out: np.ndarray) -> np.ndarray:
    return np.argmax(out, axis=1)
