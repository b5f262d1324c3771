"""The project's worst cases for the hostile load of bench/load_mixed.py (issue 14).

The largest requests of each kind the tester or the hostile corpus found, each within the
documented limits or just past one (so the limit's 413 is measured too).
"""

from __future__ import annotations


def worst_cases() -> dict[str, tuple[str, dict]]:
    """name -> (path, body): the largest requests of each kind the tester or corpus found."""
    a400 = [[0.01] * 400 for _ in range(400)]
    chain = ["v1 = A @ v"] + [f"v{k} = A @ v{k - 1}" for k in range(2, 151)] + ["sum(v150)"]
    relus = "sum(" + "relu(" * 247 + "x" + ")" * 247 + ")"
    batch = [[0.5] * 700 for _ in range(100)]
    wide = {
        "layers": [700, 700, 10],
        "activation": "tanh",
        "input": batch,
        "target": [[0.0] * 10] * 100,
    }
    return {
        # One 1000 x 1000 input used 32 times (2 MB): each use an edge gradient of 10^6 numbers.
        "graph: 10^6-element input used 32 times": (
            "/api/v1/graph",
            {"expression": "sum(" + " + ".join(["A"] * 32) + ")", "values": {"A": zeros(1000)}},
        ),
        "graph: 700x700 input used 3 times": (
            "/api/v1/graph",
            {"expression": "sum(A + A + A)", "values": {"A": zeros(700)}},
        ),
        "graph: 150 products A @ v, A 400x400": (
            "/api/v1/graph",
            {"expression": "\n".join(chain), "values": {"A": a400, "v": [1.0] * 400}},
        ),
        "graph: sum(a @ b), 8000x1 @ 1x8000": (
            "/api/v1/graph",
            {"expression": "sum(a @ b)", "values": {"a": [[1.0]] * 8000, "b": [[1.0] * 8000]}},
        ),
        "graph: 49,000-term sum": (
            "/api/v1/graph",
            {"expression": "+".join(["x"] * 49_000), "values": {"x": 1}},
        ),
        "gradcheck: 247 nested relu, 2,000 elements": (
            "/api/v1/gradcheck",
            {"expression": relus, "values": {"x": [0.5] * 2000}},
        ),
        "gradcheck: 247 nested relu, 200 elements": (
            "/api/v1/gradcheck",
            {"expression": relus, "values": {"x": [0.5] * 200}},
        ),
        "network: 700-700-10 tanh, batch of 100": ("/api/v1/network", wide),
        "step: 700-700-10 tanh, batch of 100": (
            "/api/v1/step",
            {"network": wide, "learning_rate": 0.1},
        ),
        "train: 5,000 steps, 70x70 grid": (
            "/api/v1/train",
            {
                "network": {"layers": [2, 64, 64, 1], "activation": "tanh"},
                "dataset": "xor",
                "learning_rate": 0.1,
                "steps": 5_000,
                "grid_size": 70,
                "snapshot_every": 50,
            },
        ),
    }


# The four run at once: one of each family, the most expensive of each.
MIXED = [
    "graph: 700x700 input used 3 times",
    "network: 700-700-10 tanh, batch of 100",
    "gradcheck: 247 nested relu, 200 elements",
    "train: 5,000 steps, 70x70 grid",
]


def zeros(n: int) -> list[list[int]]:
    return [[0] * n for _ in range(n)]
