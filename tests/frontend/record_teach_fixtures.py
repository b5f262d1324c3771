"""Writes tests/frontend/teach_fixtures.js from the API (run by hand if the trace format changes).

.venv/bin/python tests/frontend/record_teach_fixtures.py
"""

import json
from pathlib import Path

from fastapi.testclient import TestClient

from chainrule.api.app import create_app

PROGRAMS = {
    "neuron": (
        "1 / (1 + exp(-(w0*x0 + w1*x1 + w2)))",
        {"w0": 2, "x0": -1, "w1": -3, "x1": -2, "w2": -3},
    ),
    "sigmoidNeuron": (
        "sigmoid(w0*x0 + w1*x1 + w2)",
        {"w0": 2, "x0": -1, "w1": -3, "x1": -2, "w2": -3},
    ),
    "negatives": ("exp(-1) + sin(-2) + -x", {"x": 1}),
    "logNegative": ("log(-1) + sqrt(x)", {"x": -1}),
    "twins": ("x*y + x*y", {"x": 1, "y": 2}),
    "twoLayer": (
        "h = max(0, W1 @ x)\no = W2 @ h\nE = 0.5 * sum((t - o)^2)",
        {
            "W1": [[0.2, -0.5, 0.1], [1.5, 1.3, 2.1], [0.0, 0.25, 0.2], [-0.3, 0.4, 0.7]],
            "x": [1.0, -2.0, 0.5],
            "W2": [[0.5, -1.0, 0.3, 0.8], [-0.2, 0.4, 1.1, -0.6]],
            "t": [1.0, 0.0],
        },
    ),
    "batchBias": (
        "E = sum((X @ W + b)^2)",
        {"X": [[1, 2], [3, 4], [5, 6]], "W": [[0.5], [-0.5]], "b": [0.1]},
    ),
}


def main() -> None:
    client = TestClient(create_app())
    lines = ["// Traces and the op registry recorded from the API, for the teaching-mode tests."]
    for name, (expression, values) in PROGRAMS.items():
        response = client.post("/api/v1/graph", json={"expression": expression, "values": values})
        response.raise_for_status()
        lines.append(f"export const {name} = {json.dumps(response.json(), ensure_ascii=False)};")
    ops = {op["name"]: op for op in client.get("/api/v1/ops").json()}
    lines.append(f"export const OPS = {json.dumps(ops, ensure_ascii=False)};")
    Path(__file__).with_name("teach_fixtures.js").write_text("\n\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
