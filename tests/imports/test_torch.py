"""chainrule.from_torch: torch's own values, per-edge contributions and gradients, checked
against torch's .grad from a separate backward() (1e-12), and the trace document's contract."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch
import torch.nn.functional as F  # noqa: N812 (torch's own spelling)

import chainrule


def tensors(*values, dtype=torch.float64):
    return [torch.tensor(v, dtype=dtype, requires_grad=True) for v in values]


def assert_grads_equal(t, named: dict[str, torch.Tensor]) -> None:
    for name, p in named.items():
        got = np.asarray(t.gradients[name], dtype=np.float64)
        want = p.grad.detach().double().numpy()
        np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-12, err_msg=name)


def assert_contract(t) -> None:
    """The REST trace contract: topological ids, one backward step per op reached, totals."""
    index = {n.id: k for k, n in enumerate(t.nodes)}
    for n in t.nodes:
        assert all(index[i] < index[n.id] for i in n.inputs), n.id
    edges = {e.id: e for e in t.edges}
    backward = [s for s in t.steps if s.phase == "backward"]
    order = [index[s.node] for s in backward]
    assert order == sorted(order, reverse=True) and backward[0].node == t.output.node
    nodes = {n.id: n for n in t.nodes}
    last = {}
    for s in backward:
        for c in s.contributions:
            assert edges[c.edge].target == s.node and edges[c.edge].source == c.target
            np.testing.assert_allclose(edges[c.edge].grad, c.grad)
            last[c.target] = c.accumulated
    for target, total in last.items():
        np.testing.assert_allclose(total, nodes[target].grad, rtol=1e-12, atol=1e-12)


def test_lecture_circuit_as_a_torch_function():
    x, y, z = tensors(-2.0, 5.0, -4.0)
    t = chainrule.from_torch(lambda x, y, z: (x + y) * z, x, y, z)
    assert t.output.value == -12
    assert t.gradients == {"x": -4, "y": -4, "z": 3}
    assert [n.op for n in t.nodes if n.kind == "op"] == ["add", "mul"]
    mul = next(s for s in t.steps if s.phase == "backward")
    assert [(c.local, c.grad) for c in mul.contributions] == [(-4, -4), (3, 3)]
    assert x.grad is None  # from_torch leaves .grad alone
    assert_contract(t)


def test_a_function_of_tensors_against_backward():
    w, b = tensors([[0.5, -1.0], [2.0, 0.25]], [0.1, -0.3])
    x = torch.tensor([1.5, -2.0], dtype=torch.float64)

    def f(w, b):
        h = torch.tanh(w @ x + b)
        return (h * h).sum() + torch.sigmoid(h).mean() - 2 ** h.sum()

    t = chainrule.from_torch(f, w, b)
    f(w, b).backward()
    assert_grads_equal(t, {"w": w, "b": b})
    assert_contract(t)
    consts = [n for n in t.nodes if n.kind == "const"]
    assert [np.asarray(n.value).tolist() for n in consts if tuple(n.shape) == (2,)] == [
        [1.5, -2.0]
    ]  # x, from the closure
    assert tuple(next(n for n in t.nodes if n.label == "w").shape) == (2, 2)


def test_a_value_used_twice_sends_two_contributions():
    (x,) = tensors(3.0)
    t = chainrule.from_torch(lambda x: x * x + x, x)
    assert t.gradients == {"x": 7.0}
    x_id = next(n.id for n in t.nodes if n.label == "x")
    arrivals = [
        (c.grad, c.accumulated)
        for s in t.steps
        if s.phase == "backward"
        for c in s.contributions
        if c.target == x_id
    ]
    assert arrivals == [(1.0, 1.0), (3.0, 4.0), (3.0, 7.0)]


def mlp_and_data(dtype=torch.float64):
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(3, 8), torch.nn.ReLU(), torch.nn.Linear(8, 2)).to(
        dtype
    )
    return model, torch.randn(16, 3, dtype=dtype), torch.randn(16, 2, dtype=dtype)


def test_sequential_mlp_with_mse_loss_against_backward():
    model, x, y = mlp_and_data()
    t = chainrule.from_torch(lambda x: F.mse_loss(model(x), y), x)
    F.mse_loss(model(x), y).backward()
    named = dict(model.named_parameters())
    assert list(t.gradients) == ["0.weight", "0.bias", "2.weight", "2.bias"]
    assert_grads_equal(t, named)
    assert_contract(t)
    groups = {n.label: n.group for n in t.nodes if n.kind == "input"}
    assert groups == {
        "0.weight": "0 · Linear",
        "0.bias": "0 · Linear",
        "2.weight": "2 · Linear",
        "2.bias": "2 · Linear",
    }
    relu = next(n for n in t.nodes if n.op == "relu")
    assert relu.group == "1 · ReLU" and tuple(relu.shape) == (16, 8)
    np.testing.assert_array_equal(relu.value, torch.relu(model[0](x)).detach().numpy())


def test_float32_gradients_are_torchs_own():
    model, x, y = mlp_and_data(torch.float32)
    t = chainrule.from_torch(lambda x: F.mse_loss(model(x), y), x)
    F.mse_loss(model(x), y).backward()
    for name, p in model.named_parameters():
        np.testing.assert_array_equal(np.asarray(t.gradients[name]), p.grad.double().numpy())


class SmallConvNet(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.features = torch.nn.Sequential(
            torch.nn.Conv2d(1, 3, 3), torch.nn.ReLU(), torch.nn.MaxPool2d(2)
        )
        self.head = torch.nn.Linear(3 * 3 * 3, 4)

    def forward(self, images, labels):
        return F.cross_entropy(self.head(self.features(images).flatten(1)), labels)


def test_small_conv_net_module_against_backward():
    torch.manual_seed(1)
    net = SmallConvNet().double()
    images, labels = torch.randn(2, 1, 8, 8, dtype=torch.float64), torch.tensor([3, 0])
    t = chainrule.from_torch(net, images, labels)
    net(images, labels).backward()
    assert_grads_equal(t, dict(net.named_parameters()))
    assert_contract(t)
    conv = next(n for n in t.nodes if n.op == "conv2d")
    assert conv.group == "features.0 · Conv2d" and tuple(conv.shape) == (2, 3, 6, 6)
    assert next(n for n in t.nodes if n.label == "images").kind == "const"
    assert t.output.value == pytest.approx(net(images, labels).item(), rel=1e-15)


class Cube(torch.autograd.Function):
    """An op chainrule cannot know: its own forward and backward."""

    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return a**3

    @staticmethod
    def backward(ctx, g):
        (a,) = ctx.saved_tensors
        return 3 * a * a * g


def test_unknown_ops_are_opaque_gates_with_torchs_values_and_gradients():
    (w,) = tensors([1.0, -2.0, 0.5])
    t = chainrule.from_torch(lambda w: (Cube.apply(w) * w).sum() + torch.special.erf(w).sum(), w)
    v = w.detach().numpy()
    by_hand = 4 * v**3 + 2 / math.sqrt(math.pi) * np.exp(-(v**2))
    np.testing.assert_allclose(np.asarray(t.gradients["w"]), by_hand, rtol=1e-12)
    opaque = {n.op: n for n in t.nodes if n.kind == "op" and n.op not in ("mul", "sum", "add")}
    assert set(opaque) == {"Cube", "special_erf"}
    np.testing.assert_allclose(opaque["Cube"].value, v**3)
    steps = {s.node: s for s in t.steps if s.phase == "backward"}
    cube_step = steps[opaque["Cube"].id]
    np.testing.assert_allclose(cube_step.contributions[0].grad, 3 * v**2 * v)  # 3a^2 * g(=w)
    assert cube_step.contributions[0].local is None
    assert_contract(t)


def test_in_place_ops_record_the_values_before_and_after():
    (x,) = tensors([1.0, -2.0])
    buffer = torch.zeros(2, dtype=torch.float64)  # a constant, then changed in place

    def f(x):
        y = x * 2
        y += 1  # [3, -3]
        y.relu_()  # [3, 0]
        buffer.add_(y)  # the constant becomes an op: buffer + y
        return (buffer**2).sum() / 3 - 1

    t = chainrule.from_torch(f, x)
    values = [(n.kind, n.op, np.asarray(n.value).tolist()) for n in t.nodes]
    assert ("const", None, [0.0, 0.0]) in values  # the buffer as it was before add_
    assert ("op", "add", [3.0, 0.0]) in values
    assert ("op", "relu", [3.0, 0.0]) in values
    assert np.asarray(t.gradients["x"]).tolist() == [4.0, 0.0]  # 2 y / 3 * 2 where y > 0
    assert_contract(t)


def test_reading_a_tensors_attributes_adds_nothing():
    (x,) = tensors([1.0, 2.0])
    (unrelated,) = tensors([[5.0, 6.0, 7.0]])
    t = chainrule.from_torch(lambda x: x.sum() * unrelated.shape[1] + unrelated.requires_grad, x)
    assert [n.label for n in t.nodes if n.kind == "input"] == ["x"]
    assert np.asarray(t.gradients["x"]).tolist() == [3.0, 3.0]


def test_a_call_with_two_outputs_reports_its_gradient_once():
    (x,) = tensors([1.0, 2.0, 3.0, 4.0])

    def f(x):
        a, b = x.split(2)
        top, _index = x.max(0)  # the index output is not differentiable
        return (a * b).sum() + top

    t = chainrule.from_torch(f, x)
    assert np.asarray(t.gradients["x"]).tolist() == [3.0, 4.0, 1.0, 3.0]  # by hand: b, a, +1
    halves = [n for n in t.nodes if n.op == "split"]
    assert [np.asarray(n.value).tolist() for n in halves] == [[1.0, 2.0], [3.0, 4.0]]
    assert_contract(t)


def test_unused_parameters_are_inputs_with_zero_gradient():
    model = torch.nn.Linear(2, 1).double()
    spare = torch.nn.Linear(2, 1).double()
    both = torch.nn.ModuleDict({"used": model, "spare": spare})

    class Wrapper(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.parts = both

        def forward(self, x):
            return self.parts["used"](x).sum()

    t = chainrule.from_torch(Wrapper(), torch.ones(2, dtype=torch.float64))
    assert np.asarray(t.gradients["parts.spare.weight"]).tolist() == [[0.0, 0.0]]
    assert np.asarray(t.gradients["parts.used.weight"]).tolist() == [[1.0, 1.0]]


def test_mistakes_get_clear_errors():
    (x,) = tensors([1.0, 2.0])
    with pytest.raises(ValueError, match="scalar result"):
        chainrule.from_torch(lambda x: x * 2, x)
    with pytest.raises(ValueError, match="requires grad"):
        chainrule.from_torch(lambda x: x.sum(), torch.ones(2))
    with pytest.raises(TypeError, match="function or nn.Module"):
        chainrule.from_torch(3)
