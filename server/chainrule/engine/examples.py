"""The lecture's worked examples, shipped as built-ins (GET /api/v1/examples, the UI's menu)."""

from __future__ import annotations

EXAMPLES: list[dict] = [
    {
        "id": "circuit",
        "title": "(x + y) · z — the lecture circuit",
        "description": "q = x + y, f = q·z at x = -2, y = 5, z = -4: f = -12, ∂f/∂x = ∂f/∂y = -4, "
        "∂f/∂z = 3. The + gate distributes -4 to both inputs.",
        "kind": "expression",
        "expression": "q = x + y\nf = q * z",
        "values": {"x": -2, "y": 5, "z": -4},
    },
    {
        "id": "circuit-inline",
        "title": "(x + y) * z in one line",
        "description": "The same circuit typed as one expression.",
        "kind": "expression",
        "expression": "(x + y) * z",
        "values": {"x": -2, "y": 5, "z": -4},
    },
    {
        "id": "neuron",
        "title": "Sigmoid neuron, gate by gate",
        "description": "1/(1+e^-(w0·x0 + w1·x1 + w2)) at w0=2, x0=-1, w1=-3, x1=-2, w2=-3: "
        "output 0.73, ∂/∂w0 = -0.20, ∂/∂x0 = 0.39, ∂/∂w1 = -0.39, ∂/∂x1 = -0.59, ∂/∂w2 = 0.20.",
        "kind": "expression",
        "expression": "1 / (1 + exp(-(w0*x0 + w1*x1 + w2)))",
        "values": {"w0": 2, "x0": -1, "w1": -3, "x1": -2, "w2": -3},
    },
    {
        "id": "neuron-sigmoid",
        "title": "Sigmoid neuron with a σ gate",
        "description": "The same neuron with sigmoid() as one gate: its local gradient is "
        "σ(1-σ) = 0.73 × 0.27 = 0.20, and the gradients match the gate-by-gate version.",
        "kind": "expression",
        "expression": "sigmoid(w0*x0 + w1*x1 + w2)",
        "values": {"w0": 2, "x0": -1, "w1": -3, "x1": -2, "w2": -3},
    },
    {
        "id": "max-gate",
        "title": "max gate routes the gradient",
        "description": "max(x, y) · z: the max gate sends the whole gradient to the larger input "
        "and nothing to the other.",
        "kind": "expression",
        "expression": "m = max(x, y)\nf = m * z",
        "values": {"x": 4, "y": -1, "z": 2},
    },
    {
        "id": "branch",
        "title": "Gradients add at a branch",
        "description": "x feeds two gates: ∂f/∂x = 1 + y = 1 + (-4) = -3, one arrival per edge.",
        "kind": "expression",
        "expression": "x * y + x",
        "values": {"x": 3, "y": -4},
    },
    {
        "id": "square",
        "title": "x · x: two edges from one node",
        "description": "The same node feeds both inputs of one gate: 3 + 3 = 6 = 2x.",
        "kind": "expression",
        "expression": "x * x",
        "values": {"x": 3},
    },
    {
        "id": "delta-rule",
        "title": "Delta rule: one linear unit, E = ½(t − o)²",
        "description": "o = w0·x0 + w1·x1, E = ½(t − o)². ∂E/∂w_i = -(t − o)·x_i = -δ·x_i.",
        "kind": "expression",
        "expression": "o = w0*x0 + w1*x1\nE = 0.5 * (t - o)^2",
        "values": {"w0": 0.5, "x0": 1, "w1": -0.3, "x1": 2, "t": 1},
    },
    {
        "id": "two-layer-net",
        "title": "2-layer net f = W2 max(0, W1 x), summed",
        "description": "3 inputs, 4 hidden ReLU units, 2 outputs (the lecture's network), with a "
        "squared-error loss against target t.",
        "kind": "expression",
        "expression": "h = max(0, W1 @ x)\no = W2 @ h\nE = 0.5 * sum((t - o)^2)",
        "values": {
            "W1": [[0.2, -0.5, 0.1], [1.5, 1.3, 2.1], [0.0, 0.25, 0.2], [-0.3, 0.4, 0.7]],
            "x": [1.0, -2.0, 0.5],
            "W2": [[0.5, -1.0, 0.3, 0.8], [-0.2, 0.4, 1.1, -0.6]],
            "t": [1.0, 0.0],
        },
    },
    {
        "id": "two-layer-net-network",
        "title": "2-layer net (lecture): 3 inputs, 4 ReLU units, 2 outputs",
        "description": "f = W2 max(0, W1 x) with E = ½ Σ_j (t_j − o_j)², as a network: "
        "∂E/∂W2 = (o − t) hᵀ, ∂E/∂W1 = ((W2ᵀ (o − t)) ⊙ [W1 x > 0]) xᵀ. Three hidden units are "
        "active; the third (W1 x = −0.05) blocks its gradient. Switch granularity to neuron "
        "for the classic diagram.",
        "kind": "network",
        "network": {
            "layers": [3, 4, 2],
            "activation": "relu",
            "output_activation": "linear",
            "loss": "squared_error",
            "bias": False,
            "weights": {
                "W1": [[0.2, -0.5, 0.1], [1.5, 1.3, 2.1], [0.0, 0.25, 0.2], [-0.3, 0.4, 0.7]],
                "W2": [[0.5, -1.0, 0.3, 0.8], [-0.2, 0.4, 1.1, -0.6]],
            },
            "input": [0.5, -1.0, 1.0],
            "target": [1.0, 0.0],
            "granularity": "layer",
        },
    },
    {
        "id": "delta-rule-network",
        "title": "Delta rule as a network: one linear unit",
        "description": "o = w1·x1 + w2·x2, E = ½(t − o)²: ∂E/∂w_i = −(t − o)·x_i = −δ·x_i "
        "(here δ = 1.1, so ∂E/∂W1 = [−1.1, −2.2]). The same unit as the delta-rule expression.",
        "kind": "network",
        "network": {
            "layers": [2, 1],
            "output_activation": "linear",
            "loss": "squared_error",
            "bias": False,
            "weights": {"W1": [[0.5, -0.3]]},
            "input": [1.0, 2.0],
            "target": [1.0],
            "granularity": "neuron",
        },
    },
]
