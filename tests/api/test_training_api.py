"""POST /api/v1/gradcheck, /step and /train through the app, and the matching Python functions."""

from __future__ import annotations

import time
from dataclasses import replace

import numpy as np
import pytest
from fastapi.testclient import TestClient

import chainrule
from chainrule.api.app import create_app
from chainrule.api.schemas import GradcheckResponse, StepResponse, TrainResponse
from chainrule.engine.examples import EXAMPLES
from chainrule.settings import Settings

XOR_NET = {"layers": [2, 4, 1], "activation": "tanh", "output_activation": "tanh"}
XOR_RUN = {"network": XOR_NET, "dataset": "xor", "learning_rate": 0.5, "steps": 1000, "seed": 0}


def detail_message(response) -> str:
    detail = response.json()["detail"]
    if isinstance(detail, dict):
        return detail["message"]
    return " | ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in detail)


# ---- gradcheck ------------------------------------------------------------------------------
@pytest.mark.parametrize("example", EXAMPLES, ids=[e["id"] for e in EXAMPLES])
def test_gradcheck_passes_every_example(client, example):
    body = (
        {"network": example["network"]}
        if example["kind"] == "network"
        else {"expression": example["expression"], "values": example["values"]}
    )
    response = client.post("/api/v1/gradcheck", json=body)
    assert response.status_code == 200, response.text
    document = GradcheckResponse.model_validate(response.json())
    assert document.passed is True


def test_gradcheck_reports_a_relu_kink(client):
    response = client.post(
        "/api/v1/gradcheck", json={"expression": "y * relu(x)", "values": {"x": 0, "y": 2}}
    )
    document = response.json()
    assert document["inputs"]["x"]["at_kink"] is True
    assert document["kinks"][0]["op"] == "relu"
    assert document["kinks"][0]["crossings"][0]["right"] == pytest.approx(2.0)
    assert document["passed"] is True


def test_gradcheck_tensor_results_are_nested_lists_and_non_finite_names(client):
    body = {"expression": "sum(log(w))", "values": {"w": [[1.0, 0.0]]}, "h": 1e-7}
    document = client.post("/api/v1/gradcheck", json=body).json()
    assert document["h"] == 1e-7
    w = document["inputs"]["w"]
    assert w["shape"] == [1, 2]
    assert w["analytic"] == [[1.0, "Infinity"]]
    assert document["passed"] is False


def test_gradcheck_network_and_subset(client):
    net = {**XOR_NET, "input": [0.5, -1.0], "target": [1.0]}
    response = client.post("/api/v1/gradcheck", json={"network": net, "inputs": ["W2"]})
    assert response.status_code == 200, response.text
    assert list(response.json()["inputs"]) == ["W2"]


@pytest.mark.parametrize(
    ("body", "status", "match"),
    [
        ({"values": {"x": 1}}, 422, "exactly one of"),
        ({"expression": "x", "network": XOR_NET}, 422, "exactly one of"),
        ({"expression": "x * 2", "values": {"x": 1}, "h": 0}, 422, "greater than 0"),
        ({"expression": "x * 2", "values": {"x": "1"}}, 422, "must be a number"),
        ({"expression": "x * 2", "values": {"x": True}}, 422, "must be a number"),
        ({"expression": "x *", "values": {"x": 1}}, 422, ""),
        ({"expression": "sum(w*w)", "values": {"w": [1.0] * 2001}}, 413, "forward passes"),
        ({"network": {"layers": [2, 1]}}, 422, "input"),
    ],
)
def test_gradcheck_bad_requests(client, body, status, match):
    response = client.post("/api/v1/gradcheck", json=body)
    assert response.status_code == status, response.text
    assert match in detail_message(response)


# ---- one step -------------------------------------------------------------------------------
def test_step_matches_the_hand_computation(client):
    body = {
        "expression": "o = w0*x0 + w1*x1\nE = 0.5 * (t - o)^2",
        "values": {"w0": 0.5, "x0": 1, "w1": -0.3, "x1": 2, "t": 1},
        "parameters": ["w0", "w1"],
        "learning_rate": 0.1,
    }
    response = client.post("/api/v1/step", json=body)
    assert response.status_code == 200, response.text
    document = StepResponse.model_validate(response.json())
    assert document.loss_before == pytest.approx(0.605)
    assert document.loss_after == pytest.approx(0.15125)
    assert document.parameters["w0"].grad == pytest.approx(-1.1)
    assert document.parameters["w1"].w_new == pytest.approx(-0.08)
    again = client.post("/api/v1/step", json={**body, "values": response.json()["values"]})
    assert again.json()["loss_before"] == pytest.approx(0.15125)


def test_step_on_a_network_returns_the_next_spec(client):
    net = {**XOR_NET, "input": [1.0, 0.0], "target": [1.0], "seed": 3}
    first = client.post("/api/v1/step", json={"network": net, "learning_rate": 0.2}).json()
    assert set(first["parameters"]) == {"W1", "b1", "W2", "b2"}
    assert first["loss_after"] < first["loss_before"]
    second = client.post("/api/v1/step", json={"network": first["network"], "learning_rate": 0.2})
    assert second.json()["loss_before"] == pytest.approx(first["loss_after"])


@pytest.mark.parametrize(
    ("body", "status", "match"),
    [
        ({"expression": "w * 2", "values": {"w": 1}, "learning_rate": -0.1}, 422, "greater than"),
        ({"expression": "w * 2", "values": {"w": 1}, "learning_rate": 0}, 422, "greater than"),
        ({"expression": "w * 2", "values": {"w": 1}, "learning_rate": "1"}, 422, "valid"),
        ({"expression": "w * 2", "values": {"w": 1}}, 422, "learning_rate"),
        (
            {"expression": "w * 2", "values": {"w": 1}, "learning_rate": 1, "parameters": ["v"]},
            422,
            "v cannot be a parameter",
        ),
    ],
)
def test_step_bad_requests(client, body, status, match):
    response = client.post("/api/v1/step", json=body)
    assert response.status_code == status, response.text
    assert match in detail_message(response)


# ---- training -------------------------------------------------------------------------------
def test_train_xor_through_the_api_is_fast_and_learns(client):
    client.post("/api/v1/train", json={**XOR_RUN, "steps": 5})  # warm up imports
    started = time.perf_counter()
    response = client.post("/api/v1/train", json=XOR_RUN)
    elapsed = time.perf_counter() - started
    assert response.status_code == 200, response.text
    document = TrainResponse.model_validate(response.json())
    assert len(document.loss) == 1000 and document.loss[-1] < 0.05
    assert document.accuracy[-1] == 1.0
    assert document.snapshots[0].step == 0 and document.snapshots[-1].step == 1000
    assert len(document.snapshots[-1].grid.values) == 30
    assert elapsed < 2.0  # measured at about 0.05 s; generous for a busy CI machine


def test_train_accepts_every_dataset_form(client):
    forms = [
        {"name": "spiral", "size": 40, "noise": 0.1},
        {"name": "circle"},
        {"inputs": [[0, 0], [0, 1], [1, 0], [1, 1]], "targets": [-1, 1, 1, -1]},
    ]
    for dataset in forms:
        body = {**XOR_RUN, "dataset": dataset, "steps": 20, "grid_size": 5}
        response = client.post("/api/v1/train", json=body)
        assert response.status_code == 200, response.text
        assert len(response.json()["snapshots"][-1]["grid"]["values"]) == 5


def test_train_is_deterministic_through_the_api(client):
    body = {**XOR_RUN, "dataset": {"name": "gaussians", "size": 30}, "steps": 30, "batch_size": 8}
    first = client.post("/api/v1/train", json=body).content
    assert client.post("/api/v1/train", json=body).content == first


@pytest.mark.parametrize(
    ("change", "status", "match"),
    [
        ({"learning_rate": -0.5}, 422, "greater than 0"),
        ({"learning_rate": 0}, 422, "greater than 0"),
        ({"steps": 0}, 422, "greater than or equal to 1"),
        ({"steps": 1.5}, 422, "valid integer"),
        ({"steps": 100_000}, 413, "the limit is 20,000"),
        ({"batch_size": 0}, 422, "greater than or equal to 1"),
        ({"batch_size": 9}, 422, "larger than the dataset"),
        ({"dataset": {"inputs": [[0, 1], [1, 0]], "targets": [1]}}, 422, "2 input rows but 1"),
        ({"dataset": {"inputs": [[0, 1, 2]], "targets": [1]}}, 422, "takes 2 input(s)"),
        ({"dataset": {"name": "spiral", "size": 50_000}}, 413, "10,000"),
        ({"dataset": "moons"}, 422, "dataset"),
        ({"network": {**XOR_NET, "layers": [2, 512, 512, 1]}, "steps": 20_000}, 413, "work"),
        ({"network": {**XOR_NET, "loss": "none"}}, 422, "needs a loss"),
        ({"seed": -1}, 422, "greater than or equal to 0"),
        ({"snapshot_every": 1}, 413, "snapshots"),
    ],
)
def test_train_bad_requests(client, change, status, match):
    response = client.post("/api/v1/train", json={**XOR_RUN, **change})
    assert response.status_code == status, response.text
    assert match in detail_message(response)


def test_train_past_the_time_budget_is_a_413_naming_the_setting():
    # 20,000 xor steps with a 100×100 grid take seconds; this server allows 0.5 s a request.
    settings = Settings.from_env({})
    settings = replace(settings, limits=replace(settings.limits, max_seconds=0.5))
    with TestClient(create_app(settings)) as slow:
        start = time.perf_counter()
        response = slow.post("/api/v1/train", json={**XOR_RUN, "steps": 20_000, "grid_size": 100})
        seconds = time.perf_counter() - start
    assert response.status_code == 413, response.text[:300]
    assert "CHAINRULE_MAX_SECONDS" in detail_message(response)
    assert "of 20,000 steps" in detail_message(response)
    assert seconds < 3.0  # the budget plus overhead, not the whole run


def test_train_response_size_is_bounded(client):
    # 200 snapshots of a 100×100 grid would be 2,000,000 numbers (about 40 MB of JSON).
    change = {"steps": 20_000, "grid_size": 100, "snapshot_every": 101}
    response = client.post("/api/v1/train", json={**XOR_RUN, **change})
    assert response.status_code == 413, response.text[:300]
    message = detail_message(response)
    assert "numbers in the response" in message and "grid_size" in message


# ---- the Python API -------------------------------------------------------------------------
def test_python_functions_return_results_whose_documents_are_the_api_ones(client):
    checked = chainrule.gradcheck("(x + y) * z", {"x": -2, "y": 5, "z": -4})
    assert isinstance(checked, chainrule.GradcheckResult) and checked.passed
    body = {"expression": "(x + y) * z", "values": {"x": -2, "y": 5, "z": -4}}
    assert checked.to_dict() == client.post("/api/v1/gradcheck", json=body).json()
    GradcheckResponse.model_validate(checked.to_dict())
    stepped = chainrule.gradient_step("w * w", {"w": 3}, learning_rate=0.1)
    assert stepped.values == {"w": pytest.approx(2.4)}
    body = {"expression": "w * w", "values": {"w": 3}, "learning_rate": 0.1}
    assert stepped.to_dict() == client.post("/api/v1/step", json=body).json()
    trained = chainrule.train(XOR_NET, "xor", learning_rate=0.5, steps=1000)
    assert isinstance(trained, chainrule.TrainResult) and trained.loss[-1] < 0.05
    assert isinstance(trained.weights["W1"], np.ndarray)
    TrainResponse.model_validate(trained.to_dict())
    with pytest.raises(TypeError, match="exactly one"):
        chainrule.gradcheck()
