"""Gradient steps vs hand computations; training vs the engine, xor, determinism and limits."""

from __future__ import annotations

import numpy as np
import pytest

from chainrule import Limits
from chainrule.engine.budget import Budget
from chainrule.engine.errors import EvalError, LimitError, SpecError
from chainrule.engine.gradients import step
from chainrule.engine.network.build import trace_network
from chainrule.engine.training import train
from chainrule.engine.training.model import Model
from chainrule.engine.training.train import MAX_SNAPSHOT_NUMBERS, MAX_STEPS
from tests.conftest import central_difference


# The engine's functions return result objects; these tests read the REST documents.
def gradient_step_program(text, values, parameters, learning_rate):
    return step.gradient_step(
        text, values, parameters=parameters, learning_rate=learning_rate
    ).to_dict()


def gradient_step_network(raw, parameters, learning_rate):
    return step.gradient_step(
        network=raw, parameters=parameters, learning_rate=learning_rate
    ).to_dict()


def train_network(network, dataset, *, limits=None, **kwargs):
    budget = Budget(limits or Limits())
    return train.train_network(network, dataset, budget=budget, **kwargs).to_dict()


def network_model(spec, seed=0):
    model = Model(spec, seed)
    return model, model.weights


DELTA_RULE = "o = w0*x0 + w1*x1\nE = 0.5 * (t - o)^2"
DELTA_VALUES = {"w0": 0.5, "x0": 1, "w1": -0.3, "x1": 2, "t": 1}
XOR_NET = {"layers": [2, 4, 1], "activation": "tanh", "output_activation": "tanh"}


# ---- one gradient step ---------------------------------------------------------------------
def test_one_step_matches_the_hand_computation():
    # o = 0.5·1 - 0.3·2 = -0.1, δ = t - o = 1.1, E = ½δ² = 0.605; ∂E/∂w_i = -δ·x_i.
    result = gradient_step_program(DELTA_RULE, DELTA_VALUES, ["w0", "w1"], 0.1)
    assert result["loss_before"] == pytest.approx(0.605)
    w0, w1 = result["parameters"]["w0"], result["parameters"]["w1"]
    assert (w0["w"], w0["grad"]) == (0.5, pytest.approx(-1.1))
    assert (w1["w"], w1["grad"]) == (-0.3, pytest.approx(-2.2))
    assert w0["w_new"] == pytest.approx(0.5 + 0.1 * 1.1)  # 0.61
    assert w1["w_new"] == pytest.approx(-0.3 + 0.1 * 2.2)  # -0.08
    # After: o = 0.61 - 0.16 = 0.45, E = ½(0.55)² = 0.15125.
    assert result["loss_after"] == pytest.approx(0.15125)
    assert set(result["parameters"]) == {"w0", "w1"}
    assert result["values"]["x0"] == 1.0 and result["values"]["t"] == 1.0  # not parameters
    assert result["values"]["w0"] == pytest.approx(0.61)


def test_stepping_again_continues_from_the_new_values():
    first = gradient_step_program(DELTA_RULE, DELTA_VALUES, ["w0", "w1"], 0.1)
    second = gradient_step_program(DELTA_RULE, first["values"], ["w0", "w1"], 0.1)
    assert second["loss_before"] == first["loss_after"]
    # δ = 1 - 0.45 = 0.55: w0 = 0.61 + 0.1·0.55, w1 = -0.08 + 0.1·0.55·2.
    assert second["parameters"]["w0"]["w_new"] == pytest.approx(0.665)
    assert second["parameters"]["w1"]["w_new"] == pytest.approx(0.03)


def test_tensor_parameters_step_elementwise():
    result = gradient_step_program("sum(w * w)", {"w": [1.0, -2.0]}, None, 0.25)
    assert result["parameters"]["w"]["grad"] == [2.0, -4.0]
    assert result["parameters"]["w"]["w_new"] == [0.5, -1.0]  # w - ¼·2w = w/2
    assert result["loss_after"] == pytest.approx(1.25)


def test_a_network_step_is_the_delta_rule_and_returns_the_next_spec():
    net = {
        "layers": [2, 1],
        "bias": False,
        "loss": "squared_error",
        "weights": {"W1": [[0.5, -0.3]]},
        "input": [1, 2],
        "target": [1],
    }
    result = gradient_step_network(net, None, 0.1)
    assert list(result["parameters"]) == ["W1"]
    np.testing.assert_allclose(result["parameters"]["W1"]["grad"], [[-1.1, -2.2]])
    np.testing.assert_allclose(result["network"]["weights"]["W1"], [[0.61, -0.08]])
    assert result["loss_after"] == pytest.approx(0.15125)
    again = gradient_step_network(result["network"], None, 0.1)
    assert again["loss_before"] == pytest.approx(0.15125)


def test_step_errors():
    with pytest.raises(SpecError, match="q cannot be a parameter"):
        gradient_step_program(DELTA_RULE, DELTA_VALUES, ["q"], 0.1)
    with pytest.raises(SpecError, match="learning_rate"):
        gradient_step_program(DELTA_RULE, DELTA_VALUES, ["w0"], -0.1)
    with pytest.raises(SpecError, match="at least one"):
        gradient_step_program(DELTA_RULE, DELTA_VALUES, [], 0.1)
    with pytest.raises(EvalError, match="no value given for t"):
        gradient_step_program(DELTA_RULE, {"w0": 1, "w1": 1, "x0": 1, "x1": 1}, None, 0.1)
    with pytest.raises(SpecError, match="needs an input"):
        gradient_step_network({"layers": [2, 1]}, None, 0.1)


# ---- the vectorised network against the engine ----------------------------------------------
SPECS = [
    {"layers": [2, 4, 1], "activation": "tanh", "output_activation": "tanh"},
    {"layers": [3, 5, 2], "activation": "relu", "loss": "cross_entropy"},
    {"layers": [2, 3, 3, 3], "activation": ["sigmoid", "tanh"], "loss": "cross_entropy"},
    {"layers": [2, 3, 2], "activation": "linear", "output_activation": "sigmoid", "bias": False},
]


@pytest.mark.parametrize("spec", SPECS, ids=[str(s["layers"]) for s in SPECS])
def test_training_gradients_match_central_differences(spec):
    """The batch graph training runs on: every weight's gradient against central differences
    of its own loss, for each activation and loss."""
    mlp, weights = network_model(spec, seed=5)
    rng = np.random.default_rng(0)
    x = rng.normal(size=(6, mlp.layers[0]))
    weights = {k: w + 0.1 * rng.normal(size=w.shape) for k, w in weights.items()}  # nonzero b
    if mlp.loss == "cross_entropy":
        t = rng.integers(0, mlp.layers[-1], size=6).astype(np.float64)
    else:
        t = rng.normal(size=(6, mlp.layers[-1]))
    budget = Budget()
    _, grads, _ = mlp.loss_and_grads(weights, x, t, budget, checked=True)
    assert set(grads) == set(weights)
    for name in weights:

        def loss_at(w, name=name):
            return mlp.loss_and_grads({**weights, name: w}, x, t, budget)[0]

        numerical = central_difference(loss_at, weights[name])
        np.testing.assert_allclose(grads[name], numerical, atol=1e-8, err_msg=name)


def test_training_loss_is_the_mean_of_the_per_sample_network_losses():
    spec = {"layers": [2, 3, 2], "activation": "tanh"}
    mlp, weights = network_model(spec, seed=1)
    x = np.array([[0.5, -1.0], [1.5, 0.2], [-0.3, 0.7]])
    t = np.array([[1.0, 0.0], [0.0, 1.0], [0.5, 0.5]])
    loss, _, out = mlp.loss_and_grads(weights, x, t, Budget(), checked=True)
    per_sample = [
        float(trace_network({**spec, "input": list(r), "target": list(s), "seed": 1}).output_value)
        for r, s in zip(x, t, strict=True)
    ]
    assert loss == pytest.approx(np.mean(per_sample), rel=1e-12)
    assert out.shape == (3, 2)


# ---- training --------------------------------------------------------------------------------
def test_a_2_4_1_tanh_net_learns_xor_within_1000_full_batch_steps():
    result = train_network(XOR_NET, "xor", learning_rate=0.5, steps=1000, seed=0)
    assert len(result["loss"]) == 1000 and result["batch_size"] == 4
    assert min(result["loss"]) < 0.05
    assert result["loss"][-1] < 0.05
    assert result["accuracy"][-1] == 1.0
    assert result["initial_loss"] > 0.3  # it really started untrained
    # The final weights reproduce the final loss through the engine's own graph.
    data = result["dataset"]
    targets = [[1.0] if label == 1 else [-1.0] for label in data["labels"]]
    spec = {**XOR_NET, "weights": result["weights"], "input": data["inputs"], "target": targets}
    assert float(trace_network(spec).output_value) == pytest.approx(result["loss"][-1], rel=1e-9)


def test_training_is_deterministic_for_a_seed():
    dataset = {"name": "spiral", "size": 60, "noise": 0.1}
    spec = {"layers": [2, 6, 2], "activation": "tanh", "loss": "cross_entropy"}
    runs = [
        train_network(spec, dataset, learning_rate=0.3, steps=50, batch_size=16, seed=s)
        for s in (3, 3, 4)
    ]
    assert runs[0] == runs[1]
    assert runs[0]["loss"] != runs[2]["loss"]


def test_snapshots_and_the_decision_grid():
    result = train_network(XOR_NET, "xor", learning_rate=0.5, steps=25, snapshot_every=10)
    assert [s["step"] for s in result["snapshots"]] == [0, 10, 20, 25]
    last = result["snapshots"][-1]
    assert last["weights"] == result["weights"] and last["loss"] == result["loss"][-1]
    grid = last["grid"]
    assert len(grid["x"]) == len(grid["y"]) == 30 and len(grid["values"]) == 30
    assert grid["x"][0] < 0 < 1 < grid["x"][-1]  # the unit square, padded
    assert grid["kind"] == "output"
    # values[i][j] is the network's output at (x[j], y[i]), as the engine computes it.
    i, j = 7, 21
    point = {**XOR_NET, "weights": last["weights"], "loss": "none"}
    point["input"] = [grid["x"][j], grid["y"][i]]
    assert float(trace_network(point).output_value) == pytest.approx(grid["values"][i][j])


def test_cross_entropy_classifies_gaussians_and_reports_probabilities():
    spec = {"layers": [2, 4, 2], "activation": "tanh", "loss": "cross_entropy"}
    result = train_network(spec, "gaussians", learning_rate=0.5, steps=200, seed=1)
    assert result["accuracy"][-1] > 0.95
    grid = result["snapshots"][-1]["grid"]
    assert grid["kind"] == "probability"
    assert grid["values"][0][0] < 0.1 and grid["values"][-1][-1] > 0.9  # corners: class 0, 1


def test_minibatches_train_and_cover_the_data():
    spec = {"layers": [2, 8, 2], "activation": "relu", "loss": "cross_entropy"}
    data = {"name": "circle", "size": 100}
    result = train_network(spec, data, learning_rate=0.3, steps=600, batch_size=10, seed=2)
    assert result["batch_size"] == 10
    assert result["loss"][-1] < result["initial_loss"] / 2
    assert result["accuracy"][-1] > 0.9


def test_given_samples_regression_fits_a_line():
    xs = [[x] for x in np.linspace(-1, 1, 9).tolist()]
    dataset = {"inputs": xs, "targets": [2 * x[0] + 1 for x in xs]}
    result = train_network({"layers": [1, 1]}, dataset, learning_rate=0.5, steps=300)
    assert result["weights"]["W1"][0][0] == pytest.approx(2.0, abs=1e-6)
    assert result["weights"]["b1"][0] == pytest.approx(1.0, abs=1e-6)
    assert result["accuracy"] is None  # regression
    assert result["snapshots"][0]["grid"] is None  # 1-D inputs: no surface


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"learning_rate": 0.0}, SpecError, "learning_rate"),
        ({"learning_rate": -1.0}, SpecError, "learning_rate"),
        ({"steps": 0}, SpecError, "steps"),
        ({"steps": MAX_STEPS + 1}, LimitError, "20,000"),
        ({"batch_size": 5}, SpecError, "larger than the dataset"),
        ({"snapshot_every": 1, "steps": 1000}, LimitError, "snapshots"),
        ({"network": {**XOR_NET, "layers": [3, 4, 1]}}, SpecError, "takes 3 input"),
        ({"network": {**XOR_NET, "loss": "none"}}, SpecError, "needs a loss"),
        ({"network": {**XOR_NET, "loss": "cross_entropy"}}, SpecError, "at least 2 outputs"),
        ({"network": {**XOR_NET, "activation": "swish"}}, SpecError, "unknown activation"),
        ({"dataset": {"inputs": [[0, 1], [1, 1]], "targets": [1]}}, SpecError, "2 input rows"),
        ({"dataset": {"name": "spiral", "size": 20_000}}, LimitError, "10,000"),
    ],
)
def test_bad_training_requests(kwargs, error, match):
    args = {"network": XOR_NET, "dataset": "xor", "learning_rate": 0.5, "steps": 10, **kwargs}
    with pytest.raises(error, match=match):
        train_network(args.pop("network"), args.pop("dataset"), **args)


def test_the_work_limit_acts_before_training():
    big = {"layers": [2, 512, 512, 1], "activation": "relu"}
    with pytest.raises(LimitError, match="work units"):
        train_network(big, {"name": "spiral", "size": 1000}, learning_rate=0.1, steps=5000)
    wide = {"layers": [2, 2000, 1], "activation": "relu"}
    with pytest.raises(LimitError, match="CHAINRULE_MAX_TENSOR_ELEMENTS"):
        train_network(
            wide,
            {"name": "spiral", "size": 1000},
            learning_rate=0.1,
            steps=1,
            limits=Limits(max_tensor_elements=1_000_000),
        )


def test_given_weights_are_the_starting_point():
    weights = {"W1": [[1.0, -1.0], [0.5, 0.5]], "b1": [0.0, 0.1], "W2": [[1.0, 1.0]], "b2": [0.0]}
    spec = {"layers": [2, 2, 1], "activation": "tanh", "weights": weights}
    result = train_network(spec, "xor", learning_rate=0.1, steps=1)
    assert result["snapshots"][0]["weights"] == weights


def test_divergence_is_reported_with_named_non_finite_numbers():
    spec = {"layers": [2, 8, 1], "activation": "relu"}
    result = train_network(spec, "spiral", learning_rate=1e6, steps=50)
    assert result["loss"][-1] == "NaN"
    assert "NaN" in result["snapshots"][-1]["grid"]["values"][0]


def test_training_stops_at_the_time_budget_after_a_step():
    # 20,000 xor steps with a 100×100 grid take seconds; the budget is 0.05 s.
    with pytest.raises(LimitError, match="CHAINRULE_MAX_SECONDS") as caught:
        train_network(
            XOR_NET,
            "xor",
            learning_rate=0.5,
            steps=20_000,
            grid_size=100,
            limits=Limits(max_seconds=0.05),
        )
    done = int(str(caught.value).split("stopped after ")[1].split(" of ")[0].replace(",", ""))
    assert 1 <= done < 20_000  # stopped inside the step loop, not after the whole run
    assert "of 20,000 steps" in str(caught.value)


def test_a_run_within_the_time_budget_completes():
    limits = Limits(max_seconds=60)
    result = train_network(XOR_NET, "xor", learning_rate=0.5, steps=30, limits=limits)
    assert len(result["loss"]) == 30


def test_the_response_size_is_bounded_before_training():
    # snapshots × (grid points + weights) ≤ MAX_SNAPSHOT_NUMBERS: 99 snapshots of a 100×100
    # grid (17 weights) fit, 100 do not.
    args = {"learning_rate": 0.5, "grid_size": 100, "snapshot_every": 1}
    result = train_network(XOR_NET, "xor", steps=97, **args)
    assert len(result["snapshots"]) == 98
    numbers = sum(len(row) for s in result["snapshots"] for row in s["grid"]["values"])
    assert numbers + 98 * 17 <= MAX_SNAPSHOT_NUMBERS
    with pytest.raises(LimitError, match="100×100 grid") as caught:
        train_network(XOR_NET, "xor", steps=98, **args)
    assert "1,000,000" in str(caught.value) and "snapshot_every" in str(caught.value)
    # Weights count too: three snapshots of half a million weights are over the limit.
    big = {"layers": [2, 700, 700, 1], "activation": "relu"}
    with pytest.raises(LimitError, match="493,501 weights"):
        train_network(big, "xor", learning_rate=0.1, steps=1)
