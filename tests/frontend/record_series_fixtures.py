"""Writes tests/frontend/series_fixtures.js from the API (run by hand if the trace format changes).

.venv/bin/python tests/frontend/record_series_fixtures.py
"""

import json
from pathlib import Path

from fastapi.testclient import TestClient

from chainrule.api.app import create_app


def fan_out(n: int) -> str:
    lines = ["a1 = x * y"]
    for k in range(2, n + 1):
        lines.append(f"a{k} = a{k - 1} + x" if k % 2 == 0 else f"a{k} = a{k - 1} * y")
    return "\n".join(lines)


def rnn(n: int) -> str:
    return "\n".join(["h1 = tanh(x1)"] + [f"h{k} = tanh(h{k - 1} + x{k})" for k in range(2, n + 1)])


TAIL = "\n".join(f"h{k} = tanh(h{k - 1} + x{k})" for k in range(7, 17))
BROKEN = rnn(6) + "\nb = h6 * 2\n" + TAIL

PROGRAMS = {
    "fanOut12": (fan_out(12), {"x": 0.5, "y": 0.9}, "the fan-out chain of issue 9, 12 statements"),
    "rnn10": (
        rnn(10),
        {f"x{k}": k / 10 for k in range(1, 11)},
        "h_k = tanh(h_(k-1) + x_k): period 1",
    ),
    "broken": (
        BROKEN,
        {f"x{k}": k / 10 for k in range(1, 17)},
        "6 RNN statements, `b = h6 * 2`, then 10 more",
    ),
}


def main() -> None:
    client = TestClient(create_app())
    lines = ["// Traces recorded from POST /api/v1/graph for the series tests (view/series.js)."]
    for name, (program, values, what) in PROGRAMS.items():
        trace = client.post("/api/v1/graph", json={"expression": program, "values": values}).json()
        text = json.dumps(trace, separators=(",", ":"))
        lines.append(f"// {what}\nexport const {name} = {text};")
    examples = [ex for ex in client.get("/api/v1/examples").json() if ex["kind"] == "expression"]
    traces = {}
    for ex in examples:
        body = {"expression": ex["expression"], "values": ex["values"]}
        traces[ex["id"]] = client.post("/api/v1/graph", json=body).json()
    lines.append(
        "// Every expression example of the lecture (GET /api/v1/examples), by id.\n"
        f"export const lectureExamples = {json.dumps(traces, separators=(',', ':'))};"
    )
    Path(__file__).with_name("series_fixtures.js").write_text("\n\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
