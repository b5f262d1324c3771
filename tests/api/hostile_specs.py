"""Hostile and malformed requests for /network, /gradcheck, /step and /train (see hostile_corpus
for what each Case field means). Errors in a spec have no line and column; they must name the
field (loc) or the parameter and shapes (message)."""

from __future__ import annotations

import json

from .hostile_corpus import CANARY, Case, touch

NET = {"layers": [3, 4, 2], "input": [1.0, -2.0, 0.5], "target": [1.0, 0.0]}
XOR = {"network": {"layers": [2, 4, 1]}, "dataset": "xor", "learning_rate": 0.1, "steps": 5}
CHECK = {"expression": "x * y", "values": {"x": 1.5, "y": -2.0}}
STEP = {"expression": "x * x", "values": {"x": 1.0}, "learning_rate": 0.1}
STEP_JSON = json.dumps(STEP)


def net(status, says="", loc=(), **changes) -> tuple:
    return ("/api/v1/network", {**NET, **changes}, status, says, loc)


def train(status, says="", loc=(), **changes) -> tuple:
    return ("/api/v1/train", {**XOR, **changes}, status, says, loc)


def raw_json(path: str, text: str, status: int, says: str, loc=()) -> tuple:
    return (path, text, status, says, loc)


SPEC_CASES = {
    # /network
    "net-huge-layers": net(413, "CHAINRULE_MAX_TENSOR_ELEMENTS", layers=[3, 4096, 4096, 2]),
    "net-layer-over-unit-limit": net(413, "4,096 per layer", layers=[4097, 2]),
    "net-neuron-over-unit-limit": net(
        413, "5,000 units", layers=[3, 5000, 2], granularity="neuron"
    ),
    "net-empty-layers": net(422, "layers is empty", layers=[]),
    "net-zero-units": net(422, "layers[0] is 0", layers=[0, 2]),
    "net-negative-units": net(422, "layers[0] is -3", layers=[-3, 2]),
    "net-float-units": net(422, "integer", ("body", "layers", 0), layers=[3.5, 4, 2]),
    "net-boolean-units": net(422, "integer", ("body", "layers", 0), layers=[True, 4, 2]),
    "net-layers-as-string": net(422, "list", ("body", "layers"), layers="[3, 4, 2]"),
    "net-activation-dunder": net(422, "relu", ("body", "activation"), activation="__import__"),
    "net-activation-count": net(422, "one name per hidden layer", activation=["relu", "tanh"]),
    "net-unknown-granularity": net(422, "layer", ("body", "granularity"), granularity="atom"),
    "net-weight-shape": net(422, "weights.W1 has shape (1, 2)", weights={"W1": [[1, 2]]}),
    "net-weight-dunder-name": net(422, "no parameter '__class__'", weights={"__class__": [[1]]}),
    "net-input-shape": net(422, "input has shape (2,)", input=[1, 2]),
    "net-input-string": net(422, "is a string", ("body", "input"), input=touch(CANARY)),
    "net-target-batch-shape": net(
        422, "target has shape (2, 2)", input=[[1, 2, 3]], target=[[1, 0], [0, 1]]
    ),
    "net-class-out-of-range": net(422, "out of range", loss="cross_entropy", target=7),
    "net-class-not-whole": net(422, "whole numbers", loss="cross_entropy", target=1.5),
    "net-negative-seed": net(422, "greater than or equal to 0", ("body", "seed"), seed=-1),
    "net-bias-string": net(422, "boolean", ("body", "bias"), bias="yes"),
    "net-extra-field": net(422, "extra", ("body", "code"), code="__import__('os')"),
    "net-nan-weight": raw_json(
        "/api/v1/network",
        json.dumps(NET)[:-1] + ', "weights": {"W1": NaN}}',
        422,
        "not finite",
        ("body", "weights", "W1"),
    ),
    "net-huge-seed-is-fine": net(200, seed=10**30),
    "net-max-float-input-is-fine": net(
        200, layers=[2, 1], loss="none", input=[1e308, 1e308], target=None
    ),
    "net-500-neurons": net(200, layers=[3, 500, 2], granularity="neuron"),
    "net-200-layers": net(200, layers=[3] + [4] * 200 + [2]),
    # /gradcheck
    "check-zero-step": (
        "/api/v1/gradcheck",
        {**CHECK, "h": 0},
        422,
        "greater than 0",
        ("body", "h"),
    ),
    "check-negative-step": (
        "/api/v1/gradcheck",
        {**CHECK, "h": -1},
        422,
        "greater than 0",
        ("body", "h"),
    ),
    "check-infinite-step": raw_json(
        "/api/v1/gradcheck", json.dumps(CHECK)[:-1] + ', "h": Infinity}', 422, "", ("body", "h")
    ),
    "check-step-below-float64": ("/api/v1/gradcheck", {**CHECK, "h": 1e-300}, 422, "too small", ()),
    "check-denormal-step": ("/api/v1/gradcheck", {**CHECK, "h": 5e-324}, 422, "too small", ()),
    "check-too-many-elements": (
        "/api/v1/gradcheck",
        {"expression": "sum(x*x)", "values": {"x": [1.0] * 5000}},
        413,
        "2,000 elements",
        (),
    ),
    "check-neuron-net-too-many": (
        "/api/v1/gradcheck",
        {"network": {**NET, "layers": [3, 500, 2], "granularity": "neuron"}},
        413,
        "2,000 elements",
        (),
    ),
    "check-both-sources": (
        "/api/v1/gradcheck",
        {**CHECK, "network": NET},
        422,
        "exactly one",
        ("body",),
    ),
    "check-no-source": ("/api/v1/gradcheck", {}, 422, "exactly one", ("body",)),
    "check-values-with-network": (
        "/api/v1/gradcheck",
        {"network": NET, "values": {"x": 1}},
        422,
        "values",
        ("body",),
    ),
    "check-syntax-error": (
        "/api/v1/gradcheck",
        {"expression": "x +", "values": {}},
        422,
        "value is missing",
        (1, 3),
    ),
    "check-code-execution": (
        "/api/v1/gradcheck",
        {"expression": touch(CANARY), "values": {}},
        422,
        "not part of the expression language",
        (1, 12),
    ),
    "check-unknown-input": (
        "/api/v1/gradcheck",
        {**CHECK, "inputs": ["__class__"]},
        422,
        "not an input",
        (),
    ),
    # /step
    "step-zero-rate": (
        "/api/v1/step",
        {**STEP, "learning_rate": 0},
        422,
        "greater than 0",
        ("body", "learning_rate"),
    ),
    "step-string-rate": (
        "/api/v1/step",
        {**STEP, "learning_rate": "0.1"},
        422,
        "",
        ("body", "learning_rate"),
    ),
    "step-nan-rate": raw_json(
        "/api/v1/step", STEP_JSON.replace("0.1", "NaN"), 422, "", ("body", "learning_rate")
    ),
    "step-infinite-rate": raw_json(
        "/api/v1/step", STEP_JSON.replace("0.1", "Infinity"), 422, "", ("body", "learning_rate")
    ),
    "step-unknown-parameter": (
        "/api/v1/step",
        {**STEP, "parameters": ["y"]},
        422,
        "cannot be a parameter",
        (),
    ),
    "step-cycle": (
        "/api/v1/step",
        {**STEP, "expression": "x = y + 1\ny = x * 2"},
        422,
        "y is used",
        (2, 1),
    ),
    "step-huge-rate-overflows-to-infinity": (
        "/api/v1/step",
        {**STEP, "learning_rate": 1e308},
        200,
        "",
        (),
    ),
    # /train
    "train-billion-steps": train(413, "20,000", steps=10**9),
    "train-billion-samples": train(
        413, "10,000 samples", dataset={"name": "spiral", "size": 10**9}
    ),
    "train-huge-network": train(
        413, "CHAINRULE_MAX_TENSOR_ELEMENTS", network={"layers": [2, 4096, 4096, 1]}
    ),
    "train-too-many-snapshots": train(413, "snapshots", steps=2000, snapshot_every=1),
    "train-too-much-work": train(
        413,
        "work units",
        network={"layers": [2, 64, 64, 1]},
        dataset={"name": "spiral", "size": 10000},
        steps=5000,
    ),
    "train-ragged-samples": train(
        422, "same length", dataset={"inputs": [[1, 2], [3]], "targets": [1, 0]}
    ),
    "train-sample-count-mismatch": train(
        422, "1 input rows but 2 targets", dataset={"inputs": [[1, 2]], "targets": [1, 0]}
    ),
    "train-unknown-dataset": train(422, "xor", ("body", "dataset"), dataset="mnist"),
    "train-negative-rate": train(
        422, "greater than 0", ("body", "learning_rate"), learning_rate=-0.1
    ),
    "train-zero-steps": train(422, "greater than or equal to 1", ("body", "steps"), steps=0),
    "train-zero-batch": train(
        422, "greater than or equal to 1", ("body", "batch_size"), batch_size=0
    ),
    "train-huge-grid": train(
        422, "less than or equal to 100", ("body", "grid_size"), grid_size=1000
    ),
    "train-feature-mismatch": train(422, "3 input(s)", network={"layers": [3, 4, 1]}),
    "train-activation-eval": train(
        422, "unknown activation 'eval'", network={"layers": [2, 4, 1], "activation": "eval"}
    ),
    "train-network-not-object": train(
        422, "dictionary", ("body", "network"), network=touch(CANARY)
    ),
    "train-infinite-noise": raw_json(
        "/api/v1/train",
        json.dumps(XOR).replace('"xor"', '{"name": "xor", "noise": Infinity}'),
        422,
        "noise",
        (),
    ),
    "train-huge-rate-diverges": train(200, learning_rate=1e300),
}


def _case(id: str, spec: tuple) -> Case:
    path, body, status, says, where = spec
    at = where if where and isinstance(where[0], int) else None
    loc = where if where and isinstance(where[0], str) else ()
    return Case(id, body, status, tuple(w for w in says.split("|") if w), at, loc, path=path)


SPECS = [_case(id, spec) for id, spec in SPEC_CASES.items()]
