"""Training: gradient descent on a network spec over a dataset, with loss curve and snapshots.

The spec's network runs as the engine's own layer graph over the whole batch (model.py), one
forward and one backward pass per step, deterministic for a fixed seed; for 2-D data every
snapshot carries the model's output on a grid (a decision surface).

Training limits (over them, LimitError: HTTP 413): at most MAX_STEPS steps and MAX_SNAPSHOTS
snapshots, and work = sample passes × (parameters + 30 × units + 50) at most MAX_TRAIN_WORK, where
sample passes = steps × (3 × batch size, plus the dataset size when the batch is smaller, for
the per-step loss over all samples) + snapshots × grid points. On a small, busy 2-core machine
a work unit cost 0.15 ns (small nets) to 1 ns (wide layers over big batches), so the limit is a
few seconds at most. Also, samples × the widest layer must fit CHAINRULE_MAX_TENSOR_ELEMENTS.
The response is bounded too: snapshots × (grid points + parameters) at most MAX_SNAPSHOT_NUMBERS
(about 20 MB of JSON; a 100 × 100 grid fits 99 snapshots, and the default is 20-odd). And a run
stops with a LimitError once it passes the request's time budget (the request's Budget,
CHAINRULE_MAX_SECONDS), checked in every pass: the work estimate is only an estimate.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ..budget import Budget, Limits
from ..errors import LimitError, SpecError
from ..gradients.step import check_learning_rate
from ..ops.tensor import shifted_exp
from ..results.gradient_results import Grid, Snapshot, TrainResult
from . import datasets
from .model import Model
from .targets import Task, training_targets

MAX_STEPS = 20_000
MAX_SNAPSHOTS = 200
MAX_TRAIN_WORK = 3_000_000_000
MAX_SNAPSHOT_NUMBERS = 1_000_000  # snapshots × (grid points + parameters) in one response
DEFAULT_SNAPSHOTS = 20  # snapshot_every defaults to steps / 20, rounded up


def train_network(
    network: dict[str, Any],
    dataset: Any = "xor",
    *,
    learning_rate: float,
    steps: int,
    batch_size: int | None = None,
    seed: int = 0,
    snapshot_every: int | None = None,
    grid_size: int = 30,
    limits: Limits | None = None,
    budget: Budget | None = None,
) -> TrainResult:
    """Train a network spec on a dataset by gradient descent (chainrule.train, POST
    /api/v1/train): the one list of training parameters, for the library and the API.

    `loss[k]` and `accuracy[k]` are over the whole dataset after step k + 1; snapshots are taken
    at step 0, every `snapshot_every` steps and at the last step. One budget covers every
    pass: the request's (a server makes it when the request arrives, so that setup counts
    too), else one made now from `limits` (without them nothing is limited).

    >>> spec = {"layers": [2, 4, 1], "activation": "tanh", "output_activation": "tanh"}
    >>> train_network(spec, "xor", learning_rate=0.5, steps=1000).loss[-1] < 0.05
    True
    """
    if budget is None:
        budget = Budget(limits or Limits())
    limits = budget.limits
    check_learning_rate(learning_rate)
    for key in ("input", "target"):  # would be silently unused: the data is `dataset`
        if isinstance(network, dict) and key in network:
            raise SpecError(
                f"the network's {key!r} is not used in training: the samples and targets "
                "come from the dataset; remove it from the network"
            )
    _check_whole("steps", steps, 1)
    if steps > MAX_STEPS:
        raise LimitError(f"steps is {steps:,}; the limit is {MAX_STEPS:,}")
    _check_whole("seed", seed, 0)
    _check_whole("grid_size", grid_size, 2)
    data = datasets.resolve(dataset, seed)
    mlp = Model(network, seed, limits)
    if data.features != mlp.layers[0]:
        raise SpecError(
            f"the network takes {mlp.layers[0]} input(s) (layers[0]) but the dataset's samples "
            f"have {data.features} feature(s)"
        )
    targets, task = training_targets(mlp, data)
    n = data.size
    batch = n if batch_size is None else batch_size
    _check_whole("batch_size", batch, 1)
    if batch > n:
        raise SpecError(f"batch_size {batch} is larger than the dataset ({n} samples)")
    if snapshot_every is not None:
        _check_whole("snapshot_every", snapshot_every, 1)
    every = snapshot_every or max(1, math.ceil(steps / DEFAULT_SNAPSHOTS))
    _check_budget(mlp, steps, batch, n, every, grid_size if data.features == 2 else 0, limits)

    grid = _Grid(data.inputs, grid_size, budget.sizes_only()) if data.features == 2 else None
    return _descend(
        mlp, data, targets, task, grid, learning_rate=learning_rate, steps=steps, batch=batch,
        every=every, seed=seed, budget=budget,
    )  # fmt: skip


# One errstate for the run (overflow is inf and 0/0 is nan): the passes set none per step.
@np.errstate(all="ignore")
def _descend(
    mlp: Model, data: datasets.Dataset, targets: np.ndarray, task: Task, grid: _Grid | None, *,
    learning_rate: float, steps: int, batch: int, every: int, seed: int, budget: Budget,
) -> TrainResult:  # fmt: skip
    """The steps of gradient descent, with the loss, accuracy and snapshots along the way."""
    x = data.inputs
    n = data.size
    rng = np.random.default_rng([seed, 1])  # a stream of its own: data and weights use seed
    order = rng.permutation(n)
    cursor = 0
    # The first pass, over every sample, is checked and charged; later ones are no larger.
    passes = budget.sizes_only()
    weights = mlp.weights
    loss, grads, out = mlp.loss_and_grads(weights, x, targets, passes, checked=True)
    initial_loss = loss
    snapshots = [_snapshot(0, loss, task.accuracy(out), weights, mlp, grid, task)]
    losses: list[float] = []
    accuracy: list[float] = []
    step = 0
    try:
        for step in range(1, steps + 1):
            if batch < n:
                if cursor + batch > n:
                    order, cursor = rng.permutation(n), 0
                rows = order[cursor : cursor + batch]
                cursor += batch
                _, grads, _ = mlp.loss_and_grads(weights, x[rows], targets[rows], passes)
            weights = {k: w - learning_rate * grads[k] for k, w in weights.items()}
            if batch < n:
                loss, out = mlp.losses(weights, x, targets, passes)
            else:  # the next step's gradient comes with this step's loss
                loss, grads, out = mlp.loss_and_grads(weights, x, targets, passes)
            losses.append(loss)
            acc = task.accuracy(out)
            if acc is not None:
                accuracy.append(acc)
            if step % every == 0 or step == steps:
                snapshots.append(_snapshot(step, loss, acc, weights, mlp, grid, task))
    except LimitError as exc:
        if "CHAINRULE_MAX_SECONDS" not in exc.message:
            raise
        raise LimitError(
            f"training took longer than {budget.limits.max_seconds:g} s and was stopped "
            f"after {max(step - 1, 0):,} of {steps:,} steps (CHAINRULE_MAX_SECONDS): use "
            "fewer steps, a smaller batch or dataset, or a smaller network"
        ) from None
    return TrainResult(
        loss=losses,
        initial_loss=initial_loss,
        accuracy=accuracy if task.classes else None,
        weights=weights,
        snapshots=snapshots,
        dataset=data.summary(),
        steps=steps,
        batch_size=batch,
    )


class _Grid:
    """A grid_size × grid_size lattice over the data's bounding box, padded by 10%."""

    def __init__(self, x: np.ndarray, size: int, budget: Budget):
        self.budget = budget  # the request's deadline and value-size limit
        self.checked = False
        lo, hi = x.min(axis=0), x.max(axis=0)
        pad = np.where(hi > lo, 0.1 * (hi - lo), 0.5)
        self.xs = np.linspace(lo[0] - pad[0], hi[0] + pad[0], size)
        self.ys = np.linspace(lo[1] - pad[1], hi[1] + pad[1], size)
        gx, gy = np.meshgrid(self.xs, self.ys)  # row i is y = ys[i]
        self.points = np.stack([gx.ravel(), gy.ravel()], axis=1)

    def surface(self, mlp: Model, weights: dict[str, np.ndarray], kind: str) -> Grid:
        with np.errstate(all="ignore"):
            out = mlp.output(weights, self.points, self.budget, checked=not self.checked)
            self.checked = True  # the first pass checked these shapes
            if kind == "class":
                values = np.argmax(out, axis=1).astype(np.float64)
            elif out.shape[1] == 1:
                values = out[:, 0]
            else:  # two-class softmax: the probability of class 1
                exps = shifted_exp(out)[1]
                values = exps[:, 1] / exps.sum(axis=1)
        size = self.xs.size
        return Grid(self.xs, self.ys, values.reshape(size, size), kind)


def _snapshot(step, loss, acc, weights, mlp, grid, task) -> Snapshot:
    surface = None if grid is None else grid.surface(mlp, weights, task.grid_kind)
    return Snapshot(step, loss, acc, weights, surface)


def _check_budget(mlp: Model, steps, batch, n, every, grid, limits: Limits) -> None:
    widest = n * max(mlp.layers)  # the loss after each step runs over every sample
    if limits.max_tensor_elements is not None and widest > limits.max_tensor_elements:
        raise LimitError(
            f"{n:,} samples through a layer of {max(mlp.layers):,} units make {widest:,} "
            f"activations; the limit is {limits.max_tensor_elements:,} "
            "(CHAINRULE_MAX_TENSOR_ELEMENTS): use fewer samples or narrower layers"
        )
    snapshots = steps // every + 2
    if snapshots > MAX_SNAPSHOTS:
        raise LimitError(
            f"{steps:,} steps with a snapshot every {every:,} make {snapshots:,} snapshots; the "
            f"limit is {MAX_SNAPSHOTS}: raise snapshot_every"
        )
    parameters = mlp.parameter_count()
    # Matrix products cost about one unit per parameter and sample; the elementwise work
    # (activations and their derivatives, memory-bound for big batches) about thirty per unit,
    # and the loss about fifty.
    per_sample = parameters + 30 * sum(mlp.layers) + 50
    passes = steps * (3 * batch + (n if batch < n else 0)) + snapshots * grid**2
    work = passes * per_sample
    if work > MAX_TRAIN_WORK:
        raise LimitError(
            f"this training run needs about {work:,} work units (sample passes × parameters); "
            f"the limit is {MAX_TRAIN_WORK:,}: use fewer steps, a smaller dataset or batch, or "
            "a smaller network"
        )
    numbers = snapshots * (grid**2 + parameters)
    if numbers > MAX_SNAPSHOT_NUMBERS:
        grid_part = f"a {grid}×{grid} grid and " if grid else ""
        raise LimitError(
            f"{snapshots:,} snapshots of {grid_part}{parameters:,} weights make {numbers:,} "
            f"numbers in the response; the limit is {MAX_SNAPSHOT_NUMBERS:,}: raise "
            f"snapshot_every{', lower grid_size' if grid else ''} or use fewer steps"
        )


def _check_whole(name: str, value: Any, least: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < least:
        raise SpecError(f"{name} must be a whole number of at least {least}, got {value!r}")
