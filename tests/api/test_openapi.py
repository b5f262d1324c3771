"""/openapi.json is fit for client generators: a valid OpenAPI document with stable operation
ids, tags, described fields, request examples and plain JSON Schema bounds, from which
openapi-python-client generates a client that works against the app."""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from openapi_spec_validator import validate

from chainrule.api.app import create_app
from chainrule.settings import Settings

OPERATIONS = {
    "traceGraph": ("post", "/api/v1/graph"),
    "traceNetwork": ("post", "/api/v1/network"),
    "checkGradients": ("post", "/api/v1/gradcheck"),
    "gradientStep": ("post", "/api/v1/step"),
    "train": ("post", "/api/v1/train"),
    "listOps": ("get", "/api/v1/ops"),
    "listExamples": ("get", "/api/v1/examples"),
    "health": ("get", "/api/v1/health"),
}


@pytest.fixture(scope="module")
def app():
    return create_app(Settings.from_env({}))


@pytest.fixture(scope="module")
def spec(app) -> dict:
    with TestClient(app) as client:
        response = client.get("/openapi.json")
    assert response.status_code == 200
    return response.json()


def operations(spec):
    for path, methods in spec["paths"].items():
        for method, operation in methods.items():
            yield method, path, operation


def walk(node, where=""):
    """Every (location, dict) in a JSON document."""
    if isinstance(node, dict):
        yield where, node
        for key, value in node.items():
            yield from walk(value, f"{where}/{key}")
    elif isinstance(node, list):
        for k, value in enumerate(node):
            yield from walk(value, f"{where}/{k}")


def test_the_document_is_valid_openapi(spec):
    validate(spec)  # raises on any violation of the OpenAPI 3.1 schema
    assert spec["openapi"].startswith("3.1")


def test_stable_operation_ids_and_tags(spec):
    found = {op["operationId"]: (method, path) for method, path, op in operations(spec)}
    assert {k: v for k, v in found.items() if v[1].startswith("/api/")} == OPERATIONS
    declared = {tag["name"] for tag in spec["tags"]}
    for _, path, op in operations(spec):
        if path.startswith("/api/"):
            assert len(op["tags"]) == 1 and op["tags"][0] in declared, path
    assert all(tag.get("description") for tag in spec["tags"])


def test_every_request_body_has_an_example(spec):
    schemas = spec["components"]["schemas"]
    bodies = 0
    for method, path, op in operations(spec):
        if "requestBody" not in op:
            continue
        bodies += 1
        ref = op["requestBody"]["content"]["application/json"]["schema"]["$ref"]
        model = schemas[ref.rsplit("/", 1)[1]]
        assert model.get("examples"), f"{method} {path}: the request body has no example"
    assert bodies == 5


def test_request_examples_are_accepted_by_the_app(app, spec):
    """Each example is what the endpoint answers 200 to, so a generated client's docs work."""
    schemas = spec["components"]["schemas"]
    with TestClient(app) as client:
        for method, path, op in operations(spec):
            if "requestBody" not in op:
                continue
            ref = op["requestBody"]["content"]["application/json"]["schema"]["$ref"]
            for example in schemas[ref.rsplit("/", 1)[1]]["examples"]:
                response = client.request(method, path, json=example)
                assert response.status_code == 200, (path, example, response.text)


def test_every_field_of_every_model_is_described(spec):
    undescribed = [
        f"{name}.{field}"
        for name, model in spec["components"]["schemas"].items()
        for field, schema in model.get("properties", {}).items()
        if not schema.get("description")
    ]
    assert not undescribed, f"fields without a description: {undescribed}"
    assert len(spec["components"]["schemas"]) > 25


def test_numeric_bounds_are_json_schema(spec):
    """pydantic writes gt/ge/lt/le beside an anyOf when a bound sits on a union: not JSON Schema,
    so a generator drops the bound silently. Bounds must be (exclusive)minimum/maximum."""
    bad = [
        f"{where}/{key}"
        for where, node in walk(spec["components"])
        if "/properties/" in where or where.endswith("anyOf")
        for key in ("gt", "ge", "lt", "le")
        if key in node and not isinstance(node[key], dict)
    ]
    assert not bad, bad
    h = spec["components"]["schemas"]["GradcheckRequest"]["properties"]["h"]
    assert (h["exclusiveMinimum"], h["maximum"]) == (0, 1)
    rate = spec["components"]["schemas"]["TrainRequest"]["properties"]["learning_rate"]
    assert rate["exclusiveMinimum"] == 0


def test_400_and_422_are_documented_on_every_body(spec):
    for _, path, op in operations(spec):
        if "requestBody" not in op:
            continue
        responses = op["responses"]
        assert {"200", "400", "413", "422"} <= set(responses), path
        assert "not JSON" in responses["400"]["description"]
        assert "program" in responses["422"]["description"]


@pytest.fixture(scope="module")
def generated_client(spec, tmp_path_factory):
    """openapi-python-client run on the app's document: the package it writes, imported."""
    out = tmp_path_factory.mktemp("client")
    document = out / "openapi.json"
    document.write_text(json.dumps(spec))
    bin_dir = Path(sys.executable).parent
    result = subprocess.run(
        [bin_dir / "openapi-python-client", "generate", "--path", document, "--meta", "none"],
        cwd=out,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    # The generator warns, and leaves the endpoint out, when it cannot type something.
    assert "Warning" not in result.stdout, result.stdout
    sys.path.insert(0, str(out))
    try:
        yield importlib.import_module("chainrule_client")
    finally:
        sys.path.remove(str(out))


def test_generated_client_calls_the_app(app, generated_client):
    """The generated methods, named after the operation ids, round-trip through the app."""
    from chainrule_client.api.metadata import health, list_ops
    from chainrule_client.api.trace import trace_graph
    from chainrule_client.models import GraphRequest

    client = generated_client.Client(base_url="http://testserver")
    with TestClient(app) as http:
        client.set_httpx_client(http)
        body = GraphRequest.from_dict({"expression": "(x + y) * z", "values": {"x": -2, "y": 5}})
        body.values["z"] = -4
        trace = trace_graph.sync(client=client, body=body)
        assert trace.output.value == -12
        # d/dx (x + y) z = z, d/dz = x + y: by hand.
        assert trace.gradients.to_dict() == {"x": -4, "y": -4, "z": 3}
        backward = [step for step in trace.steps if step.phase == "backward"]
        ops = {node.id: node.op for node in trace.nodes}
        assert [ops[step.node] for step in backward] == ["mul", "add"]  # from the output back
        assert health.sync(client=client).status == "ok"
        assert any(op.name == "mul" for op in list_ops.sync(client=client))
