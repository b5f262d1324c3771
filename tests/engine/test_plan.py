"""The compiled passes (autodiff/plan.py) and training on them, against PyTorch autograd.

PyTorch is the independent reference: the same programs and the same training runs (same
starting weights, data and batch order) written in torch, float64, differentiated by its
autograd. Nothing here compares the plan with the engine's own general passes.
"""

from __future__ import annotations

import numpy as np
import pytest
import torch
import torch.nn.functional as F  # noqa: N812 (torch's own spelling)

import chainrule
from chainrule.engine.autodiff import forward
from chainrule.engine.autodiff.plan import Plan
from chainrule.engine.budget import Budget
from chainrule.engine.errors import EvalError, LimitError
from chainrule.engine.expression import compile_program
from chainrule.engine.training.datasets import resolve
from chainrule.engine.training.model import Model

RNG = np.random.default_rng(7)
# (program, values, the same in torch). Broadcasting in every way a contribution is summed
# back: leading axes (b), axes kept as 1 (c), a 0-d input (s), a shared input (W twice).
PROGRAMS = [
    (
        "sum(tanh(W @ x + b) * c) * s",
        {"W": RNG.normal(size=(3, 4)), "x": RNG.normal(size=(4, 5)), "b": RNG.normal(size=5),
         "c": RNG.normal(size=(3, 1)), "s": 1.7},
        lambda W, x, b, c, s: (torch.tanh(W @ x + b) * c).sum() * s,
    ),
    (
        "mean(relu(x - y) + sigmoid(x) / (1 + exp(-y)))",
        {"x": RNG.normal(size=(2, 3)), "y": RNG.normal(size=(1, 3))},
        lambda x, y: (torch.relu(x - y) + torch.sigmoid(x) / (1 + torch.exp(-y))).mean(),
    ),
    (
        "sum(softmax(W @ transpose(W) - m) * log(q))",
        {"W": RNG.normal(size=(3, 2)), "m": 0.3, "q": RNG.uniform(0.5, 2.0, size=3)},
        lambda W, m, q: (torch.softmax(W @ W.T - m, dim=-1) * torch.log(q)).sum(),
    ),
    (
        "cross_entropy(Z * Z, k) + squared_error(Z, T)",
        {"Z": RNG.normal(size=4), "k": 2.0, "T": RNG.normal(size=4)},
        lambda Z, k, T: F.cross_entropy((Z * Z)[None], torch.tensor([2]))
        + 0.5 * ((T - Z) ** 2).sum(),
    ),
]  # fmt: skip


def torch_gradients(fn, values, wanted):
    tensors = {
        k: torch.tensor(np.asarray(v, dtype=np.float64), requires_grad=k in wanted)
        for k, v in values.items()
    }
    out = fn(**tensors)
    out.backward()
    return out.item(), {k: tensors[k].grad.numpy() for k in wanted}


def as_inputs(values):
    return {
        k: np.float64(v) if np.ndim(v) == 0 else np.asarray(v, np.float64)
        for k, v in values.items()
    }


@pytest.mark.parametrize(("text", "values", "fn"), PROGRAMS, ids=[p[0] for p in PROGRAMS])
def test_plan_gradients_match_torch(text, values, fn):
    graph = compile_program(text)
    wanted = [k for k in values if k != "k"]  # a class index is data
    plan = Plan(graph, {k: np.shape(v) for k, v in values.items()}, wanted)
    budget = Budget()
    with np.errstate(all="ignore"):
        computed = plan.forward(as_inputs(values), budget)
        grads = plan.gradients(computed, budget)
    loss, expected = torch_gradients(fn, values, wanted)
    assert float(computed[graph.output]) == pytest.approx(loss, rel=1e-12)
    assert set(grads) == set(wanted)
    for name in wanted:
        assert np.shape(grads[name]) == np.shape(values[name]), name
        np.testing.assert_allclose(grads[name], expected[name], rtol=1e-11, atol=1e-13)


def test_a_plan_differentiates_only_what_leads_to_the_wanted_inputs():
    # W's gradient only: the steps that lead nowhere but x are left out of the backward plan.
    graph = compile_program("sum(tanh(W @ x) * exp(x2))")
    shapes = {"W": (2, 3), "x": (3,), "x2": (2,)}
    plan = Plan(graph, shapes, ["W"])
    differentiated = {graph.ops[step[0]].name for step in plan.backward_steps}
    assert "exp" not in differentiated and "tanh" in differentiated
    values = {"W": RNG.normal(size=(2, 3)), "x": RNG.normal(size=3), "x2": RNG.normal(size=2)}
    computed = plan.forward(values, Budget())
    (_, expected) = torch_gradients(
        lambda W, x, x2: (torch.tanh(W @ x) * torch.exp(x2)).sum(), values, ["W"]
    )
    grads = plan.gradients(computed, Budget())
    assert list(grads) == ["W"]
    np.testing.assert_allclose(grads["W"], expected["W"], rtol=1e-12)


def test_a_plan_differentiates_a_scalar_output_only():
    with pytest.raises(EvalError, match="scalar"):
        Plan(compile_program("W @ x"), {"W": (2, 3), "x": (3,)}, ["W"])


def test_a_plan_keeps_the_request_deadline_and_size_limit():
    graph = compile_program("sum(W @ x)")
    shapes = {"W": (3, 3), "x": (3,)}
    values = {"W": np.ones((3, 3)), "x": np.ones(3)}
    budget = Budget(chainrule.Limits(max_seconds=0.001))
    budget.deadline = 0.0  # long past
    plan = Plan(graph, shapes, ["W"])
    with pytest.raises(LimitError, match="CHAINRULE_MAX_SECONDS"):
        plan.forward(values, budget)
    with pytest.raises(LimitError, match="CHAINRULE_MAX_SECONDS"):
        plan.gradients(forward(graph, values), budget)
    with pytest.raises(LimitError, match="CHAINRULE_MAX_TENSOR_ELEMENTS"):
        Plan(compile_program("sum(W @ transpose(W))"), {"W": (100, 2)}, ["W"],
             budget=Budget(chainrule.Limits(max_tensor_elements=1000)))  # fmt: skip


# ---- training, step by step, against the same run in torch ---------------------------------
ACTIVATIONS = {"tanh": torch.tanh, "sigmoid": torch.sigmoid, "relu": torch.relu,
               "linear": lambda z: z}  # fmt: skip
RUNS = [
    ({"layers": [2, 4, 1], "activation": "tanh", "output_activation": "tanh"}, "xor",
     {"learning_rate": 0.5, "steps": 1000}),
    ({"layers": [2, 8, 1], "activation": "relu", "output_activation": "sigmoid"},
     {"name": "circle", "size": 40}, {"learning_rate": 0.5, "steps": 200}),
    ({"layers": [2, 6, 5, 3], "activation": "sigmoid", "loss": "cross_entropy"},
     {"name": "spiral", "size": 30}, {"learning_rate": 0.3, "steps": 150, "batch_size": 7}),
    ({"layers": [2, 5, 2], "activation": "tanh", "output_activation": "linear", "bias": False},
     "gaussians", {"learning_rate": 0.2, "steps": 100, "batch_size": 50}),
]  # fmt: skip


def torch_training(network, dataset, learning_rate, steps, batch_size=None, seed=0):
    """The run by hand in torch: the engine's starting weights and data, its documented batch
    order (a permutation from default_rng([seed, 1]), drawn again when it runs out), targets
    ±1 or 0/1 by the output activation (class indices for cross_entropy)."""
    model = Model(network, seed)
    data = resolve(dataset, seed)
    weights = {k: torch.tensor(w, requires_grad=True) for k, w in model.weights.items()}
    x = torch.tensor(data.inputs)
    depth = len(model.activations)
    if model.loss == "cross_entropy":
        targets = torch.tensor(data.labels)
    elif model.layers[-1] == 1:
        off = 0.0 if model.activations[-1] in ("sigmoid", "relu") else -1.0
        targets = torch.tensor(np.where(data.labels == 1, 1.0, off)[:, None])
    else:  # one-hot rows, "off" -1 for a linear output
        onehot = np.full((data.size, model.layers[-1]), -1.0)
        onehot[np.arange(data.size), data.labels] = 1.0
        targets = torch.tensor(onehot)

    def loss_of(rows):
        a = x[rows]
        for k in range(1, depth + 1):
            z = a @ weights[f"W{k}"].T
            if f"b{k}" in weights:
                z = z + weights[f"b{k}"]
            a = ACTIVATIONS[model.activations[k - 1]](z)
        if model.loss == "cross_entropy":
            return F.cross_entropy(a, targets[rows])
        return (0.5 * ((targets[rows] - a) ** 2).sum(dim=1)).mean()

    n = data.size
    batch = n if batch_size is None else batch_size
    rng = np.random.default_rng([seed, 1])
    order, cursor = rng.permutation(n), 0
    everything = torch.arange(n)
    losses = []
    for _ in range(steps):
        rows = everything
        if batch < n:
            if cursor + batch > n:
                order, cursor = rng.permutation(n), 0
            rows = torch.tensor(order[cursor : cursor + batch])
            cursor += batch
        loss = loss_of(rows)
        for w in weights.values():
            w.grad = None
        loss.backward()
        with torch.no_grad():
            for w in weights.values():
                w -= learning_rate * w.grad
            losses.append(float(loss_of(everything)))
    return losses, {k: w.detach().numpy() for k, w in weights.items()}


@pytest.mark.parametrize(("network", "dataset", "kwargs"), RUNS, ids=lambda v: str(v)[:40])
def test_training_agrees_with_the_same_run_in_torch(network, dataset, kwargs):
    result = chainrule.train(network, dataset, **kwargs)
    losses, weights = torch_training(network, dataset, **kwargs)
    np.testing.assert_allclose(result.loss, losses, rtol=0, atol=1e-12)
    assert set(result.weights) == set(weights)
    for name, w in weights.items():
        np.testing.assert_allclose(result.weights[name], w, rtol=0, atol=1e-12, err_msg=name)
    assert result.loss[-1] < result.initial_loss  # it really trained
