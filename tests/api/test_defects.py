"""Regression tests for the defects a hostile tester found (issue 14): no 5xx, clear 4xx."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from chainrule.api.app import create_app
from chainrule.settings import Settings

from .test_security import assert_hardened

NET = {"layers": [2, 2, 1], "activation": "tanh", "input": [0.5, -1], "target": [1]}
HUGE = "1" + "0" * 400  # 10**400 as a JSON integer: no float64 holds it


@pytest.fixture(scope="module")
def client():
    with TestClient(create_app(Settings.from_env({})), raise_server_exceptions=False) as c:
        yield c


def post_text(client, path: str, text: str, **headers):
    return client.post(
        path, content=text.encode(), headers={"content-type": "application/json", **headers}
    )


def detail(response) -> dict:
    assert response.headers["content-type"].startswith("application/json")
    return response.json()["detail"]


# ---- gradcheck's step h ----------------------------------------------------------------------
@pytest.mark.parametrize("h", [5e-324, 2e-319, 1e-20, 1e-11])
def test_a_step_below_what_float64_can_difference_is_a_422(client, h):
    response = client.post(
        "/api/v1/gradcheck", json={"expression": "x*x", "values": {"x": 1}, "h": h}
    )
    assert response.status_code == 422, response.text
    assert "too small for float64" in detail(response)["message"]


def test_the_step_bound_is_relative_to_the_checked_value(client):
    body = {"expression": "x*x", "values": {"x": 1e6}, "h": 1e-6}
    response = client.post("/api/v1/gradcheck", json=body)
    assert response.status_code == 422
    assert "at least 0.0001" in detail(response)["message"]
    response = client.post("/api/v1/gradcheck", json={**body, "h": 1e-3})
    assert response.status_code == 200 and response.json()["passed"] is True


def test_the_smallest_allowed_step_still_checks_correctly(client):
    body = {"expression": "x*x", "values": {"x": 1}, "h": 1e-10}
    response = client.post("/api/v1/gradcheck", json=body)
    assert response.status_code == 200
    check = response.json()["inputs"]["x"]
    assert abs(check["numerical"] - 2.0) < 1e-4  # d(x*x)/dx at 1, by hand


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/api/v1/gradcheck", '{"expression": "x", "values": {"x": 1}, "h": NaN}'),
        ("/api/v1/gradcheck", '{"expression": "x", "values": {"x": 1}, "h": Infinity}'),
        (
            "/api/v1/step",
            '{"expression": "x*x", "values": {"x": 1}, "parameters": ["x"], "learning_rate": NaN}',
        ),
    ],
)
def test_non_finite_h_and_learning_rate_say_finite(client, path, body):
    response = post_text(client, path, body)
    assert response.status_code == 422
    assert any("must be a finite number" in issue["msg"] for issue in detail(response))


# ---- numbers that do not fit a float -----------------------------------------------------------
NETWORK_BODIES = {
    "/api/v1/network": lambda net: net,
    "/api/v1/gradcheck": lambda net: {"network": net},
    "/api/v1/step": lambda net: {"network": net, "parameters": ["W1"], "learning_rate": 0.1},
    "/api/v1/train": lambda net: {
        "network": {"layers": [2, 2, 1], "weights": net.get("weights", {})},
        "dataset": "xor",
        "learning_rate": 0.1,
        "steps": 1,
    },
}
PLACES = {
    "input": lambda v: {**NET, "input": [v, 1]},
    "target": lambda v: {**NET, "target": [v]},
    "weights": lambda v: {**NET, "weights": {"W1": [[v, 0], [0, 1]]}},
}


# Training takes its samples from the dataset (input/target are refused there): weights only.
CASES = [(p, w) for p in NETWORK_BODIES for w in PLACES if p != "/api/v1/train" or w == "weights"]


@pytest.mark.parametrize(("path", "place"), CASES)
def test_an_integer_too_large_for_a_float_inside_a_network_is_a_422(client, path, place):
    body = json.dumps(NETWORK_BODIES[path](PLACES[place](12345))).replace("12345", HUGE)
    response = post_text(client, path, body)
    assert response.status_code == 422, response.text[:300]
    assert len(response.content) < 1000


@pytest.mark.parametrize("key", ["input", "target"])
def test_train_refuses_input_and_target_in_its_network(client, key):
    network = {"layers": [2, 2, 1], key: [0, 1] if key == "input" else [1]}
    body = {"network": network, "dataset": "xor", "learning_rate": 0.1, "steps": 1}
    response = client.post("/api/v1/train", json=body)
    assert response.status_code == 422
    assert "dataset" in detail(response)["message"] and key in detail(response)["message"]


# ---- errors name, they do not echo ------------------------------------------------------------
def test_an_unknown_function_with_a_huge_name_gets_a_short_error(client):
    name = "f" * 100_000
    response = client.post("/api/v1/graph", json={"expression": f"{name}(x)", "values": {"x": 1}})
    assert response.status_code == 422
    assert len(response.content) < 1000
    assert "unknown function 'fff" in detail(response)["message"]


def test_a_layer_size_with_thousands_of_digits_gets_a_short_error(client):
    body = json.dumps({**NET, "layers": [2, 12345, 1]}).replace("12345", "1" + "0" * 4000)
    response = post_text(client, "/api/v1/network", body)
    assert response.status_code in (413, 422)
    assert len(response.content) < 1000


# ---- the tokenizer and the two semantic traps -------------------------------------------------
@pytest.mark.parametrize(
    ("expression", "at"), [("x * ١٠ + ३", (1, 5)), ("１ + x", (1, 1)), ("y = 2\nx + ٣", (2, 5))]
)
def test_only_ascii_digits_are_numbers(client, expression, at):
    response = client.post("/api/v1/graph", json={"expression": expression, "values": {"x": 1}})
    assert response.status_code == 422
    found = detail(response)
    assert (found["line"], found["column"]) == at
    assert "unexpected character" in found["message"]


def test_a_value_for_a_name_the_program_assigns_is_a_located_422(client):
    body = {"expression": "y = 2\n  x = 3\nx * y", "values": {"x": 1}}
    response = client.post("/api/v1/graph", json=body)
    assert response.status_code == 422
    found = detail(response)
    assert (found["line"], found["column"]) == (2, 3)
    assert "x is given in values but the program assigns it" in found["message"]


@pytest.mark.parametrize(
    ("expression", "at", "says"),
    [
        ("exp = 2*x\nexp(x)", (1, 1), "exp is a function and cannot be assigned"),
        ("y = 1\n  relu = x * y\nrelu(x)", (2, 3), "relu is a function and cannot be assigned"),
        # A syntax error anywhere is reported first (the program is parsed before it is built).
        ("sum = x * x\nsum(sum)", (2, 5), "sum is a function: call it as sum(...)"),
    ],
)
def test_shadowing_a_function_name_is_a_located_422(client, expression, at, says):
    response = client.post("/api/v1/graph", json={"expression": expression, "values": {"x": 1}})
    assert response.status_code == 422
    found = detail(response)
    assert (found["line"], found["column"]) == at
    assert says in found["message"]


# ---- bodies -------------------------------------------------------------------------------------
def test_a_text_plain_body_is_a_415_saying_json(client):
    response = client.post(
        "/api/v1/graph", content=b'{"expression": "x"}', headers={"content-type": "text/plain"}
    )
    assert response.status_code == 415
    assert "application/json" in detail(response)["message"]
    assert_hardened(response)


@pytest.mark.parametrize("encoding", ["gzip", "deflate", "br"])
def test_a_compressed_body_is_a_415(client, encoding):
    response = post_text(client, "/api/v1/graph", "\x1f\x8b...", **{"content-encoding": encoding})
    assert response.status_code == 415
    assert "Content-Encoding" in detail(response)["message"]


def test_a_body_that_is_not_json_is_the_documented_400_with_line_and_column(client):
    response = post_text(client, "/api/v1/graph", '{"expression": "x",\n  "values": {,}}')
    assert response.status_code == 400
    found = detail(response)
    assert (found["line"], found["column"]) == (2, 14)
    operations = client.get("/openapi.json").json()["paths"]
    for path in ("/api/v1/graph", "/api/v1/network", "/api/v1/gradcheck", "/api/v1/train"):
        assert "400" in operations[path]["post"]["responses"]


@pytest.mark.parametrize(
    ("body", "key"),
    [
        ('{"expression": "x", "expression": "y", "values": {"x": 1, "y": 2}}', "expression"),
        ('{"expression": "x", "values": {"x": 1, "x": 2}}', "x"),
        ('{"network": {"layers": [2, 1], "layers": [2, 2, 1]}, "h": 0.001}', "layers"),
    ],
)
def test_duplicate_keys_are_refused_naming_the_key(client, body, key):
    path = "/api/v1/gradcheck" if "network" in body else "/api/v1/graph"
    response = post_text(client, path, body)
    assert response.status_code == 400
    assert f"key '{key}' twice" in detail(response)["message"]


# ---- one error shape for every status, 500 included ---------------------------------------------
def test_an_unexpected_exception_is_a_json_500_with_the_security_headers():
    app = create_app(Settings.from_env({}))

    @app.get("/api/v1/broken-for-this-test")
    async def broken():
        raise ZeroDivisionError("a bug")

    with TestClient(app, raise_server_exceptions=False) as c:
        response = c.get("/api/v1/broken-for-this-test")
    assert response.status_code == 500
    assert detail(response) == {
        "message": "internal error: the request could not be answered",
        "line": None,
        "column": None,
    }
    assert_hardened(response)


def test_a_failure_inside_a_worker_is_a_json_500(monkeypatch):
    from chainrule.api import compute, worker_jobs

    def broken(body, limits):
        raise ZeroDivisionError("a bug")

    monkeypatch.setitem(compute.ENDPOINTS, "graph", (compute.GraphRequest, broken))
    meta = {"endpoint": "graph", "limits": {}, "deadline": None, "max_response_bytes": 10**6}
    status, body, retire = worker_jobs.handle(meta, b'{"expression": "x", "values": {"x": 1}}')
    assert status == 500 and retire
    assert json.loads(body)["detail"]["message"].startswith("internal error")
