"""Benchmark: one chainrule.trace_network of layers [784, 256, 10] against hand-written numpy.

The engine's time is the public call including reading `.gradients` (the result builds its
REST document only when asked, so that is timed separately), against numpy in the same run.

Layer granularity, relu hidden layer, softmax cross-entropy, loss averaged over the batch. The
numpy baseline computes the same quantities the trace returns (loss and the gradients of W1,
b1, W2, b2 and x); a second baseline skips ∂E/∂x, as a training loop would. Times are the
median of --repeats runs after one warm-up (the ratio the target is judged on); the best run's
ratio is shown beside it, since on a shared machine other work only ever adds time.
Run: .venv/bin/python bench/network.py   (--parts: where the engine's extra time goes)
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

# One BLAS thread unless told otherwise: on a shared or small machine, threaded BLAS spinning
# against other processes makes timings swing by 10x, for the engine and numpy alike.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np  # noqa: E402

import chainrule  # noqa: E402
from _timing import median_times  # noqa: E402  (a sibling helper module, not a package)
from chainrule.engine.autodiff import backward, forward  # noqa: E402
from chainrule.engine.network import spec as spec_module  # noqa: E402
from chainrule.engine.network.build import build_network, parse_spec  # noqa: E402

LAYERS = [784, 256, 10]


def make_spec(batch: int, seed: int = 0) -> dict:
    """The spec with numpy weights and data (no list conversion inside the timed region)."""
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(batch, LAYERS[0])) if batch > 1 else rng.normal(size=LAYERS[0])
    target = rng.integers(0, LAYERS[-1], size=batch) if batch > 1 else int(rng.integers(10))
    weights = parse_spec({"layers": LAYERS, "seed": seed}).weights
    return {
        "layers": LAYERS,
        "activation": "relu",
        "loss": "cross_entropy",
        "input": x,
        "target": target,
        "weights": weights,
    }


def numpy_forward_backward(spec: dict, input_grad: bool = True):
    """The same net by hand: rows are samples, loss = mean cross-entropy."""
    w = spec["weights"]
    x = np.atleast_2d(spec["input"])
    t = np.atleast_1d(spec["target"])
    n = x.shape[0]
    z1 = x @ w["W1"].T + w["b1"]
    h = np.maximum(z1, 0.0)
    z2 = h @ w["W2"].T + w["b2"]
    shifted = z2 - z2.max(axis=1, keepdims=True)
    logp = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    loss = -logp[np.arange(n), t].mean()
    g2 = np.exp(logp)
    g2[np.arange(n), t] -= 1.0
    g2 /= n
    grads = {"W2": g2.T @ h, "b2": g2.sum(0)}
    g1 = (g2 @ w["W2"]) * (z1 > 0)
    grads["W1"] = g1.T @ x
    grads["b1"] = g1.sum(0)
    if input_grad:
        grads["x"] = g1 @ w["W1"]
    return loss, grads


def run(batch: int, repeats: int, best: dict | None = None) -> dict[str, float]:
    """Median seconds per call for the engine, its phases, and both numpy baselines."""
    spec = make_spec(batch)
    result = chainrule.trace_network(spec)
    loss, grads = numpy_forward_backward(spec)
    assert abs(result.output.value - loss) < 1e-10, "the engine and numpy disagree"
    assert np.allclose(result.gradients["W1"], grads["W1"], rtol=1e-9, atol=1e-12)

    parsed = parse_spec(spec)
    graph, values = build_network(parsed)
    values_fwd = forward(graph, values)
    times = median_times(
        {
            "trace_network": lambda: chainrule.trace_network(spec).gradients,
            "numpy (with dE/dx)": lambda: numpy_forward_backward(spec),
            "numpy (weights only)": lambda: numpy_forward_backward(spec, False),
            "  parse_spec": lambda: parse_spec(spec),
            "  build_network": lambda: build_network(parsed),
            "  forward": lambda: forward(graph, values),
            "  backward": lambda: backward(graph, values_fwd),
        },
        repeats,
        best,
    )
    document = {"  .to_dict() (the REST document)": lambda: result.to_dict()}
    times.update(median_times(document, 3))
    return times


def parts(batch: int, rounds: int = 8, calls: int = 150) -> dict[str, float]:
    """Where the engine's extra time goes: the public call with parts taken away, each as a
    ratio to numpy (with dE/dx). Thread CPU time, every call interleaved with numpy's; the
    median over rounds of each round's median ratio."""
    spec = make_spec(batch)
    parsed = parse_spec(spec)
    real_check = spec_module.require_finite

    def without_finiteness_check():
        spec_module.require_finite = lambda arrays: None
        try:
            return chainrule.trace_network(spec).gradients
        finally:
            spec_module.require_finite = real_check

    def passes_only():  # a spec parsed in advance: build, forward, backward
        graph, values = build_network(parsed)
        return backward(graph, forward(graph, values))

    functions = {
        "numpy (with dE/dx)": lambda: numpy_forward_backward(spec),
        "trace_network, .gradients read": lambda: chainrule.trace_network(spec).gradients,
        "  without the finiteness check": without_finiteness_check,
        "  passes only (spec parsed before)": passes_only,
    }
    for fn in functions.values():
        fn()
    ratios: dict[str, list[float]] = {name: [] for name in functions}
    clock = time.thread_time_ns
    for _ in range(rounds):
        spent: dict[str, list[int]] = {name: [] for name in functions}
        for _ in range(calls):
            for name, fn in functions.items():
                start = clock()
                fn()
                spent[name].append(clock() - start)
        base = statistics.median(spent["numpy (with dE/dx)"])
        for name in functions:
            ratios[name].append(statistics.median(spent[name]) / base)
    return {name: statistics.median(r) for name, r in ratios.items()}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=50)
    parser.add_argument("--batch", type=int, nargs="*", default=[1, 64])
    parser.add_argument(
        "--parts", action="store_true", help="where the extra time goes (about 10 s)"
    )
    args = parser.parse_args(argv)
    if args.parts:
        for batch in args.batch:
            print(f"layers {LAYERS}, batch {batch}: / numpy, parts taken away (thread CPU time)")
            for name, ratio in parts(batch).items():
                print(f"  {name:36s} {ratio:6.3f}")
        return
    for batch in args.batch:
        best: dict[str, float] = {}
        times = run(batch, args.repeats, best)
        engine = times["trace_network"]
        print(f"layers {LAYERS}, batch {batch}, median of {args.repeats}:")
        for name, seconds in times.items():
            ratio = ""
            if not name.startswith("  "):
                fastest = best["trace_network"] / best[name]
                ratio = f"  engine / this = {engine / seconds:5.2f}  (best runs: {fastest:.2f})"
            print(f"  {name:34s} {seconds * 1e3:9.3f} ms{ratio}")


if __name__ == "__main__":
    main()
