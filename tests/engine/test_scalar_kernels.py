"""The float fast path (engine/scalar.py, the lazy response, the one-pass builder) changes
nothing: same values, gradients, steps and errors as numpy and the general parser."""

from __future__ import annotations

import json
import math
import pickle

import numpy as np
import pytest

import chainrule
from chainrule.api.schemas import TraceResponse
from chainrule.engine.autodiff import backward_scalar, backward_tensor
from chainrule.engine.autodiff import forward as autodiff
from chainrule.engine.autodiff.run import run_program
from chainrule.engine.errors import ChainruleError
from chainrule.engine.ops import scalar
from chainrule.engine.ops.registry import REGISTRY
from chainrule.engine.results.document import trace_document


def test_every_kernel_matches_its_registry_op():
    """The import-time check keeps only kernels that agree; a stale one would vanish here."""
    kept = {entry[0].name for entry in scalar.KERNELS.values()}
    assert kept == set(scalar.KERNEL_NAMES)
    for entry in scalar.KERNELS.values():
        assert REGISTRY[entry[0].name] is entry[0]


@pytest.mark.parametrize("name", sorted(scalar.KERNEL_NAMES))
def test_kernels_agree_with_numpy_across_the_domain(name):
    op = REGISTRY[name]
    _, forward, partials = next(e for e in scalar.KERNELS.values() if e[0] is op)
    rng = np.random.default_rng(7)
    for _ in range(200):
        xs = tuple(float(rng.uniform(lo, hi)) for lo, hi in op.domain)
        wide = tuple(np.float64(x) for x in xs)
        out = float(op.forward(*wide))
        assert forward(*xs) == pytest.approx(out, rel=1e-14, abs=1e-300)
        expected = [float(p) for p in op.partials(wide, np.float64(out))]
        assert list(partials(*xs, out)) == pytest.approx(expected, rel=1e-14, abs=1e-300)


def test_a_kernel_that_disagrees_is_not_used():
    op = REGISTRY["tanh"]
    assert not scalar.agrees(op, math.tanh, lambda a, out: (1.0 + out * out,))  # wrong sign
    assert scalar.agrees(op, math.tanh, lambda a, out: (1.0 - out * out,))


PROGRAMS = [
    ("q = x + y\nf = q * z", {"x": -2, "y": 5, "z": -4}),
    ("1 / (1 + exp(-(w0*x0 + w1*x1 + w2)))", {"w0": 2, "x0": -1, "w1": -3, "x1": -2, "w2": -3}),
    ("a = max(x, y)\nb = min(x, y)\na * b + relu(x - y) + abs(y)", {"x": 1.5, "y": 1.5}),
    ("x ** y + y ^ 0.5 + pow(x, -1)", {"x": 2.0, "y": 3.0}),
    ("log(x) + sqrt(x) + sin(x) * cos(x) + tan(x) + tanh(x) + sigmoid(x)", {"x": 0.7}),
    ("exp(1000) + log(0) + 0 / 0 + sqrt(-1) + x / 0", {"x": 1.0}),  # numpy fallbacks
    ("(-8) ** (1 / 3) + 9 ** 9 ** 9 + sigmoid(-1000) + x", {"x": -0.0}),
    ("s = sum(v * x)\nt = s * y + x\nt - y", {"v": [1.0, 2.0, 3.0], "x": 2.0, "y": -1.0}),
    (
        "h = max(0, W @ v)\nsum(h * h) + x * x",
        {"W": [[1.0, -2.0], [0.5, 1.0]], "v": [1, 2], "x": 3},
    ),
    ("a = x * x\nb = a + x\nc = b * a\nd = c - b / a\nd * x", {"x": 1.25}),
    ("p = x\nq = p\n3\nr = q * 2", {"x": 4}),
]


def without_kernels(monkeypatch) -> None:
    """Every scalar op through the registry's numpy functions, as before the fast path."""
    for module in (autodiff, backward_scalar, backward_tensor):  # the forward and both backwards
        monkeypatch.setattr(module, "KERNELS", {})
        monkeypatch.setattr(module, "_ADD", None)
        monkeypatch.setattr(module, "_MUL", None)


def assert_same(fast, slow, where="document") -> None:
    """Equal structure and strings; numbers equal up to last-bit differences of libm."""
    if isinstance(slow, dict):
        assert isinstance(fast, dict) and list(fast) == list(slow), where
        for key in slow:
            assert_same(fast[key], slow[key], f"{where}.{key}")
    elif isinstance(slow, list):
        assert isinstance(fast, list) and len(fast) == len(slow), where
        for k, (f, s) in enumerate(zip(fast, slow, strict=True)):
            assert_same(f, s, f"{where}[{k}]")
    elif isinstance(slow, float) and isinstance(fast, float):
        assert fast == pytest.approx(slow, rel=1e-13, abs=0), where
        assert math.copysign(1, fast) == math.copysign(1, slow), where  # -0.0 stays -0.0
    else:
        assert fast == slow and type(fast) is type(slow), where


@pytest.mark.parametrize(("text", "values"), PROGRAMS)
def test_fast_and_numpy_paths_give_the_same_document(monkeypatch, text, values):
    fast = json.loads(json.dumps(trace_document(run_program(text, values)), allow_nan=False))
    without_kernels(monkeypatch)
    slow = json.loads(json.dumps(trace_document(run_program(text, values)), allow_nan=False))
    assert_same(fast, slow)


def test_one_pass_builder_matches_the_general_parser_line_for_line():
    """The same program with single spaces (fast path) and with tabs (general parser)."""
    lines = ["a0 = x0 + x1"] + [f"a{i} = a{i - 1} {'*+-/'[i % 4]} x{i % 3}" for i in range(1, 40)]
    values = {"x0": 1.5, "x1": -0.5, "x2": 2.0}
    fast = trace_document(run_program("\n".join(lines), values))
    general = trace_document(run_program("\n".join(s.replace(" ", "\t") for s in lines), values))
    assert fast == general


@pytest.mark.parametrize(
    ("text", "line", "column", "words"),
    [
        ("a = x + y\na = y + x", 2, 1, "assigned twice (first on line 1)"),
        ("a = b + c\nb = a + c", 2, 1, "b is used (line 1, column 5)"),
        ("pi = x + y", 1, 1, "constant"),
        ("a = x + y\nb = a + é", 2, 9, "U+00E9"),
        ("a = x + y\nb = a * z\nc = b / \nd = c - a", 3, 7, "value is missing"),
        # A syntax error anywhere wins over an earlier name error, as parse-then-build did.
        ("a = x + y\na = x * y\nb = a +", 3, 7, "value is missing"),
    ],
)
def test_errors_on_fast_path_lines_are_located(text, line, column, words):
    with pytest.raises(ChainruleError) as caught:
        run_program(text, {"x": 1, "y": 2, "z": 3, "c": 4})
    assert (caught.value.line, caught.value.column) == (line, column)
    assert words in caught.value.message


def test_the_lazy_response_is_a_full_trace_response():
    expression, values = "q = x + y\nf = q * z", {"x": -2, "y": 5, "z": -4}
    eager = TraceResponse.model_validate(trace_document(run_program(expression, values)))
    lazy = chainrule.trace(expression, values)
    assert isinstance(lazy, TraceResponse)
    assert lazy == eager and eager == chainrule.trace(expression, values)
    assert chainrule.trace(expression, values).model_dump() == eager.model_dump()
    assert chainrule.trace(expression, values).model_dump_json() == eager.model_dump_json()
    assert pickle.loads(pickle.dumps(chainrule.trace(expression, values))) == eager
    assert dict(chainrule.trace(expression, values)) == dict(eager)
    assert chainrule.trace(expression, values).gradients == {"x": -4.0, "y": -4.0, "z": 3.0}
    assert "gradients" in repr(chainrule.trace(expression, values))
