"""Network specs -> graphs: hand-derived gradients, neuron = layer granularity, bad specs."""

from __future__ import annotations

import numpy as np
import pytest

from chainrule import Limits, TraceResult
from chainrule.engine.autodiff.run import run_program
from chainrule.engine.budget import Budget
from chainrule.engine.errors import LimitError, SpecError
from chainrule.engine.examples import EXAMPLES
from chainrule.engine.network.build import (
    build_network,
    network_gradients,
    parse_spec,
    trace_network,
)
from chainrule.engine.network.limits import MAX_UNITS_PER_LAYER, neuron_node_count
from chainrule.engine.network.spec import require_finite

RNG = np.random.default_rng(5)
W1 = RNG.normal(size=(4, 3))
B1 = RNG.normal(size=4)
W2 = RNG.normal(size=(2, 4))
B2 = RNG.normal(size=2)
X = np.array([1.0, -2.0, 0.5])
T = np.array([1.0, 0.0])


def lecture_spec(**changes):
    spec = {
        "layers": [3, 4, 2],
        "activation": "relu",
        "loss": "squared_error",
        "input": X.tolist(),
        "target": T.tolist(),
        "weights": {"W1": W1.tolist(), "b1": B1.tolist(), "W2": W2.tolist(), "b2": B2.tolist()},
    }
    spec.update(changes)
    return spec


@pytest.mark.parametrize("granularity", ["layer", "neuron"])
def test_two_layer_relu_net_matches_hand_derived_formulas(granularity):
    trace = trace_network(lecture_spec(granularity=granularity))
    # The lecture's derivation, written out with numpy and nothing from the engine.
    z1 = W1 @ X + B1
    h = np.maximum(0.0, z1)
    o = W2 @ h + B2
    E = 0.5 * np.sum((T - o) ** 2)
    delta2 = o - T  # dE/do = -(t - o)
    delta1 = (W2.T @ delta2) * (z1 > 0)
    assert (z1 > 0).any() and (z1 < 0).any()  # both branches of the relu are exercised
    assert trace.output_value == pytest.approx(E, rel=1e-12)
    grads = network_gradients(trace)
    np.testing.assert_allclose(grads["W2"], np.outer(delta2, h), rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(grads["b2"], delta2, rtol=1e-12)
    np.testing.assert_allclose(grads["W1"], np.outer(delta1, X), rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(grads["b1"], delta1, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(grads["x"], W1.T @ delta1, rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("granularity", ["layer", "neuron"])
def test_delta_rule_single_linear_unit(granularity):
    w, x, t = np.array([0.5, -0.3, 0.8]), np.array([1.0, 2.0, -1.5]), 1.0
    spec = {
        "layers": [3, 1],
        "output_activation": "linear",
        "bias": False,
        "weights": {"W1": [w.tolist()]},
        "input": x.tolist(),
        "target": t,  # a number is accepted for a single output
        "granularity": granularity,
    }
    trace = trace_network(spec)
    o = w @ x
    assert trace.output_value == pytest.approx(0.5 * (t - o) ** 2, rel=1e-12)
    np.testing.assert_allclose(network_gradients(trace)["W1"], [-(t - o) * x], rtol=1e-12)


ACTIVATION_CASES = [
    ("relu", "linear", "squared_error", True),
    ("sigmoid", "sigmoid", "squared_error", True),
    ("tanh", "linear", "cross_entropy", True),
    ("linear", "tanh", "squared_error", False),
    (["tanh", "relu"], "linear", "cross_entropy", False),
    ("sigmoid", "linear", "none", True),
]


@pytest.mark.parametrize(("activation", "output_activation", "loss", "bias"), ACTIVATION_CASES)
def test_neuron_and_layer_granularity_agree(activation, output_activation, loss, bias):
    hidden = [4, 3] if isinstance(activation, list) else [4]
    layers = [3, *hidden, 1 if loss == "none" else 3]
    target = None if loss == "none" else (2 if loss == "cross_entropy" else [0.5, -1.0, 2.0])
    spec = {
        "layers": layers,
        "activation": activation,
        "output_activation": output_activation,
        "loss": loss,
        "bias": bias,
        "seed": 4,
        "input": [0.3, -1.2, 2.0],
        **({} if target is None else {"target": target}),
    }
    layer = trace_network({**spec, "granularity": "layer"})
    neuron = trace_network({**spec, "granularity": "neuron"})
    assert neuron.output_value == pytest.approx(layer.output_value, rel=1e-12, abs=1e-14)
    g_layer, g_neuron = network_gradients(layer), network_gradients(neuron)
    assert list(g_layer) == list(g_neuron)
    for name in g_layer:
        np.testing.assert_allclose(g_neuron[name], g_layer[name], rtol=1e-10, atol=1e-14)
    spec_obj = parse_spec({**spec, "granularity": "neuron"})
    count = neuron_node_count(spec_obj.layers, spec_obj.activations, loss, bias)
    assert len(neuron.graph) == count


def test_cross_entropy_gradient_is_softmax_minus_one_hot():
    spec = lecture_spec(loss="cross_entropy", target=1, activation="tanh")
    grads = network_gradients(trace_network(spec))
    h = np.tanh(W1 @ X + B1)
    o = W2 @ h + B2
    p = np.exp(o - o.max()) / np.exp(o - o.max()).sum()
    np.testing.assert_allclose(grads["b2"], p - [0.0, 1.0], rtol=1e-12)
    np.testing.assert_allclose(grads["W2"], np.outer(p - [0.0, 1.0], h), rtol=1e-12)


def test_batch_loss_is_the_mean_over_samples_with_summed_gradients():
    batch = RNG.normal(size=(6, 3))
    targets = RNG.normal(size=(6, 2))
    trace = trace_network(lecture_spec(input=batch.tolist(), target=targets.tolist()))
    z1 = batch @ W1.T + B1
    h = np.maximum(0.0, z1)
    o = h @ W2.T + B2
    n = len(batch)
    assert trace.output_value == pytest.approx(np.mean(0.5 * np.sum((targets - o) ** 2, 1)))
    delta2 = (o - targets) / n
    delta1 = (delta2 @ W2) * (z1 > 0)
    grads = network_gradients(trace)
    np.testing.assert_allclose(grads["W2"], delta2.T @ h, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(grads["b2"], delta2.sum(0), rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(grads["W1"], delta1.T @ batch, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(grads["b1"], delta1.sum(0), rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(grads["x"], delta1 @ W1, rtol=1e-12, atol=1e-15)
    labels = [trace.graph.labels[i] for i in range(len(trace.graph))]
    assert labels[-2:] == ["E_p", "E"]


def test_batch_of_class_indices():
    batch = RNG.normal(size=(4, 3))
    trace = trace_network(
        lecture_spec(loss="cross_entropy", input=batch.tolist(), target=[0, 1, 1, 0])
    )
    o = np.maximum(0.0, batch @ W1.T + B1) @ W2.T + B2
    logp = o - o.max(1, keepdims=True)
    logp = logp - np.log(np.exp(logp).sum(1, keepdims=True))
    assert trace.output_value == pytest.approx(-np.mean(logp[np.arange(4), [0, 1, 1, 0]]))


def test_layer_graph_labels_and_shapes():
    trace = trace_network(lecture_spec())
    graph = trace.graph
    shapes = {graph.labels[i]: np.shape(v) for i, v in enumerate(trace.values) if graph.labels[i]}
    assert shapes == {
        "x": (3,),
        "W1": (4, 3),
        "b1": (4,),
        "z1": (4,),
        "h1": (4,),
        "W2": (2, 4),
        "b2": (2,),
        "o": (2,),
        "t": (2,),
        "E": (),
    }
    assert [graph.ops[i].name for i in range(len(graph)) if graph.ops[i]] == [
        "matmul",
        "add",
        "relu",
        "matmul",
        "add",
        "squared_error",
    ]


def test_neuron_graph_groups_and_names():
    graph, values = build_network(parse_spec(lecture_spec(granularity="neuron")))
    groups = graph.groups
    assert values["W1[3,2]"] == W1[2, 1] and values["x[3]"] == X[2]
    unit = [i for i, g in groups.items() if g == "hidden 1 · unit 3"]
    assert sorted(graph.labels[i] for i in unit if graph.labels[i]) == sorted(
        ["W1[3,1]", "W1[3,2]", "W1[3,3]", "b1[3]", "z1[3]", "h1[3]"]
    )
    assert {g for g in groups.values()} == {
        *(f"hidden 1 · unit {j}" for j in range(1, 5)),
        "output · unit 1",
        "output · unit 2",
        "loss",
    }
    assert all(i in groups for i, kind in enumerate(graph.kinds) if kind == "op")
    assert graph.labels[graph.output] == "E"


def test_document_gradients_are_keyed_by_parameter_at_both_granularities():
    for granularity in ("layer", "neuron"):
        trace = trace_network(lecture_spec(granularity=granularity))
        document = TraceResult(trace, network_gradients(trace)).to_dict()
        assert set(document["gradients"]) == {"x", "W1", "b1", "W2", "b2"}
        assert np.shape(document["gradients"]["W1"]) == (4, 3)


def test_omitted_weights_follow_the_documented_initialisation():
    spec = parse_spec({"layers": [3, 4, 2], "activation": ["relu"], "seed": 9})
    rng = np.random.default_rng(9)
    expected_w1 = rng.standard_normal((4, 3)) * np.sqrt(2 / 3)  # He: relu layer
    expected_w2 = rng.standard_normal((2, 4)) * np.sqrt(1 / 4)  # LeCun: linear output
    np.testing.assert_array_equal(spec.weights["W1"], expected_w1)
    np.testing.assert_array_equal(spec.weights["W2"], expected_w2)
    np.testing.assert_array_equal(spec.weights["b1"], np.zeros(4))
    # Giving W1 does not change the W2 the seed draws.
    partial = parse_spec({"layers": [3, 4, 2], "seed": 9, "weights": {"W1": W1.tolist()}})
    np.testing.assert_array_equal(partial.weights["W2"], expected_w2)
    np.testing.assert_array_equal(partial.weights["W1"], W1)


def test_network_equals_the_same_net_typed_as_an_expression():
    example = next(e for e in EXAMPLES if e["id"] == "two-layer-net-network")["network"]
    program = "h = max(0, W1 @ x)\no = W2 @ h\nE = 0.5 * sum((t - o)^2)"
    values = {**example["weights"], "x": example["input"], "t": example["target"]}
    expression = run_program(program, values)
    for granularity in ("layer", "neuron"):
        trace = trace_network({**example, "granularity": granularity})
        assert trace.output_value == pytest.approx(expression.output_value, rel=1e-12)
        grads = network_gradients(trace)
        for name in ("W1", "W2", "x"):
            np.testing.assert_allclose(grads[name], expression.input_gradients()[name], rtol=1e-12)


def test_every_network_example_traces():
    for example in (e for e in EXAMPLES if e["kind"] == "network"):
        for granularity in ("layer", "neuron"):
            trace = trace_network({**example["network"], "granularity": granularity})
            assert np.isfinite(trace.output_value)


BAD_SPECS = [
    ({"layers": []}, SpecError, "layers is empty"),
    ({"layers": [3]}, SpecError, "layers is a single size"),
    ({"layers": [3, 0, 2]}, SpecError, r"layers\[1\] is 0"),
    ({"layers": [3, 2.5]}, SpecError, r"layers\[1\] must be a whole number"),
    ({"layers": [3, 10_000, 2]}, LimitError, "10,000 units; the limit is 4,096"),
    ({"layers": [3, 2], "activation": "softplus"}, SpecError, "unknown activation 'softplus'"),
    ({"layers": [3, 4, 2], "activation": ["relu", "tanh"]}, SpecError, r"2 name\(s\).*1 hidden"),
    ({"layers": [3, 2], "loss": "hinge"}, SpecError, "unknown loss 'hinge'"),
    ({"layers": [3, 2], "loss": "none"}, SpecError, "needs a single output"),
    ({"layers": [3, 1], "loss": "none", "input": [1, 2, 3], "target": [1]}, SpecError, "no target"),
    ({"layers": [3, 1], "loss": "cross_entropy"}, SpecError, "at least 2 outputs"),
    ({"layers": [3, 2], "input": [1, 2]}, SpecError, r"input has shape \(2,\).*needs shape \(3,\)"),
    ({"layers": [3, 2], "input": [1, 2, 3]}, SpecError, "target is required"),
    (
        {"layers": [3, 2], "input": [1, 2, 3], "target": [1, 2, 3]},
        SpecError,
        r"target has shape \(3,\).*needs shape \(2,\)",
    ),
    (
        {"layers": [3, 2], "loss": "cross_entropy", "input": [1, 2, 3], "target": 2},
        SpecError,
        "target 2 is out of range.*0 to 1",
    ),
    (
        {"layers": [3, 2], "loss": "cross_entropy", "input": [1, 2, 3], "target": 1.0},
        SpecError,
        "not a class index",
    ),
    (
        {"layers": [3, 2], "weights": {"W1": [[1, 2], [3, 4]]}},
        SpecError,
        r"weights.W1 has shape \(2, 2\).*need shape \(2, 3\)",
    ),
    ({"layers": [3, 2], "weights": {"b1": [1, 2, 3]}}, SpecError, r"b1 has shape \(3,\)"),
    ({"layers": [3, 2], "weights": {"W2": [[1]]}}, SpecError, "no parameter 'W2'"),
    ({"layers": [3, 2], "bias": False, "weights": {"b1": [1, 2]}}, SpecError, "bias is false"),
    ({"layers": [3, 2], "weights": {"W1": [[1, 2, 3], [4, 5]]}}, SpecError, "not rectangular"),
    ({"layers": [3, 2], "input": [1, "2", 3], "target": [0, 0]}, SpecError, "numbers"),
    ({"layers": [3, 2], "seed": -1}, SpecError, "seed"),
    ({"layers": [3, 2], "granularity": "atom"}, SpecError, "unknown granularity"),
    ({"layers": [3, 2], "lr": 0.1}, SpecError, "unknown spec field 'lr'"),
    ({"layers": [3, 2], "lr": 0.1, 7: 1}, SpecError, "unknown spec field 7;"),  # (not sortable)
    *[
        (
            {
                "layers": [3, 4],
                "loss": "cross_entropy",
                "input": np.zeros((3, 3)),
                "target": np.array([0, bad, 3], dtype=dtype),
            },
            SpecError,
            f"target {bad} is out of range: the output has 4 classes",
        )
        for dtype in (np.int8, np.int32, np.int64, np.uint16)
        for bad in (-1, 4, 100)
        if not (bad < 0 and dtype == np.uint16)
    ],
    (
        {"layers": [2, 2], "granularity": "neuron", "input": [[1, 2]], "target": [1, 1]},
        SpecError,
        "neuron granularity draws one sample",
    ),
]


@pytest.mark.parametrize(("spec", "error", "message"), BAD_SPECS)
def test_bad_specs_are_clear_errors(spec, error, message):
    with pytest.raises(error, match=message):
        trace_network(spec)


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
@pytest.mark.parametrize("where", ["weights.W1", "weights.b1", "input"])
def test_a_non_finite_number_anywhere_in_a_spec_is_refused(bad, where):
    """A large weight matrix is checked by one dot product; one nan or inf anywhere in it is
    still found, as in a small bias or a batch."""
    rng = np.random.default_rng(1)
    w1, b1, x = rng.normal(size=(80, 70)), rng.normal(size=80), rng.normal(size=(90, 70))
    arrays = {"weights.W1": w1, "weights.b1": b1, "input": x}
    target = arrays[where]
    target.flat[target.size // 3] = bad
    spec = {"layers": [70, 80, 2], "input": x, "target": np.zeros((90, 2)),
            "weights": {"W1": w1, "b1": b1}}  # fmt: skip
    with pytest.raises(SpecError, match=rf"^{where} contains a non-finite number"):
        parse_spec(spec)
    with pytest.raises(SpecError, match="non-finite"):  # and as nested lists, from JSON
        parse_spec({**spec, "weights": {"W1": w1.tolist(), "b1": b1.tolist()}, "input": x.tolist()})


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
@pytest.mark.parametrize("size", [1, 2, 5, 6, 4097])
def test_require_finite_finds_a_non_finite_number_at_every_position(bad, size):
    """The dot product pairs the first half with the second (and squares an odd last element):
    a non-finite number is found wherever it is, including facing a zero (inf·0 is nan) and
    next to an opposite infinity (inf - inf is nan)."""
    rng = np.random.default_rng(size)
    half = size // 2
    positions = range(size) if size < 10 else (0, 1, half - 1, half, size - 2, size - 1)
    for at in positions:
        facing = at + half if at < half else at - half if at < 2 * half else None
        for partner in (0.0, -bad, 1.0):
            array = rng.normal(size=size)
            if facing is not None:
                array[facing] = partner
            array[at] = bad
            with pytest.raises(SpecError, match="^w contains a non-finite number"):
                require_finite([("ok", np.ones(3)), ("w", array)])
            with pytest.raises(SpecError):  # a transposed (not C-ordered) view is checked too
                require_finite([("w", np.stack([array, array]).T)])


def test_finite_weights_whose_squares_overflow_are_accepted():
    w1 = np.full((80, 70), 1e200)  # the sum of squares is inf; every element is finite
    spec = parse_spec({"layers": [70, 80, 2], "weights": {"W1": w1}})
    assert spec.weights["W1"][0, 0] == 1e200


def test_limits_act_before_building():
    neuron = {"layers": [50, 50, 2], "granularity": "neuron", "input": [0.0] * 50, "target": [0, 0]}
    with pytest.raises(LimitError, match="neuron granularity make 7,957 nodes.*1,000"):
        trace_network(neuron, Budget(Limits(max_nodes=1000)))
    layer = {"layers": [2000, 600, 2]}
    with pytest.raises(LimitError, match="1,207,006 parameters and activations; the limit is 1,0"):
        parse_spec(layer, Limits(max_tensor_elements=1_000_000))
    assert MAX_UNITS_PER_LAYER == 4096
    deep = {"layers": [2] * 20_000, "input": [0.0, 0.0], "target": [0.0, 0.0]}
    with pytest.raises(LimitError, match="20,000 layers make up to 119,998 nodes"):
        parse_spec(deep, Limits(max_nodes=50_000))


def test_time_budget_covers_forward_and_backward():
    spec = {"layers": [64, 64, 2], "input": [0.1] * 64, "target": [0.0, 1.0]}
    with pytest.raises(LimitError, match="CHAINRULE_MAX_SECONDS"):
        trace_network(spec, Budget(Limits(max_seconds=1e-9)))


def test_a_reused_layer_graph_keeps_each_calls_own_target():
    """The layer graph is made once per network shape; each trace has its own target."""
    rng = np.random.default_rng(3)
    x = rng.normal(size=(5, 3))
    spec = {"layers": [3, 4, 2], "loss": "cross_entropy", "input": x, "seed": 2}
    first = trace_network({**spec, "target": [0, 0, 0, 0, 0]})
    second = trace_network({**spec, "target": [1, 1, 1, 1, 1]})
    assert first.graph.constants is not second.graph.constants
    w = parse_spec({**spec, "target": [0] * 5}).weights  # drawn from the seed
    z = np.maximum(x @ w["W1"].T + w["b1"], 0) @ w["W2"].T + w["b2"]
    logp = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
    for trace, k in ((first, 0), (second, 1)):  # by hand, after both traces ran
        assert float(trace.output_value) == pytest.approx(-logp[:, k].mean(), rel=1e-12)


def test_a_graph_with_other_constants_shares_every_other_field():
    import dataclasses

    from chainrule.engine.graph import Graph

    graph = Graph(text="x", checked={})
    graph.output = graph.add_input("x")
    graph.groups[0] = "inputs"
    other = graph.with_constants({})
    for field in dataclasses.fields(graph):
        if field.name != "constants":  # a field added to Graph must be carried over too
            assert getattr(other, field.name) is getattr(graph, field.name), field.name
