"""POST /api/v1/graph and the metadata routes: contract, errors, non-finite numbers, limits."""

from __future__ import annotations

import math

import pytest
from fastapi.testclient import TestClient

from chainrule import trace
from chainrule.api.app import create_app
from chainrule.settings import Settings

CIRCUIT = {"expression": "(x+y)*z", "values": {"x": -2, "y": 5, "z": -4}}


def post(client, body):
    return client.post("/api/v1/graph", json=body)


def test_circuit_document(client):
    r = post(client, CIRCUIT)
    assert r.status_code == 200
    doc = r.json()
    assert doc["output"]["value"] == -12
    assert doc["gradients"] == {"x": -4, "y": -4, "z": 3}
    assert [n["id"] for n in doc["nodes"]] == ["n0", "n1", "n2", "n3", "n4"]
    assert {n["label"]: n["kind"] for n in doc["nodes"] if n["kind"] == "input"} == {
        "x": "input",
        "y": "input",
        "z": "input",
    }
    assert all(n["shape"] == [] for n in doc["nodes"])
    assert {(e["source"], e["target"], e["index"]) for e in doc["edges"]} == {
        ("n0", "n2", 0),
        ("n1", "n2", 1),
        ("n2", "n4", 0),
        ("n3", "n4", 1),
    }
    backward = [s for s in doc["steps"] if s["phase"] == "backward"]
    assert backward[0]["node"] == doc["output"]["node"] and backward[0]["grad"] == 1
    for step in backward:
        for c in step["contributions"]:
            assert c["grad"] == pytest.approx(step["grad"] * c["local"])


def test_rest_and_python_api_return_the_same_document(client):
    doc = post(client, CIRCUIT).json()
    assert trace(CIRCUIT["expression"], CIRCUIT["values"]).to_dict() == doc


def test_branch_accumulates_in_order(client):
    doc = post(client, {"expression": "x*y + x", "values": {"x": 3, "y": -4}}).json()
    x = next(n["id"] for n in doc["nodes"] if n["label"] == "x")
    arrivals = [
        (c["grad"], c["accumulated"])
        for s in doc["steps"]
        if s["phase"] == "backward"
        for c in s["contributions"]
        if c["target"] == x
    ]
    assert arrivals == [(1, 1), (-4, -3)]


@pytest.mark.parametrize(
    ("expression", "output", "gradient"),
    [
        ("exp(x)", "Infinity", "Infinity"),
        ("log(x - 1000)", "-Infinity", "Infinity"),
        ("0 * log(x - 1000)", "NaN", "NaN"),
        ("9**9**9 * x", "Infinity", "Infinity"),
    ],
)
def test_non_finite_numbers_are_named_strings(client, expression, output, gradient):
    r = post(client, {"expression": expression, "values": {"x": 1000}})
    assert r.status_code == 200
    assert r.json()["output"]["value"] == output
    assert r.json()["gradients"]["x"] == gradient
    assert math.isnan(float("nan")) and "NaN" not in r.text.replace('"NaN"', "")


def test_program_error_has_message_line_and_column(client):
    r = post(client, {"expression": "q = x + y\nf = q * * z", "values": {}})
    assert r.status_code == 422
    assert r.json() == {
        "detail": {"message": "expected a value before '*'", "line": 2, "column": 9}
    }


def test_missing_value_names_the_variable(client):
    r = post(client, {"expression": "x * y", "values": {"x": 1}})
    assert r.status_code == 422
    assert "y" in r.json()["detail"]["message"]


@pytest.mark.parametrize(
    "values",
    [{"x": "1"}, {"x": True}, {"x": None}, {"x": {"a": 1}}, {"x": [1, "2"]}, {"x": [True]}],
)
def test_request_values_are_strict(client, values):
    r = post(client, {"expression": "x", "values": values})
    assert r.status_code == 422
    assert isinstance(r.json()["detail"], list)
    assert "input" not in r.text  # the validation error does not echo the raw input back


@pytest.mark.parametrize(
    "body",
    [
        {"values": {}},
        {"expression": 3},
        {"expression": None},
        {"expression": "x", "extra": 1},
        [],
        "x",
    ],
)
def test_malformed_bodies_are_422(client, body):
    assert post(client, body).status_code == 422


def test_non_json_body(client):
    r = client.post(
        "/api/v1/graph", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert r.status_code in (400, 422)


def test_tensor_values_and_gradients(client):
    r = post(client, {"expression": "sum(W @ x)", "values": {"W": [[1, 2], [3, 4]], "x": [1, -1]}})
    assert r.status_code == 200
    doc = r.json()
    assert doc["output"]["value"] == (1 - 2) + (3 - 4)
    assert doc["gradients"]["W"] == [[1, -1], [1, -1]]
    assert doc["gradients"]["x"] == [4, 6]
    matmul = next(n for n in doc["nodes"] if n["op"] == "matmul")
    assert matmul["shape"] == [2]
    contribution = next(
        s for s in doc["steps"] if s["phase"] == "backward" and s["node"] == matmul["id"]
    )["contributions"][0]
    assert contribution["local"] is None


def limited_client(**env):
    settings = Settings.from_env({k.upper(): str(v) for k, v in env.items()})
    return TestClient(create_app(settings))


@pytest.mark.parametrize(
    ("env", "body", "words"),
    [
        (
            {"chainrule_max_program_chars": 10},
            {"expression": "x + y + z + w"},
            "CHAINRULE_MAX_PROGRAM_CHARS",
        ),
        ({"chainrule_max_nodes": 5}, {"expression": "a+b+c+d+e+f"}, "CHAINRULE_MAX_NODES"),
        (
            {"chainrule_max_tensor_elements": 4},
            {"expression": "sum(x)", "values": {"x": [1, 2, 3, 4, 5]}},
            "CHAINRULE_MAX_TENSOR_ELEMENTS",
        ),
        (
            {"chainrule_max_body_bytes": 100},
            {"expression": "x" + " " * 200},
            "CHAINRULE_MAX_BODY_BYTES",
        ),
    ],
)
def test_limits_are_413_naming_the_limit(env, body, words):
    with limited_client(**env) as c:
        r = post(c, body)
    assert r.status_code == 413
    assert words in r.json()["detail"]["message"]


def test_huge_broadcast_is_refused_before_allocating(client):
    r = post(
        client, {"expression": "sum(a + b)", "values": {"a": [[1.0]] * 20000, "b": [[1.0] * 20000]}}
    )
    assert r.status_code == 413


def test_ops_route_lists_the_registry(client):
    ops = {op["name"]: op for op in client.get("/api/v1/ops").json()}
    assert {"add", "mul", "sigmoid", "max", "matmul", "sum"} <= set(ops)
    assert ops["mul"]["symbol"] == "×" and "swaps" in ops["mul"]["pattern"]
    assert ops["add"]["latex"][0].startswith(r"\frac")
    assert ops["pow"]["spellings"] == ["**", "^", "pow"]


def test_examples_are_the_lectures_and_all_trace(client):
    examples = client.get("/api/v1/examples").json()
    ids = {e["id"] for e in examples}
    assert {"circuit", "neuron", "neuron-sigmoid", "max-gate", "branch", "delta-rule"} <= ids
    for example in examples:
        if example["kind"] == "expression":
            r = post(client, {"expression": example["expression"], "values": example["values"]})
            assert r.status_code == 200, example["id"]


def test_health_and_docs(client):
    assert client.get("/api/v1/health").json()["status"] == "ok"
    assert client.get("/docs").status_code == 200
    spec = client.get("/openapi.json").json()
    graph = spec["paths"]["/api/v1/graph"]["post"]
    assert {"200", "413", "422"} <= set(graph["responses"])


def test_tensor_edges_are_summaries_unless_full_detail_is_asked(client):
    body = {"expression": "sum(W @ x)", "values": {"W": [[1, 2], [3, 4]], "x": [1, -1]}}
    compact = client.post("/api/v1/graph", json=body).json()
    full = client.post("/api/v1/graph", json={**body, "detail": "full"}).json()
    assert compact["nodes"] == full["nodes"] and compact["gradients"] == full["gradients"]
    w_edge = next(e for e in full["edges"] if e["source"] == "n0")
    assert w_edge["grad"] == [[1.0, -1.0], [1.0, -1.0]]  # d sum(W x) / dW = 1 xᵀ
    summary = next(e for e in compact["edges"] if e["source"] == "n0")["grad"]
    assert summary == {"shape": [2, 2], "norm": 2.0, "min": -1.0, "max": 1.0}
    bad = client.post("/api/v1/graph", json={**body, "detail": "everything"})
    assert bad.status_code == 422


def test_the_ops_table_names_network_activations_and_losses(client):
    ops = {op["name"]: op for op in client.get("/api/v1/ops").json()}
    assert {n for n, op in ops.items() if op["role"] == "activation"} == {"relu", "sigmoid", "tanh"}
    assert {n for n, op in ops.items() if op["role"] == "loss"} == {
        "squared_error",
        "cross_entropy",
    }
    assert ops["sigmoid"]["class_off"] == 0.0 and ops["tanh"]["class_off"] == -1.0
