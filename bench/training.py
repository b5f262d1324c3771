"""Benchmark: chainrule.train on xor (1,000 full-batch steps) against a hand-written numpy MLP.

The baseline is the retired engine/mlp.py's maths written out here: A_k = act_k(A_{k-1} W_kᵀ +
b_k) over the whole batch, the mean squared error, its backward by hand, the same update, the
loss and accuracy after every step and the same decision-surface snapshots (a 30 × 30 grid every
50 steps). It starts from the engine's initial weights and data (made outside the timed region,
so the baseline is spared the setup the engine's call includes) and must agree with the
engine's loss curve to 1e-12. Times are the median of --repeats runs after a warm-up, the two
taking turns; the best runs' ratio is shown beside it, since on a shared machine other work only
ever adds time.
Run: .venv/bin/python bench/training.py
"""

from __future__ import annotations

import argparse
import json
import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # see bench/network.py
os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np  # noqa: E402

import chainrule  # noqa: E402
from _timing import median_times  # noqa: E402  (a sibling helper module, not a package)
from chainrule.engine.training.datasets import resolve  # noqa: E402
from chainrule.engine.training.model import Model  # noqa: E402

# (name, network, dataset, train arguments); the first is the target.
CASES = [
    (
        "xor [2, 4, 1] tanh, 1,000 steps",
        {"layers": [2, 4, 1], "activation": "tanh", "output_activation": "tanh"},
        "xor",
        {"learning_rate": 0.5, "steps": 1000},
    ),
    (
        "circle [2, 16, 16, 1] relu/sigmoid, 500 steps",
        {"layers": [2, 16, 16, 1], "activation": "relu", "output_activation": "sigmoid"},
        "circle",
        {"learning_rate": 0.5, "steps": 500},
    ),
]
TARGET = 1.2

ACTIVATIONS = {  # name -> (activation, its derivative given the activation's output and input)
    "linear": (lambda z: z, lambda a, z: 1.0),
    "relu": (lambda z: np.maximum(z, 0.0), lambda a, z: (z > 0) * 1.0),
    "sigmoid": (lambda z: 1.0 / (1.0 + np.exp(-z)), lambda a, z: a * (1.0 - a)),
    "tanh": (np.tanh, lambda a, z: 1.0 - a * a),
}


def hand_train(activations, weights, x, t, labels, cut, learning_rate, steps, grid, every):
    """Full-batch gradient descent on the mean squared error, by hand; the loss curve."""
    depth = len(activations)
    n = x.shape[0]

    def forward(w, a):
        cache = [a]
        for k in range(1, depth + 1):
            z = a @ w[f"W{k}"].T + w[f"b{k}"]
            a = ACTIVATIONS[activations[k - 1]][0](z)
            cache += [z, a]
        return cache

    def loss_and_grads(w):
        cache = forward(w, x)
        out = cache[-1]
        loss = float(np.mean(0.5 * np.sum((t - out) ** 2, axis=1)))
        g = (out - t) / n
        grads = {}
        for k in range(depth, 0, -1):
            a_prev, z, a = cache[2 * k - 2], cache[2 * k - 1], cache[2 * k]
            g = g * ACTIVATIONS[activations[k - 1]][1](a, z)
            grads[f"W{k}"] = g.T @ a_prev
            grads[f"b{k}"] = g.sum(axis=0)
            if k > 1:
                g = g @ w[f"W{k}"]
        return loss, grads, out

    losses, accuracy, surfaces = [], [], []
    loss, grads, out = loss_and_grads(weights)
    surfaces.append(forward(weights, grid)[-1])
    for step in range(1, steps + 1):
        weights = {k: v - learning_rate * grads[k] for k, v in weights.items()}
        loss, grads, out = loss_and_grads(weights)
        losses.append(loss)
        accuracy.append(float(np.mean((out[:, 0] > cut) == labels)))
        if step % every == 0 or step == steps:
            surfaces.append(forward(weights, grid)[-1])
    return losses, accuracy, surfaces


def baseline_inputs(network, dataset, kwargs):
    """The engine's initial weights, data, targets and grid, for the hand-written baseline."""
    model = Model(network)
    data = resolve(dataset, 0)
    off = 0.0 if model.activations[-1] in ("sigmoid", "relu") else -1.0
    t = np.where(data.labels == 1, 1.0, off)[:, None]
    cut = (off + 1.0) / 2.0
    result = chainrule.train(network, dataset, **kwargs)
    grid = result.snapshots[0].grid
    gx, gy = np.meshgrid(grid.x, grid.y)
    points = np.stack([gx.ravel(), gy.ravel()], axis=1)
    steps = kwargs["steps"]
    every = result.snapshots[1].step

    def run():
        return hand_train(
            model.activations, model.weights, data.inputs, t, data.labels, cut,
            kwargs["learning_rate"], steps, points, every,
        )  # fmt: skip

    return run, result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=15)
    parser.add_argument("--summary", help="also write the ratio rows to this JSON file")
    args = parser.parse_args(argv)
    rows = []
    print(f"training: median of {args.repeats} interleaved runs after a warm-up")
    for i, (name, network, dataset, kwargs) in enumerate(CASES):
        hand, result = baseline_inputs(network, dataset, kwargs)
        losses, accuracy, _ = hand()
        worst = float(np.max(np.abs(np.array(losses) - np.array(result.loss))))
        assert accuracy == result.accuracy, f"{name}: the accuracy curves differ"
        assert worst <= 1e-12, f"{name}: the engine and the hand-written MLP differ by {worst}"
        engine = lambda n=network, d=dataset, k=kwargs: chainrule.train(n, d, **k)  # noqa: E731
        best: dict[str, float] = {}
        median = median_times({"engine": engine, "numpy": hand}, args.repeats, best)
        ratio = median["engine"] / median["numpy"]
        fastest = best["engine"] / best["numpy"]
        print(
            f"  {name:48s} chainrule.train {median['engine'] * 1e3:8.2f} ms   "
            f"hand numpy {median['numpy'] * 1e3:8.2f} ms   engine / numpy = {ratio:5.2f}  "
            f"(best runs: {fastest:.2f}; loss curves agree to {worst:.0e})"
        )
        if i == 0:
            rows.append(
                {
                    "what": f"training {name}: engine / hand numpy",
                    "ratio": ratio,
                    "target": f"<= {TARGET}",
                    "met": ratio <= TARGET,
                }
            )
    if args.summary:
        with open(args.summary, "w") as f:
            json.dump(rows, f)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
