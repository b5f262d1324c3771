"""The lecture's worked examples, shipped as built-ins (GET /api/v1/examples, the UI's menu).

An expression example may list its `parameters`: the inputs a gradient step updates by default
(the others are data and targets). Without the list, every input counts as a parameter.
"""

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
        "parameters": ["w0", "w1"],  # x0, x1 are data and t the target: a step leaves them
    },
    {
        "id": "two-layer-net",
        "title": "2-layer net f = W2 max(0, W1 x), summed",
        "description": "3 inputs, 4 hidden ReLU units, 2 outputs (the lecture's network), with a "
        "squared-error loss against target t.",
        "kind": "expression",
        "expression": "h = max(0, W1 @ x)\no = W2 @ h\nE = 0.5 * sum((t - o)^2)",
        "parameters": ["W1", "W2"],
        "values": {
            "W1": [[0.2, -0.5, 0.1], [1.5, 1.3, 2.1], [0.0, 0.25, 0.2], [-0.3, 0.4, 0.7]],
            "x": [1.0, -2.0, 0.5],
            "W2": [[0.5, -1.0, 0.3, 0.8], [-0.2, 0.4, 1.1, -0.6]],
            "t": [1.0, 0.0],
        },
    },
    {
        "id": "vanishing-sigmoid",
        "title": "Vanishing gradients: a deep sigmoid chain",
        "description": "Six σ gates in a row, every weight 1. On the way back each σ gate "
        "multiplies the gradient by σ(1 − σ) ≤ 0.25, so the red numbers shrink to the left: "
        "∂f/∂w6 = 0.148 but ∂f/∂w1 = 0.00011, about 1,356 times smaller. The first layer "
        "barely learns.",
        "kind": "expression",
        "expression": "h1 = sigmoid(w1*x)\nh2 = sigmoid(w2*h1)\nh3 = sigmoid(w3*h2)\n"
        "h4 = sigmoid(w4*h3)\nh5 = sigmoid(w5*h4)\nf = sigmoid(w6*h5)",
        "values": {"x": 1, "w1": 1, "w2": 1, "w3": 1, "w4": 1, "w5": 1, "w6": 1},
        "parameters": ["w1", "w2", "w3", "w4", "w5", "w6"],
    },
    {
        "id": "dying-relu",
        "title": "Dying ReLU: a unit whose gradient is always 0",
        "description": "The bias b = -3 pushes z = w·x + b to -2, below the ReLU's kink: the relu "
        "gate sends 0 back, so ∂E/∂w = ∂E/∂b = ∂E/∂v = 0 although the error E = 0.5 is not. "
        "A gradient step changes nothing: the unit stays dead.",
        "kind": "expression",
        "expression": "z = w*x + b\nh = relu(z)\no = v*h\nE = 0.5 * (t - o)^2",
        "values": {"w": 0.5, "x": 2, "b": -3, "v": 1, "t": 1},
        "parameters": ["w", "b", "v"],
    },
    {
        "id": "exploding-product",
        "title": "Exploding gradients: a product of large weights",
        "description": "Six × gates, every weight 3. Going back, each × gate multiplies the "
        "gradient by its weight, so the red numbers grow ×3 to the left: 728 at h6, 2,184 at h5, "
        "… 530,712 at x, and ∂E/∂w1 = 176,904. One step with α = 0.01 would move w1 by about "
        "1,769.",
        "kind": "expression",
        "expression": "h1 = w1*x\nh2 = w2*h1\nh3 = w3*h2\nh4 = w4*h3\nh5 = w5*h4\nh6 = w6*h5\n"
        "E = 0.5 * (t - h6)^2",
        "values": {"x": 1, "t": 1, "w1": 3, "w2": 3, "w3": 3, "w4": 3, "w5": 3, "w6": 3},
        "parameters": ["w1", "w2", "w3", "w4", "w5", "w6"],
    },
    {
        "id": "saturated-tanh",
        "title": "Saturated tanh: a large error, a tiny gradient",
        "description": "w·x + b = 5, far out on tanh's flat part: y = 0.9999 while the target is "
        "-1, so the error E = 2.0 is as large as it gets, yet the tanh gate's local gradient "
        "1 − tanh² = 0.00018 nearly blocks it: ∂E/∂w = 0.00073, ∂E/∂b = 0.00036.",
        "kind": "expression",
        "expression": "y = tanh(w*x + b)\nE = 0.5 * (t - y)^2",
        "values": {"w": 2, "x": 2, "b": 1, "t": -1},
        "parameters": ["w", "b"],
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
