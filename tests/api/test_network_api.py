"""POST /api/v1/network: the trace document for a network spec, and a clear 4xx for bad specs."""

from __future__ import annotations

import re

import numpy as np
import pytest
from fastapi.testclient import TestClient

import chainrule
from chainrule import Limits
from chainrule.api.app import create_app
from chainrule.api.schemas import TraceResponse
from chainrule.engine.examples import EXAMPLES
from chainrule.settings import Settings

URL = "/api/v1/network"
LECTURE = next(e for e in EXAMPLES if e["id"] == "two-layer-net-network")["network"]


@pytest.fixture(scope="module")
def small_client():
    settings = Settings(
        limits=Limits(max_nodes=500, max_tensor_elements=10_000, max_work=10_000_000),
        max_body_bytes=1_000_000,
    )
    with TestClient(create_app(settings)) as c:
        yield c


@pytest.mark.parametrize("granularity", ["layer", "neuron"])
def test_lecture_net_traces_at_both_granularities(client, granularity):
    response = client.post(URL, json={**LECTURE, "granularity": granularity})
    assert response.status_code == 200, response.text
    document = response.json()
    TraceResponse.model_validate(document)
    assert list(document["gradients"]) == ["x", "W1", "W2"]
    assert np.shape(document["gradients"]["W1"]) == (4, 3)
    # The hand-derived formulas, with numpy only.
    W1, W2 = (np.array(LECTURE["weights"][k]) for k in ("W1", "W2"))
    x, t = np.array(LECTURE["input"]), np.array(LECTURE["target"])
    z1 = W1 @ x
    h = np.maximum(0, z1)
    o = W2 @ h
    assert document["output"]["value"] == pytest.approx(0.5 * np.sum((t - o) ** 2), rel=1e-12)
    np.testing.assert_allclose(document["gradients"]["W2"], np.outer(o - t, h), rtol=1e-12)
    delta1 = (W2.T @ (o - t)) * (z1 > 0)
    np.testing.assert_allclose(
        document["gradients"]["W1"], np.outer(delta1, x), rtol=1e-12, atol=1e-15
    )
    steps = document["steps"]
    assert steps[0]["phase"] == "forward" and steps[-1]["phase"] == "backward"
    if granularity == "neuron":
        groups = {n.get("group") for n in document["nodes"]}
        assert "hidden 1 · unit 3" in groups and "output · unit 2" in groups


def test_layer_nodes_carry_shapes_and_tensor_contributions(client):
    document = client.post(URL, json=LECTURE).json()
    nodes = {n["label"]: n for n in document["nodes"] if n["label"]}
    assert nodes["W1"]["shape"] == [4, 3] and nodes["h1"]["shape"] == [4]
    assert nodes["E"]["shape"] == []
    tensor = [
        c
        for s in document["steps"]
        if s["phase"] == "backward"
        for c in s["contributions"]
        if c["target"] == nodes["W1"]["id"]
    ]
    assert len(tensor) == 1 and tensor[0]["local"] is None


@pytest.mark.parametrize("granularity", ["neuron", "layer"])
@pytest.mark.parametrize("detail", ["compact", "full"])
def test_python_api_returns_the_same_document(client, granularity, detail):
    spec = {**LECTURE, "granularity": granularity}
    result = chainrule.trace_network(spec)
    assert isinstance(result, chainrule.TraceResult)
    document = client.post(URL, json={**spec, "detail": detail}).json()
    assert result.to_dict(detail) == document
    TraceResponse.model_validate(document)  # and the documented response model holds


def test_batched_input_averages_the_loss(client):
    spec = {**LECTURE, "input": [[0.5, -1.0, 1.0], [1.0, 2.0, -0.5]], "target": [[1, 0], [0, 1]]}
    document = client.post(URL, json=spec).json()
    single = [
        client.post(URL, json={**LECTURE, "input": x, "target": t}).json()["output"]["value"]
        for x, t in zip(spec["input"], spec["target"], strict=True)
    ]
    assert document["output"]["value"] == pytest.approx(np.mean(single), rel=1e-12)


def test_omitted_weights_come_from_the_seed(client):
    spec = {"layers": [2, 3, 1], "activation": "tanh", "input": [1, -1], "target": 0.5, "seed": 3}
    first = client.post(URL, json=spec).json()
    again = client.post(URL, json=spec).json()
    other = client.post(URL, json={**spec, "seed": 4}).json()
    assert first["output"] == again["output"]
    assert first["output"]["value"] != other["output"]["value"]


def message(response) -> str:
    detail = response.json()["detail"]
    return detail["message"] if isinstance(detail, dict) else str(detail)


BAD = [
    ({"layers": []}, 422, "layers is empty"),
    ({"layers": [3, 0, 2]}, 422, r"layers\[1\] is 0"),
    ({"layers": [3, 10000, 2]}, 413, "10,000 units"),
    ({"layers": [3, 2], "activation": "softplus"}, 422, "relu"),
    ({"layers": [3, 2], "loss": "none", "input": [1, 2, 3]}, 422, "single output"),
    ({**LECTURE, "target": [1, 0, 1]}, 422, r"target has shape \(3,\).*\(2,\)"),
    ({**LECTURE, "loss": "cross_entropy", "target": 2}, 422, "out of range"),
    ({**LECTURE, "loss": "cross_entropy", "target": [0, 1]}, 422, "not a list"),
    ({**LECTURE, "weights": {"W1": [[1, 2, 3]]}}, 422, r"weights.W1 has shape \(1, 3\).*\(4, 3\)"),
    ({**LECTURE, "input": [1, 2]}, 422, r"input has shape \(2,\)"),
    ({**LECTURE, "input": [[1, 2, 3]], "granularity": "neuron"}, 422, "one sample"),
    # Strict request model: no coercion, no unknown fields.
    ({"layers": ["3", 2]}, 422, "int"),
    ({"layers": [3, 2], "bias": 1}, 422, "bool"),
    ({"layers": [3, 2], "seed": 1.0}, 422, "int"),
    ({"layers": [3, 2], "learning_rate": 0.1}, 422, "extra"),
    ({"layers": [3, 2], "input": [1, True, 3], "target": [0, 0]}, 422, "boolean"),
]


@pytest.mark.parametrize(("spec", "status", "pattern"), BAD)
def test_bad_specs_are_clear_4xx(client, spec, status, pattern):
    response = client.post(URL, json=spec)
    assert response.status_code == status, response.text
    assert re.search(pattern, message(response)), message(response)


def test_configured_limits_apply(small_client):
    neuron = {"layers": [3, 40, 2], "input": [1, 2, 3], "target": [0, 0], "granularity": "neuron"}
    response = small_client.post(URL, json=neuron)
    assert response.status_code == 413 and "CHAINRULE_MAX_NODES" in message(response)
    layer = {"layers": [200, 100, 2], "input": [0.0] * 200, "target": [0, 0]}
    response = small_client.post(URL, json=layer)
    assert response.status_code == 413 and "CHAINRULE_MAX_TENSOR_ELEMENTS" in message(response)


def test_tensor_program_errors_on_graph_are_422_with_position(client):
    response = client.post(
        "/api/v1/graph", json={"expression": "h = W @ x", "values": {"W": [[1, 2]], "x": [1, 2, 3]}}
    )
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert "(1, 2) and (3,)" in detail["message"] and (detail["line"], detail["column"]) == (1, 7)
    response = client.post(
        "/api/v1/graph", json={"expression": "W @ x", "values": {"W": [[1, 2]], "x": [1, 2]}}
    )
    assert response.status_code == 422 and "sum(" in response.json()["detail"]["message"]


def test_openapi_documents_the_network_route(client):
    spec = client.get("/openapi.json").json()["paths"][URL]["post"]
    assert {"200", "413", "422"} <= set(spec["responses"])
